package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"gloss.app/gloss/app/tagcolor"
)

// palette is the codebook: one row per tag with its colour, hotkey and count, children
// indented under their parents. Clicking a row tags the selection.
type palette struct {
	wb      *Workbench
	rows    *fyne.Container
	compact *container.ThemeOverride // dense rows: the whole default codebook fits
	hint    *widget.Label
	box     fyne.CanvasObject
	// width is what the longest name needs, with its swatch, indent, count and hotkey.
	width float32
	// byTag lets tests and the window find a tag's row.
	byTag map[string]*tapRow
}

func newPalette(wb *Workbench) *palette {
	p := &palette{wb: wb, rows: container.NewVBox(), byTag: map[string]*tapRow{}}
	p.hint = widget.NewLabel("Select text, then press a digit or click a tag")
	p.hint.SizeName = theme.SizeNameCaptionText
	p.hint.Wrapping = fyne.TextWrapWord
	p.compact = container.NewThemeOverride(p.rows, compactTheme{})
	scroll := container.NewVScroll(p.compact)
	scroll.SetMinSize(fyne.NewSize(0, 90))
	p.box = container.NewBorder(nil, p.hint, nil, nil, scroll)
	return p
}

// wantHeight is the height that shows every row and the hint. The rows are measured
// through their theme override, which measures them with its compact padding.
func (p *palette) wantHeight() float32 {
	return p.compact.MinSize().Height + p.hint.MinSize().Height + theme.Padding()
}

// wantWidth is the width that shows every name whole.
func (p *palette) wantWidth() float32 { return p.width }

func (p *palette) setSelectionHint(selected bool) {
	if selected {
		p.hint.SetText("Press 1–9 or click a tag to tag the selection")
	} else {
		p.hint.SetText("Select text, then press a digit or click a tag")
	}
}

// reload rebuilds the rows from the codebook snapshot.
func (p *palette) reload() {
	cb := p.wb.codebook
	p.rows.Objects = nil
	p.byTag = map[string]*tapRow{}
	p.width = 0
	var names []*widget.Label
	for _, t := range cb.Tags() {
		t := t
		swatch := canvas.NewRectangle(tagcolor.Parse(t.Color))
		swatch.CornerRadius = 3
		swatch.SetMinSize(fyne.NewSize(14, 14))
		name := widget.NewLabel(t.Name)
		name.Truncation = fyne.TextTruncateEllipsis
		if cb.Depth(t.ID) == 0 && len(cb.Children(t.ID)) > 0 {
			name.TextStyle.Bold = true
		}
		key := ""
		if t.Hotkey > 0 {
			key = fmt.Sprintf("%d", t.Hotkey)
		}
		hot := widget.NewLabelWithStyle(key, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		count := widget.NewLabel(fmt.Sprintf("%d", p.wb.usage[t.ID].Annotations))
		count.SizeName = theme.SizeNameCaptionText
		indent := canvas.NewRectangle(nil)
		indent.SetMinSize(fyne.NewSize(float32(cb.Depth(t.ID))*16, 1))
		left := container.NewHBox(indent, container.NewCenter(swatch))
		right := container.NewHBox(count, container.NewGridWrap(fyne.NewSize(22, 22), hot))
		row := newTapRow(container.NewBorder(nil, nil, left, right, name), func() { p.wb.TagSelection(t.ID) })
		row.tooltip = t.Description
		p.byTag[t.ID] = row
		p.rows.Add(row)
		names = append(names, name)
	}
	p.compact.Refresh() // the dense theme reaches the new rows
	for i, row := range p.rows.Objects {
		p.width = fyne.Max(p.width, rowWidth(row, names[i]))
	}
	p.rows.Refresh()
	p.wb.right.refit()
	p.wb.right.refitWidth()
}

// rowWidth is the width a row needs to show its name whole: its minimum width with the
// name label's (cut) minimum replaced by the whole name, plus room for the scroll bar.
// Call it once the compact theme reached the row.
func rowWidth(row fyne.CanvasObject, name *widget.Label) float32 {
	th := compactTheme{}
	text := fyne.MeasureText(name.Text, th.Size(theme.SizeNameText), name.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
	return row.MinSize().Width - name.MinSize().Width + text + theme.ScrollBarSize() + 2*theme.Padding()
}

// tapRow is a row that reacts to clicks and shows hover, like a flat button.
type tapRow struct {
	widget.BaseWidget
	content  fyne.CanvasObject
	bg       *canvas.Rectangle
	onTap    func()
	tooltip  string
	hovering bool
}

func newTapRow(content fyne.CanvasObject, onTap func()) *tapRow {
	r := &tapRow{content: content, onTap: onTap, bg: canvas.NewRectangle(nil)}
	r.bg.CornerRadius = 4
	r.ExtendBaseWidget(r)
	return r
}

func (r *tapRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(layout.NewStackLayout(), r.bg, r.content))
}

// Tapped runs the action.
func (r *tapRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// Cursor is a pointer, as over a button.
func (r *tapRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn shows hover.
func (r *tapRow) MouseIn(*desktop.MouseEvent) {
	r.bg.FillColor = theme.Color(theme.ColorNameHover)
	r.bg.Refresh()
}

// MouseMoved is needed for desktop.Hoverable.
func (r *tapRow) MouseMoved(*desktop.MouseEvent) {}

// MouseOut clears hover.
func (r *tapRow) MouseOut() {
	r.bg.FillColor = nil
	r.bg.Refresh()
}
