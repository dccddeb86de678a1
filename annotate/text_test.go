package annotate

import (
	"errors"
	"strings"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "Hello", "Hello", nil},
		{"CRLF and CR", "one\r\ntwo\rthree\r\n", "one\ntwo\nthree", nil},
		{"BOM", "\uFEFFКиїв", "Київ", nil},
		{"decomposed accents become NFC", "Cafe\u0301 i\u0308", "Café ï", nil},
		{"Cyrillic й decomposed", "и\u0306", "й", nil},
		{"NUL and controls dropped", "a\x00b\x07c\td", "abc\td", nil},
		{"C1 controls dropped, NEL is a line", "a\u0085b\u0090c", "a\nbc", nil},
		{"line separators", "a\u2028b\u2029c", "a\nb\nc", nil},
		{"emoji kept", "👍🏽 ok 🇺🇦", "👍🏽 ok 🇺🇦", nil},
		{"trailing space and leading blank lines", "\n\n  indented\n \t\n", "  indented", nil},
		{"empty", " \r\n\t ", "", ErrEmptyText},
		{"only controls", "\x00\x01", "", ErrEmptyText},
		{"invalid UTF-8", "ab\xffcd", "", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if err == nil {
				again, _ := Canonicalize(got)
				if again != got {
					t.Fatalf("not idempotent: %q → %q", got, again)
				}
			}
		})
	}
}

func TestOffsetHelpers(t *testing.T) {
	s := "a😀бé\n"
	if n := CodePoints(s); n != 5 {
		t.Fatalf("CodePoints = %d", n)
	}
	for cp, want := range []int{0, 1, 5, 7, 9, 10, 10} {
		if got := ByteOffset(s, cp); got != want {
			t.Errorf("ByteOffset(%d) = %d, want %d", cp, got, want)
		}
	}
	if got := CodePointOffset(s, 5); got != 2 {
		t.Errorf("CodePointOffset(5) = %d", got)
	}
	if got := Slice(s, 1, 3); got != "😀б" {
		t.Errorf("Slice(1,3) = %q", got)
	}
	exact, prefix, suffix := Quote([]rune(s), 1, 3)
	if exact != "😀б" || prefix != "a" || suffix != "é\n" {
		t.Errorf("Quote = %q %q %q", exact, prefix, suffix)
	}
}

// TestOffsetsOnDifficultText annotates quotes in Cyrillic, emoji outside the BMP,
// combining accents and CRLF input, and checks that start:end of the stored canonical
// text is exactly the stored quote, and that offsets count code points.
func TestOffsetsOnDifficultText(t *testing.T) {
	ws := openTemp(t)
	tests := []struct {
		name, raw, quote string
		start, end       int // expected code-point span
	}{
		{"Cyrillic", "Президент заявив: «Переговори тривають». Київ чекає.", "Переговори тривають", 19, 38},
		{"emoji outside the BMP", "Alert 🚀🚀 drones 👍🏽 over Kharkiv 🇺🇦 tonight", "over Kharkiv 🇺🇦", 19, 34},
		{"emoji before the quote shifts by code points, not bytes", "😀😀😀 target", "target", 4, 10},
		{"combining accents (decomposed input)", "Le re\u0301fe\u0301rendum a e\u0301te\u0301 annule\u0301.", "référendum", 3, 13},
		{"CRLF input", "Line one\r\nLine two\r\nSecond line ends here\r\n", "Line two\nSecond", 9, 24},
		{"combining mark that does not compose", "q\u0303 and x\u0304y end", "x\u0304y", 7, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			art := addText(t, ws, tt.name, tt.raw)
			canon, _ := Canonicalize(tt.raw)
			if art.Text != canon {
				t.Fatalf("stored text %q, want canonical %q", art.Text, canon)
			}
			if art.Length != CodePoints(canon) || art.SHA256 != TextHash(canon) {
				t.Fatalf("length %d / hash %s do not match the canonical text", art.Length, art.SHA256)
			}
			start, end, err := ws.FindQuote(art.ID, tt.quote, 1)
			if err != nil {
				t.Fatal(err)
			}
			if start != tt.start || end != tt.end {
				t.Fatalf("quote at %d:%d, want %d:%d", start, end, tt.start, tt.end)
			}
			a, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{tagID(t, ws, "Corruption")}})
			if err != nil {
				t.Fatal(err)
			}
			q, _ := Canonicalize(tt.quote)
			runes := []rune(art.Text)
			if got := string(runes[a.Start:a.End]); got != a.Exact || a.Exact != q {
				t.Fatalf("text[%d:%d] = %q, exact %q, quote %q", a.Start, a.End, got, a.Exact, q)
			}
			if Slice(art.Text, a.Start, a.End) != a.Exact {
				t.Fatalf("Slice disagrees with the rune slice")
			}
			back, err := ws.Annotation(a.ID)
			if err != nil || back.Exact != a.Exact || back.Start != start || back.End != end {
				t.Fatalf("stored annotation %+v, %v", back, err)
			}
		})
	}
	checkConsistent(t, ws)
}

