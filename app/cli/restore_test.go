package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/serve"
	"gloss.app/gloss/search"
)

// backedUp is a closed workspace with one article ("Geneva talks") in its backup
// (backups/before.db) and a second one ("Later") added after it.
func backedUp(t *testing.T) (dir, backup string) {
	t.Helper()
	dir, _ = workspaceWith(t)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	backup = filepath.Join(dir, annotate.BackupDir, "before.db")
	if err := ws.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddArticle(annotate.ArticleDraft{Title: "Later", Text: "Written after the backup."}); err != nil {
		t.Fatal(err)
	}
	return dir, backup
}

// titles are the workspace's article titles, read by `gloss articles`.
func titles(t *testing.T, dir string) string {
	t.Helper()
	code, out, errs := run(t, dir, "articles", "--json")
	if code != 0 {
		t.Fatalf("articles: %s", errs)
	}
	var names []string
	for _, a := range decode[[]struct{ Title string }](t, out) {
		names = append(names, a.Title)
	}
	return strings.Join(names, ",")
}

var keptTime = regexp.MustCompile(`before-restore-\d{8}T\d{6}`)

// Without a window, restore waits for the workspace like every command (--wait),
// refuses a bad backup at once without touching anything, and says where the replaced
// store is kept.
func TestRestoreWithoutWindow(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(bad, []byte("not a store"), 0o600)
	for _, tc := range []struct {
		name    string
		args    func(dir, backup string) []string
		holdFor time.Duration // another process holds the workspace this long (-1: never lets go)
		code    int
		out     string // regexp the output must match
		errs    string // regexp stderr must match ("" must be empty)
		titles  string // the articles afterwards
	}{
		{name: "free", args: func(dir, b string) []string { return []string{"restore", b} },
			out:    `^restored \S+before.db into \S+ \(the replaced store is kept as \S+/gloss.db.before-restore-\d{8}T\d{6}\); the search index will be rebuilt from it\n$`,
			titles: "Geneva talks"},
		{name: "relative to the command's folder", args: func(dir, b string) []string { return []string{"restore", "before.db"} },
			out: `^restored before.db into `, titles: "Geneva talks"},
		{name: "json", args: func(dir, b string) []string { return []string{"restore", b, "--json"} },
			out: `(?s)"backup": "\S+before.db",\s+"workspace": "\S+",\s+"kept": "\S+gloss.db.before-restore-`, titles: "Geneva talks"},
		{name: "held briefly", args: func(dir, b string) []string { return []string{"--wait", "10s", "restore", b} },
			holdFor: 2500 * time.Millisecond, out: `^restored `, errs: `^gloss: waiting for process \d+ \(gloss import\) to finish\n$`, titles: "Geneva talks"},
		{name: "held too long", args: func(dir, b string) []string { return []string{"--wait", "1200ms", "restore", b} },
			holdFor: -1, code: 1, errs: `waiting for process \d+ \(gloss import\) to finish\ngloss: workspace \S+ is in use by process \d+ \(gloss import\); gave up waiting after 1.2s \(--wait sets how long\)\n$`,
			titles: "Later,Geneva talks"},
		{name: "held, no wait", args: func(dir, b string) []string { return []string{"--wait", "0s", "restore", b} },
			holdFor: -1, code: 1, errs: `^gloss: workspace \S+ is in use by process \d+ \(gloss import\)\n$`, titles: "Later,Geneva talks"},
		{name: "not a store", args: func(dir, b string) []string { return []string{"restore", bad} },
			holdFor: -1, code: 1, errs: `^gloss: restore \S+notes.txt: not a readable Gloss store: .*\n$`, titles: "Later,Geneva talks"},
		{name: "missing", args: func(dir, b string) []string { return []string{"restore", "nowhere.db"} },
			code: 1, errs: `^gloss: restore \S+/backups/nowhere.db: no such file \(gloss backups lists the automatic ones\)\n$`, titles: "Later,Geneva talks"},
		{name: "no backup named", args: func(dir, b string) []string { return []string{"restore"} },
			code: 2, errs: `^gloss: restore takes one backup file`, titles: "Later,Geneva talks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, backup := backedUp(t)
			var held sync.WaitGroup
			if tc.holdFor != 0 {
				ws, err := annotate.Open(dir, annotate.Options{Holder: "gloss import"})
				if err != nil {
					t.Fatal(err)
				}
				if tc.holdFor < 0 {
					t.Cleanup(func() { ws.Close() })
				} else {
					held.Add(1)
					time.AfterFunc(tc.holdFor, func() { ws.Close(); held.Done() })
				}
			}
			code, out, errs := runIn(t, Env{Dir: filepath.Dir(backup)}, dir, tc.args(dir, backup)...)
			held.Wait()
			if code != tc.code || !regexp.MustCompile(tc.out).MatchString(out) ||
				(tc.errs == "" && errs != "") || !regexp.MustCompile(tc.errs).MatchString(errs) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
			}
			if tc.holdFor < 0 {
				return // still held: nothing changed, as the errors say
			}
			if got := titles(t, dir); got != tc.titles {
				t.Fatalf("articles %q, want %q", got, tc.titles)
			}
		})
	}
}

// restoringHost is a Host whose workspace is open in this process, as the window's is:
// it restores in place like the window, without the window.
type restoringHost struct {
	mu    sync.Mutex
	ws    *annotate.Workspace
	calls []string // the backups it was asked to restore
}

