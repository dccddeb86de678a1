package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// SectionTitle is the bold heading of a panel's section ("Library", "Codebook").
func SectionTitle(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// SectionTitleHeight is the height a SectionTitle takes.
func SectionTitleHeight() float32 { return SectionTitle("Codebook").MinSize().Height }
