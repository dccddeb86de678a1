package app

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
)

const maxChips = 4

// noteLines is how many lines of a note the list shows before an ellipsis.
const noteLines = 3

// annotationList lists the open article's annotations in text order; clicking one
// scrolls the reader to it, flashes it and opens it in the editor. Rows are as high as
// their content: a note shows up to noteLines wrapped lines.
type annotationList struct {
	wb    *Workbench
	items []annotate.Annotation
	list  *keyList
	box   fyne.CanvasObject // the list, watching its width to wrap notes again
	width float32           // the list's width the row heights were measured for
	probe *fyne.Container   // a row outside the list, filled to measure heights
}

func newAnnotationList(wb *Workbench) *annotationList {
	l := &annotationList{wb: wb}
	l.list = newKeyList(
		func() int { return len(l.items) },
		newAnnotationRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(l.items) {
				l.fill(l.items[i], o.(*fyne.Container))
			}
		},
		wb.typedRune)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.items) {
			wb.SelectAnnotation(l.items[i].ID, true)
		}
	}
	l.probe = newAnnotationRow().(*fyne.Container)
	l.box = container.New(&widthLayout{onWidth: l.setWidth}, l.list)
	return l
}

func newAnnotationRow() fyne.CanvasObject {
	strip := canvas.NewRectangle(color.Transparent)
	strip.SetMinSize(fyne.NewSize(5, 10))
	quote := widget.NewLabelWithStyle("quote", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	quote.Truncation = fyne.TextTruncateEllipsis
	chips := container.NewHBox()
	for i := 0; i < maxChips; i++ {
		chips.Add(newChip())
	}
	note := widget.NewLabel("note")
	note.Truncation = fyne.TextTruncateEllipsis // guards against a rounding overflow
	meta := widget.NewLabel("meta")
	meta.SizeName = theme.SizeNameCaptionText
	meta.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, strip, nil, container.NewVBox(quote, chips, note, meta))
}

// setWidth measures the rows again when the list's width changes (notes re-wrap).
func (l *annotationList) setWidth(w float32) {
	if w == l.width {
		return
	}
	l.width = w
	l.measure()
	l.list.Refresh()
}

// noteWidth is the room for a note's text in a row of the list.
func (l *annotationList) noteWidth() float32 {
	if l.width <= 0 {
		return 0
	}
	return l.width - 5 - theme.Padding() - 2*theme.InnerPadding() - 4
}

// noteText is the note as drawn: up to noteLines lines wrapped to the row.
func (l *annotationList) noteText(note string) string {
	note = "✎ " + strings.TrimSpace(note)
	w := l.noteWidth()
	if w <= 0 {
		return textfit.Snippet(note, 120)
	}
	return strings.Join(textfit.Wrap(note, w, noteLines, textfit.Measurer(theme.TextSize(), fyne.TextStyle{})), "\n")
}

// measure sets each row's height from its content at the current width.
func (l *annotationList) measure() {
	for i, a := range l.items {
		l.fill(a, l.probe)
		l.list.SetItemHeight(i, l.probe.MinSize().Height)
	}
}

// firstRowHeight is the height of the first row (or of an empty one).
func (l *annotationList) firstRowHeight() float32 {
	if len(l.items) > 0 {
		l.fill(l.items[0], l.probe)
	}
	return l.probe.MinSize().Height
}

