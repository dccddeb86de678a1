package codebookio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"gloss.app/gloss/annotate"
)

// CSVHeader is the first row of an exported CSV codebook.
var CSVHeader = []string{"path", "description", "color"}

// WriteCSV writes one row per tag, parents before children: its path ("Parent/Child"),
// description and #RRGGBB colour.
func WriteCSV(w io.Writer, cb *annotate.Codebook) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, t := range cb.Tags() {
		if err := cw.Write([]string{cb.Path(t.ID), t.Description, strings.ToUpper(t.Color)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads a CSV codebook: a path column ("Parent/Child"; parents a row does not list
// are made), optional description and color columns. With a header row the columns may
// come in any order ("colour", "name" and "guid"/"id" are understood too); without one they
// are path, description, color. Commas or semicolons separate the fields (spreadsheets in
// many locales save with semicolons); a UTF-8 byte-order mark is ignored.
func ReadCSV(r io.Reader) ([]annotate.CodeDraft, error) {
	data, err := readCodebookFile(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = guessComma(data)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	rows, err := cr.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("CSV codebook line %d: %v", pe.Line, pe.Err)
		}
		return nil, err
	}
	col := map[string]int{"path": 0, "description": 1, "color": 2, "guid": -1}
	if len(rows) > 0 && isHeader(rows[0]) {
		col = map[string]int{"path": -1, "description": -1, "color": -1, "guid": -1}
		for i, h := range rows[0] {
			switch strings.ToLower(strings.TrimSpace(h)) {
			case "path", "name", "code", "tag":
				if col["path"] < 0 {
					col["path"] = i
				}
			case "description", "memo":
				col["description"] = i
			case "color", "colour":
				col["color"] = i
			case "guid", "id", "uuid":
				col["guid"] = i
			}
		}
		if col["path"] < 0 {
			return nil, errors.New("CSV codebook: the header has no path column")
		}
		rows = rows[1:]
	}
	field := func(row []string, name string) string {
		if i := col[name]; i >= 0 && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	root := &csvNode{}
	for n, row := range rows {
		path := field(row, "path")
		if path == "" {
			if strings.TrimSpace(strings.Join(row, "")) == "" {
				continue // a blank line
			}
			return nil, fmt.Errorf("CSV codebook row %d: the path is empty", n+1)
		}
		node := root
		for _, name := range strings.Split(path, annotate.PathSeparator) {
			name = strings.TrimSpace(name)
			if name == "" {
				return nil, fmt.Errorf("CSV codebook row %d: path %q has an empty name in it", n+1, path)
			}
			node = node.child(name)
		}
		color := field(row, "color")
		if color != "" {
			node.draft.Color = NormalizeColor(color)
			if node.draft.Color == "" {
				return nil, fmt.Errorf("CSV codebook row %d: %q is not a colour of the form #RRGGBB", n+1, color)
			}
		}
		if d := field(row, "description"); d != "" {
			node.draft.Description = d
		}
		if g := field(row, "guid"); g != "" {
			node.draft.GUID = g
		}
	}
	return root.drafts(), nil
}

// isHeader reports whether every cell of the row is a column name.
func isHeader(row []string) bool {
	n := 0
	for _, cell := range row {
		switch strings.ToLower(strings.TrimSpace(cell)) {
		case "path", "name", "code", "tag", "description", "memo", "color", "colour", "guid", "id", "uuid":
			n++
		case "":
		default:
			return false
		}
	}
	return n > 0
}

// guessComma picks ';' when the first line has semicolons and no commas.
func guessComma(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	if bytes.Count(line, []byte(";")) > 0 && bytes.Count(line, []byte(",")) == 0 {
		return ';'
	}
	return ','
}

// csvNode builds the code tree from paths, keeping the order rows first name a code in.
type csvNode struct {
	draft    annotate.CodeDraft
	children []*csvNode
}

func (n *csvNode) child(name string) *csvNode {
	for _, c := range n.children {
		if strings.EqualFold(c.draft.Name, name) {
			return c
		}
	}
	c := &csvNode{draft: annotate.CodeDraft{Name: name}}
	n.children = append(n.children, c)
	return c
}

func (n *csvNode) drafts() []annotate.CodeDraft {
	var out []annotate.CodeDraft
	for _, c := range n.children {
		d := c.draft
		d.Children = c.drafts()
		out = append(out, d)
	}
	return out
}
