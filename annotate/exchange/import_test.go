package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

func importBytes(t *testing.T, ws *annotate.Workspace, data []byte) Report {
	t.Helper()
	rep, err := Import(ws, bytes.NewReader(data), "set.json")
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

// createdLine hides the export time, the only thing two exports of the same set differ in.
var createdLine = regexp.MustCompile(`(?m)^  "created": "[^"]*",$`)

func TestRoundTripThroughEmptyWorkspace(t *testing.T) {
	src := sampleWorkspace(t)
	first := export(t, src, Selection{}, GlossJSON, true)
	dst := openWorkspace(t)
	rep := importBytes(t, dst, first)
	_, total := src.Counts()
	if rep.Imported != total || len(rep.Skipped) != 0 || rep.Orphaned != 0 || rep.ArticlesCreated != 5 {
		t.Fatalf("report %+v, want %d imported, 5 articles created, nothing skipped", rep.MergeReport, total)
	}
	if rep.TagsCreated != 2 {
		t.Errorf("%d tags created, want the 2 the default codebook lacks", rep.TagsCreated)
	}
	second := export(t, dst, Selection{}, GlossJSON, true)
	a := createdLine.ReplaceAllString(string(first), "")
	b := createdLine.ReplaceAllString(string(second), "")
	if a != b {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", firstDiff(a, b), "")
	}
	// Importing the same file again changes nothing and duplicates nothing.
	rev := dst.Revision()
	again := importBytes(t, dst, first)
	if again.Imported != 0 || again.Updated != 0 || again.Unchanged != total || dst.Revision() != rev {
		t.Errorf("re-import: %+v (revision %d → %d), want all unchanged", again.MergeReport, rev, dst.Revision())
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return la[i] + "\n≠\n" + lb[i]
		}
	}
	return "(different lengths)"
}

func TestImportMergesByUUIDAndNewerWins(t *testing.T) {
	ws := sampleWorkspace(t)
	arts, _ := ws.Articles()
	anns, _ := ws.Annotations(arts[0].ID)
	data := export(t, ws, Selection{ArticleIDs: []string{arts[0].ID}}, GlossJSON, false)

	// The workspace edits a note after the export: the older copy in the file must not win.
	if _, err := ws.SetAnnotationNote(anns[0].ID, "edited after the export"); err != nil {
		t.Fatal(err)
	}
	rep := importBytes(t, ws, data)
	if rep.Updated != 0 || rep.Imported != 0 || rep.Unchanged != len(anns) {
		t.Errorf("older file: %+v, want all unchanged", rep.MergeReport)
	}
	if a, _ := ws.Annotation(anns[0].ID); a.Note != "edited after the export" {
		t.Errorf("an older import overwrote a newer note: %q", a.Note)
	}

	// A file whose copy is newer replaces it.
	later := time.Now().UTC().Add(time.Hour).Format(time.RFC3339Nano)
	doc := decodeDoc(t, data)
	newer := strings.Replace(string(data), `"modified":"`+doc.Annotations[1].Modified+`"`, `"modified":"`+later+`"`, 1)
	newer = strings.Replace(newer, `"note":"`+jsonEscape(doc.Annotations[1].Note)+`","author":"`+doc.Annotations[1].Author+`","created":"`+doc.Annotations[1].Created+`","modified":"`+later,
		`"note":"from a colleague","author":"`+doc.Annotations[1].Author+`","created":"`+doc.Annotations[1].Created+`","modified":"`+later, 1)
	if !strings.Contains(newer, "from a colleague") {
		t.Fatal("test setup: could not edit the file")
	}
	rep = importBytes(t, ws, []byte(newer))
	if rep.Updated != 1 || rep.Imported != 0 {
		t.Errorf("newer file: %+v, want one updated", rep.MergeReport)
	}
	if a, _ := ws.Annotation(doc.Annotations[1].ID); a.Note != "from a colleague" {
		t.Errorf("newer note not taken: %q", a.Note)
	}
	if _, n := ws.Counts(); n != 15 {
		t.Errorf("%d annotations after merging, want 15 (no duplicates)", n)
	}
}