func (l *annotationList) fill(a annotate.Annotation, row *fyne.Container) {
	wb := l.wb
	var strip *canvas.Rectangle
	var body *fyne.Container
	for _, o := range row.Objects {
		switch v := o.(type) {
		case *canvas.Rectangle:
			strip = v
		case *fyne.Container:
			body = v
		}
	}
	cols := wb.tagColors(a.TagIDs)
	strip.FillColor = cols[0]
	strip.Refresh()
	quote := body.Objects[0].(*widget.Label)
	quote.SetText("“" + textfit.Snippet(a.Exact, 120) + "”")
	chips := body.Objects[1].(*fyne.Container)
	room := l.noteWidth() // the row's width for the chips, shared in order
	for i, o := range chips.Objects {
		c := o.(*chip)
		if i < len(a.TagIDs) {
			t, _ := wb.codebook.Tag(a.TagIDs[i])
			c.set(t.Name, tagcolor.Parse(t.Color))
			if room > 0 {
				// The name whole when the row has room (22 characters cut names that fit).
				c.text.Text, _ = textfit.Cut(t.Name, max(room-2*chipPadX, 40), textfit.Measurer(c.text.TextSize, c.text.TextStyle))
				c.Refresh()
				room -= c.MinSize().Width + theme.Padding()
			}
			c.Show()
		} else {
			c.Hide()
		}
	}
	note := body.Objects[2].(*widget.Label)
	switch {
	case a.State == annotate.Orphaned:
		note.SetText("⚠ Not found in the current text: kept as orphaned")
		note.Importance = widget.WarningImportance
		note.Show()
	case strings.TrimSpace(a.Note) != "":
		note.SetText(l.noteText(a.Note))
		note.Importance = widget.MediumImportance
		note.Show()
	default:
		note.SetText("")
		note.Hide() // no blank line in a row without a note
	}
	note.Refresh()
	meta := body.Objects[3].(*widget.Label)
	parts := []string{}
	if a.Author != "" {
		parts = append(parts, a.Author)
	}
	parts = append(parts, a.Created.Local().Format("2 Jan 2006 15:04"))
	if extra := len(a.TagIDs) - maxChips; extra > 0 {
		parts = append(parts, fmt.Sprintf("+%d tags", extra))
	}
	meta.SetText(strings.Join(parts, " · "))
}

func (l *annotationList) reload(anns []annotate.Annotation) {
	l.items = anns
	l.measure()
	l.list.UnselectAll()
	l.list.Refresh()
}

func (l *annotationList) selectID(id string) {
	for i, a := range l.items {
		if a.ID == id {
			l.list.ScrollTo(i)
			return
		}
	}
}

// widthLayout gives its one object all the room and says when the width changes.
type widthLayout struct {
	onWidth func(float32)
}

func (l *widthLayout) MinSize(objects []fyne.CanvasObject) fyne.Size { return objects[0].MinSize() }

func (l *widthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
	l.onWidth(size.Width)
}

// chip is a small coloured tag label.
type chip struct {
	widget.BaseWidget
	bg   *canvas.Rectangle
	text *canvas.Text
	name string
	// fit: the name is cut with "…" to the width the chip is given (the editor's chips,
	// laid out by chipFlowLayout); otherwise names are cut at 22 characters (the list
	// rows' compact chips).
	fit bool
}

// chipPadX and chipPadY are the room around a chip's text.
const chipPadX, chipPadY = 7, 1

func newChip() *chip {
	c := &chip{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.bg.CornerRadius = 8
	c.text.TextSize = theme.CaptionTextSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *chip) set(name string, col color.NRGBA) {
	c.name = name
	c.text.Text = textfit.Snippet(name, 22)
	if c.fit {
		c.text.Text = name // cut to the width in Layout
	}
	// An opaque tint of the tag's colour: it keeps its look on a selected (primary-tinted)
	// row, where a translucent one took on the selection's colour. The text is dark or
	// light, whichever reads on the tint.
	bg := chipTint(col, theme.Color(theme.ColorNameBackground))
	c.bg.FillColor = bg
	c.text.Color = readableOn(bg)
	c.bg.StrokeColor = col
	c.bg.StrokeWidth = 1
	c.Refresh()
}

// chipTint mixes a tag colour into the background, 45 % of the colour.
func chipTint(col color.NRGBA, background color.Color) color.NRGBA {
	b := color.NRGBAModel.Convert(background).(color.NRGBA)
	mix := func(x, y uint8) uint8 { return uint8((float32(x)*45 + float32(y)*55) / 100) }
	return color.NRGBA{R: mix(col.R, b.R), G: mix(col.G, b.G), B: mix(col.B, b.B), A: 0xFF}
}

// readableOn returns near-black or white text, whichever contrasts more with bg.
func readableOn(bg color.NRGBA) color.NRGBA {
	dark, light := color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}, color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	if contrast(bg, dark) >= contrast(bg, light) {
		return dark
	}
	return light
}

