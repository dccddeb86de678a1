package agreementui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/formkeys"
	"gloss.app/gloss/app/uikit"
)

// The blind self-check of a lone analyst, in the window: a dialog that starts it, a
// banner above the reader while it runs, and its result with the ways to end it.

// SampleColor marks the sampled units in the reader: a neutral grey no tag colour of the
// default codebook comes near, under the tags' own bands.
var SampleColor = color.NRGBA{R: 0x8A, G: 0x90, B: 0x9C, A: 0xFF}

// sampleUnits are the units a self-check can re-code, as the unit picker shows them.
var sampleUnits = []agreement.Unit{agreement.Sentence, agreement.Paragraph, agreement.Article}

// StartForm is the start dialog's fields (tests fill them).
type StartForm struct {
	Sample    *widget.Entry
	Unit      *widget.Select
	CodedOnly *widget.Check
	Dialog    *dialog.FormDialog
}

// ShowStartDialog asks for a self-check's sample (as `gloss recode start --sample`) and
// calls start with it when the analyst confirms.
func ShowStartDialog(win fyne.Window, coder string, start func(agreement.SampleOptions)) *StartForm {
	f := &StartForm{Sample: widget.NewEntry(), CodedOnly: widget.NewCheck("Only units I highlighted something in", nil)}
	f.Sample.SetText("10%")
	f.Sample.Validator = func(s string) error {
		_, err := agreement.ParseSampleSize(s)
		return err
	}
	f.Unit = widget.NewSelect([]string{"Sentences", "Paragraphs", "Articles"}, nil)
	f.Unit.SetSelectedIndex(0)
	intro := widget.NewLabel(fmt.Sprintf("Gloss draws a random sample of the units of the articles %s coded and hides every highlight on them "+
		"(yours and your colleagues'), so you can code them again without seeing your first coding. "+
		"The result compares both codings: your intra-coder agreement per tag. "+
		"Undo (Ctrl+Z) takes the start back.", coder))
	intro.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel("A share of the units (10%) or a number of them (25). By default every unit can be drawn, " +
		"so the check also sees what you left out; drawing only highlighted units finds wrong codes, never missed ones.")
	hint.Wrapping = fyne.TextWrapWord
	hint.SizeName = theme.SizeNameCaptionText
	items := []*widget.FormItem{
		{Text: "", Widget: intro},
		{Text: "Sample", Widget: f.Sample},
		{Text: "Unit", Widget: f.Unit},
		{Text: "", Widget: f.CodedOnly},
		{Text: "", Widget: hint},
	}
	f.Dialog = dialog.NewForm("Start a self-check", "Start", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		size, err := agreement.ParseSampleSize(f.Sample.Text)
		if err != nil {
			return // the form does not confirm an invalid entry
		}
		start(agreement.SampleOptions{Size: size, Unit: sampleUnits[max(f.Unit.SelectedIndex(), 0)], CodedOnly: f.CodedOnly.Checked})
	}, win)
	f.Dialog.Resize(fyne.NewSize(560, f.Dialog.MinSize().Height+60))
	f.Dialog.Show()
	formkeys.Wire(win, f.Dialog, items)
	return f
}

// BannerActions are the banner's buttons.
type BannerActions struct {
	Next   func() // the next unit still to code again
	Result func() // the result so far, and the ways to end
}

// Banner says, above the reader, that a self-check runs: how far the re-coding is, how
// many highlights are hidden, and how the sampled units look.
type Banner struct {
	text *widget.Label
	next *widget.Button
	box  *fyne.Container
	bg   *canvas.Rectangle
}

// NewBanner builds the banner, hidden.
func NewBanner(act BannerActions) *Banner {
	b := &Banner{text: widget.NewLabel("")}
	b.text.Wrapping = fyne.TextWrapWord
	b.next = widget.NewButtonWithIcon("Next unit", theme.NavigateNextIcon(), act.Next)
	result := widget.NewButtonWithIcon("Result and end…", theme.InfoIcon(), act.Result)
	b.bg = canvas.NewRectangle(color.Transparent)
	b.bg.CornerRadius = 4
	row := container.NewBorder(nil, nil, container.NewCenter(Swatch(SampleColor)), container.NewVBox(b.next, result), b.text)
	b.box = container.NewStack(b.bg, container.NewPadded(row))
	b.box.Hide()
	return b
}

// Object is the banner.
func (b *Banner) Object() fyne.CanvasObject { return b.box }

// Text is what the banner says ("" when hidden).
func (b *Banner) Text() string {
	if !b.box.Visible() {
		return ""
	}
	return b.text.Text
}

