package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func cp1251(t testing.TB, s string) string {
	b, err := charmap.Windows1251.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func b64lines(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.String()
}

func plainMail(t testing.TB) string {
	body := cp1251(t, "Доброго дня!\r\n\r\nНадсилаю зведення: вночі ворог атакував Одесу, пошкоджено підстанцію.\r\nЕлектропостачання відновлено частково.\r\n")
	var qp strings.Builder
	for _, c := range []byte(body) {
		switch {
		case c == '\r' || c == '\n':
			qp.WriteByte(c)
		case c >= 33 && c <= 126 && c != '=':
			qp.WriteByte(c)
		default:
			fmt.Fprintf(&qp, "=%02X", c)
		}
	}
	return "Return-Path: <press@oda.example.ua>\r\n" +
		"From: " + mime.BEncoding.Encode("UTF-8", "Прес-служба ОВА") + " <press@oda.example.ua>\r\n" +
		"To: desk@example.org\r\n" +
		"Subject: " + mime.BEncoding.Encode("UTF-8", "Зведення за 1 березня") + "\r\n" +
		"Date: Fri, 1 Mar 2024 09:15:00 +0200\r\n" +
		"Message-ID: <sitrep-0301@oda.example.ua>\r\n" +
		"In-Reply-To: <request-17@example.org>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=windows-1251\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp.String()
}

const newsHTML = `<html><head><title>Ignored</title></head><body><nav>Menu Home About</nav><article><h1>Grid repairs continue</h1>
<p>Repair crews restored power to most of the southern districts overnight, the regional administration said on Friday.</p>
<p>Officials said that the damaged substation would take weeks to rebuild, and that rolling outages would continue until then.</p>
<p>The city council opened twelve heating points for residents who remain without electricity.</p></article>
<footer>Unsubscribe | Privacy</footer></body></html>`

func multipartMail(boundary string, parts ...string) string {
	var b strings.Builder
	b.WriteString("From: Analyst <analyst@desk.example.org>\r\nSubject: Reports attached\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\nMessage-ID: <att-1@desk.example.org>\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\nThis is a MIME message.\r\n")
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n" + p + "\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.String()
}

func attachmentPart(name, ctype string, data []byte) string {
	return "Content-Type: " + ctype + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64lines(data)
}

func collect(t *testing.T, source string, data []byte, kind Kind, opts Options) (items []Item) {
	t.Helper()
	readData(context.Background(), source, data, kind, "", nil, opts, true, func(it Item) bool {
		items = append(items, it)
		return true
	})
	return items
}

func TestReadEmail(t *testing.T) {
	d, atts, err := ReadEmail([]byte(plainMail(t)))
	if err != nil {
		t.Fatal(err)
	}
	want := "Доброго дня!\n\nНадсилаю зведення: вночі ворог атакував Одесу, пошкоджено підстанцію.\nЕлектропостачання відновлено частково."
	if strings.ReplaceAll(d.Text, "\r\n", "\n") != want {
		t.Errorf("text %q", d.Text)
	}
	checks := [][2]string{
		{d.Title, "Зведення за 1 березня"}, {d.Author, "Прес-служба ОВА"}, {d.Source, "oda.example.ua"},
		{d.Published.Format(time.RFC3339), "2024-03-01T07:15:00Z"}, {d.MessageID, "email:sitrep-0301@oda.example.ua"},
		{d.ReplyTo, "email:request-17@example.org"}, {d.Language, "uk"}, {d.Format, "eml"},
	}
	for i, c := range checks {
		if c[0] != c[1] {
			t.Errorf("field %d: %q, want %q", i, c[0], c[1])
		}
	}
	if len(atts) != 0 {
		t.Errorf("attachments %v", atts)
	}

	// Text and HTML alternatives: the text part wins. HTML only: read like a saved page.
	alt := "From: news@example.org\r\nSubject: Grid\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain version of the letter.\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + newsHTML + "\r\n--b1--\r\n"
	if d, _, err := ReadEmail([]byte(alt)); err != nil || strings.TrimSpace(d.Text) != "Plain version of the letter." {
		t.Errorf("alternative: %q %v", d.Text, err)
	}
	htmlOnly := "From: \"Newsletter\" <news@example.org>\r\nList-Id: Regional news <news.lists.example.org>\r\nSubject: Grid repairs\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + newsHTML
	d, _, err = ReadEmail([]byte(htmlOnly))
	if err != nil || !strings.HasPrefix(d.Text, "Grid repairs continue\n\nRepair crews restored power") || strings.Contains(d.Text, "Unsubscribe") || strings.Contains(d.Text, "Menu") || d.Source != "Regional news" || d.Language != "en" {
		t.Errorf("HTML only: %q source %q lang %q %v", d.Text, d.Source, d.Language, err)
	}
	short := "From: a@example.org\r\nSubject: Short\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\nContent-Type: text/html\r\n\r\n<p>Call me <b>today</b>.</p>"
	if d, _, err := ReadEmail([]byte(short)); err != nil || d.Text != "Call me today." {
		t.Errorf("short HTML: %q %v", d.Text, err)
	}
}

func TestEmailAttachments(t *testing.T) {
	docx := sampleDOCX(t)
	mail := multipartMail("sep42",
		"Content-Type: text/plain; charset=utf-8\r\n\r\nPlease find the reports attached.",
		attachmentPart("Зведення.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx),
		attachmentPart("notes.txt", "text/plain", []byte("Нотатки до зведення: перевірити дані про підстанцію.")),
		attachmentPart("photo.jpg", "image/jpeg", []byte("\xff\xd8\xff\xe0 not really a jpeg")),
	)
	items := collect(t, "mail.eml", []byte(mail), KindEmail, Options{})
	if len(items) != 2 || items[0].Draft == nil || items[1].Note == "" {
		t.Fatalf("items %+v", items)
	}
	note := items[1].Note
	for _, part := range []string{`"Reports attached": 3 attachments`, "Зведення.docx (", "notes.txt (", "photo.jpg (", "with --attachments"} {
		if !strings.Contains(note, part) {
			t.Errorf("note %q lacks %q", note, part)
		}
	}
	items = collect(t, "mail.eml", []byte(mail), KindEmail, Options{Attachments: true})
	var origins []string
	for _, it := range items {
		if it.Draft != nil {
			origins = append(origins, it.Draft.Origin+" "+it.Draft.Format+" "+it.Draft.Author)
		}
		if it.Err != nil {
			t.Errorf("error: %v", it.Err)
		}
	}
	want := []string{"mail.eml eml Analyst", "mail.eml#Зведення.docx docx Прес-служба ОВА", "mail.eml#notes.txt txt Analyst"}
	if strings.Join(origins, "\n") != strings.Join(want, "\n") {
		t.Errorf("articles:\n%s\nwant\n%s", strings.Join(origins, "\n"), strings.Join(want, "\n"))
	}
	// A message that is only an attachment Gloss cannot read: one clear error.
	onlyPhoto := multipartMail("s2", attachmentPart("photo.jpg", "image/jpeg", []byte("jpeg")))
	items = collect(t, "photo.eml", []byte(onlyPhoto), KindEmail, Options{Attachments: true})
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "has no text (only attachments of types Gloss does not import)") {
		t.Errorf("photo only: %+v", items)
	}
}

func TestEmailRefusals(t *testing.T) {
	nested := "From: a@example.org\r\nSubject: Deep\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
	for i := 0; i < 300; i++ {
		nested += fmt.Sprintf("Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i)
	}
	cases := []struct{ name, data, want string }{
		{"not a message", "Just some words in a file called .eml", "not an e-mail message"},
		{"nested multiparts", nested, "nests 300 MIME parts"},
		{"headers only", "From: a@example.org\r\nSubject: Empty\r\nDate: Sat, 2 Mar 2024 10:00:00 +0000\r\n\r\n", "has no text"},
	}
	for _, c := range cases {
		items := collect(t, "x.eml", []byte(c.data), KindEmail, Options{})
		if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), c.want) {
			t.Errorf("%s: %+v, want %q", c.name, items, c.want)
		}
	}
}

