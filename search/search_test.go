package search

import (
	"errors"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search/query"
)

func TestSearchFields(t *testing.T) {
	f := newFixture(t)
	a2 := f.art["A2"][:8]
	tests := []struct {
		query    string
		articles bool
		want     string // sorted fixture names
	}{
		{"kharkiv", false, "N1"},
		{"KHARKIV", false, "N1"},
		{"kharkiv", true, "A1 N1"},
		{"stations", false, "N1"},                      // stemmed
		{"restoring grids", false, "N2"},               // both words, stemmed
		{"kharkiv grid", false, ""},                    // AND
		{"kharkiv OR grid", false, "N1 N2"},            // OR
		{"grid OR сирены", false, "N2 N5"},             // OR across scripts
		{`"power station"`, false, "N1"},               // phrase
		{`"station power"`, false, ""},                 // phrase order
		{`"restored the grid"`, false, "N2"},           // phrase over a stop word
		{"Харкова", false, "N3"},                       // Ukrainian exact form
		{"харкова", false, "N3"},                       // case-insensitive
		{"Харків", true, "A2 N3"},                      // Ukrainian stem: Харків finds Харкова (N3's quote, A2's body)
		{"Харькова", false, "N5"},                      // Russian stem: Харькова and Харькове
		{"переговоров", false, "N6"},                   // Russian stem: переговоров and Переговоры
		{"ХАРЬКОВЕ", false, "N5"},                      // Russian, upper case
		{"сім'я", false, "N4"},                         // ’ and ' are the same apostrophe
		{"🔥", false, "N8"},                             // emoji
		{"🔥", true, "A1 N8"},                           // emoji in an article body
		{"🔍", false, "N7"},                             // emoji in a note
		{"engin*", false, "N2"},                        // prefix
		{"Kharkov~", false, "N1"},                      // fuzzy
		{"the", false, ""},                             // only a stop word
		{"confirmed", false, "N1"},                     // note words are searched
		{"note:confirmed", false, "N1"},                // note:
		{"quote:confirmed", false, ""},                 // quote: is only the quote
		{"quote:grid", false, "N2"},                    // quote:
		{"note:disputed", false, "N3"},                 // note:
		{"disputed", true, "A4 N3"},                    // note of N3, body of A4
		{"title:харкова", false, "N3 N4"},              // title: on annotations (article title copied in)
		{"title:procurement", true, "A4 N7"},           // title: on articles and annotations
		{"body:ministry", true, "A4"},                  // body:
		{`tag:"energy attacks"`, false, "N1 N2 N3 N8"}, // a tag and its children
		{`tag:"Energy Attacks"`, false, "N1 N2 N3 N8"},
		{`tag:"Military developments/Energy attacks"`, false, "N1 N2 N3 N8"}, // a path
		{`tag:"Energy attacks/Grid"`, false, "N2"},                           // a partial path
		{"tag:grid", false, "N2"},
		{`tag:"military developments"`, false, "N1 N2 N3 N4 N5 N8"},
		{"tag:energy*", false, "N1 N2 N3 N8"},
		{"tag:diplomacy", false, "N6"},
		{"tag:corruption OR tag:grid", false, "N2 N7"},
		{`tag:"energy attacks" -note:disputed`, false, "N1 N2 N8"},
		{`tag:"energy attacks" NOT has:note`, false, "N2 N8"},
		{"has:note", false, "N1 N3 N7"},
		{"-has:note", false, "N2 N4 N5 N6 N8"},
		{`source:"kyiv independent"`, false, "N1 N2 N7 N8"},
		{"source:kyiv", false, "N1 N2 N7 N8"},
		{"source:KYIV*", false, "N1 N2 N7 N8"},
		{"source:meduza", true, "A3 N5 N6"},
		{`source:"українська правда"`, false, "N3 N4"},
		{"author:marko", false, "N5 N6 N7 N8"},
		{"author:olha -tag:grid", false, "N1 N3 N4"},
		{`author:"Олена"`, true, ""},
		{"author:olena", true, "A1"}, // an article's author
		{"lang:uk", false, "N3 N4"},
		{"lang:uk-ua", false, "N3 N4"},
		{"lang:ru", true, "A3 N5 N6"},
		{"article:" + a2, false, "N3 N4"},
		{"article:" + f.art["A2"], true, "A2 N3 N4"},
		{"url:https://example.org/uk", false, "N3 N4"},
		{"is:orphaned", false, ""},
		{"is:anchored", false, "N1 N2 N3 N4 N5 N6 N7 N8"},
		{"is:article", true, "A1 A2 A3 A4"},
		{"published:2025-11", false, "N1 N2 N3 N4 N8"},
		{"published:2025-11-01..2025-11-30", false, "N1 N2 N3 N4 N8"},
		{"published:2025-11-20", false, "N3 N4"},
		{"published:>=2025-12-01", false, "N5 N6"},
		{"published:>2025-11", false, "N5 N6"},
		{"published:<2025", false, "N7"},
		{"published:<=2024-06-15", true, "A4 N7"},
		{"published:2024", false, "N7"},
		{"created:2025-12-10", false, "N1 N2 N3 N4 N5 N6 N7 N8"},
		{"created:2026", false, ""},
		{"(kharkiv OR Харкова) has:note", false, "N1 N3"},
		{"-(tag:corruption OR tag:diplomacy) author:marko", false, "N5 N8"},
		{"NOT kharkiv", false, "N2 N3 N4 N5 N6 N7 N8"},
	}
	for _, tc := range tests {
		got := sorted(f.names(t, Request{Query: tc.query, Articles: tc.articles, Limit: 100}))
		if got != tc.want {
			t.Errorf("%q (articles %v) = [%s], want [%s]", tc.query, tc.articles, got, tc.want)
		}
	}
}

