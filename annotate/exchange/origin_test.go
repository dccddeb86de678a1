package exchange

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

// withSuggestion is the sample workspace plus one annotation accepted from a suggestion
// and one the analyst drew with the origin stated ("manual"), beside the sample's
// annotations that have no origin (drawn before origins existed, or by the CLI).
func withSuggestion(t *testing.T) (ws *annotate.Workspace, suggested, manual annotate.Annotation) {
	t.Helper()
	ws = sampleWorkspace(t)
	art, ok := ws.ArticleByURL("https://news.example.org/uk/kharkiv-strike")
	if !ok {
		t.Fatal("test setup: no Kharkiv article")
	}
	cb, _ := ws.Codebook()
	talks, err := cb.Resolve("Ceasefire & negotiations")
	if err != nil {
		t.Fatal(err)
	}
	mark := func(quote, origin string) annotate.Annotation {
		start, end, err := ws.FindQuote(art.ID, quote, 1)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{talks.ID}, Origin: origin})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	suggested = mark("Наступного тижня у Женеві мають відновитися переговори.", annotate.OriginSuggested)
	manual = mark("Ремонтні бригади вже працюють", annotate.OriginManual)
	return ws, suggested, manual
}

// originsOf maps annotation ids to whether they came from a suggestion.
func originsOf(t *testing.T, ws *annotate.Workspace) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	if err := ws.EachAnnotation(func(a annotate.Annotation) error { out[a.ID] = a.FromSuggestion(); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGlossJSONCarriesOrigin(t *testing.T) {
	src, suggested, manual := withSuggestion(t)
	data := export(t, src, Selection{}, GlossJSON, true)
	if err := ValidateGloss(parseJSON(t, data)); err != nil {
		t.Fatalf("an export with origins does not follow the schema: %v", err)
	}
	// Only accepted suggestions carry an origin: a manual annotation has none, so an
	// older Gloss still imports it.
	for _, a := range decodeDoc(t, data).Annotations {
		want := ""
		if a.ID == suggested.ID {
			want = annotate.OriginSuggested
		}
		if a.Origin != want {
			t.Errorf("annotation %s (%q): origin %q, want %q", a.ID, a.Exact, a.Origin, want)
		}
	}

	// Export → import into an empty workspace keeps every origin, and exporting again
	// gives the same file.
	dst := openWorkspace(t)
	if rep := importBytes(t, dst, data); len(rep.Skipped) != 0 || rep.Imported != len(originsOf(t, src)) {
		t.Fatalf("import: %+v", rep.MergeReport)
	}
	want, got := originsOf(t, src), originsOf(t, dst)
	if len(got) != len(want) || !got[suggested.ID] || got[manual.ID] {
		t.Errorf("origins after the round trip: %v, want %v", got, want)
	}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("annotation %s: from a suggestion %v after the round trip, want %v", id, got[id], s)
		}
	}
	if a, b := createdLine.ReplaceAllString(string(data), ""), createdLine.ReplaceAllString(string(export(t, dst, Selection{}, GlossJSON, true)), ""); a != b {
		t.Errorf("export → import → export differs:\n%s", firstDiff(a, b))
	}
}

func TestGlossJSONImportReadsOrigin(t *testing.T) {
	src, suggested, _ := withSuggestion(t)
	good := string(export(t, src, Selection{}, GlossJSON, true))
	if !strings.Contains(good, `"state":"anchored","origin":"suggested"`) {
		t.Fatal("test setup: the export has no suggested annotation")
	}

	// Files of earlier versions have no origin: every annotation is manual.
	old := strings.ReplaceAll(strings.ReplaceAll(good, `,"origin":"manual"`, ""), `,"origin":"suggested"`, "")
	if strings.Contains(old, `"origin":"manual"`) || strings.Contains(old, `"origin":"suggested"`) {
		t.Fatal("test setup: origins left in the old-style file")
	}
	ws := openWorkspace(t)
	if rep := importBytes(t, ws, []byte(old)); len(rep.Skipped) != 0 {
		t.Fatalf("a file without origins: %v skipped", rep.Skipped)
	}
	for id, s := range originsOf(t, ws) {
		if s {
			t.Errorf("annotation %s of a file without origins came in as suggested", id)
		}
	}

	// An unknown origin skips that annotation, with a sentence; the others go in.
	bad := strings.Replace(good, `"origin":"suggested"`, `"origin":"robot"`, 1)
	ws = openWorkspace(t)
	rep := importBytes(t, ws, []byte(bad))
	_, total := src.Counts()
	if len(rep.Skipped) != 1 || rep.Imported != total-1 {
		t.Fatalf("unknown origin: %+v", rep.MergeReport)
	}
	s := rep.Skipped[0]
	if !strings.Contains(s.Item, suggested.ID) || s.Reason != `origin must be one of "manual", "suggested", got "robot"` {
		t.Errorf("skip %+v", s)
	}
	if _, err := ws.Annotation(suggested.ID); err == nil {
		t.Error("the annotation with an unknown origin was imported")
	}
}

