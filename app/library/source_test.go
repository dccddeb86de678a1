package library

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
)

func TestSourceStringMatch(t *testing.T) {
	for _, tc := range []struct {
		src    Source
		enc    string
		source string
		match  bool
	}{
		{Source{}, "", "Kyiv Independent", true},
		{Source{}, "", "", true},
		{Source{One: true, Name: "Одеська ОВА"}, "=Одеська ОВА", "одеська ова ", true},
		{Source{One: true, Name: "Одеська ОВА"}, "=Одеська ОВА", "Kyiv Independent", false},
		{Source{One: true}, "=", "", true},
		{Source{One: true}, "=", "Desk", false},
	} {
		if got := tc.src.String(); got != tc.enc {
			t.Errorf("%#v encodes as %q, want %q", tc.src, got, tc.enc)
		}
		if got := ParseSource(tc.enc); got != tc.src {
			t.Errorf("%q parses as %#v", tc.enc, got)
		}
		if got := tc.src.Match(annotate.Article{Source: tc.source}); got != tc.match {
			t.Errorf("%#v matches %q: %v", tc.src, tc.source, got)
		}
	}
}

var channelArticles = []annotate.ArticleSummary{
	{Article: annotate.Article{ID: "t1", Title: "Drones over Odesa", Source: "Одеська ОВА", Published: day(26)}, Annotations: 2},
	{Article: annotate.Article{ID: "t2", Title: "Power restored", Source: "Одеська ОВА", Published: day(25)}},
	{Article: annotate.Article{ID: "t3", Title: "Air raid alert", Source: "одеська ова", Published: day(24)}, Annotations: 1},
	{Article: annotate.Article{ID: "k1", Title: "Talks stall", Source: "Kyiv Independent", Published: day(23)}, Annotations: 4},
	{Article: annotate.Article{ID: "m1", Title: "Weekly reports", Source: "desk.example.org", Published: day(22)}},
	{Article: annotate.Article{ID: "n1", Title: "Power notes", Published: day(21)}},
}

// The picker lists each source with its counts (largest first), narrows the library to
// one, combines with the filter box and the sort, and says when it changes.
func TestSourcePickerNarrowsTheLibrary(t *testing.T) {
	test.NewTempApp(t)
	var chosen []Source
	v := New(Actions{SourceChosen: func(s Source) { chosen = append(chosen, s) }})
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(320, 600))
	v.SetArticles(channelArticles, "")
	if got := v.picker.label.Text; got != "All sources (6)" {
		t.Errorf("face %q", got)
	}
	var rows []string
	for _, r := range v.picker.rows {
		rows = append(rows, r.label()+" "+thousands(r.articles)+" · "+thousands(r.annotations))
	}
	want := []string{"All sources 6 · 7", "Одеська ОВА 3 · 3", "(no source) 1 · 0", "desk.example.org 1 · 0", "Kyiv Independent 1 · 4"}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d %q, want %q", i, rows[i], want[i])
		}
	}

	v.picker.choose(Source{One: true, Name: "Одеська ОВА"})
	if ids(v.Shown()) != "t1t2t3" || v.picker.label.Text != "Одеська ОВА (3)" {
		t.Fatalf("shown %q, face %q", ids(v.Shown()), v.picker.label.Text)
	}
	if len(chosen) != 1 || chosen[0] != (Source{One: true, Name: "Одеська ОВА"}) {
		t.Fatalf("told %v", chosen)
	}
	v.filter.SetText("power")
	if ids(v.Shown()) != "t2" {
		t.Errorf("filter within the source: %q", ids(v.Shown()))
	}
	v.sortBy.SetSelected(SortOldest)
	v.filter.SetText("")
	if ids(v.Shown()) != "t3t2t1" {
		t.Errorf("sorted within the source: %q", ids(v.Shown()))
	}
	v.picker.choose(Source{One: true})
	if ids(v.Shown()) != "n1" || v.picker.label.Text != "(no source) (1)" {
		t.Errorf("articles without a source: %q, face %q", ids(v.Shown()), v.picker.label.Text)
	}

	// The source's last article goes (undo of its import): all sources again.
	v.picker.choose(Source{One: true, Name: "Kyiv Independent"})
	chosen = nil
	v.SetArticles(channelArticles[:3], "")
	if v.Source().One || ids(v.Shown()) != "t3t2t1" || len(chosen) != 1 || chosen[0].One {
		t.Errorf("after the source emptied: %#v %q told %#v", v.Source(), ids(v.Shown()), chosen)
	}
}

// The remembered choice is kept until the list comes, then checked against it.
func TestSetSourceBeforeTheList(t *testing.T) {
	test.NewTempApp(t)
	told := 0
	v := New(Actions{SourceChosen: func(Source) { told++ }})
	v.SetSource(Source{One: true, Name: "Kyiv Independent"})
	v.SetArticles(channelArticles, "")
	if ids(v.Shown()) != "k1" || told != 0 {
		t.Errorf("shown %q, told %d", ids(v.Shown()), told)
	}
	v.SetSource(Source{One: true, Name: "Gone Daily"})
	if v.Source().One || len(v.Shown()) != len(channelArticles) {
		t.Errorf("a source without articles: %#v, %d shown", v.Source(), len(v.Shown()))
	}
}

// Typing in the pop-up's find box narrows the sources; Enter takes the first match,
// Escape closes without a change.
func TestSourcePickerFind(t *testing.T) {
	test.NewTempApp(t)
	v := New(Actions{})
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(320, 600))
	v.SetArticles(channelArticles, "")
	test.Tap(v.picker.btn)
	if v.picker.popup == nil || !v.picker.popup.Visible() {
		t.Fatal("no pop-up")
	}
	if w.Canvas().Focused() != v.picker.find {
		t.Error("the find box does not have the keyboard")
	}
	test.Type(v.picker.find, "kyiv")
	if len(v.picker.rows) != 2 || v.picker.rows[1].label() != "Kyiv Independent" {
		t.Fatalf("rows %#v", v.picker.rows)
	}
	v.picker.find.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.picker.popup.Visible() || v.Source().One {
		t.Fatal("Escape chose or stayed open")
	}
	test.Tap(v.picker.btn)
	if v.picker.find.Text != "" || len(v.picker.rows) != 5 {
		t.Fatalf("reopened with %q, %d rows", v.picker.find.Text, len(v.picker.rows))
	}
	test.Type(v.picker.find, "ОВА")
	v.picker.find.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if v.picker.popup.Visible() || ids(v.Shown()) != "t1t2t3" {
		t.Fatalf("Enter: open %v, shown %q", v.picker.popup.Visible(), ids(v.Shown()))
	}
	// A tap on a row chooses it.
	test.Tap(v.picker.btn)
	v.picker.list.Select(0)
	if v.Source().One || len(v.Shown()) != len(channelArticles) {
		t.Errorf("the first row (all sources): %#v", v.Source())
	}
}

// Reveal clears a source choice or a filter that hides an article (just imported).
func TestReveal(t *testing.T) {
	test.NewTempApp(t)
	v := New(Actions{})
	v.SetArticles(channelArticles, "")
	v.picker.choose(Source{One: true, Name: "Kyiv Independent"})
	v.Reveal("k1")
	if !v.Source().One {
		t.Error("revealing a shown article cleared the choice")
	}
	v.filter.SetText("talks")
	v.Reveal("t1")
	if v.Source().One || v.filter.Text != "" || len(v.Shown()) != len(channelArticles) {
		t.Errorf("after Reveal: %#v %q %d shown", v.Source(), v.filter.Text, len(v.Shown()))
	}
}
