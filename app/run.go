// Package app is Gloss's Fyne GUI. It holds no business logic: every change goes
// through the command layer of package annotate.
package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/apptheme"
	"gloss.app/gloss/app/serve"
	"gloss.app/gloss/app/serve/wire"
)

// AppID is Gloss's application id (also in FyneApp.toml).
const AppID = "app.gloss.workbench"

// windowHolder is what the lock file says while the window has the workspace.
const windowHolder = "the Gloss window"

// Run opens the workspace in dir (creating it with the sample articles when new), shows
// the window and returns the exit status when it closes. Without a display it says so in
// one line and returns 1, before anything (Fyne, GLFW, the workspace) is touched. When a
// window has the workspace open already, that window comes to the front and Run returns
// 0; while a command line holds it, Run waits up to wait for it.
func Run(dir string, wait time.Duration) int {
	if why := NoDisplay(runtime.GOOS, os.Getenv); why != "" {
		fmt.Fprintf(os.Stderr, "gloss: %s\n", why)
		return 1
	}
	ws, status, done := acquireForWindow(dir, wait)
	if done {
		return status
	}
	apptheme.UseSystemEmoji()
	a := fyneapp.NewWithID(AppID)
	apptheme.Restore(a)
	h := &windowSessions{app: a}
	if err := h.open(ws); err != nil {
		ws.Close()
		fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
		return 1
	}
	a.Run()
	return h.cur.close(false)
}

// windowSessions keeps the process's window. Joining a team project opens the new
// workspace in a new window, and the old one closes.
type windowSessions struct {
	app fyne.App
	cur *session
}

// session is one workspace shown in a window and served to the command line. Its
// workbench and workspace (in the call gate) are replaced when a backup is restored.
type session struct {
	*callGate
	srv *serve.Server
}

// open shows ws in a new window that serves it to the command line (UI goroutine once
// the app runs).
func (h *windowSessions) open(ws *annotate.Workspace) error {
	wb, err := newWorkbenchOrNoDisplay(h.app, ws)
	if err != nil {
		return err
	}
	s := &session{callGate: newCallGate(wb, ws)}
	h.wire(s, wb)
	srv, err := serve.Listen(ws.Dir(), s.serveCall)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gloss: the command line cannot reach this window (%v): its commands will wait until the window closes\n", err)
	}
	s.srv = srv
	h.cur = s
	wb.Window().Show()
	return nil
}

// switchTo shows ws (a workspace just joined) in place of the current one, which
// closes off the UI goroutine.
func (h *windowSessions) switchTo(ws *annotate.Workspace, status string) {
	old := h.cur
	if err := h.open(ws); err != nil {
		ws.Close()
		old.wb.showError(err)
		return
	}
	wb := h.cur.wb
	wb.setStatus(status)
	// A new workspace's index is built: say what was joined again after it.
	wb.keepStatusAfterIndex(status)
	if old.wb.codebookWin != nil {
		old.wb.codebookWin.Close()
	}
	old.wb.Window().Close() // the new window is open: the app goes on
	old.wb.stop()           // here: its callbacks read what stop sets on the UI goroutine
	old.wb.run.Go(func() { old.close(true) })
}

// close stops serving, closes the index and then the workspace; it returns the exit
// status. A window closed while the app goes on (switching) waits for an index still
// being built; at exit that is left to the next start.
func (s *session) close(switching bool) int {
	if s.srv != nil {
		// Commands already running finish; one arriving now runs once the workspace is free.
		s.srv.Close(10 * time.Second)
	}
	if s.wb == nil {
		return 1 // a restore lost the workspace; it said so
	}
	// The index closes before the workspace. If it is still being built, the workspace
	// is left to the process exit: closing the store under a running build would wait
	// for the whole build, and the next start cleans up the unfinished one.
	if !s.wb.Shutdown(3 * time.Second) {
		if !switching {
			fmt.Fprintln(os.Stderr, "gloss: the search index was still being built; it will be finished next time")
			return 0
		}
		s.wb.WaitBackground()
	}
	if err := s.ws.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
		return 1
	}
	return 0
}

// acquireForWindow opens the workspace for the window (with the samples when new), or,
// when a window has it already, brings that one forward: then done is true with the
// exit status.
func acquireForWindow(dir string, wait time.Duration) (ws *annotate.Workspace, status int, done bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	for try := 0; ; try++ {
		conn, ws, err := serve.Acquire(abs, annotate.Options{Create: true, Holder: windowHolder}, wait, func(h annotate.Holder) {
			fmt.Fprintf(os.Stderr, "gloss: waiting for %s to finish\n", h)
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
			return nil, 1, true
		}
		if ws != nil {
			if err := addSamplesIfNew(ws); err != nil {
				fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
				return nil, 1, true
			}
			return ws, 0, false
		}
		status, err := conn.Do(wire.Request{Workspace: abs, Focus: true}, nil, os.Stdout, os.Stderr)
		if errors.Is(err, wire.ErrNotServed) && try < 2 {
			continue // that window was closing
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
			return nil, 1, true
		}
		fmt.Fprintf(os.Stderr, "gloss: a Gloss window (process %d) has %s open: it was brought to the front\n", conn.PID(), abs)
		return nil, status, true
	}
}

// newWorkbenchOrNoDisplay turns GLFW's panic when the display named by DISPLAY cannot be
// reached (the X server has gone) into one error line; any other panic stays a panic.
func newWorkbenchOrNoDisplay(a fyne.App, ws *annotate.Workspace) (wb *Workbench, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			if !strings.Contains(msg, "GLFW") && !strings.Contains(msg, "PlatformError") {
				panic(r)
			}
			err = fmt.Errorf("the window cannot open: the display %q cannot be reached (%s); the commands of 'gloss help' work without one",
				firstNonEmpty(os.Getenv("WAYLAND_DISPLAY"), os.Getenv("DISPLAY")), msg)
		}
	}()
	return NewWorkbench(a, ws, nil), nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// NoDisplay says why no window can open ("" when one can): on Linux and the BSDs a
// graphical session sets DISPLAY (X11) or WAYLAND_DISPLAY, and GLFW cannot start without.
func NoDisplay(goos string, getenv func(string) string) string {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "illumos":
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open; " +
				"the commands of 'gloss help' work without one"
		}
	}
	return ""
}

// OpenWorkspace opens (or creates, with samples) the GUI's workspace.
func OpenWorkspace(dir string) (*annotate.Workspace, error) {
	ws, err := annotate.Open(dir, annotate.Options{Create: true, Holder: windowHolder})
	if err != nil {
		return nil, err
	}
	if err := addSamplesIfNew(ws); err != nil {
		return nil, err
	}
	return ws, nil
}

// addSamplesIfNew gives a new workspace the sample articles.
func addSamplesIfNew(ws *annotate.Workspace) error {
	if !ws.IsNew() {
		return nil
	}
	if err := ws.AddSamples(); err != nil {
		ws.Close()
		return fmt.Errorf("add sample articles: %w", err)
	}
	return nil
}
