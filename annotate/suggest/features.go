package suggest

import (
	"math"
	"strings"
	"unicode"
)

// Sentence features: word unigrams, word bigrams and character 3–5-grams inside words
// ("<підст", "станц", "нцію>"), hashed into Dim buckets. Character n-grams let the
// inflected forms of one Ukrainian or Russian word (підстанція, підстанцію, підстанцій)
// share most of their features, which a word model alone cannot do.

const (
	dimBits = 18
	// Dim is the number of hashed feature buckets (a model's weights per tag).
	Dim = 1 << dimBits

	minGram = 3
	maxGram = 5
)

// Feature kinds, mixed into the hash so that the word "war" and the trigram "war" differ.
const (
	kindWord   = 0x9E3779B97F4A7C15
	kindBigram = 0xC2B2AE3D27D4EB4F
	kindGram   = 0x165667B19E3779F9
)

// token is one word of a text: its normalised form for the features, its lower-case form
// for the phrase matcher, and where it is (code points).
type token struct {
	norm       string // lower case, ё→е, apostrophes unified, numbers as "#"
	lower      string
	start, end int
	number     bool
}

// tokenize splits text into words: runs of letters, digits and marks, with an apostrophe
// inside a word kept (п’ять, з'явилися, don't). Hyphens split words; character n-grams
// keep what the parts share.
func tokenize(text []rune, base int) []token {
	var out []token
	i := 0
	for i < len(text) {
		if !isWordRune(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) {
			r := text[j]
			if isWordRune(r) {
				j++
				continue
			}
			inside := j > i && j+1 < len(text)
			if inside && isApostrophe(r) && unicode.IsLetter(text[j+1]) && unicode.IsLetter(text[j-1]) {
				j++
				continue
			}
			// 200,000 and 3.5 are one number, not two.
			if inside && (r == ',' || r == '.') && unicode.IsDigit(text[j+1]) && unicode.IsDigit(text[j-1]) {
				j++
				continue
			}
			break
		}
		out = append(out, newToken(text[i:j], base+i, base+j))
		i = j
	}
	return out
}

func newToken(word []rune, start, end int) token {
	var lower, norm strings.Builder
	number := false
	for _, r := range word {
		lr := unicode.ToLower(r)
		lower.WriteRune(lr)
		switch {
		case unicode.IsDigit(r):
			number = true
		case isApostrophe(r):
			lr = '\''
		case lr == 'ё':
			lr = 'е'
		}
		norm.WriteRune(lr)
	}
	t := token{norm: norm.String(), lower: lower.String(), start: start, end: end, number: number}
	if number {
		t.norm = "#"
	}
	return t
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', '′', 'ʹ':
		return true
	}
	return false
}

// hashing: FNV-1a over the code points, seeded by the feature kind, then mixed so that
// the low bits spread evenly over the buckets.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashRunes(seed uint64, rs []rune) uint64 {
	h := uint64(fnvOffset) ^ seed
	for _, r := range rs {
		h ^= uint64(r)
		h *= fnvPrime
	}
	return h
}

func hashString(seed uint64, s string) uint64 {
	h := uint64(fnvOffset) ^ seed
	for _, r := range s {
		h ^= uint64(r)
		h *= fnvPrime
	}
	return h
}

func bucket(h uint64) uint32 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return uint32(h & (Dim - 1))
}

// Feature groups and how much each weighs in a sentence vector (before idf).
type group uint8

const (
	groupWord group = iota
	groupBigram
	groupGram
)

// rawFeature is one feature occurrence: its bucket, its group and the token(s) it comes
// from (for explanations).
type rawFeature struct {
	idx   uint32
	group group
	tok   int // index of the token; a bigram's first token
}

