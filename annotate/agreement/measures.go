// Package agreement measures how far coders agree: observed agreement, Cohen's kappa,
// Fleiss' kappa and Krippendorff's alpha on units (sentences, paragraphs, articles or
// characters), and Krippendorff's unitized alpha on the highlighted spans themselves. It
// also lists the units where coders differ and draws the samples of a blind self-check.
// It reads the workspace through package annotate and never imports Fyne.
package agreement

import (
	"fmt"
	"math"
)

// Missing marks a unit a coder did not code (not the same as coding it 0).
const Missing = -1

// Row is one unit of reliability data, or Count identical ones: Values[i] is coder i's
// category (0, 1, … or Missing).
type Row struct {
	Values []int
	Count  int64
}

// Data is reliability data: units × coders, nominal categories 0…Categories−1.
type Data struct {
	Coders     int
	Categories int
	Rows       []Row
}

// Value is a measure's value, or nil with the reason it is undefined for the data.
type Value struct {
	V    *float64
	Note string // why V is nil
}

func defined(v float64) Value { return Value{V: &v} }
func undefined(format string, args ...any) Value {
	return Value{Note: fmt.Sprintf(format, args...)}
}

// Float is the value, NaN when undefined.
func (v Value) Float() float64 {
	if v.V == nil {
		return math.NaN()
	}
	return *v.V
}

// Coding holds the measures of one set of reliability data with the counts behind them.
type Coding struct {
	Units         int64 // units with at least one value
	PairableUnits int64 // units with two values or more (the ones alpha and observed agreement use)
	Pairable      int64 // n: the values in pairable units
	Coders        int   // coders with at least one value
	CompleteUnits int64 // units every coder coded (the ones Fleiss' kappa uses)
	Observed      Value // 1 − D_o: share of agreeing pairs among pairable values
	Expected      Value // 1 − D_e: the agreement chance gives alpha
	CohenKappa    Value
	FleissKappa   Value
	Alpha         Value // Krippendorff's alpha, nominal
}

// coincidences holds Krippendorff's coincidence matrix o[c][k] and its margins.
type coincidences struct {
	o [][]float64
	n float64 // Σ o = pairable values
}

func coincidenceMatrix(d Data) coincidences {
	o := make([][]float64, d.Categories)
	for i := range o {
		o[i] = make([]float64, d.Categories)
	}
	counts := make([]int64, d.Categories)
	var n float64
	for _, r := range d.Rows {
		clear(counts)
		var m int64
		for _, v := range r.Values {
			if v != Missing {
				counts[v]++
				m++
			}
		}
		if m < 2 {
			continue
		}
		w := float64(r.Count) / float64(m-1)
		for c, nc := range counts {
			if nc == 0 {
				continue
			}
			for k, nk := range counts {
				if c == k {
					o[c][c] += w * float64(nc*(nc-1))
				} else if nk > 0 {
					o[c][k] += w * float64(nc*nk)
				}
			}
		}
		n += float64(r.Count * m)
	}
	return coincidences{o: o, n: n}
}

// Analyze computes every coding measure of the data. Cohen's kappa needs exactly two
// coders and uses the units both coded; Fleiss' kappa uses the units every coder coded;
// alpha and observed agreement use every unit with two values or more.
func Analyze(d Data) Coding {
	var res Coding
	seen := make([]bool, d.Coders)
	for _, r := range d.Rows {
		if r.Count <= 0 {
			continue
		}
		m := 0
		for i, v := range r.Values {
			if v != Missing {
				m++
				seen[i] = true
			}
		}
		if m >= 1 {
			res.Units += r.Count
		}
		if m >= 2 {
			res.PairableUnits += r.Count
			res.Pairable += r.Count * int64(m)
		}
		if m == d.Coders {
			res.CompleteUnits += r.Count
		}
	}
	for _, s := range seen {
		if s {
			res.Coders++
		}
	}
	res.Observed, res.Expected, res.Alpha = alpha(d)
	res.CohenKappa = cohen(d)
	res.FleissKappa = fleiss(d)
	return res
}

