package app

// View → Theme: light, dark or following the system, remembered between runs.

import (
	"fyne.io/fyne/v2"

	"gloss.app/gloss/app/apptheme"
)

// themeMenu is the View menu's Theme item with one checked choice.
func (wb *Workbench) themeMenu() *fyne.MenuItem {
	it := fyne.NewMenuItem("Theme", nil)
	var items []*fyne.MenuItem
	for _, c := range apptheme.Choices {
		c := c
		choice := fyne.NewMenuItem(c.Label, nil)
		choice.Checked = apptheme.Current(wb.app) == c.Choice
		choice.Action = func() {
			wb.SetTheme(c.Choice)
		}
		items = append(items, choice)
	}
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}

// SetTheme applies and remembers a theme choice; the menu's check mark follows.
func (wb *Workbench) SetTheme(c apptheme.Choice) {
	apptheme.Apply(wb.app, c)
	if m := wb.MenuItem("Theme"); m != nil && m.ChildMenu != nil {
		for i, ch := range apptheme.Choices {
			m.ChildMenu.Items[i].Checked = ch.Choice == c
		}
		m.ChildMenu.Refresh()
	}
	if mm := wb.win.MainMenu(); mm != nil {
		mm.Refresh()
	}
}
