package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// segmentFiles lists the zap files of an index folder (of both its parts).
func segmentFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*", "store", "*.zap"))
	if len(files) == 0 {
		t.Fatal("no segment in the index")
	}
	return files
}

// overwriteAt writes garbage over n bytes at the fraction at of a file's length.
func overwriteAt(t *testing.T, path string, at float64, n int) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	off := int64(float64(st.Size()) * at)
	n = int(min(int64(n), st.Size()-off))
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xa5", n)), off); err != nil {
		t.Fatal(err)
	}
}

// TestOpenFindsDamage damages one file of the index in ways bleve's own open does not
// notice (or dies of): each is found at open and the index rebuilt, with the same results.
func TestOpenFindsDamage(t *testing.T) {
	rootBolt := func(dir string) string { return filepath.Join(partDir(dir, kindAnnotation), "store", "root.bolt") }
	damages := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"root.bolt truncated to one page", func(t *testing.T, dir string) { os.Truncate(rootBolt(dir), 4096) }},
		{"root.bolt empty", func(t *testing.T, dir string) { os.Truncate(rootBolt(dir), 0) }},
		{"root.bolt headers zeroed", func(t *testing.T, dir string) {
			f, _ := os.OpenFile(rootBolt(dir), os.O_WRONLY, 0)
			f.WriteAt(make([]byte, 8192), 0)
			f.Close()
		}},
		{"segment bytes overwritten in the middle", func(t *testing.T, dir string) {
			for _, s := range segmentFiles(t, dir) {
				overwriteAt(t, s, 0.5, 64)
			}
		}},
		{"segment bytes overwritten near the start", func(t *testing.T, dir string) {
			for _, s := range segmentFiles(t, dir) {
				overwriteAt(t, s, 0.05, 16)
			}
		}},
		{"segment checksum overwritten", func(t *testing.T, dir string) {
			for _, s := range segmentFiles(t, dir) {
				st, _ := os.Stat(s)
				overwriteAt(t, s, float64(st.Size()-4)/float64(st.Size()), 4)
			}
		}},
		{"segment truncated", func(t *testing.T, dir string) {
			for _, s := range segmentFiles(t, dir) {
				st, _ := os.Stat(s)
				os.Truncate(s, st.Size()-100)
			}
		}},
		{"broken marker left by a process that died", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, brokenMarker), nil, 0o600)
		}},
	}
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			f := newFixture(t)
			if !reopen(t, f, func(dir string) { d.damage(t, dir) }) {
				t.Fatal("the damage was not found at open")
			}
			if _, err := os.Stat(filepath.Join(f.ws.IndexDir(), brokenMarker)); err == nil {
				t.Error("the rebuilt index still has the broken marker")
			}
			f.expect(t, "rebuilt", "kharkiv OR харків", "N1 N3")
		})
	}
	t.Run("a verified segment is not read again", func(t *testing.T) {
		f := newFixture(t)
		reopen(t, f, func(string) {})
		known := readVerified(partDir(f.ws.IndexDir(), kindAnnotation))
		if len(known) == 0 {
			t.Fatal("no segment recorded as verified")
		}
		// A wrong record makes the next open check the file again (and find it sound).
		for name := range known {
			known[name] = fileStamp{1, 1}
		}
		writeVerified(partDir(f.ws.IndexDir(), kindAnnotation), known)
		if reopen(t, f, func(string) {}) {
			t.Error("a sound index was rebuilt")
		}
		for name, s := range readVerified(partDir(f.ws.IndexDir(), kindAnnotation)) {
			if s == (fileStamp{1, 1}) {
				t.Errorf("%s was not checked again", name)
			}
		}
	})
}

// brokenFixture is a fixture whose index is reopened with a Repair callback and a batch
// hook; repairs sends every call of the callback.
type repairCall struct {
	done, total int
	err         error
}

func openWithRepair(t *testing.T, f *fixture) chan repairCall {
	t.Helper()
	f.ix.Close()
	f.ws.SetIndexer(nil)
	calls := make(chan repairCall, 1000)
	ix, err := OpenWith(f.ws, Options{Repair: func(d, tot int, err error) { calls <- repairCall{d, tot, err} }})
	if err != nil {
		t.Fatal(err)
	}
	f.ix = ix
	t.Cleanup(func() { ix.Close() })
	return calls
}

// setBatchFault installs the hook for the test.
func setBatchFault(t *testing.T, fn func() error) {
	var mu sync.Mutex
	batchFault = func() error { mu.Lock(); defer mu.Unlock(); return fn() }
	t.Cleanup(func() { batchFault = nil })
}

func setRepairRetry(t *testing.T, d time.Duration) {
	old := repairRetry
	repairRetry = d
	t.Cleanup(func() { repairRetry = old })
}

// waitRepaired waits for the callback's last step (done == total without error).
func waitRepaired(t *testing.T, calls chan repairCall) (failed []error) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case c := <-calls:
			if c.err != nil {
				failed = append(failed, c.err)
			} else if c.done == c.total && c.total > 0 {
				return failed
			}
		case <-timeout:
			t.Fatal("the index was not repaired")
		}
	}
}

