package cli

// Sending a command to the window that serves the workspace (package serve): when open
// finds one, the command stops before it has done anything and Run sends the whole
// command line there; the window prints what this process would have printed.

import (
	"errors"
	"io"
	"sync/atomic"

	"gloss.app/gloss/app/forward"
	"gloss.app/gloss/app/serve/wire"
)

// errForward stops a command whose workspace a window serves.
var errForward = errors.New("a Gloss window has this workspace open")

// sendToWindow makes the command stop so that Run sends it to the window, unless it has
// already printed or read something (a window that opened the workspace while this
// process waited for it).
func (c *Context) sendToWindow(conn *wire.Conn) error {
	if c.used() {
		conn.Close()
		return errors.New("a Gloss window opened the workspace while this command waited for it; run the command again")
	}
	c.window = conn
	return errForward
}

// forward sends the command line to the window and returns its exit status.
func (env Env) forward(conn *wire.Conn, dir string, args []string) (int, error) {
	req := forward.NewRequest(args, dir, env.Dir, IsTerminal(env.Stdout), IsTerminal(env.Stderr))
	return conn.Do(req, env.Stdin, env.Stdout, env.Stderr)
}

// watched wraps the streams so that the Context knows whether the command used them.
func (env Env) watched() Env {
	use := &usage{}
	if env.Stdin != nil {
		env.Stdin = &watchedReader{r: env.Stdin, use: use}
	}
	env.Stdout = &watchedWriter{w: env.Stdout, use: use}
	env.Stderr = &watchedWriter{w: env.Stderr, use: use}
	return env
}

// used reports whether the command printed or read anything yet.
func (c *Context) used() bool {
	if w, ok := c.Stdout.(*watchedWriter); ok {
		return w.use.any.Load()
	}
	return true // unwatched: assume the worst
}

// usage records that a stream was used (progress may be written from other goroutines).
type usage struct{ any atomic.Bool }

type watchedWriter struct {
	w   io.Writer
	use *usage
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	w.use.any.Store(true)
	return w.w.Write(p)
}

type watchedReader struct {
	r   io.Reader
	use *usage
}

func (r *watchedReader) Read(p []byte) (int, error) {
	r.use.any.Store(true)
	return r.r.Read(p)
}
