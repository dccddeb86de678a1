package suggest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/textunits"
)

// Params tune training.
type Params struct {
	// MinExamples is how many coded sentences a tag needs before it is suggested.
	MinExamples int
	Linear      LinearParams
	Groups      GroupWeights // zero: DefaultGroupWeights
	// MinDF drops features seen in fewer training sentences than this: a word met once
	// cannot generalise, only let the model memorise its sentence.
	MinDF int
	// Workers train tags side by side (0: one per CPU).
	Workers int
}

// DefaultMinExamples is the fewest coded sentences that make a tag suggestible.
const DefaultMinExamples = 10

// DefaultParams are Gloss's training parameters.
func DefaultParams() Params {
	return Params{MinExamples: DefaultMinExamples, Linear: DefaultLinear, Groups: DefaultGroupWeights, MinDF: 1}
}

// TagState says what the model knows about one tag.
type TagState struct {
	TagID    string `json:"tag_id"`
	Examples int    `json:"examples"` // coded sentences
	Rejected int    `json:"rejected"` // sentences rejected for it
	Trained  bool   `json:"trained"`  // a model was trained: the tag can be suggested
	Phrases  int    `json:"phrases"`  // distinct coded phrases the matcher knows
	Needed   int    `json:"needed"`   // examples needed before it is suggested
	// Cut is the score from which the tag is suggested by default: the one that gave the
	// best F1 when its coding was cross-validated in training.
	Cut   float64 `json:"cut"`
	model *linear
	cal   calibration
}

// annInfo is what an explanation shows of an annotation.
type annInfo struct {
	ID, ArticleID, ArticleTitle, Exact, Note string
}

// Model is a trained snapshot: immutable once built, safe to use from any goroutine.
type Model struct {
	Revision uint64        // the store revision of the corpus it learnt from
	Built    time.Time     // when training ended
	Took     time.Duration // how long training took
	Codebook *annotate.Codebook
	Settings annotate.SuggestSettings // the switches when it was trained (Suggest reads current ones)

	params    Params
	tagIDs    []string
	tagIndex  map[string]int
	tags      []TagState
	idf       []float32
	matcher   *matcher
	exemplars *exemplarIndex
	anns      []annInfo
	cache     *candidateCache // the scored sentences of the last articles asked about
	docs      int             // coded articles learnt from
	units     int             // sentences learnt from
}

// Tags returns the state of every tag of the codebook, in codebook order.
func (m *Model) Tags() []TagState {
	out := make([]TagState, 0, len(m.tags))
	for _, t := range m.Codebook.Tags() {
		if i, ok := m.tagIndex[t.ID]; ok {
			s := m.tags[i]
			s.model = nil
			out = append(out, s)
		}
	}
	return out
}

// Tag returns the state of one tag.
func (m *Model) Tag(id string) (TagState, bool) {
	i, ok := m.tagIndex[id]
	if !ok {
		return TagState{}, false
	}
	s := m.tags[i]
	s.model = nil
	return s, true
}

// Coverage is how many coded articles and sentences the model learnt from.
func (m *Model) Coverage() (articles, sentences int) { return m.docs, m.units }

