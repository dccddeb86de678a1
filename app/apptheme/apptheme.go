// Package apptheme is Gloss's look: the light, dark or system theme the analyst chose
// (View → Theme, remembered), and a complete colour emoji font where the system has one.
package apptheme

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// Choice is the analyst's theme choice.
type Choice string

// The choices View → Theme offers.
const (
	Light  Choice = "light"
	Dark   Choice = "dark"
	System Choice = "system"
)

// Choices in menu order, with their labels.
var Choices = []struct {
	Choice Choice
	Label  string
}{{Light, "Light"}, {Dark, "Dark"}, {System, "Follow the system"}}

const prefKey = "theme"

// Current is the remembered choice (System when none or unknown).
func Current(a fyne.App) Choice {
	switch c := Choice(a.Preferences().StringWithFallback(prefKey, string(System))); c {
	case Light, Dark:
		return c
	}
	return System
}

// Apply sets the theme for a choice and remembers it.
func Apply(a fyne.App, c Choice) {
	a.Preferences().SetString(prefKey, string(c))
	a.Settings().SetTheme(For(c))
}

// Restore applies the remembered choice (at start).
func Restore(a fyne.App) {
	if c := Current(a); c != System {
		a.Settings().SetTheme(For(c))
	}
}

// For is the theme of a choice: Fyne's default theme, its variant fixed or following
// the system.
func For(c Choice) fyne.Theme {
	switch c {
	case Light:
		return fixed{theme.DefaultTheme(), theme.VariantLight}
	case Dark:
		return fixed{theme.DefaultTheme(), theme.VariantDark}
	}
	return theme.DefaultTheme()
}

// fixed is a theme that always shows one variant.
type fixed struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (f fixed) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.variant)
}

// IsDark reports whether the background being drawn is dark (the variant the analyst
// sees, whether chosen or the system's).
func IsDark() bool {
	r, g, b, _ := theme.Color(theme.ColorNameBackground).RGBA()
	return 299*r+587*g+114*b < 500*0xFFFF
}

// emojiFonts are where distributions install Noto Color Emoji (Debian and Ubuntu's
// fonts-noto-color-emoji first).
var emojiFonts = []string{
	"/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
	"/usr/share/fonts/noto/NotoColorEmoji.ttf",
	"/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf",
	"/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf",
	"/usr/share/fonts/noto-emoji/NotoColorEmoji.ttf",
	"/usr/local/share/fonts/NotoColorEmoji.ttf",
}

// UseSystemEmoji makes Fyne draw emoji with the system's Noto Color Emoji when it is
// installed, and reports the file used ("" when none). Fyne's own emoji font (EmojiOne
// Color, 2016) stops at Unicode 9 (🧐 draws as "�"), has glyphs its SVG renderer draws
// empty (⚡) and round flags; Noto Color Emoji covers current Unicode with real flags,
// and Fyne's text renderer draws its bitmap glyphs. Fyne reads the emoji font through
// theme.DefaultEmojiFont(), a *fyne.StaticResource; its content is replaced before any
// text is measured, so every label, list, chip and the reader use the same font. Call it
// before the app is created.
func UseSystemEmoji() string {
	res, ok := theme.DefaultEmojiFont().(*fyne.StaticResource)
	if !ok || res == nil {
		return ""
	}
	paths := emojiFonts
	if home, err := os.UserHomeDir(); err == nil {
		paths = append(paths, filepath.Join(home, ".local/share/fonts/NotoColorEmoji.ttf"), filepath.Join(home, ".fonts/NotoColorEmoji.ttf"))
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || len(b) < 1024 {
			continue
		}
		face, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			continue // a damaged file would leave Fyne without an emoji face
		}
		if gid, ok := face.NominalGlyph(' '); ok && gid < 1<<16 {
			if fixed, err := withSpaceBitmap(b, uint16(gid)); err == nil {
				if _, err := font.ParseTTF(bytes.NewReader(fixed)); err == nil {
					b = fixed
				}
			}
		}
		res.StaticName, res.StaticContent = filepath.Base(p), b
		return p
	}
	return ""
}
