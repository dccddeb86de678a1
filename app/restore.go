package app

// Restoring a backup while the window has the workspace open (`gloss restore BACKUP`
// sent by the command line). The window lets the other commands it is running finish
// and holds new ones back, takes its views off the window, closes the workspace cleanly
// (team engine, trainer, search index), has annotate restore the backup without letting
// go of the workspace's lock, and builds its views again in the same window on the
// restored workspace, whose index is rebuilt in the background as on any start. The
// restore itself is annotate.Workspace.Restore.

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/cli"
	"gloss.app/gloss/app/serve"
)

// callGate lets the command line's calls run side by side and a restore run alone. It
// holds the session's workbench and workspace, which a restore replaces.
type callGate struct {
	mu      sync.Mutex
	changed *sync.Cond
	running int  // calls being carried out
	alone   bool // a restore runs, or waits for the running calls to finish
	wb      *Workbench
	ws      *annotate.Workspace
}

func newCallGate(wb *Workbench, ws *annotate.Workspace) *callGate {
	g := &callGate{wb: wb, ws: ws}
	g.changed = sync.NewCond(&g.mu)
	return g
}

// enter waits while a restore runs and returns the workbench the call runs on (nil when
// the window has lost its workspace).
func (g *callGate) enter() *Workbench {
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.alone {
		g.changed.Wait()
	}
	g.running++
	return g.wb
}

func (g *callGate) leave() {
	g.mu.Lock()
	g.running--
	g.changed.Broadcast()
	g.mu.Unlock()
}

// current is the workbench and workspace calls run on now.
func (g *callGate) current() (*Workbench, *annotate.Workspace) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.wb, g.ws
}

func (g *callGate) replace(wb *Workbench, ws *annotate.Workspace) {
	g.mu.Lock()
	g.wb, g.ws = wb, ws
	g.mu.Unlock()
}

// gatePoll is how often a restore looks again at what it waits for.
const gatePoll = 20 * time.Millisecond

// gateTellAfter is how long a restore waits before it says what it waits for (as a
// command waiting for the workspace's lock does).
const gateTellAfter = time.Second

// runAlone runs f once no other call runs and busy says nothing ("" when the window is
// not busy), holding new calls back meanwhile. It is called from within a call, which
// gives up its place while it waits. It waits up to wait, telling waiting once, after a
// second, what it waits for.
func (g *callGate) runAlone(wait time.Duration, waiting func(what string), busy func() string, f func() error) error {
	start := time.Now()
	told := false
	g.mu.Lock()
	g.running-- // this call's own place
	g.changed.Broadcast()
	claimed := false
	defer func() {
		if claimed {
			g.alone = false
		}
		g.running++
		g.changed.Broadcast()
		g.mu.Unlock()
	}()
	for {
		what := ""
		switch {
		case g.alone && !claimed:
			what = "another restore in the Gloss window"
		case g.running > 0:
			what = otherCommands(g.running)
		}
		if !g.alone {
			g.alone, claimed = true, true // from now on new calls wait
		}
		if what == "" {
			g.mu.Unlock()
			what = busy()
			g.mu.Lock()
			if what == "" && g.running == 0 {
				break
			}
		}
		waited := time.Since(start)
		if waited >= wait {
			return fmt.Errorf("the Gloss window is busy with %s; gave up waiting after %s (--wait sets how long)", what, wait.Round(time.Millisecond))
		}
		if !told && waited >= gateTellAfter {
			told = true
			g.mu.Unlock()
			waiting(what)
			g.mu.Lock()
		}
		g.mu.Unlock()
		time.Sleep(min(gatePoll, wait-waited))
		g.mu.Lock()
	}
	g.mu.Unlock()
	err := f()
	g.mu.Lock()
	return err
}

func otherCommands(n int) string {
	if n == 1 {
		return "1 other command in the Gloss window"
	}
	return fmt.Sprintf("%d other commands in the Gloss window", n)
}

// serveCall carries out a call from the command line on the workbench the window
// shows now (serve.Handler).
func (s *session) serveCall(call *serve.Call) int {
	wb := s.enter()
	defer s.leave()
	if wb == nil {
		fmt.Fprintln(call.Stderr, "gloss: the Gloss window has lost its workspace (see the window); close it and run the command again")
		return cli.ExitFailed
	}
	return wb.ServeCall(call)
}

// wire gives a workbench of this session what it needs from the host: joining a team
// project switches the window, a backup sent by the command line is restored in place.
func (h *windowSessions) wire(s *session, wb *Workbench) {
	wb.OpenWorkspace = h.switchTo
	wb.restoreBackup = func(backup string, wait time.Duration, waiting func(string)) (annotate.Restored, error) {
		return h.restore(s, backup, wait, waiting)
	}
}

