package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/cli"
	"gloss.app/gloss/app/serve"
	"gloss.app/gloss/app/serve/wire"
	"gloss.app/gloss/search"
)

// served is a workspace with the window on it serving the command line, in this process.
type served struct {
	wb  *Workbench
	dir string
	srv *serve.Server
}

func serveWorkbench(t *testing.T, dir string) *served {
	t.Helper()
	ws, err := OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	wb := NewWorkbench(test.NewTempApp(t), ws, async.Inline())
	t.Cleanup(func() { wb.Shutdown(time.Minute) })
	srv, err := serve.Listen(ws.Dir(), wb.ServeCall)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(time.Minute) })
	return &served{wb: wb, dir: ws.Dir(), srv: srv}
}

// gloss runs a command line as the gloss binary would (cli.Main), in folder cwd.
func gloss(t *testing.T, cwd, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Dir: cwd}
	code := env.Run(args)
	return code, out.String(), errb.String()
}

// The same command lines print the same bytes and exit the same way, whether the window
// carries them out or the command opens the workspace itself; relative paths are the
// client's.
func TestCommandsThroughWindowPrintTheSame(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	ws, err := OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := ws.Articles()
	ws.Close()
	cwd := t.TempDir()
	os.WriteFile(filepath.Join(cwd, "again.txt"), []byte("A short report.\n\nNothing else."), 0o644)
	id := arts[0].ID
	lines := [][]string{
		{"articles"}, {"articles", "--json"}, {"show", id}, {"show", id[:8], "--json"}, {"tags"}, {"tags", "--json"},
		{"search", "substations"}, {"search", "--json", `tag:"Energy attacks"`}, {"search", "tag:("},
		{"stats"}, {"export", "--format", "csv"}, {"show", "no-such-article"}, {"annotate", id},
		{"import", "missing.txt"}, {"frobnicate"}, {"import", "again.txt"}, {"import", "again.txt"},
	}
	type result struct {
		code     int
		out, err string
	}
	var alone []result
	for _, l := range lines {
		code, out, errs := gloss(t, cwd, "", append([]string{"--workspace", dir}, l...)...)
		alone = append(alone, result{code, out, errs})
	}
	// The first import made an article the second one finds; start the window's run from
	// the same store: undo the import made alone.
	if code, _, errs := gloss(t, cwd, "", "--workspace", dir, "undo"); code != 0 {
		t.Fatalf("undo: %s", errs)
	}
	s := serveWorkbench(t, dir)
	for i, l := range lines {
		code, out, errs := gloss(t, cwd, "", append([]string{"--workspace", dir}, l...)...)
		got, want := result{code, out, errs}, alone[i]
		if l[0] == "import" && l[1] == "again.txt" && code == 0 {
			// A new article gets a new id: compare without it.
			got.out, want.out = stripID(got.out), stripID(want.out)
		}
		if got != want {
			t.Errorf("gloss %s\nthrough the window: %d %q %q\nalone:              %d %q %q", strings.Join(l, " "),
				got.code, got.out, got.err, want.code, want.out, want.err)
		}
	}
	if !strings.Contains(alone[13].err, filepath.Join(cwd, "missing.txt")) {
		t.Errorf("a relative path is not the client's: %q", alone[13].err)
	}
	if s.wb.library.All()[0].Title != "A short report." {
		t.Errorf("the window's library does not show the import: %q", s.wb.library.All()[0].Title)
	}
}

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// stripID drops the ids of articles the two runs made each for themselves.
func stripID(s string) string { return uuidPattern.ReplaceAllString(s, "ID") }

