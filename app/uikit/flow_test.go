package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func box(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

func TestFlowWrapsRows(t *testing.T) {
	test.NewTempApp(t)
	pad := theme.Padding()
	for _, tc := range []struct {
		name     string
		width    float32
		wantRows int
		wantH    float32 // each row as high as its tallest object
	}{
		{"all on one row", 1000, 1, 30},
		{"two rows", 260, 2, 30 + pad + 30},
		{"one per row", 130, 3, 30 + pad + 20 + pad + 30},
		{"narrower than an object", 50, 3, 30 + pad + 20 + pad + 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			objs := []fyne.CanvasObject{box(120, 30), box(120, 20), box(120, 30)}
			c := NewFlow(objs...)
			c.Resize(fyne.NewSize(tc.width, 200))
			min := c.MinSize()
			if min.Width != 120 {
				t.Errorf("min width %v, want the widest object's 120", min.Width)
			}
			if min.Height != tc.wantH {
				t.Errorf("min height %v at width %v, want %v (%d rows)", min.Height, tc.width, tc.wantH, tc.wantRows)
			}
			for _, o := range objs {
				if o.Position().X+o.Size().Width > tc.width {
					t.Errorf("object at %v size %v overflows width %v", o.Position(), o.Size(), tc.width)
				}
			}
			// The 20-high object is centred on its row.
			if tc.wantRows == 1 && objs[1].Position().Y != 5 {
				t.Errorf("short object at y %v, want 5", objs[1].Position().Y)
			}
		})
	}
}

// A capped flow asks for no more than its cap, and before its first layout it assumes
// that width (a chip row measured before it was shown was never too short).
func TestCappedFlow(t *testing.T) {
	test.NewTempApp(t)
	pad := theme.Padding()
	objs := []fyne.CanvasObject{box(90, 20), box(300, 20), box(90, 20)}
	c := NewCappedFlow(120, objs...)
	if got := c.MinSize(); got.Width != 120 || got.Height != 3*20+2*pad {
		t.Fatalf("before layout: min %v, want 120 wide, three rows", got)
	}
	c.Resize(fyne.NewSize(400, 100))
	if got := c.MinSize(); got.Height != 2*20+pad {
		t.Fatalf("at 400 px: min height %v, want two rows", got.Height)
	}
	c.Resize(fyne.NewSize(200, 100))
	if w := objs[1].Size().Width; w != 200 {
		t.Fatalf("a 300 px object in a 200 px flow is %v wide, want cut to 200", w)
	}
	hidden := box(500, 20)
	hidden.Hide()
	if got := NewCappedFlow(120, hidden).MinSize(); got != fyne.NewSize(0, 0) {
		t.Fatalf("hidden objects take %v", got)
	}
}