// TestBrokenWhileOpen makes a batch of a live index fail or panic (as bleve does on a full
// disk): the command still succeeds (the store is the truth), the caller is told in words,
// searches answer ErrDamaged instead of touching bleve, and the index is rebuilt.
func TestBrokenWhileOpen(t *testing.T) {
	enospc := &os.PathError{Op: "write", Path: "index/store/00000000000c.zap", Err: syscall.ENOSPC}
	cases := []struct {
		name      string
		fault     func() error // of the first failing batch
		diskFull  bool
		wantWords string
	}{
		{"batch fails", func() error { return fmt.Errorf("persist err: %w", enospc) }, true, "disk has room"},
		{"batch panics", func() error { panic("zapx: assignment to entry in nil map") }, false, "is being rebuilt: search works"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setRepairRetry(t, time.Hour) // after a full disk the repair waits for room
			f := newFixture(t)
			calls := openWithRepair(t, f)
			var idxErrs []error
			f.ws.OnIndexError = func(err error) { idxErrs = append(idxErrs, err) }
			// The first batch fails; the repair's batches wait until the broken state was
			// looked at.
			release := make(chan struct{})
			first := true
			setBatchFault(t, func() error {
				if first {
					first = false
					return c.fault()
				}
				<-release
				return nil
			})
			if _, err := f.ws.SetAnnotationNote(f.ann["N4"], "sandbags at the bridge"); err != nil {
				t.Fatalf("the command failed with the index: %v", err)
			}
			if len(idxErrs) != 1 || !errors.Is(idxErrs[0], ErrDamaged) || !strings.Contains(idxErrs[0].Error(), c.wantWords) {
				t.Fatalf("index errors: %v", idxErrs)
			}
			if n, _ := f.ws.Annotation(f.ann["N4"]); n.Note != "sandbags at the bridge" {
				t.Error("the store lost the change")
			}
			// Later changes and every search answer the clear error, without bleve.
			if _, err := f.ws.SetAnnotationNote(f.ann["N5"], "curfew"); err != nil {
				t.Fatal(err)
			}
			if len(idxErrs) != 2 || !errors.Is(idxErrs[1], ErrDamaged) {
				t.Errorf("second index error: %v", idxErrs)
			}
			_, err := f.ix.Search(Request{Query: "kharkiv"})
			var de *DamagedError
			if !errors.As(err, &de) || !de.Rebuilding || !strings.HasPrefix(err.Error(), "the search index is damaged and is being rebuilt") {
				t.Errorf("search on the broken index: %v", err)
			}
			if _, err := f.ix.AnnotationIDs(""); !errors.Is(err, ErrDamaged) {
				t.Errorf("AnnotationIDs on the broken index: %v", err)
			}
			if _, err := f.ix.DocCount(); !errors.Is(err, ErrDamaged) {
				t.Errorf("DocCount on the broken index: %v", err)
			}
			// The damaged folder is gone (or marked), so a process dying now rebuilds at the
			// next open.
			if _, err := os.Stat(filepath.Join(f.ws.IndexDir(), "store")); err == nil {
				if _, err := os.Stat(filepath.Join(f.ws.IndexDir(), brokenMarker)); err != nil {
					t.Error("the broken index is neither discarded nor marked")
				}
			}
			// Room comes back: the repair runs and catches every change made meanwhile.
			close(release)
			if c.diskFull {
				// Still waiting out the hour: the next open rebuilds instead.
				f.ix.Close()
				f.ws.SetIndexer(nil)
				rebuilt := false
				f.ix = must(Open(f.ws, func(d, tot int) { rebuilt = true }))
				t.Cleanup(func() { f.ix.Close() })
				if !rebuilt {
					t.Error("the next open did not rebuild the broken index")
				}
			} else {
				waitRepaired(t, calls)
				if err := f.ix.usable(); err != nil {
					t.Errorf("the repair said it was done, but: %v", err)
				}
			}
			f.expect(t, "repaired", "note:sandbags", "N4")
			f.expect(t, "repaired", "note:curfew", "N5")
			if f.ix.Revision() != f.ws.Revision() {
				t.Errorf("index at %d, store at %d", f.ix.Revision(), f.ws.Revision())
			}
			if _, err := f.ws.SetAnnotationNote(f.ann["N6"], "convoy"); err != nil {
				t.Fatal(err)
			}
			f.expect(t, "after the repair", "note:convoy", "N6")
		})
	}
}

