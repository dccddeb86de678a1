package agreementui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/async"
)

type browserHarness struct {
	b        *Browser
	shown    [][3]any // ShowPassage calls: article, start, end
	accepted []agreement.AcceptRequest
	titles   []string
	backs    int
}

func newBrowser(t *testing.T, ws *annotate.Workspace) *browserHarness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &browserHarness{}
	h.b = NewBrowser(BrowserDeps{WS: ws, Async: async.Inline(), Colours: NewCoderColours(a.Preferences(), ws.Dir()),
		ShowPassage: func(id string, s, e int) { h.shown = append(h.shown, [3]any{id, s, e}) },
		Accept: func(req agreement.AcceptRequest) {
			h.accepted = append(h.accepted, req)
			if _, _, err := agreement.AcceptVersion(ws, req); err != nil {
				t.Fatal(err)
			}
		},
		OnTitle: func(s string) { h.titles = append(h.titles, s) },
		Back:    func() { h.backs++ }})
	w := test.NewTempWindow(t, h.b.Object())
	w.Resize(fyne.NewSize(1000, 800))
	return h
}

func (h *browserHarness) button(t *testing.T, card int, prefix string) *widget.Button {
	t.Helper()
	for _, b := range buttons(h.b.cards.Objects[card]) {
		if strings.HasPrefix(b.Text, prefix) {
			return b
		}
	}
	t.Fatalf("card %d has no button %q: %v", card, prefix, labels(h.b.cards.Objects[card]))
	return nil
}

func TestBrowserListsVersionsSideBySide(t *testing.T) {
	f, a, _ := threeCoders(t)
	h := newBrowser(t, f.ws)
	energy := f.tag("Energy attacks")
	h.b.Open(energy, agreement.Options{})
	d := h.b.Disagreements()
	if d == nil || len(d.Units) != 2 || len(h.b.cards.Objects) != 2 {
		t.Fatalf("listed %+v, %d cards", d, len(h.b.cards.Objects))
	}
	if len(h.titles) != 1 || h.titles[0] != "Disagreements: Energy attacks" {
		t.Errorf("titles %v", h.titles)
	}
	if got := h.b.title.Text; got != "Disagreements on ‘Military developments / Energy attacks’" {
		t.Errorf("title %q", got)
	}
	if s := h.b.subtitle.Text; !strings.HasPrefix(s, "2 sentences where alice, bob and carol differ") {
		t.Errorf("subtitle %q", s)
	}
	// Card 1: "Power was cut…": alice tagged it, bob and carol did not.
	card := labels(h.b.cards.Objects[0])
	for _, want := range []string{"Sentence at 33–64 · Grid", "alice", "tagged it", "bob", "did not tag it", "carol",
		"Accept this version", "Consensus: none yet in this article."} {
		if !contains(card, want) {
			t.Errorf("card 1 lacks %q: %q", want, card)
		}
	}
	// Each coder's column draws the unit with that coder's highlights in their colour.
	cols := colourBook(h.b.d.Colours).Of([]string{"alice", "bob", "carol"})
	passages := passagesUnder(h.b.cards.Objects[0])
	if len(passages) != 3 {
		t.Fatalf("%d passages", len(passages))
	}
	if string(passages[0].text) != "Power was cut to 400,000 homes." || len(passages[0].bands) != 1 ||
		passages[0].bands[0].Start != 0 || passages[0].bands[0].End != len("Power was cut") || passages[0].bands[0].Colors[0] != cols["alice"] {
		t.Errorf("alice's passage %q %+v", string(passages[0].text), passages[0].bands)
	}
	if len(passages[1].bands) != 0 || len(passages[2].bands) != 0 {
		t.Errorf("bob's and carol's passages have bands: %+v %+v", passages[1].bands, passages[2].bands)
	}
	// A click on a passage, or the button, shows the unit in the reader.
	test.Tap(passages[1])
	h.button(t, 0, "Show in reader").OnTapped()
	if len(h.shown) != 2 || h.shown[0] != [3]any{a, 33, 64} || h.shown[1] != h.shown[0] {
		t.Errorf("shown %v", h.shown)
	}
	// Accepting bob's "nothing here" writes nothing; accepting alice's version writes a
	// consensus annotation and the card says so after a refresh.
	h.accept(t, 0, "alice").OnTapped()
	if len(h.accepted) != 1 || h.accepted[0] != (agreement.AcceptRequest{ArticleID: a, Start: 33, End: 64, TagID: energy, Coder: "alice"}) {
		t.Fatalf("accepted %+v", h.accepted)
	}
	h.b.Refresh()
	card = labels(h.b.cards.Objects[0])
	if !contains(card, "Consensus: alice's version.") {
		t.Errorf("after accepting: %q", card)
	}
	if b := h.accept(t, 0, "alice"); !b.Disabled() || b.Text != "The consensus" {
		t.Errorf("alice's button after accepting: %q, disabled %v", b.Text, b.Disabled())
	}
	if b := h.accept(t, 0, "bob"); b.Disabled() || b.Text != "Accept this version" {
		t.Errorf("bob's button after accepting alice's: %q, disabled %v", b.Text, b.Disabled())
	}
	// On the other unit the consensus has nothing: no decision to show on anyone's button.
	if card := labels(h.b.cards.Objects[1]); !contains(card, "Consensus: no highlight here.") {
		t.Errorf("second card %q", card)
	}
	if b := h.accept(t, 1, "alice"); b.Disabled() || b.Text != "Accept this version" {
		t.Errorf("alice's empty version shown as the consensus: %q", b.Text)
	}
	// The consensus is no coder here: the same two units are listed.
	if len(h.b.Disagreements().Units) != 2 {
		t.Errorf("%d units after accepting", len(h.b.Disagreements().Units))
	}
	// Back to the table.
	h.button(t, 0, "Show in reader") // still there
	for _, b := range buttons(h.b.root) {
		if b.Text == "Agreement table" {
			b.OnTapped()
		}
	}
	if h.backs != 1 {
		t.Errorf("back pressed %d times", h.backs)
	}
}