// Show shows the running session s (nil hides the banner); p is its progress, nil while
// it is being read.
func (b *Banner) Show(s *annotate.RecodeSession, p *agreement.RecodeProgress) {
	if s == nil {
		b.box.Hide()
		return
	}
	b.bg.FillColor = tintedPrimary()
	b.bg.Refresh()
	b.text.SetText(BannerText(s, p))
	if p != nil && p.Recoded == len(p.Units) {
		b.next.Disable()
	} else {
		b.next.Enable()
	}
	b.box.Show()
}

// BannerText words a running self-check.
func BannerText(s *annotate.RecodeSession, p *agreement.RecodeProgress) string {
	unit := s.Unit
	done := "…"
	if p != nil {
		done = fmt.Sprintf("%d", p.Recoded)
	}
	hidden := "highlights are"
	if len(s.Hidden) == 1 {
		hidden = "highlight is"
	}
	return fmt.Sprintf("Self-check of %s: %s of %d sampled %ss coded again. %d %s hidden until you end it. "+
		"Sampled %ss have a grey band: code them again as if for the first time (one left without a highlight counts as coded with no tag).",
		s.Coder, done, len(s.Units), unit, len(s.Hidden), hidden, unit)
}

// tintedPrimary is the banner's background: the theme's primary colour, faint.
func tintedPrimary() color.Color {
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30}
}

// ResultActions end a running self-check from its result.
type ResultActions struct {
	Stop   func(keep string) // annotate.KeepFirst, KeepSecond or KeepBoth
	Cancel func()
}

// ShowResult shows a self-check's intra-coder agreement per tag; while the session runs
// it also offers the ways to end it (act; nil for an ended session).
func ShowResult(win fyne.Window, res *agreement.RecodeResult, cb *annotate.Codebook, act *ResultActions) dialog.Dialog {
	s := res.Session
	var head string
	if s.Status == annotate.RecodeActive {
		head = fmt.Sprintf("Your first coding against the second on the %d sampled %ss (%d coded again so far). "+
			"Provisional while the self-check runs: a unit you have not coded again counts as coded with no tag.", res.Units, s.Unit, res.Recoded)
	} else {
		head = fmt.Sprintf("Self-check of %s, %s: your first coding against the second on %d sampled %ss (%d coded again). Kept in the workspace: the %s coding.",
			s.Coder, s.Started.Local().Format("2 Jan 2006 15:04"), res.Units, s.Unit, res.Recoded, keptWords(s.Kept))
	}
	intro := widget.NewLabel(head)
	intro.Wrapping = fyne.TextWrapWord
	table := NewTable()
	hover := widget.NewLabel("")
	hover.Truncation = fyne.TextTruncateEllipsis
	hover.SizeName = theme.SizeNameCaptionText
	table.OnHover = func(tip string) { hover.SetText(tip) }
	table.SetReport(res.Report, cb, false)
	notes := widget.NewLabel(notesText(res.Report, 0))
	notes.Wrapping = fyne.TextWrapWord
	notes.SizeName = theme.SizeNameCaptionText
	if len(res.Report.Tags) == 0 {
		notes.SetText("Neither coding has a highlight on the sampled units yet.")
	}
	var d dialog.Dialog
	bottom := container.NewVBox(hover, Legend())
	if act != nil && s.Status == annotate.RecodeActive {
		end := func(keep string) func() {
			return func() {
				d.Hide()
				act.Stop(keep)
			}
		}
		how := widget.NewLabel("Ending shows the hidden highlights again; on the sampled units the workspace keeps the coding you choose. Both codings stay in the result. Undo (Ctrl+Z) resumes the check.")
		how.Wrapping = fyne.TextWrapWord
		bottom.Add(how)
		bottom.Add(uikit.NewFlow(
			widget.NewButtonWithIcon("End, keep my first coding", theme.ConfirmIcon(), end(annotate.KeepFirst)),
			widget.NewButton("End, keep the new coding", end(annotate.KeepSecond)),
			widget.NewButton("End, keep both", end(annotate.KeepBoth)),
			widget.NewButtonWithIcon("Cancel the self-check…", theme.CancelIcon(), func() {
				d.Hide()
				act.Cancel()
			})))
	}
	content := container.NewBorder(intro, bottom, nil, nil, container.NewScroll(container.NewVBox(table, notes)))
	d = dialog.NewCustom("Self-check result", "Close", content, win)
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
	return d
}

func keptWords(keep string) string {
	switch keep {
	case annotate.KeepSecond:
		return "new"
	case annotate.KeepBoth:
		return "first and the new"
	}
	return "first"
}
