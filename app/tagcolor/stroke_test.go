package tagcolor

import (
	"encoding/json"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/assets"
)

// defaultColours are the colours of the default codebook, sub-tags included.
func defaultColours(t *testing.T) map[string]string {
	type node struct {
		Name     string
		Color    string
		Children []node
	}
	var tags []node
	if err := json.Unmarshal(assets.DefaultCodebook, &tags); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func([]node)
	walk = func(ns []node) {
		for _, n := range ns {
			out[n.Name] = n.Color
			walk(n.Children)
		}
	}
	walk(tags)
	if len(out) < 10 {
		t.Fatalf("only %d default tags", len(out))
	}
	return out
}

func TestStrokeStandsOutOnBothThemes(t *testing.T) {
	test.NewTempApp(t)
	for _, variant := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"dark", theme.VariantDark}, {"light", theme.VariantLight}} {
		bg := theme.DefaultTheme().Color(theme.ColorNameBackground, variant.v)
		for name, hex := range defaultColours(t) {
			col := Parse(hex)
			got := Stroke(col, bg)
			if c := Contrast(got, bg); c < StrokeContrast {
				t.Errorf("%s theme: %q (%s) stroke %s has contrast %.2f", variant.name, name, hex, Hex(got), c)
			}
			if Contrast(col, bg) >= StrokeContrast && got != col {
				t.Errorf("%s theme: %q (%s) stands out already but was changed to %s", variant.name, name, hex, Hex(got))
			}
			// Moved no further than needed: the same hue family, not black or white.
			if Contrast(col, bg) < StrokeContrast && Difference(got, col) > 45 {
				t.Errorf("%s theme: %q (%s) moved to %s (ΔE %.0f)", variant.name, name, hex, Hex(got), Difference(got, col))
			}
		}
	}
	// The navy of 'NATO & alliances' is lightened on the dark theme, the bright yellow of
	// 'Civilians & humanitarian' darkened on the light one.
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if navy := Parse("#13196D"); Luminance(Stroke(navy, dark)) <= Luminance(navy) {
		t.Error("navy is not lightened on the dark theme")
	}
	if yellow := Parse("#C3C205"); Luminance(Stroke(yellow, light)) >= Luminance(yellow) {
		t.Error("yellow is not darkened on the light theme")
	}
	if got := Stroke(color.NRGBA{A: 0xFF}, color.NRGBA{A: 0xFF}); Contrast(got, color.NRGBA{A: 0xFF}) < StrokeContrast {
		t.Errorf("black on black: %s", Hex(got))
	}
}