// extract lists the features of a tokenised sentence (with repeats).
func extract(toks []token, buf []rawFeature, runeBuf []rune) ([]rawFeature, []rune) {
	buf = buf[:0]
	prev := uint64(0)
	for i, t := range toks {
		wh := hashString(kindWord, t.norm)
		buf = append(buf, rawFeature{bucket(wh), groupWord, i})
		if i > 0 {
			buf = append(buf, rawFeature{bucket(prev*31 ^ wh ^ kindBigram), groupBigram, i - 1})
		}
		prev = wh
		if t.number {
			continue
		}
		runeBuf = append(runeBuf[:0], '<')
		runeBuf = append(runeBuf, []rune(t.norm)...)
		runeBuf = append(runeBuf, '>')
		for n := minGram; n <= maxGram; n++ {
			for s := 0; s+n <= len(runeBuf); s++ {
				if n == len(runeBuf) {
					continue // the whole padded word: the unigram has it
				}
				buf = append(buf, rawFeature{bucket(hashRunes(kindGram, runeBuf[s:s+n])), groupGram, i})
			}
		}
	}
	return buf, runeBuf
}

// Vec is a sparse, L2-normalised sentence vector.
type Vec struct {
	Idx []uint32
	Val []float32
}

// Dot is the dot product with dense weights.
func (v Vec) Dot(w []float32) float32 {
	var s float32
	for k, i := range v.Idx {
		s += w[i] * v.Val[k]
	}
	return s
}

// featurizer turns sentences into vectors with the corpus's idf weights.
type featurizer struct {
	idf     []float32 // per bucket; 0 means unseen in training (dropped); nil: all weigh unseen
	unseen  float32   // the weight of every feature when there is no idf table yet
	weights [3]float32
	stamp   []uint32 // per bucket: the sentence that last saw it (dedupe without clearing)
	gen     uint32
	raw     []rawFeature
	runes   []rune
}

// GroupWeights scale the feature groups in a sentence vector: words, word pairs and
// character n-grams. N-grams are many per word, so each counts for less than a word.
type GroupWeights [3]float32

// DefaultGroupWeights were chosen on the development set.
var DefaultGroupWeights = GroupWeights{1.0, 0.8, 0.35}

func newFeaturizer(idf []float32, unseen float32, weights GroupWeights) *featurizer {
	return &featurizer{idf: idf, unseen: unseen, weights: weights,
		stamp: make([]uint32, Dim)}
}

// vector builds the sentence vector of toks: binary presence × group weight × idf, L2
// normalised. Buckets shared by two groups add up.
func (f *featurizer) vector(toks []token) Vec {
	f.raw, f.runes = extract(toks, f.raw, f.runes)
	f.gen++
	if f.gen == 0 { // wrapped: forget the stamps
		clear(f.stamp)
		f.gen = 1
	}
	var v Vec
	for _, rf := range f.raw {
		if f.stamp[rf.idx] == f.gen {
			continue // binary features: a repeat adds nothing
		}
		f.stamp[rf.idx] = f.gen
		idf := f.unseen
		if f.idf != nil {
			if idf = f.idf[rf.idx]; idf == 0 {
				continue // never seen in training: no model knows it (as a fixed vocabulary)
			}
		}
		v.Idx = append(v.Idx, rf.idx)
		v.Val = append(v.Val, f.weights[rf.group]*idf)
	}
	normalize(v.Val)
	return v
}

// buckets lists the distinct buckets of toks (for document frequencies).
func (f *featurizer) buckets(toks []token, out []uint32) []uint32 {
	f.raw, f.runes = extract(toks, f.raw, f.runes)
	f.gen++
	if f.gen == 0 {
		clear(f.stamp)
		f.gen = 1
	}
	out = out[:0]
	for _, rf := range f.raw {
		if f.stamp[rf.idx] != f.gen {
			f.stamp[rf.idx] = f.gen
			out = append(out, rf.idx)
		}
	}
	return out
}

func normalize(val []float32) {
	var ss float64
	for _, x := range val {
		ss += float64(x) * float64(x)
	}
	if ss == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(ss))
	for i := range val {
		val[i] *= inv
	}
}

// idfTable turns document frequencies over n sentences into smoothed idf weights
// (log((1+n)/(1+df)) + 1, as scikit-learn does); unseen is the weight of a bucket no
// sentence had.
func idfTable(df []uint32, n int) (idf []float32, unseen float32) {
	idf = make([]float32, Dim)
	for i, d := range df {
		if d > 0 {
			idf[i] = float32(math.Log(float64(1+n)/float64(1+d)) + 1)
		}
	}
	return idf, float32(math.Log(float64(1+n)) + 1)
}
