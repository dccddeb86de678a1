package exchange

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gloss.app/gloss/annotate"
)

// fuzzImport reads data and merges it into one shared sample workspace, checking that a
// refused file changes nothing and that every anchored annotation still covers its quote.
func fuzzImport(f *testing.F, seeds string) {
	files, _ := filepath.Glob(filepath.Join("testdata", seeds, "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	ws := sampleWorkspace(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		rev := ws.Revision()
		rep, err := Import(ws, bytes.NewReader(data), "fuzz.json")
		if err != nil {
			if ws.Revision() != rev {
				t.Fatalf("a refused file changed the workspace: %v", err)
			}
			return
		}
		if rep.Imported+rep.Updated < rep.Orphaned {
			t.Fatalf("report %+v counts more orphans than merged annotations", rep.MergeReport)
		}
		for _, id := range rep.Result.Changes.Annotations {
			a, err := ws.Annotation(id)
			if err != nil {
				t.Fatal(err)
			}
			art, err := ws.Article(a.ArticleID)
			if err != nil {
				t.Fatalf("annotation %s refers to a missing article: %v", id, err)
			}
			text := []rune(art.Text)
			if a.State == annotate.Anchored && (a.Start < 0 || a.End > len(text) || a.Start >= a.End || string(text[a.Start:a.End]) != a.Exact) {
				t.Fatalf("annotation %s at %d–%d does not cover its quote %q", id, a.Start, a.End, a.Exact)
			}
			if len(a.TagIDs) == 0 {
				t.Fatalf("annotation %s has no tag", id)
			}
		}
	})
}

func FuzzImportGlossJSON(f *testing.F) { fuzzImport(f, "gloss") }

func FuzzImportW3C(f *testing.F) { fuzzImport(f, "w3c") }

// TestFuzzSeedsAreCurrent keeps the Gloss JSON seeds valid exports of the current format,
// so that the fuzzer starts from files that pass the schema.
func TestFuzzSeedsAreCurrent(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "gloss", "*.json"))
	if len(files) == 0 {
		t.Fatal("no Gloss JSON seeds")
	}
	for _, file := range files {
		data, _ := os.ReadFile(file)
		if _, _, _, err := Read(bytes.NewReader(data), file); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}
