package apptheme

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"os"
	"testing"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	fx "golang.org/x/image/math/fixed"
)

// With the space's bitmap added, a space after an emoji keeps its width when shaped in
// the emoji font's run (go-text leaves glyphs without extents at 0 advance), and every
// emoji still draws.
func TestSpaceAfterEmojiKeepsItsWidth(t *testing.T) {
	path := emojiFonts[0]
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s is not installed (apt-get install fonts-noto-color-emoji): %v", path, err)
	}
	shape := func(b []byte, s string) []shaping.Glyph {
		f, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r := []rune(s)
		return (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{Text: r, RunEnd: len(r), Direction: di.DirectionLTR, Face: f, Size: fx.I(16)}).Glyphs
	}
	if gs := shape(raw, "⚡ "); gs[1].XAdvance != 0 {
		t.Logf("the system font's space already has an advance (%v)", gs[1].XAdvance)
	}
	f, _ := font.ParseTTF(bytes.NewReader(raw))
	gid, _ := f.NominalGlyph(' ')
	fixedFont, err := withSpaceBitmap(raw, uint16(gid))
	if err != nil {
		t.Fatal(err)
	}
	gs := shape(fixedFont, "⚡ ⚡")
	if len(gs) != 3 {
		t.Fatalf("%d glyphs", len(gs))
	}
	space, emoji := gs[1].XAdvance.Round(), gs[0].XAdvance.Round()
	if space < 3 || space > 6 || emoji < 18 {
		t.Fatalf("space advance %d px, emoji %d px at 16 px", space, emoji)
	}
	// The emoji are drawn, the space is not.
	face, _ := font.ParseTTF(bytes.NewReader(fixedFont))
	img := image.NewNRGBA(image.Rect(0, 0, 60, 24))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	(&render.Renderer{FontSize: 16, PixScale: 1, Color: color.Black}).DrawStringAt("⚡ ⚡", img, 0, 18, face)
	inked := func(x0, x1 int) bool {
		for x := x0; x < x1; x++ {
			for y := 0; y < 24; y++ {
				if c := img.NRGBAAt(x, y); c.R < 200 || c.B < 200 {
					return true
				}
			}
		}
		return false
	}
	if !inked(0, emoji) || !inked(emoji+space, 2*emoji+space) {
		t.Fatal("an emoji is not drawn after the patch")
	}
}
