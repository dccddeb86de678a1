package agreement

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// fixture is a small workspace with coders taking turns.
type fixture struct {
	t  *testing.T
	ws *annotate.Workspace
	cb *annotate.Codebook
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	ws, err := annotate.Open(t.TempDir(), annotate.Options{Create: true, NoSync: true, Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	cb, _ := ws.Codebook()
	return &fixture{t: t, ws: ws, cb: cb}
}

func (f *fixture) article(title, text string) string {
	f.t.Helper()
	res, err := f.ws.AddArticle(annotate.ArticleDraft{Title: title, Text: text})
	if err != nil {
		f.t.Fatal(err)
	}
	return res.Article.ID
}

func (f *fixture) tag(ref string) string {
	f.t.Helper()
	tag, err := f.cb.Resolve(ref)
	if err != nil {
		f.t.Fatal(err)
	}
	return tag.ID
}

// code has coder highlight the n-th occurrence of quote with the tags.
func (f *fixture) code(coder, article, quote string, tags ...string) annotate.Annotation {
	f.t.Helper()
	if err := f.ws.SetAuthor(coder); err != nil {
		f.t.Fatal(err)
	}
	s, e, err := f.ws.FindQuote(article, quote, 1)
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []string
	for _, t := range tags {
		ids = append(ids, f.tag(t))
	}
	a, _, err := f.ws.Annotate(annotate.AnnotationDraft{ArticleID: article, Start: s, End: e, TagIDs: ids})
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) run(opts Options) *Report {
	f.t.Helper()
	rep, err := Compute(f.ws, opts)
	if err != nil {
		f.t.Fatal(err)
	}
	return rep
}

func (f *fixture) row(rep *Report, ref string) TagReport {
	f.t.Helper()
	id := f.tag(ref)
	for _, tr := range rep.Tags {
		if tr.TagID == id {
			return tr
		}
	}
	f.t.Fatalf("no row for %s", ref)
	return TagReport{}
}

const four = "The grid held. Attacks resumed. Talks stalled. Aid arrived."

func TestPerfectAgreement(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "resumed", "Energy attacks") // another span inside the same sentence
	rep := f.run(Options{})
	e := f.row(rep, "Energy attacks")
	if e.Units != 4 || e.Pairable != 8 || e.Coders != 2 || !e.Used {
		t.Fatalf("counts %+v", e.Coding)
	}
	near(t, "observed", e.Observed, 1)
	near(t, "alpha", e.Alpha, 1)
	near(t, "Cohen", e.CohenKappa, 1)
	near(t, "Fleiss", e.FleissKappa, 1)
	// The spans differ, so u-alpha is below 1 (but defined).
	if v := e.UAlpha.Float(); math.IsNaN(v) || v >= 1 {
		t.Errorf("u-alpha %v", e.UAlpha)
	}
	if len(rep.Coders) != 2 || rep.Coders[0] != "alice" || rep.Articles != 1 {
		t.Errorf("coders %v, articles %d", rep.Coders, rep.Articles)
	}
}

func TestTotalDisagreement(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "The grid held. Attacks resumed.", "Energy attacks")
	f.code("bob", a, "Talks stalled. Aid arrived.", "Energy attacks")
	e := f.row(f.run(Options{}), "Energy attacks")
	// alice 1100, bob 0011: Po = 0, Pe = .5, κ = −1; n1 = n0 = 4, Do = 1, De = 32/56, α = −.75.
	near(t, "observed", e.Observed, 0)
	near(t, "Cohen", e.CohenKappa, -1)
	near(t, "alpha", e.Alpha, -0.75)
	if v := e.UAlpha.Float(); !(v < 0) {
		t.Errorf("u-alpha of disjoint spans %v, want negative", e.UAlpha)
	}
}

func TestOverlapByOneCharacter(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	// "held. A" reaches one character into the second sentence.
	f.code("alice", a, "held. A", "Energy attacks")
	f.code("bob", a, "Attacks", "Energy attacks")
	e := f.row(f.run(Options{}), "Energy attacks")
	// alice 1100, bob 0100: Po = .75, pA(1) = .5, pB(1) = .25, Pe = .125 + .375 = .5, κ = .5.
	near(t, "observed", e.Observed, 0.75)
	near(t, "Cohen", e.CohenKappa, 0.5)
	// n1 = 3, n0 = 5, Do = 2/8, De = 2·3·5/56, α = 1 − .25/.5357 = .5333.
	near(t, "alpha", e.Alpha, 1-0.25/(30.0/56))
}

