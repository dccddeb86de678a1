package searchview

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/search"
)

func segTexts(segs []widget.RichTextSegment) (plain, marked []string) {
	for _, s := range segs {
		ts := s.(*widget.TextSegment)
		if ts.Style == matchStyle {
			marked = append(marked, ts.Text)
		} else {
			plain = append(plain, ts.Text)
		}
	}
	return
}

func TestSegments(t *testing.T) {
	tests := []struct {
		name          string
		text          string
		matches       [][2]int
		plain, marked []string
	}{
		{"none", "quiet night", nil, []string{"quiet night"}, nil},
		{"middle", "a Kharkiv strike", [][2]int{{2, 9}}, []string{"a ", " strike"}, []string{"Kharkiv"}},
		{"cyrillic", "удар по Харкову", [][2]int{{8, 15}}, []string{"удар по "}, []string{"Харкову"}},
		{"emoji before", "🔥🔥 fire at the depot", [][2]int{{3, 7}}, []string{"🔥🔥 ", " at the depot"}, []string{"fire"}},
		{"newline kept as one code point", "grid\ndown", [][2]int{{5, 9}}, []string{"grid "}, []string{"down"}},
		{"adjacent and out of range", "abcdef", [][2]int{{0, 2}, {2, 3}, {5, 99}}, []string{"de"}, []string{"ab", "c", "f"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, marked := segTexts(Segments(tt.text, tt.matches, plainStyle))
			if !reflect.DeepEqual(plain, tt.plain) || !reflect.DeepEqual(marked, tt.marked) {
				t.Fatalf("plain %q marked %q", plain, marked)
			}
		})
	}
}

func TestLeadIn(t *testing.T) {
	long := "Engineers restored electricity to hospitals within four hours using mobile generators and cables"
	rs := []rune(long)
	at := 0
	for i := range rs {
		if string(rs[i:i+10]) == "generators" {
			at = i
			break
		}
	}
	text, ms := LeadIn(long, [][2]int{{at, at + 10}})
	if got := string([]rune(text)[ms[0][0]:ms[0][1]]); got != "generators" {
		t.Fatalf("shifted match is %q in %q", got, text)
	}
	if []rune(text)[0] != '…' || ms[0][0] > lead+2 {
		t.Fatalf("not led in: %q %v", text, ms)
	}
	if txt, m := LeadIn("short match", [][2]int{{0, 5}}); txt != "short match" || m[0] != [2]int{0, 5} {
		t.Fatal("short text changed")
	}
}

func TestToggleTerm(t *testing.T) {
	tests := []struct{ q, term, want string }{
		{"", `tag:"A"`, `tag:"A"`},
		{"kharkiv", `tag:"A"`, `kharkiv tag:"A"`},
		{`kharkiv tag:"A"`, `tag:"A"`, "kharkiv"},
		{`tag:"A" kharkiv`, `tag:"A"`, "kharkiv"},
		{`x tag:"A" y`, `tag:"A"`, "x y"},
		{"x  ", "published:2025-11", "x published:2025-11"},
	}
	for _, tt := range tests {
		if got := ToggleTerm(tt.q, tt.term); got != tt.want {
			t.Errorf("ToggleTerm(%q, %q) = %q, want %q", tt.q, tt.term, got, tt.want)
		}
	}
}

func TestPassageCyrillicAndEmojiWindow(t *testing.T) {
	text := []rune("🙂 Вступ. " + "слово " + "Енергетика пошкоджена вночі. Кінець 🙂")
	// A fragment cut from the middle, with ellipses on both sides.
	frag := search.Fragment{Field: "body", Text: "…слово Енергетика пошкоджена…", Matches: [][2]int{{7, 17}}}
	s, e, ok := Passage(text, search.Hit{Kind: search.KindArticle, Fragments: []search.Fragment{frag}})
	if !ok || string(text[s:e]) != "Енергетика" {
		t.Fatalf("passage %d..%d ok=%v", s, e, ok)
	}
	if _, _, ok := Passage(text, search.Hit{Kind: search.KindArticle, Fragments: []search.Fragment{{Field: "title", Text: "x", Matches: [][2]int{{0, 1}}}}}); ok {
		t.Fatal("a title-only hit has no passage in the text")
	}
	if s, e, ok := Passage(text, search.Hit{Kind: search.KindAnnotation, Start: 3, End: 8}); !ok || s != 3 || e != 8 {
		t.Fatal("annotation passage is its span")
	}
}