// restore restores backup into the session's workspace and shows the restored one in
// the same window (cli.Restorer, through windowHost).
func (h *windowSessions) restore(s *session, backup string, wait time.Duration, waiting func(string)) (annotate.Restored, error) {
	var restored annotate.Restored
	err := s.runAlone(wait, waiting, func() string {
		wb, _ := s.current()
		return wb.busyWith()
	}, func() (err error) {
		restored, err = h.restoreAlone(s, backup)
		return err
	})
	return restored, err
}

// restoreAlone does the restore while no call runs.
func (h *windowSessions) restoreAlone(s *session, backup string) (annotate.Restored, error) {
	old, ws := s.current()
	// Refused before anything is closed: the window goes on as it was.
	if err := annotate.CheckBackup(backup); err != nil {
		return annotate.Restored{}, err
	}
	fyne.DoAndWait(func() {
		old.takeOffWindow(fmt.Sprintf("Restoring %s …", filepath.Base(backup)))
		old.stop() // on the UI goroutine, where its callbacks read what it sets
	})
	if !old.Shutdown(3 * time.Second) {
		old.WaitBackground() // the index being built is closed before the store
	}
	next, restored, err := ws.Restore(backup, annotate.Options{Holder: windowHolder})
	if next == nil {
		// Neither the restored store nor the replaced one opens: nothing left to show.
		s.replace(nil, nil)
		fyne.DoAndWait(func() {
			old.win.SetContent(container.NewCenter(widget.NewLabel("The workspace could not be opened again:\n" + err.Error())))
		})
		if s.srv != nil {
			time.AfterFunc(0, func() { s.srv.Close(10 * time.Second) }) // the command line opens it itself
		}
		return annotate.Restored{}, err
	}
	var wb *Workbench
	fyne.DoAndWait(func() {
		wb = newWorkbenchIn(h.app, old.win, next, nil)
		h.wire(s, wb)
		if err != nil {
			wb.showError(err)
		} else {
			wb.setStatus(restoredStatus(restored))
		}
	})
	s.replace(wb, next)
	if err == nil {
		wb.keepStatusAfterIndex(restoredStatus(restored))
	}
	return restored, err
}

// restoredStatus is what the status bar says after a restore.
func restoredStatus(r annotate.Restored) string {
	if r.Kept == "" {
		return fmt.Sprintf("Restored %s", filepath.Base(r.Backup))
	}
	return fmt.Sprintf("Restored %s (the replaced store is kept as %s)", filepath.Base(r.Backup), filepath.Base(r.Kept))
}

// RestoreBackup is cli.Restorer: the host of the window restores in place.
func (h windowHost) RestoreBackup(backup string, wait time.Duration, waiting func(string)) (annotate.Restored, error) {
	if h.wb.restoreBackup == nil {
		return annotate.Restored{}, errors.New("this Gloss window cannot restore a backup; close it and run the command again")
	}
	return h.wb.restoreBackup(backup, wait, waiting)
}

// busyWith says what the window is doing that a restore must not cut short ("" when
// nothing): an import or an export of its own.
func (wb *Workbench) busyWith() string {
	var what string
	fyne.DoAndWait(func() {
		switch {
		case wb.importing:
			what = "an import in the Gloss window"
		case wb.busyCount > 0:
			what = "an import or export of annotations in the Gloss window"
		}
	})
	return what
}

// takeOffWindow leaves the window to the workbench that follows (a restored workspace
// shown in place): nothing in the window acts on this workbench any more, and it says
// what happens meanwhile. UI goroutine.
func (wb *Workbench) takeOffWindow(msg string) {
	c := wb.win.Canvas()
	for top := c.Overlays().Top(); top != nil; top = c.Overlays().Top() {
		c.Overlays().Remove(top)
	}
	c.Unfocus()
	c.SetOnTypedRune(nil)
	c.SetOnTypedKey(nil)
	for _, s := range []fyne.Shortcut{&fyne.ShortcutUndo{}, &fyne.ShortcutRedo{}, &fyne.ShortcutSelectAll{}} {
		c.RemoveShortcut(s)
	}
	wb.win.SetOnDropped(nil)
	wb.win.SetMainMenu(nil)
	if wb.codebookWin != nil {
		wb.codebookWin.Close()
	}
	wb.win.SetContent(container.NewCenter(widget.NewLabel(msg)))
}

// keepStatusAfterIndex shows status (shown already) again once the index is ready, so
// that "Search index ready" does not hide it. Any goroutine.
func (wb *Workbench) keepStatusAfterIndex(status string) {
	wb.run.Go(func() {
		wb.WaitBackground()
		fyne.Do(func() {
			if msg := wb.status.message.Text; msg == "" || msg == status || strings.HasPrefix(msg, "Search index ready") {
				wb.setStatus(status)
			}
		})
	})
}
