package searchview

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/search"
)

// fixture is a sample workspace with its search index.
type fixture struct {
	ws     *annotate.Workspace
	ix     *search.Index
	v      *View
	win    fyne.Window
	opened []search.Hit
}

func newFixture(t *testing.T, debounce time.Duration) *fixture {
	t.Helper()
	ws := wstest.WithSamples(t)
	ix, err := search.Open(ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() }) // before the workspace closes: cleanups run last first
	test.NewTempApp(t)
	f := &fixture{ws: ws, ix: ix}
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	f.v = New(Deps{
		Search:   ix.Search,
		Codebook: func() *annotate.Codebook { return cb },
		Open:     func(h search.Hit) { f.opened = append(f.opened, h) },
		Export:   func(string) {},
		Saved:    NewSavedStore(ws.Dir()),
		Debounce: debounce,
		Async:    async.Inline(),
	})
	f.win = test.NewTempWindow(t, f.v.Object())
	f.v.deps.Window = f.win
	f.win.Resize(fyne.NewSize(520, 800))
	return f
}

// typeQuery replaces the box's text by typing, then waits for the answer.
func (f *fixture) typeQuery(q string) {
	if q == "" {
		f.v.SetQuery("")
	} else {
		f.v.entry.SetText("")
		test.Type(f.v.entry, q)
	}
	f.v.Flush()
}

func TestTypingShowsHitsFacetsAndHighlights(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.typeQuery("substations")
	if f.v.Problem() != "" {
		t.Fatalf("problem: %s", f.v.Problem())
	}
	if f.v.Total() == 0 || len(f.v.Hits()) == 0 {
		t.Fatalf("no hits for substations")
	}
	var sawArticle, sawAnnotation bool
	for _, h := range f.v.Hits() {
		switch h.Kind {
		case search.KindArticle:
			sawArticle = true
		case search.KindAnnotation:
			sawAnnotation = true
		}
		highlighted := false
		for _, fr := range h.Fragments {
			for _, m := range fr.Matches {
				got := strings.ToLower(string([]rune(fr.Text)[m[0]:m[1]]))
				if !strings.HasPrefix(got, "substation") {
					t.Errorf("hit %s highlights %q", h.ID, got)
				}
				highlighted = true
			}
		}
		if !highlighted {
			t.Errorf("hit %s (%s) has no highlighted words", h.ID, h.Kind)
		}
	}
	if !sawArticle || !sawAnnotation {
		t.Fatalf("want article and annotation hits, got article=%v annotation=%v", sawArticle, sawAnnotation)
	}
	if !strings.Contains(f.v.count.Text, "result") {
		t.Fatalf("count label %q", f.v.count.Text)
	}
	// The drawn row holds the matched word as its own bold, primary-coloured segment.
	row := f.v.list.CreateItem().(*hitRow)
	test.WidgetRenderer(row) // the theme override for match colours comes with the renderer
	row.set(f.v.Hits()[0], f.v.codebook())
	found := false
	for _, lt := range []*lineText{row.first, row.second} {
		for _, s := range lt.Segments() {
			ts := s.(*widget.TextSegment)
			if strings.HasPrefix(strings.ToLower(ts.Text), "substation") && ts.Style.TextStyle.Bold && ts.Style.ColorName == colorNameMatch {
				found = true
			}
		}
	}
	if !found {
		t.Fatalf("matched word not drawn as a highlighted segment")
	}
	// Facets: the energy tag with its count, the sample source and November 2025.
	fc := f.v.Facets()
	if len(fc.Tags) == 0 || len(fc.Sources) == 0 || len(fc.Months) == 0 {
		t.Fatalf("facets %+v", fc)
	}
	if f.v.facets.chips["Energy attacks"] == nil {
		t.Fatalf("no Energy attacks chip among %v", keys(f.v.facets.chips))
	}
	if f.v.facets.chips["November 2025"] == nil {
		t.Fatalf("no month chip among %v", keys(f.v.facets.chips))
	}
}

