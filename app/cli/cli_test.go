package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/serve"
)

// run calls Main in-process and returns the exit status, stdout and stderr.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	return runIn(t, Env{}, dir, args...)
}

// runIn runs the command line in env (its streams replaced by buffers).
func runIn(t *testing.T, env Env, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	env.Stdout, env.Stderr = &out, &errb
	code := env.Run(append([]string{"--workspace", dir}, args...))
	for _, line := range strings.Split(strings.TrimRight(errb.String(), "\n"), "\n") {
		if line != "" && !strings.HasPrefix(line, "gloss: ") && !strings.HasPrefix(line, "usage: gloss") {
			t.Errorf("stderr line %q does not start with 'gloss: '", line)
		}
	}
	return code, out.String(), errb.String()
}

const cliText = "Переговори в Женеві тривали до ночі. The ceasefire proposal 🕊 was discussed; " +
	"the ceasefire would cover energy infrastructure. Officials said the ceasefire holds."

// workspaceWith prepares a workspace with one article through the command layer and
// closes it, as a previous session would have.
func workspaceWith(t *testing.T) (dir, articleID string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Geneva talks", Source: "Desk", URL: "https://example.org/geneva",
		Language: "uk", Text: cliText})
	if err != nil {
		t.Fatal(err)
	}
	return dir, res.Article.ID
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

func keys(m map[string]any) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, ",")
}

func hasKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("%s JSON lacks %q (has %s)", what, k, keys(m))
		}
	}
}

func TestExitStatuses(t *testing.T) {
	dir, id := workspaceWith(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"help", []string{"help"}, ExitOK, ""},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "gloss: unknown command"},
		{"unknown flag", []string{"articles", "--bogus"}, ExitUsage, "gloss: flag provided but not defined"},
		{"extra argument", []string{"articles", "x"}, ExitUsage, "takes no arguments"},
		{"show without article", []string{"show"}, ExitUsage, "show takes one article"},
		{"annotate without tag", []string{"annotate", id, "--quote", "ceasefire"}, ExitUsage, "at least one --tag"},
		{"annotate with quote and span", []string{"annotate", id, "--quote", "x", "--start", "1", "--end", "2", "--tag", "Corruption"}, ExitUsage, "either --quote or"},
		{"annotate with start only", []string{"annotate", id, "--start", "1", "--tag", "Corruption"}, ExitUsage, "go together"},
		{"occurrence with a span", []string{"annotate", id, "--start", "1", "--end", "3", "--occurrence", "2", "--tag", "Corruption"}, ExitUsage, "--occurrence goes with --quote"},
		{"occurrence zero", []string{"annotate", id, "--quote", "ceasefire", "--occurrence", "0", "--tag", "Corruption"}, ExitUsage, "counts from 1"},
		{"unknown article", []string{"show", "ffffffff"}, ExitFailed, "gloss: no article ffffffff"},
		{"unknown tag", []string{"annotate", id, "--quote", "ceasefire", "--tag", "Weather"}, ExitFailed, `gloss: no tag "Weather" in the codebook`},
		{"quote not found", []string{"annotate", id, "--quote", "armistice", "--tag", "Corruption"}, ExitFailed, `gloss: quote "armistice" is not in article`},
		{"occurrence too high", []string{"annotate", id, "--quote", "ceasefire", "--occurrence", "9", "--tag", "Corruption"}, ExitFailed, "occurs 3 times"},
		{"span out of range", []string{"annotate", id, "--start", "5", "--end", "5000", "--tag", "Corruption"}, ExitFailed, "outside the article"},
		{"empty span", []string{"annotate", id, "--start", "5", "--end", "5", "--tag", "Corruption"}, ExitFailed, "is empty"},
		{"nothing to redo", []string{"redo"}, ExitFailed, "gloss: nothing to redo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q does not say %q", stderr, tt.stderr)
			}
			if tt.code == ExitFailed && strings.Count(stderr, "\n") != 1 {
				t.Errorf("want one error line, got %q", stderr)
			}
		})
	}
	// None of the failures changed anything.
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, m := ws.Counts(); m != 0 {
		t.Fatalf("%d annotations after failed commands", m)
	}
	if code := Main(nil, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != ExitUsage {
		t.Fatalf("no command: exit %d", code)
	}
}

