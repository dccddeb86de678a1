package suggest

import (
	"hash/fnv"
	"math/rand/v2"
	"runtime"
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
	// Workers train tags side by side (0: one per CPU).
	Workers int
}

// DefaultMinExamples is the fewest coded sentences that make a tag suggestible.
const DefaultMinExamples = 10

// DefaultParams are Gloss's training parameters.
func DefaultParams() Params {
	return Params{MinExamples: DefaultMinExamples, Linear: DefaultLinear, Groups: DefaultGroupWeights}
}

// TagState says what the model knows about one tag.
type TagState struct {
	TagID     string `json:"tag_id"`
	Examples  int    `json:"examples"` // coded sentences
	Rejected  int    `json:"rejected"` // sentences rejected for it
	Trained   bool   `json:"trained"`  // a model was trained: the tag can be suggested
	Phrases   int    `json:"phrases"`  // distinct coded phrases the matcher knows
	Needed    int    `json:"needed"`   // examples needed before it is suggested
	model     *linear
	exemplars []exemplarRef
}

// exemplarRef points at a coded sentence and the annotation that coded it.
type exemplarRef struct {
	vec int32 // index in Model.vecs
	ann int32 // index in Model.anns
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

	params   Params
	tagIDs   []string
	tagIndex map[string]int
	tags     []TagState
	idf      []float32
	matcher  *matcher
	vecs     []Vec
	anns     []annInfo
	docs     int // coded articles learnt from
	units    int // sentences learnt from
}

// Tags returns the state of every tag of the codebook, in codebook order.
func (m *Model) Tags() []TagState {
	out := make([]TagState, 0, len(m.tags))
	for _, t := range m.Codebook.Tags() {
		if i, ok := m.tagIndex[t.ID]; ok {
			s := m.tags[i]
			s.model, s.exemplars = nil, nil
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
	s.model, s.exemplars = nil, nil
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
	m := &Model{Revision: c.Revision, Codebook: c.Codebook, Settings: c.Settings, params: p, tagIndex: map[string]int{}}
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
		m.tags[ti].model = trainTag(ti, m.tagIDs[ti], units, vecs, p.Linear)
		m.tags[ti].Trained = true
	})

	// Keep the vectors of coded sentences only: they are the explanations.
	keep := make([]int32, len(units))
	for i, u := range units {
		keep[i] = -1
		if len(u.pos) == 0 {
			continue
		}
		keep[i] = int32(len(m.vecs))
		m.vecs = append(m.vecs, vecs[i])
		for k, ti := range u.pos {
			if m.tags[ti].Trained {
				m.tags[ti].exemplars = append(m.tags[ti].exemplars, exemplarRef{vec: keep[i], ann: int32(annBase[u.doc] + u.posAnn[k])})
			}
		}
	}
	m.Took = time.Since(began)
	m.Built = time.Now()
	return m, nil
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

// trainTag trains one tag's model on every sentence of the corpus: positives where the
// tag is coded, negatives elsewhere (rejected ones weigh more). Rejected passages outside
// the coded articles take part only for their own tag.
func trainTag(ti int, id string, units []unit, vecs []Vec, p LinearParams) *linear {
	var pos, neg int
	samples := make([]sample, 0, len(units))
	for i := range units {
		u := &units[i]
		rejected := indexOf(u.rejected, ti) >= 0
		if u.doc < 0 && !rejected {
			continue
		}
		if len(vecs[i].Idx) == 0 {
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
	h := fnv.New64a()
	h.Write([]byte(id))
	return trainLinear(samples, p, rand.New(rand.NewPCG(h.Sum64(), 0x5eed)))
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
