package ingest

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles a pattern on first use. Compiled at package initialisation, the
// import patterns cost every `gloss` process about a millisecond — commands sent to the
// open window included, which never import anything.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
