package overview

import (
	"fmt"
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/tagcolor"
)

// heatmap is the co-occurrence matrix of the most frequent tags, laid out at one size.
type heatmap struct {
	co     stats.Cooccurrence
	idx    []int            // rows of co shown, in codebook order
	tags   []stats.TagCount // their tags
	maxV   int              // the largest count off the diagonal
	labelW float32
	cell   float32
	x0, y0 float32 // the matrix's top left corner
}

// heatmapDrawing: the co-occurrence matrix, numbered rows and columns, cells shaded by
// count and labelled; the diagonal (a tag's own count) is drawn neutral.
func heatmapDrawing(r *stats.Report, onCell func(a, b string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || len(r.Cooccurrence.TagIDs) < 2 {
			return emptyDrawing(size, "Co-occurrence needs annotations with at least two different tags")
		}
		h := newHeatmap(r, size.Width)
		n := float32(len(h.idx))
		d := drawing{min: fyne.NewSize(h.labelW+26*n+2*pad, h.y0+26*n+textSize()*4)}
		h.drawLabels(&d)
		h.drawCells(&d, onCell)
		h.drawLegend(&d)
		return d
	}
}

// newHeatmap picks the maxHeatTags most frequent tags (in codebook order) and fits the
// matrix to width.
func newHeatmap(r *stats.Report, width float32) heatmap {
	co := r.Cooccurrence
	h := heatmap{co: co, idx: make([]int, len(co.TagIDs))}
	for i := range h.idx {
		h.idx[i] = i
	}
	sort.SliceStable(h.idx, func(a, b int) bool { return co.Counts[h.idx[a]][h.idx[a]] > co.Counts[h.idx[b]][h.idx[b]] })
	if len(h.idx) > maxHeatTags {
		h.idx = h.idx[:maxHeatTags]
	}
	sort.Ints(h.idx)
	h.tags = make([]stats.TagCount, len(h.idx))
	for k, i := range h.idx {
		h.tags[k], _ = r.Tag(co.TagIDs[i])
	}
	for _, i := range h.idx {
		for _, j := range h.idx {
			if i != j {
				h.maxV = max(h.maxV, co.Counts[i][j])
			}
		}
	}
	ts := textSize()
	for k, t := range h.tags {
		h.labelW = max(h.labelW, textWidth(fmt.Sprintf("%d  %s", k+1, t.Name), ts))
	}
	h.labelW = min(h.labelW+pad+14, max(width*0.45, 140))
	h.cell = min(max((width-h.labelW-2*pad)/float32(len(h.idx)), 26), 56)
	h.x0, h.y0 = pad+h.labelW, pad+ts*1.8
	return h
}

// drawLabels writes each row's swatch, number and name, and the column numbers.
func (h heatmap) drawLabels(d *drawing) {
	ts, ss := textSize(), smallSize()
	for k, t := range h.tags {
		y := h.y0 + float32(k)*h.cell
		label := ellipsize(fmt.Sprintf("%d  %s", k+1, t.Name), h.labelW-pad-14, ts)
		d.objects = append(d.objects,
			rect(pad, y+h.cell/2-5, 10, 10, tagcolor.Parse(t.Color)),
			text(label, pad+14, y+(h.cell-ts*1.3)/2, -1, ts, fg(), false),
			text(fmt.Sprint(k+1), h.x0+float32(k)*h.cell+h.cell/2, pad, 0, ss, muted(), true))
	}
}

// drawCells shades and labels every cell; a click searches the two tags together.
func (h heatmap) drawCells(d *drawing, onCell func(a, b string)) {
	ss := smallSize()
	for a, i := range h.idx {
		for b, j := range h.idx {
			v := h.co.Counts[i][j]
			x, y := h.x0+float32(b)*h.cell, h.y0+float32(a)*h.cell
			fill, label, txt := h.cellLook(i, j, v)
			d.objects = append(d.objects, rect(x+1, y+1, h.cell-2, h.cell-2, fill))
			if label != "" {
				d.objects = append(d.objects, text(label, x+h.cell/2, y+(h.cell-ss*1.3)/2, 0, ss, txt, false))
			}
			ta, tb := h.tags[a], h.tags[b]
			d.hits = append(d.hits, hitArea{rect: [4]float32{x, y, h.cell, h.cell}, tip: h.cellTip(ta, tb, i == j, v),
				onTap: func() { onCell(ta.Path, tb.Path) }})
		}
	}
}

// cellLook is a cell's fill, label and label colour: the diagonal neutral, the others
// shaded towards the primary colour by count, an empty cell blank.
func (h heatmap) cellLook(i, j, v int) (fill color.NRGBA, label string, txt color.Color) {
	base, hot := theme.Color(theme.ColorNameBackground), theme.Color(theme.ColorNamePrimary)
	fill, label, txt = tagcolor.Mix(base, hot, 0), fmt.Sprint(v), muted()
	switch {
	case i == j:
		fill = tagcolor.Mix(base, grid(), 0.6)
	case v > 0:
		fill = tagcolor.Mix(base, hot, 0.15+0.85*float64(v)/float64(h.maxV))
		txt = tagcolor.ReadableOn(fill)
	default:
		label = ""
	}
	return fill, label, txt
}

// cellTip says what a cell counts.
func (h heatmap) cellTip(ta, tb stats.TagCount, diagonal bool, v int) string {
	if !diagonal {
		return fmt.Sprintf("%s × %s: %d — click to search", ta.Path, tb.Path, v)
	}
	what := "annotations"
	if h.co.SameArticle {
		what = "articles"
	}
	return fmt.Sprintf("%s: %d %s", ta.Path, v, what)
}

// drawLegend draws the colour scale and says what a cell counts.
func (h heatmap) drawLegend(d *drawing) {
	ss := smallSize()
	base, hot := theme.Color(theme.ColorNameBackground), theme.Color(theme.ColorNamePrimary)
	ly := h.y0 + float32(len(h.idx))*h.cell + pad
	for s := 0; s < 5; s++ {
		d.objects = append(d.objects, rect(h.x0+float32(s)*18, ly, 18, 12, tagcolor.Mix(base, hot, 0.15+0.85*float64(s)/4)))
	}
	d.objects = append(d.objects,
		text("1", h.x0-4, ly-1, 1, ss, muted(), false),
		text(fmt.Sprint(max(h.maxV, 1)), h.x0+5*18+4, ly-1, -1, ss, muted(), false))
	note := "Cells: places where two tags meet (same or overlapping annotations). Diagonal: annotations of the tag."
	if h.co.SameArticle {
		note = "Cells: articles holding both tags. Diagonal: articles holding the tag."
	}
	d.objects = append(d.objects, text(note, pad, ly+ss*1.8, -1, ss, fg(), false))
	if len(h.co.TagIDs) > len(h.idx) {
		d.objects = append(d.objects, text(fmt.Sprintf("The %d most frequent of %d tags.", len(h.idx), len(h.co.TagIDs)), pad, ly+ss*3.4, -1, ss, muted(), false))
	}
}
