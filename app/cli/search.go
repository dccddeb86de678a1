package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
	"gloss.app/gloss/search/query"
)

func init() {
	register(&command{
		name: "search", args: "[--json] [--limit N] [--offset N] [--sort relevance|published|created] [--articles] [--] QUERY",
		summary: "search annotations (and articles) with the query language of docs/SEARCH.md; -word leaves out what matches word",
		setup: func(fs *flag.FlagSet) {
			fs.Int("limit", search.DefaultLimit, "number of hits to print")
			fs.Int("offset", 0, "number of hits to skip (pagination)")
			fs.String("sort", "", "relevance, published or created (default: relevance; created for an empty query)")
			fs.Bool("articles", false, "also list articles that match (even where nothing is annotated)")
		},
		parseArgs: queryArgs,
		run:       runSearch,
	})
}

// queryArgs reads the flags of gloss search and keeps every other argument as a word of
// the query: `gloss search kharkiv -disputed` leaves out what mentions disputed, where a
// flag parser would refuse -disputed as an unknown flag. Only the flags gloss search has
// are flags (with one or two dashes, before or after the query); after "--" everything is
// query, so a word that is also a flag's name can be excluded too: gloss search -- -limit.
func queryArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(words, args[i+1:]...), nil
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" {
			words = append(words, a)
			continue
		}
		if name == "h" || name == "help" {
			return nil, flag.ErrHelp
		}
		f := fs.Lookup(name)
		if f == nil {
			words = append(words, a) // -word: NOT word
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 >= len(args) {
				return nil, usageError{fmt.Sprintf("flag needs an argument: %s", a)}
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return nil, usageError{fmt.Sprintf("invalid value %q for flag %s: %v", value, a, err)}
		}
	}
	return words, nil
}

// badQuery words a query the parser could not read for the user.
func badQuery(err error) error {
	var pe *query.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("bad query: %s", pe.Error())
	}
	return err
}

type fragmentJSON struct {
	Field   string   `json:"field"`
	Text    string   `json:"text"`
	Matches [][2]int `json:"matches"`
}

type hitJSON struct {
	ID           string         `json:"id"`
	Kind         string         `json:"kind"`
	Article      string         `json:"article"`
	Score        float64        `json:"score"`
	Exact        *string        `json:"exact,omitempty"`
	Title        *string        `json:"title,omitempty"`
	ArticleTitle string         `json:"article_title,omitempty"`
	Note         string         `json:"note,omitempty"`
	Source       string         `json:"source"`
	Published    *string        `json:"published"`
	Created      *string        `json:"created"`
	Start        *int           `json:"start,omitempty"`
	End          *int           `json:"end,omitempty"`
	Tags         []string       `json:"tags"`
	TagPaths     []string       `json:"tag_paths"`
	TagIDs       []string       `json:"tag_ids"`
	Fragments    []fragmentJSON `json:"fragments"`
}

type facetJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

type searchJSON struct {
	Total  int                    `json:"total"`
	Offset int                    `json:"offset"`
	Limit  int                    `json:"limit"`
	Hits   []hitJSON              `json:"hits"`
	Facets map[string][]facetJSON `json:"facets"`
}

