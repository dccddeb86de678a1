package app

// Team projects in the window: the sync engine's lifecycle (started when the workspace
// is linked, stopped before it closes), the status bar's sync indicator, File → Team…
// (create, join, status, blind coding, leave), the password prompt and conflicts. The
// network is never waited for on the UI goroutine: the engine syncs on its own goroutines
// and everything the window asks of the server runs on the window's Runner.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/team"
	"gloss.app/gloss/app/teamui"
)

// teamInterval is how often the window syncs besides the server's announcements.
const teamInterval = 5 * time.Second

// teamTimeout bounds a create, join or sync the window asks for (the first ones send or
// fetch a whole corpus).
const teamTimeout = 30 * time.Minute

// teamBackground starts the engine's own loop (periodic syncs, LISTEN). Widget tests
// turn it off and sync by hand, so that nothing runs behind their back.
var teamBackground = true

// sessionPasswords are the team servers' passwords the analyst typed in this session, by
// server address (without password): kept in memory only, for every window of the
// process (a joined workspace's window connects with the password typed to join).
var sessionPasswords struct {
	sync.Mutex
	byServer map[string]string
}

func sessionPassword(server string) string {
	sessionPasswords.Lock()
	defer sessionPasswords.Unlock()
	return sessionPasswords.byServer[team.StripPassword(server)]
}

func rememberPassword(server, pw string) {
	if pw == "" {
		return
	}
	sessionPasswords.Lock()
	defer sessionPasswords.Unlock()
	if sessionPasswords.byServer == nil {
		sessionPasswords.byServer = map[string]string{}
	}
	sessionPasswords.byServer[team.StripPassword(server)] = pw
}

// teamViews is the Workbench's part for team projects.
type teamViews struct {
	teamMu sync.Mutex   // guards syncer: local commands may run on the serving goroutine
	syncer *team.Syncer // nil while the workspace is in no project

	teamIndicator *teamui.Indicator
	teamDialog    *teamui.Dialog
	teamClosed    atomic.Bool // the window shuts down: status changes are not shown any more
	unobserveTeam func()

	teamBlind        bool // blind coding as the views last showed it
	askingPassword   bool
	passwordDeclined bool                   // "Not now": ask again only when the analyst syncs by hand
	lastTeamError    string                 // the last failure put in the status bar (not repeated every sync)
	passwordPrompt   *teamui.PasswordPrompt // the last one shown (tests)
	stepNotice       *teamui.StepNotice     // the last undo notice shown (tests)

	// OpenWorkspace shows a workspace (one that was just joined) in place of this
	// one, with a status message; Run sets it. Nil: the joined workspace is closed and
	// the analyst told where it is.
	OpenWorkspace func(ws *annotate.Workspace, status string)
}

// startTeam puts the indicator in the status bar and starts the engine when the
// workspace is linked.
func (wb *Workbench) startTeam() {
	wb.teamIndicator = teamui.NewIndicator(wb.syncNow)
	wb.teamIndicator.Hide()
	wb.status.team.Add(wb.teamIndicator)
	wb.unobserveTeam = wb.ws.Observe(wb.teamObserved)
	wb.teamBlind = wb.ws.Visibility().Blind
	wb.linkTeam()
}

// currentSyncer is the engine, or nil (any goroutine).
func (wb *Workbench) currentSyncer() *team.Syncer {
	wb.teamMu.Lock()
	defer wb.teamMu.Unlock()
	return wb.syncer
}

func (wb *Workbench) setSyncer(s *team.Syncer) {
	wb.teamMu.Lock()
	wb.syncer = s
	wb.teamMu.Unlock()
}