func TestPrefixSuffixAtEdges(t *testing.T) {
	ws := openTemp(t)
	long := strings.Repeat("ж", 40) + "MIDDLE" + strings.Repeat("я", 40)
	short := "Тут початок і тут кінець"
	artLong := addText(t, ws, "long", long)
	artShort := addText(t, ws, "short", short)
	tests := []struct {
		name                  string
		art                   Article
		start, end            int
		exact, prefix, suffix string
	}{
		{"middle keeps 32 each side", artLong, 40, 46, "MIDDLE", strings.Repeat("ж", 32), strings.Repeat("я", 32)},
		{"at the very start", artShort, 0, 3, "Тут", "", " початок і тут кінець"},
		{"at the very end", artShort, 18, 24, "кінець", "Тут початок і тут ", ""},
		{"whole text", artShort, 0, 24, short, "", ""},
		{"near the start: shorter prefix", artLong, 5, 10, "жжжжж", "жжжжж", strings.Repeat("ж", 30) + "MI"},
	}
	tag := tagID(t, ws, "Security guarantees")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _, err := ws.Annotate(AnnotationDraft{ArticleID: tt.art.ID, Start: tt.start, End: tt.end, TagIDs: []string{tag}})
			if err != nil {
				t.Fatal(err)
			}
			if a.Exact != tt.exact || a.Prefix != tt.prefix || a.Suffix != tt.suffix {
				t.Fatalf("got exact %q prefix %q suffix %q", a.Exact, a.Prefix, a.Suffix)
			}
			if CodePoints(a.Prefix) > ContextLength || CodePoints(a.Suffix) > ContextLength {
				t.Fatal("context longer than ContextLength")
			}
		})
	}
}

func TestSpanInsideCharacterIsRefused(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "marks", "x\u0304y and 👍🏽 and 👨\u200d👩\u200d👧")
	tag := tagID(t, ws, "Corruption")
	before := dumpStore(t, ws)
	for _, span := range [][2]int{{1, 3}, {0, 1}, {8, 9}, {14, 16}, {15, 17}} {
		_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: span[0], End: span[1], TagIDs: []string{tag}})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "inside a character") {
			t.Errorf("span %v: error %v, want 'inside a character'", span, err)
		}
	}
	if d := diffDumps(before, dumpStore(t, ws)); len(d) > 0 {
		t.Fatalf("refused spans changed the store: %v", d)
	}
	// The whole clusters are fine.
	for _, span := range [][2]int{{0, 3}, {8, 10}, {15, 20}} {
		if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: span[0], End: span[1], TagIDs: []string{tag}}); err != nil {
			t.Errorf("span %v: %v", span, err)
		}
	}
}
