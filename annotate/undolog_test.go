package annotate

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// importBig adds n articles of about size bytes each as one import batch (one undo step).
func importBig(t testing.TB, ws *Workspace, label string, n, size int) []Article {
	t.Helper()
	b := ws.NewBatch(label)
	var drafts []ArticleDraft
	for i := 0; i < n; i++ {
		word := fmt.Sprintf("%s%d ", label, i)
		drafts = append(drafts, ArticleDraft{Title: label + strconv.Itoa(i), Format: "text",
			Text: strings.Repeat(word+"reported shelling near the station. ", size/(len(word)+36)+1)})
	}
	var out []Article
	for _, r := range b.Add(drafts) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		out = append(out, r.Article)
	}
	return out
}

func TestBigUndoRecordsAreKeptApart(t *testing.T) {
	ws := openTemp(t)
	arts := importBig(t, ws, "first", 40, 2000)
	before := dumpData(t, ws)
	second := importBig(t, ws, "second", 40, 2000)
	tag := tagID(t, ws, "Corruption")
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: arts[0].ID, Start: 0, End: 5, TagIDs: []string{tag}}); err != nil {
		t.Fatal(err)
	}
	bigSteps := func() (n int) {
		ws.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bUndoBig).ForEach(func(k, v []byte) error {
				if v != nil {
					t.Errorf("undo_big holds a plain value at %x", k)
				}
				n++
				return nil
			})
		})
		return n
	}
	if n := bigSteps(); n != 2 {
		t.Fatalf("%d big undo records kept apart, want 2 (the imports)", n)
	}
	ws.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bUndo).ForEach(func(k, v []byte) error {
			if len(v) >= bigUndoRecord {
				t.Errorf("undo entry %x is %d bytes", k, len(v))
			}
			return nil
		})
	})
	// Undo the annotation and the second import: the articles of the second are gone.
	for i := 0; i < 2; i++ {
		if _, err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if d := diffDumps(before, dumpData(t, ws)); len(d) > 0 {
		t.Fatalf("undo of a big import left %d differences, first %s", len(d), d[0])
	}
	if got := ws.RedoLabel(); !strings.Contains(got, "second") {
		t.Errorf("redo label %q, want the second import's (read from its stub)", got)
	}
	// Redo brings it back from its own bucket.
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Article(second[5].ID); err != nil {
		t.Fatalf("redo of the big import: %v", err)
	}
	checkConsistent(t, ws)
	// A new command forgets the redo step: its record goes with it.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: arts[1].ID, Start: 0, End: 5, TagIDs: []string{tag}}); err != nil {
		t.Fatal(err)
	}
	if n := bigSteps(); n != 1 {
		t.Errorf("%d big undo records after the redo step was forgotten, want 1", n)
	}
	// Trimming the history drops the first import's record too.
	if err := ws.SetHistoryLimit(1); err != nil {
		t.Fatal(err)
	}
	if n := bigSteps(); n != 0 {
		t.Errorf("%d big undo records after trimming the history to 1 step, want 0", n)
	}
	checkConsistent(t, ws)
	ws = reopen(t, ws)
	checkConsistent(t, ws)
}

// ioWritten is the number of bytes this process has passed to write calls (wchar of
// /proc/self/io: what bbolt writes, page cache or not).
func ioWritten(t testing.TB) int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skipf("cannot count written bytes here (%v): the bound is checked on Linux", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	t.Skip("/proc/self/io has no wchar line")
	return 0
}

// smallCommandLimit is the most a small command may write, whatever the undo history.
const smallCommandLimit = 64 << 10

// A small command writes the pages it changes, not the big import records before it in
// the undo history, nor a free list made long by history that was trimmed away.
func TestSmallCommandWritesLittleWhateverTheHistory(t *testing.T) {
	ws := openTemp(t)
	tag := tagID(t, ws, "Corruption")
	var arts []Article
	for i := 0; i < 4; i++ { // four imports of ~2.4 MB each
		arts = append(arts, importBig(t, ws, fmt.Sprintf("import%d-", i), 300, 8000)...)
	}
	made := 0 // every annotation its own passage: the same one twice is refused
	annotate := func(i int) int64 {
		made++
		before := ioWritten(t)
		if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: arts[i%len(arts)].ID, Start: made, End: made + 5 + i%7, TagIDs: []string{tag}}); err != nil {
			t.Fatal(err)
		}
		return ioWritten(t) - before
	}
	check := func(when string) {
		t.Helper()
		most := int64(0)
		for i := 0; i < 30; i++ {
			most = max(most, annotate(i))
		}
		if most > smallCommandLimit {
			t.Errorf("%s: a small command wrote %d bytes, want at most %d", when, most, smallCommandLimit)
		}
		t.Logf("%s: at most %d bytes a small command", when, most)
	}
	check("after big imports")
	// Trimming the two oldest imports frees ~5 MB of pages.
	if err := ws.SetHistoryLimit(40); err != nil {
		t.Fatal(err)
	}
	check("after the history was trimmed")
	ws = reopen(t, ws)
	check("after reopening")
}

// An import's change set sits apart from the journal's small entries, is read back by
// ChangesSince, and goes with the journal's trimming.
func TestBigJournalEntriesAreKeptApart(t *testing.T) {
	ws := openTemp(t)
	rev := ws.Revision()
	arts := importBig(t, ws, "import", 60, 200)
	ch, ok, err := ws.ChangesSince(rev)
	if err != nil || !ok {
		t.Fatalf("ChangesSince: ok %v, %v", ok, err)
	}
	if len(ch.Articles) != len(arts) {
		t.Fatalf("the import's change set lists %d articles, want %d", len(ch.Articles), len(arts))
	}
	bigEntries := func() (n int) {
		ws.db.View(func(b *bolt.Tx) error {
			return b.Bucket(bJournalBig).ForEach(func(k, v []byte) error { n++; return nil })
		})
		return n
	}
	if n := bigEntries(); n != 1 {
		t.Fatalf("%d big journal entries after one import, want 1", n)
	}
	// Jump to the revision before a trim that reaches past the import.
	err = ws.db.Update(func(b *bolt.Tx) error {
		return putUint(b.Bucket(bMeta), kRevision, (JournalKeep/journalTrimEvery+1)*journalTrimEvery-1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: arts[0].ID, Start: 0, End: 6, TagIDs: []string{tagID(t, ws, "Corruption")}}); err != nil {
		t.Fatal(err)
	}
	if n := bigEntries(); n != 0 {
		t.Errorf("%d big journal entries after the trim, want 0", n)
	}
}
