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
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
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
}

// Context is what a running command sees.
type Context struct {
	Env
	WorkspaceDir string
	JSON         bool
	command      string // the running subcommand's name
	failed       bool
	opened       []io.Closer
	// The workspace and index this run opened (nil before open).
	ws *annotate.Workspace
	ix *search.Index
	// rebuildIndex makes open rebuild the index from the store (gloss reindex).
	rebuildIndex bool
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
	dir, _ := splitGlobal(args)
	if dir == "" {
		return annotate.DefaultDir()
	}
	return dir
}

// splitGlobal takes the global --workspace flag off the front of args.
func splitGlobal(args []string) (dir string, rest []string) {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--workspace" || a == "-workspace":
			if len(args) < 2 {
				return dir, args
			}
			dir, args = args[1], args[2:]
		case strings.HasPrefix(a, "--workspace=") || strings.HasPrefix(a, "-workspace="):
			dir, args = a[strings.Index(a, "=")+1:], args[1:]
		default:
			return dir, args
		}
	}
	return dir, args
}

// Main runs the command line args (without the program name) and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Env{Stdin: stdin, Stdout: stdout, Stderr: stderr}.Run(args)
}

// Run runs the command line args in env and returns the exit status.
func (env Env) Run(args []string) int {
	stdout, stderr := env.Stdout, env.Stderr
	dir, rest := splitGlobal(args)
	c := &Context{Env: env, WorkspaceDir: dir}
	defer c.closeAll()
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
	if cmd.setup != nil {
		cmd.setup(fs)
	}
	positional, err := parseInterspersed(fs, rest[1:])
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
	fmt.Fprintln(w, "\nGlobal flag: --workspace DIR (or $GLOSS_WORKSPACE); default", annotate.DefaultDir())
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

// open opens the context's workspace (creating it, with the default codebook and no
// samples, when missing) and attaches the index.
func (c *Context) open() (*annotate.Workspace, error) {
	dir := c.WorkspaceDir
	if dir == "" {
		dir = annotate.DefaultDir()
	}
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		return nil, err
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
	for _, hook := range openHooks {
		hook(c, ws)
	}
	return ws, nil
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
	if f, ok := c.Stderr.(*os.File); ok && isTerminal(f) {
		fmt.Fprintf(f, "\r\033[K%s", msg)
		if msg == "" {
			fmt.Fprint(f, "\r\033[K")
		}
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
