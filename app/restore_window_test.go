package app

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// glossIn runs the binary as a script in folder cwd would ("" this process's) and
// returns its exit status and output.
func glossIn(bin string, env []string, cwd string, args ...string) (int, string, string) {
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Dir = env, cwd
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	code := 0
	if err := cmd.Run(); err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	return code, out.String(), errb.String()
}

// The real window under Xvfb: `gloss backup FILE` writes the file in the script's
// folder; `gloss restore FILE` run as a process is carried out by the window, which then
// shows the restored workspace's articles, and the next `gloss articles --json` lists
// the restored content. A bad backup is refused and the window goes on.
func TestRealWindowRestore(t *testing.T) {
	display, env := startXvfb(t)
	bin := glossBinary(t)
	dir := wstest.Closed(t, func(ws *annotate.Workspace) {
		if _, err := ws.AddArticle(annotate.ArticleDraft{Title: "Kept by the backup", Source: "Desk", Text: "Shelling near the substation continued overnight."}); err != nil {
			t.Fatal(err)
		}
	})
	w := startWindow(t, bin, env, dir)
	cwd := t.TempDir()
	if code, out, errs := glossIn(bin, env, cwd, "--workspace", dir, "backup", "desk.db"); code != 0 || out != "desk.db\n" {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	if err := annotate.CheckBackup(filepath.Join(cwd, "desk.db")); err != nil {
		t.Fatalf("the backup is not in the script's folder: %v", err)
	}
	os.WriteFile(filepath.Join(cwd, "later.txt"), []byte("Lost by the restore\n\nWritten after the backup."), 0o644)
	if code, _, errs := glossIn(bin, env, cwd, "--workspace", dir, "import", "later.txt"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	waitFor(t, 20*time.Second, "the window to list the import", func() bool {
		st, err := windowState(dir)
		return err == nil && st.Library == 2
	})
	// A truncated backup is refused with one line; the window keeps its workspace.
	good, _ := os.ReadFile(filepath.Join(cwd, "desk.db"))
	os.WriteFile(filepath.Join(cwd, "cut.db"), good[:len(good)/2], 0o600)
	code, out, errs := glossIn(bin, env, cwd, "--workspace", dir, "restore", "cut.db")
	if code != 1 || out != "" || !regexp.MustCompile(`^gloss: restore \S+/cut.db: not a readable Gloss store: [^\n]+\n$`).MatchString(errs) {
		t.Fatalf("restore of a truncated backup: %d %q %q", code, out, errs)
	}
	if st, err := windowState(dir); err != nil || st.Library != 2 {
		t.Fatalf("after the refusal the window shows %+v (%v)", st, err)
	}

	code, out, errs = glossIn(bin, env, cwd, "--workspace", dir, "restore", "desk.db")
	if code != 0 || errs != "" || !regexp.MustCompile(`^restored desk.db into \S+ \(the replaced store is kept as \S+/gloss.db.before-restore-\d{8}T\d{6}\); the search index will be rebuilt from it\n$`).MatchString(out) {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	var st WindowState
	waitFor(t, 30*time.Second, "the window to show the restored workspace", func() bool {
		var err error
		st, err = windowState(dir)
		return err == nil && st.Library == 1 && st.Article != ""
	})
	if !strings.HasPrefix(st.Status, "Restored desk.db") || !strings.Contains(st.Counts, "1 article") {
		t.Errorf("the window says %q, counts %q", st.Status, st.Counts)
	}
	if shot := os.Getenv("GLOSS_RESTORE_SCREENSHOT"); shot != "" {
		exec.Command("import", "-display", display, "-window", "root", shot).Run() // to look at it
	}
	code, out, errs = glossIn(bin, env, cwd, "--workspace", dir, "articles", "--json")
	var arts []struct{ Title string }
	if code != 0 || json.Unmarshal([]byte(out), &arts) != nil || len(arts) != 1 || arts[0].Title != "Kept by the backup" {
		t.Fatalf("articles after the restore: %d %q %q", code, out, errs)
	}
	code, out, _ = glossIn(bin, env, cwd, "--workspace", dir, "search", "--articles", "substation")
	if code != 0 || !strings.Contains(out, "Kept by the backup") {
		t.Fatalf("search after the restore: %d %q", code, out)
	}
	// Closed, the window leaves the restored store.
	w.terminate(t)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if n, _ := ws.Counts(); n != 1 {
		t.Fatalf("after the window closed the store holds %d articles", n)
	}
	if kept, _ := filepath.Glob(filepath.Join(dir, annotate.StoreFile+".before-restore-*")); len(kept) != 1 {
		t.Fatalf("the replaced store is not kept: %v", kept)
	}
}