func TestReadMbox(t *testing.T) {
	msg := func(subject, body string) string {
		return "From: Desk <desk@example.org>\nSubject: " + subject + "\nDate: Sat, 2 Mar 2024 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n"
	}
	mbox := "From desk@example.org Sat Mar  2 10:00:00 2024\n" + msg("First", "Перше повідомлення скриньки.\n>From the front: a quoted line.") + "\n" +
		"From desk@example.org Sat Mar  2 10:05:00 2024\r\n" + strings.ReplaceAll(msg("Second", "Друге повідомлення, з CRLF."), "\n", "\r\n") + "\r\n" +
		"From desk@example.org Sat Mar  2 10:10:00 2024\n" + msg("Third", "Третє повідомлення.\nFrom here on a line that starts with From but is no separator.")
	items := collect(t, "inbox.mbox", []byte(mbox), KindMbox, Options{})
	var got []string
	for _, it := range items {
		if it.Err != nil {
			t.Errorf("error: %v", it.Err)
			continue
		}
		got = append(got, it.Draft.Origin+" "+it.Draft.Title+": "+strings.ReplaceAll(strings.TrimSpace(it.Draft.Text), "\r\n", "\n"))
	}
	want := []string{
		"inbox.mbox#1 First: Перше повідомлення скриньки.\nFrom the front: a quoted line.",
		"inbox.mbox#2 Second: Друге повідомлення, з CRLF.",
		"inbox.mbox#3 Third: Третє повідомлення.\nFrom here on a line that starts with From but is no separator.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mbox:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	items = collect(t, "bad.mbox", []byte("Subject: no separator\n\ntext"), KindMbox, Options{})
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "not an mbox mailbox") {
		t.Errorf("not an mbox: %+v", items)
	}
	// Recognised by structure without an extension.
	dir := t.TempDir()
	path := filepath.Join(dir, "Inbox")
	os.WriteFile(path, []byte(mbox), 0o644)
	drafts, err := Read(context.Background(), path, Options{})
	if err != nil || len(drafts) != 3 {
		t.Errorf("Inbox without extension: %d drafts, %v", len(drafts), err)
	}
}

