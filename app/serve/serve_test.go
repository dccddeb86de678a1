package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/serve/wire"
)

// echo is a handler that reads all of stdin, writes what it got and its arguments, and
// exits with the number of arguments.
func echo(c *Call) int {
	in, _ := io.ReadAll(c.Stdin)
	fmt.Fprintf(c.Stdout, "args %s in %s\n", strings.Join(c.Args, " "), c.Dir)
	fmt.Fprintf(c.Stderr, "stdin %d bytes %q\n", len(in), in[:min(len(in), 10)])
	return len(c.Args)
}

func listen(t *testing.T, dir string, h Handler) *Server {
	t.Helper()
	s, err := Listen(dir, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(time.Second) })
	return s
}

func do(t *testing.T, dir string, req wire.Request, stdin io.Reader) (int, string, string, error) {
	t.Helper()
	conn, err := wire.Dial(dir)
	if err != nil {
		return 0, "", "", err
	}
	var out, errb bytes.Buffer
	status, err := conn.Do(req, stdin, &out, &errb)
	return status, out.String(), errb.String(), err
}

func TestCallCarriesStreamsAndStatus(t *testing.T) {
	dir := t.TempDir()
	listen(t, dir, echo)
	big := bytes.Repeat([]byte("x"), 3*wire.Chunk+17) // several reads
	status, out, errs, err := do(t, dir, wire.Request{Args: []string{"import", "-"}, Dir: "/home/ana"}, bytes.NewReader(big))
	if err != nil || status != 2 {
		t.Fatalf("status %d, err %v", status, err)
	}
	if out != "args import - in /home/ana\n" || errs != fmt.Sprintf("stdin %d bytes \"xxxxxxxxxx\"\n", len(big)) {
		t.Fatalf("stdout %q stderr %q", out, errs)
	}
	// No stdin at all reads as empty.
	if _, _, errs, _ := do(t, dir, wire.Request{}, nil); errs != "stdin 0 bytes \"\"\n" {
		t.Fatalf("without stdin: %q", errs)
	}
	st, err := os.Lstat(wire.SocketPath(dir))
	if err != nil || st.Mode().Perm() != 0o600 || st.Mode()&os.ModeSocket == 0 {
		t.Fatalf("socket %v, mode %v", err, st.Mode())
	}
}

// Calls run side by side; stdin that nobody reads is never asked for.
func TestCallsRunConcurrently(t *testing.T) {
	dir := t.TempDir()
	var running, most int
	var mu sync.Mutex
	release := make(chan struct{})
	listen(t, dir, func(c *Call) int {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		<-release
		mu.Lock()
		running--
		mu.Unlock()
		fmt.Fprint(c.Stdout, "done")
		return 0
	})
	var wg sync.WaitGroup
	results := make(chan string, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, out, _, err := do(t, dir, wire.Request{}, failingReader{t})
			if err != nil {
				out = err.Error()
			}
			results <- out
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := running
		mu.Unlock()
		if n == 4 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(release)
	wg.Wait()
	close(results)
	for r := range results {
		if r != "done" {
			t.Errorf("a call said %q", r)
		}
	}
	if most != 4 {
		t.Errorf("at most %d calls ran at once, want 4", most)
	}
}

type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("stdin was read though the command never asked")
	return 0, io.EOF
}

