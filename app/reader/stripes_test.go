package reader

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestStripes(t *testing.T) {
	// 10 characters a line at width 100 with mono: "aaaaaaaaa " per line.
	text := []rune("aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee")
	l := Wrap(text, 100, NewWordCache(mono))
	if len(l.Lines) != 5 {
		t.Fatalf("%d lines", len(l.Lines))
	}
	red, blue, green := color.NRGBA{R: 255, A: 255}, color.NRGBA{B: 255, A: 255}, color.NRGBA{G: 255, A: 255}
	hs := []Highlight{
		{ID: "long", Start: 0, End: 29, Colors: []color.NRGBA{red, blue}, Names: []string{"Energy", "Diplomacy"}}, // lines 0–2, two tags
		{ID: "mid", Start: 22, End: 35, Colors: []color.NRGBA{green}, Names: []string{"Civilians"}},               // lines 2–3
		{ID: "late", Start: 41, End: 45, Colors: []color.NRGBA{green}, Names: []string{"Civilians"}},              // line 4
	}
	SortHighlights(hs)
	got := l.Stripes(hs)
	want := []Stripe{
		{First: 0, Last: 2, Lane: 0, Color: red, Name: "Energy", ID: "long"},
		{First: 0, Last: 2, Lane: 1, Color: blue, Name: "Diplomacy", ID: "long"},
		{First: 2, Last: 3, Lane: 2, Color: green, Name: "Civilians", ID: "mid"}, // overlaps both on line 2
		{First: 4, Last: 4, Lane: 0, Color: green, Name: "Civilians", ID: "late"},
	}
	if len(got) != len(want) {
		t.Fatalf("stripes %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stripe %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// With the margin on, the reader draws each visible bar and its tag's name beside the
// text, and the text column makes room for it.
func TestStripesAreDrawn(t *testing.T) {
	r, _ := newTestReader(t, sample, []Highlight{{ID: "h", Start: 0, End: 5, Colors: []color.NRGBA{{R: 200, A: 255}}, Names: []string{"Energy attacks"}}})
	before := r.geometry().column
	r.SetStripes(true)
	g := r.geometry()
	if g.stripes == 0 || g.column >= before || g.stripes < g.left+g.column {
		t.Fatalf("column %v (was %v), stripes at %v", g.column, before, g.stripes)
	}
	var named, bar bool
	for _, o := range test.WidgetRenderer(r).Objects() {
		switch c := o.(type) {
		case *canvas.Text:
			named = named || c.Text == "Energy attacks" && c.Position().X > g.stripes
		case *canvas.Rectangle:
			bar = bar || c.FillColor == (color.NRGBA{R: 200, A: 255}) && c.Position().X >= g.stripes && c.Size().Width == stripeBar
		}
	}
	if !named || !bar {
		t.Fatalf("name drawn %v, bar drawn %v", named, bar)
	}
	r.SetStripes(false)
	if r.geometry().stripes != 0 || r.geometry().column != before {
		t.Fatal("the margin stayed")
	}
}
