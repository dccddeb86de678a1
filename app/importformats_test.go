package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest/ingesttest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/library"
)

// The fixtures of these tests are written by the tests (annotate/ingest/ingesttest).

const tgBase = 1709272800 // 2024-03-01 06:00 UTC

// odesaExport is a channel export: a pin, a post, a photo without caption, and a post
// forwarded from another channel that replies to the first and was edited.
func odesaExport(more ...map[string]any) []byte {
	const ch = "Одеська ОВА"
	msgs := []map[string]any{
		ingesttest.TelegramService(1, tgBase-60, "pin_message"),
		ingesttest.TelegramMessage(ch, 2, tgBase, "Уночі ворог атакував Одещину дронами."),
		ingesttest.TelegramMessage(ch, 3, tgBase+60, "", "photo", "(File not included. Change data exporting settings to download.)"),
		ingesttest.TelegramMessage(ch, 4, tgBase+3600, "Air defence shot down all drones over the city overnight.",
			"forwarded_from", "Kyiv Independent", "reply_to_message_id", 2, "edited", "2024-03-01T07:30:00", "edited_unixtime", "1709278200"),
	}
	return ingesttest.TelegramExport{Name: ch, Type: "public_channel", ID: 1234567890, Messages: append(msgs, more...)}.Bytes()
}

func weeklyMail() ingesttest.Mail {
	return ingesttest.Mail{From: "Analyst <analyst@desk.example.org>", Subject: "Weekly reports",
		Date: time.Date(2024, 3, 2, 10, 0, 0, 0, time.UTC), MessageID: "<w1@desk.example.org>",
		Body: "The weekly reports are attached. Shelling went on near the port.",
		Attachments: []ingesttest.Attachment{
			{Name: "report.pdf", ContentType: "application/pdf", Data: ingesttest.PDF("Port report", []string{"The port was shelled overnight."})},
			{Name: "звіт.docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Data: ingesttest.DOCX("Звіт з вкладення", "Аналітик", "Текст звіту з вкладення.")},
			{Name: "photo.jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff")},
		}}
}

// formatFixtures are a file of each new format and the titles it gives.
func formatFixtures(t *testing.T) (dir string, files map[string][]string) {
	dir = t.TempDir()
	day := time.Date(2024, 3, 2, 11, 0, 0, 0, time.UTC)
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("result.json", odesaExport())
	write("report.pdf", ingesttest.PDF("Weekly situation report", []string{"Repairs of the grid went on through the night."}, nil))
	write("notes.docx", ingesttest.DOCX("Звіт з Word", "Аналітик", "Нотатки аналітика про обстріл порту."))
	write("sitrep.eml", ingesttest.Mail{From: "Прес-служба ОВА <press@oda.example.ua>", Subject: "Зведення за 1 березня", Date: day,
		MessageID: "<s1@oda.example.ua>", InReplyTo: "<q1@desk.example.org>", Body: "Вночі ворог атакував Одесу, пошкоджено підстанцію."}.Bytes())
	write("inbox.mbox", ingesttest.Mbox(
		ingesttest.Mail{From: "a@example.org", Subject: "First mail of the box", Date: day, Body: "The first mail of the box."},
		ingesttest.Mail{From: "b@example.org", Subject: "Second mail of the box", Date: day.Add(time.Hour), Body: "The second mail of the box."}))
	return dir, map[string][]string{
		"result.json": {"Уночі ворог атакував Одещину дронами.", "Air defence shot down all drones over the city overnight."},
		"report.pdf":  {"Weekly situation report"},
		"notes.docx":  {"Звіт з Word"},
		"sitrep.eml":  {"Зведення за 1 березня"},
		"inbox.mbox":  {"First mail of the box", "Second mail of the box"},
	}
}

func articleTitled(wb *Workbench, title string) (annotate.ArticleSummary, bool) {
	for _, a := range wb.library.All() {
		if a.Title == title {
			return a, true
		}
	}
	return annotate.ArticleSummary{}, false
}

// overlayText is every shown label, hyperlink, check and form label text of the dialog
// in front, one a line.
func overlayText(w fyne.Window) string { return shownText(topOverlay(w)) }

func shownText(root fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch o := o.(type) {
		case *widget.Label:
			b.WriteString(o.Text + "\n")
			return
		case *widget.Hyperlink:
			b.WriteString(o.Text + "\n")
			return
		case *widget.Check:
			b.WriteString(o.Text + "\n")
			return
		case *widget.Entry:
			return
		case *canvas.Text: // a form's item labels
			b.WriteString(o.Text + "\n")
			return
		case *fyne.Container:
			for _, k := range o.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(o).Objects() {
				walk(k)
			}
		}
	}
	walk(root)
	return b.String()
}

