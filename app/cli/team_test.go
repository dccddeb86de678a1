package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss.app/gloss/annotate/team/pgtest"
)

func setPGPassword(t *testing.T, pw string) {
	old, had := os.LookupEnv("PGPASSWORD")
	os.Setenv("PGPASSWORD", pw)
	t.Cleanup(func() {
		if had {
			os.Setenv("PGPASSWORD", old)
		} else {
			os.Unsetenv("PGPASSWORD")
		}
	})
}

// teamServer starts a throw-away server with a desk database owned by the role "lead".
func teamServer(t *testing.T) (*pgtest.Cluster, string) {
	c := pgtest.Start(t)
	if err := c.CreateDesk("desk", "lead", "lead-pw"); err != nil {
		t.Fatal(err)
	}
	setPGPassword(t, "lead-pw")
	return c, c.URL("lead", "desk")
}

func oneLineErr(t *testing.T, errs string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "gloss: ") {
		t.Fatalf("want one 'gloss:' line, got %q", errs)
	}
	return lines[0]
}

func TestTeamCommands(t *testing.T) {
	c, dsn := teamServer(t)
	olha, art := workspaceWith(t)
	marko := filepath.Join(t.TempDir(), "marko")
	run(t, olha, "author", "Olha")
	run(t, marko, "author", "Marko")

	code, out, errs := run(t, olha, "team", "create", dsn, "--project", "geneva", "--blind")
	if code != 0 || !strings.Contains(out, "Created team project geneva") || !strings.Contains(out, "you (Olha) lead it") || !strings.Contains(out, "codes blind") {
		t.Fatalf("create: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, marko, "team", "create", dsn); code != 2 || !strings.Contains(errs, "needs --project") {
		t.Fatalf("create without --project: %d %s", code, errs)
	}
	code, out, errs = run(t, marko, "team", "join", dsn, "--project", "geneva", "--json")
	if code != 0 || !strings.Contains(out, `"project": "geneva"`) || !strings.Contains(out, `"blind": true`) {
		t.Fatalf("join: %d %s %s", code, out, errs)
	}
	// Both code the same passage; blind coding shows each only their own.
	run(t, olha, "annotate", art, "--quote", "ceasefire proposal", "--tag", "Ceasefire & negotiations", "--note", "Olha's reading")
	run(t, marko, "annotate", art, "--quote", "ceasefire proposal", "--tag", "Ceasefire & negotiations", "--note", "Marko's reading")
	if code, out, errs := run(t, marko, "sync", "--json"); code != 0 || !strings.Contains(out, `"pushed": 1`) {
		t.Fatalf("sync: %d %s %s", code, out, errs)
	}
	code, out, errs = run(t, olha, "sync")
	if code != 0 || !strings.Contains(out, "Sent 1 change, received 1 change; no conflicts.") {
		t.Fatalf("sync: %d %q %s", code, out, errs)
	}
	for _, who := range []struct{ dir, mine, theirs string }{{olha, "Olha's", "Marko's"}, {marko, "Marko's", "Olha's"}} {
		_, show, _ := run(t, who.dir, "show", art)
		_, exp, _ := run(t, who.dir, "export")
		_, found, _ := run(t, who.dir, "search", "ceasefire")
		_, st, _ := run(t, who.dir, "stats", "--json")
		if !strings.Contains(st, `"annotations": 1`) || strings.Contains(st, `"annotations": 2`) {
			t.Errorf("stats under blind coding count others' annotations: %s", st)
		}
		_, tags, _ := run(t, who.dir, "tags", "--json")
		if !strings.Contains(tags, `"annotations": 1`) || strings.Contains(tags, `"annotations": 2`) {
			t.Errorf("tags under blind coding count others' annotations: %s", tags)
		}
		for name, text := range map[string]string{"show": show, "export": exp, "search": found} {
			if !strings.Contains(text, who.mine) || strings.Contains(text, who.theirs) {
				t.Errorf("%s of %s under blind coding shows: %s", name, who.mine, text)
			}
		}
	}
	// Agreement would show the others' coding: it waits for the reveal.
	for _, args := range [][]string{{"agreement"}, {"disagreements", "--tag", "Ceasefire & negotiations"}} {
		if code, _, errs := run(t, marko, args...); code != 1 || !strings.Contains(oneLineErr(t, errs), "the project codes blind") {
			t.Errorf("%s while blind: %d %s", args[0], code, errs)
		}
	}
	// Only the lead lifts it.
	if code, _, errs := run(t, marko, "team", "set", "blind", "off"); code != 1 || !strings.Contains(oneLineErr(t, errs), "only the project's lead") {
		t.Fatalf("set blind by an analyst: %d %s", code, errs)
	}
	if code, out, errs := run(t, olha, "team", "set", "blind", "off"); code != 0 || !strings.Contains(out, "no longer codes blind") {
		t.Fatalf("set blind off: %d %s %s", code, out, errs)
	}
	run(t, marko, "sync")
	if _, show, _ := run(t, marko, "show", art); !strings.Contains(show, "Olha's reading") || !strings.Contains(show, "Marko's reading") {
		t.Fatalf("after the lead reveals, Marko sees: %s", show)
	}
	if code, out, errs := run(t, marko, "agreement", "--json"); code != 0 || !strings.Contains(out, `"coders"`) {
		t.Errorf("agreement after the reveal: %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, marko, "team", "status")
	for _, want := range []string{"project:   geneva", "coder:     Marko", "blind:     no", "pending:   0 local changes", "online:    yes"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("status lacks %q: %s", want, out)
		}
	}
	// A concurrent rename: reported by the sync that meets it, and kept for status.
	run(t, olha, "tag", "rename", "Corruption", "Graft")
	run(t, marko, "tag", "rename", "Corruption", "Bribery & graft")
	run(t, olha, "sync")
	if code, out, _ := run(t, marko, "sync"); code != 0 || !strings.Contains(out, "1 conflict.") ||
		!strings.Contains(out, `conflict: tag 'Bribery & graft': Marko's name ("Bribery & graft") was kept; Olha's ("Graft"), made at the same time, was not`) {
		t.Fatalf("sync with a concurrent rename: %d %s", code, out)
	}
	if _, out, _ := run(t, marko, "team", "status"); !strings.Contains(out, "latest conflicts:\n  tag 'Bribery & graft'") {
		t.Fatalf("status does not list the conflict: %s", out)
	}
	// Undo undoes Marko's own step and says so.
	if code, out, _ := run(t, marko, "undo"); code != 0 || !strings.Contains(out, "Undid your own step: Renamed tag") {
		t.Fatalf("undo: %d %s", code, out)
	}
	// Offline: one line, exit 1, nothing lost; then the next sync sends it.
	if err := c.StopServer(false); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, marko, "sync")
	if line := oneLineErr(t, errs); code != 1 || !strings.Contains(line, "cannot be reached") || !strings.Contains(line, "nothing was lost: 1 change waits") {
		t.Fatalf("offline sync: %d %s", code, errs)
	}
	if code, out, _ := run(t, marko, "team", "status", "--json"); code != 0 || !strings.Contains(out, `"online": false`) || !strings.Contains(out, `"pending": 1`) {
		t.Fatalf("status offline: %d %s", code, out)
	}
	if err := c.StartServer(); err != nil {
		t.Fatal(err)
	}
	setPGPassword(t, "not-the-password")
	code, _, errs = run(t, marko, "sync")
	if line := oneLineErr(t, errs); code != 1 || !strings.Contains(line, "refused the login of lead") {
		t.Fatalf("wrong password: %d %s", code, errs)
	}
	os.Setenv("PGPASSWORD", "lead-pw")
	if code, out, _ := run(t, marko, "sync"); code != 0 || !strings.Contains(out, "Sent 1 change") {
		t.Fatalf("sync after coming back: %d %s", code, out)
	}
	// The same tag made on both desks at once is one tag, reported with both records.
	run(t, olha, "tag", "add", "Drone strikes")
	run(t, marko, "tag", "add", "Drone strikes")
	run(t, olha, "sync")
	if code, out, errs := run(t, marko, "sync", "--json"); code != 0 || !strings.Contains(out, `"kind": "duplicate"`) ||
		!strings.Contains(out, `"other": "tags/`) || !strings.Contains(out, "they are one tag now") {
		t.Fatalf("sync of a tag made on both desks: %d %s %s", code, out, errs)
	}
	run(t, olha, "sync")
	for _, dir := range []string{olha, marko} {
		if _, out, _ := run(t, dir, "tags"); strings.Count(out, "Drone strikes") != 1 {
			t.Fatalf("tags after the sync: %s", out)
		}
	}
	code, out, _ = run(t, marko, "team", "leave")
	if code != 0 || !strings.Contains(out, "Left team project geneva; this workspace keeps its 1 article and 2 annotations") {
		t.Fatalf("leave: %d %s", code, out)
	}
	if code, _, errs := run(t, marko, "sync"); code != 1 || !strings.Contains(errs, "not linked to a team project") {
		t.Fatalf("sync after leaving: %d %s", code, errs)
	}
}
