package search

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search/query"
)

// expect checks the sorted fixture names a query finds.
func (f *fixture) expect(t *testing.T, step, q, want string) {
	t.Helper()
	if got := sorted(f.names(t, Request{Query: q, Limit: 100})); got != want {
		t.Errorf("%s: %q = [%s], want [%s]", step, q, got, want)
	}
}

// expectUnknownTag checks that a tag name is no longer in the codebook: searching it is
// refused with the column of the term, rather than finding nothing in silence.
func (f *fixture) expectUnknownTag(t *testing.T, step, q string) {
	t.Helper()
	_, err := f.ix.Search(Request{Query: q, Limit: 100})
	var pe *query.ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "no tag named") || pe.Pos != 1 {
		t.Errorf("%s: %q gave %v, want a 'no tag named' error at column 1", step, q, err)
	}
}

func TestTagChangesAndUndo(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	energy := f.tag["Military developments/Energy attacks"]
	grid := f.tag["Military developments/Energy attacks/Grid"]
	corruption := f.tag["Corruption"]
	diplomacy := f.tag["Diplomacy"]
	step := func(name string, fn func() (annotate.Result, error)) {
		t.Helper()
		if _, err := fn(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	step("rename", func() (annotate.Result, error) { return ws.RenameTag(energy, "Power strikes") })
	f.expect(t, "rename", `tag:"power strikes"`, "N1 N2 N3 N8")
	f.expect(t, "rename", `tag:"Military developments/Power strikes/Grid"`, "N2")
	f.expectUnknownTag(t, "rename", `tag:"energy attacks"`)
	step("undo rename", ws.Undo)
	f.expect(t, "undo rename", `tag:"energy attacks"`, "N1 N2 N3 N8")
	f.expectUnknownTag(t, "undo rename", `tag:"power strikes"`)
	step("redo rename", ws.Redo)
	f.expect(t, "redo rename", `tag:"power strikes"`, "N1 N2 N3 N8")
	step("undo rename again", ws.Undo)

	step("move", func() (annotate.Result, error) { return ws.MoveTag(grid, corruption) })
	f.expect(t, "move", "tag:corruption", "N2 N7")
	f.expect(t, "move", `tag:"military developments"`, "N1 N3 N4 N5 N8")
	f.expect(t, "move", `tag:"corruption/grid"`, "N2")
	step("undo move", ws.Undo)
	f.expect(t, "undo move", "tag:corruption", "N7")
	f.expect(t, "undo move", `tag:"military developments"`, "N1 N2 N3 N4 N5 N8")

	step("merge", func() (annotate.Result, error) { return ws.MergeTag(diplomacy, corruption) })
	f.expect(t, "merge", "tag:corruption", "N6 N7") // N6's tag moved under Corruption
	f.expectUnknownTag(t, "merge", "tag:diplomacy")
	f.expect(t, "merge", `tag:"corruption/security guarantees"`, "N6")
	step("undo merge", ws.Undo)
	f.expect(t, "undo merge", "tag:diplomacy", "N6")
	f.expect(t, "undo merge", "tag:corruption", "N7")

	step("delete tag", func() (annotate.Result, error) { return ws.DeleteTag(grid, "") })
	f.expectUnknownTag(t, "delete tag", "tag:grid")
	f.expect(t, "delete tag", "engineers", "") // N2 had only this tag: deleted with it
	step("undo delete tag", ws.Undo)
	f.expect(t, "undo delete tag", "tag:grid", "N2")
	f.expect(t, "undo delete tag", "engineers", "N2")

	// Recolouring touches no document but keeps the index's revision in step.
	step("recolour", func() (annotate.Result, error) { return ws.SetTagColor(energy, "#123456") })
	if f.ix.Revision() != ws.Revision() {
		t.Errorf("index at revision %d, store at %d", f.ix.Revision(), ws.Revision())
	}
}

func TestAnnotationAndArticleChanges(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	if _, err := ws.SetAnnotationNote(f.ann["N2"], "Blackout lasted six hours"); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "note", "note:blackout", "N2")
	f.expect(t, "note", "has:note", "N1 N2 N3 N7")
	if _, err := ws.AddAnnotationTag(f.ann["N2"], f.tag["Corruption"]); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "add tag", "tag:corruption", "N2 N7")
	if _, err := ws.DeleteAnnotation(f.ann["N1"]); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "delete", "kharkiv", "")
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "undo delete", "kharkiv", "N1")
	// Article metadata is copied into its annotations.
	if _, err := ws.SetArticleMeta(f.art["A3"], func(a *annotate.Article) { a.Source = "Novaya Gazeta Europe" }); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "source", "source:novaya", "N5 N6")
	f.expect(t, "source", "source:meduza", "")
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "undo source", "source:meduza", "N5 N6")
	// A new version of an article re-anchors its annotations; one cannot be re-found.
	d := fixtureArticles[3]
	d.Text = "An audit of military procurement found inflated contracts for food supplies. The ministry disputed the figures."
	r, err := ws.AddArticle(d)
	if err != nil || r.Status != annotate.StatusUpdated {
		t.Fatalf("new version: %v %v", r.Status, err)
	}
	f.expect(t, "new version", "is:orphaned", "N7")
	res := must(f.ix.Search(Request{Query: "investigators", Articles: true}))
	if len(res.Hits) != 1 || res.Hits[0].Kind != KindAnnotation { // the old article text is gone from the index
		t.Errorf("after new version: %+v", res.Hits)
	}
	// Deleting an article deletes its documents.
	if _, err := ws.DeleteArticle(f.art["A1"]); err != nil {
		t.Fatal(err)
	}
	res = must(f.ix.Search(Request{Query: "kharkiv OR fires OR engineers", Articles: true}))
	if res.Total != 0 {
		t.Errorf("after deleting A1: %d hits", res.Total)
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "undo delete article", "kharkiv OR fires OR engineers", "N1 N2 N8")
}

