package reader

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/apptheme"
)

// MaxColumn caps the text column for a comfortable line length (about 75 characters).
const MaxColumn float32 = 720

// Reader shows one article. Offsets everywhere are code points of the canonical text.
type Reader struct {
	widget.BaseWidget

	// OnSelectionChanged is called after every change of the selection.
	OnSelectionChanged func(start, end int)
	// OnDigit is called for keys 1–9 typed while the reader has focus.
	OnDigit func(digit int)
	// OnHighlightClicked is called when a click (not a drag) lands on highlights: their
	// ids, innermost lane last, and the absolute position of the click.
	OnHighlightClicked func(ids []string, at fyne.Position)
	// OnHover is told the highlights under the pointer (innermost lane last), then the
	// suggested passages' outlines there, and the pointer's absolute position whenever
	// they change; nil ids when it leaves them.
	OnHover func(ids []string, at fyne.Position)
	// OnFind is called for '/' typed in the reader (open the find bar).
	OnFind func()
	// OnOtherShortcut receives the shortcuts the reader does not handle itself (Ctrl+Z and
	// Ctrl+Y reach a focused widget, not the main menu: the driver names them Undo and
	// Redo, which no custom menu shortcut matches).
	OnOtherShortcut func(s fyne.Shortcut)
	// OnOutlineClicked is called when a click (not a drag) lands on suggested passages
	// and on no highlight: their ids, innermost lane last.
	OnOutlineClicked func(ids []string, at fyne.Position)
	// OnOtherKey receives the keys the reader does not use itself (Enter, Delete…).
	OnOtherKey func(e *fyne.KeyEvent)

	text       []rune
	layout     *Layout
	cache      *WordCache
	fontSize   float32
	highlights []Highlight

	anchor, caret int // the selection is [min, max)
	scroll        float32
	focused       bool
	shift         bool

	flash          [2]int
	flashAlpha     float32
	flashAnimation *fyne.Animation

	mouse mouseState
	hover []string // the highlights under the pointer, as last told to OnHover
	// finds are the find bar's matches, drawn as marks; findCurrent is the one chosen.
	finds       [][2]int
	findCurrent int
	// stripes shows the coding stripes margin; stripeCache is its layout (nil: stale).
	stripes     bool
	stripeCache []Stripe
	// pendingTop is a reading position asked for before the first layout (-1: none).
	pendingTop int
	// outlines are the suggested passages (dashed outlines); markedOutline the one chosen.
	outlines      []Outline
	markedOutline string
}

// New returns an empty reader.
func New() *Reader {
	r := &Reader{pendingTop: -1}
	r.ExtendBaseWidget(r)
	return r
}

// SetText replaces the text (canonical form) and its highlights, clearing the selection.
func (r *Reader) SetText(text string, hs []Highlight) {
	r.text = []rune(text)
	r.highlights = hs
	SortHighlights(r.highlights)
	r.outlines, r.markedOutline = nil, "" // they were the old text's
	r.stripeCache = nil
	r.anchor, r.caret, r.scroll = 0, 0, 0
	r.layout = nil
	r.pendingTop = -1
	r.relayout()
	r.Refresh()
}

// SetHighlights replaces the highlights, keeping text, selection and scroll position.
func (r *Reader) SetHighlights(hs []Highlight) {
	r.highlights = hs
	SortHighlights(r.highlights)
	r.stripeCache = nil
	r.Refresh()
}

// SetStripes shows or hides the coding stripes margin beside the text.
func (r *Reader) SetStripes(on bool) {
	if r.stripes == on {
		return
	}
	r.stripes = on
	r.relayout() // the text column makes room for the margin
	r.scroll = r.clampScroll(r.scroll)
	r.Refresh()
}

// Stripes reports whether the coding stripes show.
func (r *Reader) Stripes() bool { return r.stripes }

// stripeLayout is the coding stripes of the current layout (cached).
func (r *Reader) stripeLayout() []Stripe {
	if r.stripeCache == nil && r.layout != nil {
		r.stripeCache = r.layout.Stripes(r.highlights)
	}
	return r.stripeCache
}

// SetFinds marks the find bar's matches (code point spans, in order) and the current
// one (-1 none); nil clears them.
func (r *Reader) SetFinds(spans [][2]int, current int) {
	r.finds, r.findCurrent = spans, current
	r.Refresh()
}

// Text returns the text as code points.
func (r *Reader) Text() []rune { return r.text }

