package app

import (
	"os"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
)

// An index that breaks while the window is open (here: its folder vanishes) never loses
// the change, says so in the status bar, and is rebuilt in the background.
func TestIndexBreakingWhileOpenIsReportedAndRepaired(t *testing.T) {
	// The repair posts to the window from its own goroutine: a serial app runs that in
	// turn with what the test does inside onUI.
	wb := newTestWorkbenchOn(t, newSerialApp(t))
	// The test writes to the workspace itself; the window following such a change (its
	// label in the status bar) may come after the repair's message, which is what the
	// test reads. Following outside changes is tested in serving_test.go.
	wb.unobserve()
	art := openByTitle(t, wb, "Overnight strikes")
	start, end, err := wb.ws.FindQuote(art.ID, "points of invincibility", 1)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := wb.ws.Codebook()
	tag, _ := cb.Resolve("Civilians & humanitarian")
	if err := os.RemoveAll(wb.ws.IndexDir()); err != nil {
		t.Fatal(err)
	}
	ann, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{tag.ID}})
	if err != nil {
		t.Fatalf("the command must succeed whatever the index does: %v", err)
	}
	// The write to the vanished folder fails: the index marks itself damaged, the status
	// bar says so, and a background rebuild makes the annotation searchable.
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := wb.Search(search.Request{Query: `"points of invincibility"`, Limit: 5})
		if err == nil && len(res.Hits) == 1 && res.Hits[0].ID == ann.ID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the annotation never became searchable again: %v %+v", err, res)
		}
		time.Sleep(50 * time.Millisecond)
	}
	onUI(wb.stop)
	wb.Shutdown(time.Minute) // closing the index waits for its repair to finish
	var msg string
	onUI(func() { msg = wb.status.message.Text })
	if msg != "Search index rebuilt" {
		t.Fatalf("the status bar must tell that search was rebuilt, got %q", msg)
	}
	if got, _ := wb.ws.Annotation(ann.ID); got.ID != ann.ID {
		t.Fatal("the annotation is not in the store")
	}
}
