package cli

import (
	"strings"
	"testing"
)

func TestRecodeCommands(t *testing.T) {
	dir, a1, a2 := agreeWorkspace(t)
	run(t, dir, "author", "alice")
	if code, _, errOut := run(t, dir, "recode", "status"); code != ExitFailed || !strings.Contains(errOut, "no self-check is running") {
		t.Errorf("status without a session: %d %q", code, errOut)
	}
	code, out, errOut := run(t, dir, "recode", "start", "--sample", "100%", "--seed", "5", "--json")
	if code != ExitOK {
		t.Fatalf("start: %d %s", code, errOut)
	}
	s := decode[recodeSessionJSON](t, out)
	// alice coded both articles: 5 + 2 sentences; every highlight on them is hidden, bob's too.
	if s.Coder != "alice" || s.Population != 7 || len(s.Units) != 7 || s.Hidden != 6 || s.Seed != 5 || s.Status != "active" {
		t.Fatalf("session %+v", s)
	}
	if code, _, errOut := run(t, dir, "recode", "start"); code != ExitFailed || !strings.Contains(errOut, "already running") {
		t.Errorf("second start: %d %q", code, errOut)
	}
	// Hidden in show, search and export, with a note saying why.
	code, out, errOut = run(t, dir, "show", a1)
	if code != ExitOK || strings.Contains(out, "annotations:") || !strings.Contains(errOut, "a self-check is running: 6 highlights") {
		t.Errorf("show during the session: %q %q", out, errOut)
	}
	if _, out, _ := run(t, dir, "search", "--json", "drones"); !strings.Contains(out, `"total": 0`) {
		t.Errorf("search finds a hidden highlight: %s", out)
	}
	if _, out, _ := run(t, dir, "export"); strings.Contains(out, "drones hit") {
		t.Error("export carries a hidden highlight")
	}
	// Code again: same Energy attacks in the first article, none in the second.
	run(t, dir, "annotate", a1, "--quote", "drones hit substations", "--tag", "Energy attacks")
	run(t, dir, "annotate", a1, "--quote", "talks in Geneva", "--tag", "Diplomacy")
	code, out, _ = run(t, dir, "recode", "status")
	if code != ExitOK || !strings.Contains(out, "7 sentences sampled, 2 coded again") || !strings.Contains(out, "✓ "+a1) {
		t.Errorf("status:\n%s", out)
	}
	code, out, _ = run(t, dir, "recode", "result", "--json")
	res := decode[struct {
		Units   int              `json:"units"`
		Recoded int              `json:"recoded"`
		Coders  []string         `json:"coders"`
		Tags    []map[string]any `json:"tags"`
	}](t, out)
	if code != ExitOK || res.Units != 7 || res.Recoded != 2 || strings.Join(res.Coders, ",") != "first,second" || len(res.Tags) != 2 {
		t.Fatalf("result %+v", res)
	}
	for _, tag := range res.Tags {
		// Energy attacks: first 0100000 + 01 (the second article), second 0100000 + 00.
		if tag["tag"] == "Military developments/Energy attacks" && tag["observed"] != 6.0/7 {
			if v, _ := tag["observed"].(float64); v < 0.857 || v > 0.858 {
				t.Errorf("energy observed %v", tag["observed"])
			}
		}
		if tag["tag"] == "Diplomacy" && tag["alpha"] != 1.0 {
			t.Errorf("diplomacy %v", tag)
		}
	}
	code, out, _ = run(t, dir, "recode", "stop")
	if code != ExitOK || !strings.Contains(out, "kept the first coding") || !strings.Contains(out, "Intra-coder agreement of alice") {
		t.Fatalf("stop:\n%s", out)
	}
	// Back as before: the originals, not the re-coding.
	_, out, errOut = run(t, dir, "show", a1)
	if !strings.Contains(out, "5 annotations:") || strings.Contains(errOut, "self-check") {
		t.Errorf("after stop: %q %q", out, errOut)
	}
	if _, out, _ := run(t, dir, "search", "--json", "drones"); !strings.Contains(out, `"total": 1`) {
		t.Errorf("search after stop: %s", out)
	}
	// The result stays available.
	if code, out, _ := run(t, dir, "recode", "result"); code != ExitOK || !strings.Contains(out, "ended") {
		t.Errorf("result after stop: %q", out)
	}
	if code, out, _ := run(t, dir, "recode", "list"); code != ExitOK || !strings.Contains(out, "stopped") {
		t.Errorf("list: %q", out)
	}
	// A cancelled session leaves no trace but its record.
	run(t, dir, "recode", "start", "--sample", "100%", "--unit", "article")
	run(t, dir, "annotate", a2, "--quote", "тривають", "--tag", "Diplomacy")
	code, out, _ = run(t, dir, "recode", "cancel")
	if code != ExitOK || !strings.Contains(out, "Cancelled") {
		t.Errorf("cancel: %q", out)
	}
	if _, out, _ := run(t, dir, "show", a2); strings.Contains(out, "тривають\"") {
		t.Errorf("the cancelled session's re-coding stayed:\n%s", out)
	}
}
