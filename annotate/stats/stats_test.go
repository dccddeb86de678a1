package stats

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// fixture is a small hand-checked workspace:
//
//	codebook: Military (Strikes, Front), Diplomacy, Energy
//	A1 "Outlet X" 2025-11-03 (Mon, W45): a1 [0,10) Strikes+Energy, a2 [5,15) Diplomacy,
//	                                    a3 [20,30) Strikes, a4 [25,35) Strikes+Diplomacy
//	A2 "Outlet X" 2025-11-05 (W45):      b1 [0,10) Front, b2 [10,20) Diplomacy (touches b1, no overlap)
//	A3 "Outlet Y" 2025-11-12 (W46):      c1 [0,10) Energy, c2 [0,10) Energy+Strikes
//	A4 no source, undated:               d1 [0,5) Diplomacy
type fixture struct {
	ws   *annotate.Workspace
	tag  map[string]string // name → id
	ann  map[string]string // a1… → id
	data *Data
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ws := wstest.Open(t)
	wstest.ClearCodebook(t, ws)
	f := &fixture{ws: ws, tag: map[string]string{}, ann: map[string]string{}}
	mk := func(name, parent string) {
		tag, _, err := ws.CreateTag(annotate.TagDraft{Name: name, ParentID: f.tag[parent]})
		if err != nil {
			t.Fatal(err)
		}
		f.tag[name] = tag.ID
	}
	mk("Military", "")
	mk("Strikes", "Military")
	mk("Front", "Military")
	mk("Diplomacy", "")
	mk("Energy", "")
	article := func(title, source string, published time.Time) string {
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: title, Source: source, Published: published, Format: "text",
			Text: title + " " + strings.Repeat("lorem ipsum dolor sit amet ", 4)})
		if err != nil || res.Err != nil {
			t.Fatal(err, res.Err)
		}
		return res.Article.ID
	}
	day := func(d int) time.Time { return time.Date(2025, 11, d, 9, 30, 0, 0, time.UTC) }
	arts := map[string]string{
		"A1": article("First article", "Outlet X", day(3)),
		"A2": article("Second article", "Outlet X", day(5)),
		"A3": article("Third article", "Outlet Y", day(12)),
		"A4": article("Fourth article", "", time.Time{}),
	}
	annotateSpan := func(name, art string, start, end int, tags ...string) {
		var ids []string
		for _, tg := range tags {
			ids = append(ids, f.tag[tg])
		}
		a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: arts[art], Start: start, End: end, TagIDs: ids})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f.ann[name] = a.ID
	}
	annotateSpan("a1", "A1", 0, 10, "Strikes", "Energy")
	annotateSpan("a2", "A1", 5, 15, "Diplomacy")
	annotateSpan("a3", "A1", 20, 30, "Strikes")
	annotateSpan("a4", "A1", 25, 35, "Strikes", "Diplomacy")
	annotateSpan("b1", "A2", 0, 10, "Front")
	annotateSpan("b2", "A2", 10, 20, "Diplomacy")
	annotateSpan("c1", "A3", 0, 10, "Energy")
	annotateSpan("c2", "A3", 0, 10, "Energy", "Strikes")
	annotateSpan("d1", "A4", 0, 5, "Diplomacy")
	var err error
	if f.data, err = Load(ws); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) counts(r Report, name string) [4]int {
	tc, ok := r.Tag(f.tag[name])
	if !ok {
		return [4]int{-1, -1, -1, -1}
	}
	return [4]int{tc.Annotations, tc.Articles, tc.TotalAnnotations, tc.TotalArticles}
}

