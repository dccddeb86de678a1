package filepick

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Picker is an open multi-select file dialog.
type Picker struct {
	exts     []string
	dir      string
	entries  []Entry
	chosen   map[string]bool // full paths ticked, across folders
	onChoose func(paths []string)

	path    *widget.Label
	problem *widget.Label
	list    *widget.List
	all     *widget.Check
	confirm *widget.Button
	dialog  *dialog.CustomDialog
}

// Show opens the chooser at start (the home folder when it cannot be read) over win;
// onChoose gets the ticked files when the analyst confirms (not called on Cancel).
func Show(win fyne.Window, title, start string, exts []string, onChoose func(paths []string)) *Picker {
	return ShowWith(win, title, start, exts, nil, onChoose)
}

// ShowWith is Show with options under the list (how to import the files); nil: none.
func ShowWith(win fyne.Window, title, start string, exts []string, options fyne.CanvasObject, onChoose func(paths []string)) *Picker {
	p := &Picker{exts: exts, chosen: map[string]bool{}, onChoose: onChoose}
	p.path = widget.NewLabel("")
	p.path.Truncation = fyne.TextTruncateEllipsis
	p.problem = widget.NewLabel("")
	p.problem.Importance = widget.DangerImportance
	p.problem.Hide()
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { p.Open(filepath.Dir(p.dir)) })
	home := widget.NewButtonWithIcon("", theme.HomeIcon(), func() {
		if h, err := os.UserHomeDir(); err == nil {
			p.Open(h)
		}
	})
	p.list = widget.NewList(func() int { return len(p.entries) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.Unselect(i)
		if i < len(p.entries) {
			p.activate(p.entries[i])
		}
	}
	p.all = widget.NewCheck("Select all files here", func(on bool) { p.selectAll(on) })
	p.confirm = widget.NewButtonWithIcon("Import", theme.ConfirmIcon(), p.Confirm)
	p.confirm.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { p.dialog.Hide() })
	top := container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(up, home), nil, p.path), p.problem)
	var bottom fyne.CanvasObject = p.all
	if options != nil {
		bottom = container.NewVBox(p.all, options)
	}
	content := container.NewBorder(top, bottom, nil, nil, p.list)
	p.dialog = dialog.NewCustomWithoutButtons(title, content, win)
	p.dialog.SetButtons([]fyne.CanvasObject{cancel, p.confirm})
	if start == "" || p.Open(start) != nil {
		h, _ := os.UserHomeDir()
		p.Open(h)
	}
	p.dialog.Resize(fyne.NewSize(760, 560))
	p.dialog.Show()
	return p
}

// Open shows a folder's listing (the ticks elsewhere are kept).
func (p *Picker) Open(dir string) error {
	entries, err := List(dir, p.exts)
	if err != nil {
		p.problem.SetText(fmt.Sprintf("Cannot open %s: %v", dir, err))
		p.problem.Show()
		return err
	}
	p.problem.Hide()
	p.dir, p.entries = filepath.Clean(dir), entries
	p.path.SetText(p.dir)
	p.list.Refresh()
	p.list.ScrollToTop()
	p.syncAll()
	return nil
}

// Dir is the folder shown.
func (p *Picker) Dir() string { return p.dir }

// Entries are the rows shown.
func (p *Picker) Entries() []Entry { return p.entries }

// Toggle ticks or unticks a file of the folder shown, or opens a folder, by name.
func (p *Picker) Toggle(name string) {
	for _, e := range p.entries {
		if e.Name == name {
			p.activate(e)
			return
		}
	}
}

func (p *Picker) activate(e Entry) {
	full := filepath.Join(p.dir, e.Name)
	if e.Dir {
		p.Open(full)
		return
	}
	p.chosen[full] = !p.chosen[full]
	if !p.chosen[full] {
		delete(p.chosen, full)
	}
	p.list.Refresh()
	p.syncAll()
}

func (p *Picker) selectAll(on bool) {
	for _, e := range p.entries {
		if e.Dir {
			continue
		}
		full := filepath.Join(p.dir, e.Name)
		if on {
			p.chosen[full] = true
		} else {
			delete(p.chosen, full)
		}
	}
	p.list.Refresh()
	p.syncAll()
}

// syncAll updates the "select all" tick and the Import button's count.
func (p *Picker) syncAll() {
	files, ticked := 0, 0
	for _, e := range p.entries {
		if !e.Dir {
			files++
			if p.chosen[filepath.Join(p.dir, e.Name)] {
				ticked++
			}
		}
	}
	p.all.OnChanged = nil
	p.all.SetChecked(files > 0 && ticked == files)
	p.all.OnChanged = func(on bool) { p.selectAll(on) }
	n := len(p.chosen)
	switch n {
	case 0:
		p.confirm.SetText("Import")
		p.confirm.Disable()
	case 1:
		p.confirm.SetText("Import 1 file")
		p.confirm.Enable()
	default:
		p.confirm.SetText(fmt.Sprintf("Import %d files", n))
		p.confirm.Enable()
	}
}

// Selected are the ticked files, sorted.
func (p *Picker) Selected() []string {
	out := make([]string, 0, len(p.chosen))
	for f := range p.chosen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Confirm closes the dialog and hands the ticked files on.
func (p *Picker) Confirm() {
	if len(p.chosen) == 0 {
		return
	}
	p.dialog.Hide()
	if p.onChoose != nil {
		p.onChoose(p.Selected())
	}
}

func (p *Picker) newRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.FileIcon())
	tick := widget.NewIcon(theme.CheckButtonIcon())
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(tick, icon), nil, name)
}

func (p *Picker) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.entries) {
		return
	}
	e := p.entries[i]
	row := o.(*fyne.Container)
	name := row.Objects[0].(*widget.Label)
	icons := row.Objects[1].(*fyne.Container)
	tick, icon := icons.Objects[0].(*widget.Icon), icons.Objects[1].(*widget.Icon)
	name.SetText(e.Name)
	if e.Dir {
		tick.Hide()
		icon.SetResource(theme.FolderIcon())
		return
	}
	tick.Show()
	if p.chosen[filepath.Join(p.dir, e.Name)] {
		tick.SetResource(theme.CheckButtonCheckedIcon())
	} else {
		tick.SetResource(theme.CheckButtonIcon())
	}
	icon.SetResource(theme.FileIcon())
}
