package agreementui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/textfit"
)

// Table shows an agreement report: tags × measures, each chance-corrected measure on a
// cell painted by Krippendorff's thresholds with its value written in it. Pointing at a
// cell says what it is and, for an undefined measure, why; a click on a tag row asks for
// its disagreements.
type Table struct {
	widget.BaseWidget
	// OnTag is called when a used tag's row is clicked (nil: rows do not answer).
	OnTag func(tagID string)
	// OnHover is told what the cell under the pointer means ("" when it leaves).
	OnHover func(tip string)

	rows    []tableRow
	widths  [numColumns]float32
	hovered int // row under the pointer, -1 none
}

// NewTable returns an empty table.
func NewTable() *Table {
	t := &Table{hovered: -1}
	t.ExtendBaseWidget(t)
	return t
}

// SetReport puts a report in the table (nil empties it); showUnused keeps the tags nobody
// used. It returns how many unused tags are left out.
func (t *Table) SetReport(rep *agreement.Report, cb *annotate.Codebook, showUnused bool) int {
	var hidden int
	t.rows, hidden = buildRows(rep, cb, showUnused)
	t.hovered = -1
	t.Refresh()
	return hidden
}

// Rows is how many rows the table shows, the overall row included (tests).
func (t *Table) Rows() int { return len(t.rows) }

// Metrics: the table's text sizes and spacing come from the theme.
func cellPad() float32    { return theme.Padding() * 1.25 }
func rowHeight() float32  { return theme.TextSize() + 4*theme.Padding() }
func indentStep() float32 { return theme.TextSize() }
func swatchSize() float32 { return theme.TextSize() * 0.8 }

// maxTagWidth caps the tag column; longer names end in "…" (the tip has the path).
const maxTagWidth = 300

func measure(s string, bold bool) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: bold}).Width
}

// columnWidths fits each column to its widest text.
func columnWidths(rows []tableRow) [numColumns]float32 {
	var w [numColumns]float32
	pad := cellPad()
	for c := range columns {
		w[c] = measure(columns[c].title, true) + 2*pad
	}
	for _, r := range rows {
		tagW := float32(r.depth)*indentStep() + swatchSize() + pad + measure(r.name, r.overall) + 2*pad
		w[colTag] = max(w[colTag], min(tagW, maxTagWidth))
		for c := colObserved; c < numColumns; c++ {
			w[c] = max(w[c], measure(r.cells[c].text, r.overall)+2*pad)
		}
	}
	return w
}

// MinSize fits every column and row.
func (t *Table) MinSize() fyne.Size {
	w := columnWidths(t.rows)
	var total float32
	for _, x := range w {
		total += x
	}
	return fyne.NewSize(total, float32(len(t.rows)+1)*rowHeight()+1)
}

// rowAt is the row under a point (-1 for the header or nothing).
func (t *Table) rowAt(p fyne.Position) int {
	i := int(p.Y/rowHeight()) - 1
	if p.Y < 0 || i < 0 || i >= len(t.rows) {
		return -1
	}
	return i
}

func (t *Table) columnAt(x float32) int {
	var left float32
	for c, w := range t.widths {
		if x < left+w {
			return c
		}
		left += w
	}
	return -1
}

// Tapped opens the disagreements of the tag clicked.
func (t *Table) Tapped(e *fyne.PointEvent) {
	i := t.rowAt(e.Position)
	if i < 0 || t.OnTag == nil {
		return
	}
	if r := t.rows[i]; !r.overall && r.used {
		t.OnTag(r.tagID)
	}
}

