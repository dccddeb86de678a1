package teamui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gloss.app/gloss/annotate/team"
)

func TestDescribe(t *testing.T) {
	now := time.Date(2025, 11, 20, 15, 4, 5, 0, time.Local)
	checked := now.Add(-time.Minute)
	link := team.Link{Project: "geneva"}
	withPending := func(n int) team.Link { l := link; l.Pending = n; return l }
	offline := "team server unreachable: the team server (desk on 127.0.0.1:5432 as olha) cannot be reached: connection refused"
	for _, tc := range []struct {
		name       string
		st         team.Status
		kind       Kind
		text       string
		detailHas  string
		detailLack string
	}{
		{"before the first sync", team.Status{Link: link}, Connecting, "Connecting…", "Connecting", ""},
		{"syncing", team.Status{Link: withPending(2), Syncing: true, Online: true, CheckedAt: checked}, Syncing, "Syncing…", "Sending", ""},
		{"up to date, listening", team.Status{Link: link, Online: true, Listening: true, CheckedAt: checked}, UpToDate,
			"Up to date · live", "at 15:03:05; colleagues' changes arrive as they are made", ""},
		{"up to date, polling", team.Status{Link: link, Online: true, CheckedAt: checked}, UpToDate, "Up to date", "every few seconds", ""},
		{"one to send", team.Status{Link: withPending(1), Online: true, Listening: true, CheckedAt: checked}, Pending,
			"1 change to send", "1 change waits for the next sync", ""},
		{"offline with changes waiting", team.Status{Link: withPending(3), LastError: offline, CheckedAt: checked}, Offline,
			"Offline: connection refused · 3 waiting", "The team server (desk on 127.0.0.1:5432 as olha) cannot be reached: connection refused; nothing is lost: 3 changes wait",
			"unreachable"},
		{"password refused", team.Status{Link: link, LastError: "team server unreachable: the team server (desk) refused the login of olha (password authentication failed)", CheckedAt: checked},
			Offline, "Offline: password refused", "refused the login of olha", ""},
		{"server behind", team.Status{Link: link, Online: true, LastError: "team server behind this workspace: the team server's log ends at position 3", CheckedAt: checked},
			Failed, "Sync failed", "The team server's log ends at position 3", "behind this workspace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Describe(tc.st, now)
			if got.Kind != tc.kind || got.Text != tc.text {
				t.Errorf("got %v %q, want %v %q", got.Kind, got.Text, tc.kind, tc.text)
			}
			if !strings.Contains(got.Detail, tc.detailHas) || (tc.detailLack != "" && strings.Contains(got.Detail, tc.detailLack)) {
				t.Errorf("detail %q (want %q, not %q)", got.Detail, tc.detailHas, tc.detailLack)
			}
		})
	}
}

func TestClock(t *testing.T) {
	now := time.Date(2025, 11, 20, 15, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{now.Add(-time.Hour), "14:00:00"},
		{now.AddDate(0, 0, -1), "19 Nov 15:00"},
		{now.AddDate(-1, 0, 0), "20 Nov 2024 15:00"},
	} {
		if got := Clock(tc.t, now); got != tc.want {
			t.Errorf("Clock(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestWithPassword(t *testing.T) {
	for _, tc := range []struct{ dsn, pw string }{
		{"postgres://olha@db.desk.example:5432/gloss?sslmode=verify-full", "s3cret/with:odd@chars"},
		{"postgres://olha:old@db.desk.example/gloss?password=older&sslmode=disable", "new"},
		{"host=db.desk.example dbname=gloss user=olha", "it's a \\ quote"},
		{"host=db.desk.example dbname=gloss user=olha password=old", "new one"},
	} {
		got := WithPassword(tc.dsn, tc.pw)
		cfg, err := pgx.ParseConfig(got)
		if err != nil {
			t.Fatalf("%q with a password does not parse: %v", tc.dsn, err)
		}
		if cfg.Password != tc.pw || cfg.User != "olha" || cfg.Database != "gloss" {
			t.Errorf("%q: password %q user %q db %q", got, cfg.Password, cfg.User, cfg.Database)
		}
		if strings.Contains(team.StripPassword(got), tc.pw) {
			t.Errorf("the stored form of %q keeps the password", got)
		}
	}
	if got := WithPassword("host=x", ""); got != "host=x" {
		t.Errorf("no password changed the DSN: %q", got)
	}
}

func TestCheckAndSuggestFolder(t *testing.T) {
	base := t.TempDir()
	ws := filepath.Join(base, "mine")
	os.MkdirAll(ws, 0o755)
	os.WriteFile(filepath.Join(ws, "gloss.db"), []byte("x"), 0o600)
	empty := filepath.Join(base, "empty")
	os.MkdirAll(empty, 0o755)
	file := filepath.Join(base, "file")
	os.WriteFile(file, nil, 0o600)
	for _, tc := range []struct {
		dir, problem string
	}{
		{filepath.Join(base, "new"), ""},
		{empty, ""},
		{ws, "is not empty"},
		{file, "is a file"},
		{"relative/dir", "full path"},
		{"  ", "choose a folder"},
	} {
		err := CheckFolder(tc.dir)
		if (tc.problem == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.problem)) {
			t.Errorf("CheckFolder(%q) = %v, want %q", tc.dir, err, tc.problem)
		}
	}
	if got := SuggestFolder(ws, "geneva/talks"); got != filepath.Join(base, "geneva-talks") {
		t.Errorf("suggested %q", got)
	}
	os.MkdirAll(filepath.Join(base, "mine 2"), 0o755)
	os.WriteFile(filepath.Join(base, "mine 2", "x"), nil, 0o600)
	if got := SuggestFolder(ws, "mine"); got != filepath.Join(base, "mine 3") {
		t.Errorf("a taken name: suggested %q", got)
	}
}

func TestStepNotes(t *testing.T) {
	for _, tc := range []struct {
		label, step string
		notes       []string
	}{
		{"Undid your own step: Edited note; kept Marko's note on annotation 'strikes on two substations'",
			"Undid your own step: Edited note", []string{"kept Marko's note on annotation 'strikes on two substations'"}},
		{"Redid your own step: Tagged 'A; B'; kept Olha's tags on annotation 'x'; 2 of your colleagues' annotations are hidden until what they depend on comes back",
			"Redid your own step: Tagged 'A; B'", []string{"kept Olha's tags on annotation 'x'", "2 of your colleagues' annotations are hidden until what they depend on comes back"}},
		{"Undid your own step: Renamed tag", "Undid your own step: Renamed tag", nil},
		{"Undid: Tagged 'x'; kept", "Undid: Tagged 'x'; kept", nil},
	} {
		step, notes, ok := StepNotes(tc.label)
		if step != tc.step || strings.Join(notes, "|") != strings.Join(tc.notes, "|") || ok != (len(tc.notes) > 0) {
			t.Errorf("StepNotes(%q) = %q %q %v", tc.label, step, notes, ok)
		}
	}
}
