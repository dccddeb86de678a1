package agreementui

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/async"
)

type panelHarness struct {
	p      *Panel
	w      fyne.Window
	asked  []string // queries handed to Query
	tagged []string // tags OnTag was called with
	opts   []agreement.Options
}

func newPanel(t *testing.T, ws *annotate.Workspace, queryResult []string) *panelHarness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &panelHarness{}
	h.p = NewPanel(Deps{WS: ws, Async: async.Inline(), Colours: NewCoderColours(a.Preferences(), ws.Dir()),
		Query: func(q string) ([]string, error) {
			h.asked = append(h.asked, q)
			return queryResult, nil
		},
		OnTag: func(tagID string, opts agreement.Options) {
			h.tagged = append(h.tagged, tagID)
			h.opts = append(h.opts, opts)
		}})
	h.w = test.NewTempWindow(t, h.p.Object())
	h.p.d.Window = h.w
	h.w.Resize(fyne.NewSize(1000, 700))
	return h
}

// coderChecks are the coder picker's ticks by coder name.
func (h *panelHarness) coderChecks() map[string]*widget.Check {
	out := map[string]*widget.Check{}
	for _, o := range h.p.coderBox.Objects {
		for _, x := range o.(*fyne.Container).Objects {
			if c, ok := x.(*widget.Check); ok {
				out[strings.SplitN(c.Text, " ·", 2)[0]] = c
			}
		}
	}
	return out
}

func TestPanelComputesAndPicks(t *testing.T) {
	f, a, _ := threeCoders(t)
	h := newPanel(t, f.ws, []string{})
	h.p.Refresh("")
	rep := h.p.Report()
	if rep == nil || !slices.Equal(rep.Coders, []string{"alice", "bob", "carol"}) || rep.Unit != agreement.Sentence {
		t.Fatalf("report %+v", rep)
	}
	if s := h.p.Summary(); s != "Sentences of 2 coded articles · every article · 3 coders" {
		t.Errorf("summary %q", s)
	}
	if !strings.Contains(h.p.scope, "alice (2 articles)") {
		t.Errorf("scope of the PNG %q", h.p.scope)
	}
	if h.p.progress.Visible() {
		t.Error("the progress bar stays after computing")
	}
	// The picker lists every coder, ticked; unticking carol compares alice and bob, with
	// Cohen's kappa.
	checks := h.coderChecks()
	if len(checks) != 3 || !checks["alice"].Checked || !checks["carol"].Checked {
		t.Fatalf("coder picker %v", checks)
	}
	checks["carol"].SetChecked(false)
	if rep = h.p.Report(); !slices.Equal(rep.Coders, []string{"alice", "bob"}) || rep.Overall.CohenKappa.V == nil {
		t.Fatalf("after unticking carol: %v, cohen %v", rep.Coders, rep.Overall.CohenKappa)
	}
	// One coder left: nothing to compare, said in words.
	h.coderChecks()["bob"].SetChecked(false)
	if !strings.Contains(h.p.Summary(), "two coders or more") {
		t.Errorf("one coder: %q", h.p.Summary())
	}
	h.coderChecks()["bob"].SetChecked(true)
	// Unit and rollup reach the computation.
	h.p.unit.SetSelectedIndex(2)
	h.p.rollup.SetChecked(true)
	if rep = h.p.Report(); rep.Unit != agreement.Article || !rep.Rollup {
		t.Errorf("unit %s rollup %v", rep.Unit, rep.Rollup)
	}
	// A click on a tag row opens its disagreements with the options shown.
	var row int = -1
	for i, r := range h.p.table.rows {
		if r.name == "Energy attacks" {
			row = i
		}
	}
	if row < 0 {
		t.Fatal("no Energy attacks row")
	}
	y := float32(row+1)*rowHeight() + rowHeight()/2
	test.Tap(h.p.table) // the header: nothing
	h.p.table.Tapped(&fyne.PointEvent{Position: fyne.NewPos(20, y)})
	if len(h.tagged) != 1 || h.tagged[0] != f.tag("Energy attacks") || h.opts[0].Unit != agreement.Article ||
		!h.opts[0].Rollup || !slices.Equal(h.opts[0].Coders, []string{"alice", "bob"}) {
		t.Errorf("OnTag %v %+v", h.tagged, h.opts)
	}
	// The overall row answers no click.
	h.p.table.Tapped(&fyne.PointEvent{Position: fyne.NewPos(20, float32(len(h.p.table.rows))*rowHeight()+rowHeight()/2)})
	if len(h.tagged) != 1 {
		t.Errorf("the overall row opened %v", h.tagged)
	}
	// The Overview's query selects the articles holding what it finds.
	h2 := newPanel(t, f.ws, []string{f.code("alice", a, "Engineers restored it", "Energy attacks").ID})
	h2.p.Refresh("tag:energy")
	if !slices.Equal(h2.asked, []string{"tag:energy"}) || h2.p.Report().Articles != 1 || h2.p.query.Text != "tag:energy" {
		t.Errorf("query: asked %v, %d articles, entry %q", h2.asked, h2.p.Report().Articles, h2.p.query.Text)
	}
	if !strings.Contains(h2.p.Summary(), "matching “tag:energy”") {
		t.Errorf("summary with a query %q", h2.p.Summary())
	}
	// The analyst's own query stays until the Overview's changes.
	h2.p.query.SetText("")
	h2.p.Refresh("tag:energy")
	if h2.p.query.Text != "" || h2.p.Report().Articles != 2 {
		t.Errorf("own query replaced: %q, %d articles", h2.p.query.Text, h2.p.Report().Articles)
	}
}

