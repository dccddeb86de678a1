package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestFindInArticle(t *testing.T) {
	wb := newTestWorkbench(t)
	text := strings.Repeat("Talks resumed in Geneva. ", 50) + "The Kherson front was quiet. " + strings.Repeat("Shelling went on. ", 300) + "kherson again."
	res, err := wb.ws.ImportText("Long", "Desk", text)
	if err != nil {
		t.Fatal(err)
	}
	wb.reloadLibrary()
	wb.OpenArticle(res.Article.ID)
	r := wb.Reader()
	wb.win.Canvas().Focus(r)
	r.TypedRune('/') // '/' in the reader opens the bar
	f := wb.Find()
	if !f.box.Visible() || wb.win.Canvas().Focused() != f.entry {
		t.Fatal("'/' did not open the find bar with the keyboard in it")
	}
	test.Type(f.entry, "kherson")
	if f.count.Text != "1 of 2" {
		t.Fatalf("count %q", f.count.Text)
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.count.Text != "2 of 2" {
		t.Fatalf("after Enter: %q", f.count.Text)
	}
	last := f.matches[1][0]
	if p := r.PositionOf(last); p.Y < 0 || p.Y > r.Size().Height {
		t.Fatalf("the second match is not in view: %v", p)
	}
	// Ctrl+G goes on round the article; Shift+Enter goes back.
	wb.MenuItem("Find in article…").Action()
	if f.count.Text != "1 of 2" {
		t.Fatalf("Ctrl+G from the last match: %q", f.count.Text)
	}
	f.entry.KeyDown(&fyne.KeyEvent{Name: "LeftShift"})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.KeyUp(&fyne.KeyEvent{Name: "LeftShift"})
	if f.count.Text != "2 of 2" {
		t.Fatalf("Shift+Enter: %q", f.count.Text)
	}
	test.Type(f.entry, "zz")
	if f.count.Text != "No match" {
		t.Fatalf("count %q", f.count.Text)
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.box.Visible() || wb.win.Canvas().Focused() != r {
		t.Fatal("Escape did not close the bar and give the reader the keyboard")
	}
}