// Train learns a model from a corpus. It does not read the workspace and keeps nothing
// of the corpus but what explanations need.
func Train(c *Corpus, p Params) (*Model, error) {
	began := time.Now()
	if p.MinExamples <= 0 {
		p.MinExamples = DefaultMinExamples
	}
	if p.Linear.Epochs <= 0 {
		p.Linear = DefaultLinear
	}
	if p.Groups == (GroupWeights{}) {
		p.Groups = DefaultGroupWeights
	}
	m := &Model{Revision: c.Revision, Codebook: c.Codebook, Settings: c.Settings, params: p, tagIndex: map[string]int{},
		cache: &candidateCache{}}
	for _, t := range c.Codebook.Tags() {
		m.tagIndex[t.ID] = len(m.tagIDs)
		m.tagIDs = append(m.tagIDs, t.ID)
	}
	m.tags = make([]TagState, len(m.tagIDs))
	for i, id := range m.tagIDs {
		m.tags[i] = TagState{TagID: id, Needed: p.MinExamples}
	}

	units, annBase := m.buildUnits(c)
	m.docs, m.units = len(c.Docs), len(units)

	// Document frequencies over every training sentence, then the sentence vectors.
	f := newFeaturizer(nil, 1, p.Groups)
	df := make([]uint32, Dim)
	var ids []uint32
	for i := range units {
		ids = f.buckets(units[i].toks, ids)
		for _, b := range ids {
			df[b]++
		}
	}
	for i, d := range df {
		if int(d) < p.MinDF {
			df[i] = 0
		}
	}
	m.idf, _ = idfTable(df, len(units))
	vecs := make([]Vec, len(units))
	parallel(len(units), p.Workers, func(lo, hi int) {
		f := newFeaturizer(m.idf, 0, p.Groups)
		for i := lo; i < hi; i++ {
			vecs[i] = f.vector(units[i].toks)
		}
	})

	// The phrase matcher learns every coded phrase.
	m.matcher = newMatcher()
	for _, d := range c.Docs {
		for _, a := range d.Annotations {
			toks := tokenize([]rune(a.Exact), 0)
			for _, id := range a.TagIDs {
				if ti, ok := m.tagIndex[id]; ok {
					m.matcher.add(toks, ti, a.Exact)
				}
			}
		}
	}
	for _, p := range m.matcher.phrases {
		for ti := range p.counts {
			m.tags[ti].Phrases++
		}
	}

	// Counts, and the tags that have enough examples to learn.
	for _, u := range units {
		for _, ti := range u.pos {
			m.tags[ti].Examples++
		}
		for _, ti := range u.rejected {
			m.tags[ti].Rejected++
		}
	}
	var trainable []int
	for ti := range m.tags {
		if m.tags[ti].Examples >= p.MinExamples {
			trainable = append(trainable, ti)
		}
	}

	// One logistic regression per trainable tag, side by side.
	parallelEach(len(trainable), p.Workers, func(k int) {
		ti := trainable[k]
		m.tags[ti].model, m.tags[ti].cal = trainTag(ti, m.tagIDs[ti], units, vecs, p)
		m.tags[ti].Cut = round3(m.tags[ti].cal.Cut)
		m.tags[ti].Trained = true
	})

	// Keep sketches of the coded sentences only: they are the explanations.
	var sketches []Vec
	var refs [][]tagAnn
	for i, u := range units {
		var r []tagAnn
		for k, ti := range u.pos {
			if m.tags[ti].Trained {
				r = append(r, tagAnn{tag: int32(ti), ann: int32(annBase[u.doc] + u.posAnn[k])})
			}
		}
		if len(r) > 0 && len(vecs[i].Idx) > 0 {
			sketches = append(sketches, sketch(vecs[i], sketchSize))
			refs = append(refs, r)
		}
	}
	m.exemplars = buildExemplarIndex(sketches, refs)
	m.Took = time.Since(began)
	m.Built = time.Now()
	return m, nil
}

// sketchSize is how many of its strongest features a coded sentence keeps for the
// nearest-passage search: the similarity then costs 64 steps per coded sentence instead
// of ~300, and the ranking of neighbours barely changes.
const sketchSize = 64

// sketch keeps the k largest values of v (all of them when it has no more).
func sketch(v Vec, k int) Vec {
	if len(v.Idx) <= k {
		return Vec{Idx: slices.Clone(v.Idx), Val: slices.Clone(v.Val)}
	}
	vals := slices.Clone(v.Val)
	slices.Sort(vals)
	floor := vals[len(vals)-k] // the k-th largest value
	above := 0                 // values strictly above it all go in; ties fill the rest
	for _, x := range vals[len(vals)-k:] {
		if x > floor {
			above++
		}
	}
	ties := k - above
	out := Vec{Idx: make([]uint32, 0, k), Val: make([]float32, 0, k)}
	for i, x := range v.Val {
		if x > floor || x == floor && ties > 0 {
			if x == floor {
				ties--
			}
			out.Idx = append(out.Idx, v.Idx[i])
			out.Val = append(out.Val, x)
		}
	}
	return out
}

