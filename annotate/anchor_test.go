package annotate

import (
	"strings"
	"testing"
	"time"
)

// selectorAt builds the selector an annotation of the first occurrence of quote in text keeps.
func selectorAt(t *testing.T, text, quote string) Selector {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		t.Fatalf("%q not in the original text", quote)
	}
	runes := []rune(text)
	start := CodePointOffset(text, i)
	end := start + CodePoints(quote)
	exact, prefix, suffix := Quote(runes, start, end)
	return Selector{Exact: exact, Prefix: prefix, Suffix: suffix, Start: start, End: end}
}

func TestLocate(t *testing.T) {
	const base = "Officials said on Tuesday that drones struck a substation near the city overnight. " +
		"Repair crews restored power to most homes by the morning, the regional governor said. " +
		"Talks on a ceasefire are due to resume next week in Geneva."
	const cyr = "Уночі дрони атакували підстанцію біля міста. Ремонтні бригади відновили живлення до ранку, " +
		"повідомив голова обласної адміністрації. Переговори відновляться наступного тижня."
	const emoji = "Volunteers 🙌🏽 delivered generators 🔌⚡ to the shelter. Residents 👨‍👩‍👧 waited for hours in the cold 🥶. " +
		"The mayor thanked everyone 💙💛 at the evening briefing."
	const repeated = "The front line held. Shelling went on near Avdiivka. The front line held. Shelling stopped near Kupiansk."

	tests := []struct {
		name     string
		original string
		quote    string // annotated in original
		changed  string // the new text
		wantSpan string // the text the anchor must cover in changed; "" for orphaned
		wantHow  string
	}{
		{"unchanged", base, "drones struck a substation", base, "drones struck a substation", "position"},
		{"edit before", base, "Repair crews restored power",
			strings.Replace(base, "Officials said on Tuesday", "Regional officials said late on Tuesday", 1),
			"Repair crews restored power", "quote"},
		{"edit after", base, "Repair crews restored power",
			strings.Replace(base, "Geneva", "Istanbul, according to two diplomats", 1),
			"Repair crews restored power", "position"},
		{"edit inside", base, "Repair crews restored power to most homes by the morning",
			strings.Replace(base, "restored power to most", "restored electricity to most", 1),
			"Repair crews restored electricity to most homes by the morning", "fuzzy"},
		{"typo fixed inside and text moved", base, "drones struck a substation near the city overnight",
			"BREAKING. " + strings.Replace(base, "substation near", "sub-station near", 1),
			"drones struck a sub-station near the city overnight", "fuzzy"},
		{"quote deleted", base, "Repair crews restored power to most homes by the morning",
			strings.Replace(base, "Repair crews restored power to most homes by the morning, the regional governor said. ", "", 1),
			"", ""},
		{"quote rewritten beyond a quarter", base, "Talks on a ceasefire are due to resume",
			strings.Replace(base, "Talks on a ceasefire are due to resume", "Negotiators will meet again", 1),
			"", ""},
		{"repeated quote: second by its context", repeated, "The front line held. Shelling stopped",
			"Update. " + repeated, "The front line held. Shelling stopped", "quote"},
		{"cyrillic edit before", cyr, "Ремонтні бригади відновили живлення",
			"Оновлено. " + cyr, "Ремонтні бригади відновили живлення", "quote"},
		{"cyrillic edit inside", cyr, "Ремонтні бригади відновили живлення до ранку",
			strings.Replace(cyr, "бригади відновили", "бригади ДСНС відновили", 1),
			"Ремонтні бригади ДСНС відновили живлення до ранку", "fuzzy"},
		{"emoji edit before", emoji, "Residents 👨‍👩‍👧 waited for hours",
			"🚨 " + emoji, "Residents 👨‍👩‍👧 waited for hours", "quote"},
		{"emoji edit inside", emoji, "Residents 👨‍👩‍👧 waited for hours in the cold 🥶",
			strings.Replace(emoji, "in the cold 🥶", "in the freezing cold 🥶❄️", 1),
			"Residents 👨‍👩‍👧 waited for hours in the freezing cold 🥶", "fuzzy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel := selectorAt(t, tt.original, tt.quote)
			text := []rune(tt.changed)
			got := Locate(text, sel)
			if tt.wantSpan == "" {
				if got.Found() {
					t.Fatalf("Locate found %q (%s), want orphaned", string(text[got.Start:got.End]), got.How)
				}
				return
			}
			if !got.Found() {
				t.Fatalf("Locate found nothing, want %q", tt.wantSpan)
			}
			if span := string(text[got.Start:got.End]); span != tt.wantSpan {
				t.Errorf("Locate covers %q, want %q", span, tt.wantSpan)
			}
			if got.How != tt.wantHow {
				t.Errorf("Locate found it by %q, want %q", got.How, tt.wantHow)
			}
			if want := strings.Index(tt.changed, tt.wantSpan); CodePointOffset(tt.changed, want) != got.Start {
				t.Errorf("start %d, want the code-point offset %d", got.Start, CodePointOffset(tt.changed, want))
			}
		})
	}
}

func TestLocateRepeatedQuoteByPosition(t *testing.T) {
	// Three identical sentences with identical context: the one nearest the old position wins.
	text := strings.Repeat("Air raid alert in the capital. ", 3)
	runes := []rune(text)
	second := CodePoints("Air raid alert in the capital. ")
	exact, prefix, suffix := Quote(runes, second, second+5)
	for _, shift := range []int{0, 3, -3} {
		got := Locate(runes, Selector{Exact: exact, Prefix: prefix, Suffix: suffix, Start: second + shift, End: second + shift + 5})
		if got.Start != second {
			t.Errorf("old start %d: anchored at %d, want %d", second+shift, got.Start, second)
		}
	}
}

