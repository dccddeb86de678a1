package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The right panel: the codebook palette (the tool of the day) above the open article's
// annotations, in a split. The panel is at least as wide as the codebook's longest name
// needs, and the divider starts where the whole palette shows; while the annotation
// editor is open it moves up to make room for it. Once the analyst drags the divider,
// their choice stands.

// Panel widths: the least the panel takes whatever the codebook, and the most a long
// tag name may claim before it is cut with an ellipsis.
const (
	panelMinWidth float32 = 300
	panelMaxWidth float32 = 460
	// panelNarrowWidth is the least the panel takes in a narrow window, where its
	// minimum is at most panelNarrowShare of the window's width.
	panelNarrowWidth float32 = 220
	panelNarrowShare float32 = 0.27
)

type rightPanel struct {
	wb    *Workbench
	split *container.Split
	box   fyne.CanvasObject

	height     float32 // the height last laid out at
	autoOffset float64 // the offset last set here; the split holding another means a drag
	userMoved  bool

	// inner is the split between the centre and this panel; innerAuto the offset last
	// set by fitWidth, innerUserMoved once the analyst dragged its divider.
	inner          *container.Split
	innerAuto      float64
	innerUserMoved bool
	widths         *centreSplitLayout
}

func newRightPanel(wb *Workbench) *rightPanel {
	p := &rightPanel{wb: wb}
	top := container.NewBorder(sectionTitle("Codebook"), nil, nil, nil, wb.palette.box)
	bottom := container.NewBorder(wb.editor.box, nil, nil, nil,
		container.NewBorder(sectionTitle("Annotations in this article"), nil, nil, nil, wb.notes.box))
	p.split = container.NewVSplit(top, bottom)
	p.split.Offset = 0.55
	p.box = container.New(&panelLayout{p: p}, p.split)
	return p
}

// paletteHeight is the height the top pane needs to show every tag.
func (p *rightPanel) paletteHeight() float32 {
	return sectionTitleHeight() + theme.Padding() + p.wb.palette.wantHeight()
}

// fit moves the divider for a panel of height h (a new size, the editor shown or hidden,
// another codebook), unless the analyst moved it.
func (p *rightPanel) fit(h float32) {
	if h <= 0 {
		return
	}
	p.height = h
	if p.autoOffset != 0 && p.split.Offset != p.autoOffset {
		p.userMoved = true
	}
	if p.userMoved {
		return
	}
	avail := h - 2*theme.Padding() // the divider
	want := p.paletteHeight()
	off := float64(want / avail)
	if p.wb.editor.box.Visible() {
		// The editor and at least one annotation below it come first.
		lower := p.wb.editor.box.MinSize().Height + sectionTitleHeight() + p.wb.notes.firstRowHeight() + 2*theme.Padding()
		off = min(off, float64((avail-lower)/avail))
		off = max(off, 0.3)
	}
	off = min(max(off, 0.2), 0.8)
	p.autoOffset = off
	p.split.SetOffset(off)
}

// refit follows a change of what the panes need (editor shown or hidden, codebook).
func (p *rightPanel) refit() {
	if p != nil {
		p.fit(p.height)
	}
}

// panelLayout gives the split all the room and fits the divider to each new height.
type panelLayout struct{ p *rightPanel }

func (l *panelLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	min := objects[0].MinSize()
	// A fixed minimum, not the names' width: the reader comes first in a narrow window,
	// and a minimum that followed the window's width would stop the analyst from making
	// the window narrower. centreSplitLayout gives the panel the width its names need.
	min.Width = fyne.Max(min.Width, panelNarrowWidth)
	return min
}

func (l *panelLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if size.Height != l.p.height {
		l.p.fit(size.Height)
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// wantWidth is the width the panel takes unless the analyst drags its divider: what the
// codebook's names need (within panelMinWidth and panelMaxWidth), at most
// panelNarrowShare of a narrow window (long names then end in an ellipsis).
func (p *rightPanel) wantWidth(window float32) float32 {
	want := min32(fyne.Max(panelMinWidth, p.wb.palette.wantWidth()), panelMaxWidth)
	if window > 0 {
		want = min32(want, fyne.Max(panelNarrowWidth, window*panelNarrowShare))
	}
	return want
}

// fitWidth sets the divider between the centre and the panel for a width w of both,
// unless the analyst dragged it.
func (p *rightPanel) fitWidth(w float32) {
	s := p.inner
	if s == nil || w <= 0 {
		return
	}
	if p.innerAuto != 0 && s.Offset != p.innerAuto {
		p.innerUserMoved = true
	}
	if p.innerUserMoved {
		return
	}
	avail := w - 2*theme.Padding() // the divider
	off := float64((avail - p.wantWidth(p.wb.win.Canvas().Size().Width)) / avail)
	off = min(max(off, 0.3), 0.9)
	p.innerAuto = off
	s.Offset = off
}

// centreSplitLayout holds the centre | right panel split and fits its divider to each width.
type centreSplitLayout struct {
	p     *rightPanel
	width float32
	want  float32
}

func (l *centreSplitLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

func (l *centreSplitLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	before := l.p.inner.Offset
	l.p.fitWidth(size.Width)
	objects[0].Move(fyne.NewPos(0, 0))
	if objects[0].Size() == size && before != l.p.inner.Offset {
		l.p.inner.Refresh() // same size, new divider: lay the split out again
		return
	}
	objects[0].Resize(size)
}

// refitWidth follows a new codebook (its names may need another width).
func (p *rightPanel) refitWidth() {
	if p.widths != nil && p.widths.width > 0 {
		before := p.inner.Offset
		p.fitWidth(p.widths.width)
		if before != p.inner.Offset {
			p.inner.Refresh()
		}
	}
}

func min32(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}

func sectionTitleHeight() float32 {
	return widget.NewLabelWithStyle("Codebook", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Height
}

// compactTheme is the app's theme with less padding, for dense rows (the palette).
type compactTheme struct{}

func (compactTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (c compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.base().Color(n, v)
}
func (c compactTheme) Font(s fyne.TextStyle) fyne.Resource     { return c.base().Font(s) }
func (c compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return c.base().Icon(n) }
func (c compactTheme) Size(n fyne.ThemeSizeName) float32 {
	s := c.base().Size(n)
	switch n {
	case theme.SizeNameInnerPadding:
		return s / 2
	case theme.SizeNamePadding:
		return s / 2
	}
	return s
}
