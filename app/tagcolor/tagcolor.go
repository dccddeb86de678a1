// Package tagcolor is the one place that reads and writes the "#RRGGBB" colours tags
// carry and derives what is painted from them (highlights, chip tints, text that reads on
// a fill), for every view: palette, reader, chips, charts, facets, the codebook manager.
package tagcolor

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gloss.app/gloss/annotate"
)

// Fallback is the neutral grey a tag with no readable colour is painted in.
var Fallback = color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}

// Parse reads "#RRGGBB" (the # optional, either case); anything else is Fallback.
func Parse(s string) color.NRGBA {
	s = strings.TrimPrefix(s, "#")
	if len(s) != 6 {
		return Fallback
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return Fallback
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// Hex writes c as "#RRGGBB" (upper case, alpha dropped).
func Hex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02X%02X%02X", n.R, n.G, n.B)
}

// Of gives the colours of the tags ids names that the codebook holds, in order; Fallback
// alone when none is there (a highlight or a list row is never left without a colour).
func Of(cb *annotate.Codebook, ids []string) []color.NRGBA {
	cols := make([]color.NRGBA, 0, len(ids))
	for _, id := range ids {
		if t, ok := cb.Tag(id); ok {
			cols = append(cols, Parse(t.Color))
		}
	}
	if len(cols) == 0 {
		cols = append(cols, Fallback)
	}
	return cols
}

// Mix blends a towards b by t in [0, 1], opaque.
func Mix(a, b color.Color, t float64) color.NRGBA {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	f := func(x, y uint32) uint8 { return uint8((float64(x>>8)*(1-t) + float64(y>>8)*t) + 0.5) }
	return color.NRGBA{R: f(ar, br), G: f(ag, bg), B: f(ab, bb), A: 0xFF}
}

// Tint is a tag colour laid over a background at 45 %, opaque: a chip keeps its look on a
// selected (primary-tinted) row, where a translucent one took on the selection's colour.
func Tint(col color.NRGBA, background color.Color) color.NRGBA {
	b := color.NRGBAModel.Convert(background).(color.NRGBA)
	mix := func(x, y uint8) uint8 { return uint8((float32(x)*45 + float32(y)*55) / 100) }
	return color.NRGBA{R: mix(col.R, b.R), G: mix(col.G, b.G), B: mix(col.B, b.B), A: 0xFF}
}

// Dark and Light are the text colours ReadableOn chooses from.
var (
	Dark  = color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}
	Light = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// ReadableOn returns Dark or Light text, whichever contrasts more with bg (WCAG).
func ReadableOn(bg color.Color) color.NRGBA {
	if Contrast(bg, Dark) >= Contrast(bg, Light) {
		return Dark
	}
	return Light
}

// Luminance is the relative luminance of c (WCAG), 0 black to 1 white.
func Luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// Contrast is the WCAG contrast ratio of two colours, 1 to 21.
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a)+0.05, Luminance(b)+0.05
	if la < lb {
		la, lb = lb, la
	}
	return la / lb
}
