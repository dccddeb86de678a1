package suggestui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
)

// TagRow is one tag in the switches dialog.
type TagRow struct {
	Tag   annotate.Tag
	Depth int  // 0 for a top-level tag
	On    bool // suggestions are on for it
	// Known is false before the model has learnt about the tag (no model yet, or a tag
	// newer than the model): Examples and Cut mean nothing then.
	Known    bool
	Examples int     // coded sentences
	Rejected int     // sentences rejected for it
	Trained  bool    // it can be suggested
	Needed   int     // coded sentences a model needs
	Cut      float64 // the score from which it is suggested
}

// Describe is the line under a tag's switch: what the model knows of it.
func (r TagRow) Describe() string {
	if !r.Known {
		return "not learnt yet"
	}
	parts := []string{fmt.Sprintf("%d coded %s", r.Examples, plural(r.Examples, "sentence", "sentences"))}
	if r.Rejected > 0 {
		parts = append(parts, fmt.Sprintf("%d rejected", r.Rejected))
	}
	if r.Trained {
		parts = append(parts, fmt.Sprintf("suggested from score %.2f", r.Cut))
	} else {
		parts = append(parts, fmt.Sprintf("suggestions start at %d", r.Needed))
	}
	return strings.Join(parts, " · ")
}

// Switches is the per-tag switches dialog.
type Switches struct {
	dialog dialog.Dialog
	all    *widget.Check
	tags   map[string]*widget.Check
}

// ShowSwitches opens the dialog: the workspace's switch on top, then one switch per tag
// in codebook order with what the model knows of it. A click changes the setting at
// once (setOn, setTag); settings are not undoable changes, like the author's name.
func ShowSwitches(win fyne.Window, on bool, rows []TagRow, setOn func(bool), setTag func(tagID string, on bool)) *Switches {
	s := &Switches{tags: map[string]*widget.Check{}}
	s.all = widget.NewCheck("Suggest passages in this workspace", nil)
	s.all.SetChecked(on)
	s.all.OnChanged = setOn
	intro := widget.NewLabel("Gloss learns each tag from the sentences you coded with it and proposes passages once a tag has enough of them. " +
		"Switch off the tags you do not want proposed; nothing is ever added until you accept it.")
	intro.Wrapping = fyne.TextWrapWord
	list := container.NewVBox()
	for _, r := range rows {
		r := r
		check := widget.NewCheck(r.Tag.Name, nil)
		check.SetChecked(r.On)
		check.OnChanged = func(on bool) { setTag(r.Tag.ID, on) }
		s.tags[r.Tag.ID] = check
		desc := widget.NewLabel(r.Describe())
		desc.SizeName = theme.SizeNameCaptionText
		swatch := newSwatch(tagcolor.Stroke(tagcolor.Parse(r.Tag.Color), theme.Color(theme.ColorNameBackground)))
		indent := widget.NewLabel(strings.Repeat("    ", r.Depth))
		line := container.NewBorder(nil, nil, container.NewHBox(indent, container.NewCenter(swatch), check), nil, desc)
		list.Add(line)
	}
	content := container.NewBorder(container.NewVBox(intro, s.all, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustom("Suggestions per tag", "Close", content, win)
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(720, size.Width*0.9), min(620, size.Height*0.9)))
	s.dialog = d
	d.Show()
	return s
}

// Dialog is the dialog (tests close it).
func (s *Switches) Dialog() dialog.Dialog { return s.dialog }

// Tag is a tag's switch (tests click it).
func (s *Switches) Tag(id string) *widget.Check { return s.tags[id] }

// All is the workspace's switch.
func (s *Switches) All() *widget.Check { return s.all }
