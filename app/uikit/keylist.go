package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// KeyList is a widget.List that passes typed characters on. A click on a row makes the
// List the focused widget (desktop driver), and List drops every rune: without this the
// tagging digits 1–9 did nothing after a click on the annotation list or the library.
type KeyList struct {
	widget.List
	onRune func(rune)
}

// NewKeyList is widget.NewList with onRune (may be nil) told of every typed character.
func NewKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject), onRune func(rune)) *KeyList {
	l := &KeyList{List: widget.List{Length: length, CreateItem: create, UpdateItem: update}, onRune: onRune}
	l.ExtendBaseWidget(l)
	return l
}

// TypedRune hands the character on after the list's own handling.
func (l *KeyList) TypedRune(r rune) {
	l.List.TypedRune(r)
	if l.onRune != nil {
		l.onRune(r)
	}
}
