package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"gloss.app/gloss/search/query"
)

// Fragments are computed from the store's text with the index's own analyzer, so a
// highlight is exactly what matched (stems included) and offsets are code points.

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
	an    analysis.Analyzer
	terms []hlTerm
}

// Fragment sizes, in code points.
const (
	fragmentWidth = 220 // a note or body window
	wholeUpTo     = 400 // a quote or title up to this length is shown whole
)

func newHighlighter(node query.Node, an analysis.Analyzer) *highlighter {
	h := &highlighter{an: an}
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
			toks := an.Analyze([]byte(t.Value))
			if len(toks) == 0 {
				return
			}
			ht.fuzzy = string(toks[0].Term)
			ht.fz = t.Fuzziness
			if ht.fz == 0 {
				ht.fz = autoFuzziness(ht.fuzzy)
			}
		default:
			toks := an.Analyze([]byte(t.Value))
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
		ranges := matchRanges(h.an.Analyze([]byte(ft.text)), terms, ft.text)
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

// matchRanges finds the code-point ranges of tokens matching the terms.
func matchRanges(toks analysis.TokenStream, terms []hlTerm, text string) [][2]int {
	byPos := make(map[int]*analysis.Token, len(toks))
	for _, t := range toks {
		byPos[t.Position] = t
	}
	var bytesRanges [][2]int
	for _, tok := range toks {
		term := string(tok.Term)
		for _, ht := range terms {
			switch ht.kind {
			case query.Prefix:
				if strings.HasPrefix(term, ht.prefix) || strings.HasPrefix(fold(text[tok.Start:tok.End]), ht.prefix) {
					bytesRanges = append(bytesRanges, [2]int{tok.Start, tok.End})
				}
			case query.Fuzzy:
				if levenshtein(term, ht.fuzzy, ht.fz) <= ht.fz {
					bytesRanges = append(bytesRanges, [2]int{tok.Start, tok.End})
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
					bytesRanges = append(bytesRanges, [2]int{tok.Start, end})
				}
			}
		}
	}
	if len(bytesRanges) == 0 {
		return nil
	}
	sort.Slice(bytesRanges, func(i, j int) bool { return bytesRanges[i][0] < bytesRanges[j][0] })
	merged := bytesRanges[:1]
	for _, r := range bytesRanges[1:] {
		last := &merged[len(merged)-1]
		if r[0] <= last[1] {
			last[1] = max(last[1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	// Byte offsets to code points, walking the text once.
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

// window cuts a fragment of at most width code points around the densest matches.
func window(field, text string, matches [][2]int, width int) Fragment {
	rs := []rune(text)
	if len(rs) <= width {
		return Fragment{Field: field, Text: text, Matches: matches}
	}
	best, bestN := 0, 0
	for i := range matches {
		n := 0
		for j := i; j < len(matches) && matches[j][1] <= matches[i][0]+width; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	start := max(matches[best][0]-width/5, 0)
	// Start at a word.
	for k := start; k > 0 && k > start-15; k-- {
		if unicode.IsSpace(rs[k-1]) {
			start = k
			break
		}
	}
	end := min(start+width, len(rs))
	for k := end; k < len(rs) && k > end-15; k-- {
		if unicode.IsSpace(rs[k]) {
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
	sb.WriteString(string(rs[start:end]))
	if end < len(rs) {
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
