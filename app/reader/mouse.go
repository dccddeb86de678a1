package reader

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"gloss.app/gloss/app/async"
)

// DoubleClickTime is the longest pause between the presses of a double click. Double
// clicks are detected here from MouseDown times: implementing fyne.DoubleTappable
// would make the driver delay every single click.
var DoubleClickTime = 450 * time.Millisecond

type mouseState struct {
	down        bool
	moved       bool
	onScrollbar bool
	clicks      int
	lastDown    time.Time
	lastPos     fyne.Position
	pos         fyne.Position // the latest drag position
	stopScroll  func()        // ends the auto-scroll; nil while none runs
}

var (
	_ desktop.Mouseable  = (*Reader)(nil)
	_ fyne.Draggable     = (*Reader)(nil)
	_ fyne.Scrollable    = (*Reader)(nil)
	_ desktop.Cursorable = (*Reader)(nil)
)

var _ desktop.Hoverable = (*Reader)(nil)

// MouseIn starts following the pointer over highlights.
func (r *Reader) MouseIn(e *desktop.MouseEvent) { r.MouseMoved(e) }

// MouseMoved tells OnHover when the pointer enters or leaves highlights (not while a
// button is held: a drag is selecting).
func (r *Reader) MouseMoved(e *desktop.MouseEvent) {
	if r.OnHover == nil || r.layout == nil {
		return
	}
	var ids []string
	g := r.geometry()
	if !r.mouse.down && e.Position.X < g.scrollbar {
		if off := r.charAt(e.Position); r.onText(e.Position, off) {
			ids = At(r.highlights, off)
			ids = append(ids, OutlinesAt(r.outlines, off)...)
		}
	}
	if !sameIDs(ids, r.hover) {
		r.hover = ids
		r.OnHover(ids, e.AbsolutePosition)
	}
}

// MouseOut ends the hover.
func (r *Reader) MouseOut() {
	if r.hover != nil && r.OnHover != nil {
		r.hover = nil
		r.OnHover(nil, fyne.Position{})
	}
}

// onText reports whether p lies on the drawn text of its line (not in the margin or
// past the line's end), where off is the character under it.
func (r *Reader) onText(p fyne.Position, off int) bool {
	g := r.geometry()
	y := p.Y + r.scroll - g.top
	if y < 0 || y >= float32(len(r.layout.Lines))*g.lineHeight {
		return false
	}
	n := int(y / g.lineHeight)
	x := p.X - g.left
	return x >= 0 && x < r.layout.Geometry(n).Width && off < len(r.text)
}

func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Cursor is the text beam.
func (r *Reader) Cursor() desktop.Cursor { return desktop.TextCursor }

// Scrolled moves the view with the mouse wheel or touchpad.
func (r *Reader) Scrolled(e *fyne.ScrollEvent) {
	r.ScrollTo(r.scroll - e.Scrolled.DY)
}

// MouseDown starts a selection (shift extends it; a second and third press in quick
// succession select the word and the paragraph).
func (r *Reader) MouseDown(e *desktop.MouseEvent) {
	if e.Button != desktop.MouseButtonPrimary {
		return
	}
	r.focus()
	r.MouseOut() // a press hides the hover tip
	m := &r.mouse
	m.down, m.moved, m.pos = true, false, e.Position
	g := r.geometry()
	if e.Position.X >= g.scrollbar {
		m.onScrollbar = true
		r.scrollbarJump(e.Position.Y, g)
		return
	}
	m.onScrollbar = false
	now := time.Now()
	d := e.Position.Subtract(m.lastPos)
	if now.Sub(m.lastDown) <= DoubleClickTime && d.X*d.X+d.Y*d.Y < 25 {
		m.clicks++
	} else {
		m.clicks = 1
	}
	m.lastDown, m.lastPos = now, e.Position
	shift := r.mouseShift(e)
	off := r.offsetAt(e.Position)
	switch {
	case m.clicks == 2:
		r.setSelection(WordAt(r.text, r.charAt(e.Position)))
	case m.clicks >= 3:
		r.setSelection(ParagraphAt(r.text, off))
	case shift:
		r.setSelection(r.anchor, off)
	default:
		r.setSelection(off, off)
	}
	r.Refresh()
}

