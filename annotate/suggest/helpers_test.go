package suggest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// openLabelled opens a new workspace holding a labelled set (testdata/suggest/NAME).
func openLabelled(t testing.TB, dir string) (*annotate.Workspace, []LabelledArticle) {
	t.Helper()
	arts, err := ReadLabelledDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ws := openTemp(t)
	if _, err := ImportLabelled(ws, arts); err != nil {
		t.Fatal(err)
	}
	return ws, arts
}

// openTemp is a new workspace with the default codebook, a clock that ticks a second per
// command, and no fsync (test data only).
func openTemp(t testing.TB) *annotate.Workspace {
	t.Helper()
	clock := time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)
	return wstest.Open(t, annotate.Options{NoSync: true, Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
}

func loadCorpus(t testing.TB, ws *annotate.Workspace) *Corpus {
	t.Helper()
	c, err := LoadCorpus(ws)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// report renders an evaluation as a table for the test log.
func report(e *Evaluation, cb *annotate.Codebook) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d folds, %d articles, %d sentences\n", e.Folds, e.Articles, e.Sentences)
	fmt.Fprintf(&b, "%-34s %5s %5s | %5s %5s %5s | %5s %5s %5s\n", "tag", "gold", "fold", "P", "R", "F1", "bP", "bR", "bF1")
	for _, t := range e.Tags {
		name := t.TagID
		if tag, ok := cb.Tag(t.TagID); ok {
			name = tag.Name
		}
		fmt.Fprintf(&b, "%-34s %5d %5d | %5.2f %5.2f %5.2f | %5.2f %5.2f %5.2f\n", name, t.Gold, t.Trained,
			t.Model.Precision(), t.Model.Recall(), t.Model.F1(), t.Baseline.Precision(), t.Baseline.Recall(), t.Baseline.F1())
	}
	mm, bm := e.MacroF1()
	fmt.Fprintf(&b, "micro: model P %.3f R %.3f F1 %.3f | baseline P %.3f R %.3f F1 %.3f | macro F1 %.3f vs %.3f\n",
		e.Model.Precision(), e.Model.Recall(), e.Model.F1(), e.Baseline.Precision(), e.Baseline.Recall(), e.Baseline.F1(), mm, bm)
	return b.String()
}
