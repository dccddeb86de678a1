package overview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// flowLayout lines its objects up left to right at their minimum sizes and starts a new
// row when one does not fit. Its minimum width is only the widest object's, so a row of
// options never forces the window (or a split beside it) wider; its minimum height is
// that of the rows needed at the width it was last laid out at, which the canvas notices
// and lays the parent out again.
type flowLayout struct {
	width float32 // the last width laid out at; 0 before the first layout
}

func newFlow(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flowLayout{}, objects...)
}

func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objects {
		if o.Visible() {
			widest = fyne.Max(widest, o.MinSize().Width)
		}
	}
	width := l.width
	if width <= 0 {
		width = 1 << 20 // before the first layout: one row
	}
	return fyne.NewSize(widest, l.place(objects, width, false))
}

func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objects, size.Width, true)
}

// place puts the objects in rows no wider than width (a single object wider than that
// gets a row of its own) and returns the height they take; with move it also moves and
// sizes them, each row's objects centred on the row's height.
func (l *flowLayout) place(objects []fyne.CanvasObject, width float32, move bool) float32 {
	pad := theme.Padding()
	var rowStart int
	var x, y, rowH float32
	var visible []fyne.CanvasObject
	for _, o := range objects {
		if o.Visible() {
			visible = append(visible, o)
		}
	}
	finishRow := func(end int) {
		if move {
			cx := float32(0)
			for _, o := range visible[rowStart:end] {
				s := o.MinSize()
				o.Resize(s)
				o.Move(fyne.NewPos(cx, y+(rowH-s.Height)/2))
				cx += s.Width + pad
			}
		}
	}
	for i, o := range visible {
		s := o.MinSize()
		if i > rowStart && x+s.Width > width {
			finishRow(i)
			y += rowH + pad
			x, rowH, rowStart = 0, 0, i
		}
		x += s.Width + pad
		rowH = fyne.Max(rowH, s.Height)
	}
	if len(visible) == 0 {
		return 0
	}
	finishRow(len(visible))
	return y + rowH
}
