package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Hovering a highlight shows its tags, note, author and date; leaving it hides the tip.
func TestHoverTipOfAHighlight(t *testing.T) {
	wb := newTestWorkbench(t)
	var noted = -1
	for i, a := range wb.annotations {
		if a.Note != "" && a.State != "orphaned" {
			noted = i
			break
		}
	}
	if noted < 0 {
		openByTitle(t, wb, "Overnight")
		for i, a := range wb.annotations {
			if a.Note != "" {
				noted = i
			}
		}
	}
	if noted < 0 {
		t.Fatal("no sample annotation has a note")
	}
	a := wb.annotations[noted]
	r := wb.Reader()
	r.Reveal(a.Start)
	p := r.PositionOf(a.Start + 1)
	r.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p, AbsolutePosition: p}})
	tip := wb.tips.Text()
	for _, want := range []string{wb.tagNames(a.TagIDs), a.Note[:10], a.Author, a.Created.Local().Format("2 Jan 2006")} {
		if !strings.Contains(tip, want) {
			t.Errorf("tip %q lacks %q", tip, want)
		}
	}
	r.MouseOut()
	if wb.tips.Text() != "" {
		t.Errorf("the tip stayed after the pointer left: %q", wb.tips.Text())
	}
}
