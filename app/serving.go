package app

// The window serves its workspace to the command line (package serve): a `gloss`
// command typed while the window is open runs here, on the window's workspace and index,
// and prints in the client's terminal what it prints without a window. Every committed
// change, whoever made it, reaches the window through the workspace's observers.

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/cli"
	"gloss.app/gloss/app/serve"
	"gloss.app/gloss/search"
)

// The window follows changes made elsewhere (commands from the command line, a
// colleague's changes) at once after a quiet spell of followQuiet, and at most every
// followEvery while they keep coming (a script's commands): each refresh re-reads the
// lists and redraws the window, work that would otherwise compete with the script's next
// commands for the processor.
const (
	followQuiet = 100 * time.Millisecond
	followEvery = 500 * time.Millisecond
)

// observed hears every committed change. The views follow on the UI goroutine (see
// followEvery); a change the window made itself has been shown already by then (its
// revision is not newer).
func (wb *Workbench) observed(res annotate.Result) {
	wb.follow.mu.Lock()
	if res.Revision > wb.follow.latest.Revision {
		wb.follow.latest = res
	}
	wb.follow.mu.Unlock()
	wb.follow.throttle.Poke()
}

// followed is what the window has heard and not shown yet.
type followed struct {
	throttle *async.Throttle
	mu       sync.Mutex
	latest   annotate.Result // the newest change heard
}

// followLatest shows the newest change heard (on the UI goroutine).
func (wb *Workbench) followLatest() {
	wb.follow.mu.Lock()
	res := wb.follow.latest
	wb.follow.mu.Unlock()
	wb.followChange(res)
}

// followChange shows a change made elsewhere (a command from the command line). Changes
// heard in a burst are shown by one refresh: the rest are not newer than it.
func (wb *Workbench) followChange(res annotate.Result) {
	if wb.shutdown || res.Revision <= wb.shownRevision {
		return
	}
	label := res.Label
	if wb.importing || wb.busyCount > 0 {
		label = "" // the window's own import says how far it is
	}
	wb.refreshAfterChange(label)
}

// ServeCall carries out a call from the command line (serve.Handler). A command that
// fails unexpectedly fails alone: the window goes on.
func (wb *Workbench) ServeCall(call *serve.Call) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(call.Stderr, "gloss: the Gloss window could not carry out the command: %v\n", r)
			status = cli.ExitFailed
		}
	}()
	if !sameFolder(call.Workspace, wb.ws.Dir()) {
		fmt.Fprintf(call.Stderr, "gloss: this Gloss window has %s open, not %s\n", wb.ws.Dir(), call.Workspace)
		return cli.ExitFailed
	}
	switch {
	case call.Focus:
		fyne.Do(func() {
			wb.win.Show()
			wb.win.RequestFocus()
		})
		return cli.ExitOK
	case call.Debug == "state":
		return wb.writeState(call)
	}
	env := cli.Env{
		Stdin:  call.Stdin,
		Stdout: cli.TerminalWriter{Writer: call.Stdout, Terminal: call.StdoutTerminal},
		Stderr: cli.TerminalWriter{Writer: call.Stderr, Terminal: call.StderrTerminal},
		Dir:    call.Dir,
		Host:   windowHost{wb},
	}
	defer wb.followTeamLink() // gloss team create, join, leave, set blind, sync
	return env.Run(call.Args)
}

// windowHost is the window as the command line's cli.Host.
type windowHost struct{ wb *Workbench }

func (h windowHost) Workspace() *annotate.Workspace { return h.wb.ws }

func (h windowHost) Index() (*search.Index, error) { return h.wb.index.wait() }

func (h windowHost) RebuildIndex(progress func(done, total int)) (*search.Index, error) {
	return h.wb.rebuildIndex(progress)
}

// WindowState is what the window shows, as the debug call reports it (tests observe the
// real window through it).
type WindowState struct {
	Workspace string `json:"workspace"`
	// Revision is the store revision the views showed at their last refresh.
	Revision    uint64   `json:"revision"`
	Article     string   `json:"article"`     // the open article's id
	Annotations []string `json:"annotations"` // the ids in the annotation list, in its order
	Library     int      `json:"library"`     // articles listed in the library
	Counts      string   `json:"counts"`      // the status bar's counts
	Status      string   `json:"status"`      // the status bar's message
	Team        string   `json:"team"`        // the team sync indicator ("" outside team projects)
}

// writeState reports the window's state, read on the UI goroutine, as JSON.
func (wb *Workbench) writeState(call *serve.Call) int {
	var st WindowState
	fyne.DoAndWait(func() {
		st = WindowState{Workspace: wb.ws.Dir(), Revision: wb.shownRevision, Article: wb.current.ID,
			Annotations: wb.notes.IDs(), Library: len(wb.library.All()),
			Counts: wb.status.counts.Text, Status: wb.status.message.Text}
		if wb.teamIndicator != nil && wb.teamIndicator.Visible() {
			st.Team = wb.teamIndicator.Text()
		}
	})
	enc := json.NewEncoder(call.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(st); err != nil {
		return cli.ExitFailed
	}
	return cli.ExitOK
}

// sameFolder reports whether a and b name the same folder.
func sameFolder(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
