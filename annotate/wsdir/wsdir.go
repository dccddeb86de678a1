// Package wsdir knows where the workspace is when none is named: a leaf package, so
// that the command line can find it before the rest of Gloss initialises (package
// forward).
package wsdir

import (
	"os"
	"path/filepath"
)

// Default is the workspace folder used when none is named: $GLOSS_WORKSPACE, else
// gloss in $XDG_DATA_HOME, else ~/.local/share/gloss.
func Default() string {
	if d := os.Getenv("GLOSS_WORKSPACE"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "gloss")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "gloss-workspace"
	}
	return filepath.Join(home, ".local", "share", "gloss")
}
