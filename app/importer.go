package app

// This file is the GUI's only link to the importers: it hands files, folders and URLs
// to the shared ingest package (which reads them into drafts and stores them through
// the command layer in chunks, one undo step per import) and sums up the outcome.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
)

// importReport sums up an import for the status bar.
type importReport struct {
	Imported, Updated, Duplicates, Failed, Skipped int
	Errors                                         []string
	SkippedNames                                   []string // file names of the skipped files
	FirstID                                        string   // the first article imported or updated
	NewIDs                                         []string // the articles imported (not updated)
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
	if r.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d %s skipped (not a type Gloss imports%s)",
			r.Skipped, plural(r.Skipped, "file", "files"), skippedList(r.SkippedNames, r.Skipped)))
	}
	s := strings.Join(parts, ", ")
	if r.Imported+r.Updated > 0 {
		s += ". Undo with Ctrl+Z"
	}
	return s
}

// maxSkippedNames is how many skipped files the status bar names.
const maxSkippedNames = 3

// skippedList names the first skipped files: ": photo.png, scan.pdf and 4 more".
func skippedList(names []string, total int) string {
	if len(names) == 0 {
		return ""
	}
	shown := names[:min(len(names), maxSkippedNames)]
	s := ": " + strings.Join(shown, ", ")
	if more := total - len(shown); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// importSources imports files, folders and http(s) URLs as one undo step, calling
// progress(done, total) as sources are read. It runs off the UI goroutine.
func importSources(ctx context.Context, ws *annotate.Workspace, sources []string, progress func(done, total int)) importReport {
	var rep importReport
	im := &ingest.Importer{
		Progress: progress,
		Report:   func(r annotate.ImportResult) { rep.add([]annotate.ImportResult{r}) },
		Skip: func(source, _ string) {
			rep.Skipped++
			rep.SkippedNames = append(rep.SkippedNames, filepath.Base(source))
		},
	}
	sum, err := im.Run(ctx, ws, sources)
	if err != nil {
		rep.Errors = append(rep.Errors, err.Error())
	}
	if sum.Imported+sum.Updated+sum.Duplicates+sum.Failed == 0 && len(rep.Errors) == 0 {
		rep.Errors = append(rep.Errors, "nothing to import there: Gloss reads "+strings.Join(ingest.SupportedExtensions, ", "))
	}
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
		if r.Status == annotate.StatusImported {
			rep.NewIDs = append(rep.NewIDs, r.Article.ID)
		}
	}
}
