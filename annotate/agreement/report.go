package agreement

import (
	"fmt"
	"slices"

	"gloss.app/gloss/annotate"
)

// TagReport is the agreement on one tag (or, as Report.Overall, on all used tags pooled).
type TagReport struct {
	TagID string
	Path  string // the tag's path in the codebook; "" for the overall row
	// Used is true when at least one of the coders gave the tag to a unit.
	Used bool
	Coding
	// UAlpha is Krippendorff's unitized alpha on the highlighted spans, over the articles
	// every coder coded (UAlphaArticles of them, UAlphaLength code points).
	UAlpha         Value
	UAlphaArticles int
	UAlphaLength   int64
	Notes          []string
}

// Report is one agreement run.
type Report struct {
	Unit     Unit
	Coders   []string
	Coded    []int // articles each coder coded, in Coders' order
	Articles int   // selected articles coded by at least one coder
	Rollup   bool
	Tags     []TagReport
	// Overall pools the data of every used tag: each (unit, tag) pair is one decision
	// (present or absent), so it weighs tags by how many units they cover. u-alpha
	// overall is 1 − mean Do / mean De over the used tags (Krippendorff 2004).
	Overall TagReport
	// MeanAlpha is the plain mean of the defined per-tag alphas, for comparison.
	MeanAlpha Value
	Notes     []string
}

// Compute measures the agreement of the selection.
func Compute(ws *annotate.Workspace, opts Options) (*Report, error) {
	if err := notBlind(ws); err != nil {
		return nil, err
	}
	s, err := load(ws, opts)
	if err != nil {
		return nil, err
	}
	s.progress = opts.Progress
	return s.report(opts.Rollup), nil
}

// tagData accumulates one report tag over the articles.
type tagData struct {
	counts map[pattern]int64
	ones   int64 // units given the tag by some coder
	spans  [][]Span
}

func (s *selection) report(rollup bool) *Report {
	nc := len(s.coders)
	all := uint64(1)<<nc - 1
	if nc == MaxCoders {
		all = ^uint64(0)
	}
	data := make([]tagData, len(s.tags))
	for r := range data {
		data[r] = tagData{counts: map[pattern]int64{}, spans: make([][]Span, nc)}
	}
	base := map[uint64]int64{} // units per set of coders, before any tag is counted
	var ulen int64             // the u-alpha continuum: the articles every coder coded
	var breaks []int64
	uArticles := 0
	var sp splitter
	var unitBuf []Span
	var ivBuf []interval
	touched := map[int]uint64{}
	var events []event
	for ai, a := range s.articles {
		if s.progress != nil && ai%progressEvery == 0 {
			s.progress(ai, len(s.articles))
		}
		units := s.units(a, &sp, unitBuf)
		unitBuf = units
		n := int64(len(units))
		if s.unit == Character {
			n = int64(a.length)
		}
		base[a.has] += n
		full := a.has == all && nc >= 2
		if full {
			if ulen > 0 {
				breaks = append(breaks, ulen)
			}
			uArticles++
		}
		ivs := intervals(a, ivBuf)
		ivBuf = ivs
		for i := 0; i < len(ivs); {
			j := i
			for j < len(ivs) && ivs[j].tag == ivs[i].tag {
				j++
			}
			td := &data[ivs[i].tag]
			group := ivs[i:j]
			if full {
				for _, iv := range group {
					td.spans[iv.coder] = append(td.spans[iv.coder], Span{ulen + int64(iv.start), ulen + int64(iv.end)})
				}
			}
			if s.unit == Character {
				events = countCharacters(td, a.has, group, events)
			} else {
				clear(touched)
				for _, iv := range group {
					lo, hi := unitRange(units, iv.start, iv.end)
					for u := lo; u < hi; u++ {
						touched[u] |= 1 << iv.coder
					}
				}
				for _, ones := range touched {
					td.counts[pattern{a.has, ones}]++
				}
				td.counts[pattern{a.has, 0}] -= int64(len(touched))
				td.ones += int64(len(touched))
			}
			i = j
		}
		if full {
			ulen += int64(a.length)
		}
	}
	rep := &Report{Unit: s.unit, Coders: s.coders, Coded: s.coded, Articles: len(s.articles), Rollup: rollup, Notes: s.notes}
	pooled := map[pattern]int64{}
	var ds []Disagreement
	var gapBuf []int64
	var alphaSum float64
	alphaN := 0
	for r, tag := range s.tags {
		td := &data[r]
		for has, n := range base {
			td.counts[pattern{has, 0}] += n
		}
		tr := TagReport{TagID: tag.ID, Path: s.cb.Path(tag.ID), Used: td.ones > 0}
		tr.Coding = Analyze(toData(nc, td.counts))
		u := Unitizing{Length: ulen, Coders: nc, Breaks: breaks, Spans: td.spans}
		tr.UAlphaArticles, tr.UAlphaLength = uArticles, ulen
		if d, ok := unitizedDisagreement(u, &gapBuf); ok {
			tr.UAlpha = defined(1 - d.Observed/d.Expected)
			if tr.Used {
				ds = append(ds, d)
			}
		} else {
			tr.UAlpha = undefinedUnitizing(u)
		}
		if tr.Used {
			for p, n := range td.counts {
				pooled[p] += n
			}
			if tr.Alpha.V != nil {
				alphaSum += *tr.Alpha.V
				alphaN++
			}
		} else {
			tr.Notes = append(tr.Notes, "nobody gave this tag to a unit in the selection: its measures are undefined")
			why := "nobody used the tag"
			tr.Alpha, tr.CohenKappa, tr.FleissKappa, tr.UAlpha = undefined("%s", why), undefined("%s", why), undefined("%s", why), undefined("%s", why)
		}
		tr.Notes = append(tr.Notes, measureNotes(tr, nc)...)
		rep.Tags = append(rep.Tags, tr)
	}
	rep.Overall = TagReport{Used: len(pooled) > 0, UAlphaArticles: uArticles, UAlphaLength: ulen}
	if len(pooled) > 0 {
		rep.Overall.Coding = Analyze(toData(nc, pooled))
		rep.Overall.UAlpha = PooledUAlpha(ds)
	} else {
		why := "no coder used any of the tags in the selection"
		rep.Overall.Observed, rep.Overall.Expected = undefined("%s", why), undefined("%s", why)
		rep.Overall.Alpha, rep.Overall.CohenKappa, rep.Overall.FleissKappa, rep.Overall.UAlpha = undefined("%s", why), undefined("%s", why), undefined("%s", why), undefined("%s", why)
	}
	rep.Overall.Notes = measureNotes(rep.Overall, nc)
	if alphaN > 0 {
		rep.MeanAlpha = defined(alphaSum / float64(alphaN))
	} else {
		rep.MeanAlpha = undefined("no tag has a defined alpha")
	}
	switch {
	case nc < 2:
		rep.Notes = append(rep.Notes, fmt.Sprintf("agreement needs two coders or more; the selection has %d", nc))
	case nc > 2:
		rep.Notes = append(rep.Notes, fmt.Sprintf("Cohen's kappa needs exactly two coders (there are %d): see Fleiss' kappa and alpha", nc))
	}
	if nc >= 2 && uArticles == 0 {
		rep.Notes = append(rep.Notes, "u-alpha needs articles that every coder coded; there are none, so it is undefined")
	} else if nc >= 2 && uArticles < len(s.articles) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("u-alpha uses the %d of %d articles that every coder coded", uArticles, len(s.articles)))
	}
	if s.progress != nil {
		s.progress(len(s.articles), len(s.articles))
	}
	return rep
}

