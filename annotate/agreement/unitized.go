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

// segment is a piece of one coder's tiling of the continuum: a unit or a gap.
type segment struct {
	start, end int64
	unit       bool
}

// tiling lays a coder's units and the gaps between them (cut at the breaks) over the
// whole continuum.
func (u Unitizing) tiling(spans []Span) []segment {
	out := make([]segment, 0, 2*len(spans)+len(u.Breaks)+1)
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
			out = append(out, segment{pos, stop, false})
			pos = stop
		}
	}
	for _, s := range spans {
		gapTo(s.Start)
		out = append(out, segment{s.Start, s.End, true})
		pos = s.End
	}
	gapTo(u.Length)
	return out
}

// distance is Krippendorff's (2004: 253) squared distance between two overlapping
// segments of two coders: the squared differences of the ends of two overlapping units,
// a unit's squared length when the other coder has a gap around all of it, else 0.
func distance(a, b segment) float64 {
	switch {
	case a.unit && b.unit:
		ds, de := float64(a.start-b.start), float64(a.end-b.end)
		return ds*ds + de*de
	case a.unit && b.start <= a.start && a.end <= b.end:
		l := float64(a.end - a.start)
		return l * l
	case b.unit && a.start <= b.start && b.end <= a.end:
		l := float64(b.end - b.start)
		return l * l
	}
	return 0
}

// UnitizedDisagreement computes the observed and expected disagreement of Krippendorff's
// uα (1995; 2004: 251–256, as implemented by DKPro Agreement) for one category. ok is false
// when uα is undefined: no continuum, fewer than two coders, or no unit at all.
func UnitizedDisagreement(u Unitizing) (d Disagreement, ok bool) {
	R, L := u.Coders, u.Length
	if R < 2 || L <= 0 {
		return d, false
	}
	tilings := make([][]segment, R)
	for i := range tilings {
		var spans []Span
		if i < len(u.Spans) {
			spans = u.Spans[i]
		}
		tilings[i] = u.tiling(spans)
	}
	// Observed: every pair of coders, every pair of their overlapping segments.
	var sum float64
	for i := 0; i < R; i++ {
		for j := i + 1; j < R; j++ {
			a, b := tilings[i], tilings[j]
			p, q := 0, 0
			for p < len(a) && q < len(b) {
				sum += distance(a[p], b[q])
				switch {
				case a[p].end < b[q].end:
					p++
				case b[q].end < a[p].end:
					q++
				default:
					p++
					q++
				}
			}
		}
	}
	fl := float64(L)
	d.Observed = 2 * sum / (float64(R*(R-1)) * fl * fl)

	// Expected: every unit against every way of placing it among all units and gaps.
	var gaps []int64
	var nUnits int64
	var squared float64 // Σ l(l−1) over units
	for _, t := range tilings {
		for _, s := range t {
			if s.unit {
				nUnits++
				l := float64(s.end - s.start)
				squared += l * (l - 1)
			} else {
				gaps = append(gaps, s.end-s.start)
			}
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
	for _, t := range tilings {
		for _, s := range t {
			if !s.unit {
				continue
			}
			l := s.end - s.start
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