// A coder who did not code an article has missing values there, not 0s; a done mark
// makes their silence count as 0.
func TestPartialCoderAndDoneMarks(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	b := f.article("B", "Strikes hit Kharkiv. Lights went out.")
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Attacks resumed", "Energy attacks")
	f.code("alice", b, "Strikes hit Kharkiv", "Energy attacks")
	e := f.row(f.run(Options{}), "Energy attacks")
	if e.Units != 6 || e.PairableUnits != 4 || e.CompleteUnits != 4 {
		t.Fatalf("units %d, pairable %d, complete %d", e.Units, e.PairableUnits, e.CompleteUnits)
	}
	near(t, "alpha (B unpairable)", e.Alpha, 1)
	if _, err := f.ws.MarkDone(b, "bob"); err != nil {
		t.Fatal(err)
	}
	e = f.row(f.run(Options{}), "Energy attacks")
	if e.PairableUnits != 6 {
		t.Fatalf("pairable after bob's done mark: %d", e.PairableUnits)
	}
	// alice 0100 10, bob 0100 00: Po = 5/6; n1 = 3, n0 = 9, Do = 2/12, De = 2·3·9/132.
	near(t, "observed", e.Observed, 5.0/6)
	near(t, "alpha", e.Alpha, 1-(2.0/12)/(54.0/132))
}

func TestSubTagsAndRollup(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Attacks resumed", "Battlefield developments")
	rep := f.run(Options{})
	mil := f.row(rep, "Military developments")
	if mil.Used || mil.Alpha.V != nil || len(mil.Notes) == 0 {
		t.Errorf("without rollup the parent is unused: %+v", mil)
	}
	// alice 0100, bob 0000: n1 = 1, n0 = 7, Do = 2/8, De = 2·7/56: α = 0.
	near(t, "energy alpha without rollup", f.row(rep, "Energy attacks").Alpha, 0)
	rolled := f.run(Options{Rollup: true})
	near(t, "parent alpha with rollup", f.row(rolled, "Military developments").Alpha, 1)
}

func TestTagNobodyUsed(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Talks stalled", "Diplomacy")
	rep := f.run(Options{})
	c := f.row(rep, "Corruption")
	if c.Used || c.Alpha.V != nil || c.CohenKappa.V != nil || c.UAlpha.V != nil || len(c.Notes) == 0 {
		t.Fatalf("unused tag: %+v", c)
	}
	if c.Observed.V == nil || *c.Observed.V != 1 {
		t.Errorf("observed agreement on absence should still read 1: %v", c.Observed)
	}
	// Overall pools only the used tags (Energy attacks and Diplomacy): 8 units of each.
	if rep.Overall.Units != 8 {
		t.Errorf("overall units %d, want 8", rep.Overall.Units)
	}
}

func TestUnitsAndCoders(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", "Para one. Still one.\n\nPara two.")
	f.code("alice", a, "Para one", "Energy attacks")
	f.code("bob", a, "Para two", "Diplomacy") // bob coded A but not with Energy attacks
	f.code("carol", a, "Still one", "Energy attacks")
	cases := []struct {
		unit    Unit
		units   int64
		coders  []string
		observe float64
	}{
		{Sentence, 3, nil, 5.0 / 9},
		{Paragraph, 2, []string{"alice", "carol"}, 1},
		{Article, 1, []string{"alice", "bob"}, 0},
		{Character, int64(len([]rune("Para one. Still one.\n\nPara two."))), []string{"alice", "carol"}, -1},
	}
	for _, tc := range cases {
		rep := f.run(Options{Unit: tc.unit, Coders: tc.coders})
		e := f.row(rep, "Energy attacks")
		if e.Units != tc.units {
			t.Errorf("%s: %d units, want %d", tc.unit, e.Units, tc.units)
		}
		if tc.coders != nil && len(rep.Coders) != len(tc.coders) {
			t.Errorf("%s: coders %v", tc.unit, rep.Coders)
		}
		if tc.unit == Paragraph || tc.unit == Article {
			near(t, string(tc.unit)+" observed", e.Observed, tc.observe)
		}
	}
	// Sentences: alice 100, bob 000, carol 010. Each unit has 3 values; Ao = Σ o_cc / n.
	// Unit 1: values 1,0,0 → o00 = 2/2 = 1; unit 2: 0,0,1 → 1; unit 3: 0,0,0 → 3. Ao = 5/9.
	rep := f.run(Options{})
	near(t, "sentence observed", f.row(rep, "Energy attacks").Observed, 5.0/9)
	if len(rep.Coders) != 3 {
		t.Errorf("default coders %v", rep.Coders)
	}
	// Characters: alice and carol highlight disjoint stretches.
	ch := f.row(f.run(Options{Unit: Character, Coders: []string{"alice", "carol"}}), "Energy attacks")
	n := int64(len([]rune("Para one. Still one.\n\nPara two.")))
	want := Analyze(pairs([][]int64{{n - 8 - 9, 9}, {8, 0}}))
	near(t, "character alpha", ch.Alpha, want.Alpha.Float())
	near(t, "character Cohen", ch.CohenKappa, want.CohenKappa.Float())
}

