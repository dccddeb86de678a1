package reader

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Modifier state comes from each mouse event: Shift pressed while the reader had the
// keyboard and released while a dialog had it leaves no trace on the next click.
func TestMouseModifiersComeFromTheEvent(t *testing.T) {
	tests := []struct {
		name       string
		mod        fyne.KeyModifier
		wantExtend bool
	}{
		{"plain click after a swallowed Shift release", 0, false},
		{"shift+click", fyne.KeyModifierShift, true},
		{"ctrl+click", fyne.KeyModifierControl, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w := newTestReader(t, sample, nil)
			w.Canvas().Focus(r)
			r.Select(0, len(r.Text())) // Ctrl+A before the dialog
			// Ctrl+Shift+V: the reader sees Shift go down; the paste dialog takes the
			// keyboard and the release goes to its entry, not to the reader.
			r.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
			entry := widget.NewEntry()
			w.SetContent(fyne.NewContainerWithoutLayout(r, entry)) // keep r on the canvas
			entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
			w.SetContent(r)
			w.Resize(fyne.NewSize(420, 300))

			at := offsetOf(sample, "café")
			press(r, r.PositionOf(at), tt.mod)
			release(r, r.PositionOf(at))
			s, e := r.Selection()
			if extended := e > s; extended != tt.wantExtend {
				t.Fatalf("selection after the click is %d–%d (extended %v, want %v)", s, e, extended, tt.wantExtend)
			}
			if !tt.wantExtend && s != at {
				t.Fatalf("the click put the caret at %d, want %d", s, at)
			}
			// A following Shift+Right (Shift still remembered as up) moves, not extends.
			r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
			if s, e := r.Selection(); !tt.wantExtend && s != e {
				t.Fatalf("Right after the click selected %d–%d", s, e)
			}
		})
	}
}
