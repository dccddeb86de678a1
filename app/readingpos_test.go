package app

import (
	"strings"
	"testing"
)

// Leaving a long article and coming back opens it where it was left; so does the next
// session (the positions are in the app's preferences).
func TestReadingPositionPerArticle(t *testing.T) {
	wb := newTestWorkbench(t)
	text := strings.Repeat("Drone debris fell on a residential block in the north of the city. ", 400)
	res, err := wb.ws.ImportText("Long report", "Desk", text)
	if err != nil {
		t.Fatal(err)
	}
	long := res.Article.ID
	other := wb.current.ID
	wb.reloadLibrary()
	wb.OpenArticle(long)
	r := wb.Reader()
	r.ScrollToOffset(len(r.Text()) / 2)
	left := r.TopOffset()
	if left == 0 {
		t.Fatal("the reader did not scroll")
	}
	wb.OpenArticle(other)
	if r.TopOffset() == left {
		t.Fatal("the other article opened at the long one's position")
	}
	wb.OpenArticle(long)
	if got := r.TopOffset(); got != left {
		t.Fatalf("back in the long article at %d, left it at %d", got, left)
	}
	// A new window on the same app (the next session) reads the position back.
	rp := loadReadingPositions(wb.app.Preferences())
	if off, ok := rp.get(long); !ok || off != left {
		t.Fatalf("stored position %d %v, want %d", off, ok, left)
	}
	for i := 0; i < readingKeep+5; i++ {
		rp.remember(strings.Repeat("x", i+1), 10)
	}
	if _, ok := rp.get(long); ok || len(rp.At) != readingKeep {
		t.Fatalf("the oldest positions are not dropped: %d kept", len(rp.At))
	}
}