// linkTeam starts the engine of a linked workspace (UI goroutine).
func (wb *Workbench) linkTeam() {
	s, err := team.New(wb.ws)
	if errors.Is(err, team.ErrNotLinked) {
		wb.teamIndicator.Hide()
		return
	}
	if err != nil {
		wb.showError(err)
		return
	}
	if pw := sessionPassword(s.Status().Server); pw != "" {
		s.SetPassword(pw)
	}
	wb.setSyncer(s)
	s.OnStatus(func(st team.Status) {
		if !wb.teamClosed.Load() {
			fyne.Do(func() { wb.teamStatus(s, st) })
		}
	})
	wb.teamIndicator.Show()
	wb.teamStatus(s, s.Status())
	if teamBackground {
		s.Start(team.StartOptions{Interval: teamInterval, Listen: true, OnReport: func(rep team.Report, err error) {
			if !wb.teamClosed.Load() {
				fyne.Do(func() { wb.teamReport(s, rep, err) })
			}
		}})
	}
}

// stopTeam stops the engine before the workspace closes (not on the UI goroutine: a
// running sync is cancelled and waited for).
func (wb *Workbench) stopTeam() {
	wb.teamClosed.Store(true)
	if wb.unobserveTeam != nil {
		wb.unobserveTeam()
	}
	if s := wb.currentSyncer(); s != nil {
		s.Close()
	}
}

// followTeamLink follows what a command from the command line did to the team link
// (gloss team create, leave, set blind, sync): the engine starts or stops, and the
// indicator and the views follow. Any goroutine.
func (wb *Workbench) followTeamLink() {
	fyne.Do(func() {
		if wb.teamClosed.Load() {
			return
		}
		s := wb.currentSyncer()
		switch linked := wb.ws.Linked(); {
		case linked && s == nil:
			wb.linkTeam()
		case !linked && s != nil:
			wb.setSyncer(nil)
			wb.teamIndicator.Hide()
			wb.run.Go(func() { s.Close() })
			if wb.teamDialog != nil && wb.teamDialog.Visible() {
				arts, anns := wb.ws.VisibleCounts()
				wb.teamDialog.ShowUnlinked(teamui.Workspace{Dir: wb.ws.Dir(), Articles: arts, Annotations: anns})
			}
		case s != nil:
			s.Refresh() // a sync or a setting made by the command
		}
		if blind := wb.ws.Visibility().Blind; blind != wb.teamBlind {
			wb.teamBlind = blind
			wb.refreshAfterChange("")
		}
	})
}

// teamObserved hears every committed change: after a local one the indicator counts it
// and the engine is asked to send it soon. Observers never sync themselves.
func (wb *Workbench) teamObserved(res annotate.Result) {
	if res.Remote {
		return
	}
	if s := wb.currentSyncer(); s != nil {
		s.Refresh()
		s.SyncSoon()
	}
}

// syncNow is a click on the indicator or the dialog's Sync now.
func (wb *Workbench) syncNow() {
	s := wb.currentSyncer()
	if s == nil {
		return
	}
	wb.passwordDeclined = false
	if teamBackground {
		s.SyncSoon()
		return
	}
	wb.run.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
		defer cancel()
		rep, err := s.Sync(ctx)
		fyne.Do(func() { wb.teamReport(s, rep, err) })
	})
}

// teamStatus shows the engine's status (UI goroutine): the indicator, the open dialog,
// and the views again when blind coding was switched.
func (wb *Workbench) teamStatus(s *team.Syncer, st team.Status) {
	if s != wb.currentSyncer() {
		return // an engine that was stopped
	}
	wb.teamIndicator.Set(st.Project, st.Blind, teamui.Describe(st, time.Now()))
	if wb.lastTeamError != "" && st.LastError == "" && !st.CheckedAt.IsZero() {
		if wb.status.message.Text == wb.lastTeamError {
			wb.setStatus("In touch with the team server again: nothing was lost")
		}
		wb.lastTeamError = ""
	}
	if st.Blind != wb.teamBlind {
		wb.teamBlind = st.Blind
		if st.Blind && wb.browserTab != nil {
			wb.centreTabs.Remove(wb.browserTab) // it shows colleagues' coding
			wb.browserTab = nil
		}
		msg := "The lead revealed everyone's annotations: you see your colleagues' coding again"
		if st.Blind {
			msg = "The project now codes blind: you see only your own annotations until the lead reveals everyone's"
		}
		wb.refreshAfterChange(msg)
	}
	if wb.teamDialog != nil && wb.teamDialog.Visible() && wb.teamDialog.IsLinked() {
		wb.teamDialog.Update(wb.teamLinked(st))
	}
}

