package annotate

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv switches the test binary into a helper process (see TestMain): the crash
// and lock tests re-execute the binary itself rather than building the app.
const childEnv = "GLOSS_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "writer":
		os.Exit(childWriter(os.Getenv("GLOSS_TEST_DIR"), os.Getenv("GLOSS_TEST_ARTICLE")))
	case "holder":
		os.Exit(childHolder(os.Getenv("GLOSS_TEST_DIR")))
	default:
		fmt.Fprintln(os.Stderr, "unknown child mode", os.Getenv(childEnv))
		os.Exit(3)
	}
}

// childWriter writes annotations (and now and then an article) in a loop, printing
// "ann ID" or "art ID" for each change once the command has returned: acknowledged.
func childWriter(dir, articleID string) int {
	ws, err := Open(dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	art, err := ws.Article(articleID)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cb, _ := ws.Codebook()
	tags := cb.Tags()
	text := []rune(art.Text)
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	out := os.Stdout // unbuffered: a line written is a line the parent will read
	for i := 0; ; i++ {
		if i%10 == 9 {
			body := strings.Repeat(fmt.Sprintf("Article %d from process %d, line of text. ", i, os.Getpid()), 200)
			res, err := ws.AddArticle(ArticleDraft{Title: fmt.Sprint("Crash ", i), Text: body})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Fprintf(out, "art %s\n", res.Article.ID)
			continue
		}
		start := rng.IntN(len(text) - 20)
		end := start + 1 + rng.IntN(19)
		if strings.TrimSpace(string(text[start:end])) == "" {
			continue
		}
		a, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: start, End: end,
			TagIDs: []string{tags[rng.IntN(len(tags))].ID}, Note: fmt.Sprint("note ", i)})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintf(out, "ann %s\n", a.ID)
	}
}

// childHolder opens the workspace, says "open" and keeps it until stdin closes.
func childHolder(dir string) int {
	ws, err := Open(dir, Options{Create: true})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("open")
	io.Copy(io.Discard, os.Stdin)
	ws.Close()
	return 0
}

func childCommand(t *testing.T, mode string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+mode), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestCrashKeepsAcknowledgedWrites kills a writing process with SIGKILL at random
// moments, then checks the store opens, holds every acknowledged change, and is
// consistent (no half-written command).
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	kills := 5
	if os.Getenv("GLOSS_SOAK") != "" {
		kills = 60
	}
	dir := t.TempDir()
	ws, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	art := addText(t, ws, "Crash target", strings.Repeat("Київ 🇺🇦 and Geneva talks, é: ceasefire proposals. ", 40))
	ws.Close()

	acked := map[string]string{} // id → "ann" or "art"
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	for round := 0; round < kills; round++ {
		cmd := childCommand(t, "writer", "GLOSS_TEST_DIR="+dir, "GLOSS_TEST_ARTICLE="+art.ID)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first acknowledgement so the kill lands while writing, then a
		// random moment more.
		first, ok := <-lines
		if !ok {
			cmd.Wait()
			t.Fatalf("round %d: the writer stopped before writing", round)
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range append([]string{first}, drain(lines)...) {
			kind, id, ok := strings.Cut(line, " ")
			if !ok {
				t.Fatalf("round %d: odd line %q", round, line)
			}
			acked[id] = kind
			n++
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: writer ended with %v, not by the kill", round, err)
		}
		ws, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("round %d: the store does not open after the kill: %v", round, err)
		}
		checkConsistent(t, ws)
		for id, kind := range acked {
			var err error
			if kind == "ann" {
				var a Annotation
				a, err = ws.Annotation(id)
				if err == nil && Slice(art.Text, a.Start, a.End) != a.Exact {
					err = fmt.Errorf("quote %q does not match the text", a.Exact)
				}
			} else {
				_, err = ws.Article(id)
			}
			if err != nil {
				t.Fatalf("round %d: acknowledged %s %s lost: %v", round, kind, id, err)
			}
		}
		t.Logf("round %d: %d acknowledged this round, %d in all", round, n, len(acked))
		ws.Close()
	}
	// The undo log survived too: the last acknowledged change can be undone.
	ws, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, err := ws.Undo(); err != nil {
		t.Fatalf("undo after the crashes: %v", err)
	}
	checkConsistent(t, ws)
}

// drain returns the lines still to come until the channel closes.
func drain(lines <-chan string) []string {
	var out []string
	for l := range lines {
		out = append(out, l)
	}
	return out
}
