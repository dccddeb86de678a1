package annotations

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
)

// Chip is a small tag label in a tint of the tag's colour.
type Chip struct {
	widget.BaseWidget
	bg   *canvas.Rectangle
	text *canvas.Text
	name string
	// fit: the name is cut with "…" to the width the chip is given (the editor's chips,
	// laid out by a uikit.Flow); otherwise names are cut at 22 characters (the list
	// rows' compact chips).
	fit bool
}

// chipPadX and chipPadY are the room around a chip's text.
const chipPadX, chipPadY = 7, 1

func newChip() *Chip {
	c := &Chip{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.bg.CornerRadius = 8
	c.text.TextSize = theme.CaptionTextSize()
	c.ExtendBaseWidget(c)
	return c
}

// Name is the tag name the chip stands for; Text what it shows (cut or whole).
func (c *Chip) Name() string { return c.name }

// Text is what the chip shows: the name, or the name cut with "…".
func (c *Chip) Text() string { return c.text.Text }

func (c *Chip) set(name string, col color.NRGBA) {
	c.name = name
	c.text.Text = textfit.Snippet(name, 22)
	if c.fit {
		c.text.Text = name // cut to the width in Layout
	}
	// An opaque tint of the tag's colour, with the text dark or light, whichever reads.
	bg := tagcolor.Tint(col, theme.Color(theme.ColorNameBackground))
	c.bg.FillColor = bg
	c.text.Color = tagcolor.ReadableOn(bg)
	c.bg.StrokeColor = col
	c.bg.StrokeWidth = 1
	c.Refresh()
}

// cutTo shows the name whole if it fits width, else cut with "…" (the list rows).
func (c *Chip) cutTo(width float32) {
	c.text.Text, _ = textfit.Cut(c.name, max(width-2*chipPadX, 40), textfit.Measurer(c.text.TextSize, c.text.TextStyle))
	c.Refresh()
}

// MinSize is what the whole name needs (a fitting chip may be given less).
func (c *Chip) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	full := c.text.Text
	if c.fit {
		full = c.name
	}
	ts := fyne.MeasureText(full, c.text.TextSize, c.text.TextStyle)
	return fyne.NewSize(ts.Width+2*chipPadX, ts.Height+2*chipPadY)
}

// CreateRenderer draws the tint and the text.
func (c *Chip) CreateRenderer() fyne.WidgetRenderer {
	return &chipRenderer{c: c, objects: []fyne.CanvasObject{c.bg, c.text}}
}

type chipRenderer struct {
	c       *Chip
	objects []fyne.CanvasObject
}

func (r *chipRenderer) Layout(size fyne.Size) {
	c := r.c
	c.bg.Move(fyne.NewPos(0, 0))
	c.bg.Resize(size)
	if c.fit {
		c.text.Text, _ = textfit.Cut(c.name, size.Width-2*chipPadX, textfit.Measurer(c.text.TextSize, c.text.TextStyle))
	}
	c.text.Move(fyne.NewPos(chipPadX, chipPadY))
	c.text.Resize(fyne.NewSize(max(size.Width-2*chipPadX, 0), max(size.Height-2*chipPadY, 0)))
}

func (r *chipRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *chipRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chipRenderer) Destroy()                     {}
func (r *chipRenderer) Refresh() {
	r.Layout(r.c.Size())
	r.c.bg.Refresh()
	r.c.text.Refresh()
}
