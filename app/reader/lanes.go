package reader

import (
	"slices"
	"sort"
)

// sortIntoLanes orders items by start (the longer first at the same start) and gives
// each the lowest lane not taken by an overlapping earlier one, so that overlaps draw
// side by side: highlights as stacked bands, suggested passages as nested outlines.
func sortIntoLanes[T any](items []T, span func(T) (start, end int), setLane func(*T, int)) {
	sort.SliceStable(items, func(i, j int) bool {
		si, ei := span(items[i])
		sj, ej := span(items[j])
		if si != sj {
			return si < sj
		}
		return ei > ej
	})
	var laneEnds []int // end offset of the last item in each lane
	for i := range items {
		start, end := span(items[i])
		lane := slices.IndexFunc(laneEnds, func(e int) bool { return e <= start })
		if lane < 0 {
			lane = len(laneEnds)
			laneEnds = append(laneEnds, 0)
		}
		laneEnds[lane] = end
		setLane(&items[i], lane)
	}
}
