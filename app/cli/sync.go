package cli

import (
	"context"
	"flag"
	"fmt"

	"gloss.app/gloss/annotate/team"
)

func init() {
	register(&command{
		name:    "sync",
		summary: "send this workspace's changes to its team project and receive everyone else's",
		run:     runSync,
	})
}

func runSync(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("sync", args)
	if err != nil {
		return err
	}
	s, err := team.New(ws)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
	defer cancel()
	rep, err := s.Sync(ctx)
	if err != nil {
		return teamError(c, err)
	}
	if c.JSON {
		return c.printJSON(reportJSON(rep))
	}
	fmt.Fprintf(c.Stdout, "Sent %s, received %s; %s. Position %d of %d.\n", changes(rep.Pushed), changes(rep.Pulled),
		conflictCount(len(rep.Conflicts)), rep.Position, rep.Head)
	printConflicts(c, rep)
	return nil
}

func changes(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}

func conflictCount(n int) string {
	switch n {
	case 0:
		return "no conflicts"
	case 1:
		return "1 conflict"
	}
	return fmt.Sprintf("%d conflicts", n)
}
