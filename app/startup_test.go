package app

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The collector stays off while the libraries initialise (package startgc): in the built
// binary, startgc's init runs before the libraries that allocate most at start, and no
// collection runs before main.
func TestCollectorOffWhileLibrariesInitialise(t *testing.T) {
	bin := glossBinary(t)
	cmd := exec.Command(bin, "help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1,gctrace=1", "GOGC=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("gloss help: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(stderr.String(), "\n")
	at := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line %q in the trace:\n%s", prefix, stderr.String())
		return -1
	}
	off := at("init gloss.app/gloss/app/startgc ")
	for _, heavy := range []string{
		"init github.com/santhosh-tekuri/jsonschema/v6 ",
		"init github.com/blevesearch/bleve/v2/index/scorch ",
		"init fyne.io/fyne/v2/lang ",
	} {
		if i := at(heavy); i < off {
			t.Errorf("%q initialised before the collector was turned off", strings.TrimSpace(heavy))
		}
	}
	last := at("init gloss.app/gloss/app/cli ")
	for _, l := range lines[:last] {
		if strings.HasPrefix(l, "gc ") {
			t.Errorf("the collector ran while the packages initialised: %s", l)
		}
	}
}
