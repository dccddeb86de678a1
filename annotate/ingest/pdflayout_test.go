package ingest

import (
	"strings"
	"testing"
)

// typeset places text as glyphs the way a PDF draws it: each rune a box of width w at
// (x, y), height h, advancing by w (spaces advance without a glyph box).
func typeset(text string, x, y, size float64) []pdfGlyph {
	w := size * 0.5
	var gs []pdfGlyph
	for _, r := range text {
		if r == ' ' {
			gs = append(gs, pdfGlyph{R: ' ', X0: x, X1: x, Y0: y, Y1: y})
			x += w
			continue
		}
		gs = append(gs, pdfGlyph{R: r, X0: x, X1: x + w*0.9, Y0: y - size*0.2, Y1: y + size*0.75})
		x += w
	}
	return append(gs, pdfGlyph{R: '\r'}, pdfGlyph{R: '\n'})
}

// column typesets lines from the top at x, one line every 1.2 × size.
func column(lines []string, x, top, size float64) []pdfGlyph {
	var gs []pdfGlyph
	y := top
	for _, l := range lines {
		if l == "" { // paragraph gap
			y -= size * 0.8
			continue
		}
		gs = append(gs, typeset(l, x, y, size)...)
		y -= size * 1.2
	}
	return gs
}

func TestLayoutTwoColumnsHeadersHyphens(t *testing.T) {
	const size = 10
	var pages [][]pdfLine
	var heights []float64
	for p := 1; p <= 3; p++ {
		var gs []pdfGlyph
		gs = append(gs, typeset("Situation Report No. 12 — OCHA Ukraine", 50, 800, 8)...)
		if p == 1 {
			gs = append(gs, typeset("Energy infrastructure under attack", 50, 760, 16)...)
		}
		left := []string{
			"The first column starts here and runs",
			"down the page. Repair crews worked",
			"through the night to restore electri-",
			"city to the districts.",
			"",
			"A second paragraph of the first",
			"column ends here.",
		}
		right := []string{
			"The second column follows after the",
			"first one has been read in full, and",
			"it mentions a well-",
			"known problem and the ﬁnal report.",
		}
		// The right column is drawn first: content order must not decide reading order.
		gs = append(gs, column(right, 310, 720, size)...)
		gs = append(gs, column(left, 50, 720, size)...)
		gs = append(gs, typeset("Page "+string(rune('0'+p))+" of 3", 280, 30, 8)...)
		pages = append(pages, pageLines(gs))
		heights = append(heights, 842)
	}
	// "well-known" is written whole elsewhere in the document: its hyphen stays.
	pages[2] = append(pages[2], pageLines(typeset("A well-known fact.", 50, 400, size))...)
	text := layoutText(pages, heights)
	paras := strings.Split(text, "\n\n")
	want := []string{
		"Energy infrastructure under attack",
		"The first column starts here and runs down the page. Repair crews worked through the night to restore electricity to the districts.",
		"A second paragraph of the first column ends here.",
		"The second column follows after the first one has been read in full, and it mentions a well-known problem and the final report.",
	}
	for i, w := range want {
		if i >= len(paras) || paras[i] != w {
			t.Fatalf("paragraph %d:\n%q\nwant\n%q\n\nwhole text:\n%s", i, get(paras, i), w, text)
		}
	}
	for _, gone := range []string{"Situation Report", "Page 1", "of 3"} {
		if strings.Contains(text, gone) {
			t.Errorf("running line %q kept:\n%s", gone, text)
		}
	}
	if n := strings.Count(text, "The first column starts here"); n != 3 {
		t.Errorf("page bodies: %d, want 3", n)
	}
}

func get(ss []string, i int) string {
	if i < len(ss) {
		return ss[i]
	}
	return "<missing>"
}

func TestLayoutParagraphAcrossPages(t *testing.T) {
	p1 := pageLines(column([]string{"Heavy shelling continued in the east of the", "country, officials said, and"}, 50, 200, 10))
	p2 := pageLines(column([]string{"the evacuation was extended by a week.", "", "New paragraph on the second page."}, 50, 700, 10))
	text := layoutText([][]pdfLine{p1, p2}, []float64{842, 842})
	want := "Heavy shelling continued in the east of the country, officials said, and the evacuation was extended by a week.\n\nNew paragraph on the second page."
	if text != want {
		t.Errorf("got\n%q\nwant\n%q", text, want)
	}
}

