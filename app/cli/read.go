package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"gloss.app/gloss/annotate"
)

func init() {
	register(&command{name: "articles", args: "[--source NAME]", summary: "list the articles: id, title, source, published, annotations (--source: only those of one outlet or Telegram channel)",
		setup: func(fs *flag.FlagSet) {
			fs.String("source", "", "list only the articles of this source (outlet or Telegram channel; case does not matter)")
		},
		run: runArticles})
	register(&command{name: "show", args: "ARTICLE", summary: "print an article's metadata, text and annotations", run: runShow})
	register(&command{name: "tags", summary: "print the codebook with the number of annotations per tag", run: runTags})
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02")
}

func runArticles(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("articles", args)
	if err != nil {
		return err
	}
	list, err := ws.VisibleArticles() // blind coding: counts of what the analyst is shown
	if err != nil {
		return err
	}
	if src := fs.Lookup("source").Value.String(); src != "" {
		list = annotate.FilterArticles(list, annotate.ArticleFilter{Source: src})
	}
	if c.JSON {
		out := make([]articleJSON, 0, len(list))
		for _, a := range list {
			out = append(out, articleJSON{ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Author: a.Author,
				Published: timeJSON(a.Published), Language: a.Language, Annotations: a.Annotations})
		}
		return c.printJSON(out)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	for _, a := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", a.ID, a.Title, orDash(a.Source), dateOrDash(a.Published), a.Annotations)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runShow(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("show takes one article id (or a unique prefix of it)")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	a, err := ws.ResolveArticle(args[0])
	if err != nil {
		return err
	}
	anns, err := ws.Annotations(a.ID)
	if err != nil {
		return err
	}
	anns = ws.Visibility().Filter(anns) // blind coding: only one's own
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	if c.JSON {
		out := articleDetailJSON{ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Author: a.Author,
			Published: timeJSON(a.Published), Language: a.Language, ImportedAt: a.ImportedAt.UTC().Format(time.RFC3339),
			Origin: a.Origin, Format: a.Format, SHA256: a.SHA256, Version: a.Version, Text: a.Text,
			Annotations: []annotationJSON{}, MessageID: a.MessageID, ForwardedFrom: a.ForwardedFrom, ReplyTo: a.ReplyTo}
		if !a.Edited.IsZero() {
			out.Edited = timeJSON(a.Edited)
		}
		for _, an := range anns {
			out.Annotations = append(out.Annotations, toAnnotationJSON(an, cb))
		}
		return c.printJSON(out)
	}
	w := c.Stdout
	fmt.Fprintf(w, "%s\n", a.Title)
	for _, f := range [][2]string{{"id", a.ID}, {"source", a.Source}, {"author", a.Author}, {"published", dateOrEmpty(a.Published)},
		{"language", a.Language}, {"url", a.URL}, {"origin", a.Origin},
		{"forwarded", a.ForwardedFrom}, {"reply to", replyLabel(ws, a.ReplyTo)}, {"edited", dateOrEmpty(a.Edited)}} {
		if f[1] != "" {
			fmt.Fprintf(w, "%-10s %s\n", f[0]+":", f[1])
		}
	}
	fmt.Fprintf(w, "\n%s\n", a.Text)
	if len(anns) > 0 {
		fmt.Fprintf(w, "\n%d annotations:\n", len(anns))
		for _, an := range anns {
			printAnnotation(c, an, cb)
		}
	}
	return nil
}

// replyLabel names the message an article answers: its title when it is in the
// workspace, else its message id.
func replyLabel(ws *annotate.Workspace, messageID string) string {
	if messageID == "" {
		return ""
	}
	if a, ok := ws.ArticleByMessageID(messageID); ok {
		return fmt.Sprintf("%s (%s)", a.Title, a.ID)
	}
	return messageID
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}

func printAnnotation(c *Context, a annotate.Annotation, cb *annotate.Codebook) {
	var tags []string
	for _, id := range a.TagIDs {
		tags = append(tags, cb.Path(id))
	}
	state := ""
	if a.State == annotate.Orphaned {
		state = " [orphaned: quote not found in the current text]"
	}
	fmt.Fprintf(c.Stdout, "%s\t%d-%d\t%s\t%q%s\n", a.ID, a.Start, a.End, strings.Join(tags, "; "), a.Exact, state)
	if a.Note != "" {
		fmt.Fprintf(c.Stdout, "\tnote: %s\n", strings.ReplaceAll(a.Note, "\n", "\n\t      "))
	}
}

type tagJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Path        string `json:"path"`
	Parent      string `json:"parent"`
	Color       string `json:"color"`
	Description string `json:"description"`
	Hotkey      int    `json:"hotkey"`
	Annotations int    `json:"annotations"`
	Articles    int    `json:"articles"`
}

func runTags(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("tags", args)
	if err != nil {
		return err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	usage, err := ws.VisibleTagUsage()
	if err != nil {
		return err
	}
	if c.JSON {
		out := []tagJSON{}
		for _, t := range cb.Tags() {
			out = append(out, tagJSON{ID: t.ID, Name: t.Name, Path: cb.Path(t.ID), Parent: t.ParentID, Color: t.Color,
				Description: t.Description, Hotkey: t.Hotkey, Annotations: usage[t.ID].Annotations, Articles: usage[t.ID].Articles})
		}
		return c.printJSON(out)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	for _, t := range cb.Tags() {
		key := " "
		if t.Hotkey != 0 {
			key = fmt.Sprint(t.Hotkey)
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%d\n", key, strings.Repeat("  ", cb.Depth(t.ID)), t.Name, t.Color, usage[t.ID].Annotations)
	}
	return tw.Flush()
}
