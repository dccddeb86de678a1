// Package codebookio reads and writes codebooks in the formats other tools use: the
// REFI-QDA codebook exchange format (.qdc, shared by MAXQDA, NVivo, ATLAS.ti, QualCoder
// and Taguette) and a CSV sheet (path,description,color) for spreadsheet users.
// Reading gives annotate.CodeDraft trees; Workspace.ImportCodebook merges them.
package codebookio

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"gloss.app/gloss/annotate"
	"golang.org/x/text/encoding/charmap"
)

// QDCNamespace is the XML namespace of a REFI-QDA codebook.
const QDCNamespace = "urn:QDA-XML:codebook:1.0"

// MaxFileSize bounds what the readers accept: real codebooks are a few hundred kB.
const MaxFileSize = 32 << 20

type qdcBook struct {
	XMLName xml.Name  `xml:"urn:QDA-XML:codebook:1.0 CodeBook"`
	Origin  string    `xml:"origin,attr,omitempty"`
	Codes   []qdcCode `xml:"Codes>Code"`
}

type qdcCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   string    `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description *string   `xml:"Description"`
	Codes       []qdcCode `xml:"Code"`
}

// WriteQDC writes the codebook as a REFI-QDA .qdc document (UTF-8, no byte-order mark):
// CodeBook → Codes → nested Code elements whose guid is the tag id.
func WriteQDC(w io.Writer, cb *annotate.Codebook) error {
	var build func(parent string) []qdcCode
	build = func(parent string) []qdcCode {
		var out []qdcCode
		for _, t := range cb.Children(parent) {
			c := qdcCode{GUID: t.ID, Name: t.Name, IsCodable: "true", Color: strings.ToUpper(t.Color), Codes: build(t.ID)}
			if t.Description != "" {
				d := t.Description
				c.Description = &d
			}
			out = append(out, c)
		}
		return out
	}
	book := qdcBook{Origin: "Gloss", Codes: build("")}
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(book); err != nil {
		return fmt.Errorf("write codebook: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ReadQDC reads the codes of a REFI-QDA codebook (.qdc), or of the CodeBook inside a
// REFI-QDA project (.qde's project.qde). GUIDs may be braced; #RGB colours become #RRGGBB;
// a missing or unreadable colour is left "" for the importer to pick one.
func ReadQDC(r io.Reader) ([]annotate.CodeDraft, error) {
	data, err := readCodebookFile(r)
	if err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if root == "" {
				return nil, errors.New("not a REFI-QDA codebook: the file holds no XML element")
			}
			return nil, fmt.Errorf("not a REFI-QDA codebook: <%s> holds no <Codes> element", root)
		}
		if err != nil {
			return nil, fmt.Errorf("not a readable REFI-QDA codebook: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = start.Name.Local
			if root != "CodeBook" && root != "Project" {
				return nil, fmt.Errorf("not a REFI-QDA codebook: its root element is <%s>, not <CodeBook>", root)
			}
		}
		if start.Name.Local != "Codes" {
			continue
		}
		var codes struct {
			Codes []qdcCode `xml:"Code"`
		}
		if err := dec.DecodeElement(&codes, &start); err != nil {
			return nil, fmt.Errorf("not a readable REFI-QDA codebook: %w", err)
		}
		return convert(codes.Codes), nil
	}
}

func convert(codes []qdcCode) []annotate.CodeDraft {
	out := make([]annotate.CodeDraft, 0, len(codes))
	for _, c := range codes {
		d := annotate.CodeDraft{GUID: strings.TrimSpace(c.GUID), Name: c.Name, Color: NormalizeColor(c.Color), Children: convert(c.Codes)}
		if c.Description != nil {
			d.Description = strings.TrimSpace(*c.Description)
		}
		out = append(out, d)
	}
	return out
}

// NormalizeColor turns "#abc", "#AABBCC" or "aabbcc" into "#AABBCC"; anything else gives "".
func NormalizeColor(c string) string {
	c = strings.TrimPrefix(strings.TrimSpace(c), "#")
	for _, r := range c {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return ""
		}
	}
	switch len(c) {
	case 3:
		c = string([]byte{c[0], c[0], c[1], c[1], c[2], c[2]})
	case 6:
	case 8: // #RRGGBBAA: the alpha has no place in a tag colour
		c = c[:6]
	default:
		return ""
	}
	return "#" + strings.ToUpper(c)
}

// charsetReader accepts the encodings REFI-QDA files declare in practice. The standard
// says UTF-8; some tools write "utf-8" in other spellings or Latin-1.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.ReplaceAll(label, "_", "-")) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("the file is encoded as %q; save it as UTF-8", label)
}

// readCodebookFile reads a whole codebook file, refusing one over MaxFileSize, without a
// UTF-8 byte-order mark.
func readCodebookFile(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MB: not a codebook", MaxFileSize>>20)
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}
