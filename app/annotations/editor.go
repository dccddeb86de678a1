package annotations

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
	"gloss.app/gloss/app/uikit"
)

// EditorActions are the changes the editor asks the window to make; each is a command
// of the workspace, after which the window calls Refresh.
type EditorActions struct {
	AddTag    func(annotationID, tagID string)
	RemoveTag func(annotationID, tagID string)
	SaveNote  func(annotationID, note string)
	Delete    func(annotationID string)
	// Toggled is told that the editor was shown or hidden (the panel makes room for it).
	Toggled func()
}

// chipsMinWidth is the narrowest the editor's chips ask for: a long tag name neither
// overflows the panel nor holds it wide.
const chipsMinWidth = 120

// Editor edits the selected annotation: its tags, its note, or deletes it.
type Editor struct {
	act    EditorActions
	shown  annotate.Annotation // as last shown; ID "" while hidden
	cb     *annotate.Codebook
	quote  *widget.Label
	warn   *widget.Label
	tags   *fyne.Container
	addTag *widget.Select
	note   *widget.Entry
	box    *fyne.Container
}

// NewEditor builds the editor, hidden.
func NewEditor(act EditorActions) *Editor {
	e := &Editor{act: act, cb: annotate.NewCodebook(nil)}
	e.quote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.quote.Wrapping = fyne.TextWrapWord
	e.warn = widget.NewLabel("⚠ This annotation's quote is not in the current text: it is kept as orphaned.")
	e.warn.Importance = widget.WarningImportance
	e.warn.Wrapping = fyne.TextWrapWord
	e.tags = uikit.NewCappedFlow(chipsMinWidth)
	e.addTag = widget.NewSelect(nil, nil)
	e.addTag.PlaceHolder = "Add tag…"
	e.note = widget.NewMultiLineEntry()
	e.note.SetPlaceHolder("Note: your reading of this passage")
	e.note.Wrapping = fyne.TextWrapWord
	e.note.SetMinRowsVisible(3)
	save := widget.NewButtonWithIcon("Save note", theme.DocumentSaveIcon(), e.SaveNote)
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), e.Delete)
	del.Importance = widget.DangerImportance
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), e.Hide)
	closeBtn.Importance = widget.LowImportance
	e.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, closeBtn, uikit.SectionTitle("Selected annotation")),
		e.quote, e.warn, e.tags, e.addTag, e.note,
		container.NewHBox(save, layout.NewSpacer(), del), widget.NewSeparator())
	e.box.Hide()
	return e
}

// Object is the editor's content (hidden while no annotation is selected).
func (e *Editor) Object() fyne.CanvasObject { return e.box }

// ID is the annotation open in the editor ("" when hidden).
func (e *Editor) ID() string { return e.shown.ID }

// Note is the note entry (the window sets and saves it in tests).
func (e *Editor) Note() *widget.Entry { return e.note }

// Chips are the tag chips shown.
func (e *Editor) Chips() []*Chip {
	var out []*Chip
	for _, o := range e.tags.Objects {
		for _, c := range o.(*fyne.Container).Objects {
			if ch, ok := c.(*Chip); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

// ChipsWidth is the width the chips are laid out in.
func (e *Editor) ChipsWidth() float32 { return e.tags.Size().Width }

// Show opens an annotation in the editor, saving the note typed for the one shown before.
func (e *Editor) Show(a annotate.Annotation, cb *annotate.Codebook) {
	if e.shown.ID != "" && e.shown.ID != a.ID {
		e.saveIfChanged()
	}
	first := e.shown.ID != a.ID
	e.cb = cb
	e.fill(a, first)
	e.box.Show()
	e.toggled()
}

// Refresh follows a change: the annotation as it is now, found false when it is gone
// (an undo, a delete). A note being typed is kept unless the stored one changed.
func (e *Editor) Refresh(a annotate.Annotation, found bool, cb *annotate.Codebook) {
	if e.shown.ID == "" {
		return
	}
	if !found {
		e.Hide()
		return
	}
	e.cb = cb
	e.fill(a, strings.TrimSpace(e.note.Text) == strings.TrimSpace(a.Note) || e.note.Text == "")
}

// Hide closes the editor, saving a changed note.
func (e *Editor) Hide() {
	if e.shown.ID != "" {
		e.saveIfChanged()
	}
	e.shown = annotate.Annotation{}
	e.box.Hide()
	e.toggled()
}

// SaveNote asks for the typed note to be saved.
func (e *Editor) SaveNote() {
	if e.shown.ID != "" && e.act.SaveNote != nil {
		e.act.SaveNote(e.shown.ID, e.note.Text)
	}
}

// Delete closes the editor and asks for the annotation to be deleted.
func (e *Editor) Delete() {
	id := e.shown.ID
	if id == "" {
		return
	}
	e.shown = annotate.Annotation{}
	e.box.Hide()
	e.toggled()
	if e.act.Delete != nil {
		e.act.Delete(id)
	}
}

func (e *Editor) toggled() {
	if e.act.Toggled != nil {
		e.act.Toggled()
	}
}

func (e *Editor) saveIfChanged() {
	if strings.TrimSpace(e.note.Text) != strings.TrimSpace(e.shown.Note) {
		e.SaveNote()
	}
}

// fill shows a: quote, orphan warning, chips with remove buttons, the tags it could
// still get, and (resetNote) its note.
func (e *Editor) fill(a annotate.Annotation, resetNote bool) {
	e.shown = a
	e.quote.SetText("“" + textfit.Snippet(a.Exact, 300) + "”")
	if a.State == annotate.Orphaned {
		e.warn.Show()
	} else {
		e.warn.Hide()
	}
	e.fillChips(a)
	e.fillAddTag(a)
	if resetNote {
		e.note.SetText(a.Note)
	}
}

func (e *Editor) fillChips(a annotate.Annotation) {
	e.tags.Objects = nil
	for _, id := range a.TagIDs {
		t, _ := e.cb.Tag(id)
		c := newChip()
		c.fit = true
		c.set(t.Name, tagcolor.Parse(t.Color))
		annotationID, tagID := a.ID, id
		remove := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
			if e.act.RemoveTag != nil {
				e.act.RemoveTag(annotationID, tagID)
			}
		})
		remove.Importance = widget.LowImportance
		e.tags.Add(container.NewBorder(nil, nil, nil, remove, c))
	}
	e.tags.Refresh()
}

// fillAddTag offers every tag the annotation does not have, by its path.
func (e *Editor) fillAddTag(a annotate.Annotation) {
	var options []string
	paths := map[string]string{}
	for _, t := range e.cb.Tags() {
		if !a.HasTag(t.ID) {
			p := e.cb.Path(t.ID)
			options = append(options, p)
			paths[p] = t.ID
		}
	}
	e.addTag.OnChanged = nil
	e.addTag.SetOptions(options)
	e.addTag.ClearSelected()
	annotationID := a.ID
	e.addTag.OnChanged = func(p string) {
		if id, ok := paths[p]; ok && e.act.AddTag != nil {
			e.act.AddTag(annotationID, id)
		}
	}
}