// A command from the command line shows in the window at once (library, list, reader,
// counts, palette, status) and is on the window's undo history; stdin reaches it.
func TestWindowFollowsCommandLine(t *testing.T) {
	s := serveWorkbench(t, filepath.Join(t.TempDir(), "ws"))
	wb := s.wb
	art := openByTitle(t, wb, "Overnight strikes")
	before := len(wb.annotations)
	code, out, errs := gloss(t, "", "", "--workspace", s.dir, "annotate", art.ID, "--quote", "rolling blackouts", "--tag", "Energy attacks")
	if code != 0 {
		t.Fatalf("annotate: %d %s", code, errs)
	}
	id, _, _ := strings.Cut(out, "\t")
	if len(wb.annotations) != before+1 || wb.notes.Len() != before+1 {
		t.Fatalf("the window lists %d (%d in the list), want %d", len(wb.annotations), wb.notes.Len(), before+1)
	}
	if _, ok := wb.annotation(id); !ok {
		t.Fatalf("annotation %s is not in the window", id)
	}
	if hs := wb.highlights(); len(hs) != len(wb.annotations)-orphans(wb) {
		t.Errorf("%d highlights for %d annotations", len(hs), len(wb.annotations))
	}
	if !strings.Contains(wb.status.counts.Text, fmt.Sprintf("%d annotations", totalAnnotations(t, wb))) {
		t.Errorf("counts %q", wb.status.counts.Text)
	}
	if !strings.HasPrefix(wb.status.message.Text, "Tagged 'Energy attacks'") {
		t.Errorf("status %q", wb.status.message.Text)
	}
	// The editor open on it closes when the command line deletes it by undo.
	wb.SelectAnnotation(id, false)
	if code, out, _ := gloss(t, "", "", "--workspace", s.dir, "undo"); code != 0 || !strings.HasPrefix(out, "Undid: Tagged") {
		t.Fatalf("undo: %d %q", code, out)
	}
	if wb.editor.ID() != "" || len(wb.annotations) != before {
		t.Fatalf("after undo from the command line: editor on %q, %d annotations", wb.editor.ID(), len(wb.annotations))
	}
	// The window's redo brings back what the command line did.
	wb.Redo()
	if _, err := wb.ws.Annotation(id); err != nil {
		t.Fatal("the window's redo did not bring back the command line's annotation")
	}
	// stdin is streamed: an article piped in shows in the library.
	code, _, errs = gloss(t, "", "Piped text about the harbour.", "--workspace", s.dir, "import", "-", "--title", "Piped")
	if code != 0 {
		t.Fatalf("import -: %s", errs)
	}
	if wb.library.All()[0].Title != "Piped" {
		t.Fatalf("library starts with %q", wb.library.All()[0].Title)
	}
	// The window's search follows: the shown results include the new article.
	searchFor(t, wb, "harbour")
	if wb.searchView.Total() != 1 {
		t.Fatalf("search for the piped article: %d hits", wb.searchView.Total())
	}
}

func orphans(wb *Workbench) int {
	n := 0
	for _, a := range wb.annotations {
		if a.State == annotate.Orphaned {
			n++
		}
	}
	return n
}

func totalAnnotations(t *testing.T, wb *Workbench) int {
	_, n := wb.ws.Counts()
	return n
}

// reindex through the window rebuilds the window's index; focus and the debug state
// answer; a call for another workspace is refused.
func TestWindowCallsReindexFocusState(t *testing.T) {
	s := serveWorkbench(t, filepath.Join(t.TempDir(), "ws"))
	code, out, errs := gloss(t, "", "", "--workspace", s.dir, "reindex", "--json")
	if code != 0 || !strings.Contains(out, `"documents": 13`) {
		t.Fatalf("reindex: %d %q %q", code, out, errs)
	}
	if res, err := s.wb.Search(searchRequest("substations")); err != nil || res.Total == 0 {
		t.Fatalf("search after the rebuild: %v", err)
	}
	conn, err := wire.Dial(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if code, err := conn.Do(wire.Request{Workspace: s.dir, Debug: "state"}, nil, &buf, &buf); err != nil || code != 0 {
		t.Fatalf("state: %d %v", code, err)
	}
	var st WindowState
	if err := json.Unmarshal(buf.Bytes(), &st); err != nil || st.Article != s.wb.current.ID || len(st.Annotations) != len(s.wb.annotations) || st.Library != 3 {
		t.Fatalf("state %+v (%v)", st, err)
	}
	conn, _ = wire.Dial(s.dir)
	if code, err := conn.Do(wire.Request{Workspace: s.dir, Focus: true}, nil, &buf, &buf); err != nil || code != 0 {
		t.Fatalf("focus: %d %v", code, err)
	}
	conn, _ = wire.Dial(s.dir)
	buf.Reset()
	if code, _ := conn.Do(wire.Request{Workspace: t.TempDir(), Args: []string{"articles"}}, nil, &buf, &buf); code != 1 || !strings.Contains(buf.String(), "has "+s.dir+" open") {
		t.Fatalf("another workspace: %d %q", code, buf.String())
	}
}

func searchRequest(q string) search.Request {
	return search.Request{Query: q, Limit: 10, Articles: true}
}
