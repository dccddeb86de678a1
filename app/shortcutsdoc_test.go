package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// docs/SHORTCUTS.md lists every menu item with its shortcut.
func TestShortcutsAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/SHORTCUTS.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	wb := newTestWorkbench(t)
	n := 0
	for _, m := range wb.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.IsSeparator || it.Label == "" {
				continue
			}
			n++
			path := m.Label + " → " + it.Label
			if !strings.Contains(text, path) {
				t.Errorf("docs/SHORTCUTS.md does not list %q", path)
				continue
			}
			sc, ok := it.Shortcut.(*desktop.CustomShortcut)
			if !ok {
				continue
			}
			keys := "Ctrl+"
			if sc.Modifier&fyne.KeyModifierShift != 0 {
				keys += "Shift+"
			}
			keys += string(sc.KeyName)
			line := ""
			for _, l := range strings.Split(text, "\n") {
				if strings.Contains(l, path) {
					line = l
				}
			}
			if !strings.Contains(line, keys) {
				t.Errorf("docs/SHORTCUTS.md lists %q without %s: %q", path, keys, line)
			}
		}
	}
	if n < 15 {
		t.Fatalf("only %d menu items found", n)
	}
}