// closeDialogs dismisses the dialogs an import left open (its report).
func closeDialogs(t *testing.T, wb *Workbench) {
	t.Helper()
	for i := 0; i < 5 && topOverlay(wb.win) != nil; i++ {
		root := topOverlay(wb.win)
		for _, label := range []string{"Close", "Later"} {
			found := false
			walkObjects(root, func(o fyne.CanvasObject) {
				if b, ok := o.(*widget.Button); ok && b.Text == label && b.Visible() && !found {
					found = true
					test.Tap(b)
				}
			})
			if found {
				break
			}
		}
		if topOverlay(wb.win) == root {
			wb.win.Canvas().Overlays().Remove(root)
		}
	}
}

// Every new format imports from the window, by the file dialog and by drag and drop.
func TestImportEveryFormatFromTheWindow(t *testing.T) {
	dir, files := formatFixtures(t)
	for name, titles := range files {
		for _, way := range []string{"file dialog", "drop"} {
			t.Run(name+" by "+way, func(t *testing.T) {
				wb := newTestWorkbench(t)
				before, _ := wb.ws.Counts()
				path := filepath.Join(dir, name)
				switch way {
				case "file dialog":
					p := wb.openFilesPicker()
					if err := p.Open(dir); err != nil {
						t.Fatal(err)
					}
					p.Toggle(name)
					if got := p.Selected(); len(got) != 1 || got[0] != path {
						t.Fatalf("the dialog lists no %s: ticked %v", name, got)
					}
					p.Confirm()
				case "drop":
					wb.dropped([]fyne.URI{storage.NewFileURI(path)})
					if k := filepath.Ext(name); k == ".eml" || k == ".mbox" {
						if !strings.Contains(overlayText(wb.win), attachmentsLabel) {
							t.Fatalf("dropping e-mail did not offer the attachments option:\n%s", overlayText(wb.win))
						}
						tapButton(t, topOverlay(wb.win), "Import")
					}
				}
				for _, title := range titles {
					if _, ok := articleTitled(wb, title); !ok {
						t.Errorf("no article %q after the import (status %q)", title, wb.status.message.Text)
					}
				}
				if after, _ := wb.ws.Counts(); after != before+len(titles) {
					t.Errorf("%d articles added, want %d", after-before, len(titles))
				}
				if !strings.Contains(wb.status.message.Text, "Imported "+map[bool]string{true: "1 article", false: "2 articles"}[len(titles) == 1]) {
					t.Errorf("status %q", wb.status.message.Text)
				}
				if wb.current.Title != titles[0] && wb.current.Title != titles[len(titles)-1] {
					t.Errorf("opened %q after the import", wb.current.Title)
				}
				closeDialogs(t, wb)
			})
		}
	}
}

