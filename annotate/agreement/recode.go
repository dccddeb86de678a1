package agreement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
)

// SampleSize is how many units a self-check re-codes: a share or a number.
type SampleSize struct {
	Fraction float64 // 0 < Fraction ≤ 1, or 0 when Count is set
	Count    int
}

// ParseSampleSize reads "10%" (a share of the units) or "25" (a number of units).
func ParseSampleSize(s string) (SampleSize, error) {
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f <= 0 || f > 100 || math.IsNaN(f) {
			return SampleSize{}, fmt.Errorf("the sample is a share from 0%% (not included) to 100%%, like 10%%, not %q", s)
		}
		return SampleSize{Fraction: f / 100}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return SampleSize{}, fmt.Errorf("the sample is a share like 10%% or a number of units like 25, not %q", s)
	}
	return SampleSize{Count: n}, nil
}

func (z SampleSize) String() string {
	if z.Count > 0 {
		return strconv.Itoa(z.Count)
	}
	return strconv.FormatFloat(z.Fraction*100, 'f', -1, 64) + "%"
}

// of is the sample size out of n units (a share rounds, at least one unit).
func (z SampleSize) of(n int) int {
	if z.Count > 0 {
		return min(z.Count, n)
	}
	return min(n, max(1, int(math.Round(z.Fraction*float64(n)))))
}

// SampleOptions describe a self-check's sample.
type SampleOptions struct {
	Coder string // "" for the workspace's author
	Unit  Unit   // sentence (the default), paragraph or article
	Size  SampleSize
	Seed  uint64 // 0 draws one
	// CodedOnly draws only from units the coder highlighted something in. By default
	// every unit of the articles they coded can be drawn, so the check also sees what
	// they left out (sampling only highlighted units can find wrong codes, never missed ones).
	CodedOnly bool
}

// DrawSample draws the units of a new self-check at random, without replacement, from
// the units of the articles the coder coded (annotations or a done mark).
func DrawSample(ws *annotate.Workspace, opts SampleOptions) (annotate.RecodePlan, error) {
	unit := opts.Unit
	if unit == "" {
		unit = Sentence
	}
	if unit == Character {
		return annotate.RecodePlan{}, fmt.Errorf("a self-check re-codes sentences, paragraphs or articles, not single characters")
	}
	coder := strings.TrimSpace(opts.Coder)
	if coder == "" {
		coder = ws.Author()
	}
	s, err := load(ws, Options{Coders: []string{coder}, Unit: unit, Rollup: true, TagIDs: rootTags(ws)})
	if err != nil {
		return annotate.RecodePlan{}, err
	}
	var population []annotate.RecodeUnit
	var sp splitter
	var buf []Span
	var ivBuf []interval
	for _, a := range s.articles {
		units := s.units(a, &sp, buf)
		buf = units
		if !opts.CodedOnly {
			for _, u := range units {
				population = append(population, annotate.RecodeUnit{ArticleID: a.id, Start: int(u.Start), End: int(u.End)})
			}
			continue
		}
		ivs := intervals(a, ivBuf)
		ivBuf = ivs
		hit := map[int]bool{}
		for _, iv := range ivs {
			lo, hi := unitRange(units, iv.start, iv.end)
			for u := lo; u < hi; u++ {
				hit[u] = true
			}
		}
		for i, u := range units {
			if hit[i] {
				population = append(population, annotate.RecodeUnit{ArticleID: a.id, Start: int(u.Start), End: int(u.End)})
			}
		}
	}
	if len(population) == 0 {
		if opts.CodedOnly {
			return annotate.RecodePlan{}, fmt.Errorf("%s has highlighted nothing yet: there is nothing to code again", coder)
		}
		return annotate.RecodePlan{}, fmt.Errorf("%s has coded no article yet (no highlight, no done mark): there is nothing to code again", coder)
	}
	seed := opts.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	n := opts.Size.of(len(population))
	for i := 0; i < n; i++ { // a partial Fisher–Yates shuffle: the first n are the sample
		j := i + rng.IntN(len(population)-i)
		population[i], population[j] = population[j], population[i]
	}
	sample := population[:n]
	slices.SortFunc(sample, func(x, y annotate.RecodeUnit) int {
		if x.ArticleID != y.ArticleID {
			return strings.Compare(x.ArticleID, y.ArticleID)
		}
		return x.Start - y.Start
	})
	return annotate.RecodePlan{Coder: coder, Unit: string(unit), Sample: opts.Size.String(), Seed: seed,
		Population: len(population), Units: slices.Clip(sample)}, nil
}

