package drills

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
)

// maxFuzzExport bounds a fuzz input: big enough for real exports of a few articles,
// small enough that memory stays bounded over a run.
const maxFuzzExport = 512 << 10

var (
	fuzzOnce sync.Once
	fuzzWS   *annotate.Workspace
	fuzzMu   sync.Mutex
)

// fuzzWorkspace is one small workspace per fuzzing process that accepted inputs are
// merged into (and undone from, so it stays small).
func fuzzWorkspace(f *testing.F) *annotate.Workspace {
	fuzzOnce.Do(func() {
		dir := f.TempDir() + "/ws"
		buildWorkspace(f, dir, 3, 12, 77)
		// Without fsync: minimising an accepted input runs it thousands of times.
		ws, err := annotate.Open(dir, annotate.Options{NoSync: true})
		if err != nil {
			f.Fatal(err)
		}
		fuzzWS = ws
	})
	return fuzzWS
}

// exportSeeds adds the workspace's own exports (which must import cleanly) as seeds.
func exportSeeds(f *testing.F, ws *annotate.Workspace, formats ...exchange.Format) {
	for _, format := range formats {
		var b bytes.Buffer
		if _, err := exchange.Export(ws, exchange.Selection{}, format, &b, exchange.Options{WithText: format == exchange.GlossJSON}); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
}

// fuzzImport reads data as an annotation export and merges what it accepts: no panic,
// a refusal names the file, and an accepted merge leaves the workspace consistent and
// undoes as one step.
func fuzzImport(t *testing.T, ws *annotate.Workspace, data []byte) {
	if len(data) > maxFuzzExport {
		return
	}
	set, _, _, err := exchange.Read(bytes.NewReader(data), "fuzz.json")
	if err != nil {
		if !strings.HasPrefix(err.Error(), "import fuzz.json: ") {
			t.Fatalf("a refusal does not name the file: %v", err)
		}
		return
	}
	fuzzMu.Lock()
	defer fuzzMu.Unlock()
	before := ws.Revision()
	_, err = ws.MergeAnnotations(set)
	if err != nil {
		if ws.Revision() != before {
			t.Fatalf("a refused merge changed the store: %v", err)
		}
		return
	}
	if err := checkConsistent(ws); err != nil {
		t.Fatalf("after the merge: %v", err)
	}
	if ws.Revision() != before {
		if _, err := ws.Undo(); err != nil {
			t.Fatalf("undo the merge: %v", err)
		}
	}
	if err := checkConsistent(ws); err != nil {
		t.Fatalf("after undoing the merge: %v", err)
	}
}

// FuzzGlossJSON fuzzes the Gloss JSON import (exchange.Read, then the merge command).
func FuzzGlossJSON(f *testing.F) {
	ws := fuzzWorkspace(f)
	exportSeeds(f, ws, exchange.GlossJSON)
	for _, s := range []string{`{"format":"gloss-export"}`, `{"format":"gloss-export","version":1,"articles":[],"annotations":[{}]}`,
		`{"format":` + strings.Repeat(`[`, 10000), "\ufeff{}", `{"format":"gloss-export","annotations":[{"id":"x","article":"y","start":-1,"end":1e308}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, ws, data) })
}

// FuzzW3C fuzzes the W3C Web Annotation import (single annotations, pages, arrays).
func FuzzW3C(f *testing.F) {
	ws := fuzzWorkspace(f)
	exportSeeds(f, ws, exchange.W3C)
	for _, s := range []string{`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","target":{"source":"urn:x","selector":{"type":"TextQuoteSelector","exact":"convoy"}}}`,
		`[{"type":"Annotation","body":[{"type":"TextualBody","purpose":"tagging","value":"Drill0"}],"target":{"selector":[{"type":"TextPositionSelector","start":5,"end":2}]}}]`,
		`{"type":"AnnotationPage","items":[{"type":"Annotation","target":"urn:nothing"}]}`, `[]`, `[[[[[]]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, ws, data) })
}

// TestExportSeedsImport keeps the fuzz seeds honest: the workspace's own exports import
// without a refusal.
func TestExportSeedsImport(t *testing.T) {
	dir := t.TempDir() + "/ws"
	buildWorkspace(t, dir, 3, 12, 77)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	for _, format := range []exchange.Format{exchange.GlossJSON, exchange.W3C} {
		var b bytes.Buffer
		if _, err := exchange.Export(ws, exchange.Selection{}, format, &b, exchange.Options{}); err != nil {
			t.Fatal(err)
		}
		rep, err := exchange.Import(ws, &b, "seed."+string(format))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(rep.Skipped) > 0 {
			t.Errorf("%s: its own export skips %v", format, rep.Skipped)
		}
	}
	if err := checkConsistent(ws); err != nil {
		t.Fatal(err)
	}
}
