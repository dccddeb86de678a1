package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"path/filepath"
	"strings"
	"time"

	"github.com/jhillyerd/enmime"

	"gloss.app/gloss/annotate"
)

// An e-mail (.eml, or one message of an .mbox) becomes an article: the subject is its
// title, the sender its author, Date: its published time, and its text part its body (or
// its HTML part, read like a saved page). Attachments are listed in a note; with
// Options.Attachments the PDF, Word and text ones are imported as articles of their own.

// maxMailMessage bounds one message of a mailbox (attachments included).
const maxMailMessage = 64 << 20

// maxMIMEBoundaries bounds multipart nesting: a hostile message nesting thousands of parts
// would otherwise drive the MIME parser's recursion very deep.
const maxMIMEBoundaries = 200

// isEmail reports whether data starts like an RFC 5322 message: header lines, among them
// From: and one of Date:, Subject:, Message-ID:, Received: or MIME-Version:.
func isEmail(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	if end := bytes.Index(head, []byte("\n\n")); end > 0 {
		head = head[:end]
	} else if end := bytes.Index(head, []byte("\r\n\r\n")); end > 0 {
		head = head[:end]
	}
	lines := bytes.Split(head, []byte("\n"))
	if len(lines) < 2 {
		return false
	}
	if i := bytes.IndexByte(lines[0], ':'); i <= 0 || bytes.ContainsAny(lines[0][:i], " \t") {
		return false
	}
	var from, other bool
	for _, l := range lines {
		name := strings.ToLower(string(l[:max(0, bytes.IndexByte(l, ':'))]))
		switch name {
		case "from":
			from = true
		case "date", "subject", "message-id", "received", "mime-version", "return-path":
			other = true
		}
	}
	return from && other
}

// isMbox reports whether data starts like an mbox mailbox: a "From " separator line
// followed by a message.
func isMbox(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("From ")) {
		return false
	}
	nl := bytes.IndexByte(data, '\n')
	return nl > 0 && isEmail(data[nl+1:])
}

// readEmail reads one message and emits its article, a note listing its attachments,
// and (with Options.Attachments) the articles of its PDF, Word and text attachments.
func readEmail(ctx context.Context, source string, data []byte, opts Options, emit emitFunc) bool {
	d, atts, err := ReadEmail(data)
	if err != nil {
		return emit(Item{Source: source, Err: fmt.Errorf("import %s: %w", source, err)})
	}
	d.Origin = source
	importable := 0
	for _, a := range atts {
		if a.kind != KindUnknown {
			importable++
		}
	}
	if d.Text != "" {
		if !emit(Item{Source: source, Draft: &d}) {
			return false
		}
	} else if importable == 0 || !opts.Attachments {
		return emit(Item{Source: source, Err: fmt.Errorf("import %s: the e-mail has no text%s", source, attachmentHint(atts))})
	}
	if len(atts) > 0 {
		names := make([]string, len(atts))
		for i, a := range atts {
			names[i] = fmt.Sprintf("%s (%s)", a.name, sizeText(int64(len(a.data))))
		}
		note := fmt.Sprintf("%s: %s: %d %s: %s", source, mailName(d), len(atts), plural(len(atts), "attachment", "attachments"), strings.Join(names, ", "))
		if importable > 0 && !opts.Attachments {
			note += "; import the PDF, Word and text ones as articles with --attachments"
		}
		if !emit(Item{Source: source, Note: note}) {
			return false
		}
	}
	if !opts.Attachments {
		return true
	}
	inner := opts
	inner.Attachments = false // attachments of attached messages stay attached
	for _, a := range atts {
		if a.kind == KindUnknown {
			continue
		}
		ok := true
		readData(ctx, source+"#"+a.name, a.data, a.kind, "", nil, inner, true, func(it Item) bool {
			if it.Draft != nil {
				if it.Draft.Published.IsZero() {
					it.Draft.Published = d.Published
				}
				if it.Draft.Author == "" {
					it.Draft.Author = d.Author
				}
			}
			ok = emit(it)
			return ok
		})
		if !ok {
			return false
		}
	}
	return true
}

func mailName(d annotate.ArticleDraft) string {
	if d.Title != "" {
		return fmt.Sprintf("%q", d.Title)
	}
	return "the message"
}

