package cli

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestSearchCommand(t *testing.T) {
	dir, art := workspaceWith(t)
	if code, _, errs := run(t, dir, "annotate", art, "--quote", "ceasefire proposal 🕊", "--tag", "Ceasefire & negotiations", "--note", "Женева"); code != 0 {
		t.Fatalf("annotate: %s", errs)
	}
	if code, _, errs := run(t, dir, "annotate", art, "--quote", "energy infrastructure", "--tag", "Energy attacks"); code != 0 {
		t.Fatalf("annotate: %s", errs)
	}

	code, out, errs := run(t, dir, "search", "proposal")
	if code != 0 || !strings.Contains(out, "1 results (1–1):") || !strings.Contains(out, "quote: ceasefire [proposal] 🕊") ||
		!strings.Contains(out, "tags: Diplomacy/Ceasefire & negotiations") || !strings.Contains(out, "sources: Desk (1)") {
		t.Errorf("search proposal: %d\n%s%s", code, out, errs)
	}

	type fragment struct {
		Field   string   `json:"field"`
		Text    string   `json:"text"`
		Matches [][2]int `json:"matches"`
	}
	type result struct {
		Total int `json:"total"`
		Hits  []struct {
			ID        string     `json:"id"`
			Kind      string     `json:"kind"`
			Article   string     `json:"article"`
			Score     float64    `json:"score"`
			Exact     *string    `json:"exact"`
			Title     *string    `json:"title"`
			Tags      []string   `json:"tags"`
			Fragments []fragment `json:"fragments"`
		} `json:"hits"`
		Facets map[string][]struct {
			Key   string `json:"key"`
			Label string `json:"label"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	code, out, errs = run(t, dir, "search", "--json", "--articles", "женева OR infrastructure")
	if code != 0 {
		t.Fatalf("search --json: %s", errs)
	}
	r := decode[result](t, out)
	if r.Total != 3 || len(r.Hits) != 3 {
		t.Fatalf("total %d, %d hits:\n%s", r.Total, len(r.Hits), out)
	}
	kinds := map[string]int{}
	for _, h := range r.Hits {
		kinds[h.Kind]++
		if h.Article != art || h.Score <= 0 || len(h.Fragments) == 0 {
			t.Errorf("hit %+v", h)
		}
		if (h.Kind == "annotation") != (h.Exact != nil) || (h.Kind == "article") != (h.Title != nil) {
			t.Errorf("hit %s: exact %v title %v", h.Kind, h.Exact, h.Title)
		}
		for _, f := range h.Fragments {
			rs := []rune(f.Text)
			for _, m := range f.Matches {
				w := strings.ToLower(string(rs[m[0]:m[1]]))
				if w != "женева" && w != "женеві" && w != "infrastructure" {
					t.Errorf("fragment %q highlights %q", f.Text, w)
				}
			}
		}
	}
	if kinds["annotation"] != 2 || kinds["article"] != 1 {
		t.Errorf("kinds %v", kinds)
	}
	if f := r.Facets["tags"]; len(f) != 4 || r.Facets["sources"][0].Label != "Desk" || r.Facets["sources"][0].Count != 3 { // two annotations and the article
		t.Errorf("facets %+v", r.Facets)
	}

	code, out, _ = run(t, dir, "search", "--json", "--limit", "1", "--offset", "1", "--sort", "created")
	r = decode[result](t, out)
	if code != 0 || r.Total != 2 || len(r.Hits) != 1 || *r.Hits[0].Exact != "ceasefire proposal 🕊" {
		t.Errorf("page 2 of everything: %s", out)
	}

	code, _, errs = run(t, dir, "search", `energy tag:"power station`)
	if code != ExitFailed || errs != "gloss: bad query: unclosed quote at column 12\n" {
		t.Errorf("bad query: %d %q", code, errs)
	}
	code, _, errs = run(t, dir, "search", "--sort", "colour", "x")
	if code != ExitUsage || !strings.Contains(errs, "--sort is relevance, published or created") {
		t.Errorf("bad sort: %d %q", code, errs)
	}
	code, out, _ = run(t, dir, "search", "nothing-like-this")
	if code != 0 || out != "No results.\n" {
		t.Errorf("no results: %q", out)
	}

	// Changes made by other commands are searchable right away; renames reach the index.
	if code, _, errs := run(t, dir, "tag", "rename", "Energy attacks", "Grid strikes"); code != 0 {
		t.Fatalf("tag rename: %s", errs)
	}
	code, out, _ = run(t, dir, "search", `tag:"grid strikes"`)
	if code != 0 || !strings.Contains(out, "1 results") {
		t.Errorf("after rename: %s", out)
	}
	code, _, _ = run(t, dir, "undo")
	if code != 0 {
		t.Errorf("undo failed")
	}
}

func TestReindexCommand(t *testing.T) {
	dir, art := workspaceWith(t)
	if code, _, errs := run(t, dir, "annotate", art, "--quote", "ceasefire holds", "--tag", "Diplomacy"); code != 0 {
		t.Fatalf("annotate: %s", errs)
	}
	// A damaged index is rebuilt by the next command.
	idx := filepath.Join(dir, "index")
	filepath.Walk(idx, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.WriteFile(p, []byte("damaged"), 0o600)
		}
		return nil
	})
	code, out, errs := run(t, dir, "search", "holds")
	if code != 0 || !strings.Contains(out, "1 results") {
		t.Errorf("after damage: %d %s %s", code, out, errs)
	}
	code, out, errs = run(t, dir, "reindex")
	if code != 0 || !strings.HasPrefix(out, "Rebuilt the search index: 1 articles and 1 annotations in ") {
		t.Errorf("reindex: %d %q %s", code, out, errs)
	}
	code, out, _ = run(t, dir, "reindex", "--json")
	r := decode[map[string]any](t, out)
	if code != 0 || r["documents"] != float64(2) || r["bytes"].(float64) <= 0 {
		t.Errorf("reindex --json: %s", out)
	}
	if code, _, _ := run(t, dir, "reindex", "extra"); code != ExitUsage {
		t.Errorf("reindex extra: %d", code)
	}
}

