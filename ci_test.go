package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The race in Go 1.26's fuzz coordinator (golang/go#75804) as CI printed it: the
// deadline of -fuzztime reported as the target's failure, no input written.
const deadlineRace = `fuzz: elapsed: 0s, gathering baseline coverage: 35/35 completed, now fuzzing with 2 workers
fuzz: elapsed: 3s, execs: 1041 (347/sec), new interesting: 0 (total: 35)
fuzz: elapsed: 5s, execs: 1041 (0/sec), new interesting: 0 (total: 35)
--- FAIL: FuzzA (5.05s)
    context deadline exceeded
FAIL
exit status 1
FAIL	example/p	5.054s
`

// A real finding: the target failed and go wrote the input.
const foundInput = `fuzz: elapsed: 0s, gathering baseline coverage: 3/3 completed, now fuzzing with 2 workers
fuzz: elapsed: 1s, execs: 200 (200/sec), new interesting: 0 (total: 3)
--- FAIL: FuzzA (1.10s)
    --- FAIL: FuzzA (0.00s)
        x_test.go:9: bad input

    Failing input written to testdata/fuzz/FuzzA/0123abcd
    To re-run:
    go test -run=FuzzA/0123abcd
FAIL
exit status 1
FAIL	example/p	1.2s
`

// .ci/fuzz-all runs a target again by count only when Go's coordinator failed on its
// own deadline and wrote no failing input; every other failure fails the run.
func TestFuzzAllRetriesOnlyTheDeadlineRace(t *testing.T) {
	script, err := filepath.Abs(".ci/fuzz-all")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		// what the fake go prints and whether it writes an input, per call
		first, second string
		writesInput   bool
		wantOK        bool
		wantBudgets   []string
	}{
		{"passes", "ok", "", false, true, []string{"4s"}},
		{"deadline race, then passes by count", deadlineRace, "ok", false, true, []string{"4s", "1041x"}},
		{"deadline race twice", deadlineRace, deadlineRace, false, false, []string{"4s", "1041x"}},
		{"deadline message but an input was written", deadlineRace, "ok", true, false, []string{"4s"}},
		{"a failing input", foundInput, "ok", true, false, []string{"4s"}},
		{"a failure that is not the deadline", "--- FAIL: FuzzA (0.10s)\n    panic: boom\nFAIL\n", "ok", false, false, []string{"4s"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mod := t.TempDir()
			if err := os.MkdirAll(filepath.Join(mod, "p"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(mod, "p", "x_test.go"), []byte("package p\n\nfunc FuzzA(f *testing.F) {}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			calls := filepath.Join(t.TempDir(), "calls")
			fake := filepath.Join(t.TempDir(), "go")
			writeFile(t, filepath.Join(filepath.Dir(fake), "first"), tc.first)
			writeFile(t, filepath.Join(filepath.Dir(fake), "second"), tc.second)
			write := "true"
			if tc.writesInput {
				write = `mkdir -p p/testdata/fuzz/FuzzA && touch p/testdata/fuzz/FuzzA/0123abcd`
			}
			// The fake go records its -fuzztime, prints the scripted output and fails
			// unless the output is "ok".
			writeFile(t, fake, `#!/usr/bin/env bash
here=$(dirname "$0")
while [[ $# -gt 0 ]]; do [[ $1 == -fuzztime ]] && echo "$2" >>`+calls+`; shift; done
n=$(wc -l <`+calls+`)
out=$(cat "$here/first"); [[ $n -gt 1 ]] && out=$(cat "$here/second")
[[ $out == ok ]] && exit 0
[[ $n == 1 ]] && { `+write+`; }
printf '%s\n' "$out"; exit 1
`)
			if err := os.Chmod(fake, 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(script, "4s")
			cmd.Dir = mod
			cmd.Env = append(os.Environ(), "GO="+fake)
			out, err := cmd.CombinedOutput()
			if ok := err == nil; ok != tc.wantOK {
				t.Fatalf("fuzz-all succeeded=%v, want %v:\n%s", ok, tc.wantOK, out)
			}
			recorded, _ := os.ReadFile(calls)
			if got := strings.Fields(string(recorded)); strings.Join(got, " ") != strings.Join(tc.wantBudgets, " ") {
				t.Fatalf("budgets %v, want %v:\n%s", got, tc.wantBudgets, out)
			}
			if !tc.wantOK && !strings.Contains(string(out), "--- FAIL") {
				t.Fatalf("a failed run must show go's output:\n%s", out)
			}
		})
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
