package annotate

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// recordingReplica is a Replica that remembers what it was told.
type recordingReplica struct {
	steps    []LocalStep
	reverted int
}

func (r *recordingReplica) Captured(rt *ReplicaTx, step LocalStep) error {
	r.steps = append(r.steps, step)
	b, err := rt.Bucket(ReplicaBucketPrefix + "log")
	if err != nil {
		return err
	}
	return b.Put([]byte(step.Label), []byte("x"))
}

func (r *recordingReplica) Revert(rt *ReplicaTx, writes []Write, undo bool) ([]string, error) {
	r.reverted++
	for i := len(writes) - 1; i >= 0; i-- {
		w := writes[i]
		val := w.Before
		if !undo {
			val = w.After
		}
		if err := rt.Put(w.Bucket, w.Key, val); err != nil {
			return nil, err
		}
	}
	return []string{"kept nothing"}, nil
}

type countingIndexer struct{ applied []ChangeSet }

func (c *countingIndexer) Apply(ch ChangeSet, rev uint64) error {
	c.applied = append(c.applied, ch)
	return nil
}

func TestReplicaSeesEveryCommandInItsTransaction(t *testing.T) {
	ws := openTemp(t)
	r := &recordingReplica{}
	if _, err := ws.Link(r, "link", func(rt *ReplicaTx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	art := addText(t, ws, "Wire", "The ceasefire held overnight in the south.")
	a := annotateQuote(t, ws, art.ID, "ceasefire", "Diplomacy")
	if _, err := ws.MergeTag(tagID(t, ws, "Diplomacy"), tagID(t, ws, "Corruption")); err != nil {
		t.Fatal(err)
	}
	if len(r.steps) != 3 {
		t.Fatalf("the replica saw %d commands, want 3", len(r.steps))
	}
	merge := r.steps[2]
	if len(merge.Retired) != 1 || merge.Retired[0].Into != tagID(t, ws, "Corruption") {
		t.Fatalf("the merge's retirement: %+v", merge.Retired)
	}
	wroteAnnotation := false
	for _, w := range merge.Writes {
		if w.Bucket == "annotations" && w.Key == a.ID && w.Before != nil && w.After != nil {
			wroteAnnotation = true
		}
	}
	if !wroteAnnotation {
		t.Fatal("the merge's retag of the annotation was not passed to the replica")
	}
	// Undo goes through the replica and says it undid the analyst's own step.
	res, err := ws.Undo()
	if err != nil {
		t.Fatal(err)
	}
	if r.reverted != 1 || !strings.HasPrefix(res.Label, "Undid your own step: Merged") || !strings.Contains(res.Label, "kept nothing") {
		t.Fatalf("undo through the replica: %d reverts, label %q", r.reverted, res.Label)
	}
	// The replica's bucket committed with the commands.
	ws.ReplicaView(func(rt *ReplicaTx) error {
		b, _ := rt.Bucket(ReplicaBucketPrefix + "log")
		if b == nil || b.Get([]byte("Import")) == nil {
			t.Error("the replica's write in the command's transaction is missing")
		}
		return nil
	})
}

func TestFailingReplicaRollsTheCommandBack(t *testing.T) {
	ws := openTemp(t)
	if _, err := ws.Link(failingReplica{}, "link", func(rt *ReplicaTx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddArticle(ArticleDraft{Title: "x", Text: "Some text here."}); err == nil {
		t.Fatal("a command whose bookkeeping failed was acknowledged")
	}
	if n, _ := ws.Counts(); n != 0 {
		t.Fatalf("%d articles stored although the team's log could not record them", n)
	}
}

type failingReplica struct{}

func (failingReplica) Captured(*ReplicaTx, LocalStep) error { return errors.New("outbox full") }
func (failingReplica) Revert(*ReplicaTx, []Write, bool) ([]string, error) {
	return nil, errors.New("no")
}

func TestApplyRemoteUpdatesIndexAndObserversButNotUndo(t *testing.T) {
	ws := openTemp(t)
	ix := &countingIndexer{}
	ws.SetIndexer(ix)
	var seen []Result
	cancel := ws.OnRemoteChange(func(r Result) { seen = append(seen, r) })
	defer cancel()
	rev := ws.Revision()
	res, err := ws.ApplyRemote("Changes from the team", func(rt *ReplicaTx) error {
		return rt.Put("tags", "t1", []byte(`{"id":"t1","name":"From a colleague","color":"#112233"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Revision != rev+1 || len(ix.applied) != 1 || len(seen) != 1 || seen[0].Changes.Tags[0] != "t1" {
		t.Fatalf("revision %d→%d, index told %d times, observers %d", rev, res.Revision, len(ix.applied), len(seen))
	}
	if ws.UndoLabel() != "" {
		t.Fatalf("a pulled change is on the undo history: %q", ws.UndoLabel())
	}
	// Only shared buckets may be written.
	_, err = ws.ApplyRemote("", func(rt *ReplicaTx) error { return rt.Put("meta", "revision", []byte("0")) })
	if err == nil {
		t.Fatal("a replica wrote the meta bucket")
	}
}

func TestLinkedWorkspaceNeedsTheReplica(t *testing.T) {
	dir := t.TempDir()
	ws := openAt(t, dir, true)
	ws.db.Update(func(b *bolt.Tx) error { return b.Bucket(bMeta).Put(kReplica, []byte("team")) })
	ws.Close()
	replicaMu.Lock()
	saved := replicaFactory
	replicaFactory = nil
	replicaMu.Unlock()
	defer RegisterReplica(saved)
	_, err := Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "linked to a team project") {
		t.Fatalf("opening a linked workspace without the team code: %v", err)
	}
}

func TestVisibility(t *testing.T) {
	mine, theirs, old := Annotation{Coder: "me"}, Annotation{Coder: "you"}, Annotation{}
	for _, tc := range []struct {
		v    Visibility
		want [3]bool
	}{
		{Visibility{Coder: "me"}, [3]bool{true, true, true}},
		{Visibility{Coder: "me", Blind: true}, [3]bool{true, false, true}},
	} {
		for i, a := range []Annotation{mine, theirs, old} {
			if got := tc.v.Shows(a); got != tc.want[i] {
				t.Errorf("%+v shows %+v: %v, want %v", tc.v, a, got, tc.want[i])
			}
		}
	}
}

func TestSameTextGetsTheSameArticleID(t *testing.T) {
	a, b := openTemp(t), openTemp(t)
	x := addText(t, a, "One", "Identical wire copy, word for word.")
	y := addText(t, b, "Other title", "Identical wire copy, word for word.")
	if x.ID != y.ID || x.ID != ArticleIDForText(x.SHA256) {
		t.Fatalf("ids %s and %s for the same text", x.ID, y.ID)
	}
}
