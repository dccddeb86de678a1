package cli

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These fixtures are written by the test: a Telegram export, a Word document, an e-mail
// with attachments, a mailbox and a one-page PDF.

const telegramExport = `{
 "name": "Одеська ОВА", "type": "public_channel", "id": 1234567890,
 "messages": [
  {"id": 1, "type": "service", "date": "2024-03-01T08:00:00", "date_unixtime": "1709272740", "action": "pin_message", "text": "", "text_entities": []},
  {"id": 2, "type": "message", "date": "2024-03-01T08:00:00", "date_unixtime": "1709272800", "from": "Одеська ОВА", "from_id": "channel1234567890",
   "text": ["Уночі ворог атакував Одещину дронами. ", {"type": "text_link", "text": "Деталі", "href": "https://x.example"}], 
   "text_entities": [{"type": "plain", "text": "Уночі ворог атакував Одещину дронами. "}, {"type": "text_link", "text": "Деталі", "href": "https://x.example"}]},
  {"id": 3, "type": "message", "date": "2024-03-01T09:00:00", "date_unixtime": "1709276400", "from": "Одеська ОВА", "from_id": "channel1234567890",
   "forwarded_from": "Kyiv Independent", "reply_to_message_id": 2, "edited": "2024-03-01T09:30:00", "edited_unixtime": "1709278200",
   "text": "Air defence shot down all drones over the city overnight.", "text_entities": [{"type": "plain", "text": "Air defence shot down all drones over the city overnight."}]},
  {"id": 4, "type": "message", "date_unixtime": "1709276500", "from": "Одеська ОВА", "photo": "(File not included. Change data exporting settings to download.)", "text": "", "text_entities": []}
 ]
}`

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func docxFile(t *testing.T, text string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	fmt.Fprintf(w, `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>`, text)
	w, _ = zw.Create("docProps/core.xml")
	w.Write([]byte(`<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Звіт з Word</dc:title><dc:creator>Аналітик</dc:creator></cp:coreProperties>`))
	zw.Close()
	return buf.Bytes()
}

// onePagePDF is a minimal PDF with one line of text in a standard font.
func onePagePDF(text string) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	b.WriteString("%PDF-1.4\n")
	content := "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	obj("<< /Title (Weekly report) /Author (OCHA) /CreationDate (D:20240301091500Z) >>")
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, x)
	return b.Bytes()
}

