// Package lastdir makes file dialogs start in the folder the analyst used last, kept in
// the app's preferences (Fyne's dialogs otherwise always start in the home folder).
package lastdir

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// Keys of the remembered folders: what is imported and what is written are usually
// in different places.
const (
	Import = "lastdir.import" // articles (files and folders) and annotation files
	Export = "lastdir.export" // exports and saved charts
)

// Locator is a file or folder dialog (dialog.FileDialog).
type Locator interface{ SetLocation(fyne.ListableURI) }

func prefs() fyne.Preferences {
	if a := fyne.CurrentApp(); a != nil {
		return a.Preferences()
	}
	return nil
}

// Folder is the remembered folder for key, "" when none or when it no longer exists.
func Folder(key string) string {
	p := prefs()
	if p == nil {
		return ""
	}
	dir := p.String(key)
	if dir == "" {
		return ""
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	return dir
}

// Start points d at the remembered folder for key, when there is one.
func Start(d Locator, key string) {
	dir := Folder(key)
	if dir == "" {
		return
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return
	}
	d.SetLocation(l)
}

// RememberFile keeps the folder that holds the chosen file u.
func RememberFile(key string, u fyne.URI) {
	if u != nil && u.Scheme() == "file" {
		remember(key, filepath.Dir(u.Path()))
	}
}

// RememberFolder keeps the folder around a chosen folder u, so that the next dialog
// shows it among its siblings.
func RememberFolder(key string, u fyne.URI) {
	if u != nil && u.Scheme() == "file" {
		remember(key, filepath.Dir(filepath.Clean(u.Path())))
	}
}

func remember(key, dir string) {
	if p := prefs(); p != nil && dir != "" {
		p.SetString(key, dir)
	}
}
