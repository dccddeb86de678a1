package app

// Hovering a highlight shows what it is: its tags, note, author and date.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/textfit"
)

// hoverHighlights shows the tip of the highlights under the pointer (none: hides it).
func (wb *Workbench) hoverHighlights(ids []string, at fyne.Position) {
	var parts []string
	for i := len(ids) - 1; i >= 0; i-- { // innermost first
		if a, ok := wb.annotation(ids[i]); ok {
			parts = append(parts, annotationTip(a, wb.tagNames(a.TagIDs)))
		} else if tip, ok := wb.suggestionTip(ids[i]); ok {
			parts = append(parts, tip)
		}
	}
	if len(parts) == 0 {
		wb.tips.Hide()
		return
	}
	wb.tips.Show(strings.Join(parts, "\n"), at)
}

// annotationTip is one annotation's lines in a hover tip: tags, then the note, then who
// and when.
func annotationTip(a annotate.Annotation, tags string) string {
	if tags == "" {
		tags = "(no tag)"
	}
	lines := []string{tags}
	if n := strings.TrimSpace(a.Note); n != "" {
		lines = append(lines, "✎ "+textfit.Snippet(n, 200))
	}
	who := a.Author
	if who == "" {
		who = "unknown author"
	}
	lines = append(lines, fmt.Sprintf("%s · %s", who, a.Created.Local().Format("2 Jan 2006 15:04")))
	return strings.Join(lines, "\n")
}