func TestLocateFuzzyRepeatedPrefersContext(t *testing.T) {
	// The quote was edited in both places; the copy whose prefix and suffix agree wins,
	// even though the other lies nearer the old position.
	a := "Report from Kharkiv: the shelling of the northern district continued all night, residents said."
	b := "Report from Odesa: the shelling of the northern district continued all night, officials said."
	quote := "the shelling of the northern district continued all night"
	sel := selectorAt(t, a, quote)
	sel.Start, sel.End = 0, CodePoints(quote) // pretend it used to be at the very start
	changed := strings.ReplaceAll(b+" "+a, "continued all night", "went on all night")
	got := Locate([]rune(changed), sel)
	want := CodePointOffset(changed, strings.LastIndex(changed, "the shelling"))
	if got.How != "fuzzy" || got.Start != want {
		t.Errorf("Locate = %+v, want a fuzzy match at %d (the Kharkiv copy)", got, want)
	}
}

func TestLocateEmpty(t *testing.T) {
	if got := Locate([]rune("some text"), Selector{Start: 0, End: 0}); got.Found() {
		t.Errorf("empty quote anchored: %+v", got)
	}
	if got := Locate(nil, Selector{Exact: "quote", Start: -1, End: -1}); got.Found() {
		t.Errorf("quote anchored in an empty text: %+v", got)
	}
}

// anchorTestWorkspace opens a fresh workspace with a clock that ticks a second per call.
func anchorTestWorkspace(t *testing.T) *Workspace {
	t.Helper()
	clock := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	ws, err := Open(t.TempDir(), Options{Create: true, Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func TestReimportChangedArticleReanchors(t *testing.T) {
	ws := anchorTestWorkspace(t)
	const url = "https://news.example.org/2025/12/01/strikes"
	v1 := "Дрони атакували енергетичну інфраструктуру в трьох областях уночі. 🔥\n\n" +
		"Repair crews restored power to most homes by the morning, the governor said.\n\n" +
		"An official claimed the strikes hit military facilities only.\n\n" +
		"Talks are due to resume next week."
	res := ws.NewBatch("").Add([]ArticleDraft{{Title: "Strikes", URL: url, Text: v1, Format: "txt"}})
	if res[0].Status != StatusImported {
		t.Fatalf("first import: %s %v", res[0].Status, res[0].Err)
	}
	id := res[0].Article.ID
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	tag := cb.Tags()[0].ID
	quotes := []string{
		"атакували енергетичну інфраструктуру",                         // moved by an edit before it
		"Repair crews restored power to most homes by the morning",     // edited inside
		"An official claimed the strikes hit military facilities only", // deleted
		"Talks are due to resume next week",                            // unchanged text after the edits
	}
	ids := make([]string, len(quotes))
	for i, q := range quotes {
		start, end, err := ws.FindQuote(id, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := ws.Annotate(AnnotationDraft{ArticleID: id, Start: start, End: end, TagIDs: []string{tag}, Note: "note " + q})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}

	v2 := "Оновлено о 10:00. " + strings.NewReplacer(
		"restored power", "restored electricity",
		"An official claimed the strikes hit military facilities only.\n\n", "",
	).Replace(v1)
	res = ws.NewBatch("").Add([]ArticleDraft{{Title: "Strikes (updated)", URL: url, Text: v2, Format: "txt"}})
	if res[0].Status != StatusUpdated || res[0].Err != nil {
		t.Fatalf("re-import: %s %v, want %s", res[0].Status, res[0].Err, StatusUpdated)
	}
	if res[0].Article.ID != id || res[0].Orphaned != 1 {
		t.Fatalf("re-import: article %s with %d orphaned, want %s with 1", res[0].Article.ID, res[0].Orphaned, id)
	}
	want := []struct {
		state AnnotationState
		exact string
	}{
		{Anchored, quotes[0]},
		{Anchored, "Repair crews restored electricity to most homes by the morning"},
		{Orphaned, quotes[2]},
		{Anchored, quotes[3]},
	}
	text := []rune(v2)
	for i, w := range want {
		a, err := ws.Annotation(ids[i])
		if err != nil {
			t.Fatalf("annotation %d lost: %v", i, err)
		}
		if a.State != w.state || a.Exact != w.exact {
			t.Errorf("annotation %d: %s %q, want %s %q", i, a.State, a.Exact, w.state, w.exact)
		}
		if a.Note != "note "+quotes[i] {
			t.Errorf("annotation %d: note %q lost", i, a.Note)
		}
		if a.State == Anchored && string(text[a.Start:a.End]) != a.Exact {
			t.Errorf("annotation %d: offsets %d–%d cover %q, not its quote", i, a.Start, a.End, string(text[a.Start:a.End]))
		}
	}

	// A third version brings the deleted passage back: the orphan is anchored again.
	res = ws.NewBatch("").Add([]ArticleDraft{{Title: "Strikes", URL: url, Text: v1 + "\n\nCorrection appended.", Format: "txt"}})
	if res[0].Status != StatusUpdated || res[0].Orphaned != 0 {
		t.Fatalf("third version: %s with %d orphaned, want updated with none", res[0].Status, res[0].Orphaned)
	}
	back, err := ws.Annotation(ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if back.State != Anchored || string([]rune(v1)[back.Start:back.End]) != quotes[2] {
		t.Errorf("orphan not re-anchored: %s %d–%d", back.State, back.Start, back.End)
	}
	if anns, _ := ws.Annotations(id); len(anns) != len(quotes) {
		t.Errorf("%d annotations after the re-imports, want %d", len(anns), len(quotes))
	}
}
