// Package ingest reads articles the way analysts collect them — text files in any of the
// region's encodings, Markdown, saved web pages, links, folders and RSS/Atom feeds — and
// turns each into an annotate.ArticleDraft, or into one clear reason why it cannot.
// It never stores anything itself: Importer hands the drafts to the command layer
// (Workspace.NewBatch) so that an import is one undo step. It never imports Fyne.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"gloss.app/gloss/annotate"
)

// DefaultMaxFileBytes bounds a file Gloss reads (the store's own limit on a text).
const DefaultMaxFileBytes = annotate.MaxTextBytes

// DefaultMaxDocumentBytes bounds a PDF, Word document or e-mail file (their text is much
// smaller than the file: images, fonts, attachments).
const DefaultMaxDocumentBytes = 128 << 20

// Options tune reading. The zero value is what the CLI and GUI use.
type Options struct {
	Fetcher          *Fetcher // for http(s) sources; nil → a default Fetcher
	MaxFileBytes     int64    // 0 → DefaultMaxFileBytes
	MaxDocumentBytes int64    // PDF, DOCX, .eml; 0 → DefaultMaxDocumentBytes

	// Attachments imports the PDF, DOCX and text attachments of e-mails as articles of
	// their own (without it they are only listed in a note).
	Attachments bool
	// TelegramUsername is the public @username of the channel being imported (its posts
	// get https://t.me/USERNAME/ID links); TelegramUsernames are the ones remembered by
	// chat id (Workspace.TelegramUsernames). The Importer fills and keeps them.
	TelegramUsername  string
	TelegramUsernames map[string]string
}

func (o Options) maxDocument() int64 {
	if o.MaxDocumentBytes > 0 {
		return o.MaxDocumentBytes
	}
	return DefaultMaxDocumentBytes
}

func (o Options) fetcher() *Fetcher {
	if o.Fetcher != nil {
		return o.Fetcher
	}
	return &Fetcher{}
}

func (o Options) maxFile() int64 {
	if o.MaxFileBytes > 0 {
		return o.MaxFileBytes
	}
	return DefaultMaxFileBytes
}

// Item is one outcome of reading: an article draft, an error naming the file and the
// reason ("import a.txt: the file is empty"), or a note that a file was skipped.
type Item struct {
	Source  string                 // file path or URL
	Draft   *annotate.ArticleDraft // nil unless an article was read
	Err     error                  // why Source (or one feed item of it) was not read
	Skipped string                 // non-empty: Source was left out on purpose, and why
	Note    string                 // non-empty: something the analyst should know (messages left out, attachments)
}

// Kind is how a source is read.
type Kind string

const (
	KindText     Kind = "txt"
	KindMarkdown Kind = "md"
	KindHTML     Kind = "html"
	KindFeed     Kind = "feed"
	KindTelegram Kind = "telegram" // a Telegram Desktop JSON export (result.json)
	KindPDF      Kind = "pdf"
	KindDOCX     Kind = "docx"
	KindEmail    Kind = "eml"
	KindMbox     Kind = "mbox"
	KindUnknown  Kind = ""
)

// KindOf names the reader for a file by its extension.
func KindOf(path string) Kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text":
		return KindText
	case ".md", ".markdown", ".mdown", ".mkd":
		return KindMarkdown
	case ".html", ".htm", ".xhtml", ".shtml":
		return KindHTML
	case ".rss", ".atom", ".xml":
		return KindFeed
	case ".json":
		return KindTelegram
	case ".pdf":
		return KindPDF
	case ".docx":
		return KindDOCX
	case ".eml":
		return KindEmail
	case ".mbox", ".mbx":
		return KindMbox
	}
	return KindUnknown
}

// SupportedExtensions lists the file types Gloss imports, for file dialogs.
var SupportedExtensions = []string{".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml",
	".json", ".pdf", ".docx", ".eml", ".mbox"}

// supportedList is how refusals name the file types Gloss imports.
const supportedList = ".txt, .md, .html, .htm, .rss, .atom and .xml feeds, Telegram exports (.json), .pdf, .docx, .eml and .mbox"

