package overview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

func box(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

func TestFlowWrapsRows(t *testing.T) {
	pad := theme.Padding()
	tests := []struct {
		name     string
		width    float32
		wantRows int
		wantH    float32 // each row as high as its tallest object
	}{
		{"all on one row", 1000, 1, 30},
		{"two rows", 260, 2, 30 + pad + 30},
		{"one per row", 130, 3, 30 + pad + 20 + pad + 30},
		{"narrower than an object", 50, 3, 30 + pad + 20 + pad + 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs := []fyne.CanvasObject{box(120, 30), box(120, 20), box(120, 30)}
			c := newFlow(objs...)
			c.Resize(fyne.NewSize(tc.width, 200))
			min := c.MinSize()
			if min.Width != 120 {
				t.Errorf("min width %v, want the widest object's 120", min.Width)
			}
			if min.Height != tc.wantH {
				t.Errorf("min height %v at width %v, want %v (%d rows)", min.Height, tc.width, tc.wantH, tc.wantRows)
			}
			for _, o := range objs {
				if o.Position().X+o.Size().Width > fyne.Max(tc.width, 120) {
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

// The Overview sits in a split beside the codebook panel: its options and buttons wrap
// instead of asking for the width of one long row.
func TestOverviewStaysNarrow(t *testing.T) {
	ws, ids := workspace(t)
	h := newHarness(t, ws, []string{ids["a1"]})
	h.v.Refresh(`a long query "that names many words" and tag:"Military/Strikes" and more words still`)
	h.w.Resize(fyne.NewSize(380, 640))
	if w := h.v.Object().MinSize().Width; w > 380 {
		t.Fatalf("the Overview needs %v px of width", w)
	}
	// Three options cannot share one row 380 px wide: the last one moved down, inside.
	r := h.v.rollup
	if r.Position().Y == 0 || r.Position().X+r.Size().Width > 380 {
		t.Fatalf("options overflow: the last one at %v, %v wide", r.Position(), r.Size().Width)
	}
}

func TestTickFractionsAndCounts(t *testing.T) {
	for _, tc := range []struct {
		max  int
		want int
	}{{1, 2}, {2, 3}, {5, 2}, {10, 3}} {
		if got := len(tickFractions(tc.max)); got != tc.want {
			t.Errorf("axis to %d: %d ticks, want %d", tc.max, got, tc.want)
		}
	}
	if count(1, "article") != "1 article" || count(3, "annotation") != "3 annotations" || count(0, "article") != "0 articles" {
		t.Fatal("count")
	}
}
