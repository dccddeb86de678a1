package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Plain texts imported without a source or date are described right after the import:
// what the text says is filled in, the rest is asked, and Save is one undo step.
func TestDescribeImportedTexts(t *testing.T) {
	wb := newTestWorkbench(t)
	dir := t.TempDir()
	files := map[string]string{
		"wire.txt":  "KYIV, Nov 24, 2025 (Reuters) - Drones struck the grid overnight.",
		"plain.txt": "Repairs went on through the night in the eastern districts.",
		"notes.md":  "# Field notes\n\nSource: Desk notes\n\nShelling near the port.",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := importSources(context.Background(), wb.ws, []string{dir}, nil)
	if rep.Imported != 3 {
		t.Fatalf("imported %d: %v", rep.Imported, rep.Errors)
	}
	wb.finishImport(rep)
	var entries []*widget.Entry
	searchOverlay(t, wb, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
		return false
	})
	// source and date for each of the three texts, and "one source for all"
	if len(entries) != 7 {
		t.Fatalf("%d entries in the dialog, want 7", len(entries))
	}
	entries = entries[:6]
	found := map[string]string{}
	for i := 0; i < 6; i += 2 {
		found[entries[i].Text] = entries[i+1].Text
	}
	if found["Reuters"] != "2025-11-24" || found["Desk notes"] != "" {
		t.Fatalf("detected %v", found)
	}
	for i := 0; i < 6; i += 2 {
		if entries[i].Text == "" {
			entries[i].SetText("Field desk")
			entries[i+1].SetText("2025-11-20")
		}
	}
	test.Tap(findInOverlay(t, wb, button("Save")).(*widget.Button))
	day := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	undated := 0
	for _, id := range rep.NewIDs {
		a, _ := wb.ws.Article(id)
		if a.Source == "" {
			t.Errorf("%q has no source", a.Title)
		}
		if a.Published.IsZero() {
			undated++
		}
		if a.Source == "Field desk" && !a.Published.Equal(day) {
			t.Errorf("%q published %v", a.Title, a.Published)
		}
	}
	if undated != 1 { // the Markdown notes named a source but no date; left undated
		t.Errorf("%d undated articles, want 1", undated)
	}
	wb.Undo()
	for _, id := range rep.NewIDs {
		if a, _ := wb.ws.Article(id); a.Source == "Field desk" {
			t.Fatal("undo did not take the description back in one step")
		}
	}
}
