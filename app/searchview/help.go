package searchview

import (
	_ "embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// HelpText is the query language with examples (kept in step with docs/SEARCH.md).
//
//go:embed help.md
var HelpText string

// ShowHelp shows the query language with examples.
func (v *View) ShowHelp() {
	text := widget.NewRichTextFromMarkdown(HelpText)
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(640, 520))
	d := dialog.NewCustom("Search: the query language", "Close", scroll, v.deps.Window)
	d.Show()
}
