package annotations

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
	"gloss.app/gloss/app/uikit"
)

// maxChips is how many tag chips a row shows; the meta line counts the rest.
const maxChips = 4

// NoteLines is how many lines of a note a row shows before an ellipsis.
const NoteLines = 3

// List lists the open article's annotations in text order. Rows are as high as their
// content: a note shows up to NoteLines wrapped lines.
type List struct {
	onSelect func(id string)
	items    []annotate.Annotation
	cb       *annotate.Codebook
	list     *uikit.KeyList
	box      fyne.CanvasObject // the list, watching its width to wrap notes again
	width    float32           // the list's width the row heights were measured for
	probe    *fyne.Container   // a row outside the list, filled to measure heights
	// heights caches measured row heights by what decides them (heightKey), for the
	// list's width: most rows look alike, and a refresh after each change measured every
	// row again.
	heights map[string]float32
}

// NewList builds an empty list. onSelect is told the annotation a click chose; onRune
// (may be nil) of characters typed while the list has the keyboard.
func NewList(onSelect func(id string), onRune func(rune)) *List {
	l := &List{onSelect: onSelect, cb: annotate.NewCodebook(nil)}
	l.list = uikit.NewKeyList(
		func() int { return len(l.items) },
		newRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(l.items) {
				l.fill(l.items[i], o.(*fyne.Container))
			}
		},
		onRune)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.items) && l.onSelect != nil {
			l.onSelect(l.items[i].ID)
		}
	}
	l.probe = newRow().(*fyne.Container)
	l.box = container.New(&widthLayout{onWidth: l.setWidth}, l.list)
	return l
}

// Object is the list's content.
func (l *List) Object() fyne.CanvasObject { return l.box }

// IDs are the ids of the annotations listed, in the list's order.
func (l *List) IDs() []string {
	ids := make([]string, len(l.items))
	for i, a := range l.items {
		ids[i] = a.ID
	}
	return ids
}

// Len is how many annotations are listed.
func (l *List) Len() int { return len(l.items) }

// Show lists annotations, painted with the codebook's names and colours.
func (l *List) Show(anns []annotate.Annotation, cb *annotate.Codebook) {
	l.items = anns
	if cb != nil {
		l.cb = cb
	}
	l.measure()
	l.list.UnselectAll()
	l.list.Refresh()
}

// Reveal scrolls to an annotation's row.
func (l *List) Reveal(id string) {
	for i, a := range l.items {
		if a.ID == id {
			l.list.ScrollTo(i)
			return
		}
	}
}

// Remeasure measures every row again (a new text size).
func (l *List) Remeasure() {
	l.width = 0
	l.heights = nil
	l.setWidth(l.list.Size().Width)
}

// FirstRowHeight is the height of the first row (or of an empty one).
func (l *List) FirstRowHeight() float32 {
	if len(l.items) > 0 {
		l.fill(l.items[0], l.probe)
	}
	return l.probe.MinSize().Height
}

func newRow() fyne.CanvasObject {
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

// rowParts are the widgets of a row, in the order newRow builds them.
type rowParts struct {
	strip *canvas.Rectangle
	quote *widget.Label
	chips []fyne.CanvasObject
	note  *widget.Label
	meta  *widget.Label
}

func partsOf(row *fyne.Container) rowParts {
	var p rowParts
	for _, o := range row.Objects {
		switch v := o.(type) {
		case *canvas.Rectangle:
			p.strip = v
		case *fyne.Container:
			p.quote = v.Objects[0].(*widget.Label)
			p.chips = v.Objects[1].(*fyne.Container).Objects
			p.note = v.Objects[2].(*widget.Label)
			p.meta = v.Objects[3].(*widget.Label)
		}
	}
	return p
}

// setWidth measures the rows again when the list's width changes (notes re-wrap).
func (l *List) setWidth(w float32) {
	if w == l.width {
		return
	}
	l.width = w
	l.heights = nil
	l.measure()
	l.list.Refresh()
}

// noteWidth is the room for a note's text (and the chips) in a row of the list.
func (l *List) noteWidth() float32 {
	if l.width <= 0 {
		return 0
	}
	return l.width - 5 - theme.Padding() - 2*theme.InnerPadding() - 4
}

// noteText is the note as drawn: up to NoteLines lines wrapped to the row.
func (l *List) noteText(note string) string {
	note = "✎ " + strings.TrimSpace(note)
	w := l.noteWidth()
	if w <= 0 {
		return textfit.Snippet(note, 120)
	}
	return strings.Join(textfit.Wrap(note, w, NoteLines, textfit.Measurer(theme.TextSize(), fyne.TextStyle{})), "\n")
}

// measure sets each row's height from its content at the current width.
func (l *List) measure() {
	if l.heights == nil {
		l.heights = map[string]float32{}
	}
	for i, a := range l.items {
		key := l.heightKey(a)
		h, ok := l.heights[key]
		if !ok {
			l.fill(a, l.probe)
			h = l.probe.MinSize().Height
			l.heights[key] = h
		}
		l.list.SetItemHeight(i, h)
	}
}

// heightKey is what a row's height depends on at a given width: whether it shows chips,
// and its note line (wrapped) or orphan warning. Quote and meta are one line each.
func (l *List) heightKey(a annotate.Annotation) string {
	note := ""
	switch {
	case a.State == annotate.Orphaned:
		note = "orphaned"
	case strings.TrimSpace(a.Note) != "":
		note = l.noteText(a.Note)
	}
	return fmt.Sprintf("%t|%s", len(a.TagIDs) > 0, note)
}

// fill shows an annotation in a row: colour strip, quote, chips, note, meta line.
func (l *List) fill(a annotate.Annotation, row *fyne.Container) {
	p := partsOf(row)
	p.strip.FillColor = tagcolor.Of(l.cb, a.TagIDs)[0]
	p.strip.Refresh()
	p.quote.SetText("“" + textfit.Snippet(a.Exact, 120) + "”")
	l.fillChips(a, p.chips)
	l.fillNote(a, p.note)
	p.meta.SetText(metaLine(a))
}

// fillChips shows the first maxChips tags, each name whole when the row has room left
// for it (in order), else cut to that room.
func (l *List) fillChips(a annotate.Annotation, chips []fyne.CanvasObject) {
	room := l.noteWidth()
	for i, o := range chips {
		c := o.(*Chip)
		if i >= len(a.TagIDs) {
			c.Hide()
			continue
		}
		t, _ := l.cb.Tag(a.TagIDs[i])
		c.set(t.Name, tagcolor.Parse(t.Color))
		if room > 0 {
			c.cutTo(room)
			room -= c.MinSize().Width + theme.Padding()
		}
		c.Show()
	}
}

// fillNote shows the note wrapped, a warning for an orphan, or nothing at all.
func (l *List) fillNote(a annotate.Annotation, note *widget.Label) {
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
}

// metaLine is author · created · "accepted suggestion" · the tags beyond the chips.
func metaLine(a annotate.Annotation) string {
	var parts []string
	if a.Author != "" {
		parts = append(parts, a.Author)
	}
	parts = append(parts, a.Created.Local().Format("2 Jan 2006 15:04"))
	if a.FromSuggestion() {
		parts = append(parts, "accepted suggestion")
	}
	if extra := len(a.TagIDs) - maxChips; extra > 0 {
		parts = append(parts, fmt.Sprintf("+%d tags", extra))
	}
	return strings.Join(parts, " · ")
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
