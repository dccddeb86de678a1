//go:build linux

package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// readOnlyEnv names, in the child process of TestReadOnlyWorkspace, the workspace to check.
const readOnlyEnv = "GLOSS_TEST_READONLY_WORKSPACE"

// A workspace this user may not write (folder and store file without write permission)
// opens read-only: articles, show, search and export work; every change is refused with
// one line saying why. The tests run as root, who may write anything, so the checks run
// in a child test process under the unprivileged user nobody.
func TestReadOnlyWorkspace(t *testing.T) {
	if dir := os.Getenv(readOnlyEnv); dir != "" {
		checkReadOnlyWorkspace(t, dir)
		return
	}
	root := t.TempDir()
	t.Cleanup(func() { chmodTree(root, 0o755, 0o644) }) // so that the folder can be removed
	dir := filepath.Join(root, "ws")
	sample := exportSampleDir(t)
	if err := os.CopyFS(dir, os.DirFS(sample)); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "index")) // the reader has to build its own
	chmodTree(dir, 0o555, 0o444)
	for _, p := range []string{root, filepath.Dir(root)} { // t.TempDir makes both private
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() != 0 {
		checkReadOnlyWorkspace(t, dir)
		return
	}
	// As root: run this test again in a child process as nobody, with a test binary and
	// a cache folder nobody can reach.
	bin := filepath.Join(root, "cli.test")
	copyExecutable(t, os.Args[0], bin)
	cache := filepath.Join(root, "cache")
	os.Mkdir(cache, 0o777)
	os.Chmod(cache, 0o777)
	for p := root; p != "/"; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o001 == 0 {
			t.Skipf("SKIPPED: %s is not reachable by other users, so the check cannot run as nobody", p)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyWorkspace$", "-test.v", "-test.count=1")
	cmd.Dir = cache
	cmd.Env = []string{readOnlyEnv + "=" + dir, "HOME=" + cache, "XDG_CACHE_HOME=" + cache, "LANG=en_US.UTF-8", "PATH=/usr/bin:/bin"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyWorkspace") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

func checkReadOnlyWorkspace(t *testing.T, dir string) {
	if f, err := os.OpenFile(filepath.Join(dir, "gloss.db"), os.O_RDWR, 0); err == nil {
		f.Close()
		t.Fatal("test setup: this user may write the store")
	}
	code, out, stderr := run(t, dir, "articles", "--json")
	arts := decode[[]map[string]any](t, out)
	if code != ExitOK || len(arts) != 3 || stderr != "" {
		t.Fatalf("articles: exit %d, %d articles, stderr %q", code, len(arts), stderr)
	}
	id := arts[0]["id"].(string)
	for _, args := range [][]string{
		{"show", id},
		{"tags"},
		{"search", "energy"},
		{"export", "--format", "w3c"},
		{"export", "--with-text"},
		{"stats"},
	} {
		code, out, stderr := run(t, dir, args...)
		if code != ExitOK || out == "" || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	user := "nobody"
	if os.Geteuid() != 65534 {
		user = fmt.Sprint(os.Geteuid())
	}
	file := filepath.Join(os.Getenv("HOME"), "set.json")
	os.WriteFile(file, []byte(`{"type":"Annotation","body":{"type":"TextualBody","purpose":"tagging","value":"Corruption"},"target":{"source":"urn:x","selector":{"type":"TextQuoteSelector","exact":"the"}}}`), 0o644)
	for _, args := range [][]string{
		{"annotate", id, "--start", "0", "--end", "4", "--tag", "Corruption"},
		{"undo"},
		{"tag", "add", "Shelling"},
		{"tag", "delete", "Corruption"},
		{"import-annotations", file},
		{"author", "someone"},
	} {
		code, out, stderr := run(t, dir, args...)
		want := fmt.Sprintf("workspace %s is read-only: ", dir)
		if code != ExitFailed || !strings.HasPrefix(stderr, "gloss: ") || !strings.Contains(stderr, want) || !strings.HasSuffix(stderr, "; nothing was changed\n") ||
			strings.Count(stderr, "\n") != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want one line saying %q", args, code, out, stderr, want)
		}
		if user == "nobody" && !strings.Contains(stderr, "user nobody may not write its store file "+filepath.Join(dir, "gloss.db")) {
			t.Errorf("%v: %q does not say who may not write what", args, stderr)
		}
	}
}

// chmodTree sets the permissions of every folder and file under root.
func chmodTree(root string, dirs, files os.FileMode) {
	var paths []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			paths = append(paths, p)
		}
		return nil
	})
	// Files first, folders last and deepest first, so that a folder made read-only does
	// not stop the walk below it.
	for i := len(paths) - 1; i >= 0; i-- {
		if st, err := os.Lstat(paths[i]); err == nil {
			if st.IsDir() {
				os.Chmod(paths[i], dirs)
			} else {
				os.Chmod(paths[i], files)
			}
		}
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
