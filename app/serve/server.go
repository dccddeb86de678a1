package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/serve/wire"
)

// Call is one request being served, with the client's streams.
type Call struct {
	wire.Request
	// PID is the client's process id, as the kernel tells it.
	PID int
	// Stdin reads the client's standard input as the command asks for it.
	Stdin io.Reader
	// Stdout and Stderr reach the client's; they are safe for concurrent use.
	Stdout, Stderr io.Writer
}

// Handler carries out a call and returns its exit status.
type Handler func(*Call) int

// Server is the window's end of the socket.
type Server struct {
	l       *net.UnixListener
	path    string
	handle  Handler
	run     *async.Runner
	mu      sync.Mutex
	closing bool
}

// Listen serves the workspace in dir on its socket, running each call with handle on a
// goroutine of its own. The caller holds the workspace's lock, so a socket file left
// there is stale (a crashed window's) and is replaced.
func Listen(dir string, handle Handler) (*Server, error) {
	addr, release, err := wire.SocketAddr(dir)
	if err != nil {
		return nil, err
	}
	defer release()
	path := wire.SocketPath(dir)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove the stale socket %s: %w", path, err)
	}
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: addr, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	// Owner-only, and every peer is checked anyway (a chmod comes after the bind).
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("restrict %s: %w", path, err)
	}
	l.SetUnlinkOnClose(false) // removed by Close through its real path
	s := &Server{l: l, path: path, handle: handle, run: async.New()}
	s.run.Go(s.accept)
	return s, nil
}

func (s *Server) accept() {
	for {
		c, err := s.l.AcceptUnix()
		if err != nil {
			return // closed
		}
		s.run.Go(func() { s.serve(c) })
	}
}

// requestTimeout bounds how long a client may take to say what it wants.
const requestTimeout = 5 * time.Second

func (s *Server) serve(c *net.UnixConn) {
	defer c.Close()
	p, err := wire.PeerOf(c)
	if err != nil || p.UID != os.Getuid() {
		return // another user (or no credentials): refused without a word
	}
	c.SetReadDeadline(time.Now().Add(requestTimeout))
	kind, payload, err := wire.ReadFrame(c)
	if err != nil || kind != wire.FrameRequest {
		return
	}
	var req wire.Request
	if err := json.Unmarshal(payload, &req); err != nil {
		return
	}
	c.SetReadDeadline(time.Time{})
	out := &frameWriter{w: c}
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		out.frame(wire.FrameRefused, nil)
		return
	}
	if out.frame(wire.FrameAccepted, nil) != nil {
		return
	}
	call := &Call{Request: req, PID: p.PID, Stdin: &stdinReader{c: c, out: out},
		Stdout: out.stream(wire.FrameStdout), Stderr: out.stream(wire.FrameStderr)}
	status := s.handle(call)
	out.frame(wire.FrameExit, wire.Uint32Payload(uint32(status)))
}

// Close stops taking calls (a client arriving now runs its command itself once the
// window has closed the workspace), waits up to wait for the calls running, and removes
// the socket. It reports whether every call finished.
func (s *Server) Close(wait time.Duration) bool {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.l.Close()
	done := s.run.WaitFor(wait)
	os.Remove(s.path)
	return done
}

// frameWriter writes frames to the client; output may come from several goroutines.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (f *frameWriter) frame(kind byte, payload []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return wire.WriteFrame(f.w, kind, payload)
}

func (f *frameWriter) stream(kind byte) io.Writer { return streamWriter{f: f, kind: kind} }

// streamWriter sends what is written as frames of one kind.
type streamWriter struct {
	f    *frameWriter
	kind byte
}

func (s streamWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		n := min(len(p), wire.MaxFrame)
		if err := s.f.frame(s.kind, p[:n]); err != nil {
			return written, err
		}
		written += n
		p = p[n:]
	}
	return written, nil
}

// stdinReader asks the client for its stdin as the command reads it, so that input
// nobody reads is never taken from the client's terminal.
type stdinReader struct {
	c   io.Reader
	out *frameWriter
	eof bool
}

func (r *stdinReader) Read(p []byte) (int, error) {
	if r.eof {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := r.out.frame(wire.FrameRead, wire.Uint32Payload(uint32(min(len(p), wire.Chunk)))); err != nil {
		return 0, err
	}
	kind, payload, err := wire.ReadFrame(r.c)
	if err != nil {
		return 0, err
	}
	if kind != wire.FrameStdin {
		return 0, fmt.Errorf("the client sent frame %q instead of input", kind)
	}
	if len(payload) == 0 {
		r.eof = true
		return 0, io.EOF
	}
	return copy(p, payload), nil
}