// accept is the accept button of coder's column on a card (nil: the column has none).
func (h *browserHarness) accept(t *testing.T, card int, coder string) *widget.Button {
	t.Helper()
	grid := h.b.cards.Objects[card].(*fyne.Container).Objects[1].(*fyne.Container)
	for _, col := range grid.Objects {
		if ls := labels(col); len(ls) > 0 && ls[0] == coder {
			if bs := buttons(col); len(bs) == 1 {
				return bs[0]
			}
			return nil
		}
	}
	t.Fatalf("card %d has no column for %s", card, coder)
	return nil
}

// passagesUnder lists the passages under o.
func passagesUnder(o fyne.CanvasObject) []*passage {
	var out []*passage
	walk(o, func(o fyne.CanvasObject) {
		if p, ok := o.(*passage); ok {
			out = append(out, p)
		}
	})
	return out
}

func TestBrowserCharactersAndMissingCoder(t *testing.T) {
	f, a, _ := threeCoders(t)
	extra := f.article("Only alice and bob", "Nothing here for carol. Bob sees a strike.")
	f.code("bob", extra, "a strike", "Energy attacks")
	f.code("alice", extra, "Nothing here", "Diplomacy")
	h := newBrowser(t, f.ws)
	h.b.Open(f.tag("Energy attacks"), agreement.Options{Unit: agreement.Character})
	d := h.b.Disagreements()
	var found bool
	for i, u := range d.Units {
		if u.ArticleID != extra {
			continue
		}
		found = true
		card := labels(h.b.cards.Objects[i])
		if !contains(card, "did not code this article") || h.accept(t, i, "carol") != nil {
			t.Errorf("carol did not code the article: %q", card)
		}
		// A run of characters shows its sentence, the run's coder band inside it.
		ps := passagesUnder(h.b.cards.Objects[i])
		if len(ps) != 2 || string(ps[1].text) != "… Bob sees a strike." || len(ps[1].bands) != 1 ||
			string(ps[1].text[ps[1].bands[0].Start:ps[1].bands[0].End]) != "a strike" {
			t.Errorf("character card passages %d: %q %+v", len(ps), string(ps[len(ps)-1].text), ps[len(ps)-1].bands)
		}
	}
	if !found {
		t.Fatalf("no unit in the article carol did not code: %+v", d.Units)
	}
	_ = a
}

func TestBrowserPages(t *testing.T) {
	f := newFixture(t)
	var sentences []string
	for i := 0; i < pageSize+5; i++ {
		sentences = append(sentences, fmt.Sprintf("Strike number %d hit the grid.", i))
	}
	a := f.article("Many", strings.Join(sentences, " "))
	f.code("bob", a, "Strike number 0 hit", "Diplomacy") // bob coded the article
	for i := 0; i < pageSize+5; i++ {
		f.code("alice", a, fmt.Sprintf("Strike number %d hit", i), "Energy attacks")
	}
	h := newBrowser(t, f.ws)
	h.b.Open(f.tag("Energy attacks"), agreement.Options{})
	if len(h.b.cards.Objects) != pageSize || !h.b.more.Visible() || h.b.more.Text != "Show 5 more (5 not shown)" {
		t.Fatalf("%d cards, more %q visible %v", len(h.b.cards.Objects), h.b.more.Text, h.b.more.Visible())
	}
	test.Tap(h.b.more)
	if len(h.b.cards.Objects) != pageSize+5 || h.b.more.Visible() {
		t.Errorf("after more: %d cards, more visible %v", len(h.b.cards.Objects), h.b.more.Visible())
	}
	// A refresh keeps what is laid out.
	h.b.Refresh()
	if len(h.b.cards.Objects) != pageSize+5 {
		t.Errorf("refresh dropped cards: %d", len(h.b.cards.Objects))
	}
}

func TestBrowserAgreedTag(t *testing.T) {
	f, _, _ := threeCoders(t)
	h := newBrowser(t, f.ws)
	h.b.Open(f.tag("Security guarantees"), agreement.Options{Coders: []string{"alice", "bob"}})
	if len(h.b.cards.Objects) != 0 || !strings.HasPrefix(h.b.subtitle.Text, "The coders (alice and bob) agree on every one of their sentences") {
		t.Errorf("agreed: %d cards, %q", len(h.b.cards.Objects), h.b.subtitle.Text)
	}
}