// Layout returns the current layout (nil before the first size).
func (r *Reader) Layout() *Layout { return r.layout }

// Selection returns the selected span [start, end).
func (r *Reader) Selection() (start, end int) {
	return min(r.anchor, r.caret), max(r.anchor, r.caret)
}

// SelectedText returns the selected text.
func (r *Reader) SelectedText() string {
	s, e := r.Selection()
	return string(r.text[s:e])
}

// Select sets the selection to [start, end), keeping the caret at end.
func (r *Reader) Select(start, end int) {
	r.setSelection(start, end)
	r.Refresh()
}

func (r *Reader) setSelection(anchor, caret int) {
	anchor = max(0, min(anchor, len(r.text)))
	caret = max(0, min(caret, len(r.text)))
	if anchor == r.anchor && caret == r.caret {
		return
	}
	r.anchor, r.caret = anchor, caret
	if r.OnSelectionChanged != nil {
		s, e := r.Selection()
		r.OnSelectionChanged(s, e)
	}
}

// Scroll returns the vertical scroll offset in pixels.
func (r *Reader) Scroll() float32 { return r.scroll }

// ScrollTo scrolls by pixels from the top (clamped).
func (r *Reader) ScrollTo(y float32) {
	r.scroll = r.clampScroll(y)
	r.Refresh()
}

// TopOffset is the offset of the first line at the top of the view (the reading
// position to remember).
func (r *Reader) TopOffset() int {
	if r.layout == nil || len(r.layout.Lines) == 0 {
		return 0
	}
	g := r.geometry()
	n := max(0, min(len(r.layout.Lines)-1, int(r.scroll/g.lineHeight)))
	return r.layout.Lines[n].Start
}

// ScrollToOffset scrolls so that the line holding offset i is at the top of the view.
func (r *Reader) ScrollToOffset(i int) {
	if r.layout == nil {
		r.pendingTop = i
		return
	}
	g := r.geometry()
	r.ScrollTo(float32(r.layout.LineAt(i)) * g.lineHeight)
}

// Reveal scrolls so that offset i is visible, with some context above it.
func (r *Reader) Reveal(i int) {
	if r.layout == nil {
		return
	}
	g := r.geometry()
	y := float32(r.layout.LineAt(i)) * g.lineHeight
	if y < r.scroll || y+g.lineHeight > r.scroll+g.viewHeight-2*g.top {
		r.ScrollTo(y - g.viewHeight/3)
	}
}

// Flash reveals [start, end) and pulses a bright frame over it for a moment.
func (r *Reader) Flash(start, end int) {
	r.Reveal(start)
	r.flash = [2]int{start, end}
	if r.flashAnimation != nil {
		r.flashAnimation.Stop()
	}
	r.flashAnimation = fyne.NewAnimation(900*time.Millisecond, func(f float32) {
		r.flashAlpha = 1 - f
		r.Refresh()
	})
	r.flashAlpha = 1
	r.flashAnimation.Start()
	r.Refresh()
}

// Resize re-wraps the text when the width changes, keeping the first visible line's
// text at the top.
func (r *Reader) Resize(s fyne.Size) {
	old := r.Size()
	r.BaseWidget.Resize(s)
	if old.Width != s.Width || r.layout == nil {
		r.relayout()
	}
	r.scroll = r.clampScroll(r.scroll)
	r.Refresh()
}

// Relayout measures and wraps the text again with the theme's current font and size
// (the settings changed), keeping the first visible line's text at the top.
func (r *Reader) Relayout() {
	r.cache = nil
	r.relayout()
	r.scroll = r.clampScroll(r.scroll)
	r.Refresh()
}

// MinSize is small: the reader scrolls.
func (r *Reader) MinSize() fyne.Size { return fyne.NewSize(200, 120) }

func (r *Reader) textStyle() (float32, fyne.TextStyle) {
	return theme.TextSize() * 1.15, fyne.TextStyle{}
}

