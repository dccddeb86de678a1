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
	root, _ := filepath.Abs("../..")
	suite, err := w3cmust.Load(filepath.Join(root, w3cmust.Dir))
	if err != nil {
		t.Fatal(err)
	}
	dir := exportSampleDir(t)
	out, errOut, code := runGlossCLI(t, dir, "export", "--format", "w3c")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, f := range suite.CheckCollection(doc) {
		t.Error(f)
	}
	items := doc.(map[string]any)["first"].(map[string]any)["items"].([]any)
	if len(items) != 10 {
		t.Errorf("%d annotations exported, want the 10 of the samples", len(items))
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
	out, _, code := runGlossCLI(t, dir, "import-annotations", file)
	if code != ExitFailed || !strings.Contains(out, "imported 0, updated 0, unchanged 0, skipped 2") ||
		!strings.Contains(out, "skipped annotation 1: article") || !strings.Contains(out, "skipped annotation 2: its target has no source") {
		t.Errorf("exit %d:\n%s", code, out)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"gloss-export","format_version":1}`), 0o644)
	_, errOut, code := runGlossCLI(t, dir, "import-annotations", bad)
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
