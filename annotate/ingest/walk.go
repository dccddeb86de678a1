package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// task is one file or URL to read, or a note about a skipped one.
type task struct {
	source   string
	explicit bool
	skipped  string
}

// Walk reads files, folders (recursively) and http(s) URLs and calls fn with every
// outcome, in the order of sources (a folder in path order). Files of unknown type inside
// folders, hidden files and hidden folders are skipped; unknown types come back as
// Skipped notes. progress (may be nil) gets (done, total) after each file or URL; total is
// known before the first one is read. Files are read in parallel but reported in order.
// fn returning an error, or ctx being cancelled, stops the walk with that error.
func Walk(ctx context.Context, sources []string, opts Options, progress func(done, total int), fn func(Item) error) error {
	tasks := expand(ctx, sources)
	if err := ctx.Err(); err != nil {
		return err
	}
	total := 0
	for _, t := range tasks {
		if t.skipped == "" {
			total++
		}
	}
	if progress != nil {
		progress(0, total)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := make(chan struct{}, readAhead)
	results := readAll(ctx, tasks, opts, window)
	done := 0
	for i, t := range tasks {
		if t.skipped != "" {
			if err := fn(Item{Source: t.source, Skipped: t.skipped}); err != nil {
				return err
			}
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// Items of one source arrive as they are read (a mailbox or a Telegram export
		// may hold thousands), so a large source never sits in memory whole.
	items:
		for {
			select {
			case it, ok := <-results[i]:
				if !ok {
					break items
				}
				if err := fn(it); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		<-window
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	return ctx.Err()
}

// readAhead bounds how many files are read but not yet consumed, so memory stays bounded
// on huge folders.
const readAhead = 64

// itemBuffer is how many items of one source may wait for the consumer.
const itemBuffer = 16

// readAll reads the tasks on a few goroutines; results[i] delivers the items of task i
// and is closed after the last. A window slot is taken, in task order, before each task
// is read and freed by the consumer. Tasks are handed out in order, so the task the
// consumer waits for is always being read.
func readAll(ctx context.Context, tasks []task, opts Options, window chan struct{}) []chan Item {
	results := make([]chan Item, len(tasks))
	for i := range results {
		if tasks[i].skipped == "" {
			results[i] = make(chan Item, itemBuffer)
		}
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	next := make(chan int)
	go func() {
		defer close(next)
		for i, t := range tasks {
			if t.skipped != "" {
				continue
			}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				out := results[i]
				readSource(ctx, tasks[i].source, opts, tasks[i].explicit, func(it Item) bool {
					select {
					case out <- it:
						return true
					case <-ctx.Done():
						return false
					}
				})
				close(out)
			}
		}()
	}
	return results
}

// expand turns sources into tasks: folders become their supported files, sorted.
func expand(ctx context.Context, sources []string) []task {
	var tasks []task
	for _, src := range sources {
		if ctx.Err() != nil {
			return tasks
		}
		st, err := os.Stat(src)
		if err != nil || !st.IsDir() {
			tasks = append(tasks, task{source: src, explicit: true})
			continue
		}
		var found []task
		exports := map[string]int{} // Telegram export folder → media files left out
		var exportOrder []string
		inExport := func(path string) string {
			for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
				if _, ok := exports[dir]; ok {
					return dir
				}
				if dir == src || dir == filepath.Dir(dir) || !strings.HasPrefix(dir, src) {
					return ""
				}
			}
		}
		walkErr := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				// An unreadable sub-folder: report it like an unreadable file.
				found = append(found, task{source: path, explicit: true})
				return fs.SkipDir
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != src
			if d.IsDir() {
				if hidden {
					return fs.SkipDir
				}
				if isTelegramExportFile(filepath.Join(path, "result.json")) {
					exports[path] = 0
					exportOrder = append(exportOrder, path)
				}
				return nil
			}
			if root := inExport(path); root != "" && !hidden && KindOf(path) != KindTelegram {
				// Photos, files, the HTML copy of the messages: result.json holds the text.
				exports[root]++
				return nil
			}
			switch {
			case hidden:
			case KindOf(path) == KindUnknown:
				found = append(found, task{source: path, skipped: fmt.Sprintf("skipped %s: not a file type Gloss imports", path)})
			default:
				found = append(found, task{source: path})
			}
			return nil
		})
		_ = walkErr
		for _, root := range exportOrder {
			if n := exports[root]; n > 0 {
				found = append(found, task{source: filepath.Join(root, "result.json") + "\x00media",
					skipped: fmt.Sprintf("skipped %d media %s of the Telegram export in %s (its messages' text is read from result.json)", n, plural(n, "file", "files"), root)})
			}
		}
		sort.SliceStable(found, func(i, j int) bool { return found[i].source < found[j].source })
		for i := range found {
			found[i].source = strings.TrimSuffix(found[i].source, "\x00media")
		}
		tasks = append(tasks, found...)
	}
	return tasks
}

// isTelegramExportFile reports whether path is a Telegram export (by its first bytes).
func isTelegramExportFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	return IsTelegramExport(head[:n])
}
