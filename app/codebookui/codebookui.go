// Package codebookui is the codebook manager: the tag tree with colour swatches, hotkeys
// and how many annotations and articles use each tag, an "unused tags" filter, and every
// codebook edit (create, rename, recolour, describe, move, hotkey, merge, delete). Each
// edit is a command of package annotate, run off the UI goroutine; the view reloads after.
package codebookui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/tagcolor"
)

// New builds the codebook manager and starts reading the codebook. onChanged is told, in
// words, what each edit did (for the status bar); it may be nil. run runs the commands
// and the reading off the UI goroutine (nil: async.New()).
func New(win fyne.Window, ws *annotate.Workspace, onChanged func(status string), run *async.Runner) *Manager {
	m := newManager(win, ws, onChanged, run)
	m.reload()
	return m
}

// Codebook is the codebook snapshot on show.
func (m *Manager) Codebook() *annotate.Codebook { return m.cb }

// Object is the manager's content, for a window.
func (m *Manager) Object() fyne.CanvasObject { return m.root }

// Reload reads the codebook and the tag usage again: the window that owns the manager
// calls it after a change made elsewhere (an undo in the main window, a tag made there).
func (m *Manager) Reload() { m.reload() }

// Manager is the codebook manager view.
type Manager struct {
	win       fyne.Window
	ws        *annotate.Workspace
	onChanged func(string)
	run       *async.Runner // runs commands and reading off the UI goroutine

	cb    *annotate.Codebook
	usage map[string]annotate.TagUsage
	// Rollup, when set, counts each tag with everything under it as the search facets
	// do (called on the UI goroutine after each reload); parents show that count too.
	Rollup     func() map[string]annotate.TagUsage
	rollup     map[string]annotate.TagUsage
	selected   string
	unusedOnly bool
	filter     string

	tree    *widget.Tree
	detail  *widget.Label
	summary *widget.Label
	actions []*widget.Button // need a selected tag
	root    fyne.CanvasObject
}

func newManager(win fyne.Window, ws *annotate.Workspace, onChanged func(string), run *async.Runner) *Manager {
	if run == nil {
		run = async.New()
	}
	m := &Manager{win: win, ws: ws, onChanged: onChanged, run: run,
		cb: annotate.NewCodebook(nil), usage: map[string]annotate.TagUsage{}}
	m.tree = widget.NewTree(m.childUIDs, m.isBranch, m.createNode, m.updateNode)
	m.tree.OnSelected = func(uid widget.TreeNodeID) { m.selected = uid; m.showDetail() }
	m.tree.OnUnselected = func(widget.TreeNodeID) { m.selected = ""; m.showDetail() }
	m.detail = widget.NewLabel("")
	m.detail.Wrapping = fyne.TextWrapWord
	m.summary = widget.NewLabel("")

	unused := widget.NewCheck("Unused tags only", func(on bool) { m.unusedOnly = on; m.refreshTree() })
	search := widget.NewEntry()
	search.SetPlaceHolder("Filter tags")
	search.OnChanged = func(s string) { m.filter = strings.ToLower(strings.TrimSpace(s)); m.refreshTree() }

	button := func(label string, icon fyne.Resource, needsTag bool, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, f)
		if needsTag {
			m.actions = append(m.actions, b)
		}
		return b
	}
	bar := container.NewHBox(
		button("New tag…", theme.ContentAddIcon(), false, func() { m.createDialog(m.selected) }),
		button("Rename…", theme.DocumentCreateIcon(), true, func() { m.renameDialog(m.selected) }),
		button("Colour…", theme.ColorPaletteIcon(), true, func() { m.colorDialog(m.selected) }),
		button("Describe…", theme.InfoIcon(), true, func() { m.describeDialog(m.selected) }),
		button("Move to…", theme.MoveUpIcon(), true, func() { m.moveDialog(m.selected) }),
		button("Hotkey…", theme.ComputerIcon(), true, func() { m.hotkeyDialog(m.selected) }),
		button("Merge into…", theme.ContentPasteIcon(), true, func() { m.mergeDialog(m.selected) }),
		button("Delete…", theme.DeleteIcon(), true, func() { m.deleteDialog(m.selected) }),
	)
	top := container.NewVBox(container.NewHScroll(bar), container.NewBorder(nil, nil, nil, unused, search))
	right := container.NewVScroll(m.detail)
	split := container.NewHSplit(m.tree, right)
	split.Offset = 0.65
	m.root = container.NewBorder(top, m.summary, nil, nil, split)
	m.showDetail()
	return m
}