func TestConsensusLeftOutByDefault(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Talks stalled", "Energy attacks")
	f.code(annotate.ConsensusAuthor, a, "Attacks resumed", "Energy attacks")
	if rep := f.run(Options{}); len(rep.Coders) != 2 {
		t.Errorf("coders %v: consensus should be left out", rep.Coders)
	}
	if rep := f.run(Options{Consensus: true}); len(rep.Coders) != 3 {
		t.Errorf("coders %v: consensus should be in", rep.Coders)
	}
}

// Annotations a running self-check hides still count: they are the coder's coding.
func TestHiddenAnnotationsCount(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Attacks resumed", "Energy attacks")
	before := f.row(f.run(Options{}), "Energy attacks")
	if _, _, err := f.ws.StartRecode(annotate.RecodePlan{Unit: "sentence", Units: []annotate.RecodeUnit{{ArticleID: a, Start: 15, End: 31}}}); err != nil {
		t.Fatal(err)
	}
	after := f.row(f.run(Options{}), "Energy attacks")
	if before.Alpha.Float() != after.Alpha.Float() || before.Units != after.Units {
		t.Errorf("a self-check changed agreement: %+v → %+v", before.Coding, after.Coding)
	}
}

func TestTwoTagsOverall(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Attacks resumed", "Energy attacks")
	f.code("alice", a, "Talks stalled", "Diplomacy")
	rep := f.run(Options{TagIDs: []string{f.tag("Energy attacks"), f.tag("Diplomacy")}})
	if len(rep.Tags) != 2 {
		t.Fatalf("%d rows", len(rep.Tags))
	}
	// Pooled: 8 decisions per coder. alice 0100 0010, bob 0100 0000.
	want := Analyze(binary("01000010", "01000000"))
	near(t, "overall alpha", rep.Overall.Alpha, want.Alpha.Float())
	near(t, "overall Cohen", rep.Overall.CohenKappa, want.CohenKappa.Float())
	if rep.MeanAlpha.V == nil {
		t.Error("mean alpha undefined")
	}
}

func TestWriteCSV(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Talks stalled", "Energy attacks")
	rep := f.run(Options{TagIDs: []string{f.tag("Energy attacks"), f.tag("Corruption")}})
	var sb strings.Builder
	if err := WriteCSV(&sb, rep); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(sb.String())).ReadAll()
	if err != nil || len(rows) != 4 || len(rows[0]) != len(CSVHeader) {
		t.Fatalf("%d rows, %v:\n%s", len(rows), err, sb.String())
	}
	if rows[1][0] != "Military developments/Energy attacks" || rows[1][3] != "4" || rows[3][0] != "overall" {
		t.Errorf("rows %q", rows)
	}
	if rows[2][12] != "" || !strings.Contains(rows[2][15], "nobody") {
		t.Errorf("an unused tag's alpha should be empty with a note: %q", rows[2])
	}
	if v, err := strconv.ParseFloat(rows[1][12], 64); err != nil || math.Abs(v-rep.Tags[0].Alpha.Float()) > 1e-12 {
		t.Errorf("alpha cell %q", rows[1][12])
	}
}
