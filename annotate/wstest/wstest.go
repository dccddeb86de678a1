// Package wstest makes temporary workspaces for tests: each lives in the test's
// temporary folder and is closed when the test ends, so that a test says only what it
// puts in its workspace.
package wstest

import (
	"errors"
	"path/filepath"
	"testing"

	"gloss.app/gloss/annotate"
)

// Open creates a workspace in a new temporary folder and closes it when the test ends.
// opts (at most one) are passed on with Create set.
func Open(tb testing.TB, opts ...annotate.Options) *annotate.Workspace {
	tb.Helper()
	return OpenAt(tb, filepath.Join(tb.TempDir(), "ws"), opts...)
}

// OpenAt opens (creating it) the workspace in dir and closes it when the test ends.
func OpenAt(tb testing.TB, dir string, opts ...annotate.Options) *annotate.Workspace {
	tb.Helper()
	var o annotate.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.Create = true
	ws, err := annotate.Open(dir, o)
	if err != nil {
		tb.Fatalf("open a test workspace: %v", err)
	}
	tb.Cleanup(func() { ws.Close() })
	return ws
}

// WithSamples is Open with the sample articles Gloss ships (and their annotations).
func WithSamples(tb testing.TB) *annotate.Workspace {
	tb.Helper()
	ws := Open(tb)
	if err := ws.AddSamples(); err != nil {
		tb.Fatalf("add the samples: %v", err)
	}
	return ws
}

// Closed prepares a workspace with fill and closes it, as an earlier session would
// have, and returns its folder (for a test of something that opens it itself: the
// command line, a second process).
func Closed(tb testing.TB, fill func(ws *annotate.Workspace)) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		tb.Fatalf("open a test workspace: %v", err)
	}
	if fill != nil {
		fill(ws)
	}
	if err := ws.Close(); err != nil {
		tb.Fatalf("close the test workspace: %v", err)
	}
	return dir
}

// ClearCodebook deletes every tag of the default codebook, for a test that builds its
// own.
func ClearCodebook(tb testing.TB, ws *annotate.Workspace) {
	tb.Helper()
	cb, err := ws.Codebook()
	if err != nil {
		tb.Fatal(err)
	}
	for _, tag := range cb.Tags() {
		// Deleting a parent deletes its sub-tags: those are gone when their turn comes.
		if _, err := ws.DeleteTag(tag.ID, ""); err != nil && !errors.Is(err, annotate.ErrNotFound) {
			tb.Fatalf("delete tag %s: %v", tag.Name, err)
		}
	}
	if cb, _ := ws.Codebook(); cb.Len() != 0 {
		tb.Fatalf("could not empty the codebook: %d tags left", cb.Len())
	}
}
