package reader

import (
	"image/color"
	"strings"
	"testing"
	"unicode"
)

// mono measures 10 px per character; combining marks and joiners take no width.
func mono(s string) float32 {
	n := 0
	for _, r := range s {
		if !extends(r) {
			n++
		}
	}
	return float32(n * 10)
}

func lineTexts(l *Layout) []string {
	var out []string
	for _, ln := range l.Lines {
		out = append(out, string(l.Text[ln.Start:ln.End]))
	}
	return out
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float32
		want  []string
	}{
		{"empty", "", 100, []string{""}},
		{"fits", "one two", 100, []string{"one two"}},
		{"breaks after spaces", "one two three four", 100, []string{"one two ", "three four"}},
		{"hard breaks and empty line", "ab\n\ncd", 100, []string{"ab", "", "cd"}},
		{"long word cut", "abcdefghijklmnopqrstuvwxyz", 100, []string{"abcdefghij", "klmnopqrst", "uvwxyz"}},
		{"long word after words", "ab abcdefghijklmno cd", 100, []string{"ab ", "abcdefghij", "klmno cd"}},
		{"cyrillic", "Київ заявив про удар по енергетиці", 120, []string{"Київ заявив ", "про удар по ", "енергетиці"}},
		{"emoji count as one", "🇺🇦🇺🇦 👍🏽 ok", 40, []string{"🇺🇦🇺🇦 ", "👍🏽 ok"}},
		{"combining marks never split", "q\u0307q\u0307q\u0307q\u0307", 20, []string{"q\u0307q\u0307", "q\u0307q\u0307"}},
		{"trailing spaces hang", "abcd    efgh", 50, []string{"abcd    ", "efgh"}},
		{"indented paragraph", "  abc def", 60, []string{"  abc ", "def"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Wrap([]rune(tt.text), tt.width, NewWordCache(mono))
			got := lineTexts(l)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("lines = %q, want %q", got, tt.want)
			}
			// Lines cover the text in order, newlines excepted.
			pos := 0
			for _, ln := range l.Lines {
				if ln.Start != pos {
					t.Fatalf("line starts at %d, want %d", ln.Start, pos)
				}
				pos = ln.End
				if ln.Hard {
					pos++
				}
			}
		})
	}
}

func TestWrapLongParagraph(t *testing.T) {
	text := []rune(strings.Repeat("word ", 2000))
	l := Wrap(text, 300, NewWordCache(mono))
	for i, ln := range l.Lines {
		if w := mono(strings.TrimRightFunc(string(text[ln.Start:ln.End]), unicode.IsSpace)); w > 300 {
			t.Fatalf("line %d is %v px wide", i, w)
		}
	}
	if len(l.Lines) != 2000*50/300+1 {
		t.Fatalf("%d lines", len(l.Lines))
	}
}

