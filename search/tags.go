package search

import (
	"fmt"
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
)

// Tag names are not indexed: a document lists its tags' ids (with their ancestors), and
// a query resolves names against the codebook. tag:"energy attacks" names tags; a word
// without a field also finds the passages whose tags' paths contain it (energy finds
// passages tagged Military developments/Energy attacks), as a word of the text would.

// tagResolver holds the codebook's tag paths in the forms queries compare.
type tagResolver struct {
	cb    *annotate.Codebook
	names map[string][]string // folded name, path or path suffix → tag ids
	paths []tagPath
}

type tagPath struct {
	id      string
	names   []string // folded path and its suffixes ("military developments/energy attacks", "energy attacks")
	stems   []posTerm
	written []string
}

type posTerm struct {
	term string
	pos  int
}

func newTagResolver(cb *annotate.Codebook) *tagResolver {
	r := &tagResolver{cb: cb, names: map[string][]string{}}
	for _, t := range cb.Tags() {
		tp := tagPath{id: t.ID}
		path := cb.Path(t.ID)
		parts := strings.Split(fold(path), annotate.PathSeparator)
		for i := range parts {
			n := strings.Join(parts[i:], annotate.PathSeparator)
			tp.names = append(tp.names, n)
			r.names[n] = append(r.names[n], t.ID)
		}
		sharedAnalysis.each([]byte(path), func(pos, _, _ int, f wordForms) {
			tp.written = append(tp.written, f.written)
			if f.stem != "" {
				tp.stems = append(tp.stems, posTerm{f.stem, pos})
			}
		})
		r.paths = append(r.paths, tp)
	}
	return r
}

// named returns the tags a tag: value names: an id, a name, a path or the end of a path;
// with prefix, every tag whose name or path (or the end of it) starts with the value.
func (r *tagResolver) named(value string, prefix bool) []string {
	if _, ok := r.cb.Tag(value); ok && !prefix {
		return []string{value}
	}
	v := fold(value)
	if !prefix {
		return r.names[v]
	}
	var out []string
	for _, tp := range r.paths {
		for _, n := range tp.names {
			if strings.HasPrefix(n, v) {
				out = append(out, tp.id)
				break
			}
		}
	}
	return out
}

// withWords returns the tags whose path has the analysed words seq in this order (gaps as
// in seq): one word or a phrase.
func (r *tagResolver) withWords(seq []posTerm) []string {
	var out []string
	for _, tp := range r.paths {
		if containsSeq(tp.stems, seq) {
			out = append(out, tp.id)
		}
	}
	return out
}

func containsSeq(have []posTerm, seq []posTerm) bool {
	if len(seq) == 0 {
		return false
	}
	at := map[int]string{}
	for _, t := range have {
		at[t.pos] = t.term
	}
	for _, t := range have {
		if t.term != seq[0].term {
			continue
		}
		ok := true
		for _, s := range seq[1:] {
			if at[t.pos+s.pos-seq[0].pos] != s.term {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// withPrefix returns the tags whose path has a word starting with the folded prefix.
func (r *tagResolver) withPrefix(prefix string) []string {
	var out []string
	for _, tp := range r.paths {
		for _, w := range tp.written {
			if strings.HasPrefix(w, prefix) {
				out = append(out, tp.id)
				break
			}
		}
	}
	return out
}

// withSimilar returns the tags whose path has a stem within fz edits of stem.
func (r *tagResolver) withSimilar(stem string, fz int) []string {
	var out []string
	for _, tp := range r.paths {
		for _, s := range tp.stems {
			if levenshtein(s.term, stem, fz) <= fz {
				out = append(out, tp.id)
				break
			}
		}
	}
	return out
}

// suggest lists up to three tag names that contain the typed value as a word start.
func (r *tagResolver) suggest(value string) []string {
	v := fold(strings.TrimSpace(value))
	if v == "" {
		return nil
	}
	var out []string
	for _, t := range r.cb.Tags() {
		name := fold(t.Name)
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '&' || r == '-' || r == '/' }) {
			if strings.HasPrefix(w, v) || strings.HasPrefix(name, v) {
				out = append(out, fmt.Sprintf("tag:%q", t.Name))
				break
			}
		}
	}
	sort.Strings(out)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}
