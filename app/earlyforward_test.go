package app

import (
	"bytes"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// The real binary hands a command to the open window before its libraries initialise
// (package forward): the same command lines print the same bytes and exit the same way
// as without a window, stdin and relative paths included; the lines it cannot settle
// early (a bad --wait, a command's own --workspace) take the usual way, which also ends
// in the window.
func TestRealWindowEarlyForwardPrintsTheSame(t *testing.T) {
	_, env := startXvfb(t)
	bin := glossBinary(t)
	var id string
	dir := wstest.Closed(t, func(ws *annotate.Workspace) {
		if err := ws.AddSamples(); err != nil {
			t.Fatal(err)
		}
		arts, _ := ws.Articles()
		id = arts[0].ID
	})
	cwd := t.TempDir()
	type line struct {
		args  []string
		stdin string
	}
	lines := []line{
		{args: []string{"articles"}}, {args: []string{"articles", "--json"}}, {args: []string{"show", id[:8], "--json"}},
		{args: []string{"tags", "--json"}}, {args: []string{"search", "substations"}}, {args: []string{"search", "tag:("}},
		{args: []string{"stats"}}, {args: []string{"export", "--format", "csv"}}, {args: []string{"show", "no-such-article"}},
		{args: []string{"annotate", id}}, {args: []string{"frobnicate"}}, {args: []string{"import", "missing.txt"}},
		{args: []string{"import", "-", "--source", "Desk"}, stdin: "A short report.\n\nNothing else at all."},
		{args: []string{"--wait", "soon", "articles"}}, {args: []string{"articles", "--workspace", dir}},
	}
	type result struct {
		code     int
		out, err string
	}
	run := func(l line) result {
		t.Helper()
		args := l.args
		if args[0] != "--wait" {
			args = append([]string{"--workspace", dir}, args...)
		}
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir, cmd.Stdin = env, cwd, strings.NewReader(l.stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		code := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatal(err)
			}
			code = ee.ExitCode()
		}
		return result{code, stripID(out.String()), errb.String()}
	}
	var alone []result
	for _, l := range lines {
		alone = append(alone, run(l))
	}
	if alone[12].code != 0 || !strings.Contains(alone[11].err, filepath.Join(cwd, "missing.txt")) {
		t.Fatalf("alone: import from stdin %+v, a relative path %+v", alone[12], alone[11])
	}
	if code, _, errs := glossCmd(bin, env, "--workspace", dir, "undo"); code != 0 { // the import from stdin
		t.Fatalf("undo: %s", errs)
	}
	startWindow(t, bin, env, dir)
	for i, l := range lines {
		if got := run(l); got != alone[i] {
			t.Errorf("gloss %s\nthrough the window: %d %q %q\nalone:              %d %q %q", strings.Join(l.args, " "),
				got.code, got.out, got.err, alone[i].code, alone[i].out, alone[i].err)
		}
	}
	// Handed over early: the process never initialised the JSON Schema library.
	cmd := exec.Command(bin, "--workspace", dir, "articles")
	cmd.Env = append(env, "GODEBUG=inittrace=1")
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errb
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errb.String(), "init github.com/santhosh-tekuri/jsonschema/v6 ") ||
		!strings.Contains(errb.String(), "init gloss.app/gloss/app/startgc ") {
		t.Errorf("the command was not handed over before the libraries initialised:\n%s", errb.String())
	}
}
