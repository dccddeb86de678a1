package search

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// fixture is a small hand-made workspace: four articles (English, Ukrainian, Russian),
// a grandchild tag, eight annotations by two analysts, notes, emoji.
type fixture struct {
	ws   *annotate.Workspace
	ix   *Index
	art  map[string]string // A1..A4 → article id
	ann  map[string]string // N1..N8 → annotation id
	name map[string]string // annotation id → N1..N8, article id → A1..A4
	tag  map[string]string // tag path → id
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// must panics on an error: a test set-up that cannot go on.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func date(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

var fixtureArticles = []annotate.ArticleDraft{
	{Title: "Overnight strikes cut power in Kharkiv", Source: "Kyiv Independent", Author: "Olena Petrenko", Language: "en",
		Published: date("2025-11-03"), URL: "https://example.org/kharkiv-power", Format: "text",
		Text: "Russian drones struck a power station near Kharkiv overnight, leaving 200,000 homes without electricity. " +
			"Engineers restored the grid by noon. Officials said the attacks on energy infrastructure were deliberate. " +
			"🔥 Fires burned for hours."},
	{Title: "Удари по енергетиці Харкова", Source: "Українська правда", Author: "Іван Коваль", Language: "uk-UA",
		Published: date("2025-11-20"), URL: "https://example.org/uk-energy", Format: "text",
		Text: "Вночі російські дрони атакували енергетичну інфраструктуру Харкова. У Харків повернулося світло лише вранці. " +
			"Сім’я з Салтівки провела ніч в укритті."},
	{Title: "Переговоры о гарантиях", Source: "Meduza", Language: "ru", Published: date("2025-12-02"),
		URL: "https://example.org/ru-talks", Format: "text",
		Text: "Переговоры о гарантиях безопасности продолжились в Женеве. Делегации обсудили прекращение огня. " +
			"В Харькове снова звучали сирены."},
	{Title: "Procurement audit finds inflated contracts", Source: "Kyiv Independent", Language: "en",
		Published: date("2024-06-15"), URL: "https://example.org/audit", Format: "text",
		Text: "An audit of military procurement found inflated contracts for food supplies. The ministry disputed the figures. " +
			"Corruption investigators opened a case."},
}

var fixtureAnnotations = []struct {
	name, article, quote, note, author string
	tags                               []string
}{
	{"N1", "A1", "struck a power station near Kharkiv", "confirmed by the regional governor", "Olha", []string{"Military developments/Energy attacks"}},
	{"N2", "A1", "Engineers restored the grid by noon", "", "Olha", []string{"Military developments/Energy attacks/Grid"}},
	{"N3", "A2", "енергетичну інфраструктуру Харкова", "disputed: figures unclear", "Olha", []string{"Military developments/Energy attacks"}},
	{"N4", "A2", "Сім’я з Салтівки", "", "Olha", []string{"Military developments"}},
	{"N5", "A3", "В Харькове снова звучали сирены", "", "Marko", []string{"Military developments"}},
	{"N6", "A3", "Переговоры о гарантиях безопасности", "", "Marko", []string{"Diplomacy/Security guarantees"}},
	{"N7", "A4", "Corruption investigators opened a case", "follow up 🔍", "Marko", []string{"Corruption"}},
	{"N8", "A1", "🔥 Fires burned for hours", "", "Marko", []string{"Military developments/Energy attacks"}},
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	c := &clock{t: time.Date(2025, 12, 10, 9, 0, 0, 0, time.UTC)}
	ws := must(annotate.Open(t.TempDir(), annotate.Options{Create: true, Now: c.now}))
	t.Cleanup(func() { ws.Close() })
	f := &fixture{ws: ws, art: map[string]string{}, ann: map[string]string{}, name: map[string]string{}, tag: map[string]string{}}
	for i, d := range fixtureArticles {
		r := must(ws.AddArticle(d))
		key := "A" + string(rune('1'+i))
		f.art[key] = r.Article.ID
		f.name[r.Article.ID] = key
	}
	cb := must(ws.Codebook())
	energy := must(cb.Resolve("Energy attacks"))
	if _, _, err := ws.CreateTag(annotate.TagDraft{Name: "Grid", ParentID: energy.ID}); err != nil {
		t.Fatal(err)
	}
	cb = must(ws.Codebook())
	for _, tg := range cb.Tags() {
		f.tag[cb.Path(tg.ID)] = tg.ID
	}
	for _, a := range fixtureAnnotations {
		if err := ws.SetAuthor(a.author); err != nil {
			t.Fatal(err)
		}
		start, end, err := ws.FindQuote(f.art[a.article], a.quote, 1)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range a.tags {
			id, ok := f.tag[p]
			if !ok {
				t.Fatalf("no tag %s", p)
			}
			ids = append(ids, id)
		}
		n, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: f.art[a.article], Start: start, End: end, TagIDs: ids, Note: a.note})
		if err != nil {
			t.Fatal(err)
		}
		f.ann[a.name] = n.ID
		f.name[n.ID] = a.name
	}
	f.ix = must(Open(ws, nil))
	t.Cleanup(func() { f.ix.Close() })
	return f
}

// names returns the fixture names of the hits (N1…, A1…), in result order.
func (f *fixture) names(t testing.TB, req Request) []string {
	t.Helper()
	res, err := f.ix.Search(req)
	if err != nil {
		t.Fatalf("Search(%q): %v", req.Query, err)
	}
	var out []string
	for _, h := range res.Hits {
		n := f.name[h.ID]
		if n == "" {
			n = "?" + h.ID
		}
		out = append(out, n)
	}
	if res.Total != len(res.Hits) && req.Limit == 0 && req.Offset == 0 {
		t.Errorf("Search(%q): total %d, %d hits", req.Query, res.Total, len(res.Hits))
	}
	return out
}

func sorted(s []string) string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return strings.Join(c, " ")
}
