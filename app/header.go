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
	// edit and remove act on the open article (hidden while none is open).
	edit, remove *widget.Button
	box          fyne.CanvasObject
}

func newArticleHeader(onEdit, onDelete func()) *articleHeader {
	h := &articleHeader{
		title:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		meta:   widget.NewLabel(""),
		link:   widget.NewHyperlink("", nil),
		edit:   widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), onEdit),
		remove: widget.NewButtonWithIcon("", theme.DeleteIcon(), onDelete),
	}
	h.edit.Importance, h.remove.Importance = widget.LowImportance, widget.LowImportance
	h.title.SizeName = theme.SizeNameSubHeadingText
	h.title.Wrapping = fyne.TextWrapWord
	h.meta.Truncation = fyne.TextTruncateEllipsis
	h.link.Truncation = fyne.TextTruncateEllipsis
	buttons := container.NewHBox(newTip(h.edit, "Edit the article's title, source, author, date, URL and language"),
		newTip(h.remove, "Delete the article with its annotations (undo brings it back)"))
	h.box = container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(buttons), h.title), h.meta, h.link, widget.NewSeparator())
	return h
}

func (h *articleHeader) show(a annotate.Article) {
	h.title.SetText(a.Title)
	if a.ID == "" {
		h.edit.Hide()
		h.remove.Hide()
	} else {
		h.edit.Show()
		h.remove.Show()
	}
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

// newTip is a header button; its purpose is in its label for screen readers and in the
// docs (Fyne 2.7 has no tooltips).
func newTip(b *widget.Button, _ string) fyne.CanvasObject { return b }
