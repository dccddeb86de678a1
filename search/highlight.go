package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"gloss.app/gloss/search/query"
)

// Fragments are computed from the store's text with the index's own analysis, so a
// highlight is exactly what matched (stems included) and offsets are code points.
//
// A text is not analysed whole (an article body of 700 words took 0.4–0.75 ms, more than
// the search; twenty quotes nearly as much): it is scanned for the beginnings of the
// query's words, and only the words found there are analysed.

// fArticleTitle names the article title shown with an annotation hit (title: terms).
const fArticleTitle = "article_title"

// fieldText is a text of a hit and the name of the field it is indexed in.
type fieldText struct{ field, text string }

type hlTerm struct {
	fields map[string]bool
	kind   query.TermKind
	seq    []seqTerm // word or phrase: analysed terms and their position after the first
	prefix string
	fuzzy  string
	fz     int
}

type seqTerm struct {
	term  string
	delta int
}

type highlighter struct {
	an    *textAnalysis
	terms []hlTerm
}

// Fragment sizes, in code points.
const (
	fragmentWidth = 220 // a note or body window
	wholeUpTo     = 400 // a quote or title up to this length is shown whole
)

func newHighlighter(node query.Node) *highlighter {
	h := &highlighter{an: sharedAnalysis}
	query.Walk(node, func(n query.Node, negated bool) {
		t, ok := n.(*query.Term)
		if !ok || negated {
			return
		}
		var fields []string
		switch t.Field {
		case "":
			fields = []string{fQuote, fNote, fTitle, fBody}
		case "quote", "note", "body":
			fields = []string{t.Field}
		case "title":
			fields = []string{fTitle, fArticleTitle}
		default:
			return
		}
		ht := hlTerm{fields: map[string]bool{}, kind: t.Kind}
		for _, f := range fields {
			ht.fields[f] = true
		}
		switch t.Kind {
		case query.Prefix:
			ht.prefix = fold(t.Value)
		case query.Fuzzy:
			toks := h.an.tokens([]byte(t.Value))
			if len(toks) == 0 {
				return
			}
			ht.fuzzy = string(toks[0].Term)
			ht.fz = fuzziness(t, ht.fuzzy)
		default:
			toks := h.an.tokens([]byte(t.Value))
			if len(toks) == 0 {
				return
			}
			for _, tok := range toks {
				ht.seq = append(ht.seq, seqTerm{string(tok.Term), tok.Position - toks[0].Position})
			}
		}
		h.terms = append(h.terms, ht)
	})
	return h
}

// fragments returns a fragment for every field whose text matched.
func (h *highlighter) fragments(texts []fieldText) []Fragment {
	if len(h.terms) == 0 {
		return nil
	}
	var out []Fragment
	for _, ft := range texts {
		if ft.text == "" {
			continue
		}
		var terms []hlTerm
		for _, t := range h.terms {
			if t.fields[ft.field] {
				terms = append(terms, t)
			}
		}
		if len(terms) == 0 {
			continue
		}
		ranges := h.scan(ft.text, terms)
		if len(ranges) == 0 {
			continue
		}
		name := ft.field
		if name == fArticleTitle {
			name = "title"
		}
		width := fragmentWidth
		if name == "quote" || name == "title" {
			width = wholeUpTo
		}
		out = append(out, window(name, ft.text, ranges, width))
	}
	return out
}

// scan finds the matches in a long text: where a word starts with the beginning of one of
// the terms (found with strings.Index, in every case the first letter may be written), the
// words from there (as many as the longest phrase spans) are analysed. A fuzzy term may
// match any word: the text is analysed whole.
func (h *highlighter) scan(text string, terms []hlTerm) [][2]int {
	var starts [][]rune
	for _, t := range terms {
		var rs []rune
		switch t.kind {
		case query.Fuzzy:
			return toCodePoints(matchRanges(h.an.tokens([]byte(text)), terms, text, 0), text)
		case query.Prefix:
			rs = []rune(t.prefix)
		default:
			// A stem begins its words, but for its last letter (an English y turned i).
			rs = []rune(t.seq[0].term)
			rs = rs[:max(len(rs)-1, 1)]
		}
		starts = append(starts, rs)
	}
	var at []int
	for _, st := range starts {
		for _, v := range caseVariants(st[0]) {
			for from := 0; ; {
				j := strings.Index(text[from:], v)
				if j < 0 {
					break
				}
				i := from + j
				from = i + len(v)
				if wordStart(text, i) && hasFoldedPrefix(text[i:], st) {
					at = append(at, i)
				}
			}
		}
	}
	sort.Ints(at)
	// At each place, the words a term may span: the longest phrase (with its gaps).
	span := 1
	for _, t := range terms {
		if n := len(t.seq); n > 0 {
			span = max(span, t.seq[n-1].delta+1)
		}
	}
	var byteRanges [][2]int
	for _, i := range at {
		part := text[i:min(len(text), i+64*span)]
		byteRanges = append(byteRanges, matchRanges(h.an.analyzeN([]byte(part), span), terms, part, i)...)
	}
	return toCodePoints(mergeRanges(byteRanges), text)
}

// caseVariants are the ways a folded first letter may be written.
func caseVariants(r rune) []string {
	set := map[rune]bool{r: true, unicode.ToUpper(r): true, unicode.ToTitle(r): true}
	switch r {
	case 'е':
		set['ё'], set['Ё'] = true, true
	case '\'':
		set['’'], set['ʼ'] = true, true
	}
	var out []string
	for v := range set {
		out = append(out, string(v))
	}
	return out
}

