package cli

import (
	"flag"
	"fmt"

	"gloss.app/gloss/annotate"
)

// `gloss article delete` and `gloss article edit`: managing an article's place in the
// workspace and its description, through the command layer (undoable, indexed).
func init() {
	addSubcommand("article", &subcommand{
		name: "delete", args: "ARTICLE...",
		summary: "delete articles with their annotations (undo brings them back)",
		run:     runArticleDelete,
	})
	addSubcommand("article", &subcommand{
		name: "edit", args: "ARTICLE [--title T] [--source S] [--author A] [--published YYYY-MM-DD] [--url URL] [--language TAG]",
		summary: "change an article's title, source, author, date, URL or language ('' clears one)",
		setup: func(fs *flag.FlagSet) {
			fs.String("title", "", "the new title")
			fs.String("source", "", "the outlet, e.g. Reuters ('' clears it)")
			fs.String("author", "", "the author ('' clears it)")
			fs.String("published", "", "the date published: YYYY-MM-DD or RFC 3339 ('' clears it)")
			fs.String("url", "", "the article's web address ('' clears it)")
			fs.String("language", "", "a BCP 47 language tag such as en, uk, ru ('' clears it)")
		},
		run: runArticleEdit,
	})
}

type articleChangeJSON struct {
	Article string `json:"article"`
	Title   string `json:"title"`
	Done    string `json:"done"`
}

func runArticleDelete(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("give one article id or more (or a unique prefix of each)")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	out := []articleChangeJSON{}
	failed := 0
	for _, ref := range args {
		art, err := ws.ResolveArticle(ref)
		if err == nil {
			var res annotate.Result
			if res, err = ws.DeleteArticleWithAnnotations(art.ID); err == nil {
				out = append(out, articleChangeJSON{Article: art.ID, Title: art.Title, Done: res.Label})
				if !c.JSON {
					fmt.Fprintln(c.Stdout, res.Label+" (gloss undo brings it back)")
				}
				continue
			}
		}
		c.Errorf("%v", err)
		failed++
	}
	if c.JSON {
		return c.printJSON(out)
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

func runArticleEdit(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("article edit takes one article id (or a unique prefix) and the fields to change")
	}
	var e annotate.ArticleEdit
	for name, dst := range map[string]**string{"title": &e.Title, "source": &e.Source, "author": &e.Author, "url": &e.URL, "language": &e.Language} {
		if flagSet(fs, name) {
			v := flagString(fs, name)
			*dst = &v
		}
	}
	if flagSet(fs, "published") {
		t, err := annotate.ParsePublished(flagString(fs, "published"))
		if err != nil {
			return usagef("--published: %v", err)
		}
		e.Published = &t
	}
	if e.Empty() {
		return usagef("article edit needs at least one of --title, --source, --author, --published, --url, --language")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	art, err := ws.ResolveArticle(args[0])
	if err != nil {
		return err
	}
	res, err := ws.EditArticle(art.ID, e)
	if err != nil {
		return err
	}
	if c.JSON {
		after, _ := ws.Article(art.ID)
		return c.printJSON(articleChangeJSON{Article: art.ID, Title: after.Title, Done: res.Label})
	}
	fmt.Fprintln(c.Stdout, res.Label)
	return nil
}
