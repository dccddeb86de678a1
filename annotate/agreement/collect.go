package agreement

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
)

// Unit is what agreement compares coders on.
type Unit string

const (
	Sentence  Unit = "sentence"  // the sentences of the canonical text (textunits.Sentences)
	Paragraph Unit = "paragraph" // its blank-line paragraphs (textunits.Paragraphs)
	Article   Unit = "article"   // whole articles
	Character Unit = "character" // every code point of the coded articles
)

// Units lists the units in the order the CLI shows them.
var Units = []Unit{Sentence, Paragraph, Article, Character}

// ParseUnit reads a unit name ("" is sentence).
func ParseUnit(s string) (Unit, error) {
	if s == "" {
		return Sentence, nil
	}
	for _, u := range Units {
		if string(u) == strings.ToLower(strings.TrimSpace(s)) {
			return u, nil
		}
	}
	return "", fmt.Errorf("the unit is sentence, paragraph, article or character, not %q", s)
}

// MaxCoders bounds the coders of one run (values are kept as bit masks).
const MaxCoders = 64

// NoAuthor names the coder of annotations that carry no author.
const NoAuthor = "(no author)"

// Options choose what agreement compares.
type Options struct {
	// Coders to compare; empty means every author of an annotation or done mark in the
	// selection (the consensus author only with Consensus).
	Coders []string
	Unit   Unit // "" is Sentence
	// TagIDs are the tags to report; empty means every tag of the codebook.
	TagIDs []string
	// Rollup counts an annotation with a sub-tag for each tag above it too.
	Rollup bool
	// ArticleIDs limits the selection; nil means every article.
	ArticleIDs []string
	// Consensus includes the curator's consensus annotations as one more coder.
	Consensus bool
	// Progress, when set, is told how many of the selected articles have been counted
	// (the window's progress bar); it is called from the computing goroutine.
	Progress func(done, total int)
}

// slimAnn is what agreement needs of an annotation.
type slimAnn struct {
	start, end int
	coder      int
	targets    []int // report tags it counts for
}

// articleData is one selected article coded by at least one coder.
type articleData struct {
	id, title string
	length    int
	text      string // only for sentence and paragraph units
	has       uint64 // coders who coded it
	anns      []slimAnn
}

// selection is the workspace read for one run.
type selection struct {
	unit     Unit
	cb       *annotate.Codebook
	tags     []annotate.Tag
	targets  map[string][]int // annotation tag id → report tags it counts for
	coders   []string
	coded    []int // articles each coder coded
	articles []*articleData
	orphaned int // anchored nowhere: left out of the values
	notes    []string
	withText bool
	progress func(done, total int)
}

// progressEvery is how many articles are counted between two calls of Options.Progress.
const progressEvery = 256

