package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/annotate/exchange/w3cmust"
)

// exportSampleDir makes a workspace holding the shipped samples and returns its folder.
func exportSampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.AddSamples(); err != nil {
		t.Fatal(err)
	}
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runGlossCLI runs the CLI and returns stdout, stderr and the exit status.
func runGlossCLI(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(append([]string{"--workspace", dir}, args...), strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestExportW3CSamplesPassMustAssertions(t *testing.T) {
	dir := exportSampleDir(t)
	out, errOut, code := runGlossCLI(t, dir, "export", "--format", "w3c")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	items := doc.(map[string]any)["first"].(map[string]any)["items"].([]any)
	if len(items) != 10 {
		t.Errorf("%d annotations exported, want the 10 of the samples", len(items))
	}
	// Last, since it is skipped where the suite (../shared) is missing.
	root, _ := filepath.Abs("../..")
	for _, f := range w3cmust.ForTest(t, root).CheckCollection(doc) {
		t.Error(f)
	}
}

func TestExportToFileAndImportAnnotations(t *testing.T) {
	dir := exportSampleDir(t)
	file := filepath.Join(t.TempDir(), "set.json")
	out, errOut, code := runGlossCLI(t, dir, "export", "--with-text", "-o", file)
	if code != ExitOK || !strings.Contains(out, "exported 10 annotations from 3 articles") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := exchange.ValidateGloss(doc); err != nil {
		t.Fatalf("the exported file does not follow the schema: %v", err)
	}

	empty := t.TempDir()
	out, errOut, code = runGlossCLI(t, empty, "import-annotations", file)
	if code != ExitOK || !strings.Contains(out, "imported 10, updated 0, unchanged 0, skipped 0, orphaned 0") ||
		!strings.Contains(out, "created 3 articles") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = runGlossCLI(t, empty, "import-annotations", "--json", file)
	var rep struct {
		Imported, Unchanged int
		Skipped             []annotate.Skip
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || rep.Unchanged != 10 || rep.Imported != 0 || rep.Skipped == nil {
		t.Errorf("second import --json: exit %d, %+v (%v)\n%s", code, rep, err, out)
	}
	// One undo removes the whole import.
	if _, errOut, code := runGlossCLI(t, empty, "undo"); code != ExitOK {
		t.Fatalf("undo: %s", errOut)
	}
	out, _, _ = runGlossCLI(t, empty, "articles")
	if strings.TrimSpace(out) != "" && !strings.Contains(out, "no articles") {
		t.Errorf("articles left after undoing the import:\n%s", out)
	}
}

func TestImportAnnotationsReportsSkips(t *testing.T) {
	dir := exportSampleDir(t)
	file := filepath.Join(t.TempDir(), "w3c.json")
	w3c := `[
	 {"type":"Annotation","target":{"source":"https://nowhere.example.org/a","selector":{"type":"TextQuoteSelector","exact":"x"}},"body":{"type":"TextualBody","purpose":"tagging","value":"Energy attacks"}},
	 {"type":"Annotation","target":"https://example.org/no-selector"}
	]`
	os.WriteFile(file, []byte(w3c), 0o644)
	out, errOut, code := runGlossCLI(t, dir, "import-annotations", file)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != ExitFailed || !strings.Contains(out, "imported 0, updated 0, unchanged 0, skipped 2") || len(lines) != 2 ||
		lines[0] != "gloss: "+file+`: skipped annotation 1: article "https://nowhere.example.org/a" is not in the workspace and the file does not carry its text` ||
		lines[1] != "gloss: "+file+": skipped annotation 2: its target has no source with a TextQuoteSelector or TextPositionSelector" {
		t.Errorf("exit %d:\n%s\nstderr:\n%s", code, out, errOut)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"gloss-export","format_version":1}`), 0o644)
	_, errOut, code = runGlossCLI(t, dir, "import-annotations", bad)
	if code != ExitFailed || !strings.Contains(errOut, "not a valid annotation export") {
		t.Errorf("invalid file: exit %d: %s", code, errOut)
	}
}

func TestFailedExportLeavesNothing(t *testing.T) {
	dir := exportSampleDir(t)
	outDir := t.TempDir()
	file := filepath.Join(outDir, "set.csv")
	os.WriteFile(file, []byte("an older export"), 0o644)
	_, errOut, code := runGlossCLI(t, dir, "export", "--format", "csv", "--article", "ffffffff", "-o", file)
	if code != ExitFailed || !strings.Contains(errOut, "no article") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 1 {
		t.Errorf("files left beside the export: %v", entries)
	}
	if b, _ := os.ReadFile(file); string(b) != "an older export" {
		t.Errorf("the older export was overwritten: %q", b)
	}
	// An export into a folder that does not exist fails without leaving anything.
	if _, errOut, code := runGlossCLI(t, dir, "export", "-o", filepath.Join(outDir, "missing", "x.json")); code != ExitFailed || errOut == "" {
		t.Errorf("export into a missing folder: exit %d", code)
	}
}

func TestExportFlags(t *testing.T) {
	dir := exportSampleDir(t)
	if _, errOut, code := runGlossCLI(t, dir, "export", "--format", "xml"); code != ExitUsage || !strings.Contains(errOut, "unknown export format") {
		t.Errorf("--format xml: exit %d: %s", code, errOut)
	}
	if _, _, code := runGlossCLI(t, dir, "export", "--format", "csv", "--with-text"); code != ExitUsage {
		t.Errorf("--with-text with csv: exit %d, want usage error", code)
	}
	// quote: (a word alone also finds the passages tagged "Energy attacks")
	out, errOut, code := runGlossCLI(t, dir, "export", "--query", "quote:energy", "--format", "csv")
	if code != ExitOK {
		t.Fatalf("--query: exit %d: %s", code, errOut)
	}
	if rows := strings.Count(out, "\r\n") - 1; rows != 1 {
		t.Errorf("--query quote:energy gave %d rows, want the 1 annotation quoting it:\n%s", rows, out)
	}
	out, _, _ = runGlossCLI(t, dir, "export", "--query", "quote:energy")
	var doc struct{ Query string }
	json.Unmarshal([]byte(out), &doc)
	if doc.Query != "quote:energy" {
		t.Errorf("the export records query %q", doc.Query)
	}
}

// A broken annotation in a Gloss JSON file is one "gloss:" line in words on stderr; the
// rest is imported. A file broken elsewhere is refused in one sentence.
func TestImportAnnotationsSchemaErrorsInWords(t *testing.T) {
	dir := exportSampleDir(t)
	file := filepath.Join(t.TempDir(), "set.json")
	if _, errOut, code := runGlossCLI(t, dir, "export", "--with-text", "-o", file); code != ExitOK {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(file)
	var doc map[string]any
	json.Unmarshal(data, &doc)
	third := doc["annotations"].([]any)[2].(map[string]any)
	third["start"] = -5
	broken, _ := json.Marshal(doc)
	os.WriteFile(file, broken, 0o644)
	empty := t.TempDir()
	out, errOut, code := runGlossCLI(t, empty, "import-annotations", file)
	want := "gloss: " + file + ": skipped annotation 3 (" + third["id"].(string) + "): start must be ≥ 0, got -5\n"
	if code != ExitFailed || errOut != want || !strings.Contains(out, "imported 9, updated 0, unchanged 0, skipped 1") {
		t.Fatalf("exit %d\nstdout %s\nstderr %q\nwant   %q", code, out, errOut, want)
	}

	doc["articles"].([]any)[0].(map[string]any)["version"] = 0
	broken, _ = json.Marshal(doc)
	os.WriteFile(file, broken, 0o644)
	_, errOut, code = runGlossCLI(t, t.TempDir(), "import-annotations", file)
	want = "gloss: import " + file + ": not a valid annotation export: it does not follow the Gloss JSON schema: article 1: version must be ≥ 1, got 0\n"
	if code != ExitFailed || errOut != want {
		t.Errorf("exit %d %q, want %q", code, errOut, want)
	}
}
