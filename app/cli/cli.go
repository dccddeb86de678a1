// Package cli is Gloss's command-line interface: `gloss COMMAND [flags] [args]`.
// Every command opens the workspace, calls the command layer of package annotate and
// prints plain text or, with --json, JSON. Errors go to stderr as one line each,
// starting with "gloss:". Exit status: 0 success, 1 something failed (the rest of a batch
// still done), 2 usage error.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/app/forward"
	"gloss.app/gloss/app/serve"
	"gloss.app/gloss/app/serve/wire"
	"gloss.app/gloss/search"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailed  = 1
	ExitUsage   = 2
	programName = "gloss"
)

// command is one subcommand. Each lives in its own file and registers itself in init.
type command struct {
	name    string
	args    string // usage after the name, e.g. "PATH..."
	summary string
	setup   func(fs *flag.FlagSet) // declares the command's own flags
	run     func(c *Context, fs *flag.FlagSet, args []string) error
	// parseArgs, when set, replaces the usual flag parsing (gloss search: a query word
	// that starts with - is not a flag).
	parseArgs func(fs *flag.FlagSet, args []string) ([]string, error)
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// Env is where a command line runs: its streams and what it may use besides the
// workspace folder. The zero Env of Main is a plain process; tests inject a fetcher.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Import tunes `gloss import` (tests inject an httptest client and short limits).
	Import ingest.Options
	// Dir is the directory the command was typed in: relative paths in its arguments are
	// relative to it (Context.Path). Main sets the process's; the window sets its client's.
	Dir string
	// Host, when set, is the window that has the workspace open: the command runs on its
	// workspace and index (see Host). Otherwise the command is sent to the window serving
	// the workspace, or opens it itself (waiting while another process holds it).
	Host Host
}

// Host is a process that has the workspace open already (the window).
type Host interface {
	// Workspace is the open workspace; commands never close it.
	Workspace() *annotate.Workspace
	// Index is the open search index, once it is ready (it waits while it is built).
	Index() (*search.Index, error)
	// RebuildIndex rebuilds the index from the store (gloss reindex), with progress.
	RebuildIndex(progress func(done, total int)) (*search.Index, error)
}

// Context is what a running command sees.
type Context struct {
	Env
	WorkspaceDir string
	JSON         bool
	// Wait is how long to wait for a workspace another process holds (--wait).
	Wait    time.Duration
	command string // the running subcommand's name
	failed  bool
	opened  []io.Closer
	// The workspace and index this run opened (nil before open).
	ws *annotate.Workspace
	ix *search.Index
	// rebuildIndex makes open rebuild the index from the store (gloss reindex).
	rebuildIndex bool
	// window is the window serving the workspace, once open found one (Run sends it
	// the command).
	window *wire.Conn
}

// usageError makes Main exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errReported means the command already printed its errors (a partly failed batch).
var errReported = errors.New("some items failed")

// Errorf prints one error line and marks the run as failed (exit status 1) without stopping it.
func (c *Context) Errorf(format string, args ...any) {
	c.failed = true
	fmt.Fprintf(c.Stderr, "%s: %s\n", programName, oneLine(fmt.Sprintf(format, args...)))
}

