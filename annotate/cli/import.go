package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gloss.app/gloss/annotate"
)

func init() {
	register(&command{
		name: "import", args: "PATH...", summary: "import articles from files (prints ID<TAB>title a line)",
		run: runImport,
	})
}

func runImport(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("import needs at least one file")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	batch := ws.NewBatch(fmt.Sprintf("Import of %d files", len(args)))
	for _, path := range args {
		d, err := readTextFile(path)
		if err != nil {
			c.Errorf("import %s: %v", path, err)
			continue
		}
		c.report(batch.Add([]annotate.ArticleDraft{d}))
	}
	return nil
}

// report prints one line per import result: ID<TAB>title on stdout, errors on stderr.
func (c *Context) report(results []annotate.ImportResult) {
	for _, r := range results {
		switch r.Status {
		case annotate.StatusFailed:
			c.Errorf("%v", r.Err)
		case annotate.StatusImported:
			fmt.Fprintf(c.Stdout, "%s\t%s\n", r.Article.ID, r.Article.Title)
		default:
			fmt.Fprintln(c.Stdout, r.Message())
		}
	}
}

func readTextFile(path string) (annotate.ArticleDraft, error) {
	if strings.ToLower(filepath.Ext(path)) != ".txt" {
		return annotate.ArticleDraft{}, fmt.Errorf("unsupported file type %q", filepath.Ext(path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return annotate.ArticleDraft{}, err
	}
	return annotate.ArticleDraft{Origin: path, Format: "txt", Text: string(b)}, nil
}