// A Telegram import reports, in words, what the export left out, and asks for the
// channel's @username: given, every post gets its t.me link in one undo step.
func TestTelegramImportReportAsksForTheUsername(t *testing.T) {
	wb := newTestWorkbench(t)
	path := filepath.Join(t.TempDir(), "result.json")
	os.WriteFile(path, odesaExport(), 0o644)
	wb.dropped([]fyne.URI{storage.NewFileURI(path)})
	text := overlayText(wb.win)
	for _, want := range []string{
		"Imported 2 articles; 1 note in the import report",
		"result.json: Одеська ОВА: 2 messages read; not imported: 1 service message (joins, pins, title changes) and 1 message without text (media without a caption); no links to the posts (Telegram's export does not say the channel's @username)",
		"Links to the posts", "Одеська ОВА (2 posts)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "--") {
		t.Errorf("the report speaks of command-line options:\n%s", text)
	}
	if !strings.Contains(wb.status.message.Text, "1 note in the import report") || !wb.status.report.Visible() {
		t.Errorf("status %q, report button shown %v", wb.status.message.Text, wb.status.report.Visible())
	}
	var entry *widget.Entry
	var save *widget.Button
	walkObjects(topOverlay(wb.win), func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Entry:
			entry = o
		case *widget.Button:
			if o.Text == "Save links" {
				save = o
			}
		}
	})
	if entry == nil || save == nil {
		t.Fatal("no username entry or Save links button")
	}
	for _, tc := range []struct {
		text    string
		enabled bool
	}{{"", false}, {"odesa oda", false}, {"1odesa", false}, {"https://t.me/odesa_oda", true}, {"@odesa_oda", true}} {
		entry.SetText(tc.text)
		if save.Disabled() == tc.enabled {
			t.Errorf("username %q: Save links enabled %v, want %v", tc.text, !save.Disabled(), tc.enabled)
		}
	}
	entry.SetText("odesa oda")
	if text := overlayText(wb.win); !strings.Contains(text, `"odesa oda" is not a Telegram username (4 to 32 letters, digits or _, starting with a letter)`) {
		t.Errorf("a wrong username is not explained:\n%s", text)
	}
	entry.SetText("@odesa_oda")
	if text := overlayText(wb.win); strings.Contains(text, "is not a Telegram username") {
		t.Errorf("the explanation stays after the username was put right:\n%s", text)
	}
	test.Tap(save)
	if topOverlay(wb.win) != nil {
		t.Fatal("the report stayed open after saving")
	}
	for id, n := range map[string]string{"2": "Уночі ворог атакував Одещину дронами.", "4": "Air defence shot down all drones over the city overnight."} {
		a, _ := articleTitled(wb, n)
		if a.URL != "https://t.me/odesa_oda/"+id {
			t.Errorf("%q has the link %q", n, a.URL)
		}
	}
	if want := "@odesa_oda for “Одеська ОВА”: 2 posts got their links. Undo with Ctrl+Z"; wb.status.message.Text != want {
		t.Errorf("status %q, want %q", wb.status.message.Text, want)
	}
	if !wb.header.link.Visible() || !strings.HasPrefix(wb.header.link.Text, "https://t.me/odesa_oda/") {
		t.Errorf("header link %q shown %v", wb.header.link.Text, wb.header.link.Visible())
	}
	// The links are one undo step; the import is the one before.
	wb.Undo()
	if a, _ := articleTitled(wb, "Уночі ворог атакував Одещину дронами."); a.URL != "" {
		t.Errorf("undo left the link %q", a.URL)
	}
	// The report opens again from the status bar, without asking for a username known now.
	test.Tap(wb.status.report)
	if text := overlayText(wb.win); !strings.Contains(text, "2 messages read") || strings.Contains(text, "Links to the posts") {
		t.Errorf("the report again:\n%s", text)
	}
	closeDialogs(t, wb)
}

// "Do not ask again" keeps the report of a later export of the chat from asking.
func TestTelegramUsernameNotAskedAgain(t *testing.T) {
	wb := newTestWorkbench(t)
	path := filepath.Join(t.TempDir(), "result.json")
	os.WriteFile(path, odesaExport(), 0o644)
	wb.dropped([]fyne.URI{storage.NewFileURI(path)})
	var check *widget.Check
	walkObjects(topOverlay(wb.win), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "Do not ask again") {
			check = c
		}
	})
	if check == nil {
		t.Fatal("no Do not ask again")
	}
	check.SetChecked(true)
	tapButton(t, topOverlay(wb.win), "Later")
	os.WriteFile(path, odesaExport(ingesttest.TelegramMessage("Одеська ОВА", 5, tgBase+7200, "Ночью обстрелу подверглась подстанция.")), 0o644)
	wb.dropped([]fyne.URI{storage.NewFileURI(path)})
	if text := overlayText(wb.win); strings.Contains(text, "Links to the posts") {
		t.Errorf("asked again:\n%s", text)
	}
	if _, ok := articleTitled(wb, "Ночью обстрелу подверглась подстанция."); !ok {
		t.Error("the newer export was not imported")
	}
	closeDialogs(t, wb)
	// Another workspace asks (declined chats are remembered per workspace).
	ws2, err := OpenWorkspace(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws2.Close() })
	other := NewWorkbench(wb.app, ws2, async.Inline())
	t.Cleanup(func() { other.Shutdown(time.Minute); other.Window().Close() })
	other.dropped([]fyne.URI{storage.NewFileURI(path)})
	if text := overlayText(other.win); !strings.Contains(text, "Links to the posts") {
		t.Errorf("another workspace did not ask:\n%s", text)
	}
}