// reload reads the codebook and the tag usage again, off the UI goroutine.
func (m *Manager) reload() {
	m.run.Go(func() {
		cb, err := m.ws.Codebook()
		if err != nil {
			fyne.Do(func() { m.showError(err) })
			return
		}
		usage, err := m.ws.TagUsage() // every coder's, blind or not: a merge or delete here changes them all (TEAM.md)
		if err != nil {
			fyne.Do(func() { m.showError(err) })
			return
		}
		fyne.Do(func() {
			m.cb, m.usage = cb, usage
			if m.Rollup != nil {
				m.rollup = m.Rollup()
			}
			if _, ok := cb.Tag(m.selected); !ok && m.selected != "" {
				m.selected = ""
				m.tree.UnselectAll()
			}
			m.refreshTree()
			m.showDetail()
		})
	})
}

func (m *Manager) refreshTree() {
	unused := 0
	for _, t := range m.cb.Tags() {
		if m.usage[t.ID].Annotations == 0 {
			unused++
		}
	}
	m.summary.SetText(fmt.Sprintf("%d tags, %d unused", m.cb.Len(), unused))
	m.tree.Refresh()
	m.tree.OpenAllBranches()
}

// visible reports whether a tag shows under the filters: it matches them, or one of its
// descendants does (so the tree keeps its shape).
func (m *Manager) visible(id string) bool {
	if m.matches(id) {
		return true
	}
	for _, c := range m.cb.Children(id) {
		if m.visible(c.ID) {
			return true
		}
	}
	return false
}

func (m *Manager) matches(id string) bool {
	if m.unusedOnly && m.usage[id].Annotations > 0 {
		return false
	}
	if m.filter != "" {
		t, _ := m.cb.Tag(id)
		return strings.Contains(strings.ToLower(t.Name), m.filter) || strings.Contains(strings.ToLower(t.Description), m.filter)
	}
	return true
}

func (m *Manager) childUIDs(uid widget.TreeNodeID) []widget.TreeNodeID {
	var out []widget.TreeNodeID
	for _, t := range m.cb.Children(uid) {
		if m.visible(t.ID) {
			out = append(out, t.ID)
		}
	}
	return out
}

func (m *Manager) isBranch(uid widget.TreeNodeID) bool {
	return uid == "" || len(m.childUIDs(uid)) > 0
}

// row is a tree line: swatch, name, hotkey, counts.
type row struct {
	swatch *canvas.Rectangle
	name   *widget.Label
	key    *widget.Label
	counts *widget.Label
}

func (m *Manager) createNode(bool) fyne.CanvasObject {
	sw := canvas.NewRectangle(color.Transparent)
	sw.SetMinSize(fyne.NewSize(14, 14))
	sw.CornerRadius = 3
	name := widget.NewLabel("tag name")
	name.Truncation = fyne.TextTruncateEllipsis
	key := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	counts := widget.NewLabel("")
	// Secondary by size, not by a faint colour that vanishes on a selected row.
	counts.SizeName = theme.SizeNameCaptionText
	// The hotkey sits in a fixed cell at the end, so the keys line up down the tree
	// whatever the counts' width.
	keyCell := container.NewGridWrap(fyne.NewSize(36, key.MinSize().Height), key)
	return container.NewBorder(nil, nil, container.NewCenter(sw), container.NewHBox(container.NewCenter(counts), keyCell), name)
}

func (m *Manager) updateNode(uid widget.TreeNodeID, _ bool, obj fyne.CanvasObject) {
	r := rowOf(obj)
	t, _ := m.cb.Tag(uid)
	r.swatch.FillColor = tagcolor.Parse(t.Color)
	r.swatch.Refresh()
	r.name.SetText(t.Name)
	if !m.matches(uid) { // shown only for a matching descendant
		r.name.Importance = widget.LowImportance
	} else {
		r.name.Importance = widget.MediumImportance
	}
	r.name.Refresh()
	r.key.SetText("")
	if t.Hotkey != 0 {
		r.key.SetText(strconv.Itoa(t.Hotkey))
	}
	u := m.usage[uid]
	text := countText(u)
	if n := m.rollup[uid].Annotations; len(m.cb.Children(uid)) > 0 && n > u.Annotations {
		text += fmt.Sprintf(" · %d with sub-tags", n)
	}
	r.counts.SetText(text)
}

