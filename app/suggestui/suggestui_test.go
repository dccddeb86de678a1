package suggestui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/suggest"
)

func item(start int, tag string, hotkey int) Item {
	return Item{
		Suggestion: suggest.Suggestion{ArticleID: "a", Start: start, End: start + 40, TagID: tag, Score: 0.8,
			Exact: "Drones struck a substation near Odesa overnight.", Why: "words: “substation” +1.20",
			Features: []suggest.Feature{{Text: "substation", Weight: 1.2}},
			Nearest:  &suggest.Neighbour{AnnotationID: "n1", ArticleID: "b", ArticleTitle: "Blackouts in Kyiv", Exact: "rolling blackouts"}},
		Tag: annotate.Tag{ID: tag, Name: "Tag " + tag, Color: "#FF9F01", Hotkey: hotkey},
	}
}

func TestStatusAndPlaceholder(t *testing.T) {
	silent := []Silent{
		{Tag: annotate.Tag{Name: "Corruption"}, Why: "'Corruption' has 3 coded sentences; suggestions start at 10", Examples: 3},
		{Tag: annotate.Tag{Name: "NATO"}, Why: "suggestions are switched off for 'NATO'", Off: true},
		{Tag: annotate.Tag{Name: "Claims"}, Why: "'Claims' has 0 coded sentences; suggestions start at 10"},
	}
	tests := []struct {
		name                      string
		s                         State
		status, placeholder, link string
	}{
		{"off", State{Off: true, Silent: silent}, "switched off for this workspace", "Nothing is added until you accept", ""},
		{"no model yet", State{NoModel: true}, "Learning from your annotations", "", ""},
		{"first training failed", State{NoModel: true, Err: errors.New("disk full")}, "⚠ Suggestions could not be learnt: disk full", "", ""},
		{"no article", State{NoArticle: true}, "Open an article", "", ""},
		{"suggestions", State{Items: []Item{item(0, "x", 1), item(50, "y", 0)}, Silent: silent}, "2 suggestions · Enter or the tag's key accepts · Delete rejects", "", "3 tags silent: why?"},
		{"one suggestion", State{Items: []Item{item(0, "x", 1)}, Silent: silent[:1]}, "1 suggestion · ", "", "1 tag silent: why?"},
		{"none, tags too young", State{Silent: silent}, "", "'Corruption' has 3 coded sentences; suggestions start at 10", ""},
		{"none at all", State{}, "", "no sentence reaches its tag's cut", ""},
		{"reading failed", State{Err: errors.New("bad store")}, "⚠ bad store", "No suggestions could be shown", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			v := New(Actions{})
			w := test.NewTempWindow(t, v.Object())
			w.Resize(fyne.NewSize(340, 500))
			v.Show(tt.s)
			status, placeholder, link, _ := v.Lines()
			if tt.status == "" && status != "" || !strings.Contains(status, tt.status) {
				t.Errorf("status %q, want %q", status, tt.status)
			}
			if tt.placeholder == "" && placeholder != "" || !strings.Contains(placeholder, tt.placeholder) {
				t.Errorf("placeholder %q, want %q", placeholder, tt.placeholder)
			}
			if link != tt.link {
				t.Errorf("silent link %q, want %q", link, tt.link)
			}
			if v.OnButton().Visible() != tt.s.Off {
				t.Errorf("the switch-on button shows: %v", v.OnButton().Visible())
			}
		})
	}
}

func TestSilentLinesNameTheNearestFirst(t *testing.T) {
	tags := []Silent{
		{Why: "'A' has 2 coded sentences; suggestions start at 10", Examples: 2},
		{Why: "suggestions are switched off for 'B'", Off: true},
		{Why: "'C' has 7 coded sentences; suggestions start at 10", Examples: 7},
		{Why: "'D' has 0 coded sentences; suggestions start at 10"},
		{Why: "'E' has 0 coded sentences; suggestions start at 10"},
	}
	got := silentLines(tags, 8)
	want := "Not suggested:\n• 'C' has 7 coded sentences; suggestions start at 10\n• 'A' has 2 coded sentences; suggestions start at 10\n" +
		"• Suggestions are switched off for 'B'\n2 tags have no coded sentences yet."
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := silentLines(tags, 1); !strings.Contains(got, "… and 2 more (Tags…)") {
		t.Errorf("capped at one line: %q", got)
	}
	if silentLines(nil, 8) != "" {
		t.Error("no silent tags still says something")
	}
}

