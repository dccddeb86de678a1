package overview

import (
	"image/color"
	"sort"

	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/tagcolor"
)

// otherColor is the stack of the tags beyond maxSeries.
var otherColor = color.NRGBA{R: 0x9E, G: 0x9E, B: 0x9E, A: 0xFF}

// seriesPick chooses the tags a stacked chart shows: the maxSeries most used, codebook order.
type seriesPick struct {
	tags  []stats.TagCount
	other bool
}

func pickSeries(r *stats.Report, total func(id string) int) seriesPick {
	var used []stats.TagCount
	for _, t := range r.Tags {
		if total(t.ID) > 0 {
			used = append(used, t)
		}
	}
	if len(used) <= maxSeries {
		return seriesPick{tags: used}
	}
	sorted := append([]stats.TagCount(nil), used...)
	sort.SliceStable(sorted, func(i, j int) bool { return total(sorted[i].ID) > total(sorted[j].ID) })
	keep := map[string]bool{}
	for _, t := range sorted[:maxSeries] {
		keep[t.ID] = true
	}
	var out []stats.TagCount
	for _, t := range used {
		if keep[t.ID] {
			out = append(out, t)
		}
	}
	return seriesPick{tags: out, other: true}
}

// shown is the set of the picked tags' ids.
func (p seriesPick) shown() map[string]bool {
	m := map[string]bool{}
	for _, t := range p.tags {
		m[t.ID] = true
	}
	return m
}

// legend draws swatches and names flowing over rows within width; it returns the height.
func legend(d *drawing, p seriesPick, x, y, width float32) float32 {
	ss := smallSize()
	cx, cy := x, y
	add := func(name string, c color.Color) {
		w := 14 + textWidth(name, ss) + 14
		if cx+w > x+width && cx > x {
			cx, cy = x, cy+ss*1.8
		}
		d.objects = append(d.objects, rect(cx, cy+2, 10, 10, c), text(name, cx+14, cy, -1, ss, fg(), false))
		cx += w
	}
	for _, t := range p.tags {
		add(t.Path, tagcolor.Parse(t.Color))
	}
	if p.other {
		add("Other tags", otherColor)
	}
	return cy + ss*1.8 - y
}

func legendHeight(p seriesPick, width float32) float32 {
	var d drawing
	return legend(&d, p, 0, 0, width)
}
