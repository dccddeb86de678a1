package ingest

import (
	"context"
	"fmt"
	"path/filepath"

	"gloss.app/gloss/annotate"
)

// DefaultChunkSize is how many drafts go into one transaction of a batch import, unless
// they are short: up to DefaultChunkBytes of text, a transaction takes up to
// MaxChunkSize drafts (2,000 Telegram posts are stored and indexed together rather than
// in ten transactions).
const DefaultChunkSize = 200

// DefaultChunkBytes and MaxChunkSize bound a transaction of short drafts.
const (
	DefaultChunkBytes = 1 << 20
	MaxChunkSize      = 2000
)

// maxChunkText stores a chunk early once its texts add up to this much, so that long
// documents (PDF reports) never pile up in memory.
const maxChunkText = 32 << 20

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
	Note      func(source, note string)   // what the analyst should know besides (messages left out, attachments); may be nil
}

// Summary counts what an import did.
type Summary struct {
	Imported, Duplicates, Updated, Failed, Skipped int
	Notes                                          int
}

// Run imports sources into ws. Results are reported once their chunk is committed; a
// source that cannot be read is reported as StatusFailed, and notes (messages left out,
// attachments) go to Note, both in reading order after the results before them (at
// once when no chunk is pending). Cancelling ctx stops
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
	size, most := im.ChunkSize, im.ChunkSize
	if size <= 0 {
		size, most = DefaultChunkSize, MaxChunkSize
	}
	chunkBytes := 0
	batch := ws.NewBatch(label)
	opts := im.Options
	// A Telegram export does not name its channel's @username: the remembered ones give
	// the posts their links, and one given for this import is remembered (and given to
	// the posts of that channel already in the workspace).
	known := ws.TelegramUsernames()
	for k, v := range im.TelegramUsernames {
		known[k] = v
	}
	opts.TelegramUsernames = known
	if opts.TelegramUsername != "" {
		name, err := annotate.ValidTelegramUsername(opts.TelegramUsername)
		if err != nil {
			return sum, err
		}
		opts.TelegramUsername = name
	}
	usernameChat := "" // the channel the given username belongs to: the first one read
	otherChats := map[string]bool{}
	var chunk []annotate.ArticleDraft
	var notes []Item // errors and notes, delivered after the results of the chunk they follow
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
		if len(chunk) > 0 {
			for _, r := range batch.Add(chunk) {
				report(r)
			}
			chunk = chunk[:0]
			chunkBytes = 0
		}
		for _, n := range notes {
			if n.Err != nil {
				report(annotate.ImportResult{Origin: n.Source, Status: annotate.StatusFailed, Err: n.Err})
				continue
			}
			sum.Notes++
			if im.Note != nil {
				im.Note(n.Source, n.Note)
			}
		}
		notes = notes[:0]
	}
	err := Walk(ctx, sources, opts, im.Progress, func(it Item) error {
		switch {
		case it.Draft != nil:
			d := *it.Draft
			// Only posts the reader linked with the given username concern it (a
			// whole-account export links its chats with remembered names only).
			if chat, n, ok := splitTelegramMessageID(d.MessageID); ok && opts.TelegramUsername != "" && d.URL == annotate.TelegramPostURL(opts.TelegramUsername, n) {
				switch {
				case usernameChat == "":
					usernameChat = chat
					if _, err := batch.RememberTelegramUsername(chat, opts.TelegramUsername); err != nil {
						report(annotate.ImportResult{Origin: it.Source, Status: annotate.StatusFailed, Err: fmt.Errorf("import %s: %w", it.Source, err)})
					}
				case chat != usernameChat:
					// The username names one channel; another one keeps its own link, if known.
					d.URL = ""
					if u := known[chat]; u != "" {
						d.URL = annotate.TelegramPostURL(u, n)
					}
					if !otherChats[chat] {
						otherChats[chat] = true
						notes = append(notes, Item{Source: it.Source, Note: fmt.Sprintf("%s: @%s was taken as the username of the first channel read (%s) only; import other channels on their own with their own --telegram-username", it.Source, opts.TelegramUsername, usernameChat)})
					}
				}
			}
			chunk = append(chunk, d)
			chunkBytes += len(d.Text)
			if len(chunk) >= most || (len(chunk) >= size && chunkBytes >= DefaultChunkBytes) || chunkBytes >= maxChunkText {
				flush()
			}
		case it.Err != nil || it.Note != "":
			// Errors and notes come after the results of the drafts read before them.
			notes = append(notes, it)
			if len(chunk) == 0 || len(notes) >= size {
				flush()
			}
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
