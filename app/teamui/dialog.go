package teamui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate/team"
	"gloss.app/gloss/app/uikit"
)

// Actions are what the Team dialog asks the window to do. Each runs its work off the UI
// goroutine and reports back through the Dialog (Busy, Failed, ShowLinked, ShowUnlinked).
type Actions struct {
	Create   func(CreateRequest)
	Join     func(JoinRequest)
	SyncNow  func()
	SetBlind func(on bool)
	Leave    func(sendFirst bool)
}

// CreateRequest makes a project from the window's workspace.
type CreateRequest struct {
	Server, Password, Project string
	Blind                     bool
}

// JoinRequest receives a project into a new workspace in Folder.
type JoinRequest struct {
	Server, Password, Project, Folder string
}

// Workspace is what the dialog says of a workspace that is in no project.
type Workspace struct {
	Dir                   string
	Articles, Annotations int
}

// Linked is what the dialog shows of a workspace in a project.
type Linked struct {
	Status    team.Status
	Conflicts []team.ConflictReport // newest first
}

// Mode choices of a workspace in no project.
const (
	ModeCreate = "Create a project from this workspace"
	ModeJoin   = "Join a colleague's project"
)

// Dialog is File → Team….
type Dialog struct {
	win  fyne.Window
	acts Actions
	now  func() time.Time

	dlg     *dialog.CustomDialog
	face    *fyne.Container // the form or the status
	shown   bool
	linked  bool
	busy    *widget.ProgressBarInfinite
	busyBox fyne.CanvasObject
	note    *widget.Label // what is running
	problem *widget.Label

	// A workspace in no project: create or join.
	Mode         *widget.RadioGroup
	Server       *widget.Entry
	Password     *widget.Entry
	Project      *widget.Entry
	Blind        *widget.Check
	Folder       *widget.Entry
	Submit       *widget.Button
	folderRow    [2]fyne.CanvasObject
	blindRow     [2]fyne.CanvasObject
	explain      *widget.Label
	ws           Workspace
	folderEdited bool
	form         fyne.CanvasObject

	// A linked workspace: its status.
	state      Linked
	rows       map[string]*widget.Label
	syncDot    *canvas.Circle
	BlindCheck *widget.Check
	blindWhy   *widget.Label
	conflicts  *fyne.Container
	SyncNow    *widget.Button
	Leave      *widget.Button
	status     fyne.CanvasObject
	settingUI  bool // the blind check is being set to the status, not by a click
	// leaveText and leaveButtons are the open leave confirmation's (tests).
	leaveText    string
	leaveButtons map[string]*widget.Button
}

// New makes the dialog for the window (shown by ShowUnlinked or ShowLinked).
func New(win fyne.Window, acts Actions) *Dialog {
	d := &Dialog{win: win, acts: acts, now: time.Now}
	d.busy = widget.NewProgressBarInfinite()
	d.busy.Stop()
	d.note = widget.NewLabel("")
	d.note.Wrapping = fyne.TextWrapWord
	d.busyBox = container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(120, 20), d.busy), d.note)
	d.busyBox.Hide()
	d.problem = widget.NewLabel("")
	d.problem.Importance = widget.DangerImportance
	d.problem.Wrapping = fyne.TextWrapWord
	d.problem.Hide()
	d.face = container.NewStack()
	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(600, 0))
	content := container.NewVBox(width, d.face, d.busyBox, d.problem)
	d.dlg = dialog.NewCustomWithoutButtons("Team project", content, win)
	d.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton("Close", d.Hide)})
	d.dlg.SetOnClosed(func() { d.shown = false })
	d.buildForm()
	d.buildStatus()
	return d
}

// Visible reports whether the dialog is on screen.
func (d *Dialog) Visible() bool { return d.shown }

// Linked reports whether the dialog shows a linked workspace's status.
func (d *Dialog) IsLinked() bool { return d.linked }

// Hide closes the dialog.
func (d *Dialog) Hide() {
	if d.shown {
		d.dlg.Hide()
	}
	d.shown = false
}

func (d *Dialog) show(face fyne.CanvasObject, linked bool) {
	d.linked = linked
	d.face.Objects = []fyne.CanvasObject{face}
	d.face.Refresh()
	d.idle()
	d.problem.Hide()
	if !d.shown {
		d.shown = true
		d.dlg.Show()
	}
	d.dlg.Resize(fyne.NewSize(660, d.dlg.MinSize().Height))
}

