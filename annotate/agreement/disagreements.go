package agreement

import (
	"fmt"
	"slices"

	"gloss.app/gloss/annotate"
)

// Version is one coder's coding of a unit: their value and the annotations behind it.
type Version struct {
	Coder string
	Value int // 1, 0, or Missing when they did not code the article
	// Annotations are the coder's annotations carrying the reviewed tags that overlap the
	// unit (what "accept this version" copies).
	Annotations []annotate.Annotation
}

// DisagreementUnit is a unit where the coders who coded it gave different values.
type DisagreementUnit struct {
	ArticleID string
	Title     string
	Start     int // the unit, code points; for the character unit a run of characters
	End       int //   that all have the same values
	Text      string
	Versions  []Version // one per coder, in Disagreements.Coders' order
	// Consensus is the consensus's coding of the unit as it stands (Value Missing while
	// the consensus has neither an annotation in the article nor a done mark there),
	// whether or not the run counts the consensus as a coder.
	Consensus Version
}

// Disagreements lists, for one tag, every unit where coders differ: the disagreement
// browser's data.
type Disagreements struct {
	TagID  string
	Path   string
	TagIDs []string // the reviewed tags: the tag, and its sub-tags when rolled up
	Unit   Unit
	Coders []string
	Units  []DisagreementUnit
}

// ListDisagreements finds the units where the coders of the selection disagree on the
// tag (opts.TagIDs is ignored; opts.Rollup counts its sub-tags as it).
func ListDisagreements(ws *annotate.Workspace, opts Options, tagID string) (*Disagreements, error) {
	if err := notBlind(ws); err != nil {
		return nil, err
	}
	opts.TagIDs = []string{tagID}
	s, err := load(ws, opts)
	if err != nil {
		return nil, err
	}
	out := &Disagreements{TagID: tagID, Path: s.cb.Path(tagID), Unit: s.unit, Coders: s.coders}
	for id, rs := range s.targets {
		if len(rs) > 0 {
			out.TagIDs = append(out.TagIDs, id)
		}
	}
	slices.Sort(out.TagIDs)
	type found struct {
		art   *articleData
		start int
		end   int
		ones  uint64
	}
	var hits []found
	var sp splitter
	var unitBuf []Span
	var ivBuf []interval
	for _, a := range s.articles {
		if popcount(a.has) < 2 {
			continue
		}
		ivs := intervals(a, ivBuf)
		ivBuf = ivs
		if len(ivs) == 0 {
			continue
		}
		if s.unit == Character {
			var ev []event
			for _, iv := range ivs {
				ev = append(ev, event{iv.start, iv.coder, true}, event{iv.end, iv.coder, false})
			}
			sortEvents(ev)
			var ones uint64
			for i, e := range ev {
				if e.start {
					ones |= 1 << e.coder
				} else {
					ones &^= 1 << e.coder
				}
				if i+1 >= len(ev) || ev[i+1].pos == e.pos || ones == 0 || ones == a.has {
					continue
				}
				if n := len(hits); n > 0 && hits[n-1].art == a && hits[n-1].end == e.pos && hits[n-1].ones == ones {
					hits[n-1].end = ev[i+1].pos
					continue
				}
				hits = append(hits, found{a, e.pos, ev[i+1].pos, ones})
			}
			continue
		}
		units := s.units(a, &sp, unitBuf)
		unitBuf = units
		touched := map[int]uint64{}
		for _, iv := range ivs {
			lo, hi := unitRange(units, iv.start, iv.end)
			for u := lo; u < hi; u++ {
				touched[u] |= 1 << iv.coder
			}
		}
		idx := make([]int, 0, len(touched))
		for u, ones := range touched {
			if ones != a.has {
				idx = append(idx, u)
			}
		}
		slices.Sort(idx)
		for _, u := range idx {
			hits = append(hits, found{a, int(units[u].Start), int(units[u].End), touched[u]})
		}
	}
	if len(hits) == 0 {
		return out, nil
	}
	coderIdx := map[string]int{}
	for i, c := range s.coders {
		coderIdx[c] = i
	}
	reviewed := map[string]bool{}
	for _, id := range out.TagIDs {
		reviewed[id] = true
	}
	err = ws.ViewAll(func(t *annotate.Tx) error {
		consensusDone := map[string]bool{}
		marks, err := t.DoneMarks()
		if err != nil {
			return err
		}
		for _, m := range marks {
			if m.Coder == annotate.ConsensusAuthor {
				consensusDone[m.ArticleID] = true
			}
		}
		var cur string
		var anns []annotate.Annotation
		var text []rune
		var consensusCoded bool
		for _, h := range hits {
			if h.art.id != cur {
				cur = h.art.id
				if anns, err = t.AnnotationsOf(cur); err != nil {
					return err
				}
				consensusCoded = consensusDone[cur] || slices.ContainsFunc(anns, func(a annotate.Annotation) bool { return a.Author == annotate.ConsensusAuthor })
				text = []rune(h.art.text)
				if len(text) == 0 {
					art, err := t.Article(cur, true)
					if err != nil {
						return err
					}
					text = []rune(art.Text)
				}
			}
			u := DisagreementUnit{ArticleID: cur, Title: h.art.title, Start: h.start, End: h.end,
				Text: string(text[h.start:min(h.end, len(text))]), Versions: make([]Version, len(s.coders))}
			for i, c := range s.coders {
				u.Versions[i] = Version{Coder: c, Value: Missing}
				if h.art.has&(1<<i) != 0 {
					u.Versions[i].Value = int(h.ones >> i & 1)
				}
			}
			u.Consensus = Version{Coder: annotate.ConsensusAuthor, Value: Missing}
			if consensusCoded {
				u.Consensus.Value = 0
			}
			for _, a := range anns {
				if a.State != annotate.Anchored || a.Start >= h.end || a.End <= h.start ||
					!slices.ContainsFunc(a.TagIDs, func(id string) bool { return reviewed[id] }) {
					continue
				}
				if a.Author == annotate.ConsensusAuthor {
					u.Consensus.Value = 1
					u.Consensus.Annotations = append(u.Consensus.Annotations, a)
				}
				name := a.Author
				if name == "" {
					name = NoAuthor
				}
				if i, ok := coderIdx[name]; ok {
					u.Versions[i].Annotations = append(u.Versions[i].Annotations, a)
				}
			}
			out.Units = append(out.Units, u)
		}
		return nil
	})
	return out, err
}

