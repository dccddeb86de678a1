package cli

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/suggest"
)

// evalWorkspace is a workspace holding the labelled evaluation set of the suggestions
// (English and Ukrainian news briefs with hand-checked codings), closed again.
func evalWorkspace(t *testing.T) string {
	t.Helper()
	arts, err := suggest.ReadLabelledDir("../../annotate/suggest/testdata/eval")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, err := suggest.ImportLabelled(ws, arts); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSuggestEvaluate(t *testing.T) {
	dir := evalWorkspace(t)
	code, out, errs := run(t, dir, "suggest", "--evaluate", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	e := decode[map[string]any](t, out)
	hasKeys(t, "evaluation", e, "folds", "articles", "sentences", "tags", "micro", "macro_f1", "unit", "baseline")
	micro := e["micro"].(map[string]any)
	model := micro["model"].(map[string]any)["f1"].(float64)
	baseline := micro["baseline"].(map[string]any)["f1"].(float64)
	if model < 1.5*baseline || micro["f1_ratio"].(float64) < 1.5 {
		t.Errorf("model F1 %.3f, baseline %.3f, ratio %v", model, baseline, micro["f1_ratio"])
	}
	if e["folds"].(float64) != 5 || e["sentences"].(float64) != 420 || len(e["tags"].([]any)) != 11 {
		t.Errorf("folds %v sentences %v tags %d", e["folds"], e["sentences"], len(e["tags"].([]any)))
	}
	tag := e["tags"].([]any)[0].(map[string]any)
	hasKeys(t, "tag result", tag, "tag", "tag_path", "gold", "trained_folds", "model", "baseline")
	hasKeys(t, "counts", tag["model"].(map[string]any), "tp", "fp", "fn", "precision", "recall", "f1")

	code, out, _ = run(t, dir, "suggest", "--evaluate", "--folds", "3")
	if code != 0 || !strings.Contains(out, "3-fold cross-validation by article over 79 coded articles (420 sentences)") ||
		!strings.Contains(out, "all tags (micro)") || !strings.Contains(out, "Micro F1 ratio model/baseline") {
		t.Errorf("text evaluation (exit %d):\n%s", code, out)
	}
}

func TestSuggestAcceptRejectAndSwitches(t *testing.T) {
	dir := evalWorkspace(t)
	text := "Russian drones attacked a substation in the Poltava region overnight, leaving thousands of homes without electricity. " +
		"The regional council met on Tuesday to discuss the budget for schools."
	ws := openWS(t, dir)
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Poltava", Text: text})
	ws.Close()
	if err != nil {
		t.Fatal(err)
	}
	id := res.Article.ID

	code, out, errs := run(t, dir, "suggest", id[:8], "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := decode[map[string]any](t, out)
	if got["article"] != id {
		t.Errorf("article %v", got["article"])
	}
	list := got["suggestions"].([]any)
	var energy map[string]any
	for _, x := range list {
		s := x.(map[string]any)
		hasKeys(t, "suggestion", s, "start", "end", "exact", "tag", "score", "why", "nearest", "features", "accept")
		start, end := int(s["start"].(float64)), int(s["end"].(float64))
		if r := []rune(text); string(r[start:end]) != s["exact"] {
			t.Errorf("offsets %d:%d are not code points of %q", start, end, s["exact"])
		}
		if s["tag"] == "Energy attacks" {
			energy = s
		}
	}
	if energy == nil || energy["start"].(float64) != 0 || !strings.Contains(energy["why"].(string), "like your annotation") {
		t.Fatalf("no energy suggestion for the first sentence: %s", out)
	}
	span := strconv.Itoa(int(energy["start"].(float64))) + ":" + strconv.Itoa(int(energy["end"].(float64)))
	if !strings.Contains(energy["accept"].(string), "suggest accept "+id+" "+span+" --tag 'Military developments/Energy attacks'") {
		t.Errorf("accept line %q", energy["accept"])
	}

	// Text output: the score, the span, the tag path, the reason and the accept line.
	code, out, _ = run(t, dir, "suggest", id, "--tag", "Energy attacks")
	if code != 0 || !strings.Contains(out, "\t"+span+"\tMilitary developments/Energy attacks\t") || !strings.Contains(out, "\twhy: like your annotation") {
		t.Errorf("text suggestions (exit %d):\n%s", code, out)
	}

	// Accept: an ordinary annotation with origin "suggested"; then it is not suggested again.
	code, out, errs = run(t, dir, "suggest", "accept", id, span, "--tag", "Energy attacks", "--note", "from a suggestion", "--json")
	if code != 0 {
		t.Fatalf("accept: exit %d: %s", code, errs)
	}
	ann := decode[map[string]any](t, out)
	if ann["origin"] != "suggested" || ann["note"] != "from a suggestion" || ann["exact"] != energy["exact"] {
		t.Errorf("accepted annotation %v", ann)
	}
	_, out, _ = run(t, dir, "suggest", id, "--json", "--tag", "Energy attacks")
	if n := len(decode[map[string]any](t, out)["suggestions"].([]any)); n != 0 {
		t.Errorf("accepted sentence suggested again: %s", out)
	}
	if code, _, errs := run(t, dir, "suggest", "accept", id, span, "--tag", "Energy attacks"); code != 1 || !strings.Contains(errs, "already has an annotation") {
		t.Errorf("accept twice: exit %d %s", code, errs)
	}
	// Undo takes the accepted annotation back like any other.
	if code, out, _ := run(t, dir, "undo"); code != 0 || !strings.Contains(out, "Undid: Tagged 'Energy attacks'") {
		t.Errorf("undo: %d %s", code, out)
	}

	// Reject: remembered, listed, not suggested again; unreject brings it back.
	code, out, errs = run(t, dir, "suggest", "reject", id, span, "--tag", "Energy attacks")
	if code != 0 || !strings.Contains(out, "Rejected for 'Energy attacks'") {
		t.Fatalf("reject: exit %d %s %s", code, out, errs)
	}
	if _, out, _ := run(t, dir, "suggest", "reject", id, span, "--tag", "Energy attacks"); !strings.Contains(out, "Already rejected") {
		t.Errorf("reject twice: %s", out)
	}
	_, out, _ = run(t, dir, "suggest", "rejected", "--json")
	if rej := decode[[]map[string]any](t, out); len(rej) != 1 || rej[0]["tag"] != "Energy attacks" || rej[0]["exact"] != energy["exact"] {
		t.Errorf("rejected: %s", out)
	}
	_, out, _ = run(t, dir, "suggest", id, "--json", "--tag", "Energy attacks")
	if n := len(decode[map[string]any](t, out)["suggestions"].([]any)); n != 0 {
		t.Errorf("rejected sentence suggested again: %s", out)
	}
	if code, out, _ := run(t, dir, "suggest", "unreject", id, span, "--tag", "Energy attacks"); code != 0 || !strings.Contains(out, "No longer rejected") {
		t.Errorf("unreject: %d %s", code, out)
	}
	if code, _, errs := run(t, dir, "suggest", "unreject", id, span, "--tag", "Energy attacks"); code != 1 || !strings.Contains(errs, "was not rejected") {
		t.Errorf("unreject twice: %d %s", code, errs)
	}

	// Switches: per tag, then the workspace.
	if code, out, _ := run(t, dir, "suggest", "off", "--tag", "Energy attacks"); code != 0 || !strings.Contains(out, "Suggestions are off for 'Military developments/Energy attacks'") {
		t.Errorf("off for a tag: %d %s", code, out)
	}
	code, out, errs = run(t, dir, "suggest", id, "--tag", "Energy attacks")
	if code != 0 || !strings.Contains(out, "No suggestions") || !strings.Contains(errs, "suggestions are switched off for 'Energy attacks'") {
		t.Errorf("tag off: %d\n%s\n%s", code, out, errs)
	}
	_, out, _ = run(t, dir, "suggest", "status", "--json")
	status := decode[map[string]any](t, out)
	if status["on"] != true || status["articles"].(float64) != 79 {
		t.Errorf("status %v", status)
	}
	for _, x := range status["tags"].([]any) {
		row := x.(map[string]any)
		switch row["tag"] {
		case "Energy attacks":
			if row["on"] != false || row["trained"] != true || row["state"] != "suggestions are switched off for 'Energy attacks'" {
				t.Errorf("energy row %v", row)
			}
		case "Diplomacy":
			if row["trained"] != false || row["examples"].(float64) != 0 {
				t.Errorf("diplomacy row %v", row)
			}
		}
	}
	run(t, dir, "suggest", "on", "--tag", "Energy attacks")
	if code, out, _ := run(t, dir, "suggest", "off"); code != 0 || out != "Suggestions are off for this workspace.\n" {
		t.Errorf("off: %d %q", code, out)
	}
	if code, _, errs := run(t, dir, "suggest", id); code != 1 || !strings.Contains(errs, "gloss: suggestions are switched off for this workspace (turn them on with: gloss suggest on)") {
		t.Errorf("suggest while off: %d %s", code, errs)
	}
	_, out, _ = run(t, dir, "suggest", "status")
	if !strings.HasPrefix(out, "Suggestions are off") {
		t.Errorf("status while off:\n%s", out)
	}
	run(t, dir, "suggest", "on")
	if code, out, _ := run(t, dir, "suggest", id, "--tag", "Energy attacks"); code != 0 || !strings.Contains(out, span) {
		t.Errorf("back on: %d %s", code, out)
	}
}

func TestSuggestTooFewExamplesAndUsage(t *testing.T) {
	dir, id := workspaceWith(t)
	ws := openWS(t, dir)
	cb, _ := ws.Codebook()
	energy := mustTag(t, cb, "Energy attacks")
	if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: id, Start: 38, End: 46, TagIDs: []string{energy.ID}}); err != nil {
		t.Fatal(err)
	}
	ws.Close()
	code, out, errs := run(t, dir, "suggest", id, "--tag", "Energy attacks")
	if code != 0 || !strings.Contains(out, "No suggestions") || !strings.Contains(errs, "gloss: no suggestions for 'Energy attacks': has 1 coded sentence; suggestions start at 10") {
		t.Errorf("too few: %d\n%s\n%s", code, out, errs)
	}
	_, out, _ = run(t, dir, "suggest", id, "--json")
	got := decode[map[string]any](t, out)
	off := got["not_suggested"].([]any)
	if len(got["suggestions"].([]any)) != 0 || len(off) != 1 || off[0].(map[string]any)["reason"] != "'Energy attacks' has 1 coded sentence; suggestions start at 10" {
		t.Errorf("too few, JSON: %s", out)
	}
	if code, _, errs := run(t, dir, "suggest", "--evaluate"); code != 1 || !strings.Contains(errs, "needs at least 5 coded articles; the workspace has 1") {
		t.Errorf("evaluate on one article: %d %s", code, errs)
	}

	usage := []struct {
		args []string
		msg  string
	}{
		{[]string{"suggest"}, "suggest takes one article"},
		{[]string{"suggest", id, "--folds", "3"}, "suggest ARTICLE does not take --folds"},
		{[]string{"suggest", id, "--min-score", "1.5"}, "--min-score is a score between 0 and 1"},
		{[]string{"suggest", "--evaluate", "--folds", "1"}, "--folds is 2 to 100"},
		{[]string{"suggest", "--evaluate", "--tag", "Corruption"}, "suggest --evaluate does not take --tag"},
		{[]string{"suggest", "accept", id, "5-9", "--tag", "Energy attacks"}, `"5-9" is not a span START:END`},
		{[]string{"suggest", "accept", id, "5:9"}, "suggest accept needs one --tag"},
		{[]string{"suggest", "reject", id, "--tag", "Energy attacks"}, "suggest reject takes an article and START:END"},
		{[]string{"suggest", "status", "extra"}, "suggest status takes no arguments"},
		{[]string{"suggest", "off", "Energy attacks"}, "tags go with --tag"},
	}
	for _, u := range usage {
		code, _, errs := run(t, dir, u.args...)
		if code != ExitUsage || !strings.Contains(errs, u.msg) {
			t.Errorf("%q: exit %d, %s", u.args, code, errs)
		}
	}
	// Accepting what is not a whole sentence would mark a manual highlight as suggested.
	if code, _, errs := run(t, dir, "suggest", "accept", id, "0:9", "--tag", "Energy attacks"); code != 1 || !strings.Contains(errs, "0:9 is not a sentence of the article") {
		t.Errorf("accept a part of a sentence: %d %s", code, errs)
	}
	if code, _, errs := run(t, dir, "suggest", "accept", id, "0:9000", "--tag", "Energy attacks"); code != 1 || !strings.Contains(errs, "outside article") {
		t.Errorf("accept outside: %d %s", code, errs)
	}
}
