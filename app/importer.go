package app

// This file is the only place the GUI reads files to import. It turns paths into
// annotate.ArticleDraft values and hands them to the command layer in chunks; when the
// shared ingest package lands, readDrafts switches to it and nothing else changes.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gloss.app/gloss/annotate"
)

// importChunk is how many drafts go into one transaction: small enough for steady
// progress, large enough to keep the batch quick.
const importChunk = 20

// importableExt are the file types the adapter reads.
var importableExt = map[string]string{".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}

// importReport sums up an import for the status bar.
type importReport struct {
	Imported, Updated, Duplicates, Failed int
	Errors                                []string
	FirstID                               string // the first article imported or updated
}

func (r importReport) String() string {
	parts := []string{fmt.Sprintf("Imported %d %s", r.Imported, plural(r.Imported, "article", "articles"))}
	if r.Updated > 0 {
		parts = append(parts, fmt.Sprintf("%d updated", r.Updated))
	}
	if r.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%d already there", r.Duplicates))
	}
	if r.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", r.Failed))
	}
	s := strings.Join(parts, ", ")
	if r.Imported+r.Updated > 0 {
		s += ". Undo with Ctrl+Z"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// collectFiles expands folders (recursively) into the importable files they hold.
func collectFiles(paths []string) (files []string, errs []string) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Sprintf("import %s: %v", p, err))
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Sprintf("import %s: %v", path, err))
				return nil
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != p {
				return filepath.SkipDir
			}
			if !d.IsDir() && importableExt[strings.ToLower(filepath.Ext(path))] != "" {
				files = append(files, path)
			}
			return nil
		})
	}
	return files, errs
}

// readDraft reads one file into a draft; the command layer canonicalises the text and
// takes the first line as title when the file has none.
func readDraft(path string) (annotate.ArticleDraft, error) {
	format := importableExt[strings.ToLower(filepath.Ext(path))]
	if format == "" {
		return annotate.ArticleDraft{}, fmt.Errorf("import %s: only .txt and .md files can be imported here", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return annotate.ArticleDraft{}, fmt.Errorf("import %s: %w", path, err)
	}
	d := annotate.ArticleDraft{Origin: path, Format: format, Text: string(b)}
	if format == "md" {
		d.Title, d.Text = markdownTitle(d.Text)
	}
	return d, nil
}

// markdownTitle takes a leading "# Title" line as the title.
func markdownTitle(s string) (string, string) {
	trimmed := strings.TrimLeft(s, "\ufeff \t\r\n")
	if strings.HasPrefix(trimmed, "# ") {
		line, rest, _ := strings.Cut(trimmed, "\n")
		return strings.TrimSpace(strings.TrimPrefix(line, "# ")), rest
	}
	return "", s
}

// importPaths imports files and folders as one undo step, calling progress(done, total)
// after every chunk. It runs off the UI goroutine.
func importPaths(ws *annotate.Workspace, paths []string, progress func(done, total int)) importReport {
	files, errs := collectFiles(paths)
	rep := importReport{Errors: errs, Failed: len(errs)}
	if len(files) == 0 {
		if len(errs) == 0 {
			rep.Errors = append(rep.Errors, "nothing to import: no .txt or .md files there")
		}
		return rep
	}
	label := "Import"
	if len(files) > 1 {
		label = fmt.Sprintf("Import of %d files", len(files))
	}
	batch := ws.NewBatch(label)
	for i := 0; i < len(files); i += importChunk {
		chunk := files[i:min(i+importChunk, len(files))]
		var drafts []annotate.ArticleDraft
		for _, f := range chunk {
			d, err := readDraft(f)
			if err != nil {
				rep.Failed++
				rep.Errors = append(rep.Errors, err.Error())
				continue
			}
			drafts = append(drafts, d)
		}
		rep.add(batch.Add(drafts))
		progress(i+len(chunk), len(files))
	}
	return rep
}

// importDrafts imports drafts read elsewhere (pasted text, a URL) as one step.
func importDrafts(ws *annotate.Workspace, label string, drafts []annotate.ArticleDraft) importReport {
	var rep importReport
	rep.add(ws.NewBatch(label).Add(drafts))
	return rep
}

func (rep *importReport) add(results []annotate.ImportResult) {
	for _, r := range results {
		switch r.Status {
		case annotate.StatusImported:
			rep.Imported++
		case annotate.StatusUpdated:
			rep.Updated++
		case annotate.StatusDuplicate:
			rep.Duplicates++
		default:
			rep.Failed++
			rep.Errors = append(rep.Errors, r.Message())
			continue
		}
		if rep.FirstID == "" && r.Status != annotate.StatusDuplicate {
			rep.FirstID = r.Article.ID
		}
	}
}
