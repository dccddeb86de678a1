package app

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests that run the real binary share one build of it and start Xvfb themselves.

var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// glossBinary builds the gloss binary once for the tests of this package.
func glossBinary(tb testing.TB) string {
	tb.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "gloss-app-test-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "gloss")
		build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", built.bin, ".")
		build.Dir = ".."
		if out, err := build.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		tb.Fatal(built.err)
	}
	return built.bin
}

// startXvfb starts a virtual display for the test (skipping it when Xvfb is missing) and
// returns the environment a window on it needs: the display, and a home and XDG folders
// of its own (Fyne writes its preferences there).
func startXvfb(tb testing.TB) (display string, env []string) {
	tb.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		tb.Skip("Xvfb is not installed (apt-get install xvfb imagemagick)")
	}
	display = freeDisplay(tb)
	x := exec.Command(xvfb, display, "-screen", "0", "1400x900x24", "-nolisten", "tcp")
	if err := x.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { stopX(x) })
	waitFor(tb, 10*time.Second, "Xvfb socket", func() bool {
		_, err := os.Stat("/tmp/.X11-unix/X" + strings.TrimPrefix(display, ":"))
		return err == nil
	})
	home := filepath.Join(tb.TempDir(), "home")
	os.MkdirAll(home, 0o755)
	return display, append(os.Environ(), "DISPLAY="+display, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local/share"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "LANG=en_US.UTF-8")
}