// teamReport shows what a sync that moved something (or failed) says.
func (wb *Workbench) teamReport(s *team.Syncer, rep team.Report, err error) {
	if s != wb.currentSyncer() {
		return
	}
	if err != nil {
		if errors.Is(err, team.ErrLogin) {
			wb.askPassword(s, err)
		}
		msg := "⚠ Team sync: " + team.Sentence(err)
		if msg != wb.lastTeamError {
			wb.lastTeamError = msg
			wb.setStatus(msg)
		}
		return
	}
	switch n := len(rep.Conflicts); {
	case n == 1:
		wb.setStatus("Team sync: conflict — " + rep.Conflicts[0].Text + " (File → Team… lists conflicts)")
	case n > 1:
		wb.setStatus(fmt.Sprintf("Team sync: %d conflicts — %s; … (File → Team… lists them)", n, rep.Conflicts[0].Text))
	case rep.Pulled > 0 && wb.ws.Visibility().Blind:
		wb.setStatus(fmt.Sprintf("Received %s from the team (colleagues' annotations stay hidden: the project codes blind)", changesWord(rep.Pulled)))
	case rep.Pulled > 0:
		wb.setStatus(fmt.Sprintf("Received %s from the team", changesWord(rep.Pulled)))
	}
	if wb.teamDialog != nil && wb.teamDialog.Visible() && wb.teamDialog.IsLinked() {
		wb.teamDialog.Update(wb.teamLinked(s.Status()))
	}
}

func changesWord(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}

// askPassword asks for the password the server wants, once until the analyst syncs by
// hand again; it is given to the engine for this session only.
func (wb *Workbench) askPassword(s *team.Syncer, why error) {
	if wb.askingPassword || wb.passwordDeclined {
		return
	}
	wb.askingPassword = true
	wb.passwordPrompt = teamui.AskPassword(wb.win, s.Status().Server, why.Error(), func(pw string, ok bool) {
		wb.askingPassword = false
		if !ok {
			wb.passwordDeclined = true
			return
		}
		rememberPassword(s.Status().Server, pw)
		s.SetPassword(pw)
		wb.syncNow()
	})
}

// showTeam is File → Team….
func (wb *Workbench) showTeam() {
	if wb.teamDialog == nil {
		wb.teamDialog = teamui.New(wb.win, teamui.Actions{Create: wb.createTeam, Join: wb.joinTeam,
			SyncNow: wb.syncNow, SetBlind: wb.setTeamBlind, Leave: wb.leaveTeam})
	}
	if s := wb.currentSyncer(); s != nil {
		wb.teamDialog.ShowLinked(wb.teamLinked(s.Status()))
		return
	}
	arts, anns := wb.ws.VisibleCounts()
	wb.teamDialog.ShowUnlinked(teamui.Workspace{Dir: wb.ws.Dir(), Articles: arts, Annotations: anns})
}

// Team is the Team dialog (tests; nil until File → Team… was opened).
func (wb *Workbench) Team() *teamui.Dialog { return wb.teamDialog }

// teamLinked is what the dialog shows of the linked workspace.
func (wb *Workbench) teamLinked(st team.Status) teamui.Linked {
	conflicts, err := team.RecentConflicts(wb.ws, 20)
	if err != nil {
		wb.showError(err)
	}
	return teamui.Linked{Status: st, Conflicts: conflicts}
}

// teamDSN is the DSN with the password typed now or earlier in the session, for a
// connection of the window's own.
func teamDSN(dsn, typed string) string {
	if typed != "" {
		return teamui.WithPassword(dsn, typed)
	}
	return teamui.WithPassword(dsn, sessionPassword(dsn))
}

