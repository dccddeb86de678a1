package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// statsWorkspace: two articles of "Outlet X" in ISO week 45 of 2025 and one undated
// without a source; "Energy attacks" and "Diplomacy" on one annotation and on two
// overlapping ones.
func statsWorkspace(t *testing.T) (dir string, ids map[string]string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	cb, _ := ws.Codebook()
	energy, diplomacy := mustTag(t, cb, "Energy attacks").ID, mustTag(t, cb, "Diplomacy").ID
	add := func(title, source string, published time.Time) string {
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: title, Source: source, Published: published, Text: title + ": " + cliText})
		if err != nil || res.Err != nil {
			t.Fatal(err, res.Err)
		}
		return res.Article.ID
	}
	a1 := add("One", "Outlet X", time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC))
	a2 := add("Two", "Outlet X", time.Date(2025, 11, 9, 8, 0, 0, 0, time.UTC))
	a3 := add("Three", "", time.Time{})
	ids = map[string]string{}
	for _, a := range []struct {
		name, art  string
		start, end int
		tags       []string
	}{
		{"both", a1, 10, 20, []string{energy, diplomacy}},
		{"e", a2, 10, 20, []string{energy}},
		{"d", a2, 15, 30, []string{diplomacy}},
		{"undated", a3, 10, 20, []string{diplomacy}},
	} {
		ann, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.art, Start: a.start, End: a.end, TagIDs: a.tags})
		if err != nil {
			t.Fatal(err)
		}
		ids[a.name] = ann.ID
	}
	return dir, ids
}

func TestStatsJSON(t *testing.T) {
	dir, _ := statsWorkspace(t)
	code, out, errs := run(t, dir, "stats", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decode[map[string]any](t, out)
	hasKeys(t, "stats", r, "query", "annotations", "articles", "tags", "cooccurrence", "timeline", "sources")
	if r["annotations"] != 4.0 || r["articles"] != 3.0 {
		t.Errorf("totals %v %v", r["annotations"], r["articles"])
	}
	co := r["cooccurrence"].(map[string]any)
	counts := co["counts"].([]any)
	// Codebook order: Diplomacy before Military developments/Energy attacks.
	if len(counts) != 2 || counts[0].([]any)[1] != 2.0 || counts[0].([]any)[0] != 3.0 || counts[1].([]any)[1] != 2.0 {
		t.Errorf("co-occurrence %v", co)
	}
	tl := r["timeline"].(map[string]any)
	buckets := tl["buckets"].([]any)
	if tl["period"] != "week" || len(buckets) != 1 || buckets[0].(map[string]any)["label"] != "2025-W45" || buckets[0].(map[string]any)["total"] != 3.0 || tl["undated"] != 1.0 {
		t.Errorf("timeline %v", tl)
	}

	code, out, _ = run(t, dir, "stats", "--json", "--same-article", "--by", "day")
	r = decode[map[string]any](t, out)
	co = r["cooccurrence"].(map[string]any)
	if code != ExitOK || co["same_article"] != true || co["counts"].([]any)[0].([]any)[1] != 2.0 {
		t.Errorf("same article: %v", co)
	}
	if n := len(r["timeline"].(map[string]any)["buckets"].([]any)); n != 7 {
		t.Errorf("%d day buckets from 3 to 9 November, want 7", n)
	}
}

func TestStatsText(t *testing.T) {
	dir, _ := statsWorkspace(t)
	code, out, errs := run(t, dir, "stats")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"4 annotations in 3 articles",
		"2  Diplomacy × Military developments/Energy attacks",
		"2025-W45  3  Diplomacy 2, Military developments/Energy attacks 2",
		"undated   1  Diplomacy 1",
		"Outlet X     2 articles  3 annotations",
		"(no source)  1 articles  1 annotations  Diplomacy 1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestStatsCSVAndQuery(t *testing.T) {
	dir, _ := statsWorkspace(t)
	tables := filepath.Join(t.TempDir(), "tables")
	if code, _, errs := run(t, dir, "stats", "--csv", tables); code != ExitOK || strings.Count(errs, "wrote ") != 4 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(tables, "cooccurrence.csv"))
	if err != nil || !strings.Contains(string(b), "Diplomacy,3,2\n") {
		t.Errorf("cooccurrence.csv %q %v", b, err)
	}
	code, out, _ := run(t, dir, "stats", "--query", `tag:"Energy attacks"`, "--json")
	r := decode[map[string]any](t, out)
	if code != ExitOK || r["annotations"] != 2.0 || r["articles"] != 2.0 || r["query"] != `tag:"Energy attacks"` {
		t.Errorf("with a query: %d → %v annotations in %v articles, want 2 in 2", code, r["annotations"], r["articles"])
	}
	if _, out, _ := run(t, dir, "stats", "--query", "zzzunfindable"); !strings.HasPrefix(out, "0 annotations in 0 articles") {
		t.Errorf("a query finding nothing: %q", out)
	}
}

func TestStatsUsage(t *testing.T) {
	dir, _ := statsWorkspace(t)
	if code, _, errs := run(t, dir, "stats", "--by", "year"); code != ExitUsage || !strings.Contains(errs, "day, week or month") {
		t.Errorf("--by year: %d %q", code, errs)
	}
	if code, _, _ := run(t, dir, "stats", "extra"); code != ExitUsage {
		t.Errorf("positional argument: %d", code)
	}
}

func TestStatsQueryThroughSearch(t *testing.T) {
	dir, _ := statsWorkspace(t)
	code, out, errs := run(t, dir, "stats", "--query", "tag:Diplomacy", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decode[map[string]any](t, out)
	if r["annotations"] != 3.0 || r["articles"] != 3.0 {
		t.Errorf("tag:Diplomacy → %v annotations in %v articles, want 3 in 3", r["annotations"], r["articles"])
	}
	if code, _, errs := run(t, dir, "stats", "--query", `"unclosed`); code != ExitFailed || !strings.Contains(errs, "unclosed quote") {
		t.Errorf("bad query: %d %q", code, errs)
	}
}
