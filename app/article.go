package app

// Opening an article: the reader, its header, its highlights and the annotation list.

import (
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/tagcolor"
)

// OpenArticle shows an article in the reader with its highlights.
func (wb *Workbench) OpenArticle(id string) {
	art, err := wb.ws.Article(id)
	if err != nil {
		wb.showError(err)
		wb.library.Select(wb.current.ID) // the row of the article still shown
		return
	}
	wb.rememberReading()
	wb.current = art
	wb.lastTagged.id = ""
	wb.header.show(art)
	wb.loadAnnotations()
	wb.reader.SetText(art.Text, wb.highlights())
	wb.restoreReading()
	if wb.find.box.Visible() {
		wb.find.search() // the same words in the new article
	}
	wb.editor.Hide()
	wb.library.Select(id)
	wb.codingBar.show(wb)
	wb.dropSuggestionChoice()
	wb.refreshSuggestions()
}

// closeArticle empties the reader (the article was deleted, e.g. by undoing its import).
func (wb *Workbench) closeArticle() {
	wb.rememberReading()
	wb.current = annotate.Article{}
	wb.annotations = nil
	wb.header.show(annotate.Article{Title: "No article open", Source: "Import articles with Ctrl+O, Ctrl+Shift+O or by dropping files here"})
	wb.reader.SetText("", nil)
	wb.notes.Show(nil, wb.codebook)
	wb.editor.Hide()
	wb.codingBar.show(wb)
	wb.refreshSuggestions()
}

// loadAnnotations reads the open article's annotations and lists them.
func (wb *Workbench) loadAnnotations() {
	anns, err := wb.ws.Annotations(wb.current.ID)
	if err != nil {
		wb.showError(err)
		return
	}
	anns = wb.ws.Visibility().Filter(anns) // blind coding: only one's own
	wb.annotations = anns
	for _, a := range anns {
		wb.annotationArticle[a.ID] = a.ArticleID
	}
	wb.notes.Show(anns, wb.codebook)
}

// highlights turns the anchored annotations into reader highlights (orphans are listed
// but not drawn: their offsets mean nothing in the current text).
func (wb *Workbench) highlights() []reader.Highlight {
	hs := make([]reader.Highlight, 0, len(wb.annotations))
	for _, a := range wb.annotations {
		if a.State == annotate.Orphaned {
			continue
		}
		hs = append(hs, reader.Highlight{ID: a.ID, Start: a.Start, End: a.End, Colors: tagcolor.Of(wb.codebook, a.TagIDs),
			Names: wb.tagNameList(a.TagIDs)})
	}
	return append(hs, wb.sampledUnits()...)
}

// annotation is one of the open article's annotations as last read.
func (wb *Workbench) annotation(id string) (annotate.Annotation, bool) {
	for _, a := range wb.annotations {
		if a.ID == id {
			return a, true
		}
	}
	return annotate.Annotation{}, false
}

// refreshEditor shows the editor's annotation as it is now (gone: the editor closes).
func (wb *Workbench) refreshEditor() {
	a, ok := wb.annotation(wb.editor.ID())
	wb.editor.Refresh(a, ok, wb.codebook)
}

// tagNameList names the tags that tagcolor.Of gives colours for, in the same order.
func (wb *Workbench) tagNameList(ids []string) []string {
	var names []string
	for _, id := range ids {
		if t, ok := wb.codebook.Tag(id); ok {
			names = append(names, t.Name)
		}
	}
	if len(names) == 0 {
		names = append(names, "(no tag)")
	}
	return names
}