func TestCatchUpAfterRestart(t *testing.T) {
	f := newFixture(t)
	f.ix.Close()
	f.ws.SetIndexer(nil)
	// Changes while no index is attached (another tool, a crash before the index wrote).
	if _, err := f.ws.RenameTag(f.tag["Corruption"], "Graft"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ws.SetAnnotationNote(f.ann["N5"], "air raid sirens"); err != nil {
		t.Fatal(err)
	}
	rebuilt := false
	ix := must(Open(f.ws, func(done, total int) { rebuilt = true }))
	defer ix.Close()
	f.ix = ix
	if rebuilt {
		t.Error("a stale index was rebuilt instead of caught up")
	}
	f.expect(t, "caught up", "tag:graft", "N7")
	f.expect(t, "caught up", "note:sirens", "N5")
	if ix.Revision() != f.ws.Revision() {
		t.Errorf("index at %d, store at %d", ix.Revision(), f.ws.Revision())
	}
}

func reopen(t *testing.T, f *fixture, damage func(dir string)) (rebuilt bool) {
	t.Helper()
	f.ix.Close()
	f.ws.SetIndexer(nil)
	damage(f.ws.IndexDir())
	var last [2]int
	ix, err := Open(f.ws, func(done, total int) { rebuilt = true; last = [2]int{done, total} })
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	f.ix = ix
	t.Cleanup(func() { ix.Close() })
	if rebuilt && (last[0] != last[1] || last[1] != 12) {
		t.Errorf("last progress %v, want 12 of 12", last)
	}
	f.expect(t, "reopened", `tag:"energy attacks" OR Харкова`, "N1 N2 N3 N8")
	return rebuilt
}

func TestRebuildWhenMissingOrDamaged(t *testing.T) {
	damages := map[string]func(dir string){
		"deleted": func(dir string) { os.RemoveAll(dir) },
		"emptied": func(dir string) {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				os.RemoveAll(filepath.Join(dir, e.Name()))
			}
		},
		"truncated": func(dir string) {
			filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					os.Truncate(p, info.Size()/3)
				}
				return nil
			})
		},
		"overwritten": func(dir string) {
			filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					os.WriteFile(p, []byte(strings.Repeat("garbage!", int(info.Size()/8)+1)), 0o600)
				}
				return nil
			})
		},
		"segments overwritten": func(dir string) {
			filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
				if err == nil && strings.HasSuffix(p, ".zap") {
					os.WriteFile(p, []byte(strings.Repeat("\xff", int(info.Size()))), 0o600)
				}
				return nil
			})
		},
		"a file instead of the folder": func(dir string) {
			os.RemoveAll(dir)
			os.WriteFile(dir, []byte("not an index"), 0o600)
		},
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			if name == "a file instead of the folder" {
				// The folder is taken by a file: it is moved aside, not lost.
				defer os.Remove(f.ws.IndexDir())
			}
			if !reopen(t, f, damage) {
				t.Error("the damaged index was not rebuilt")
			}
		})
	}
	t.Run("older mapping version", func(t *testing.T) {
		f := newFixture(t)
		rebuilt := reopen(t, f, func(dir string) {})
		if rebuilt {
			t.Fatal("a current index was rebuilt")
		}
		// The closed index's articles are marked as written by an older version.
		older := func(dir string) {
			p, err := openPart(dir, partKinds[articlesPart], 0)
			if err != nil {
				t.Fatal(err)
			}
			b := p.idx.NewBatch()
			b.SetInternal(keyVersion, []byte("gloss-search-0"))
			if err := p.write(b); err != nil {
				t.Fatal(err)
			}
			p.awaitPersisted()
			p.idx.Close()
		}
		if !reopen(t, f, older) {
			t.Error("an index of an older mapping version was not rebuilt")
		}
	})
}

func TestReindexForced(t *testing.T) {
	f := newFixture(t)
	f.ix.Close()
	calls := 0
	ix := must(OpenWith(f.ws, Options{ForceRebuild: true, Progress: func(done, total int) { calls++ }}))
	defer ix.Close()
	f.ix = ix
	if calls == 0 {
		t.Error("no progress reported")
	}
	// Rebuild while open keeps serving and picks up changes made meanwhile.
	if err := ix.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "after rebuild", "kharkiv", "N1")
	if _, err := f.ws.SetAnnotationNote(f.ann["N4"], "shelter"); err != nil {
		t.Fatal(err)
	}
	f.expect(t, "after rebuild", "note:shelter", "N4")
	if n := must(ix.DocCount()); n != 12 {
		t.Errorf("%d documents, want 12", n)
	}
	leftovers, _ := filepath.Glob(f.ws.IndexDir() + ".*")
	if len(leftovers) != 0 {
		t.Errorf("leftover folders: %v", leftovers)
	}
}

