package app

// The report of an import from the window: one line in the status bar, and — when there
// is more than fits there — a dialog with what was not imported, the importers' notes
// (messages a Telegram export left out, e-mail attachments, PDF pages without text), the
// @usernames of Telegram channels whose posts came without links, and the e-mail
// attachments to import as well. The status bar's "Import report…" opens it again.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/uikit"
)

// noteFits is the longest note the status line carries itself (in characters).
const noteFits = 110

// reportListMax is the most errors or notes the dialog lists.
const reportListMax = 50

// askMax is the most Telegram chats the report asks the @username of (a whole-account
// export has dozens, most of them private).
const askMax = 12

// fitsStatus reports whether the status line says all there is to say.
func (r importReport) fitsStatus() bool {
	return len(r.Errors) == 0 && len(r.MailAttachments) == 0 &&
		(len(r.Notes) == 0 || len(r.Notes) == 1 && len([]rune(r.Notes[0])) <= noteFits)
}

// hasDetails reports whether the report has anything beyond its counts.
func (r importReport) hasDetails() bool {
	return len(r.Errors)+len(r.Notes)+len(r.MailAttachments)+len(r.Telegram) > 0
}

func (wb *Workbench) finishImport(rep importReport) {
	wb.refreshAfterChange(rep.String())
	if rep.FirstID != "" {
		wb.library.Reveal(rep.FirstID)
		wb.OpenArticle(rep.FirstID)
	}
	var ask []telegramChat
	for _, c := range rep.Telegram {
		if !wb.usernameDeclined(c.ID) {
			ask = append(ask, c)
		}
	}
	if rep.hasDetails() {
		wb.status.report.OnTapped = func() { wb.showImportReport(rep, wb.stillUnnamed(rep.Telegram), nil) }
		wb.status.report.Show()
	}
	if rep.fitsStatus() && len(ask) == 0 {
		wb.describeImported(rep.NewIDs)
		return
	}
	wb.showImportReport(rep, ask, func() { wb.describeImported(rep.NewIDs) })
}

// stillUnnamed are the chats of an import whose username is still unknown.
func (wb *Workbench) stillUnnamed(chats []telegramChat) []telegramChat {
	known := wb.ws.TelegramUsernames()
	var out []telegramChat
	for _, c := range chats {
		if known[c.ID] == "" {
			out = append(out, c)
		}
	}
	return out
}

