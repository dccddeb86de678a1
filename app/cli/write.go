package cli

import (
	"flag"
	"fmt"
	"strings"

	"gloss.app/gloss/annotate"
)

func init() {
	register(&command{
		name: "annotate", args: "ARTICLE (--quote TEXT [--occurrence N] | --start N --end N) --tag NAME [--tag NAME...] [--note TEXT]",
		summary: "highlight a passage and tag it",
		setup: func(fs *flag.FlagSet) {
			fs.String("quote", "", "the exact text to highlight")
			fs.Int("occurrence", 1, "which occurrence of the quote (1-based)")
			fs.Int("start", -1, "start offset in code points")
			fs.Int("end", -1, "end offset in code points (exclusive)")
			fs.Var(&stringList{}, "tag", "tag name or path Parent/Child (repeatable)")
			fs.String("note", "", "a note")
		},
		run: runAnnotate,
	})
	register(&command{name: "undo", summary: "undo the last change (across restarts)", run: func(c *Context, fs *flag.FlagSet, args []string) error {
		return runStep(c, args, true)
	}})
	register(&command{name: "redo", summary: "redo the last undone change", run: func(c *Context, fs *flag.FlagSet, args []string) error {
		return runStep(c, args, false)
	}})
}

func flagString(fs *flag.FlagSet, name string) string { return fs.Lookup(name).Value.String() }

func flagInt(fs *flag.FlagSet, name string) int {
	return fs.Lookup(name).Value.(flag.Getter).Get().(int)
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func runAnnotate(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("annotate takes one article id")
	}
	tags := []string(*fs.Lookup("tag").Value.(*stringList))
	if len(tags) == 0 {
		return usagef("annotate needs at least one --tag")
	}
	hasQuote := flagSet(fs, "quote")
	hasSpan := flagSet(fs, "start") || flagSet(fs, "end")
	if hasQuote == hasSpan {
		return usagef("give either --quote or --start and --end")
	}
	if hasSpan && !(flagSet(fs, "start") && flagSet(fs, "end")) {
		return usagef("--start and --end go together")
	}
	if hasSpan && flagSet(fs, "occurrence") {
		return usagef("--occurrence goes with --quote, not with --start and --end")
	}
	if flagInt(fs, "occurrence") < 1 {
		return usagef("--occurrence counts from 1, not %d", flagInt(fs, "occurrence"))
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	art, err := ws.ResolveArticle(args[0])
	if err != nil {
		return err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	var tagIDs []string
	for _, name := range tags {
		t, err := cb.Resolve(name)
		if err != nil {
			return err
		}
		tagIDs = append(tagIDs, t.ID)
	}
	start, end := flagInt(fs, "start"), flagInt(fs, "end")
	if hasQuote {
		start, end, err = ws.FindQuote(art.ID, flagString(fs, "quote"), flagInt(fs, "occurrence"))
		if err != nil {
			return err
		}
	}
	a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: tagIDs, Note: flagString(fs, "note")})
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(toAnnotationJSON(a, cb))
	}
	printAnnotation(c, a, cb)
	return nil
}

func runStep(c *Context, args []string, undo bool) error {
	if len(args) > 0 {
		return usagef("takes no arguments")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	var res annotate.Result
	if undo {
		res, err = ws.Undo()
	} else {
		res, err = ws.Redo()
	}
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(map[string]any{"done": res.Label, "revision": res.Revision})
	}
	fmt.Fprintln(c.Stdout, strings.TrimSpace(res.Label))
	return nil
}
