//go:build linux

package annotate

import (
	"os"
	"syscall"
	"unsafe"
)

// DropMappedPages takes the store's pages out of this process's resident memory (they
// stay in the system's file cache, and come back on the next read). The store is a
// memory-mapped file: reading all of it, as opening a store whose free list is not
// recorded or rebuilding the search index does, would otherwise count hundreds of
// megabytes against the process until it exits. It may be called inside a read (it
// skips its turn while a command runs).
func (ws *Workspace) DropMappedPages() {
	// bbolt remaps the file only when a write grows it, and writes run under ws.mu: while
	// it is held the mapping stays where it is. (Waiting for it inside a read could wait
	// for a command that waits for that read to end.)
	if !ws.mu.TryLock() {
		return
	}
	defer ws.mu.Unlock()
	info := ws.db.Info()
	st, err := os.Stat(ws.db.Path())
	if err != nil || info.Data == 0 || st.Size() <= 0 {
		return
	}
	// The mapping is not Go memory: its address cannot move or be collected.
	region := unsafe.Slice((*byte)(unsafe.Add(nil, info.Data)), st.Size())
	syscall.Madvise(region, syscall.MADV_DONTNEED) // best effort
}
