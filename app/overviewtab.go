package app

// The Overview tab beside the reader counts what the search panel's query finds.

import "fyne.io/fyne/v2/container"

// showReader brings the reader to the front (a hit was opened).
func (wb *Workbench) showReader() {
	if wb.centreTabs.Selected() != wb.readerTab {
		wb.centreTabs.Select(wb.readerTab)
	}
}

// ShowOverview brings the Overview to the front, counting the search panel's query.
func (wb *Workbench) ShowOverview() {
	if wb.centreTabs.Selected() != wb.overviewTab {
		wb.centreTabs.Select(wb.overviewTab) // centreTabChanged refreshes
		return
	}
	wb.refreshOverview(true)
}

func (wb *Workbench) centreTabChanged(tab *container.TabItem) {
	if tab == wb.overviewTab {
		wb.refreshOverview(true)
	}
}

// searchShown follows the search panel: the Overview counts the same result set.
func (wb *Workbench) searchShown(q string) {
	if q != wb.overviewQuery {
		wb.refreshOverview(false)
	}
}

// refreshOverview recounts the Overview when it is on screen; force recounts the same
// query too (the workspace changed).
func (wb *Workbench) refreshOverview(force bool) {
	if wb.centreTabs == nil || wb.centreTabs.Selected() != wb.overviewTab {
		return
	}
	q := wb.searchView.ShownQuery()
	if !force && q == wb.overviewQuery {
		return
	}
	wb.overviewQuery = q
	wb.overview.Refresh(q)
}
