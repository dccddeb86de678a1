// Package filepick is a file chooser that selects several files at once, built from
// Fyne widgets. Fyne 2.7's dialog.NewFileOpen returns one file (its xdg-portal variant,
// built with the flatpak tag, also asks for one); the desktop portal can return several
// but needs a portal service, which minimal desktops, remote sessions and Xvfb lack. So
// the window uses this dialog everywhere: a folder at a time, files ticked across
// folders, "Select all", and the count on the Import button.
package filepick

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Entry is one row of a folder listing.
type Entry struct {
	Name string
	Dir  bool
}

// List reads dir: its folders, then its files with one of exts (all files when exts is
// empty), each group by name ignoring case; hidden entries (".name") are left out.
func List(dir string, exts []string) ([]Entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		isDir := de.IsDir()
		if de.Type()&os.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = st.IsDir()
			}
		}
		if !isDir && !hasExt(name, exts) {
			continue
		}
		out = append(out, Entry{Name: name, Dir: isDir})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Dir != out[j].Dir {
			return out[i].Dir
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, nil
}

func hasExt(name string, exts []string) bool {
	if len(exts) == 0 {
		return true
	}
	e := strings.ToLower(filepath.Ext(name))
	for _, x := range exts {
		if e == strings.ToLower(x) {
			return true
		}
	}
	return false
}
