package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
	"gloss.app/gloss/app/serve/wire"
)

// window is the real gloss binary's window on a workspace, under Xvfb.
type window struct {
	cmd  *exec.Cmd
	logs *bytes.Buffer
	done chan error
}

// startWindow runs the window on dir and waits until it serves the command line with
// its article open.
func startWindow(t testing.TB, bin string, env []string, dir string) *window {
	t.Helper()
	w := &window{cmd: exec.Command(bin, "--workspace", dir), logs: &bytes.Buffer{}, done: make(chan error, 1)}
	w.cmd.Env = env
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- w.cmd.Wait() }()
	t.Cleanup(func() {
		w.cmd.Process.Kill()
		<-w.done
	})
	waitFor(t, 60*time.Second, "the window to serve its workspace", func() bool {
		select {
		case err := <-w.done:
			w.done <- err
			t.Fatalf("the window exited: %v\n%s", err, w.logs)
		default:
		}
		st, err := windowState(dir)
		return err == nil && st.Article != ""
	})
	return w
}

// terminate closes the window as the desktop does at log-out (SIGTERM) and waits for a
// clean exit.
func (w *window) terminate(t testing.TB) {
	t.Helper()
	w.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-w.done:
		w.done <- err
		if err != nil {
			t.Fatalf("the window exited with %v\n%s", err, w.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the window did not close on SIGTERM")
	}
}

// windowState asks the window what it shows.
func windowState(dir string) (WindowState, error) {
	var st WindowState
	conn, err := wire.Dial(dir)
	if err != nil {
		return st, err
	}
	var out bytes.Buffer
	if _, err := conn.Do(wire.Request{Workspace: dir, Debug: "state"}, nil, &out, &out); err != nil {
		return st, err
	}
	return st, json.Unmarshal(out.Bytes(), &st)
}

// glossCmd runs the binary as a script would and returns its exit status and output.
func glossCmd(bin string, env []string, args ...string) (int, string, string) {
	return glossIn(bin, env, "", args...)
}

// sentences is an article text of n numbered sentences, each at a known offset.
func sentences(n int) (text string, starts []int) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		starts = append(starts, len([]rune(b.String())))
		fmt.Fprintf(&b, "Report %03d: shelling near the substation continued overnight. ", i)
	}
	return b.String(), starts
}

// The real window under Xvfb serves four scripts running 50 `gloss annotate` and
// `gloss search` each, side by side: every command exits 0, and every annotation is in
// the store and in the window's annotation list.
func TestRealWindowServesParallelScripts(t *testing.T) {
	_, env := startXvfb(t)
	bin := glossBinary(t)
	const scripts, perScript = 4, 50
	text, starts := sentences(scripts * perScript)
	var articleID string
	dir := wstest.Closed(t, func(ws *annotate.Workspace) {
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Shelling reports", Source: "Desk", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		articleID = res.Article.ID
	})
	w := startWindow(t, bin, env, dir)

	// Each script annotates its own sentences ("Report NNN") and searches after each.
	var wg sync.WaitGroup
	outputs := make([]string, scripts)
	for k := 0; k < scripts; k++ {
		var sb strings.Builder
		fmt.Fprintf(&sb, "set -u\n")
		for i := 0; i < perScript; i++ {
			s := starts[k*perScript+i]
			fmt.Fprintf(&sb, "%q --workspace %q annotate %s --start %d --end %d --tag 'Energy attacks' || { echo \"annotate %d failed: $?\" >&2; exit 1; }\n",
				bin, dir, articleID, s, s+10, i)
			fmt.Fprintf(&sb, "%q --workspace %q search substation >/dev/null || { echo \"search %d failed: $?\" >&2; exit 1; }\n", bin, dir, i)
		}
		path := filepath.Join(t.TempDir(), fmt.Sprintf("script%d.sh", k))
		os.WriteFile(path, []byte(sb.String()), 0o755)
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			cmd := exec.Command("sh", path)
			cmd.Env = env
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil {
				t.Errorf("script %d: %v: %s", k, err, errb.String())
			}
			outputs[k] = out.String()
		}(k)
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	var made []string
	for _, out := range outputs {
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			id, _, _ := strings.Cut(line, "\t")
			made = append(made, id)
		}
	}
	if len(made) != scripts*perScript {
		t.Fatalf("the scripts printed %d annotations, want %d", len(made), scripts*perScript)
	}
	// The store (read through the window by `gloss show`) holds every one.
	code, out, errs := glossCmd(bin, env, "--workspace", dir, "show", articleID, "--json")
	if code != 0 {
		t.Fatalf("show: %d %s", code, errs)
	}
	var shown struct{ Annotations []struct{ ID string } }
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, a := range shown.Annotations {
		stored = append(stored, a.ID)
	}
	slices.Sort(made)
	slices.Sort(stored)
	if !slices.Equal(made, stored) {
		t.Fatalf("the store holds %d annotations, the scripts made %d", len(stored), len(made))
	}
	// The window's annotation list shows every one (it follows within a moment).
	var st WindowState
	waitFor(t, 20*time.Second, "the window's list to show every annotation", func() bool {
		var err error
		st, err = windowState(dir)
		listed := append([]string(nil), st.Annotations...)
		slices.Sort(listed)
		return err == nil && slices.Equal(listed, stored)
	})
	if !strings.Contains(st.Counts, fmt.Sprintf("%d annotations", len(stored))) {
		t.Errorf("the status bar counts %q", st.Counts)
	}
	// Closed, the window leaves a store with every annotation.
	w.terminate(t)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	anns, _ := ws.Annotations(articleID)
	if len(anns) != scripts*perScript {
		t.Fatalf("after the window closed the store holds %d annotations", len(anns))
	}
}

// A second launch brings the window forward and exits 0; a SIGKILLed window leaves a
// workspace that the next command and the next window open without any manual step.
func TestRealWindowSecondLaunchAndKill(t *testing.T) {
	_, env := startXvfb(t)
	bin := glossBinary(t)
	dir := filepath.Join(t.TempDir(), "ws")
	w := startWindow(t, bin, env, dir)
	code, _, errs := glossCmd(bin, env, "--workspace", dir)
	if code != 0 || !strings.Contains(errs, "brought to the front") {
		t.Fatalf("second launch: exit %d, %q", code, errs)
	}
	w.cmd.Process.Kill()
	<-w.done
	w.done <- nil
	if _, err := os.Stat(wire.SocketPath(dir)); err != nil {
		t.Fatalf("the killed window's socket should be left behind: %v", err)
	}
	start := time.Now()
	code, out, errs := glossCmd(bin, env, "--workspace", dir, "articles")
	if code != 0 || strings.Count(out, "\n") != 3 || time.Since(start) > 5*time.Second {
		t.Fatalf("after the kill: exit %d in %s, %q %q", code, time.Since(start), out, errs)
	}
	startWindow(t, bin, env, dir)
	if code, out, _ := glossCmd(bin, env, "--workspace", dir, "articles"); code != 0 || strings.Count(out, "\n") != 3 {
		t.Fatalf("through the new window: %d %q", code, out)
	}
}
