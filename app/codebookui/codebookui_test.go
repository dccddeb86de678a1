package codebookui

import (
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
	"gloss.app/gloss/app/async"
)

type harness struct {
	m      *Manager
	ws     *annotate.Workspace
	w      fyne.Window
	status []string
	only   string // an annotation tagged only "Energy attacks"
	both   string // one tagged "Energy attacks" and "Diplomacy"
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	ws := wstest.Open(t)
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Grid", Source: "Desk", Text: "Strikes hit the grid overnight; talks on a ceasefire resumed in Geneva."})
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := ws.Codebook()
	energy, _ := cb.Resolve("Energy attacks")
	dip, _ := cb.Resolve("Diplomacy")
	h := &harness{ws: ws}
	a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: 0, End: 7, TagIDs: []string{energy.ID}})
	if err != nil {
		t.Fatal(err)
	}
	h.only = a.ID
	a, _, err = ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: 33, End: 50, TagIDs: []string{energy.ID, dip.ID}})
	if err != nil {
		t.Fatal(err)
	}
	h.both = a.ID
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.m = newManager(h.w, ws, func(s string) { h.status = append(h.status, s) }, async.Inline())
	h.w.SetContent(h.m.root)
	h.w.Resize(fyne.NewSize(900, 600))
	h.m.reload()
	return h
}

func (h *harness) tag(t *testing.T, ref string) annotate.Tag {
	t.Helper()
	tag, err := h.m.cb.Resolve(ref)
	if err != nil {
		t.Fatalf("resolve %q: %v", ref, err)
	}
	return tag
}

func (h *harness) lastStatus() string {
	if len(h.status) == 0 {
		return ""
	}
	return h.status[len(h.status)-1]
}

func TestTreeShowsCountsAndFiltersUnused(t *testing.T) {
	h := newHarness(t)
	roots := h.m.childUIDs("")
	if want := len(h.m.cb.Children("")); len(roots) != want || want < 2 {
		t.Fatalf("%d top-level tags shown, the codebook has %d", len(roots), want)
	}
	energy := h.tag(t, "Energy attacks")
	if got := countText(h.m.usage[energy.ID]); got != "2 annotations · 1 article" {
		t.Errorf("Energy attacks counts %q", got)
	}
	if !strings.Contains(h.m.summary.Text, "13 tags, 11 unused") {
		t.Errorf("summary %q", h.m.summary.Text)
	}
	// A rendered row carries the swatch colour, the name and the counts.
	obj := h.m.createNode(false)
	h.m.updateNode(energy.ID, false, obj)
	r := rowOf(obj)
	if r.name.Text != "Energy attacks" || r.counts.Text != "2 annotations · 1 article" || hexColor(r.swatch.FillColor) != energy.Color {
		t.Errorf("row %q %q %s", r.name.Text, r.counts.Text, hexColor(r.swatch.FillColor))
	}

	test.Tap(findCheck(t, h.m.root, "Unused tags only"))
	mil := h.tag(t, "Military developments")
	kids := h.m.childUIDs(mil.ID)
	for _, id := range kids {
		if id == energy.ID {
			t.Error("a used tag shows under the unused filter")
		}
	}
	if len(kids) != 2 {
		t.Errorf("unused children of Military developments: %d, want 2", len(kids))
	}
	if h.m.visible(h.tag(t, "Diplomacy").ID) != true {
		t.Error("Diplomacy (used) must stay visible as the parent of unused tags")
	}
}

func findCheck(t *testing.T, root fyne.CanvasObject, text string) *widget.Check {
	t.Helper()
	var found *widget.Check
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == text {
			found = c
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
		if s, ok := o.(*fyne.Container); ok && s == nil {
			return
		}
	}
	walk(root)
	if found == nil {
		t.Fatalf("no check %q", text)
	}
	return found
}

