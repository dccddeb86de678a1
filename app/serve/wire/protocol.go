package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Request is what a client asks of the window.
type Request struct {
	// Args is the command line after the program name, as the client was given it.
	Args []string `json:"args,omitempty"`
	// Workspace is the workspace folder the client means (absolute).
	Workspace string `json:"workspace"`
	// Dir is the client's working directory: relative paths in Args are relative to it.
	Dir string `json:"dir"`
	// StdoutTerminal and StderrTerminal say the client's streams end on a terminal
	// (progress lines and highlighted matches are drawn only there).
	StdoutTerminal bool `json:"stdout_terminal,omitempty"`
	StderrTerminal bool `json:"stderr_terminal,omitempty"`
	// Focus asks the window to come to the front (a second launch of the window).
	Focus bool `json:"focus,omitempty"`
	// Debug asks for the window's state as JSON on stdout ("state"; tests).
	Debug string `json:"debug,omitempty"`
}

// Frames: one type byte, a four-byte big-endian length, the payload.
const (
	FrameRequest  = 'Q' // client: the Request as JSON
	FrameStdin    = 'I' // client: stdin bytes the window asked for; empty at the end
	FrameAccepted = 'A' // window: the call runs
	FrameRefused  = 'N' // window: it is closing; the client runs the command itself
	FrameStdout   = 'O' // window: bytes for the client's stdout
	FrameStderr   = 'E' // window: bytes for the client's stderr
	FrameRead     = 'R' // window: the command reads stdin; payload: most bytes wanted
	FrameExit     = 'X' // window: the exit status; the call is over
)

// MaxFrame bounds a frame's payload (a request, a Chunk of output or input).
const MaxFrame = 1 << 20

// Chunk is the most stdin a Read asks for at once.
const Chunk = 64 << 10

var errFrameTooBig = errors.New("frame too big")

func WriteFrame(w io.Writer, kind byte, payload []byte) error {
	if len(payload) > MaxFrame {
		return errFrameTooBig
	}
	// One write: the peer may close as soon as it has a whole frame, and a second
	// (even empty) write would then fail.
	buf := make([]byte, 5+len(payload))
	buf[0] = kind
	binary.BigEndian.PutUint32(buf[1:], uint32(len(payload)))
	copy(buf[5:], payload)
	_, err := w.Write(buf)
	return err
}

func ReadFrame(r io.Reader) (kind byte, payload []byte, err error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > MaxFrame {
		return 0, nil, fmt.Errorf("%w (%d bytes)", errFrameTooBig, n)
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	return head[0], payload, nil
}

func Uint32Payload(v uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return b[:]
}

func PayloadUint32(p []byte) (uint32, error) {
	if len(p) != 4 {
		return 0, fmt.Errorf("bad frame of %d bytes", len(p))
	}
	return binary.BigEndian.Uint32(p), nil
}