func TestEmptyQueryNewestFirstAndPages(t *testing.T) {
	f := newFixture(t)
	if got := strings.Join(f.names(t, Request{}), " "); got != "N8 N7 N6 N5 N4 N3 N2 N1" {
		t.Errorf("empty query = %s", got)
	}
	res := must(f.ix.Search(Request{Limit: 3, Offset: 3}))
	if res.Total != 8 || len(res.Hits) != 3 || f.name[res.Hits[0].ID] != "N5" || f.name[res.Hits[2].ID] != "N3" {
		t.Errorf("page 2 = total %d, %d hits", res.Total, len(res.Hits))
	}
	if got := strings.Join(f.names(t, Request{Sort: SortPublished}), " "); got != "N6 N5 N4 N3 N8 N2 N1 N7" {
		t.Errorf("by published = %s", got)
	}
	if got := strings.Join(f.names(t, Request{Sort: SortCreated, Query: "tag:corruption OR tag:grid"}), " "); got != "N7 N2" {
		t.Errorf("by created = %s", got)
	}
	if _, err := f.ix.Search(Request{Sort: "colour"}); err == nil {
		t.Error("unknown sort order accepted")
	}
	// Relevance: two matching words rank above one.
	res = must(f.ix.Search(Request{Query: "kharkiv OR station OR grid OR power"}))
	if len(res.Hits) < 2 || f.name[res.Hits[0].ID] != "N1" || res.Hits[0].Score <= res.Hits[1].Score {
		t.Errorf("relevance order: %+v", res.Hits)
	}
}

func TestHitContent(t *testing.T) {
	f := newFixture(t)
	res := must(f.ix.Search(Request{Query: "Kharkiv"}))
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	h := res.Hits[0]
	if h.Kind != KindAnnotation || h.ArticleID != f.art["A1"] || h.Exact != "struck a power station near Kharkiv" ||
		h.Note != "confirmed by the regional governor" || h.Title != "Overnight strikes cut power in Kharkiv" ||
		h.Source != "Kyiv Independent" || h.Published != date("2025-11-03") || len(h.TagIDs) != 1 ||
		h.TagIDs[0] != f.tag["Military developments/Energy attacks"] || h.Score <= 0 || h.Created.IsZero() {
		t.Errorf("hit = %+v", h)
	}
	text := []rune(fixtureArticles[0].Text)
	if got := string(text[h.Start:h.End]); got != h.Exact {
		t.Errorf("span %d-%d = %q", h.Start, h.End, got)
	}
	res = must(f.ix.Search(Request{Query: "Kharkiv", Articles: true}))
	var art *Hit
	for i := range res.Hits {
		if res.Hits[i].Kind == KindArticle {
			art = &res.Hits[i]
		}
	}
	if art == nil || art.ID != f.art["A1"] || art.ArticleID != art.ID || art.Title != fixtureArticles[0].Title || art.Exact != "" {
		t.Fatalf("article hit = %+v", art)
	}
}

