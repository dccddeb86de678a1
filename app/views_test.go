package app

import (
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate/stats"
)

// waitReport waits for the Overview to count n annotations.
func waitReport(t *testing.T, wb *Workbench, n int) *stats.Report {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if r := wb.Overview().Report(); r != nil && r.Annotations == n {
			return r
		}
		if time.Now().After(deadline) {
			r := wb.Overview().Report()
			if r == nil {
				t.Fatalf("the Overview never counted")
			}
			t.Fatalf("the Overview counts %d annotations, want %d", r.Annotations, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOverviewFollowsSearchQuery(t *testing.T) {
	wb := newTestWorkbench(t)
	_, all := wb.ws.Counts()
	wb.MenuItem("Overview").Action()
	if wb.centreTabs.Selected() != wb.overviewTab {
		t.Fatal("View → Overview did not show the Overview")
	}
	waitReport(t, wb, all)
	// A cell click runs a search in the search panel; the Overview counts its result set.
	wb.RunSearch(`tag:"Energy attacks"`)
	wb.searchView.Flush()
	if wb.leftTabs.Selected() != wb.searchTab || wb.searchView.Total() == 0 {
		t.Fatalf("RunSearch showed %d hits, tab %v", wb.searchView.Total(), wb.leftTabs.Selected().Text)
	}
	r := waitReport(t, wb, wb.searchView.Total())
	for _, tc := range r.Tags {
		if tc.Name == "Energy attacks" && tc.Annotations != wb.searchView.Total() {
			t.Fatalf("Energy attacks counted %d of %d", tc.Annotations, wb.searchView.Total())
		}
	}
	// Opening a hit brings the reader back.
	wb.OpenHit(wb.searchView.Hits()[0])
	if wb.centreTabs.Selected() != wb.readerTab {
		t.Fatal("opening a hit left the Overview in front")
	}
}

func TestCodebookWindowEditsReachPalette(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.MenuItem("Codebook…").Action()
	if wb.codebookWin == nil || wb.codebookWin.Content() == nil {
		t.Fatal("no codebook window")
	}
	// An edit made there (through the command layer) is followed by the main window.
	var id string
	for _, tg := range wb.codebook.Tags() {
		if tg.Name == "Energy attacks" {
			id = tg.ID
		}
	}
	res, err := wb.ws.RenameTag(id, "Attacks on energy")
	if err != nil {
		t.Fatal(err)
	}
	wb.codebookChanged(res.Label)
	if tg, _ := wb.codebook.Tag(id); tg.Name != "Attacks on energy" {
		t.Fatalf("palette codebook still has %q", tg.Name)
	}
	if !strings.Contains(wb.status.message.Text, "Attacks on energy") && !strings.Contains(wb.status.message.Text, "Renamed") {
		t.Fatalf("status %q", wb.status.message.Text)
	}
	// Search finds the tag by its new name.
	searchFor(t, wb, `tag:"Attacks on energy"`)
	if wb.searchView.Total() == 0 {
		t.Fatal("renamed tag not found by search")
	}
	if tg, _ := wb.codebookMgr.Codebook().Tag(id); tg.Name != "Attacks on energy" {
		t.Fatalf("codebook window shows %q after its own edit", tg.Name)
	}
	// An undo in the main window reaches the codebook window while it is open.
	wb.Undo()
	if tg, _ := wb.codebookMgr.Codebook().Tag(id); tg.Name != "Energy attacks" {
		t.Fatalf("codebook window shows %q after undo in the main window", tg.Name)
	}
	if tg, _ := wb.codebook.Tag(id); tg.Name != "Energy attacks" {
		t.Fatalf("palette shows %q after undo", tg.Name)
	}
	// Opening it again (Codebook… while it is open) keeps the one window.
	win := wb.codebookWin
	wb.MenuItem("Codebook…").Action()
	if wb.codebookWin != win {
		t.Fatal("Codebook… opened a second window")
	}
	wb.codebookWin.Close()
	if wb.codebookWin != nil || wb.codebookMgr != nil {
		t.Fatal("closing the codebook window did not forget it")
	}
}
