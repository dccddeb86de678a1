package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/annotate/team"
	"gloss.app/gloss/annotate/team/pgtest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/teamui"
	"gloss.app/gloss/search"
)

// The team tests drive two windows (two analysts' workspaces) on one throw-away
// PostgreSQL server. The engine's own loop is off: each window syncs when the test
// says so (the indicator's click), so every step is on the test's goroutine.

// teamDesk starts a server with a desk database the role "lead" owns (password
// "lead-pw", which the analysts type into the window: the environment has none).
func teamDesk(t *testing.T) (*pgtest.Cluster, string) {
	t.Helper()
	c := pgtest.Start(t)
	if err := c.CreateDesk("desk", "lead", "lead-pw"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	old := teamBackground
	teamBackground = false
	t.Cleanup(func() {
		teamBackground = old
		sessionPasswords.Lock()
		sessionPasswords.byServer = nil
		sessionPasswords.Unlock()
	})
	return c, c.URL("lead", "desk")
}

// teamWindow is a window on ws in app a; ws is closed after the window.
func teamWindow(t *testing.T, a fyne.App, ws *annotate.Workspace, author string) *Workbench {
	t.Helper()
	if err := ws.SetAuthor(author); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	wb := NewWorkbench(a, ws, async.Inline())
	t.Cleanup(wb.Window().Close)
	t.Cleanup(func() { wb.Shutdown(time.Minute) })
	wb.Window().Resize(fyne.NewSize(1300, 800))
	return wb
}

// deskWindow is an analyst's window on a workspace of their own (with the samples).
func deskWindow(t *testing.T, a fyne.App, author string) *Workbench {
	t.Helper()
	ws, err := OpenWorkspace(filepath.Join(t.TempDir(), strings.ToLower(author)))
	if err != nil {
		t.Fatal(err)
	}
	return teamWindow(t, a, ws, author)
}

// createProject fills File → Team… in as the lead does.
func createProject(t *testing.T, wb *Workbench, dsn, project string, blind bool) {
	t.Helper()
	wb.MenuItem("Team…").Action()
	d := wb.Team()
	d.Mode.SetSelected(teamui.ModeCreate)
	d.Server.SetText(dsn)
	d.Password.SetText("lead-pw")
	d.Project.SetText(project)
	d.Blind.SetChecked(blind)
	test.Tap(d.Submit)
	if p := d.Problem(); p != "" || !d.IsLinked() {
		t.Fatalf("create: %q", p)
	}
	d.Hide()
}

// joinProject joins from an analyst's own window, into a new folder; the window that
// opens on the joined workspace is returned.
func joinProject(t *testing.T, a fyne.App, dsn, project, author string) *Workbench {
	t.Helper()
	own := deskWindow(t, a, author)
	var joined *annotate.Workspace
	own.OpenWorkspace = func(ws *annotate.Workspace, status string) {
		joined = ws
		if !strings.HasPrefix(status, "Joined team project "+project+": received ") {
			t.Errorf("the joined window's first words: %q", status)
		}
	}
	own.MenuItem("Team…").Action()
	d := own.Team()
	d.Mode.SetSelected(teamui.ModeJoin)
	d.Server.SetText(dsn)
	d.Password.SetText("lead-pw")
	d.Project.SetText(project)
	d.Folder.SetText(filepath.Join(t.TempDir(), "joined"))
	test.Tap(d.Submit)
	if joined == nil {
		t.Fatalf("join: %q", d.Problem())
	}
	if d.Visible() {
		t.Fatal("the dialog stays open after the join")
	}
	return teamWindow(t, a, joined, author)
}

// annotateInWindow selects quote in the open article and tags it as the analyst does.
func annotateInWindow(t *testing.T, wb *Workbench, title, quote, tag string) annotate.Annotation {
	t.Helper()
	art := openByTitle(t, wb, title)
	i := strings.Index(art.Text, quote)
	if i < 0 {
		t.Fatalf("%q is not in %q", quote, art.Title)
	}
	start := len([]rune(art.Text[:i]))
	wb.reader.Select(start, start+len([]rune(quote)))
	tg, err := wb.codebook.Resolve(tag)
	if err != nil {
		t.Fatal(err)
	}
	wb.TagSelection(tg.ID)
	for _, a := range wb.annotations {
		if a.Start == start && a.Exact == quote && a.Author == wb.ws.Author() {
			return a
		}
	}
	t.Fatalf("no annotation on %q after tagging: %s", quote, wb.status.message.Text)
	return annotate.Annotation{}
}

func syncWindow(t *testing.T, wb *Workbench) {
	t.Helper()
	test.Tap(wb.teamIndicator)
	if k := wb.teamIndicator.Shown().Kind; k == teamui.Offline || k == teamui.Failed {
		t.Fatalf("sync: %s", wb.teamIndicator.Shown().Detail)
	}
}

func highlightIDs(wb *Workbench) []string {
	var ids []string
	for _, h := range wb.highlights() {
		ids = append(ids, h.ID)
	}
	return ids
}

// A project created in one window and joined from another; a change in either shows in
// the other after a sync: library, reader, annotation list, palette, status counts,
// search, Overview and the codebook.
func TestTeamWindowsCreateJoinAndFollow(t *testing.T) {
	_, dsn := teamDesk(t)
	a := test.NewTempApp(t)
	olha := deskWindow(t, a, "Olha")
	createProject(t, olha, dsn, "geneva", false)
	if !olha.teamIndicator.Visible() || olha.teamIndicator.Text() != "geneva: Connecting…" {
		t.Fatalf("indicator after create: %q visible %v", olha.teamIndicator.Text(), olha.teamIndicator.Visible())
	}
	if !strings.Contains(olha.Team().Row("Project"), "you lead it") || !strings.Contains(olha.status.message.Text, "Created team project geneva") {
		t.Fatalf("after create: %q / %q", olha.Team().Row("Project"), olha.status.message.Text)
	}
	syncWindow(t, olha)
	if got := olha.teamIndicator.Text(); got != "geneva: Up to date" {
		t.Fatalf("indicator after a sync: %q", got)
	}

	marko := joinProject(t, a, dsn, "geneva", "Marko")
	if len(marko.library.All()) != len(olha.library.All()) || marko.status.counts.Text != olha.status.counts.Text {
		t.Fatalf("the joined window shows %d articles (%s); the lead's %d (%s)", len(marko.library.All()), marko.status.counts.Text,
			len(olha.library.All()), olha.status.counts.Text)
	}
	if l := marko.currentSyncer().Status(); l.Lead || l.CoderName != "Marko" {
		t.Fatalf("the joiner's link: %+v", l.Link)
	}

	// Olha tags a passage: her indicator counts it until it is sent.
	const title, quote = "security guarantees", "security guarantees"
	marko.ShowOverview()
	openByTitle(t, marko, title)
	before := len(marko.annotations)
	searchFor(t, marko, `"`+quote+`"`)
	hitsBefore := len(annotationHits(marko))
	counted := marko.overview.Report().Annotations
	olhaAnn := annotateInWindow(t, olha, title, quote, "Diplomacy")
	if ind := olha.teamIndicator.Shown(); ind.Kind != teamui.Pending || ind.Text != "1 change to send" {
		t.Fatalf("after a local change the indicator shows %+v", ind)
	}
	syncWindow(t, olha)
	syncWindow(t, marko)
	if len(marko.annotations) != before+1 || !slices.Contains(marko.notes.IDs(), olhaAnn.ID) || !slices.Contains(highlightIDs(marko), olhaAnn.ID) {
		t.Fatalf("Marko's reader and list do not show Olha's annotation: %v", marko.notes.IDs())
	}
	if marko.status.counts.Text != olha.status.counts.Text {
		t.Errorf("counts: Marko %q, Olha %q", marko.status.counts.Text, olha.status.counts.Text)
	}
	for _, s := range marko.library.All() {
		if s.ID == olhaAnn.ArticleID && s.Annotations != before+1 {
			t.Errorf("Marko's library counts %d on the article, want %d", s.Annotations, before+1)
		}
	}
	diplomacy := olhaAnn.TagIDs[0]
	if marko.usage[diplomacy] != olha.usage[diplomacy] {
		t.Errorf("palette counts: Marko %+v, Olha %+v", marko.usage[diplomacy], olha.usage[diplomacy])
	}
	if found := annotationHits(marko); len(found) != hitsBefore+1 || !slices.Contains(found, olhaAnn.ID) {
		t.Errorf("Marko's search results: %v, want %d with Olha's", found, hitsBefore+1)
	}
	if r := marko.overview.Report(); r.Annotations != counted+1 { // it counts the search's annotations
		t.Errorf("Marko's Overview counts %d annotations, want %d", r.Annotations, counted+1)
	}
	if !strings.Contains(marko.status.message.Text, "Received 1 change from the team") {
		t.Errorf("Marko's status: %q", marko.status.message.Text)
	}

	// Marko renames a tag; Olha's palette and codebook follow.
	marko.afterCommand(marko.ws.RenameTag(diplomacy, "Diplomacy & talks"))
	syncWindow(t, marko)
	syncWindow(t, olha)
	if tg, _ := olha.codebook.Tag(diplomacy); tg.Name != "Diplomacy & talks" || olha.palette.NameLabel(diplomacy).Text != "Diplomacy & talks" {
		t.Fatalf("Olha's palette shows %q", olha.palette.NameLabel(diplomacy).Text)
	}

	// The dialog of an analyst: not the lead.
	marko.MenuItem("Team…").Action()
	if d := marko.Team(); !d.IsLinked() || !strings.Contains(d.Row("Project"), "you are an analyst") || !d.BlindCheck.Disabled() {
		t.Fatalf("Marko's dialog: %q, blind disabled %v", d.Row("Project"), d.BlindCheck.Disabled())
	}
}

// Blind coding in the window: each analyst's reader, list, library, counts, palette,
// search, export, Overview and Agreement tab leave the colleague's annotations out,
// until the lead reveals them from the dialog.
func TestTeamWindowBlindCoding(t *testing.T) {
	_, dsn := teamDesk(t)
	a := test.NewTempApp(t)
	olha := deskWindow(t, a, "Olha")
	createProject(t, olha, dsn, "blind-desk", true)
	marko := joinProject(t, a, dsn, "blind-desk", "Marko")
	const title, quote = "security guarantees", "security guarantees"
	mine := annotateInWindow(t, olha, title, quote, "Diplomacy")
	olha.afterCommand(olha.ws.SetAnnotationNote(mine.ID, "Olha's reading of the guarantees"))
	theirs := annotateInWindow(t, marko, title, quote, "Diplomacy")
	marko.afterCommand(marko.ws.SetAnnotationNote(theirs.ID, "Marko's reading of the guarantees"))
	syncWindow(t, olha)
	syncWindow(t, marko)
	syncWindow(t, olha)
	if _, err := olha.ws.Annotation(theirs.ID); err != nil {
		t.Fatalf("Marko's annotation did not reach Olha's store: %v", err)
	}
	_, stored := olha.ws.Counts()

	check := func(wb *Workbench, own, other annotate.Annotation, blind bool) {
		t.Helper()
		who := wb.ws.Author()
		if listed, drawn := slices.Contains(wb.notes.IDs(), other.ID), slices.Contains(highlightIDs(wb), other.ID); listed == blind || drawn == blind {
			t.Errorf("%s's list shows the colleague's annotation: %v, the reader draws it: %v (blind %v)", who, listed, drawn, blind)
		}
		if !slices.Contains(wb.notes.IDs(), own.ID) {
			t.Errorf("%s's own annotation is not listed", who)
		}
		_, shown := wb.ws.VisibleCounts()
		if blind == (shown == stored) || !strings.Contains(wb.status.counts.Text, fmt.Sprintf("· %d annotation", shown)) {
			t.Errorf("%s's counts: %d shown of %d stored, status %q", who, shown, stored, wb.status.counts.Text)
		}
		for _, s := range wb.library.All() {
			if s.ID == own.ArticleID {
				anns, _ := wb.ws.Annotations(s.ID)
				if want := len(annotate.Visibility{Coder: wb.ws.Visibility().Coder, Blind: blind}.Filter(anns)); s.Annotations != want {
					t.Errorf("%s's library counts %d on the article, want %d", who, s.Annotations, want)
				}
			}
		}
		tag := own.TagIDs[0]
		all, _ := wb.ws.TagUsage()
		if wb.usage[tag].Annotations+1 != all[tag].Annotations && blind || wb.usage[tag] != all[tag] && !blind {
			t.Errorf("%s's palette counts %+v of the tag (all: %+v)", who, wb.usage[tag], all[tag])
		}
		searchFor(t, wb, "reading guarantees")
		found := annotationHits(wb)
		if want := map[bool]int{true: 1, false: 2}[blind]; len(found) != want || !slices.Contains(found, own.ID) {
			t.Errorf("%s's search finds %v, want %d annotations", who, found, want)
		}
		scopes, _ := wb.exportScopes()
		sel, err := scopes[0].Selection()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := exchange.Export(wb.ws, sel, exchange.GlossJSON, &out, exchange.Options{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), other.ID) == blind || !strings.Contains(out.String(), own.ID) {
			t.Errorf("%s's export holds the colleague's annotation: %v (blind %v)", who, strings.Contains(out.String(), other.ID), blind)
		}
		if (wb.exchangeHost().ExportNote != "") != blind {
			t.Errorf("%s's export dialog note: %q", who, wb.exchangeHost().ExportNote)
		}
		wb.overview.SelectTab("Tag frequency")
		wb.ShowOverview() // it counts the annotations the search finds
		if r := wb.overview.Report(); r == nil || r.Annotations != len(found) {
			t.Errorf("%s's Overview counts %d, want %d", who, r.Annotations, len(found))
		}
		wb.ShowAgreement()
		panelShown := wb.agreementPanel.Object().Visible()
		if panelShown == blind {
			t.Errorf("%s's Agreement tab shows the measures: %v while blind %v", who, panelShown, blind)
		}
		wb.showReader()
		openByTitle(t, wb, title)
	}
	check(olha, mine, theirs, true)
	check(marko, theirs, mine, true)

	// The lead reveals: her views follow at once, Marko's at his next sync.
	olha.MenuItem("Team…").Action()
	if olha.Team().BlindCheck.Disabled() || !olha.Team().BlindCheck.Checked {
		t.Fatal("the lead cannot switch blind coding off")
	}
	test.Tap(olha.Team().BlindCheck)
	if p := olha.Team().Problem(); p != "" {
		t.Fatal(p)
	}
	olha.Team().Hide()
	if !strings.Contains(olha.status.message.Text, "revealed everyone's annotations") {
		t.Errorf("Olha's status after revealing: %q", olha.status.message.Text)
	}
	check(olha, mine, theirs, false)
	syncWindow(t, marko)
	check(marko, theirs, mine, false)
}

// annotationHits are the ids of the annotations among the search panel's hits.
func annotationHits(wb *Workbench) []string {
	var ids []string
	for _, h := range wb.searchView.Hits() {
		if h.Kind == search.KindAnnotation {
			ids = append(ids, h.ID)
		}
	}
	return ids
}

// Conflicts reach the status bar and the dialog; an undo that kept a colleague's change
// says so in full; a refused login asks for the password (once, until the analyst syncs
// by hand); offline the indicator says why and what waits; leaving warns about it.
func TestTeamWindowConflictsPasswordOfflineAndLeave(t *testing.T) {
	c, dsn := teamDesk(t)
	a := test.NewTempApp(t)
	olha := deskWindow(t, a, "Olha")
	createProject(t, olha, dsn, "geneva", false)
	marko := joinProject(t, a, dsn, "geneva", "Marko")
	const title, quote = "security guarantees", "security guarantees"
	ann := annotateInWindow(t, olha, title, quote, "Diplomacy")
	syncWindow(t, olha)
	syncWindow(t, marko)

	// Both edit the note at the same time: the later edit wins on every desk, and the
	// sync that meets the earlier one says so.
	olha.afterCommand(olha.ws.SetAnnotationNote(ann.ID, "confirmed by the operator"))
	marko.afterCommand(marko.ws.SetAnnotationNote(ann.ID, "two or three substations?"))
	syncWindow(t, olha)
	syncWindow(t, marko)
	for _, wb := range []*Workbench{marko, olha} {
		if wb == olha {
			syncWindow(t, olha)
		}
		msg := wb.status.message.Text
		if !strings.Contains(msg, "Team sync: conflict — annotation 'security guarantees': Marko's note (\"two or three substations?\") was kept; Olha's") {
			t.Errorf("%s's status after the conflict: %q", wb.ws.Author(), msg)
		}
		wb.MenuItem("Team…").Action()
		if got := wb.Team().Conflicts(); len(got) == 0 || !strings.Contains(got[0], "Marko's note") {
			t.Errorf("%s's dialog lists %q", wb.ws.Author(), got)
		}
		wb.Team().Hide()
	}

	// Olha edits the note again; Marko, having received it, edits after her; Olha's undo
	// of her own edit keeps Marko's note and says so in full.
	olha.afterCommand(olha.ws.SetAnnotationNote(ann.ID, "Olha's second reading"))
	syncWindow(t, olha)
	syncWindow(t, marko)
	marko.afterCommand(marko.ws.SetAnnotationNote(ann.ID, "Marko's answer"))
	syncWindow(t, marko)
	syncWindow(t, olha)
	olha.Undo()
	if !strings.HasPrefix(olha.status.message.Text, "Undid your own step: ") || olha.stepNotice == nil ||
		!strings.Contains(olha.stepNotice.Text, "• Kept Marko's note on annotation 'security guarantees'") || strings.Contains(olha.stepNotice.Text, "modified") {
		t.Fatalf("the undo: status %q, notice %+v", olha.status.message.Text, olha.stepNotice)
	}
	if a, _ := olha.ws.Annotation(ann.ID); a.Note != "Marko's answer" {
		t.Fatalf("the undo replaced Marko's note: %q", a.Note)
	}

	// The server asks for a password the engine does not have: one prompt.
	s := marko.currentSyncer()
	s.SetPassword("wrong")
	s.Close() // the open connection is dropped: the next sync logs in again
	test.Tap(marko.teamIndicator)
	if ind := marko.teamIndicator.Shown(); ind.Text != "Offline: password refused" || marko.passwordPrompt == nil || !marko.askingPassword {
		t.Fatalf("a refused login: %+v, prompt %v", ind, marko.passwordPrompt != nil)
	}
	first := marko.passwordPrompt
	first.Dialog.Hide() // "Not now"
	marko.passwordDeclined = true
	marko.askingPassword = false
	marko.teamReport(s, team.Report{}, errRefused(t, s)) // the next periodic sync fails the same way
	if marko.passwordPrompt != first {
		t.Fatal("declined, the prompt came back by itself")
	}
	test.Tap(marko.teamIndicator) // a sync by hand asks again
	if marko.passwordPrompt == first {
		t.Fatal("a sync by hand did not ask for the password again")
	}
	test.Type(marko.passwordPrompt.Entry, "lead-pw")
	marko.passwordPrompt.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ind := marko.teamIndicator.Shown(); ind.Kind != teamui.UpToDate {
		t.Fatalf("after the password: %+v", ind)
	}

	// Offline: the indicator says why and what waits; nothing is lost.
	if err := c.StopServer(false); err != nil {
		t.Fatal(err)
	}
	annotateInWindow(t, olha, title, "guarantees", "Diplomacy")
	test.Tap(olha.teamIndicator)
	ind := olha.teamIndicator.Shown()
	if ind.Kind != teamui.Offline || !strings.HasPrefix(ind.Text, "Offline: ") || !strings.HasSuffix(ind.Text, "· 1 waiting") ||
		!strings.Contains(ind.Detail, "nothing is lost: 1 change waits for the next sync") {
		t.Fatalf("offline: %+v", ind)
	}
	if !strings.HasPrefix(olha.status.message.Text, "⚠ Team sync: the team server (desk on 127.0.0.1:") {
		t.Errorf("offline status: %q", olha.status.message.Text)
	}
	// Leaving warns about the change not sent; sending first fails while offline, and
	// Olha stays in the project.
	olha.MenuItem("Team…").Action()
	d := olha.Team()
	test.Tap(d.Leave)
	text, buttons := d.LeaveConfirmation()
	if !strings.Contains(text, "1 change made here since the last sync has not been sent") {
		t.Fatalf("leave confirmation: %q", text)
	}
	test.Tap(buttons["Send them, then leave"])
	if !strings.Contains(d.Problem(), "You are still in the project") || olha.currentSyncer() == nil {
		t.Fatalf("send-then-leave offline: %q", d.Problem())
	}
	if err := c.StartServer(); err != nil {
		t.Fatal(err)
	}
	test.Tap(d.Leave)
	_, buttons = d.LeaveConfirmation()
	test.Tap(buttons["Send them, then leave"])
	if d.IsLinked() || olha.currentSyncer() != nil || olha.teamIndicator.Visible() || olha.ws.Linked() {
		t.Fatalf("after leaving: dialog linked %v, problem %q", d.IsLinked(), d.Problem())
	}
	if !strings.Contains(olha.status.message.Text, "Left team project geneva; this workspace keeps everything") {
		t.Errorf("status after leaving: %q", olha.status.message.Text)
	}
	// Marko's window says when the server is back after a failure.
	if err := c.StopServer(false); err != nil {
		t.Fatal(err)
	}
	test.Tap(marko.teamIndicator)
	if !strings.HasPrefix(marko.status.message.Text, "⚠ Team sync: ") {
		t.Fatalf("Marko offline: %q", marko.status.message.Text)
	}
	if err := c.StartServer(); err != nil {
		t.Fatal(err)
	}
	// Marko received what Olha sent before leaving.
	syncWindow(t, marko)
	if msg := marko.status.message.Text; msg != "Received 1 change from the team" && !strings.HasPrefix(msg, "In touch with the team server again") {
		t.Errorf("Marko back online: %q", msg)
	}
	mine, _ := olha.ws.Annotations(ann.ArticleID)
	his, _ := marko.ws.Annotations(ann.ArticleID)
	if len(mine) != len(his) {
		t.Errorf("Marko has %d annotations on the article, Olha %d", len(his), len(mine))
	}
}

// errRefused is the error a sync with a wrong password gives.
func errRefused(t *testing.T, s *team.Syncer) error {
	t.Helper()
	_, err := s.Sync(context.Background())
	if !errors.Is(err, team.ErrLogin) {
		t.Fatalf("want a refused login, got %v", err)
	}
	return err
}

// `gloss team create`, `set blind` and `leave` typed while the window serves the
// workspace start and stop the window's engine, and the views follow.
func TestTeamCommandsThroughTheWindow(t *testing.T) {
	_, dsn := teamDesk(t)
	t.Setenv("PGPASSWORD", "lead-pw")
	s := serveWorkbench(t, filepath.Join(t.TempDir(), "ws"))
	cwd := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		code, out, errs := gloss(t, cwd, "", append([]string{"--workspace", s.dir}, args...)...)
		if code != 0 {
			t.Fatalf("gloss %v: %d %s %s", args, code, out, errs)
		}
		return out
	}
	run("team", "create", dsn, "--project", "desk")
	if s.wb.currentSyncer() == nil || !s.wb.teamIndicator.Visible() || !strings.HasPrefix(s.wb.teamIndicator.Text(), "desk: ") {
		t.Fatalf("after gloss team create the window has no engine (indicator %q)", s.wb.teamIndicator.Text())
	}
	run("team", "set", "blind", "on")
	if !s.wb.teamBlind || !strings.HasPrefix(s.wb.teamIndicator.Text(), "desk (blind): ") {
		t.Fatalf("after gloss team set blind on: %q", s.wb.teamIndicator.Text())
	}
	run("team", "leave")
	if s.wb.currentSyncer() != nil || s.wb.teamIndicator.Visible() || s.wb.teamBlind {
		t.Fatal("after gloss team leave the window still syncs")
	}
}

