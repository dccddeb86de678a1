package tagcolor

import "image/color"

// StrokeContrast is the contrast a thin line in a tag's colour keeps with the background
// it is drawn on: WCAG's 3:1 for graphical objects.
const StrokeContrast = 3

// Stroke is a tag's colour for a thin line (the reader's dashed outline of a suggested
// passage, the list's swatch): the colour itself when it stands out on the background,
// otherwise moved towards white (dark theme) or black (light theme) as little as makes it
// stand out, so a navy tag stays visible on the dark theme and a yellow one on the light.
func Stroke(col color.NRGBA, background color.Color) color.NRGBA {
	if Contrast(col, background) >= StrokeContrast {
		return col
	}
	target := color.NRGBA{A: 0xFF}
	if ReadableOn(background) == Light {
		target = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	}
	for t := 0.05; t < 1; t += 0.05 {
		if c := Mix(col, target, t); Contrast(c, background) >= StrokeContrast {
			return c
		}
	}
	return target
}