// lazyMbox produces a mailbox of total bytes without holding it: a normal message, one
// huge message (base64 lines) filling the rest, and a last normal message.
type lazyMbox struct {
	head, tail []byte
	line       []byte
	fill       int64 // bytes of huge-message lines still to produce
	pos        int
	stage      int
}

func newLazyMbox(total int64) *lazyMbox {
	first := "From a@example.org Sat Mar  2 10:00:00 2024\nFrom: a@example.org\nSubject: Before\nDate: Sat, 2 Mar 2024 10:00:00 +0000\n\nThe message before the huge one.\n\n" +
		"From a@example.org Sat Mar  2 10:01:00 2024\nFrom: a@example.org\nSubject: Huge\nDate: Sat, 2 Mar 2024 10:01:00 +0000\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
	last := "\nFrom a@example.org Sat Mar  2 10:02:00 2024\nFrom: a@example.org\nSubject: After\nDate: Sat, 2 Mar 2024 10:02:00 +0000\n\nThe message after the huge one.\n"
	return &lazyMbox{head: []byte(first), tail: []byte(last), line: []byte(strings.Repeat("QUJD", 19) + "\n"),
		fill: total - int64(len(first)+len(last))}
}

func (l *lazyMbox) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		switch l.stage {
		case 0:
			c := copy(p[n:], l.head[l.pos:])
			n += c
			l.pos += c
			if l.pos == len(l.head) {
				l.stage, l.pos = 1, 0
			}
		case 1:
			if l.fill <= 0 {
				l.stage, l.pos = 2, 0
				continue
			}
			c := copy(p[n:], l.line[l.pos:])
			n += c
			l.pos += c
			l.fill -= int64(c)
			if l.pos == len(l.line) {
				l.pos = 0
			}
		case 2:
			c := copy(p[n:], l.tail[l.pos:])
			n += c
			l.pos += c
			if l.pos == len(l.tail) {
				l.stage = 3
			}
		default:
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		}
	}
	return n, nil
}

// streamHugeMbox reads a lazily generated mailbox of size bytes and checks that the
// messages around the huge one are imported, the huge one refused, and that memory
// stayed bounded.
func streamHugeMbox(t *testing.T, size int64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var got []string
	src := &countingReader{r: newLazyMbox(size)}
	readMboxStream(context.Background(), "big.mbox", src, Options{}, func(it Item) bool {
		switch {
		case it.Draft != nil:
			got = append(got, it.Draft.Title)
		case it.Err != nil:
			got = append(got, "error: "+it.Err.Error())
		}
		return true
	})
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	want := []string{"Before", "error: import big.mbox#2: the message is larger than 64 MB and was skipped", "After"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q", got)
	}
	if src.n < size {
		t.Errorf("read %d bytes of %d", src.n, size)
	}
	if grown := int64(after.HeapSys) - int64(before.HeapSys); grown > 400<<20 {
		t.Errorf("the heap grew by %d MB reading a %d MB mailbox", grown>>20, size>>20)
	}
}

// TestMbox2GBStreams reads a 2 GB mailbox produced on the fly (nothing is written to
// disk): it streams in about a second and never holds more than one message.
func TestMbox2GBStreams(t *testing.T) { streamHugeMbox(t, 2<<30) }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func FuzzEmail(f *testing.F) {
	f.Add([]byte(plainMail(f)))
	f.Add([]byte(multipartMail("b", "Content-Type: text/plain\r\n\r\nBody", attachmentPart("a.txt", "text/plain", []byte("attached text")))))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		readEmail(context.Background(), "f.eml", data, Options{Attachments: true}, func(it Item) bool {
			if it.Draft != nil && strings.TrimSpace(it.Draft.Text) == "" {
				t.Fatal("a draft without text")
			}
			return true
		})
	})
}

func FuzzMbox(f *testing.F) {
	f.Add([]byte("From a Sat Mar  2 10:00:00 2024\nFrom: a@b\nSubject: s\nDate: Sat, 2 Mar 2024 10:00:00 +0000\n\ntext\n\nFrom b\nFrom: c@d\nSubject: t\n\n>From x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		readMboxStream(context.Background(), "f.mbox", bytes.NewReader(data), Options{}, func(it Item) bool {
			if it.Draft != nil && strings.TrimSpace(it.Draft.Text) == "" {
				t.Fatal("a draft without text")
			}
			return true
		})
	})
}
