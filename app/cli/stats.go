package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"gloss.app/gloss/annotate/stats"
)

func init() {
	register(&command{
		name:    "stats",
		args:    "[--query Q] [--by day|week|month] [--same-article] [--csv DIR] [--json]",
		summary: "tag frequency, co-occurrence, timeline and tags per outlet, over everything or a search query's annotations",
		setup: func(fs *flag.FlagSet) {
			fs.String("query", "", "only the annotations this search query finds (default: all)")
			fs.String("by", "week", "timeline period: day, week or month")
			fs.Bool("same-article", false, "tags co-occur anywhere in one article (default: on the same or overlapping annotations)")
			fs.String("csv", "", "also write the tables as CSV files into this folder")
		},
		run: runStats,
	})
}

func runStats(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("stats takes no arguments (put a search query in --query)")
	}
	period, ok := stats.ParsePeriod(flagString(fs, "by"))
	if !ok {
		return usagef("--by is day, week or month, not %q", flagString(fs, "by"))
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	opts := stats.Options{Period: period, SameArticle: fs.Lookup("same-article").Value.String() == "true"}
	query := strings.TrimSpace(flagString(fs, "query"))
	if query != "" {
		ids, err := c.queryAnnotations(query)
		if err != nil {
			return fmt.Errorf("query %q: %w", query, err)
		}
		if ids == nil {
			ids = []string{}
		}
		opts.AnnotationIDs = ids
	}
	if opts.AnnotationIDs, err = ws.VisibleAnnotationIDs(opts.AnnotationIDs); err != nil { // blind coding
		return err
	}
	data, err := stats.Load(ws)
	if err != nil {
		return err
	}
	r := data.Compute(opts)
	if dir := flagString(fs, "csv"); dir != "" {
		files, err := writeStatsCSV(c.Path(dir), r)
		if err != nil {
			return err
		}
		for _, f := range files {
			c.Notef("wrote %s", f)
		}
	}
	if c.JSON {
		return c.printJSON(struct {
			Query string `json:"query"`
			stats.Report
		}{query, r})
	}
	printStats(c, r)
	return nil
}

// StatsTables are the CSV files `gloss stats --csv DIR` writes, by name.
var StatsTables = []struct {
	File  string
	Write func(w *bytes.Buffer, r stats.Report) error
}{
	{"frequency.csv", func(w *bytes.Buffer, r stats.Report) error { return stats.WriteFrequencyCSV(w, r) }},
	{"cooccurrence.csv", func(w *bytes.Buffer, r stats.Report) error { return stats.WriteCooccurrenceCSV(w, r) }},
	{"timeline.csv", func(w *bytes.Buffer, r stats.Report) error { return stats.WriteTimelineCSV(w, r) }},
	{"sources.csv", func(w *bytes.Buffer, r stats.Report) error { return stats.WriteSourcesCSV(w, r) }},
}

func writeStatsCSV(dir string, r stats.Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write tables: %w", err)
	}
	var files []string
	for _, t := range StatsTables {
		var buf bytes.Buffer
		if err := t.Write(&buf, r); err != nil {
			return files, err
		}
		path := filepath.Join(dir, t.File)
		if err := writeFileAtomic(path, buf.Bytes()); err != nil {
			return files, fmt.Errorf("write %s: %w", path, err)
		}
		files = append(files, path)
	}
	return files, nil
}

func printStats(c *Context, r stats.Report) {
	w := c.Stdout
	fmt.Fprintf(w, "%d annotations in %d articles\n", r.Annotations, r.Articles)
	if r.Annotations == 0 {
		return
	}
	paths := map[string]string{}
	for _, t := range r.Tags {
		paths[t.ID] = t.Path
	}

	fmt.Fprintln(w, "\nTags")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "annotations\tarticles\twith sub-tags\t\t")
	for _, t := range r.Tags {
		if t.TotalAnnotations == 0 {
			continue
		}
		rolled := ""
		if t.HasChildren {
			rolled = fmt.Sprintf("%d / %d", t.TotalAnnotations, t.TotalArticles)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t\t%s%s\n", t.Annotations, t.Articles, rolled, strings.Repeat("  ", t.Depth), t.Name)
	}
	tw.Flush()

	co := r.Cooccurrence
	how := "on the same or overlapping annotations"
	if co.SameArticle {
		how = "in the same article (counts are articles)"
	}
	type pair struct {
		a, b string
		n    int
	}
	var pairs []pair
	for i := range co.TagIDs {
		for j := i + 1; j < len(co.TagIDs); j++ {
			if n := co.Counts[i][j]; n > 0 {
				pairs = append(pairs, pair{paths[co.TagIDs[i]], paths[co.TagIDs[j]], n})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].n > pairs[j].n })
	fmt.Fprintf(w, "\nTags together %s\n", how)
	if len(pairs) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, p := range pairs {
		if i == 20 {
			fmt.Fprintf(tw, "  … %d more pairs (--json or --csv for all)\n", len(pairs)-20)
			break
		}
		fmt.Fprintf(tw, "  %d\t%s × %s\n", p.n, p.a, p.b)
	}
	tw.Flush()

	tl := r.Timeline
	fmt.Fprintf(w, "\nAnnotations per %s of the published date\n", tl.Period)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for b, bucket := range tl.Buckets {
		fmt.Fprintf(tw, "  %s\t%d\t%s\n", bucket.Label, bucket.Total, topTags(tl.Series, paths, func(s stats.Series) int { return s.Counts[b] }))
	}
	if tl.Undated > 0 {
		fmt.Fprintf(tw, "  undated\t%d\t%s\n", tl.Undated, topTags(tl.Series, paths, func(s stats.Series) int { return s.Undated }))
	}
	tw.Flush()

	fmt.Fprintln(w, "\nBy source")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range r.Sources {
		name := s.Source
		if name == "" {
			name = stats.NoSource
		}
		var series []stats.Series
		for id, n := range s.Tags {
			series = append(series, stats.Series{TagID: id, Undated: n})
		}
		sort.Slice(series, func(i, j int) bool { return paths[series[i].TagID] < paths[series[j].TagID] })
		fmt.Fprintf(tw, "  %s\t%d articles\t%d annotations\t%s\n", name, s.Articles, s.Annotations,
			topTags(series, paths, func(s stats.Series) int { return s.Undated }))
	}
	tw.Flush()
}

// topTags names the five largest non-zero counts: "Strikes 3, Diplomacy 2".
func topTags(series []stats.Series, paths map[string]string, count func(stats.Series) int) string {
	type tc struct {
		path string
		n    int
	}
	var list []tc
	for _, s := range series {
		if n := count(s); n > 0 {
			list = append(list, tc{paths[s.TagID], n})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].n > list[j].n })
	var parts []string
	for i, t := range list {
		if i == 5 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", t.path, t.n))
	}
	return strings.Join(parts, ", ")
}
