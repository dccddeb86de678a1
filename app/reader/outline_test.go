package reader

import (
	"image/color"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/app/apptheme"
)

func TestOutlineEdges(t *testing.T) {
	// 10 characters a line at width 100 with mono: "aaaaaaaaa " per line, x = 10 per character.
	text := []rune("aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee")
	l := Wrap(text, 100, NewWordCache(mono))
	const lh = 20
	tests := []struct {
		name       string
		start, end int
		first      int
		last       int
		inset      float32
		want       []Edge
	}{
		{"inside one line", 2, 5, 0, 4, 0, []Edge{
			{20, 0, 50, 0}, {20, 20, 50, 20}, {20, 0, 20, 20}, {50, 0, 50, 20},
		}},
		{"three lines: one shape with steps", 5, 25, 0, 4, 0, []Edge{
			{50, 0, 100, 0}, {50, 0, 50, 20}, {100, 0, 100, 20}, // line 0 from x 50 to its end (with its space)
			{0, 20, 50, 20}, {0, 20, 0, 40}, {100, 20, 100, 40}, // line 1 whole: the step left of line 0's start
			{50, 40, 100, 40}, {0, 60, 50, 60}, {0, 40, 0, 60}, {50, 40, 50, 60}, // line 2 to x 50: the step right of it, its bottom
		}},
		{"inset moves the ends and sides in", 2, 5, 0, 4, 3, []Edge{
			{23, 3, 47, 3}, {23, 17, 47, 17}, {23, 3, 23, 17}, {47, 3, 47, 17},
		}},
		{"cut by the lines asked for: closed there", 5, 25, 1, 1, 0, []Edge{
			{0, 20, 100, 20}, {0, 40, 100, 40}, {0, 20, 0, 40}, {100, 20, 100, 40},
		}},
		{"lines that do not touch keep their own sides", 8, 11, 0, 4, 0, []Edge{
			{80, 0, 100, 0}, {80, 0, 80, 20}, {100, 0, 100, 20},
			{80, 20, 100, 20}, {0, 20, 10, 20}, {0, 40, 10, 40}, {0, 20, 0, 40}, {10, 20, 10, 40},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.OutlineEdges(tt.start, tt.end, tt.first, tt.last, lh, tt.inset)
			if !sameEdges(got, tt.want) {
				t.Errorf("edges\n got %v\nwant %v", got, tt.want)
			}
		})
	}
	if got := l.OutlineEdges(5, 5, 0, 4, lh, 0); got != nil {
		t.Errorf("an empty span has edges %v", got)
	}
}

// sameEdges compares edge sets regardless of order.
func sameEdges(a, b []Edge) bool {
	if len(a) != len(b) {
		return false
	}
	left := map[Edge]int{}
	for _, e := range a {
		left[e]++
	}
	for _, e := range b {
		if left[e] == 0 {
			return false
		}
		left[e]--
	}
	return true
}

func TestDashes(t *testing.T) {
	tests := []struct {
		phase, n, on, off int
		want              [][2]int
	}{
		{0, 20, 5, 3, [][2]int{{0, 5}, {8, 13}, {16, 20}}},
		{3, 12, 5, 3, [][2]int{{0, 2}, {5, 10}}},           // starts inside a dash
		{6, 10, 5, 3, [][2]int{{2, 7}}},                    // starts in a gap
		{-2, 8, 5, 3, [][2]int{{2, 7}}},                    // a negative phase wraps
		{0, 0, 5, 3, nil},                                  // nothing to draw
		{8, 4, 5, 3, [][2]int{{0, 4}}},                     // one period on: the pattern repeats
		{0, 3, 5, 3, [][2]int{{0, 3}}},                     // shorter than a dash
		{1000003, 12, 5, 3, [][2]int{{0, 2}, {5, 10}}},     // a far origin, same pattern as phase 3
		{5, 6, 5, 3, [][2]int{{3, 6}}},                     // a whole gap first
		{4, 4, 1, 1, [][2]int{{0, 1}, {2, 3}}},             // the thinnest pattern
		{0, 9, 5, 3, [][2]int{{0, 5}, {8, 9}}},             // a dash cut at the end
		{13, 1, 5, 3, nil},                                 // one pixel inside a gap
		{12, 1, 5, 3, [][2]int{{0, 1}}},                    // one pixel inside a dash
		{0, 16, 5, 3, [][2]int{{0, 5}, {8, 13}}},           // two whole periods
		{7, 2, 5, 3, [][2]int{{1, 2}}},                     // the last gap pixel, then a dash
		{0, 5, 0, 3, nil},                                  // no dash length: nothing
		{2, 6, 5, 0, [][2]int{{0, 3}, {3, 6}}},             // no gap: dashes touch
		{0, 24, 5, 3, [][2]int{{0, 5}, {8, 13}, {16, 21}}}, // three periods
	}
	for _, tt := range tests {
		if got := Dashes(tt.phase, tt.n, tt.on, tt.off); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Dashes(%d, %d, %d, %d) = %v, want %v", tt.phase, tt.n, tt.on, tt.off, got, tt.want)
		}
	}
}

