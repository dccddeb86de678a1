package app

import "gloss.app/gloss/app/tagcolor"

// parseColor is the name the tests of package app use for tagcolor.Parse.
var parseColor = tagcolor.Parse