// Read reads one file or http(s) URL into drafts (several for a feed, a Telegram export
// or a mailbox). Folders are read by Walk. The error names the source; drafts of the good
// items come back beside an error listing the bad ones.
func Read(ctx context.Context, source string, opts Options) ([]annotate.ArticleDraft, error) {
	var drafts []annotate.ArticleDraft
	var errs []error
	readSource(ctx, source, opts, true, func(it Item) bool {
		switch {
		case it.Draft != nil:
			drafts = append(drafts, *it.Draft)
		case it.Err != nil:
			errs = append(errs, it.Err)
		case it.Skipped != "":
			errs = append(errs, fmt.Errorf("import %s: %s", it.Source, it.Skipped))
		}
		return true
	})
	return drafts, errors.Join(errs...)
}

// ReadBytes reads data already in memory (a drop or paste) named name; its extension, or
// else contentType and a look at the bytes, choose the reader.
func ReadBytes(name string, data []byte, contentType string) []Item {
	kind := KindOf(name)
	if kind == KindUnknown {
		kind = sniff(data, contentType)
	}
	var items []Item
	readData(context.Background(), name, data, kind, contentType, nil, Options{}, true, func(it Item) bool {
		items = append(items, it)
		return true
	})
	return items
}

// emitFunc receives the items of a source one by one; false means stop reading (the
// import was cancelled).
type emitFunc func(Item) bool

// readSource reads a file or URL; explicit says the user named it (an unknown type is
// then an error rather than a skip note).
func readSource(ctx context.Context, source string, opts Options, explicit bool, emit emitFunc) {
	fail := func(err error) {
		emit(Item{Source: source, Err: fmt.Errorf("import %s: %w", source, err)})
	}
	if err := ctx.Err(); err != nil {
		fail(errors.New("cancelled"))
		return
	}
	if IsURL(source) {
		if _, err := os.Stat(source); err != nil {
			readURL(ctx, source, opts, emit)
			return
		}
	}
	kind := KindOf(source)
	if kind == KindUnknown && explicit && filepath.Ext(source) != "" {
		fail(fmt.Errorf("unsupported file type %q (Gloss imports %s)", filepath.Ext(source), supportedList))
		return
	}
	limit := opts.maxFile()
	switch kind {
	case KindTelegram, KindMbox:
		// Streamed: exports and mailboxes are read message by message, however large.
		f, err := openRegular(source)
		if err != nil {
			fail(err)
			return
		}
		defer f.Close()
		if kind == KindTelegram {
			readTelegramStream(ctx, source, f, opts, explicit, emit)
		} else {
			readMboxStream(ctx, source, f, opts, emit)
		}
		return
	case KindPDF, KindDOCX, KindEmail:
		limit = opts.maxDocument()
	}
	data, err := readFile(source, limit)
	if err != nil {
		fail(err)
		return
	}
	if kind == KindUnknown {
		kind = sniff(data, "")
	}
	readData(ctx, source, data, kind, "", nil, opts, explicit, emit)
}

func readURL(ctx context.Context, source string, opts Options, emit emitFunc) {
	page, err := opts.fetcher().Fetch(ctx, source)
	if err != nil {
		emit(Item{Source: source, Err: fmt.Errorf("import %s: %w", source, err)})
		return
	}
	readData(ctx, source, page.Body, sniff(page.Body, page.ContentType), page.ContentType, page.URL, opts, true, emit)
}

