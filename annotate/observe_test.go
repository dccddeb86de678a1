package annotate

import (
	"strings"
	"testing"
)

// Observers hear every committed change, undo and redo included, in order, with its
// Result; "Nothing changed" and refused commands are not changes; a removed observer
// hears nothing more.
func TestObserversHearEveryCommittedChange(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Grid", "Strikes hit the grid overnight.")
	var heard []Result
	remove := ws.Observe(func(r Result) { heard = append(heard, r) })
	var second int
	ws.Observe(func(Result) { second++ })
	a := annotateQuote(t, ws, art.ID, "grid", "Energy attacks")
	if _, err := ws.SetAnnotationNote(a.ID, ""); err != nil { // nothing changes
		t.Fatal(err)
	}
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 5, End: 2}); err == nil {
		t.Fatal("a backwards span was accepted")
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for i, r := range heard {
		labels = append(labels, r.Label)
		if i > 0 && r.Revision != heard[i-1].Revision+1 {
			t.Errorf("revisions %d then %d", heard[i-1].Revision, r.Revision)
		}
	}
	if len(heard) != 3 || !strings.HasPrefix(labels[1], "Undid") || !strings.HasPrefix(labels[2], "Redid") ||
		len(heard[0].Changes.Annotations) != 1 || heard[0].Changes.Annotations[0] != a.ID {
		t.Fatalf("heard %q", labels)
	}
	if heard[2].Revision != ws.Revision() {
		t.Errorf("last heard revision %d, store at %d", heard[2].Revision, ws.Revision())
	}
	remove()
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(heard) != 3 || second != 4 {
		t.Fatalf("after remove: first heard %d, second %d (want 3 and 4)", len(heard), second)
	}
}
