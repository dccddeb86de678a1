package cli

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/serve"
)

func init() {
	register(&command{name: "backups", summary: "list the automatic daily backups of the workspace store, newest first", run: runBackups})
	register(&command{name: "backup", summary: "take a backup of the workspace store now (to FILE, or today's automatic one)", args: "[FILE]", run: runBackup})
	register(&command{name: "restore", args: "BACKUP", summary: "replace the workspace store by a backup (the current one is kept beside it)", run: runRestore})
}

func (c *Context) dir() string {
	if c.Host != nil {
		return c.Host.Workspace().Dir() // the client named it in its own directory
	}
	if c.WorkspaceDir == "" {
		return annotate.DefaultDir()
	}
	return c.WorkspaceDir
}

func runBackups(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("backups takes no arguments")
	}
	list := annotate.Backups(c.dir())
	for i, b := range list {
		list[i] = c.shownPath(b)
	}
	if c.JSON {
		if list == nil {
			list = []string{}
		}
		return c.printJSON(list)
	}
	for _, b := range list {
		fmt.Fprintln(c.Stdout, b)
	}
	return nil
}

func runBackup(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 1 {
		return usagef("backup takes at most one file name")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	if len(args) == 1 {
		if err := ws.BackupTo(c.Path(args[0])); err != nil {
			return err
		}
		fmt.Fprintln(c.Stdout, args[0])
		return nil
	}
	path, err := ws.BackupIfDue()
	if err != nil {
		return err
	}
	if path == "" {
		c.Notef("today's backup already exists: %s", c.shownPath(annotate.Backups(c.dir())[0]))
		return nil
	}
	fmt.Fprintln(c.Stdout, c.shownPath(path))
	return nil
}

// Restorer is a Host that can replace its open workspace by a backup (the window): it
// closes the workspace cleanly, restores the backup into it as annotate.Restore does and
// shows the restored workspace in its place.
type Restorer interface {
	// RestoreBackup first waits up to wait for the other commands it is running, telling
	// waiting once, after a second, what it waits for ("2 other commands in the Gloss
	// window"). The backup has been checked (annotate.CheckBackup).
	RestoreBackup(backup string, wait time.Duration, waiting func(what string)) (annotate.Restored, error)
}

// restoreHolder is what the lock file says while a restore runs without a window.
const restoreHolder = programName + " restore"

func runRestore(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("restore takes one backup file (see 'gloss backups')")
	}
	backup := c.Path(args[0])
	// A bad file is refused before anything waits or closes, here or in the window.
	if err := annotate.CheckBackup(backup); err != nil {
		return err
	}
	waiting := func(what string) { c.Notef("waiting for %s to finish", what) }
	var restored annotate.Restored
	switch host := c.Host.(type) {
	case nil:
		conn, r, err := serve.AcquireFor(c.dir(), c.Wait, func(h annotate.Holder) { waiting(h.String()) },
			func() (annotate.Restored, error) {
				return annotate.Restore(c.dir(), backup, annotate.Options{Holder: restoreHolder})
			})
		if err != nil {
			return err
		}
		if conn != nil {
			return c.sendToWindow(conn) // the window closes its workspace, restores and reopens it
		}
		restored = r
	case Restorer:
		r, err := host.RestoreBackup(backup, c.Wait, waiting)
		if err != nil {
			return err
		}
		restored = r
	default:
		return fmt.Errorf("restore %s: the process that has %s open cannot restore it; close it and run the command again", args[0], c.shownDir())
	}
	kept := ""
	if restored.Kept != "" {
		kept = c.shownPath(restored.Kept)
	}
	if c.JSON {
		return c.printJSON(struct {
			Backup    string `json:"backup"`
			Workspace string `json:"workspace"`
			Kept      string `json:"kept,omitempty"`
		}{backup, c.shownDir(), kept})
	}
	if kept != "" {
		fmt.Fprintf(c.Stdout, "restored %s into %s (the replaced store is kept as %s); the search index will be rebuilt from it\n", args[0], c.shownDir(), kept)
	} else {
		fmt.Fprintf(c.Stdout, "restored %s into %s; the search index will be rebuilt from it\n", args[0], c.shownDir())
	}
	return nil
}

// shownDir is the workspace folder as the command line named it: the window carrying
// out a command prints what the command prints without a window.
func (c *Context) shownDir() string {
	if c.Host != nil && c.WorkspaceDir != "" {
		return c.WorkspaceDir
	}
	return c.dir()
}

// shownPath is a path inside the workspace folder under the folder as the command line
// named it (see shownDir).
func (c *Context) shownPath(p string) string {
	if c.Host == nil || c.WorkspaceDir == "" {
		return p
	}
	rel, err := filepath.Rel(c.dir(), p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return filepath.Join(c.WorkspaceDir, rel)
}