func TestHitTest(t *testing.T) {
	text := []rune("Енергетика\ncafe\u0301 q\u0307x 🇺🇦!")
	l := Wrap(text, 1000, NewWordCache(mono))
	tests := []struct {
		x, y float32
		want int
	}{
		{0, 5, 0},
		{14, 5, 1},   // nearer the second boundary
		{26, 5, 3},   // 2.6 characters in
		{500, 5, 10}, // past the end of the line: before the newline
		{-5, 25, 11},
		{40, 25, 16}, // after "cafe\u0301": never between e and its accent (offset 15)
		{55, 25, 17}, // between "q\u0307" (50–60) and the space: nearer the start
		{58, 25, 19}, // nearer the end of "q\u0307": never between q and its dot
		{74, 25, 20},
		{76, 25, 21}, // before the flag
		{88, 25, 21}, // inside the flag (80–100): snaps to the nearer side
		{92, 25, 23},
		{5, 999, len(text)},
		{5, -3, 0},
	}
	for _, tt := range tests {
		if got := l.HitTest(tt.x, tt.y, 20); got != tt.want {
			t.Errorf("HitTest(%v, %v) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
		if !IsBoundary(text, l.HitTest(tt.x, tt.y, 20)) {
			t.Errorf("HitTest(%v, %v) splits a cluster", tt.x, tt.y)
		}
	}
}

func TestSpans(t *testing.T) {
	// "aaaa bbbb " / "cccc" / "" / "dd"  at width 100
	text := []rune("aaaa bbbb cccc\n\ndd")
	l := Wrap(text, 100, NewWordCache(mono))
	if got := lineTexts(l); strings.Join(got, "|") != "aaaa bbbb |cccc||dd" {
		t.Fatalf("lines %q", got)
	}
	tests := []struct {
		name       string
		start, end int
		want       []Span
	}{
		{"empty range", 3, 3, nil},
		{"inside a line", 1, 3, []Span{{0, 10, 30}}},
		{"across a soft wrap", 5, 12, []Span{{0, 50, 100}, {1, 0, 20}}},
		{"ends at a soft wrap", 5, 10, []Span{{0, 50, 100}}},
		{"starts at a soft wrap", 10, 12, []Span{{1, 0, 20}}},
		{"ends at a hard break", 10, 14, []Span{{1, 0, 40}}},
		{"across a hard break and an empty line", 12, 17, []Span{{1, 20, 50}, {2, 0, 10}, {3, 0, 10}}},
		{"starts at an empty line", 15, 17, []Span{{2, 0, 10}, {3, 0, 10}}},
	}
	for _, tt := range tests {
		got := l.Spans(tt.start, tt.end, 0, 99)
		if len(got) != len(tt.want) {
			t.Errorf("%s: spans %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: spans %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestBandsStackOverlapsAndSplitTags(t *testing.T) {
	red, blue, green := color.NRGBA{R: 255, A: 255}, color.NRGBA{B: 255, A: 255}, color.NRGBA{G: 255, A: 255}
	text := []rune("alpha beta gamma delta")
	l := Wrap(text, 1000, NewWordCache(mono))
	hs := []Highlight{
		{ID: "b", Start: 6, End: 16, Colors: []color.NRGBA{blue, green}},
		{ID: "a", Start: 0, End: 10, Colors: []color.NRGBA{red}},
		{ID: "c", Start: 17, End: 22, Colors: []color.NRGBA{red}},
	}
	SortHighlights(hs)
	if hs[0].ID != "a" || hs[0].Lane() != 0 || hs[1].Lane() != 1 || hs[2].Lane() != 0 {
		t.Fatalf("lanes: %+v", hs)
	}
	bands := l.Bands(hs, 0, 0)
	want := map[string][]Band{
		"a": {{Span{0, 0, 100}, 0, 0.5, red, "a", true}},
		"b": {{Span{0, 60, 160}, 0.5, 0.75, blue, "b", false}, {Span{0, 60, 160}, 0.75, 1, green, "b", true}},
		"c": {{Span{0, 170, 220}, 0, 0.5, red, "c", true}},
	}
	got := map[string][]Band{}
	for _, b := range bands {
		got[b.ID] = append(got[b.ID], b)
	}
	for id, w := range want {
		if len(got[id]) != len(w) {
			t.Fatalf("%s: bands %+v, want %+v", id, got[id], w)
		}
		for i := range w {
			if got[id][i] != w[i] {
				t.Errorf("%s: band %+v, want %+v", id, got[id][i], w[i])
			}
		}
	}
	if ids := At(hs, 8); len(ids) != 2 || ids[0] != "a" || ids[1] != "b" {
		t.Errorf("At(8) = %v", ids)
	}
	if ids := At(hs, 16); len(ids) != 0 {
		t.Errorf("At(16) = %v", ids)
	}
}

func TestWordAt(t *testing.T) {
	text := []rune("Zaporizhzhia's plant, 1,000 MW — Запоріжжя 👍🏽.")
	tests := []struct {
		at   int
		want string
	}{
		{3, "Zaporizhzhia's"},
		{16, "plant"},
		{20, "plant"}, // the comma right after a word selects the word before it
		{23, "1,000"},
		{31, "—"},
		{35, "Запоріжжя"},
		{43, "👍🏽"},
	}
	for _, tt := range tests {
		s, e := WordAt(text, tt.at)
		if got := string(text[s:e]); got != tt.want {
			t.Errorf("WordAt(%d) = %q, want %q", tt.at, got, tt.want)
		}
	}
}
