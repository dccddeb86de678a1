package palette

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Row is a palette row: it reacts to clicks and shows hover, like a flat button.
type Row struct {
	widget.BaseWidget
	content fyne.CanvasObject
	bg      *canvas.Rectangle
	onTap   func()
	tooltip string
	count   *widget.Label
}

// Count is the number shown in the row's uses column.
func (r *Row) Count() string { return r.count.Text }

func newRow(content fyne.CanvasObject, onTap func()) *Row {
	r := &Row{content: content, onTap: onTap, bg: canvas.NewRectangle(nil)}
	r.bg.CornerRadius = 4
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the hover background under the content.
func (r *Row) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(layout.NewStackLayout(), r.bg, r.content))
}

// Tapped runs the action.
func (r *Row) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// Cursor is a pointer, as over a button.
func (r *Row) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn shows hover.
func (r *Row) MouseIn(*desktop.MouseEvent) {
	r.bg.FillColor = theme.Color(theme.ColorNameHover)
	r.bg.Refresh()
}

// MouseMoved is needed for desktop.Hoverable.
func (r *Row) MouseMoved(*desktop.MouseEvent) {}

// MouseOut clears hover.
func (r *Row) MouseOut() {
	r.bg.FillColor = nil
	r.bg.Refresh()
}

// Compact is the app's theme with half the padding, for the dense rows.
type Compact struct{}

func (Compact) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

// Color is the app theme's.
func (c Compact) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.base().Color(n, v)
}

// Font is the app theme's.
func (c Compact) Font(s fyne.TextStyle) fyne.Resource { return c.base().Font(s) }

// Icon is the app theme's.
func (c Compact) Icon(n fyne.ThemeIconName) fyne.Resource { return c.base().Icon(n) }

// Size halves the padding and inner padding.
func (c Compact) Size(n fyne.ThemeSizeName) float32 {
	s := c.base().Size(n)
	switch n {
	case theme.SizeNameInnerPadding, theme.SizeNamePadding:
		return s / 2
	}
	return s
}