// rootTags lists the top-level tags: rolled up, they cover every tag.
func rootTags(ws *annotate.Workspace) []string {
	cb, err := ws.Codebook()
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range cb.Children("") {
		out = append(out, t.ID)
	}
	return out
}

// The two codings of a self-check, as coders.
const (
	FirstCoding  = "first"
	SecondCoding = "second"
)

// RecodeResult is a self-check's intra-coder agreement: the coder's first coding (before
// the session) against their second (during it), on the sampled units only. Both codings
// coded every sampled unit, so no value is missing.
type RecodeResult struct {
	Session *annotate.RecodeSession
	Units   int
	// Recoded counts the sampled units the coder highlighted something in during the
	// session (the others were left empty the second time).
	Recoded int
	*Report
}

// RecodeResultOf measures a self-check (running or ended) per tag used in either coding.
func RecodeResultOf(ws *annotate.Workspace, session *annotate.RecodeSession, rollup bool) (*RecodeResult, error) {
	first, second, err := ws.RecodeCodings(session)
	if err != nil {
		return nil, err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return nil, err
	}
	s := &selection{unit: Article, cb: cb, targets: map[string][]int{}, coders: []string{FirstCoding, SecondCoding}}
	used := map[string]bool{}
	for _, a := range append(slices.Clone(first), second...) {
		for _, id := range a.TagIDs {
			if _, ok := cb.Tag(id); !ok {
				continue
			}
			used[id] = true
			if rollup {
				for t, ok := cb.Tag(id); ok && t.ParentID != ""; t, ok = cb.Tag(t.ParentID) {
					used[t.ParentID] = true
				}
			}
		}
	}
	for _, t := range cb.Tags() { // codebook order
		if used[t.ID] {
			s.tags = append(s.tags, t)
		}
	}
	for r, tag := range s.tags {
		ids := []string{tag.ID}
		if rollup {
			ids = cb.Descendants(tag.ID)
		}
		for _, id := range ids {
			s.targets[id] = append(s.targets[id], r)
		}
	}
	// Each sampled unit becomes a little article of its own; the codings' spans are cut
	// to it, so u-alpha compares the spans inside the sampled units.
	recoded := 0
	for _, u := range session.Units {
		a := &articleData{id: fmt.Sprintf("%s:%d-%d", u.ArticleID, u.Start, u.End), length: u.End - u.Start, has: 3}
		touched := false
		for coder, coding := range [][]annotate.Annotation{first, second} {
			for _, an := range coding {
				if an.ArticleID != u.ArticleID || an.State != annotate.Anchored || an.Start >= u.End || an.End <= u.Start {
					continue
				}
				if coder == 1 {
					touched = true
				}
				var targets []int
				for _, id := range an.TagIDs {
					for _, r := range s.targets[id] {
						if !slices.Contains(targets, r) {
							targets = append(targets, r)
						}
					}
				}
				a.anns = append(a.anns, slimAnn{start: max(an.Start, u.Start) - u.Start, end: min(an.End, u.End) - u.Start, coder: coder, targets: targets})
			}
		}
		if touched {
			recoded++
		}
		s.articles = append(s.articles, a)
	}
	s.coded = []int{len(session.Units), len(session.Units)}
	rep := s.report(rollup)
	rep.Unit = Unit(session.Unit)
	if len(s.tags) == 0 {
		rep.Notes = append(rep.Notes, "no tag was used in either coding of the sampled units")
	}
	if recoded == 0 && session.Status == annotate.RecodeActive {
		rep.Notes = append(rep.Notes, "nothing has been coded again yet: code the sampled units (gloss recode status lists them), then ask again")
	}
	return &RecodeResult{Session: session, Units: len(session.Units), Recoded: recoded, Report: rep}, nil
}
