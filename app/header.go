package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/textfit"
	"gloss.app/gloss/app/uikit"
)

// headerActions are what the article header asks of the window.
type headerActions struct {
	Edit, Delete func() // the open article's details; delete it
	// Context tells what the workspace knows around a message (the article it replies
	// to, its channel's username); nil: nothing.
	Context func(a annotate.Article) messageContext
	// OpenArticle opens the article of the message the open one replies to.
	OpenArticle func(id string)
	// SetUsername asks for a Telegram channel's @username (chat id, channel name).
	SetUsername func(chatID, channel string)
}

// messageContext is what the window knows around a Telegram post or e-mail.
type messageContext struct {
	Reply    annotate.Article // the article of the message it replies to (ID "" when not in the workspace)
	Username string           // the Telegram channel's remembered @username ("" unknown)
}

// articleHeader shows the open article's title, source, date and URL above the text, and
// for a Telegram post or an e-mail where it was forwarded from, what it replies to, when
// it was edited and its link or Message-ID — each only when there is one.
type articleHeader struct {
	act   headerActions
	title *widget.Label
	meta  *widget.Label
	// message holds the forwarded-from, reply-to and edited parts (hidden when none).
	message *fyne.Container
	link    *widget.Hyperlink
	// ident is an e-mail's Message-ID when it has no link (selectable, to copy).
	ident *widget.Label
	// username sets or changes a Telegram channel's @username (Telegram posts only).
	username *widget.Button
	chat     struct{ id, name string }
	// edit and remove act on the open article (hidden while none is open).
	edit, remove *widget.Button
	box          fyne.CanvasObject
}

func newArticleHeader(act headerActions) *articleHeader {
	h := &articleHeader{
		act:     act,
		title:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		meta:    widget.NewLabel(""),
		message: uikit.NewCappedFlow(240),
		link:    widget.NewHyperlink("", nil),
		ident:   widget.NewLabel(""),
		edit:    widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), act.Edit),
		remove:  widget.NewButtonWithIcon("", theme.DeleteIcon(), act.Delete),
	}
	h.username = widget.NewButtonWithIcon("", theme.AccountIcon(), func() {
		if h.act.SetUsername != nil && h.chat.id != "" {
			h.act.SetUsername(h.chat.id, h.chat.name)
		}
	})
	h.username.Importance = widget.LowImportance
	h.edit.Importance, h.remove.Importance = widget.LowImportance, widget.LowImportance
	h.title.SizeName = theme.SizeNameSubHeadingText
	h.title.Wrapping = fyne.TextWrapWord
	h.meta.Truncation = fyne.TextTruncateEllipsis
	h.link.Truncation = fyne.TextTruncateEllipsis
	h.ident.Truncation = fyne.TextTruncateEllipsis
	h.ident.Selectable = true
	buttons := container.NewHBox(newTip(h.edit, "Edit the article's title, source, author, date, URL and language"),
		newTip(h.remove, "Delete the article with its annotations (undo brings it back)"))
	linkRow := container.NewBorder(nil, nil, nil, h.username, container.NewStack(h.link, h.ident))
	h.box = container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(buttons), h.title), h.meta, h.message, linkRow, widget.NewSeparator())
	return h
}

func (h *articleHeader) show(a annotate.Article) {
	h.title.SetText(a.Title)
	if a.ID == "" {
		h.edit.Hide()
		h.remove.Hide()
	} else {
		h.edit.Show()
		h.remove.Show()
	}
	var mc messageContext
	if h.act.Context != nil && a.ID != "" && a.MessageID != "" {
		mc = h.act.Context(a)
	}
	h.meta.SetText(metaLine(a, time.Local))
	h.showMessage(messageParts(a, mc, time.Local))
	h.link.Hide()
	h.ident.Hide()
	switch {
	case a.URL != "":
		h.link.SetText(a.URL)
		h.link.SetURLFromString(a.URL)
		h.link.Show()
	case strings.HasPrefix(a.MessageID, "email:"):
		h.ident.SetText("Message-ID " + mailID(a.MessageID))
		h.ident.Show()
	}
	h.chat.id, h.chat.name = "", ""
	if chat, _, ok := annotate.ParseTelegramMessageID(a.MessageID); ok && a.ID != "" && h.act.SetUsername != nil {
		h.chat.id, h.chat.name = chat, a.Source
		if mc.Username != "" {
			h.username.SetText("@" + mc.Username + "…")
		} else {
			h.username.SetText("Set the channel's @username for t.me links…")
		}
		h.username.Show()
	} else {
		h.username.Hide()
	}
}

