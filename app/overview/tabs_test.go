package overview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/async"
)

// extraTab records what the Overview hands a tab of its own.
type extraTab struct {
	obj     fyne.CanvasObject
	queries []string
}

func (e *extraTab) Object() fyne.CanvasObject { return e.obj }
func (e *extraTab) Refresh(q string)          { e.queries = append(e.queries, q) }

func TestOverviewTabOfItsOwn(t *testing.T) {
	ws, _ := workspace(t)
	test.NewTempApp(t)
	extra := &extraTab{obj: widget.NewLabel("agreement")}
	v := New(Deps{WS: ws, Async: async.Inline(), Tabs: []Tab{{Title: "Agreement", Content: extra}}})
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(900, 600))
	v.Refresh("tag:x")
	if len(extra.queries) != 0 {
		t.Errorf("a tab behind the charts was refreshed: %v", extra.queries)
	}
	if !v.SelectTab("Agreement") || v.header.Visible() || v.hover.Visible() {
		t.Fatalf("selecting the tab: header visible %v", v.header.Visible())
	}
	v.Refresh("tag:y")
	if !slices.Equal(extra.queries, []string{"tag:x", "tag:y"}) {
		t.Errorf("the tab was handed %v", extra.queries)
	}
	// The charts are not counted behind the tab, but as soon as they come to the front.
	before := v.Report() // nil: "tag:x" could not be searched (no Query)
	v.Refresh("")
	if v.Report() != before {
		t.Error("the charts were counted behind the tab")
	}
	if !v.SelectTab("Timeline") || !v.header.Visible() {
		t.Error("the charts' options stay hidden")
	}
	if v.Report() == before || v.currentQuery() != "" {
		t.Errorf("the charts were not counted on coming to the front (query %q)", v.currentQuery())
	}
	if v.SelectTab("No such tab") {
		t.Error("selected a tab that is not there")
	}
}
