package app

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/cli"
)

// hostedWindow is the window's host (as Run makes it) on a new workspace with the
// samples, and a backup of it taken before a fourth article was imported.
func hostedWindow(t *testing.T) (h *windowSessions, dir, backup string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	ws, err := OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	backup = filepath.Join(t.TempDir(), "samples.db")
	if err := ws.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	h = &windowSessions{app: newSerialApp(t)}
	onUI(func() { err = h.open(ws) })
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, h)
	h.cur.wb.WaitBackground()
	if code, _, errs := gloss(t, "", "A report written after the backup.", "--workspace", dir, "import", "-", "--title", "After the backup"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return h, dir, backup
}

func libraryTitles(wb *Workbench) []string {
	var out []string
	onUI(func() {
		for _, a := range wb.library.All() {
			out = append(out, a.Title)
		}
	})
	return out
}

// `gloss restore` sent to the window: the window closes its workspace, restores the
// backup and shows the restored workspace in the same window, served to the command
// line, with its index rebuilt; the command prints what it prints without a window.
func TestWindowRestoresInPlace(t *testing.T) {
	h, dir, backup := hostedWindow(t)
	before := h.cur.wb
	if n := len(libraryTitles(before)); n != 4 {
		t.Fatalf("the window lists %d articles before the restore", n)
	}
	code, out, errs := gloss(t, "", "", "--workspace", dir, "restore", backup)
	want := regexp.MustCompile(`^restored ` + regexp.QuoteMeta(backup) + ` into ` + regexp.QuoteMeta(dir) +
		` \(the replaced store is kept as ` + regexp.QuoteMeta(dir) + `/gloss.db.before-restore-\d{8}T\d{6}\); the search index will be rebuilt from it\n$`)
	if code != 0 || !want.MatchString(out) || errs != "" {
		t.Fatalf("restore through the window: %d %q %q", code, out, errs)
	}
	wb := h.cur.wb
	wb.WaitBackground() // the index is rebuilt from the restored store, off the test's goroutine
	if wb == before || wb.Window() != before.Window() {
		t.Fatal("the restored workspace must be shown by a new workbench in the same window")
	}
	if !before.shutdown {
		t.Fatal("the old workbench was not shut down")
	}
	if titles := libraryTitles(wb); len(titles) != 3 || strings.Contains(strings.Join(titles, ","), "After the backup") {
		t.Fatalf("the window lists %q after the restore", titles)
	}
	// The status says so again once the index is ready (posted after the rebuild).
	restored := func() bool {
		var status string
		onUI(func() { status = wb.status.message.Text })
		return strings.HasPrefix(status, "Restored samples.db (the replaced store is kept as gloss.db.before-restore-")
	}
	waitFor(t, 10*time.Second, "the status to tell of the restore after the index is ready", restored)
	// The index is rebuilt from the restored store: the imported article is gone from it.
	if res, err := wb.Search(searchRequest("backup")); err != nil || res.Total != 0 {
		t.Fatalf("search after the restore: %v, %+v", err, res)
	}
	if res, err := wb.Search(searchRequest("substations")); err != nil || res.Total == 0 {
		t.Fatalf("the rebuilt index finds nothing: %v", err)
	}
	// The next command runs on the restored workspace, through the same window.
	code, out, _ = gloss(t, "", "", "--workspace", dir, "articles")
	if code != 0 || strings.Count(out, "\n") != 3 || strings.Contains(out, "After the backup") {
		t.Fatalf("articles after the restore: %d %q", code, out)
	}
	if st, err := windowState(dir); err != nil || st.Library != 3 || st.Article == "" {
		t.Fatalf("the window's state after the restore: %+v %v", st, err)
	}
	// The window still holds the workspace: no other process gets it.
	if _, err := annotate.Open(dir, annotate.Options{}); !errors.Is(err, annotate.ErrInUse) {
		t.Fatalf("the workspace is not held by the window after the restore: %v", err)
	}
	// The window's own commands work on the restored store and follow the command line's.
	if code, _, errs := gloss(t, "", "Second thoughts.", "--workspace", dir, "import", "-", "--title", "After the restore"); code != 0 {
		t.Fatalf("import after the restore: %s", errs)
	}
	if titles := libraryTitles(wb); len(titles) != 4 || titles[0] != "After the restore" {
		t.Fatalf("the window does not follow the command line after the restore: %q", titles)
	}
	onUI(wb.Undo)
	if len(libraryTitles(wb)) != 3 {
		t.Fatal("the window's undo does not act on the restored workspace")
	}
}

