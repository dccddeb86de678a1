package teamui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate/team"
)

// recorder is the window's side of the dialog: it records what was asked.
type recorder struct {
	creates []CreateRequest
	joins   []JoinRequest
	syncs   int
	blind   []bool
	leaves  []bool
}

func (r *recorder) actions() Actions {
	return Actions{
		Create:   func(c CreateRequest) { r.creates = append(r.creates, c) },
		Join:     func(j JoinRequest) { r.joins = append(r.joins, j) },
		SyncNow:  func() { r.syncs++ },
		SetBlind: func(on bool) { r.blind = append(r.blind, on) },
		Leave:    func(send bool) { r.leaves = append(r.leaves, send) },
	}
}

func newDialog(t *testing.T) (*Dialog, *recorder, fyne.Window) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("the workbench"))
	w.Resize(fyne.NewSize(1000, 800))
	r := &recorder{}
	return New(w, r.actions()), r, w
}

func TestUnlinkedFormCreatesOrJoins(t *testing.T) {
	d, r, _ := newDialog(t)
	base := t.TempDir()
	mine := filepath.Join(base, "mine")
	d.ShowUnlinked(Workspace{Dir: mine, Articles: 3, Annotations: 12})
	if !d.Visible() || d.IsLinked() {
		t.Fatal("the form is not shown")
	}
	if !d.Blind.Visible() || d.folderRow[1].Visible() || !strings.Contains(d.explain.Text, "3 articles and 12 annotations") {
		t.Fatalf("create mode: blind %v folder %v, %q", d.Blind.Visible(), d.folderRow[1].Visible(), d.explain.Text)
	}
	// Nothing is asked of the window until the form makes sense.
	test.Tap(d.Submit)
	if !strings.Contains(d.Problem(), "Give the team server's address") || len(r.creates) > 0 {
		t.Fatalf("empty server: %q, %d creates", d.Problem(), len(r.creates))
	}
	test.Type(d.Server, "postgres://olha@db.desk.example/gloss")
	test.Tap(d.Submit)
	if !strings.Contains(d.Problem(), "Name the project") {
		t.Fatalf("no project: %q", d.Problem())
	}
	d.Server.SetText("host=db port=notaport")
	test.Type(d.Project, "geneva")
	test.Tap(d.Submit)
	if !strings.Contains(d.Problem(), "is not a PostgreSQL URL") || len(r.creates) > 0 {
		t.Fatalf("a bad address: %q", d.Problem())
	}
	d.Server.SetText("postgres://olha@db.desk.example/gloss")
	test.Type(d.Password, "pw")
	d.Blind.SetChecked(true)
	test.Tap(d.Submit)
	if len(r.creates) != 1 || r.creates[0] != (CreateRequest{Server: "postgres://olha@db.desk.example/gloss", Password: "pw", Project: "geneva", Blind: true}) {
		t.Fatalf("create asked %+v", r.creates)
	}
	d.Busy("Creating…")
	if d.Submit.Disabled() == false || d.Note() != "Creating…" {
		t.Fatal("busy: the button must wait")
	}
	d.Failed("the team server (gloss on db:5432 as olha) cannot be reached: connection refused")
	if d.Submit.Disabled() || !strings.HasPrefix(d.Problem(), "⚠ The team server") || d.Note() != "" {
		t.Fatalf("failed: %q", d.Problem())
	}

	// Join: a folder beside this workspace, named after the project, is suggested.
	d.Mode.SetSelected(ModeJoin)
	if d.Blind.Visible() || !d.folderRow[1].Visible() || d.Submit.Text != "Join project" {
		t.Fatal("join mode shows the wrong fields")
	}
	if want := filepath.Join(base, "geneva"); d.Folder.Text != want {
		t.Fatalf("suggested folder %q, want %q", d.Folder.Text, want)
	}
	os.MkdirAll(filepath.Join(base, "full"), 0o755)
	os.WriteFile(filepath.Join(base, "full", "notes.txt"), nil, 0o600)
	d.Folder.SetText(filepath.Join(base, "full"))
	test.Tap(d.Submit)
	if !strings.Contains(d.Problem(), "is not empty") || len(r.joins) > 0 {
		t.Fatalf("a full folder: %q", d.Problem())
	}
	// Typing the project again leaves the analyst's own folder alone.
	test.Type(d.Project, "-talks")
	if d.Folder.Text != filepath.Join(base, "full") {
		t.Fatalf("the analyst's folder was replaced by %q", d.Folder.Text)
	}
	d.Folder.SetText(filepath.Join(base, "new"))
	test.Tap(d.Submit)
	if len(r.joins) != 1 || r.joins[0].Folder != filepath.Join(base, "new") || r.joins[0].Project != "geneva-talks" || r.joins[0].Password != "pw" {
		t.Fatalf("join asked %+v", r.joins)
	}
}

