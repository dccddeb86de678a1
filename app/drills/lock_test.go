package drills

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/cli"
	"gloss.app/gloss/search"
)

func init() {
	children["gui"] = guiChild
	children["cli"] = cliChild
	children["indexholder"] = indexHolderChild
}

// guiChild opens the workspace the way the GUI does (store, then index), says
// "open PID", and keeps annotating until its stdin closes; then it says "wrote N".
func guiChild() int {
	dir := os.Getenv("GLOSS_DRILL_DIR")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		fmt.Println("error", oneLine(err.Error()))
		return 1
	}
	defer ws.Close()
	ix, err := search.Open(ws, nil)
	if err != nil {
		fmt.Println("error", oneLine(err.Error()))
		return 1
	}
	defer ix.Close()
	arts, _ := ws.Articles()
	cb, _ := ws.Codebook()
	fmt.Println("open", os.Getpid())
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(done) }()
	n := 0
	for {
		select {
		case <-done:
			fmt.Println("wrote", n)
			return 0
		default:
		}
		a := arts[n%len(arts)]
		if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: 0, End: 10, TagIDs: []string{cb.Tags()[0].ID}, Note: strconv.Itoa(n)}); err != nil {
			fmt.Println("error", oneLine(err.Error()))
			return 1
		}
		n++
		time.Sleep(5 * time.Millisecond)
	}
}

// cliChild runs the gloss command line given in GLOSS_DRILL_ARGS (fields separated by
// newlines) and exits with its status.
func cliChild() int {
	return cli.Main(strings.Split(os.Getenv("GLOSS_DRILL_ARGS"), "\n"), strings.NewReader(""), os.Stdout, os.Stderr)
}

// indexHolderChild opens a bleve index of the index folder directly (its annotations
// part, holding its bbolt lock, as a stuck process would), says "open", and waits for
// stdin to close.
func indexHolderChild() int {
	idx, err := bleve.Open(filepath.Join(os.Getenv("GLOSS_DRILL_INDEX"), "annotations"))
	if err != nil {
		fmt.Println("error", oneLine(err.Error()))
		return 1
	}
	fmt.Println("open")
	io.Copy(io.Discard, os.Stdin)
	idx.Close()
	return 0
}

// TestTwoProcesses: while another process has the workspace open and writes (without
// serving it: a command line, or a window that cannot), gloss commands from a second
// process wait for it, say after a second what they wait for, and give up after --wait
// with "workspace DIR is in use by process N"; one waiting when the holder closes goes
// on. Afterwards the workspace holds everything both wrote.
func TestTwoProcesses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	buildWorkspace(t, dir, 3, 5, 21)
	gui := child("gui", "GLOSS_DRILL_DIR="+dir)
	stdin, err := gui.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	lines, err := lineReader(gui)
	if err != nil {
		t.Fatal(err)
	}
	if err := gui.Start(); err != nil {
		t.Fatal(err)
	}
	defer gui.Process.Kill()
	first := <-lines
	if !strings.HasPrefix(first, "open ") {
		t.Fatalf("the GUI process says %q", first)
	}
	pid := strings.TrimPrefix(first, "open ")
	src := filepath.Join(t.TempDir(), "extra.txt")
	os.WriteFile(src, []byte("An extra report about the convoy at the harbour.\n"), 0o644)
	want := fmt.Sprintf("gloss: waiting for process %s to finish\n"+
		"gloss: workspace %s is in use by process %s; gave up waiting after 1.5s (--wait sets how long)\n", pid, dir, pid)
	for _, args := range [][]string{{"articles"}, {"import", src}, {"undo"}, {"reindex"}} {
		cmd := child("cli", "GLOSS_DRILL_ARGS="+strings.Join(append([]string{"--workspace", dir, "--wait", "1500ms"}, args...), "\n"))
		cmd.Stderr = nil
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err == nil {
			t.Errorf("gloss %s succeeded while the GUI holds the workspace", args[0])
		}
		if string(out) != want {
			t.Errorf("gloss %s says %q, want %q", args[0], out, want)
		}
		if took < 1500*time.Millisecond || took > 5*time.Second {
			t.Errorf("gloss %s gave up after %s, want 1.5 s", args[0], took)
		}
	}
	// A command that starts while the holder writes runs once it lets go.
	waiter := child("cli", "GLOSS_DRILL_ARGS="+strings.Join([]string{"--workspace", dir, "articles"}, "\n"))
	waiter.Stderr = nil
	waited := make(chan error, 1)
	var waiterOut []byte
	go func() {
		var err error
		waiterOut, err = waiter.CombinedOutput()
		waited <- err
	}()
	time.Sleep(300 * time.Millisecond)
	stdin.Close()
	if err := <-waited; err != nil || len(waiterOut) == 0 {
		t.Errorf("the waiting command: %v %q", err, waiterOut)
	}
	var wrote int
	for l := range lines {
		if n, ok := strings.CutPrefix(l, "wrote "); ok {
			wrote, _ = strconv.Atoi(n)
		}
	}
	if err := gui.Wait(); err != nil {
		t.Fatalf("the GUI process: %v", err)
	}
	cmd := child("cli", "GLOSS_DRILL_ARGS="+strings.Join([]string{"--workspace", dir, "import", src}, "\n"))
	cmd.Stderr = nil
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gloss import after the GUI closed: %v %s", err, out)
	}
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := checkConsistent(ws); err != nil {
		t.Fatal(err)
	}
	arts, anns := ws.Counts()
	if arts != 4 || anns != 5+wrote {
		t.Errorf("the workspace holds %d articles and %d annotations, want 4 and %d", arts, anns, 5+wrote)
	}
	ix, err := search.Open(ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := checkSearchAgrees(ws, ix); err != nil {
		t.Error(err)
	}
}

// TestIndexLockDoesNotHang: an index folder held by another process (outside the
// workspace lock) makes search.Open give up with ErrInUse after its bolt timeout instead
// of waiting forever, and the store stays usable.
func TestIndexLockDoesNotHang(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	buildWorkspace(t, dir, 2, 3, 22)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ix, err := search.Open(ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	holder := child("indexholder", "GLOSS_DRILL_INDEX="+ws.IndexDir())
	stdin, _ := holder.StdinPipe()
	lines, _ := lineReader(holder)
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); holder.Wait() }()
	if l := <-lines; l != "open" {
		t.Fatalf("the holder says %q", l)
	}
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		ix, err := search.Open(ws, nil)
		if err == nil {
			ix.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, search.ErrInUse) {
			t.Errorf("search.Open of a held index: %v, want ErrInUse", err)
		}
		t.Logf("search.Open gave up after %s: %v", time.Since(start).Round(time.Millisecond), err)
	case <-time.After(15 * time.Second):
		t.Fatal("search.Open hangs on an index held by another process")
	}
	if _, err := ws.Articles(); err != nil {
		t.Errorf("the store after the index gave up: %v", err)
	}
}