func TestSearchHintsAtArticlesWhenNoAnnotationMatches(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(txt, []byte("Харків\n\nУночі в Харкові пролунали вибухи."), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, dir, "import", txt); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	code, out, _ := run(t, dir, "search", "Харків")
	if code != 0 || !strings.Contains(out, "No results.") || !strings.Contains(out, "1 articles match: add --articles") {
		t.Fatalf("want the hint about matching articles, got %d %q", code, out)
	}
	_, out, _ = run(t, dir, "search", "nowhere")
	if strings.Contains(out, "add --articles") {
		t.Fatalf("no hint when no article matches either: %q", out)
	}
}

// A query word that starts with - leaves out what matches it; only gloss search's own
// flags are flags, wherever they are; after -- every argument is query.
func TestSearchMinusWordIsNotAFlag(t *testing.T) {
	dir, art := workspaceWith(t)
	for _, a := range [][]string{
		{"--quote", "ceasefire proposal 🕊", "--tag", "Diplomacy", "--note", "disputed figures"},
		{"--quote", "energy infrastructure", "--tag", "Diplomacy", "--note", "confirmed"},
		{"--quote", "ceasefire holds", "--tag", "Diplomacy"},
	} {
		if code, _, errs := run(t, dir, append([]string{"annotate", art}, a...)...); code != 0 {
			t.Fatalf("annotate: %s", errs)
		}
	}
	tests := []struct {
		args []string
		want string // hits, in the order printed; "usage" for a usage error
	}{
		{[]string{"ceasefire", "-disputed"}, "ceasefire holds"},
		{[]string{"-disputed", "ceasefire"}, "ceasefire holds"},
		{[]string{"ceasefire", "-disputed", "--limit", "5"}, "ceasefire holds"},
		{[]string{"--limit=5", "ceasefire", "--", "-disputed"}, "ceasefire holds"},
		{[]string{"--sort", "created", "-note:confirmed", "-ceasefire"}, ""},
		{[]string{"-note:confirmed", "--articles"}, "Geneva talks|ceasefire holds|ceasefire proposal 🕊"},
		{[]string{"--", "-limit"}, "ceasefire holds|ceasefire proposal 🕊|energy infrastructure"}, // no annotation says limit
		{[]string{"ceasefire", "--limit"}, "usage"},
		{[]string{"ceasefire", "--limit", "x"}, "usage"},
	}
	for _, tc := range tests {
		code, out, errs := run(t, dir, append([]string{"search", "--json", "--sort", "created"}, tc.args...)...)
		if tc.want == "usage" {
			if code != ExitUsage || !strings.Contains(errs, "usage: gloss search") {
				t.Errorf("%q: %d %q, want a usage error", tc.args, code, errs)
			}
			continue
		}
		if code != 0 {
			t.Errorf("%q: %d %s", tc.args, code, errs)
			continue
		}
		type result struct {
			Hits []struct {
				Exact *string `json:"exact"`
				Title *string `json:"title"`
			} `json:"hits"`
		}
		var got []string
		for _, h := range decode[result](t, out).Hits {
			if h.Exact != nil {
				got = append(got, *h.Exact)
			} else {
				got = append(got, *h.Title)
			}
		}
		sort.Strings(got)
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%q = %q, want %q", tc.args, g, tc.want)
		}
	}
	// The usage line says how.
	_, out, _ := run(t, dir, "search", "--help")
	if !strings.Contains(out, "[--] QUERY") || !strings.Contains(out, "-word") {
		t.Errorf("search --help does not explain -word and --:\n%s", out)
	}
}
