package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
)

// A .docx is a zip of XML parts: word/document.xml holds the body, word/footnotes.xml and
// word/endnotes.xml the notes, docProps/core.xml the title, author and dates. Parts are
// read as XML token streams through a size limit, so a zip bomb (a few kilobytes that
// unpack to gigabytes) is refused once the limit is passed, never unpacked whole.

// maxDOCXPartBytes bounds what one part of a Word document may unpack to.
const maxDOCXPartBytes = 64 << 20

// maxXMLDepth bounds element nesting in a document part.
const maxXMLDepth = 1000

var errDOCXBomb = fmt.Errorf("the document unpacks to more than %d MB (a damaged file or a zip bomb)", maxDOCXPartBytes>>20)

// isDOCX reports whether data is a zip holding a Word document body.
func isDOCX(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/") {
			return true
		}
	}
	return false
}

// ReadDOCX reads a Word (.docx) document: paragraphs, headings, list items and table
// cells in order, the text of links, footnotes and endnotes at the end; title, author
// and creation date from the document properties.
func ReadDOCX(r io.ReaderAt, size int64) (d annotate.ArticleDraft, err error) {
	defer recoverParser("Word", &err)
	var head [8]byte
	if n, _ := r.ReadAt(head[:], 0); n >= 4 && !bytes.HasPrefix(head[:n], []byte("PK")) {
		if bytes.HasPrefix(head[:n], []byte("\xd0\xcf\x11\xe0")) {
			return d, errors.New("it is a password-protected Word document or an old .doc file; save it as .docx without a password")
		}
		return d, errors.New("it is not a Word .docx document (not a zip archive)")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return d, errors.New("the Word document is damaged (its zip archive cannot be read)")
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	mainPart := docxMainPart(files)
	if files[mainPart] == nil {
		return d, errors.New("it is not a Word document (the archive has no word/document.xml)")
	}
	notes := map[string]string{}
	for _, name := range []string{"word/footnotes.xml", "word/endnotes.xml"} {
		if f := files[path.Join(path.Dir(mainPart), path.Base(name))]; f != nil {
			if err := readDOCXNotes(f, notes); err != nil {
				return d, err
			}
		}
	}
	body, order, err := readDOCXBody(files[mainPart])
	if err != nil {
		return d, err
	}
	if f := files["docProps/core.xml"]; f != nil {
		if err := readDOCXCore(f, &d); err != nil {
			return d, err
		}
	}
	if d.Title == "" {
		d.Title = body.title
	}
	text := strings.Join(body.blocks, "\n\n")
	if len(order) > 0 {
		var b strings.Builder
		b.WriteString(text)
		b.WriteString("\n\nNotes")
		for i, id := range order {
			fmt.Fprintf(&b, "\n\n[%d] %s", i+1, notes[id])
		}
		text = b.String()
	}
	if strings.TrimSpace(text) == "" {
		return d, errors.New("the Word document has no text")
	}
	d.Text, d.Format = text, "docx"
	return d, nil
}

// docxMainPart finds the document body through the package relationships (some writers
// do not call it word/document.xml).
func docxMainPart(files map[string]*zip.File) string {
	const fallback = "word/document.xml"
	f := files["_rels/.rels"]
	if f == nil {
		return fallback
	}
	rc, err := openPart(f)
	if err != nil {
		return fallback
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err != nil {
			return fallback
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			if strings.HasSuffix(xmlAttr(se, "Type"), "/officeDocument") {
				if target := strings.TrimPrefix(path.Clean("/"+xmlAttr(se, "Target")), "/"); files[target] != nil {
					return target
				}
			}
		}
	}
}

// openPart opens a zip member through the unpacked-size limit.
func openPart(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > maxDOCXPartBytes {
		return nil, errDOCXBomb
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("the Word document is damaged (%s cannot be unpacked)", f.Name)
	}
	return &limitedPart{rc: rc, left: maxDOCXPartBytes}, nil
}

// limitedPart fails once a part unpacks to more than the limit, whatever its header said.
type limitedPart struct {
	rc   io.ReadCloser
	left int64
}

func (l *limitedPart) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errDOCXBomb
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitedPart) Close() error { return l.rc.Close() }

func xmlAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxText collects blocks of text while walking a document part.
type docxText struct {
	blocks []string
	title  string
	// footnote ids in the order their references appear
	noteOrder []string
	noteSeen  map[string]int
}

// paragraph is a w:p being read; paragraphs nest (a text box inside a paragraph).
type paragraph struct {
	b       strings.Builder
	style   string
	list    bool
	level   int
	inTable bool
	inner   []*paragraph // text boxes anchored in it
}