// The header of a forwarded, edited reply says so; the reply opens the replied post, and
// the channel's @username can be given from there.
func TestHeaderOfAForwardedReply(t *testing.T) {
	wb := newTestWorkbench(t)
	path := filepath.Join(t.TempDir(), "result.json")
	os.WriteFile(path, odesaExport(), 0o644)
	rep := importSources(t.Context(), wb.ws, []string{path}, nil)
	if rep.Imported != 2 || len(rep.Telegram) != 1 || rep.Telegram[0] != (telegramChat{ID: "1234567890", Name: "Одеська ОВА", Posts: 2}) {
		t.Fatalf("report %+v", rep)
	}
	wb.refreshAfterChange("")
	first, _ := articleTitled(wb, "Уночі ворог атакував Одещину дронами.")
	reply := openByTitle(t, wb, "Air defence")
	var texts []string
	var link *widget.Hyperlink
	walkObjects(wb.header.message, func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			texts = append(texts, o.Text)
		case *widget.Hyperlink:
			texts = append(texts, o.Text)
			link = o
		}
	})
	want := []string{"Forwarded from Kyiv Independent", "Edited 1 March 2024, " + time.Unix(1709278200, 0).Format("15:04 MST"), "Reply to: Уночі ворог атакував Одещину дронами."}
	if strings.Join(texts, "|") != strings.Join(want, "|") || !wb.header.message.Visible() {
		t.Fatalf("message row %q", texts)
	}
	if wb.header.link.Visible() || !wb.header.username.Visible() || wb.header.username.Text != "Set the channel's @username for t.me links…" {
		t.Errorf("link shown %v, username button %q", wb.header.link.Visible(), wb.header.username.Text)
	}
	link.OnTapped()
	if wb.current.ID != first.ID {
		t.Fatalf("the reply opened %q", wb.current.Title)
	}
	if wb.header.message.Visible() {
		t.Error("a post that is neither forwarded, a reply nor edited has a message row")
	}

	// The username from the header: refused when it is not one, saved when it is.
	wb.OpenArticle(reply.ID)
	test.Tap(wb.header.username)
	var entry *widget.Entry
	walkObjects(topOverlay(wb.win), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			entry = e
		}
	})
	if entry == nil || !strings.Contains(overlayText(wb.win), "Одеська ОВА") {
		t.Fatalf("no username dialog:\n%s", overlayText(wb.win))
	}
	test.Type(entry, "no such name")
	if entry.Validate() == nil {
		t.Error("a bad username passes")
	}
	entry.SetText("")
	test.Type(entry, "@odesa_oda")
	tapButton(t, topOverlay(wb.win), "Save")
	if wb.header.link.Text != "https://t.me/odesa_oda/4" || wb.header.username.Text != "@odesa_oda…" {
		t.Errorf("header after the username: link %q, button %q", wb.header.link.Text, wb.header.username.Text)
	}
	if a, _ := wb.ws.Article(first.ID); a.URL != "https://t.me/odesa_oda/2" {
		t.Errorf("the channel's other post has %q", a.URL)
	}
}