// luminance is the relative luminance of c (WCAG), 0 black to 1 white.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG contrast ratio of two colours (1 to 21).
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a)+0.05, luminance(b)+0.05
	if la < lb {
		la, lb = lb, la
	}
	return la / lb
}

// MinSize is what the whole name needs (a fitting chip may be given less).
func (c *chip) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	full := c.text.Text
	if c.fit {
		full = c.name
	}
	ts := fyne.MeasureText(full, c.text.TextSize, c.text.TextStyle)
	return fyne.NewSize(ts.Width+2*chipPadX, ts.Height+2*chipPadY)
}

func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	return &chipRenderer{c: c, objects: []fyne.CanvasObject{c.bg, c.text}}
}

type chipRenderer struct {
	c       *chip
	objects []fyne.CanvasObject
}

func (r *chipRenderer) Layout(size fyne.Size) {
	c := r.c
	c.bg.Move(fyne.NewPos(0, 0))
	c.bg.Resize(size)
	if c.fit {
		c.text.Text, _ = textfit.Cut(c.name, size.Width-2*chipPadX, textfit.Measurer(c.text.TextSize, c.text.TextStyle))
	}
	c.text.Move(fyne.NewPos(chipPadX, chipPadY))
	c.text.Resize(fyne.NewSize(max(size.Width-2*chipPadX, 0), max(size.Height-2*chipPadY, 0)))
}

func (r *chipRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *chipRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chipRenderer) Destroy()                     {}
func (r *chipRenderer) Refresh() {
	r.Layout(r.c.Size())
	r.c.bg.Refresh()
	r.c.text.Refresh()
}

// annotationEditor edits the selected annotation: its tags, its note, or deletes it.
type annotationEditor struct {
	wb     *Workbench
	id     string
	quote  *widget.Label
	warn   *widget.Label
	tags   *fyne.Container
	addTag *widget.Select
	note   *widget.Entry
	box    *fyne.Container
}

func newAnnotationEditor(wb *Workbench) *annotationEditor {
	e := &annotationEditor{wb: wb}
	e.quote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.quote.Wrapping = fyne.TextWrapWord
	e.warn = widget.NewLabel("⚠ This annotation's quote is not in the current text: it is kept as orphaned.")
	e.warn.Importance = widget.WarningImportance
	e.warn.Wrapping = fyne.TextWrapWord
	e.tags = container.New(&chipFlowLayout{})
	e.addTag = widget.NewSelect(nil, nil)
	e.addTag.PlaceHolder = "Add tag…"
	e.note = widget.NewMultiLineEntry()
	e.note.SetPlaceHolder("Note: your reading of this passage")
	e.note.Wrapping = fyne.TextWrapWord
	e.note.SetMinRowsVisible(3)
	save := widget.NewButtonWithIcon("Save note", theme.DocumentSaveIcon(), e.saveNote)
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), e.delete)
	del.Importance = widget.DangerImportance
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), e.hide)
	closeBtn.Importance = widget.LowImportance
	e.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, closeBtn, sectionTitle("Selected annotation")),
		e.quote, e.warn, e.tags, e.addTag, e.note,
		container.NewHBox(save, layout.NewSpacer(), del), widget.NewSeparator())
	e.box.Hide()
	return e
}

// ID is the annotation open in the editor ("" when hidden).
func (e *annotationEditor) ID() string { return e.id }

func (e *annotationEditor) show(a annotate.Annotation) {
	if e.id != "" && e.id != a.ID {
		e.saveIfChanged()
	}
	first := e.id != a.ID
	e.id = a.ID
	e.fill(a, first)
	e.box.Show()
	e.wb.right.refit()
}

