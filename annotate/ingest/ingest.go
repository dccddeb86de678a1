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

// Options tune reading. The zero value is what the CLI and GUI use.
type Options struct {
	Fetcher      *Fetcher // for http(s) sources; nil → a default Fetcher
	MaxFileBytes int64    // 0 → DefaultMaxFileBytes
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
}

// Kind is how a source is read.
type Kind string

const (
	KindText     Kind = "txt"
	KindMarkdown Kind = "md"
	KindHTML     Kind = "html"
	KindFeed     Kind = "feed"
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
	}
	return KindUnknown
}

// SupportedExtensions lists the file types Gloss imports, for file dialogs.
var SupportedExtensions = []string{".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"}

// Read reads one file or http(s) URL into drafts (several for a feed). Folders are read
// by Walk. The error names the source; with a feed, drafts of the good items come back
// beside an error listing the bad ones.
func Read(ctx context.Context, source string, opts Options) ([]annotate.ArticleDraft, error) {
	var drafts []annotate.ArticleDraft
	var errs []error
	for _, it := range readSource(ctx, source, opts, true) {
		switch {
		case it.Draft != nil:
			drafts = append(drafts, *it.Draft)
		case it.Err != nil:
			errs = append(errs, it.Err)
		case it.Skipped != "":
			errs = append(errs, fmt.Errorf("import %s: %s", it.Source, it.Skipped))
		}
	}
	return drafts, errors.Join(errs...)
}

// ReadBytes reads data already in memory (a drop or paste) named name; its extension, or
// else contentType and a look at the bytes, choose the reader.
func ReadBytes(name string, data []byte, contentType string) []Item {
	kind := KindOf(name)
	if kind == KindUnknown {
		kind = sniff(data, contentType)
	}
	return readData(name, data, kind, contentType, nil)
}

// readSource reads a file or URL; explicit says the user named it (an unknown type is
// then an error rather than a skip note).
func readSource(ctx context.Context, source string, opts Options, explicit bool) []Item {
	fail := func(err error) []Item {
		return []Item{{Source: source, Err: fmt.Errorf("import %s: %w", source, err)}}
	}
	if err := ctx.Err(); err != nil {
		return fail(errors.New("cancelled"))
	}
	if IsURL(source) {
		if _, err := os.Stat(source); err != nil {
			return readURL(ctx, source, opts)
		}
	}
	kind := KindOf(source)
	if kind == KindUnknown && explicit && filepath.Ext(source) != "" {
		return fail(fmt.Errorf("unsupported file type %q (Gloss imports .txt, .md, .html, .htm, .rss, .atom and .xml feeds)", filepath.Ext(source)))
	}
	data, err := readFile(source, opts.maxFile())
	if err != nil {
		return fail(err)
	}
	if kind == KindUnknown {
		kind = sniff(data, "")
	}
	return readData(source, data, kind, "", nil)
}

func readURL(ctx context.Context, source string, opts Options) []Item {
	page, err := opts.fetcher().Fetch(ctx, source)
	if err != nil {
		return []Item{{Source: source, Err: fmt.Errorf("import %s: %w", source, err)}}
	}
	return readData(source, page.Body, sniff(page.Body, page.ContentType), page.ContentType, page.URL)
}

func readData(source string, data []byte, kind Kind, contentType string, pageURL *url.URL) []Item {
	fail := func(err error) []Item {
		return []Item{{Source: source, Err: fmt.Errorf("import %s: %w", source, err)}}
	}
	if len(data) == 0 {
		return fail(ErrEmpty)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(ErrWhiteSpace)
	}
	var d annotate.ArticleDraft
	switch kind {
	case KindFeed:
		items, err := ReadFeed(data, source)
		if err != nil {
			return fail(err)
		}
		return items
	case KindHTML:
		var err error
		if pageURL == nil {
			pageURL = fileURL(source)
		}
		if d, err = ReadHTML(data, contentType, pageURL); err != nil {
			return fail(err)
		}
	case KindMarkdown:
		s, _, err := DecodeText(data)
		if err != nil {
			return fail(err)
		}
		if d, err = ReadMarkdown(s); err != nil {
			return fail(err)
		}
	default:
		s, _, err := DecodeText(data)
		if err != nil {
			return fail(err)
		}
		d.Title, d.Text, d.Format = TextTitle(s), s, "txt"
	}
	if strings.TrimSpace(d.Text) == "" {
		return fail(errors.New("there is no text in it"))
	}
	if pageURL != nil && pageURL.Scheme != "file" && d.URL == "" {
		d.URL = NormalizeURL(pageURL.String())
	}
	if d.Language == "" {
		d.Language = GuessLanguage(d.Text)
	}
	d.Origin = source
	return []Item{{Source: source, Draft: &d}}
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
	case (bytes.HasPrefix(head, []byte("<?xml")) || strings.Contains(ct, "xml")) && IsFeed(data):
		return KindFeed
	case bytes.HasPrefix(head, []byte("<rss")) || bytes.HasPrefix(head, []byte("<feed")):
		return KindFeed
	case bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body")):
		return KindHTML
	}
	return KindText
}

// readFile reads a file up to max bytes, with reasons a user understands.
func readFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileError(err)
	}
	if st.IsDir() {
		return nil, errors.New("it is a folder")
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("it is not a regular file")
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
