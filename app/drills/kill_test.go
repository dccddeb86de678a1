package drills

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/search"
)

func init() { children["chaos"] = chaosChild }

// The chaos child's protocol on stdout, one line each:
//
//	op KIND       a command is about to run
//	ack REV HASH  it returned: the store is at REV and looks like HASH (acknowledged)
//	exp PATH      an export file is complete under its final name
//
// A line is written only after what it reports is durable.

// chaosChild runs a random mix of commands on the workspace, with the search index
// attached, until it is killed.
func chaosChild() int {
	dir, sources, exports := os.Getenv("GLOSS_DRILL_DIR"), os.Getenv("GLOSS_DRILL_SOURCES"), os.Getenv("GLOSS_DRILL_EXPORTS")
	seed, _ := strconv.ParseUint(os.Getenv("GLOSS_DRILL_SEED_CHILD"), 10, 64)
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "chaos:", err); return 1 }
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		return fail(err)
	}
	ix, err := search.Open(ws, nil)
	if err != nil {
		return fail(err)
	}
	defer ix.Close()
	files, _ := filepath.Glob(filepath.Join(sources, "report-*"))
	rng := rand.New(rand.NewPCG(seed, uint64(os.Getpid())))
	out := os.Stdout // unbuffered: a line written is a line the parent reads
	ack := func() error {
		h, err := stateHash(ws)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "ack %d %s\n", ws.Revision(), h)
		return nil
	}
	if err := ack(); err != nil {
		return fail(err)
	}
	for i := 0; ; i++ {
		cb, err := ws.Codebook()
		if err != nil {
			return fail(err)
		}
		var drillTags []annotate.Tag
		for _, t := range cb.Tags() {
			if strings.HasPrefix(t.Name, "Drill") {
				drillTags = append(drillTags, t)
			}
		}
		arts, err := ws.Articles()
		if err != nil {
			return fail(err)
		}
		op := []string{"import", "annotate", "annotate", "annotate", "note", "rename", "merge", "tag", "undo", "redo", "export"}[rng.IntN(11)]
		switch {
		case len(arts) == 0:
			op = "import"
		case len(drillTags) < 2 && (op == "merge" || op == "rename"):
			op = "tag"
		}
		fmt.Fprintf(out, "op %s\n", op)
		var cmdErr error
		switch op {
		case "import":
			var pick []string
			for n := 1 + rng.IntN(3); n > 0; n-- {
				pick = append(pick, files[rng.IntN(len(files))])
			}
			im := &ingest.Importer{ChunkSize: 10, Report: func(r annotate.ImportResult) {
				if r.Status == annotate.StatusFailed {
					cmdErr = r.Err
				}
			}}
			if _, err := im.Run(context.Background(), ws, pick); err != nil {
				cmdErr = err
			}
		case "annotate":
			a := arts[rng.IntN(len(arts))]
			start := rng.IntN(max(1, a.Length-40))
			end := min(a.Length, start+3+rng.IntN(40))
			var tags []string
			if len(drillTags) > 0 {
				tags = append(tags, drillTags[rng.IntN(len(drillTags))].ID)
			} else {
				tags = append(tags, cb.Tags()[rng.IntN(cb.Len())].ID)
			}
			note := ""
			if rng.IntN(3) == 0 {
				note = fmt.Sprintf("checked %s %d", vocabulary[rng.IntN(len(vocabulary))], i)
			}
			_, _, cmdErr = ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: start, End: end, TagIDs: tags, Note: note})
			if errors.Is(cmdErr, annotate.ErrInvalid) { // a span of white space or inside a character
				cmdErr = nil
			}
		case "note":
			anns, err := ws.Annotations(arts[rng.IntN(len(arts))].ID)
			if err == nil && len(anns) > 0 {
				_, cmdErr = ws.SetAnnotationNote(anns[rng.IntN(len(anns))].ID, fmt.Sprintf("%s again %d", vocabulary[rng.IntN(len(vocabulary))], i))
			}
		case "rename":
			t := drillTags[rng.IntN(len(drillTags))]
			_, cmdErr = ws.RenameTag(t.ID, fmt.Sprintf("Drill%d", rng.Uint32()))
		case "merge":
			from := drillTags[rng.IntN(len(drillTags))]
			into := drillTags[rng.IntN(len(drillTags))]
			if from.ID != into.ID && !cb.IsDescendant(into.ID, from.ID) {
				_, cmdErr = ws.MergeTag(from.ID, into.ID)
			}
		case "tag":
			parent := ""
			if len(drillTags) > 0 && rng.IntN(2) == 0 {
				parent = drillTags[rng.IntN(len(drillTags))].ID
			}
			_, _, cmdErr = ws.CreateTag(annotate.TagDraft{Name: fmt.Sprintf("Drill%d", rng.Uint32()), ParentID: parent})
		case "undo":
			if _, err := ws.Undo(); !errors.Is(err, annotate.ErrNothingToUndo) {
				cmdErr = err
			}
		case "redo":
			if _, err := ws.Redo(); !errors.Is(err, annotate.ErrNothingToRedo) {
				cmdErr = err
			}
		case "export":
			path := filepath.Join(exports, fmt.Sprintf("export-%d-%d.json", os.Getpid(), i))
			if cmdErr = exportAtomically(ws, path); cmdErr == nil {
				fmt.Fprintf(out, "exp %s\n", path)
			}
		}
		if cmdErr != nil {
			return fail(fmt.Errorf("%s: %w", op, cmdErr))
		}
		if err := ack(); err != nil {
			return fail(err)
		}
	}
}

