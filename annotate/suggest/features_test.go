package suggest

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		norm []string
	}{
		{"Drones hit a SUBSTATION.", []string{"drones", "hit", "a", "substation"}},
		{"П’ять дронів з'явилися", []string{"п'ять", "дронів", "з'явилися"}},
		{"Ёлка и ещё", []string{"елка", "и", "еще"}},
		{"200,000 homes in 2024, 3.5%", []string{"#", "homes", "in", "#", "#"}},
		{"north-east 'quoted'", []string{"north", "east", "quoted"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tokenize([]rune(tt.in), 0) {
			got = append(got, tok.norm)
		}
		if !reflect.DeepEqual(got, tt.norm) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.norm)
		}
	}
	// Offsets are code points of the text, shifted by base.
	toks := tokenize([]rune("Удар по ТЕЦ"), 10)
	if toks[2].start != 18 || toks[2].end != 21 || toks[2].lower != "тец" {
		t.Errorf("token %+v", toks[2])
	}
}

func cosine(a, b Vec) float64 {
	m := map[uint32]float32{}
	for k, i := range a.Idx {
		m[i] = a.Val[k]
	}
	var s float64
	for k, i := range b.Idx {
		s += float64(m[i] * b.Val[k])
	}
	return s
}

// Character n-grams let inflected forms of one word share most of their features: the
// whole point of them for Ukrainian and Russian.
func TestInflectedFormsShareFeatures(t *testing.T) {
	f := newFeaturizer(nil, 1, DefaultGroupWeights)
	vec := func(s string) Vec {
		v := f.vector(tokenize([]rune(s), 0))
		return Vec{Idx: append([]uint32(nil), v.Idx...), Val: append([]float32(nil), v.Val...)}
	}
	forms := vec("підстанцію")
	if c := cosine(forms, vec("підстанції")); c < 0.4 {
		t.Errorf("підстанцію ~ підстанції: cosine %.2f", c)
	}
	if c := cosine(forms, vec("підстанцій")); c < 0.4 {
		t.Errorf("підстанцію ~ підстанцій: cosine %.2f", c)
	}
	if c := cosine(forms, vec("переговори")); c > 0.1 {
		t.Errorf("підстанцію ~ переговори: cosine %.2f", c)
	}
	// Vectors are unit length, with no bucket twice.
	v := vec("the strike on the substation and the substation again")
	var ss float64
	seen := map[uint32]bool{}
	for k, i := range v.Idx {
		if seen[i] {
			t.Fatalf("bucket %d twice", i)
		}
		seen[i] = true
		ss += float64(v.Val[k] * v.Val[k])
	}
	if ss < 0.999 || ss > 1.001 {
		t.Errorf("squared norm %.4f", ss)
	}
}

func TestIDFDropsUnseenFeatures(t *testing.T) {
	df := make([]uint32, Dim)
	f0 := newFeaturizer(nil, 1, DefaultGroupWeights)
	ids := f0.buckets(tokenize([]rune("power cut"), 0), nil)
	for _, b := range ids {
		df[b] = 1
	}
	idf, _ := idfTable(df, 1)
	f := newFeaturizer(idf, 0, DefaultGroupWeights)
	v := f.vector(tokenize([]rune("power cut tonight"), 0))
	if len(v.Idx) != len(ids) {
		t.Errorf("%d features kept, want the %d seen in training", len(v.Idx), len(ids))
	}
}

func TestMatcher(t *testing.T) {
	m := newMatcher()
	add := func(s string, tag int) { m.add(tokenize([]rune(s), 0), tag, s) }
	add("rolling blackouts", 1)
	add("Rolling blackouts", 1)
	add("rolling blackouts", 2)
	add("NABU", 3)
	toks := tokenize([]rune("Kyiv faces rolling BLACKOUTS; NABU said. Blackouts rolling."), 0)
	hits := m.find(toks)
	if len(hits) != 2 {
		t.Fatalf("hits %+v", hits)
	}
	if h := hits[0]; toks[h.from].lower != "rolling" || h.to-h.from != 2 || h.p.score(1) < 0.66 || h.p.score(1) > 0.67 || h.p.score(2) < 0.33 {
		t.Errorf("first hit %+v scores %v %v", h, h.p.score(1), h.p.score(2))
	}
	if !reflect.DeepEqual(hits[0].p.tags(), []int{1, 2}) || hits[1].p.counts[3] != 1 {
		t.Errorf("tags %v, second %+v", hits[0].p.tags(), hits[1].p)
	}
	// Word for word: "blackout" is not "blackouts" (the inflection the matcher misses).
	if h := m.find(tokenize([]rune("a rolling blackout"), 0)); len(h) != 0 {
		t.Errorf("matched an inflected form: %+v", h)
	}
}

func TestClassWeights(t *testing.T) {
	tests := []struct {
		pos, neg         int
		power            float64
		wantPos, wantNeg float64
	}{
		{10, 90, 0, 1, 1},
		{10, 90, 1, 5, 0.5556},
		{50, 50, 1, 1, 1},
		{0, 10, 1, 1, 1},
	}
	for _, tt := range tests {
		p, n := classWeights(tt.pos, tt.neg, tt.power)
		if d := p - tt.wantPos; d > 1e-3 || d < -1e-3 {
			t.Errorf("%+v: pos weight %.4f", tt, p)
		}
		if d := n - tt.wantNeg; d > 1e-3 || d < -1e-3 {
			t.Errorf("%+v: neg weight %.4f", tt, n)
		}
		if tt.pos > 0 && tt.neg > 0 {
			if total := p*float64(tt.pos) + n*float64(tt.neg); total < float64(tt.pos+tt.neg)-1e-6 || total > float64(tt.pos+tt.neg)+1e-6 {
				t.Errorf("%+v: total weight %.3f", tt, total)
			}
		}
	}
}

// The learner separates a toy problem, deterministically, and ranks unseen sentences
// by what they share with the classes.
func TestTrainLinear(t *testing.T) {
	f := newFeaturizer(nil, 1, DefaultGroupWeights)
	mk := func(s string, y float32) sample {
		v := f.vector(tokenize([]rune(s), 0))
		v = Vec{Idx: append([]uint32(nil), v.Idx...), Val: append([]float32(nil), v.Val...)}
		return sample{x: &v, y: y, weight: 1}
	}
	var samples []sample
	for _, s := range []string{"drones hit a substation", "missiles struck the power plant", "substation damaged by drones", "power plant hit overnight"} {
		samples = append(samples, mk(s, 1))
	}
	for _, s := range []string{"talks resumed in geneva", "the minister met envoys", "sanctions were extended", "envoys resumed talks", "weather was cold", "parliament passed a law"} {
		samples = append(samples, mk(s, -1))
	}
	p := DefaultLinear
	m1 := trainLinear(samples, p, rand.New(rand.NewPCG(1, 2)))
	m2 := trainLinear(samples, p, rand.New(rand.NewPCG(1, 2)))
	if !reflect.DeepEqual(m1, m2) {
		t.Error("same data and seed gave different models")
	}
	for _, s := range samples {
		got := m1.prob(*s.x)
		if (s.y > 0) != (got > 0.5) {
			t.Errorf("sample y=%v scored %.3f", s.y, got)
		}
	}
	unseen := mk("drones hit another substation", 1)
	other := mk("envoys met in geneva", -1)
	if m1.prob(*unseen.x) <= m1.prob(*other.x) {
		t.Errorf("unseen positive %.3f not above unseen negative %.3f", m1.prob(*unseen.x), m1.prob(*other.x))
	}
}
