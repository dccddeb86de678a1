package app

// exportSearch exports the hits of a search query (the search panel's Export button).
func (wb *Workbench) exportSearch(q string) {
	wb.setStatus("Export is not connected yet")
}
