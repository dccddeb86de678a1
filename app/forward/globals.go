package forward

import (
	"fmt"
	"strings"
	"time"
)

// Globals are the flags that may come before the command.
type Globals struct {
	Dir  string        // --workspace DIR; "" when not given
	Wait time.Duration // --wait D; the default when not given
	Err  error         // a value that could not be read
}

// SplitGlobal takes the global --workspace and --wait flags off the front of args.
func SplitGlobal(args []string, defaultWait time.Duration) (g Globals, rest []string) {
	g.Wait = defaultWait
	for len(args) > 0 {
		name, value, n, ok := globalFlag(args)
		if !ok {
			return g, args
		}
		switch name {
		case "workspace":
			g.Dir = value
		case "wait":
			d, err := time.ParseDuration(value)
			if err != nil || d < 0 {
				g.Err = fmt.Errorf("--wait takes a duration such as 30s or 2m, not %q", value)
			}
			g.Wait = max(d, 0)
		}
		args = args[n:]
	}
	return g, args
}

// globalFlag reads --workspace DIR, --wait=D and the like at the front of args: the
// flag's name, its value and how many arguments it took.
func globalFlag(args []string) (name, value string, n int, ok bool) {
	a := strings.TrimPrefix(strings.TrimPrefix(args[0], "-"), "-")
	if a == args[0] {
		return "", "", 0, false
	}
	name, value, hasValue := strings.Cut(a, "=")
	if name != "workspace" && name != "wait" {
		return "", "", 0, false
	}
	if hasValue {
		return name, value, 1, true
	}
	if len(args) < 2 {
		return "", "", 0, false
	}
	return name, args[1], 2, true
}
