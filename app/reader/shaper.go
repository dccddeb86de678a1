package reader

import (
	"bytes"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// The reader shapes each visible line the way Fyne's text painter draws a canvas.Text
// (fyne internal/painter/font.go, walkString): the same faces in the same order (the
// theme's font, Fyne's bundled text font, the emoji font, the locale's system font,
// then a system font per missing rune), the same bidi/script/face segmentation and the
// same HarfBuzz shaper. So a highlight's rectangles come from the glyphs that are drawn:
// an emoji sequence is one cluster, a right-to-left word is drawn from the right.
// NewFyneShape checks its widths against fyne.MeasureText and falls back to prefix
// measurement for any line where they differ.

// faceMap mirrors Fyne's dynamicFontMap: the first face holding a rune, else a system
// font found for it, remembered.
type faceMap struct {
	mu     sync.Mutex
	faces  []*font.Face
	system *fontscan.FontMap
}

func (m *faceMap) ResolveFace(r rune) *font.Face {
	for _, f := range m.faces {
		if _, ok := f.NominalGlyph(r); ok {
			return f
		}
	}
	if m.system != nil {
		m.system.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}, Aspect: font.Aspect{}})
		if f := m.system.ResolveFace(r); f != nil {
			m.faces = append(m.faces, f)
			return f
		}
	}
	return m.faces[0]
}

var (
	facesMu    sync.Mutex
	facesCache = map[fyne.Resource]*faceMap{}
)

func parseFace(res fyne.Resource) *font.Face {
	if res == nil {
		return nil
	}
	f, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		return nil
	}
	return f
}

// regularFaces builds (once per theme font) the faces Fyne uses for regular text.
func regularFaces() *faceMap {
	themeFont := theme.Current().Font(fyne.TextStyle{})
	facesMu.Lock()
	defer facesMu.Unlock()
	if m, ok := facesCache[themeFont]; ok {
		return m
	}
	m := &faceMap{}
	if f := parseFace(themeFont); f != nil {
		m.faces = append(m.faces, f)
	}
	if themeFont != theme.DefaultTextFont() || len(m.faces) == 0 {
		if f := parseFace(theme.DefaultTextFont()); f != nil {
			m.faces = append(m.faces, f)
		}
	}
	if f := parseFace(theme.DefaultEmojiFont()); f != nil {
		m.faces = append(m.faces, f)
	}
	sys := fontscan.NewFontMap(quietLog{})
	if err := sys.UseSystemFonts(""); err == nil {
		m.system = sys
		sys.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}, Aspect: font.Aspect{Style: font.StyleNormal}})
		l, _ := fontscan.NewLangID(language.Language(lang.SystemLocale().LanguageString()))
		if f := sys.ResolveFaceForLang(l); f != nil {
			m.faces = append(m.faces, f)
		}
	}
	facesCache[themeFont] = m
	return m
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}

// shapeRunes is Fyne's walkString for one line without tabs: glyphs in drawing order.
func shapeRunes(m *faceMap, line []rune, size float32) []Glyph {
	m.mu.Lock()
	defer m.mu.Unlock()
	in := shaping.Input{
		Text: line, RunStart: 0, RunEnd: len(line),
		Direction: di.DirectionLTR, Face: m.ResolveFace(' '),
		Size: fixed.Int26_6(float64(size) * (1 << 6)),
	}
	var seg shaping.Segmenter
	var shaper shaping.HarfbuzzShaper
	var out []Glyph
	x := float32(0)
	for _, run := range seg.Split(in, m) {
		o := shaper.Shape(run)
		rtl := run.Direction.Progression() == di.TowardTopLeft
		for _, g := range o.Glyphs {
			adv := float32(float64(g.XAdvance) / (1 << 6))
			out = append(out, Glyph{X: x, Advance: adv, Cluster: g.ClusterIndex, RTL: rtl})
			x += adv
		}
	}
	return out
}

// NewFyneShape returns the Shape of text drawn by canvas.Text at size in the regular
// style. A line whose shaped width is not what fyne.MeasureText says (a face resolved
// differently) is measured by prefixes instead, which is exact for left-to-right text.
func NewFyneShape(size float32) Shape {
	m := regularFaces()
	style := fyne.TextStyle{}
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	prefix := PrefixShape(measure)
	return func(line []rune) []Glyph {
		if len(line) == 0 {
			return nil
		}
		gs := shapeRunes(m, line, size)
		w := float32(0)
		if n := len(gs); n > 0 {
			w = gs[n-1].X + gs[n-1].Advance
		}
		if d := w - measure(string(line)); d > 0.05 || d < -0.05 {
			return prefix(line)
		}
		return gs
	}
}