func jsonEscape(s string) string {
	b, _ := jsonMarshal(s)
	return string(b[1 : len(b)-1])
}

func TestImportMatchesArticlesByHashThenURL(t *testing.T) {
	src := sampleWorkspace(t)
	data := export(t, src, Selection{}, GlossJSON, false) // no text: articles must be found
	dst := openWorkspace(t)
	// The same Cyrillic text imported independently (another id): matched by SHA-256.
	if _, err := dst.AddArticle(annotate.ArticleDraft{Title: "copy", Text: textCyrillic}); err != nil {
		t.Fatal(err)
	}
	// The emoji article with a changed text and no URL: neither hash nor URL matches, and
	// the file has no text to create it from, so its annotations are skipped.
	changed := strings.Replace(textEmoji, "Volunteers", "Local volunteers", 1)
	if _, err := dst.AddArticle(annotate.ArticleDraft{Title: "emoji", Text: changed}); err != nil {
		t.Fatal(err)
	}
	rep := importBytes(t, dst, data)
	if rep.Imported != 2 {
		t.Errorf("imported %d, want the 2 annotations of the Cyrillic article", rep.Imported)
	}
	unknown := 0
	for _, s := range rep.Skipped {
		if strings.Contains(s.Reason, "not in the workspace and the file does not carry its text") {
			unknown++
		}
	}
	if unknown != len(rep.Skipped) || unknown != 13 {
		t.Errorf("skipped %v, want the 13 annotations of unknown articles", rep.Skipped)
	}

	// By URL: the workspace has a newer version of the article under the same URL.
	dst2 := openWorkspace(t)
	newer := "Оновлено. " + textCyrillic
	if _, err := dst2.AddArticle(annotate.ArticleDraft{Title: "newer", URL: "https://news.example.org/uk/kharkiv-strike", Text: newer}); err != nil {
		t.Fatal(err)
	}
	rep = importBytes(t, dst2, data)
	if rep.Imported != 2 || rep.Orphaned != 0 {
		t.Fatalf("by URL: %+v, want 2 imported and re-anchored", rep.MergeReport)
	}
	art, _ := dst2.ArticleByURL("https://news.example.org/uk/kharkiv-strike")
	anns, _ := dst2.Annotations(art.ID)
	full, _ := dst2.Article(art.ID)
	for _, a := range anns {
		if got := string([]rune(full.Text)[a.Start:a.End]); got != a.Exact || a.State != annotate.Anchored {
			t.Errorf("annotation at %d–%d covers %q, quote %q (%s)", a.Start, a.End, got, a.Exact, a.State)
		}
	}
}

