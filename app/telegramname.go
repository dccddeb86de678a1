package app

// Telegram channels' @usernames in the window. A Telegram export does not name its
// channel's public @username, so its posts have no https://t.me/USERNAME/ID link until
// the analyst gives it: right after an import (the import report asks) or from the
// header of any of the channel's posts. The workspace remembers it for later imports.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/formkeys"
)

// messageContext finds the article a message replies to and its channel's username.
func (wb *Workbench) messageContext(a annotate.Article) messageContext {
	var mc messageContext
	if a.ReplyTo != "" {
		if r, ok := wb.ws.ArticleByMessageID(a.ReplyTo); ok {
			mc.Reply = r
		}
	}
	if chat, _, ok := annotate.ParseTelegramMessageID(a.MessageID); ok {
		mc.Username = wb.ws.TelegramUsernames()[chat]
	}
	return mc
}

// usernameEntry is an entry for a channel's @username: empty is allowed unless required,
// anything else must be one (annotate.ValidTelegramUsername).
func usernameEntry(required bool) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("@channel_name or https://t.me/channel_name")
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			if required {
				return fmt.Errorf("give the channel's @username")
			}
			return nil
		}
		_, err := annotate.ValidTelegramUsername(s)
		return err
	}
	return e
}

// usernameIntro says why the username is asked for.
const usernameIntro = "Telegram's export does not say a channel's public @username. Given once, it gives every post of the channel its link (https://t.me/USERNAME/ID), now and in later imports. Private channels and chats have none."

// askTelegramUsername asks for (or changes) a channel's @username.
func (wb *Workbench) askTelegramUsername(chatID, channel string) {
	current := wb.ws.TelegramUsernames()[chatID]
	entry := usernameEntry(true)
	if current != "" {
		entry.SetText("@" + current)
	}
	intro := widget.NewLabel(usernameIntro)
	intro.Wrapping = fyne.TextWrapWord
	name := channel
	if name == "" {
		name = "(unnamed chat)"
	}
	items := []*widget.FormItem{
		widget.NewFormItem("", intro),
		widget.NewFormItem("Channel", widget.NewLabel(name)),
		widget.NewFormItem("Username", entry),
	}
	d := dialog.NewForm("Links to the channel's posts", "Save", "Cancel", items, func(ok bool) {
		if ok {
			wb.saveTelegramUsernames([]telegramChat{{ID: chatID, Name: channel}}, []string{entry.Text})
		}
	}, wb.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
	formkeys.Wire(wb.win, d, items)
	wb.win.Canvas().Focus(entry)
}

// saveTelegramUsernames remembers the usernames given for chats (an empty one is left
// out) and links their posts, as one undo step.
func (wb *Workbench) saveTelegramUsernames(chats []telegramChat, names []string) {
	var given []int
	for i := range chats {
		if strings.TrimSpace(names[i]) != "" {
			given = append(given, i)
		}
	}
	if len(given) == 0 {
		return
	}
	label := fmt.Sprintf("Telegram links of %d channels", len(given))
	if len(given) == 1 {
		n, _ := annotate.ValidTelegramUsername(names[given[0]])
		label = "Telegram links of @" + n
	}
	batch := wb.ws.NewBatch(label)
	linked := 0
	var done []string
	for _, i := range given {
		n, err := batch.RememberTelegramUsername(chats[i].ID, names[i])
		if err != nil {
			wb.refreshAfterChange("")
			wb.showError(fmt.Errorf("%s: %w", chatName(chats[i].Name), err))
			return
		}
		linked += n
		u, _ := annotate.ValidTelegramUsername(names[i])
		done = append(done, fmt.Sprintf("@%s for %s", u, chatName(chats[i].Name)))
	}
	msg := strings.Join(done, ", ") + ": " + plural(linked, "1 post got its link", groupThousands(linked)+" posts got their links")
	if linked > 0 {
		msg += ". Undo with Ctrl+Z"
	}
	wb.refreshAfterChange(msg)
}

func chatName(name string) string {
	if name == "" {
		return "the unnamed chat"
	}
	return "\u201c" + name + "\u201d"
}

// The chats whose username the analyst chose not to give are not asked about again
// after later imports (the header still offers it). Remembered per workspace.
func (wb *Workbench) declinedKey() string { return "telegram-no-username:" + wb.ws.Dir() }

func (wb *Workbench) usernameDeclined(chatID string) bool {
	for _, id := range strings.Split(wb.app.Preferences().String(wb.declinedKey()), "\n") {
		if id == chatID {
			return true
		}
	}
	return false
}

func (wb *Workbench) declineUsernames(chats []telegramChat) {
	list := wb.app.Preferences().String(wb.declinedKey())
	for _, c := range chats {
		if !wb.usernameDeclined(c.ID) {
			list = strings.TrimPrefix(list+"\n"+c.ID, "\n")
			wb.app.Preferences().SetString(wb.declinedKey(), list)
		}
	}
}
