package exchange

import (
	"bufio"
	"encoding/csv"
	"strconv"
	"time"

	"gloss.app/gloss/annotate"
)

// CSVHeader names the columns of a CSV export.
var CSVHeader = []string{"annotation_id", "article_title", "source", "url", "published", "tag_path", "exact", "note", "author", "created", "start", "end", "origin"}

// csvEncoder writes one row per annotation and tag (an annotation with three tags gives
// three rows), RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte-order mark so that
// spreadsheet programs read Cyrillic right.
type csvEncoder struct {
	w   *bufio.Writer
	c   *csv.Writer
	cb  *annotate.Codebook
	row []string
	st  Stats
}

func newCSVEncoder(w *bufio.Writer) *csvEncoder {
	c := csv.NewWriter(w)
	c.UseCRLF = true
	return &csvEncoder{w: w, c: c, row: make([]string, len(CSVHeader))}
}

func (e *csvEncoder) begin(_ docHeader, cb *annotate.Codebook) error {
	e.cb = cb
	e.w.WriteString("\uFEFF")
	return e.c.Write(CSVHeader)
}

func (e *csvEncoder) article(annotate.Article) error { e.st.Articles++; return nil }

func (e *csvEncoder) annotation(art annotate.Article, a annotate.Annotation) error {
	e.st.Annotations++
	published := ""
	if !art.Published.IsZero() {
		published = art.Published.UTC().Format(time.RFC3339)
	}
	for _, id := range a.TagIDs {
		path := id
		if _, ok := e.cb.Tag(id); ok {
			path = e.cb.Path(id)
		}
		r := e.row
		r[0], r[1], r[2], r[3], r[4], r[5] = a.ID, art.Title, art.Source, art.URL, published, path
		r[6], r[7], r[8], r[9] = a.Exact, a.Note, a.Author, a.Created.UTC().Format(time.RFC3339) // seconds: what spreadsheets parse
		r[10], r[11], r[12] = strconv.Itoa(a.Start), strconv.Itoa(a.End), csvOrigin(a)
		if err := e.c.Write(r); err != nil {
			return err
		}
		e.st.Rows++
	}
	return nil
}

func (e *csvEncoder) end(_ *annotate.Codebook, used []string) error {
	e.st.Tags = len(used)
	e.c.Flush()
	return e.c.Error()
}

func (e *csvEncoder) stats() Stats { return e.st }
