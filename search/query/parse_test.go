package query

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "ALL"},
		{"   ", "ALL"},
		{"kharkiv", `*:word("kharkiv")`},
		{"kharkiv strike", `AND(*:word("kharkiv") *:word("strike"))`},
		{"kharkiv AND strike", `AND(*:word("kharkiv") *:word("strike"))`},
		{`"power station"`, `*:phrase("power station")`},
		{`“power   station”`, `*:phrase("power station")`},
		{"a OR b", `OR(*:word("a") *:word("b"))`},
		{"a OR b c", `AND(OR(*:word("a") *:word("b")) *:word("c"))`},
		{"a b OR c OR d", `AND(*:word("a") OR(*:word("b") *:word("c") *:word("d")))`},
		{"NOT a", `NOT(*:word("a"))`},
		{"-a b", `AND(NOT(*:word("a")) *:word("b"))`},
		{`-"a b"`, `NOT(*:phrase("a b"))`},
		{"-(a OR b)", `NOT(OR(*:word("a") *:word("b")))`},
		{"NOT NOT a", `NOT(NOT(*:word("a")))`},
		{"(a OR b) (c OR -d)", `AND(OR(*:word("a") *:word("b")) OR(*:word("c") NOT(*:word("d"))))`},
		{"((a))", `*:word("a")`},
		{"well-known", `*:word("well-known")`},
		{"a-b -c", `AND(*:word("a-b") NOT(*:word("c")))`},
		{"or and not", `AND(*:word("or") *:word("and") *:word("not"))`},
		{"10:30 http://x.org/a", `AND(*:word("10:30") *:word("http://x.org/a"))`},
		{"Харків", `*:word("Харків")`},
		{"🔥", `*:word("🔥")`},
		{"energ*", `*:prefix("energ")`},
		{"Kharkov~", `*:fuzzy("Kharkov")`},
		{"Kharkov~2", `*:fuzzy("Kharkov")~2`},
		{"tag:energy", `tag:word("energy")`},
		{`tag:"energy attacks"`, `tag:phrase("energy attacks")`},
		{`TAG:"Energy attacks"`, `tag:phrase("Energy attacks")`},
		{"tag:Military/Energy*", `tag:prefix("Military/Energy")`},
		{"note:disputed", `note:word("disputed")`},
		{`quote:"power station"`, `quote:phrase("power station")`},
		{"title:blackout", `title:word("blackout")`},
		{"body:grid~1", `body:fuzzy("grid")~1`},
		{"url:https://example.org/~joe", `url:word("https://example.org/~joe")`},
		{"source:kyiv*", `source:prefix("kyiv")`},
		{`source:"Kyiv Independent"`, `source:phrase("Kyiv Independent")`},
		{"author:olena", `author:word("olena")`},
		{"lang:uk", `lang:word("uk")`},
		{"article:3f2a", `article:word("3f2a")`},
		{"url:https://example.org/x", `url:word("https://example.org/x")`},
		{"has:note", "has:note"},
		{"has:NOTE", "has:note"},
		{"is:orphaned", "is:orphaned"},
		{"is:article", "is:article"},
		{"published:2025", "published:[2025-01-01,2026-01-01)"},
		{"published:2025-11", "published:[2025-11-01,2025-12-01)"},
		{"published:2025-11-03", "published:[2025-11-03,2025-11-04)"},
		{"published:=2025-11-03", "published:[2025-11-03,2025-11-04)"},
		{"published:>=2025-11-01", "published:[2025-11-01,*)"},
		{"published:>2025-11", "published:[2025-12-01,*)"},
		{"created:<2025-12-01", "created:[*,2025-12-01)"},
		{"created:<=2025-12", "created:[*,2026-01-01)"},
		{"published:2025-11-01..2025-11-30", "published:[2025-11-01,2025-12-01)"},
		{"published:2025-11..", "published:[2025-11-01,*)"},
		{"modified:..2024", "modified:[*,2025-01-01)"},
		{`published:"2025-11"`, "published:[2025-11-01,2025-12-01)"},
		{`tag:"energy attacks" Kharkiv OR Харків source:"Kyiv Independent" published:>=2025-11-01 -note:disputed`,
			`AND(tag:phrase("energy attacks") OR(*:word("Kharkiv") *:word("Харків")) source:phrase("Kyiv Independent") published:[2025-11-01,*) NOT(note:word("disputed")))`},
	}
	for _, tc := range tests {
		n, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := String(n); got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseColumns(t *testing.T) {
	n, err := Parse(`Харків tag:"x y" -note:z`)
	if err != nil {
		t.Fatal(err)
	}
	and := n.(*And)
	cols := []int{and.Items[0].Col(), and.Items[1].Col(), and.Items[2].Col(), and.Items[2].(*Not).Item.Col()}
	want := []int{1, 8, 18, 19}
	for i := range want {
		if cols[i] != want[i] {
			t.Errorf("column of item %d = %d, want %d", i, cols[i], want[i])
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{`energy tag:"power station`, 12, "unclosed quote"},
		{`"abc`, 1, "unclosed quote"},
		{`Харків "abc`, 8, "unclosed quote"},
		{`"a b"~`, 6, "~ works on single words, not on quoted phrases"},
		{`"a b"*`, 6, "* works on single words, not on quoted phrases"},
		{`a (b c`, 3, "unclosed parenthesis"},
		{`((a)`, 1, "unclosed parenthesis"},
		{`a )`, 3, `unexpected ")" (no "(" opened it)`},
		{`)`, 1, `unexpected ")" (no "(" opened it)`},
		{`a ()`, 3, "empty parentheses"},
		{`OR a`, 1, "nothing before OR"},
		{`a OR`, 3, "nothing after OR"},
		{`a OR OR b`, 3, "nothing after OR"},
		{`(a OR) b`, 4, "nothing after OR"},
		{`AND a`, 1, "nothing before AND"},
		{`a AND`, 3, "nothing after AND"},
		{`a NOT`, 3, "nothing after NOT"},
		{`NOT OR a`, 1, "nothing after NOT"},
		{`a -`, 3, `nothing after "-"`},
		{`a - b`, 3, `nothing after "-"`},
		{`(a -)`, 4, `nothing after "-"`},
		{`colour:red`, 1, `unknown field "colour:"`},
		{`tag:`, 1, "tag: needs a value"},
		{`a note: b`, 3, "note: needs a value"},
		{`tag:(a OR b)`, 1, "tag: takes one value, not parentheses"},
		{`""`, 1, "empty quotes"},
		{`tag:"  "`, 5, "empty quotes"},
		{`has:tags`, 5, `has: takes note, not "tags"`},
		{`is:deleted`, 4, `is: takes orphaned, anchored, annotation, article, not "deleted"`},
		{`published:2025-13`, 11, "published: expects a date like"},
		{`published:yesterday`, 11, "published: expects a date like"},
		{`created:>=2025-02-30`, 9, "created: expects a date like"},
		{`published:..`, 11, "published: expects a date like"},
		{`published:2025-12..2025-11`, 11, "published: the range 2025-12..2025-11 ends before it starts"},
		{`tag:energy~`, 11, "~ (similar spelling) works on words of the text, not on tag:"},
		{`~`, 1, "~ needs a word before it"},
		{`*`, 1, "* needs at least one character before it"},
		{`*grid`, 1, "* works only at the end of a word"},
		{`gr*id`, 3, "* works only at the end of a word"},
		{`grid*~`, 5, "* works only at the end of a word"},
		{`kharkiv~3`, 9, "~ takes 1 or 2 (letters that may differ), not 3"},
		{`a kharkiv~0`, 11, "~ takes 1 or 2 (letters that may differ), not 0"},
		{`kharkiv~12`, 9, "~ takes 1 or 2 (letters that may differ), not 12"},
		{`kharkiv~x`, 8, "~ goes at the end of a word"},
		{`khar~kiv`, 5, "~ goes at the end of a word"},
		{`note:disputed~~`, 14, "~ goes at the end of a word"},
		{`"a b"~2`, 6, "~ works on single words, not on quoted phrases"},
		{strings.Repeat("(", 70) + "a" + strings.Repeat(")", 70), 65, "too many nested parentheses"},
		{strings.Repeat("-", 70) + "a", 0, ""},
		{strings.Repeat("a ", MaxLength), MaxLength + 1, "the query is longer than"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		if tc.msg == "" { // only "must not crash"
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a ParseError", tc.in, err)
			continue
		}
		if pe.Pos != tc.pos || !strings.HasPrefix(pe.Msg, tc.msg) {
			t.Errorf("Parse(%q) = %q at %d, want %q at %d", tc.in, pe.Msg, pe.Pos, tc.msg, tc.pos)
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := Parse(`energy tag:"power station`)
	if err == nil || err.Error() != "unclosed quote at column 12" {
		t.Fatalf("got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`tag:"energy attacks" Kharkiv OR Харків -note:x`, `(a OR (b -c))`, `published:2025-11-01..2025-11-30`, `"`, `a~2 b* 🔥`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) returned a non-ParseError %T: %v", s, err, err)
			}
			if pe.Pos < 1 || pe.Pos > len([]rune(s))+1 {
				t.Fatalf("Parse(%q): column %d out of range", s, pe.Pos)
			}
			return
		}
		_ = String(n)
	})
}
