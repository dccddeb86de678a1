// Package drills holds Gloss's reliability and security drills: SIGKILL during a random
// workload, index and store damage, a full disk, two processes on one workspace, hostile
// input and the scale soak. It is test-only; docs/RELIABILITY.md says what each proves.
// Short forms run in `make test`; GLOSS_SOAK=1 (make soak) runs the long forms.
package drills

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// childEnv switches the test binary into a helper process: the drills re-execute the
// binary itself so that a kill, a lock or a file-size limit hits a real process.
const childEnv = "GLOSS_DRILL_CHILD"

func TestMain(m *testing.M) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		os.Exit(m.Run())
	}
	child, ok := children[mode]
	if !ok {
		fmt.Fprintln(os.Stderr, "unknown drill child", mode)
		os.Exit(3)
	}
	os.Exit(child())
}

// children are the helper processes by mode; each file registers its own in init.
var children = map[string]func() int{}

// soak reports whether the long forms run (make soak).
func soak() bool { return os.Getenv("GLOSS_SOAK") != "" }

// child prepares a helper process of the given mode with extra environment.
func child(mode string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+mode), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// lineReader delivers a child's stdout lines on a channel, closed at EOF.
func lineReader(cmd *exec.Cmd) (<-chan string, error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	lines := make(chan string, 4096)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines, nil
}

// seedFromEnv is GLOSS_DRILL_SEED when set (to replay a failure), else the clock.
func seedFromEnv(t testing.TB) uint64 {
	if s := os.Getenv("GLOSS_DRILL_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("GLOSS_DRILL_SEED: %v", err)
		}
		return n
	}
	n := uint64(time.Now().UnixNano())
	t.Logf("seed %d (replay with GLOSS_DRILL_SEED=%d)", n, n)
	return n
}