// load reads the selection in one snapshot that includes annotations a self-check hides
// (they are the coder's real coding).
func load(ws *annotate.Workspace, opts Options) (*selection, error) {
	unit := opts.Unit
	if unit == "" {
		unit = Sentence
	}
	s := &selection{unit: unit, targets: map[string][]int{}, withText: unit == Sentence || unit == Paragraph}
	err := ws.ViewAll(func(t *annotate.Tx) error {
		cb, err := t.Codebook()
		if err != nil {
			return err
		}
		s.cb = cb
		if err := s.chooseTags(opts); err != nil {
			return err
		}
		var only map[string]bool
		if opts.ArticleIDs != nil {
			only = map[string]bool{}
			for _, id := range opts.ArticleIDs {
				only[id] = true
			}
		}
		coderIdx := map[string]int{}
		fixed := len(opts.Coders) > 0
		for _, c := range opts.Coders {
			c = strings.TrimSpace(c)
			if _, dup := coderIdx[c]; dup || c == "" {
				continue
			}
			coderIdx[c] = len(s.coders)
			s.coders = append(s.coders, c)
		}
		coder := func(name string) (int, bool) {
			if name == "" {
				name = NoAuthor
			}
			if i, ok := coderIdx[name]; ok {
				return i, true
			}
			if fixed || (name == annotate.ConsensusAuthor && !opts.Consensus) {
				return 0, false
			}
			coderIdx[name] = len(s.coders)
			s.coders = append(s.coders, name)
			return coderIdx[name], true
		}
		byArticle := map[string]*articleData{}
		article := func(id string) *articleData {
			a := byArticle[id]
			if a == nil {
				a = &articleData{id: id}
				byArticle[id] = a
			}
			return a
		}
		marks, err := t.DoneMarks()
		if err != nil {
			return err
		}
		for _, m := range marks {
			if only != nil && !only[m.ArticleID] {
				continue
			}
			if i, ok := coder(m.Coder); ok && i < MaxCoders {
				article(m.ArticleID).has |= 1 << i
			}
		}
		var arena []int // the annotations' targets, cut from one growing slice
		err = t.EachAnnotationSpan(func(a annotate.AnnotationSpan) error {
			if only != nil && !only[a.ArticleID] {
				return nil
			}
			i, ok := coder(a.Author)
			if !ok || i >= MaxCoders {
				return nil
			}
			art := article(a.ArticleID)
			art.has |= 1 << i
			if a.State != annotate.Anchored || a.End <= a.Start {
				s.orphaned++
				return nil
			}
			from := len(arena)
			for _, tag := range a.TagIDs {
				for _, r := range s.targets[tag] {
					if !slices.Contains(arena[from:], r) {
						arena = append(arena, r)
					}
				}
			}
			if len(arena) == from {
				return nil
			}
			art.anns = append(art.anns, slimAnn{start: a.Start, end: a.End, coder: i, targets: arena[from:len(arena):len(arena)]})
			return nil
		})
		if err != nil {
			return err
		}
		if len(s.coders) > MaxCoders {
			return fmt.Errorf("agreement compares at most %d coders at once (there are %d): choose some with --coders", MaxCoders, len(s.coders))
		}
		if !fixed {
			s.sortCoders(byArticle)
		}
		ids := make([]string, 0, len(byArticle))
		for id, a := range byArticle {
			if a.has != 0 {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		s.coded = make([]int, len(s.coders))
		for _, id := range ids {
			a := byArticle[id]
			meta, err := t.Article(id, s.withText)
			if err != nil {
				continue // annotations or a done mark of an article deleted since: nothing to compare
			}
			a.title, a.length, a.text = meta.Title, meta.Length, meta.Text
			for i := range s.coders {
				if a.has&(1<<i) != 0 {
					s.coded[i]++
				}
			}
			s.articles = append(s.articles, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, c := range s.coders {
		if s.coded[i] == 0 {
			s.notes = append(s.notes, fmt.Sprintf("coder %s coded no article in the selection", c))
		}
	}
	if s.orphaned > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d orphaned annotations (their quote is not in the current text) count only to say their coder coded the article; their spans are left out", s.orphaned))
	}
	return s, nil
}

// sortCoders puts the coders found in the store in name order (the store gives them in
// the random order of annotation ids) and renumbers them everywhere.
func (s *selection) sortCoders(byArticle map[string]*articleData) {
	order := make([]int, len(s.coders)) // new position → old index
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(s.coders[a], s.coders[b]) })
	newIdx := make([]int, len(order))
	names := make([]string, len(order))
	for n, old := range order {
		newIdx[old] = n
		names[n] = s.coders[old]
	}
	s.coders = names
	for _, a := range byArticle {
		var has uint64
		for old := range newIdx {
			if a.has&(1<<old) != 0 {
				has |= 1 << newIdx[old]
			}
		}
		a.has = has
		for i := range a.anns {
			a.anns[i].coder = newIdx[a.anns[i].coder]
		}
	}
}

// chooseTags fixes the report tags and what each annotation tag counts for.
func (s *selection) chooseTags(opts Options) error {
	if len(opts.TagIDs) == 0 {
		s.tags = s.cb.Tags()
	} else {
		for _, id := range opts.TagIDs {
			tag, ok := s.cb.Tag(id)
			if !ok {
				return fmt.Errorf("no tag %s in the codebook", id)
			}
			if !slices.ContainsFunc(s.tags, func(t annotate.Tag) bool { return t.ID == id }) {
				s.tags = append(s.tags, tag)
			}
		}
	}
	for r, tag := range s.tags {
		ids := []string{tag.ID}
		if opts.Rollup {
			ids = s.cb.Descendants(tag.ID)
		}
		for _, id := range ids {
			s.targets[id] = append(s.targets[id], r)
		}
	}
	return nil
}

// units returns the article's units.
func (s *selection) units(a *articleData, sp *splitter, buf []Span) []Span {
	switch s.unit {
	case Sentence:
		return sp.sentences(buf[:0], a.text)
	case Paragraph:
		return sp.paragraphs(buf[:0], a.text)
	}
	return append(buf[:0], Span{0, int64(a.length)})
}

// interval is one coder's merged stretch of one report tag.
type interval struct {
	tag, coder int
	start, end int
}

// intervals merges each coder's overlapping spans of each report tag (a coder's value
// for a unit does not depend on how many of their highlights cover it).
func intervals(a *articleData, dst []interval) []interval {
	dst = dst[:0]
	for _, an := range a.anns {
		s, e := max(an.start, 0), min(an.end, a.length)
		if e <= s {
			continue
		}
		for _, r := range an.targets {
			dst = append(dst, interval{r, an.coder, s, e})
		}
	}
	slices.SortFunc(dst, func(x, y interval) int {
		return cmp.Or(cmp.Compare(x.tag, y.tag), cmp.Compare(x.coder, y.coder), cmp.Compare(x.start, y.start))
	})
	out := dst[:0]
	for _, iv := range dst {
		if n := len(out); n > 0 && out[n-1].tag == iv.tag && out[n-1].coder == iv.coder && iv.start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, iv.end)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// unitRange finds the units [lo, hi) that [start, end) overlaps by a character or more.
func unitRange(units []Span, start, end int) (lo, hi int) {
	s, e := int64(start), int64(end)
	lo = sort.Search(len(units), func(i int) bool { return units[i].End > s })
	hi = sort.Search(len(units), func(i int) bool { return units[i].Start >= e })
	return lo, max(lo, hi)
}

// pattern is one unit's values: which coders coded it and which of them gave it 1.
type pattern struct{ has, ones uint64 }

// toData turns pattern counts into reliability data.
func toData(coders int, counts map[pattern]int64) Data {
	d := Data{Coders: coders, Categories: 2}
	keys := make([]pattern, 0, len(counts))
	for p, n := range counts {
		if n > 0 {
			keys = append(keys, p)
		}
	}
	slices.SortFunc(keys, func(x, y pattern) int { return cmp.Or(cmp.Compare(x.has, y.has), cmp.Compare(x.ones, y.ones)) })
	for _, p := range keys {
		vals := make([]int, coders)
		for i := range vals {
			switch {
			case p.has&(1<<i) == 0:
				vals[i] = Missing
			case p.ones&(1<<i) != 0:
				vals[i] = 1
			}
		}
		d.Rows = append(d.Rows, Row{Values: vals, Count: counts[p]})
	}
	return d
}

func popcount(x uint64) int { return bits.OnesCount64(x) }