func TestPanelConsensusAndLoneCoder(t *testing.T) {
	f := newFixture(t)
	a := f.article("Grid", energyText)
	f.code("alice", a, "Drones struck", "Energy attacks")
	h := newPanel(t, f.ws, nil)
	h.p.Refresh("")
	if s := h.p.notes.Text; !strings.Contains(s, "Only alice has coded") || h.p.consensus.Disabled() == false || h.p.table.Rows() != 0 {
		t.Errorf("one coder: %q, consensus enabled %v, %d rows", s, !h.p.consensus.Disabled(), h.p.table.Rows())
	}
	f.code("bob", a, "Power was cut", "Energy attacks")
	d, err := agreement.ListDisagreements(f.ws, agreement.Options{}, f.tag("Energy attacks"))
	if err != nil {
		t.Fatal(err)
	}
	u := d.Units[0]
	if _, _, err := agreement.AcceptVersion(f.ws, agreement.AcceptRequest{ArticleID: a, Start: u.Start, End: u.End, TagID: d.TagID, Coder: "alice"}); err != nil {
		t.Fatal(err)
	}
	h.p.Refresh("")
	if h.p.consensus.Disabled() || len(h.coderChecks()) != 2 {
		t.Fatalf("consensus toggle disabled %v, picker %v", h.p.consensus.Disabled(), h.coderChecks())
	}
	if rep := h.p.Report(); slices.Contains(rep.Coders, annotate.ConsensusAuthor) {
		t.Errorf("consensus compared unasked: %v", rep.Coders)
	}
	h.p.consensus.SetChecked(true)
	if rep := h.p.Report(); !slices.Equal(rep.Coders, []string{"alice", "bob", annotate.ConsensusAuthor}) {
		t.Errorf("with consensus: %v", rep.Coders)
	}
	// With chosen coders too.
	h.coderChecks()["bob"].SetChecked(false)
	h.coderChecks()["bob"].SetChecked(true)
	if rep := h.p.Report(); !slices.Equal(rep.Coders, []string{"alice", "bob", annotate.ConsensusAuthor}) {
		t.Errorf("chosen coders with consensus: %v", rep.Coders)
	}
}

func TestPanelSaves(t *testing.T) {
	f, _, _ := threeCoders(t)
	h := newPanel(t, f.ws, nil)
	var buf bytes.Buffer
	if err := h.p.WriteCSV(&buf); err == nil {
		t.Error("CSV before anything was computed")
	}
	h.p.Refresh("")
	buf.Reset()
	if err := h.p.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil || !slices.Equal(records[0], agreement.CSVHeader) || records[len(records)-1][0] != "overall" {
		t.Fatalf("CSV %v %v", records, err)
	}
	buf.Reset()
	if err := h.p.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// As wide as the table (at least 720 px), as tall as title, table, legend and notes.
	b := img.Bounds()
	if b.Dx() < 720 || float32(b.Dy()) < float32(h.p.table.Rows()+1)*rowHeight()+60 {
		t.Errorf("PNG %v for %d rows", b, h.p.table.Rows())
	}
}

// The table explains what is under the pointer and marks the row a click would open.
func TestTableHover(t *testing.T) {
	f, _, _ := threeCoders(t)
	h := newPanel(t, f.ws, nil)
	h.p.Refresh("")
	tb := h.p.table
	tb.Resize(tb.MinSize())
	var x float32
	for c := 0; c < colAlpha; c++ {
		x += tb.widths[c]
	}
	tb.MouseMoved(mouseAt(x+4, rowHeight()/2))
	if !strings.Contains(h.p.hover.Text, "Krippendorff's alpha") {
		t.Errorf("header tip %q", h.p.hover.Text)
	}
	tb.MouseMoved(mouseAt(x+4, rowHeight()*1.5))
	if tb.hovered != 0 || !strings.HasPrefix(h.p.hover.Text, "α = ") && !strings.Contains(h.p.hover.Text, "undefined") {
		t.Errorf("cell tip %q, hovered %d", h.p.hover.Text, tb.hovered)
	}
	tb.MouseOut()
	if h.p.hover.Text != "" || tb.hovered != -1 {
		t.Errorf("after leaving: %q %d", h.p.hover.Text, tb.hovered)
	}
}

func mouseAt(x, y float32) *desktop.MouseEvent {
	return &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}}
}

// The tab fits beside the side panels of a 768 px wide window (its rows wrap instead)
// and asks for little height (it scrolls), even before it was ever laid out.
func TestPanelIsNarrow(t *testing.T) {
	f, _, _ := threeCoders(t)
	test.NewTempApp(t)
	p := NewPanel(Deps{WS: f.ws, Async: async.Inline()})
	p.Refresh("")
	if s := p.Object().MinSize(); s.Width > 320 || s.Height > 200 {
		t.Errorf("the Agreement tab needs %v", s)
	}
	if w := Legend().MinSize().Width; w > 320 {
		t.Errorf("the legend needs %v px", w)
	}
}