func (e *annotationEditor) fill(a annotate.Annotation, resetNote bool) {
	wb := e.wb
	e.quote.SetText("“" + textfit.Snippet(a.Exact, 300) + "”")
	if a.State == annotate.Orphaned {
		e.warn.Show()
	} else {
		e.warn.Hide()
	}
	e.tags.Objects = nil
	for _, id := range a.TagIDs {
		t, _ := wb.codebook.Tag(id)
		c := newChip()
		id := id
		remove := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
			res, err := wb.ws.RemoveAnnotationTag(e.id, id)
			wb.afterCommand(res, err)
		})
		remove.Importance = widget.LowImportance
		c.fit = true
		c.set(t.Name, tagcolor.Parse(t.Color))
		e.tags.Add(container.NewBorder(nil, nil, nil, remove, c))
	}
	e.tags.Refresh()
	var options []string
	paths := map[string]string{}
	for _, t := range wb.codebook.Tags() {
		if !a.HasTag(t.ID) {
			p := wb.codebook.Path(t.ID)
			options = append(options, p)
			paths[p] = t.ID
		}
	}
	e.addTag.OnChanged = nil
	e.addTag.SetOptions(options)
	e.addTag.ClearSelected()
	e.addTag.OnChanged = func(p string) {
		if id, ok := paths[p]; ok {
			res, err := wb.ws.AddAnnotationTag(e.id, id)
			wb.afterCommand(res, err)
		}
	}
	if resetNote {
		e.note.SetText(a.Note)
	}
}

// refresh re-reads the annotation after a change (it may be gone after undo).
func (e *annotationEditor) refresh() {
	if e.id == "" {
		return
	}
	a, ok := e.wb.annotation(e.id)
	if !ok {
		e.hide()
		return
	}
	e.fill(a, strings.TrimSpace(e.note.Text) == strings.TrimSpace(a.Note) || e.note.Text == "")
}

func (e *annotationEditor) saveIfChanged() {
	if a, ok := e.wb.annotation(e.id); ok && strings.TrimSpace(e.note.Text) != strings.TrimSpace(a.Note) {
		e.saveNote()
	}
}

func (e *annotationEditor) saveNote() {
	if e.id == "" {
		return
	}
	res, err := e.wb.ws.SetAnnotationNote(e.id, e.note.Text)
	e.wb.afterCommand(res, err)
}

func (e *annotationEditor) delete() {
	if e.id == "" {
		return
	}
	res, err := e.wb.ws.DeleteAnnotation(e.id)
	e.id = ""
	e.box.Hide()
	e.wb.right.refit()
	e.wb.afterCommand(res, err)
}

func (e *annotationEditor) hide() {
	if e.id != "" {
		e.saveIfChanged()
	}
	e.id = ""
	e.box.Hide()
	e.wb.right.refit()
}

// chipFlowLayout lays the editor's chips out in rows like Fyne's RowWrapLayout, but gives
// each chip the width its name needs only up to the container's width (the name then ends
// in "…") and asks for no more than chipFlowMinWidth: a long tag name neither overflows
// the panel nor holds it wide.
type chipFlowLayout struct {
	width float32 // at the last layout; the minimum height is the rows' at this width
}

// chipFlowMinWidth is the narrowest the chips' area asks for.
const chipFlowMinWidth = 120

func (l *chipFlowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
		}
	}
	width := l.width
	if width <= 0 {
		width = min(w, chipFlowMinWidth)
	}
	return fyne.NewSize(min(w, chipFlowMinWidth), l.flow(objects, width, false))
}

func (l *chipFlowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.flow(objects, size.Width, true)
}

// flow places the chips in rows of width (moving them when place) and returns the height.
func (l *chipFlowLayout) flow(objects []fyne.CanvasObject, width float32, place bool) float32 {
	pad := theme.Padding()
	var rowH float32
	for _, o := range objects {
		if o.Visible() {
			rowH = fyne.Max(rowH, o.MinSize().Height)
		}
	}
	x, y := float32(0), float32(0)
	first := true
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		w := min(o.MinSize().Width, width)
		if !first && x+w > width {
			x, y = 0, y+rowH+pad
		}
		first = false
		if place {
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, rowH))
		}
		x += w + pad
	}
	if first {
		return 0
	}
	return y + rowH
}