func runSearch(c *Context, fs *flag.FlagSet, args []string) error {
	req := search.Request{
		Query:    strings.Join(args, " "),
		Limit:    flagInt(fs, "limit"),
		Offset:   flagInt(fs, "offset"),
		Sort:     flagString(fs, "sort"),
		Articles: fs.Lookup("articles").Value.String() == "true",
		Facets:   true,
	}
	switch {
	case req.Limit < 1 || req.Limit > search.MaxLimit:
		return usagef("--limit is a number from 1 to %d, not %d", search.MaxLimit, req.Limit)
	case req.Offset < 0:
		return usagef("--offset cannot be negative")
	case req.Sort != "" && req.Sort != search.SortRelevance && req.Sort != search.SortPublished && req.Sort != search.SortCreated:
		return usagef("--sort is relevance, published or created, not %q", req.Sort)
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	ix, err := c.index()
	if err != nil {
		return err
	}
	res, err := ix.Search(req) // blind coding: the index leaves out what the analyst is not shown
	if err != nil {
		return badQuery(err)
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(toSearchJSON(req, res, cb))
	}
	printSearch(c.Stdout, req, res, cb, highlighter(c.Stdout))
	if res.Total == 0 && !req.Articles {
		// Nothing annotated matches: say whether the articles themselves mention it.
		more := req
		more.Articles, more.Facets, more.Offset, more.Limit = true, false, 0, 1
		if all, err := ix.Search(more); err == nil && all.Total > 0 {
			fmt.Fprintf(c.Stdout, "%d articles match: add --articles to list them.\n", all.Total)
		}
	}
	return nil
}

func toSearchJSON(req search.Request, res *search.Results, cb *annotate.Codebook) searchJSON {
	out := searchJSON{Total: res.Total, Offset: req.Offset, Limit: req.Limit, Hits: []hitJSON{}, Facets: map[string][]facetJSON{}}
	for _, h := range res.Hits {
		j := hitJSON{ID: h.ID, Kind: h.Kind, Article: h.ArticleID, Score: h.Score, Source: h.Source,
			Published: timeJSON(h.Published), Created: timeJSON(h.Created), Note: h.Note,
			Tags: []string{}, TagPaths: []string{}, TagIDs: []string{}, Fragments: []fragmentJSON{}}
		if h.Kind == search.KindAnnotation {
			exact, start, end := h.Exact, h.Start, h.End
			j.Exact, j.Start, j.End, j.ArticleTitle = &exact, &start, &end, h.Title
		} else {
			title := h.Title
			j.Title = &title
		}
		for _, id := range h.TagIDs {
			name := id
			if t, ok := cb.Tag(id); ok {
				name = t.Name
			}
			j.Tags = append(j.Tags, name)
			j.TagPaths = append(j.TagPaths, cb.Path(id))
			j.TagIDs = append(j.TagIDs, id)
		}
		for _, f := range h.Fragments {
			m := f.Matches
			if m == nil {
				m = [][2]int{}
			}
			j.Fragments = append(j.Fragments, fragmentJSON{Field: f.Field, Text: f.Text, Matches: m})
		}
		out.Hits = append(out.Hits, j)
	}
	add := func(name string, list []search.FacetCount) {
		l := []facetJSON{}
		for _, f := range list {
			l = append(l, facetJSON{Key: f.Key, Label: f.Label, Count: f.Count})
		}
		out.Facets[name] = l
	}
	add("tags", res.Facets.Tags)
	add("sources", res.Facets.Sources)
	add("authors", res.Facets.Authors)
	add("months", res.Facets.Months)
	return out
}

// markers wraps the matched words: bold on a terminal, [brackets] otherwise.
type markers struct{ open, close string }

func highlighter(w io.Writer) markers {
	if IsTerminal(w) {
		return markers{"\033[1;4m", "\033[0m"}
	}
	return markers{"[", "]"}
}

func (m markers) mark(f search.Fragment) string {
	rs := []rune(f.Text)
	var sb strings.Builder
	last := 0
	for _, r := range f.Matches {
		if r[0] < last || r[1] > len(rs) || r[0] > r[1] {
			continue
		}
		sb.WriteString(string(rs[last:r[0]]))
		sb.WriteString(m.open + string(rs[r[0]:r[1]]) + m.close)
		last = r[1]
	}
	sb.WriteString(string(rs[last:]))
	return oneLine(sb.String())
}

func printSearch(w io.Writer, req search.Request, res *search.Results, cb *annotate.Codebook, m markers) {
	switch {
	case res.Total == 0:
		fmt.Fprintln(w, "No results.")
		return
	case len(res.Hits) == 0:
		fmt.Fprintf(w, "%d results; none from %d on.\n", res.Total, req.Offset+1)
	default:
		fmt.Fprintf(w, "%d results (%d–%d):\n", res.Total, req.Offset+1, req.Offset+len(res.Hits))
	}
	for _, h := range res.Hits {
		fmt.Fprintf(w, "\n%s  %s  %s  %s — %s\n", h.ID, h.Kind, dateOrDash(h.Published), orDash(h.Source), oneLine(h.Title))
		shown := map[string]bool{}
		for _, f := range h.Fragments {
			shown[f.Field] = true
			fmt.Fprintf(w, "  %s: %s\n", f.Field, m.mark(f))
		}
		if h.Kind == search.KindAnnotation {
			if !shown["quote"] {
				fmt.Fprintf(w, "  quote: %s\n", oneLine(h.Exact))
			}
			if h.Note != "" && !shown["note"] {
				fmt.Fprintf(w, "  note: %s\n", oneLine(h.Note))
			}
			var paths []string
			for _, id := range h.TagIDs {
				paths = append(paths, cb.Path(id))
			}
			fmt.Fprintf(w, "  tags: %s\n", strings.Join(paths, ", "))
		}
	}
	facet := func(name string, list []search.FacetCount) {
		if len(list) == 0 {
			return
		}
		parts := make([]string, 0, len(list))
		for _, f := range list {
			parts = append(parts, fmt.Sprintf("%s (%d)", f.Label, f.Count))
		}
		fmt.Fprintf(w, "%s: %s\n", name, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	facet("tags", res.Facets.Tags)
	facet("sources", res.Facets.Sources)
	facet("authors", res.Facets.Authors)
	facet("months", res.Facets.Months)
}
