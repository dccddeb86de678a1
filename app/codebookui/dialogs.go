package codebookui

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/formkeys"
	"gloss.app/gloss/app/tagcolor"
)

// form is an open dialog: submit does what its confirm button does (tests call it).
type form struct {
	dialog dialog.Dialog
	submit func()
	fields []any // the inputs, in the order shown (tests fill them in)
}

func (m *Manager) showForm(title, confirm string, items []*widget.FormItem, submit func()) *form {
	f := &form{submit: submit}
	if m.win == nil {
		return f
	}
	d := dialog.NewForm(title, confirm, "Cancel", items, func(ok bool) {
		if ok && f.submit != nil {
			f.submit()
		}
	}, m.win)
	d.Resize(fyne.NewSize(460, d.MinSize().Height))
	f.dialog = d
	d.Show()
	formkeys.Wire(m.win, d, items)
	return f
}

// swatchColumns is how many palette colours a row of the colour field holds.
const swatchColumns = 7

// colorField is the palette of colour-blind-safe colours plus a custom picker.
type colorField struct {
	value  string
	swatch *canvas.Rectangle
	label  *widget.Label
	obj    fyne.CanvasObject
}

func (m *Manager) newColorField(initial string) *colorField {
	f := &colorField{swatch: canvas.NewRectangle(color.Transparent), label: widget.NewLabel("")}
	f.swatch.SetMinSize(fyne.NewSize(28, 28))
	f.swatch.CornerRadius = 4
	// A fixed number of columns: a GridWrap measured before its first layout asks for one
	// column, one row per colour, and the dialog kept that height (Apply sat 300 px below
	// the swatches, off a short screen).
	grid := container.NewGridWithColumns(swatchColumns)
	for _, c := range annotate.Palette {
		grid.Add(newSwatchButton(c, func() { f.set(c) }))
	}
	custom := widget.NewButton("Custom…", func() {
		if m.win == nil {
			return
		}
		p := dialog.NewColorPicker("Tag colour", "Any colour; keep it readable as a highlight", func(c color.Color) {
			f.set(tagcolor.Hex(c))
		}, m.win)
		p.Advanced = true
		p.SetColor(tagcolor.Parse(f.value))
		p.Show()
	})
	f.set(initial)
	f.obj = container.NewVBox(grid, container.NewHBox(container.NewCenter(f.swatch), f.label, custom))
	return f
}

func (f *colorField) set(c string) {
	f.value = c
	f.swatch.FillColor = tagcolor.Parse(c)
	f.swatch.Refresh()
	f.label.SetText(c)
}

// swatchButton is a tappable colour square.
type swatchButton struct {
	widget.BaseWidget
	color string
	onTap func()
}

func newSwatchButton(c string, onTap func()) *swatchButton {
	b := &swatchButton{color: c, onTap: onTap}
	b.ExtendBaseWidget(b)
	return b
}

func (b *swatchButton) Tapped(*fyne.PointEvent) { b.onTap() }

func (b *swatchButton) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(tagcolor.Parse(b.color))
	r.CornerRadius = 4
	return widget.NewSimpleRenderer(r)
}

func (b *swatchButton) MinSize() fyne.Size { return fyne.NewSize(28, 28) }

func (m *Manager) createDialog(parentID string) *form {
	name := widget.NewEntry()
	name.SetPlaceHolder("Name")
	labels, ids := m.tagChoices("", true)
	parent := widget.NewSelect(labels, nil)
	parent.SetSelected(topLevel)
	if parentID != "" {
		parent.SetSelected(m.cb.Path(parentID))
	}
	col := m.newColorField(nextColor(m.cb))
	desc := widget.NewMultiLineEntry()
	desc.SetPlaceHolder("What the tag is for: when to use it, and when not")
	desc.Wrapping = fyne.TextWrapWord
	key := widget.NewSelect(hotkeyChoices(), nil)
	key.SetSelected("None")
	f := m.showForm("New tag", "Create", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Under", parent), widget.NewFormItem("Colour", col.obj),
		widget.NewFormItem("Description", desc), widget.NewFormItem("Hotkey", key),
	}, nil)
	f.submit = func() {
		m.create(annotate.TagDraft{Name: name.Text, ParentID: ids[parent.Selected], Color: col.value,
			Description: desc.Text, Hotkey: hotkeyOf(key.Selected)})
	}
	return f.withFields(name, parent, col, desc, key)
}

