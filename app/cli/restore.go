package cli

import (
	"flag"
	"fmt"

	"gloss.app/gloss/annotate"
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
		c.Notef("today's backup already exists: %s", annotate.Backups(c.dir())[0])
		return nil
	}
	fmt.Fprintln(c.Stdout, path)
	return nil
}

func runRestore(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("restore takes one backup file (see 'gloss backups')")
	}
	if err := annotate.Restore(c.dir(), c.Path(args[0])); err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "restored %s into %s; the search index will be rebuilt on the next start\n", args[0], c.dir())
	return nil
}
