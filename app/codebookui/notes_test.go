package codebookui

import "testing"

// The delete and merge dialogs count in correct English and mention sub-tags only when
// the tag has some ("is on 1 annotations in 1 articles … Its sub-tags move up" before).
func TestDeleteAndMergeNotes(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{deleteNote("Battlefield developments", 1, 1, 0),
			"'Battlefield developments' is on 1 annotation in 1 article. Annotations left without any tag are deleted with it. Undo brings everything back."},
		{deleteNote("Diplomacy", 5, 2, 3),
			"'Diplomacy' is on 5 annotations in 2 articles. Annotations left without any tag are deleted with it. Its 3 sub-tags move up one level. Undo brings everything back."},
		{deleteNote("Unused", 0, 0, 1),
			"'Unused' is on no annotation. Its 1 sub-tag moves up one level. Undo brings everything back."},
		{mergeNote("Drones", 1, 0), "Its 1 annotation takes the chosen tag; 'Drones' is removed."},
		{mergeNote("Air war", 4, 2), "Its 4 annotations take the chosen tag; its 2 sub-tags move under it; 'Air war' is removed."},
		{mergeNote("Empty", 0, 0), "It has no annotations; 'Empty' is removed."},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}