func linkedStatus(lead bool, pending int) Linked {
	return Linked{Status: team.Status{
		Link: team.Link{Project: "geneva", Server: "postgres://olha@db/gloss", Coder: "1a2b3c4d-5e6f", CoderName: "Olha",
			Lead: lead, Blind: true, Position: 40, Pending: pending, LastSync: time.Now().Add(-time.Minute)},
		Online: true, Listening: true, Head: 42, CheckedAt: time.Now()},
		Conflicts: []team.ConflictReport{{Text: "tag 'Graft': Marko's name (\"Graft\") was kept; Olha's (\"Bribery\"), made at the same time, was not"}}}
}

func TestLinkedStatusBlindAndLeave(t *testing.T) {
	d, r, _ := newDialog(t)
	d.ShowLinked(linkedStatus(true, 0))
	for row, want := range map[string]string{"Project": "geneva — you lead it", "You": "Olha (coder 1a2b3c4d…)",
		"Sync": "Up to date with the team", "Last sync": "position 40 of 42", "Not sent": "nothing"} {
		if got := d.Row(row); !strings.Contains(got, want) {
			t.Errorf("row %s = %q, want %q", row, got, want)
		}
	}
	if c := d.Conflicts(); len(c) != 1 || !strings.Contains(c[0], "Marko's name") {
		t.Errorf("conflicts %q", c)
	}
	// Showing the setting does not change it; the lead's click does.
	if !d.BlindCheck.Checked || d.BlindCheck.Disabled() || len(r.blind) > 0 {
		t.Fatalf("lead: checked %v disabled %v, asked %v", d.BlindCheck.Checked, d.BlindCheck.Disabled(), r.blind)
	}
	test.Tap(d.BlindCheck)
	if len(r.blind) != 1 || r.blind[0] {
		t.Fatalf("the lead's click asked %v", r.blind)
	}
	test.Tap(d.SyncNow)
	if r.syncs != 1 {
		t.Fatal("Sync now did not ask")
	}
	// An analyst sees it greyed, and why.
	d.Update(linkedStatus(false, 0))
	if !d.BlindCheck.Disabled() || !strings.Contains(d.blindWhy.Text, "Only the project's lead") {
		t.Fatalf("analyst: disabled %v, %q", d.BlindCheck.Disabled(), d.blindWhy.Text)
	}
	d.Busy("Sending…")
	d.Failed("no")
	if !d.BlindCheck.Disabled() {
		t.Fatal("after a failure an analyst's blind switch came back on")
	}
	// Leaving with nothing waiting: one question.
	test.Tap(d.Leave)
	text, buttons := d.LeaveConfirmation()
	if strings.Contains(text, "not been sent") || buttons["Leave"] == nil || len(buttons) != 2 {
		t.Fatalf("leave with nothing pending: %q %v", text, buttons)
	}
	test.Tap(buttons["Leave"])
	// With changes waiting: a warning, and sending first is offered.
	d.Update(linkedStatus(false, 3))
	if !strings.Contains(d.Row("Not sent"), "3 local changes not sent yet") {
		t.Errorf("not sent: %q", d.Row("Not sent"))
	}
	test.Tap(d.Leave)
	text, buttons = d.LeaveConfirmation()
	if !strings.Contains(text, "3 changes made here since the last sync have not been sent") || buttons["Send them, then leave"] == nil {
		t.Fatalf("leave with 3 pending: %q %v", text, buttons)
	}
	test.Tap(buttons["Send them, then leave"])
	if len(r.leaves) != 2 || r.leaves[0] || !r.leaves[1] {
		t.Fatalf("leaves asked %v", r.leaves)
	}
}