// alpha is Krippendorff's alpha for nominal data with missing values (Krippendorff 2011,
// "Computing Krippendorff's Alpha-Reliability"): α = 1 − D_o/D_e over the coincidences of
// all pairable values.
func alpha(d Data) (observed, expected, a Value) {
	if d.Coders < 2 {
		why := "there is only one coder"
		return undefined("%s", why), undefined("%s", why), undefined("%s", why)
	}
	co := coincidenceMatrix(d)
	if co.n < 2 {
		why := "no unit was coded by two coders or more"
		return undefined("%s", why), undefined("%s", why), undefined("%s", why)
	}
	var agree float64
	margins := make([]float64, d.Categories)
	for c := range co.o {
		agree += co.o[c][c]
		for k := range co.o[c] {
			margins[c] += co.o[c][k]
		}
	}
	do := 1 - agree/co.n
	var sameByChance float64
	for _, nc := range margins {
		sameByChance += nc * (nc - 1)
	}
	de := 1 - sameByChance/(co.n*(co.n-1))
	observed, expected = defined(1-do), defined(1-de)
	if de <= 1e-15 {
		return observed, expected, undefined("no variation: every value is the same category, so chance agreement is perfect")
	}
	return observed, expected, defined(1 - do/de)
}

// cohen is Cohen's (1960) kappa over the units both coders coded: κ = (Po − Pe)/(1 − Pe)
// with Pe = Σ_k p_A(k)·p_B(k), each coder's own marginals.
func cohen(d Data) Value {
	if d.Coders != 2 {
		return undefined("Cohen's kappa needs exactly two coders (there are %d)", d.Coders)
	}
	pa := make([]float64, d.Categories)
	pb := make([]float64, d.Categories)
	var n, agree float64
	for _, r := range d.Rows {
		a, b := r.Values[0], r.Values[1]
		if a == Missing || b == Missing || r.Count <= 0 {
			continue
		}
		w := float64(r.Count)
		n += w
		pa[a] += w
		pb[b] += w
		if a == b {
			agree += w
		}
	}
	if n == 0 {
		return undefined("no unit was coded by both coders")
	}
	var pe float64
	for k := range pa {
		pe += (pa[k] / n) * (pb[k] / n)
	}
	if pe >= 1-1e-15 {
		return undefined("no variation: both coders gave every unit the same category, so chance agreement is perfect")
	}
	return defined((agree/n - pe) / (1 - pe))
}

// fleiss is Fleiss' (1971) kappa over the units every coder coded: P̄ is the mean share
// of agreeing rater pairs per unit, Pe = Σ_k p̄_k² with pooled marginals.
func fleiss(d Data) Value {
	if d.Coders < 2 {
		return undefined("Fleiss' kappa needs two coders or more")
	}
	counts := make([]int64, d.Categories)
	pooled := make([]float64, d.Categories)
	m := int64(d.Coders)
	var units, pSum float64
	for _, r := range d.Rows {
		if r.Count <= 0 {
			continue
		}
		clear(counts)
		complete := true
		for _, v := range r.Values {
			if v == Missing {
				complete = false
				break
			}
			counts[v]++
		}
		if !complete {
			continue
		}
		w := float64(r.Count)
		units += w
		var sq int64
		for k, c := range counts {
			sq += c * c
			pooled[k] += w * float64(c)
		}
		pSum += w * float64(sq-m) / float64(m*(m-1))
	}
	if units == 0 {
		return undefined("no unit was coded by all %d coders", d.Coders)
	}
	var pe float64
	for _, c := range pooled {
		p := c / (units * float64(m))
		pe += p * p
	}
	if pe >= 1-1e-15 {
		return undefined("no variation: every coder gave every unit the same category, so chance agreement is perfect")
	}
	return defined((pSum/units - pe) / (1 - pe))
}