// withFields keeps the dialog's inputs.
func (f *form) withFields(fields ...any) *form { f.fields = fields; return f }

func (m *Manager) renameDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	name := widget.NewEntry()
	name.SetText(t.Name)
	return m.showForm(fmt.Sprintf("Rename '%s'", t.Name), "Rename", []*widget.FormItem{widget.NewFormItem("New name", name)},
		func() { m.rename(id, name.Text) }).withFields(name)
}

func (m *Manager) colorDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	col := m.newColorField(t.Color)
	return m.showForm(fmt.Sprintf("Colour of '%s'", t.Name), "Apply", []*widget.FormItem{widget.NewFormItem("Colour", col.obj)},
		func() { m.recolor(id, col.value) }).withFields(col)
}

func (m *Manager) describeDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	desc := widget.NewMultiLineEntry()
	desc.Wrapping = fyne.TextWrapWord
	desc.SetText(t.Description)
	desc.SetMinRowsVisible(5)
	return m.showForm(fmt.Sprintf("Describe '%s'", t.Name), "Save", []*widget.FormItem{widget.NewFormItem("Description", desc)},
		func() { m.describe(id, desc.Text) }).withFields(desc)
}

func (m *Manager) moveDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	labels, ids := m.tagChoices(id, true)
	parent := widget.NewSelect(labels, nil)
	if t.ParentID == "" {
		parent.SetSelected(topLevel)
	} else {
		parent.SetSelected(m.cb.Path(t.ParentID))
	}
	return m.showForm(fmt.Sprintf("Move '%s'", t.Name), "Move", []*widget.FormItem{widget.NewFormItem("Move under", parent)},
		func() { m.move(id, ids[parent.Selected]) }).withFields(parent)
}

func hotkeyChoices() []string {
	out := []string{"None"}
	for d := 1; d <= 9; d++ {
		out = append(out, strconv.Itoa(d))
	}
	return out
}

func hotkeyOf(s string) int {
	d, _ := strconv.Atoi(s)
	return d
}

func (m *Manager) hotkeyDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	var choices []string
	for _, c := range hotkeyChoices() {
		label := c
		if other, ok := m.cb.ByHotkey(hotkeyOf(c)); ok && other.ID != id {
			label = fmt.Sprintf("%s (now '%s')", c, other.Name)
		}
		choices = append(choices, label)
	}
	key := widget.NewSelect(choices, nil)
	// A key another tag has: say whose it is, and offer to swap (that tag gets this
	// tag's key) or to take it (that tag is left without one).
	taken := widget.NewLabel("")
	taken.Wrapping = fyne.TextWrapWord
	how := widget.NewRadioGroup(nil, nil)
	const take = 0
	update := func() {
		other, ok := m.cb.ByHotkey(key.SelectedIndex())
		if key.SelectedIndex() <= 0 || !ok || other.ID == id {
			taken.SetText("")
			taken.Hide()
			how.Hide()
			return
		}
		taken.SetText(fmt.Sprintf("Key %d belongs to '%s'.", key.SelectedIndex(), other.Name))
		taken.Show()
		swap := fmt.Sprintf("Swap: '%s' gets key %d", other.Name, t.Hotkey)
		if t.Hotkey == 0 {
			swap = fmt.Sprintf("Swap: '%s' is left without a key", other.Name)
		}
		sel := how.Selected
		how.Options = []string{fmt.Sprintf("Take it: '%s' is left without a key", other.Name), swap}
		if t.Hotkey == 0 {
			how.Options = how.Options[:1]
		}
		how.Selected = ""
		for _, o := range how.Options {
			if o == sel {
				how.Selected = sel
			}
		}
		if how.Selected == "" {
			how.Selected = how.Options[take]
		}
		how.Refresh()
		how.Show()
	}
	key.OnChanged = func(string) { update() }
	key.SetSelectedIndex(t.Hotkey)
	update()
	return m.showForm(fmt.Sprintf("Hotkey of '%s'", t.Name), "Apply", []*widget.FormItem{
		widget.NewFormItem("Key", key),
		widget.NewFormItem("", taken),
		widget.NewFormItem("", how),
	}, func() {
		if how.Visible() && len(how.Options) > 1 && how.Selected == how.Options[1] {
			m.apply(func() (annotate.Result, error) { return m.ws.SwapTagHotkey(id, key.SelectedIndex()) })
			return
		}
		m.hotkey(id, key.SelectedIndex())
	}).withFields(key, how)
}

