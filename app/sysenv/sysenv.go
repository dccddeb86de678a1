// Package sysenv fixes the process environment before Fyne reads it. It must be imported
// by main before anything that imports Fyne: its init then runs first (Go initialises
// packages in import-path order as soon as their own imports are ready, and this one
// needs only os).
package sysenv

import "os"

func init() {
	// Fyne logs "Error parsing user locale C" at start-up on the C/POSIX locale (common on
	// servers and in scripts); Gloss's text is UTF-8 whatever the locale says.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			continue
		}
		if isPlainLocale(v) {
			os.Setenv(name, "en_US.UTF-8")
		}
		return // the first one set is the one in effect
	}
	os.Setenv("LANG", "en_US.UTF-8")
}

// isPlainLocale reports whether v names the C or POSIX locale (C, C.UTF-8, POSIX).
func isPlainLocale(v string) bool {
	base := v
	for i := 0; i < len(v); i++ {
		if v[i] == '.' || v[i] == '@' {
			base = v[:i]
			break
		}
	}
	return base == "C" || base == "POSIX"
}
