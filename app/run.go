// Package app is Gloss's Fyne GUI. It holds no business logic: every change goes
// through the command layer of package annotate.
package app

import (
	"fmt"
	"os"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/apptheme"
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
	apptheme.UseSystemEmoji()
	a := fyneapp.NewWithID(AppID)
	apptheme.Restore(a)
	wb := NewWorkbench(a, ws, nil)
	wb.Window().ShowAndRun()
	// The index closes before the workspace. If it is still being built, the workspace
	// is left to the process exit: closing the store under a running build would wait
	// for the whole build, and the next start cleans up the unfinished one.
	if !wb.Shutdown(3 * time.Second) {
		fmt.Fprintln(os.Stderr, "gloss: the search index was still being built; it will be finished next time")
		return 0
	}
	if err := ws.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
		return 1
	}
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