func TestKeysActOnTheSelectedRow(t *testing.T) {
	test.NewTempApp(t)
	var selected, accepted, rejected []int
	var runes []rune
	v := New(Actions{
		Select:    func(i int) { selected = append(selected, i) },
		Accept:    func(i int) { accepted = append(accepted, i) },
		Reject:    func(i int) { rejected = append(rejected, i) },
		TypedRune: func(r rune) { runes = append(runes, r) },
	})
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(340, 600))
	items := []Item{item(0, "x", 7), item(50, "y", 0), item(100, "z", 2)}
	v.Show(State{Items: items})
	key := func(k fyne.KeyName) { v.List().TypedKey(&fyne.KeyEvent{Name: k}) }

	key(fyne.KeyReturn) // nothing selected: nothing accepted
	if len(accepted) != 0 {
		t.Fatal("Enter accepted with no row selected")
	}
	v.Select(0)
	key(fyne.KeyDown)
	key(fyne.KeyDown)
	key(fyne.KeyDown) // stays on the last row
	key(fyne.KeyUp)
	if v.Selected() != 1 || len(selected) != 4 || selected[3] != 1 {
		t.Fatalf("selected %d, told %v", v.Selected(), selected)
	}
	key(fyne.KeyReturn)
	key(fyne.KeyEnter)
	key(fyne.KeyDelete)
	v.List().TypedRune('7')
	if len(accepted) != 2 || accepted[0] != 1 || len(rejected) != 1 || rejected[0] != 1 || string(runes) != "7" {
		t.Fatalf("accepted %v, rejected %v, runes %q", accepted, rejected, string(runes))
	}

	// A new state keeps the same suggestion selected without telling the window again.
	told := len(selected)
	v.Show(State{Items: []Item{items[0], item(25, "w", 0), items[1], items[2]}})
	if it, ok := v.SelectedItem(); !ok || it.Suggestion.Start != 50 || v.Selected() != 2 || len(selected) != told {
		t.Fatalf("after a refresh: row %d (%+v), told %v", v.Selected(), it.Suggestion, selected[told:])
	}
	// Gone from the new state: nothing is selected.
	v.Show(State{Items: []Item{items[0]}})
	if v.Selected() != -1 {
		t.Fatalf("row %d selected after its suggestion went", v.Selected())
	}
	v.Select(0)
	v.Unselect()
	if v.Selected() != -1 || len(selected) != told+1 {
		t.Fatalf("Unselect left row %d (told %v)", v.Selected(), selected)
	}
}

func TestRowShowsTagScoreReasonsAndNearest(t *testing.T) {
	test.NewTempApp(t)
	var opened []string
	v := New(Actions{OpenNearest: func(n suggest.Neighbour) { opened = append(opened, n.AnnotationID) }})
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(340, 600))
	it := item(0, "x", 7)
	it.Suggestion.Phrase = &suggest.PhraseMatch{Text: "substation", Coded: 3}
	v.Show(State{Items: []Item{it}})
	row := v.newRow()
	v.fill(0, row)
	p := v.parts[row]
	if p.tag.Text != "Tag x  [7]" || p.score.Text != "0.80" {
		t.Errorf("head %q %q", p.tag.Text, p.score.Text)
	}
	if !strings.Contains(p.quote.Text, "Drones struck") || !strings.Contains(p.near.Text, "“rolling blackouts” in “Blackouts in Kyiv”") {
		t.Errorf("quote %q, nearest %q", p.quote.Text, p.near.Text)
	}
	why := strings.ReplaceAll(p.why.Text, "\n", " ")
	if !strings.Contains(why, "Contains “substation”, coded 3× with this tag") || !strings.Contains(why, "“substation” +1.20") {
		t.Errorf("reasons %q", why)
	}
	p.near.OnTapped()
	if len(opened) != 1 || opened[0] != "n1" {
		t.Errorf("the nearest link opened %v", opened)
	}
	// Without a coded passage to link, the model's own sentence is the reason.
	bare := suggest.Suggestion{Why: "scored above the cut"}
	if got := Reasons(bare); got != "Why: scored above the cut" {
		t.Errorf("reasons of a bare suggestion %q", got)
	}
}

func TestSwitchesDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, fyne.NewContainer())
	w.Resize(fyne.NewSize(900, 700))
	var all []bool
	tags := map[string]bool{}
	rows := []TagRow{
		{Tag: annotate.Tag{ID: "p", Name: "Diplomacy"}, On: true, Known: true, Examples: 2, Needed: 10},
		{Tag: annotate.Tag{ID: "n", Name: "NATO", ParentID: "p"}, Depth: 1, On: false, Known: true, Examples: 16, Rejected: 2, Trained: true, Cut: 0.42, Needed: 10},
		{Tag: annotate.Tag{ID: "x", Name: "New tag"}, On: true},
	}
	s := ShowSwitches(w, true, rows, func(on bool) { all = append(all, on) }, func(id string, on bool) { tags[id] = on })
	if !s.All().Checked || !s.Tag("p").Checked || s.Tag("n").Checked || len(all) != 0 || len(tags) != 0 {
		t.Fatal("the dialog does not show the switches as they are (or told the window while opening)")
	}
	s.Tag("n").SetChecked(true)
	s.All().SetChecked(false)
	if on, ok := tags["n"]; !ok || !on || len(all) != 1 || all[0] {
		t.Fatalf("clicks told tags %v, workspace %v", tags, all)
	}
	for _, tc := range []struct {
		row  TagRow
		want string
	}{
		{rows[0], "2 coded sentences · suggestions start at 10"},
		{rows[1], "16 coded sentences · 2 rejected · suggested from score 0.42"},
		{rows[2], "not learnt yet"},
		{TagRow{Known: true, Examples: 1, Needed: 10}, "1 coded sentence · suggestions start at 10"},
	} {
		if got := tc.row.Describe(); got != tc.want {
			t.Errorf("Describe() = %q, want %q", got, tc.want)
		}
	}
	s.Dialog().Hide()
}
