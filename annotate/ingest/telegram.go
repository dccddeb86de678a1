package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
)

// Telegram Desktop's "Export chat history" in the machine-readable JSON format writes a
// result.json: the chat's name, type and id, then messages[]. Each message with text
// becomes an article; service messages (joins, pins, title changes) and media without a
// caption are counted in a note. The export never names the channel's @username, so post
// links come from Options (given once, remembered by the workspace). The file is read as
// a stream, one message at a time, so an export of any size reads in bounded memory.
// A full-account export (all chats in one result.json) is read chat by chat.

// maxTelegramValue bounds the bytes of one message (or of any other value of the file):
// a real message is a few kilobytes; more is a damaged or hostile file.
const maxTelegramValue = 4 << 20

// maxJSONDepth bounds nesting in parts of the file Gloss skips.
const maxJSONDepth = 200

var errTelegramHTML = errors.New("this is Telegram's HTML export; export the chat again with the format \"Machine-readable JSON\" and import its result.json")

// IsTelegramExport reports whether data (or its first bytes) looks like a Telegram
// Desktop JSON export of a chat or of a whole account, whatever the file is called.
func IsTelegramExport(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 64<<10)], " \t\r\n\ufeff")
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if !bytes.HasPrefix(head, []byte("{")) {
		return false
	}
	chat := bytes.Contains(head, []byte(`"messages"`)) && bytes.Contains(head, []byte(`"type"`)) && bytes.Contains(head, []byte(`"id"`)) &&
		(bytes.Contains(head, []byte(`"date_unixtime"`)) || bytes.Contains(head, []byte(`"private_channel"`)) || bytes.Contains(head, []byte(`"public_channel"`)) ||
			bytes.Contains(head, []byte(`"personal_chat"`)) || bytes.Contains(head, []byte(`_group"`)) || bytes.Contains(head, []byte(`"saved_messages"`)))
	account := bytes.Contains(head, []byte(`"about"`)) && bytes.Contains(head, []byte("Telegram")) &&
		(bytes.Contains(head, []byte(`"personal_information"`)) || bytes.Contains(head, []byte(`"chats"`)))
	return chat || account
}

// isTelegramHTMLExport recognises the messages.html of Telegram's HTML export, which
// holds the same messages as result.json with markup Gloss would read as one page.
func isTelegramHTMLExport(data []byte) bool {
	head := data[:min(len(data), 16<<10)]
	return bytes.Contains(head, []byte(`class="page_wrap"`)) && bytes.Contains(head, []byte(`js/script.js`)) &&
		(bytes.Contains(data, []byte(`class="message default clearfix`)) || bytes.Contains(data, []byte(`class="message service"`)))
}