// TestRepairAfterFullDisk: the disk stays full for the first rebuild attempts (each
// reported to the callback), then has room: the repair retries and the index comes back
// equal to the store.
func TestRepairAfterFullDisk(t *testing.T) {
	setRepairRetry(t, 20*time.Millisecond)
	f := newFixture(t)
	calls := openWithRepair(t, f)
	f.ws.OnIndexError = func(error) {}
	full := 3 // the failing live batch, then two rebuild attempts
	setBatchFault(t, func() error {
		if full > 0 {
			full--
			return &os.PathError{Op: "write", Path: "x.zap", Err: syscall.ENOSPC}
		}
		return nil
	})
	if _, err := f.ws.SetAnnotationNote(f.ann["N4"], "sandbags"); err != nil {
		t.Fatal(err)
	}
	failed := waitRepaired(t, calls)
	if len(failed) != 2 || !noSpace(failed[0]) {
		t.Errorf("failed attempts reported: %v", failed)
	}
	if err := f.ix.usable(); err != nil {
		t.Errorf("the repair said it was done, but: %v", err)
	}
	f.expect(t, "repaired", "note:sandbags", "N4")
	f.expect(t, "repaired", "kharkiv OR харків", "N1 N3")
	leftovers, _ := filepath.Glob(f.ws.IndexDir() + ".*")
	if len(leftovers) != 0 {
		t.Errorf("half-built folders left: %v", leftovers)
	}
}

// TestCloseDuringRepair: closing while a repair waits for room returns at once, and the
// next open rebuilds.
func TestCloseDuringRepair(t *testing.T) {
	setRepairRetry(t, time.Hour)
	f := newFixture(t)
	openWithRepair(t, f)
	f.ws.OnIndexError = func(error) {}
	setBatchFault(t, func() error { return &os.PathError{Op: "write", Path: "x.zap", Err: syscall.ENOSPC} })
	if _, err := f.ws.SetAnnotationNote(f.ann["N4"], "sandbags"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f.ix.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	f.ws.SetIndexer(nil)
	batchFault = nil
	rebuilt := false
	f.ix = must(Open(f.ws, func(int, int) { rebuilt = true }))
	t.Cleanup(func() { f.ix.Close() })
	if !rebuilt {
		t.Error("not rebuilt at the next open")
	}
	f.expect(t, "reopened", "note:sandbags", "N4")
}

func TestErrorKinds(t *testing.T) {
	for _, c := range []struct {
		err     error
		noSpace bool
		query   bool
	}{
		{&os.PathError{Op: "write", Path: "a.zap", Err: syscall.ENOSPC}, true, false},
		{fmt.Errorf("persist: %w", syscall.EFBIG), true, false},
		{errors.New("write a.zap: no space left on device"), true, false},
		{errors.New("TooManyClauses over field: `quote` [2000 > maxClauseCount, which is set to 1024]"), false, true},
		{errors.New("vellum err: no decoder for version 3997796"), false, false},
	} {
		if got := noSpace(c.err); got != c.noSpace {
			t.Errorf("noSpace(%v) = %v", c.err, got)
		}
		if got := queryError(c.err); got != c.query {
			t.Errorf("queryError(%v) = %v", c.err, got)
		}
	}
	e := &DamagedError{Cause: errors.New("x")}
	if !errors.Is(e, ErrDamaged) || !strings.Contains(e.Error(), "needs rebuilding") {
		t.Errorf("%v", e)
	}
	var _ annotate.Indexer = (*Index)(nil)
}

// A batch returns before it is on disk. A part whose folder vanished while open is caught
// before its batch is written; one whose segment files cannot be written fails only in
// bleve's background persister, and that failure reaches the index too. Either way the
// index is rebuilt from the store with the change in it.
func TestFolderVanishingWhileOpen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		remove func(dir string) []string
	}{
		{"the index folder", func(dir string) []string { return []string{dir} }},
		{"the segment folders", func(dir string) []string {
			return []string{filepath.Join(partDir(dir, kindAnnotation), "store"), filepath.Join(partDir(dir, kindArticle), "store")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			calls := openWithRepair(t, f)
			for _, p := range tc.remove(f.ix.Dir()) {
				// bleve may be writing a file there meanwhile: try again.
				for try := 0; ; try++ {
					err := os.RemoveAll(p)
					if err == nil {
						break
					}
					if try == 20 {
						t.Fatal(err)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			ann, _, err := f.ws.Annotate(annotate.AnnotationDraft{ArticleID: f.art["A1"], Start: 0, End: 8, TagIDs: []string{f.tag["Corruption"]}, Note: "vanished"})
			if err != nil {
				t.Fatalf("the command must succeed whatever the index does: %v", err)
			}
			if failed := waitRepaired(t, calls); len(failed) > 0 {
				t.Errorf("the rebuild failed first: %v", failed)
			}
			if ids := must(f.ix.AnnotationIDs("note:vanished")); len(ids) != 1 || ids[0] != ann.ID {
				t.Errorf("after the repair note:vanished finds %v, want %s", ids, ann.ID)
			}
			if _, err := os.Stat(filepath.Join(partDir(f.ix.Dir(), kindAnnotation), "store")); err != nil {
				t.Errorf("the rebuilt index is not on disk: %v", err)
			}
		})
	}
}
