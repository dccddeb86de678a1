package app

// Inter-coder agreement in the window: the Overview's Agreement tab, the disagreement
// browser in a tab of its own beside the reader, the blind self-check (start dialog,
// banner, sampled units in the reader, result) and done marks.

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/agreementui"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/reader"
)

const agreementTabTitle = "Agreement"

// sampledUnitID prefixes the reader highlights that mark a self-check's units.
const sampledUnitID = "selfcheck:"

// agreementViews is the Workbench's part for agreement.
type agreementViews struct {
	agreementPanel *agreementui.Panel
	browser        *agreementui.Browser
	browserTab     *container.TabItem // nil until a tag is first clicked
	banner         *agreementui.Banner
	codingBar      *codingBar

	recode         *annotate.RecodeSession // the running self-check; nil none
	recodeProgress *agreement.RecodeProgress
	recodeGen      int             // the latest progress read; older ones are dropped
	done           map[string]bool // articles the author marked done
	resultDialog   dialog.Dialog   // the self-check result shown last
}

func (wb *Workbench) buildAgreementViews() {
	colours := agreementui.NewCoderColours(wb.app.Preferences(), wb.ws.Dir())
	wb.agreementPanel = agreementui.NewPanel(agreementui.Deps{Window: wb.win, WS: wb.ws, Async: wb.run,
		Query: wb.AnnotationIDs, OnTag: wb.openDisagreements, Status: wb.setStatus, Colours: colours})
	wb.browser = agreementui.NewBrowser(agreementui.BrowserDeps{WS: wb.ws, Async: wb.run,
		ShowPassage: wb.showPassage, Accept: wb.acceptVersion, Back: wb.ShowAgreement,
		OnTitle: wb.browserTitled, Colours: colours})
	wb.banner = agreementui.NewBanner(agreementui.BannerActions{Next: wb.nextSampledUnit, Result: wb.selfCheckResult})
	wb.codingBar = newCodingBar(wb)
}

// ShowAgreement brings the Overview's Agreement tab to the front.
func (wb *Workbench) ShowAgreement() {
	wb.overview.SelectTab(agreementTabTitle)
	wb.ShowOverview()
}

// Agreement is the Agreement tab (tests).
func (wb *Workbench) Agreement() *agreementui.Panel { return wb.agreementPanel }

// Browser is the disagreement browser (tests).
func (wb *Workbench) Browser() *agreementui.Browser { return wb.browser }

// openDisagreements lists a tag's disagreements in the browser's tab.
func (wb *Workbench) openDisagreements(tagID string, opts agreement.Options) {
	wb.browser.Open(tagID, opts)
	if wb.browserTab == nil {
		wb.browserTab = container.NewTabItemWithIcon("", theme.ListIcon(), wb.browser.Object())
		wb.centreTabs.Append(wb.browserTab)
	}
	wb.browserTab.Text = wb.browser.Title()
	wb.centreTabs.Select(wb.browserTab)
	wb.centreTabs.Refresh()
}

// browserTitled names the browser's tab after the tag it lists.
func (wb *Workbench) browserTitled(title string) {
	if wb.browserTab != nil && wb.browserTab.Text != title {
		wb.browserTab.Text = title
		wb.centreTabs.Refresh()
	}
}

// refreshDisagreements lists again after a change.
func (wb *Workbench) refreshDisagreements() {
	if wb.browserTab != nil {
		wb.browser.Refresh()
	}
}

// showPassage opens an article in the reader with [start, end) selected and flashed.
func (wb *Workbench) showPassage(articleID string, start, end int) {
	wb.showReader()
	if wb.current.ID != articleID {
		wb.OpenArticle(articleID)
		if wb.current.ID != articleID {
			return // deleted meanwhile; OpenArticle said so
		}
	}
	wb.reader.Select(start, end)
	wb.reader.Flash(start, end) // reveals the start
	if h := wb.reader.Size().Height; wb.reader.PositionOf(end).Y > h*0.9 {
		// The end is below the fold: the passage starts a third of the way down.
		wb.reader.ScrollTo(wb.reader.Scroll() + wb.reader.PositionOf(start).Y - h/3)
	}
	wb.win.Canvas().Focus(wb.reader)
}

// acceptVersion makes a coder's version of a unit the consensus (one undoable command).
func (wb *Workbench) acceptVersion(req agreement.AcceptRequest) {
	_, res, err := agreement.AcceptVersion(wb.ws, req)
	wb.afterCommand(res, err)
}

// annotationIDs leaves out the reader highlights that are no annotation.
func annotationIDs(ids []string) []string {
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return strings.HasPrefix(id, sampledUnitID) })
}

// The self-check.

// reloadRecode reads the running self-check and shows it in the banner; how far the
// re-coding is, is read off the UI goroutine.
func (wb *Workbench) reloadRecode() {
	s, err := wb.ws.ActiveRecode()
	if err != nil {
		wb.showError(err)
		return
	}
	wb.recode = s
	wb.recodeGen++
	gen := wb.recodeGen
	if s == nil {
		wb.recodeProgress = nil
		wb.banner.Show(nil, nil)
		return
	}
	wb.banner.Show(s, wb.recodeProgress)
	type read struct {
		p   *agreement.RecodeProgress
		err error
	}
	async.Then(wb.run, func() read {
		p, err := agreement.RecodeProgressOf(wb.ws, s)
		return read{p, err}
	}, func(r read) {
		if gen != wb.recodeGen || r.err != nil {
			return
		}
		wb.recodeProgress = r.p
		wb.banner.Show(wb.recode, r.p)
	})
}