// docxWalker reads the runs of one part. onParagraph receives each finished paragraph.
type docxWalker struct {
	dec         *xml.Decoder
	paras       []*paragraph
	skip        int // depth inside an element whose text is not shown (deleted text, field code, fallback)
	depth       int
	tableDepth  int
	onParagraph func(p *paragraph)
	onNoteRef   func(id string) string
	// onElement, when set, sees every start (end false) and end element outside skipped
	// parts first, at its depth; true means it handled the element.
	onElement func(name string, se xml.StartElement, end bool, depth int) bool
}

func (w *docxWalker) run(rc io.Reader) error {
	w.dec = xml.NewDecoder(rc)
	w.dec.Strict = false
	w.dec.CharsetReader = func(label string, input io.Reader) (io.Reader, error) { return input, nil }
	inText := false
	for {
		tok, err := w.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, errDOCXBomb) {
				return err
			}
			return fmt.Errorf("the Word document is damaged (its XML cannot be read: %s)", oneLine(err.Error()))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			w.depth++
			if w.depth > maxXMLDepth {
				return fmt.Errorf("the Word document nests its elements more than %d levels deep", maxXMLDepth)
			}
			if w.skip > 0 {
				w.skip++
				continue
			}
			if w.onElement != nil && w.onElement(t.Name.Local, t, false, w.depth) {
				continue
			}
			w.start(t, &inText)
		case xml.EndElement:
			w.depth--
			if w.skip > 0 {
				w.skip--
				continue
			}
			if w.onElement != nil && w.onElement(t.Name.Local, xml.StartElement{}, true, w.depth+1) {
				continue
			}
			w.end(t, &inText)
		case xml.CharData:
			if inText && w.skip == 0 && len(w.paras) > 0 {
				w.paras[len(w.paras)-1].b.Write(t)
			}
		}
	}
}

func (w *docxWalker) emit(p *paragraph) {
	w.onParagraph(p)
	for _, in := range p.inner {
		w.emit(in)
	}
}

func (w *docxWalker) cur() *paragraph {
	if len(w.paras) == 0 {
		return nil
	}
	return w.paras[len(w.paras)-1]
}

func (w *docxWalker) write(s string) {
	if p := w.cur(); p != nil {
		p.b.WriteString(s)
	}
}

func (w *docxWalker) start(t xml.StartElement, inText *bool) {
	switch t.Name.Local {
	case "delText", "instrText", "Fallback", "del", "moveFrom":
		// Deleted revisions, field codes, and the fallback copy of a text box whose
		// modern copy is read: never shown as text.
		w.skip = 1
	case "p":
		w.paras = append(w.paras, &paragraph{inTable: w.tableDepth > 0})
	case "tbl":
		w.tableDepth++
	case "pStyle":
		if p := w.cur(); p != nil {
			p.style = xmlAttr(t, "val")
		}
	case "numPr":
		if p := w.cur(); p != nil {
			p.list = true
		}
	case "ilvl":
		if p := w.cur(); p != nil {
			p.level, _ = strconv.Atoi(xmlAttr(t, "val"))
			p.level = max(0, min(p.level, 8))
		}
	case "t":
		*inText = true
	case "tab", "ptab":
		if !isPropertyTab(t) {
			w.write("\t")
		}
	case "br", "cr":
		if xmlAttr(t, "type") != "page" && xmlAttr(t, "type") != "column" {
			w.write("\n")
		} else {
			w.write(" ")
		}
	case "noBreakHyphen":
		w.write("\u2011")
	case "footnoteReference", "endnoteReference":
		if w.onNoteRef != nil {
			w.write("[" + w.onNoteRef(t.Name.Local[:3]+xmlAttr(t, "id")) + "]")
		}
	case "sym":
		// Symbol-font characters (bullets, arrows) have no Unicode meaning: left out.
	}
}

// isPropertyTab tells a tab stop definition (w:tabs/w:tab inside paragraph properties)
// from a tab character in a run: stops carry a position.
func isPropertyTab(t xml.StartElement) bool { return xmlAttr(t, "pos") != "" }

func (w *docxWalker) end(t xml.EndElement, inText *bool) {
	switch t.Name.Local {
	case "t":
		*inText = false
	case "p":
		if p := w.cur(); p != nil {
			w.paras = w.paras[:len(w.paras)-1]
			if parent := w.cur(); parent != nil {
				// A text box inside a paragraph is read after the paragraph around it.
				parent.inner = append(parent.inner, p)
				return
			}
			w.emit(p)
		}
	case "tbl":
		w.tableDepth = max(0, w.tableDepth-1)
	}
}

