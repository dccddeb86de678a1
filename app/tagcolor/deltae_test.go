package tagcolor

import (
	"bufio"
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/assets"
)

// The 34 test pairs published with the CIEDE2000 implementation notes of Sharma, Wu and
// Dalal (2005), to four decimals.
func TestDeltaE2000SharmaPairs(t *testing.T) {
	f, err := os.Open("testdata/ciede2000-sharma.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v []float64
		for _, s := range strings.Fields(sc.Text()) {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			v = append(v, x)
		}
		n++
		p, q := Lab{v[0], v[1], v[2]}, Lab{v[3], v[4], v[5]}
		for _, pair := range [][2]Lab{{p, q}, {q, p}} { // symmetric
			if got := DeltaE2000(pair[0], pair[1]); math.Abs(got-v[6]) > 0.00005 {
				t.Errorf("pair %d: ΔE00 = %.4f, want %.4f", n, got, v[6])
			}
		}
	}
	if n != 34 {
		t.Fatalf("read %d pairs, want 34", n)
	}
}

func TestToLab(t *testing.T) {
	tests := []struct {
		c    color.NRGBA
		want Lab
	}{
		{color.NRGBA{255, 255, 255, 255}, Lab{100, 0, 0}},
		{color.NRGBA{0, 0, 0, 255}, Lab{0, 0, 0}},
		{color.NRGBA{255, 0, 0, 255}, Lab{53.2408, 80.0925, 67.2032}},
		{color.NRGBA{0, 0, 255, 255}, Lab{32.2970, 79.1875, -107.8602}},
	}
	for _, tt := range tests {
		got := ToLab(tt.c)
		if math.Abs(got.L-tt.want.L) > 0.01 || math.Abs(got.A-tt.want.A) > 0.01 || math.Abs(got.B-tt.want.B) > 0.01 {
			t.Errorf("ToLab(%v) = %+v, want %+v", tt.c, got, tt.want)
		}
	}
}

// The default codebook's colours are told apart at a glance: every pair differs by
// ΔE00 ≥ 20, and every colour stands ≥ 20 from the light and the dark theme's
// background (a swatch, chip or stripe never fades into either).
func TestDefaultPaletteHasNoNearTwins(t *testing.T) {
	var tags []struct{ Name, Color string }
	if err := json.Unmarshal(assets.DefaultCodebook, &tags); err != nil {
		t.Fatal(err)
	}
	// The palette new tags take their colours from is held to the same rule.
	for i, c := range annotate.Palette {
		tags = append(tags, struct{ Name, Color string }{fmt.Sprintf("palette %d", i), c})
	}
	bgs := map[string]color.Color{
		"light": theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight),
		"dark":  theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark),
	}
	worst := 100.0
	for i, a := range tags {
		for _, b := range tags[i+1:] {
			if a.Color == b.Color {
				continue // a palette colour is a codebook colour
			}
			d := Difference(Parse(a.Color), Parse(b.Color))
			worst = math.Min(worst, d)
			if d < 20 {
				t.Errorf("%s %s and %s %s differ by ΔE00 %.1f", a.Name, a.Color, b.Name, b.Color, d)
			}
		}
		for name, bg := range bgs {
			if d := Difference(Parse(a.Color), bg); d < 20 {
				t.Errorf("%s %s is ΔE00 %.1f from the %s background", a.Name, a.Color, d, name)
			}
		}
	}
	t.Logf("closest pair: ΔE00 %.1f", worst)
}
