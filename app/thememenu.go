package app

// View → Theme: light, dark or following the system; View → Coding stripes: the
// margin of tag bars beside the text. Both remembered between runs.

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

const stripesPrefKey = "coding-stripes"

// stripesItem is View → Coding stripes, a checked item.
func (wb *Workbench) stripesItem() *fyne.MenuItem {
	it := fyne.NewMenuItem("Coding stripes", nil)
	it.Checked = wb.app.Preferences().Bool(stripesPrefKey)
	it.Action = func() { wb.SetStripes(!wb.reader.Stripes()) }
	return it
}

// SetStripes shows or hides the coding stripes and remembers the choice.
func (wb *Workbench) SetStripes(on bool) {
	wb.reader.SetStripes(on)
	wb.app.Preferences().SetBool(stripesPrefKey, on)
	if it := wb.MenuItem("Coding stripes"); it != nil {
		it.Checked = on
	}
	if mm := wb.win.MainMenu(); mm != nil {
		mm.Refresh()
	}
}
