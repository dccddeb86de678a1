package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

// A quote that occurs several times needs --occurrence: the error says how many times and
// how to choose, and nothing is created.
func TestAnnotateQuoteSeveralTimes(t *testing.T) {
	dir, id := workspaceWith(t)
	code, out, stderr := run(t, dir, "annotate", id, "--quote", "ceasefire", "--tag", "Corruption")
	want := "gloss: quote \"ceasefire\" occurs 3 times in article " + id +
		": add --occurrence N (1 to 3, counting from the start of the text) to choose one, or give --start and --end\n"
	if code != ExitFailed || stderr != want || out != "" {
		t.Fatalf("exit %d, stderr %q, want %q", code, stderr, want)
	}
	code, out, _ = run(t, dir, "annotate", id, "--quote", "ceasefire", "--occurrence", "3", "--tag", "Corruption", "--json")
	if a := decode[map[string]any](t, out); code != ExitOK || a["start"].(float64) != float64(len([]rune(cliText))-len("ceasefire holds.")) {
		t.Fatalf("--occurrence 3: exit %d, %v", code, a)
	}
}

// --quote finds a quote typed with plain typography in a text with typographic quotes,
// dashes and line breaks, with the matcher of the import, and says it matched tolerantly.
func TestAnnotateQuoteTolerant(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Grid", Text: "Ukraine’s grid — hit again\novernight — held. UKRAINE’S allies met."})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	id := res.Article.ID
	for _, tt := range []struct {
		quote, exact, note string
	}{
		{"Ukraine's grid - hit again overnight", "Ukraine’s grid — hit again\novernight",
			"gloss: --quote matched \"Ukraine’s grid — hit again\\novernight\", ignoring typographic quotes, dashes and white space\n"},
		{"ukraine's allies", "UKRAINE’S allies",
			"gloss: --quote matched \"UKRAINE’S allies\", ignoring letter case, typographic quotes, dashes and white space\n"},
		{"held.", "held.", ""},
	} {
		code, out, stderr := run(t, dir, "annotate", id, "--quote", tt.quote, "--tag", "Energy attacks", "--json")
		if code != ExitOK {
			t.Fatalf("%q: exit %d: %s", tt.quote, code, stderr)
		}
		if a := decode[map[string]any](t, out); a["exact"] != tt.exact || stderr != tt.note {
			t.Errorf("%q: exact %q, stderr %q; want %q, %q", tt.quote, a["exact"], stderr, tt.exact, tt.note)
		}
	}
}

func TestAnnotateNoteFileAndDuplicates(t *testing.T) {
	dir, id := workspaceWith(t)
	noteFile := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(noteFile, []byte("Line one, \"quoted\".\nLine two.\n"), 0o644)
	code, out, stderr := run(t, dir, "annotate", id, "--start", "0", "--end", "10", "--tag", "Corruption", "--note-file", noteFile, "--json")
	first := decode[map[string]any](t, out)
	if code != ExitOK || first["note"] != "Line one, \"quoted\".\nLine two." {
		t.Fatalf("--note-file: exit %d %v %s", code, first, stderr)
	}
	// The same annotation by the same author again: refused with the existing id.
	code, _, stderr = run(t, dir, "annotate", id, "--start", "0", "--end", "10", "--tag", "Corruption", "--note-file", noteFile)
	if code != ExitFailed || !strings.Contains(stderr, first["id"].(string)) || !strings.Contains(stderr, "already made this annotation") {
		t.Fatalf("duplicate: exit %d %q", code, stderr)
	}
	// The note from standard input.
	code, out, _ = runIn(t, Env{Stdin: strings.NewReader("From stdin.\n")}, dir, "annotate", id, "--start", "0", "--end", "10", "--tag", "Corruption", "--note-file", "-", "--json")
	if a := decode[map[string]any](t, out); code != ExitOK || a["note"] != "From stdin." {
		t.Fatalf("--note-file -: exit %d %v", code, a)
	}
	if code, _, stderr := run(t, dir, "annotate", id, "--start", "0", "--end", "10", "--tag", "Corruption", "--note", "x", "--note-file", noteFile); code != ExitUsage || !strings.Contains(stderr, "either --note or --note-file") {
		t.Errorf("--note with --note-file: exit %d %q", code, stderr)
	}
	if code, _, stderr := run(t, dir, "annotate", id, "--start", "0", "--end", "10", "--tag", "Corruption", "--note-file", filepath.Join(t.TempDir(), "missing.txt")); code != ExitFailed || !strings.Contains(stderr, "read the note from") {
		t.Errorf("missing note file: exit %d %q", code, stderr)
	}
}

