package library

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

var articles = []annotate.ArticleSummary{
	{Article: annotate.Article{ID: "a", Title: "Overnight strikes", Source: "Kyiv Independent", Published: day(26)}, Annotations: 4},
	{Article: annotate.Article{ID: "b", Title: "Антикорупційне бюро", Source: "Desk", Published: day(21)}, Annotations: 1},
	{Article: annotate.Article{ID: "c", Title: "Talks stall", ImportedAt: day(18)}},
}

func day(d int) time.Time { return time.Date(2025, 11, d, 0, 0, 0, 0, time.UTC) }

func ids(s []annotate.ArticleSummary) string {
	out := ""
	for _, a := range s {
		out += a.ID
	}
	return out
}

func TestFilterAndSort(t *testing.T) {
	for _, tc := range []struct {
		q, order, want string
	}{
		{"", SortNewest, "abc"},
		{"", SortOldest, "cba"},
		{"", SortTitle, "acb"}, // Overnight, Talks, Антикорупційне
		{"АНТИКОРУП", SortNewest, "b"},
		{"kyiv", SortNewest, "a"},
		{"  talks ", SortNewest, "c"},
		{"nothing", SortNewest, ""},
	} {
		if got := ids(filterAndSort(articles, tc.q, tc.order)); got != tc.want {
			t.Errorf("filter %q, %s: %q, want %q", tc.q, tc.order, got, tc.want)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	for _, tc := range []struct {
		s    annotate.ArticleSummary
		want string
	}{
		{articles[0], "Kyiv Independent · 26 Nov 2025 · 4 annotations"},
		{articles[1], "Desk · 21 Nov 2025 · 1 annotation"},
		{articles[2], "0 annotations"},
	} {
		if got := SummaryLine(tc.s); got != tc.want {
			t.Errorf("SummaryLine = %q, want %q", got, tc.want)
		}
	}
}

// A click opens an article once; the window marking the open article opens nothing, and
// the filter keeps the open article selected.
func TestChoosingOpensOnce(t *testing.T) {
	test.NewTempApp(t)
	var opened []string
	v := New(Actions{Open: func(id string) { opened = append(opened, id) }})
	test.NewTempWindow(t, v.Object())
	v.SetArticles(articles, "a")
	if len(opened) != 0 {
		t.Fatalf("SetArticles opened %v", opened)
	}
	v.list.Select(1)
	v.Select("b") // what the window does once it shows b
	if len(opened) != 1 || opened[0] != "b" {
		t.Fatalf("opened %v, want [b]", opened)
	}
	v.filter.SetText("talks")
	v.filter.SetText("")
	if len(opened) != 1 {
		t.Fatalf("filtering opened %v", opened)
	}
	v.SetArticles(articles, "")
	v.OpenFirst()
	if len(opened) != 2 || opened[1] != "a" {
		t.Fatalf("OpenFirst opened %v", opened)
	}
}

// A left click on a row opens its article; a right click offers the row's menu.
func TestRowClicks(t *testing.T) {
	test.NewTempApp(t)
	var opened string
	v := New(Actions{Open: func(id string) { opened = id }, Edit: func(string) {}, Delete: func(string) {}})
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(400, 500))
	v.SetArticles([]annotate.ArticleSummary{{Article: annotate.Article{ID: "a", Title: "First"}}, {Article: annotate.Article{ID: "b", Title: "Second"}}}, "a")
	row := newRowWidget(widget.NewLabel("x"), v.showMenu, v.tapRow)
	row.id = "b"
	test.Tap(row)
	if opened != "b" {
		t.Fatalf("a click on the row opened %q", opened)
	}
	if items := v.MenuItems("b"); len(items) != 3 || items[0].Label != "Edit details…" {
		t.Fatalf("menu %v", items)
	}
}
