package cli

import (
	"flag"
	"fmt"
	"strings"
)

func init() {
	register(&command{
		name: "author", args: "[NAME]",
		summary: "print the name written on new annotations, or set it (default: the OS user name)",
		run:     runAuthor,
	})
}

func runAuthor(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	if len(args) > 0 {
		if err := ws.SetAuthor(strings.Join(args, " ")); err != nil {
			return err
		}
	}
	if c.JSON {
		return c.printJSON(map[string]string{"author": ws.Author()})
	}
	fmt.Fprintln(c.Stdout, ws.Author())
	return nil
}
