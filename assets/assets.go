// Package assets holds the files shipped inside the Gloss binary: the icon, the default
// codebook, the sample articles and the export schemas.
package assets

import (
	"embed"
	_ "embed"
)

// Icon is the application icon (PNG).
//
//go:embed icon.png
var Icon []byte

// DefaultCodebook is the JSON array of tags every new workspace starts with. The ids are
// fixed so that workspaces of different analysts share tag identities.
//
//go:embed codebook.json
var DefaultCodebook []byte

// Samples holds the sample articles (samples/*.txt) and their annotations (samples/samples.json).
//
//go:embed samples
var Samples embed.FS
