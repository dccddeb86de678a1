package reader

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// scriptCases are one-line texts (words two spaces apart) and a space-separated token to highlight, with the
// token's place among the line's words as they are drawn left to right (a right-to-left
// word is drawn from the right, so its drawn place differs from its logical one).
var scriptCases = []struct {
	name, line, token string
	drawnIndex        int
}{
	{"ZWJ sequence", "family  👨\u200d👩\u200d👧  here", "👨\u200d👩\u200d👧", 1},
	{"flag", "flags  🇺🇦  and  🇩🇪  ok", "🇩🇪", 3},
	{"skin tone", "thumbs  👍🏽  ok", "👍🏽", 1},
	{"variation selector", "heart  ❤\uFE0F  red", "❤\uFE0F", 1},
	{"ends after an emoji", "power  cut🔥  tonight", "cut🔥", 1},
	{"combining accents", "so  q\u0307uiet  x\u0301y  here", "x\u0301y", 2},
	{"Cyrillic", "Удари  по  енергетиці  сьогодні", "енергетиці", 2},
	{"Hebrew", "שלום  עולם", "שלום", 1},
	{"Arabic", "مرحبا  بالعالم  اليوم", "مرحبا", 2},
	{"Arabic inside Latin", "Arabic:  مرحبا  بالعالم  and  more", "مرحبا", 2},
}

// inkRuns returns the horizontal extents of the groups of inked columns in img (columns
// holding a pixel that differs from the background), split at gaps of gap pixels.
func inkRuns(img image.Image, bg color.Color, gap int) [][2]int {
	br, bgc, bb, _ := bg.RGBA()
	b := img.Bounds()
	inked := func(x int) bool {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if diff(r, br) > 0x2000 || diff(g, bgc) > 0x2000 || diff(bl, bb) > 0x2000 {
				return true
			}
		}
		return false
	}
	var runs [][2]int
	blank := gap
	for x := b.Min.X; x < b.Max.X; x++ {
		if !inked(x) {
			blank++
			continue
		}
		if blank >= gap || len(runs) == 0 {
			runs = append(runs, [2]int{x, x + 1})
		} else {
			runs[len(runs)-1][1] = x + 1
		}
		blank = 0
	}
	return runs
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestHighlightCoversExactlyTheDrawnCharacters draws each line in the reader through
// Fyne's software painter, finds where each word's ink is, and checks that the
// highlight of [start, end) covers exactly the ink of the token: whole, and nothing of
// its neighbours, whatever the script, direction or emoji sequence.
func TestHighlightCoversExactlyTheDrawnCharacters(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range scriptCases {
		t.Run(tc.name, func(t *testing.T) {
			r := New()
			r.SetText(tc.line, nil)
			w := test.NewTempWindow(t, r)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(MaxColumn+120, 70))
			g := r.geometry()
			size, _ := r.textStyle()
			runes := []rune(r.layout.Display(0))
			if !shapeAgrees(size, runes) {
				t.Fatalf("the shaped width of %q is not what fyne.MeasureText says", tc.line)
			}

			img := w.Canvas().Capture()
			scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
			top, bottom := int(g.top*scale), int((g.top+g.lineHeight)*scale)
			line := img.(interface {
				SubImage(image.Rectangle) image.Image
			}).SubImage(image.Rect(0, top, img.Bounds().Dx(), bottom))
			// Words are two spaces apart: a gap of 1.5 spaces separates words, never letters.
			space := fyne.MeasureText(" ", size, fyne.TextStyle{}).Width
			runs := inkRuns(line, theme.Color(theme.ColorNameBackground), int(1.5*space*scale))
			words := len(strings.Fields(tc.line))
			if len(runs) != words {
				t.Fatalf("found %d inked words, want %d: %v", len(runs), words, runs)
			}
			want := runs[tc.drawnIndex]

			start := len([]rune(tc.line[:strings.Index(tc.line, tc.token)]))
			end := start + len([]rune(tc.token))
			spans := r.layout.Spans(start, end, 0, 0)
			if len(spans) != 1 {
				t.Fatalf("[%d, %d) is drawn in %d pieces: %v", start, end, len(spans), spans)
			}
			x0 := int((g.left + spans[0].X0) * scale)
			x1 := int((g.left + spans[0].X1) * scale)
			// The token's ink lies inside the highlight (1 px for anti-aliasing)...
			if want[0] < x0-1 || want[1] > x1+1 {
				t.Errorf("highlight %d–%d does not cover the token's ink %d–%d", x0, x1, want[0], want[1])
			}
			// ...and no other word's ink does.
			for k, run := range runs {
				if k != tc.drawnIndex && run[1] > x0+1 && run[0] < x1-1 {
					t.Errorf("highlight %d–%d covers ink %d–%d of word %d", x0, x1, run[0], run[1], k)
				}
			}

			// The rectangles the renderer draws are these spans.
			r.SetHighlights([]Highlight{{ID: "h", Start: start, End: end, Colors: []color.NRGBA{{R: 200, A: 255}}}})
			var rects []*canvas.Rectangle
			for _, o := range test.WidgetRenderer(r).Objects() {
				if rc, ok := o.(*canvas.Rectangle); ok && rc.FillColor == Translucent(color.NRGBA{R: 200, A: 255}) {
					rects = append(rects, rc)
				}
			}
			if len(rects) != 1 || rects[0].Position().X != g.left+spans[0].X0 || rects[0].Size().Width != spans[0].X1-spans[0].X0 {
				t.Errorf("drawn highlight rectangles %v, want one at %v", rects, spans[0])
			}

			// A click on the token's middle lands in it; the token's cluster edges are
			// the caret positions there.
			mid := fyne.NewPos(g.left+(spans[0].X0+spans[0].X1)/2, g.top+g.lineHeight/2)
			if c := r.charAt(mid); c < start || c >= end {
				t.Errorf("a click on the token's middle hit offset %d, outside [%d, %d)", c, start, end)
			}
		})
	}
}

// shapeAgrees reports whether the reader's shaping of a line has the width Fyne draws.
func shapeAgrees(size float32, line []rune) bool {
	gs := shapeRunes(regularFaces(), line, size)
	if len(gs) == 0 {
		return len(line) == 0
	}
	w := gs[len(gs)-1].X + gs[len(gs)-1].Advance
	d := w - fyne.MeasureText(string(line), size, fyne.TextStyle{}).Width
	return d < 0.05 && d > -0.05
}
