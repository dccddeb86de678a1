package suggest

import (
	"strings"
	"testing"
)

// TestEvaluationSet is the must-hold of issue 18: on the labelled evaluation set
// (testdata/eval, English and Ukrainian news briefs with hand-checked gold tags), 5-fold
// cross-validation by article, the model's sentence-level micro-F1 is at least 1.5× the
// phrase matcher's. The parameters were chosen on testdata/dev, not here.
func TestEvaluationSet(t *testing.T) {
	ws, _ := openLabelled(t, "testdata/eval")
	c := loadCorpus(t, ws)
	e, err := Evaluate(c, EvalOptions{Folds: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + report(e, c.Codebook))
	model, baseline := e.Model.F1(), e.Baseline.F1()
	if model < 1.5*baseline {
		t.Errorf("model micro-F1 %.3f is not 1.5× the phrase matcher's %.3f", model, baseline)
	}
	// A floor under the figure docs/BENCHMARKS.md reports (0.326), so that a change that
	// makes the model worse fails here even while the baseline stays far behind.
	if model < 0.30 {
		t.Errorf("model micro-F1 %.3f fell below 0.30", model)
	}
	if e.Articles != 79 || e.Sentences != 420 {
		t.Errorf("evaluated %d articles, %d sentences; the set has 79 coded articles of 420 sentences", e.Articles, e.Sentences)
	}
	for _, tag := range e.Tags {
		if tag.Gold == 0 || tag.Trained < e.Folds-1 {
			t.Errorf("tag %s: %d gold sentences, trained in %d of %d folds", tag.TagID, tag.Gold, tag.Trained, e.Folds)
		}
	}
	// The same workspace evaluates to the same numbers (folds and training are fixed).
	again, err := Evaluate(c, EvalOptions{Folds: 5})
	if err != nil {
		t.Fatal(err)
	}
	if again.Model != e.Model || again.Baseline != e.Baseline {
		t.Errorf("a second run gave %+v / %+v, the first %+v / %+v", again.Model, again.Baseline, e.Model, e.Baseline)
	}
}

func TestEvaluateNeedsArticles(t *testing.T) {
	ws, _ := openLabelled(t, "testdata/dev")
	c := loadCorpus(t, ws)
	c.Docs = c.Docs[:3]
	if _, err := Evaluate(c, EvalOptions{Folds: 5}); err == nil || !strings.Contains(err.Error(), "needs at least 5 coded articles; the workspace has 3") {
		t.Errorf("3 articles, 5 folds: %v", err)
	}
	if _, err := Evaluate(c, EvalOptions{Folds: 1}); err == nil || !strings.Contains(err.Error(), "at least 2 folds") {
		t.Errorf("1 fold: %v", err)
	}
}

func TestCounts(t *testing.T) {
	c := Counts{TP: 6, FP: 2, FN: 4}
	if p, r, f := c.Precision(), c.Recall(), c.F1(); p != 0.75 || r != 0.6 || f < 0.6666 || f > 0.6667 {
		t.Errorf("P %v R %v F1 %v", p, r, f)
	}
	if z := (Counts{}); z.Precision() != 0 || z.Recall() != 0 || z.F1() != 0 {
		t.Errorf("empty counts: %v %v %v", z.Precision(), z.Recall(), z.F1())
	}
}

func TestAssignFoldsBalancedAndStable(t *testing.T) {
	docs := make([]Doc, 23)
	for i := range docs {
		docs[i].Article.SHA256 = strings.Repeat(string(rune('a'+i)), 3)
		docs[i].Article.ID = string(rune('z' - i))
	}
	f1 := assignFolds(docs, 5)
	sizes := make([]int, 5)
	for _, f := range f1 {
		sizes[f]++
	}
	for _, n := range sizes {
		if n < 4 || n > 5 {
			t.Errorf("fold sizes %v", sizes)
		}
	}
	// New ids (a re-import) do not move articles between folds.
	for i := range docs {
		docs[i].Article.ID = "new" + docs[i].Article.ID
	}
	f2 := assignFolds(docs, 5)
	for i := range f1 {
		if f1[i] != f2[i] {
			t.Fatalf("article %d moved from fold %d to %d", i, f1[i], f2[i])
		}
	}
}