// Busy shows that the asked work runs, in words; the dialog's buttons wait.
func (d *Dialog) Busy(msg string) {
	d.problem.Hide()
	d.note.SetText(msg)
	d.busyBox.Show()
	d.busy.Start()
	for _, b := range []*widget.Button{d.Submit, d.SyncNow, d.Leave} {
		b.Disable()
	}
	d.BlindCheck.Disable()
}

// Failed ends Busy with why the work failed (a sentence).
func (d *Dialog) Failed(msg string) {
	d.idle()
	d.problem.SetText("⚠ " + capitalise(msg))
	d.problem.Show()
}

// Problem is the failure shown ("" none).
func (d *Dialog) Problem() string {
	if !d.problem.Visible() {
		return ""
	}
	return d.problem.Text
}

// Note is the running work's words ("" when nothing runs).
func (d *Dialog) Note() string {
	if !d.busyBox.Visible() {
		return ""
	}
	return d.note.Text
}

func (d *Dialog) idle() {
	d.busy.Stop()
	d.busyBox.Hide()
	d.Submit.Enable()
	d.SyncNow.Enable()
	d.Leave.Enable()
	d.enableBlind()
}

// --- A workspace in no project -------------------------------------------------------

func (d *Dialog) buildForm() {
	intro := widget.NewLabel("This workspace is not in a team project. A team project shares articles, annotations, " +
		"notes and the codebook with colleagues through the desk's PostgreSQL server; every change is kept here too, " +
		"so you can work offline and sync later.")
	intro.Wrapping = fyne.TextWrapWord
	d.Mode = widget.NewRadioGroup([]string{ModeCreate, ModeJoin}, func(string) { d.modeChanged() })
	d.Mode.Required = true
	d.Server = widget.NewEntry()
	d.Server.SetPlaceHolder("postgres://you@db.desk.example/gloss?sslmode=verify-full")
	d.Password = widget.NewPasswordEntry()
	d.Password.SetPlaceHolder("not needed with ~/.pgpass or PGPASSWORD; never stored")
	d.Project = widget.NewEntry()
	d.Project.SetPlaceHolder("kharkiv-energy")
	d.Project.OnChanged = func(string) { d.suggestFolder() }
	d.Blind = widget.NewCheck("Code blind: each analyst sees only their own annotations until you reveal them", nil)
	d.Folder = widget.NewEntry()
	d.Folder.OnChanged = func(string) { d.folderEdited = true }
	choose := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), d.chooseFolder)
	for _, e := range []*widget.Entry{d.Server, d.Password, d.Project, d.Folder} {
		e.OnSubmitted = func(string) { d.submit() }
	}
	label := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	d.blindRow = [2]fyne.CanvasObject{label(""), d.Blind}
	d.folderRow = [2]fyne.CanvasObject{label("New folder"), container.NewBorder(nil, nil, nil, choose, d.Folder)}
	fields := container.New(layout.NewFormLayout(),
		label("Server"), d.Server,
		label("Password"), d.Password,
		label("Project"), d.Project,
		d.blindRow[0], d.blindRow[1],
		d.folderRow[0], d.folderRow[1])
	d.explain = widget.NewLabel("")
	d.explain.Wrapping = fyne.TextWrapWord
	d.Submit = widget.NewButtonWithIcon("Create project", theme.ConfirmIcon(), d.submit)
	d.Submit.Importance = widget.HighImportance
	d.form = container.NewVBox(intro, d.Mode, fields, d.explain, container.NewHBox(layout.NewSpacer(), d.Submit))
	d.Mode.SetSelected(ModeCreate)
}

// ShowUnlinked shows the form that creates or joins a project.
func (d *Dialog) ShowUnlinked(ws Workspace) {
	d.ws = ws
	d.modeChanged()
	d.show(d.form, false)
	d.win.Canvas().Focus(d.Server)
}

func (d *Dialog) joining() bool { return d.Mode.Selected == ModeJoin }

func (d *Dialog) modeChanged() {
	if d.Submit == nil {
		return // still being built
	}
	join := d.joining()
	for _, o := range d.folderRow {
		setShown(o, join)
	}
	for _, o := range d.blindRow {
		setShown(o, !join)
	}
	if join {
		d.Submit.SetText("Join project")
		d.explain.SetText("The project is received into a new workspace in that folder, and this window then opens it. " +
			"This workspace stays as it is.")
		d.suggestFolder()
	} else {
		d.Submit.SetText("Create project")
		d.explain.SetText(fmt.Sprintf("The project starts with this workspace's %s and %s and its codebook, and you lead it: "+
			"colleagues join it from their own Gloss.", count(d.ws.Articles, "article"), count(d.ws.Annotations, "annotation")))
	}
	d.form.Refresh()
	if d.shown && !d.linked {
		d.dlg.Resize(fyne.NewSize(660, d.dlg.MinSize().Height))
	}
}

