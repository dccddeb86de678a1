package app

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// realWindow is the real binary running under its own Xvfb, driven with xdotool.
type realWindow struct {
	t       *testing.T
	bin     string
	display string
	env     []string
	ws      string
	cmd     *exec.Cmd
	logs    *strings.Builder
}

// startRealWindow starts Xvfb and the package's one build of the binary on a new
// workspace; prepare runs CLI commands on it before the window opens.
func startRealWindow(t *testing.T, prepare func(w *realWindow)) *realWindow {
	t.Helper()
	w := &realWindow{t: t, ws: filepath.Join(t.TempDir(), "workspace"), logs: &strings.Builder{}}
	w.display, w.env = startXvfb(t) // skips the test without Xvfb
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatal("Xvfb is installed but xdotool is not: apt-get install xdotool")
	}
	w.bin = glossBinary(t)
	if prepare != nil {
		prepare(w)
	}
	w.cmd = exec.Command(w.bin, "--workspace", w.ws)
	w.cmd.Env = w.env
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
			w.cmd.Wait()
		}
	})
	waitFor(t, 60*time.Second, "the Gloss window", func() bool {
		out, _ := w.xdo("search", "--name", "Gloss")
		return strings.TrimSpace(out) != ""
	})
	time.Sleep(2 * time.Second) // the first frame, and the article opened
	return w
}

// cli runs a gloss subcommand on the window's workspace and returns its standard output.
func (w *realWindow) cli(args ...string) string {
	w.t.Helper()
	cmd := exec.Command(w.bin, append([]string{"--workspace", w.ws}, args...)...)
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		w.t.Fatalf("gloss %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (w *realWindow) xdo(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = w.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// do runs xdotool steps, each followed by a short pause for the window to follow.
func (w *realWindow) do(steps ...[]string) {
	w.t.Helper()
	for _, s := range steps {
		if out, err := w.xdo(s...); err != nil {
			w.t.Fatalf("xdotool %v: %v %s", s, err, out)
		}
		time.Sleep(400 * time.Millisecond)
	}
}

// quit closes the window with Ctrl+Q and waits for the process to end.
func (w *realWindow) quit() {
	w.t.Helper()
	w.do([]string{"key", "ctrl+q"})
	done := make(chan error, 1)
	go func() { done <- w.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			w.t.Fatalf("gloss exited with %v: %s", err, w.logs.String())
		}
	case <-time.After(20 * time.Second):
		w.t.Fatalf("gloss did not quit: %s", w.logs.String())
	}
}

// TestRealWindowClickAfterPasteDialog is the issue-14 trap: the whole text is selected,
// Ctrl+Shift+V opens the paste dialog, its Cancel button closes it (the dialog had the
// keyboard when Shift was released), then a plain drag selects a few words and a digit tags them. The stored
// annotation must hold what the drag covered, not a span from the old selection's start.
func TestRealWindowClickAfterPasteDialog(t *testing.T) {
	var article string
	w := startRealWindow(t, func(w *realWindow) {
		text := strings.Repeat("Frontline reports arrive every hour from the southern towns today. ", 60)
		src := filepath.Join(t.TempDir(), "words.txt")
		if err := os.WriteFile(src, []byte("Long article\n\n"+text), 0o644); err != nil {
			t.Fatal(err)
		}
		article = strings.SplitN(w.cli("import", src), "\t", 2)[0]
	})
	w.do(
		[]string{"mousemove", "700", "400"}, []string{"click", "1"}, // focus the reader
		[]string{"key", "ctrl+a"},
		[]string{"key", "ctrl+shift+v"},
		[]string{"mousemove", "632", "671"}, []string{"click", "1"}, // the dialog's Cancel
		[]string{"mousemove", "600", "420"}, []string{"mousedown", "1"},
		[]string{"mousemove", "650", "420"}, []string{"mousemove", "700", "420"}, []string{"mouseup", "1"},
		[]string{"key", "1"},
	)
	w.quit()
	var shown struct {
		Text        string
		Annotations []struct {
			Start, End int
			Exact      string
		}
	}
	if err := json.Unmarshal([]byte(w.cli("show", article, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if len(shown.Annotations) != 1 {
		t.Fatalf("want the one annotation the digit made, got %+v\n%s", shown.Annotations, w.logs.String())
	}
	a := shown.Annotations[0]
	if a.Start == 0 || a.End-a.Start > 40 || a.End-a.Start < 3 {
		t.Fatalf("the digit tagged [%d, %d) %q: not the few words the plain drag selected", a.Start, a.End, a.Exact)
	}
}