// The command layer refuses an unknown origin from any reader, not only the schema's.
func TestMergeSkipsUnknownOrigin(t *testing.T) {
	src, suggested, _ := withSuggestion(t)
	set, _, _, err := Read(bytes.NewReader(export(t, src, Selection{}, GlossJSON, true)), "set.json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range set.Annotations {
		if set.Annotations[i].ID == suggested.ID {
			set.Annotations[i].Origin = "Suggested by a robot"
		}
	}
	dst := openWorkspace(t)
	rep, err := dst.MergeAnnotations(set)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != `its origin "Suggested by a robot" is neither "manual" nor "suggested"` {
		t.Errorf("skipped %+v", rep.Skipped)
	}
}

func TestW3CCarriesOrigin(t *testing.T) {
	src, suggested, _ := withSuggestion(t)
	data := export(t, src, Selection{}, W3C, false)
	doc := parseJSON(t, data).(map[string]any)
	generators := 0
	for _, it := range doc["first"].(map[string]any)["items"].([]any) {
		a := it.(map[string]any)
		gen, has := a["generator"].(map[string]any)
		isSuggested := a["id"] == "urn:uuid:"+suggested.ID
		if has != isSuggested {
			t.Errorf("annotation %v: generator %v", a["id"], a["generator"])
			continue
		}
		if has {
			generators++
			if gen["id"] != suggestionsAgentID || gen["type"] != "Software" || !strings.Contains(gen["name"].(string), "Gloss suggestions") {
				t.Errorf("generator %v", gen)
			}
			if c, _ := a["creator"].(map[string]any); c == nil || c["type"] != "Person" {
				t.Errorf("an accepted suggestion's creator is %v, want the analyst", a["creator"])
			}
		}
	}
	if generators != 1 {
		t.Errorf("%d annotations with a generator, want the 1 accepted suggestion", generators)
	}

	// Back into a workspace that has the articles: the suggestion is a suggestion again.
	dst := openWorkspace(t)
	for _, a := range decodeDoc(t, export(t, src, Selection{}, GlossJSON, true)).Articles {
		dst.MergeAnnotations(annotate.IncomingSet{Articles: []annotate.IncomingArticle{{Key: a.ID, Article: annotate.Article{ID: a.ID, Title: a.Title, URL: a.URL, SHA256: a.SHA256}, Text: *a.Text}}})
	}
	if rep := importBytes(t, dst, data); len(rep.Skipped) != 0 {
		t.Fatalf("W3C import: %+v", rep.MergeReport)
	}
	want, got := originsOf(t, src), originsOf(t, dst)
	for id, s := range want {
		if got[id] != s {
			t.Errorf("annotation %s: from a suggestion %v after W3C export and import, want %v", id, got[id], s)
		}
	}

	// Another tool's generator says nothing about suggestions.
	other := strings.Replace(string(data), suggestionsAgentID, "https://hypothes.is/client", 1)
	set, _, _, err := Read(strings.NewReader(other), "other.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range set.Annotations {
		if a.Origin != "" {
			t.Errorf("annotation %s read with origin %q from another tool's generator", a.ID, a.Origin)
		}
	}

	// Last, since it is skipped where the suite is missing: the W3C MUST assertions hold
	// with the generator.
	for _, f := range loadW3CMusts(t).CheckCollection(doc) {
		t.Error(f)
	}
}

func TestCSVHasOrigin(t *testing.T) {
	ws, suggested, manual := withSuggestion(t)
	data := export(t, ws, Selection{}, CSV, false)
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := len(CSVHeader) - 1
	if rows[0][col] != "origin" {
		t.Fatalf("header %q: origin is not the last column", rows[0])
	}
	seen := map[string]string{}
	for _, r := range rows[1:] {
		seen[r[0]] = r[col]
		want := annotate.OriginManual
		if r[0] == suggested.ID {
			want = annotate.OriginSuggested
		}
		if r[col] != want {
			t.Errorf("row of %s: origin %q, want %q", r[0], r[col], want)
		}
	}
	if seen[suggested.ID] != "suggested" || seen[manual.ID] != "manual" {
		t.Errorf("origins %v", seen)
	}
}
