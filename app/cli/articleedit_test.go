package cli

import (
	"strings"
	"testing"
)

func TestArticleEditAndDelete(t *testing.T) {
	dir, id := workspaceWith(t)
	if code, _, errs := run(t, dir, "annotate", id, "--quote", "ceasefire proposal", "--tag", "Corruption"); code != 0 {
		t.Fatalf("annotate: %d %s", code, errs)
	}
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"article", "edit", id[:8], "--title", "Geneva round", "--source", "Reuters", "--published", "2025-11-24", "--author", "A. Writer", "--language", "en"},
			0, "Edited article 'Geneva round'", ""},
		{[]string{"article", "edit", id, "--published", "24/11/2025"}, 2, "", "is not a date: write it as YYYY-MM-DD"},
		{[]string{"article", "edit", id}, 2, "", "needs at least one of --title"},
		{[]string{"article", "edit", id, "--url", "not a link"}, 1, "", "is not a web address"},
		{[]string{"article", "edit", id, "--title", ""}, 1, "", "the title is empty"},
		{[]string{"article", "delete", "nope"}, 1, "", "gloss: no article nope"},
	}
	for _, tt := range tests {
		code, out, errs := run(t, dir, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
			t.Errorf("gloss %v → %d %q %q, want %d with %q and %q", tt.args, code, out, errs, tt.code, tt.out, tt.err)
		}
	}
	_, shown, _ := run(t, dir, "show", id, "--json")
	art := decode[map[string]any](t, shown)
	if art["title"] != "Geneva round" || art["source"] != "Reuters" || art["author"] != "A. Writer" ||
		!strings.HasPrefix(art["published"].(string), "2025-11-24") || art["language"] != "en" {
		t.Fatalf("after edit: %v", art)
	}
	// The index follows: the new title is found.
	if _, out, _ := run(t, dir, "search", "--articles", "Geneva round"); !strings.Contains(out, id) {
		t.Errorf("search does not find the edited title: %q", out)
	}

	code, out, _ := run(t, dir, "article", "delete", id)
	if code != 0 || !strings.Contains(out, "Deleted article 'Geneva round' and its 1 annotation") {
		t.Fatalf("delete: %d %q", code, out)
	}
	if _, out, _ := run(t, dir, "articles"); strings.Contains(out, id) {
		t.Fatalf("the article is still listed: %q", out)
	}
	if code, _, errs := run(t, dir, "undo"); code != 0 {
		t.Fatalf("undo: %s", errs)
	}
	_, shown, _ = run(t, dir, "show", id, "--json")
	if anns := decode[map[string]any](t, shown)["annotations"].([]any); len(anns) != 1 {
		t.Fatalf("undo brought back %d annotations, want 1", len(anns))
	}
}
