package annotate

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

type boltTx = bolt.Tx

// undoFixture is a workspace with one article, one annotation and a small tag tree.
type undoFixture struct {
	ws                *Workspace
	art               Article
	ann               Annotation
	tag, other, child string // tag ids: a root, another root, a child of tag
}

func newUndoFixture(t *testing.T) *undoFixture {
	ws := openTemp(t)
	f := &undoFixture{ws: ws}
	f.art = addText(t, ws, "Geneva", sampleText)
	mk := func(name, parent string) string {
		tag, _, err := ws.CreateTag(TagDraft{Name: name, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		return tag.ID
	}
	f.tag = mk("Talks", "")
	f.other = mk("Energy", "")
	f.child = mk("Venue", f.tag)
	f.ann = annotateQuote(t, ws, f.art.ID, "ceasefire proposal", "Talks", "Energy")
	return f
}

// TestUndoRedoEachCommandAcrossReopen runs each command, closes and reopens the
// workspace, undoes it (the data must be exactly as before), reopens, redoes it (exactly
// as after) and reopens once more.
func TestUndoRedoEachCommandAcrossReopen(t *testing.T) {
	commands := []struct {
		name  string
		label string // a piece of the undo label
		run   func(f *undoFixture) error
	}{
		{"AddArticle", "Import", func(f *undoFixture) error {
			_, err := f.ws.AddArticle(ArticleDraft{Title: "New", URL: "https://example.org/n", Text: "Fresh text."})
			return err
		}},
		{"AddArticle new version", "Import", func(f *undoFixture) error {
			if _, err := f.ws.SetArticleMeta(f.art.ID, func(a *Article) { a.URL = "https://example.org/g" }); err != nil {
				return err
			}
			_, err := f.ws.AddArticle(ArticleDraft{Title: "Geneva v2", URL: "https://example.org/g", Text: "Intro. " + sampleText})
			return err
		}},
		{"Batch", "Import of a folder", func(f *undoFixture) error {
			b := f.ws.NewBatch("Import of a folder")
			for i := 0; i < 3; i++ {
				r := b.Add([]ArticleDraft{{Title: fmt.Sprint("Part ", i), Text: fmt.Sprint("Text number ", i)}})
				if r[0].Err != nil {
					return r[0].Err
				}
			}
			return nil
		}},
		{"ImportText", "Import", func(f *undoFixture) error {
			_, err := f.ws.ImportText("Pasted", "Clipboard desk", "Pasted text from the clipboard.")
			return err
		}},
		{"Annotate", "Tagged 'Venue' on “Negotiators” in 'Geneva'", func(f *undoFixture) error {
			_, _, err := f.ws.Annotate(AnnotationDraft{ArticleID: f.art.ID, Start: 0, End: 11, TagIDs: []string{f.child}, Note: "who"})
			return err
		}},
		{"SetAnnotationTags", "Set tags", func(f *undoFixture) error {
			_, err := f.ws.SetAnnotationTags(f.ann.ID, []string{f.child})
			return err
		}},
		{"AddAnnotationTag", "Added tag 'Venue'", func(f *undoFixture) error {
			_, err := f.ws.AddAnnotationTag(f.ann.ID, f.child)
			return err
		}},
		{"RemoveAnnotationTag", "Removed tag 'Energy'", func(f *undoFixture) error {
			_, err := f.ws.RemoveAnnotationTag(f.ann.ID, f.other)
			return err
		}},
		{"SetAnnotationNote", "Edited note", func(f *undoFixture) error {
			_, err := f.ws.SetAnnotationNote(f.ann.ID, "Said twice.")
			return err
		}},
		{"EditAnnotation", "Edited annotation (set tags 'Venue', added 'Energy', edited the note) on “ceasefire proposal” in 'Geneva'", func(f *undoFixture) error {
			note := "Both sides."
			_, err := f.ws.EditAnnotation(f.ann.ID, AnnotationEdit{SetTags: []string{f.child}, AddTags: []string{f.other}, Note: &note})
			return err
		}},
		{"DeleteAnnotation", "Deleted annotation on “ceasefire proposal” in 'Geneva'", func(f *undoFixture) error {
			_, err := f.ws.DeleteAnnotation(f.ann.ID)
			return err
		}},
		{"DeleteArticle", "Deleted article 'Geneva'", func(f *undoFixture) error {
			_, err := f.ws.DeleteArticle(f.art.ID)
			return err
		}},
		{"SetArticleMeta", "Edited article", func(f *undoFixture) error {
			_, err := f.ws.SetArticleMeta(f.art.ID, func(a *Article) {
				a.Title, a.Source, a.URL, a.Language = "Geneva talks", "Desk", "https://example.org/x", "en"
				a.Published = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
			})
			return err
		}},
		{"CreateTag", "Created tag 'Mediators'", func(f *undoFixture) error {
			_, _, err := f.ws.CreateTag(TagDraft{Name: "Mediators", ParentID: f.tag, Hotkey: 4})
			return err
		}},
		{"RenameTag", "Renamed tag 'Talks' to 'Negotiations'", func(f *undoFixture) error {
			_, err := f.ws.RenameTag(f.tag, "Negotiations")
			return err
		}},
		{"SetTagColor", "Recoloured", func(f *undoFixture) error { _, err := f.ws.SetTagColor(f.tag, "#123abc"); return err }},
		{"SetTagDescription", "Described", func(f *undoFixture) error {
			_, err := f.ws.SetTagDescription(f.tag, "Formal talks between the parties.")
			return err
		}},
		{"SetTagHotkey", "Bound key 1", func(f *undoFixture) error { _, err := f.ws.SetTagHotkey(f.tag, 1); return err }},
		{"MoveTag", "Moved tag 'Energy'", func(f *undoFixture) error { _, err := f.ws.MoveTag(f.other, f.tag); return err }},
		{"MergeTag", "Merged tag 'Energy' into 'Talks'", func(f *undoFixture) error { _, err := f.ws.MergeTag(f.other, f.tag); return err }},
		{"DeleteTag", "Deleted tag 'Talks'", func(f *undoFixture) error { _, err := f.ws.DeleteTag(f.tag, ""); return err }},
		{"DeleteTag deleting annotations", "and 1 annotation that had only this tag", func(f *undoFixture) error {
			if _, err := f.ws.RemoveAnnotationTag(f.ann.ID, f.tag); err != nil {
				return err
			}
			_, err := f.ws.DeleteTag(f.other, "")
			return err
		}},
	}
	for _, tc := range commands {
		t.Run(tc.name, func(t *testing.T) {
			f := newUndoFixture(t)
			if err := tc.run(f); err != nil {
				t.Fatal(err)
			}
			// The "before" of the last command: undo it once to see it, then redo.
			after := dumpData(t, f.ws)
			f.ws = reopen(t, f.ws)
			if label := f.ws.UndoLabel(); !strings.Contains(label, tc.label) {
				t.Fatalf("undo label %q does not say %q", label, tc.label)
			}
			rev := f.ws.Revision()
			res, err := f.ws.Undo()
			if err != nil {
				t.Fatal(err)
			}
			if res.Changes.Empty() || res.Revision != rev+1 || !strings.Contains(res.Label, "Undid: ") {
				t.Fatalf("undo result %+v", res)
			}
			before := dumpData(t, f.ws)
			if len(diffDumps(before, after)) == 0 {
				t.Fatal("the command changed nothing")
			}
			checkConsistent(t, f.ws)
			f.ws = reopen(t, f.ws)
			if got := dumpData(t, f.ws); len(diffDumps(before, got)) > 0 {
				t.Fatalf("undo did not survive the reopen: %v", diffDumps(before, got))
			}
			if _, err := f.ws.Redo(); err != nil {
				t.Fatal(err)
			}
			f.ws = reopen(t, f.ws)
			if d := diffDumps(after, dumpData(t, f.ws)); len(d) > 0 {
				t.Fatalf("redo after reopen differs from the command's result: %v", d)
			}
			checkConsistent(t, f.ws)
			if _, err := f.ws.Redo(); !errors.Is(err, ErrNothingToRedo) {
				t.Fatalf("second redo: %v", err)
			}
			// Undo again, then back to the fixture's beginning: all undone is the empty store.
			for {
				if _, err := f.ws.Undo(); errors.Is(err, ErrNothingToUndo) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
			}
			if n, m := f.ws.Counts(); n != 0 || m != 0 {
				t.Fatalf("after undoing everything: %d articles, %d annotations", n, m)
			}
			checkConsistent(t, f.ws)
		})
	}
}

func TestNewCommandForgetsRedo(t *testing.T) {
	f := newUndoFixture(t)
	if _, err := f.ws.SetAnnotationNote(f.ann.ID, "one"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if f.ws.RedoLabel() != "Edited note on “ceasefire proposal” in 'Geneva'" {
		t.Fatalf("redo label %q", f.ws.RedoLabel())
	}
	if _, err := f.ws.SetAnnotationNote(f.ann.ID, "two"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ws.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Fatalf("redo after a new command: %v", err)
	}
	if a, _ := f.ws.Annotation(f.ann.ID); a.Note != "two" {
		t.Fatalf("note %q", a.Note)
	}
}

// recordingIndexer remembers what the command layer told it.
type recordingIndexer struct {
	revs    []uint64
	changes []ChangeSet
	fail    bool
}

func (r *recordingIndexer) Apply(ch ChangeSet, rev uint64) error {
	r.revs = append(r.revs, rev)
	r.changes = append(r.changes, ch)
	if r.fail {
		return errors.New("disk full")
	}
	return nil
}

func TestIndexerAndJournal(t *testing.T) {
	f := newUndoFixture(t)
	ix := &recordingIndexer{}
	f.ws.SetIndexer(ix)
	start := f.ws.Revision()
	if _, err := f.ws.SetAnnotationNote(f.ann.ID, "n"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ws.RenameTag(f.tag, "Renamed"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(ix.revs) != 3 || ix.revs[0] != start+1 || ix.revs[2] != start+3 {
		t.Fatalf("indexer revisions %v from %d", ix.revs, start)
	}
	if len(ix.changes[0].Annotations) != 1 || ix.changes[0].Annotations[0] != f.ann.ID || len(ix.changes[2].Tags) != 1 {
		t.Fatalf("indexer changes %+v", ix.changes)
	}
	ch, ok, err := f.ws.ChangesSince(start)
	if err != nil || !ok {
		t.Fatalf("ChangesSince: %v %v", ok, err)
	}
	if len(ch.Annotations) != 1 || len(ch.Tags) != 1 {
		t.Fatalf("journal %+v", ch)
	}
	if ch, ok, _ := f.ws.ChangesSince(f.ws.Revision()); !ok || !ch.Empty() {
		t.Fatal("up to date should be ok and empty")
	}
	if _, ok, _ := f.ws.ChangesSince(f.ws.Revision() + 5); ok {
		t.Fatal("an index ahead of the store must be rebuilt")
	}
	// A failing index does not fail the command; it is reported.
	ix.fail = true
	var reported error
	f.ws.OnIndexError = func(err error) { reported = err }
	if _, err := f.ws.SetAnnotationNote(f.ann.ID, "m"); err != nil {
		t.Fatal(err)
	}
	if reported == nil || !strings.Contains(reported.Error(), "disk full") {
		t.Fatalf("index error %v", reported)
	}
}

func TestHistoryLimitKeepsStoreSmall(t *testing.T) {
	ws := openTemp(t)
	if ws.HistoryLimit() != DefaultHistoryLimit {
		t.Fatalf("default limit %d", ws.HistoryLimit())
	}
	art := addText(t, ws, "a", sampleText)
	ann := annotateQuote(t, ws, art.ID, "Geneva", "Corruption")
	if err := ws.SetHistoryLimit(5); err != nil {
		t.Fatal(err)
	}
	ws = reopen(t, ws)
	if ws.HistoryLimit() != 5 {
		t.Fatalf("limit after reopen %d", ws.HistoryLimit())
	}
	// A batch of 3 chunks, then notes: the batch is dropped whole, never half.
	b := ws.NewBatch("")
	for i := 0; i < 3; i++ {
		b.Add([]ArticleDraft{{Title: "x", Text: fmt.Sprint("chunk ", i)}})
	}
	for i := 0; i < 4; i++ {
		if _, err := ws.SetAnnotationNote(ann.ID, fmt.Sprint("note ", i)); err != nil {
			t.Fatal(err)
		}
		if k := undoKeys(t, ws); len(k) > 5 && i > 0 {
			t.Fatalf("%d undo records kept with a limit of 5: %v", len(k), k)
		}
	}
	undone := 0
	for {
		if _, err := ws.Undo(); errors.Is(err, ErrNothingToUndo) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		undone++
	}
	if undone != 4 {
		t.Fatalf("%d steps undone, want the 4 notes (the batch was dropped whole)", undone)
	}
	if n, _ := ws.Counts(); n != 4 {
		t.Fatalf("%d articles: the dropped batch must stay applied", n)
	}
	// The most recent step is always kept, even beyond the limit.
	if err := ws.SetHistoryLimit(1); err != nil {
		t.Fatal(err)
	}
	b = ws.NewBatch("")
	for i := 0; i < 3; i++ {
		b.Add([]ArticleDraft{{Title: "y", Text: fmt.Sprint("other chunk ", i)}})
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if n, _ := ws.Counts(); n != 4 {
		t.Fatalf("undo of a batch larger than the limit left %d articles", n)
	}
	checkConsistent(t, ws)
}

func undoKeys(t *testing.T, ws *Workspace) []string {
	var keys []string
	for k := range dumpStore(t, ws) {
		if len(k) > 5 && k[:5] == "undo/" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func TestJournalIsBounded(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "a", sampleText)
	ann := annotateQuote(t, ws, art.ID, "Geneva", "Corruption")
	// Pretend many revisions have passed: the journal keeps only JournalKeep of them.
	rev := ws.Revision()
	for i := 0; i < 3; i++ {
		if _, err := ws.SetAnnotationNote(ann.ID, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, _ := ws.ChangesSince(rev); !ok {
		t.Fatal("recent revisions must be in the journal")
	}
	if _, ok, _ := ws.ChangesSince(0); !ok {
		t.Fatal("a young workspace's journal reaches back to 0")
	}
	// Simulate an old workspace by jumping the revision counter (to just before a trim:
	// the journal is trimmed every journalTrimEvery revisions).
	err := ws.db.Update(func(tx *boltTx) error {
		return putUint(tx.Bucket(bMeta), kRevision, (JournalKeep/journalTrimEvery+1)*journalTrimEvery-1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.SetAnnotationNote(ann.ID, "late"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ws.ChangesSince(5); ok {
		t.Fatal("revision 5 is older than the journal: the index must be rebuilt")
	}
	journal := 0
	for k := range dumpStore(t, ws) {
		if len(k) > 8 && k[:8] == "journal/" {
			journal++
		}
	}
	if journal != 1 {
		t.Fatalf("%d journal entries, want only the newest: the old ones are trimmed", journal)
	}
}