// marked renders a fragment with [brackets] around its matches.
func marked(fr Fragment) string {
	rs := []rune(fr.Text)
	var sb strings.Builder
	last := 0
	for _, m := range fr.Matches {
		sb.WriteString(string(rs[last:m[0]]) + "[" + string(rs[m[0]:m[1]]) + "]")
		last = m[1]
	}
	sb.WriteString(string(rs[last:]))
	return fr.Field + ": " + sb.String()
}

func TestFragments(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query    string
		articles bool
		hit      string
		want     []string
	}{
		{"kharkiv", false, "N1", []string{"quote: struck a power station near [Kharkiv]"}},
		{"stations", false, "N1", []string{"quote: struck a power [station] near Kharkiv"}},
		{`"power station"`, false, "N1", []string{"quote: struck a [power station] near Kharkiv"}},
		{"fires", false, "N8", []string{"quote: 🔥 [Fires] burned for hours"}},
		{"🔥 hours", false, "N8", []string{"quote: [🔥] Fires burned for [hours]"}},
		{"харкова", false, "N3", []string{"quote: енергетичну інфраструктуру [Харкова]"}},
		{"сім'я", false, "N4", []string{"quote: [Сім’я] з Салтівки"}},
		{"governor confirmed", false, "N1", []string{"note: [confirmed] by the regional [governor]"}},
		{"quote:kharkiv note:governor", false, "N1", []string{"quote: struck a power station near [Kharkiv]", "note: confirmed by the regional [governor]"}},
		{"engin*", false, "N2", []string{"quote: [Engineers] restored the grid by noon"}},
		{"Kharkov~", false, "N1", []string{"quote: struck a power station near [Kharkiv]"}},
		{"title:харкова", false, "N3", []string{"title: Удари по енергетиці [Харкова]"}},
		{"kharkiv -grid", false, "N1", []string{"quote: struck a power station near [Kharkiv]"}},
		{"tag:grid", false, "N2", nil},
		{"Харків", true, "A2", []string{"title: Удари по енергетиці [Харкова]", "body: Вночі російські дрони атакували енергетичну інфраструктуру [Харкова]. У [Харків] повернулося світло лише вранці. Сім’я з Салтівки провела ніч в укритті."}},
		{"kharkiv", true, "A1", []string{"title: Overnight strikes cut power in [Kharkiv]", "body: Russian drones struck a power station near [Kharkiv] overnight, leaving 200,000 homes without electricity. Engineers restored the grid by noon. Officials said the attacks on energy infrastructure were deliberate. 🔥 Fires…"}},
	}
	for _, tc := range tests {
		res := must(f.ix.Search(Request{Query: tc.query, Articles: tc.articles}))
		var got []string
		found := false
		for _, h := range res.Hits {
			if f.name[h.ID] == tc.hit {
				found = true
				for _, fr := range h.Fragments {
					got = append(got, marked(fr))
				}
			}
		}
		if !found {
			t.Errorf("%q: no hit %s", tc.query, tc.hit)
			continue
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%q fragments:\n%s\nwant:\n%s", tc.query, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

func TestFragmentWindow(t *testing.T) {
	text := strings.Repeat("filler words here ", 40) + "the Харків 🔥 match " + strings.Repeat("more filler ", 40)
	start := len([]rune(strings.Repeat("filler words here ", 40) + "the "))
	fr := window("body", text, [][2]int{{start, start + 6}}, 100)
	rs := []rune(fr.Text)
	if len(fr.Matches) != 1 || string(rs[fr.Matches[0][0]:fr.Matches[0][1]]) != "Харків" {
		t.Fatalf("window %q matches %v", fr.Text, fr.Matches)
	}
	if !strings.HasPrefix(fr.Text, "…") || !strings.HasSuffix(fr.Text, "…") || len(rs) > 103 {
		t.Errorf("window %q", fr.Text)
	}
}

func TestFacets(t *testing.T) {
	f := newFixture(t)
	res := must(f.ix.Search(Request{Facets: true}))
	render := func(l []FacetCount) string {
		var s []string
		for _, c := range l {
			s = append(s, c.Label+"="+strconv.Itoa(c.Count))
		}
		return strings.Join(s, ", ")
	}
	checks := []struct{ name, got, want string }{
		{"tags", render(res.Facets.Tags), "Corruption=1, Diplomacy=1, Diplomacy/Security guarantees=1, Military developments=6, Military developments/Energy attacks=4, Military developments/Energy attacks/Grid=1"},
		{"sources", render(res.Facets.Sources), "Kyiv Independent=4, Meduza=2, Українська правда=2"},
		{"authors", render(res.Facets.Authors), "Marko=4, Olha=4"},
		{"months", render(res.Facets.Months), "December 2025=2, November 2025=5, June 2024=1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s facet = %s, want %s", c.name, c.got, c.want)
		}
	}
	if res.Facets.Tags[0].Key != f.tag["Corruption"] || res.Facets.Months[0].Key != "2025-12" || res.Facets.Sources[0].Key != "Kyiv Independent" {
		t.Errorf("facet keys: %+v %+v", res.Facets.Tags[0], res.Facets.Months[0])
	}
	// Facets count the whole result set, not the page.
	res = must(f.ix.Search(Request{Query: `tag:"energy attacks"`, Facets: true, Limit: 1}))
	if got := render(res.Facets.Tags); got != "Military developments=4, Military developments/Energy attacks=4, Military developments/Energy attacks/Grid=1" {
		t.Errorf("filtered tag facet = %s", got)
	}
	if got := render(res.Facets.Sources); got != "Kyiv Independent=3, Українська правда=1" {
		t.Errorf("filtered source facet = %s", got)
	}
	// With articles, article sources and authors count too.
	res = must(f.ix.Search(Request{Query: "source:meduza", Articles: true, Facets: true}))
	if got := render(res.Facets.Sources); got != "Meduza=3" {
		t.Errorf("article source facet = %s", got)
	}
	// The cached facets of a query are dropped when the index changes.
	must(f.ix.Search(Request{Facets: true}))
	if _, err := f.ws.DeleteAnnotation(f.ann["N7"]); err != nil {
		t.Fatal(err)
	}
	res = must(f.ix.Search(Request{Facets: true}))
	if res.Total != 7 || len(res.Hits) != 7 || f.name[res.Hits[0].ID] != "N8" || f.name[res.Hits[1].ID] != "N6" {
		t.Errorf("after delete, the cached page was kept: total %d", res.Total)
	}
	if got := render(res.Facets.Sources); got != "Kyiv Independent=3, Meduza=2, Українська правда=2" {
		t.Errorf("after delete, sources = %s", got)
	}
}

func TestBadQueries(t *testing.T) {
	f := newFixture(t)
	_, err := f.ix.Search(Request{Query: `energy tag:"power station`})
	var pe *query.ParseError
	if !errors.As(err, &pe) || pe.Pos != 12 || err.Error() != "unclosed quote at column 12" {
		t.Errorf("got %v", err)
	}
	if _, err := f.ix.AnnotationIDs("a OR"); !errors.As(err, &pe) {
		t.Errorf("AnnotationIDs: %v", err)
	}
}

func TestAnnotationIDs(t *testing.T) {
	f := newFixture(t)
	ids := must(f.ix.AnnotationIDs(`tag:"energy attacks"`))
	var names []string
	for _, id := range ids {
		names = append(names, f.name[id])
	}
	if strings.Join(names, " ") != "N1 N2 N3 N8" { // oldest first
		t.Errorf("AnnotationIDs = %v", names)
	}
	all := must(f.ix.AnnotationIDs(""))
	if len(all) != 8 {
		t.Errorf("all = %d", len(all))
	}
}

// word* finds the words that start with what was typed, as written, whatever the stemmer
// makes of them (negotiations → negoti, Укренерго → укренерг).
func TestPrefixIgnoresStemming(t *testing.T) {
	ws := must(annotate.Open(t.TempDir(), annotate.Options{Create: true}))
	t.Cleanup(func() { ws.Close() })
	tag := must(ws.Codebook()).Tags()[0].ID
	passages := []struct{ name, text, note string }{
		{"P1", "Negotiations resumed in Geneva", ""},
		{"P2", "the negotiators met again", "disputed by the ministry"},
		{"P3", "both sides will negotiate", "undisputed"},
		{"P4", "the price is negotiable", ""},
		{"P5", "Укренерго повідомило про відключення", ""},
		{"P6", "за даними Укренерго", "disputes continue"},
		{"P7", "the university was shelled", ""},
		{"P8", "a universe of claims", ""},
	}
	name := map[string]string{}
	for _, p := range passages {
		r := must(ws.AddArticle(annotate.ArticleDraft{Title: p.name, Text: p.text, Format: "text"}))
		a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: r.Article.ID, Start: 0, End: len([]rune(p.text)), TagIDs: []string{tag}, Note: p.note})
		if err != nil {
			t.Fatal(err)
		}
		name[a.ID] = p.name
	}
	ix := must(Open(ws, nil))
	t.Cleanup(func() { ix.Close() })
	for _, tc := range []struct{ query, want string }{
		{"negotiat*", "P1 P2 P3"}, // not negotiable
		{"NEGOTIAT*", "P1 P2 P3"},
		{"negotiab*", "P4"},
		{"negotiations*", "P1"}, // the whole word as a prefix
		{"Укренерго*", "P5 P6"},
		{"укренер*", "P5 P6"},
		{"note:disputed*", "P2"},
		{"note:disput*", "P2 P6"},
		{"quote:disput*", ""},
		{"universit*", "P7"}, // university and universe share a stem: the prefix keeps them apart
		{"universe*", "P8"},
		{"negotiat* -resumed", "P2 P3"},
	} {
		res, err := ix.Search(Request{Query: tc.query, Limit: 100})
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, name[h.ID])
		}
		if g := sorted(got); g != tc.want {
			t.Errorf("%q = [%s], want [%s]", tc.query, g, tc.want)
		}
	}
	// The fragment marks the words as typed.
	res := must(ix.Search(Request{Query: "negotiat*"}))
	for _, h := range res.Hits {
		if name[h.ID] == "P2" && (len(h.Fragments) == 0 || marked(h.Fragments[0]) != "quote: the [negotiators] met again") {
			t.Errorf("fragments of P2: %+v", h.Fragments)
		}
	}
}

