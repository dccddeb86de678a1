package cli

import (
	"strings"
	"testing"
)

func TestAuthorSettingNamesNewAnnotations(t *testing.T) {
	dir, art := workspaceWith(t)
	if code, out, _ := run(t, dir, "author", "Olena", "K."); code != 0 || strings.TrimSpace(out) != "Olena K." {
		t.Fatalf("set author: %d %q", code, out)
	}
	if code, out, _ := run(t, dir, "author"); code != 0 || strings.TrimSpace(out) != "Olena K." {
		t.Fatalf("author after reopen: %d %q", code, out)
	}
	code, out, errs := run(t, dir, "annotate", art, "--quote", "ceasefire proposal", "--tag", "Ceasefire & negotiations", "--json")
	if code != 0 || !strings.Contains(out, `"author": "Olena K."`) {
		t.Fatalf("annotation author: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, dir, "author", "   "); code != 1 || !strings.Contains(errs, "author name is empty") {
		t.Fatalf("empty author: %d %s", code, errs)
	}
}
