package teamui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/formkeys"
)

// PasswordPrompt asks for the team server's password after the server refused the
// login. The password is handed on for the session and never stored.
type PasswordPrompt struct {
	Entry  *widget.Entry
	Dialog *dialog.FormDialog
}

// AskPassword shows the prompt: server is the stored address (without password), why
// the server's refusal. done gets the password, or ok false when the analyst declines.
func AskPassword(win fyne.Window, server, why string, done func(password string, ok bool)) *PasswordPrompt {
	p := &PasswordPrompt{Entry: widget.NewPasswordEntry()}
	reason := widget.NewLabel(capitalise(stripKind(why)) + ".")
	reason.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel("The password is used for this session only and never stored. To be asked no more, put it in ~/.pgpass (or PGPASSWORD).")
	hint.Wrapping = fyne.TextWrapWord
	addr := widget.NewLabel(server)
	addr.Wrapping = fyne.TextWrapBreak
	items := []*widget.FormItem{
		widget.NewFormItem("", reason),
		widget.NewFormItem("Server", addr),
		widget.NewFormItem("Password", p.Entry),
		widget.NewFormItem("", hint),
	}
	p.Dialog = dialog.NewForm("The team server asks for a password", "Connect", "Not now", items, func(ok bool) {
		done(p.Entry.Text, ok && p.Entry.Text != "")
	}, win)
	p.Dialog.Resize(fyne.NewSize(560, p.Dialog.MinSize().Height))
	p.Dialog.Show()
	formkeys.Wire(win, p.Dialog, items)
	return p
}

// StepNotice tells in full what an undo or redo in a team project left as colleagues
// made it ("Undid your own step: …; kept Marko's note on …").
type StepNotice struct {
	Text   string
	Dialog *dialog.CustomDialog
}

// ShowStepNotes shows the notice when label carries such notes; nil otherwise (the
// status bar's line says all).
func ShowStepNotes(win fyne.Window, label string) *StepNotice {
	step, notes, ok := StepNotes(label)
	if !ok {
		return nil
	}
	title := "Undo kept your colleagues' changes"
	if strings.HasPrefix(step, "Redid") {
		title = "Redo kept your colleagues' changes"
	}
	var b strings.Builder
	b.WriteString(step)
	b.WriteString(".\n\nColleagues changed some of it since; their changes stay:")
	for _, n := range notes {
		b.WriteString("\n• " + capitalise(n))
	}
	n := &StepNotice{Text: b.String()}
	msg := widget.NewLabel(n.Text)
	msg.Wrapping = fyne.TextWrapWord
	n.Dialog = dialog.NewCustom(title, "OK", msg, win)
	n.Dialog.Resize(fyne.NewSize(560, n.Dialog.MinSize().Height))
	n.Dialog.Show()
	return n
}
