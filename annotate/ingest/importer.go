package ingest

import (
	"context"
	"fmt"
	"path/filepath"

	"gloss.app/gloss/annotate"
)

// DefaultChunkSize is how many drafts go into one transaction of a batch import.
const DefaultChunkSize = 200

// Importer reads sources with Walk and stores the drafts through the command layer in
// chunks (each chunk one fsync'd transaction, the whole import one undo step). The CLI
// and the GUI (open file, import folder, import URL, drag and drop) both use it.
type Importer struct {
	Options
	Label     string                      // undo label; "" → "Import of NAME" / "Import of N sources"
	ChunkSize int                         // drafts per transaction; 0 → DefaultChunkSize
	Progress  func(done, total int)       // files or URLs read so far, of total; may be nil
	Report    func(annotate.ImportResult) // every stored, duplicate, updated or failed article or source
	Skip      func(source, note string)   // files left out of a folder import; may be nil
}

// Summary counts what an import did.
type Summary struct {
	Imported, Duplicates, Updated, Failed, Skipped int
}

// Run imports sources into ws. Results are reported once their chunk is committed; a
// source that cannot be read is reported at once as StatusFailed. Cancelling ctx stops
// after the current file: chunks already committed stay (and undo together).
func (im *Importer) Run(ctx context.Context, ws *annotate.Workspace, sources []string) (Summary, error) {
	var sum Summary
	label := im.Label
	if label == "" {
		if len(sources) == 1 {
			label = "Import of " + filepath.Base(sources[0])
			if IsURL(sources[0]) {
				label = "Import of " + sources[0]
			}
		} else {
			label = fmt.Sprintf("Import of %d sources", len(sources))
		}
	}
	size := im.ChunkSize
	if size <= 0 {
		size = DefaultChunkSize
	}
	batch := ws.NewBatch(label)
	var chunk []annotate.ArticleDraft
	report := func(r annotate.ImportResult) {
		switch r.Status {
		case annotate.StatusImported:
			sum.Imported++
		case annotate.StatusDuplicate:
			sum.Duplicates++
		case annotate.StatusUpdated:
			sum.Updated++
		default:
			sum.Failed++
		}
		if im.Report != nil {
			im.Report(r)
		}
	}
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		for _, r := range batch.Add(chunk) {
			report(r)
		}
		chunk = chunk[:0]
	}
	err := Walk(ctx, sources, im.Options, im.Progress, func(it Item) error {
		switch {
		case it.Draft != nil:
			chunk = append(chunk, *it.Draft)
			if len(chunk) >= size {
				flush()
			}
		case it.Err != nil:
			report(annotate.ImportResult{Origin: it.Source, Status: annotate.StatusFailed, Err: it.Err})
		case it.Skipped != "":
			sum.Skipped++
			if im.Skip != nil {
				im.Skip(it.Source, it.Skipped)
			}
		}
		return nil
	})
	flush()
	return sum, err
}
