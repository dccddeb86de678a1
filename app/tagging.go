package app

// Tagging: a selection and a digit or a palette click make an annotation; a click on a
// highlight opens it in the editor.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/textfit"
)

// TagSelection applies a tag to the selection: a new annotation, or one more tag on the
// annotation just made from the same selection. Without a selection it adds the tag to
// the annotation open in the editor.
func (wb *Workbench) TagSelection(tagID string) {
	if wb.current.ID == "" {
		wb.setStatus("Open an article first")
		return
	}
	tag, ok := wb.codebook.Tag(tagID)
	if !ok {
		return
	}
	sel0, sel1 := wb.reader.Selection()
	start, end := trimSpan(wb.reader.Text(), sel0, sel1)
	lt := wb.lastTagged
	if start == end && lt.id != "" && sel1 == lt.end {
		start, end = lt.start, lt.end // the caret the last tagging left: tag that span again
	}
	if start == end {
		if wb.acceptWithTag(tag) {
			return // the chosen suggestion's tag accepts it
		}
		wb.tagEditorAnnotation(tag)
		return
	}
	if lt.id != "" && lt.start == start && lt.end == end {
		if a, ok := wb.annotation(lt.id); ok {
			wb.addTag(a.ID, a.HasTag(tag.ID), tag, "Already tagged '%s'")
			return
		}
	}
	wb.annotateSpan(start, end, tagID)
}

// tagEditorAnnotation adds a tag to the annotation open in the editor (no selection).
func (wb *Workbench) tagEditorAnnotation(tag annotate.Tag) {
	id := wb.editor.ID()
	if id == "" {
		wb.setStatus("Select some text first, then press 1–9 or click a tag")
		return
	}
	a, ok := wb.annotation(id)
	wb.addTag(id, ok && a.HasTag(tag.ID), tag, "The annotation already has '%s'")
}

// addTag adds a tag to an annotation unless it has it: then already says so, with the
// tag's name.
func (wb *Workbench) addTag(id string, has bool, tag annotate.Tag, already string) {
	if has {
		wb.setStatus(fmt.Sprintf(already, tag.Name))
		return
	}
	wb.afterCommand(wb.ws.AddAnnotationTag(id, tag.ID))
}

// annotateSpan makes a new annotation of the span with one tag.
func (wb *Workbench) annotateSpan(start, end int, tagID string) {
	a, res, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: wb.current.ID, Start: start, End: end, TagIDs: []string{tagID}})
	if err == nil {
		wb.lastTagged.id, wb.lastTagged.start, wb.lastTagged.end = a.ID, start, end
		wb.annotationArticle[a.ID] = a.ArticleID
	}
	wb.afterCommand(res, err)
	if err == nil {
		// The new highlight shows its tag's colour at once, not blended with the
		// selection: the selection collapses to a caret at its end, and another digit
		// there adds a tag to the same annotation.
		wb.reader.Select(end, end)
	}
}

// trimSpan drops white space at both ends of a selection: sloppy drags should not
// store stray spaces or newlines in a quote.
func trimSpan(text []rune, start, end int) (int, int) {
	for start < end && isBlank(text[start]) {
		start++
	}
	for end > start && isBlank(text[end-1]) {
		end--
	}
	return start, end
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\u00a0' }

func (wb *Workbench) tagWithHotkey(digit int) {
	tag, ok := wb.codebook.ByHotkey(digit)
	if !ok {
		wb.setStatus(fmt.Sprintf("No tag has hotkey %d", digit))
		return
	}
	wb.TagSelection(tag.ID)
}

// highlightClicked opens the editor on the annotation, or offers a chooser when
// several overlap under the pointer.
func (wb *Workbench) highlightClicked(ids []string, at fyne.Position) {
	if ids = annotationIDs(ids); len(ids) == 0 {
		return // a self-check's sampled unit, no annotation
	}
	if len(ids) == 1 {
		wb.SelectAnnotation(ids[0], false)
		return
	}
	var items []*fyne.MenuItem
	for _, id := range ids {
		a, ok := wb.annotation(id)
		if !ok {
			continue
		}
		id := id
		label := fmt.Sprintf("%s — “%s”", wb.tagNames(a.TagIDs), textfit.Snippet(a.Exact, 40))
		items = append(items, fyne.NewMenuItem(label, func() { wb.SelectAnnotation(id, false) }))
	}
	wb.chooser = widget.NewPopUpMenu(fyne.NewMenu("", items...), wb.win.Canvas())
	wb.chooser.ShowAtPosition(at)
}

// SelectAnnotation opens an annotation in the editor; reveal also scrolls the reader to
// it and flashes it.
func (wb *Workbench) SelectAnnotation(id string, reveal bool) {
	a, ok := wb.annotation(id)
	if !ok {
		return
	}
	wb.dropSuggestionChoice()
	wb.editor.Show(a, wb.codebook)
	wb.notes.Reveal(id)
	if reveal && a.State != annotate.Orphaned {
		wb.reader.Flash(a.Start, a.End)
	}
}

func (wb *Workbench) tagNames(ids []string) string {
	var names []string
	for _, id := range ids {
		if t, ok := wb.codebook.Tag(id); ok {
			names = append(names, t.Name)
		}
	}
	return strings.Join(names, ", ")
}
