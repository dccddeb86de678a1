package app

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// newSerialApp is a test app for windows whose background work is real (a served window,
// its index built off the UI goroutine): fyne.Do and fyne.DoAndWait run one at a time, as
// on the real driver's main goroutine, where the test driver runs them at once on the
// calling goroutine. The test touches widgets inside onUI.
func newSerialApp(t *testing.T) fyne.App {
	t.Helper()
	base := test.NewTempApp(t)
	a := &serialApp{App: base, d: &serialDriver{Driver: base.Driver()}}
	fyne.SetCurrentApp(a)
	return a
}

type serialApp struct {
	fyne.App
	d *serialDriver
}

func (a *serialApp) Driver() fyne.Driver { return a.d }

type serialDriver struct {
	fyne.Driver
	mu    sync.Mutex
	owner atomic.Uint64 // the goroutine running a call now (0: none)
}

// DoFromGoroutine runs fn alone; a call made from inside another runs at once (the real
// driver's main goroutine would run it in turn, after the outer one).
func (d *serialDriver) DoFromGoroutine(fn func(), _ bool) {
	id := goroutineID()
	if d.owner.Load() == id {
		fn()
		return
	}
	d.mu.Lock()
	d.owner.Store(id)
	defer func() {
		d.owner.Store(0)
		d.mu.Unlock()
	}()
	fn()
}

// onUI runs fn as the UI goroutine would, in turn with the window's own UI work.
func onUI(fn func()) { fyne.DoAndWait(fn) }

func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _ := strconv.ParseUint(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return id
}

// closeAtEnd closes h's window when the test ends as the app does at exit: the window's
// own work stops on the UI goroutine (where the app's loop ran it), then the session
// closes. Its background work (an index a restore rebuilds, the status posted after it)
// is waited for, so that no goroutine of this test touches widgets while the next runs.
func closeAtEnd(t *testing.T, h *windowSessions) {
	t.Cleanup(func() {
		wb, _ := h.cur.current()
		if wb != nil {
			wb.WaitBackground()
			onUI(wb.stop)
		}
		h.cur.close(false)
		if wb != nil {
			wb.run.Wait()
		}
	})
}
