package agreement

import (
	"math"
	"testing"
)

const m = Missing

// units builds weight-1 rows from a units × coders table.
func units(coders, categories int, table [][]int) Data {
	d := Data{Coders: coders, Categories: categories}
	for _, vals := range table {
		d.Rows = append(d.Rows, Row{Values: vals, Count: 1})
	}
	return d
}

// transpose turns coders × units (as published) into units × coders.
func transpose(byCoder [][]int) [][]int {
	out := make([][]int, len(byCoder[0]))
	for u := range out {
		for c := range byCoder {
			out[u] = append(out[u], byCoder[c][u])
		}
	}
	return out
}

// fromCounts builds rows from per-unit category counts (Fleiss' layout): the raters are
// interchangeable, so each unit's values are its categories repeated by their counts.
func fromCounts(raters int, table [][]int) Data {
	d := Data{Coders: raters, Categories: len(table[0])}
	for _, counts := range table {
		var vals []int
		for k, n := range counts {
			for i := 0; i < n; i++ {
				vals = append(vals, k)
			}
		}
		d.Rows = append(d.Rows, Row{Values: vals, Count: 1})
	}
	return d
}

// pairs builds two-coder data from a contingency table: table[a][b] units coded a by the
// first coder and b by the second.
func pairs(table [][]int64) Data {
	d := Data{Coders: 2, Categories: len(table)}
	for a := range table {
		for b, n := range table[a] {
			d.Rows = append(d.Rows, Row{Values: []int{a, b}, Count: n})
		}
	}
	return d
}

// binary reads "1100…" strings, one per coder, as coders × units.
func binary(coders ...string) Data {
	byCoder := make([][]int, len(coders))
	for i, s := range coders {
		for _, r := range s {
			switch r {
			case '0':
				byCoder[i] = append(byCoder[i], 0)
			case '1':
				byCoder[i] = append(byCoder[i], 1)
			case '.':
				byCoder[i] = append(byCoder[i], Missing)
			}
		}
	}
	return units(len(coders), 2, transpose(byCoder))
}

func near(t *testing.T, what string, got Value, want float64) {
	t.Helper()
	if got.V == nil {
		t.Errorf("%s = undefined (%s), want %.4f", what, got.Note, want)
		return
	}
	if math.Abs(*got.V-want) > 0.0005 {
		t.Errorf("%s = %.5f, want %.4f", what, *got.V, want)
	}
}

func isUndefined(t *testing.T, what string, got Value) {
	t.Helper()
	if got.V != nil {
		t.Errorf("%s = %.4f, want undefined", what, *got.V)
	} else if got.Note == "" {
		t.Errorf("%s is undefined without a note saying why", what)
	}
}