func (h *restoringHost) Workspace() *annotate.Workspace {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ws
}
func (h *restoringHost) Index() (*search.Index, error) { return nil, fmt.Errorf("no index") }
func (h *restoringHost) RebuildIndex(func(int, int)) (*search.Index, error) {
	return nil, fmt.Errorf("no index")
}

func (h *restoringHost) RestoreBackup(backup string, wait time.Duration, waiting func(string)) (annotate.Restored, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, backup)
	next, restored, err := h.ws.Restore(backup, annotate.Options{Holder: "the Gloss window"})
	if next != nil {
		h.ws = next
	}
	return restored, err
}

// plainHost has the workspace open but cannot restore it.
type plainHost struct{ ws *annotate.Workspace }

func (h plainHost) Workspace() *annotate.Workspace { return h.ws }
func (plainHost) Index() (*search.Index, error)    { return nil, fmt.Errorf("no index") }
func (plainHost) RebuildIndex(func(int, int)) (*search.Index, error) {
	return nil, fmt.Errorf("no index")
}

// Sent to a host that has the workspace open (through its socket, as to the window),
// restore prints the same line and exit status as without one; a bad backup is refused
// by the client before the host is asked anything; the host's workspace is the restored
// one afterwards.
func TestRestoreThroughHost(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "truncated.db")
	for _, tc := range []struct {
		name    string
		args    func(backup string) []string
		code    int
		asked   bool
		titles  string
		relWork bool // name the workspace relative to the command's folder
	}{
		{name: "restore", args: func(b string) []string { return []string{"restore", b} }, asked: true, titles: "Geneva talks"},
		{name: "relative names", args: func(b string) []string { return []string{"restore", "ws/backups/before.db"} }, asked: true, titles: "Geneva talks", relWork: true},
		{name: "json", args: func(b string) []string { return []string{"restore", "--json", b} }, asked: true, titles: "Geneva talks"},
		{name: "truncated", args: func(b string) []string { return []string{"restore", bad} }, code: 1, titles: "Later,Geneva talks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Alone: the reference output.
			aloneDir, aloneBackup := backedUp(t)
			good, _ := os.ReadFile(aloneBackup)
			os.WriteFile(bad, good[:len(good)/3], 0o600)
			name := func(dir string) string {
				if tc.relWork {
					return "ws"
				}
				return dir
			}
			t.Chdir(filepath.Dir(aloneDir)) // a relative --workspace is the process's
			aloneCode, aloneOut, aloneErrs := runIn(t, Env{Dir: filepath.Dir(aloneDir)}, name(aloneDir), tc.args(aloneBackup)...)

			dir, backup := backedUp(t)
			ws, err := annotate.Open(dir, annotate.Options{Holder: "the Gloss window"})
			if err != nil {
				t.Fatal(err)
			}
			host := &restoringHost{ws: ws}
			t.Cleanup(func() { host.Workspace().Close() })
			srv, err := serve.Listen(dir, func(call *serve.Call) int {
				return Env{Stdin: call.Stdin, Stdout: call.Stdout, Stderr: call.Stderr, Dir: call.Dir, Host: host}.Run(call.Args)
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close(time.Second) })
			t.Chdir(filepath.Dir(dir))
			code, out, errs := runIn(t, Env{Dir: filepath.Dir(dir)}, name(dir), tc.args(backup)...)

			norm := func(s, dir string) string {
				return keptTime.ReplaceAllString(strings.ReplaceAll(s, dir, "DIR"), "before-restore-T")
			}
			if code != tc.code || code != aloneCode || norm(out, dir) != norm(aloneOut, aloneDir) || norm(errs, dir) != norm(aloneErrs, aloneDir) {
				t.Fatalf("through the host: %d %q %q\nalone:            %d %q %q", code, out, errs, aloneCode, aloneOut, aloneErrs)
			}
			if asked := len(host.calls) > 0; asked != tc.asked {
				t.Fatalf("the host was asked %v", host.calls)
			}
			if got := titlesOf(t, host.Workspace()); got != tc.titles {
				t.Fatalf("the host's workspace holds %q, want %q", got, tc.titles)
			}
		})
	}
	// A host that cannot restore says so in one line.
	dir, backup := backedUp(t)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var out, errs bytes.Buffer
	code := Env{Stdout: &out, Stderr: &errs, Host: plainHost{ws: ws}}.Run([]string{"restore", backup})
	if code != 1 || !strings.Contains(errs.String(), "cannot restore it; close it and run the command again") {
		t.Fatalf("a host that cannot restore: %d %q", code, errs.String())
	}
}

func titlesOf(t *testing.T, ws *annotate.Workspace) string {
	t.Helper()
	arts, err := ws.Articles()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range arts {
		names = append(names, a.Title)
	}
	return strings.Join(names, ",")
}

// `gloss backup FILE` sent to a host writes the file in the command's folder, and
// prints what it prints without one.
func TestBackupFileThroughHostIsTheClients(t *testing.T) {
	dir, _ := workspaceWith(t)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	host := &restoringHost{ws: ws}
	defer ws.Close()
	cwd := t.TempDir()
	var out, errs bytes.Buffer
	code := Env{Stdout: &out, Stderr: &errs, Dir: cwd, Host: host}.Run([]string{"backup", "copy.db"})
	if code != 0 || out.String() != "copy.db\n" || errs.Len() != 0 {
		t.Fatalf("backup through the host: %d %q %q", code, out.String(), errs.String())
	}
	if err := annotate.CheckBackup(filepath.Join(cwd, "copy.db")); err != nil {
		t.Fatalf("the backup is not in the client's folder: %v", err)
	}
}
