package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"gloss.app/gloss/annotate"
)

// PDFs are read by PDFium compiled to WebAssembly and run in-process by wazero: no cgo,
// nothing for the analyst to install. The runtime starts once per process, the first
// time a PDF is read (never at start-up); its compiled form is cached on disk so later
// starts take a fraction of a second. PDFium gives every character with its box; the
// layout (columns, running headers, paragraphs, hyphens) is rebuilt in pdflayout.go.

// MaxPDFPages bounds the pages Gloss reads from one PDF.
const MaxPDFPages = 5000

// pdfMemoryPages bounds PDFium's memory (64 KiB pages): 1 GiB.
const pdfMemoryPages = 16384

var (
	pdfiumOnce sync.Once
	pdfiumPool pdfium.Pool
	pdfiumErr  error
)

// pdfiumCacheDir is where wazero keeps PDFium's compiled code between runs.
func pdfiumCacheDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "gloss", "pdfium-wasm")
	}
	return ""
}

func startPDFium() {
	ctx := context.Background()
	cfg := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(pdfMemoryPages)
	if dir := pdfiumCacheDir(); dir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			cfg = cfg.WithCompilationCache(cache)
		}
	}
	workers := 2
	pdfiumPool, pdfiumErr = webassembly.Init(webassembly.Config{
		Context:       ctx,
		MinIdle:       0,
		MaxIdle:       workers,
		MaxTotal:      workers,
		RuntimeConfig: cfg,
		FSConfig:      wazero.NewFSConfig(), // documents are handed over as bytes: no file system
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if pdfiumErr != nil {
		pdfiumErr = fmt.Errorf("the PDF reader could not start (%v)", pdfiumErr)
	}
}

// pdfInstance borrows a PDFium instance, starting the runtime on first use.
func pdfInstance(ctx context.Context) (pdfium.Pdfium, error) {
	pdfiumOnce.Do(startPDFium)
	if pdfiumErr != nil {
		return nil, pdfiumErr
	}
	return pdfiumPool.GetInstanceWithContext(ctx)
}

// ReadPDF reads the text of a PDF with a text layer: in reading order, with running
// headers, footers and page numbers removed, paragraphs kept and line-end hyphens
// joined; title, author and creation date from its metadata. Scanned, encrypted and
// damaged PDFs are refused with a sentence saying which.
func ReadPDF(ctx context.Context, data []byte) (annotate.ArticleDraft, error) {
	d, _, err := readPDF(ctx, data)
	return d, err
}

// readPDF also returns notes (pages without text in an otherwise readable PDF).
func readPDF(ctx context.Context, data []byte) (d annotate.ArticleDraft, notes []string, err error) {
	defer recoverParser("PDF", &err)
	if len(bytes.TrimSpace(data)) == 0 {
		return d, nil, ErrEmpty
	}
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return d, nil, errors.New("it is not a PDF document (it does not start with %PDF-)")
	}
	inst, err := pdfInstance(ctx)
	if err != nil {
		return d, nil, err
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return d, nil, pdfOpenError(err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return d, nil, fmt.Errorf("the PDF is damaged (its pages cannot be counted)")
	}
	switch {
	case count.PageCount == 0:
		return d, nil, errors.New("the PDF has no pages")
	case count.PageCount > MaxPDFPages:
		return d, nil, fmt.Errorf("the PDF has %d pages; Gloss reads PDFs of up to %d pages", count.PageCount, MaxPDFPages)
	}
	if md, err := inst.GetMetaData(&requests.GetMetaData{Document: doc.Document}); err == nil {
		for _, t := range md.Tags {
			switch t.Tag {
			case "Title":
				d.Title = oneLine(t.Value)
			case "Author":
				d.Author = oneLine(t.Value)
			case "CreationDate":
				if tm, ok := parsePDFDate(t.Value); ok {
					d.Published = tm
				}
			}
		}
	}
	pages := make([][]pdfLine, count.PageCount)
	heights := make([]float64, count.PageCount)
	var empty []int
	chars, odd := 0, 0
	textBytes := 0
	for i := 0; i < count.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return d, nil, errors.New("cancelled")
		}
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		if size, err := inst.GetPageSize(&requests.GetPageSize{Page: page}); err == nil {
			heights[i] = size.Height
		}
		st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: page, Mode: requests.GetPageTextStructuredModeChars})
		if err != nil {
			return d, nil, fmt.Errorf("the PDF is damaged (page %d cannot be read)", i+1)
		}
		glyphs := make([]pdfGlyph, 0, len(st.Chars))
		for _, c := range st.Chars {
			r := []rune(c.Text)
			if len(r) != 1 {
				continue
			}
			g := pdfGlyph{R: r[0], X0: c.PointPosition.Left, X1: c.PointPosition.Right,
				Y0: c.PointPosition.Bottom, Y1: c.PointPosition.Top,
				Rotated: math.Abs(math.Remainder(c.Angle, math.Pi)) > 0.1}
			if g.Y0 > g.Y1 {
				g.Y0, g.Y1 = g.Y1, g.Y0
			}
			if !unicode.IsSpace(g.R) {
				chars++
				if isUnmappedGlyph(g.R) {
					odd++
				}
			}
			glyphs = append(glyphs, g)
		}
		pages[i] = pageLines(glyphs)
		if len(pages[i]) == 0 {
			empty = append(empty, i+1)
		}
		for _, l := range pages[i] {
			textBytes += len(l.Text)
		}
		if textBytes > annotate.MaxTextBytes {
			return d, nil, fmt.Errorf("the PDF's text is larger than %d MB", annotate.MaxTextBytes>>20)
		}
	}
	switch {
	case chars == 0:
		return d, nil, errors.New("it is a scanned PDF: its pages are images without a text layer (run text recognition (OCR) on it first, e.g. with ocrmypdf, and import the result)")
	case odd*4 > chars:
		return d, nil, errors.New("the PDF's fonts do not say which letters their glyphs are, so its text cannot be read (run text recognition (OCR) on it and import the result)")
	}
	d.Text = layoutText(pages, heights)
	d.Format = "pdf"
	if len(empty) > 0 && len(empty) < count.PageCount {
		notes = append(notes, fmt.Sprintf("%s without text (scanned images?) %s not in the article", pageList(empty), plural(len(empty), "is", "are")))
	}
	return d, notes, nil
}

