package app

// fetchURL is where URL import plugs into the ingest package.
func (wb *Workbench) fetchURL(url string) {
	wb.setStatus("Importing web pages needs the ingest package, which is not in this build yet: " + url)
}
