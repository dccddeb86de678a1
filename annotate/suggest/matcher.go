package suggest

import "sort"

// The phrase matcher is INCEpTION's string-matching recommender done on tokens: every
// phrase the analyst coded with a tag is looked for, word for word and ignoring case,
// in other texts, and its score for a tag is the share of its codings that used the tag.
// It is precise on the phrases it knows and blind to paraphrase and inflection: it is
// the baseline the model must beat, and one of the reasons shown with a suggestion.

// phrase is one coded phrase: how often it was coded, and with which tags.
type phrase struct {
	text   string      // as first coded, for explanations
	counts map[int]int // tag index → codings with the tag
	total  int
}

type matcher struct {
	phrases map[uint64]*phrase
	longest map[uint64]int // first word → the longest phrase starting with it, in words
}

func newMatcher() *matcher {
	return &matcher{phrases: map[uint64]*phrase{}, longest: map[uint64]int{}}
}

func wordHash(t token) uint64 { return hashString(kindWord, t.lower) }

func seqHash(h uint64, word uint64) uint64 { return (h ^ word) * fnvPrime }

// add records one coding of the phrase toks with tag.
func (m *matcher) add(toks []token, tag int, text string) {
	if len(toks) == 0 {
		return
	}
	h := uint64(fnvOffset)
	for _, t := range toks {
		h = seqHash(h, wordHash(t))
	}
	p := m.phrases[h]
	if p == nil {
		p = &phrase{text: text, counts: map[int]int{}}
		m.phrases[h] = p
	}
	p.counts[tag]++
	p.total++
	first := wordHash(toks[0])
	m.longest[first] = max(m.longest[first], len(toks))
}

// phraseHit is one occurrence of a known phrase: tokens [from, to) of the text searched.
type phraseHit struct {
	from, to int
	p        *phrase
}

// find lists every occurrence of every known phrase in toks (overlapping ones too).
func (m *matcher) find(toks []token) []phraseHit {
	var hits []phraseHit
	if len(m.phrases) == 0 {
		return nil
	}
	words := make([]uint64, len(toks))
	for i, t := range toks {
		words[i] = wordHash(t)
	}
	for i := range toks {
		n := m.longest[words[i]]
		if n == 0 {
			continue
		}
		h := seqHash(fnvOffset, words[i])
		for j := i; ; {
			if p := m.phrases[h]; p != nil {
				hits = append(hits, phraseHit{i, j + 1, p})
			}
			j++
			if j >= len(toks) || j-i >= n {
				break
			}
			h = seqHash(h, words[j])
		}
	}
	return hits
}

// score is the share of the phrase's codings that used the tag.
func (p *phrase) score(tag int) float64 {
	if p.total == 0 {
		return 0
	}
	return float64(p.counts[tag]) / float64(p.total)
}

// tags lists the tags the phrase was coded with, in index order.
func (p *phrase) tags() []int {
	out := make([]int, 0, len(p.counts))
	for t := range p.counts {
		out = append(out, t)
	}
	sort.Ints(out)
	return out
}
