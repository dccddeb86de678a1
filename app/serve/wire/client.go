package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
)

// ErrNotServed says no window serves the workspace (no socket, a stale one left by a
// crash, one that is not this user's, or a window that is closing): the client runs the
// command itself.
var ErrNotServed = errors.New("no Gloss window serves this workspace")

// Conn is a client's connection to the window serving a workspace.
type Conn struct {
	c   *net.UnixConn
	pid int // the window's process
}

// PID is the window's process id.
func (c *Conn) PID() int { return c.pid }

// Dial connects to the window serving the workspace in dir, or returns ErrNotServed.
func Dial(dir string) (*Conn, error) {
	if ok, err := ownSocket(SocketPath(dir)); err != nil || !ok {
		return nil, ErrNotServed
	}
	addr, release, err := SocketAddr(dir)
	if err != nil {
		return nil, ErrNotServed
	}
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: addr, Net: "unix"})
	release()
	if err != nil {
		return nil, ErrNotServed // refused: a crashed window's socket
	}
	p, err := PeerOf(c)
	if err != nil || p.UID != os.Getuid() {
		c.Close()
		return nil, ErrNotServed
	}
	return &Conn{c: c, pid: p.PID}, nil
}

// Close hangs up (Do closes the connection itself).
func (c *Conn) Close() error { return c.c.Close() }

// Do sends req, copies the window's output to stdout and stderr, feeds it stdin as the
// command reads it, and returns the command's exit status. ErrNotServed means the window
// was closing and ran nothing. Do closes the connection.
func (c *Conn) Do(req Request, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	defer c.c.Close()
	payload, err := json.Marshal(req)
	if err != nil {
		return 0, err
	}
	if err := WriteFrame(c.c, FrameRequest, payload); err != nil {
		return 0, ErrNotServed
	}
	kind, _, err := ReadFrame(c.c)
	if err != nil || kind == FrameRefused {
		return 0, ErrNotServed
	}
	if kind != FrameAccepted {
		return 0, fmt.Errorf("the Gloss window answered %q", kind)
	}
	for {
		kind, payload, err := ReadFrame(c.c)
		if err != nil {
			return 0, errors.New("the Gloss window stopped before the command finished")
		}
		switch kind {
		case FrameStdout:
			stdout.Write(payload)
		case FrameStderr:
			stderr.Write(payload)
		case FrameRead:
			n, err := PayloadUint32(payload)
			if err != nil {
				return 0, err
			}
			if err := WriteFrame(c.c, FrameStdin, readSome(stdin, int(n))); err != nil {
				return 0, err
			}
		case FrameExit:
			status, err := PayloadUint32(payload)
			return int(status), err
		default:
			return 0, fmt.Errorf("the Gloss window sent frame %q", kind)
		}
	}
}

// readSome reads up to n bytes of stdin; nothing means its end (or that there is none).
func readSome(stdin io.Reader, n int) []byte {
	if stdin == nil || n <= 0 {
		return nil
	}
	buf := make([]byte, min(n, Chunk))
	for {
		k, err := stdin.Read(buf)
		if k > 0 {
			return buf[:k]
		}
		if err != nil {
			return nil
		}
	}
}