// sampledUnits marks the self-check's units of the open article in the reader.
func (wb *Workbench) sampledUnits() []reader.Highlight {
	if wb.recode == nil || wb.current.ID == "" {
		return nil
	}
	var hs []reader.Highlight
	for i, u := range wb.recode.UnitsIn(wb.current.ID) {
		hs = append(hs, reader.Highlight{ID: fmt.Sprintf("%s%d", sampledUnitID, i), Start: u.Start, End: u.End, Colors: []color.NRGBA{agreementui.SampleColor}})
	}
	return hs
}

// startSelfCheck asks for a sample and starts a self-check on it.
func (wb *Workbench) startSelfCheck() {
	if wb.recode != nil {
		wb.setStatus(fmt.Sprintf("A self-check is already running (%d %ss): end it first (Coding → Self-check result and end…)", len(wb.recode.Units), wb.recode.Unit))
		return
	}
	agreementui.ShowStartDialog(wb.win, wb.ws.Author(), wb.StartSelfCheck)
}

// StartSelfCheck draws a sample and starts the self-check off the UI goroutine.
func (wb *Workbench) StartSelfCheck(opts agreement.SampleOptions) {
	type started struct {
		s   *annotate.RecodeSession
		res annotate.Result
		err error
	}
	wb.setStatus("Drawing the sample…")
	async.Then(wb.run, func() started {
		plan, err := agreement.DrawSample(wb.ws, opts)
		if err != nil {
			return started{err: err}
		}
		s, res, err := wb.ws.StartRecode(plan)
		return started{s, res, err}
	}, func(st started) {
		wb.afterCommand(st.res, st.err)
		if st.err != nil {
			dialog.ShowError(st.err, wb.win)
			return
		}
		wb.setStatus(fmt.Sprintf("Self-check started: %d of %d %ss, %d highlights hidden. Undo with Ctrl+Z",
			len(st.s.Units), st.s.Population, st.s.Unit, len(st.s.Hidden)))
		wb.nextSampledUnit()
	})
}

// nextSampledUnit opens the next sampled unit not yet coded again, after the caret.
func (wb *Workbench) nextSampledUnit() {
	if wb.recode == nil {
		wb.setStatus("No self-check is running: start one with Coding → Start a self-check…")
		return
	}
	units := make([]agreement.RecodeUnitStatus, 0, len(wb.recode.Units))
	if wb.recodeProgress != nil {
		units = append(units, wb.recodeProgress.Units...)
	} else {
		for _, u := range wb.recode.Units {
			units = append(units, agreement.RecodeUnitStatus{RecodeUnit: u})
		}
	}
	_, caret := wb.reader.Selection()
	u, ok := nextUnit(units, wb.current.ID, caret)
	if !ok {
		wb.setStatus("Every sampled unit has been coded again: see the result (Coding → Self-check result and end…)")
		return
	}
	wb.showPassage(u.ArticleID, u.Start, u.End)
}

// nextUnit is the first unit not coded again after offset at of article, else the first
// one not coded again from the top (units are in article, then text order).
func nextUnit(units []agreement.RecodeUnitStatus, article string, at int) (annotate.RecodeUnit, bool) {
	first := -1
	seen := false
	for i, u := range units {
		if u.Recoded {
			continue
		}
		if first < 0 {
			first = i
		}
		if u.ArticleID == article && u.Start >= at || seen && u.ArticleID != article {
			return u.RecodeUnit, true
		}
		if u.ArticleID == article {
			seen = true
		}
	}
	if first < 0 {
		return annotate.RecodeUnit{}, false
	}
	return units[first].RecodeUnit, true
}

// selfCheckResult shows the running self-check's result so far with the ways to end it,
// or the last ended one's.
func (wb *Workbench) selfCheckResult() {
	s := wb.recode
	if s == nil {
		sessions, err := wb.ws.RecodeSessions()
		if err != nil {
			wb.showError(err)
			return
		}
		for i := range sessions {
			if sessions[i].Status == annotate.RecodeStopped && (s == nil || sessions[i].Ended.After(s.Ended)) {
				s = &sessions[i]
			}
		}
		if s == nil {
			wb.setStatus("No self-check has run yet: start one with Coding → Start a self-check…")
			return
		}
	}
	wb.showResult(s)
}

func (wb *Workbench) showResult(s *annotate.RecodeSession) {
	type computed struct {
		res *agreement.RecodeResult
		err error
	}
	async.Then(wb.run, func() computed {
		res, err := agreement.RecodeResultOf(wb.ws, s, false)
		return computed{res, err}
	}, func(c computed) {
		if c.err != nil {
			wb.showError(c.err)
			return
		}
		var act *agreementui.ResultActions
		if s.Status == annotate.RecodeActive {
			act = &agreementui.ResultActions{Stop: wb.StopSelfCheck, Cancel: wb.cancelSelfCheck}
		}
		wb.resultDialog = agreementui.ShowResult(wb.win, c.res, wb.codebook, act)
	})
}

// StopSelfCheck ends the self-check keeping one coding, then shows its final result.
func (wb *Workbench) StopSelfCheck(keep string) {
	s, res, err := wb.ws.StopRecode(keep)
	wb.afterCommand(res, err)
	if err == nil {
		wb.showResult(s)
	}
}

// cancelSelfCheck abandons the self-check after asking.
func (wb *Workbench) cancelSelfCheck() {
	dialog.ShowConfirm("Cancel the self-check?",
		"The hidden highlights come back and what you coded on the sampled units since the start is removed. No result is kept. Undo (Ctrl+Z) takes it back.",
		func(ok bool) {
			if ok {
				_, res, err := wb.ws.CancelRecode()
				wb.afterCommand(res, err)
			}
		}, wb.win)
}
