package agreementui

import (
	"fmt"
	"image/color"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/lastdir"
	"gloss.app/gloss/app/uikit"
)

// Swatch is a small square in a colour (a coder's, a tag's), framed so that it shows on
// either theme's background.
func Swatch(c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.CornerRadius = 2
	r.StrokeColor = theme.Color(theme.ColorNameForeground)
	r.StrokeWidth = 0.5
	s := swatchSize()
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(s, s), r))
}

// Legend explains the colours of the table: a sample cell of each band, with its
// meaning, and what the colours judge.
func Legend() fyne.CanvasObject {
	sample := func(b band, text string) fyne.CanvasObject {
		bg, fg := b.fill()
		r := canvas.NewRectangle(bg)
		r.CornerRadius = 3
		t := canvas.NewText(text, fg)
		t.TextSize = theme.CaptionTextSize()
		return container.NewStack(r, container.New(layout.NewCustomPaddedLayout(2, 2, 6, 6), t))
	}
	caption := func(s string) fyne.CanvasObject {
		t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.CaptionTextSize()
		return t
	}
	return uikit.NewFlow(
		caption("Krippendorff's thresholds for κ, α and uα:"),
		sample(bandReliable, "0.800 and above: reliable"),
		sample(bandTentative, "0.667 to 0.800: tentative conclusions"),
		sample(bandUnreliable, "below 0.667: not reliable"),
		caption("– undefined: point at it for why."),
		caption("Observed: not chance-corrected, not coloured."),
	)
}

// writePNG renders a table under a title and a subtitle, with the legend and notes
// below, off screen in the current theme, as wide as the table needs (at least 720 px).
func writePNG(w io.Writer, title, subtitle string, t *Table, notes string) error {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	sub := widget.NewLabel(subtitle)
	sub.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(notes)
	note.Wrapping = fyne.TextWrapWord
	note.SizeName = theme.SizeNameCaptionText
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	body := container.NewVBox(head, sub, t, Legend(), note)
	content := container.NewStack(bg, container.NewPadded(body))
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetContent(content)
	width := max(t.MinSize().Width+4*theme.Padding(), 720)
	c.Resize(fyne.NewSize(width, 100))
	// The labels wrap at the width just laid out: ask for the height again.
	c.Resize(fyne.NewSize(width, content.MinSize().Height))
	return png.Encode(w, c.Capture())
}

// saveAs asks where to save data (built before the dialog opens; err when that failed)
// and says in the status bar what was written.
func saveAs(win fyne.Window, status func(string), name, what string, data []byte, err error) {
	tell := func(s string) {
		if status != nil {
			status(s)
		}
	}
	if err != nil {
		dialog.ShowError(err, win)
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		if wc == nil {
			return // cancelled
		}
		lastdir.RememberFile(lastdir.Export, wc.URI())
		_, err = wc.Write(data)
		if cerr := wc.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			err = fmt.Errorf("save %s: %w", wc.URI().Name(), err)
			dialog.ShowError(err, win)
			tell("⚠ " + err.Error())
			return
		}
		tell(fmt.Sprintf("Saved %s as %s", what, wc.URI().Path()))
	}, win)
	d.SetFileName(name)
	ext := name[len(name)-4:]
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	lastdir.Start(d, lastdir.Export)
	d.Show()
}
