package cli

import (
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"gloss.app/gloss/annotate"
)

// `gloss article VERB`: commands on one article. Other files add their verbs with
// addSubcommand("article", …).
func init() {
	describeGroup("article", "commands on articles: done marks for agreement (and more verbs)")
	asFlag := func(fs *flag.FlagSet) {
		fs.String("as", "", "the coder (default: the workspace's author; 'consensus' for the curator)")
	}
	addSubcommand("article", &subcommand{
		name: "done", args: "[--as CODER] ARTICLE... (or --list)",
		summary: "mark articles as completely coded: agreement then counts units you left empty as 0, not missing",
		setup: func(fs *flag.FlagSet) {
			asFlag(fs)
			fs.Bool("list", false, "list every done mark")
		},
		run: func(c *Context, fs *flag.FlagSet, args []string) error { return runDone(c, fs, args, true) },
	})
	addSubcommand("article", &subcommand{
		name: "undone", args: "[--as CODER] ARTICLE...", summary: "take done marks back",
		setup: asFlag,
		run:   func(c *Context, fs *flag.FlagSet, args []string) error { return runDone(c, fs, args, false) },
	})
}

type doneJSON struct {
	Article string `json:"article"`
	Title   string `json:"title,omitempty"`
	Coder   string `json:"coder"`
	Time    string `json:"time,omitempty"`
	Done    string `json:"done,omitempty"`
}

func runDone(c *Context, fs *flag.FlagSet, args []string, mark bool) error {
	list := mark && fs.Lookup("list").Value.String() == "true"
	switch {
	case list && len(args) > 0:
		return usagef("article done --list takes no articles")
	case !list && len(args) == 0:
		return usagef("give one article id or more (or a unique prefix of each)")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	if list {
		return listDone(c, ws)
	}
	coder := flagString(fs, "as")
	var out []doneJSON
	for _, ref := range args {
		art, err := ws.ResolveArticle(ref)
		if err != nil {
			c.Errorf("%v", err)
			continue
		}
		var res annotate.Result
		if mark {
			res, err = ws.MarkDone(art.ID, coder)
		} else {
			res, err = ws.UnmarkDone(art.ID, coder)
		}
		if err != nil {
			c.Errorf("%v", err)
			continue
		}
		name := coder
		if name == "" {
			name = ws.Author()
		}
		out = append(out, doneJSON{Article: art.ID, Title: art.Title, Coder: name, Done: res.Label})
		if !c.JSON {
			fmt.Fprintln(c.Stdout, res.Label)
		}
	}
	if c.JSON {
		if out == nil {
			out = []doneJSON{}
		}
		return c.printJSON(out)
	}
	return nil
}

func listDone(c *Context, ws *annotate.Workspace) error {
	marks, err := ws.DoneMarks()
	if err != nil {
		return err
	}
	titles := map[string]string{}
	if arts, err := ws.Articles(); err == nil {
		for _, a := range arts {
			titles[a.ID] = a.Title
		}
	}
	if c.JSON {
		out := []doneJSON{}
		for _, m := range marks {
			out = append(out, doneJSON{Article: m.ArticleID, Title: titles[m.ArticleID], Coder: m.Coder, Time: m.Time.UTC().Format(time.RFC3339)})
		}
		return c.printJSON(out)
	}
	if len(marks) == 0 {
		fmt.Fprintln(c.Stdout, "No article is marked done.")
		return nil
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	for _, m := range marks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ArticleID, m.Coder, m.Time.Local().Format("2006-01-02 15:04"), titles[m.ArticleID])
	}
	return tw.Flush()
}
