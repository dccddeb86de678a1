package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/search"
)

// searchFor types q into the search panel after Ctrl+F and waits for the answer.
func searchFor(t *testing.T, wb *Workbench, q string) {
	t.Helper()
	wb.MenuItem("Find…").Action()
	if wb.leftTabs.Selected() != wb.searchTab {
		t.Fatal("Ctrl+F did not show the search panel")
	}
	if wb.win.Canvas().Focused() == nil {
		t.Fatal("Ctrl+F focused nothing")
	}
	wb.searchView.Flush()
	test.Type(wb.win.Canvas().Focused(), q) // Ctrl+F selected the old query: typing replaces it
	wb.searchView.Flush()
	if wb.searchView.Query() != q {
		t.Fatalf("typing after Ctrl+F went elsewhere: the box holds %q", wb.searchView.Query())
	}
	if p := wb.searchView.Problem(); p != "" {
		t.Fatalf("search %q: %s", q, p)
	}
}

func TestSearchOpensAnnotationPassage(t *testing.T) {
	wb := newTestWorkbench(t)
	openByTitle(t, wb, "Антикоруп") // start elsewhere: the hit must switch articles
	searchFor(t, wb, "consultation")
	hits := wb.searchView.Hits()
	if len(hits) == 0 || hits[0].Kind != search.KindAnnotation {
		t.Fatalf("first hit %+v", hits)
	}
	wb.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h := hits[0]
	if wb.current.ID != h.ArticleID || !strings.Contains(wb.current.Title, "security guarantees") {
		t.Fatalf("Enter opened %q", wb.current.Title)
	}
	if wb.editor.ID() != h.ID {
		t.Fatalf("editor shows %q, want the hit %q", wb.editor.ID(), h.ID)
	}
	// The passage is on screen: the reader scrolled so that its line is visible.
	assertVisible(t, wb, h.Start)
	if !strings.Contains(strings.ToLower(string(wb.reader.Text()[h.Start:h.End])), "consultation") {
		t.Fatalf("span %d..%d is not the passage", h.Start, h.End)
	}
}

func TestSearchOpensArticleHitAtTheWords(t *testing.T) {
	wb := newTestWorkbench(t)
	// Words deep in an article that no annotation holds.
	art := openByTitle(t, wb, "heating")
	word := "generators"
	if !strings.Contains(art.Text, word) {
		t.Fatalf("sample text lacks %q", word)
	}
	openByTitle(t, wb, "Антикоруп")
	wb.reader.ScrollTo(0)
	searchFor(t, wb, "is:article "+word)
	hits := wb.searchView.Hits()
	if len(hits) != 1 || hits[0].Kind != search.KindArticle {
		t.Fatalf("hits %+v", hits)
	}
	wb.searchView.OpenSelected()
	if wb.current.ID != art.ID {
		t.Fatalf("opened %q", wb.current.Title)
	}
	s, e := wb.reader.Selection()
	if got := string(wb.reader.Text()[s:e]); got != word {
		t.Fatalf("selection %d..%d is %q", s, e, got)
	}
	assertVisible(t, wb, s)
}

// A change through the command layer is found at once, and the shown results follow it.
func TestSearchFollowsEdits(t *testing.T) {
	wb := newTestWorkbench(t)
	openByTitle(t, wb, "heating")
	searchFor(t, wb, "note:sirens")
	if wb.searchView.Total() != 0 {
		t.Fatalf("sirens found before any note says it: %d", wb.searchView.Total())
	}
	id := wb.annotations[0].ID
	res, err := wb.ws.SetAnnotationNote(id, "Air-raid sirens all night")
	wb.afterCommand(res, err)
	wb.searchView.Flush()
	if wb.searchView.Total() != 1 || wb.searchView.Hits()[0].ID != id {
		t.Fatalf("after the note: %d hits", wb.searchView.Total())
	}
	wb.Undo()
	wb.searchView.Flush()
	if wb.searchView.Total() != 0 {
		t.Fatalf("after undo: %d hits", wb.searchView.Total())
	}
}

func assertVisible(t *testing.T, wb *Workbench, offset int) {
	t.Helper()
	p := wb.reader.PositionOf(offset)
	if p.Y < 0 || p.Y > wb.reader.Size().Height {
		t.Fatalf("offset %d is at y=%v, outside the reader (height %v, scroll %v)", offset, p.Y, wb.reader.Size().Height, wb.reader.Scroll())
	}
}

// The Export button of the search panel offers the hits of its query, and only them.
func TestExportScopesFollowSearch(t *testing.T) {
	wb := newTestWorkbench(t)
	scopes, search := wb.exportScopes()
	if search != -1 || len(scopes) != 2 {
		t.Fatalf("before any search: %d scopes, search at %d", len(scopes), search)
	}
	searchFor(t, wb, `tag:"Energy attacks"`)
	scopes, search = wb.exportScopes()
	if search != 2 || !strings.Contains(scopes[search].Label, "Energy attacks") {
		t.Fatalf("scopes %+v, search at %d", scopes, search)
	}
	sel, err := scopes[search].Selection()
	if err != nil {
		t.Fatal(err)
	}
	if len(sel.AnnotationIDs) != wb.searchView.Total() || sel.Query != `tag:"Energy attacks"` {
		t.Fatalf("selection %d ids for %q, the panel shows %d", len(sel.AnnotationIDs), sel.Query, wb.searchView.Total())
	}
	searchFor(t, wb, "zzzznothing")
	scopes, search = wb.exportScopes()
	sel, _ = scopes[search].Selection()
	if sel.AnnotationIDs == nil || len(sel.AnnotationIDs) != 0 {
		t.Fatalf("a search without hits must export nothing, got %v", sel.AnnotationIDs)
	}
	for _, label := range []string{"Export…", "Import annotations…"} {
		if wb.MenuItem(label) == nil {
			t.Fatalf("no File → %s", label)
		}
	}
}
