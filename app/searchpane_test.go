package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Opening the search pane narrows the reader; the passage in the middle of the view
// stays in view.
func TestSearchPaneKeepsThePassageInView(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1360, 860))
	text := strings.Repeat("Shelling of the port district continued through the night, officials said. ", 300)
	res, err := wb.ws.ImportText("Long report", "Desk", text+"MARKER passage here. "+text)
	if err != nil {
		t.Fatal(err)
	}
	wb.reloadLibrary()
	wb.OpenArticle(res.Article.ID)
	r := wb.Reader()
	marker := len([]rune(text))
	r.Reveal(marker)
	before := r.PositionOf(marker)
	if before.Y < 0 || before.Y > r.Size().Height {
		t.Fatalf("the marker is not in view before: %v", before)
	}
	wb.focusSearch()
	after := r.PositionOf(marker)
	if after.Y < 0 || after.Y > r.Size().Height {
		t.Fatalf("opening search moved the passage out of view: y %v in a %v px reader", after.Y, r.Size().Height)
	}
	if d := after.Y - before.Y; d > 60 || d < -60 {
		t.Errorf("the passage moved %v px", d)
	}
}

// At 800×600 the search box keeps at least 200 px.
func TestSearchBoxWidthAt800x600(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(800, 600))
	wb.focusSearch()
	if w := wb.searchView.Entry().Size().Width; w < 200 {
		t.Fatalf("the search box is %v px wide at 800×600", w)
	}
	if h := wb.status.box.Size().Height; h > 2*wb.status.message.MinSize().Height {
		t.Errorf("the status bar is %v px high: more than one line", h)
	}
}