// splitTelegramMessageID splits "telegram:CHAT/42" into its chat and message number.
func splitTelegramMessageID(id string) (chat string, n int64, ok bool) {
	rest, found := strings.CutPrefix(id, "telegram:")
	if !found {
		return "", 0, false
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(rest[i+1:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return rest[:i], n, true
}

// tgMessage is the part of an exported message Gloss reads.
type tgMessage struct {
	ID            int64           `json:"id"`
	Type          string          `json:"type"`
	Date          string          `json:"date"`
	DateUnix      tgNumber        `json:"date_unixtime"`
	EditedUnix    tgNumber        `json:"edited_unixtime"`
	From          string          `json:"from"`
	FromID        string          `json:"from_id"`
	Author        string          `json:"author"`
	ForwardedFrom string          `json:"forwarded_from"`
	SavedFrom     string          `json:"saved_from"`
	ReplyTo       int64           `json:"reply_to_message_id"`
	ReplyToPeer   string          `json:"reply_to_peer_id"`
	Photo         string          `json:"photo"`
	File          string          `json:"file"`
	MediaType     string          `json:"media_type"`
	Text          json.RawMessage `json:"text"`
	TextEntities  []tgEntity      `json:"text_entities"`
	Poll          *tgPoll         `json:"poll"`
}

type tgEntity struct {
	Type string `json:"type"`
	Text string `json:"text"`
	Href string `json:"href"`
}

type tgPoll struct {
	Question string `json:"question"`
	Answers  []struct {
		Text string `json:"text"`
	} `json:"answers"`
}

// tgNumber reads a number written as a JSON string ("1645671600", as Telegram does) or
// as a JSON number.
type tgNumber int64

func (n *tgNumber) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not a number", s)
	}
	*n = tgNumber(v)
	return nil
}

// plainText flattens a message's formatted text: every entity contributes the text it
// shows (a link its visible text; hashtags, mentions and URLs as written). A poll
// becomes its question and answers.
func (m *tgMessage) plainText() string {
	var b strings.Builder
	if m.TextEntities != nil {
		for _, e := range m.TextEntities {
			b.WriteString(e.Text)
		}
	} else if len(m.Text) > 0 {
		var s string
		if json.Unmarshal(m.Text, &s) == nil {
			b.WriteString(s)
		} else {
			var parts []json.RawMessage
			if json.Unmarshal(m.Text, &parts) == nil {
				for _, p := range parts {
					var e tgEntity
					if json.Unmarshal(p, &s) == nil {
						b.WriteString(s)
					} else if json.Unmarshal(p, &e) == nil {
						b.WriteString(e.Text)
					}
				}
			}
		}
	}
	if m.Poll != nil && strings.TrimSpace(m.Poll.Question) != "" {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(m.Poll.Question)
		for _, a := range m.Poll.Answers {
			b.WriteString("\n• " + a.Text)
		}
	}
	return strings.TrimSpace(b.String())
}

func (m *tgMessage) hasMedia() bool {
	return m.Photo != "" || m.File != "" || m.MediaType != ""
}

func (m *tgMessage) published() time.Time {
	if m.DateUnix > 0 {
		return time.Unix(int64(m.DateUnix), 0).UTC()
	}
	// Exports before 2021 have only "date", the exporting machine's local time.
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", m.Date, time.Local); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

// tgChat is what one chat contributes: its identity and the counts of its note.
type tgChat struct {
	source   string
	name     string
	kind     string
	id       string
	username string
	imported int
	service  int
	noText   int
	albums   int
	bad      int
}

// readTelegramStream reads a Telegram export from r and emits an item per message (or
// album), a failure per malformed message and a note per chat saying what was left out.
// explicit says the analyst named the file: a .json that is not a Telegram export is
// then an error, else (in a folder) a skip note.
func readTelegramStream(ctx context.Context, source string, r io.Reader, opts Options, explicit bool, emit emitFunc) {
	lr := &valueLimiter{r: r, max: maxTelegramValue}
	dec := json.NewDecoder(lr)
	dec.UseNumber()
	fail := func(err error) bool {
		return emit(Item{Source: source, Err: fmt.Errorf("import %s: %w", source, err)})
	}
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		notTelegram(source, explicit, emit)
		return
	}
	t := &tgReader{ctx: ctx, source: source, dec: dec, lim: lr, opts: opts, emit: emit}
	chat := &tgChat{source: source}
	sawMessages, sawChats, err := t.readChatObject(chat, true)
	switch {
	case err != nil && errors.Is(err, errStop):
		return
	case err != nil:
		msg := fmt.Errorf("the export is damaged: %s", jsonErrorText(err, lr))
		if chat.imported+chat.service+chat.noText > 0 {
			msg = fmt.Errorf("%w; the messages before it were read", msg)
		}
		fail(msg)
	case !sawMessages && !sawChats:
		notTelegram(source, explicit, emit)
		return
	}
	if sawMessages {
		t.note(chat)
	}
}

func notTelegram(source string, explicit bool, emit emitFunc) {
	if explicit {
		emit(Item{Source: source, Err: fmt.Errorf("import %s: it is a JSON file but not a Telegram chat export (Gloss reads the result.json that Telegram Desktop writes with \"Export chat history\" in the JSON format)", source)})
		return
	}
	emit(Item{Source: source, Skipped: fmt.Sprintf("skipped %s: a JSON file that is not a Telegram chat export", source)})
}

// errStop ends reading when the consumer wants no more items.
var errStop = errors.New("stopped")

type tgReader struct {
	ctx    context.Context
	source string
	dec    *json.Decoder
	lim    *valueLimiter
	opts   Options
	emit   emitFunc
	chats  int
	// account: a whole-account export, whose chats only get remembered usernames (a
	// username given for the import names one channel, not every chat of the account).
	account bool
}

// readChatObject reads the keys of a chat object (its opening brace already read) up to
// its closing brace. top says it is the file's top level, where a full-account export
// keeps its chats under "chats" and "left_chats".
func (t *tgReader) readChatObject(chat *tgChat, top bool) (sawMessages, sawChats bool, err error) {
	for t.dec.More() {
		t.lim.reset()
		tok, err := t.dec.Token()
		if err != nil {
			return sawMessages, sawChats, err
		}
		key, _ := tok.(string)
		switch {
		case key == "name" || key == "type" || key == "id":
			t.lim.reset()
			var v any
			if err := t.dec.Decode(&v); err != nil {
				return sawMessages, sawChats, err
			}
			s := jsonScalar(v)
			switch key {
			case "name":
				chat.name = s
			case "type":
				chat.kind = s
			case "id":
				chat.id = s
			}
		case key == "messages":
			sawMessages = true
			if err := t.readMessages(chat); err != nil {
				return sawMessages, sawChats, err
			}
		case top && (key == "chats" || key == "left_chats"):
			t.account = true
			found, err := t.readChatList()
			if err != nil {
				return sawMessages, sawChats, err
			}
			sawChats = sawChats || found
		default:
			if err := skipValue(t.dec, t.lim); err != nil {
				return sawMessages, sawChats, err
			}
		}
	}
	_, err = t.dec.Token() // the closing brace
	return sawMessages, sawChats, err
}

// readChatList reads {"about": …, "list": [chat, …]} of a full-account export.
func (t *tgReader) readChatList() (bool, error) {
	tok, err := t.dec.Token()
	if err != nil {
		return false, err
	}
	if tok != json.Delim('{') {
		return false, skipRest(t.dec, t.lim, tok)
	}
	found := false
	for t.dec.More() {
		t.lim.reset()
		tok, err := t.dec.Token()
		if err != nil {
			return found, err
		}
		if tok != "list" {
			if err := skipValue(t.dec, t.lim); err != nil {
				return found, err
			}
			continue
		}
		tok, err = t.dec.Token()
		if err != nil {
			return found, err
		}
		if tok != json.Delim('[') {
			if err := skipRest(t.dec, t.lim, tok); err != nil {
				return found, err
			}
			continue
		}
		for t.dec.More() {
			t.lim.reset()
			tok, err := t.dec.Token()
			if err != nil {
				return found, err
			}
			if tok != json.Delim('{') {
				if err := skipRest(t.dec, t.lim, tok); err != nil {
					return found, err
				}
				continue
			}
			chat := &tgChat{source: t.source}
			saw, _, err := t.readChatObject(chat, false)
			if err != nil {
				return found, err
			}
			if saw {
				found = true
				t.note(chat)
			}
		}
		if _, err := t.dec.Token(); err != nil {
			return found, err
		}
	}
	_, err = t.dec.Token()
	return found, err
}

// readMessages reads the messages array one message at a time. Consecutive media
// messages with the same date and sender are an album: one article.
func (t *tgReader) readMessages(chat *tgChat) error {
	t.chats++
	if chat.id != "" {
		chat.username = t.opts.TelegramUsernames[chat.id]
		if t.opts.TelegramUsername != "" && t.chats == 1 && !t.account {
			chat.username = t.opts.TelegramUsername
		}
	}
	tok, err := t.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return skipRest(t.dec, t.lim, tok)
	}
	var group []tgMessage
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		err := t.emitGroup(chat, group)
		group = group[:0]
		return err
	}
	for t.dec.More() {
		if t.ctx.Err() != nil {
			return errStop
		}
		t.lim.reset()
		var m tgMessage
		if err := t.dec.Decode(&m); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return err
			}
			// The value was read whole; only this message is unreadable.
			chat.bad++
			if !t.emit(Item{Source: t.source, Err: fmt.Errorf("import %s: message %d cannot be read (%s is not what Telegram writes)", t.source, m.ID, te.Field)}) {
				return errStop
			}
			continue
		}
		if m.Type != "" && m.Type != "message" {
			if err := flush(); err != nil {
				return err
			}
			chat.service++
			continue
		}
		if len(group) > 0 {
			last := group[len(group)-1]
			if !(m.hasMedia() && last.hasMedia() && m.DateUnix != 0 && m.DateUnix == last.DateUnix && m.FromID == last.FromID) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		group = append(group, m)
	}
	if err := flush(); err != nil {
		return err
	}
	_, err = t.dec.Token()
	return err
}