// A word without a field also finds the passages whose tags' names or paths contain it,
// as the search box says.
func TestWordsFindTags(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		query    string
		articles bool
		want     string
	}{
		{"energy", false, "N1 N2 N3 N8"},                // tagged Energy attacks (and its child Grid)
		{"energy", true, "A1 N1 N2 N3 N8"},              // and the article that says energy
		{`"energy attacks"`, false, "N1 N2 N3 N8"},      // a phrase of a tag name
		{"attack", false, "N1 N2 N3 N8"},                // stemmed as text is
		{"developments", false, "N1 N2 N3 N4 N5 N8"},    // a parent names its children's passages
		{`"developments energy"`, false, "N1 N2 N3 N8"}, // a phrase across the path
		{"guarantees", false, "N6"},
		{"secur*", false, "N6"},
		{"diplomcy~", false, "N6"}, // similar spellings of a tag's words too
		{"energy -tag:grid", false, "N1 N3 N8"},
		{"note:energy", false, ""}, // a field searches only itself
	} {
		got := sorted(f.names(t, Request{Query: tc.query, Articles: tc.articles, Limit: 100}))
		if got != tc.want {
			t.Errorf("%q (articles %v) = [%s], want [%s]", tc.query, tc.articles, got, tc.want)
		}
	}
	// Renaming a tag changes what its words find, at once and without touching documents.
	id := f.tag["Corruption"]
	if _, err := f.ws.RenameTag(id, "Graft"); err != nil {
		t.Fatal(err)
	}
	if got := sorted(f.names(t, Request{Query: "graft"})); got != "N7" {
		t.Errorf("after renaming Corruption to Graft, graft = [%s]", got)
	}
	if got := sorted(f.names(t, Request{Query: "corruption"})); got != "N7" { // N7's quote says Corruption
		t.Errorf("after the rename, corruption = [%s]", got)
	}
}

