// Package palette is the codebook as the reader's tool: one dense row per tag with its
// colour, hotkey and count, children indented under their parents. A click on a row asks
// the window to tag the selection. It is handed the codebook and the tag counts.
package palette

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
)

// View is the palette.
type View struct {
	onTag   func(tagID string)
	rows    *fyne.Container
	compact *container.ThemeOverride // dense rows: the whole default codebook fits
	hint    *widget.Label
	box     fyne.CanvasObject
	// width is what the longest name needs, with its swatch, indent, count and hotkey.
	width  float32
	byTag  map[string]*Row
	names  map[string]*widget.Label
	counts map[string]*widget.Label
	// shape is what the rows show besides the counts; a codebook of the same shape only
	// updates the counts (every change refreshes the palette).
	shape string
}

// New builds an empty palette; onTag is told the tag of a clicked row.
func New(onTag func(tagID string)) *View {
	p := &View{onTag: onTag, rows: container.NewVBox(), byTag: map[string]*Row{}, names: map[string]*widget.Label{}}
	p.hint = widget.NewLabel("")
	p.hint.SizeName = theme.SizeNameCaptionText
	p.hint.Wrapping = fyne.TextWrapWord
	p.SetSelectionHint(false)
	p.compact = container.NewThemeOverride(container.NewVBox(columnHeads(), p.rows), Compact{})
	scroll := container.NewVScroll(p.compact)
	scroll.SetMinSize(fyne.NewSize(0, 90))
	p.box = container.NewBorder(nil, p.hint, nil, nil, scroll)
	return p
}

// Object is the palette's content.
func (p *View) Object() fyne.CanvasObject { return p.box }

// WantHeight is the height that shows every row and the hint. The rows are measured
// through their theme override, which measures them with its compact padding.
func (p *View) WantHeight() float32 {
	return p.compact.MinSize().Height + p.hint.MinSize().Height + theme.Padding()
}

// WantWidth is the width that shows every name whole.
func (p *View) WantWidth() float32 { return p.width }

// SetSelectionHint says what a click does, with or without a selection in the reader.
func (p *View) SetSelectionHint(selected bool) {
	if selected {
		p.hint.SetText("Press 1–9 or click a tag to tag the selection")
	} else {
		p.hint.SetText("Select text, then press a digit or click a tag")
	}
}

// ThemeChanged makes the next Show build the rows again (and measure them at the new
// text size).
func (p *View) ThemeChanged() { p.shape = "" }

// Row is a tag's row (tests tap it), nil when the tag is not shown.
func (p *View) Row(tagID string) *Row { return p.byTag[tagID] }

// NameLabel is the label of a tag's name (tests measure it), nil when not shown.
func (p *View) NameLabel(tagID string) *widget.Label { return p.names[tagID] }

// Show shows a codebook and its tag counts: the rows are built again when the tags
// changed, only their counts otherwise.
func (p *View) Show(cb *annotate.Codebook, usage map[string]annotate.TagUsage) {
	shape := shapeOf(cb)
	if shape == p.shape {
		for id, l := range p.counts {
			if text := fmt.Sprint(usage[id].Annotations); l.Text != text {
				l.SetText(text)
			}
		}
		return
	}
	p.shape = shape
	p.rows.Objects = nil
	p.byTag = map[string]*Row{}
	p.names = map[string]*widget.Label{}
	p.counts = map[string]*widget.Label{}
	p.width = 0
	for _, t := range cb.Tags() {
		row, name, count := p.newRow(cb, t, usage[t.ID].Annotations)
		p.byTag[t.ID], p.names[t.ID], p.counts[t.ID] = row, name, count
		p.rows.Add(row)
	}
	p.compact.Refresh() // the dense theme reaches the new rows
	for id, row := range p.byTag {
		p.width = fyne.Max(p.width, rowWidth(row, p.names[id]))
	}
	p.rows.Refresh()
}

// The count and key columns: fixed widths, so that the numbers line up under their heads.
const (
	countWidth float32 = 44
	keyWidth   float32 = 22
)

// columnHeads names the two numbers of every row: how many annotations use the tag
// (a parent counts its sub-tags' too, as the search facets do) and its hotkey.
func columnHeads() fyne.CanvasObject {
	head := func(text string, w float32, align fyne.TextAlign) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Italic: true})
		l.SizeName = theme.SizeNameCaptionText
		return container.NewGridWrap(fyne.NewSize(w, 18), l)
	}
	return container.NewBorder(nil, nil, nil,
		container.NewHBox(head("uses", countWidth, fyne.TextAlignTrailing), head("key", keyWidth, fyne.TextAlignCenter)))
}

// shapeOf is everything the rows show of a codebook but the counts.
func shapeOf(cb *annotate.Codebook) string {
	var b strings.Builder
	for _, t := range cb.Tags() {
		fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%d\x00%d\x00%d\x00%s\x01", t.ID, t.Name, t.Color, t.Hotkey,
			cb.Depth(t.ID), len(cb.Children(t.ID)), t.Description)
	}
	return b.String()
}

// newRow is a tag's row: indent, swatch, name, count and hotkey.
func (p *View) newRow(cb *annotate.Codebook, t annotate.Tag, count int) (*Row, *widget.Label, *widget.Label) {
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
	n := widget.NewLabelWithStyle(fmt.Sprintf("%d", count), fyne.TextAlignTrailing, fyne.TextStyle{})
	n.SizeName = theme.SizeNameCaptionText
	indent := canvas.NewRectangle(nil)
	indent.SetMinSize(fyne.NewSize(float32(cb.Depth(t.ID))*16, 1))
	left := container.NewHBox(indent, container.NewCenter(swatch))
	right := container.NewHBox(container.NewGridWrap(fyne.NewSize(countWidth, 22), n), container.NewGridWrap(fyne.NewSize(keyWidth, 22), hot))
	id := t.ID
	row := newRow(container.NewBorder(nil, nil, left, right, name), func() {
		if p.onTag != nil {
			p.onTag(id)
		}
	})
	row.tooltip = t.Description
	row.count = n
	return row, name, n
}

// rowWidth is the width a row needs to show its name whole: its minimum width with the
// name label's (cut) minimum replaced by the whole name, plus room for the scroll bar.
// Call it once the compact theme reached the row.
func rowWidth(row fyne.CanvasObject, name *widget.Label) float32 {
	th := Compact{}
	text := fyne.MeasureText(name.Text, th.Size(theme.SizeNameText), name.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
	return row.MinSize().Width - name.MinSize().Width + text + theme.ScrollBarSize() + 2*theme.Padding()
}
