package app

// The reading position of each article: where the analyst was when they left it, so that
// coming back to a long article opens it there. Kept in the app's preferences (the last
// readingKeep articles), not in the workspace: it is a habit of this desk, not data.

import (
	"encoding/json"

	"fyne.io/fyne/v2"
)

const (
	readingPrefKey = "reading-positions"
	readingKeep    = 500
)

type readingPositions struct {
	prefs fyne.Preferences
	Order []string       `json:"order"` // least recent first
	At    map[string]int `json:"at"`    // article id → offset at the top of the view
}

func loadReadingPositions(p fyne.Preferences) *readingPositions {
	rp := &readingPositions{prefs: p, At: map[string]int{}}
	if s := p.String(readingPrefKey); s != "" {
		_ = json.Unmarshal([]byte(s), rp) // a damaged entry only loses positions
		if rp.At == nil {
			rp.At = map[string]int{}
		}
	}
	return rp
}

// remember keeps an article's position (0, the top, is forgotten).
func (rp *readingPositions) remember(id string, offset int) {
	if id == "" {
		return
	}
	for i, o := range rp.Order {
		if o == id {
			rp.Order = append(rp.Order[:i], rp.Order[i+1:]...)
			break
		}
	}
	delete(rp.At, id)
	if offset > 0 {
		rp.Order = append(rp.Order, id)
		rp.At[id] = offset
	}
	for len(rp.Order) > readingKeep {
		delete(rp.At, rp.Order[0])
		rp.Order = rp.Order[1:]
	}
	if b, err := json.Marshal(rp); err == nil {
		rp.prefs.SetString(readingPrefKey, string(b))
	}
}

func (rp *readingPositions) get(id string) (int, bool) {
	off, ok := rp.At[id]
	return off, ok
}

// rememberReading keeps where the open article is being read.
func (wb *Workbench) rememberReading() {
	if wb.current.ID != "" && wb.reading != nil {
		wb.reading.remember(wb.current.ID, wb.reader.TopOffset())
	}
}

// restoreReading scrolls a just opened article to where it was left.
func (wb *Workbench) restoreReading() {
	if wb.reading == nil {
		return
	}
	if off, ok := wb.reading.get(wb.current.ID); ok && off <= len(wb.reader.Text()) {
		wb.reader.ScrollToOffset(off)
	}
}
