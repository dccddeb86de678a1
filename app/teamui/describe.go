// Package teamui is the window's part of team projects: the sync indicator of the status
// bar, the File → Team… dialog (create, join, status, blind coding, leave), the password
// prompt and the notice of an undo that kept colleagues' changes. It shows what it is
// handed (the engine's team.Status, the recent conflicts) and calls back with what the
// analyst asked for; the window runs the work (package team) off the UI goroutine.
package teamui

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gloss.app/gloss/annotate/team"
)

// Kind is the state the indicator's dot shows.
type Kind int

const (
	Connecting Kind = iota // no contact with the server yet
	UpToDate               // online, nothing waits to be sent
	Syncing                // a sync is running
	Pending                // online, local changes wait to be sent
	Offline                // the server cannot be reached (or refused the login)
	Failed                 // the server answered, but the sync failed
)

// Indication is what the indicator shows for a status.
type Indication struct {
	Kind   Kind
	Text   string // a few words for the status bar
	Detail string // the whole sentence (the Team dialog)
}

// Describe puts the engine's status into words.
func Describe(st team.Status, now time.Time) Indication {
	waiting := ""
	switch {
	case st.Pending == 1:
		waiting = "1 change waits for the next sync"
	case st.Pending > 1:
		waiting = fmt.Sprintf("%d changes wait for the next sync", st.Pending)
	}
	switch {
	case st.Syncing:
		return Indication{Kind: Syncing, Text: "Syncing…", Detail: "Sending this workspace's changes and receiving the team's."}
	case st.LastError != "" && !st.Online:
		ind := Indication{Kind: Offline, Text: "Offline: " + shortReason(st.LastError), Detail: capitalise(stripKind(st.LastError))}
		if waiting != "" {
			ind.Text += fmt.Sprintf(" · %d waiting", st.Pending)
			ind.Detail += "; nothing is lost: " + waiting
		} else {
			ind.Detail += "; nothing is lost"
		}
		return ind
	case st.LastError != "":
		return Indication{Kind: Failed, Text: "Sync failed", Detail: capitalise(stripKind(st.LastError))}
	case st.CheckedAt.IsZero():
		return Indication{Kind: Connecting, Text: "Connecting…", Detail: "Connecting to the team server."}
	case st.Pending > 0:
		return Indication{Kind: Pending, Text: count(st.Pending, "change") + " to send",
			Detail: capitalise(waiting) + "; it runs within seconds."}
	}
	when := "at " + Clock(st.CheckedAt, now)
	if st.Listening {
		return Indication{Kind: UpToDate, Text: "Up to date · live",
			Detail: "Up to date with the team " + when + "; colleagues' changes arrive as they are made."}
	}
	return Indication{Kind: UpToDate, Text: "Up to date",
		Detail: "Up to date with the team " + when + "; colleagues' changes arrive with the next sync, every few seconds."}
}

// shortReason is a few words of why the server is offline, for the status bar.
func shortReason(msg string) string {
	switch {
	case strings.Contains(msg, "refused the login"):
		return "password refused"
	case strings.Contains(msg, "no such database"):
		return "no such database"
	case strings.Contains(msg, "went away"):
		return "connection lost"
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 && len(msg)-i < 40 {
		return msg[i+2:]
	}
	return "server unavailable"
}

// stripKind leaves out the kind of failure the engine's errors start with.
func stripKind(msg string) string {
	for _, kind := range []error{team.ErrOffline, team.ErrBehind} {
		msg = strings.TrimPrefix(msg, kind.Error()+": ")
	}
	return msg
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Clock is a moment as the status says it: the time of day today, else with the date.
func Clock(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	if t.Year() == now.Year() {
		return t.Format("2 Jan 15:04")
	}
	return t.Format("2 Jan 2006 15:04")
}

// WithPassword puts a password typed in the window into a DSN for one connection (the
// engine stores the DSN without it). "" leaves the DSN as it is.
func WithPassword(dsn, password string) string {
	if password == "" {
		return dsn
	}
	s := strings.TrimSpace(dsn)
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		u, err := url.Parse(s)
		if err != nil {
			return dsn // the engine says what is wrong with it
		}
		user := ""
		if u.User != nil {
			user = u.User.Username()
		}
		u.User = url.UserPassword(user, password)
		if q := u.Query(); q.Has("password") {
			q.Del("password")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	// A later key of a key=value string overrides an earlier one.
	return s + " password='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(password) + "'"
}

// CheckFolder says why dir cannot receive a joined project: joining makes a new
// workspace, in a new folder or an empty one.
func CheckFolder(dir string) error {
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return fmt.Errorf("choose a folder for the new workspace")
	}
	if !filepath.IsAbs(dir) {
		return fmt.Errorf("give the new workspace's folder as a full path (%q is relative)", dir)
	}
	st, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("the folder %s cannot be used: %v", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("the folder %s cannot be read: %v", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: joining receives the project into a new workspace, in a new or empty folder", dir)
	}
	return nil
}

// SuggestFolder proposes a new folder for a joined project beside the workspace in
// beside: named after the project, with a number when that name is taken.
func SuggestFolder(beside, project string) string {
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == os.PathSeparator || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(project))
	if name == "" || name == "." || name == ".." {
		name = "team-project"
	}
	parent := filepath.Dir(filepath.Clean(beside))
	dir := filepath.Join(parent, name)
	for i := 2; CheckFolder(dir) != nil && i < 100; i++ {
		dir = filepath.Join(parent, fmt.Sprintf("%s %d", name, i))
	}
	return dir
}

// StepNotes splits a team undo or redo label ("Undid your own step: Edited note; kept
// Marko's note on annotation '…'") into the step and the notes on what was kept; ok is
// false for a label without notes.
func StepNotes(label string) (step string, notes []string, ok bool) {
	if !strings.HasPrefix(label, "Undid your own step: ") && !strings.HasPrefix(label, "Redid your own step: ") {
		return label, nil, false
	}
	parts := strings.Split(label, "; ")
	step = parts[0]
	for _, p := range parts[1:] {
		if isNote(p) {
			notes = append(notes, p)
		} else if len(notes) == 0 {
			step += "; " + p // the step's own words held "; "
		} else {
			notes[len(notes)-1] += "; " + p
		}
	}
	return step, notes, len(notes) > 0
}

// isNote reports whether a part of a team step label is one of the engine's notes.
func isNote(p string) bool {
	if strings.HasPrefix(p, "kept ") {
		return true
	}
	n := 0
	for n < len(p) && p[n] >= '0' && p[n] <= '9' {
		n++
	}
	return n > 0 && strings.HasPrefix(p[n:], " of your colleagues' annotations")
}