func TestNewWorkspaceFromCLIHasCodebookAndNoSamples(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fresh")
	code, out, stderr := run(t, dir, "articles", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.TrimSpace(out) != "[]" {
		t.Fatalf("a workspace created by the CLI must start empty, got %s", out)
	}
	code, out, _ = run(t, dir, "tags", "--json")
	tags := decode[[]map[string]any](t, out)
	if code != ExitOK || len(tags) < 11 {
		t.Fatalf("exit %d, %d tags", code, len(tags))
	}
	paths := map[string]bool{}
	for _, tag := range tags {
		hasKeys(t, "tag", tag, "id", "name", "path", "parent", "color", "description", "hotkey", "annotations")
		paths[tag["path"].(string)] = true
		if c := tag["color"].(string); !annotate.ValidColor(c) {
			t.Errorf("colour %q", c)
		}
		if tag["annotations"].(float64) != 0 {
			t.Errorf("%v has annotations", tag["name"])
		}
	}
	for _, p := range []string{"Military developments/Energy attacks", "Corruption", "Diplomacy/Ceasefire & negotiations"} {
		if !paths[p] {
			t.Errorf("no tag %s in %v", p, paths)
		}
	}
}

func TestAnnotateShowArticlesTagsJSON(t *testing.T) {
	dir, id := workspaceWith(t)
	// --occurrence picks the second "ceasefire"; --tag by path and by name, any case; a
	// unique prefix names the article.
	code, out, stderr := run(t, dir, "annotate", id[:8], "--quote", "ceasefire", "--occurrence", "2",
		"--tag", "Diplomacy/Ceasefire & negotiations", "--tag", "energy ATTACKS", "--note", "second mention", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ann := decode[map[string]any](t, out)
	hasKeys(t, "annotation", ann, "id", "article", "start", "end", "exact", "prefix", "suffix", "tags", "note", "author", "created")
	runes := []rune(cliText)
	first := strings.Index(cliText, "ceasefire")
	second := first + len("ceasefire") + strings.Index(cliText[first+len("ceasefire"):], "ceasefire")
	start := len([]rune(cliText[:second]))
	if int(ann["start"].(float64)) != start || int(ann["end"].(float64)) != start+9 {
		t.Fatalf("span %v-%v, want %d-%d", ann["start"], ann["end"], start, start+9)
	}
	if ann["exact"] != string(runes[start:start+9]) || ann["prefix"] != string(runes[start-32:start]) || ann["article"] != id {
		t.Fatalf("annotation %v", ann)
	}
	if fmt.Sprint(ann["tags"]) != "[Ceasefire & negotiations Energy attacks]" || ann["note"] != "second mention" {
		t.Fatalf("tags %v note %v", ann["tags"], ann["note"])
	}
	// By span, plain text output.
	code, out, stderr = run(t, dir, "annotate", id, "--start", "0", "--end", "10", "--tag", "Ceasefire & negotiations")
	if code != ExitOK || !strings.Contains(out, "0-10") || !strings.Contains(out, "Переговори") {
		t.Fatalf("exit %d out %q err %q", code, out, stderr)
	}

	code, out, _ = run(t, dir, "articles", "--json")
	list := decode[[]map[string]any](t, out)
	if code != ExitOK || len(list) != 1 {
		t.Fatalf("articles: %d %s", code, out)
	}
	hasKeys(t, "article", list[0], "id", "title", "source", "url", "published", "annotations")
	if list[0]["annotations"].(float64) != 2 || list[0]["published"] != nil || list[0]["url"] != "https://example.org/geneva" {
		t.Fatalf("article row %v", list[0])
	}
	code, out, _ = run(t, dir, "articles")
	if code != ExitOK || !strings.HasPrefix(out, id) || !strings.Contains(out, "Geneva talks") {
		t.Fatalf("articles text %q", out)
	}

	code, out, _ = run(t, dir, "show", id[:6], "--json")
	show := decode[map[string]any](t, out)
	hasKeys(t, "show", show, "id", "title", "source", "url", "author", "published", "language", "text", "annotations")
	if code != ExitOK || show["text"] != cliText || show["language"] != "uk" || len(show["annotations"].([]any)) != 2 {
		t.Fatalf("show %v", show)
	}
	for _, a := range show["annotations"].([]any) {
		m := a.(map[string]any)
		s, e := int(m["start"].(float64)), int(m["end"].(float64))
		if m["exact"] != string(runes[s:e]) {
			t.Errorf("show: exact %q is not text[%d:%d]", m["exact"], s, e)
		}
	}
	code, out, _ = run(t, dir, "show", id)
	if code != ExitOK || !strings.Contains(out, cliText) || !strings.Contains(out, "2 annotations") {
		t.Fatalf("show text %q", out)
	}

	code, out, _ = run(t, dir, "tags", "--json")
	counts := map[string]float64{}
	for _, tag := range decode[[]map[string]any](t, out) {
		counts[tag["path"].(string)] = tag["annotations"].(float64)
	}
	if counts["Diplomacy/Ceasefire & negotiations"] != 2 || counts["Military developments/Energy attacks"] != 1 || counts["Corruption"] != 0 {
		t.Fatalf("tag counts %v", counts)
	}
	code, out, _ = run(t, dir, "tags")
	if code != ExitOK || !strings.Contains(out, "  Energy attacks") {
		t.Fatalf("tags text %q", out)
	}

	// undo / redo across processes (each CLI call opens and closes the store).
	code, out, _ = run(t, dir, "undo")
	if code != ExitOK || strings.TrimSpace(out) != "Undid: Tagged 'Ceasefire & negotiations' on “Переговори” in 'Geneva talks'" {
		t.Fatalf("undo: %d %q", code, out)
	}
	code, out, _ = run(t, dir, "redo", "--json")
	if step := decode[map[string]any](t, out); code != ExitOK || step["done"] != "Redid: Tagged 'Ceasefire & negotiations' on “Переговори” in 'Geneva talks'" {
		t.Fatalf("redo: %d %q", code, out)
	}
}

func TestAmbiguousTagAndPrefix(t *testing.T) {
	dir, id := workspaceWith(t)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := ws.Codebook()
	san, _ := cb.Resolve("Sanctions & frozen assets")
	if _, _, err := ws.CreateTag(annotate.TagDraft{Name: "Energy attacks", ParentID: san.ID}); err != nil {
		t.Fatal(err)
	}
	// A second article whose id shares no prefix check: make the one-character prefix
	// ambiguous when it happens to be shared.
	other, err := ws.ImportText("Other", "", "Another text entirely.")
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()

	code, _, stderr := run(t, dir, "annotate", id, "--quote", "ceasefire", "--tag", "Energy attacks")
	if code != ExitFailed || stderr != `gloss: tag name "Energy attacks" is ambiguous (2 tags have it): write "Military developments/Energy attacks" or "Sanctions & frozen assets/Energy attacks"`+"\n" {
		t.Fatalf("ambiguous tag: %d %q", code, stderr)
	}
	code, out, stderr := run(t, dir, "annotate", id, "--quote", "ceasefire", "--occurrence", "1", "--tag", "sanctions & frozen assets/energy attacks", "--json")
	if code != ExitOK || fmt.Sprint(decode[map[string]any](t, out)["tags"]) != "[Energy attacks]" {
		t.Fatalf("tag by path: %d %q %q", code, out, stderr)
	}
	common := 0
	for common < len(id) && id[common] == other.Article.ID[common] {
		common++
	}
	code, _, stderr = run(t, dir, "show", id[:common])
	if common > 0 && (code != ExitFailed || !strings.Contains(stderr, "ambiguous")) {
		t.Fatalf("shared prefix %q: %d %q", id[:common], code, stderr)
	}
	if code, _, _ = run(t, dir, "show", id[:common+1]); code != ExitOK {
		t.Fatalf("unique prefix %q: exit %d", id[:common+1], code)
	}
}

func TestWorkspaceFlagFormsAndLock(t *testing.T) {
	dir, _ := workspaceWith(t)
	for _, args := range [][]string{
		{"--workspace", dir, "articles"},
		{"--workspace=" + dir, "articles"},
		{"articles", "--workspace", dir},
	} {
		var out, errb bytes.Buffer
		if code := Main(args, nil, &out, &errb); code != ExitOK || !strings.Contains(out.String(), "Geneva talks") {
			t.Errorf("%v: exit %d, %q %q", args, code, out.String(), errb.String())
		}
	}
	if !IsCommand([]string{"--workspace", dir, "tags"}) || IsCommand([]string{"--workspace", dir}) {
		t.Error("IsCommand")
	}
	if WorkspaceFlag([]string{"--workspace", dir}) != dir {
		t.Error("WorkspaceFlag")
	}
	// While the workspace is open (here: in this process), the CLI is refused clearly.
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	code, _, stderr := run(t, dir, "articles", "--wait", "0")
	want := fmt.Sprintf("gloss: workspace %s is in use by process %d\n", dir, os.Getpid())
	if code != ExitFailed || stderr != want {
		t.Fatalf("locked: %d %q, want %q", code, stderr, want)
	}
	// With a wait, the command says after a second what it waits for, then gives up.
	code, _, stderr = run(t, dir, "--wait=1200ms", "articles")
	want = fmt.Sprintf("gloss: waiting for process %d to finish\n"+
		"gloss: workspace %s is in use by process %d; gave up waiting after 1.2s (--wait sets how long)\n", os.Getpid(), dir, os.Getpid())
	if code != ExitFailed || stderr != want {
		t.Fatalf("locked, waiting: %d %q, want %q", code, stderr, want)
	}
}

func TestImportReportsEachFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	src := t.TempDir()
	good := filepath.Join(src, "talks.txt")
	if err := os.WriteFile(good, []byte("\uFEFFTalks resume\r\nDelegations met again.\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, dir, "import", filepath.Join(src, "missing.txt"), good)
	if code != ExitFailed {
		t.Fatalf("exit %d, want 1 (one file failed, the other imported)", code)
	}
	if !strings.HasPrefix(stderr, "gloss: ") || !strings.Contains(stderr, "missing.txt") {
		t.Fatalf("stderr %q", stderr)
	}
	fields := strings.Split(strings.TrimSpace(out), "\t")
	if len(fields) != 2 || len(fields[0]) != 36 || fields[1] != "Talks resume" {
		t.Fatalf("stdout %q, want ID<TAB>title", out)
	}
	code, out, _ = run(t, dir, "show", fields[0], "--json")
	if code != ExitOK || decode[map[string]any](t, out)["text"] != "Talks resume\nDelegations met again." {
		t.Fatalf("imported text: %s", out)
	}
}

func TestAddSamplesFromApp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.AddSamples(); err != nil {
		t.Fatal(err)
	}
	ws.Close()
	code, out, _ := run(t, dir, "articles", "--json")
	list := decode[[]map[string]any](t, out)
	if code != ExitOK || len(list) != 3 {
		t.Fatalf("%d sample articles", len(list))
	}
	for _, a := range list {
		_, out, _ := run(t, dir, "show", a["id"].(string), "--json")
		show := decode[map[string]any](t, out)
		text := []rune(show["text"].(string))
		anns := show["annotations"].([]any)
		if len(anns) == 0 {
			t.Errorf("%s has no annotations", a["title"])
		}
		for _, x := range anns {
			m := x.(map[string]any)
			s, e := int(m["start"].(float64)), int(m["end"].(float64))
			if string(text[s:e]) != m["exact"] {
				t.Errorf("%s: exact %q is not text[%d:%d]", a["title"], m["exact"], s, e)
			}
		}
	}
}

// The global flags are read by forward.SplitGlobal (tested there); a bad --wait is a
// usage error in words.
func TestGlobalFlags(t *testing.T) {
	if g, rest := splitGlobal([]string{"--workspace", "w", "articles"}); g.dir != "w" || g.wait != serve.DefaultWait || len(rest) != 1 {
		t.Errorf("splitGlobal: %+v %q", g, rest)
	}
	code, _, stderr := run(t, t.TempDir(), "--wait", "soon", "articles")
	if code != ExitUsage || !strings.Contains(stderr, `--wait takes a duration such as 30s or 2m, not "soon"`) {
		t.Errorf("bad --wait: %d %q", code, stderr)
	}
}
