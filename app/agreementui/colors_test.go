package agreementui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/apptheme"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/tagcolor"
)

func TestCoderColoursDistinctAndStable(t *testing.T) {
	a := test.NewTempApp(t)
	book := NewCoderColours(a.Preferences(), "/ws/one")
	first := book.Of([]string{"bob", "alice", "carol", annotate.ConsensusAuthor})
	if first[annotate.ConsensusAuthor] != ConsensusColor {
		t.Errorf("consensus is %v, want the consensus grey", first[annotate.ConsensusAuthor])
	}
	seen := map[color.NRGBA]string{}
	for name, c := range first {
		if other, dup := seen[c]; dup {
			t.Errorf("%s and %s share %v", name, other, c)
		}
		seen[c] = name
	}
	// New coders, in any order and subset, never move the colours given before — not in
	// this book, and not in a new one reading the same preferences (the next session).
	for i, names := range [][]string{
		{"aaron", "alice", "bob", "carol", "zoe", "yuri", "xena", "walt"},
		{"carol"},
		{"bob", "alice"},
	} {
		for _, book := range []*CoderColours{book, NewCoderColours(a.Preferences(), "/ws/one")} {
			got := book.Of(names)
			for _, n := range names {
				if want, ok := first[n]; ok && got[n] != want {
					t.Errorf("set %d: %s moved from %v to %v", i, n, want, got[n])
				}
			}
		}
	}
	// Eight coders, eight colours.
	all := book.Of([]string{"aaron", "alice", "bob", "carol", "zoe", "yuri", "xena", "walt"})
	distinct := map[color.NRGBA]bool{}
	for _, c := range all {
		distinct[c] = true
	}
	if len(distinct) != len(coderPalette) {
		t.Errorf("%d coders got %d colours", len(all), len(distinct))
	}
	// Another workspace remembers its own.
	if got := NewCoderColours(a.Preferences(), "/ws/two").Of([]string{"aaron"}); got["aaron"] != coderPalette[preferredSlot("aaron")] {
		t.Errorf("a new workspace gives aaron %v, want the preferred colour", got["aaron"])
	}
	// A damaged preference starts afresh.
	a.Preferences().SetString("coder-colours:/ws/three", "{not json")
	if got := NewCoderColours(a.Preferences(), "/ws/three").Of([]string{"bob"}); got["bob"] != coderPalette[preferredSlot("bob")] {
		t.Errorf("damaged preference: bob %v", got["bob"])
	}
}

// deltaE is the CIE76 colour difference (Euclidean in L*a*b*) that AGREEMENT.md's
// thresholds are stated in.
func deltaE(c1, c2 color.NRGBA) float64 {
	p, q := tagcolor.ToLab(c1), tagcolor.ToLab(c2)
	return math.Sqrt((p.L-q.L)*(p.L-q.L) + (p.A-q.A)*(p.A-q.A) + (p.B-q.B)*(p.B-q.B))
}

// over blends c with its alpha onto an opaque background.
func over(c color.NRGBA, bg color.Color) color.NRGBA {
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	mix := func(x, y uint8) uint8 {
		return uint8((float64(x)*float64(c.A) + float64(y)*float64(255-c.A)) / 255)
	}
	return color.NRGBA{mix(c.R, b.R), mix(c.G, b.G), mix(c.B, b.B), 0xFF}
}

// Coders' colours differ from each other and from the consensus grey, and the mark of a
// self-check's units from the coders' (the consensus and the mark never meet: one is in
// the browser, the other in the reader); as bands under text they keep the text readable
// (WCAG AA) in both theme variants, and the bands of two coders stay apart there.
func TestCoderPaletteReadableAndApart(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []color.NRGBA{ConsensusColor, SampleColor} {
		for _, d := range coderPalette {
			if e := deltaE(c, d); e < 20 {
				t.Errorf("colours %v and %v differ by ΔE %.1f", c, d, e)
			}
		}
	}
	for i := range coderPalette {
		for j := i + 1; j < len(coderPalette); j++ {
			if d := deltaE(coderPalette[i], coderPalette[j]); d < 20 {
				t.Errorf("colours %v and %v differ by ΔE %.1f", coderPalette[i], coderPalette[j], d)
			}
		}
	}
	// The reader's highlight alpha per variant (reader.highlightAlpha follows the
	// background drawn: light 0x60, dark 0x8C).
	want := uint8(0x60)
	if apptheme.IsDark() {
		want = 0x8C
	}
	if got := reader.Translucent(coderPalette[0]).A; got != want {
		t.Fatalf("the reader's alpha is %#x, want %#x: update this test", got, want)
	}
	alpha := map[fyne.ThemeVariant]uint8{theme.VariantLight: 0x60, theme.VariantDark: 0x8C}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		test.ApplyTheme(t, &variantTheme{Theme: theme.DefaultTheme(), v: variant})
		bg := theme.Color(theme.ColorNameBackground)
		fg := theme.Color(theme.ColorNameForeground)
		var bands []color.NRGBA
		for _, c := range append([]color.NRGBA{ConsensusColor}, coderPalette...) {
			c.A = alpha[variant]
			band := over(c, bg)
			bands = append(bands, band)
			if r := tagcolor.Contrast(fg, band); r < 4.5 {
				t.Errorf("variant %d: text on the band of %v has contrast %.2f", variant, c, r)
			}
		}
		for i := range bands {
			for j := i + 1; j < len(bands); j++ {
				if d := deltaE(bands[i], bands[j]); d < 10 {
					t.Errorf("variant %d: bands %v and %v differ by ΔE %.1f", variant, bands[i], bands[j], d)
				}
			}
		}
		// The reliability bands: their text reads on their fill.
		for _, b := range []band{bandUnreliable, bandTentative, bandReliable} {
			fill, text := b.fill()
			if r := tagcolor.Contrast(text, fill); r < 4.5 {
				t.Errorf("variant %d: band %d text contrast %.2f", variant, b, r)
			}
		}
	}
}

// variantTheme is the default theme forced to one variant.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t *variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

func TestBandOf(t *testing.T) {
	v := func(x float64) agreement.Value { return agreement.Value{V: &x} }
	for _, tc := range []struct {
		in   agreement.Value
		want band
	}{
		{agreement.Value{Note: "no variation"}, bandNone},
		{v(-0.4), bandUnreliable},
		{v(0.666), bandUnreliable},
		{v(0.667), bandTentative},
		{v(0.7999), bandTentative},
		{v(0.8), bandReliable},
		{v(1), bandReliable},
	} {
		if got := bandOf(tc.in); got != tc.want {
			t.Errorf("bandOf(%v) = %d, want %d", tc.in.Float(), got, tc.want)
		}
	}
}
