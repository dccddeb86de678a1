package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

const maxChips = 4

// annotationList lists the open article's annotations in text order; clicking one
// scrolls the reader to it, flashes it and opens it in the editor.
type annotationList struct {
	wb    *Workbench
	items []annotate.Annotation
	list  *widget.List
}

func newAnnotationList(wb *Workbench) *annotationList {
	l := &annotationList{wb: wb}
	l.list = widget.NewList(
		func() int { return len(l.items) },
		func() fyne.CanvasObject {
			strip := canvas.NewRectangle(color.Transparent)
			strip.SetMinSize(fyne.NewSize(5, 10))
			quote := widget.NewLabelWithStyle("quote", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			quote.Truncation = fyne.TextTruncateEllipsis
			chips := container.NewHBox()
			for i := 0; i < maxChips; i++ {
				chips.Add(newChip())
			}
			note := widget.NewLabel("note")
			note.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.SizeName = theme.SizeNameCaptionText
			meta.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, strip, nil, container.NewVBox(quote, chips, note, meta))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { l.fill(l.items[i], o.(*fyne.Container)) })
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.items) {
			wb.SelectAnnotation(l.items[i].ID, true)
		}
	}
	return l
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
	quote.SetText("“" + snippet(a.Exact, 120) + "”")
	chips := body.Objects[1].(*fyne.Container)
	for i, o := range chips.Objects {
		c := o.(*chip)
		if i < len(a.TagIDs) {
			t, _ := wb.codebook.Tag(a.TagIDs[i])
			c.set(t.Name, parseColor(t.Color))
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
	case a.Note != "":
		note.SetText("✎ " + snippet(a.Note, 120))
		note.Importance = widget.MediumImportance
	default:
		note.SetText("")
		note.Importance = widget.MediumImportance
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

// chip is a small coloured tag label.
type chip struct {
	widget.BaseWidget
	bg   *canvas.Rectangle
	text *canvas.Text
}

func newChip() *chip {
	c := &chip{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.bg.CornerRadius = 8
	c.text.TextSize = theme.CaptionTextSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *chip) set(name string, col color.NRGBA) {
	c.text.Text = snippet(name, 22)
	c.text.Color = theme.Color(theme.ColorNameForeground)
	c.bg.FillColor = color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x70}
	c.bg.StrokeColor = col
	c.bg.StrokeWidth = 1
	c.Refresh()
}

func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(layout.NewStackLayout(), c.bg,
		container.New(layout.NewCustomPaddedLayout(1, 1, 7, 7), c.text)))
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
	e.tags = container.New(layout.NewRowWrapLayout())
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
}

func (e *annotationEditor) fill(a annotate.Annotation, resetNote bool) {
	wb := e.wb
	e.quote.SetText("“" + snippet(a.Exact, 300) + "”")
	if a.State == annotate.Orphaned {
		e.warn.Show()
	} else {
		e.warn.Hide()
	}
	e.tags.Objects = nil
	for _, id := range a.TagIDs {
		t, _ := wb.codebook.Tag(id)
		c := newChip()
		c.set(t.Name, parseColor(t.Color))
		id := id
		remove := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
			res, err := wb.ws.RemoveAnnotationTag(e.id, id)
			wb.afterCommand(res, err)
		})
		remove.Importance = widget.LowImportance
		e.tags.Add(container.NewHBox(c, remove))
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
	e.wb.afterCommand(res, err)
}

func (e *annotationEditor) hide() {
	if e.id != "" {
		e.saveIfChanged()
	}
	e.id = ""
	e.box.Hide()
}