// The window host shows a joined workspace in a new window that serves it, and closes
// the old window and workspace (which another process can then open).
func TestJoinedWorkspaceReplacesTheWindow(t *testing.T) {
	a := newSerialApp(t)
	dirs := []string{filepath.Join(t.TempDir(), "mine"), filepath.Join(t.TempDir(), "joined")}
	var wss []*annotate.Workspace
	for _, d := range dirs {
		ws, err := OpenWorkspace(d)
		if err != nil {
			t.Fatal(err)
		}
		wss = append(wss, ws)
	}
	h := &windowSessions{app: a}
	var err error
	onUI(func() { err = h.open(wss[0]) })
	if err != nil {
		t.Fatal(err)
	}
	first := h.cur
	first.wb.WaitBackground()
	closeAtEnd(t, h)
	if first.wb.OpenWorkspace == nil {
		t.Fatal("the host does not let a join switch the window")
	}
	fyne.DoAndWait(func() { first.wb.OpenWorkspace(wss[1], "Joined team project p: received 3 changes") })
	h.cur.wb.run.Wait()
	var status string
	onUI(func() { status = h.cur.wb.status.message.Text })
	if h.cur == first || h.cur.wb.ws != wss[1] || status != "Joined team project p: received 3 changes" {
		t.Fatalf("the window did not switch: %s", h.cur.wb.ws.Dir())
	}
	if st, err := windowState(dirs[1]); err != nil || st.Workspace != wss[1].Dir() {
		t.Fatalf("the new window does not serve the joined workspace: %+v %v", st, err)
	}
	waitFor(t, 30*time.Second, "the old workspace to be closed", func() bool {
		ws, err := annotate.Open(dirs[0], annotate.Options{})
		if err == nil {
			ws.Close()
		}
		return err == nil
	})
}
