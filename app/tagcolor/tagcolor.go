// Package tagcolor reads and writes the "#RRGGBB" colours tags carry, for every view that
// paints them (palette, highlights, chips, charts, facets, the codebook manager).
package tagcolor

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
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
