package agreementui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate/agreement"
)

func TestBuildRows(t *testing.T) {
	test.NewTempApp(t)
	f, _, _ := threeCoders(t)
	rep, err := agreement.Compute(f.ws, agreement.Options{Coders: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := f.ws.Codebook()
	rows, hidden := buildRows(rep, cb, false)
	byName := map[string]tableRow{}
	var names []string
	for _, r := range rows {
		byName[r.name] = r
		names = append(names, r.name)
	}
	// Used: Energy attacks, Claims, Security guarantees; their parents come with them,
	// unused, so that no sub-tag is indented under a stranger.
	want := "Claims & disinformation|Diplomacy|Security guarantees|Military developments|Energy attacks|All tags (pooled)"
	if got := strings.Join(names, "|"); got != want {
		t.Fatalf("rows %s, want %s", got, want)
	}
	if hidden != cb.Len()-5 {
		t.Errorf("hidden %d of %d tags", hidden, cb.Len())
	}
	if r := byName["Diplomacy"]; r.used || r.cells[colAlpha].text != "–" || !strings.Contains(r.cells[colAlpha].tip, "undefined") {
		t.Errorf("unused parent row %+v", r)
	}
	energy := byName["Energy attacks"]
	if energy.depth != 1 || !energy.used || energy.tagID != f.tag("Energy attacks") {
		t.Errorf("energy row %+v", energy)
	}
	// Every value cell writes the report's value to three decimals; the chance-corrected
	// ones carry their band and say it in words.
	tr := rep.Tags[0]
	for _, x := range rep.Tags {
		if x.TagID == energy.tagID {
			tr = x
		}
	}
	for c, v := range map[int]agreement.Value{colObserved: tr.Observed, colCohen: tr.CohenKappa, colFleiss: tr.FleissKappa, colAlpha: tr.Alpha, colUAlpha: tr.UAlpha} {
		cl := energy.cells[c]
		if v.V == nil {
			if cl.text != "–" || cl.band != bandNone {
				t.Errorf("column %d: undefined shown as %+v", c, cl)
			}
			continue
		}
		if cl.text != formatValue(*v.V) {
			t.Errorf("column %d: %q for %v", c, cl.text, *v.V)
		}
		if c == colObserved && cl.band != bandNone {
			t.Errorf("observed agreement is coloured: %+v", cl)
		}
		if c != colObserved && (cl.band != bandOf(v) || !strings.Contains(cl.tip, cl.band.words())) {
			t.Errorf("column %d: band %d, tip %q", c, cl.band, cl.tip)
		}
	}
	if energy.cells[colUnits].text != thousands(tr.Units) || energy.cells[colPairable].text != thousands(tr.Pairable) {
		t.Errorf("counts %+v", energy.cells)
	}
	last := rows[len(rows)-1]
	if !last.overall || last.cells[colAlpha].text != valueCell(rep.Overall.Alpha, "", "", true).text {
		t.Errorf("overall row %+v", last)
	}
	// With the unused tags, every tag of the codebook.
	if all, hidden := buildRows(rep, cb, true); len(all) != cb.Len()+1 || hidden != 0 {
		t.Errorf("with unused: %d rows, %d hidden", len(all), hidden)
	}
}

// A report of some tags only (a self-check's result) names a sub-tag whose parent has no
// row by its path, unindented.
func TestBuildRowsWithoutParents(t *testing.T) {
	test.NewTempApp(t)
	f := newFixture(t)
	cb, _ := f.ws.Codebook()
	sg := f.tag("Security guarantees")
	rep := &agreement.Report{Unit: agreement.Sentence, Tags: []agreement.TagReport{
		{TagID: f.tag("Claims & disinformation"), Path: "Claims & disinformation", Used: true},
		{TagID: sg, Path: cb.Path(sg), Used: true}}}
	rows, _ := buildRows(rep, cb, false)
	if len(rows) != 3 || rows[1].name != "Diplomacy / Security guarantees" || rows[1].depth != 0 {
		t.Errorf("rows %+v", rows)
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0.6484, "0.648"}, {1, "1.000"}, {-0.25, "−0.250"}, {-0.0001, "0.000"}} {
		if got := formatValue(tc.v); got != tc.want {
			t.Errorf("formatValue(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-4200, "−4,200"}} {
		if got := thousands(tc.n); got != tc.want {
			t.Errorf("thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	text := []rune(energyText)
	long := []rune(strings.Repeat("word ", 300) + "TARGET here. " + strings.Repeat("more ", 300))
	target := strings.Index(string(long), "TARGET")
	cases := []struct {
		name       string
		text       []rune
		unit       agreement.Unit
		start, end int
		spans      [][2]int
		want       string
	}{
		{"a sentence is itself", text, agreement.Sentence, 33, 64, nil, "Power was cut to 400,000 homes."},
		{"a run of characters shows its sentence", text, agreement.Character, 14, 22, nil, "Drones struck the grid at night."},
		{"a run across two sentences shows both", text, agreement.Character, 26, 38, nil, "Drones struck the grid at night. Power was cut to 400,000 homes."},
		{"a whole short article", text, agreement.Article, 0, len(text), nil, energyText},
	}
	for _, tc := range cases {
		from, to := excerpt(tc.text, tc.unit, tc.start, tc.end, tc.spans)
		if got := string(tc.text[from:to]); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// A long article is narrowed to the highlights, cut at spaces, within maxExcerpt.
	from, to := excerpt(long, agreement.Article, 0, len(long), [][2]int{{target, target + 6}})
	got := string(long[from:to])
	if !strings.Contains(got, "TARGET here.") || to-from > maxExcerpt || strings.HasPrefix(got, "ord") || strings.HasSuffix(got, "mor") {
		t.Errorf("long article excerpt [%d,%d) %q", from, to, got)
	}
	if from > target-excerptContext+5 || from < target-excerptContext-5 {
		t.Errorf("context before the highlight: starts %d, highlight %d", from, target)
	}
	// Nothing highlighted inside: the beginning.
	if from, to := excerpt(long, agreement.Article, 0, len(long), nil); from != 0 || to > maxExcerpt {
		t.Errorf("no highlight: [%d,%d)", from, to)
	}
}
