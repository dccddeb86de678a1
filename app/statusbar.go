package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/uikit"
)

// statusBar shows the workspace, the counts and what the last action did.
type statusBar struct {
	path     *widget.Label
	counts   *widget.Label
	message  *uikit.HoverLabel // one line, ellipsised; the whole text on hover
	progress *widget.ProgressBar
	// indexing shows the search index being built, beside (not instead of) messages.
	indexing    *widget.Label
	indexBar    *widget.ProgressBar
	indexingBox fyne.CanvasObject
	busy        *widget.ProgressBarInfinite // an export or annotation import is running
	busyBox     fyne.CanvasObject
	box         fyne.CanvasObject
	team        *fyne.Container // the team sync indicator (team.go); empty outside team projects
	// report opens the last import's report (hidden until an import has one to show).
	report *widget.Button
}

func newStatusBar(dir string, tips *uikit.TipLayer) *statusBar {
	s := &statusBar{
		path:     widget.NewLabel(shortPath(dir, statusPathRunes)),
		counts:   widget.NewLabel(""),
		message:  uikit.NewHoverLabel(tips),
		progress: widget.NewProgressBar(),
	}
	s.message.SetText("Select text and press 1–9 to tag it")
	for _, l := range []*widget.Label{s.path, s.counts, &s.message.Label} {
		l.SizeName = theme.SizeNameCaptionText
	}
	s.progress.Hide()
	s.indexing = widget.NewLabel("")
	s.indexing.SizeName = theme.SizeNameCaptionText
	s.indexBar = widget.NewProgressBar()
	s.indexingBox = container.NewHBox(s.indexing, container.NewGridWrap(fyne.NewSize(160, 20), s.indexBar))
	s.indexingBox.Hide()
	left := container.NewHBox(widget.NewIcon(theme.StorageIcon()), s.path, widget.NewSeparator(), s.counts, widget.NewSeparator())
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Stop()
	s.busyBox = container.NewGridWrap(fyne.NewSize(160, 20), s.busy)
	s.busyBox.Hide()
	s.team = container.NewHBox()
	right := container.NewHBox(s.indexingBox, s.busyBox,
		container.NewGridWrap(fyne.NewSize(220, 20), s.progress), s.team)
	s.report = widget.NewButtonWithIcon("Import report…", theme.InfoIcon(), nil)
	s.report.Importance = widget.LowImportance
	s.report.Hide()
	s.box = container.NewBorder(widget.NewSeparator(), nil, left, right, container.NewBorder(nil, nil, nil, s.report, s.message))
	return s
}

// statusPathRunes is the most of the workspace path the status bar shows: a long path
// made the window's minimum width grow with it.
const statusPathRunes = 40

// shortPath keeps the end of a long path (the workspace's own folder names), after "…".
func shortPath(p string, n int) string {
	r := []rune(p)
	if len(r) <= n {
		return p
	}
	return "…" + string(r[len(r)-(n-1):])
}

// showIndexProgress shows how far the search index build is.
func (s *statusBar) showIndexProgress(done, total int) {
	if total <= 0 {
		return
	}
	s.indexing.SetText(fmt.Sprintf("Indexing for search: %d of %d", done, total))
	s.indexBar.SetValue(float64(done) / float64(total))
	s.indexingBox.Show()
}

func (s *statusBar) hideIndexProgress() { s.indexingBox.Hide() }
