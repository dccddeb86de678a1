package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
)

func init() {
	register(&command{name: "reindex", summary: "rebuild the search index from the workspace, with progress", run: runReindex})
}

// openIndex opens the workspace's index, building or catching it up with progress lines.
func (c *Context) openIndex(ws *annotate.Workspace) (*search.Index, error) {
	started := false
	ix, err := search.OpenWith(ws, search.Options{ForceRebuild: c.rebuildIndex, Progress: func(done, total int) {
		started = true
		c.indexProgress(done, total)
	}})
	if started {
		c.progress("")
	}
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return ix, nil
}

// indexProgress shows how far an index build is.
func (c *Context) indexProgress(done, total int) {
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	c.progress(fmt.Sprintf("Building the search index… %d of %d (%d%%)", done, total, pct))
}

// index returns the index open attached to the workspace (the window's, once ready,
// when the window runs the command).
func (c *Context) index() (*search.Index, error) {
	if c.Host != nil {
		return c.Host.Index()
	}
	if c.ix == nil {
		return nil, errors.New("the search index is not open")
	}
	return c.ix, nil
}

// queryAnnotations turns a search query into the ids of the annotations it matches.
func (c *Context) queryAnnotations(q string) ([]string, error) {
	ix, err := c.index()
	if err != nil {
		return nil, err
	}
	ids, err := ix.AnnotationIDs(q)
	return ids, badQuery(err)
}

func runReindex(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("reindex takes no arguments")
	}
	c.rebuildIndex = true
	start := time.Now()
	ws, err := c.open()
	if err != nil {
		return err
	}
	var ix *search.Index
	if c.Host != nil {
		ix, err = c.Host.RebuildIndex(c.indexProgress) // the window's index, rebuilt in place
		c.progress("")
	} else {
		ix, err = c.index()
	}
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
