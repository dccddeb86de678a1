package overview

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/tagcolor"
)

// workspace: Military (Strikes, Front), Diplomacy, Energy; three dated articles from two
// outlets and an undated one; Strikes and Energy meet three times (the hand-checked
// workspace of package stats).
func workspace(t *testing.T) (*annotate.Workspace, map[string]string) {
	t.Helper()
	ws := wstest.Open(t)
	wstest.ClearCodebook(t, ws)
	ids := map[string]string{}
	for _, tg := range []struct{ name, parent, color string }{
		{"Military", "", "#5B6B7A"}, {"Strikes", "Military", "#D55E00"}, {"Front", "Military", "#E69F00"},
		{"Diplomacy", "", "#0072B2"}, {"Energy", "", "#009E73"},
	} {
		tag, _, err := ws.CreateTag(annotate.TagDraft{Name: tg.name, ParentID: ids[tg.parent], Color: tg.color})
		if err != nil {
			t.Fatal(err)
		}
		ids[tg.name] = tag.ID
	}
	art := func(title, source string, day int) string {
		var pub time.Time
		if day > 0 {
			pub = time.Date(2025, 11, day, 9, 0, 0, 0, time.UTC)
		}
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: title, Source: source, Published: pub, Text: title + " " + strings.Repeat("lorem ipsum dolor sit amet ", 4)})
		if err != nil || res.Err != nil {
			t.Fatal(err, res.Err)
		}
		return res.Article.ID
	}
	a1, a2, a3, a4 := art("One", "Outlet X", 3), art("Two", "Outlet X", 5), art("Three", "Outlet Y", 12), art("Four", "", 0)
	for _, a := range []struct {
		name, art  string
		start, end int
		tags       []string
	}{
		{"a1", a1, 0, 10, []string{"Strikes", "Energy"}}, {"a2", a1, 5, 15, []string{"Diplomacy"}},
		{"a3", a1, 20, 30, []string{"Strikes"}}, {"a4", a1, 25, 35, []string{"Strikes", "Diplomacy"}},
		{"b1", a2, 0, 10, []string{"Front"}}, {"b2", a2, 10, 20, []string{"Diplomacy"}},
		{"c1", a3, 0, 10, []string{"Energy"}}, {"c2", a3, 0, 10, []string{"Energy", "Strikes"}},
		{"d1", a4, 0, 5, []string{"Diplomacy"}},
	} {
		var tagIDs []string
		for _, n := range a.tags {
			tagIDs = append(tagIDs, ids[n])
		}
		ann, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.art, Start: a.start, End: a.end, TagIDs: tagIDs})
		if err != nil {
			t.Fatal(err)
		}
		ids[a.name] = ann.ID
	}
	return ws, ids
}

type harness struct {
	v       *View
	w       fyne.Window
	queries []string // what onCellQuery was called with
	asked   []string // what the query func was asked
	status  []string // what the status bar was told
}

func newHarness(t *testing.T, ws *annotate.Workspace, result []string) *harness {
	t.Helper()
	test.NewTempApp(t)
	h := &harness{}
	h.v = New(Deps{WS: ws, Async: async.Inline(),
		Query: func(q string) ([]string, error) {
			h.asked = append(h.asked, q)
			return result, nil
		},
		OnCellQuery: func(q string) { h.queries = append(h.queries, q) },
		Status:      func(s string) { h.status = append(h.status, s) }})
	h.w = test.NewTempWindow(t, h.v.Object())
	h.v.win = h.w
	h.w.Resize(fyne.NewSize(900, 640))
	return h
}

