package agreement

import (
	"math"
	"testing"
)

func closeTo(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.5f, want %.5f ± %g", what, got, want, tol)
	}
}

// Krippendorff (2004: 254): a continuum from 150 to 450, two observers, categories c and
// k. Published: c Do = .0144, De = .0532, uα = .7286; k uα = 1; both together .8591.
func TestUAlphaKrippendorff2004(t *testing.T) {
	shift := func(spans ...Span) []Span {
		for i := range spans {
			spans[i].Start -= 150
			spans[i].End -= 150
		}
		return spans
	}
	c := Unitizing{Length: 300, Coders: 2, Spans: [][]Span{
		shift(Span{225, 295}, Span{370, 400}),
		shift(Span{220, 300}, Span{355, 375}, Span{400, 420}),
	}}
	k := Unitizing{Length: 300, Coders: 2, Spans: [][]Span{
		shift(Span{180, 240}, Span{300, 350}),
		shift(Span{180, 240}, Span{300, 350}),
	}}
	dc, ok := UnitizedDisagreement(c)
	if !ok {
		t.Fatal("c undefined")
	}
	closeTo(t, "c Do", dc.Observed, 0.0144, 0.0001)
	closeTo(t, "c De", dc.Expected, 0.0532, 0.0001)
	near(t, "c uα", UAlpha(c), 0.7286)
	dk, ok := UnitizedDisagreement(k)
	if !ok {
		t.Fatal("k undefined")
	}
	closeTo(t, "k Do", dk.Observed, 0, 1e-12)
	closeTo(t, "k De", dk.Expected, 0.0490, 0.0001)
	near(t, "k uα", UAlpha(k), 1)
	near(t, "pooled uα", PooledUAlpha([]Disagreement{dc, dk}), 0.8591)
}

// Krippendorff (1995: 57), the four pairs of observers A–D on a continuum of 24 (Do does
// not depend on the scale) and stretched ×50,000 (De approaches the paper's values).
func TestUAlphaKrippendorff1995(t *testing.T) {
	example := func(stretch int64) map[string]Unitizing {
		u := func(spans ...[3]int64) Unitizing {
			out := Unitizing{Length: 24 * stretch, Coders: 2, Spans: make([][]Span, 2)}
			for _, s := range spans {
				out.Spans[s[2]] = append(out.Spans[s[2]], Span{s[0] * stretch, (s[0] + s[1]) * stretch})
			}
			return out
		}
		return map[string]Unitizing{
			"A": u([3]int64{2, 8, 0}, [3]int64{14, 6, 0}, [3]int64{4, 4, 1}, [3]int64{15, 2, 1}),
			"B": u([3]int64{0, 18, 0}, [3]int64{0, 2, 1}, [3]int64{2, 1, 1}, [3]int64{3, 1, 1}, [3]int64{4, 1, 1},
				[3]int64{5, 1, 1}, [3]int64{6, 3, 1}, [3]int64{9, 1, 1}),
			"C": u([3]int64{2, 6, 0}, [3]int64{10, 2, 0}, [3]int64{14, 4, 0}, [3]int64{20, 2, 0},
				[3]int64{0, 2, 1}, [3]int64{4, 4, 1}, [3]int64{10, 4, 1}, [3]int64{16, 2, 1}, [3]int64{20, 2, 1}),
			"D": u([3]int64{0, 2, 0}, [3]int64{2, 8, 0}, [3]int64{10, 4, 0}, [3]int64{14, 6, 0}, [3]int64{20, 4, 0},
				[3]int64{0, 4, 1}, [3]int64{4, 4, 1}, [3]int64{8, 7, 1}, [3]int64{15, 2, 1}, [3]int64{17, 7, 1}),
		}
	}
	wantDo := map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
	for name, u := range example(1) {
		d, _ := UnitizedDisagreement(u)
		closeTo(t, name+" Do", d.Observed, wantDo[name], 0.00001)
	}
	wantDe := map[string]float64{"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}
	wantAlpha := map[string]float64{"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
	for name, u := range example(50000) {
		d, _ := UnitizedDisagreement(u)
		closeTo(t, name+" De", d.Expected, wantDe[name], 0.005)
		closeTo(t, name+" uα", UAlpha(u).Float(), wantAlpha[name], 0.02)
	}
}

func TestUAlphaCases(t *testing.T) {
	cases := []struct {
		name string
		u    Unitizing
		want float64 // NaN: undefined
	}{
		{"identical spans", Unitizing{Length: 100, Coders: 3, Spans: [][]Span{{{10, 20}, {50, 60}}, {{10, 20}, {50, 60}}, {{10, 20}, {50, 60}}}}, 1},
		{"nobody highlighted", Unitizing{Length: 100, Coders: 2, Spans: [][]Span{nil, nil}}, math.NaN()},
		{"one coder", Unitizing{Length: 100, Coders: 1, Spans: [][]Span{{{1, 5}}}}, math.NaN()},
		{"no continuum", Unitizing{Length: 0, Coders: 2}, math.NaN()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := UAlpha(tc.u)
			if math.IsNaN(tc.want) {
				isUndefined(t, "uα", got)
				return
			}
			near(t, "uα", got, tc.want)
		})
	}
	// Disjoint spans disagree more than overlapping ones, which disagree more than equal ones.
	base := func(second Span) float64 {
		return UAlpha(Unitizing{Length: 200, Coders: 2, Spans: [][]Span{{{40, 80}}, {second}}}).Float()
	}
	same, overlap, apart := base(Span{40, 80}), base(Span{50, 90}), base(Span{120, 160})
	if !(same > overlap && overlap > apart) {
		t.Errorf("uα should fall with less overlap: same %.3f, overlap %.3f, apart %.3f", same, overlap, apart)
	}
}

// A break (the end of one article, the start of the next) cuts gaps but changes nothing
// the coders did: the observed disagreement stays the same.
func TestUAlphaBreaksKeepObserved(t *testing.T) {
	u := Unitizing{Length: 200, Coders: 2, Spans: [][]Span{{{10, 30}, {120, 150}}, {{15, 30}, {130, 140}}}}
	d1, _ := UnitizedDisagreement(u)
	u.Breaks = []int64{100}
	d2, _ := UnitizedDisagreement(u)
	closeTo(t, "Do with a break", d2.Observed, d1.Observed, 1e-12)
	if d2.Expected >= d1.Expected {
		t.Errorf("a break leaves fewer places for units: De %.5f should fall below %.5f", d2.Expected, d1.Expected)
	}
}