func keys(m map[string]*Chip) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestChipFiltersAndTogglesOff(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.typeQuery("")
	all := f.v.Total()
	chip := f.v.facets.chips["Energy attacks"]
	if chip == nil {
		t.Fatal("no Energy attacks chip")
	}
	test.Tap(chip)
	f.v.Flush()
	if !strings.Contains(f.v.Query(), `tag:"Military developments/Energy attacks"`) {
		t.Fatalf("query after chip: %q", f.v.Query())
	}
	if f.v.Total() == 0 || f.v.Total() >= all {
		t.Fatalf("tag filter gave %d of %d", f.v.Total(), all)
	}
	cb, _ := f.ws.Codebook()
	for _, h := range f.v.Hits() {
		ok := false
		for _, id := range h.TagIDs {
			if tg, _ := cb.Tag(id); tg.Name == "Energy attacks" {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("hit %q is not tagged Energy attacks", h.Exact)
		}
	}
	if c := f.v.facets.chips["Energy attacks"]; c == nil || !c.Active {
		t.Fatal("the chip of the active filter is not marked active")
	}
	test.Tap(f.v.facets.chips["Energy attacks"])
	f.v.Flush()
	if strings.TrimSpace(f.v.Query()) != "" || f.v.Total() != all {
		t.Fatalf("toggling off left %q with %d hits", f.v.Query(), f.v.Total())
	}
}

func TestSyntaxErrorKeepsLastResults(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.typeQuery("heating")
	before := f.v.Total()
	if before == 0 {
		t.Fatal("no hits for heating")
	}
	f.typeQuery(`heating "district`)
	if !strings.Contains(f.v.Problem(), "column") {
		t.Fatalf("problem %q", f.v.Problem())
	}
	if f.v.Total() != before || f.v.ShownQuery() != "heating" {
		t.Fatalf("results changed on a bad query: %d for %q", f.v.Total(), f.v.ShownQuery())
	}
	// The old hits are visibly stale (greyed, the count says whose they are) and the
	// older query's facets are gone.
	if !f.v.Stale() || !f.v.veil.Visible() || !strings.Contains(f.v.count.Text, "last readable query") {
		t.Fatalf("stale %v, veil %v, count %q", f.v.Stale(), f.v.veil.Visible(), f.v.count.Text)
	}
	if n := len(f.v.facets.chips); n != 0 {
		t.Fatalf("%d facet chips of the older query still shown", n)
	}
	test.Type(f.v.entry, `"`)
	f.v.Flush()
	if f.v.Problem() != "" {
		t.Fatalf("problem stays after fixing: %q", f.v.Problem())
	}
	if f.v.Stale() || f.v.veil.Visible() || len(f.v.facets.chips) == 0 {
		t.Fatalf("after a good query: stale %v, veil %v, %d chips", f.v.Stale(), f.v.veil.Visible(), len(f.v.facets.chips))
	}
}

func TestEnterOpensSelectedHit(t *testing.T) {
	f := newFixture(t, time.Hour)
	test.Type(f.v.entry, "guarantees")
	f.v.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // before the answer: opens once it comes
	f.v.Flush()
	if len(f.opened) != 1 || f.opened[0].ID != f.v.Hits()[0].ID {
		t.Fatalf("Enter opened %v", f.opened)
	}
	f.v.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.v.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if len(f.opened) != 1 {
		t.Fatal("arrow keys opened a hit")
	}
	f.v.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(f.opened) != 2 || f.opened[1].ID != f.v.Hits()[1].ID {
		t.Fatalf("Enter after Down Down opened %v", f.opened)
	}
}

// A slow answer to an old query never replaces the answer to the newer one.
func TestStaleAnswersAreDropped(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.v.deps.Async = async.New()
	release := make(chan struct{})
	var once sync.Once
	inner := f.v.deps.Search
	f.v.deps.Search = func(r search.Request) (*search.Results, error) {
		if r.Query == "heating" {
			<-release
		}
		return inner(r)
	}
	// The view says which query it shows; watching that (rather than polling the view
	// from another goroutine) keeps the test free of data races.
	done := make(chan struct{})
	var shown sync.Once
	f.v.deps.OnResults = func(q string) {
		if q == "guarantees" {
			shown.Do(func() { close(done) })
		}
	}
	test.Type(f.v.entry, "heating")
	f.v.runNow()
	f.v.entry.SetText("guarantees")
	f.v.runNow()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the newer answer was not shown")
	}
	once.Do(func() { close(release) })
	f.v.Flush()
	if f.v.ShownQuery() != "guarantees" {
		t.Fatalf("stale answer shown: %q", f.v.ShownQuery())
	}
}