func TestSortOutlinesNestsOverlaps(t *testing.T) {
	os := []Outline{{ID: "b", Start: 10, End: 20}, {ID: "a", Start: 0, End: 20}, {ID: "c", Start: 10, End: 20}, {ID: "d", Start: 20, End: 30}}
	SortOutlines(os)
	var got []string
	for _, o := range os {
		got = append(got, o.ID+string(rune('0'+o.Lane())))
	}
	if want := []string{"a0", "b1", "c2", "d0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order and lanes %v, want %v", got, want)
	}
	if ids := OutlinesAt(os, 12); !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Errorf("outlines at 12: %v", ids)
	}
	if ids := OutlinesAt(os, 25); !reflect.DeepEqual(ids, []string{"d"}) {
		t.Errorf("outlines at 25: %v", ids)
	}
}

// dashRasters are the outline edges the renderer draws now.
func dashRasters(r *Reader) []*canvas.Raster {
	var out []*canvas.Raster
	for _, o := range test.WidgetRenderer(r).Objects() {
		if rs, ok := o.(*canvas.Raster); ok {
			out = append(out, rs)
		}
	}
	return out
}

func TestOutlinesDrawnBesideHighlightsAndCleared(t *testing.T) {
	r, w := newTestReader(t, sample, nil)
	green := color.NRGBA{G: 160, A: 255}
	s, e := offsetOf(sample, "Другий"), offsetOf(sample, "кілька")
	r.SetHighlights([]Highlight{{ID: "h", Start: s, End: s + 6, Colors: []color.NRGBA{{R: 200, A: 255}}}})
	r.SetOutlines([]Outline{{ID: "s", Start: s, End: e, Color: green}})
	edges := dashRasters(r)
	if len(edges) < 4 {
		t.Fatalf("%d outline edges drawn", len(edges))
	}
	// The highlight keeps its band: outlines are drawn beside it, not instead.
	band := false
	for _, o := range test.WidgetRenderer(r).Objects() {
		if rc, ok := o.(*canvas.Rectangle); ok && rc.FillColor == Translucent(color.NRGBA{R: 200, A: 255}) {
			band = true
		}
	}
	if !band {
		t.Error("the highlight's band is gone")
	}
	// Edges are thin and in the text column; the first line's top edge starts at "Другий".
	g := r.geometry()
	start := r.PositionOf(s)
	found := false
	for _, rs := range edges {
		sz := rs.Size()
		if min(sz.Width, sz.Height) > markedStroke {
			t.Errorf("an edge of %v is not a stroke", sz)
		}
		if sz.Height == outlineStroke && abs32(rs.Position().X-(start.X-outlinePad)) < 0.01 {
			found = true
		}
		if rs.Position().X < g.left-outlinePad-1 {
			t.Errorf("an edge at x %v, left of the text column %v", rs.Position().X, g.left)
		}
	}
	if !found {
		t.Errorf("no top edge starts at the passage's first character (x %v)", start.X)
	}
	// The pixels are dashes of the tag's colour.
	img := w.Canvas().Capture()
	scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
	// The edge's row of pixels (the window's padding moves the widget by a few pixels:
	// the row with the most of the tag's colour near where the edge should be).
	y0 := int((start.Y - g.lineHeight/2 - outlinePad) * scale)
	bestOn, bestGaps := 0, 0
	for y := max(0, y0-8); y < y0+8; y++ {
		on, gaps := 0, 0
		for x := int((start.X + 6) * scale); x < int((start.X+60)*scale); x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if c.G > 120 && c.R < 80 && c.B < 80 {
				on++
			} else {
				gaps++
			}
		}
		if on > bestOn {
			bestOn, bestGaps = on, gaps
		}
	}
	if bestOn == 0 || bestGaps < bestOn/4 {
		t.Errorf("the top edge is not dashed in the tag's colour: %d px on, %d off", bestOn, bestGaps)
	}

	// A new text has no outlines of the old one.
	r.SetText("Другий текст", nil)
	if len(r.Outlines()) != 0 || len(dashRasters(r)) != 0 {
		t.Error("outlines survived a new text")
	}
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

