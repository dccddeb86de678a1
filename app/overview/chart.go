package overview

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/textfit"
)

// drawing is what a chart draws at one size: its objects (positioned), the size it needs
// at least, and the areas that answer a tap.
type drawing struct {
	objects []fyne.CanvasObject
	min     fyne.Size
	hits    []hitArea
}

type hitArea struct {
	rect  [4]float32 // x, y, w, h
	onTap func()
	tip   string
}

// chart is a widget drawn natively with canvas objects by a draw function, redrawn at
// every resize and theme change.
type chart struct {
	widget.BaseWidget
	draw    func(size fyne.Size) drawing
	last    drawing
	hover   *widget.Label // shows the tip of the area under the mouse, when set
	minSize fyne.Size
}

func newChart(draw func(size fyne.Size) drawing) *chart {
	c := &chart{draw: draw}
	c.ExtendBaseWidget(c)
	return c
}

func (c *chart) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

// Tapped runs the action of the area tapped (a heat map cell).
func (c *chart) Tapped(e *fyne.PointEvent) {
	if h := c.hitAt(e.Position); h != nil && h.onTap != nil {
		h.onTap()
	}
}

func (c *chart) hitAt(p fyne.Position) *hitArea {
	for i := range c.last.hits {
		r := c.last.hits[i].rect
		if p.X >= r[0] && p.Y >= r[1] && p.X < r[0]+r[2] && p.Y < r[1]+r[3] {
			return &c.last.hits[i]
		}
	}
	return nil
}

// MouseIn, MouseMoved and MouseOut show what is under the pointer.
func (c *chart) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }
func (c *chart) MouseMoved(e *desktop.MouseEvent) {
	if c.hover == nil {
		return
	}
	tip := ""
	if h := c.hitAt(e.Position); h != nil {
		tip = h.tip
	}
	if c.hover.Text != tip {
		c.hover.SetText(tip)
	}
}
func (c *chart) MouseOut() {
	if c.hover != nil {
		c.hover.SetText("")
	}
}

type chartRenderer struct {
	c    *chart
	size fyne.Size
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.c.last = r.c.draw(size)
}

func (r *chartRenderer) MinSize() fyne.Size {
	d := r.c.draw(fyne.NewSize(0, 0))
	return fyne.NewSize(max(d.min.Width, r.c.minSize.Width), max(d.min.Height, r.c.minSize.Height))
}

func (r *chartRenderer) Refresh() {
	r.c.last = r.c.draw(r.size)
	canvas.Refresh(r.c)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.c.last.objects }
func (r *chartRenderer) Destroy()                     {}

// renderPNG draws a chart at size into an image, off screen, in the current theme, under
// a title and a subtitle (each left out when "").
func renderPNG(draw func(fyne.Size) drawing, size fyne.Size, title, subtitle string) image.Image {
	c := software.NewCanvas()
	c.SetPadded(false)
	min := draw(size).min // at the width drawn: a legend wraps to fewer rows than at width 0
	size = fyne.NewSize(max(size.Width, min.Width), max(size.Height, min.Height))
	ch := newChart(draw)
	ch.Resize(size)
	top := float32(0)
	objects := []fyne.CanvasObject{canvas.NewRectangle(theme.Color(theme.ColorNameBackground))}
	for _, line := range []struct {
		s    string
		size float32
		bold bool
	}{{title, textSize(), true}, {subtitle, smallSize(), false}} {
		if line.s == "" {
			continue
		}
		t := text(ellipsize(line.s, size.Width-2*pad, line.size), pad, top+pad/2, -1, line.size, fg(), line.bold)
		objects = append(objects, t)
		top += pad/2 + t.MinSize().Height
	}
	ch.Move(fyne.NewPos(0, top))
	objects = append(objects, ch)
	c.SetContent(&fyne.Container{Layout: pngLayout{}, Objects: objects})
	c.Resize(fyne.NewSize(size.Width, top+size.Height))
	return c.Capture()
}

// pngLayout stretches the background (first object) over the image and leaves the rest
// where renderPNG put them.
type pngLayout struct{}

func (pngLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

func (pngLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// Drawing helpers.

func rect(x, y, w, h float32, fill color.Color) *canvas.Rectangle {
	r := canvas.NewRectangle(fill)
	r.Move(fyne.NewPos(x, y))
	r.Resize(fyne.NewSize(max(w, 0), max(h, 0)))
	return r
}

func line(x1, y1, x2, y2 float32, c color.Color) *canvas.Line {
	l := canvas.NewLine(c)
	l.StrokeWidth = 1
	l.Position1 = fyne.NewPos(x1, y1)
	l.Position2 = fyne.NewPos(x2, y2)
	return l
}

// text places a label; align -1 puts x at its left, 0 at its centre, 1 at its right.
func text(s string, x, y float32, align int, size float32, c color.Color, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle.Bold = bold
	w := t.MinSize().Width
	switch align {
	case 0:
		x -= w / 2
	case 1:
		x -= w
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(t.MinSize())
	return t
}

func textWidth(s string, size float32) float32 {
	return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
}

// ellipsize shortens s to fit width, ending it with "…".
func ellipsize(s string, width, size float32) string {
	out, _ := textfit.Cut(s, width, textfit.Measurer(size, fyne.TextStyle{}))
	return out
}

func fg() color.Color    { return theme.Color(theme.ColorNameForeground) }
func muted() color.Color { return theme.Color(theme.ColorNamePlaceHolder) }
func grid() color.Color  { return theme.Color(theme.ColorNameSeparator) }
func textSize() float32  { return theme.TextSize() }
func smallSize() float32 { return theme.CaptionTextSize() }

// niceMax rounds a maximum up to 1, 2 or 5 × 10^k for the axis.
func niceMax(v int) int {
	if v <= 0 {
		return 1
	}
	step := 1
	for {
		for _, m := range []int{1, 2, 5} {
			if m*step >= v {
				return m * step
			}
		}
		step *= 10
	}
}

// tickFractions places axis labels at 0, the middle and the end, leaving out the middle
// when it would not be a whole number (an axis of 1 read "0 0 1").
func tickFractions(axisMax int) []float32 {
	if axisMax%2 != 0 {
		return []float32{0, 1}
	}
	return []float32{0, 0.5, 1}
}
