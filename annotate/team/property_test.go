package team

import (
	"math/rand/v2"
	"testing"

	"gloss.app/gloss/annotate"
)

// TestRandomDesksConverge: three analysts make random commands and sync at random
// moments; afterwards every desk, a desk that joins at the end, and a desk that applies
// the whole log in a random order in random chunks all hold the same records.
func TestRandomDesksConverge(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run("", func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			srv := newMemServer()
			clock := newSharedClock()
			desks := []*desk{newDesk(t, srv, clock, "Olha", true)}
			desks[0].sync()
			desks = append(desks, newDesk(t, srv, clock, "Marko", false), newDesk(t, srv, clock, "Iryna", false))
			for _, d := range desks[1:] {
				d.sync()
			}
			for i := 0; i < 600; i++ {
				d := desks[r.IntN(len(desks))]
				kind, err := randomCommand(r, d.ws, d.name)
				if !okError(err) {
					t.Fatalf("%s: %s: %v", d.name, kind, err)
				}
				if r.IntN(15) == 0 {
					d.sync()
				}
			}
			syncAll(desks...)
			sameDumps(t, desks...)
			for _, d := range desks {
				noSiblingsOfOneName(t, d) // the codebook's own rule holds after any mix of commands
			}
			late := newDesk(t, srv, clock, "Late", false)
			late.sync()
			sameDumps(t, desks[0], late)

			// The whole log in a random order.
			shuffled := newDesk(t, srv, clock, "Shuffled", false)
			ops := make([]Op, len(srv.log))
			for i, p := range srv.log {
				ops[i] = p.Op
			}
			r.Shuffle(len(ops), func(i, j int) { ops[i], ops[j] = ops[j], ops[i] })
			for len(ops) > 0 {
				n := min(len(ops), 1+r.IntN(200))
				chunk := ops[:n]
				ops = ops[n:]
				_, err := shuffled.ws.ApplyRemote("", func(rt *annotate.ReplicaTx) error {
					_, _, err := applyPulled(rt, chunk, 0)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			sameDumps(t, desks[0], shuffled)
			arts, anns := desks[0].ws.Counts()
			dups := 0
			for _, d := range desks {
				dups += len(conflictsOfKind(storedConflicts(t, d.ws), "duplicate"))
			}
			t.Logf("seed %d: %d ops in the log, %d articles, %d annotations, %d reports of sibling tags of one name made one", seed, len(srv.log), arts, anns, dups)
		})
	}
}

func conflictsOfKind(cs []Conflict, kind string) []Conflict {
	var out []Conflict
	for _, c := range cs {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}
