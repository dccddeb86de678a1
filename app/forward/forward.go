// Package forward hands a command line to the Gloss window that serves its workspace
// before the rest of Gloss and its libraries initialise (Early, which main's import of
// package oninit runs), and reads the command line's global flags.
//
// A `gloss` command typed while the window has its workspace open is carried out by the
// window (package serve); the process that was started only sends it and relays its
// output. Go initialises every linked package before main, and Gloss's libraries take
// most of a command's start-up doing so (a JSON Schema validator compiling its
// metaschemas, Fyne parsing its translations, …), for nothing when the window does the
// work. This package needs only the standard library and package wire, so Go
// initialises it and oninit before them (packages are initialised in import-path order
// as soon as their imports are; app's TestEarlyPackagesComeBeforeTheLibraries checks the
// order in the built binary), and oninit's init forwards the command and exits.
//
// Whatever it cannot settle here takes the usual way, which forwards a command as soon
// as it opens the workspace: no command, help, a global flag it cannot read, a
// --workspace among the command's own flags, no window serving the workspace, or a
// window that is closing.
package forward

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gloss.app/gloss/annotate/wsdir"
	"gloss.app/gloss/app/serve/wire"
)

// exitFailed is the exit status of a command that failed (cli.ExitFailed).
const exitFailed = 1

// Early hands the command line args (without the program name) to the window serving
// its workspace and reports its exit status; done is false when the command line must
// take the usual way (see the package comment).
func Early(args []string, stdin io.Reader, stdout, stderr *os.File) (status int, done bool) {
	dir, ok := target(args, wsdir.Default)
	if !ok {
		return 0, false
	}
	conn, err := wire.Dial(dir)
	if err != nil {
		return 0, false
	}
	cwd, _ := os.Getwd()
	status, err = conn.Do(NewRequest(args, dir, cwd, IsTerminal(stdout), IsTerminal(stderr)), stdin, stdout, stderr)
	switch {
	case errors.Is(err, wire.ErrNotServed):
		return 0, false // the window is closing: the command runs here once it has let go
	case err != nil:
		fmt.Fprintf(stderr, "gloss: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		return exitFailed, true
	}
	return status, true
}

// NewRequest is the call of the command line args on the workspace in dir, made from the
// folder cwd (relative paths in args are relative to it), whose stdout and stderr are
// terminals or not.
func NewRequest(args []string, dir, cwd string, stdoutTerminal, stderrTerminal bool) wire.Request {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return wire.Request{Args: args, Workspace: abs, Dir: cwd, StdoutTerminal: stdoutTerminal, StderrTerminal: stderrTerminal}
}

// target is the workspace folder the command line args runs on, when it is known
// without the command's own parser: a command after global flags that read well, and no
// --workspace among the command's flags. Help is left to the usual way, which never
// needs the window.
func target(args []string, defaultDir func() string) (dir string, ok bool) {
	g, rest := SplitGlobal(args, 0)
	if g.Err != nil || len(rest) == 0 {
		return "", false
	}
	if rest[0] == "help" || strings.HasPrefix(rest[0], "-") {
		return "", false // help, or no command name: nothing the window needs to do
	}
	for _, a := range rest {
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); name == "workspace" && a != name {
			return "", false
		}
	}
	if g.Dir == "" {
		return defaultDir(), true
	}
	return g.Dir, true
}

// IsTerminal reports whether f is a terminal (the window draws progress lines and
// highlighted matches only there).
func IsTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