func (m *Manager) mergeDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	labels, ids := m.tagChoices(id, false)
	into := widget.NewSelect(labels, nil)
	u := m.usage[id]
	note := widget.NewLabel(mergeNote(t.Name, u.Annotations, len(m.cb.Children(id))))
	note.Wrapping = fyne.TextWrapWord
	return m.showForm(fmt.Sprintf("Merge '%s' into…", t.Name), "Merge", []*widget.FormItem{
		widget.NewFormItem("Into", into), widget.NewFormItem("", note),
	}, func() {
		target, ok := ids[into.Selected]
		if !ok {
			// The dialog has closed: say why nothing happened rather than nothing.
			m.showError(fmt.Errorf("choose the tag to merge '%s' into", t.Name))
			return
		}
		m.merge(id, target)
	}).withFields(into)
}

// Delete choices.
const (
	deleteRemove = "Remove the tag from its annotations"
	deleteMove   = "Move its annotations to another tag"
)

func (m *Manager) deleteDialog(id string) *form {
	t, _ := m.cb.Tag(id)
	u := m.usage[id]
	labels, ids := m.tagChoices(id, false)
	target := widget.NewSelect(labels, nil)
	target.Disable()
	choice := widget.NewRadioGroup([]string{deleteRemove, deleteMove}, func(s string) {
		if s == deleteMove {
			target.Enable()
		} else {
			target.Disable()
		}
	})
	choice.SetSelected(deleteRemove)
	note := widget.NewLabel(deleteNote(t.Name, u.Annotations, u.Articles, len(m.cb.Children(id))))
	note.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem("", note)}
	if u.Annotations > 0 {
		items = append(items, widget.NewFormItem("Annotations", choice), widget.NewFormItem("Move to", target))
	}
	return m.showForm(fmt.Sprintf("Delete '%s'?", t.Name), "Delete", items, func() {
		into := ""
		if u.Annotations > 0 && choice.Selected == deleteMove {
			var ok bool
			if into, ok = ids[target.Selected]; !ok || into == "" {
				m.showError(fmt.Errorf("choose the tag its annotations move to"))
				return
			}
		}
		m.remove(id, into)
	}).withFields(choice, target)
}

// nextColor proposes the palette colour fewest tags have.
func nextColor(cb *annotate.Codebook) string {
	used := map[string]int{}
	for _, t := range cb.Tags() {
		used[t.Color]++
	}
	best := annotate.Palette[0]
	for _, c := range annotate.Palette {
		if used[c] < used[best] {
			best = c
		}
	}
	return best
}

// count writes "1 annotation", "3 annotations".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// deleteNote says what deleting a tag does, naming only what applies to it.
func deleteNote(name string, annotations, articles, children int) string {
	var s string
	if annotations == 0 {
		s = fmt.Sprintf("'%s' is on no annotation.", name)
	} else {
		s = fmt.Sprintf("'%s' is on %s in %s. Annotations left without any tag are deleted with it.",
			name, count(annotations, "annotation", "annotations"), count(articles, "article", "articles"))
	}
	if children > 0 {
		s += fmt.Sprintf(" Its %s up one level.", count(children, "sub-tag moves", "sub-tags move"))
	}
	return s + " Undo brings everything back."
}

// mergeNote says what merging a tag into another does.
func mergeNote(name string, annotations, children int) string {
	s := fmt.Sprintf("Its %s the chosen tag", count(annotations, "annotation takes", "annotations take"))
	if annotations == 0 {
		s = "It has no annotations"
	}
	if children > 0 {
		s += fmt.Sprintf("; its %s under it", count(children, "sub-tag moves", "sub-tags move"))
	}
	return s + fmt.Sprintf("; '%s' is removed.", name)
}
