package reader

import (
	"strings"
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

func TestCtrlHomeAndEnd(t *testing.T) {
	long := strings.Repeat("Line of a long article about the front.\n", 200)
	r, w := newTestReader(t, long, nil)
	w.Canvas().Focus(r)
	mid := len(r.Text()) / 2
	r.Select(mid, mid)
	tests := []struct {
		key        fyne.KeyName
		mod        fyne.KeyModifier
		start, end int
		scrolled   func(y float32) bool
	}{
		{fyne.KeyEnd, fyne.KeyModifierControl, len(r.Text()), len(r.Text()), func(y float32) bool { return y > 0 }},
		{fyne.KeyHome, fyne.KeyModifierControl | fyne.KeyModifierShift, 0, len(r.Text()), func(y float32) bool { return y == 0 }},
		{fyne.KeyHome, fyne.KeyModifierControl, 0, 0, func(y float32) bool { return y == 0 }},
	}
	for _, tt := range tests {
		r.TypedShortcut(&desktop.CustomShortcut{KeyName: tt.key, Modifier: tt.mod})
		if s, e := r.Selection(); s != tt.start || e != tt.end || !tt.scrolled(r.Scroll()) {
			t.Errorf("%v+%v: selection %d–%d scroll %v, want %d–%d", tt.mod, tt.key, s, e, r.Scroll(), tt.start, tt.end)
		}
	}
}
