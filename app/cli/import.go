package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
)

func init() {
	register(&command{
		name: "import", args: "PATH|URL|-...",
		summary: "import .txt, .md, .html files, folders, http(s) links, RSS/Atom feeds, Telegram exports (result.json), .pdf, .docx, .eml and .mbox (prints ID<TAB>title a line; - reads text from stdin)",
		setup: func(fs *flag.FlagSet) {
			fs.String("title", "", "title for text read from stdin (-)")
			fs.String("source", "", "source (outlet) for text read from stdin (-)")
			fs.String("telegram-username", "", "the @username of the Telegram channel being imported: its posts get https://t.me/NAME/ID links (remembered for that channel)")
			fs.Bool("attachments", false, "also import the PDF, DOCX and text attachments of e-mails as articles of their own")
		},
		run: runImport,
	})
}

func runImport(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("import needs at least one file, folder or link")
	}
	if name := fs.Lookup("telegram-username").Value.String(); name != "" {
		if _, err := annotate.ValidTelegramUsername(name); err != nil {
			return usagef("--telegram-username: %v", err)
		}
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var results []annotate.ImportResult
	record := func(r annotate.ImportResult) {
		if c.JSON {
			results = append(results, r)
			if r.Status == annotate.StatusFailed {
				c.failed = true
			}
			return
		}
		c.progress("") // an error or result line must not land on the progress line
		c.report([]annotate.ImportResult{r})
	}
	var sources []string
	for _, a := range args {
		if a != "-" {
			sources = append(sources, c.Path(a))
			continue
		}
		text, err := io.ReadAll(io.LimitReader(c.Stdin, annotate.MaxTextBytes+1))
		if err != nil {
			c.Errorf("import -: %v", err)
			continue
		}
		title := fs.Lookup("title").Value.String()
		source := fs.Lookup("source").Value.String()
		r, _ := ws.AddArticle(annotate.ArticleDraft{Title: title, Source: source, Text: string(text), Format: "text", Origin: "stdin"})
		record(r)
	}
	if len(sources) > 0 {
		opts := c.Import
		opts.TelegramUsername = fs.Lookup("telegram-username").Value.String()
		opts.Attachments = fs.Lookup("attachments").Value.String() == "true"
		im := &ingest.Importer{
			Options: opts,
			Report:  record,
			Skip:    func(_, note string) { c.Notef("%s", note) },
			Note: func(_, note string) {
				c.progress("")
				c.Notef("%s", note)
			},
			Progress: func(done, total int) {
				if total > 1 {
					c.progress(fmt.Sprintf("importing %d/%d", done, total))
				}
			},
		}
		_, err := im.Run(ctx, ws, sources)
		c.progress("")
		if err != nil {
			c.Errorf("import stopped: %v", err)
		}
	}
	if c.JSON {
		return c.printJSON(importJSON(results))
	}
	return nil
}

type importRow struct {
	Origin  string `json:"origin,omitempty"`
	Status  string `json:"status"`
	ID      string `json:"id,omitempty"`
	Title   string `json:"title,omitempty"`
	Error   string `json:"error,omitempty"`
	Orphans int    `json:"orphaned,omitempty"`
}

func importJSON(results []annotate.ImportResult) []importRow {
	rows := make([]importRow, 0, len(results))
	for _, r := range results {
		row := importRow{Origin: r.Origin, Status: string(r.Status), ID: r.Article.ID, Title: r.Article.Title, Orphans: r.Orphaned}
		if r.Err != nil {
			row.Error = r.Err.Error()
		}
		rows = append(rows, row)
	}
	return rows
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
