package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// A command may be sent to a window only while it has printed and read nothing.
func TestUsedStreams(t *testing.T) {
	for _, tc := range []struct {
		name string
		use  func(c *Context)
		want bool
	}{
		{"untouched", func(*Context) {}, false},
		{"stdout", func(c *Context) { c.Stdout.Write([]byte("x")) }, true},
		{"stderr", func(c *Context) { c.Notef("waiting") }, true},
		{"stdin", func(c *Context) { io.ReadAll(c.Stdin) }, true},
	} {
		env := Env{Stdin: strings.NewReader("in"), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}.watched()
		c := &Context{Env: env}
		tc.use(c)
		if got := c.used(); got != tc.want {
			t.Errorf("%s: used %v, want %v", tc.name, got, tc.want)
		}
	}
	if !(&Context{Env: Env{Stdout: &bytes.Buffer{}}}).used() {
		t.Error("unwatched streams must count as used")
	}
}

func TestPathIsTheClients(t *testing.T) {
	c := &Context{Env: Env{Dir: "/home/ana/reports"}}
	for in, want := range map[string]string{
		"a.txt": "/home/ana/reports/a.txt", "../b.json": "/home/ana/b.json", "/abs/c.qdc": "/abs/c.qdc",
		"-": "-", "": "", "https://example.org/x": "https://example.org/x",
	} {
		if got := c.Path(in); got != want {
			t.Errorf("Path(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (&Context{}).Path("a.txt"); got != "a.txt" {
		t.Errorf("without a directory: %q", got)
	}
}
