package app

import (
	"strconv"
	"testing"

	"gloss.app/gloss/search"
)

// A parent's row shows the roll-up count the search facets show: its annotations and
// those of every tag under it, each once.
func TestPaletteParentsShowFacetRollup(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.WaitBackground()
	// One annotation with two sub-tags of the same parent: a sum would count it twice.
	var parent string
	for _, tg := range wb.codebook.Tags() {
		if len(wb.codebook.Children(tg.ID)) >= 2 {
			parent = tg.ID
			break
		}
	}
	kids := wb.codebook.Children(parent)
	a := wb.annotations[0]
	for _, k := range kids[:2] {
		if !a.HasTag(k.ID) {
			wb.afterCommand(wb.ws.AddAnnotationTag(a.ID, k.ID))
		}
	}
	res, err := wb.Search(search.Request{Facets: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range res.Facets.Tags {
		if len(wb.codebook.Children(f.Key)) == 0 {
			continue
		}
		checked++
		if got := wb.palette.Row(f.Key).Count(); got != strconv.Itoa(f.Count) {
			t.Errorf("%s: the palette says %s, the facets %d", f.Label, got, f.Count)
		}
	}
	if checked == 0 {
		t.Fatal("no parent tag has annotations")
	}
	sum := 0
	for _, k := range wb.codebook.Descendants(parent) {
		sum += wb.usage[k].Annotations
	}
	if got := wb.palette.Row(parent).Count(); got == strconv.Itoa(sum) {
		t.Errorf("the parent shows the sum %d, counting the twice-tagged annotation twice", sum)
	}
}