func (r *Reader) relayout() {
	size, style := r.textStyle()
	if r.cache == nil || r.fontSize != size {
		r.fontSize = size
		r.cache = NewWordCache(func(s string) float32 { return fyne.MeasureText(s, size, style).Width })
		r.cache.SetShape(NewFyneShape(size))
	}
	g := r.geometry()
	// The passage being read stays where it is on screen when the width changes (the
	// search panel opens, the window is resized): the selection when it is in view,
	// otherwise the line at the middle of the view.
	anchor, anchorY := -1, float32(0)
	if r.layout != nil && len(r.layout.Lines) > 0 && g.lineHeight > 0 {
		first, last := r.visibleLines(g)
		s, _ := r.Selection()
		if n := r.layout.LineAt(s); r.focused && n >= first && n <= last {
			anchor = s
		} else {
			mid := max(0, min(len(r.layout.Lines)-1, int((r.scroll+g.viewHeight/2-g.top)/g.lineHeight)))
			anchor = r.layout.Lines[mid].Start
		}
		anchorY = float32(r.layout.LineAt(anchor))*g.lineHeight - r.scroll
	}
	r.layout = Wrap(r.text, g.column, r.cache)
	r.stripeCache = nil
	if anchor >= 0 {
		r.scroll = float32(r.layout.LineAt(anchor))*g.lineHeight - anchorY
	}
	if r.pendingTop >= 0 && r.Size().Width > 0 {
		r.scroll = float32(r.layout.LineAt(r.pendingTop)) * g.lineHeight
		r.pendingTop = -1
	}
}

// geometry is where things are in the widget for its current size.
type geometry struct {
	left, top, column    float32 // text column origin and width
	lineHeight, textHigh float32
	viewHeight           float32
	scrollbar            float32 // x where the scroll bar starts
	stripes              float32 // x where the coding stripes start (0: not shown)
}

// StripeMargin is the room the coding stripes take beside the text column.
const StripeMargin float32 = 190

const scrollbarWidth float32 = 10

func (r *Reader) geometry() geometry {
	size := r.Size()
	fs, style := r.textStyle()
	th := fyne.MeasureText("Hg", fs, style).Height
	pad := theme.Padding() * 4
	avail := size.Width - scrollbarWidth - 2*pad
	margin := float32(0)
	if r.stripes {
		margin = min(StripeMargin, avail/3)
		avail -= margin
	}
	col := max(min(avail, MaxColumn), 40)
	g := geometry{
		left: pad + max(0, (avail-col)/2), top: pad, column: col,
		lineHeight: float32(int(th*1.5 + 0.5)), textHigh: th,
		viewHeight: size.Height, scrollbar: size.Width - scrollbarWidth,
	}
	if r.stripes {
		g.stripes = g.left + col + pad
	}
	return g
}

// ContentHeight is the height of all lines plus margins.
func (r *Reader) ContentHeight() float32 {
	if r.layout == nil {
		return 0
	}
	g := r.geometry()
	return float32(len(r.layout.Lines))*g.lineHeight + 2*g.top
}

func (r *Reader) clampScroll(y float32) float32 {
	maxScroll := max(0, r.ContentHeight()-r.Size().Height)
	return max(0, min(y, maxScroll))
}

// visibleLines returns the first and last line index on screen.
func (r *Reader) visibleLines(g geometry) (int, int) {
	if r.layout == nil || len(r.layout.Lines) == 0 {
		return 0, -1
	}
	first := int((r.scroll - g.top) / g.lineHeight)
	last := int((r.scroll+g.viewHeight-g.top)/g.lineHeight) + 1
	return max(0, first), min(len(r.layout.Lines)-1, last)
}

// offsetAt maps a position in the widget to a caret offset.
func (r *Reader) offsetAt(p fyne.Position) int {
	if r.layout == nil {
		return 0
	}
	g := r.geometry()
	return r.layout.HitTest(p.X-g.left, p.Y+r.scroll-g.top, g.lineHeight)
}

// highlightAlpha keeps tag colours translucent enough for the text to stay readable on
// the theme's background.
func highlightAlpha() uint8 {
	if apptheme.IsDark() {
		return 0x8C
	}
	return 0x60
}

// Translucent returns c with the reader's highlight alpha.
func Translucent(c color.NRGBA) color.NRGBA {
	c.A = highlightAlpha()
	return c
}

// CreateRenderer draws the visible part only.
func (r *Reader) CreateRenderer() fyne.WidgetRenderer {
	return newRenderer(r)
}

// PositionOf returns the point in the widget (vertically centred in its line) of the
// caret before offset i; used by tests and to anchor pop-ups next to a span.
func (r *Reader) PositionOf(i int) fyne.Position {
	if r.layout == nil || len(r.layout.Lines) == 0 {
		return fyne.Position{}
	}
	g := r.geometry()
	n := r.layout.LineAt(i)
	return fyne.NewPos(g.left+r.layout.X(n, i), g.top+float32(n)*g.lineHeight-r.scroll+g.lineHeight/2)
}