// Dragged extends the selection to the pointer; outside the widget it scrolls.
func (r *Reader) Dragged(e *fyne.DragEvent) {
	m := &r.mouse
	if m.onScrollbar {
		g := r.geometry()
		total := r.ContentHeight()
		if total > g.viewHeight {
			r.ScrollTo(r.scroll + e.Dragged.DY*total/g.viewHeight)
		}
		return
	}
	if !m.down { // a drag without a press (touch, or test.Drag): start where it began
		m.down, m.clicks = true, 1
		start := e.Position.Subtract(fyne.NewDelta(e.Dragged.DX, e.Dragged.DY))
		off := r.offsetAt(start)
		r.setSelection(off, off)
	}
	m.moved, m.pos = true, e.Position
	r.extendTo(e.Position)
	if e.Position.Y < 0 || e.Position.Y > r.Size().Height {
		r.startAutoScroll()
	} else {
		r.stopAutoScroll()
	}
}

// DragEnd finishes a drag selection.
func (r *Reader) DragEnd() {
	r.stopAutoScroll()
	if !r.mouse.onScrollbar {
		r.mouse.down = false
	}
}

// MouseUp ends a press; a plain click on highlighted text reports the highlights.
func (r *Reader) MouseUp(e *desktop.MouseEvent) {
	m := &r.mouse
	r.stopAutoScroll()
	wasDown, moved := m.down, m.moved
	m.down = false
	if m.onScrollbar || e.Button != desktop.MouseButtonPrimary || !wasDown || moved || m.clicks != 1 || r.mouseShift(e) {
		return
	}
	off := r.charAt(e.Position)
	if ids := At(r.highlights, off); len(ids) > 0 && r.OnHighlightClicked != nil {
		r.OnHighlightClicked(ids, e.AbsolutePosition)
	} else if ids := OutlinesAt(r.outlines, off); len(ids) > 0 && r.OnOutlineClicked != nil && r.onText(e.Position, off) {
		r.OnOutlineClicked(ids, e.AbsolutePosition)
	}
}

// extendTo moves the caret end of the selection to the point, by words after a double
// click.
func (r *Reader) extendTo(p fyne.Position) {
	off := r.offsetAt(p)
	if r.mouse.clicks == 2 {
		ws, we := WordAt(r.text, r.charAt(p))
		if off >= r.anchor {
			off = max(off, we)
		} else {
			off = min(off, ws)
		}
	}
	r.setSelection(r.anchor, off)
	r.Refresh()
}

// charAt returns the offset of the character under the point (not the nearest caret).
func (r *Reader) charAt(p fyne.Position) int {
	if r.layout == nil || len(r.layout.Lines) == 0 {
		return 0
	}
	g := r.geometry()
	y := p.Y + r.scroll - g.top
	n := max(0, min(int(y/g.lineHeight), len(r.layout.Lines)-1))
	return r.layout.CharAt(n, p.X-g.left)
}

func (r *Reader) scrollbarJump(y float32, g geometry) {
	total := r.ContentHeight()
	if total <= g.viewHeight {
		return
	}
	h := max(24, g.viewHeight*g.viewHeight/total)
	thumbY := (g.viewHeight - h) * r.scroll / (total - g.viewHeight)
	if y < thumbY || y > thumbY+h { // outside the thumb: centre it on the pointer
		r.ScrollTo((y - h/2) / (g.viewHeight - h) * (total - g.viewHeight))
	}
}

// startAutoScroll keeps scrolling while the pointer is held beyond the top or bottom
// edge, even when it does not move.
func (r *Reader) startAutoScroll() {
	if r.mouse.stopScroll != nil {
		return
	}
	r.mouse.stopScroll = async.Every(40*time.Millisecond, r.autoScrollStep)
}

func (r *Reader) stopAutoScroll() {
	if r.mouse.stopScroll != nil {
		r.mouse.stopScroll()
		r.mouse.stopScroll = nil
	}
}

// autoScrollStep scrolls faster the further the pointer is beyond the edge.
func (r *Reader) autoScrollStep() {
	if !r.mouse.down || r.mouse.stopScroll == nil {
		return
	}
	p, h := r.mouse.pos, r.Size().Height
	switch {
	case p.Y < 0:
		r.scroll = r.clampScroll(r.scroll - min(8-p.Y/2, 120))
	case p.Y > h:
		r.scroll = r.clampScroll(r.scroll + min(8+(p.Y-h)/2, 120))
	default:
		return
	}
	r.extendTo(p)
}