// ~ takes 1 or 2; anything else is a query error with its column.
func TestFuzzyDistances(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		query string
		want  string
		col   int
	}{
		{"Kharkov~", "N1", 0},
		{"Kharkov~1", "N1", 0},
		{"Kharkuf~1", "", 0}, // two letters from kharkiv
		{"Kharkuf~2", "N1", 0},
		{"Kharkov~3", "", 9}, // the column of the distance
		{"Kharkov~0", "", 9},
		{"Khar~kov", "", 5},
	} {
		res, err := f.ix.Search(Request{Query: tc.query})
		if tc.col > 0 {
			var pe *query.ParseError
			if !errors.As(err, &pe) || pe.Pos != tc.col {
				t.Errorf("%q: %v, want an error at column %d", tc.query, err, tc.col)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, f.name[h.ID])
		}
		if g := sorted(got); g != tc.want {
			t.Errorf("%q = [%s], want [%s]", tc.query, g, tc.want)
		}
	}
}

// windowByRunes is the fragment window computed on the whole text as runes: window must
// give the same while reading only around the window.
func windowByRunes(field, text string, matches [][2]int, width int) Fragment {
	rs := []rune(text)
	if len(rs) <= width {
		return Fragment{Field: field, Text: text, Matches: matches}
	}
	best, bestN := 0, 0
	for i := range matches {
		n := 0
		for j := i; j < len(matches) && matches[j][1] <= matches[i][0]+width; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	start := max(matches[best][0]-width/5, 0)
	for k := start; k > 0 && k > start-15; k-- {
		if unicode.IsSpace(rs[k-1]) {
			start = k
			break
		}
	}
	end := min(start+width, len(rs))
	for k := end; k < len(rs) && k > end-15; k-- {
		if unicode.IsSpace(rs[k]) {
			end = k
			break
		}
	}
	var sb strings.Builder
	shift := -start
	if start > 0 {
		sb.WriteString("…")
		shift++
	}
	sb.WriteString(string(rs[start:end]))
	if end < len(rs) {
		sb.WriteString("…")
	}
	var ms [][2]int
	for _, m := range matches {
		if m[1] <= start || m[0] >= end {
			continue
		}
		ms = append(ms, [2]int{max(m[0], start) + shift, min(m[1], end) + shift})
	}
	return Fragment{Field: field, Text: sb.String(), Matches: ms}
}

func TestWindowReadsOnlyAroundTheMatches(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	words := []string{"Харків", "power", "🔥", "сім’я", "a", "grid", "переговори", "ё", "\n", "Kyiv"}
	for trial := 0; trial < 300; trial++ {
		var parts []string
		for i := 0; i < r.Intn(400); i++ {
			parts = append(parts, words[r.Intn(len(words))])
		}
		text := strings.Join(parts, " ")
		n := len([]rune(text))
		var matches [][2]int
		for at := r.Intn(50); at < n-10; at += 5 + r.Intn(200) {
			matches = append(matches, [2]int{at, at + 1 + r.Intn(6)})
		}
		if len(matches) == 0 {
			continue
		}
		width := []int{20, 100, 220, 400}[trial%4]
		got, want := window("body", text, matches, width), windowByRunes("body", text, matches, width)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("window of %q (%v, %d):\n got %+v\nwant %+v", text, matches, width, got, want)
		}
	}
}