func rowOf(obj fyne.CanvasObject) row {
	c := obj.(*fyne.Container)
	var r row
	for _, o := range c.Objects {
		switch o := o.(type) {
		case *widget.Label:
			r.name = o
		case *fyne.Container:
			if len(o.Objects) == 1 {
				r.swatch = o.Objects[0].(*canvas.Rectangle)
			} else {
				r.counts = o.Objects[0].(*fyne.Container).Objects[0].(*widget.Label)
				r.key = o.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
			}
		}
	}
	return r
}

func countText(u annotate.TagUsage) string {
	if u.Annotations == 0 {
		return "unused"
	}
	return fmt.Sprintf("%s · %s", plural(u.Annotations, "annotation"), plural(u.Articles, "article"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (m *Manager) showDetail() {
	t, ok := m.cb.Tag(m.selected)
	for _, b := range m.actions {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if !ok {
		m.detail.SetText("Select a tag to edit it, or make a new one.")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nColour %s", m.cb.Path(t.ID), t.Color)
	if t.Hotkey != 0 {
		fmt.Fprintf(&b, " · key %d", t.Hotkey)
	}
	u := m.usage[t.ID]
	fmt.Fprintf(&b, "\n%s in %s", plural(u.Annotations, "annotation"), plural(u.Articles, "article"))
	if n := len(m.cb.Descendants(t.ID)) - 1; n > 0 {
		fmt.Fprintf(&b, "\n%d sub-tags", n)
	}
	if t.Description != "" {
		fmt.Fprintf(&b, "\n\n%s", t.Description)
	}
	m.detail.SetText(b.String())
}

// apply runs a command off the UI goroutine, then reports and reloads.
func (m *Manager) apply(cmd func() (annotate.Result, error)) {
	m.run.Go(func() {
		res, err := cmd()
		fyne.Do(func() {
			if err != nil {
				m.showError(err)
				return
			}
			if m.onChanged != nil {
				m.onChanged(res.Label)
			}
		})
		m.reload()
	})
}

func (m *Manager) showError(err error) {
	if m.win != nil {
		dialog.ShowError(err, m.win)
	}
	if m.onChanged != nil {
		m.onChanged(err.Error())
	}
}

// The edits.

func (m *Manager) create(d annotate.TagDraft) {
	m.apply(func() (annotate.Result, error) {
		tag, res, err := m.ws.CreateTag(d)
		if err == nil {
			fyne.Do(func() { m.selected = tag.ID; m.tree.Select(tag.ID) })
		}
		return res, err
	})
}
func (m *Manager) rename(id, name string) {
	m.apply(func() (annotate.Result, error) { return m.ws.RenameTag(id, name) })
}
func (m *Manager) recolor(id, c string) {
	m.apply(func() (annotate.Result, error) { return m.ws.SetTagColor(id, c) })
}
func (m *Manager) describe(id, text string) {
	m.apply(func() (annotate.Result, error) { return m.ws.SetTagDescription(id, text) })
}
func (m *Manager) move(id, parentID string) {
	m.apply(func() (annotate.Result, error) { return m.ws.MoveTag(id, parentID) })
}
func (m *Manager) hotkey(id string, digit int) {
	m.apply(func() (annotate.Result, error) { return m.ws.SetTagHotkey(id, digit) })
}
func (m *Manager) merge(from, into string) {
	m.apply(func() (annotate.Result, error) { return m.ws.MergeTag(from, into) })
}
func (m *Manager) remove(id, into string) {
	m.apply(func() (annotate.Result, error) { return m.ws.DeleteTag(id, into) })
}

// Choosing a tag in a dialog.

const topLevel = "(top level)"

// tagChoices lists the paths a tag may be moved under or merged into: every tag except
// except and those below it; with top, the top level first.
func (m *Manager) tagChoices(except string, top bool) (labels []string, ids map[string]string) {
	ids = map[string]string{}
	if top {
		labels = append(labels, topLevel)
		ids[topLevel] = ""
	}
	for _, t := range m.cb.Tags() {
		if except != "" && m.cb.IsDescendant(t.ID, except) {
			continue
		}
		p := m.cb.Path(t.ID)
		labels = append(labels, p)
		ids[p] = t.ID
	}
	return labels, ids
}
