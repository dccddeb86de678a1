package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// A desk of a team project restored from an older backup gets back, from the server,
// what it had sent since, and sends what it had not: nothing is lost or applied twice.
func TestTeamDeskRestoredFromBackup(t *testing.T) {
	_, dsn := teamServer(t)
	olha, art := workspaceWith(t)
	marko := filepath.Join(t.TempDir(), "marko")
	run(t, olha, "author", "Olha")
	run(t, marko, "author", "Marko")
	if code, out, errs := run(t, olha, "team", "create", dsn, "--project", "restore"); code != 0 {
		t.Fatalf("create: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, marko, "team", "join", dsn, "--project", "restore"); code != 0 {
		t.Fatalf("join: %d %s %s", code, out, errs)
	}
	run(t, olha, "annotate", art, "--quote", "ceasefire proposal", "--tag", "Ceasefire & negotiations", "--note", "before the backup")
	run(t, olha, "sync")
	backup := filepath.Join(t.TempDir(), "olha.db")
	if code, out, errs := run(t, olha, "backup", backup); code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	run(t, olha, "annotate", art, "--quote", "ceasefire proposal", "--tag", "Diplomacy", "--note", "sent after the backup")
	run(t, olha, "sync")
	run(t, olha, "annotate", art, "--quote", "ceasefire proposal", "--tag", "Corruption", "--note", "pending at the restore")
	if code, out, errs := run(t, olha, "restore", backup); code != 0 {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, olha, "sync"); code != 0 {
		t.Fatalf("sync after the restore: %d %s %s", code, out, errs)
	}
	run(t, marko, "sync")
	for _, dir := range []string{olha, marko} {
		_, show, _ := run(t, dir, "show", art)
		for _, note := range []string{"before the backup", "sent after the backup"} {
			if strings.Count(show, note) != 1 {
				t.Errorf("%s shows %q %d times after the restore: %s", filepath.Base(dir), note, strings.Count(show, note), show)
			}
		}
	}
}
