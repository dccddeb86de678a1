package agreement

import (
	"slices"
	"sort"
)

// Span is a stretch [Start, End) of the continuum (code points).
type Span struct{ Start, End int64 }

// Len is the span's length.
func (s Span) Len() int64 { return s.End - s.Start }

// Unitizing is one category's unitizing data for Krippendorff's uα: every coder has
// segmented the same continuum [0, Length) into units of the category (Spans, sorted, not
// overlapping) and the gaps between them. Breaks are positions where the continuum is
// cut into separate texts: gaps end there, as no unit can cross them.
type Unitizing struct {
	Length int64
	Coders int
	Breaks []int64
	Spans  [][]Span // per coder
}

// Disagreement is uα's observed and expected disagreement of one category; uα = 1 − Do/De.
type Disagreement struct {
	Observed, Expected float64
}

// gaps appends the lengths of the stretches between a coder's units, cut at the breaks.
func (u Unitizing) gaps(dst []int64, spans []Span) []int64 {
	pos := int64(0)
	b := 0
	gapTo := func(end int64) {
		for pos < end {
			for b < len(u.Breaks) && u.Breaks[b] <= pos {
				b++
			}
			stop := end
			if b < len(u.Breaks) && u.Breaks[b] < end {
				stop = u.Breaks[b]
			}
			dst = append(dst, stop-pos)
			pos = stop
		}
	}
	for _, s := range spans {
		gapTo(s.Start)
		pos = s.End
	}
	gapTo(u.Length)
	return dst
}

// observedPair sums Krippendorff's (2004: 253) squared distances between two coders'
// segments: for two overlapping units the squared differences of their starts and of
// their ends; for a unit that overlaps no unit of the other coder (so lies inside one of
// their gaps, which never cross a break as units do not) its squared length. Partial
// overlaps of a unit with a gap count 0.
func observedPair(a, b []Span) float64 {
	var sum float64
	alone := func(s Span) {
		l := float64(s.Len())
		sum += l * l
	}
	j0 := 0
	for _, x := range a {
		for j0 < len(b) && b[j0].End <= x.Start {
			j0++
		}
		overlapped := false
		for j := j0; j < len(b) && b[j].Start < x.End; j++ {
			overlapped = true
			ds, de := float64(x.Start-b[j].Start), float64(x.End-b[j].End)
			sum += ds*ds + de*de
		}
		if !overlapped {
			alone(x)
		}
	}
	i0 := 0
	for _, y := range b {
		for i0 < len(a) && a[i0].End <= y.Start {
			i0++
		}
		if i0 >= len(a) || a[i0].Start >= y.End {
			alone(y)
		}
	}
	return sum
}

// UnitizedDisagreement computes the observed and expected disagreement of Krippendorff's
// uα (1995; 2004: 251–256, as implemented by DKPro Agreement) for one category. ok is false
// when uα is undefined: no continuum, fewer than two coders, or no unit at all.
func UnitizedDisagreement(u Unitizing) (d Disagreement, ok bool) {
	var scratch []int64
	return unitizedDisagreement(u, &scratch)
}

// unitizedDisagreement is UnitizedDisagreement with a buffer for the gaps that the
// categories of one run share.
func unitizedDisagreement(u Unitizing, scratch *[]int64) (d Disagreement, ok bool) {
	R, L := u.Coders, u.Length
	if R < 2 || L <= 0 {
		return d, false
	}
	spans := make([][]Span, R)
	copy(spans, u.Spans)
	// Observed: every pair of coders.
	var sum float64
	for i := 0; i < R; i++ {
		for j := i + 1; j < R; j++ {
			sum += observedPair(spans[i], spans[j])
		}
	}
	fl := float64(L)
	d.Observed = 2 * sum / (float64(R*(R-1)) * fl * fl)

	// Expected: every unit against every way of placing it among all units and gaps.
	gaps := (*scratch)[:0]
	defer func() { *scratch = gaps[:0] }()
	var nUnits int64
	var squared float64 // Σ l(l−1) over units
	for _, sp := range spans {
		gaps = u.gaps(gaps, sp)
		for _, s := range sp {
			nUnits++
			l := float64(s.Len())
			squared += l * (l - 1)
		}
	}
	if nUnits == 0 {
		return d, false
	}
	slices.Sort(gaps)
	// suffix[i] = Σ gaps[i:], so the gaps at least l long sum quickly.
	suffix := make([]float64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + float64(gaps[i])
	}
	var num float64
	for _, sp := range spans {
		for _, s := range sp {
			l := s.Len()
			fl := float64(l)
			num += float64(nUnits-1) * (2*fl*fl*fl - 3*fl*fl + fl) / 3
			k := sort.Search(len(gaps), func(i int) bool { return gaps[i] >= l })
			fits := suffix[k] - float64(len(gaps)-k)*float64(l-1) // Σ (gap − l + 1)
			num += fl * fl * fits
		}
	}
	rl := float64(R) * fl
	d.Expected = (2 / fl) * num / (rl*(rl-1) - squared)
	if d.Expected <= 0 {
		return d, false
	}
	return d, true
}

// UAlpha is uα = 1 − Do/De of one category.
func UAlpha(u Unitizing) Value {
	d, ok := UnitizedDisagreement(u)
	if !ok {
		return undefinedUnitizing(u)
	}
	return defined(1 - d.Observed/d.Expected)
}

func undefinedUnitizing(u Unitizing) Value {
	switch {
	case u.Coders < 2:
		return undefined("u-alpha needs two coders or more on the same texts")
	case u.Length <= 0:
		return undefined("no text was coded by every coder")
	}
	return undefined("no coder highlighted anything with it in the texts every coder coded")
}

// PooledUAlpha is uα over several categories: 1 − mean Do / mean De (as DKPro Agreement
// and Krippendorff 2004 combine categories). Categories where uα is undefined are left out.
func PooledUAlpha(ds []Disagreement) Value {
	var do, de float64
	for _, d := range ds {
		do += d.Observed
		de += d.Expected
	}
	if len(ds) == 0 || de <= 0 {
		return undefined("no category has a defined u-alpha")
	}
	return defined(1 - do/de)
}