func TestMarkedOutlineIsTintedAndThicker(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			r, _ := newTestReader(t, sample, nil)
			if variant == "dark" {
				fyne.CurrentApp().Settings().SetTheme(apptheme.For(apptheme.Dark))
			}
			green := color.NRGBA{G: 160, A: 255}
			s := offsetOf(sample, "Другий")
			r.SetOutlines([]Outline{{ID: "s", Start: s, End: s + 20, Color: green}})
			tint := func() bool {
				for _, o := range test.WidgetRenderer(r).Objects() {
					if rc, ok := o.(*canvas.Rectangle); ok && rc.FillColor == markTint(green) {
						return true
					}
				}
				return false
			}
			if tint() {
				t.Fatal("an unmarked outline is tinted")
			}
			r.MarkOutline("s")
			if !tint() || r.MarkedOutline() != "s" {
				t.Fatal("the marked outline has no tint")
			}
			// The tint differs from the selection's colour and from a highlight's.
			sel := color.NRGBAModel.Convert(theme.Color(theme.ColorNameSelection)).(color.NRGBA)
			if markTint(green) == sel || markTint(green) == Translucent(green) {
				t.Error("the mark looks like a selection or a highlight")
			}
			for _, rs := range dashRasters(r) {
				if sz := rs.Size(); min(sz.Width, sz.Height) != markedStroke {
					t.Errorf("a marked edge of %v", sz)
				}
			}
		})
	}
}

func TestClickOnOutlineAndOtherKeys(t *testing.T) {
	r, _ := newTestReader(t, sample, nil)
	s := offsetOf(sample, "Другий")
	h := offsetOf(sample, "переговори")
	r.SetHighlights([]Highlight{{ID: "h", Start: h, End: h + 10, Colors: []color.NRGBA{{R: 200, A: 255}}}})
	r.SetOutlines([]Outline{{ID: "s", Start: s, End: s + 40, Color: color.NRGBA{G: 160, A: 255}}})
	var outlined, highlighted []string
	r.OnOutlineClicked = func(ids []string, _ fyne.Position) { outlined = ids }
	r.OnHighlightClicked = func(ids []string, _ fyne.Position) { highlighted = ids }
	p := r.PositionOf(s + 2)
	press(r, p, 0)
	release(r, p)
	if !reflect.DeepEqual(outlined, []string{"s"}) || highlighted != nil {
		t.Fatalf("a click on the outlined passage told %v / %v", outlined, highlighted)
	}
	// A highlight inside the passage opens the annotation, not the suggestion.
	outlined = nil
	p = r.PositionOf(h + 3)
	press(r, p, 0)
	release(r, p)
	if !reflect.DeepEqual(highlighted, []string{"h"}) || outlined != nil {
		t.Fatalf("a click on a highlight inside the passage told %v / %v", outlined, highlighted)
	}
	// Hovering reports highlights, then outlines.
	var hovered []string
	r.OnHover = func(ids []string, _ fyne.Position) { hovered = ids }
	r.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: r.PositionOf(h + 3)}})
	if !reflect.DeepEqual(hovered, []string{"h", "s"}) {
		t.Errorf("hover told %v", hovered)
	}
	// Enter and Delete go on to the window; arrows stay the reader's.
	var keys []fyne.KeyName
	r.OnOtherKey = func(e *fyne.KeyEvent) { keys = append(keys, e.Name) }
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyRight, fyne.KeyDelete, fyne.KeyEnter} {
		r.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if want := []fyne.KeyName{fyne.KeyReturn, fyne.KeyDelete, fyne.KeyEnter}; !reflect.DeepEqual(keys, want) {
		t.Errorf("other keys %v, want %v", keys, want)
	}
}
