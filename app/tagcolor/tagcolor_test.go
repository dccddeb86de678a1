package tagcolor

import (
	"image/color"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want color.NRGBA
	}{
		{"#E69F00", color.NRGBA{0xE6, 0x9F, 0x00, 0xFF}},
		{"e69f00", color.NRGBA{0xE6, 0x9F, 0x00, 0xFF}},
		{"#0072b2", color.NRGBA{0x00, 0x72, 0xB2, 0xFF}},
		{"", Fallback},
		{"#FFF", Fallback},
		{"#GGGGGG", Fallback},
		{"#+12345", Fallback}, // ParseUint would take the sign
		{"#E69F0012", Fallback},
	} {
		if got := Parse(tc.in); got != tc.want {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestHexRoundTrips(t *testing.T) {
	for _, s := range []string{"#E69F00", "#000000", "#FFFFFF", "#3949AB"} {
		if got := Hex(Parse(s)); got != s {
			t.Errorf("Hex(Parse(%q)) = %q", s, got)
		}
	}
	if got := Hex(color.RGBA{R: 0x10, G: 0x20, B: 0x30, A: 0xFF}); got != "#102030" {
		t.Errorf("Hex of an RGBA: %q", got)
	}
}
