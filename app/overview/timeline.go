package overview

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/tagcolor"
)

// timeline is the stacked bar chart of tag uses per period, laid out at one size.
type timeline struct {
	tl     stats.Timeline
	pick   seriesPick
	series map[string]stats.Series
	shown  map[string]bool
	cols   int // bars, plus a gap and the undated bar when there is one

	ss            float32
	axisMax       int
	plotX, plotY  float32
	plotW, plotH  float32
	legendH, slot float32
	barW          float32
}

// timelineDrawing: stacked bars of tag uses per period, an "undated" bar apart.
func timelineDrawing(r *stats.Report, onBucket func(label string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || (len(r.Timeline.Buckets) == 0 && r.Timeline.Undated == 0) {
			return emptyDrawing(size, "No annotations to put on a timeline")
		}
		t := newTimeline(r, size)
		d := drawing{min: fyne.NewSize(t.plotX+float32(t.cols)*3+pad, t.plotY+120+t.ss*4+t.legendH+pad)}
		t.drawAxis(&d)
		t.drawBars(&d, onBucket)
		t.drawCaption(&d)
		return d
	}
}

// newTimeline picks the series and fits the plot, its axis and legend to size.
func newTimeline(r *stats.Report, size fyne.Size) timeline {
	t := timeline{tl: r.Timeline, series: map[string]stats.Series{}, ss: smallSize()}
	for _, s := range t.tl.Series {
		t.series[s.TagID] = s
	}
	t.pick = pickSeries(r, func(id string) int {
		s := t.series[id]
		n := s.Undated
		for _, c := range s.Counts {
			n += c
		}
		return n
	})
	t.shown = t.pick.shown()
	t.cols = len(t.tl.Buckets)
	if t.tl.Undated > 0 {
		t.cols += 2 // a gap and the undated bar
	}
	maxSum := 0
	for b := -1; b < len(t.tl.Buckets); b++ {
		h, other := t.stack(b)
		sum := other
		for _, v := range h {
			sum += v
		}
		maxSum = max(maxSum, sum)
	}
	t.axisMax = niceMax(maxSum)
	axisW := textWidth(fmt.Sprint(t.axisMax), t.ss) + pad*2
	t.plotX, t.plotY = pad+axisW, pad+t.ss
	t.plotW = max(size.Width-t.plotX-pad, float32(t.cols)*3)
	t.legendH = legendHeight(t.pick, t.plotW)
	t.plotH = max(size.Height-t.plotY-t.ss*4-t.legendH-pad, 120)
	t.slot = t.plotW / float32(t.cols)
	t.barW = min(max(t.slot*0.8, 1), 64)
	return t
}

// stack is the height of each shown tag in column b (-1: undated) and of the rest.
func (t timeline) stack(b int) (h []int, other int) {
	for _, s := range t.tl.Series {
		if t.shown[s.TagID] {
			continue
		}
		if b >= 0 {
			other += s.Counts[b]
		} else {
			other += s.Undated
		}
	}
	for _, tag := range t.pick.tags {
		s := t.series[tag.ID]
		if b >= 0 {
			h = append(h, s.Counts[b])
		} else {
			h = append(h, s.Undated)
		}
	}
	return h, other
}

func (t timeline) bottom() float32 { return t.plotY + t.plotH }

// drawAxis draws the grid lines with their numbers.
func (t timeline) drawAxis(d *drawing) {
	for _, f := range tickFractions(t.axisMax) {
		y := t.bottom() - t.plotH*f
		d.objects = append(d.objects, line(t.plotX, y, t.plotX+t.plotW, y, grid()),
			text(fmt.Sprint(int(float32(t.axisMax)*f)), t.plotX-4, y-t.ss*0.7, 1, t.ss, muted(), false))
	}
}

// drawBars draws a bar per period, labelled as often as the labels fit, and the undated
// bar apart.
func (t timeline) drawBars(d *drawing, onBucket func(label string)) {
	labelEvery := int(math.Ceil(float64((textWidth("2025-W45", t.ss) + pad) / t.slot)))
	for b, bucket := range t.tl.Buckets {
		t.drawBar(d, b, b, bucket.Label, onBucket)
		if b%max(labelEvery, 1) == 0 {
			d.objects = append(d.objects, text(bucket.Label, t.plotX+float32(b)*t.slot+t.slot/2, t.bottom()+2, 0, t.ss, muted(), false))
		}
	}
	if t.tl.Undated > 0 {
		t.drawBar(d, t.cols-1, -1, "undated", onBucket)
		d.objects = append(d.objects, text("undated", t.plotX+float32(t.cols-1)*t.slot+t.slot/2, t.bottom()+t.ss*1.5, 0, t.ss, muted(), false))
	}
}

// drawBar stacks column b (-1: undated) in slot col; a click searches its period.
func (t timeline) drawBar(d *drawing, col, b int, label string, onBucket func(label string)) {
	h, other := t.stack(b)
	x := t.plotX + float32(col)*t.slot + (t.slot-t.barW)/2
	y := t.bottom()
	total := other
	var parts []string
	for k, v := range h {
		hh := t.plotH * float32(v) / float32(t.axisMax)
		y -= hh
		d.objects = append(d.objects, rect(x, y, t.barW, hh, tagcolor.Parse(t.pick.tags[k].Color)))
		total += v
		if v > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t.pick.tags[k].Name, v))
		}
	}
	if other > 0 {
		hh := t.plotH * float32(other) / float32(t.axisMax)
		d.objects = append(d.objects, rect(x, y-hh, t.barW, hh, otherColor))
		parts = append(parts, fmt.Sprintf("other %d", other))
	}
	d.hits = append(d.hits, hitArea{rect: [4]float32{t.plotX + float32(col)*t.slot, t.plotY, t.slot, t.plotH},
		tip:   fmt.Sprintf("%s: %d tag uses — %s", label, total, strings.Join(parts, ", ")),
		onTap: func() { onBucket(label) }})
}

// drawCaption draws the vertical axis line, what the bars count, and the legend.
func (t timeline) drawCaption(d *drawing) {
	d.objects = append(d.objects, line(t.plotX, t.plotY, t.plotX, t.bottom(), grid()),
		text(fmt.Sprintf("Tag uses per %s of the published date", t.tl.Period), t.plotX+t.plotW/2, t.bottom()+t.ss*2.8, 0, t.ss, fg(), false))
	legend(d, t.pick, t.plotX, t.bottom()+t.ss*4.4, t.plotW)
}