// suggestFolder fills the join folder in from the project's name until the analyst
// edits it.
func (d *Dialog) suggestFolder() {
	if d.folderEdited && d.Folder.Text != "" || d.ws.Dir == "" || !d.joining() {
		return
	}
	d.Folder.SetText(SuggestFolder(d.ws.Dir, d.Project.Text))
	d.folderEdited = false
}

func (d *Dialog) chooseFolder() {
	fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		path := dir.Path()
		if CheckFolder(path) != nil {
			// A folder with things in it is where the new one goes.
			path = SuggestFolder(filepath.Join(path, "x"), d.Project.Text)
		}
		d.Folder.SetText(path)
		d.folderEdited = true
	}, d.win)
	fd.Resize(fyne.NewSize(800, 560))
	fd.Show()
}

// submit checks the form and asks the window to create or join.
func (d *Dialog) submit() {
	server := strings.TrimSpace(d.Server.Text)
	project := strings.TrimSpace(d.Project.Text)
	switch {
	case server == "":
		d.Failed("give the team server's address: a PostgreSQL URL (postgres://you@db.desk.example/gloss) or key=value string (host=… dbname=… user=…)")
		return
	case project == "":
		d.Failed("name the project (colleagues join it by this name)")
		return
	}
	if _, err := team.ParseDSN(WithPassword(server, d.Password.Text)); err != nil {
		d.Failed(err.Error())
		return
	}
	if d.joining() {
		folder := strings.TrimSpace(d.Folder.Text)
		if err := CheckFolder(folder); err != nil {
			d.Failed(err.Error())
			return
		}
		d.acts.Join(JoinRequest{Server: server, Password: d.Password.Text, Project: project, Folder: folder})
		return
	}
	d.acts.Create(CreateRequest{Server: server, Password: d.Password.Text, Project: project, Blind: d.Blind.Checked})
}

// --- A linked workspace --------------------------------------------------------------

// statusRows are the rows of a linked workspace's status, in order.
var statusRows = []string{"Project", "Server", "You", "Sync", "Last sync", "Not sent"}

