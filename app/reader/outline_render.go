package reader

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/app/apptheme"
	"gloss.app/gloss/app/tagcolor"
)

// Outline strokes, in Fyne units: the dash pattern, a plain outline's stroke and the
// marked (selected) one's, and the step between nested outlines of one passage.
const (
	dashOn        float32 = 6
	dashOff       float32 = 3
	outlineStroke float32 = 2
	markedStroke  float32 = 3
	outlineNest   float32 = 4
	outlinePad    float32 = 3 // outwards from the text, so the dashes do not touch glyphs
)

// SetOutlines replaces the suggested passages drawn as dashed outlines (nil: none),
// keeping text, selection, highlights and scroll position.
func (r *Reader) SetOutlines(os []Outline) {
	r.outlines = os
	SortOutlines(r.outlines)
	r.Refresh()
}

// Outlines returns the outlines drawn, in text order.
func (r *Reader) Outlines() []Outline { return r.outlines }

// MarkOutline marks one outline (a thicker stroke over a faint tint of its colour: the
// suggestion chosen in the list); "" marks none.
func (r *Reader) MarkOutline(id string) {
	r.markedOutline = id
	r.Refresh()
}

// MarkedOutline is the id of the marked outline ("" none).
func (r *Reader) MarkedOutline() string { return r.markedOutline }

// dashLine is one edge of an outline drawn as a raster of dashes.
type dashLine struct {
	raster     *canvas.Raster
	color      color.NRGBA
	horizontal bool
	phase      float32 // where the edge starts along the dash pattern's axis (Fyne units)
	thick      float32
}

func (d *renderer) dash(n int) *dashLine {
	for len(d.dashes) <= n {
		dl := &dashLine{}
		dl.raster = canvas.NewRaster(dl.generate)
		d.dashes = append(d.dashes, dl)
	}
	return d.dashes[n]
}

// generate draws the dashes at the raster's pixel size: the phase is scaled like the
// edge, so dashes of touching edges line up and stay put while the text scrolls.
func (dl *dashLine) generate(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	size := dl.raster.Size()
	length, across, units := w, h, size.Width
	if !dl.horizontal {
		length, across, units = h, w, size.Height
	}
	if units <= 0 || length <= 0 || across <= 0 {
		return img
	}
	scale := float32(length) / units
	on, off := int(math.Round(float64(dashOn*scale))), int(math.Round(float64(dashOff*scale)))
	phase := int(math.Round(float64(dl.phase * scale)))
	for _, run := range Dashes(phase, length, max(on, 1), max(off, 1)) {
		for i := run[0]; i < run[1]; i++ {
			for j := 0; j < across; j++ {
				if dl.horizontal {
					img.SetNRGBA(i, j, dl.color)
				} else {
					img.SetNRGBA(j, i, dl.color)
				}
			}
		}
	}
	return img
}

// markTint is the faint fill under the marked outline.
func markTint(c color.NRGBA) color.NRGBA {
	c.A = 0x30
	if apptheme.IsDark() {
		c.A = 0x48
	}
	return c
}

// drawOutlines draws the suggested passages of the visible lines: the marked one's tint,
// then every outline's dashed edges.
func (d *renderer) drawOutlines(g geometry, first, last int, lineY func(int) float32, addRect func(x0, x1, y0, y1 float32, c color.Color)) {
	r := d.r
	if len(r.outlines) == 0 {
		return
	}
	from, to := r.layout.Lines[first].Start, r.layout.Lines[last].End+1
	lo, hi := max(0, first-1), min(len(r.layout.Lines)-1, last+1)
	nd := 0
	bg := theme.Color(theme.ColorNameBackground)
	originY := g.top - r.scroll // y of the first line's top in the widget
	top, bottom := float32(first)*g.lineHeight-outlinePad, float32(last+1)*g.lineHeight+outlinePad
	for _, o := range r.outlines {
		if o.Start >= to {
			break
		}
		if o.End <= from {
			continue
		}
		marked := o.ID == r.markedOutline
		stroke := outlineStroke
		if marked {
			stroke = markedStroke
			for _, sp := range r.layout.Spans(o.Start, o.End, first, last) {
				y := lineY(sp.Line)
				addRect(sp.X0-outlinePad, sp.X1+outlinePad, y, y+g.lineHeight, markTint(o.Color))
			}
		}
		inset := float32(o.lane)*outlineNest - outlinePad
		for _, e := range r.layout.OutlineEdges(o.Start, o.End, lo, hi, g.lineHeight, inset) {
			// Edges of the lines around the view only close the shape: nothing is drawn
			// beyond the lines the text is drawn on.
			if e.Horizontal() {
				if e.Y0 < top || e.Y0 > bottom {
					continue
				}
			} else if e.Y0, e.Y1 = max(e.Y0, top), min(e.Y1, bottom); e.Y0 >= e.Y1 {
				continue
			}
			dl := d.dash(nd)
			nd++
			// A thin line in a dark tag colour vanishes on the dark theme (and a light
			// one on the light theme): the stroke keeps 3:1 contrast with the background.
			dl.color, dl.horizontal, dl.thick = tagcolor.Stroke(o.Color, bg), e.Horizontal(), stroke
			x, y := g.left+e.X0, originY+e.Y0
			if dl.horizontal {
				dl.phase = e.X0
				dl.raster.Move(fyne.NewPos(x, y-stroke/2))
				dl.raster.Resize(fyne.NewSize(max(e.X1-e.X0, 1), stroke))
			} else {
				dl.phase = e.Y0 // content coordinates: the dashes scroll with the text
				dl.raster.Move(fyne.NewPos(x-stroke/2, y))
				dl.raster.Resize(fyne.NewSize(stroke, max(e.Y1-e.Y0, 1)))
			}
			d.objects = append(d.objects, dl.raster)
		}
	}
}
