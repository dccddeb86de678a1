package textfit

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// tenPerRune measures every code point as 10 units wide, so expectations are exact.
func tenPerRune(s string) float32 { return float32(10 * utf8.RuneCountInString(s)) }

func TestCut(t *testing.T) {
	tests := []struct {
		in    string
		width float32
		want  string
		fits  bool
	}{
		{"short", 100, "short", true},
		{"exactly10!", 100, "exactly10!", true},
		{"a longer sentence", 100, "a longer…", false}, // the space before the cut is dropped
		{"Удари по енергетиці", 60, "Удари…", false},
		{"👍🏽👍🏽👍🏽", 30, "👍🏽…", false},
		{"👍🏽👍🏽👍🏽", 20, "…", false}, // never a thumb without its skin tone
		{"cafe\u0301s!", 60, "cafe\u0301…", false},
		{"cafe\u0301s!", 50, "caf…", false}, // never an e without its accent
		{"abc", 5, "…", false},
	}
	for _, tc := range tests {
		got, fits := Cut(tc.in, tc.width, tenPerRune)
		if got != tc.want || fits != tc.fits {
			t.Errorf("Cut(%q, %v) = %q, %v; want %q, %v", tc.in, tc.width, got, fits, tc.want, tc.fits)
		}
		if tenPerRune(got) > tc.width && tc.width >= 10 {
			t.Errorf("Cut(%q, %v) = %q is %v wide", tc.in, tc.width, got, tenPerRune(got))
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		width    float32
		maxLines int
		want     []string
	}{
		{"fits on one line", "one two", 100, 3, []string{"one two"}},
		{"wraps at spaces", "one two three four", 100, 3, []string{"one two", "three four"}},
		{"ellipsis when cut short", "one two three four five six seven eight", 100, 2, []string{"one two", "three fou…"}},
		{"line breaks start lines, blank lines dropped", "first\n\nsecond line", 200, 3, []string{"first", "second line"}},
		{"cut after a full last paragraph", "aa\nbb\ncc\ndd", 100, 3, []string{"aa", "bb", "cc…"}},
		{"a word wider than the line is cut", "abcdefghijklmno pq", 50, 0, []string{"abcde", "fghij", "klmno", "pq"}},
		{"no limit", strings.Repeat("word ", 6), 100, 0, []string{"word word", "word word", "word word"}},
		{"empty", "  \n ", 100, 3, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.in, tc.width, tc.maxLines, tenPerRune)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Wrap(%q, %v, %d) = %q, want %q", tc.in, tc.width, tc.maxLines, got, tc.want)
			}
			for _, l := range got {
				if tenPerRune(l) > tc.width {
					t.Errorf("line %q is wider than %v", l, tc.width)
				}
			}
		})
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("one two three four five", float32(60), 3)
	f.Add("Удари по енергетиці 👍🏽\n\nдругий", float32(25), 2)
	f.Fuzz(func(t *testing.T, s string, width float32, maxLines int) {
		if width < 10 || width > 1e6 || maxLines > 100 {
			return
		}
		lines := Wrap(s, width, maxLines, tenPerRune)
		if maxLines > 0 && len(lines) > maxLines {
			t.Fatalf("%d lines, limit %d", len(lines), maxLines)
		}
		for _, l := range lines {
			if tenPerRune(l) > width {
				t.Fatalf("line %q wider than %v", l, width)
			}
		}
	})
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  two\n\tlines  ", 20, "two lines"},
		{"Київ — переговори", 4, "Київ…"},
		{"cut after a space here", 6, "cut af…"},
		{"word then space", 5, "word…"}, // the space before the cut is dropped
		{"🙂🙂🙂", 2, "🙂🙂…"},
	} {
		if got := Snippet(tc.in, tc.n); got != tc.want {
			t.Errorf("Snippet(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