// exportAtomically writes a Gloss JSON export through a temporary file renamed into place
// once synced, the way the CLI's -o does: a reader sees the whole file or none.
func exportAtomically(ws *annotate.Workspace, path string) error {
	tmp := path + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = exchange.Export(ws, exchange.Selection{}, exchange.GlossJSON, f, exchange.Options{WithText: true})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// TestKillDrill kills the chaos child with SIGKILL at random moments and checks, after
// each kill, that the workspace opens, that its state is exactly the last acknowledged
// one (or that plus the one command in flight, applied whole), that every acknowledged
// export is complete, and that search agrees with the store.
func TestKillDrill(t *testing.T) {
	kills := 6
	if soak() {
		kills = 60
	}
	seed := seedFromEnv(t)
	rng := rand.New(rand.NewPCG(seed, 8))
	root := t.TempDir()
	dir, sources, exports := filepath.Join(root, "ws"), filepath.Join(root, "sources"), filepath.Join(root, "exports")
	writeSources(t, sources, 30, rng)
	os.MkdirAll(exports, 0o755)
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()

	ackedExports := map[string]bool{}
	totalAcks, inFlightApplied, rebuilt := 0, 0, 0
	for round := 0; round < kills; round++ {
		cmd := child("chaos", "GLOSS_DRILL_DIR="+dir, "GLOSS_DRILL_SOURCES="+sources, "GLOSS_DRILL_EXPORTS="+exports,
			"GLOSS_DRILL_SEED_CHILD="+strconv.FormatUint(rng.Uint64(), 10))
		lines, err := lineReader(cmd)
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Mostly kill while commands run; now and then while it opens and catches up.
		if rng.IntN(6) == 0 {
			time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		} else {
			select {
			case <-lines: // the first ack: the workspace and index are open
			case <-time.After(20 * time.Second):
				t.Fatalf("round %d: the child did not start", round)
			}
			time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		var lastRev uint64
		lastHash, inFlight, acks := "", "", 0
		for line := range lines {
			f := strings.Fields(line)
			switch f[0] {
			case "op":
				inFlight = f[1]
			case "ack":
				lastRev, _ = strconv.ParseUint(f[1], 10, 64)
				lastHash, inFlight = f[2], ""
				acks++
			case "exp":
				ackedExports[f[1]] = true
			}
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the child ended with %v before the kill", round, err)
		}
		totalAcks += acks

		ws, err := annotate.Open(dir, annotate.Options{})
		if err != nil {
			t.Fatalf("round %d: the workspace does not open after the kill: %v", round, err)
		}
		if err := checkConsistent(ws); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if lastHash != "" {
			applied, err := checkAcknowledged(ws, lastRev, lastHash, inFlight)
			if err != nil {
				t.Fatalf("round %d (in flight: %q): %v", round, inFlight, err)
			}
			if applied {
				inFlightApplied++
			}
		}
		if err := checkExports(exports, ackedExports); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		progressed := false
		ix, err := search.Open(ws, func(done, total int) { progressed = true })
		if err != nil {
			t.Fatalf("round %d: the search index does not open: %v", round, err)
		}
		if progressed {
			rebuilt++
		}
		if err := checkSearchAgrees(ws, ix); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		ix.Close()
		ws.Close()
	}
	arts, anns := countsOf(t, dir)
	t.Logf("%d kills survived: %d acknowledged commands, %d commands in flight found whole, %d index rebuilds, %d exports; workspace holds %d articles, %d annotations",
		kills, totalAcks, inFlightApplied, rebuilt, len(ackedExports), arts, anns)
}

// checkAcknowledged compares the reopened store with the last acknowledged state. When the
// command in flight committed before the kill, it is undone (or redone, for an undo) to
// show that it was applied whole and the acknowledged state lies just before it; then it
// is applied again.
func checkAcknowledged(ws *annotate.Workspace, rev uint64, hash, inFlight string) (inFlightApplied bool, err error) {
	cur := ws.Revision()
	h, err := stateHash(ws)
	if err != nil {
		return false, err
	}
	switch {
	case cur < rev:
		return false, fmt.Errorf("the store is at revision %d, but revision %d was acknowledged", cur, rev)
	case cur == rev:
		if h != hash {
			return false, fmt.Errorf("the store at the acknowledged revision %d differs from what was acknowledged", rev)
		}
		return false, nil
	case inFlight == "":
		return false, fmt.Errorf("the store is at revision %d past the acknowledged %d with no command in flight", cur, rev)
	}
	back, forth := ws.Undo, ws.Redo
	if inFlight == "undo" {
		back, forth = ws.Redo, ws.Undo
	}
	if _, err := back(); err != nil {
		return true, fmt.Errorf("revert the %s in flight: %v", inFlight, err)
	}
	if h2, _ := stateHash(ws); h2 != hash {
		return true, fmt.Errorf("the %s in flight was applied, and reverting it does not give the acknowledged state", inFlight)
	}
	if _, err := forth(); err != nil {
		return true, fmt.Errorf("re-apply the %s in flight: %v", inFlight, err)
	}
	if h3, _ := stateHash(ws); h3 != h {
		return true, fmt.Errorf("re-applying the %s in flight does not give the state found after the kill", inFlight)
	}
	return true, nil
}

// checkExports: every acknowledged export is there, and every file under a final name is
// complete JSON that reads back as a Gloss export.
func checkExports(dir string, acked map[string]bool) error {
	for p := range acked {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("acknowledged export lost: %v", err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !json.Valid(data) {
			return fmt.Errorf("export %s is not complete JSON (%d bytes)", p, len(data))
		}
		if _, format, _, err := exchange.Read(strings.NewReader(string(data)), p); err != nil || format != "Gloss JSON" {
			return fmt.Errorf("export %s does not read back: %v", p, err)
		}
	}
	return nil
}

func countsOf(t testing.TB, dir string) (articles, annotations int) {
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	return ws.Counts()
}
