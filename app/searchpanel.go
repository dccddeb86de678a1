package app

// The search panel in the left tabs: its width beside the reader, and a hit opened in
// the reader.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/searchview"
	"gloss.app/gloss/search"
)

// searchOffset is the least width share of the left panel while it shows search results.
const searchOffset = 0.36

// readerKeepWidth is the width the reader keeps when the search panel widens.
const readerKeepWidth = 360

// searchPanelOffset is the left panel's share while it shows search results: searchOffset,
// less in a narrow window so that the reader keeps readerKeepWidth beside the right panel.
func (wb *Workbench) searchPanelOffset() float64 {
	return wb.searchPanelOffsetAt(wb.split.Size().Width)
}

// searchPanelOffsetAt is searchPanelOffset for a split w wide.
func (wb *Workbench) searchPanelOffsetAt(w float32) float64 {
	if w <= 0 {
		return searchOffset
	}
	room := w - wb.right.WantWidth(wb.win.Canvas().Size().Width) - readerKeepWidth
	return max(min(searchOffset, float64(room/w)), wb.libraryOffset)
}

// focusSearch is Ctrl+F: show the search panel and put the keyboard in its box.
func (wb *Workbench) focusSearch() {
	if wb.leftTabs.Selected() != wb.searchTab {
		wb.leftTabs.Select(wb.searchTab) // leftTabChanged focuses
		return
	}
	wb.searchView.Focus()
}

// RunSearch shows the search panel with q run (the Overview's cells use it).
func (wb *Workbench) RunSearch(q string) {
	if wb.leftTabs.Selected() != wb.searchTab {
		wb.leftTabs.Select(wb.searchTab)
	}
	wb.searchView.SetQuery(q)
}

// leftTabChanged widens the left panel for search results and restores the library's width.
func (wb *Workbench) leftTabChanged(tab *container.TabItem) {
	if tab == wb.searchTab {
		wb.libraryOffset = wb.split.Offset
		if off := wb.searchPanelOffset(); wb.split.Offset < off {
			wb.split.SetOffset(off)
		}
		wb.searchAuto = wb.split.Offset
		wb.searchView.Focus()
		if wb.searchView.ShownQuery() == "" && wb.searchView.Total() == 0 {
			wb.searchView.SetQuery(wb.searchView.Query()) // list everything, with its facets
		}
		wb.setStatus("Type to search quotes, notes, tags and articles; Enter opens the selected result")
		return
	}
	wb.searchAuto = 0
	wb.split.SetOffset(wb.libraryOffset)
}

// leftSplitLayout holds the left panel | rest split. While the search panel shows at the
// share Gloss chose, a new window width fits that share again: opened in a narrow window
// and then widened, the panel kept its narrow share until the tab was switched.
type leftSplitLayout struct {
	wb    *Workbench
	width float32
}

func (l *leftSplitLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

func (l *leftSplitLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	wb := l.wb
	s := wb.split
	widthChanged := size.Width != l.width
	l.width = size.Width
	before := s.Offset
	if widthChanged && wb.searchAuto != 0 && s.Offset == wb.searchAuto && wb.leftTabs.Selected() == wb.searchTab {
		s.Offset = wb.searchPanelOffsetAt(size.Width)
		wb.searchAuto = s.Offset
	}
	objects[0].Move(fyne.NewPos(0, 0))
	if objects[0].Size() == size && before != s.Offset {
		s.Refresh() // same size, new divider: lay the split out again
		return
	}
	objects[0].Resize(size)
}

// OpenHit opens a search hit in the reader: an annotation is revealed, flashed and opened
// in the editor; for an article the first matched words are selected and flashed.
func (wb *Workbench) OpenHit(h search.Hit) {
	wb.showReader()
	if wb.current.ID != h.ArticleID {
		wb.OpenArticle(h.ArticleID)
		if wb.current.ID != h.ArticleID {
			return // it was deleted meanwhile; OpenArticle said so
		}
	}
	if h.Kind == search.KindAnnotation {
		a, ok := wb.annotation(h.ID)
		if !ok {
			wb.setStatus("That annotation no longer exists")
			return
		}
		wb.SelectAnnotation(h.ID, true)
		if a.State == annotate.Orphaned {
			wb.setStatus("This highlight's text is no longer in the article: it is kept as orphaned with its quote")
		}
		return
	}
	if s, e, ok := searchview.Passage(wb.reader.Text(), h); ok {
		wb.reader.Select(s, e)
		wb.reader.Flash(s, e)
	}
}
