package suggest

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
)

// TestTuneOnDevSet is how the default parameters were chosen: a sweep over the
// development set only (testdata/dev), never the evaluation set. It runs when
// GLOSS_SUGGEST_TUNE=1 and prints the table; it asserts nothing the defaults depend on.
func TestTuneOnDevSet(t *testing.T) {
	if os.Getenv("GLOSS_SUGGEST_TUNE") == "" {
		t.Skip("a parameter sweep on the development set: set GLOSS_SUGGEST_TUNE=1 to run it")
	}
	ws, _ := openLabelled(t, "testdata/dev")
	c := loadCorpus(t, ws)
	run := func(name string, p Params, minScore float64) {
		e, err := Evaluate(c, EvalOptions{Folds: 5, Params: p, MinScore: minScore})
		if err != nil {
			t.Fatal(err)
		}
		mm, _ := e.MacroF1()
		t.Logf("%-40s micro F1 %.3f (P %.3f R %.3f) macro %.3f | baseline %.3f", name, e.Model.F1(), e.Model.Precision(), e.Model.Recall(), mm, e.Baseline.F1())
	}
	base := DefaultParams()
	base.MinExamples = 4 // the development set is small: about ten coded sentences per tag
	e, err := Evaluate(c, EvalOptions{Folds: 5, Params: base})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + report(e, c.Codebook))
	type result struct {
		name string
		f1   float64
	}
	var results []result
	for _, ep := range []int{6} {
		for _, lambda := range []float64{3e-5, 1e-4, 2e-4} {
			for _, pow := range []float64{0.75, 1} {
				for _, ms := range []float64{0, 0.5} {
					p := base
					p.Linear.Lambda, p.Linear.ClassWeightPower, p.Linear.Epochs = lambda, pow, ep
					name := fmt.Sprintf("epochs %d λ %g power %g min %g", ep, lambda, pow, ms)
					e, err := Evaluate(c, EvalOptions{Folds: 5, Params: p, MinScore: ms})
					if err != nil {
						t.Fatal(err)
					}
					mm, _ := e.MacroF1()
					results = append(results, result{fmt.Sprintf("%-40s micro F1 %.3f (P %.3f R %.3f) macro %.3f", name, e.Model.F1(), e.Model.Precision(), e.Model.Recall(), mm), e.Model.F1()})
				}
			}
		}
	}
	sort.Slice(results, func(i, j int) bool { return results[i].f1 > results[j].f1 })
	for _, r := range results[:min(15, len(results))] {
		t.Log(r.name)
	}
	_ = run
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
