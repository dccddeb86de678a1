package app

import (
	"image/color"
	"strconv"
	"strings"
)

// parseColor reads "#RRGGBB"; anything else is a neutral grey.
func parseColor(s string) color.NRGBA {
	s = strings.TrimPrefix(s, "#")
	if len(s) != 6 {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}
