package app

import (
	"encoding/json"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/assets"
)

// Chips of every default tag colour read at WCAG AA (4.5:1) on both theme variants.
func TestChipTextContrast(t *testing.T) {
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
		bg := color.NRGBAModel.Convert(theme.DefaultTheme().Color(theme.ColorNameBackground, variant.v)).(color.NRGBA)
		for _, tg := range append(tags, struct{ Name, Color string }{"grey fallback", ""}) {
			tint := chipTint(parseColor(tg.Color), bg)
			if c := contrast(tint, readableOn(tint)); c < 4.5 {
				t.Errorf("%s theme: chip %q (%s) text contrast %.2f", variant.name, tg.Name, tg.Color, c)
			}
		}
	}
}

func TestContrast(t *testing.T) {
	black, white := color.NRGBA{A: 0xFF}, color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	if c := contrast(black, white); c < 20.9 || c > 21.1 {
		t.Fatalf("black on white %.2f, want 21", c)
	}
	if c := contrast(white, white); c != 1 {
		t.Fatalf("white on white %.2f, want 1", c)
	}
}