func TestIndicator(t *testing.T) {
	test.NewTempApp(t)
	taps := 0
	ind := NewIndicator(func() { taps++ })
	w := test.NewTempWindow(t, ind)
	w.Resize(fyne.NewSize(400, 40))
	st := team.Status{Link: team.Link{Project: "a-very-long-project-name-for-the-desk", Pending: 2}, Online: true, CheckedAt: time.Now()}
	ind.Set(st.Project, true, Describe(st, time.Now()))
	if ind.Text() != "a-very-long-project-nam… (blind): 2 changes to send" || ind.Shown().Kind != Pending {
		t.Fatalf("shows %q (%v)", ind.Text(), ind.Shown().Kind)
	}
	if ind.MinSize().Width > 400 {
		t.Fatalf("the indicator wants %v wide", ind.MinSize().Width)
	}
	test.Tap(ind)
	if taps != 1 {
		t.Fatal("a click did not sync")
	}
}

func TestPasswordPromptAndStepNotice(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("behind"))
	w.Resize(fyne.NewSize(900, 700))
	var got []string
	p := AskPassword(w, "postgres://olha@db/gloss", "team server unreachable: the team server (gloss on db:5432 as olha) refused the login of olha (password authentication failed)",
		func(pw string, ok bool) {
			if ok {
				got = append(got, pw)
			} else {
				got = append(got, "declined")
			}
		})
	if w.Canvas().Focused() != p.Entry {
		t.Fatal("the password field does not have the keyboard")
	}
	test.Type(p.Entry, "s3cret")
	p.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	p2 := AskPassword(w, "x", "refused", func(pw string, ok bool) {
		if !ok {
			got = append(got, "declined")
		}
	})
	p2.Dialog.Hide()
	if strings.Join(got, ",") != "s3cret,declined" {
		t.Fatalf("answers %q", got)
	}

	if ShowStepNotes(w, "Undid your own step: Renamed tag") != nil {
		t.Fatal("a label without notes needs no notice")
	}
	n := ShowStepNotes(w, "Undid your own step: Edited note; kept Marko's note on annotation 'strikes on two substations'; 1 of your colleagues' annotations are hidden until what they depend on comes back")
	for _, want := range []string{"Undid your own step: Edited note.", "• Kept Marko's note on annotation 'strikes on two substations'", "• 1 of your colleagues' annotations are hidden"} {
		if n == nil || !strings.Contains(n.Text, want) {
			t.Fatalf("the notice lacks %q: %+v", want, n)
		}
	}
}

// Each state draws its dot in a colour of its own, and says it in words beside it.
func TestIndicatorDotColours(t *testing.T) {
	test.NewTempApp(t)
	ind := NewIndicator(nil)
	test.NewTempWindow(t, ind)
	seen := map[color.Color]Kind{}
	for _, k := range []Kind{Connecting, UpToDate, Syncing, Pending, Offline} {
		ind.Set("geneva", false, Indication{Kind: k, Text: fmt.Sprint("state ", k)})
		objs := test.WidgetRenderer(ind).Objects()
		dot, label := objs[1].(*canvas.Circle), objs[2].(*widget.Label)
		if dot.FillColor != DotColor(k) || label.Text != fmt.Sprint("geneva: state ", k) {
			t.Errorf("kind %v: dot %v (want %v), words %q", k, dot.FillColor, DotColor(k), label.Text)
		}
		if other, ok := seen[dot.FillColor]; ok {
			t.Errorf("kinds %v and %v draw the same dot", other, k)
		}
		seen[dot.FillColor] = k
	}
	if DotColor(Failed) != DotColor(Offline) {
		t.Error("a failed sync is not drawn as an error")
	}
}