// readDOCXBody reads the document body into blocks: a heading or paragraph each, runs of
// list items as one block of "• item" lines, each table cell's paragraphs in order.
func readDOCXBody(f *zip.File) (*docxText, []string, error) {
	rc, err := openPart(f)
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	out := &docxText{noteSeen: map[string]int{}}
	var list []string
	size := 0
	flushList := func() {
		if len(list) > 0 {
			out.blocks = append(out.blocks, strings.Join(list, "\n"))
			list = nil
		}
	}
	w := &docxWalker{
		onNoteRef: func(id string) string {
			n, ok := out.noteSeen[id]
			if !ok {
				out.noteOrder = append(out.noteOrder, id)
				n = len(out.noteOrder)
				out.noteSeen[id] = n
			}
			return strconv.Itoa(n)
		},
	}
	var tooLong bool
	w.onParagraph = func(p *paragraph) {
		text := cleanDOCXText(p.b.String())
		if text == "" || tooLong {
			return
		}
		size += len(text)
		if size > annotate.MaxTextBytes {
			tooLong = true
			return
		}
		style := strings.ToLower(p.style)
		if out.title == "" && (style == "title" || (len(out.blocks) == 0 && len(list) == 0 && strings.HasPrefix(style, "heading1"))) {
			out.title = oneLine(text)
		}
		if p.list && !p.inTable {
			list = append(list, strings.Repeat("  ", p.level)+"• "+text)
			return
		}
		flushList()
		out.blocks = append(out.blocks, text)
	}
	if err := w.run(rc); err != nil {
		return nil, nil, err
	}
	if tooLong {
		return nil, nil, fmt.Errorf("the document's text is larger than %d MB", annotate.MaxTextBytes>>20)
	}
	flushList()
	return out, out.noteOrder, nil
}

// readDOCXNotes reads footnotes or endnotes into notes by "foo1"/"end1" ids; the
// separator notes Word keeps there are left out.
func readDOCXNotes(f *zip.File, notes map[string]string) error {
	rc, err := openPart(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	prefix := "foo"
	if strings.Contains(f.Name, "endnotes") {
		prefix = "end"
	}
	var id string
	var parts []string
	size := 0
	var tooLong bool
	w := &docxWalker{}
	w.onParagraph = func(p *paragraph) {
		if s := cleanDOCXText(p.b.String()); s != "" {
			parts = append(parts, s)
		}
	}
	w.onElement = func(name string, se xml.StartElement, end bool, depth int) bool {
		if (name != "footnote" && name != "endnote") || depth != 2 {
			return false
		}
		if !end {
			id, parts = "", nil
			if typ := xmlAttr(se, "type"); typ == "" || typ == "normal" {
				id = prefix + xmlAttr(se, "id")
			}
			return true
		}
		if id != "" {
			s := strings.Join(parts, " ")
			size += len(s)
			tooLong = tooLong || size > annotate.MaxTextBytes
			notes[id] = s
		}
		return true
	}
	if err := w.run(rc); err != nil {
		return err
	}
	if tooLong {
		return fmt.Errorf("the document's notes are larger than %d MB", annotate.MaxTextBytes>>20)
	}
	return nil
}

// cleanDOCXText drops soft hyphens and zero-width marks, collapses runs of spaces and
// trims each line.
func cleanDOCXText(s string) string {
	s = strings.NewReplacer("\u00ad", "", "\u200b", "", "\ufeff", "").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.FieldsFunc(l, func(r rune) bool { return r == ' ' }), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// readDOCXCore takes title, author and dates from docProps/core.xml.
func readDOCXCore(f *zip.File, d *annotate.ArticleDraft) error {
	rc, err := openPart(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, 1<<20))
	dec.Strict = false
	var field string
	values := map[string]string{}
	for {
		tok, err := dec.Token()
		if err != nil {
			break // properties are optional; a damaged core.xml only loses them
		}
		switch t := tok.(type) {
		case xml.StartElement:
			field = t.Name.Local
		case xml.EndElement:
			field = ""
		case xml.CharData:
			if field != "" {
				values[field] += string(t)
			}
		}
	}
	d.Title = oneLine(values["title"])
	d.Author = oneLine(firstNonEmpty(values["creator"], values["lastModifiedBy"]))
	if lang := baseLanguage(strings.TrimSpace(values["language"])); lang != "" {
		d.Language = lang
	}
	for _, k := range []string{"created", "modified"} {
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(values[k])); err == nil && t.Year() > 1900 {
			d.Published = t.UTC()
			break
		}
	}
	return nil
}