// A closing window refuses new calls (the client then runs the command itself) and
// removes its socket; a crashed window's socket refuses connections and the next window
// replaces it.
func TestClosingAndStaleSockets(t *testing.T) {
	dir := t.TempDir()
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := wire.Dial(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	if _, err := conn.Do(wire.Request{}, nil, io.Discard, io.Discard); !errors.Is(err, wire.ErrNotServed) {
		t.Fatalf("a call to a closing window: %v, want wire.ErrNotServed", err)
	}
	if !s.Close(time.Second) {
		t.Fatal("Close waited in vain")
	}
	if _, err := os.Stat(wire.SocketPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after Close: %v", err)
	}
	// A crash: the socket file stays, nobody listens.
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: wire.SocketPath(dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	os.Chmod(wire.SocketPath(dir), 0o600)
	if _, err := wire.Dial(dir); !errors.Is(err, wire.ErrNotServed) {
		t.Fatalf("dial of a stale socket: %v", err)
	}
	listen(t, dir, echo)
	if status, _, _, err := do(t, dir, wire.Request{Args: []string{"a"}}, nil); err != nil || status != 1 {
		t.Fatalf("after replacing the stale socket: %d %v", status, err)
	}
}

// A socket others may write to, or any other kind of file, is never talked to.
func TestOnlyOwnSocketIsUsed(t *testing.T) {
	dir := t.TempDir()
	listen(t, dir, echo)
	os.Chmod(wire.SocketPath(dir), 0o666)
	if _, err := wire.Dial(dir); !errors.Is(err, wire.ErrNotServed) {
		t.Fatalf("dial of a world-writable socket: %v", err)
	}
	other := t.TempDir()
	os.WriteFile(wire.SocketPath(other), []byte("not a socket"), 0o600)
	if _, err := wire.Dial(other); !errors.Is(err, wire.ErrNotServed) {
		t.Fatalf("dial of a plain file: %v", err)
	}
}

// A workspace whose path is too long for a socket address still gets its socket there.
func TestLongWorkspacePath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("a-long-folder-name-", 6))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if len(wire.SocketPath(dir)) <= wire.MaxSunPath {
		t.Fatalf("path %d bytes: not long enough for the test", len(wire.SocketPath(dir)))
	}
	listen(t, dir, echo)
	if _, err := os.Lstat(wire.SocketPath(dir)); err != nil {
		t.Fatalf("no socket in the folder: %v", err)
	}
	if status, _, _, err := do(t, dir, wire.Request{Args: []string{"x", "y"}}, nil); err != nil || status != 2 {
		t.Fatalf("long path: %d %v", status, err)
	}
}

// Acquire opens a free workspace, connects to a serving window, and waits for one held
// by another (here: this process through a second open), saying after a second what it
// waits for, until the holder lets go or the wait is over.
func TestAcquire(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	conn, ws, err := Acquire(dir, annotate.Options{Create: true, Holder: "gloss import"}, time.Second, nil)
	if err != nil || conn != nil || ws == nil {
		t.Fatalf("free workspace: %v %v %v", conn, ws, err)
	}
	// Held: gives up after the wait, naming the holder, having said it waits.
	var told []annotate.Holder
	start := time.Now()
	_, _, err = Acquire(dir, annotate.Options{}, 1300*time.Millisecond, func(h annotate.Holder) { told = append(told, h) })
	if !errors.Is(err, annotate.ErrInUse) || !strings.Contains(err.Error(), fmt.Sprintf("process %d (gloss import); gave up waiting after 1.3s", os.Getpid())) {
		t.Fatalf("held: %v", err)
	}
	if took := time.Since(start); took < 1300*time.Millisecond || took > 3*time.Second {
		t.Errorf("gave up after %s", took)
	}
	if len(told) != 1 || told[0].What != "gloss import" {
		t.Errorf("told %+v", told)
	}
	// Without a wait it fails at once, without the "gave up" words.
	if _, _, err := Acquire(dir, annotate.Options{}, 0, nil); err == nil || strings.Contains(err.Error(), "gave up") {
		t.Fatalf("no wait: %v", err)
	}
	// The holder lets go while another waits.
	go func() { time.Sleep(200 * time.Millisecond); ws.Close() }()
	_, ws2, err := Acquire(dir, annotate.Options{}, 5*time.Second, nil)
	if err != nil || ws2 == nil {
		t.Fatalf("after the holder closed: %v", err)
	}
	// A window starts serving while another waits: the waiter connects to it.
	served := make(chan *Server, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		s, err := Listen(dir, echo)
		if err != nil {
			t.Error(err)
		}
		served <- s
	}()
	conn, _, err = Acquire(dir, annotate.Options{}, 5*time.Second, nil)
	if s := <-served; s != nil {
		defer s.Close(time.Second)
	}
	if err != nil || conn == nil {
		t.Fatalf("a window appeared: %v", err)
	}
	conn.Close()
	ws2.Close()
}