// createTeam makes a project from this workspace.
func (wb *Workbench) createTeam(req teamui.CreateRequest) {
	wb.teamDialog.Busy(fmt.Sprintf("Creating the project %s and sending this workspace's articles, annotations and codebook…", req.Project))
	dsn := teamDSN(req.Server, req.Password)
	wb.run.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
		defer cancel()
		rep, err := team.Create(ctx, wb.ws, dsn, req.Project, req.Blind)
		fyne.Do(func() {
			if err != nil {
				wb.teamDialog.Failed(team.Sentence(err))
				return
			}
			rememberPassword(req.Server, req.Password)
			wb.linkTeam()
			wb.teamDialog.ShowLinked(wb.teamLinked(wb.currentSyncer().Status()))
			wb.setStatus(fmt.Sprintf("Created team project %s: sent %s; colleagues can join it now", req.Project, changesWord(rep.Pushed)))
		})
	})
}

// joinTeam receives a project into a new workspace, which the window then shows.
func (wb *Workbench) joinTeam(req teamui.JoinRequest) {
	if _, err := os.Stat(req.Folder); err == nil && sameFolder(req.Folder, wb.ws.Dir()) {
		wb.teamDialog.Failed("that is the folder of this window's workspace: joining needs a new, empty folder")
		return
	}
	wb.teamDialog.Busy(fmt.Sprintf("Joining %s: receiving its articles, annotations and codebook into %s…", req.Project, req.Folder))
	dsn := teamDSN(req.Server, req.Password)
	author := wb.ws.Author()
	wb.run.Go(func() {
		ws, rep, err := joinInto(req.Folder, dsn, req.Project, author)
		fyne.Do(func() {
			if err != nil {
				wb.teamDialog.Failed(team.Sentence(err))
				return
			}
			wb.teamDialog.Hide()
			rememberPassword(req.Server, req.Password)
			if wb.OpenWorkspace == nil {
				ws.Close()
				wb.setStatus(fmt.Sprintf("Joined team project %s in %s: open that folder to work in it", req.Project, req.Folder))
				return
			}
			msg := fmt.Sprintf("Joined team project %s: received %s", req.Project, changesWord(rep.Pulled))
			if ws.Visibility().Blind {
				msg += "; the project codes blind: you see only your own annotations until the lead reveals everyone's"
			}
			wb.OpenWorkspace(ws, msg)
		})
	})
}

// joinInto makes a new workspace in folder (new or empty) and joins the project there.
// On a failure nothing is left behind: the folder is as it was.
func joinInto(folder, dsn, project, author string) (*annotate.Workspace, team.Report, error) {
	_, statErr := os.Stat(folder)
	existed := statErr == nil
	undo := func() {
		if !existed {
			os.RemoveAll(folder)
			return
		}
		entries, _ := os.ReadDir(folder)
		for _, e := range entries {
			os.RemoveAll(folder + string(os.PathSeparator) + e.Name())
		}
	}
	ws, err := annotate.Open(folder, annotate.Options{Create: true, Holder: windowHolder})
	if err != nil {
		undo()
		return nil, team.Report{}, err
	}
	if author != "" && ws.Author() != author {
		if err := ws.SetAuthor(author); err != nil {
			ws.Close()
			undo()
			return nil, team.Report{}, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
	defer cancel()
	rep, err := team.Join(ctx, ws, dsn, project)
	if err != nil {
		ws.Close()
		undo()
		return nil, rep, err
	}
	return ws, rep, nil
}

// setTeamBlind is the lead's blind coding switch.
func (wb *Workbench) setTeamBlind(on bool) {
	s := wb.currentSyncer()
	if s == nil {
		return
	}
	what := "Revealing everyone's annotations…"
	if on {
		what = "Switching blind coding on…"
	}
	wb.teamDialog.Busy(what)
	dsn := teamDSN(s.Status().Server, "")
	wb.run.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
		defer cancel()
		_, err := team.SetBlind(ctx, wb.ws, dsn, on)
		s.Refresh() // the workspace knows the new setting: the views follow (teamStatus)
		fyne.Do(func() {
			if err != nil {
				wb.teamDialog.Failed(team.Sentence(err))
				wb.teamDialog.Update(wb.teamLinked(s.Status()))
				return
			}
			wb.teamDialog.ShowLinked(wb.teamLinked(s.Status()))
		})
	})
}