func TestMessageParts(t *testing.T) {
	edited := time.Date(2024, 3, 1, 7, 30, 0, 0, time.UTC)
	post := annotate.Article{ID: "a", MessageID: "telegram:42/7", Source: "Одеська ОВА"}
	withReply := post
	withReply.ReplyTo = "telegram:42/5"
	forwarded := post
	forwarded.ForwardedFrom, forwarded.Edited = "Kyiv Independent", edited
	mail := annotate.Article{ID: "m", MessageID: "email:s1@oda.example.ua", ReplyTo: "email:q1@desk.example.org"}
	for _, tc := range []struct {
		name string
		a    annotate.Article
		mc   messageContext
		want string
	}{
		{"plain post", post, messageContext{}, ""},
		{"forwarded, edited", forwarded, messageContext{}, "Forwarded from Kyiv Independent|Edited 1 March 2024, 07:30 UTC"},
		{"reply in the workspace", withReply, messageContext{Reply: annotate.Article{ID: "r", Title: "Перший допис"}}, "Reply to: Перший допис → article r"},
		{"reply elsewhere, username known", withReply, messageContext{Username: "odesa_oda"}, "Reply to post 5 (not in the workspace) → https://t.me/odesa_oda/5"},
		{"reply elsewhere, no username", withReply, messageContext{}, "Reply to post 5 (not in the workspace)"},
		{"e-mail reply", mail, messageContext{}, "In reply to <q1@desk.example.org> (not in the workspace)"},
	} {
		var got []string
		for _, p := range messageParts(tc.a, tc.mc, time.UTC) {
			s := p.Text
			if p.Article != "" {
				s += " → article " + p.Article
			}
			if p.URL != "" {
				s += " → " + p.URL
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%s: %q\nwant %q", tc.name, strings.Join(got, "|"), tc.want)
		}
	}
	if got := metaLine(annotate.Article{Source: "Одеська ОВА", MessageID: "telegram:42/7", Published: edited, Length: 1200}, time.UTC); got != "Одеська ОВА · Friday, 1 March 2024, 07:30 UTC · 1,200 characters" {
		t.Errorf("meta %q", got)
	}
	if got := metaLine(annotate.Article{Source: "Desk", Published: edited}, time.UTC); got != "Desk · Friday, 1 March 2024" {
		t.Errorf("meta of an article %q", got)
	}
}

// An e-mail's header shows its Message-ID when it has no link.
func TestHeaderOfAnEmail(t *testing.T) {
	wb := newTestWorkbench(t)
	dir, _ := formatFixtures(t)
	importSources(t.Context(), wb.ws, []string{filepath.Join(dir, "sitrep.eml")}, nil)
	wb.refreshAfterChange("")
	openByTitle(t, wb, "Зведення за 1 березня")
	if !wb.header.ident.Visible() || wb.header.ident.Text != "Message-ID <s1@oda.example.ua>" || wb.header.link.Visible() || wb.header.username.Visible() {
		t.Errorf("ident %q (%v), link %v, username %v", wb.header.ident.Text, wb.header.ident.Visible(), wb.header.link.Visible(), wb.header.username.Visible())
	}
	if !strings.Contains(shownText(wb.header.message), "In reply to <q1@desk.example.org> (not in the workspace)") {
		t.Errorf("message row %q", shownText(wb.header.message))
	}
}

// E-mail attachments: listed and offered in the report; imported when asked there, or
// with the option of the file dialog, which is remembered.
func TestMailAttachmentsFromTheWindow(t *testing.T) {
	wb := newTestWorkbench(t)
	dir := t.TempDir()
	mail := filepath.Join(dir, "weekly.eml")
	os.WriteFile(mail, weeklyMail().Bytes(), 0o644)
	wb.dropped([]fyne.URI{storage.NewFileURI(mail)})
	tapButton(t, topOverlay(wb.win), "Import")
	text := overlayText(wb.win)
	for _, want := range []string{`weekly.eml: "Weekly reports": 3 attachments: report.pdf (`, "the PDF, Word and text ones were not imported as articles", "E-mail attachments"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "--") || strings.Contains(text, dir) {
		t.Errorf("the report has options or whole paths:\n%s", text)
	}
	if _, ok := articleTitled(wb, "Port report"); ok {
		t.Fatal("an attachment was imported without the option")
	}
	tapButton(t, topOverlay(wb.win), "Import the attachments as articles")
	for _, title := range []string{"Port report", "Звіт з вкладення"} {
		if _, ok := articleTitled(wb, title); !ok {
			t.Errorf("no attachment article %q (status %q)", title, wb.status.message.Text)
		}
	}
	closeDialogs(t, wb)

	// The file dialog's option, remembered.
	p := wb.openFilesPicker()
	var check *widget.Check
	walkObjects(topOverlay(wb.win), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, attachmentsLabel) {
			check = c
		}
	})
	if check == nil || check.Checked {
		t.Fatalf("the file dialog's option: %v", check)
	}
	test.Tap(check)
	if !wb.app.Preferences().Bool(attachmentsPrefKey) {
		t.Fatal("the option is not remembered")
	}
	other := ingesttest.Mail{From: "Analyst <analyst@desk.example.org>", Subject: "More reports", Date: time.Date(2024, 3, 9, 10, 0, 0, 0, time.UTC),
		Body: "One more report.", Attachments: []ingesttest.Attachment{{Name: "more.docx", ContentType: "application/octet-stream", Data: ingesttest.DOCX("Ще один звіт", "Аналітик", "Ще один текст.")}}}
	os.WriteFile(filepath.Join(dir, "more.eml"), other.Bytes(), 0o644)
	p.Open(dir)
	p.Toggle("more.eml")
	p.Confirm()
	if _, ok := articleTitled(wb, "Ще один звіт"); !ok {
		t.Errorf("the option did not import the attachment (status %q)", wb.status.message.Text)
	}
	if strings.Contains(overlayText(wb.win), "E-mail attachments") {
		t.Error("the report offers attachments that were imported")
	}
}