func TestAnnotationEditAndDelete(t *testing.T) {
	dir, id := workspaceWith(t)
	code, out, _ := run(t, dir, "annotate", id, "--quote", "proposal", "--tag", "Corruption", "--json")
	if code != ExitOK {
		t.Fatal(out)
	}
	ann := decode[map[string]any](t, out)["id"].(string)
	noteFile := filepath.Join(t.TempDir(), "note.md")
	os.WriteFile(noteFile, []byte("Checked against two sources.\n"), 0o644)

	code, out, stderr := run(t, dir, "annotation", "edit", ann[:8], "--add-tag", "Energy attacks", "--add-tag", "Diplomacy",
		"--remove-tag", "Corruption", "--note-file", noteFile, "--json")
	if code != ExitOK {
		t.Fatalf("edit: exit %d: %s", code, stderr)
	}
	got := decode[map[string]any](t, out)
	a := got["annotation"].(map[string]any)
	if strings.Join(toStrings(a["tag_paths"]), "|") != "Military developments/Energy attacks|Diplomacy" || a["note"] != "Checked against two sources." {
		t.Fatalf("after edit: %v", a)
	}
	wantLabel := "Edited annotation (added 'Energy attacks', 'Diplomacy', removed 'Corruption', edited the note) on “proposal” in 'Geneva talks'"
	if got["done"] != wantLabel {
		t.Errorf("label %q, want %q", got["done"], wantLabel)
	}
	code, out, _ = run(t, dir, "annotation", "edit", ann, "--tag", "Ceasefire & negotiations", "--note", "")
	if code != ExitOK || !strings.HasPrefix(out, "Edited annotation (set tags 'Ceasefire & negotiations', cleared the note) on “proposal” in 'Geneva talks'\n") {
		t.Fatalf("edit --tag --note '': exit %d %q", code, out)
	}
	code, out, _ = run(t, dir, "undo")
	if code != ExitOK || strings.TrimSpace(out) != "Undid: Edited annotation (set tags 'Ceasefire & negotiations', cleared the note) on “proposal” in 'Geneva talks'" {
		t.Fatalf("undo: %q", out)
	}
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"annotation"}, ExitUsage, "edit or delete"},
		{[]string{"annotation", "edit", ann}, ExitUsage, "needs --tag"},
		{[]string{"annotation", "delete", ann, "--note", "x"}, ExitUsage, "takes no flags"},
		{[]string{"annotation", "edit", "ffffffff", "--note", "x"}, ExitFailed, "no annotation ffffffff"},
		{[]string{"annotation", "edit", ann, "--remove-tag", "Energy attacks", "--remove-tag", "Diplomacy"}, ExitFailed, "needs at least one tag"},
		{[]string{"annotation", "edit", ann, "--add-tag", "Diplomacy"}, ExitFailed, "already has the tag 'Diplomacy'"},
		{[]string{"annotation", "edit", ann, "--add-tag", "Weather"}, ExitFailed, `no tag "Weather"`},
	} {
		code, _, stderr := run(t, dir, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) || strings.Count(stderr, "\n") > 2 {
			t.Errorf("%v: exit %d %q, want %d %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
	}
	code, out, _ = run(t, dir, "annotation", "delete", ann)
	if code != ExitOK || strings.TrimSpace(out) != "Deleted annotation on “proposal” in 'Geneva talks'" {
		t.Fatalf("delete: exit %d %q", code, out)
	}
	if code, _, stderr := run(t, dir, "annotation", "delete", ann); code != ExitFailed || !strings.Contains(stderr, "no annotation") {
		t.Errorf("second delete: exit %d %q", code, stderr)
	}
	if code, out, _ := run(t, dir, "undo"); code != ExitOK || !strings.Contains(out, "Undid: Deleted annotation on “proposal”") {
		t.Errorf("undo delete: %q", out)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// gloss help lists every command and says how tags and quotes are named and found.
func TestHelpExplainsNaming(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "help")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "\n  "+name+" ") {
			t.Errorf("help does not list %s", name)
		}
	}
	for _, want := range []string{`"/Energy attacks" is the top-level tag`, "Two tags may share\n               a name", "--occurrence N",
		"typographic quotes and apostrophes", "read-only", "Without a display"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q", want)
		}
	}
}
