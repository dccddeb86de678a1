package tagcolor

import (
	"encoding/json"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/assets"
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

func TestContrast(t *testing.T) {
	black, white := color.NRGBA{A: 0xFF}, color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	if c := Contrast(black, white); c < 20.9 || c > 21.1 {
		t.Fatalf("black on white %.2f, want 21", c)
	}
	if c := Contrast(white, white); c != 1 {
		t.Fatalf("white on white %.2f, want 1", c)
	}
}

func TestReadableOnPicksTheStrongerContrast(t *testing.T) {
	for _, tc := range []struct {
		bg   string
		want color.NRGBA
	}{
		{"#FFFFFF", Dark}, {"#000000", Light}, {"#E69F00", Dark}, {"#0072B2", Light}, {"#296FF6", Light}, {"#9E9E9E", Dark},
	} {
		if got := ReadableOn(Parse(tc.bg)); got != tc.want {
			t.Errorf("ReadableOn(%s) = %v, want %v", tc.bg, got, tc.want)
		}
	}
}

func TestMixAndTint(t *testing.T) {
	black, white := Parse("#000000"), Parse("#FFFFFF")
	if got := Mix(black, white, 0.5); got != (color.NRGBA{0x80, 0x80, 0x80, 0xFF}) {
		t.Errorf("Mix half way: %v", got)
	}
	if got := Mix(black, white, 0); got != black {
		t.Errorf("Mix at 0: %v", got)
	}
	if got := Tint(white, black); got != (color.NRGBA{0x72, 0x72, 0x72, 0xFF}) {
		t.Errorf("Tint of white over black: %v", got)
	}
}

func TestOf(t *testing.T) {
	cb := annotate.NewCodebook([]annotate.Tag{{ID: "a", Name: "A", Color: "#E69F00"}, {ID: "b", Name: "B", Color: "bad"}})
	got := Of(cb, []string{"a", "missing", "b"})
	if len(got) != 2 || got[0] != Parse("#E69F00") || got[1] != Fallback {
		t.Errorf("Of = %v", got)
	}
	if got := Of(cb, nil); len(got) != 1 || got[0] != Fallback {
		t.Errorf("Of(nothing) = %v, want the fallback alone", got)
	}
}

// Chips of every default tag colour read at WCAG AA (4.5:1) on both theme variants.
func TestTintOfDefaultColoursReads(t *testing.T) {
	test.NewTempApp(t)
	var tags []struct{ Name, Color string }
	if err := json.Unmarshal(assets.DefaultCodebook, &tags); err != nil {
		t.Fatal(err)
	}
	if len(tags) == 0 {
		t.Fatal("no default tags")
	}
	for _, variant := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"dark", theme.VariantDark}, {"light", theme.VariantLight}} {
		bg := theme.DefaultTheme().Color(theme.ColorNameBackground, variant.v)
		for _, tg := range append(tags, struct{ Name, Color string }{"grey fallback", ""}) {
			tint := Tint(Parse(tg.Color), bg)
			if c := Contrast(tint, ReadableOn(tint)); c < 4.5 {
				t.Errorf("%s theme: chip %q (%s) text contrast %.2f", variant.name, tg.Name, tg.Color, c)
			}
		}
	}
}