// A PDF's short note fits the status line; no dialog for it.
func TestShortNoteInTheStatusLine(t *testing.T) {
	wb := newTestWorkbench(t)
	dir, _ := formatFixtures(t)
	wb.ImportPaths([]string{filepath.Join(dir, "report.pdf")}, nil)
	if want := "Imported 1 article. report.pdf: page 2 without text (scanned images?) is not in the article. Undo with Ctrl+Z"; wb.status.message.Text != want {
		t.Errorf("status %q\nwant   %q", wb.status.message.Text, want)
	}
	if topOverlay(wb.win) != nil {
		t.Errorf("a dialog for one short note:\n%s", overlayText(wb.win))
	}
	if !wb.status.report.Visible() {
		t.Error("no report button")
	}
}

// The library's source choice is remembered per workspace, and an import whose
// articles it would hide shows them.
func TestLibrarySourceRemembered(t *testing.T) {
	wb := newTestWorkbench(t)
	dir, _ := formatFixtures(t)
	importSources(t.Context(), wb.ws, []string{filepath.Join(dir, "result.json"), filepath.Join(dir, "inbox.mbox")}, nil)
	wb.refreshAfterChange("")
	wb.library.SetSource(library.Source{One: true, Name: "Одеська ОВА"})
	wb.rememberSource(wb.library.Source())
	if n := len(wb.library.Shown()); n != 2 {
		t.Fatalf("%d articles of the channel shown", n)
	}
	a, ws := wb.app, wb.ws
	wb.Shutdown(time.Minute) // its window is closed when the test ends
	again := NewWorkbench(a, ws, async.Inline())
	t.Cleanup(func() { again.Shutdown(time.Minute); again.Window().Close() })
	if s := again.library.Source(); s != (library.Source{One: true, Name: "Одеська ОВА"}) || len(again.library.Shown()) != 2 {
		t.Fatalf("after a restart: %#v, %d shown", s, len(again.library.Shown()))
	}
	// A new import of another source shows all sources again.
	again.ImportPaths([]string{filepath.Join(dir, "notes.docx")}, nil)
	if again.library.Source().One {
		t.Error("the new article is hidden by the source choice")
	}
	if s := again.rememberedSource(); s.One {
		t.Errorf("remembered %#v", s)
	}
}

// The importers' notes in the window: file names for paths, no command-line options.
func TestWindowNote(t *testing.T) {
	for _, tc := range []struct{ source, note, want string }{
		{"/home/a/Downloads/ChatExport_2024-03-01/result.json",
			"/home/a/Downloads/ChatExport_2024-03-01/result.json: Одеська ОВА: 4210 messages read; no links to the posts (give the channel's @username once with --telegram-username)",
			"result.json: Одеська ОВА: 4210 messages read; no links to the posts (Telegram's export does not say the channel's @username)"},
		{"/home/a/ChatExport/result.json",
			"skipped 12 media files of the Telegram export in /home/a/ChatExport (its messages' text is read from result.json)",
			"Skipped 12 media files of the Telegram export in ChatExport (its messages' text is read from result.json)"},
		{"/m/inbox.mbox#12",
			`/m/inbox.mbox#12: "Weekly": 2 attachments: a.pdf (1.2 MB), b.jpg (3 kB); import the PDF, Word and text ones as articles with --attachments`,
			`inbox.mbox#12: "Weekly": 2 attachments: a.pdf (1.2 MB), b.jpg (3 kB); the PDF, Word and text ones were not imported as articles`},
		{"https://example.org/feed", "https://example.org/feed: item 3 has no text", "https://example.org/feed: item 3 has no text"},
	} {
		if got := windowNote(tc.source, tc.note); got != tc.want {
			t.Errorf("windowNote(%q)\n got %q\nwant %q", tc.note, got, tc.want)
		}
	}
}

// A whole-account export's many chats: the report asks about the first dozen and says
// where the others are set.
func TestReportAsksAboutADozenChats(t *testing.T) {
	wb := newTestWorkbench(t)
	rep := importReport{Imported: 30}
	for i := range 15 {
		rep.Telegram = append(rep.Telegram, telegramChat{ID: fmt.Sprint(1000 + i), Name: fmt.Sprintf("Chat %d", i), Posts: 2})
	}
	wb.showImportReport(rep, rep.Telegram, nil)
	entries := 0
	walkObjects(topOverlay(wb.win), func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.Entry); ok {
			entries++
		}
	})
	if entries != askMax {
		t.Errorf("%d username entries, want %d", entries, askMax)
	}
	if text := overlayText(wb.win); !strings.Contains(text, "3 more chats of this import have no username either") {
		t.Errorf("the report:\n%s", text)
	}
}
