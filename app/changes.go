package app

// After a change: every command's result refreshes the views that show what it may have
// changed; undo and redo follow the change to its article.

import (
	"errors"
	"fmt"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
)

// afterCommand refreshes the window after a command and names what it did.
func (wb *Workbench) afterCommand(res annotate.Result, err error) {
	if err != nil {
		wb.showError(err)
		return
	}
	label := res.Label
	if label != "" && label != "Nothing changed" && !strings.HasPrefix(label, "Undid") && !strings.HasPrefix(label, "Redid") {
		label += ". Undo with Ctrl+Z"
	}
	wb.refreshAfterChange(label)
}

// refreshAfterChange re-reads what a command may have changed and shows its label.
func (wb *Workbench) refreshAfterChange(label string) {
	wb.shownRevision = wb.ws.Revision() // what follows shows at least this
	wb.reloadCodebook()
	wb.reloadRecode()
	wb.reloadLibrary()
	if wb.current.ID != "" {
		if _, err := wb.ws.Article(wb.current.ID); err != nil {
			wb.closeArticle()
		} else {
			wb.refreshHeader() // an edit (or its undo) of the article's details
			wb.loadAnnotations()
			wb.reader.SetHighlights(wb.highlights())
			wb.refreshEditor()
		}
	}
	wb.updateCounts()
	wb.searchView.Refresh()
	wb.refreshOverview(true)
	wb.refreshDisagreements()
	wb.refreshSuggestions() // an accepted, rejected or newly coded passage leaves the list
	if wb.codebookMgr != nil {
		wb.codebookMgr.Reload() // an undo here may have changed the codebook or its counts
	}
	if label != "" {
		wb.setStatus(label)
	}
}

// reloadCodebook reads the codebook and its counts and shows them in the palette.
func (wb *Workbench) reloadCodebook() {
	cb, err := wb.ws.Codebook()
	if err != nil {
		wb.showError(err)
		return
	}
	wb.codebook = cb
	wb.usage, _ = wb.ws.VisibleTagUsage() // blind coding: counts of what the analyst is shown
	wb.showPalette()
}

// showPalette shows the codebook in the palette; the right panel fits its names.
func (wb *Workbench) showPalette() {
	wb.palette.Show(wb.codebook, wb.rolledUp())
	wb.right.Refit()
}

// rolledUp is the tag usage with each parent's count replaced by its roll-up: the
// annotations tagged with it or any tag under it, each counted once, as the search
// facets count them (read from the index's facets; until the index is open, the sum of
// the sub-tags' counts, which counts an annotation with two sub-tags twice).
func (wb *Workbench) rolledUp() map[string]annotate.TagUsage {
	out := make(map[string]annotate.TagUsage, len(wb.usage))
	for id, u := range wb.usage {
		out[id] = u
	}
	facets := map[string]int{}
	exact := false
	if res, err := wb.Search(search.Request{Facets: true, Limit: 1}); err == nil {
		exact = true
		for _, f := range res.Facets.Tags {
			facets[f.Key] = f.Count
		}
	}
	for _, t := range wb.codebook.Tags() {
		if len(wb.codebook.Children(t.ID)) == 0 {
			continue
		}
		u := out[t.ID]
		if exact {
			u.Annotations = facets[t.ID]
		} else {
			u.Annotations = 0
			for _, d := range wb.codebook.Descendants(t.ID) {
				u.Annotations += wb.usage[d].Annotations
			}
		}
		out[t.ID] = u
	}
	return out
}

// reloadLibrary re-reads the article list.
func (wb *Workbench) reloadLibrary() {
	all, err := wb.ws.VisibleArticles()
	if err != nil {
		wb.showError(err)
		return
	}
	wb.library.SetArticles(all, wb.current.ID)
	wb.reloadDone()
}

func (wb *Workbench) updateCounts() {
	arts, anns := wb.ws.VisibleCounts()
	wb.status.counts.SetText(fmt.Sprintf("%d %s · %d %s", arts, plural(arts, "article", "articles"), anns, plural(anns, "annotation", "annotations")))
}

func (wb *Workbench) setStatus(msg string) { wb.status.message.SetText(msg) }

// showError reports a failed action in words and in the status bar.
func (wb *Workbench) showError(err error) {
	wb.setStatus("⚠ " + err.Error())
}

// Undo reverts the latest change anywhere in the workspace and shows where it happened.
func (wb *Workbench) Undo() { wb.step(wb.ws.Undo) }

// Redo re-applies the latest undone change.
func (wb *Workbench) Redo() { wb.step(wb.ws.Redo) }

func (wb *Workbench) step(fn func() (annotate.Result, error)) {
	res, err := fn()
	if errors.Is(err, annotate.ErrNothingToUndo) || errors.Is(err, annotate.ErrNothingToRedo) {
		wb.setStatus(err.Error())
		return
	}
	if err != nil {
		wb.showError(err)
		return
	}
	wb.lastTagged.id = ""
	switchTo := wb.stepTarget(res)
	// The refresh reloads the library once; opening the other article after it finds
	// the article in the list (a redone import brings it back).
	wb.refreshAfterChange(res.Label)
	wb.teamStepNotes(res.Label) // a team undo that kept colleagues' changes says so in full
	if switchTo != "" {
		wb.OpenArticle(switchTo)
	}
	if wb.current.ID == "" {
		wb.library.OpenFirst()
	}
}

// stepTarget is the article an undo or redo happened in when it is not the open one (""
// otherwise); an open article whose text the step changed is opened again at once.
func (wb *Workbench) stepTarget(res annotate.Result) string {
	target := ""
	for _, id := range res.Changes.Annotations {
		if a, err := wb.ws.Annotation(id); err == nil {
			target = a.ArticleID
		} else if art, ok := wb.annotationArticle[id]; ok && target == "" {
			target = art
		}
	}
	if target == "" && len(res.Changes.Articles) == 1 {
		target = res.Changes.Articles[0]
	}
	if target != "" && target != wb.current.ID {
		if _, err := wb.ws.Article(target); err == nil {
			return target
		}
	} else if wb.current.ID != "" && containsID(res.Changes.Articles, wb.current.ID) {
		if art, err := wb.ws.Article(wb.current.ID); err == nil && art.SHA256 != wb.current.SHA256 {
			wb.OpenArticle(art.ID) // the text itself changed
		}
	}
	return ""
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
