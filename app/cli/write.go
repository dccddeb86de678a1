package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"gloss.app/gloss/annotate"
)

func init() {
	register(&command{
		name: "annotate", args: "ARTICLE (--quote TEXT [--occurrence N] | --start N --end N) --tag TAG [--tag TAG...] [--note TEXT | --note-file FILE]",
		summary: "highlight a passage and tag it",
		setup: func(fs *flag.FlagSet) {
			fs.String("quote", "", "the text to highlight (found as it is, else ignoring typographic quotes, dashes, white space, then case)")
			fs.Int("occurrence", 0, "which occurrence of the quote, counting from 1 (needed when it occurs several times)")
			fs.Int("start", -1, "start offset in code points")
			fs.Int("end", -1, "end offset in code points (exclusive)")
			fs.Var(&stringList{}, "tag", "tag name, or path Parent/Child, or /Top for a top-level tag (repeatable)")
			fs.String("note", "", "a note")
			fs.String("note-file", "", "read the note from this file (- for standard input)")
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
	if flagSet(fs, "occurrence") && flagInt(fs, "occurrence") < 1 {
		return usagef("--occurrence counts from 1, not %d", flagInt(fs, "occurrence"))
	}
	note, err := noteFlags(c, fs)
	if err != nil {
		return err
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
	tagIDs, err := resolveTags(cb, tags)
	if err != nil {
		return err
	}
	start, end := flagInt(fs, "start"), flagInt(fs, "end")
	if hasQuote {
		if start, end, err = findQuote(c, ws, art.ID, flagString(fs, "quote"), flagInt(fs, "occurrence")); err != nil {
			return err
		}
	}
	a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: tagIDs, Note: deref(note)})
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(toAnnotationJSON(a, cb))
	}
	printAnnotation(c, a, cb)
	return nil
}

// findQuote finds --quote in the article, says on stderr when it matched tolerantly, and
// turns a quote found several times into an error that says how to choose.
func findQuote(c *Context, ws *annotate.Workspace, articleID, quote string, occurrence int) (start, end int, err error) {
	m, err := ws.FindQuoteMatch(articleID, quote, occurrence)
	var amb *annotate.AmbiguousQuoteError
	if errors.As(err, &amb) {
		return 0, 0, fmt.Errorf("quote %q occurs %d times in article %s: add --occurrence N (1 to %d, counting from the start of the text) to choose one, or give --start and --end",
			shorten(amb.Quote, 60), amb.Occurrences, articleID, amb.Occurrences)
	}
	if err != nil {
		return 0, 0, err
	}
	switch m.How {
	case annotate.MatchTolerant:
		c.Notef("--quote matched %q, ignoring typographic quotes, dashes and white space", shorten(m.Found, 60))
	case annotate.MatchCase:
		c.Notef("--quote matched %q, ignoring letter case, typographic quotes, dashes and white space", shorten(m.Found, 60))
	}
	return m.Start, m.End, nil
}

// noteFlags reads --note or --note-file (nil when neither is given).
func noteFlags(c *Context, fs *flag.FlagSet) (*string, error) {
	hasNote, hasFile := flagSet(fs, "note"), flagSet(fs, "note-file")
	switch {
	case hasNote && hasFile:
		return nil, usagef("give either --note or --note-file, not both")
	case hasNote:
		note := flagString(fs, "note")
		return &note, nil
	case !hasFile:
		return nil, nil
	}
	path := flagString(fs, "note-file")
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(c.Stdin, 4<<20))
	} else {
		data, err = os.ReadFile(c.Path(path))
	}
	if err != nil {
		return nil, fmt.Errorf("read the note from %s: %w", path, err)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("read the note from %s: it is not UTF-8 text", path)
	}
	note := strings.TrimPrefix(string(data), "\uFEFF")
	return &note, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// resolveTags turns tag references (names, paths, /Top) into ids.
func resolveTags(cb *annotate.Codebook, refs []string) ([]string, error) {
	var ids []string
	for _, ref := range refs {
		t, err := cb.Resolve(ref)
		if err != nil {
			return nil, err
		}
		ids = append(ids, t.ID)
	}
	return ids, nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
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
