package library

// SetDone shows which articles the analyst has marked done (their done marks, the ones
// agreement counts as coded even where nothing is highlighted).
func (v *View) SetDone(done map[string]bool) {
	v.done = done
	v.list.Refresh()
}

// IsDone reports whether the row of an article says it is done.
func (v *View) IsDone(id string) bool { return v.done[id] }

// doneMark starts the second line of a done article's row.
func doneMark(done bool) string {
	if done {
		return "✓ Done · "
	}
	return ""
}
