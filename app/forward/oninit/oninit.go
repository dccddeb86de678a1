// Package oninit hands a command to the window serving its workspace from its init
// (forward.Early) and exits with the command's status; otherwise the program goes on.
// Only main imports it: a package that merely links it would run a command line that is
// not Gloss's (a test binary's) through it.
package oninit

import (
	"os"

	"gloss.app/gloss/app/forward"
)

func init() {
	if status, done := forward.Early(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); done {
		os.Exit(status)
	}
}