func TestEditsThroughDialogs(t *testing.T) {
	h := newHarness(t)
	energy := h.tag(t, "Energy attacks")

	// Create under Diplomacy with a palette colour, a description and key 9.
	f := h.m.createDialog(h.tag(t, "Diplomacy").ID)
	if f.dialog == nil {
		t.Fatal("no dialog shown")
	}
	f.fields[0].(*widget.Entry).SetText("Back channels")
	f.fields[2].(*colorField).set(annotate.Palette[3])
	f.fields[3].(*widget.Entry).SetText("Unofficial talks")
	f.fields[4].(*widget.Select).SetSelected("9")
	f.submit()
	bc := h.tag(t, "Diplomacy/Back channels")
	if bc.Color != annotate.Palette[3] || bc.Description != "Unofficial talks" || bc.Hotkey != 9 || h.m.selected != bc.ID {
		t.Errorf("created %+v (selected %s)", bc, h.m.selected)
	}
	if h.lastStatus() != "Created tag 'Back channels'" {
		t.Errorf("status %q", h.lastStatus())
	}

	f = h.m.renameDialog(energy.ID)
	f.fields[0].(*widget.Entry).SetText("Strikes on energy")
	f.submit()
	if h.tag(t, "Strikes on energy").ID != energy.ID {
		t.Error("rename")
	}

	f = h.m.colorDialog(energy.ID)
	f.fields[0].(*colorField).set("#123ABC")
	f.submit()
	if c := h.tag(t, "Strikes on energy").Color; c != "#123ABC" {
		t.Errorf("colour %s", c)
	}

	f = h.m.describeDialog(energy.ID)
	f.fields[0].(*widget.Entry).SetText("Attacks on power plants & grid")
	f.submit()
	if d := h.tag(t, "Strikes on energy").Description; d != "Attacks on power plants & grid" {
		t.Errorf("description %q", d)
	}

	f = h.m.moveDialog(energy.ID)
	parent := f.fields[0].(*widget.Select)
	for _, o := range parent.Options {
		if strings.HasPrefix(o, "Military developments/Strikes on energy") {
			t.Error("a tag can be moved under itself")
		}
	}
	parent.SetSelected(topLevel)
	f.submit()
	if p := h.tag(t, "Strikes on energy").ParentID; p != "" {
		t.Errorf("still under %s", p)
	}

	f = h.m.hotkeyDialog(energy.ID)
	key := f.fields[0].(*widget.Select)
	if !strings.Contains(key.Options[9], "now 'Back channels'") {
		t.Errorf("key 9 does not say who has it: %q", key.Options[9])
	}
	key.SetSelectedIndex(9)
	if how := f.fields[1].(*widget.RadioGroup); !how.Visible() || !strings.HasPrefix(how.Selected, "Take it") {
		t.Errorf("a taken key offers %v (chosen %q)", how.Options, how.Selected)
	}
	f.submit()
	if h.tag(t, "Strikes on energy").Hotkey != 9 || h.tag(t, "Back channels").Hotkey != 0 {
		t.Error("hotkey 9 did not move")
	}
	// Giving key 9 back to 'Back channels' with a swap hands it 'Strikes on energy''s
	// key in return.
	back := h.tag(t, "Back channels")
	f = h.m.hotkeyDialog(back.ID)
	f.fields[0].(*widget.Select).SetSelectedIndex(9)
	how := f.fields[1].(*widget.RadioGroup)
	if len(how.Options) != 1 {
		t.Errorf("a tag without a key offers a swap: %v", how.Options)
	}
	h.m.hotkey(back.ID, 3)
	f = h.m.hotkeyDialog(h.tag(t, "Back channels").ID)
	f.fields[0].(*widget.Select).SetSelectedIndex(9)
	how = f.fields[1].(*widget.RadioGroup)
	if len(how.Options) != 2 || !strings.Contains(how.Options[1], "gets key 3") {
		t.Fatalf("swap offer %v", how.Options)
	}
	how.SetSelected(how.Options[1])
	f.submit()
	if h.tag(t, "Back channels").Hotkey != 9 || h.tag(t, "Strikes on energy").Hotkey != 3 {
		t.Errorf("after the swap: %d and %d", h.tag(t, "Back channels").Hotkey, h.tag(t, "Strikes on energy").Hotkey)
	}
	for range 2 { // the extra edits of this test
		if _, err := h.ws.Undo(); err != nil {
			t.Fatal(err)
		}
	}

	// Every edit is one undo step.
	for range 6 {
		if _, err := h.ws.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	h.m.reload()
	if _, err := h.m.cb.Resolve("Back channels"); err == nil {
		t.Error("six undos did not undo the creation")
	}
	if e := h.tag(t, "Energy attacks"); e != energy {
		t.Errorf("after undo %+v, want %+v", e, energy)
	}
}

func TestMergeAndDelete(t *testing.T) {
	h := newHarness(t)
	energy, dip, bf := h.tag(t, "Energy attacks"), h.tag(t, "Diplomacy"), h.tag(t, "Battlefield developments")

	f := h.m.mergeDialog(energy.ID)
	f.fields[0].(*widget.Select).SetSelected(h.m.cb.Path(bf.ID))
	f.submit()
	if _, err := h.m.cb.Resolve("Energy attacks"); err == nil {
		t.Fatal("merged tag still there")
	}
	if a, _ := h.ws.Annotation(h.only); len(a.TagIDs) != 1 || a.TagIDs[0] != bf.ID {
		t.Errorf("after merge %v", a.TagIDs)
	}
	if _, err := h.ws.Undo(); err != nil {
		t.Fatal(err)
	}
	h.m.reload()

	// Delete, moving the annotations to Diplomacy: the move option needs a target.
	f = h.m.deleteDialog(energy.ID)
	choice, target := f.fields[0].(*widget.RadioGroup), f.fields[1].(*widget.Select)
	if !target.Disabled() {
		t.Error("the target is enabled before choosing to move")
	}
	choice.SetSelected(deleteMove)
	if target.Disabled() {
		t.Error("the target stays disabled")
	}
	f.submit()
	if !strings.Contains(h.lastStatus(), "choose the tag") {
		t.Errorf("no target chosen: status %q", h.lastStatus())
	}
	target.SetSelected("Diplomacy")
	f.submit()
	if a, _ := h.ws.Annotation(h.only); len(a.TagIDs) != 1 || a.TagIDs[0] != dip.ID {
		t.Errorf("after delete --into %v", a.TagIDs)
	}
	if _, err := h.ws.Undo(); err != nil {
		t.Fatal(err)
	}
	h.m.reload()

	// Delete, removing the tag: the annotation with no other tag goes, the other keeps Diplomacy.
	f = h.m.deleteDialog(energy.ID)
	f.submit()
	if _, err := h.ws.Annotation(h.only); err == nil {
		t.Error("an annotation left with no tag was kept")
	}
	if a, _ := h.ws.Annotation(h.both); len(a.TagIDs) != 1 || a.TagIDs[0] != dip.ID {
		t.Errorf("after delete %v", a.TagIDs)
	}
	if h.m.selected != "" && h.m.selected == energy.ID {
		t.Error("the deleted tag stays selected")
	}
}

func TestErrorsAreShown(t *testing.T) {
	h := newHarness(t)
	f := h.m.renameDialog(h.tag(t, "Energy attacks").ID)
	f.fields[0].(*widget.Entry).SetText("Battlefield developments")
	f.submit()
	if !strings.Contains(h.lastStatus(), "already exists") {
		t.Errorf("status %q", h.lastStatus())
	}
}

// TestScreenshot renders the manager for a look (GLOSS_SHOT=/tmp/dir).
func TestScreenshot(t *testing.T) {
	dir := os.Getenv("GLOSS_SHOT")
	if dir == "" {
		return
	}
	h := newHarness(t)
	h.m.tree.Select(h.tag(t, "Energy attacks").ID)
	f, err := os.Create(dir + "/codebook.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, h.w.Canvas().Capture())
}

// With a roll-up counter, a parent's row adds the count with its sub-tags.
func TestParentRowShowsRollup(t *testing.T) {
	h := newHarness(t)
	md := h.tag(t, "Military developments")
	h.m.Rollup = func() map[string]annotate.TagUsage {
		return map[string]annotate.TagUsage{md.ID: {Annotations: 2}}
	}
	h.m.Reload()
	node := h.m.createNode(true)
	h.m.updateNode(md.ID, true, node)
	if got := rowOf(node).counts.Text; !strings.Contains(got, "2 with sub-tags") {
		t.Fatalf("parent row counts %q", got)
	}
}