func TestFrequency(t *testing.T) {
	f := newFixture(t)
	r := f.data.Compute(Options{})
	if r.Annotations != 9 || r.Articles != 4 {
		t.Errorf("totals %d annotations in %d articles, want 9 in 4", r.Annotations, r.Articles)
	}
	for name, want := range map[string][4]int{
		// annotations, articles, with children: annotations, articles
		"Military":  {0, 0, 5, 3},
		"Strikes":   {4, 2, 4, 2},
		"Front":     {1, 1, 1, 1},
		"Diplomacy": {4, 3, 4, 3},
		"Energy":    {3, 2, 3, 2},
	} {
		if got := f.counts(r, name); got != want {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	if paths := []string{r.Tags[0].Path, r.Tags[1].Path, r.Tags[2].Path}; !reflect.DeepEqual(paths, []string{"Diplomacy", "Energy", "Military"}) {
		t.Errorf("codebook order: %v", paths)
	}
	if m, _ := r.Tag(f.tag["Military"]); !m.HasChildren || m.Depth != 0 {
		t.Errorf("Military: %+v", m)
	}
}

func TestCooccurrence(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		sameArticle bool
		want        map[[2]string]int
	}{
		// Places where tags meet: S–E on a1, on c2 and in the overlap c1/c2; S–D on a4, in
		// a1/a2 and in a3/a4; E–D in a1/a2. Front only touches b2. Diagonal: annotations.
		{false, map[[2]string]int{
			{"Strikes", "Energy"}: 3, {"Strikes", "Diplomacy"}: 3, {"Energy", "Diplomacy"}: 1, {"Front", "Diplomacy"}: 0,
			{"Front", "Strikes"}: 0, {"Strikes", "Strikes"}: 4, {"Energy", "Energy"}: 3, {"Diplomacy", "Diplomacy"}: 4, {"Front", "Front"}: 1,
		}},
		// Articles holding both: A1 has S, E, D; A2 has F, D; A3 has E, S. Diagonal: articles.
		{true, map[[2]string]int{
			{"Strikes", "Energy"}: 2, {"Strikes", "Diplomacy"}: 1, {"Energy", "Diplomacy"}: 1, {"Front", "Diplomacy"}: 1,
			{"Front", "Strikes"}: 0, {"Strikes", "Strikes"}: 2, {"Energy", "Energy"}: 2, {"Diplomacy", "Diplomacy"}: 3, {"Front", "Front"}: 1,
		}},
	} {
		r := f.data.Compute(Options{SameArticle: tc.sameArticle})
		c := r.Cooccurrence
		if len(c.TagIDs) != 4 { // Military is used by no annotation itself
			t.Errorf("matrix over %d tags, want 4", len(c.TagIDs))
		}
		for pair, want := range tc.want {
			a, b := f.tag[pair[0]], f.tag[pair[1]]
			if got := c.Cell(a, b); got != want {
				t.Errorf("same article %v: %s × %s = %d, want %d", tc.sameArticle, pair[0], pair[1], got, want)
			}
			if c.Cell(a, b) != c.Cell(b, a) {
				t.Errorf("matrix not symmetric at %s × %s", pair[0], pair[1])
			}
		}
		if c.Cell(f.tag["Military"], f.tag["Strikes"]) != 0 {
			t.Error("an unused tag has a cell")
		}
	}
}

func TestSubset(t *testing.T) {
	f := newFixture(t)
	ids := []string{f.ann["a1"], f.ann["a2"], f.ann["c1"], f.ann["a1"], "no-such-annotation"}
	r := f.data.Compute(Options{AnnotationIDs: ids})
	if r.Annotations != 3 || r.Articles != 2 {
		t.Errorf("subset: %d annotations in %d articles, want 3 in 2", r.Annotations, r.Articles)
	}
	c := r.Cooccurrence
	if c.Cell(f.tag["Strikes"], f.tag["Energy"]) != 1 || c.Cell(f.tag["Strikes"], f.tag["Diplomacy"]) != 1 || c.Cell(f.tag["Energy"], f.tag["Energy"]) != 2 {
		t.Errorf("subset co-occurrence %+v", c)
	}
	if got := f.counts(r, "Military"); got != [4]int{0, 0, 1, 1} {
		t.Errorf("subset Military %v", got)
	}
	empty := f.data.Compute(Options{AnnotationIDs: []string{}})
	if empty.Annotations != 0 || len(empty.Cooccurrence.TagIDs) != 0 || len(empty.Timeline.Buckets) != 0 || len(empty.Sources) != 0 {
		t.Errorf("empty selection: %+v", empty)
	}
}

func TestTimeline(t *testing.T) {
	f := newFixture(t)
	type want struct {
		labels  []string
		totals  []int
		strikes []int
		dipl    []int
	}
	for period, w := range map[Period]want{
		Week:  {[]string{"2025-W45", "2025-W46"}, []int{6, 2}, []int{3, 1}, []int{3, 0}},
		Month: {[]string{"2025-11"}, []int{8}, []int{4}, []int{3}},
		Day: {[]string{"2025-11-03", "2025-11-04", "2025-11-05", "2025-11-06", "2025-11-07", "2025-11-08", "2025-11-09", "2025-11-10", "2025-11-11", "2025-11-12"},
			[]int{4, 0, 2, 0, 0, 0, 0, 0, 0, 2}, []int{3, 0, 0, 0, 0, 0, 0, 0, 0, 1}, []int{2, 0, 1, 0, 0, 0, 0, 0, 0, 0}},
	} {
		tl := f.data.Compute(Options{Period: period}).Timeline
		var labels []string
		var totals []int
		for _, b := range tl.Buckets {
			labels, totals = append(labels, b.Label), append(totals, b.Total)
		}
		series := map[string]Series{}
		for _, s := range tl.Series {
			series[s.TagID] = s
		}
		if !reflect.DeepEqual(labels, w.labels) || !reflect.DeepEqual(totals, w.totals) {
			t.Errorf("%s: buckets %v %v, want %v %v", period, labels, totals, w.labels, w.totals)
		}
		if got := series[f.tag["Strikes"]].Counts; !reflect.DeepEqual(got, w.strikes) {
			t.Errorf("%s: Strikes %v, want %v", period, got, w.strikes)
		}
		if got := series[f.tag["Diplomacy"]]; !reflect.DeepEqual(got.Counts, w.dipl) || got.Undated != 1 {
			t.Errorf("%s: Diplomacy %v undated %d, want %v and 1", period, got.Counts, got.Undated, w.dipl)
		}
		if tl.Undated != 1 {
			t.Errorf("%s: undated %d, want 1", period, tl.Undated)
		}
	}
	if start := f.data.Compute(Options{}).Timeline.Buckets[0].Start; !start.Equal(time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("week starts %v, want Monday 2025-11-03", start)
	}
}

func TestTimelineFarApartDatesStaySmall(t *testing.T) {
	cb := annotate.NewCodebook([]annotate.Tag{{ID: "t", Name: "T", Color: "#000000"}})
	arts := []annotate.Article{
		{ID: "old", Published: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "new", Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	anns := []annotate.Annotation{{ID: "1", ArticleID: "old", TagIDs: []string{"t"}}, {ID: "2", ArticleID: "new", TagIDs: []string{"t"}}}
	tl := New(cb, arts, anns).Compute(Options{Period: Day}).Timeline
	if len(tl.Buckets) != 2 || tl.Buckets[0].Label != "1900-01-01" || tl.Buckets[1].Label != "2025-01-01" {
		t.Errorf("buckets %+v", tl.Buckets)
	}
}

func TestSources(t *testing.T) {
	f := newFixture(t)
	src := f.data.Compute(Options{}).Sources
	if len(src) != 3 {
		t.Fatalf("%d sources, want 3", len(src))
	}
	x, y, none := src[0], src[1], src[2]
	if x.Source != "Outlet X" || x.Articles != 2 || x.Annotations != 6 ||
		!reflect.DeepEqual(x.Tags, map[string]int{f.tag["Strikes"]: 3, f.tag["Energy"]: 1, f.tag["Diplomacy"]: 3, f.tag["Front"]: 1}) {
		t.Errorf("Outlet X: %+v", x)
	}
	if y.Source != "Outlet Y" || y.Articles != 1 || y.Annotations != 2 || y.Tags[f.tag["Energy"]] != 2 || y.Tags[f.tag["Strikes"]] != 1 {
		t.Errorf("Outlet Y: %+v", y)
	}
	if none.Source != "" || none.Articles != 1 || none.Annotations != 1 || none.Tags[f.tag["Diplomacy"]] != 1 {
		t.Errorf("no source: %+v", none)
	}
}

func TestLoadFollowsChanges(t *testing.T) {
	f := newFixture(t)
	if _, err := f.ws.MergeTag(f.tag["Front"], f.tag["Strikes"]); err != nil {
		t.Fatal(err)
	}
	d, err := Load(f.ws)
	if err != nil {
		t.Fatal(err)
	}
	if d.Revision != f.ws.Revision() || d.Revision == f.data.Revision {
		t.Errorf("revision %d, workspace %d, before %d", d.Revision, f.ws.Revision(), f.data.Revision)
	}
	r := d.Compute(Options{})
	if got := f.counts(r, "Strikes"); got != [4]int{5, 3, 5, 3} {
		t.Errorf("Strikes after merging Front into it: %v", got)
	}
	if _, ok := r.Tag(f.tag["Front"]); ok {
		t.Error("the merged tag is still counted")
	}
}

func TestCSVTables(t *testing.T) {
	f := newFixture(t)
	r := f.data.Compute(Options{})
	strikes, _ := r.Tag(f.tag["Strikes"])
	check := func(name string, write func(*bytes.Buffer) error, want ...string) {
		t.Helper()
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		for _, line := range want {
			if !strings.Contains(buf.String(), line+"\n") {
				t.Errorf("%s: no line %q in\n%s", name, line, buf.String())
			}
		}
	}
	check("frequency", func(b *bytes.Buffer) error { return WriteFrequencyCSV(b, r) },
		"tag,color,annotations,articles,total_annotations,total_articles", "Military/Strikes,"+strikes.Color+",4,2,4,2")
	check("cooccurrence", func(b *bytes.Buffer) error { return WriteCooccurrenceCSV(b, r) },
		",Diplomacy,Energy,Military/Front,Military/Strikes", "Military/Strikes,3,3,0,4")
	check("timeline", func(b *bytes.Buffer) error { return WriteTimelineCSV(b, r) },
		"week,start,annotations,Diplomacy,Energy,Military/Front,Military/Strikes", "2025-W45,2025-11-03,6,3,1,1,3", "undated,,1,1,0,0,0")
	check("sources", func(b *bytes.Buffer) error { return WriteSourcesCSV(b, r) },
		"source,articles,annotations,Diplomacy,Energy,Military/Front,Military/Strikes", "Outlet X,2,6,3,1,1,3", "(no source),1,1,1,0,0,0")
}

func TestCellQuery(t *testing.T) {
	for _, tc := range []struct{ base, a, b, want string }{
		{"", "Military/Strikes", "Energy", `tag:"Military/Strikes" tag:"Energy"`},
		{"kyiv OR odesa", "Energy", "Energy", `(kyiv OR odesa) tag:"Energy"`},
		{"", `Say "no"`, "X", `tag:"Say  no " tag:"X"`},
	} {
		if got := CellQuery(tc.base, tc.a, tc.b); got != tc.want {
			t.Errorf("CellQuery(%q, %q, %q) = %q, want %q", tc.base, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]Period{"": Week, "week": Week, "day": Day, "month": Month} {
		if got, ok := ParsePeriod(in); !ok || got != want {
			t.Errorf("ParsePeriod(%q) = %q %v", in, got, ok)
		}
	}
	if _, ok := ParsePeriod("year"); ok {
		t.Error("year accepted")
	}
}
