// Package app is Gloss's Fyne GUI. It holds no business logic: every change goes
// through the command layer of package annotate.
package app

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// AppID is Gloss's application id (also in FyneApp.toml).
const AppID = "app.gloss.workbench"

// Run opens the workspace in dir (creating it with the sample articles when new), shows
// the window and returns the exit status when it closes.
func Run(dir string) int {
	ws, err := OpenWorkspace(dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
		return 1
	}
	defer ws.Close()
	a := fyneapp.NewWithID(AppID)
	w := NewMainWindow(a, ws)
	w.ShowAndRun()
	return 0
}

// OpenWorkspace opens (or creates, with samples) the GUI's workspace.
func OpenWorkspace(dir string) (*annotate.Workspace, error) {
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		return nil, err
	}
	if ws.IsNew() {
		if err := ws.AddSamples(); err != nil {
			ws.Close()
			return nil, fmt.Errorf("add sample articles: %w", err)
		}
	}
	return ws, nil
}

// NewMainWindow builds the main window on any fyne.App (tests pass test.NewTempApp).
func NewMainWindow(a fyne.App, ws *annotate.Workspace) fyne.Window {
	w := a.NewWindow("Gloss — " + ws.Dir())
	list, _ := ws.Articles()
	rows := widget.NewList(
		func() int { return len(list) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := list[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s — %s (%d annotations)", s.Title, s.Source, s.Annotations))
		})
	w.SetContent(container.NewBorder(widget.NewLabel(fmt.Sprintf("%d articles", len(list))), nil, nil, nil, rows))
	w.Resize(fyne.NewSize(1100, 720))
	return w
}
