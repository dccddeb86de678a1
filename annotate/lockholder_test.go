package annotate

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

// The lock file says which process holds the workspace and what it is doing; a second
// open quotes it, and LockHolder reads it.
func TestLockNamesItsHolder(t *testing.T) {
	dir := t.TempDir()
	ws, err := Open(dir, Options{Create: true, Holder: "gloss import\nwith a newline"})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	want := Holder{PID: os.Getpid(), What: "gloss import with a newline"}
	if h, ok := LockHolder(dir); !ok || h != want {
		t.Fatalf("LockHolder = %+v %v, want %+v", h, ok, want)
	}
	_, err = Open(dir, Options{})
	msg := fmt.Sprintf("workspace %s is in use by process %d (gloss import with a newline)", dir, os.Getpid())
	if !errors.Is(err, ErrInUse) || err.Error() != msg {
		t.Fatalf("second open: %v, want %q", err, msg)
	}
	for _, tc := range []struct {
		content string
		ok      bool
		want    Holder
	}{
		{"4121\n", true, Holder{PID: 4121}},
		{"4121\nthe Gloss window\n", true, Holder{PID: 4121, What: "the Gloss window"}},
		{"", false, Holder{}},
		{"garbage\n", false, Holder{}},
	} {
		other := t.TempDir()
		os.WriteFile(other+"/"+LockFile, []byte(tc.content), 0o644)
		if h, ok := LockHolder(other); ok != tc.ok || h != tc.want {
			t.Errorf("lock file %q: %+v %v", tc.content, h, ok)
		}
	}
	if got := (Holder{PID: 7}).String(); got != "process 7" {
		t.Errorf("String %q", got)
	}
}