// leaveTeam unlinks the workspace; sendFirst syncs before, and stays in the project
// when that fails.
func (wb *Workbench) leaveTeam(sendFirst bool) {
	s := wb.currentSyncer()
	if s == nil {
		return
	}
	project := s.Status().Project
	if sendFirst {
		wb.teamDialog.Busy("Sending the changes not sent yet, then leaving…")
	} else {
		wb.teamDialog.Busy("Leaving the project…")
	}
	wb.run.Go(func() {
		if sendFirst {
			ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
			_, err := s.Sync(ctx)
			cancel()
			if err != nil {
				fyne.Do(func() {
					wb.teamDialog.Failed("you are still in the project: the changes could not be sent: " + team.Sentence(err))
				})
				return
			}
		}
		s.Close()
		unsent, err := team.Leave(wb.ws)
		fyne.Do(func() {
			if err != nil {
				wb.teamDialog.Failed(err.Error())
				return
			}
			wb.setSyncer(nil)
			wb.teamIndicator.Hide()
			wb.teamBlind = false
			msg := fmt.Sprintf("Left team project %s; this workspace keeps everything", project)
			if unsent > 0 {
				msg += fmt.Sprintf(" (%s not sent to the team)", changesWord(unsent))
			}
			wb.refreshAfterChange(msg) // blind coding no longer applies
			arts, anns := wb.ws.VisibleCounts()
			wb.teamDialog.ShowUnlinked(teamui.Workspace{Dir: wb.ws.Dir(), Articles: arts, Annotations: anns})
		})
	})
}

// teamStepNotes shows in full what an undo or redo of the analyst's own step left as
// colleagues made it.
func (wb *Workbench) teamStepNotes(label string) {
	wb.stepNotice = teamui.ShowStepNotes(wb.win, label)
}

// shownAnnotations narrows annotation ids (nil: all) to those the analyst is shown, for
// the Overview's counts, and says when that leaves some out (blind coding).
func (wb *Workbench) shownAnnotations(ids []string) ([]string, string, error) {
	if !wb.ws.Visibility().Blind {
		return ids, "", nil
	}
	shown, err := wb.ws.VisibleAnnotationIDs(ids)
	return shown, "only your own: the project codes blind", err
}

// blindGate is the Overview's Agreement tab as blind coding allows: agreement compares
// the coders' annotations side by side, which a blind project does not show anyone
// until the lead reveals them.
type blindGate struct {
	wb     *Workbench
	notice fyne.CanvasObject
	stack  *fyne.Container
}

func (wb *Workbench) agreementGate() *blindGate {
	msg := widget.NewLabel("The project codes blind: each analyst sees only their own annotations, so agreement " +
		"between coders is measured once the lead reveals everyone's (File → Team…, Blind coding).")
	msg.Wrapping = fyne.TextWrapWord
	g := &blindGate{wb: wb, notice: container.NewPadded(msg)}
	g.notice.Hide()
	g.stack = container.NewStack(wb.agreementPanel.Object(), g.notice)
	return g
}

func (g *blindGate) Object() fyne.CanvasObject { return g.stack }

func (g *blindGate) Refresh(query string) {
	blind := g.wb.ws.Visibility().Blind
	panel := g.wb.agreementPanel.Object()
	if blind {
		panel.Hide()
		g.notice.Show()
		return
	}
	g.notice.Hide()
	panel.Show()
	g.wb.agreementPanel.Refresh(query)
}
