package drills

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/search"
)

func init() { children["fill"] = fillChild }

// fillChild imports the sources one by one into the workspace, annotating each new
// article, until writes keep failing. Protocol: "art ID" / "ann ID" once acknowledged,
// "err MESSAGE" for each failed command, "idx MESSAGE" when the index could not follow.
// With GLOSS_DRILL_FSIZE it first limits the size of any file it writes (RLIMIT_FSIZE)
// and ignores SIGXFSZ, so a write past the limit fails instead of killing it.
func fillChild() int {
	if s := os.Getenv("GLOSS_DRILL_FSIZE"); s != "" {
		n, _ := strconv.ParseUint(s, 10, 64)
		signal.Ignore(syscall.SIGXFSZ)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Fprintln(os.Stderr, "setrlimit:", err)
			return 1
		}
	}
	dir := os.Getenv("GLOSS_DRILL_DIR")
	files, _ := filepath.Glob(filepath.Join(os.Getenv("GLOSS_DRILL_SOURCES"), "report-*"))
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		fmt.Println("err", oneLine(err.Error()))
		return 1
	}
	defer ws.Close()
	ws.OnIndexError = func(err error) { fmt.Println("idx", oneLine(err.Error())) }
	// The index attaches itself; a failure of bleve must come back as an error, never a
	// panic (the drill fails if this process dies).
	ix, err := search.Open(ws, nil)
	if err == nil {
		defer ix.Close()
	} else {
		fmt.Println("idx", oneLine(err.Error()))
	}
	tag, _, err := ws.CreateTag(annotate.TagDraft{Name: "DrillFull"})
	if err != nil {
		fmt.Println("err", oneLine(err.Error()))
		return 1
	}
	failures := 0
	for _, f := range files {
		if failures >= 6 {
			break
		}
		var imported []string
		im := &ingest.Importer{Report: func(r annotate.ImportResult) {
			if r.Status == annotate.StatusImported {
				imported = append(imported, r.Article.ID)
				fmt.Println("art", r.Article.ID)
			} else if r.Err != nil {
				failures++
				fmt.Println("err", oneLine(r.Err.Error()))
			}
		}}
		if _, err := im.Run(context.Background(), ws, []string{f}); err != nil {
			fmt.Println("err", oneLine(err.Error()))
		}
		for _, id := range imported {
			a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: id, Start: 0, End: 12, TagIDs: []string{tag.ID}, Note: "full disk drill"})
			if err != nil {
				failures++
				fmt.Println("err", oneLine(err.Error()))
				continue
			}
			fmt.Println("ann", a.ID)
		}
	}
	// Commands other than imports that need new pages: annotations with long notes, until
	// one fails.
	if arts, _ := ws.Articles(); len(arts) > 0 {
		for i := 0; i < 40; i++ {
			big := strings.Repeat(fmt.Sprintf("note %d too long for a full disk ", i), 2500)
			a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: arts[0].ID, Start: 0, End: 5, TagIDs: []string{tag.ID}, Note: big})
			if err != nil {
				fmt.Println("err", oneLine(err.Error()))
				break
			}
			fmt.Println("ann", a.ID)
		}
	}
	if _, err := ws.RenameTag(tag.ID, "DrillFuller"); err != nil {
		fmt.Println("err", oneLine(err.Error()))
	} else {
		fmt.Println("ren")
	}
	if ix != nil {
		// A search on a broken index answers a clear error; a healthy one answers.
		if _, err := ix.Search(search.Request{Query: "report"}); err != nil {
			fmt.Println("search", oneLine(err.Error()))
		} else {
			fmt.Println("search ok")
		}
	}
	return 0
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestFullDisk fills a small file system with imports until writes fail: every failed
// command says "no space left on device" and what it was doing, nothing acknowledged is
// lost, the workspace reopens consistent, and once there is room search agrees with the
// store. As root it mounts a 4 MB tmpfs; otherwise a child process runs with
// RLIMIT_FSIZE (writes past 3 MB fail with "file too large").
func TestFullDisk(t *testing.T) {
	root := t.TempDir()
	rng := rand.New(rand.NewPCG(11, 11))
	sources := filepath.Join(root, "sources")
	// Unique words make each file its own article and defeat compression of nothing.
	for i := 0; i < 40; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "Full disk report %d\n\n", i)
		for b.Len() < 120<<10 {
			fmt.Fprintf(&b, "%s w%x ", vocabulary[rng.IntN(len(vocabulary))], rng.Uint64())
		}
		os.MkdirAll(sources, 0o755)
		if err := os.WriteFile(filepath.Join(sources, fmt.Sprintf("report-%03d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mnt := filepath.Join(root, "small")
	os.MkdirAll(mnt, 0o755)
	env := []string{"GLOSS_DRILL_SOURCES=" + sources}
	want := "no space left on device"
	err := errors.New("GLOSS_DRILL_NO_MOUNT is set")
	if os.Getenv("GLOSS_DRILL_NO_MOUNT") == "" {
		err = syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=4m")
	}
	mounted := err == nil
	if err == nil {
		t.Cleanup(func() {
			if err := syscall.Unmount(mnt, 0); err != nil {
				t.Errorf("unmount %s: %v", mnt, err)
			}
		})
		t.Logf("a 4 MB tmpfs at %s", mnt)
	} else {
		t.Logf("mounting a tmpfs is not permitted (%v): a child limited by RLIMIT_FSIZE fills the disk instead", err)
		env = append(env, "GLOSS_DRILL_FSIZE="+strconv.Itoa(3<<20))
		want = "file too large"
	}
	dir := filepath.Join(mnt, "ws")
	env = append(env, "GLOSS_DRILL_DIR="+dir)
	before := treeOf(t, root, mnt)

	cmd := child("fill", env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the fill child failed: %v\n%s", err, out)
	}
	var arts, anns, errs, idxErrs, searches []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "art":
			arts = append(arts, rest)
		case "ann":
			anns = append(anns, rest)
		case "err":
			errs = append(errs, rest)
		case "idx":
			idxErrs = append(idxErrs, rest)
		case "search":
			searches = append(searches, rest)
		}
	}
	if len(arts) == 0 || len(errs) == 0 {
		t.Fatalf("the disk never filled or nothing was imported: %d articles, errors %q", len(arts), errs)
	}
	for _, e := range errs {
		if !strings.Contains(e, want) {
			t.Errorf("a failed command does not say %q: %s", want, e)
		}
		// An import names its source; other commands name at least the store file they
		// could not write (the command layer does not add "not saved" yet: see the report).
		if !strings.HasPrefix(e, "import ") && !strings.Contains(e, "not saved") && !strings.Contains(e, filepath.Join(dir, annotate.StoreFile)) {
			t.Errorf("a failed command does not say what it was doing: %s", e)
		}
	}
	t.Logf("%d articles and %d annotations acknowledged before the disk filled; %d failed commands, e.g. %q; %d index errors, e.g. %q",
		len(arts), len(anns), len(errs), errs[0], len(idxErrs), first(idxErrs))
	// Once the index could not follow, it says so in words (and is rebuilt later): every
	// index error names the damaged index, and so does a search.
	for i, e := range idxErrs {
		if !strings.Contains(e, search.ErrDamaged.Error()) {
			t.Errorf("index error %d does not say the index is damaged: %s", i, e)
		}
	}
	if len(searches) != 1 {
		t.Errorf("the child's search printed %q", searches)
	} else if s := searches[0]; s != "ok" && !strings.Contains(s, search.ErrDamaged.Error()) {
		t.Errorf("a search on the index after the disk filled says: %s", s)
	}
	t.Logf("the child's search after the disk filled: %s", first(searches))

	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatalf("the workspace does not open after the disk filled: %v", err)
	}
	defer ws.Close()
	if err := checkConsistent(ws); err != nil {
		t.Fatal(err)
	}
	for _, id := range arts {
		if _, err := ws.Article(id); err != nil {
			t.Errorf("acknowledged article lost: %v", err)
		}
	}
	for _, id := range anns {
		if _, err := ws.Annotation(id); err != nil {
			t.Errorf("acknowledged annotation lost: %v", err)
		}
	}
	// Room comes back: the tmpfs grows to 16 MB (the index was dropped when it broke, and
	// the store took its room, so the rebuild needs more than a few freed kilobytes).
	if mounted {
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=16m"); err != nil {
			t.Fatalf("grow the tmpfs: %v", err)
		}
	}
	var fs syscall.Statfs_t
	if syscall.Statfs(dir, &fs) == nil {
		st, _ := os.Stat(filepath.Join(dir, annotate.StoreFile))
		var idxBytes int64
		filepath.Walk(ws.IndexDir(), func(_ string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				idxBytes += info.Size()
			}
			return nil
		})
		t.Logf("room freed: %d KB free, store %d KB, index folder %d KB", int64(fs.Bavail)*fs.Bsize>>10, st.Size()>>10, idxBytes>>10)
	}
	ix, err := search.Open(ws, nil)
	if err != nil {
		t.Fatalf("the index does not open once there is room: %v", err)
	}
	defer ix.Close()
	if err := checkSearchAgrees(ws, ix); err != nil {
		t.Error(err)
	}
	// Nothing was written outside the workspace folder.
	after := treeOf(t, root, mnt)
	for p := range after {
		if !before[p] {
			t.Errorf("written outside the workspace: %s", p)
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// treeOf lists the files under root, leaving out the folder skip.
func treeOf(t testing.TB, root, skip string) map[string]bool {
	out := map[string]bool{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if p == skip && info.IsDir() {
			return filepath.SkipDir
		}
		out[p] = true
		return nil
	})
	return out
}