// Notef prints an informational line on stderr.
func (c *Context) Notef(format string, args ...any) {
	fmt.Fprintf(c.Stderr, "%s: %s\n", programName, oneLine(fmt.Sprintf(format, args...)))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// printJSON writes v as indented JSON.
func (c *Context) printJSON(v any) error {
	enc := json.NewEncoder(c.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// IsCommand reports whether args name a subcommand (rather than only global flags,
// which open the GUI).
func IsCommand(args []string) bool {
	_, rest := splitGlobal(args)
	return len(rest) > 0
}

// WorkspaceFlag returns the workspace named by --workspace in args, else the default.
func WorkspaceFlag(args []string) string {
	g, _ := splitGlobal(args)
	if g.dir == "" {
		return annotate.DefaultDir()
	}
	return g.dir
}

// WaitFlag returns the --wait given in args (serve.DefaultWait without one).
func WaitFlag(args []string) time.Duration {
	g, _ := splitGlobal(args)
	return g.wait
}

// globals are the flags that may come before the command.
type globals struct {
	dir  string
	wait time.Duration
	err  error // a value that could not be read
}

// splitGlobal takes the global --workspace and --wait flags off the front of args.
func splitGlobal(args []string) (globals, []string) {
	g, rest := forward.SplitGlobal(args, serve.DefaultWait)
	return globals{dir: g.Dir, wait: g.Wait, err: g.Err}, rest
}

// Main runs the command line args (without the program name) and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, _ := os.Getwd()
	return Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Dir: dir}.Run(args)
}

// Run runs the command line args in env and returns the exit status. A command that
// opens the workspace while a window serves it is carried out by the window.
func (env Env) Run(args []string) int {
	for try := 0; ; try++ {
		status, conn, dir := env.runHere(args)
		if conn == nil {
			return status
		}
		if status, err := env.forward(conn, dir, args); !errors.Is(err, wire.ErrNotServed) || try == 2 {
			if err != nil {
				fmt.Fprintf(env.Stderr, "%s: %s\n", programName, oneLine(err.Error()))
				return ExitFailed
			}
			return status
		}
		// The window was closing: the command runs here once it has let go.
	}
}

// runHere runs the command line in this process; when the command wants the workspace
// and a window serves it, runHere stops and returns the connection to that window.
func (env Env) runHere(args []string) (status int, window *wire.Conn, dir string) {
	g, rest := splitGlobal(args)
	if env.Host == nil {
		env = env.watched()
	}
	c := &Context{Env: env, WorkspaceDir: g.dir, Wait: g.wait}
	defer c.closeAll()
	if g.err != nil {
		fmt.Fprintf(c.Stderr, "%s: %s\n", programName, g.err)
		return ExitUsage, nil, ""
	}
	status = c.run(rest)
	return status, c.window, c.dir()
}

// run dispatches the command line (global flags already taken off) and returns the exit
// status.
func (c *Context) run(rest []string) int {
	stdout, stderr := c.Stdout, c.Stderr
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "--help" || rest[0] == "-h" {
		printUsage(stdout)
		if len(rest) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q (run 'gloss help' for the list)\n", programName, rest[0])
		return ExitUsage
	}
	fs := flag.NewFlagSet(programName+" "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.WorkspaceDir, "workspace", c.WorkspaceDir, "workspace folder")
	fs.BoolVar(&c.JSON, "json", false, "print JSON")
	fs.DurationVar(&c.Wait, "wait", c.Wait, "how long to wait for the workspace while another process holds it")
	if cmd.setup != nil {
		cmd.setup(fs)
	}
	parse := parseInterspersed
	if cmd.parseArgs != nil {
		parse = cmd.parseArgs
	}
	positional, err := parse(fs, rest[1:])
	if errors.Is(err, flag.ErrHelp) {
		printCommandUsage(stdout, cmd, fs)
		return ExitOK
	}
	if err == nil {
		c.command = cmd.name
		err = cmd.run(c, fs, positional)
	}
	var ue usageError
	switch {
	case errors.Is(err, errForward):
		return ExitOK // Run sends the command to the window
	case err == nil && c.failed:
		return ExitFailed
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %s\n", programName, oneLine(err.Error()))
		fmt.Fprintf(stderr, "usage: gloss %s %s\n", cmd.name, cmd.args)
		return ExitUsage
	case errors.Is(err, errReported):
		return ExitFailed
	default:
		c.Errorf("%v", err)
		return ExitFailed
	}
}

// parseInterspersed lets flags come before, between or after positional arguments,
// as in `gloss annotate ID --quote X --tag Y`. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Gloss: annotate conflict news, tag passages from a codebook, search and export them.")
	fmt.Fprintln(w, "\nusage: gloss [--workspace DIR] [COMMAND [flags] [args]]")
	fmt.Fprintln(w, "With no command, Gloss opens its window.\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-20s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, helpDetails)
	fmt.Fprintln(w, "\nGlobal flags: --workspace DIR (or $GLOSS_WORKSPACE); default", annotate.DefaultDir())
	fmt.Fprintln(w, "  --wait DURATION: how long to wait while another gloss process has the workspace (default 10s).")
	fmt.Fprintln(w, "While a Gloss window has the workspace open, commands are carried out by that window.")
}

// helpDetails explains, after the list of commands, how things are named and what the
// exit statuses mean.
const helpDetails = `
Naming things:
  ARTICLE, ID  an id, or a unique prefix of it (see gloss articles, gloss show)
  TAG          a name ("Energy attacks", any case), the end of its path ("Military
               developments/Energy attacks"), or its full path from the top with a leading
               "/" ("/Energy attacks" is the top-level tag of that name). Two tags may share
               a name under different parents; a name that is ambiguous is refused with the
               forms that name each tag.
  --quote      found as typed; else ignoring typographic quotes and apostrophes, dashes and
               runs of white space; else ignoring letter case too (Gloss says when it did).
               A quote found several times needs --occurrence N.

Exit status: 0 done; 1 something failed (one "gloss:" line on stderr per problem, the rest
of a batch still done); 2 wrong usage. Every change is one step of gloss undo.
Without a display the window cannot open; every command works without one. A workspace
you may not write opens read-only: articles, show, search and export work.
More: docs/IMPORT.md, docs/EXPORT.md, docs/SEARCH.md.
`

func printCommandUsage(w io.Writer, cmd *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: gloss %s %s\n%s\n\nflags:\n", cmd.name, cmd.args, cmd.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// stringList is a repeatable string flag (--tag A --tag B).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// openWithoutArgs opens the workspace for a command that takes no arguments besides its
// flags, after refusing any (name: the command as typed, "recode status").
func (c *Context) openWithoutArgs(name string, args []string) (*annotate.Workspace, error) {
	if len(args) > 0 {
		return nil, usagef("%s takes no arguments", name)
	}
	return c.open()
}

// open opens the context's workspace (creating it, with the default codebook and no
// samples, when missing) and attaches the index. The window's workspace when the window
// runs the command; when a window serves the workspace, open returns errForward and Run
// sends the command there.
func (c *Context) open() (*annotate.Workspace, error) {
	if c.Host != nil {
		c.ws = c.Host.Workspace()
		c.runOpenHooks(c.ws)
		return c.ws, nil
	}
	holder := programName + " " + c.command
	conn, ws, err := serve.Acquire(c.dir(), annotate.Options{Create: true, Holder: holder}, c.Wait, func(h annotate.Holder) {
		c.Notef("waiting for %s to finish", h)
	})
	if err != nil {
		return nil, err
	}
	if conn != nil {
		return nil, c.sendToWindow(conn)
	}
	ws.OnIndexError = func(err error) { c.Notef("%v (it will be rebuilt on the next start)", err) }
	c.opened = append(c.opened, ws)
	// The daily backup is taken by whichever command opens the workspace first that day
	// ("gloss backup" takes it itself and says so). A failed backup does not stop the command.
	if c.command != "backup" {
		if _, err := ws.BackupIfDue(); err != nil {
			c.Notef("%v", err)
		}
	}
	// Every command opens the search index too (building or catching it up when
	// needed), so the index follows every change the CLI makes.
	ix, err := c.openIndex(ws)
	if err != nil {
		return nil, err
	}
	c.opened = append(c.opened, ix) // closed before the store
	c.ws, c.ix = ws, ix
	c.runOpenHooks(ws)
	return ws, nil
}

func (c *Context) runOpenHooks(ws *annotate.Workspace) {
	for _, hook := range openHooks {
		hook(c, ws)
	}
}

// openHooks run after a command opened the workspace (e.g. to say what a running
// self-check hides).
var openHooks []func(c *Context, ws *annotate.Workspace)

func (c *Context) closeAll() {
	for i := len(c.opened) - 1; i >= 0; i-- {
		c.opened[i].Close()
	}
	c.opened = nil
}

// progress shows a progress line on stderr when it is a terminal.
func (c *Context) progress(msg string) {
	if IsTerminal(c.Stderr) {
		fmt.Fprintf(c.Stderr, "\r\033[K%s", msg)
		if msg == "" {
			fmt.Fprint(c.Stderr, "\r\033[K")
		}
	}
}

// Path resolves a file name from the command line against the directory the command
// was typed in (Env.Dir): the window running a client's command finds the client's
// files. URLs, "-" (stdin or stdout) and absolute paths stay as they are.
func (c *Context) Path(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) || c.Dir == "" || ingest.IsURL(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// TerminalWriter is a stream that says whether it ends on a terminal: the window writes
// a client's output through one, so that progress lines and highlights look as they do
// without a window.
type TerminalWriter struct {
	io.Writer
	Terminal bool
}

// IsTerminal reports whether w ends on a terminal.
func IsTerminal(w io.Writer) bool {
	switch v := w.(type) {
	case *os.File:
		return forward.IsTerminal(v)
	case TerminalWriter:
		return v.Terminal
	case *watchedWriter:
		return IsTerminal(v.w)
	}
	return false
}
