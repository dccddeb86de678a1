package suggest

import (
	"fmt"
	"hash/fnv"
	"sort"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/textunits"
)

// Evaluation is k-fold cross-validation over the workspace's own coded articles, folds
// by article (sentences of one article never sit on both sides), at sentence level: a
// sentence is gold-positive for a tag when an annotation with the tag codes it (the rule
// training uses), and predicted positive when it is suggested for the tag.

// EvalOptions tune Evaluate.
type EvalOptions struct {
	Folds    int     // default 5
	MinScore float64 // 0: each tag's own cut, as suggest uses by default
	Params   Params  // default DefaultParams()
}

// Counts are sentence-level decisions for one tag or all.
type Counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Precision is TP/(TP+FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when nothing was gold.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// TagEval is one tag's result.
type TagEval struct {
	TagID    string `json:"tag_id"`
	Gold     int    `json:"gold"`    // gold-positive sentences over all folds
	Trained  int    `json:"trained"` // folds in which the tag had enough examples for a model
	Model    Counts `json:"model"`
	Baseline Counts `json:"baseline"`
}

// Evaluation is the result of Evaluate.
type Evaluation struct {
	Folds     int           `json:"folds"`
	Articles  int           `json:"articles"`
	Sentences int           `json:"sentences"`
	MinScore  float64       `json:"min_score"` // 0: each tag's own cut
	Tags      []TagEval     `json:"tags"`
	Model     Counts        `json:"model"`    // micro: summed over tags
	Baseline  Counts        `json:"baseline"` // the phrase matcher alone
	Took      time.Duration `json:"-"`
}

// MacroF1 averages the tags' F1 (tags with gold sentences only).
func (e *Evaluation) MacroF1() (model, baseline float64) {
	n := 0
	for _, t := range e.Tags {
		if t.Gold == 0 {
			continue
		}
		model += t.Model.F1()
		baseline += t.Baseline.F1()
		n++
	}
	if n == 0 {
		return 0, 0
	}
	return model / float64(n), baseline / float64(n)
}

// Evaluate cross-validates the suggestions on the corpus's coded articles. The folds
// depend only on the article ids, so a re-run gives the same numbers.
func Evaluate(c *Corpus, opts EvalOptions) (*Evaluation, error) {
	began := time.Now()
	if opts.Folds == 0 {
		opts.Folds = 5
	}
	if opts.Params.MinExamples == 0 {
		opts.Params = DefaultParams()
	}
	if opts.Folds < 2 {
		return nil, fmt.Errorf("cross-validation needs at least 2 folds, not %d", opts.Folds)
	}
	if len(c.Docs) < opts.Folds {
		return nil, fmt.Errorf("%d-fold cross-validation needs at least %d coded articles; the workspace has %d", opts.Folds, opts.Folds, len(c.Docs))
	}
	fold := assignFolds(c.Docs, opts.Folds)
	tagIndex := map[string]int{}
	var tagIDs []string
	for _, t := range c.Codebook.Tags() {
		tagIndex[t.ID] = len(tagIDs)
		tagIDs = append(tagIDs, t.ID)
	}
	per := make([]TagEval, len(tagIDs))
	for i, id := range tagIDs {
		per[i].TagID = id
	}
	ev := &Evaluation{Folds: opts.Folds, Articles: len(c.Docs), MinScore: opts.MinScore}
	allOn := annotate.SuggestSettings{}
	for k := 0; k < opts.Folds; k++ {
		train := &Corpus{Revision: c.Revision, Codebook: c.Codebook, Settings: allOn}
		var test []Doc
		inTest := map[string]bool{}
		for i, d := range c.Docs {
			if fold[i] == k {
				test = append(test, d)
				inTest[d.Article.ID] = true
			} else {
				train.Docs = append(train.Docs, d)
			}
		}
		for _, r := range c.Rejections {
			if !inTest[r.ArticleID] {
				train.Rejections = append(train.Rejections, r)
			}
		}
		m, err := Train(train, opts.Params)
		if err != nil {
			return nil, err
		}
		for ti, st := range m.tags {
			if st.Trained {
				per[ti].Trained++
			}
		}
		for _, d := range test {
			text := []rune(d.Article.Text)
			units := sentenceUnits(0, text)
			label(units, d.Annotations, tagIndex)
			ev.Sentences += len(units)
			// The model, as suggest would propose, with the article's own coding hidden.
			predicted := make([]map[int]bool, len(units))
			for i := range predicted {
				predicted[i] = map[int]bool{}
			}
			unitAt := map[int]int{}
			for i, u := range units {
				unitAt[u.span.Start] = i
			}
			for _, s := range m.Suggest(Request{Article: d.Article, Settings: allOn, MinScore: opts.MinScore, NoExplain: true}) {
				predicted[unitAt[s.Start]][tagIndex[s.TagID]] = true
			}
			// The baseline: every sentence holding a phrase coded with a tag.
			baseline := baselinePredict(m.matcher, text, units)
			for ui, u := range units {
				for ti := range per {
					gold := u.has(ti)
					if gold {
						per[ti].Gold++
					}
					count(&per[ti].Model, gold, predicted[ui][ti])
					count(&per[ti].Baseline, gold, baseline[ui][ti])
				}
			}
		}
	}
	for _, t := range per {
		if t.Gold == 0 && t.Model.FP == 0 && t.Baseline.FP == 0 {
			continue
		}
		ev.Tags = append(ev.Tags, t)
		ev.Model.add(t.Model)
		ev.Baseline.add(t.Baseline)
	}
	ev.Took = time.Since(began)
	return ev, nil
}

func count(c *Counts, gold, pred bool) {
	switch {
	case gold && pred:
		c.TP++
	case pred:
		c.FP++
	case gold:
		c.FN++
	}
}

// baselinePredict marks every sentence that holds a phrase coded with a tag, with every
// tag the phrase was coded with (as INCEpTION's string matcher suggests each label with
// its share as the score).
func baselinePredict(mt *matcher, text []rune, units []unit) []map[int]bool {
	out := make([]map[int]bool, len(units))
	for i := range out {
		out[i] = map[int]bool{}
	}
	toks := tokenize(text, 0)
	for _, h := range mt.find(toks) {
		hs := textunits.Span{Start: toks[h.from].start, End: toks[h.to-1].end}
		for ui := range units {
			if units[ui].span.Overlap(hs) > 0 {
				for _, ti := range h.p.tags() {
					out[ui][ti] = true
				}
			}
		}
	}
	return out
}

// assignFolds deals the articles into k folds in an order fixed by a hash of their texts
// (ids are random at import; texts are not), so the same articles give the same folds.
func assignFolds(docs []Doc, k int) []int {
	type keyed struct {
		i   int
		key uint64
	}
	order := make([]keyed, len(docs))
	for i, d := range docs {
		h := fnv.New64a()
		h.Write([]byte(d.Article.SHA256))
		order[i] = keyed{i, h.Sum64()}
	}
	sort.SliceStable(order, func(a, b int) bool { return order[a].key < order[b].key })
	fold := make([]int, len(docs))
	for n, o := range order {
		fold[o.i] = n % k
	}
	return fold
}