// wordStart tells whether byte i of text begins a word (the rune before it is no letter
// or digit).
func wordStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// foldRune is the lower-case, folded form of a rune (fold does the same to strings).
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case 'ё':
		return 'е'
	case '’', 'ʼ':
		return '\''
	}
	return r
}

func hasFoldedPrefix(s string, prefix []rune) bool {
	for _, p := range prefix {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || foldRune(r) != p {
			return false
		}
		s = s[size:]
	}
	return true
}

// matchRanges finds the byte ranges (shifted by base) of tokens matching the terms.
func matchRanges(toks analysis.TokenStream, terms []hlTerm, text string, base int) [][2]int {
	byPos := make(map[int]*analysis.Token, len(toks))
	for _, t := range toks {
		byPos[t.Position] = t
	}
	var ranges [][2]int
	for _, tok := range toks {
		term := string(tok.Term)
		for _, ht := range terms {
			switch ht.kind {
			case query.Prefix:
				if strings.HasPrefix(fold(text[tok.Start:tok.End]), ht.prefix) {
					ranges = append(ranges, [2]int{base + tok.Start, base + tok.End})
				}
			case query.Fuzzy:
				if levenshtein(term, ht.fuzzy, ht.fz) <= ht.fz {
					ranges = append(ranges, [2]int{base + tok.Start, base + tok.End})
				}
			default:
				if term != ht.seq[0].term {
					continue
				}
				end := tok.End
				ok := true
				for _, s := range ht.seq[1:] {
					next, found := byPos[tok.Position+s.delta]
					if !found || string(next.Term) != s.term {
						ok = false
						break
					}
					end = next.End
				}
				if ok {
					ranges = append(ranges, [2]int{base + tok.Start, base + end})
				}
			}
		}
	}
	return mergeRanges(ranges)
}

// mergeRanges sorts ranges and joins those that overlap.
func mergeRanges(ranges [][2]int) [][2]int {
	if len(ranges) == 0 {
		return nil
	}
	sort.Slice(ranges, func(i, j int) bool { return ranges[i][0] < ranges[j][0] })
	merged := ranges[:1]
	for _, r := range ranges[1:] {
		last := &merged[len(merged)-1]
		if r[0] <= last[1] {
			last[1] = max(last[1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// toCodePoints turns sorted byte ranges of text into code-point ranges, walking it once.
func toCodePoints(merged [][2]int, text string) [][2]int {
	if len(merged) == 0 {
		return nil
	}
	out := make([][2]int, len(merged))
	b, cp := 0, 0
	toCP := func(target int) int {
		cp += utf8.RuneCountInString(text[b:target])
		b = target
		return cp
	}
	for i, r := range merged {
		out[i][0] = toCP(r[0])
		out[i][1] = toCP(r[1])
	}
	return out
}

// window cuts a fragment of at most width code points around the densest matches. It
// reads the text only around the window (bodies are long; the matches are code points).
func window(field, text string, matches [][2]int, width int) Fragment {
	n := utf8.RuneCountInString(text)
	if n <= width {
		return Fragment{Field: field, Text: text, Matches: matches}
	}
	best, bestN := 0, 0
	for i := range matches {
		c := 0
		for j := i; j < len(matches) && matches[j][1] <= matches[i][0]+width; j++ {
			c++
		}
		if c > bestN {
			best, bestN = i, c
		}
	}
	cur := &runeCursor{text: text}
	start := max(matches[best][0]-width/5, 0)
	// Start at a word.
	for k := start; k > 0 && k > start-15; k-- {
		if unicode.IsSpace(cur.runeAt(k - 1)) {
			start = k
			break
		}
	}
	end := min(start+width, n)
	for k := end; k < n && k > end-15; k-- {
		if unicode.IsSpace(cur.runeAt(k)) {
			end = k
			break
		}
	}
	var sb strings.Builder
	shift := -start
	if start > 0 {
		sb.WriteString("…")
		shift++
	}
	sb.WriteString(text[cur.byteAt(start):cur.byteAt(end)])
	if end < n {
		sb.WriteString("…")
	}
	var ms [][2]int
	for _, m := range matches {
		if m[1] <= start || m[0] >= end {
			continue
		}
		ms = append(ms, [2]int{max(m[0], start) + shift, min(m[1], end) + shift})
	}
	return Fragment{Field: field, Text: sb.String(), Matches: ms}
}

// runeCursor finds the byte offset of a code point by walking from the last one asked.
type runeCursor struct {
	text  string
	cp, b int
}

func (c *runeCursor) byteAt(cp int) int {
	for c.cp < cp && c.b < len(c.text) {
		_, size := utf8.DecodeRuneInString(c.text[c.b:])
		c.b += size
		c.cp++
	}
	for c.cp > cp && c.b > 0 {
		_, size := utf8.DecodeLastRuneInString(c.text[:c.b])
		c.b -= size
		c.cp--
	}
	return c.b
}

func (c *runeCursor) runeAt(cp int) rune {
	r, _ := utf8.DecodeRuneInString(c.text[c.byteAt(cp):])
	return r
}

// levenshtein is the edit distance of a and b in code points, giving up above limit.
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
