package cli

import (
	"flag"
	"fmt"
	"os"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
)

func init() {
	register(&command{
		name: "import-annotations", args: "FILE",
		summary: "merge annotations from a Gloss JSON or W3C Web Annotation file (one undo step)",
		run:     runImportAnnotations,
	})
}

func runImportAnnotations(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("import-annotations takes one file")
	}
	path := args[0]
	f, err := os.Open(c.Path(path))
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	defer f.Close()
	ws, err := c.open()
	if err != nil {
		return err
	}
	rep, err := exchange.Import(ws, f, path)
	if err != nil {
		return err
	}
	// Every skipped item is one line on stderr; the exit status is then 1.
	for _, s := range rep.Skipped {
		c.Errorf("%s: skipped %s: %s", path, s.Item, s.Reason)
	}
	if c.JSON {
		if rep.Skipped == nil {
			rep.Skipped = []annotate.Skip{}
		}
		return c.printJSON(rep)
	}
	fmt.Fprintf(c.Stdout, "%s (%s): imported %d, updated %d, unchanged %d, skipped %d, orphaned %d\n",
		path, rep.Format, rep.Imported, rep.Updated, rep.Unchanged, len(rep.Skipped), rep.Orphaned)
	if rep.ArticlesCreated > 0 || rep.TagsCreated > 0 {
		fmt.Fprintf(c.Stdout, "created %d articles and %d tags\n", rep.ArticlesCreated, rep.TagsCreated)
	}
	if rep.Orphaned > 0 {
		fmt.Fprintf(c.Stdout, "%d annotations were kept as orphaned: their quote is not in the workspace's text of the article\n", rep.Orphaned)
	}
	return nil
}
