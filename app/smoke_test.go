package app

import (
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/assets"
)

// TestSmokeRealWindow builds the real binary, runs it under Xvfb on a new workspace
// (which gets the sample articles), screenshots the screen and checks that the
// highlights of the codebook's colours are drawn. GLOSS_SCREENSHOT=path keeps the image.
func TestSmokeRealWindow(t *testing.T) {
	display, env := startXvfb(t)
	importCmd, err := exec.LookPath("import")
	if err != nil {
		t.Fatal("Xvfb is installed but ImageMagick's import is not: apt-get install imagemagick")
	}
	tmp := t.TempDir()
	bin := glossBinary(t)
	cmd := exec.Command(bin, "--workspace", filepath.Join(tmp, "workspace"))
	cmd.Env = env
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	shot := filepath.Join(tmp, "shot.png")
	var img image.Image
	var found []string
	want := codebookColors(t)
	// Wait until the window has drawn its highlights (or give up after 60 s).
	waitFor(t, 60*time.Second, "highlights on screen", func() bool {
		if cmd.ProcessState != nil {
			t.Fatalf("gloss exited: %s", logs.String())
		}
		c := exec.Command(importCmd, "-display", display, "-window", "root", shot)
		if out, err := c.CombinedOutput(); err != nil {
			t.Logf("import: %v %s", err, out)
			return false
		}
		img = readPNG(t, shot)
		if distinctColors(img) < 64 {
			return false
		}
		found = highlightColors(img, want)
		return len(found) >= 2
	})
	if keep := os.Getenv("GLOSS_SCREENSHOT"); keep != "" {
		b, _ := os.ReadFile(shot)
		os.WriteFile(keep, b, 0o644)
	}
	t.Logf("highlight colours on screen: %v", found)
}

func freeDisplay(t testing.TB) string {
	for n := 91; n < 400; n++ {
		lock := fmt.Sprintf("/tmp/.X%d-lock", n)
		_, e1 := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		_, e2 := os.Stat(lock)
		if (os.IsNotExist(e1) && os.IsNotExist(e2)) || staleLock(lock) {
			return fmt.Sprintf(":%d", n)
		}
	}
	t.Fatal("no free X display number")
	return ""
}

// staleLock reports whether an X lock file names a server that is gone (a killed Xvfb
// leaves its lock and socket; Xvfb itself replaces a stale lock).
func staleLock(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return false
	}
	return syscall.Kill(pid, 0) == syscall.ESRCH
}

// stopX ends Xvfb with SIGTERM so that it removes its lock and socket (a SIGKILL left
// them behind and used up the display numbers), and kills it if it does not stop.
func stopX(x *exec.Cmd) {
	x.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { x.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		x.Process.Kill()
		<-done
	}
}

func waitFor(t testing.TB, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func codebookColors(t *testing.T) map[string][3]int {
	raw := assets.DefaultCodebook
	var tags []struct{ Name, Color string }
	if err := json.Unmarshal(raw, &tags); err != nil {
		t.Fatal(err)
	}
	out := map[string][3]int{}
	for _, tg := range tags {
		c := tagcolor.Parse(tg.Color)
		out[tg.Name] = [3]int{int(c.R), int(c.G), int(c.B)}
	}
	return out
}

func rgb(img image.Image, x, y int) [3]int {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

func distinctColors(img image.Image) int {
	seen := map[[3]int]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 3 {
		for x := bd.Min.X; x < bd.Max.X; x += 3 {
			seen[rgb(img, x, y)] = true
		}
	}
	return len(seen)
}

// highlightColors names the tags whose translucent highlight colour (blended over the
// most common colour, the background) covers a real area of the screen.
func highlightColors(img image.Image, tags map[string][3]int) []string {
	counts := map[[3]int]int{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			counts[rgb(img, x, y)]++
		}
	}
	var bg [3]int
	for c, n := range counts {
		if n > counts[bg] {
			bg = c
		}
	}
	var found []string
	for name, c := range tags {
		// Both theme alphas (light 0x60, dark 0x8C) are tried.
		for _, alpha := range []float64{0x60 / 255.0, 0x8C / 255.0} {
			var want [3]int
			for i := range want {
				want[i] = int(float64(c[i])*alpha + float64(bg[i])*(1-alpha) + 0.5)
			}
			n := 0
			for col, k := range counts {
				if near(col, want, 6) {
					n += k
				}
			}
			if n >= 150 { // 150 sampled pixels = 600 on screen: a few words of highlight
				found = append(found, name)
				break
			}
		}
	}
	return found
}

func near(a, b [3]int, tol int) bool {
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}
