package overview

import (
	"testing"

	"fyne.io/fyne/v2"
)

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
