package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// tgExport builds a Telegram Desktop JSON export the way tdesktop writes it.
type tgExport struct {
	Name     string           `json:"name"`
	Type     string           `json:"type"`
	ID       int64            `json:"id"`
	Messages []map[string]any `json:"messages"`
}

func (e tgExport) bytes(t testing.TB) []byte {
	t.Helper()
	b, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tgMsg is a message: unix time as tdesktop writes it (a string), and a "date" in the
// exporting machine's local time that must not be used.
func tgMsg(id int64, unix int64, text any, extra ...any) map[string]any {
	m := map[string]any{
		"id": id, "type": "message",
		"date":          time.Unix(unix, 0).In(time.FixedZone("exporter", 3*3600)).Format("2006-01-02T15:04:05"),
		"date_unixtime": fmt.Sprint(unix),
		"from":          "Одеська ОВА", "from_id": "channel1234567890",
		"text": text,
	}
	if s, ok := text.(string); ok {
		m["text_entities"] = []map[string]string{{"type": "plain", "text": s}}
		if s == "" {
			m["text_entities"] = []map[string]string{}
		}
	} else {
		var ents []map[string]string
		for _, p := range text.([]any) {
			switch p := p.(type) {
			case string:
				ents = append(ents, map[string]string{"type": "plain", "text": p})
			case map[string]string:
				ents = append(ents, p)
			}
		}
		m["text_entities"] = ents
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

const tgBase = 1709272800 // 2024-03-01 06:00:00 UTC

func sampleExport() tgExport {
	return tgExport{Name: "Одеська ОВА", Type: "public_channel", ID: 1234567890, Messages: []map[string]any{
		{"id": 1, "type": "service", "date": "2024-03-01T08:00:00", "date_unixtime": fmt.Sprint(tgBase - 60), "actor": "Одеська ОВА", "action": "pin_message", "text": "", "text_entities": []any{}},
		tgMsg(2, tgBase, []any{
			"Уночі ворог атакував Одещину ударними дронами. ",
			map[string]string{"type": "bold", "text": "Пошкоджено об'єкт енергетики"},
			". Деталі — ",
			map[string]string{"type": "text_link", "text": "на сайті", "href": "https://oda.example/news/1"},
			". ",
			map[string]string{"type": "hashtag", "text": "#Одеса"},
			" ",
			map[string]string{"type": "mention", "text": "@odesa_news"},
		}, "author", "Олег Кіпер"),
		// A photo without caption: not an article.
		tgMsg(3, tgBase+60, "", "photo", "(File not included. Change data exporting settings to download.)", "width", 1280, "height", 960),
		// An album: three photos sent together, the caption on the second.
		tgMsg(4, tgBase+120, "", "photo", "photos/photo_4@01-03-2024_08-02-00.jpg"),
		tgMsg(5, tgBase+120, "Наслідки нічної атаки: фото з місця подій. Рятувальники ліквідували пожежу.", "photo", "photos/missing_5.jpg"),
		tgMsg(6, tgBase+120, "", "photo", "photos/missing_6.jpg"),
		// Forwarded, a reply, edited.
		tgMsg(7, tgBase+3600, "The Russian army shelled the port of Izmail overnight, and the officials said that the grain terminal was hit.",
			"forwarded_from", "Kyiv Independent", "reply_to_message_id", 2,
			"edited", "2024-03-01T10:30:00", "edited_unixtime", fmt.Sprint(tgBase+5400)),
		tgMsg(8, tgBase+7200, "Ночью обстрелу подверглась подстанция, электроснабжение восстановлено не полностью, жители сообщили о взрывах."),
		{"id": 9, "type": "message", "date_unixtime": fmt.Sprint(tgBase + 7300), "from": "Одеська ОВА", "text": "", "text_entities": []any{},
			"poll": map[string]any{"question": "Чи є у вас світло?", "answers": []map[string]any{{"text": "Так", "voters": 10}, {"text": "Ні", "voters": 5}}}},
	}}
}

func readTelegramBytes(t *testing.T, name string, data []byte, opts Options) (drafts []annotate.ArticleDraft, errs, notes []string) {
	t.Helper()
	readData(context.Background(), name, data, KindOf(name), "", nil, opts, true, func(it Item) bool {
		switch {
		case it.Draft != nil:
			drafts = append(drafts, *it.Draft)
		case it.Err != nil:
			errs = append(errs, it.Err.Error())
		case it.Note != "":
			notes = append(notes, it.Note)
		case it.Skipped != "":
			errs = append(errs, "skipped: "+it.Skipped)
		}
		return true
	})
	return
}

func TestTelegramExport(t *testing.T) {
	drafts, errs, notes := readTelegramBytes(t, "result.json", sampleExport().bytes(t), Options{TelegramUsername: "odesa_oda"})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(drafts) != 5 {
		for _, d := range drafts {
			t.Logf("%s: %q", d.MessageID, d.Text)
		}
		t.Fatalf("%d articles, want 5 (message 2, the album, 7, 8 and the poll)", len(drafts))
	}
	first := drafts[0]
	wantText := "Уночі ворог атакував Одещину ударними дронами. Пошкоджено об'єкт енергетики. Деталі — на сайті. #Одеса @odesa_news"
	if first.Text != wantText {
		t.Errorf("flattened text:\n%q\nwant\n%q", first.Text, wantText)
	}
	checks := []struct{ name, got, want string }{
		{"source", first.Source, "Одеська ОВА"},
		{"author (signature)", first.Author, "Олег Кіпер"},
		{"published (UTC, from date_unixtime)", first.Published.Format(time.RFC3339), "2024-03-01T06:00:00Z"},
		{"message id", first.MessageID, "telegram:1234567890/2"},
		{"url", first.URL, "https://t.me/odesa_oda/2"},
		{"language", first.Language, "uk"},
		{"format", first.Format, "telegram"},
		{"origin", first.Origin, "result.json#2"},
		{"album id", drafts[1].MessageID, "telegram:1234567890/4"},
		{"album text", drafts[1].Text, "Наслідки нічної атаки: фото з місця подій. Рятувальники ліквідували пожежу."},
		{"forwarded", drafts[2].ForwardedFrom, "Kyiv Independent"},
		{"reply to", drafts[2].ReplyTo, "telegram:1234567890/2"},
		{"edited", drafts[2].Edited.Format(time.RFC3339), "2024-03-01T07:30:00Z"},
		{"english", drafts[2].Language, "en"},
		{"channel post without signature has no author", drafts[2].Author, ""},
		{"russian", drafts[3].Language, "ru"},
		{"poll", drafts[4].Text, "Чи є у вас світло?\n• Так\n• Ні"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "5 messages read (1 album of several photos or files, each one article)") ||
		!strings.Contains(notes[0], "1 service message") || !strings.Contains(notes[0], "1 message without text") {
		t.Errorf("note: %q", notes)
	}
}

func TestTelegramRecognisedByStructure(t *testing.T) {
	dir := t.TempDir()
	data := sampleExport().bytes(t)
	for _, name := range []string{"export.txt", "channel", "Одеса 2024-03.json"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		drafts, err := Read(context.Background(), path, Options{})
		if err != nil || len(drafts) != 5 || drafts[0].Format != "telegram" || drafts[0].URL != "" {
			t.Errorf("%s: %d drafts, %v", name, len(drafts), err)
		}
	}
	// Other JSON: an error when named, a skip note inside a folder.
	other := filepath.Join(dir, "sub", "package.json")
	os.MkdirAll(filepath.Dir(other), 0o755)
	os.WriteFile(other, []byte(`{"name": "x", "version": "1.0.0", "dependencies": {"a": "1"}}`), 0o644)
	if _, err := Read(context.Background(), other, Options{}); err == nil || !strings.Contains(err.Error(), "not a Telegram chat export") {
		t.Errorf("other JSON: %v", err)
	}
	var skipped []string
	Walk(context.Background(), []string{filepath.Dir(other)}, Options{}, nil, func(it Item) error {
		if it.Skipped != "" {
			skipped = append(skipped, it.Skipped)
		}
		if it.Err != nil {
			t.Errorf("folder walk error: %v", it.Err)
		}
		return nil
	})
	if len(skipped) != 1 || !strings.Contains(skipped[0], "not a Telegram chat export") {
		t.Errorf("skipped %q", skipped)
	}
	// Telegram's HTML export is named for what it is.
	html := `<!DOCTYPE html><html><head><link href="css/style.css" rel="stylesheet"/><script src="js/script.js"></script></head><body><div class="page_wrap"><div class="message default clearfix" id="message2">text</div></div></body></html>`
	htmlPath := filepath.Join(dir, "messages.html")
	os.WriteFile(htmlPath, []byte(html), 0o644)
	if _, err := Read(context.Background(), htmlPath, Options{}); err == nil || !strings.Contains(err.Error(), "Machine-readable JSON") {
		t.Errorf("HTML export: %v", err)
	}
}

func TestTelegramReimportAddsAndUpdates(t *testing.T) {
	ws := openWorkspace(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "result.json")
	first := sampleExport()
	first.Messages = first.Messages[:6] // messages 1–6: message 2 and the album
	os.WriteFile(path, first.bytes(t), 0o644)
	var notes []string
	im := &Importer{Note: func(_, n string) { notes = append(notes, n) }}
	sum, err := im.Run(context.Background(), ws, []string{path})
	if err != nil || sum.Imported != 2 || sum.Notes != 1 {
		t.Fatalf("first import: %+v %v", sum, err)
	}
	a, ok := ws.ArticleByMessageID("telegram:1234567890/2")
	if !ok || a.URL != "" {
		t.Fatalf("message 2: %+v", a)
	}
	cb, _ := ws.Codebook()
	tag := []string{cb.Tags()[0].ID}
	for _, q := range []string{"ударними дронами", "Пошкоджено об'єкт енергетики"} {
		s, e, err := ws.FindQuote(a.ID, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: s, End: e, TagIDs: tag}); err != nil {
			t.Fatal(err)
		}
	}

	// A newer export: message 2 edited, three new messages; with the channel's username.
	newer := sampleExport()
	edited := tgMsg(2, tgBase, "Уночі ворог атакував Одещину ударними дронами. Уточнення: постраждалих немає.",
		"edited_unixtime", fmt.Sprint(tgBase+900))
	newer.Messages[1] = edited
	os.WriteFile(path, newer.bytes(t), 0o644)
	var results []annotate.ImportResult
	im = &Importer{Options: Options{TelegramUsername: "@odesa_oda"}, Report: func(r annotate.ImportResult) { results = append(results, r) }}
	sum, err = im.Run(context.Background(), ws, []string{path})
	if err != nil || sum.Imported != 3 || sum.Updated != 1 || sum.Duplicates != 1 || sum.Failed != 0 {
		t.Fatalf("second import: %+v %v", sum, err)
	}
	arts, _ := ws.Articles()
	if len(arts) != 5 {
		t.Fatalf("%d articles after re-import, want 5", len(arts))
	}
	a, _ = ws.Article(a.ID)
	if a.Version != 2 || !strings.Contains(a.Text, "Уточнення") || a.URL != "https://t.me/odesa_oda/2" || a.Edited.IsZero() {
		t.Fatalf("edited message: version %d url %q edited %v text %q", a.Version, a.URL, a.Edited, a.Text)
	}
	anns, _ := ws.Annotations(a.ID)
	states := map[annotate.AnnotationState]int{}
	for _, an := range anns {
		states[an.State]++
	}
	if states[annotate.Anchored] != 1 || states[annotate.Orphaned] != 1 {
		t.Errorf("annotations after the edit: %v", states)
	}
	album, _ := ws.ArticleByMessageID("telegram:1234567890/4")
	if album.URL != "https://t.me/odesa_oda/4" {
		t.Errorf("the username did not reach the earlier article: %q", album.URL)
	}
	// A third import without the flag: the username is remembered.
	newer.Messages = append(newer.Messages, tgMsg(10, tgBase+9000, "Нове повідомлення каналу після оновлення експорту."))
	os.WriteFile(path, newer.bytes(t), 0o644)
	sum, err = (&Importer{}).Run(context.Background(), ws, []string{path})
	if err != nil || sum.Imported != 1 || sum.Duplicates != 5 {
		t.Fatalf("third import: %+v %v", sum, err)
	}
	if a, ok := ws.ArticleByURL("https://t.me/odesa_oda/10"); !ok || a.MessageID != "telegram:1234567890/10" {
		t.Errorf("remembered username not used: %+v", a)
	}
	// The whole second import undoes as one step.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	arts, _ = ws.Articles()
	a, _ = ws.Article(a.ID)
	if len(arts) != 2 {
		t.Errorf("after undoing two imports: %d articles, want 2", len(arts))
	}
}

func TestTelegramHostile(t *testing.T) {
	base := sampleExport()
	good := base.bytes(t)
	cases := []struct {
		name     string
		data     []byte
		drafts   int
		errParts []string
	}{
		{"truncated", good[:len(good)*2/3], -1, []string{"the file ends in the middle", "the messages before it were read"}},
		{"deeply nested value outside the messages", []byte(`{"name":"C","type":"public_channel","id":1,"extra":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `,"messages":[]}`),
			0, []string{"nested more than"}},
		{"deeply nested message", []byte(`{"name":"C","type":"public_channel","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1","text":` + strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000) + `}]}`),
			0, []string{"damaged"}},
		{"a 6 MB string", []byte(`{"name":"C","type":"public_channel","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1","text":"` + strings.Repeat("а", 3<<20) + `"}]}`),
			0, []string{"larger than 4 MB"}},
		{"a malformed message among good ones", []byte(`{"name":"C","type":"public_channel","id":1,"messages":[
			{"id":1,"type":"message","date_unixtime":"1700000000","text":"First good message of the channel."},
			{"id":2,"type":"message","date_unixtime":"1700000001","text":"Bad","reply_to_message_id":"not a number"},
			{"id":3,"type":"message","date_unixtime":"1700000002","text":"Second good message of the channel."}]}`),
			2, []string{"message 2 cannot be read"}},
		{"not an object", []byte(`[{"messages": []}]`), 0, []string{"not a Telegram chat export"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			drafts, errs, _ := readTelegramBytes(t, "result.json", c.data, Options{})
			if c.drafts >= 0 && len(drafts) != c.drafts {
				t.Errorf("%d drafts, want %d", len(drafts), c.drafts)
			}
			all := strings.Join(errs, "\n")
			for _, p := range c.errParts {
				if !strings.Contains(all, p) {
					t.Errorf("errors %q lack %q", all, p)
				}
			}
		})
	}
}

func TestTelegramAccountExport(t *testing.T) {
	chat1, chat2 := sampleExport(), tgExport{Name: "Kyiv Independent", Type: "public_channel", ID: 42, Messages: []map[string]any{
		tgMsg(1, tgBase, "Officials said that the air defence shot down all drones over the capital overnight."),
	}}
	account := map[string]any{
		"about":                "Here is the data you requested. Remember: Telegram is ad free...",
		"personal_information": map[string]any{"user_id": 1, "first_name": "A"},
		"contacts":             map[string]any{"about": "x", "list": []any{map[string]any{"first_name": "B"}}},
		"chats":                map[string]any{"about": "chats", "list": []any{chat1, chat2}},
	}
	data, _ := json.Marshal(account)
	drafts, errs, notes := readTelegramBytes(t, "result.json", data, Options{TelegramUsername: "not_for_all_chats", TelegramUsernames: map[string]string{"42": "kyivindependent"}})
	if len(errs) > 0 || len(drafts) != 6 || len(notes) != 2 {
		t.Fatalf("%d drafts, errors %v, notes %v", len(drafts), errs, notes)
	}
	if drafts[0].URL != "" {
		t.Errorf("a username given for the import was used for a chat of an account export: %q", drafts[0].URL)
	}
	last := drafts[5]
	if last.Source != "Kyiv Independent" || last.URL != "https://t.me/kyivindependent/1" || last.MessageID != "telegram:42/1" {
		t.Errorf("second chat: %+v", last)
	}
}

func TestTelegramUsernameForOneChannelOnly(t *testing.T) {
	ws := openWorkspace(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a", "result.json")
	b := filepath.Join(dir, "b", "result.json")
	os.MkdirAll(filepath.Dir(a), 0o755)
	os.MkdirAll(filepath.Dir(b), 0o755)
	os.WriteFile(a, sampleExport().bytes(t), 0o644)
	other := tgExport{Name: "Other", Type: "public_channel", ID: 77, Messages: []map[string]any{tgMsg(1, tgBase, "Another channel's only message, long enough to be a text.")}}
	os.WriteFile(b, other.bytes(t), 0o644)
	var notes []string
	_, err := (&Importer{Options: Options{TelegramUsername: "odesa_oda"}, Note: func(_, n string) { notes = append(notes, n) }}).Run(context.Background(), ws, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := ws.TelegramUsernames(); len(got) != 1 || got["1234567890"] != "odesa_oda" {
		t.Errorf("remembered %v", got)
	}
	o, _ := ws.ArticleByMessageID("telegram:77/1")
	if o.URL != "" {
		t.Errorf("the other channel got the username: %q", o.URL)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "first channel read") {
		t.Errorf("notes %q", notes)
	}
	if _, err := (&Importer{Options: Options{TelegramUsername: "no"}}).Run(context.Background(), ws, []string{a}); err == nil {
		t.Error("a bad username was accepted")
	}
}

func FuzzTelegram(f *testing.F) {
	f.Add(sampleExport().bytes(f))
	f.Add([]byte(`{"name":"C","type":"public_channel","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1","text":["a",{"type":"bold","text":"b"}]}]}`))
	f.Add([]byte(`{"about":"Telegram","chats":{"list":[{"name":"x","id":2,"type":"personal_chat","messages":[]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		readTelegramStream(context.Background(), "f.json", bytes.NewReader(data), Options{TelegramUsername: "fuzz_channel"}, true, func(it Item) bool {
			if it.Draft != nil {
				if strings.TrimSpace(it.Draft.Text) == "" {
					t.Fatal("a draft without text")
				}
				if it.Draft.Published.IsZero() && bytes.Contains(data, []byte("date_unixtime")) && it.Draft.Origin == "" {
					t.Fatal("a draft without origin")
				}
			}
			return true
		})
	})
}

func TestTelegramExportFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	export := filepath.Join(root, "ChatExport_2024-03-01")
	for name, data := range map[string]string{
		"photos/photo_4@01-03-2024_08-02-00.jpg": "\xff\xd8\xff",
		"files/report.pdf":                       "%PDF-1.4",
		"messages.html":                          "<html><body><div class=\"page_wrap\"></div></body></html>",
		"css/style.css":                          "body{}",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(export, name)), 0o755)
		os.WriteFile(filepath.Join(export, name), []byte(data), 0o644)
	}
	os.WriteFile(filepath.Join(export, "result.json"), sampleExport().bytes(t), 0o644)
	os.WriteFile(filepath.Join(root, "other.txt"), []byte("A text file beside the export, imported as usual."), 0o644)
	var got []string
	err := Walk(context.Background(), []string{root}, Options{}, nil, func(it Item) error {
		switch {
		case it.Draft != nil:
			got = append(got, "draft "+filepath.Base(it.Source))
		case it.Skipped != "":
			got = append(got, "skip "+strings.ReplaceAll(it.Skipped, root, "ROOT"))
		case it.Err != nil:
			got = append(got, "error "+it.Err.Error())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"draft result.json", "draft result.json", "draft result.json", "draft result.json", "draft result.json",
		"skip skipped 4 media files of the Telegram export in ROOT/ChatExport_2024-03-01 (its messages' text is read from result.json)",
		"draft other.txt"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("walk:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
