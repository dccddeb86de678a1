package exchange

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange/w3cmust"
	"gloss.app/gloss/annotate/wstest"
)

// Texts written for these tests: Ukrainian with Cyrillic, and English with emoji that
// lie outside the Basic Multilingual Plane (so code points, UTF-16 units and bytes differ).
const (
	textCyrillic = "Уночі російські дрони атакували енергетичну інфраструктуру Харківщини.\n\n" +
		"За словами голови ОВА, без світла залишилися понад 40 тисяч абонентів. \"Ремонтні бригади вже працюють\", — сказав він.\n\n" +
		"Наступного тижня у Женеві мають відновитися переговори."
	textEmoji = "Volunteers 🙌🏽 delivered generators 🔌⚡ to the shelter in Zaporizhzhia.\n\n" +
		"Residents 👨‍👩‍👧 waited for hours in the cold 🥶 while crews <restored> power & heat.\n\n" +
		"The mayor thanked everyone 💙💛 at the evening briefing."
)

// testClock ticks one second per call from a fixed time.
func testClock() func() time.Time {
	t := time.Date(2025, 12, 3, 10, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

func openWorkspace(t testing.TB) *annotate.Workspace {
	t.Helper()
	return wstest.Open(t, annotate.Options{Now: testClock()})
}

// sampleWorkspace holds the shipped samples plus a Cyrillic and an emoji article with
// annotations on a nested tag created for the test, with notes containing quotes,
// commas and new lines.
func sampleWorkspace(t testing.TB) *annotate.Workspace {
	t.Helper()
	ws := openWorkspace(t)
	if err := ws.AddSamples(); err != nil {
		t.Fatal(err)
	}
	cb, _ := ws.Codebook()
	energy, err := cb.Resolve("Energy attacks")
	if err != nil {
		t.Fatal(err)
	}
	child, _, err := ws.CreateTag(annotate.TagDraft{Name: "Підстанції", ParentID: energy.ID, Color: "#123ABC", Description: "Удари по підстанціях"})
	if err != nil {
		t.Fatal(err)
	}
	root, _, err := ws.CreateTag(annotate.TagDraft{Name: "Volunteers 🙌", Description: "Civil society"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(d annotate.ArticleDraft, quotes map[string][]string, notes map[string]string) {
		res, err := ws.AddArticle(d)
		if err != nil {
			t.Fatal(err)
		}
		for q, tags := range quotes {
			start, end, err := ws.FindQuote(res.Article.ID, q, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: start, End: end, TagIDs: tags, Note: notes[q]}); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(annotate.ArticleDraft{Title: "Удар по Харківщині", Source: "Тестова редакція", URL: "https://news.example.org/uk/kharkiv-strike",
		Language: "uk", Published: time.Date(2025, 12, 1, 6, 0, 0, 0, time.UTC), Text: textCyrillic, Format: "txt", Origin: "kharkiv.txt"},
		map[string][]string{
			"дрони атакували енергетичну інфраструктуру": {child.ID, energy.ID},
			"понад 40 тисяч абонентів":                   {energy.ID},
		},
		map[string]string{"понад 40 тисяч абонентів": "Цифра від ОВА, \"неперевірена\", треба звірити;\nдруге джерело?"})
	add(annotate.ArticleDraft{Title: "Generators 🔌 for the shelter", Source: "Test desk", Language: "en", Text: textEmoji, Format: "txt", Origin: "emoji.txt"},
		map[string][]string{
			"Residents 👨‍👩‍👧 waited for hours in the cold 🥶": {root.ID},
			"crews <restored> power & heat":                  {energy.ID, root.ID},
			"The mayor thanked everyone 💙💛":                  {root.ID},
		},
		map[string]string{"The mayor thanked everyone 💙💛": "Emoji 💙💛 kept, offsets in code points"})
	return ws
}

func export(t testing.TB, ws *annotate.Workspace, sel Selection, f Format, withText bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Export(ws, sel, f, &buf, Options{WithText: withText, Now: testClock()}); err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return buf.Bytes()
}

func parseJSON(t testing.TB, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, data)
	}
	return v
}

func decodeDoc(t testing.TB, data []byte) document {
	t.Helper()
	var d document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// repoRoot is the folder holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test folder")
		}
		dir = parent
	}
}

// loadW3CMusts compiles the suite's MUST assertions from ../shared beside the checkout;
// without it (a fresh clone) the test is skipped and says why.
func loadW3CMusts(t testing.TB) *w3cmust.Suite {
	t.Helper()
	return w3cmust.ForTest(t, repoRoot(t))
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