// buildUnits cuts the coded articles into labelled sentences, marks the rejected ones
// and adds rejected passages of articles not coded yet. annBase[d] is where doc d's
// annotations start in m.anns.
func (m *Model) buildUnits(c *Corpus) ([]unit, []int) {
	var units []unit
	annBase := make([]int, len(c.Docs))
	docOf := map[string]int{}
	firstUnit := make([]int, len(c.Docs)+1)
	for d, doc := range c.Docs {
		docOf[doc.Article.ID] = d
		annBase[d] = len(m.anns)
		for _, a := range doc.Annotations {
			m.anns = append(m.anns, annInfo{ID: a.ID, ArticleID: a.ArticleID, ArticleTitle: doc.Article.Title, Exact: a.Exact, Note: a.Note})
		}
		text := []rune(doc.Article.Text)
		us := sentenceUnits(d, text)
		label(us, doc.Annotations, m.tagIndex)
		firstUnit[d] = len(units)
		units = append(units, us...)
		firstUnit[d+1] = len(units)
	}
	for _, r := range c.Rejections {
		ti, ok := m.tagIndex[r.TagID]
		if !ok {
			continue
		}
		if d, ok := docOf[r.ArticleID]; ok {
			text := []rune(c.Docs[d].Article.Text)
			for ui := firstUnit[d]; ui < firstUnit[d+1]; ui++ {
				u := &units[ui]
				if sameText(string(text[u.span.Start:u.span.End]), r.Exact) {
					if !u.has(ti) && indexOf(u.rejected, ti) < 0 { // coded since: the coding wins
						u.rejected = append(u.rejected, ti)
					}
					break
				}
			}
			continue
		}
		rs := []rune(r.Exact)
		units = append(units, unit{doc: -1, span: textunits.Span{Start: 0, End: len(rs)}, toks: tokenize(rs, 0), rejected: []int{ti}})
	}
	return units, annBase
}

// trainTag trains one tag's model on every sentence of the corpus (positives where the
// tag is coded, negatives elsewhere; rejected ones weigh more; rejected passages outside
// the coded articles take part only for their own tag), then calibrates its scores.
func trainTag(ti int, id string, units []unit, vecs []Vec, p Params) (*linear, calibration) {
	h := fnv.New64a()
	h.Write([]byte(id))
	seed := h.Sum64()
	all := func(int) bool { return true }
	m := trainLinear(tagSamples(ti, units, vecs, all, p.Linear), p.Linear, rand.New(rand.NewPCG(seed, 0x5eed)))
	return m, calibrate(ti, units, vecs, p, seed)
}

// tagSamples builds the samples of one tag from the units that use passes.
func tagSamples(ti int, units []unit, vecs []Vec, use func(unit int) bool, p LinearParams) []sample {
	var pos, neg int
	samples := make([]sample, 0, len(units))
	for i := range units {
		u := &units[i]
		rejected := indexOf(u.rejected, ti) >= 0
		if u.doc < 0 && !rejected || len(vecs[i].Idx) == 0 || !use(i) {
			continue
		}
		s := sample{x: &vecs[i], y: -1, weight: 1}
		if u.has(ti) {
			s.y = 1
			pos++
		} else {
			neg++
			if rejected {
				s.weight = float32(p.RejectedWeight)
			}
		}
		samples = append(samples, s)
	}
	wPos, wNeg := classWeights(pos, neg, p.ClassWeightPower)
	for i := range samples {
		if samples[i].y > 0 {
			samples[i].weight *= float32(wPos)
		} else {
			samples[i].weight *= float32(wNeg)
		}
	}
	return samples
}

// calibration turns a tag model's raw score z into the probability that the analyst
// codes the sentence, σ(A·z + B) (Platt scaling), and says from which probability the
// tag is suggested (Cut: the one that gave the best F1 on the analyst's own coding).
type calibration struct {
	A, B float64
	Cut  float64
}

var uncalibrated = calibration{A: 1, B: 0, Cut: DefaultMinScore}

// innerFolds is the number of folds of the calibration's cross-validation.
const innerFolds = 5