func mailWithAttachments(t *testing.T) []byte {
	att := func(name, ctype string, data []byte) string {
		return "--b\r\nContent-Type: " + ctype + "\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			base64.StdEncoding.EncodeToString(data) + "\r\n"
	}
	return []byte("From: Analyst <analyst@desk.example.org>\r\nSubject: Weekly reports\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\nMessage-ID: <w1@desk.example.org>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe weekly reports are attached.\r\n" +
		att("report.pdf", "application/pdf", onePagePDF("The weekly report from the attachment.")) +
		att("звіт.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docxFile(t, "Текст звіту з вкладення.")) +
		att("photo.jpg", "image/jpeg", []byte("\xff\xd8\xff")) + "--b--\r\n")
}

func TestImportNewFormats(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	in := t.TempDir()
	tg := writeFile(t, filepath.Join(in, "ChatExport_2024-03-01", "result.json"), []byte(telegramExport))
	pdf := writeFile(t, filepath.Join(in, "report.pdf"), onePagePDF("A one-page report in a standard font."))
	docx := writeFile(t, filepath.Join(in, "notes.docx"), docxFile(t, "Нотатки аналітика про обстріл."))
	mbox := writeFile(t, filepath.Join(in, "inbox.mbox"), []byte("From a@example.org Sat Mar  2 10:00:00 2024\nFrom: a@example.org\nSubject: First mail\nDate: Sat, 2 Mar 2024 10:00:00 +0000\n\nThe first mail of the box.\n\n"+
		"From b@example.org Sat Mar  2 11:00:00 2024\nFrom: b@example.org\nSubject: Second mail\nDate: Sat, 2 Mar 2024 11:00:00 +0000\n\nThe second mail of the box.\n"))
	bad := writeFile(t, filepath.Join(in, "broken.pdf"), []byte("%PDF-1.7\n"+strings.Repeat("rubbish ", 200)))

	code, out, stderr := run(t, dir, "import", tg, pdf, docx, mbox, bad, "--telegram-username", "@odesa_oda")
	if code != ExitFailed {
		t.Errorf("exit %d with a broken file, want %d", code, ExitFailed)
	}
	ids := importedIDs(t, out)
	for _, title := range []string{"Уночі ворог атакував Одещину дронами. Деталі", "Air defence shot down all drones over the city overnight.", "Weekly report", "Звіт з Word", "First mail", "Second mail"} {
		if ids[title] == "" {
			t.Errorf("no article %q in %v", title, ids)
		}
	}
	errLines := strings.Split(strings.TrimSpace(stderr), "\n")
	wantErr := []string{
		"gloss: " + tg + ": Одеська ОВА: 2 messages read; not imported: 1 service message (joins, pins, title changes) and 1 message without text (media without a caption)",
		"gloss: import " + bad + ": the PDF is damaged: it cannot be opened",
	}
	if strings.Join(errLines, "\n") != strings.Join(wantErr, "\n") {
		t.Errorf("stderr:\n%s\nwant\n%s", stderr, strings.Join(wantErr, "\n"))
	}

	// The channel filters the library; the posts have their links.
	code, out, _ = run(t, dir, "articles", "--source", "одеська ова", "--json")
	rows := decode[[]map[string]any](t, out)
	if code != ExitOK || len(rows) != 2 {
		t.Fatalf("articles --source: %d %v", code, rows)
	}
	urls := map[any]bool{rows[0]["url"]: true, rows[1]["url"]: true}
	if !urls["https://t.me/odesa_oda/2"] || !urls["https://t.me/odesa_oda/3"] {
		t.Errorf("urls %v", urls)
	}
	_, out, _ = run(t, dir, "show", ids["Air defence shot down all drones over the city overnight."])
	for _, line := range []string{"forwarded: Kyiv Independent", "reply to:  Уночі ворог атакував Одещину дронами. Деталі (" + ids["Уночі ворог атакував Одещину дронами. Деталі"] + ")", "edited:    2024-03-01 07:30 UTC", "url:       https://t.me/odesa_oda/3"} {
		if !strings.Contains(out, line) {
			t.Errorf("show lacks %q:\n%s", line, out)
		}
	}
	// One import, one undo step.
	if code, _, stderr := run(t, dir, "undo"); code != ExitOK {
		t.Fatalf("undo: %s", stderr)
	}
	_, out, _ = run(t, dir, "articles")
	if strings.TrimSpace(out) != "" {
		t.Errorf("after undo:\n%s", out)
	}
}

func TestImportEmailAttachmentsFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	mail := writeFile(t, filepath.Join(t.TempDir(), "weekly.eml"), mailWithAttachments(t))
	code, out, stderr := run(t, dir, "import", mail)
	if code != ExitOK || len(importedIDs(t, out)) != 1 {
		t.Fatalf("exit %d out %q", code, out)
	}
	if !strings.Contains(stderr, `"Weekly reports": 3 attachments: report.pdf (`) || !strings.Contains(stderr, "with --attachments") {
		t.Errorf("stderr %q", stderr)
	}
	dir2 := filepath.Join(t.TempDir(), "ws")
	code, out, _ = run(t, dir2, "import", "--attachments", mail)
	ids := importedIDs(t, out)
	if code != ExitOK || len(ids) != 3 || ids["Weekly report"] == "" || ids["Звіт з Word"] == "" {
		t.Errorf("with --attachments: %d %v", code, ids)
	}
	code, _, stderr = run(t, dir2, "import", "--telegram-username", "no such", mail)
	if code != ExitUsage || !strings.Contains(stderr, "is not a Telegram username") {
		t.Errorf("bad username: %d %q", code, stderr)
	}
}