func TestInUse(t *testing.T) {
	f := newFixture(t)
	old := lockTimeout
	lockTimeout = 200 * time.Millisecond
	defer func() { lockTimeout = old }()
	start := time.Now()
	_, err := openParts(f.ws.IndexDir(), 0)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "in use by another Gloss process") {
		t.Errorf("second open: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second open took %v", d)
	}
}

// TestInUseByAnotherProcess opens the index from a child process while this one holds it.
func TestInUseByAnotherProcess(t *testing.T) {
	if dir := os.Getenv("GLOSS_SEARCH_OPEN_HELPER"); dir != "" {
		lockTimeout = 300 * time.Millisecond
		_, err := openParts(dir, 0)
		fmt.Printf("child: %v\n", err)
		if errors.Is(err, ErrInUse) {
			os.Exit(3)
		}
		os.Exit(4)
	}
	f := newFixture(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestInUseByAnotherProcess$")
	cmd.Env = append(os.Environ(), "GLOSS_SEARCH_OPEN_HELPER="+f.ws.IndexDir())
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the second process hangs")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 || !strings.Contains(string(out), "in use by another Gloss process") {
		t.Errorf("child: %v\n%s", err, out)
	}
}

// bleve logs through the standard logger when it opens an index whose segment files are
// gone ("unable to load snapshot … continuing"): the index is rebuilt, and nothing of
// that reaches stderr (GLOSS_DEBUG_SEARCH=1 shows it, which proves the case logs).
func TestNoLibraryLogLines(t *testing.T) {
	for _, debug := range []bool{true, false} {
		f := newFixture(t)
		f.ix.Close()
		f.ws.SetIndexer(nil)
		for _, z := range segmentFiles(t, f.ws.IndexDir()) {
			os.Remove(z)
		}
		var buf bytes.Buffer
		log.SetOutput(&buf)
		if debug {
			t.Setenv("GLOSS_DEBUG_SEARCH", "1")
		} else {
			os.Unsetenv("GLOSS_DEBUG_SEARCH")
		}
		ix, err := Open(f.ws, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.ix = ix
		t.Cleanup(func() { ix.Close() })
		f.expect(t, "rebuilt", "kharkiv OR харків", "N1 N3")
		defer log.SetOutput(os.Stderr)
		log.Print("a line of Gloss's own")
		logged := buf.String()
		if debug != strings.Contains(logged, "unable to load snapshot") || !strings.Contains(logged, "a line of Gloss's own") {
			t.Errorf("GLOSS_DEBUG_SEARCH=%t: the log got %q", debug, logged)
		}
	}
}

// Each short-lived process (gloss annotate) leaves a segment per part; closing merges the
// small ones once they pile up, so a thousand commands leave a handful, not a thousand.
func TestSegmentsStayFewAcrossProcesses(t *testing.T) {
	// A process of one command ends before bleve's background merger gets to run.
	// (Without a floor, bleve merges every segment of an index as small as the fixture.)
	backgroundMerges = map[string]interface{}{"MaxSegmentsPerTier": 1 << 20, "SegmentsPerMergeTask": 1 << 20, "FloorSegmentSize": 1}
	defer func() { backgroundMerges = nil }()
	f := newFixture(t)
	tag := f.tag["Corruption"]
	counts := func() (ann, art int) {
		f.ix.mu.RLock()
		defer f.ix.mu.RUnlock()
		for i, p := range f.ix.parts {
			is, release, err := p.snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if i == annotationsPart {
				ann = len(is.Segments())
			} else {
				art = len(is.Segments())
			}
			release()
		}
		return ann, art
	}
	most := 0
	for i := 0; i < 60; i++ {
		// One process: open, one command, close.
		f.ix.Close()
		f.ws.SetIndexer(nil)
		f.ix = must(Open(f.ws, func(int, int) { t.Fatal("rebuilt") }))
		ann, art := counts()
		most = max(most, ann, art)
		if _, _, err := f.ws.Annotate(annotate.AnnotationDraft{ArticleID: f.art["A4"], Start: i % 30, End: i%30 + 5, TagIDs: []string{tag}, Note: fmt.Sprint("process ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if most > maxSmallSegments+2 {
		t.Errorf("a part had %d segments after short processes, want at most %d", most, maxSmallSegments+2)
	}
	f.ix.Close()
	f.ws.SetIndexer(nil)
	f.ix = must(Open(f.ws, func(int, int) { t.Fatal("rebuilt") }))
	if ids := must(f.ix.AnnotationIDs("tag:corruption")); len(ids) != 61 {
		t.Errorf("after 60 processes, %d annotations tagged corruption, want 61", len(ids))
	}
}
