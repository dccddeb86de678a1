package exchange

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange/w3cmust"
)

func TestGlossJSONExportFollowsSchema(t *testing.T) {
	ws := sampleWorkspace(t)
	arts, _ := ws.Articles()
	var someAnn []string
	anns, _ := ws.Annotations(arts[0].ID)
	someAnn = append(someAnn, anns[0].ID)
	for _, tt := range []struct {
		name     string
		sel      Selection
		withText bool
	}{
		{"whole workspace", Selection{}, false},
		{"whole workspace with text", Selection{}, true},
		{"one article", Selection{ArticleIDs: []string{arts[1].ID}}, true},
		{"query hits", Selection{AnnotationIDs: someAnn, Query: "tag:\"Energy attacks\""}, false},
		{"empty selection", Selection{AnnotationIDs: []string{}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := export(t, ws, tt.sel, GlossJSON, tt.withText)
			if err := ValidateGloss(parseJSON(t, data)); err != nil {
				t.Fatalf("export does not follow the schema: %v", err)
			}
			doc := decodeDoc(t, data)
			if doc.Query != tt.sel.Query || doc.WithText != tt.withText || doc.FormatVersion != FormatVersion {
				t.Errorf("header %+v", doc.docHeader)
			}
			for _, a := range doc.Articles {
				if (a.Text != nil) != tt.withText {
					t.Errorf("article %s: text present %v, want %v", a.ID, a.Text != nil, tt.withText)
				}
				if a.Text != nil && annotate.TextHash(*a.Text) != a.SHA256 {
					t.Errorf("article %s: text does not match its SHA-256", a.ID)
				}
			}
			inCodebook := map[string]bool{}
			for _, tag := range doc.Codebook {
				inCodebook[tag.ID] = true
				if tag.Parent != nil && !inCodebook[*tag.Parent] {
					t.Errorf("tag %s listed before its parent", tag.Path)
				}
			}
			for _, a := range doc.Annotations {
				for _, id := range a.Tags {
					if !inCodebook[id] {
						t.Errorf("annotation %s uses tag %s that the codebook part lacks", a.ID, id)
					}
				}
			}
		})
	}
}

