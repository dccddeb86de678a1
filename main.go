// Gloss is a desktop workbench for annotating conflict news. With a command it runs the
// CLI (see `gloss help`); without one it opens the window.
package main

import (
	"os"

	// First: fixes the locale environment before Fyne reads it at init.
	_ "gloss.app/gloss/app/sysenv"

	"gloss.app/gloss/app"
	"gloss.app/gloss/app/cli"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(cli.Main(args, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(app.Run(cli.WorkspaceFlag(args), cli.WaitFlag(args)))
}
