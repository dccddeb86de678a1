package teamui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Indicator is the status bar's sync indicator: a small coloured dot and a few words
// (project: up to date · live, syncing…, 3 changes to send, offline: …). A click syncs now.
type Indicator struct {
	widget.BaseWidget
	project string
	blind   bool
	shown   Indication
	onTap   func()
	hover   bool
}

// NewIndicator makes the indicator; onTap runs on a click (sync now).
func NewIndicator(onTap func()) *Indicator {
	i := &Indicator{onTap: onTap, shown: Indication{Kind: Connecting, Text: "Connecting…"}}
	i.ExtendBaseWidget(i)
	return i
}

// Set shows an indication for the project; blind says that it codes blind (why the
// colleagues' annotations are not shown).
func (i *Indicator) Set(project string, blind bool, ind Indication) {
	if i.project == project && i.blind == blind && i.shown == ind {
		return
	}
	i.project, i.blind, i.shown = project, blind, ind
	i.Refresh()
}

// Shown is what the indicator shows.
func (i *Indicator) Shown() Indication { return i.shown }

// Text is the indicator's words as drawn.
func (i *Indicator) Text() string {
	if i.project == "" {
		return i.shown.Text
	}
	name := cut(i.project, 24)
	if i.blind {
		name += " (blind)"
	}
	return name + ": " + i.shown.Text
}

// Tapped syncs now.
func (i *Indicator) Tapped(*fyne.PointEvent) {
	if i.onTap != nil {
		i.onTap()
	}
}

// Cursor is a pointer: the indicator is a button.
func (i *Indicator) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn shows that it can be clicked.
func (i *Indicator) MouseIn(*desktop.MouseEvent) { i.hover = true; i.Refresh() }

// MouseMoved is part of desktop.Hoverable.
func (i *Indicator) MouseMoved(*desktop.MouseEvent) {}

// MouseOut ends the hover.
func (i *Indicator) MouseOut() { i.hover = false; i.Refresh() }

// DotColor is the dot's colour for a kind, from the theme.
func DotColor(k Kind) color.Color {
	name := theme.ColorNameDisabled
	switch k {
	case UpToDate:
		name = theme.ColorNameSuccess
	case Syncing:
		name = theme.ColorNamePrimary
	case Pending:
		name = theme.ColorNameWarning
	case Offline, Failed:
		name = theme.ColorNameError
	}
	return theme.Color(name)
}

func (i *Indicator) CreateRenderer() fyne.WidgetRenderer {
	r := &indicatorRenderer{i: i, bg: canvas.NewRectangle(color.Transparent), dot: canvas.NewCircle(color.Transparent),
		label: widget.NewLabel("")}
	r.label.SizeName = theme.SizeNameCaptionText
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.Refresh()
	return r
}

type indicatorRenderer struct {
	i     *Indicator
	bg    *canvas.Rectangle
	dot   *canvas.Circle
	label *widget.Label
}

const dotSize = 9

func (r *indicatorRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	pad := theme.Padding()
	r.dot.Resize(fyne.NewSize(dotSize, dotSize))
	r.dot.Move(fyne.NewPos(pad, (s.Height-dotSize)/2))
	x := pad + dotSize
	r.label.Move(fyne.NewPos(x, 0))
	r.label.Resize(fyne.NewSize(s.Width-x, s.Height))
}

func (r *indicatorRenderer) MinSize() fyne.Size {
	ls := r.label.MinSize()
	return fyne.NewSize(theme.Padding()+dotSize+ls.Width, ls.Height)
}

func (r *indicatorRenderer) Refresh() {
	r.dot.FillColor = DotColor(r.i.shown.Kind)
	r.dot.Refresh()
	if r.i.hover {
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
	r.label.SetText(r.i.Text())
}

func (r *indicatorRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.dot, r.label}
}

func (r *indicatorRenderer) Destroy() {}

// cut shortens s to n runes with an ellipsis.
func cut(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
