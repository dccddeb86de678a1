package app

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// walkObjects visits o and everything drawn inside it: container children and the
// objects of each widget's renderer (dialogs are widgets on the canvas overlay).
func walkObjects(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, k := range v.Objects {
			walkObjects(k, visit)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(v).Objects() {
			walkObjects(k, visit)
		}
	}
}

// topOverlay is the dialog or pop-up in front (nil when none).
func topOverlay(w fyne.Window) fyne.CanvasObject { return w.Canvas().Overlays().Top() }

// tapButton taps the visible button labelled text inside root.
func tapButton(t *testing.T, root fyne.CanvasObject, text string) {
	t.Helper()
	var found *widget.Button
	walkObjects(root, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	test.Tap(found)
}

// Ctrl+Shift+V with a long clipboard text: the dialog shows a short read-only preview
// (no entry holds the whole text, which froze the window) and the article gets the
// clipboard text unchanged. A short text stays editable.
func TestPasteLongClipboardShowsPreview(t *testing.T) {
	wb := newTestWorkbench(t)
	para := "Шахеди атакували енергетичну інфраструктуру 🔥 вночі, and the grid operator reported outages.\n\n"
	long := strings.Repeat(para, 1200) + "The last line."
	n := utf8.RuneCountInString(long)
	if n <= pasteEditLimit {
		t.Fatalf("fixture has %d characters, want more than %d", n, pasteEditLimit)
	}
	wb.app.Clipboard().SetContent(long)
	articles, _ := wb.ws.Counts()

	start := time.Now()
	pressShortcut(wb.Window(), fyne.KeyV, fyne.KeyModifierControl|fyne.KeyModifierShift)
	dlg := topOverlay(wb.Window())
	if dlg == nil {
		t.Fatal("Ctrl+Shift+V opened no dialog")
	}
	var previewText string
	walkObjects(dlg, func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Entry:
			if v.MultiLine || utf8.RuneCountInString(v.Text) > 200 {
				t.Errorf("an entry holds %d characters of the long text", utf8.RuneCountInString(v.Text))
			}
		case *widget.Label:
			if strings.Contains(v.Text, "characters") && strings.HasPrefix(v.Text, "Шахеди") {
				previewText = v.Text
			}
		}
	})
	if previewText == "" {
		t.Fatal("no preview of the pasted text in the dialog")
	}
	if !strings.HasSuffix(previewText, "… "+groupThousands(n)+" characters") || utf8.RuneCountInString(previewText) > pastePreviewChars+40 {
		t.Errorf("preview (%d characters) ends %q, want a short head and '… %s characters'",
			utf8.RuneCountInString(previewText), previewText[max(0, len(previewText)-40):], groupThousands(n))
	}
	var scroll *container.Scroll
	walkObjects(dlg, func(o fyne.CanvasObject) {
		if sc, ok := o.(*container.Scroll); ok {
			if l, ok := sc.Content.(*widget.Label); ok && l.Text == previewText {
				scroll = sc
			}
		}
	})
	if scroll == nil || scroll.Size().Height < 150 {
		t.Errorf("the preview shows in %v; it should show several lines", scroll)
		if scroll != nil {
			t.Logf("preview height %v", scroll.Size().Height)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the dialog took %v to open", d) // the word-wrapped entry took ~36 s
	}
	tapButton(t, dlg, "Add article")
	if got, _ := wb.ws.Counts(); got != articles+1 {
		t.Fatalf("%d articles after Add article, want %d (status %q)", got, articles+1, wb.status.message.Text)
	}
	a, err := wb.ws.Article(wb.current.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text
	if text != strings.TrimSpace(long) && text != long {
		t.Errorf("imported text has %d characters, want the clipboard's %d", utf8.RuneCountInString(text), n)
	}

	// A short text is still editable before it is added.
	wb.app.Clipboard().SetContent("Short pasted report.\nSecond line.")
	pressShortcut(wb.Window(), fyne.KeyV, fyne.KeyModifierControl|fyne.KeyModifierShift)
	var body *widget.Entry
	walkObjects(topOverlay(wb.Window()), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.MultiLine {
			body = e
		}
	})
	if body == nil || body.Text != "Short pasted report.\nSecond line." {
		t.Fatalf("short clipboard text not in an editable entry: %v", body)
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 20001: "20,001", 1048576: "1,048,576"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// The header writes a long article's length with separators (1,000,162, not 1000162).
func TestHeaderGroupsLength(t *testing.T) {
	h := newArticleHeader(headerActions{})
	h.show(annotate.Article{Title: "Big", Source: "Desk", Length: 1000162})
	if want := "Desk · 1,000,162 characters"; h.meta.Text != want {
		t.Errorf("header %q, want %q", h.meta.Text, want)
	}
}