// calibrate cross-validates the tag inside the training corpus (folds by article; never
// the articles an evaluation holds out, which Train does not see): models trained on
// two thirds score the third left out, and those scores fit the calibration.
func calibrate(ti int, units []unit, vecs []Vec, p Params, seed uint64) calibration {
	var zs []float64
	var ys []bool
	pos := 0
	// On a large corpus the fold models share half a model's budget and may stop after
	// one pass: calibration needs scores of the right shape, not the last digit of
	// accuracy. (On a small corpus no budget binds.)
	lp := p.Linear
	if lp.MaxSteps > 0 {
		lp.MaxSteps = max(1, lp.MaxSteps/(2*innerFolds))
	}
	if lp.MaxNegatives > 0 {
		lp.MaxNegatives = max(1, lp.MaxNegatives/(2*innerFolds))
	}
	lp.MinEpochs = 1
	for f := 0; f < innerFolds; f++ {
		train := func(i int) bool { return units[i].doc < 0 || units[i].doc%innerFolds != f }
		samples := tagSamples(ti, units, vecs, train, p.Linear)
		m := trainLinear(samples, lp, rand.New(rand.NewPCG(seed, uint64(f+1))))
		for i := range units {
			u := &units[i]
			if u.doc < 0 || u.doc%innerFolds != f || len(vecs[i].Idx) == 0 || len(u.toks) < minWords {
				continue
			}
			zs = append(zs, float64(vecs[i].Dot(m.W)+m.B))
			y := u.has(ti)
			ys = append(ys, y)
			if y {
				pos++
			}
		}
	}
	if pos < 2 || pos == len(ys) {
		return uncalibrated
	}
	a, b := plattFit(zs, ys)
	probs := make([]float64, len(zs))
	for i, z := range zs {
		probs[i] = sigmoid(a*z + b)
	}
	return calibration{A: a, B: b, Cut: bestCut(probs, ys)}
}

// Cuts are kept within these bounds: a tag is never suggested from a near-zero chance,
// and never held back until near-certainty.
const (
	minCut = 0.15
	maxCut = 0.85
)

// bestCut is the probability from which suggesting gives the best F1 on (probs, ys); of
// equal ones the highest, for fewer false alarms.
func bestCut(probs []float64, ys []bool) float64 {
	order := make([]int, len(probs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return probs[order[a]] > probs[order[b]] })
	totalPos := 0
	for _, y := range ys {
		if y {
			totalPos++
		}
	}
	best, bestF1 := DefaultMinScore, -1.0
	tp, fp := 0, 0
	for n, i := range order {
		if ys[i] {
			tp++
		} else {
			fp++
		}
		if n+1 < len(order) && probs[order[n+1]] == probs[i] {
			continue // the cut falls between distinct scores
		}
		f1 := 2 * float64(tp) / float64(2*tp+fp+(totalPos-tp))
		if f1 > bestF1 {
			best, bestF1 = probs[i], f1
		}
	}
	return math.Min(maxCut, math.Max(minCut, best))
}

// plattFit fits p = σ(a·z + b) to labelled scores by Newton's method on the log loss,
// with Platt's smoothed targets so that a separable set does not drive a to infinity.
func plattFit(zs []float64, ys []bool) (a, b float64) {
	var nPos, nNeg float64
	for _, y := range ys {
		if y {
			nPos++
		} else {
			nNeg++
		}
	}
	hi, lo := (nPos+1)/(nPos+2), 1/(nNeg+2)
	a, b = 1, 0
	for iter := 0; iter < 50; iter++ {
		var gA, gB, hAA, hAB, hBB float64
		for i, z := range zs {
			t := lo
			if ys[i] {
				t = hi
			}
			p := sigmoid(a*z + b)
			d := p - t
			w := math.Max(p*(1-p), 1e-12)
			gA += d * z
			gB += d
			hAA += w * z * z
			hAB += w * z
			hBB += w
		}
		hAA += 1e-9
		hBB += 1e-9
		det := hAA*hBB - hAB*hAB
		if det <= 0 {
			break
		}
		dA := (hBB*gA - hAB*gB) / det
		dB := (hAA*gB - hAB*gA) / det
		a -= dA
		b -= dB
		if math.Abs(dA) < 1e-6*(1+math.Abs(a)) && math.Abs(dB) < 1e-6*(1+math.Abs(b)) {
			break
		}
	}
	if math.IsNaN(a) || math.IsNaN(b) || a <= 0 {
		return 1, 0 // a score that ranks backwards is not calibrated into a good one
	}
	return a, b
}

// parallel splits [0, n) into contiguous chunks run by up to workers goroutines.
func parallel(n, workers int, fn func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		if n > 0 {
			fn(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(n, lo+chunk)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// parallelEach runs fn(0..n-1) on up to workers goroutines, each taking the next item.
func parallelEach(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