// texts lists the strings a chart draws.
func texts(c *chart) []string {
	var out []string
	for _, o := range c.last.objects {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tapTip taps the area whose tip starts with prefix.
func tapTip(t *testing.T, c *chart, prefix string) {
	t.Helper()
	for _, h := range c.last.hits {
		if strings.HasPrefix(h.tip, prefix) {
			c.Tapped(&fyne.PointEvent{Position: fyne.NewPos(h.rect[0]+h.rect[2]/2, h.rect[1]+h.rect[3]/2)})
			return
		}
	}
	t.Fatalf("no area %q", prefix)
}

func TestOverviewCounts(t *testing.T) {
	ws, _ := workspace(t)
	h := newHarness(t, ws, nil)
	h.v.Refresh("")
	if !strings.HasPrefix(h.v.summary.Text, "9 annotations in 4 articles — all annotations") {
		t.Errorf("summary %q", h.v.summary.Text)
	}
	h.v.tabs.SelectIndex(0)
	freq := texts(h.v.charts[0].chart)
	for _, want := range []string{"Strikes", "Energy", "Diplomacy", "4 (2)", "3 (2)", "4 (3)", "1 (1)"} {
		if !has(freq, want) {
			t.Errorf("frequency chart lacks %q: %v", want, freq)
		}
	}
	// Military heads its used sub-tags (else they sat indented under Energy, as if its
	// children) but has no annotations of its own, so no bar and no count.
	if !has(freq, "Military") {
		t.Errorf("Military does not head Front and Strikes: %v", freq)
	}
	for _, hit := range h.v.charts[0].chart.last.hits {
		if strings.HasPrefix(hit.tip, "Military:") {
			t.Errorf("Military has no annotations of its own but has a bar: %q", hit.tip)
		}
	}
	test.Tap(h.v.rollup)
	if freq := texts(h.v.charts[0].chart); !has(freq, "Military") || !has(freq, "5 (3)") {
		t.Errorf("with sub-tags: %v", freq)
	}

	heat := h.v.charts[1].chart
	heat.Resize(fyne.NewSize(800, 500))
	// Rows: 1 Diplomacy, 2 Energy, 3 Front, 4 Strikes (codebook order).
	cells := texts(heat)
	for _, want := range []string{"1  Diplomacy", "4  Strikes", "3"} {
		if !has(cells, want) {
			t.Errorf("heat map lacks %q: %v", want, cells)
		}
	}
	tapTip(t, heat, "Military/Strikes × Energy: 3")
	if len(h.queries) != 1 || h.queries[0] != `tag:"Military/Strikes" tag:"Energy"` {
		t.Errorf("cell click searched %q", h.queries)
	}

	tl := h.v.charts[2].chart
	tl.Resize(fyne.NewSize(800, 400))
	if labels := texts(tl); !has(labels, "2025-W45") || !has(labels, "undated") {
		t.Errorf("timeline labels %v", labels)
	}
	tapTip(t, tl, "2025-W45: 8 tag uses")
	if got := h.queries[len(h.queries)-1]; got != "published:2025-11-03..2025-11-09" {
		t.Errorf("bar click searched %q", got)
	}
	src := h.v.charts[3].chart
	src.Resize(fyne.NewSize(800, 400))
	if labels := texts(src); !has(labels, "Outlet X") || !has(labels, "6 in 2 articles") || !has(labels, "(no source)") {
		t.Errorf("by source labels %v", labels)
	}
}

func TestOverviewQueryAndOptions(t *testing.T) {
	ws, ids := workspace(t)
	h := newHarness(t, ws, []string{ids["a1"], ids["a2"], ids["c1"]})
	h.v.Refresh("kyiv")
	if len(h.asked) != 1 || h.asked[0] != "kyiv" || !strings.HasPrefix(h.v.summary.Text, "3 annotations in 2 articles") {
		t.Fatalf("asked %v, summary %q", h.asked, h.v.summary.Text)
	}
	heat := h.v.charts[1].chart
	heat.Resize(fyne.NewSize(800, 500))
	tapTip(t, heat, "Military/Strikes × Diplomacy: 1")
	if got := h.queries[0]; got != `(kyiv) tag:"Military/Strikes" tag:"Diplomacy"` {
		t.Errorf("cell click within a query searched %q", got)
	}
	// Same article: Strikes and Diplomacy share article One.
	test.Tap(h.v.sameArticle)
	if r := h.v.Report(); r == nil || !r.Cooccurrence.SameArticle || r.Cooccurrence.Cell(ids["Strikes"], ids["Energy"]) != 1 {
		t.Errorf("same-article report %+v", r)
	}
	h.v.period.SetSelected("Month")
	if r := h.v.Report(); r.Timeline.Period != "month" || len(r.Timeline.Buckets) != 1 {
		t.Errorf("month timeline %+v", r.Timeline)
	}
	// A stale computation does not overwrite a newer one.
	h.v.compute(h.v.gen-1, "", h.v.options())
	if r := h.v.Report(); r.Annotations != 3 {
		t.Errorf("a stale result replaced the current one: %d annotations", r.Annotations)
	}
	// The cache follows the store.
	if _, err := ws.DeleteAnnotation(ids["c1"]); err != nil {
		t.Fatal(err)
	}
	h.v.Refresh("kyiv")
	if r := h.v.Report(); r.Annotations != 2 {
		t.Errorf("after deleting an annotation: %d, want 2", r.Annotations)
	}
}

func TestOverviewSavesPNGAndCSV(t *testing.T) {
	ws, _ := workspace(t)
	h := newHarness(t, ws, nil)
	h.v.Refresh("")
	for i := range h.v.charts {
		var buf bytes.Buffer
		if err := h.v.WritePNG(&buf, i); err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("GLOSS_SHOT"); dir != "" { // to look at the charts: GLOSS_SHOT=/tmp/dir
			os.WriteFile(fmt.Sprintf("%s/chart%d.png", dir, i), buf.Bytes(), 0o644)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("chart %d: not a PNG: %v", i, err)
		}
		if b := img.Bounds(); b.Dx() < 640 || b.Dy() < 200 {
			t.Errorf("chart %d is %v", i, b)
		}
	}
	var buf bytes.Buffer
	if err := h.v.WriteCSV(&buf, 1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Military/Strikes,3,3,0,4\n") {
		t.Errorf("co-occurrence CSV:\n%s", buf.String())
	}
}

func TestOverviewReadableInLightAndDark(t *testing.T) {
	ws, _ := workspace(t)
	h := newHarness(t, ws, nil)
	h.v.Refresh("")
	for _, th := range []fyne.Theme{theme.LightTheme(), theme.DarkTheme()} {
		fyne.CurrentApp().Settings().SetTheme(th)
		bg := theme.Color(theme.ColorNameBackground)
		for i, ct := range h.v.charts {
			ct.chart.Resize(fyne.NewSize(800, 500))
			ct.chart.Refresh()
			for k, o := range ct.chart.last.objects {
				tx, ok := o.(*canvas.Text)
				if !ok || tx.Color == muted() {
					continue
				}
				// Against what is drawn under the text: the last rectangle holding its middle.
				under := bg
				mid := tx.Position().Add(fyne.NewPos(tx.Size().Width/2, tx.Size().Height/2))
				for _, p := range ct.chart.last.objects[:k] {
					if r, ok := p.(*canvas.Rectangle); ok && mid.X >= r.Position().X && mid.Y >= r.Position().Y &&
						mid.X < r.Position().X+r.Size().Width && mid.Y < r.Position().Y+r.Size().Height {
						under = r.FillColor
					}
				}
				if c := tagcolor.Contrast(tx.Color, under); c < 3 {
					t.Errorf("chart %d: text %q has too little contrast with the background (%.2f:1)", i, tx.Text, c)
				}
			}
		}
	}
}

func TestOverviewEmptyWorkspace(t *testing.T) {
	h := newHarness(t, wstest.Open(t), nil)
	h.v.Refresh("")
	for _, ct := range h.v.charts {
		if got := texts(ct.chart); len(got) != 1 || !strings.HasPrefix(got[0], "No") && !strings.HasPrefix(got[0], "Co-occurrence needs") {
			t.Errorf("%s on an empty workspace: %v", ct.title, got)
		}
	}
}
