// Gloss is a desktop workbench for annotating conflict news. With a command it runs the
// CLI (see `gloss help`); without one it opens the window.
package main

import (
	"os"

	// First: they act before the libraries initialise (Go initialises these earlier).
	_ "gloss.app/gloss/app/forward/oninit" // a command the open window carries out goes there now
	"gloss.app/gloss/app/startgc"          // the collector off until main
	_ "gloss.app/gloss/app/sysenv"         // the locale, before Fyne reads it

	"gloss.app/gloss/app"
	"gloss.app/gloss/app/cli"
)

func main() {
	startgc.Restore()
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(cli.Main(args, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(app.Run(cli.WorkspaceFlag(args), cli.WaitFlag(args)))
}