// emitGroup turns a message, or the messages of an album, into one article.
func (t *tgReader) emitGroup(chat *tgChat, group []tgMessage) error {
	first := group[0]
	var texts []string
	var edited time.Time
	for _, m := range group {
		if s := m.plainText(); s != "" {
			texts = append(texts, s)
		}
		if m.EditedUnix > 0 {
			if e := time.Unix(int64(m.EditedUnix), 0).UTC(); e.After(edited) {
				edited = e
			}
		}
	}
	if len(texts) == 0 {
		chat.noText += len(group)
		return nil
	}
	if len(group) > 1 {
		chat.albums++
	}
	text := strings.Join(texts, "\n\n")
	d := annotate.ArticleDraft{
		Source:        chat.name,
		Published:     first.published(),
		Edited:        edited,
		ForwardedFrom: oneLine(firstNonEmpty(first.ForwardedFrom, first.SavedFrom)),
		Language:      GuessLanguage(text),
		Origin:        fmt.Sprintf("%s#%d", t.source, first.ID),
		Format:        "telegram",
		Text:          text,
	}
	if first.Author != "" {
		d.Author = oneLine(first.Author)
	} else if first.From != "" && first.From != chat.name {
		d.Author = oneLine(first.From)
	}
	if chat.id != "" {
		d.MessageID = annotate.TelegramMessageID(chat.id, first.ID)
		if first.ReplyTo != 0 {
			peer := chat.id
			if first.ReplyToPeer != "" {
				peer = strings.TrimLeft(first.ReplyToPeer, "abcdefghijklmnopqrstuvwxyz")
			}
			d.ReplyTo = annotate.TelegramMessageID(peer, first.ReplyTo)
		}
	}
	if chat.username != "" {
		d.URL = annotate.TelegramPostURL(chat.username, first.ID)
	}
	chat.imported++
	if !t.emit(Item{Source: t.source, Draft: &d}) {
		return errStop
	}
	return nil
}

