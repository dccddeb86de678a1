package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// articleHeader shows the open article's title, source, date and URL above the text.
type articleHeader struct {
	title *widget.Label
	meta  *widget.Label
	link  *widget.Hyperlink
	box   fyne.CanvasObject
}

func newArticleHeader() *articleHeader {
	h := &articleHeader{
		title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		meta:  widget.NewLabel(""),
		link:  widget.NewHyperlink("", nil),
	}
	h.title.SizeName = theme.SizeNameSubHeadingText
	h.title.Wrapping = fyne.TextWrapWord
	h.meta.Truncation = fyne.TextTruncateEllipsis
	h.link.Truncation = fyne.TextTruncateEllipsis
	h.box = container.NewVBox(h.title, h.meta, h.link, widget.NewSeparator())
	return h
}

func (h *articleHeader) show(a annotate.Article) {
	h.title.SetText(a.Title)
	var parts []string
	for _, s := range []string{a.Source, a.Author} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if !a.Published.IsZero() {
		parts = append(parts, a.Published.Format("Monday, 2 January 2006"))
	}
	if a.Length > 0 {
		parts = append(parts, groupThousands(a.Length)+" characters")
	}
	if a.Version > 1 {
		parts = append(parts, fmt.Sprintf("version %d", a.Version))
	}
	h.meta.SetText(strings.Join(parts, " · "))
	if a.URL != "" {
		h.link.SetText(a.URL)
		h.link.SetURLFromString(a.URL)
		h.link.Show()
	} else {
		h.link.Hide()
	}
}