func attachmentHint(atts []attachment) string {
	for _, a := range atts {
		if a.kind != KindUnknown {
			return " (only attachments: import the PDF, Word and text ones with --attachments)"
		}
	}
	if len(atts) > 0 {
		return " (only attachments of types Gloss does not import)"
	}
	return ""
}

// attachment is one attached file of a message.
type attachment struct {
	name string
	kind Kind // KindPDF, KindDOCX, KindText, or KindUnknown when Gloss does not import it
	data []byte
}

// ReadEmail reads one RFC 5322 message into a draft (Text empty when it has none) and
// its attachments.
func ReadEmail(data []byte) (d annotate.ArticleDraft, atts []attachment, err error) {
	defer recoverParser("e-mail", &err)
	if len(bytes.TrimSpace(data)) == 0 {
		return d, nil, ErrEmpty
	}
	if n := bytes.Count(bytes.ToLower(data), []byte("boundary=")); n > maxMIMEBoundaries {
		return d, nil, fmt.Errorf("the e-mail nests %d MIME parts (at most %d are read)", n, maxMIMEBoundaries)
	}
	if !isEmail(data) {
		return d, nil, errors.New("it is not an e-mail message (no From:, Date: or Subject: header at its start)")
	}
	p := enmime.NewParser(enmime.DisableTextConversion(true), enmime.MaxStoredPartErrors(20))
	env, err := p.ReadEnvelope(bytes.NewReader(data))
	if err != nil {
		return d, nil, fmt.Errorf("the e-mail cannot be read: %s", oneLine(err.Error()))
	}
	d.Format = "eml"
	d.Title = oneLine(env.GetHeader("Subject"))
	if from, err := env.AddressList("From"); err == nil && len(from) > 0 {
		d.Author = oneLine(firstNonEmpty(from[0].Name, from[0].Address))
		if at := strings.LastIndexByte(from[0].Address, '@'); at >= 0 {
			d.Source = strings.ToLower(from[0].Address[at+1:])
		}
	} else {
		d.Author = oneLine(env.GetHeader("From"))
	}
	if list := listName(env.GetHeader("List-Id")); list != "" {
		d.Source = list
	}
	if t, err := env.Date(); err == nil {
		d.Published = t.UTC()
	} else if t, ok := parseLooseDate(env.GetHeader("Date")); ok {
		d.Published = t
	}
	if id := messageID(env.GetHeader("Message-Id")); id != "" {
		d.MessageID = "email:" + id
	}
	if id := messageID(env.GetHeader("In-Reply-To")); id != "" {
		d.ReplyTo = "email:" + id
	}
	d.Language = baseLanguage(strings.TrimSpace(strings.Split(env.GetHeader("Content-Language"), ",")[0]))
	text := strings.TrimSpace(env.Text)
	if text == "" && strings.TrimSpace(env.HTML) != "" {
		// The same extraction as a saved page; a short or plain HTML mail that
		// readability finds no article in is reduced to its text.
		if page, err := ReadHTML([]byte(env.HTML), "text/html; charset=utf-8", nil); err == nil {
			text = page.Text
			if d.Language == "" {
				d.Language = page.Language
			}
		} else {
			text = strings.TrimSpace(htmlFragmentText(env.HTML))
		}
	}
	d.Text = text
	if d.Language == "" && text != "" {
		d.Language = GuessLanguage(text)
	}
	for _, part := range append(append([]*enmime.Part{}, env.Attachments...), env.Inlines...) {
		if part.FileName == "" && part.Disposition != "attachment" {
			continue // an inline image of the HTML body, not a file the sender attached
		}
		name := firstNonEmpty(filepath.Base(strings.ReplaceAll(part.FileName, "\\", "/")), "attachment")
		atts = append(atts, attachment{name: name, kind: attachmentKind(name, part.ContentType, part.Content), data: part.Content})
	}
	return d, atts, nil
}

// attachmentKind picks the reader for an attached file, or KindUnknown.
func attachmentKind(name, contentType string, data []byte) Kind {
	switch KindOf(name) {
	case KindPDF, KindDOCX, KindText:
		return KindOf(name)
	}
	ct := strings.ToLower(contentType)
	switch {
	case ct == "application/pdf" || bytes.HasPrefix(data, []byte("%PDF-")):
		return KindPDF
	case strings.Contains(ct, "wordprocessingml"):
		return KindDOCX
	case ct == "text/plain":
		return KindText
	}
	return KindUnknown
}

