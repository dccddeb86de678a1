package stats

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// The tables behind the charts, as CSV for spreadsheets. Tags are named by their paths.

// WriteFrequencyCSV writes tag,annotations,articles,total_annotations,total_articles.
func WriteFrequencyCSV(w io.Writer, r Report) error {
	rows := [][]string{{"tag", "color", "annotations", "articles", "total_annotations", "total_articles"}}
	for _, t := range r.Tags {
		rows = append(rows, []string{t.Path, t.Color, itoa(t.Annotations), itoa(t.Articles), itoa(t.TotalAnnotations), itoa(t.TotalArticles)})
	}
	return writeAll(w, rows)
}

// WriteCooccurrenceCSV writes the matrix with tag paths as the first row and column.
func WriteCooccurrenceCSV(w io.Writer, r Report) error {
	paths := r.pathsOf(r.Cooccurrence.TagIDs)
	rows := [][]string{append([]string{""}, paths...)}
	for i, row := range r.Cooccurrence.Counts {
		line := []string{paths[i]}
		for _, n := range row {
			line = append(line, itoa(n))
		}
		rows = append(rows, line)
	}
	return writeAll(w, rows)
}

// WriteTimelineCSV writes one row per period (and one "undated" row) with the number of
// annotations and a column per tag (an annotation with two tags counts in both columns, so
// the tag columns can add up to more than "annotations").
func WriteTimelineCSV(w io.Writer, r Report) error {
	tl := r.Timeline
	ids := make([]string, len(tl.Series))
	for i, s := range tl.Series {
		ids[i] = s.TagID
	}
	rows := [][]string{append([]string{string(tl.Period), "start", "annotations"}, r.pathsOf(ids)...)}
	for b, bucket := range tl.Buckets {
		line := []string{bucket.Label, bucket.Start.Format("2006-01-02"), itoa(bucket.Total)}
		for _, s := range tl.Series {
			line = append(line, itoa(s.Counts[b]))
		}
		rows = append(rows, line)
	}
	if tl.Undated > 0 {
		line := []string{"undated", "", itoa(tl.Undated)}
		for _, s := range tl.Series {
			line = append(line, itoa(s.Undated))
		}
		rows = append(rows, line)
	}
	return writeAll(w, rows)
}

// WriteSourcesCSV writes one row per outlet with its articles, annotations and a column
// per tag used in the set.
func WriteSourcesCSV(w io.Writer, r Report) error {
	ids := r.Cooccurrence.TagIDs // the tags used in the set, codebook order
	rows := [][]string{append([]string{"source", "articles", "annotations"}, r.pathsOf(ids)...)}
	for _, s := range r.Sources {
		name := s.Source
		if name == "" {
			name = NoSource
		}
		line := []string{name, itoa(s.Articles), itoa(s.Annotations)}
		for _, id := range ids {
			line = append(line, itoa(s.Tags[id]))
		}
		rows = append(rows, line)
	}
	return writeAll(w, rows)
}

// Tag returns the frequency row of a tag id.
func (r Report) Tag(id string) (TagCount, bool) {
	for _, t := range r.Tags {
		if t.ID == id {
			return t, true
		}
	}
	return TagCount{}, false
}

func (r Report) pathsOf(ids []string) []string {
	paths := make([]string, len(ids))
	for i, id := range ids {
		paths[i] = id
		if t, ok := r.Tag(id); ok {
			paths[i] = t.Path
		}
	}
	return paths
}

// CellQuery is the search query for a co-occurrence cell: annotations carrying both tags
// (search cannot express "overlapping"; those annotations are the core of the cell), or,
// per article, both tags anywhere, within the query the statistics were computed over.
func CellQuery(base, pathA, pathB string) string {
	q := TagQuery(pathA)
	if pathB != pathA {
		q += " " + TagQuery(pathB)
	}
	if base = strings.TrimSpace(base); base != "" {
		q = "(" + base + ") " + q
	}
	return q
}

// TagQuery is the query term for a tag path: tag:"Parent/Child".
func TagQuery(path string) string {
	return `tag:"` + strings.ReplaceAll(path, `"`, " ") + `"`
}

func itoa(n int) string { return strconv.Itoa(n) }

func writeAll(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