// AcceptRequest names a coder's version of a unit for a tag.
type AcceptRequest struct {
	ArticleID  string
	Start, End int // the unit
	TagID      string
	Rollup     bool // the tag's sub-tags are reviewed with it
	Coder      string
}

// AcceptVersion makes a coder's version of a unit the consensus ("accept this version"):
// their annotations with the reviewed tags there are copied as consensus annotations,
// replacing the consensus's earlier ones on the unit; a coder with none there gives the
// version "nothing here". One undoable step.
func AcceptVersion(ws *annotate.Workspace, req AcceptRequest) ([]annotate.Annotation, annotate.Result, error) {
	if err := notBlind(ws); err != nil {
		return nil, annotate.Result{}, err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return nil, annotate.Result{}, err
	}
	if _, ok := cb.Tag(req.TagID); !ok {
		return nil, annotate.Result{}, fmt.Errorf("no tag %s in the codebook", req.TagID)
	}
	tags := []string{req.TagID}
	if req.Rollup {
		tags = cb.Descendants(req.TagID)
	}
	coder := req.Coder
	if coder == NoAuthor {
		coder = ""
	}
	var from []string
	coded := false
	err = ws.ViewAll(func(t *annotate.Tx) error {
		anns, err := t.AnnotationsOf(req.ArticleID)
		if err != nil {
			return err
		}
		for _, a := range anns {
			if a.Author != coder {
				continue
			}
			coded = true
			if a.State == annotate.Anchored && a.Start < req.End && req.Start < a.End &&
				slices.ContainsFunc(a.TagIDs, func(id string) bool { return slices.Contains(tags, id) }) {
				from = append(from, a.ID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, annotate.Result{}, err
	}
	if !coded {
		marks, err := ws.DoneMarksOf(req.ArticleID)
		if err != nil {
			return nil, annotate.Result{}, err
		}
		if !slices.Contains(marks, req.Coder) {
			return nil, annotate.Result{}, fmt.Errorf("%s did not code article %s: there is no version of theirs to accept", req.Coder, req.ArticleID)
		}
	}
	return ws.AcceptVersion(annotate.AcceptDraft{ArticleID: req.ArticleID, TagIDs: tags, Start: req.Start, End: req.End, From: from, Coder: req.Coder})
}
