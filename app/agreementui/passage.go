package agreementui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/reader"
)

// passage is a short stretch of an article, word-wrapped to its width, with coloured
// bands behind the highlighted ranges, drawn as the reader draws them (its layout code:
// the same wrap, the same bands, the same translucency). Its height follows its width,
// as a wrapping label's does; a click calls onTap.
type passage struct {
	widget.BaseWidget
	text   []rune
	bands  []reader.Highlight // offsets into text
	onTap  func()
	cache  *reader.WordCache
	font   float32
	layout *reader.Layout
}

// passageWidth is the width a passage is wrapped at before it is first laid out.
const passageWidth = 320

func newPassage(text string, bands []reader.Highlight, onTap func()) *passage {
	p := &passage{text: []rune(text), bands: bands, onTap: onTap}
	reader.SortHighlights(p.bands)
	p.ExtendBaseWidget(p)
	return p
}

func (p *passage) textStyle() (float32, fyne.TextStyle) { return theme.TextSize(), fyne.TextStyle{} }

func (p *passage) lineHeight() (line, text float32) {
	fs, style := p.textStyle()
	th := fyne.MeasureText("Hg", fs, style).Height
	return float32(int(th*1.4 + 0.5)), th
}

// wrap lays the text out at width, keeping the last layout when nothing changed.
func (p *passage) wrap(width float32) *reader.Layout {
	fs, style := p.textStyle()
	if p.cache == nil || p.font != fs {
		p.font = fs
		p.cache = reader.NewWordCache(func(s string) float32 { return fyne.MeasureText(s, fs, style).Width })
		p.layout = nil
	}
	if p.layout == nil || p.layout.Width != width {
		p.layout = reader.Wrap(p.text, width, p.cache)
	}
	return p.layout
}

// MinSize is narrow, and as tall as the lines at the width last laid out.
func (p *passage) MinSize() fyne.Size {
	w := float32(passageWidth)
	if p.Size().Width > 0 {
		w = p.Size().Width
	}
	line, _ := p.lineHeight()
	return fyne.NewSize(120, float32(len(p.wrap(w).Lines))*line)
}

func (p *passage) Tapped(*fyne.PointEvent) {
	if p.onTap != nil {
		p.onTap()
	}
}

func (p *passage) Cursor() desktop.Cursor {
	if p.onTap != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (p *passage) CreateRenderer() fyne.WidgetRenderer { return &passageRenderer{p: p} }

type passageRenderer struct {
	p       *passage
	objects []fyne.CanvasObject
}

func (r *passageRenderer) Layout(fyne.Size)             { r.build() }
func (r *passageRenderer) MinSize() fyne.Size           { return r.p.MinSize() }
func (r *passageRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *passageRenderer) Destroy()                     {}
func (r *passageRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.p)
}

func (r *passageRenderer) build() {
	p := r.p
	width := p.Size().Width
	if width <= 0 {
		width = passageWidth
	}
	l := p.wrap(width)
	r.objects = r.objects[:0]
	if len(l.Lines) == 0 {
		return
	}
	line, textH := p.lineHeight()
	last := len(l.Lines) - 1
	for _, b := range l.Bands(p.bands, 0, last) {
		y := float32(b.Line) * line
		rect := canvas.NewRectangle(reader.Translucent(b.Color))
		rect.Move(fyne.NewPos(b.X0, y+b.Top*line))
		rect.Resize(fyne.NewSize(b.X1-b.X0, (b.Bottom-b.Top)*line))
		r.objects = append(r.objects, rect)
	}
	fs, style := p.textStyle()
	fg := theme.Color(theme.ColorNameForeground)
	for n := 0; n <= last; n++ {
		t := canvas.NewText(l.Display(n), fg)
		t.TextSize, t.TextStyle = fs, style
		t.Move(fyne.NewPos(0, float32(n)*line+(line-textH)/2))
		t.Resize(fyne.NewSize(width, textH))
		r.objects = append(r.objects, t)
	}
}

// passageBand is a highlight of a passage in one colour.
func passageBand(id string, start, end int, c color.NRGBA) reader.Highlight {
	return reader.Highlight{ID: id, Start: start, End: end, Colors: []color.NRGBA{c}}
}
