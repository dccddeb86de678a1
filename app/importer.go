package app

// This file is the GUI's only link to the importers: it hands files, folders and URLs
// to the shared ingest package (which reads them into drafts and stores them through
// the command layer in chunks, one undo step per import) and sums up the outcome.

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	// Notes are what the analyst should know besides (messages a Telegram export left
	// out, e-mail attachments, PDF pages without text), in the window's words.
	Notes []string
	// Telegram are the channels whose posts came without a link: Gloss does not know their
	// @username yet.
	Telegram []telegramChat
	// MailAttachments are the e-mail files whose PDF, Word or text attachments were only
	// listed (imported without the attachments option).
	MailAttachments []string
	// Sources are what was imported, and Attachments whether e-mail attachments were
	// (the report can import them too).
	Sources     []string
	Attachments bool
}

// telegramChat is a Telegram channel (or chat) of an import.
type telegramChat struct {
	ID, Name string
	Posts    int // articles of the import from it
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
	switch n := len(r.Notes); {
	case n == 1 && len([]rune(r.Notes[0])) <= noteFits:
		s += ". " + strings.TrimSuffix(r.Notes[0], ".")
	case n > 0:
		s += fmt.Sprintf("; %d %s in the import report", n, plural(n, "note", "notes"))
	}
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
	return importWith(ctx, ws, sources, ingest.Options{}, progress)
}

// importWith is importSources with options (e-mail attachments as articles).
func importWith(ctx context.Context, ws *annotate.Workspace, sources []string, opts ingest.Options, progress func(done, total int)) importReport {
	rep := importReport{Sources: sources, Attachments: opts.Attachments}
	chats := map[string]int{} // chat id → index in rep.Telegram
	im := &ingest.Importer{
		Options:  opts,
		Progress: progress,
		Report: func(r annotate.ImportResult) {
			rep.add([]annotate.ImportResult{r})
			if chat, _, ok := annotate.ParseTelegramMessageID(r.Article.MessageID); ok && r.Status != annotate.StatusFailed && r.Article.URL == "" {
				i, seen := chats[chat]
				if !seen {
					i = len(rep.Telegram)
					chats[chat] = i
					rep.Telegram = append(rep.Telegram, telegramChat{ID: chat, Name: r.Article.Source})
				}
				rep.Telegram[i].Posts++
			}
		},
		Skip: func(source, note string) {
			if strings.HasSuffix(note, ": not a file type Gloss imports") {
				rep.Skipped++
				rep.SkippedNames = append(rep.SkippedNames, filepath.Base(source))
				return
			}
			// The media of a Telegram export folder, a JSON file that is no export: said
			// in a note rather than counted as files of an unknown type.
			rep.Notes = append(rep.Notes, windowNote(source, note))
		},
		Note: func(source, note string) {
			if strings.Contains(note, attachmentsHint) {
				rep.MailAttachments = appendOnce(rep.MailAttachments, mailFile(source))
			}
			rep.Notes = append(rep.Notes, windowNote(source, note))
		},
	}
	sum, err := im.Run(ctx, ws, sources)
	if err != nil {
		rep.Errors = append(rep.Errors, err.Error())
	}
	if sum.Imported+sum.Updated+sum.Duplicates+sum.Failed == 0 && len(rep.Errors) == 0 && len(rep.Notes) == 0 {
		rep.Errors = append(rep.Errors, "nothing to import there: Gloss reads "+strings.Join(ingest.SupportedExtensions, ", "))
	}
	// A channel whose username became known meanwhile (another import) has its links.
	known := ws.TelegramUsernames()
	chatsLeft := rep.Telegram[:0]
	for _, c := range rep.Telegram {
		if known[c.ID] == "" {
			chatsLeft = append(chatsLeft, c)
		}
	}
	rep.Telegram = chatsLeft
	return rep
}

// The importers' notes end with hints for the command line; the window says what to do
// in its own words.
const (
	attachmentsHint = "; import the PDF, Word and text ones as articles with --attachments"
	usernameHint    = " (give the channel's @username once with --telegram-username)"
)

var windowHints = strings.NewReplacer(
	attachmentsHint, "; the PDF, Word and text ones were not imported as articles",
	" (only attachments: import the PDF, Word and text ones with --attachments)", " (only attachments: tick \u201cAlso import attached PDF, Word and text files as articles\u201d to import them)",
	usernameHint, " (Telegram's export does not say the channel's @username)",
	"; import other channels on their own with their own --telegram-username", "",
)

// windowNote is an importer's note as the window shows it: file names rather than whole
// paths, the command line's hints in the window's words, a capital first letter unless it
// starts with the file's name.
func windowNote(source, note string) string {
	note = windowHints.Replace(note)
	if file := mailFile(source); file != "" {
		for _, p := range []string{source, file, filepath.Dir(file)} {
			if filepath.IsAbs(p) && p != "/" {
				note = strings.ReplaceAll(note, p, filepath.Base(p))
			}
		}
	}
	if r, size := utf8.DecodeRuneInString(note); size > 0 && unicode.IsLower(r) &&
		!strings.HasPrefix(note, source) && !strings.HasPrefix(note, filepath.Base(mailFile(source))) {
		note = string(unicode.ToUpper(r)) + note[size:]
	}
	return note
}

// mailFile is the file of a source: a message of a mailbox is "inbox.mbox#12".
func mailFile(source string) string {
	if i := strings.LastIndexByte(source, '#'); i > 0 {
		if _, err := strconv.Atoi(source[i+1:]); err == nil {
			return source[:i]
		}
	}
	return source
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
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
