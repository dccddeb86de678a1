package reader

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// renderer builds canvas objects for the visible lines only and reuses them between
// frames, so a frame costs the same for a short note and a 1 MB article.
type renderer struct {
	r       *Reader
	texts   []*canvas.Text
	labels  []*canvas.Text // the coding stripes' tag names
	rects   []*canvas.Rectangle
	dashes  []*dashLine // the suggested passages' outline edges
	track   *canvas.Rectangle
	thumb   *canvas.Rectangle
	objects []fyne.CanvasObject
}

func newRenderer(r *Reader) *renderer {
	return &renderer{r: r, track: canvas.NewRectangle(color.Transparent), thumb: canvas.NewRectangle(color.Transparent)}
}

func (d *renderer) Destroy()                     {}
func (d *renderer) Layout(fyne.Size)             { d.Refresh() }
func (d *renderer) MinSize() fyne.Size           { return d.r.MinSize() }
func (d *renderer) Objects() []fyne.CanvasObject { return d.objects }

func (d *renderer) rect(n int) *canvas.Rectangle {
	for len(d.rects) <= n {
		d.rects = append(d.rects, canvas.NewRectangle(color.Transparent))
	}
	return d.rects[n]
}

func (d *renderer) label(n int) *canvas.Text {
	for len(d.labels) <= n {
		d.labels = append(d.labels, canvas.NewText("", color.Black))
	}
	return d.labels[n]
}

func (d *renderer) text(n int) *canvas.Text {
	for len(d.texts) <= n {
		d.texts = append(d.texts, canvas.NewText("", color.Black))
	}
	return d.texts[n]
}

// Refresh rebuilds the frame: highlight bands, selection, flash, text, scroll bar.
func (d *renderer) Refresh() {
	r := d.r
	d.objects = d.objects[:0]
	if r.layout == nil {
		return
	}
	if fs, _ := r.textStyle(); fs != r.fontSize {
		r.relayout() // the theme's text size changed: the lines were measured for the old one
	}
	g := r.geometry()
	first, last := r.visibleLines(g)
	lineY := func(n int) float32 { return g.top + float32(n)*g.lineHeight - r.scroll }
	nr := 0
	addRect := func(x0, x1, y0, y1 float32, c color.Color) {
		rc := d.rect(nr)
		nr++
		rc.FillColor, rc.StrokeWidth, rc.CornerRadius = c, 0, 0
		rc.Move(fyne.NewPos(g.left+x0, y0))
		rc.Resize(fyne.NewSize(x1-x0, y1-y0))
		d.objects = append(d.objects, rc)
	}
	if first <= last {
		for _, b := range r.layout.Bands(r.highlights, first, last) {
			y := lineY(b.Line)
			y0, y1 := y+b.Top*g.lineHeight, y+b.Bottom*g.lineHeight
			addRect(b.X0, b.X1, y0, y1, Translucent(b.Color))
			// The tag's own colour as a rule under the tint: translucent tints over
			// the background move colours towards each other, the opaque rule keeps
			// the codebook's differences (ΔE00 ≥ 20) visible in both themes.
			if b.Edge { // under the band, never through the text of a striped one
				rule := min(2, (y1-y0)/3)
				addRect(b.X0, b.X1, y1-rule, y1, b.Color)
			}
		}
		if len(r.finds) > 0 {
			from, to := r.layout.Lines[first].Start, r.layout.Lines[last].End+1
			mark := theme.Color(theme.ColorNameWarning)
			mr, mg, mb, _ := mark.RGBA()
			for k, f := range r.finds {
				if f[1] <= from || f[0] >= to {
					continue
				}
				a := uint8(0x55)
				if k == r.findCurrent {
					a = 0xB0
				}
				c := color.NRGBA{R: uint8(mr >> 8), G: uint8(mg >> 8), B: uint8(mb >> 8), A: a}
				for _, sp := range r.layout.Spans(f[0], f[1], first, last) {
					y := lineY(sp.Line)
					addRect(sp.X0, sp.X1, y+g.lineHeight-4, y+g.lineHeight, c)
					addRect(sp.X0, sp.X1, y, y+g.lineHeight, color.NRGBA{R: c.R, G: c.G, B: c.B, A: a / 3})
				}
			}
		}
		d.drawOutlines(g, first, last, lineY, addRect)
		s, e := r.Selection()
		sel := theme.Color(theme.ColorNameSelection)
		for _, sp := range r.layout.Spans(s, e, first, last) {
			y := lineY(sp.Line)
			addRect(sp.X0, sp.X1, y, y+g.lineHeight, sel)
		}
		if r.flashAlpha > 0 {
			pc := theme.Color(theme.ColorNamePrimary)
			cr, cg, cb, _ := pc.RGBA()
			c := color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: uint8(110 * r.flashAlpha)}
			for _, sp := range r.layout.Spans(r.flash[0], r.flash[1], first, last) {
				y := lineY(sp.Line)
				addRect(sp.X0-2, sp.X1+2, y-1, y+g.lineHeight+1, c)
			}
		}
		if r.focused && s == e {
			n := r.layout.LineAt(r.caret)
			if n >= first && n <= last {
				x := r.layout.X(n, r.caret)
				addRect(x, x+1.5, lineY(n)+2, lineY(n)+g.lineHeight-2, theme.Color(theme.ColorNamePrimary))
			}
		}
		fs, style := r.textStyle()
		fg := theme.Color(theme.ColorNameForeground)
		for n := first; n <= last; n++ {
			t := d.text(n - first)
			t.Text, t.TextSize, t.TextStyle, t.Color = r.layout.Display(n), fs, style, fg
			t.Move(fyne.NewPos(g.left, lineY(n)+(g.lineHeight-g.textHigh)/2))
			t.Resize(fyne.NewSize(g.column, g.textHigh))
			d.objects = append(d.objects, t)
		}
	}
	if r.stripes && first <= last {
		d.drawStripes(g, first, last, lineY, addRect)
	}
	d.scrollbar(g)
	for _, o := range d.objects {
		o.Refresh()
	}
}

