package agreement

import (
	"errors"
	"testing"

	"gloss.app/gloss/annotate"
)

// While a team project codes blind, coders are not compared (whoever calls), until the
// lead reveals everyone's annotations.
func TestNoComparisonWhileBlind(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Talks stalled", "Energy attacks")
	tag := f.tag("Energy attacks")
	setBlind := func(on bool) {
		t.Helper()
		if _, err := f.ws.ApplyRemote("", func(rt *annotate.ReplicaTx) error { return rt.SetIdentity("alice", on) }); err != nil {
			t.Fatal(err)
		}
	}
	calls := map[string]func() error{
		"Compute":           func() error { _, err := Compute(f.ws, Options{}); return err },
		"ListDisagreements": func() error { _, err := ListDisagreements(f.ws, Options{}, tag); return err },
		"AcceptVersion": func() error {
			_, _, err := AcceptVersion(f.ws, AcceptRequest{ArticleID: a, Start: 0, End: 1, TagID: tag, Coder: "bob"})
			return err
		},
	}
	setBlind(true)
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrBlind) {
			t.Errorf("%s while blind: %v", name, err)
		}
	}
	setBlind(false)
	for name, call := range calls {
		if name == "AcceptVersion" {
			continue // its own checks of the unit follow
		}
		if err := call(); err != nil {
			t.Errorf("%s after the reveal: %v", name, err)
		}
	}
}