func (d *Dialog) buildStatus() {
	d.rows = map[string]*widget.Label{}
	grid := container.New(layout.NewFormLayout())
	for _, name := range statusRows {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		d.rows[name] = l
		var value fyne.CanvasObject = l
		if name == "Sync" {
			d.syncDot = canvas.NewCircle(theme.Color(theme.ColorNameDisabled))
			dot := container.NewCenter(container.NewGridWrap(fyne.NewSize(dotSize, dotSize), d.syncDot))
			value = container.NewBorder(nil, nil, dot, nil, l)
		}
		grid.Add(widget.NewLabelWithStyle(name, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(value)
	}
	d.BlindCheck = widget.NewCheck("Blind coding: each analyst sees only their own annotations", func(on bool) {
		if !d.settingUI {
			d.acts.SetBlind(on)
		}
	})
	d.blindWhy = widget.NewLabel("")
	d.blindWhy.SizeName = theme.SizeNameCaptionText
	d.blindWhy.Wrapping = fyne.TextWrapWord
	grid.Add(widget.NewLabelWithStyle("Blind", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	grid.Add(container.NewVBox(d.BlindCheck, d.blindWhy))
	d.conflicts = container.NewVBox()
	scroll := container.NewVScroll(d.conflicts)
	scroll.SetMinSize(fyne.NewSize(0, 150))
	d.SyncNow = widget.NewButtonWithIcon("Sync now", theme.ViewRefreshIcon(), func() {
		if d.acts.SyncNow != nil {
			d.acts.SyncNow()
		}
	})
	d.Leave = widget.NewButtonWithIcon("Leave project…", theme.LogoutIcon(), d.confirmLeave)
	d.status = container.NewVBox(grid, widget.NewSeparator(), uikit.SectionTitle("Recent conflicts"), scroll,
		container.NewHBox(d.SyncNow, layout.NewSpacer(), d.Leave))
}

// ShowLinked shows a linked workspace's status.
func (d *Dialog) ShowLinked(l Linked) {
	d.Update(l)
	d.show(d.status, true)
}

// Update shows the status anew (while the dialog shows it).
func (d *Dialog) Update(l Linked) {
	d.state = l
	st := l.Status
	lead := "you are an analyst in it"
	if st.Lead {
		lead = "you lead it"
	}
	d.rows["Project"].SetText(fmt.Sprintf("%s — %s", st.Project, lead))
	d.rows["Server"].SetText(st.Server)
	d.rows["You"].SetText(fmt.Sprintf("%s (coder %s)", st.CoderName, cut(st.Coder, 9)))
	ind := Describe(st, d.now())
	d.rows["Sync"].SetText(ind.Detail)
	d.syncDot.FillColor = DotColor(ind.Kind)
	d.syncDot.Refresh()
	last := "never"
	if !st.LastSync.IsZero() {
		last = Clock(st.LastSync, d.now())
	}
	pos := fmt.Sprintf("%s · position %d", last, st.Position)
	if st.Head > 0 {
		pos += fmt.Sprintf(" of %d", max(st.Head, st.Position))
	}
	d.rows["Last sync"].SetText(pos)
	if st.Pending == 0 {
		d.rows["Not sent"].SetText("nothing: every change made here is on the server")
	} else {
		d.rows["Not sent"].SetText(count(st.Pending, "local change") + " not sent yet")
	}
	d.settingUI = true
	d.BlindCheck.SetChecked(st.Blind)
	d.settingUI = false
	d.enableBlind()
	d.conflicts.Objects = nil
	if len(l.Conflicts) == 0 {
		none := widget.NewLabel("None: no sync has met a colleague's change of the same thing made at the same time.")
		none.Wrapping = fyne.TextWrapWord
		d.conflicts.Add(none)
	}
	for _, c := range l.Conflicts {
		row := widget.NewLabel("• " + c.Text)
		row.Wrapping = fyne.TextWrapWord
		d.conflicts.Add(row)
	}
	d.conflicts.Refresh()
}

// enableBlind lets only the lead change blind coding, and says why to the others.
func (d *Dialog) enableBlind() {
	if d.BlindCheck == nil {
		return
	}
	if d.state.Status.Lead {
		d.BlindCheck.Enable()
		d.blindWhy.SetText("You lead the project: colleagues' windows follow at their next sync.")
		return
	}
	d.BlindCheck.Disable()
	d.blindWhy.SetText("Only the project's lead can change this (it decides what every analyst is shown).")
}

// Row is the text of a status row (tests).
func (d *Dialog) Row(name string) string { return d.rows[name].Text }

// Conflicts are the conflict lines shown (tests).
func (d *Dialog) Conflicts() []string {
	var out []string
	for _, o := range d.conflicts.Objects {
		out = append(out, o.(*widget.Label).Text)
	}
	return out
}

// confirmLeave asks before leaving, and warns about changes not sent yet.
func (d *Dialog) confirmLeave() {
	st := d.state.Status
	text := fmt.Sprintf("Leave the team project %s? This workspace keeps every article, annotation and the codebook; "+
		"it no longer sends or receives changes.", st.Project)
	if st.Pending > 0 {
		text += fmt.Sprintf("\n\n⚠ %s made here since the last sync %s not been sent to the team: they stay only in this workspace.",
			capitalise(count(st.Pending, "change")), map[bool]string{true: "has", false: "have"}[st.Pending == 1])
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	var c *dialog.CustomDialog
	leave := func(send bool) func() {
		return func() {
			c.Hide()
			d.acts.Leave(send)
		}
	}
	cancel := widget.NewButton("Cancel", func() { c.Hide() })
	buttons := []fyne.CanvasObject{cancel}
	if st.Pending > 0 {
		send := widget.NewButton("Send them, then leave", leave(true))
		send.Importance = widget.HighImportance
		buttons = append(buttons, widget.NewButton("Leave without sending", leave(false)), send)
	} else {
		ok := widget.NewButton("Leave", leave(false))
		ok.Importance = widget.HighImportance
		buttons = append(buttons, ok)
	}
	c = dialog.NewCustomWithoutButtons("Leave the team project", msg, d.win)
	c.SetButtons(buttons)
	c.Resize(fyne.NewSize(520, c.MinSize().Height))
	c.Show()
	d.leaveText = text
	d.leaveButtons = map[string]*widget.Button{}
	for _, b := range buttons {
		d.leaveButtons[b.(*widget.Button).Text] = b.(*widget.Button)
	}
}

// LeaveConfirmation is the last leave confirmation's text and buttons (tests).
func (d *Dialog) LeaveConfirmation() (string, map[string]*widget.Button) {
	return d.leaveText, d.leaveButtons
}

func setShown(o fyne.CanvasObject, shown bool) {
	if shown {
		o.Show()
	} else {
		o.Hide()
	}
}
