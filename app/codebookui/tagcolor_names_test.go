package codebookui

import "gloss.app/gloss/app/tagcolor"

// hexColor is the name the tests of package codebookui use for tagcolor.Hex.
var hexColor = tagcolor.Hex