// showImportReport shows an import's report; ask are the Telegram channels to ask the
// @username of. then (optional) runs when the dialog closes.
func (wb *Workbench) showImportReport(rep importReport, ask []telegramChat, then func()) {
	ask = ask[:min(len(ask), askMax)]
	summary := widget.NewLabelWithStyle(rep.String(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	summary.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(summary)
	var d *dialog.CustomDialog
	if len(rep.Errors) > 0 {
		box.Add(uikit.SectionTitle(fmt.Sprintf("Not imported (%d)", len(rep.Errors))))
		addLines(box, rep.Errors)
	}
	if len(rep.Notes) > 0 {
		box.Add(uikit.SectionTitle("Notes"))
		addLines(box, rep.Notes)
	}
	if len(rep.MailAttachments) > 0 && !rep.Attachments {
		box.Add(uikit.SectionTitle("E-mail attachments"))
		msg := widget.NewLabel(fmt.Sprintf("The PDF, Word and text files attached to %s were listed, not imported.",
			plural(len(rep.MailAttachments), "the e-mail", "these e-mails")))
		msg.Wrapping = fyne.TextWrapWord
		again := widget.NewButtonWithIcon("Import the attachments as articles", theme.DownloadIcon(), func() {
			then = nil // the new import reports (and describes) for itself
			d.Hide()
			opts := wb.importOptions()
			opts.Attachments = true
			wb.importPathsWith(rep.MailAttachments, opts, nil)
		})
		box.Add(msg)
		box.Add(container.NewHBox(again))
	}
	var entries []*widget.Entry
	var save *widget.Button
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	dontAsk := widget.NewCheck(fmt.Sprintf("Do not ask again for %s", plural(len(ask), "this chat", "these chats")), nil)
	if len(ask) > 0 {
		box.Add(uikit.SectionTitle("Links to the posts"))
		intro := widget.NewLabel(usernameIntro)
		intro.Wrapping = fyne.TextWrapWord
		box.Add(intro)
		form := widget.NewForm()
		for _, c := range ask {
			e := usernameEntry(false)
			e.OnChanged = func(string) { enableSave(save, problem, entries) }
			entries = append(entries, e)
			name := c.Name
			if name == "" {
				name = "(unnamed chat)"
			}
			form.Append(fmt.Sprintf("%s (%s %s)", name, groupThousands(c.Posts), plural(c.Posts, "post", "posts")), e)
		}
		box.Add(form)
		if more := len(rep.Telegram) - len(ask); more > 0 && len(ask) == askMax {
			l := widget.NewLabel(fmt.Sprintf("%d more %s of this import have no username either: set it from the header of one of their posts.", more, plural(more, "chat", "chats")))
			l.Wrapping = fyne.TextWrapWord
			box.Add(l)
		}
		box.Add(problem)
		box.Add(dontAsk)
	}
	finish := func() {
		if then != nil {
			then()
		}
	}
	var buttons []fyne.CanvasObject
	if len(ask) > 0 {
		later := widget.NewButton("Later", func() {
			if dontAsk.Checked {
				wb.declineUsernames(ask)
			}
			d.Hide()
		})
		save = widget.NewButtonWithIcon("Save links", theme.ConfirmIcon(), func() {
			names := make([]string, len(entries))
			var left []telegramChat
			for i, e := range entries {
				if e.Validate() != nil {
					return
				}
				names[i] = e.Text
				if strings.TrimSpace(e.Text) == "" {
					left = append(left, ask[i])
				}
			}
			if dontAsk.Checked {
				wb.declineUsernames(left)
			}
			wb.saveTelegramUsernames(ask, names)
			d.Hide()
		})
		save.Importance = widget.HighImportance
		save.Disable()
		buttons = []fyne.CanvasObject{later, save}
	} else {
		buttons = []fyne.CanvasObject{widget.NewButton("Close", func() { d.Hide() })}
	}
	d = dialog.NewCustomWithoutButtons("Import report", container.NewVScroll(box), wb.win)
	d.SetButtons(buttons)
	d.SetOnClosed(finish)
	width := float32(720)
	box.Resize(fyne.NewSize(width-40, box.MinSize().Height))
	room := box.MinSize().Height + 140
	if len(ask) > 0 {
		room += problem.MinSize().Height + 20 // a wrong username's explanation
	}
	d.Resize(fyne.NewSize(width, min(max(600, wb.win.Canvas().Size().Height-120), room)))
	d.Show()
	if len(entries) > 0 {
		wb.win.Canvas().Focus(entries[0])
	}
}

// enableSave lets the links be saved once a username is given and none is wrong (the
// first wrong one is said in words).
func enableSave(save *widget.Button, problem *widget.Label, entries []*widget.Entry) {
	given := false
	for _, e := range entries {
		if err := e.Validate(); err != nil {
			save.Disable()
			problem.SetText(err.Error())
			problem.Show()
			return
		}
		given = given || strings.TrimSpace(e.Text) != ""
	}
	problem.Hide()
	if given {
		save.Enable()
	} else {
		save.Disable()
	}
}

// addLines lists lines (at most reportListMax) as wrapped labels.
func addLines(box *fyne.Container, lines []string) {
	for _, l := range lines[:min(len(lines), reportListMax)] {
		lab := widget.NewLabel(l)
		lab.Wrapping = fyne.TextWrapWord
		box.Add(lab)
	}
	if more := len(lines) - reportListMax; more > 0 {
		box.Add(widget.NewLabel(fmt.Sprintf("… and %d more", more)))
	}
}
