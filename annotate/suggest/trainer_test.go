package suggest

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// waitFor polls cond for up to 10 s (the machine may be loaded).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTrainerFollowsTheWorkspace(t *testing.T) {
	ws, tags := energyWorkspace(t)
	var published atomic.Int32
	tr := NewTrainer(ws, TrainerOptions{Debounce: 20 * time.Millisecond, Poll: 10 * time.Millisecond,
		OnTrained: func(*Model) { published.Add(1) }})
	defer tr.Close()
	waitFor(t, "the first model", func() bool { return tr.Model() != nil })
	m := tr.Model()
	if m.Revision != ws.Revision() {
		t.Errorf("model revision %d, store %d", m.Revision, ws.Revision())
	}
	if st, _ := m.Tag(tags["Energy attacks"]); !st.Trained {
		t.Errorf("energy not trained: %+v", st)
	}

	// A change made elsewhere (seen by polling the revision) gives a new snapshot; the
	// old one stays usable meanwhile.
	art := addArticle(t, ws, "Lviv", "Missiles hit a substation in Lviv overnight. Prosecutors in Lviv charged an official with taking bribes.")
	waitFor(t, "a retrained model", func() bool { return tr.Model().Revision == ws.Revision() })
	if got, err := m.SuggestArticle(ws, art.ID, nil, 0); err != nil || len(got) != 1 {
		t.Errorf("old snapshot: %+v, %v", got, err)
	}
	got, err := tr.Suggest(art.ID, nil, 0)
	if err != nil || len(got) != 1 {
		t.Fatalf("trainer suggest: %+v, %v", got, err)
	}
	// Rejecting is a change too: the next model counts the rejection.
	if _, _, err := ws.RejectSuggestion(got[0].Ref()); err != nil {
		t.Fatal(err)
	}
	tr.Changed()
	waitFor(t, "the rejection learnt", func() bool {
		st, _ := tr.Model().Tag(tags["Energy attacks"])
		return st.Rejected == 1
	})
	if published.Load() < 3 {
		t.Errorf("OnTrained told %d times", published.Load())
	}
	st := tr.Status()
	if st.Err != nil || st.Revision != ws.Revision() || st.TrainedAt.IsZero() {
		t.Errorf("status %+v", st)
	}

	// Switching suggestions off is seen too; Suggest says so.
	if err := ws.SetSuggestionsOn(false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the switch", func() bool { return tr.Model().Settings.Off })
	if _, err := tr.Suggest(art.ID, nil, 0); !errors.Is(err, ErrSuggestionsOff) {
		t.Errorf("off: %v", err)
	}
}

// A burst of changes trains once, after the pause.
func TestTrainerDebounces(t *testing.T) {
	ws, _ := energyWorkspace(t)
	var published atomic.Int32
	tr := NewTrainer(ws, TrainerOptions{Debounce: 300 * time.Millisecond, Poll: -1,
		OnTrained: func(*Model) { published.Add(1) }})
	defer tr.Close()
	waitFor(t, "the first model", func() bool { return published.Load() == 1 })
	for i := 0; i < 5; i++ {
		tr.Changed()
		time.Sleep(20 * time.Millisecond)
	}
	if !tr.Status().Pending {
		t.Error("a change is not pending during the pause")
	}
	waitFor(t, "the retraining", func() bool { return published.Load() == 2 })
	time.Sleep(400 * time.Millisecond)
	if n := published.Load(); n != 2 {
		t.Errorf("trained %d times for one burst", n)
	}
}

func TestTrainerBeforeFirstModel(t *testing.T) {
	ws := openTemp(t)
	art := addArticle(t, ws, "x", "Missiles hit a substation in Lviv overnight.")
	tr := &Trainer{ws: ws}
	if _, err := tr.Suggest(art.ID, nil, 0); !errors.Is(err, ErrNoModel) {
		t.Errorf("before the first model: %v", err)
	}
	if err := ws.SetSuggestionsOn(false); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Suggest(art.ID, nil, 0); !errors.Is(err, ErrSuggestionsOff) {
		t.Errorf("off before the first model: %v", err)
	}
}