func TestPublishedExamples(t *testing.T) {
	type want struct {
		observed, cohen, fleiss, alpha *float64
	}
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name string
		data Data
		want want
		// counts
		pairable int64
	}{
		{
			// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C: four
			// observers, twelve units, nominal values 1–5 (here 0–4), missing data.
			name: "Krippendorff 2011 nominal with missing data",
			data: units(4, 5, transpose([][]int{
				{0, 1, 2, 2, 1, 0, 3, 0, 1, m, m, m},
				{0, 1, 2, 2, 1, 1, 3, 0, 1, 4, m, 2},
				{m, 2, 2, 2, 1, 2, 3, 1, 1, 4, 0, m},
				{0, 1, 2, 2, 1, 3, 3, 0, 1, 4, 0, m},
			})),
			want:     want{alpha: f(0.743)},
			pairable: 40,
		},
		{
			// Cohen (1960: 45): 200 units, three categories; Po = .70, Pe = .41, κ = .492.
			name: "Cohen 1960",
			data: pairs([][]int64{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}),
			want: want{observed: f(0.70), cohen: f(0.492)},
		},
		{
			// The textbook 2×2 case (as on Wikipedia's "Cohen's kappa"): 50 proposals,
			// both yes 20, A yes B no 5, A no B yes 10, both no 15: Po = .7, Pe = .5, κ = .4.
			name: "Cohen textbook 2x2",
			data: pairs([][]int64{{20, 5}, {10, 15}}),
			want: want{observed: f(0.70), cohen: f(0.400)},
		},
		{
			// Fleiss (1971: 379): 30 subjects, 6 raters, 5 diagnoses; P̄ = .5556, P̄e = .2201, κ = .430.
			name: "Fleiss 1971",
			data: units(6, 5, [][]int{
				{3, 3, 3, 3, 3, 3}, {1, 1, 1, 4, 4, 4}, {1, 2, 2, 2, 2, 4}, {4, 4, 4, 4, 4, 4}, {1, 1, 1, 3, 3, 3},
				{0, 0, 2, 2, 2, 2}, {2, 2, 2, 2, 4, 4}, {0, 0, 2, 2, 2, 3}, {0, 0, 3, 3, 3, 3}, {4, 4, 4, 4, 4, 4},
				{0, 3, 3, 3, 3, 3}, {0, 1, 3, 3, 3, 3}, {1, 1, 1, 2, 2, 2}, {0, 3, 3, 3, 3, 3}, {1, 1, 3, 3, 3, 4},
				{2, 2, 2, 2, 2, 4}, {0, 0, 0, 3, 4, 4}, {0, 0, 0, 0, 0, 1}, {1, 1, 3, 3, 3, 3}, {0, 2, 2, 4, 4, 4},
				{4, 4, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {1, 1, 3, 4, 4, 4}, {0, 0, 3, 3, 3, 3}, {0, 3, 3, 3, 3, 4},
				{1, 1, 1, 1, 1, 3}, {0, 0, 0, 0, 4, 4}, {1, 1, 3, 3, 3, 3}, {0, 2, 2, 2, 2, 2}, {4, 4, 4, 4, 4, 4},
			}),
			want: want{observed: f(0.5556), fleiss: f(0.430)},
		},
		{
			// The table of Wikipedia's "Fleiss' kappa": 10 subjects, 14 raters, 5
			// categories, counts per subject; P̄ = .378, P̄e = .213, κ = .210.
			name: "Fleiss Wikipedia 10x14",
			data: fromCounts(14, [][]int{
				{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
				{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
			}),
			want: want{observed: f(0.378), fleiss: f(0.210)},
		},
		{
			// ATLAS.ti's two-coder binary example: Po = .60, Cohen κ = .0909, α = .0952.
			name: "ATLAS.ti binary",
			data: binary("1100000000", "0110010100"),
			want: want{observed: f(0.60), cohen: f(0.0909), alpha: f(0.0952)},
			// Scott's pi (= Fleiss' kappa for two coders, complete data) is 0.0476.
			pairable: 20,
		},
		{
			// Krippendorff (1995: 57), pair A digitised: Cohen .385, α .329 (values as in
			// DKPro Agreement's tests of that paper).
			name: "Krippendorff 1995 digitised A",
			data: binary("001111111100001111110000", "000011110000000110000000"),
			want: want{cohen: f(0.385), fleiss: f(0.314), alpha: f(0.329)},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Analyze(tc.data)
			if tc.want.observed != nil {
				near(t, "observed", got.Observed, *tc.want.observed)
			}
			if tc.want.cohen != nil {
				near(t, "Cohen's kappa", got.CohenKappa, *tc.want.cohen)
			}
			if tc.want.fleiss != nil {
				near(t, "Fleiss' kappa", got.FleissKappa, *tc.want.fleiss)
			}
			if tc.want.alpha != nil {
				near(t, "alpha", got.Alpha, *tc.want.alpha)
			}
			if tc.pairable != 0 && got.Pairable != tc.pairable {
				t.Errorf("pairable values = %d, want %d", got.Pairable, tc.pairable)
			}
		})
	}
}

func TestATLASDetails(t *testing.T) {
	// Scott's pi is Fleiss' kappa for two coders: 0.0476; D_e = 0.4421 so 1 − D_e = 0.5579.
	got := Analyze(binary("1100000000", "0110010100"))
	near(t, "Scott's pi (Fleiss)", got.FleissKappa, 0.0476)
	near(t, "expected agreement", got.Expected, 1-0.4421)
	if got.Units != 10 || got.PairableUnits != 10 || got.CompleteUnits != 10 || got.Coders != 2 {
		t.Errorf("counts: %+v", got)
	}
}

// QualCoder's documented mistake: 100 characters, each coder 60 coded, 20 shared. The
// standard kappa is −0.667 (QualCoder reports 0.151 with Pe = Pyes × Pno).
func TestQualCoderCase(t *testing.T) {
	got := Analyze(pairs([][]int64{{0, 40}, {40, 20}}))
	near(t, "Cohen's kappa", got.CohenKappa, -0.6667)
}

func TestUndefinedMeasures(t *testing.T) {
	cases := []struct {
		name                 string
		data                 Data
		cohen, fleiss, alpha bool // defined?
		observed             float64
	}{
		{"no variation", binary("0000", "0000"), false, false, false, 1},
		{"all ones", binary("111", "111", "111"), false, false, false, 1},
		{"three coders: no Cohen", binary("0101", "0110", "0101"), false, true, true, -1},
		{"no common unit", binary("01..", "..10"), false, false, false, -1},
		{"one coder", binary("0101"), false, false, false, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Analyze(tc.data)
			for _, v := range []struct {
				name string
				val  Value
				def  bool
			}{{"cohen", got.CohenKappa, tc.cohen}, {"fleiss", got.FleissKappa, tc.fleiss}, {"alpha", got.Alpha, tc.alpha}} {
				if v.def && v.val.V == nil {
					t.Errorf("%s undefined (%s)", v.name, v.val.Note)
				}
				if !v.def {
					isUndefined(t, v.name, v.val)
				}
			}
			if tc.observed >= 0 {
				near(t, "observed", got.Observed, tc.observed)
			}
		})
	}
}

func TestWeightsEqualRepeatedRows(t *testing.T) {
	// A row with Count 3 is three identical units.
	one := Data{Coders: 3, Categories: 2, Rows: []Row{
		{Values: []int{1, 1, 0}, Count: 3}, {Values: []int{0, 0, m}, Count: 2}, {Values: []int{1, 0, 1}, Count: 1},
	}}
	var expanded Data
	expanded.Coders, expanded.Categories = 3, 2
	for _, r := range one.Rows {
		for i := int64(0); i < r.Count; i++ {
			expanded.Rows = append(expanded.Rows, Row{Values: r.Values, Count: 1})
		}
	}
	a, b := Analyze(one), Analyze(expanded)
	if a.Alpha.Float() != b.Alpha.Float() || a.FleissKappa.Float() != b.FleissKappa.Float() || a.Pairable != b.Pairable {
		t.Errorf("weighted %+v, expanded %+v", a, b)
	}
}