// Cursor is a pointing hand over the rows that answer a click.
func (t *Table) Cursor() desktop.Cursor {
	if t.hovered >= 0 && t.OnTag != nil && !t.rows[t.hovered].overall && t.rows[t.hovered].used {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// MouseIn, MouseMoved and MouseOut mark the row under the pointer and explain its cell.
func (t *Table) MouseIn(e *desktop.MouseEvent) { t.MouseMoved(e) }

func (t *Table) MouseMoved(e *desktop.MouseEvent) {
	i := t.rowAt(e.Position)
	tip := ""
	if c := t.columnAt(e.Position.X); c >= 0 {
		if i >= 0 {
			tip = t.rows[i].cells[c].tip
		} else if e.Position.Y >= 0 && e.Position.Y < rowHeight() {
			tip = columns[c].tip
		}
	}
	if t.OnHover != nil {
		t.OnHover(tip)
	}
	if i != t.hovered {
		t.hovered = i
		t.Refresh()
	}
}

func (t *Table) MouseOut() {
	if t.OnHover != nil {
		t.OnHover("")
	}
	if t.hovered != -1 {
		t.hovered = -1
		t.Refresh()
	}
}

// CreateRenderer draws the table with canvas objects.
func (t *Table) CreateRenderer() fyne.WidgetRenderer { return &tableRenderer{t: t} }

type tableRenderer struct {
	t       *Table
	objects []fyne.CanvasObject
}

func (r *tableRenderer) Layout(fyne.Size)             { r.build() }
func (r *tableRenderer) MinSize() fyne.Size           { return r.t.MinSize() }
func (r *tableRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *tableRenderer) Destroy()                     {}
func (r *tableRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.t)
}

// build lays every cell out at the widget's width (the tag column takes what is left).
func (r *tableRenderer) build() {
	t := r.t
	t.widths = columnWidths(t.rows)
	var sum float32
	for _, w := range t.widths {
		sum += w
	}
	// Room for names cut at the minimum width, short of a scroll bar over the right edge.
	if extra := t.Size().Width - sum - theme.ScrollBarSize() - theme.Padding(); extra > 0 && len(t.rows) > 0 {
		t.widths[colTag] += min(extra, maxTagWidth)
	}
	r.objects = r.objects[:0]
	if len(t.rows) == 0 {
		return
	}
	var width float32
	for _, w := range t.widths {
		width += w
	}
	h, pad := rowHeight(), cellPad()
	fg := theme.Color(theme.ColorNameForeground)
	add := func(o fyne.CanvasObject) { r.objects = append(r.objects, o) }
	// Header.
	x := float32(0)
	for c := range columns {
		align := 1
		if c == colTag {
			align = -1
		}
		add(cellText(columns[c].title, x, 0, t.widths[c], h, align, fg, true))
		x += t.widths[c]
	}
	add(hline(0, h, width, theme.Color(theme.ColorNameSeparator)))
	for i, row := range t.rows {
		y := float32(i+1) * h
		if i == t.hovered && !row.overall && row.used && t.OnTag != nil {
			add(box(0, y, width, h, theme.Color(theme.ColorNameHover)))
		}
		if row.overall {
			add(hline(0, y, width, theme.Color(theme.ColorNameSeparator)))
		}
		textColour := fg
		if !row.used {
			textColour = theme.Color(theme.ColorNamePlaceHolder)
		}
		// Tag: indent, swatch, name.
		left := pad + float32(row.depth)*indentStep()
		if !row.overall {
			s := swatchSize()
			sw := box(left, y+(h-s)/2, s, s, row.colour)
			sw.CornerRadius = 2
			add(sw)
			left += s + pad
		}
		name, _ := textfit.Cut(row.name, t.widths[colTag]-left-pad, textfit.Measurer(theme.TextSize(), fyne.TextStyle{Bold: row.overall}))
		add(cellText(name, left-pad, y, t.widths[colTag], h, -1, textColour, row.overall))
		x := t.widths[colTag]
		for c := colObserved; c < numColumns; c++ {
			cl := row.cells[c]
			colour := textColour
			if cl.band != bandNone {
				bg, text := cl.band.fill()
				cellBox := box(x+2, y+2, t.widths[c]-4, h-4, bg)
				cellBox.CornerRadius = 3
				add(cellBox)
				colour = text
			}
			add(cellText(cl.text, x, y, t.widths[c], h, 1, colour, row.overall))
			x += t.widths[c]
		}
	}
}

// cellText places s in a cell [x, x+w) × [y, y+h): align -1 left, 1 right.
func cellText(s string, x, y, w, h float32, align int, c color.Color, bold bool) *canvas.Text {
	tx := canvas.NewText(s, c)
	tx.TextSize = theme.TextSize()
	tx.TextStyle.Bold = bold
	size := tx.MinSize()
	pad := cellPad()
	px := x + pad
	if align > 0 {
		px = x + w - pad - size.Width
	}
	tx.Move(fyne.NewPos(px, y+(h-size.Height)/2))
	tx.Resize(size)
	return tx
}

func box(x, y, w, h float32, fill color.Color) *canvas.Rectangle {
	b := canvas.NewRectangle(fill)
	b.Move(fyne.NewPos(x, y))
	b.Resize(fyne.NewSize(max(w, 0), max(h, 0)))
	return b
}

func hline(x, y, w float32, c color.Color) *canvas.Rectangle { return box(x, y, w, 1, c) }