func TestDebouncedWhileTyping(t *testing.T) {
	f := newFixture(t, DefaultDebounce) // a loaded machine may pause between keys; not for this long
	f.v.deps.Async = async.New()        // the pause in typing is timed for real
	var mu sync.Mutex
	var queries []string
	inner := f.v.deps.Search
	f.v.deps.Search = func(r search.Request) (*search.Results, error) {
		mu.Lock()
		queries = append(queries, r.Query)
		mu.Unlock()
		return inner(r)
	}
	test.Type(f.v.entry, "winter")
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(queries)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no search after typing stopped")
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.v.Flush()
	mu.Lock()
	defer mu.Unlock()
	if len(queries) != 1 || queries[0] != "winter" {
		t.Fatalf("searches run while typing: %q (want one, for the whole word)", queries)
	}
}

func TestShowMorePages(t *testing.T) {
	f := newFixture(t, time.Hour)
	// A page of 50 would hold the whole small workspace: ask the index for the total,
	// then page with a tiny page by hand through loadMore's request.
	f.typeQuery("")
	total := f.v.Total()
	if total <= 3 {
		t.Fatalf("sample workspace has %d documents", total)
	}
	f.v.hits = f.v.hits[:2]
	f.v.updateCount()
	if !f.v.more.Visible() {
		t.Fatal("Show more hidden while hits are missing")
	}
	test.Tap(f.v.more)
	f.v.Flush()
	if len(f.v.Hits()) != total || f.v.more.Visible() {
		t.Fatalf("after Show more: %d of %d, button visible %v", len(f.v.Hits()), total, f.v.more.Visible())
	}
	seen := map[string]bool{}
	for _, h := range f.v.Hits() {
		if seen[h.ID] {
			t.Fatalf("hit %s twice", h.ID)
		}
		seen[h.ID] = true
	}
}

func TestSavedSearches(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.typeQuery(`tag:"Energy attacks" substations`)
	f.v.sortBy.SetSelected(sortPublished)
	f.v.Flush()
	if err := f.v.SaveCurrent("  Heat  "); err != nil {
		t.Fatal(err)
	}
	if err := f.v.SaveCurrent(""); err == nil {
		t.Fatal("saved without a name")
	}
	f.typeQuery("other")
	if err := f.v.SaveCurrent("heat"); err != nil { // same name: replaces
		t.Fatal(err)
	}
	f.typeQuery(`tag:"Energy attacks" substations`)
	if err := f.v.SaveCurrent("Another"); err != nil {
		t.Fatal(err)
	}
	// A fresh store reads the file: it is the workspace's.
	list, err := NewSavedStore(f.ws.Dir()).List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Another" || list[1].Name != "heat" || list[1].Query != "other" {
		t.Fatalf("saved list %+v", list)
	}
	if list[0].Sort != "published" {
		t.Fatalf("sort not saved: %+v", list[0])
	}
	f.v.sortBy.SetSelected(sortRelevance)
	f.typeQuery("")
	f.v.RunSaved(list[0])
	f.v.Flush()
	if f.v.ShownQuery() != list[0].Query || f.v.sortBy.Selected != sortPublished || f.v.Total() == 0 {
		t.Fatalf("re-run shows %q sorted %q (%d hits)", f.v.ShownQuery(), f.v.sortBy.Selected, f.v.Total())
	}
	if err := f.v.deps.Saved.Delete("HEAT"); err != nil {
		t.Fatal(err)
	}
	list, _ = f.v.deps.Saved.List()
	if len(list) != 1 {
		t.Fatalf("after delete: %+v", list)
	}
	leftovers, _ := filepath.Glob(filepath.Join(f.ws.Dir(), ".saved-searches-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	// A damaged file is reported, not silently emptied.
	os.WriteFile(f.v.deps.Saved.Path(), []byte("{"), 0o644)
	if _, err := f.v.deps.Saved.List(); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged file: %v", err)
	}
}

func TestPassageOfArticleHit(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.typeQuery("is:article generators")
	if len(f.v.Hits()) == 0 {
		t.Fatal("no article hit for generators")
	}
	h := f.v.Hits()[0]
	art, err := f.ws.Article(h.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(art.Text)
	s, e, ok := Passage(text, h)
	if !ok {
		t.Fatalf("no passage in %+v", h.Fragments)
	}
	if got := string(text[s:e]); got != "generators" {
		t.Fatalf("passage %d..%d is %q", s, e, got)
	}
}