// note tells what a chat's import left out.
func (t *tgReader) note(chat *tgChat) {
	name := chat.name
	if name == "" {
		name = "the chat"
	}
	var parts []string
	if chat.service > 0 {
		parts = append(parts, fmt.Sprintf("%d service %s (joins, pins, title changes)", chat.service, plural(chat.service, "message", "messages")))
	}
	if chat.noText > 0 {
		parts = append(parts, fmt.Sprintf("%d %s without text (media without a caption)", chat.noText, plural(chat.noText, "message", "messages")))
	}
	msg := fmt.Sprintf("%s: %s: %d %s read", t.source, name, chat.imported, plural(chat.imported, "message", "messages"))
	if chat.albums > 0 {
		msg += fmt.Sprintf(" (%d %s of several photos or files, each one article)", chat.albums, plural(chat.albums, "album", "albums"))
	}
	if len(parts) > 0 {
		msg += "; not imported: " + strings.Join(parts, " and ")
	}
	if chat.id == "" {
		msg += "; the export has no chat id, so a later export of it cannot update these articles"
	} else if chat.username == "" && chat.imported > 0 {
		msg += "; no links to the posts (give the channel's @username once with --telegram-username)"
	}
	t.emit(Item{Source: t.source, Note: msg})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// jsonScalar renders a decoded JSON scalar as text ("" for null or a container).
func jsonScalar(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// skipValue skips the next value of dec token by token (never holding it whole), refusing
// nesting deeper than maxJSONDepth.
func skipValue(dec *json.Decoder, lim *valueLimiter) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	return skipRest(dec, lim, tok)
}

// skipRest skips the rest of a value whose first token was tok.
func skipRest(dec *json.Decoder, lim *valueLimiter, tok json.Token) error {
	d, ok := tok.(json.Delim)
	if !ok || d == '}' || d == ']' {
		return nil
	}
	depth := 1
	for depth > 0 {
		lim.reset()
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
				if depth > maxJSONDepth {
					return fmt.Errorf("values are nested more than %d levels deep", maxJSONDepth)
				}
			default:
				depth--
			}
		}
	}
	return nil
}

// valueLimiter fails a read once more than max bytes were read since the last reset, so
// that one huge value (a 1 GB string) cannot be buffered whole by the JSON decoder.
type valueLimiter struct {
	r    io.Reader
	n    int64
	max  int64
	read int64 // bytes read in all, for error positions
}

var errValueTooLarge = errors.New("value too large")

func (l *valueLimiter) reset() { l.n = 0 }

func (l *valueLimiter) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errValueTooLarge
	}
	if room := l.max - l.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	l.read += int64(n)
	return n, err
}

// jsonErrorText words a decoding error for the analyst.
func jsonErrorText(err error, lim *valueLimiter) string {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, errValueTooLarge):
		return fmt.Sprintf("one value near byte %d is larger than %d MB", lim.read, maxTelegramValue>>20)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "the file ends in the middle (is it complete?)"
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	}
	return oneLine(err.Error())
}
