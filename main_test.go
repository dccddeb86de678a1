package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Started without a display (here: with an empty environment), gloss says so in one
// line that points to `gloss help` and exits 1 — no goroutine dump, nothing created.
func TestNoDisplayIsOneLine(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "gloss")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for name, args := range map[string][]string{
		"no arguments":     nil,
		"only a workspace": {"--workspace", "ws"},
		"workspace with =": {"--workspace=ws"},
	} {
		t.Run(name, func(t *testing.T) {
			cwd := t.TempDir()
			cmd := exec.Command(bin, args...)
			cmd.Dir, cmd.Env = cwd, []string{}
			out, err := cmd.CombinedOutput()
			want := "gloss: no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open; " +
				"the commands of 'gloss help' work without one\n"
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || string(out) != want {
				t.Fatalf("exit %v, output:\n%s\nwant exit status 1 and %q", err, out, want)
			}
			if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
				t.Errorf("it created %v", entries)
			}
		})
	}
	// A display that is named but cannot be reached (the X server has gone): one line too.
	cwd := t.TempDir()
	cmd := exec.Command(bin, "--workspace", filepath.Join(cwd, "ws"))
	cmd.Env = []string{"DISPLAY=:4093", "HOME=" + cwd}
	out, err := cmd.CombinedOutput()
	last := strings.TrimSpace(string(out))
	last = last[strings.LastIndex(last, "\n")+1:]
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || strings.Contains(string(out), "goroutine") ||
		!strings.HasPrefix(last, `gloss: the window cannot open: the display ":4093" cannot be reached`) {
		t.Errorf("unreachable display: exit %v, output:\n%s", err, out)
	}
	// Commands still work without a display.
	cmd = exec.Command(bin, "help")
	cmd.Env = []string{}
	if out, err := cmd.CombinedOutput(); err != nil || len(out) == 0 {
		t.Errorf("gloss help without a display: %v\n%s", err, out)
	}
}
