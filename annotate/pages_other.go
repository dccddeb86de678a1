//go:build !linux

package annotate

// DropMappedPages does nothing outside Linux (the pages stay counted until they are reclaimed).
func (ws *Workspace) DropMappedPages() {}