// measureNotes words why each undefined measure of a row is undefined (Cohen's kappa
// with more than two coders is said once for the whole report).
func measureNotes(tr TagReport, coders int) []string {
	var out []string
	if !tr.Used && tr.Path != "" {
		return nil
	}
	for _, m := range []struct {
		name string
		v    Value
	}{{"alpha", tr.Alpha}, {"Cohen's kappa", tr.CohenKappa}, {"Fleiss' kappa", tr.FleissKappa}, {"u-alpha", tr.UAlpha}} {
		if m.v.V != nil || m.v.Note == "" || (m.name == "Cohen's kappa" && coders != 2) || (m.name == "u-alpha" && tr.UAlphaArticles == 0) || coders < 2 {
			continue
		}
		out = append(out, m.name+" is undefined: "+m.v.Note)
	}
	return out
}

// event is a coder's stretch starting or ending, for the character sweep.
type event struct {
	pos   int
	coder int
	start bool
}

// countCharacters adds the character units of one tag of one article: between two
// consecutive starts or ends of the coders' stretches every character has the same values.
func countCharacters(td *tagData, has uint64, group []interval, events []event) []event {
	events = events[:0]
	for _, iv := range group {
		events = append(events, event{iv.start, iv.coder, true}, event{iv.end, iv.coder, false})
	}
	sortEvents(events)
	var ones uint64
	var covered int64
	for i, e := range events {
		if e.start {
			ones |= 1 << e.coder
		} else {
			ones &^= 1 << e.coder
		}
		if i+1 < len(events) && ones != 0 {
			if run := int64(events[i+1].pos - e.pos); run > 0 {
				td.counts[pattern{has, ones}] += run
				covered += run
			}
		}
	}
	td.counts[pattern{has, 0}] -= covered
	td.ones += covered
	return events
}

func sortEvents(ev []event) {
	// Ends before starts at one position, so stretches that touch do not overlap.
	less := func(a, b event) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		if a.start == b.start {
			return a.coder - b.coder
		}
		if !a.start {
			return -1
		}
		return 1
	}
	slices.SortFunc(ev, less)
}
