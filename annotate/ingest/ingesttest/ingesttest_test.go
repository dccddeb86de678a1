package ingesttest

import (
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate/ingest"
)

// Each fixture reads as the format it claims to be, with the text and metadata put in.
func TestFixturesRead(t *testing.T) {
	day := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	mail := Mail{From: "Прес-служба ОВА <press@oda.example.ua>", Subject: "Зведення за 1 березня", Date: day,
		MessageID: "<s1@oda.example.ua>", Body: "Вночі ворог атакував Одесу, пошкоджено підстанцію."}
	for _, tc := range []struct {
		name       string
		data       []byte
		title      string // "" when the store titles it (a Telegram post)
		text, note string
	}{
		{"result.json", TelegramExport{Name: "Одеська ОВА", Type: "public_channel", ID: 42, Messages: []map[string]any{
			TelegramService(1, day.Unix(), "pin_message"),
			TelegramMessage("Одеська ОВА", 2, day.Unix()+60, "Уночі ворог атакував Одещину ударними дронами."),
		}}.Bytes(), "", "ударними дронами", "1 service message"},
		{"notes.docx", DOCX("Звіт з Word", "Аналітик", "Перший абзац звіту.", "Другий абзац."), "Звіт з Word", "Перший абзац звіту.\n\nДругий абзац.", ""},
		{"report.pdf", PDF("Weekly report", []string{"The port was shelled overnight."}, nil), "Weekly report", "The port was shelled overnight.", "page 2 without text"},
		{"sitrep.eml", mail.Bytes(), "Зведення за 1 березня", "пошкоджено підстанцію", ""},
		{"inbox.mbox", Mbox(mail, Mail{From: "b@example.org", Subject: "From the front", Date: day, Body: "From here the second mail starts."}), "Зведення за 1 березня", "підстанцію", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := ingest.ReadBytes(tc.name, tc.data, "")
			var drafts, notes []string
			for _, it := range items {
				switch {
				case it.Err != nil:
					t.Fatalf("error: %v", it.Err)
				case it.Draft != nil:
					drafts = append(drafts, it.Draft.Title+"\x00"+it.Draft.Text)
				case it.Note != "":
					notes = append(notes, it.Note)
				}
			}
			if len(drafts) == 0 || !strings.HasPrefix(drafts[0], tc.title+"\x00") || !strings.Contains(drafts[0], tc.text) {
				t.Errorf("drafts %q", drafts)
			}
			if tc.note != "" && !strings.Contains(strings.Join(notes, "\n"), tc.note) {
				t.Errorf("notes %q, want %q", notes, tc.note)
			}
		})
	}
	// The mailbox keeps a body line that starts with "From " (quoted as ">From ").
	items := ingest.ReadBytes("inbox.mbox", Mbox(mail, Mail{From: "b@example.org", Subject: "Second", Date: day, Body: "From here on."}), "")
	if len(items) != 2 || items[1].Draft == nil || !strings.Contains(items[1].Draft.Text, "From here on.") {
		t.Errorf("mailbox items %+v", items)
	}
}
