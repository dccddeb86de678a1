package searchview

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/formkeys"
	"gloss.app/gloss/app/textfit"
)

// SavedFile is the name of the saved-searches file in the workspace folder: saved
// searches belong to the workspace (they name its tags and sources), not to the user.
const SavedFile = "saved-searches.json"

// Saved is a search kept under a name.
type Saved struct {
	Name    string    `json:"name"`
	Query   string    `json:"query"`
	Sort    string    `json:"sort,omitempty"` // relevance | published | created
	Created time.Time `json:"created"`
}

// SavedStore reads and writes the saved searches of one workspace.
type SavedStore struct {
	mu   sync.Mutex
	path string
}

// NewSavedStore keeps saved searches in dir/saved-searches.json.
func NewSavedStore(dir string) *SavedStore {
	return &SavedStore{path: filepath.Join(dir, SavedFile)}
}

// Path is the file.
func (s *SavedStore) Path() string { return s.path }

// List returns the saved searches sorted by name. A missing file is an empty list.
func (s *SavedStore) List() ([]Saved, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.read()
}

func (s *SavedStore) read() ([]Saved, error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read saved searches: %w", err)
	}
	var out []Saved
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("read saved searches %s: the file is damaged (%v)", s.path, err)
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// Put saves a search, replacing one of the same name (case-insensitively).
func (s *SavedStore) Put(x Saved) error {
	x.Name = strings.TrimSpace(x.Name)
	if x.Name == "" {
		return errors.New("give the search a name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := s.read()
	if err != nil {
		return err
	}
	if x.Created.IsZero() {
		x.Created = time.Now().UTC().Truncate(time.Second)
	}
	kept := list[:0]
	for _, old := range list {
		if !strings.EqualFold(old.Name, x.Name) {
			kept = append(kept, old)
		}
	}
	return s.write(append(kept, x))
}

// Delete removes a saved search by name.
func (s *SavedStore) Delete(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := s.read()
	if err != nil {
		return err
	}
	kept := list[:0]
	for _, old := range list {
		if !strings.EqualFold(old.Name, name) {
			kept = append(kept, old)
		}
	}
	return s.write(kept)
}

// write replaces the file atomically: a temporary file, synced, renamed over it.
func (s *SavedStore) write(list []Saved) error {
	sort.SliceStable(list, func(i, j int) bool { return strings.ToLower(list[i].Name) < strings.ToLower(list[j].Name) })
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".saved-searches-*.json")
	if err != nil {
		return fmt.Errorf("save searches: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save searches: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save searches: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save searches: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("save searches: %w", err)
	}
	return nil
}

func sortName(selected string) string {
	switch selected {
	case sortPublished:
		return "published"
	case sortCreated:
		return "created"
	}
	return ""
}

func sortLabel(name string) string {
	switch name {
	case "published":
		return sortPublished
	case "created":
		return sortCreated
	}
	return sortRelevance
}

// SaveCurrent saves the query in the box under name.
func (v *View) SaveCurrent(name string) error {
	if v.deps.Saved == nil {
		return errors.New("saved searches are not available")
	}
	return v.deps.Saved.Put(Saved{Name: name, Query: v.entry.Text, Sort: sortName(v.sortBy.Selected)})
}

// RunSaved puts a saved search in the box and runs it.
func (v *View) RunSaved(x Saved) {
	v.sortBy.Selected = sortLabel(x.Sort)
	v.sortBy.Refresh()
	v.SetQuery(x.Query)
}

func (v *View) askSave() {
	if strings.TrimSpace(v.entry.Text) == "" {
		v.showProblem("Type a query first, then save it under a name")
		return
	}
	name := widget.NewEntry()
	name.SetPlaceHolder("e.g. Energy attacks in Kharkiv")
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Query", widget.NewLabel(textfit.Snippet(v.entry.Text, 60))),
	}
	d := dialog.NewForm("Save this search", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := v.SaveCurrent(name.Text); err != nil {
			dialog.ShowError(err, v.deps.Window)
		}
	}, v.deps.Window)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
	formkeys.Wire(v.deps.Window, d, items) // Enter saves
}

// showSaved pops up the saved searches: a click runs one; the last item manages them.
func (v *View) showSaved() {
	list, err := v.deps.Saved.List()
	if err != nil {
		dialog.ShowError(err, v.deps.Window)
		return
	}
	var items []*fyne.MenuItem
	for _, x := range list {
		x := x
		items = append(items, fyne.NewMenuItem(fmt.Sprintf("%s — %s", x.Name, textfit.Snippet(x.Query, 40)), func() { v.RunSaved(x) }))
	}
	if len(items) == 0 {
		items = append(items, fyne.NewMenuItem("No saved searches yet: type a query and press Save", nil))
		items[0].Disabled = true
	} else {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Delete saved searches…", v.manageSaved))
	}
	c := v.deps.Window.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.savedBtn)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos.Add(fyne.NewPos(0, v.savedBtn.Size().Height)))
}

func (v *View) manageSaved() {
	list, err := v.deps.Saved.List()
	if err != nil {
		dialog.ShowError(err, v.deps.Window)
		return
	}
	scroll := container.NewVScroll(v.savedRows(list))
	scroll.SetMinSize(fyne.NewSize(520, 260))
	dialog.NewCustom("Saved searches", "Close", scroll, v.deps.Window).Show()
}

// savedRows lists the saved searches, each with a delete button. A deleted search stays
// in the list as "Deleted" with a Restore button until the dialog closes: one click
// must not lose a search for good.
func (v *View) savedRows(list []Saved) *fyne.Container {
	rows := container.NewVBox()
	for _, x := range list {
		x := x
		row := container.NewStack()
		var showSaved, showDeleted func()
		showSaved = func() {
			del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				if err := v.deps.Saved.Delete(x.Name); err != nil {
					dialog.ShowError(err, v.deps.Window)
					return
				}
				showDeleted()
			})
			label := widget.NewLabel(fmt.Sprintf("%s — %s", x.Name, x.Query))
			label.Truncation = fyne.TextTruncateEllipsis
			row.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, nil, del, label)}
			row.Refresh()
		}
		showDeleted = func() {
			restore := widget.NewButtonWithIcon("Restore", theme.ContentUndoIcon(), func() {
				if err := v.deps.Saved.Put(x); err != nil {
					dialog.ShowError(err, v.deps.Window)
					return
				}
				showSaved()
			})
			label := widget.NewLabel(fmt.Sprintf("Deleted: %s", x.Name))
			label.Importance = widget.LowImportance
			label.Truncation = fyne.TextTruncateEllipsis
			row.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, nil, restore, label)}
			row.Refresh()
		}
		showSaved()
		rows.Add(row)
	}
	return rows
}

func (v *View) showProblem(msg string) {
	v.problem.SetText("⚠ " + msg)
	v.problem.Show()
}