// A bad backup is refused before the window closes anything, with the same line as
// without a window; the window goes on as it was.
func TestWindowRefusesBadBackup(t *testing.T) {
	h, dir, backup := hostedWindow(t)
	before := h.cur.wb
	good, _ := os.ReadFile(backup)
	truncated := filepath.Join(t.TempDir(), "truncated.db")
	os.WriteFile(truncated, good[:len(good)/2], 0o600)
	alone := annotate.CheckBackup(truncated)
	if alone == nil {
		t.Fatal("the truncated file passes the check")
	}
	for _, bad := range []string{truncated, filepath.Join(t.TempDir(), "missing.db")} {
		code, out, errs := gloss(t, "", "", "--workspace", dir, "restore", bad)
		if code != 1 || out != "" || errs != "gloss: "+annotate.CheckBackup(bad).Error()+"\n" {
			t.Fatalf("restore %s: %d %q %q", bad, code, out, errs)
		}
	}
	if h.cur.wb != before || before.shutdown {
		t.Fatal("the window closed its workspace for a bad backup")
	}
	if code, out, _ := gloss(t, "", "", "--workspace", dir, "articles"); code != 0 || strings.Count(out, "\n") != 4 {
		t.Fatalf("the window stopped working: %d %q", code, out)
	}
}

// A restore waits for the other commands the window runs (new ones wait for it), says
// what it waits for after a second, and gives up after --wait without closing anything.
func TestWindowRestoreWaitsForRunningCommands(t *testing.T) {
	h, dir, backup := hostedWindow(t)
	before := h.cur.wb
	// A command reading its stdin runs until the input ends.
	start := func() (*io.PipeWriter, chan int) {
		r, w := io.Pipe()
		done := make(chan int, 1)
		go func() {
			env := cli.Env{Stdin: r, Stdout: io.Discard, Stderr: io.Discard}
			done <- env.Run([]string{"--workspace", dir, "import", "-", "--title", "Slow"})
		}()
		waitFor(t, 10*time.Second, "the slow command to run in the window", func() bool {
			h.cur.mu.Lock()
			defer h.cur.mu.Unlock()
			return h.cur.running == 1
		})
		return w, done
	}
	w, slow := start()
	code, out, errs := gloss(t, "", "", "--workspace", dir, "--wait", "1200ms", "restore", backup)
	if code != 1 || out != "" || errs != "gloss: waiting for 1 other command in the Gloss window to finish\n"+
		"gloss: the Gloss window is busy with 1 other command in the Gloss window; gave up waiting after 1.2s (--wait sets how long)\n" {
		t.Fatalf("restore while a command runs: %d %q %q", code, out, errs)
	}
	if h.cur.wb != before || before.shutdown {
		t.Fatal("the window closed its workspace though the restore gave up")
	}
	w.Write([]byte("The slow command's text."))
	w.Close()
	if code := <-slow; code != 0 {
		t.Fatalf("the slow command failed: %d", code)
	}
	// Now the restore waits for the command, which then ends; the restore goes on.
	w, slow = start()
	time.AfterFunc(2500*time.Millisecond, func() { w.Write([]byte("More text.")); w.Close() })
	var stdout, stderr bytes.Buffer
	code = cli.Env{Stdout: &stdout, Stderr: &stderr}.Run([]string{"--workspace", dir, "restore", backup})
	if code != 0 || !strings.HasPrefix(stdout.String(), "restored ") || stderr.String() != "gloss: waiting for 1 other command in the Gloss window to finish\n" {
		t.Fatalf("restore after the command: %d %q %q", code, stdout.String(), stderr.String())
	}
	if code := <-slow; code != 0 {
		t.Fatalf("the slow command failed: %d", code)
	}
	if titles := libraryTitles(h.cur.wb); len(titles) != 3 {
		t.Fatalf("after the restore the window lists %q", titles)
	}
}
