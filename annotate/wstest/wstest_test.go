package wstest

import (
	"testing"

	"gloss.app/gloss/annotate"
)

func TestOpenClosedAndClear(t *testing.T) {
	dir := t.TempDir()
	t.Run("open", func(t *testing.T) {
		ws := OpenAt(t, dir)
		if err := ws.AddSamples(); err != nil {
			t.Fatal(err)
		}
		ClearCodebook(t, ws)
	})
	// Closed when the subtest ended: it opens again.
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatalf("the workspace was not closed at the end of its test: %v", err)
	}
	if cb, _ := ws.Codebook(); cb.Len() != 0 {
		t.Errorf("%d tags after ClearCodebook", cb.Len())
	}
	ws.Close()
	if arts, _ := WithSamples(t).Counts(); arts == 0 {
		t.Fatal("no sample articles")
	}

	closed := Closed(t, func(ws *annotate.Workspace) {
		if _, err := ws.ImportText("Title", "Desk", "Some text."); err != nil {
			t.Fatal(err)
		}
	})
	ws = OpenAt(t, closed)
	if arts, _ := ws.Counts(); arts != 1 {
		t.Fatalf("%d articles in the closed workspace, want 1", arts)
	}
}