func TestLayoutLinesAndPieces(t *testing.T) {
	cases := []struct {
		name   string
		glyphs []pdfGlyph
		want   []string
	}{
		{"gap makes a space", append(typeset("Київ", 0, 100, 10), typeset("Одеса", 30, 100, 10)...), []string{"Київ Одеса"}},
		{"gutter splits a line", append(typeset("left column", 0, 100, 10), typeset("right column", 200, 100, 10)...), []string{"left column", "right column"}},
		{"soft hyphen inside a line is dropped later", typeset("енерге\u00adтичний", 0, 100, 10), []string{"енерге\u00adтичний"}},
		{"rotated margin note skipped", append(typeset("Body text of the page", 0, 100, 10), pdfGlyph{R: 'X', X0: 500, X1: 505, Y0: 10, Y1: 300, Rotated: true}), []string{"Body text of the page"}},
		{"control characters dropped", []pdfGlyph{{R: 'A', X0: 0, X1: 5, Y0: 0, Y1: 10}, {R: 0x01, X0: 5, X1: 6, Y0: 0, Y1: 10}, {R: 'B', X0: 6, X1: 11, Y0: 0, Y1: 10}}, []string{"AB"}},
	}
	for _, c := range cases {
		var got []string
		for _, l := range pageLines(c.glyphs) {
			got = append(got, l.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPageNumberLines(t *testing.T) {
	for _, s := range []string{"7", "- 7 -", "Page 7 of 30", "Сторінка 7", "стр. 12", "vii", "12/40"} {
		if !pageNumberLine().MatchString(s) {
			t.Errorf("%q not taken for a page number", s)
		}
	}
	for _, s := range []string{"7 killed in overnight strikes", "Page one of the report", "2024"} {
		if s != "2024" && pageNumberLine().MatchString(s) {
			t.Errorf("%q taken for a page number", s)
		}
	}
}

func TestHyphenation(t *testing.T) {
	words := map[string]bool{"well-known": true, "electricity": true}
	cases := []struct{ a, b, want string }{
		{"restore electri-", "city today", "restore electricity today"},
		{"a well-", "known fact", "a well-known fact"},
		{"енерге-", "тичної системи", "енергетичної системи"},
		{"the 2023-", "2024 winter", "the 2023- 2024 winter"},
		{"Kyiv -", "the capital", "Kyiv - the capital"},
		{"North-", "East region", "North- East region"},
	}
	for _, c := range cases {
		got := joinLines([]pdfLine{{Text: c.a}, {Text: c.b}}, words)
		if got != c.want {
			t.Errorf("%q + %q = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestParsePDFDate(t *testing.T) {
	cases := map[string]string{
		"D:20240301091500+02'00'": "2024-03-01T07:15:00Z",
		"D:20240301":              "2024-03-01T00:00:00Z",
		"20240301091500Z":         "2024-03-01T09:15:00Z",
		"D:2024":                  "2024-01-01T00:00:00Z",
	}
	for in, want := range cases {
		got, ok := parsePDFDate(in)
		if !ok || got.Format("2006-01-02T15:04:05Z07:00") != want {
			t.Errorf("%q: %v %v, want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "D:", "yesterday", "D:0001"} {
		if _, ok := parsePDFDate(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzPDFLayout feeds arbitrary glyph streams to the layout: it must neither panic nor
// loop, and every letter it keeps must come from the input.
func FuzzPDFLayout(f *testing.F) {
	f.Add([]byte("The first column\x00starts here\x01and runs-\x02down the page"), 12.0, 3.0)
	f.Fuzz(func(t *testing.T, data []byte, size, jitter float64) {
		if len(data) > 4096 || size <= 0 || size > 100 || jitter < 0 || jitter > 1000 {
			return
		}
		var pages [][]pdfLine
		var gs []pdfGlyph
		x, y := 0.0, 800.0
		for i, b := range data {
			switch b {
			case 0:
				y -= size * 1.2
				x = 0
			case 1:
				x += 200
			case 2:
				pages = append(pages, pageLines(gs))
				gs, x, y = nil, 0, 800
			default:
				gs = append(gs, pdfGlyph{R: rune(b), X0: x, X1: x + size/2, Y0: y - float64(i%3)*jitter/10, Y1: y + size})
				x += size / 2
			}
		}
		pages = append(pages, pageLines(gs))
		text := layoutText(pages, nil)
		given := map[rune]bool{}
		for _, b := range data {
			given[rune(b)] = true
		}
		for _, r := range text {
			if r != ' ' && r != '\n' && r != '-' && !given[r] && !(r >= 'a' && r <= 'z') {
				t.Fatalf("rune %q not in the input", r)
			}
		}
	})
}