func (d *renderer) scrollbar(g geometry) {
	r := d.r
	total := r.ContentHeight()
	if total <= g.viewHeight {
		return
	}
	d.track.FillColor = theme.Color(theme.ColorNameScrollBarBackground)
	d.track.Move(fyne.NewPos(g.scrollbar, 0))
	d.track.Resize(fyne.NewSize(scrollbarWidth, g.viewHeight))
	h := max(24, g.viewHeight*g.viewHeight/total)
	y := (g.viewHeight - h) * r.scroll / (total - g.viewHeight)
	d.thumb.FillColor = theme.Color(theme.ColorNameScrollBar)
	d.thumb.CornerRadius = 3
	d.thumb.Move(fyne.NewPos(g.scrollbar+2, y))
	d.thumb.Resize(fyne.NewSize(scrollbarWidth-4, h))
	d.objects = append(d.objects, d.track, d.thumb)
}

// Coding stripes: bar width and the gap between lanes.
const (
	stripeBar float32 = 4
	stripeGap float32 = 3
)

// drawStripes draws the bars of the visible lines and each bar's tag name at its top
// (or at the top of the view for a bar that began above it).
func (d *renderer) drawStripes(g geometry, first, last int, lineY func(int) float32, addRect func(x0, x1, y0, y1 float32, c color.Color)) {
	r := d.r
	stripes := r.stripeLayout()
	lanes := 0
	for _, s := range stripes {
		if s.Last >= first && s.First <= last {
			lanes = max(lanes, s.Lane+1)
		}
	}
	x0 := g.stripes - g.left // addRect is relative to the text column's left
	nameX := g.stripes + float32(lanes)*(stripeBar+stripeGap) + 2
	size := theme.CaptionTextSize()
	nameH := fyne.MeasureText("Hg", size, fyne.TextStyle{}).Height
	room := g.scrollbar - nameX - 4
	fg := theme.Color(theme.ColorNameForeground)
	placed := map[int]int{} // names already at a line
	nl := 0
	for _, s := range stripes {
		if s.Last < first || s.First > last {
			continue
		}
		from, to := max(s.First, first), min(s.Last, last)
		x := x0 + float32(s.Lane)*(stripeBar+stripeGap)
		addRect(x, x+stripeBar, lineY(from)+2, lineY(to)+g.lineHeight-2, s.Color)
		if s.Name == "" || room < 20 {
			continue
		}
		k := placed[from]
		placed[from]++
		t := d.label(nl)
		nl++
		t.Text, t.TextSize, t.Color = fitText(s.Name, room, size), size, fg
		t.TextStyle = fyne.TextStyle{}
		t.Move(fyne.NewPos(nameX, lineY(from)+2+float32(k)*nameH))
		t.Resize(fyne.NewSize(room, nameH))
		d.objects = append(d.objects, t)
	}
}

// fitText cuts s with an ellipsis to fit width at size.
func fitText(s string, width, size float32) string {
	if fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		c := string(rs[:n]) + "…"
		if fyne.MeasureText(c, size, fyne.TextStyle{}).Width <= width {
			return c
		}
	}
	return "…"
}
