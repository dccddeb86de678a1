// Package startgc keeps Go's garbage collector off while the program's packages
// initialise; main gives it back its setting first thing (Restore).
//
// Every `gloss` command starts a whole process, and the linked libraries allocate ~5 MB
// while they initialise (JSON Schema metaschemas, bleve's Levenshtein automata, Fyne's
// translations): past the collector's first 4 MB goal it runs, mid-initialisation, for
// nothing — all of that memory stays in use. Off until main, every command starts a
// few milliseconds sooner (measured 2–3 ms on `gloss help`).
//
// It must be imported by main before the libraries, and its init runs before theirs
// because it needs only runtime/debug: Go initialises packages in import-path order as
// soon as their own imports are ready (app's TestEarlyPackagesComeBeforeTheLibraries
// checks the order in the built binary).
package startgc

import "runtime/debug"

// saved is the collector's setting at start (GOGC, 100 by default).
var saved = debug.SetGCPercent(-1)

// Restore turns the collector back on with its setting at start.
func Restore() { debug.SetGCPercent(saved) }