func readData(ctx context.Context, source string, data []byte, kind Kind, contentType string, pageURL *url.URL, opts Options, explicit bool, emit emitFunc) {
	fail := func(err error) {
		emit(Item{Source: source, Err: fmt.Errorf("import %s: %w", source, err)})
	}
	if len(data) == 0 {
		fail(ErrEmpty)
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		fail(ErrWhiteSpace)
		return
	}
	if kind == KindText && IsTelegramExport(data) {
		kind = KindTelegram // recognised by its structure, whatever its name
	}
	var d annotate.ArticleDraft
	switch kind {
	case KindFeed:
		items, err := ReadFeed(data, source)
		if err != nil {
			fail(err)
			return
		}
		for _, it := range items {
			if !emit(it) {
				return
			}
		}
		return
	case KindTelegram:
		readTelegramStream(ctx, source, bytes.NewReader(data), opts, explicit, emit)
		return
	case KindMbox:
		readMboxStream(ctx, source, bytes.NewReader(data), opts, emit)
		return
	case KindEmail:
		readEmail(ctx, source, data, opts, emit)
		return
	case KindPDF:
		var err error
		var notes []string
		if d, notes, err = readPDF(ctx, data); err != nil {
			fail(err)
			return
		}
		defer func() {
			for _, n := range notes {
				emit(Item{Source: source, Note: source + ": " + n})
			}
		}()
	case KindDOCX:
		var err error
		if d, err = ReadDOCX(bytes.NewReader(data), int64(len(data))); err != nil {
			fail(err)
			return
		}
	case KindHTML:
		if isTelegramHTMLExport(data) {
			fail(errTelegramHTML)
			return
		}
		var err error
		if pageURL == nil {
			pageURL = fileURL(source)
		}
		if d, err = ReadHTML(data, contentType, pageURL); err != nil {
			fail(err)
			return
		}
	case KindMarkdown:
		s, _, err := DecodeText(data)
		if err != nil {
			fail(err)
			return
		}
		if d, err = ReadMarkdown(s); err != nil {
			fail(err)
			return
		}
	default:
		s, _, err := DecodeText(data)
		if err != nil {
			fail(err)
			return
		}
		d.Title, d.Text, d.Format = TextTitle(s), s, "txt"
	}
	if strings.TrimSpace(d.Text) == "" {
		fail(errors.New("there is no text in it"))
		return
	}
	if pageURL != nil && pageURL.Scheme != "file" && d.URL == "" {
		d.URL = NormalizeURL(pageURL.String())
	}
	if d.Language == "" {
		d.Language = GuessLanguage(d.Text)
	}
	d.Origin = source
	emit(Item{Source: source, Draft: &d})
}

// fileURL is the base for a saved page's relative links; it is never stored as its URL.
func fileURL(path string) *url.URL {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
}

// sniff picks a reader for bytes without a telling extension.
func sniff(data []byte, contentType string) Kind {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "rss") || strings.Contains(ct, "atom"):
		return KindFeed
	case strings.Contains(ct, "html"):
		return KindHTML
	case strings.Contains(ct, "markdown"):
		return KindMarkdown
	}
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case strings.Contains(ct, "application/pdf") || bytes.HasPrefix(data, []byte("%PDF-")):
		return KindPDF
	case strings.Contains(ct, "wordprocessingml") || isDOCX(data):
		return KindDOCX
	case strings.Contains(ct, "message/rfc822"):
		return KindEmail
	case IsTelegramExport(data):
		return KindTelegram
	case isMbox(data):
		return KindMbox
	case isEmail(data):
		return KindEmail
	case (bytes.HasPrefix(head, []byte("<?xml")) || strings.Contains(ct, "xml")) && IsFeed(data):
		return KindFeed
	case bytes.HasPrefix(head, []byte("<rss")) || bytes.HasPrefix(head, []byte("<feed")):
		return KindFeed
	case bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body")):
		return KindHTML
	}
	return KindText
}

// openRegular opens a regular file for reading, with reasons a user understands.
func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fileError(err)
	}
	if st.IsDir() {
		f.Close()
		return nil, errors.New("it is a folder")
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, errors.New("it is not a regular file")
	}
	return f, nil
}

// readFile reads a file up to max bytes, with reasons a user understands.
func readFile(path string, max int64) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileError(err)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("the file is larger than %s", sizeText(max))
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fileError(err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("the file is larger than %s", sizeText(max))
	}
	return data, nil
}

func fileError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or folder")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied (the file cannot be read)")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