// messageID takes the first <id> of a Message-ID or In-Reply-To header.
func messageID(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.IndexByte(h, '<'); i >= 0 {
		if j := strings.IndexByte(h[i:], '>'); j > 0 {
			return strings.TrimSpace(h[i+1 : i+j])
		}
	}
	if f := strings.Fields(h); len(f) > 0 {
		return f[0]
	}
	return ""
}

// listName is a mailing list's name from its List-Id ("Sitreps <sitreps.lists.example>").
func listName(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.IndexByte(h, '<'); i > 0 {
		return oneLine(strings.Trim(h[:i], ` "`))
	}
	return oneLine(strings.Trim(h, "<> "))
}

// parseLooseDate reads Date: headers that net/mail refuses (a missing zone, a name day).
func parseLooseDate(s string) (time.Time, bool) {
	s = oneLine(s)
	if i := strings.IndexByte(s, '('); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	for _, layout := range []string{"Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05", "Mon, 2 Jan 2006 15:04 -0700",
		"Mon Jan 2 15:04:05 2006", time.RFC3339, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := mail.ParseDate(strings.Replace(s, "  ", " ", -1)); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// readMboxStream reads an mbox mailbox message by message from r (never whole: a 2 GB
// mailbox streams) and emits the items of each message. Messages are split at "From "
// lines; a message larger than maxMailMessage is skipped with an error naming it.
func readMboxStream(ctx context.Context, source string, r io.Reader, opts Options, emit emitFunc) {
	br := bufio.NewReaderSize(r, 64<<10)
	var msg bytes.Buffer
	n := 0          // messages seen
	tooBig := false // the current message passed the limit: its lines are dropped
	lastBlank := true
	started := false
	finish := func() bool {
		if !started {
			return true
		}
		name := fmt.Sprintf("%s#%d", source, n)
		if tooBig {
			return emit(Item{Source: name, Err: fmt.Errorf("import %s: the message is larger than %s and was skipped", name, sizeText(maxMailMessage))})
		}
		return readEmail(ctx, name, msg.Bytes(), opts, emit)
	}
	atStart := true // the next piece read begins a line
	for {
		if ctx.Err() != nil {
			return
		}
		chunk, err := br.ReadSlice('\n')
		// A line longer than the buffer arrives in pieces; only a line's first piece can
		// be a separator or need unquoting.
		full := errors.Is(err, bufio.ErrBufferFull)
		if len(chunk) > 0 {
			switch {
			case atStart && lastBlank && bytes.HasPrefix(chunk, []byte("From ")):
				if !finish() {
					return
				}
				n++
				started, tooBig, lastBlank = true, false, false
				msg.Reset()
			case !started:
				emit(Item{Source: source, Err: fmt.Errorf("import %s: it is not an mbox mailbox (it does not start with a \"From \" line)", source)})
				return
			default:
				if atStart {
					lastBlank = !full && len(bytes.TrimRight(chunk, "\r\n")) == 0
				}
				if !tooBig {
					if atStart {
						writeMboxLine(&msg, chunk)
					} else {
						msg.Write(chunk)
					}
					if msg.Len() > maxMailMessage {
						tooBig = true
						msg.Reset()
					}
				}
			}
		}
		atStart = !full
		if full {
			continue
		}
		if err != nil {
			if err != io.EOF {
				emit(Item{Source: source, Err: fmt.Errorf("import %s: the mailbox cannot be read further (%v)", source, fileError(err))})
			}
			break
		}
	}
	if !started {
		emit(Item{Source: source, Err: fmt.Errorf("import %s: %w", source, ErrEmpty)})
		return
	}
	finish()
}

// writeMboxLine appends a body line, undoing the ">From " quoting of mboxrd mailboxes.
func writeMboxLine(msg *bytes.Buffer, line []byte) {
	if bytes.HasPrefix(line, []byte(">")) {
		trimmed := bytes.TrimLeft(line, ">")
		if bytes.HasPrefix(trimmed, []byte("From ")) {
			line = line[1:]
		}
	}
	msg.Write(line)
}
