package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Flow lays its objects out like words in a paragraph: left to right at their minimum
// sizes, a new row when the next one does not fit, each object centred on its row's
// height. An object wider than the flow is cut to its width (a chip then ends its name in
// "…"). Its minimum width is its widest object's, or at most MaxMinWidth when that is set,
// so a long chip or a row of options never holds a panel or the window wide; its minimum
// height is that of the rows at the width it was last laid out at (before that, at its
// minimum width), which the canvas notices and lays the parent out again.
type Flow struct {
	// MaxMinWidth caps the width the flow asks for (0: no cap).
	MaxMinWidth float32
	width       float32 // at the last layout; 0 before the first
}

// NewFlow returns a container laying objects out in a Flow with no width cap.
func NewFlow(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&Flow{}, objects...)
}

// NewCappedFlow returns a container laying objects out in a Flow that asks for at most
// maxMinWidth.
func NewCappedFlow(maxMinWidth float32, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&Flow{MaxMinWidth: maxMinWidth}, objects...)
}

// MinSize is the widest object (capped) by the height of the rows.
func (f *Flow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objects {
		if o.Visible() {
			widest = fyne.Max(widest, o.MinSize().Width)
		}
	}
	if f.MaxMinWidth > 0 {
		widest = min(widest, f.MaxMinWidth)
	}
	width := f.width
	if width <= 0 {
		width = widest
	}
	return fyne.NewSize(widest, f.place(objects, width, false))
}

// Layout places the objects in rows of the given width.
func (f *Flow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	f.place(objects, size.Width, true)
}

// place puts the visible objects in rows no wider than width and returns the height they
// take; with move it also moves and sizes them.
func (f *Flow) place(objects []fyne.CanvasObject, width float32, move bool) float32 {
	pad := theme.Padding()
	var visible []fyne.CanvasObject
	for _, o := range objects {
		if o.Visible() {
			visible = append(visible, o)
		}
	}
	if len(visible) == 0 {
		return 0
	}
	var x, y, rowH float32
	rowStart := 0
	finishRow := func(end int) {
		if !move {
			return
		}
		cx := float32(0)
		for _, o := range visible[rowStart:end] {
			s := o.MinSize()
			w := min(s.Width, width)
			o.Resize(fyne.NewSize(w, s.Height))
			o.Move(fyne.NewPos(cx, y+(rowH-s.Height)/2))
			cx += w + pad
		}
	}
	for i, o := range visible {
		s := o.MinSize()
		w := min(s.Width, width)
		if i > rowStart && x+w > width {
			finishRow(i)
			y += rowH + pad
			x, rowH, rowStart = 0, 0, i
		}
		x += w + pad
		rowH = fyne.Max(rowH, s.Height)
	}
	finishRow(len(visible))
	return y + rowH
}
