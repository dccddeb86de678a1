package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
)

// Every command that opens the workspace opens its search index too (building or catching
// it up when needed), so the index follows every change the CLI makes.

var (
	indexesMu sync.Mutex
	indexes   = map[*annotate.Workspace]*search.Index{}
	// forceRebuild makes the next OpenHook rebuild the index (gloss reindex).
	forceRebuild bool
)

func init() {
	OpenHook = openIndex
	QueryAnnotations = func(ws *annotate.Workspace, q string) ([]string, error) {
		ix, err := indexOf(ws)
		if err != nil {
			return nil, err
		}
		ids, err := ix.AnnotationIDs(q)
		return ids, badQuery(err)
	}
	register(&command{name: "reindex", summary: "rebuild the search index from the workspace, with progress", run: runReindex})
}

// indexCloser closes the index and forgets it.
type indexCloser struct {
	ws *annotate.Workspace
	ix *search.Index
}

func (c indexCloser) Close() error {
	indexesMu.Lock()
	delete(indexes, c.ws)
	indexesMu.Unlock()
	return c.ix.Close()
}

func openIndex(ws *annotate.Workspace, progress func(msg string)) (io.Closer, error) {
	indexesMu.Lock()
	force := forceRebuild
	forceRebuild = false
	indexesMu.Unlock()
	started := false
	ix, err := search.OpenWith(ws, search.Options{ForceRebuild: force, Progress: func(done, total int) {
		started = true
		pct := 100
		if total > 0 {
			pct = done * 100 / total
		}
		progress(fmt.Sprintf("Building the search index… %d of %d (%d%%)", done, total, pct))
	}})
	if started {
		progress("")
	}
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	indexesMu.Lock()
	indexes[ws] = ix
	indexesMu.Unlock()
	return indexCloser{ws, ix}, nil
}

// indexOf returns the index the OpenHook attached to an open workspace.
func indexOf(ws *annotate.Workspace) (*search.Index, error) {
	indexesMu.Lock()
	defer indexesMu.Unlock()
	ix, ok := indexes[ws]
	if !ok {
		return nil, errors.New("the search index is not open")
	}
	return ix, nil
}

func runReindex(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("reindex takes no arguments")
	}
	indexesMu.Lock()
	forceRebuild = true
	indexesMu.Unlock()
	start := time.Now()
	ws, err := c.open()
	if err != nil {
		return err
	}
	ix, err := indexOf(ws)
	if err != nil {
		return err
	}
	docs, err := ix.DocCount()
	if err != nil {
		return err
	}
	arts, anns := ws.Counts()
	size := dirSize(ix.Dir())
	took := time.Since(start).Round(time.Millisecond)
	if c.JSON {
		return c.printJSON(map[string]any{"documents": docs, "articles": arts, "annotations": anns,
			"bytes": size, "seconds": took.Seconds(), "revision": ix.Revision()})
	}
	fmt.Fprintf(c.Stdout, "Rebuilt the search index: %d articles and %d annotations in %s (%.1f MB)\n",
		arts, anns, took, float64(size)/(1<<20))
	return nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