// isUnmappedGlyph tells characters PDFium returns for glyphs whose font has no Unicode
// mapping: private-use code points and replacement characters.
func isUnmappedGlyph(r rune) bool {
	return r == unicode.ReplacementChar || (r >= 0xE000 && r <= 0xF8FF) || (r > 0 && r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != 0x02)
}

func pageList(pages []int) string {
	if len(pages) == 1 {
		return fmt.Sprintf("page %d", pages[0])
	}
	parts := make([]string, 0, min(len(pages), 10))
	for _, p := range pages[:min(len(pages), 10)] {
		parts = append(parts, strconv.Itoa(p))
	}
	s := "pages " + strings.Join(parts, ", ")
	if len(pages) > 10 {
		s += fmt.Sprintf(" and %d more", len(pages)-10)
	}
	return s
}

// pdfOpenError words PDFium's reason for not opening a document.
func pdfOpenError(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return errors.New("the PDF is encrypted with a password; open it, save or print an unprotected copy, and import that")
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return errors.New("the PDF is encrypted with a protection scheme Gloss cannot open; save or print an unprotected copy and import that")
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
		return errors.New("the PDF is damaged: it cannot be opened")
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "password"):
		return errors.New("the PDF is encrypted with a password; open it, save or print an unprotected copy, and import that")
	case strings.Contains(msg, "memory") || strings.Contains(msg, "out of bounds"):
		return errors.New("the PDF is too large or too complex to read")
	}
	return fmt.Errorf("the PDF is damaged: it cannot be opened (%s)", oneLine(msg))
}

// parsePDFDate reads a PDF date, D:YYYYMMDDHHmmSSOHH'mm' with every part after the year
// optional.
func parsePDFDate(s string) (time.Time, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits < 4 {
		return time.Time{}, false
	}
	num := func(from, to, def int) int {
		if to > digits {
			return def
		}
		n, _ := strconv.Atoi(s[from:to])
		return n
	}
	year := num(0, 4, 0)
	if year < 1900 || year > 2200 {
		return time.Time{}, false
	}
	loc := time.UTC
	rest := strings.ReplaceAll(s[digits:], "'", "")
	if len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') {
		h, _ := strconv.Atoi(rest[1:3])
		m := 0
		if len(rest) >= 5 {
			m, _ = strconv.Atoi(rest[3:5])
		}
		off := h*3600 + m*60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(year, time.Month(max(1, num(4, 6, 1))), max(1, num(6, 8, 1)), num(8, 10, 0), num(10, 12, 0), num(12, 14, 0), 0, loc)
	return t.UTC(), true
}