// metaLine is the line under the title: source · author · date · length · version. A
// message's date has its time (a channel posts many a day), in the desk's time zone.
func metaLine(a annotate.Article, loc *time.Location) string {
	var parts []string
	for _, s := range []string{a.Source, a.Author} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if !a.Published.IsZero() {
		if a.MessageID != "" {
			parts = append(parts, a.Published.In(loc).Format("Monday, 2 January 2006, 15:04 MST"))
		} else {
			parts = append(parts, a.Published.Format("Monday, 2 January 2006"))
		}
	}
	if a.Length > 0 {
		parts = append(parts, groupThousands(a.Length)+" characters")
	}
	if a.Version > 1 {
		parts = append(parts, fmt.Sprintf("version %d", a.Version))
	}
	return strings.Join(parts, " · ")
}

// headerPart is one piece of the message row: a text, or a link that opens an article or
// a web address.
type headerPart struct {
	Icon    fyne.Resource
	Text    string
	Article string // the article a tap opens
	URL     string // the address a tap opens (a post not in the workspace)
}

// messageParts says where a message was forwarded from, when it was edited and what it
// replies to — only what the article has.
func messageParts(a annotate.Article, mc messageContext, loc *time.Location) []headerPart {
	var parts []headerPart
	if a.ForwardedFrom != "" {
		parts = append(parts, headerPart{Icon: theme.MailForwardIcon(), Text: "Forwarded from " + textfit.Snippet(a.ForwardedFrom, 60)})
	}
	if !a.Edited.IsZero() {
		parts = append(parts, headerPart{Icon: theme.HistoryIcon(), Text: "Edited " + a.Edited.In(loc).Format("2 January 2006, 15:04 MST")})
	}
	// The reply comes last: it is the longest, and the row wraps before it.
	if a.ReplyTo != "" {
		p := headerPart{Icon: theme.MailReplyIcon()}
		switch {
		case mc.Reply.ID != "":
			title := mc.Reply.Title
			if title == "" {
				title = "(untitled)"
			}
			p.Text, p.Article = "Reply to: "+textfit.Snippet(title, 50), mc.Reply.ID
		default:
			if chat, n, ok := annotate.ParseTelegramMessageID(a.ReplyTo); ok {
				p.Text = fmt.Sprintf("Reply to post %d (not in the workspace)", n)
				if this, _, _ := annotate.ParseTelegramMessageID(a.MessageID); this == chat && mc.Username != "" {
					p.URL = annotate.TelegramPostURL(mc.Username, n)
				}
			} else {
				p.Text = "In reply to " + textfit.Snippet(mailID(a.ReplyTo), 60) + " (not in the workspace)"
			}
		}
		parts = append(parts, p)
	}
	return parts
}

// showMessage rebuilds the message row (a few objects, once per article shown).
func (h *articleHeader) showMessage(parts []headerPart) {
	objs := make([]fyne.CanvasObject, 0, len(parts))
	for _, p := range parts {
		var o fyne.CanvasObject
		switch {
		case p.Article != "":
			id := p.Article
			l := widget.NewHyperlink(p.Text, nil)
			l.OnTapped = func() {
				if h.act.OpenArticle != nil {
					h.act.OpenArticle(id)
				}
			}
			o = l
		case p.URL != "":
			l := widget.NewHyperlink(p.Text, nil)
			l.SetURLFromString(p.URL)
			o = l
		default:
			o = widget.NewLabel(p.Text)
		}
		icon := widget.NewIcon(p.Icon)
		objs = append(objs, container.NewBorder(nil, nil, icon, nil, o))
	}
	h.message.Objects = objs
	h.message.Refresh()
	if len(objs) == 0 {
		h.message.Hide()
	} else {
		h.message.Show()
	}
}

// mailID writes an e-mail's MessageID as its Message-ID header does: <id@host>.
func mailID(id string) string {
	id = strings.TrimPrefix(id, "email:")
	if !strings.HasPrefix(id, "<") {
		id = "<" + id + ">"
	}
	return id
}

// newTip is a header button; its purpose is in its label for screen readers and in the
// docs (Fyne 2.7 has no tooltips).
func newTip(b *widget.Button, _ string) fyne.CanvasObject { return b }
