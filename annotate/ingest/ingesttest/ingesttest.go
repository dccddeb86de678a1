// Package ingesttest writes files of the import formats for tests: a Telegram Desktop
// export from Go maps, Word documents as zips, PDFs with fpdf, e-mails and mailboxes from
// strings. Tests outside package ingest (the window's, the command line's) build their
// fixtures with it, so none is checked in. Imported by tests only.
package ingesttest

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// TelegramExport is the result.json Telegram Desktop writes for one chat ("Export chat
// history", format "Machine-readable JSON").
type TelegramExport struct {
	Name     string           `json:"name"`
	Type     string           `json:"type"` // public_channel, private_channel, personal_chat …
	ID       int64            `json:"id"`
	Messages []map[string]any `json:"messages"`
}

// Bytes is the export as tdesktop writes it (indented JSON).
func (e TelegramExport) Bytes() []byte {
	b, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return b
}

// TelegramMessage is a message of the channel posted at unix (seconds) with a plain
// text; extra are further fields as key, value pairs ("forwarded_from", "Kyiv
// Independent", "reply_to_message_id", 2, "edited_unixtime", "1709278200", "photo", …).
func TelegramMessage(chat string, id, unix int64, text string, extra ...any) map[string]any {
	m := map[string]any{
		"id": id, "type": "message",
		"date":          time.Unix(unix, 0).UTC().Format("2006-01-02T15:04:05"),
		"date_unixtime": fmt.Sprint(unix),
		"from":          chat, "from_id": "channel1",
		"text":          text,
		"text_entities": []map[string]string{},
	}
	if text != "" {
		m["text_entities"] = []map[string]string{{"type": "plain", "text": text}}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

// TelegramService is a service message (a pin, a join, a title change).
func TelegramService(id, unix int64, action string) map[string]any {
	return map[string]any{"id": id, "type": "service", "date_unixtime": fmt.Sprint(unix),
		"date": time.Unix(unix, 0).UTC().Format("2006-01-02T15:04:05"), "action": action, "text": "", "text_entities": []any{}}
}

// DOCX is a Word document with a title and author in its properties and one paragraph
// per string.
func DOCX(title, author string, paragraphs ...string) []byte {
	var body strings.Builder
	for _, p := range paragraphs {
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, html.EscapeString(p))
	}
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `<w:sectPr/></w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
			`<dc:title>` + html.EscapeString(title) + `</dc:title><dc:creator>` + html.EscapeString(author) + `</dc:creator></cp:coreProperties>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			panic(err)
		}
		w.Write([]byte(p.content))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// PDF is a text-layer PDF (Helvetica, so Latin-1 text only) with a title, one page per
// element of pages and one line per string; an empty page has no text at all (as a
// scanned page).
func PDF(title string, pages ...[]string) []byte {
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetAuthor("Gloss tests", true)
	pdf.SetCreationDate(time.Date(2024, 3, 1, 9, 15, 0, 0, time.UTC))
	pdf.SetFont("Helvetica", "", 11)
	pdf.SetAutoPageBreak(false, 0)
	for _, lines := range pages {
		pdf.AddPage()
		if len(lines) == 0 {
			pdf.Rect(60, 60, 400, 600, "D") // a drawing, no text
		}
		for i, l := range lines {
			pdf.Text(60, 80+float64(i)*15, l)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Mail is an e-mail message.
type Mail struct {
	From, Subject, MessageID, InReplyTo string
	Date                                time.Time
	Body                                string // text/plain, UTF-8
	Attachments                         []Attachment
}

// Attachment is a file attached to a Mail.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Bytes is the message as a .eml file (CRLF line ends, RFC 2047 encoded headers, base64
// attachments).
func (m Mail) Bytes() []byte {
	var b strings.Builder
	h := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	h("From", encodeAddress(m.From))
	h("To", "desk@example.org")
	h("Subject", mime.BEncoding.Encode("UTF-8", m.Subject))
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", m.MessageID)
	h("In-Reply-To", m.InReplyTo)
	h("MIME-Version", "1.0")
	text := "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines([]byte(m.Body))
	if len(m.Attachments) == 0 {
		b.WriteString(text)
		return []byte(b.String())
	}
	const boundary = "gloss-test-boundary"
	b.WriteString("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\nThis is a MIME message.\r\n")
	b.WriteString("--" + boundary + "\r\n" + text)
	for _, a := range m.Attachments {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: " + a.ContentType + "; name=\"" + a.Name + "\"\r\nContent-Disposition: attachment; filename=\"" + a.Name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		b.WriteString(base64Lines(a.Data))
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String())
}

// encodeAddress encodes the display name of "Name <addr>".
func encodeAddress(s string) string {
	name, addr, ok := strings.Cut(s, " <")
	if !ok {
		return s
	}
	return mime.BEncoding.Encode("UTF-8", name) + " <" + addr
}

func base64Lines(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.String()
}

// Mbox puts messages into an mbox mailbox ("From " separator lines, ">From " quoting).
func Mbox(mails ...Mail) []byte {
	var b bytes.Buffer
	for _, m := range mails {
		fmt.Fprintf(&b, "From sender@example.org %s\n", m.Date.UTC().Format("Mon Jan _2 15:04:05 2006"))
		for _, line := range strings.Split(strings.ReplaceAll(string(m.Bytes()), "\r\n", "\n"), "\n") {
			if strings.HasPrefix(line, "From ") {
				line = ">" + line
			}
			b.WriteString(line + "\n")
		}
	}
	return b.Bytes()
}
