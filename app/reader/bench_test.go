package reader

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// article builds about n bytes of mixed English and Ukrainian paragraphs with a large
// vocabulary (every third word carries one of 6,000 suffixes), so the word cache works
// as hard as on real news.
func article(n int) string {
	words := strings.Fields("Overnight strikes damaged substations near Kharkiv while negotiators in Geneva discussed " +
		"a ceasefire; Удари по енергетичній інфраструктурі залишили без світла три області, повідомив оператор " +
		"мережі. Analysts called it a campaign against the system rather than single plants, and 1,200 engineers")
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[i%len(words)])
		if i%3 == 0 {
			fmt.Fprintf(&b, "-%d", i%6000)
		}
		if i%97 == 96 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func fyneMeasure() Measure {
	return func(s string) float32 { return fyne.MeasureText(s, 16, fyne.TextStyle{}).Width }
}

// BenchmarkLayout1MB wraps a 1 MB article from scratch (cold word cache), as on opening.
func BenchmarkLayout1MB(b *testing.B) {
	test.NewTempApp(b)
	text := []rune(article(1 << 20))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Wrap(text, 700, NewWordCache(fyneMeasure()))
	}
}

// BenchmarkRelayoutAfterResize re-wraps the 1 MB article at a new width (warm cache).
func BenchmarkRelayoutAfterResize(b *testing.B) {
	test.NewTempApp(b)
	text := []rune(article(1 << 20))
	cache := NewWordCache(fyneMeasure())
	Wrap(text, 700, cache)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Wrap(text, float32(500+i%300), cache)
	}
}

func manyHighlights(text []rune, n int) []Highlight {
	cols := []color.NRGBA{{R: 0xE6, G: 0x9F, A: 0xFF}, {B: 0xB2, G: 0x72, A: 0xFF}, {R: 0xB3, G: 0x26, B: 0x1E, A: 0xFF}}
	hs := make([]Highlight, n)
	step := len(text) / n
	for i := range hs {
		s := i * step
		hs[i] = Highlight{ID: fmt.Sprint(i), Start: s, End: min(len(text), s+step/2+(i%7)*40), Colors: cols[:1+i%3]}
	}
	return hs
}

// BenchmarkVisibleFrame builds the canvas objects of one screen of a 1 MB article with
// highlights, scrolled to the middle.
func BenchmarkVisibleFrame(b *testing.B) {
	test.NewTempApp(b)
	text := article(1 << 20)
	r := New()
	r.SetText(text, manyHighlights([]rune(text), 5000))
	w := test.NewTempWindow(b, r)
	w.Resize(fyne.NewSize(900, 900))
	r.ScrollTo(r.ContentHeight() / 2)
	rend := test.WidgetRenderer(r)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.scroll += 3 // a new frame each time
		rend.Refresh()
	}
}

// BenchmarkOpenArticle1000Annotations opens a 100 kB article with 1,000 highlights:
// text conversion, sorting and lanes, wrapping and the first frame.
func BenchmarkOpenArticle1000Annotations(b *testing.B) {
	test.NewTempApp(b)
	text := article(100 << 10)
	hs := manyHighlights([]rune(text), 1000)
	r := New()
	w := test.NewTempWindow(b, r)
	w.Resize(fyne.NewSize(900, 900))
	rend := test.WidgetRenderer(r)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.cache = nil // a fresh article: no remembered word widths
		r.SetText(text, append([]Highlight(nil), hs...))
		rend.Refresh()
	}
}
