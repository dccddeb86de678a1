package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
)

func init() {
	register(&command{
		name: "export", args: "[--query Q] [--article ID...] [--format json|w3c|csv] [--with-text] [-o FILE]",
		summary: "export annotations as Gloss JSON, W3C Web Annotation or CSV (stdout without -o)",
		setup: func(fs *flag.FlagSet) {
			fs.String("query", "", "export the annotations this search query finds")
			fs.Var(&stringList{}, "article", "export this article (id or unique id prefix; repeatable)")
			fs.String("format", "json", "json (Gloss JSON), w3c (W3C Web Annotation JSON-LD) or csv")
			fs.Bool("with-text", false, "Gloss JSON: include the full text of every article")
			fs.String("o", "", "write to this file instead of stdout")
		},
		run: runExport,
	})
}

func runExport(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("export takes no arguments (use --article ID to choose articles)")
	}
	format, err := exchange.ParseFormat(flagString(fs, "format"))
	if err != nil {
		return usagef("%v", err)
	}
	withText := fs.Lookup("with-text").Value.(flag.Getter).Get().(bool)
	if withText && format != exchange.GlossJSON {
		return usagef("--with-text only applies to --format json")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	var sel exchange.Selection
	for _, ref := range *fs.Lookup("article").Value.(*stringList) {
		a, err := ws.ResolveArticle(ref)
		if err != nil {
			return err
		}
		sel.ArticleIDs = append(sel.ArticleIDs, a.ID)
	}
	if q := flagString(fs, "query"); flagSet(fs, "query") {
		ids, err := c.queryAnnotations(q)
		if err != nil {
			return fmt.Errorf("export --query %q: %w", q, err)
		}
		sel.Query, sel.AnnotationIDs = q, ids
		if sel.AnnotationIDs == nil {
			sel.AnnotationIDs = []string{}
		}
	}
	if v := ws.Visibility(); v.Blind {
		sel.Visible = v.Shows // blind coding: only one's own annotations
	}
	out := flagString(fs, "o")
	opts := exchange.Options{WithText: withText}
	if out == "" || out == "-" {
		_, err := exchange.Export(ws, sel, format, c.Stdout, opts)
		return err
	}
	st, err := exportToFile(ws, sel, format, c.Path(out), opts)
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(map[string]any{"file": out, "format": string(format), "articles": st.Articles, "annotations": st.Annotations, "tags": st.Tags})
	}
	fmt.Fprintf(c.Stdout, "exported %d annotations from %d articles to %s\n", st.Annotations, st.Articles, out)
	return nil
}

// exportToFile writes into a temporary file beside path and renames it into place, so a
// failed export never leaves a half-written file (nor clobbers an older export).
func exportToFile(ws *annotate.Workspace, sel exchange.Selection, format exchange.Format, path string, opts exchange.Options) (exchange.Stats, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return exchange.Stats{}, fmt.Errorf("export %s: %w", path, err)
	}
	fail := func(err error) (exchange.Stats, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return exchange.Stats{}, fmt.Errorf("export %s: %w", path, err)
	}
	st, err := exchange.Export(ws, sel, format, tmp, opts)
	if err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return exchange.Stats{}, fmt.Errorf("export %s: %w", path, err)
	}
	return st, nil
}
