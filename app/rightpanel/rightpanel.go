// Package rightpanel is the window's right panel: the codebook palette (the tool of the
// day) above the open article's annotations, in a split, beside the centre. It holds no
// content of its own; it sizes what it is given. The panel is at least as wide as the
// codebook's longest name needs, and the divider stays where the whole palette shows,
// also while the annotation editor is open: the editor takes the annotation list's room
// and scrolls when even that is not enough. Once the analyst
// drags a divider, their choice stands.
package rightpanel

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/app/uikit"
)

// Panel widths: the least the panel takes whatever the codebook, and the most a long
// tag name may claim before it is cut with an ellipsis.
const (
	MinWidth float32 = 300
	MaxWidth float32 = 460
	// NarrowWidth is the least the panel takes in a narrow window, where its minimum is
	// at most NarrowShare of the window's width.
	NarrowWidth float32 = 220
	NarrowShare float32 = 0.27
)

// Palette is the upper pane: how high and wide it wants to be to show every tag whole.
type Palette interface {
	Object() fyne.CanvasObject
	WantHeight() float32
	WantWidth() float32
}

// List is the annotation list: its first row must stay visible under the editor.
type List interface {
	Object() fyne.CanvasObject
	FirstRowHeight() float32
}

// Panel lays the palette, the editor and the annotation list out.
type Panel struct {
	palette     Palette
	editor      fyne.CanvasObject
	list        List
	windowWidth func() float32

	split  *container.Split // palette | editor and list
	bottom *fyne.Container  // the editor above the list
	box    fyne.CanvasObject
	tabs   *container.AppTabs // the list and what AddTab added beside it (nil: the list alone)

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

// New builds the panel from its parts; windowWidth is the window's width now.
func New(palette Palette, editor fyne.CanvasObject, list List, windowWidth func() float32) *Panel {
	p := &Panel{palette: palette, editor: editor, list: list, windowWidth: windowWidth}
	top := container.NewBorder(uikit.SectionTitle("Codebook"), nil, nil, nil, palette.Object())
	// The editor scrolls inside the lower pane rather than pushing the divider up: the
	// codebook keeps its height while an annotation is open.
	listBox := container.NewBorder(uikit.SectionTitle("Annotations in this article"), nil, nil, nil, list.Object())
	bottom := container.New(&editorFirst{editor: editor}, container.NewVScroll(editor), listBox)
	p.bottom = bottom
	p.split = container.NewVSplit(top, bottom)
	p.split.Offset = 0.55
	p.box = container.New(&panelLayout{p: p}, p.split)
	return p
}

// Beside puts centre to the left of the panel, in a split whose divider follows the
// width the codebook's names need; it returns what the window lays out.
func (p *Panel) Beside(centre fyne.CanvasObject) fyne.CanvasObject {
	p.inner = container.NewHSplit(centre, p.box)
	p.inner.SetOffset(0.75)
	p.widths = &centreSplitLayout{p: p}
	return container.New(p.widths, p.inner)
}

// Object is the panel alone.
func (p *Panel) Object() fyne.CanvasObject { return p.box }

// Divider is the split between the palette and the annotations.
func (p *Panel) Divider() *container.Split { return p.split }

// CentreDivider is the split between the centre and the panel (nil before Beside).
func (p *Panel) CentreDivider() *container.Split { return p.inner }

// Refit follows a change of what the panes need (editor shown or hidden, codebook):
// the divider moves, and the panel's width follows the codebook's names.
func (p *Panel) Refit() {
	p.fit(p.height)
	p.refitWidth()
	p.bottom.Refresh() // the editor shown or hidden: lay the lower pane out again
}

// paletteHeight is the height the top pane needs to show every tag.
func (p *Panel) paletteHeight() float32 {
	return uikit.SectionTitleHeight() + theme.Padding() + p.palette.WantHeight()
}

// fit moves the divider for a panel of height h (a new size, the editor shown or hidden,
// another codebook), unless the analyst moved it.
func (p *Panel) fit(h float32) {
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
	off := float64(p.paletteHeight() / avail)
	off = min(max(off, 0.2), 0.8)
	p.autoOffset = off
	p.split.SetOffset(off)
}

// editorFirst lays the lower pane out: the editor (in a scroll) as high as it wants, at
// most the pane's height, and the annotation list in the rest. Its small minimum lets
// the divider stay where the whole codebook shows.
type editorFirst struct{ editor fyne.CanvasObject }

func (l *editorFirst) MinSize(objects []fyne.CanvasObject) fyne.Size {
	w := max(objects[0].MinSize().Width, objects[1].MinSize().Width)
	return fyne.NewSize(w, uikit.SectionTitleHeight()+theme.Padding())
}

func (l *editorFirst) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	h := float32(0)
	if l.editor.Visible() {
		h = min(l.editor.MinSize().Height, size.Height)
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(fyne.NewSize(size.Width, h))
	objects[0].Refresh()
	// A list squeezed to a sliver is hidden rather than drawn over the editor.
	rest := size.Height - h
	if rest < uikit.SectionTitleHeight()+24 {
		objects[1].Hide()
		return
	}
	objects[1].Show()
	objects[1].Move(fyne.NewPos(0, h))
	objects[1].Resize(fyne.NewSize(size.Width, rest))
}

// panelLayout gives the split all the room and fits the divider to each new height.
type panelLayout struct{ p *Panel }

func (l *panelLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	min := objects[0].MinSize()
	// A fixed minimum, not the names' width: the reader comes first in a narrow window,
	// and a minimum that followed the window's width would stop the analyst from making
	// the window narrower. centreSplitLayout gives the panel the width its names need.
	min.Width = fyne.Max(min.Width, NarrowWidth)
	return min
}

func (l *panelLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if size.Height != l.p.height {
		l.p.fit(size.Height)
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// WantWidth is the width the panel takes unless the analyst drags its divider: what the
// codebook's names need (within MinWidth and MaxWidth), at most NarrowShare of a narrow
// window (long names then end in an ellipsis).
func (p *Panel) WantWidth(window float32) float32 {
	want := min(fyne.Max(MinWidth, p.palette.WantWidth()), MaxWidth)
	if window > 0 {
		want = min(want, fyne.Max(NarrowWidth, window*NarrowShare))
	}
	return want
}

// fitWidth sets the divider between the centre and the panel for a width w of both,
// unless the analyst dragged it.
func (p *Panel) fitWidth(w float32) {
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
	off := float64((avail - p.WantWidth(p.windowWidth())) / avail)
	off = min(max(off, 0.3), 0.9)
	p.innerAuto = off
	s.Offset = off
}

// refitWidth follows a new codebook (its names may need another width).
func (p *Panel) refitWidth() {
	if p.widths != nil && p.widths.width > 0 {
		before := p.inner.Offset
		p.fitWidth(p.widths.width)
		if before != p.inner.Offset {
			p.inner.Refresh()
		}
	}
}

// centreSplitLayout holds the centre | panel split and fits its divider to each width.
type centreSplitLayout struct {
	p     *Panel
	width float32
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

// Bottom is the lower pane: the editor's scroll above the annotation list (tests).
func (p *Panel) Bottom() *fyne.Container { return p.bottom }
