package forward

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/app/serve"
)

func TestSplitGlobal(t *testing.T) {
	const def = 10 * time.Second
	for _, tc := range []struct {
		args []string
		dir  string
		wait time.Duration
		rest string
		bad  bool
	}{
		{[]string{"--workspace", "w", "articles"}, "w", def, "articles", false},
		{[]string{"--wait=2s", "-workspace=w", "tags"}, "w", 2 * time.Second, "tags", false},
		{[]string{"--wait", "0", "search", "x"}, "", 0, "search x", false},
		{[]string{"--wait", "soon", "articles"}, "", 0, "articles", true},
		{[]string{"--json", "articles"}, "", def, "--json articles", false},
		{[]string{"--workspace"}, "", def, "--workspace", false},
	} {
		g, rest := SplitGlobal(tc.args, def)
		if g.Dir != tc.dir || g.Wait != tc.wait || strings.Join(rest, " ") != tc.rest || (g.Err != nil) != tc.bad {
			t.Errorf("%q: dir %q wait %v rest %q err %v", tc.args, g.Dir, g.Wait, rest, g.Err)
		}
	}
}

func TestTarget(t *testing.T) {
	def := func() string { return "/default" }
	for _, tc := range []struct {
		args []string
		dir  string // "" : the usual way
	}{
		{[]string{"articles"}, "/default"},
		{[]string{"--workspace", "w", "annotate", "A", "--start", "1", "--end", "4"}, "w"},
		{[]string{"--wait=2s", "--workspace=w", "search", "kharkiv", "-disputed"}, "w"},
		{[]string{"search", "the", "workspace"}, "/default"}, // a word, not a flag
		{[]string{}, ""},                   // the window opens
		{[]string{"--workspace", "w"}, ""}, // the window opens
		{[]string{"help"}, ""},
		{[]string{"--workspace", "w", "--help"}, ""},
		{[]string{"--json", "articles"}, ""},                      // no command name first
		{[]string{"-test.run", "TestX", "-test.v"}, ""},           // a test binary's
		{[]string{"--wait", "soon", "articles"}, ""},              // the usual way says what is wrong
		{[]string{"articles", "--workspace", "other"}, ""},        // the command's own flag
		{[]string{"annotate", "-workspace=other", "A"}, ""},       // the command's own flag
		{[]string{"--workspace", "w", "tags", "--workspace"}, ""}, // its parser says what is wrong
	} {
		dir, ok := target(tc.args, def)
		if want := tc.dir != ""; ok != want || dir != tc.dir {
			t.Errorf("%q: %q %v, want %q", tc.args, dir, ok, tc.dir)
		}
	}
}

// Early hands a command to the window serving its workspace and relays what the window
// says; whatever it cannot settle is left to the usual way.
func TestEarly(t *testing.T) {
	dir := t.TempDir()
	s, err := serve.Listen(dir, func(c *serve.Call) int {
		fmt.Fprintf(c.Stdout, "ran %s in %s on %s\n", strings.Join(c.Args, " "), c.Dir, c.Workspace)
		fmt.Fprintln(c.Stderr, "gloss: one warning")
		return 3
	})
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (status int, done bool, stdout, stderr string) {
		t.Helper()
		out, errs := tempFile(t), tempFile(t)
		status, done = Early(args, strings.NewReader(""), out, errs)
		return status, done, readBack(t, out), readBack(t, errs)
	}
	cwd, _ := os.Getwd()

	status, done, out, errs := run("--workspace", dir, "articles", "--json")
	if !done || status != 3 || out != fmt.Sprintf("ran --workspace %s articles --json in %s on %s\n", dir, cwd, dir) ||
		errs != "gloss: one warning\n" {
		t.Fatalf("served: done %v status %d out %q err %q", done, status, out, errs)
	}
	for _, args := range [][]string{
		{"--workspace", dir, "help"},
		{"--workspace", filepath.Join(dir, "elsewhere"), "articles"}, // no window there
		{"articles", "--workspace", dir},
	} {
		if _, done, out, errs := run(args...); done || out != "" || errs != "" {
			t.Errorf("%q: done %v, printed %q %q; want the usual way", args, done, out, errs)
		}
	}
	s.Close(time.Second) // a closing window: the usual way
	if _, done, out, errs := run("--workspace", dir, "articles"); done || out != "" || errs != "" {
		t.Errorf("after the window closed: done %v, printed %q %q", done, out, errs)
	}
}

func tempFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readBack(t *testing.T, f *os.File) string {
	t.Helper()
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