func TestImportRefusesInvalidFilesAndChangesNothing(t *testing.T) {
	ws := sampleWorkspace(t)
	good := string(export(t, ws, Selection{}, GlossJSON, true))
	for name, data := range map[string]string{
		"not JSON":          `{"format": "gloss-export", `,
		"empty":             ``,
		"other JSON":        `{"hello": "world"}`,
		"number":            `42`,
		"schema violation":  strings.Replace(good, `"version":1,`, `"version":0,`, 1),
		"truncated counts":  strings.Replace(good, `"counts": {"articles":5`, `"counts": {"articles":6`, 1),
		"newer format":      strings.Replace(good, `"format_version": 1`, `"format_version": 7`, 1),
		"W3C without items": `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","total":0}`,
		"W3C remote pages":  `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","first":"https://example.org/page1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			rev := ws.Revision()
			_, err := Import(ws, strings.NewReader(data), "bad.json")
			if !errors.Is(err, ErrNotAnExport) {
				t.Fatalf("error %v, want ErrNotAnExport", err)
			}
			if ws.Revision() != rev {
				t.Error("a refused file changed the workspace")
			}
		})
	}
}

func TestImportW3CFromOtherTools(t *testing.T) {
	ws := sampleWorkspace(t)
	const url = "https://news.example.org/uk/kharkiv-strike"
	single := `{
	  "@context": "http://www.w3.org/ns/anno.jsonld",
	  "id": "https://hypothes.is/a/AbC123",
	  "type": "Annotation",
	  "motivation": "commenting",
	  "creator": {"type": "Person", "nickname": "olena"},
	  "created": "2025-12-02T08:00:00Z",
	  "modified": "2025-12-02T09:30:00Z",
	  "body": [
	    {"type": "TextualBody", "purpose": "tagging", "value": "Infrastructure/Енергетика"},
	    {"type": "TextualBody", "purpose": "tagging", "value": "Energy attacks"},
	    {"type": "TextualBody", "value": "Перевірити цифру", "purpose": "commenting"}
	  ],
	  "target": {"source": "` + url + `", "selector": [
	    {"type": "TextQuoteSelector", "exact": "без світла залишилися", "prefix": "За словами голови ОВА, ", "suffix": " понад"},
	    {"type": "TextPositionSelector", "start": 1000, "end": 1021}
	  ]}
	}`
	rep := importBytes(t, ws, []byte(single))
	if rep.Imported != 1 || rep.TagsCreated != 2 || len(rep.Skipped) != 0 {
		t.Fatalf("single: %+v", rep.MergeReport)
	}
	art, _ := ws.ArticleByURL(url)
	anns, _ := ws.Annotations(art.ID)
	var got annotate.Annotation
	for _, a := range anns {
		if a.Exact == "без світла залишилися" {
			got = a
		}
	}
	cb, _ := ws.Codebook()
	var paths []string
	for _, id := range got.TagIDs {
		paths = append(paths, cb.Path(id))
	}
	if got.ID == "" || got.Note != "Перевірити цифру" || got.Author != "olena" ||
		!got.Created.Equal(time.Date(2025, 12, 2, 8, 0, 0, 0, time.UTC)) || !got.Modified.Equal(time.Date(2025, 12, 2, 9, 30, 0, 0, time.UTC)) ||
		strings.Join(paths, "|") != "Infrastructure/Енергетика|Military developments/Energy attacks" {
		t.Errorf("imported %+v with tags %q", got, paths)
	}
	if again := importBytes(t, ws, []byte(single)); again.Imported != 0 || again.Unchanged != 1 {
		t.Errorf("re-import of the same W3C annotation: %+v, want unchanged", again.MergeReport)
	}

	// An array, and a collection with two embedded pages; sources matched by URL and origin.
	item := func(source, exact, tag string) string {
		return `{"type":"Annotation","motivation":"tagging","body":{"type":"TextualBody","purpose":"tagging","value":"` + tag +
			`"},"target":{"source":"` + source + `","selector":{"type":"TextQuoteSelector","exact":"` + exact + `"}}}`
	}
	array := `[` + item(url, "Ремонтні бригади вже працюють", "Energy attacks") + `,` +
		item("emoji.txt", "delivered generators 🔌⚡", "Volunteers 🙌") + `,` +
		item("https://unknown.example.org/x", "anything", "Energy attacks") + `,` +
		item(url, "this quote is nowhere in the article", "Energy attacks") + `]`
	rep = importBytes(t, ws, []byte(array))
	if rep.Imported != 2 || len(rep.Skipped) != 2 {
		t.Fatalf("array: %+v", rep.MergeReport)
	}
	if !strings.Contains(rep.Skipped[0].Reason, "not in the workspace") || !strings.Contains(rep.Skipped[1].Reason, "is not in the article") {
		t.Errorf("skip reasons %q", rep.Skipped)
	}
	coll := `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[` +
		item(url, "Наступного тижня", "Energy attacks") + `],"next":{"type":"AnnotationPage","items":[` +
		item(url, "відновитися переговори", "Ceasefire & negotiations") + `]}}}`
	rep = importBytes(t, ws, []byte(coll))
	if rep.Imported != 2 {
		t.Errorf("collection with pages: %+v", rep.MergeReport)
	}
}

func TestW3CExportImportsIntoAnotherWorkspace(t *testing.T) {
	src := sampleWorkspace(t)
	w3c := export(t, src, Selection{}, W3C, false)
	withText := export(t, src, Selection{}, GlossJSON, true)
	dst := openWorkspace(t)
	// The articles first (from the Gloss JSON, without annotations), then the W3C set.
	var doc document
	doc = decodeDoc(t, withText)
	for _, a := range doc.Articles {
		dst.MergeAnnotations(annotate.IncomingSet{Articles: []annotate.IncomingArticle{{Key: a.ID, Article: annotate.Article{ID: a.ID, Title: a.Title, URL: a.URL, SHA256: a.SHA256}, Text: *a.Text}}})
	}
	rep := importBytes(t, dst, w3c)
	_, total := src.Counts()
	if rep.Imported != total || len(rep.Skipped) != 0 {
		t.Fatalf("W3C round trip: %+v, want %d imported", rep.MergeReport, total)
	}
	err := src.EachAnnotation(func(a annotate.Annotation) error {
		b, err := dst.Annotation(a.ID)
		if err != nil {
			return err
		}
		if a.Start != b.Start || a.End != b.End || a.Note != b.Note || a.Author != b.Author || len(a.TagIDs) != len(b.TagIDs) || !a.Created.Equal(b.Created) {
			t.Errorf("annotation %s: %+v became %+v", a.ID, a, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportIsOneUndoStep(t *testing.T) {
	src := sampleWorkspace(t)
	data := export(t, src, Selection{}, GlossJSON, true)
	dst := openWorkspace(t)
	importBytes(t, dst, data)
	if arts, anns := dst.Counts(); arts != 5 || anns != 15 {
		t.Fatalf("after import: %d articles, %d annotations", arts, anns)
	}
	if _, err := dst.Undo(); err != nil {
		t.Fatal(err)
	}
	if arts, anns := dst.Counts(); arts != 0 || anns != 0 {
		t.Errorf("after one undo: %d articles, %d annotations, want none", arts, anns)
	}
}

// Two analysts who imported the same article and highlighted the same passage with the
// same tags and note have two annotation ids for one thing: importing one's export into
// the other's workspace must not double the highlight.
func TestImportRecognisesCopiesUnderOtherIDs(t *testing.T) {
	src := sampleWorkspace(t)
	data := export(t, src, Selection{}, GlossJSON, true)
	first := importBytes(t, openWorkspace(t), data) // reference counts
	dst := openWorkspace(t)
	if rep := importBytes(t, dst, data); rep.Imported != first.Imported {
		t.Fatalf("first import %+v", rep.MergeReport)
	}
	// Re-create the annotations under new ids, as an independent workspace would have them.
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, a := range doc["annotations"].([]any) {
		ann := a.(map[string]any)
		ann["id"] = "ffffffff" + ann["id"].(string)[8:]
	}
	rewritten, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	again := string(rewritten)
	before := countAnnotations(t, dst)
	rep := importBytes(t, dst, []byte(again))
	if rep.Imported != 0 || rep.Unchanged != first.Imported {
		t.Fatalf("copies under other ids: %+v, want all %d unchanged", rep.MergeReport, first.Imported)
	}
	if after := countAnnotations(t, dst); after != before {
		t.Fatalf("%d annotations after importing copies, want %d", after, before)
	}
	// A different note on the same passage is a colleague's own annotation: kept.
	noted := strings.Replace(again, `"note":"`, `"note":"Colleague: `, 1)
	if rep := importBytes(t, dst, []byte(noted)); rep.Imported != 1 {
		t.Fatalf("an annotation with another note must be imported, got %+v", rep.MergeReport)
	}
}

func countAnnotations(t *testing.T, ws *annotate.Workspace) int {
	t.Helper()
	_, n := ws.Counts()
	return n
}

// Two analysts who highlight the same passage with the same tag and note made two
// annotations: a round trip through an empty workspace keeps both, with their authors and
// times, and a colleague's export merged into a workspace holding one's own keeps theirs.
func TestRoundTripKeepsEveryCodersWork(t *testing.T) {
	src := openWorkspace(t)
	res, err := src.AddArticle(annotate.ArticleDraft{Title: "Kharkiv", Text: textCyrillic})
	if err != nil {
		t.Fatal(err)
	}
	art := res.Article
	cb, _ := src.Codebook()
	energy, _ := cb.Resolve("Energy attacks")
	start, end, _ := src.FindQuote(art.ID, "понад 40 тисяч абонентів", 1)
	var made []annotate.Annotation
	for _, who := range []string{"olena", "taras", "iryna"} {
		if err := src.SetAuthor(who); err != nil {
			t.Fatal(err)
		}
		a, _, err := src.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{energy.ID}, Note: "check"})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, a)
	}
	data := export(t, src, Selection{}, GlossJSON, true)

	dst := openWorkspace(t)
	rep := importBytes(t, dst, data)
	if rep.Imported != 3 || rep.Unchanged != 0 || len(rep.Skipped) != 0 {
		t.Fatalf("round trip: %+v, want the 3 annotations imported", rep.MergeReport)
	}
	for _, a := range made {
		b, err := dst.Annotation(a.ID)
		if err != nil {
			t.Fatalf("annotation of %s lost: %v", a.Author, err)
		}
		if b.Author != a.Author || !b.Created.Equal(a.Created) || !b.Modified.Equal(a.Modified) || b.Start != a.Start || b.Note != a.Note {
			t.Errorf("annotation of %s came back as %+v", a.Author, b)
		}
	}

	// Taras's workspace has his own copy of the passage under another id; Olena's and
	// Iryna's annotations are theirs and come in, his own copy is recognised.
	taras := openWorkspace(t)
	if err := taras.SetAuthor("taras"); err != nil {
		t.Fatal(err)
	}
	if _, err := taras.AddArticle(annotate.ArticleDraft{Title: "Kharkiv", Text: textCyrillic}); err != nil {
		t.Fatal(err)
	}
	tcb, _ := taras.Codebook()
	tEnergy, _ := tcb.Resolve("Energy attacks")
	tart, _ := taras.ArticleByHash(annotate.TextHash(textCyrillic))
	if _, _, err := taras.Annotate(annotate.AnnotationDraft{ArticleID: tart.ID, Start: start, End: end, TagIDs: []string{tEnergy.ID}, Note: "check"}); err != nil {
		t.Fatal(err)
	}
	rep = importBytes(t, taras, data)
	if rep.Imported != 2 || rep.Unchanged != 1 {
		t.Fatalf("colleagues' export: %+v, want 2 imported and Taras's own copy unchanged", rep.MergeReport)
	}
	if _, n := taras.Counts(); n != 3 {
		t.Errorf("%d annotations, want 3: one per coder", n)
	}
}

// A skipped annotation creates nothing: not its tags, not its article.
func TestSkippedAnnotationCreatesNothing(t *testing.T) {
	ws := sampleWorkspace(t)
	before, _ := ws.Codebook()
	arts, anns := ws.Counts()
	const url = "https://news.example.org/uk/kharkiv-strike"
	w3c := `[{"type":"Annotation","body":{"type":"TextualBody","purpose":"tagging","value":"Brand new/Never used"},
	  "target":{"source":"` + url + `","selector":{"type":"TextQuoteSelector","exact":"this quote is nowhere in the article"}}}]`
	rep := importBytes(t, ws, []byte(w3c))
	if rep.Imported != 0 || len(rep.Skipped) != 1 || rep.TagsCreated != 0 {
		t.Fatalf("%+v, want one skip and no tag", rep.MergeReport)
	}
	if after, _ := ws.Codebook(); after.Len() != before.Len() {
		t.Errorf("the skipped annotation created %d tags", after.Len()-before.Len())
	}

	// A Gloss JSON file whose only annotation of a new article is unusable (a tag the
	// file lacks) creates neither the article nor its tags; an article that no
	// annotation refers to is carried for itself and created.
	src := openWorkspace(t)
	r1, _ := src.AddArticle(annotate.ArticleDraft{Title: "Shelter", Text: "Volunteers delivered generators to the shelter on Monday."})
	r2, _ := src.AddArticle(annotate.ArticleDraft{Title: "Standalone", Text: "An article exported without annotations."})
	scb, _ := src.Codebook()
	root, _, _ := src.CreateTag(annotate.TagDraft{Name: "Shelters"})
	child, _, _ := src.CreateTag(annotate.TagDraft{Name: "Generators", ParentID: root.ID})
	s, e, _ := src.FindQuote(r1.Article.ID, "delivered generators", 1)
	corruption, _ := scb.Resolve("Corruption")
	if _, _, err := src.Annotate(annotate.AnnotationDraft{ArticleID: r1.Article.ID, Start: s, End: e, TagIDs: []string{child.ID, corruption.ID}}); err != nil {
		t.Fatal(err)
	}
	data := string(export(t, src, Selection{}, GlossJSON, true))
	// Drop the Corruption tag from the file's codebook: the annotation refers to a tag
	// that is not in the file any more.
	var raw map[string]any
	json.Unmarshal([]byte(data), &raw)
	var kept []any
	for _, tag := range raw["codebook"].([]any) {
		if tag.(map[string]any)["id"] != corruption.ID {
			kept = append(kept, tag)
		}
	}
	raw["codebook"] = kept
	raw["counts"].(map[string]any)["tags"] = len(kept)
	broken, _ := json.Marshal(raw)
	rep = importBytes(t, ws, broken)
	if rep.Imported != 0 || len(rep.Skipped) != 1 || rep.TagsCreated != 0 || rep.ArticlesCreated != 1 {
		t.Fatalf("%+v, want the annotation skipped, no tag, and only the standalone article created", rep.MergeReport)
	}
	if _, ok := ws.ArticleByHash(r1.Article.SHA256); ok {
		t.Error("the article of the skipped annotation was created")
	}
	if _, ok := ws.ArticleByHash(r2.Article.SHA256); !ok {
		t.Error("the article the file carries for itself was not created")
	}
	if cb, _ := ws.Codebook(); cb.Len() != before.Len() {
		t.Errorf("tags created for a skipped annotation: %d → %d", before.Len(), cb.Len())
	}
	if a, n := ws.Counts(); a != arts+1 || n != anns {
		t.Errorf("%d articles and %d annotations, want %d and %d", a, n, arts+1, anns)
	}
}

// W3C sources are matched with the URL normalisation of article import.
func TestW3CSourceMatchesNormalisedURL(t *testing.T) {
	ws := sampleWorkspace(t)
	for _, source := range []string{
		"HTTPS://News.Example.org:443/uk/kharkiv-strike",
		"https://news.example.org/uk/kharkiv-strike/",
		"https://news.example.org/uk/kharkiv-strike?utm_source=tg&utm_medium=social&fbclid=abc",
		"https://news.example.org/uk/kharkiv-strike?gclid=x#comments",
	} {
		item := `{"type":"Annotation","body":{"type":"TextualBody","purpose":"tagging","value":"Energy attacks"},
		  "target":{"source":"` + source + `","selector":{"type":"TextQuoteSelector","exact":"Наступного тижня"}}}`
		rep := importBytes(t, ws, []byte(item))
		if rep.Imported+rep.Unchanged != 1 || len(rep.Skipped) != 0 {
			t.Errorf("%s: %+v", source, rep.MergeReport)
		}
	}
}

// Articles without a URL are exported under the URN of their text's SHA-256, which
// another workspace holding the same text (under its own ids) matches.
func TestW3CArticlesWithoutURLMatchByText(t *testing.T) {
	src := sampleWorkspace(t)
	w3c := export(t, src, Selection{}, W3C, false)
	dst := openWorkspace(t)
	if err := dst.AddSamples(); err != nil { // the same samples, imported on their own
		t.Fatal(err)
	}
	dst.AddArticle(annotate.ArticleDraft{Title: "Удар", URL: "https://news.example.org/uk/kharkiv-strike", Text: textCyrillic})
	dst.AddArticle(annotate.ArticleDraft{Title: "Generators", Text: textEmoji})
	// The sample annotations are already there as the workspace's own, under other ids.
	_, own := dst.Counts()
	rep := importBytes(t, dst, w3c)
	_, total := src.Counts()
	if len(rep.Skipped) != 0 || rep.Imported+rep.Unchanged != total {
		t.Fatalf("%+v, want all %d annotations matched (%d of this workspace's own)", rep.MergeReport, total, own)
	}
	if !strings.Contains(string(w3c), `"source":"urn:sha256:`+annotate.TextHash(textEmoji)+`"`) {
		t.Error("the article without URL is not exported under urn:sha256:<hash of its text>")
	}
}

// Schema errors are sentences; an annotation that breaks the schema is skipped on its own.
func TestSchemaErrorsAreSentences(t *testing.T) {
	ws := sampleWorkspace(t)
	good := export(t, ws, Selection{}, GlossJSON, true)
	var doc map[string]any
	json.Unmarshal(good, &doc)
	anns := doc["annotations"].([]any)
	third := anns[2].(map[string]any)
	third["start"] = -5
	anns[4].(map[string]any)["state"] = "gone"
	data, _ := json.Marshal(doc)
	dst := openWorkspace(t)
	rep := importBytes(t, dst, data)
	if rep.Imported != len(anns)-2 || len(rep.Skipped) != 2 {
		t.Fatalf("%+v, want every annotation but the 2 broken ones imported", rep.MergeReport)
	}
	want := []annotate.Skip{
		{Item: "annotation 3 (" + third["id"].(string) + ")", Reason: "start must be ≥ 0, got -5"},
		{Item: "annotation 5 (" + anns[4].(map[string]any)["id"].(string) + ")", Reason: `state must be one of "anchored", "orphaned", got "gone"`},
	}
	for i, w := range want {
		if rep.Skipped[i] != w {
			t.Errorf("skip %d: %+v, want %+v", i, rep.Skipped[i], w)
		}
	}
	for name, edit := range map[string]struct{ from, to, want string }{
		"article":  {`"version":1,`, `"version":0,`, "article 1: version must be ≥ 1, got 0"},
		"codebook": {`"color":"#`, `"color":"`, "must be a colour of the form #RRGGBB"},
		"counts":   {`"counts": {"articles":5,`, `"counts": {"articles":-1,`, "counts: articles must be ≥ 0, got -1"},
		"header":   {`"query": "",`, `"query": 7,`, "query must be a string, got a number"},
	} {
		bad := strings.Replace(string(good), edit.from, edit.to, 1)
		if bad == string(good) {
			t.Fatalf("%s: test setup: nothing replaced", name)
		}
		_, err := Import(ws, strings.NewReader(bad), "bad.json")
		if !errors.Is(err, ErrNotAnExport) || !strings.Contains(err.Error(), edit.want) || strings.Contains(err.Error(), "&{") {
			t.Errorf("%s: error %v, want it to say %q", name, err, edit.want)
		}
	}
}