func TestGlossJSONSchemaRejectsBrokenExports(t *testing.T) {
	ws := sampleWorkspace(t)
	good := string(export(t, ws, Selection{}, GlossJSON, true))
	for name, broken := range map[string]string{
		"format version": strings.Replace(good, `"format_version": 1`, `"format_version": "1"`, 1),
		"offset":         regexp.MustCompile(`"start":\s*\d+`).ReplaceAllString(good, `"start":-1`),
		"state":          strings.Replace(good, `"state":"anchored"`, `"state":"lost"`, 1),
		"unknown field":  strings.Replace(good, `"query":`, `"extra": 1, "query":`, 1),
		"hash":           strings.Replace(good, `"sha256":"`, `"sha256":"X`, 1),
	} {
		if broken == good {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if err := ValidateGloss(parseJSON(t, []byte(broken))); err == nil {
			t.Errorf("%s: a broken export passes the schema", name)
		}
	}
}

func TestW3CExportPassesMustAssertions(t *testing.T) {
	ws := sampleWorkspace(t)
	data := export(t, ws, Selection{}, W3C, false)
	doc := parseJSON(t, data).(map[string]any)
	page := doc["first"].(map[string]any)
	items := page["items"].([]any)
	_, total := ws.Counts()
	if len(items) != total || doc["total"].(interface{ String() string }).String() != itoa(total) {
		t.Fatalf("%d items, total %v, want %d", len(items), doc["total"], total)
	}
	if doc["@context"] != "http://www.w3.org/ns/anno.jsonld" || doc["type"] != "AnnotationCollection" || page["type"] != "AnnotationPage" {
		t.Errorf("collection header wrong: %v %v %v", doc["@context"], doc["type"], page["type"])
	}
	sawCyrillic, sawEmoji, sawNote := false, false, false
	for _, it := range items {
		a := it.(map[string]any)
		target := a["target"].(map[string]any)
		src := target["source"].(string)
		sels := target["selector"].([]any)
		quote, pos := sels[0].(map[string]any), sels[1].(map[string]any)
		if quote["type"] != "TextQuoteSelector" || pos["type"] != "TextPositionSelector" {
			t.Fatalf("selectors %v", sels)
		}
		// The position is in code points of the article's text.
		id := strings.TrimPrefix(a["id"].(string), "urn:uuid:")
		ann, err := ws.Annotation(id)
		if err != nil {
			t.Fatal(err)
		}
		art, _ := ws.Article(ann.ArticleID)
		// The source is the article's URL, else the URN of its text's SHA-256.
		if want := "urn:sha256:" + annotate.TextHash(art.Text); (art.URL != "" && src != art.URL) || (art.URL == "" && src != want) {
			t.Errorf("target source %q of an article with URL %q, want the URL or %s", src, art.URL, want)
		}
		start, end := atoi(pos["start"]), atoi(pos["end"])
		if got := string([]rune(art.Text)[start:end]); got != quote["exact"] {
			t.Errorf("position %d–%d covers %q, quote is %q", start, end, got, quote["exact"])
		}
		sawCyrillic = sawCyrillic || strings.ContainsAny(quote["exact"].(string), "абвгдеїі")
		sawEmoji = sawEmoji || strings.Contains(quote["exact"].(string), "🥶")
		bodies := a["body"].([]any)
		tagging := 0
		for _, b := range bodies {
			b := b.(map[string]any)
			if b["type"] != "TextualBody" {
				t.Errorf("body type %v", b["type"])
			}
			switch b["purpose"] {
			case "tagging":
				tagging++
			case "commenting":
				sawNote = true
				if mot, ok := a["motivation"].([]any); !ok || !slices.Contains(mot, any("commenting")) {
					t.Errorf("annotation with a note has motivation %v", a["motivation"])
				}
			}
		}
		if tagging != len(ann.TagIDs) {
			t.Errorf("%d tagging bodies for %d tags", tagging, len(ann.TagIDs))
		}
	}
	if !sawCyrillic || !sawEmoji || !sawNote {
		t.Errorf("the export lacks Cyrillic (%v), emoji (%v) or notes (%v)", sawCyrillic, sawEmoji, sawNote)
	}
	// Last, since it is skipped where the suite is missing: the W3C MUST assertions.
	musts := loadW3CMusts(t)
	for _, f := range musts.CheckCollection(doc) {
		t.Error(f)
	}
}

func TestW3CMustAssertionsCatchViolations(t *testing.T) {
	// The harness itself must fail bad annotations, or the test above proves nothing.
	musts := loadW3CMusts(t)
	bad := map[string]string{
		"https context": `{"@context":"https://www.w3.org/ns/anno.jsonld","id":"urn:x","type":"Annotation","target":"http://e.org"}`,
		"no target":     `{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x","type":"Annotation"}`,
		"bad created":   `{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x","type":"Annotation","target":"http://e.org","created":"yesterday"}`,
	}
	for name, doc := range bad {
		failed := false
		if len(w3cmust.Check(name, musts.Annotation, parseJSON(t, []byte(doc)))) > 0 {
			failed = true
		}
		if !failed {
			t.Errorf("%s: passes every MUST assertion", name)
		}
	}
}

func TestCSVExport(t *testing.T) {
	ws := sampleWorkspace(t)
	data := export(t, ws, Selection{}, CSV, false)
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	if !bytes.Contains(data, []byte("\r\n")) {
		t.Error("records do not end with CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180 CSV: %v", err)
	}
	if !slices.Equal(rows[0], CSVHeader) {
		t.Errorf("header %q", rows[0])
	}
	wantRows := 0
	cb, _ := ws.Codebook()
	ws.EachAnnotation(func(a annotate.Annotation) error { wantRows += len(a.TagIDs); return nil })
	if len(rows)-1 != wantRows {
		t.Errorf("%d rows, want one per annotation and tag: %d", len(rows)-1, wantRows)
	}
	found := false
	for _, r := range rows[1:] {
		a, err := ws.Annotation(r[0])
		if err != nil {
			t.Fatalf("row %q: %v", r, err)
		}
		art, _ := ws.Article(a.ArticleID)
		if r[1] != art.Title || r[6] != a.Exact || r[7] != a.Note || r[10] != itoa(a.Start) || r[11] != itoa(a.End) {
			t.Errorf("row %q does not match annotation %+v", r, a)
		}
		paths := []string{}
		for _, id := range a.TagIDs {
			paths = append(paths, cb.Path(id))
		}
		if !slices.Contains(paths, r[5]) {
			t.Errorf("row tag path %q not among %q", r[5], paths)
		}
		if r[5] == "Military developments/Energy attacks/Підстанції" && strings.Contains(r[6], "дрони") {
			found = true
		}
	}
	if !found {
		t.Error("the Cyrillic row with its nested tag path is missing")
	}
}

func TestExportSelections(t *testing.T) {
	ws := sampleWorkspace(t)
	arts, _ := ws.Articles()
	a0, _ := ws.Annotations(arts[0].ID)
	a1, _ := ws.Annotations(arts[1].ID)
	for _, tt := range []struct {
		name         string
		sel          Selection
		wantArticles []string
		wantAnns     int
	}{
		{"two articles", Selection{ArticleIDs: []string{arts[1].ID, arts[0].ID}}, []string{arts[1].ID, arts[0].ID}, len(a0) + len(a1)},
		{"hits in two articles", Selection{AnnotationIDs: []string{a1[0].ID, a0[0].ID}}, sortedIDs(arts[0].ID, arts[1].ID), 2},
		{"hits limited to an article", Selection{ArticleIDs: []string{arts[0].ID}, AnnotationIDs: []string{a1[0].ID, a0[0].ID}}, []string{arts[0].ID}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeDoc(t, export(t, ws, tt.sel, GlossJSON, false))
			var got []string
			for _, a := range doc.Articles {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.wantArticles) || len(doc.Annotations) != tt.wantAnns {
				t.Errorf("articles %v with %d annotations, want %v with %d", got, len(doc.Annotations), tt.wantArticles, tt.wantAnns)
			}
		})
	}
	if _, err := Export(ws, Selection{ArticleIDs: []string{"no-such-article"}}, GlossJSON, &bytes.Buffer{}, Options{}); err == nil {
		t.Error("export of an unknown article succeeds")
	}
}

func sortedIDs(ids ...string) []string { slices.Sort(ids); return ids }

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	b, _ := jsonMarshal(n)
	return string(b)
}

func atoi(v any) int {
	n, _ := v.(interface{ Int64() (int64, error) }).Int64()
	return int(n)
}
