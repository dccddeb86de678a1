package uikit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/textfit"
)

// TipLayer draws hover tips over the window's content. Fyne 2.7 has no tooltips, and a
// pop-up is an overlay that takes every mouse event and the keyboard while it shows; a
// layer stacked on the content that holds only a rectangle and text matches no
// hover or tap, so events reach what is under the tip.
type TipLayer struct {
	bg    *canvas.Rectangle
	lines *fyne.Container
	box   *fyne.Container
	layer *fyne.Container
	text  string
}

// tipWidth is the widest a tip grows before it wraps.
const tipWidth float32 = 380

// NewTipLayer is an empty layer; stack Object() over the window's content.
func NewTipLayer() *TipLayer {
	t := &TipLayer{bg: canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground)), lines: container.NewVBox()}
	t.bg.StrokeWidth, t.bg.CornerRadius = 1, 4
	t.box = container.NewStack(t.bg, container.NewPadded(t.lines))
	t.box.Hide()
	t.layer = container.NewWithoutLayout(t.box)
	return t
}

// Object is the layer.
func (t *TipLayer) Object() fyne.CanvasObject { return t.layer }

// Text is the tip shown ("" none).
func (t *TipLayer) Text() string { return t.text }

// Show shows text (paragraphs split by newlines; the first in bold) near the absolute
// position at, kept inside the window.
func (t *TipLayer) Show(text string, at fyne.Position) {
	if text == "" {
		t.Hide()
		return
	}
	t.text = text
	size := theme.TextSize()
	measure := textfit.Measurer(size, fyne.TextStyle{})
	t.lines.Objects = nil
	width := float32(0)
	for i, para := range strings.Split(text, "\n") {
		style := fyne.TextStyle{Bold: i == 0}
		for _, ln := range textfit.Wrap(para, tipWidth, 12, measure) {
			c := canvas.NewText(ln, theme.Color(theme.ColorNameForeground))
			c.TextStyle, c.TextSize = style, size
			width = max(width, fyne.MeasureText(ln, size, style).Width)
			t.lines.Add(c)
		}
	}
	t.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	t.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	min := t.box.MinSize()
	min.Width = max(min.Width, width+2*theme.Padding())
	area := t.layer.Size()
	pos := at.Add(fyne.NewPos(12, 18))
	if area.Width > 0 {
		pos.X = max(0, min32(pos.X, area.Width-min.Width-4))
		if pos.Y+min.Height > area.Height-4 {
			pos.Y = max(0, at.Y-min.Height-8) // above the pointer near the bottom
		}
	}
	t.box.Move(pos)
	t.box.Resize(min)
	t.box.Show()
	t.layer.Refresh()
}

func min32(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}

// Hide removes the tip.
func (t *TipLayer) Hide() {
	t.text = ""
	t.box.Hide()
	t.layer.Refresh()
}

// HoverLabel is a one-line label, ellipsised when it does not fit, whose whole text
// shows in a tip while the pointer is over it.
type HoverLabel struct {
	widget.Label
	tips *TipLayer
}

// NewHoverLabel is an ellipsised label showing its whole text through tips.
func NewHoverLabel(tips *TipLayer) *HoverLabel {
	l := &HoverLabel{tips: tips}
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// MouseIn shows the whole text when the label cuts it.
func (l *HoverLabel) MouseIn(e *desktop.MouseEvent) {
	if l.tips != nil && l.Text != "" {
		l.tips.Show(l.Text, e.AbsolutePosition)
	}
}

// MouseMoved keeps the tip.
func (l *HoverLabel) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the tip.
func (l *HoverLabel) MouseOut() {
	if l.tips != nil {
		l.tips.Hide()
	}
}
