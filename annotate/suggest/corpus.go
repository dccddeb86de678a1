package suggest

import (
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/textunits"
)

// Doc is one coded article: its text and its anchored annotations.
type Doc struct {
	Article     annotate.Article // with its text
	Annotations []annotate.Annotation
}

// Corpus is what the models learn from, read from the workspace in one snapshot: the
// articles the analyst has coded (at least one anchored annotation), the rejected
// suggestions, the codebook and the switches.
type Corpus struct {
	Revision   uint64 // the store revision the corpus was read at (or later)
	Codebook   *annotate.Codebook
	Docs       []Doc
	Rejections []annotate.Rejection
	Settings   annotate.SuggestSettings
}

// LoadCorpus reads the corpus from the workspace. Orphaned annotations (whose quote
// could not be re-found) are left out: their offsets no longer point at their text. So
// are, while a team project codes blind, the colleagues' annotations the analyst is not
// shown: a suggestion must not hand over what blind coding hides.
func LoadCorpus(ws *annotate.Workspace) (*Corpus, error) {
	c := &Corpus{Revision: ws.Revision()}
	shown := ws.Visibility() // after the revision: a change in between makes the corpus look stale
	var err error
	if c.Settings, err = ws.SuggestSettings(); err != nil {
		return nil, err
	}
	err = ws.View(func(t *annotate.Tx) error {
		if c.Codebook, err = t.Codebook(); err != nil {
			return err
		}
		byArticle := map[string][]annotate.Annotation{}
		if err := t.EachAnnotation(func(a annotate.Annotation) error {
			if a.State != annotate.Orphaned && shown.Shows(a) {
				byArticle[a.ArticleID] = append(byArticle[a.ArticleID], a)
			}
			return nil
		}); err != nil {
			return err
		}
		for id, anns := range byArticle {
			art, err := t.Article(id, true)
			if err != nil {
				continue // an annotation of a vanished article: nothing to learn from
			}
			c.Docs = append(c.Docs, Doc{Article: art, Annotations: anns})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortDocs(c.Docs)
	if c.Rejections, err = ws.Rejections(""); err != nil {
		return nil, err
	}
	return c, nil
}

// sortDocs orders the docs by text hash, then id: training (and so the model) must not
// depend on map order, nor on the random ids articles get at import.
func sortDocs(docs []Doc) {
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i].Article, docs[j].Article
		if a.SHA256 != b.SHA256 {
			return a.SHA256 < b.SHA256
		}
		return a.ID < b.ID
	})
	for _, d := range docs {
		sort.Slice(d.Annotations, func(i, j int) bool {
			a, b := d.Annotations[i], d.Annotations[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			return a.ID < b.ID
		})
	}
}

// unit is one candidate sentence with what the analyst said about it.
type unit struct {
	doc      int // index in the corpus's docs; -1 for a rejected passage outside them
	span     textunits.Span
	toks     []token
	pos      []int // tags coded on this sentence
	posAnn   []int // for each of pos: the annotation (index in the doc) that codes it
	rejected []int // tags the analyst rejected here
}

func (u *unit) has(tag int) bool { return indexOf(u.pos, tag) >= 0 }

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// minWords is the fewest words a sentence needs to be suggested ("Photo: Reuters" is not).
const minWords = 3

// sentenceUnits cuts a text into sentence units with their tokens.
func sentenceUnits(doc int, text []rune) []unit {
	spans := textunits.SentencesOf(text)
	out := make([]unit, 0, len(spans))
	for _, sp := range spans {
		out = append(out, unit{doc: doc, span: sp, toks: tokenize(text[sp.Start:sp.End], sp.Start)})
	}
	return out
}

// covers reports whether an annotation span codes a sentence: it covers at least half
// of the shorter of the two. A phrase inside a sentence codes it; an annotation over
// three sentences codes those it mostly covers, not one it grazes.
func covers(sentence, ann textunits.Span) bool {
	ov := sentence.Overlap(ann)
	if ov == 0 {
		return false
	}
	return 2*ov >= min(sentence.Len(), ann.Len())
}

// label marks the units of one doc with the tags of its annotations.
func label(units []unit, anns []annotate.Annotation, tagIndex map[string]int) {
	for ai, a := range anns {
		as := textunits.Span{Start: a.Start, End: a.End}
		for ui := range units {
			u := &units[ui]
			if u.span.Start >= a.End {
				break
			}
			if !covers(u.span, as) {
				continue
			}
			for _, id := range a.TagIDs {
				ti, ok := tagIndex[id]
				if !ok || u.has(ti) {
					continue
				}
				u.pos = append(u.pos, ti)
				u.posAnn = append(u.posAnn, ai)
			}
		}
	}
}

// sameText compares passages ignoring differences in white space.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
