package app

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// In the built binary, the packages that must act before the libraries initialise do:
// startgc turns the collector off before the libraries that allocate most at start (and
// no collection runs before main), and oninit hands a command to the open window before
// the slowest of them (bleve's scorch, a dependency of few enough packages, comes first).
func TestEarlyPackagesComeBeforeTheLibraries(t *testing.T) {
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
	forward := at("init gloss.app/gloss/app/forward/oninit ")
	for _, heavy := range []string{
		"init github.com/santhosh-tekuri/jsonschema/v6 ",
		"init github.com/blevesearch/bleve/v2/index/scorch ",
		"init fyne.io/fyne/v2/lang ",
	} {
		i := at(heavy)
		if i < off {
			t.Errorf("%q initialised before the collector was turned off", strings.TrimSpace(heavy))
		}
		if i < forward && !strings.Contains(heavy, "scorch") {
			t.Errorf("%q initialised before a command could be handed to the window", strings.TrimSpace(heavy))
		}
	}
	last := at("init gloss.app/gloss/app/cli ")
	for _, l := range lines[:last] {
		if strings.HasPrefix(l, "gc ") {
			t.Errorf("the collector ran while the packages initialised: %s", l)
		}
	}
}
