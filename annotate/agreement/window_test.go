package agreement

import (
	"slices"
	"testing"

	"gloss.app/gloss/annotate"
)

func TestCoders(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	b := f.article("B", "Strikes hit Kharkiv. Lights went out.")
	f.code("bob", a, "Attacks", "Energy attacks")
	f.code("alice", a, "Talks", "Diplomacy")
	f.code("alice", b, "Strikes", "Energy attacks")
	f.code("alice", b, "Lights", "Energy attacks")
	if _, err := f.ws.MarkDone(b, "carol"); err != nil { // carol coded B with nothing to highlight
		t.Fatal(err)
	}
	d, _ := ListDisagreements(f.ws, Options{ArticleIDs: []string{a}}, f.tag("Energy attacks")) // bob coded A only
	u := d.Units[0]
	if _, _, err := AcceptVersion(f.ws, AcceptRequest{ArticleID: u.ArticleID, Start: u.Start, End: u.End, TagID: d.TagID, Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	got, err := Coders(f.ws)
	if err != nil {
		t.Fatal(err)
	}
	want := []CoderSummary{{"alice", 3, 2}, {"bob", 1, 1}, {"carol", 0, 1}, {annotate.ConsensusAuthor, 1, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Coders = %+v, want %+v", got, want)
	}
}

func TestArticlesWith(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	b := f.article("B", "Strikes hit Kharkiv. Lights went out.")
	f.article("C", "Never coded.")
	x := f.code("alice", a, "Attacks", "Energy attacks")
	y := f.code("alice", a, "Talks", "Diplomacy")
	z := f.code("bob", b, "Strikes", "Energy attacks")
	for _, tc := range []struct {
		ids  []string
		want []string
	}{
		{[]string{x.ID, y.ID}, []string{a}},
		{[]string{y.ID, z.ID}, []string{a, b}},
		{[]string{"no-such-annotation"}, []string{}},
		{nil, []string{}},
	} {
		got, err := ArticlesWith(f.ws, tc.ids)
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if err != nil || !slices.Equal(got, want) || got == nil {
			t.Errorf("ArticlesWith(%v) = %v, %v; want %v", tc.ids, got, err, want)
		}
	}
}

// The browser shows the consensus of each unit and which coder's version it is.
func TestDisagreementConsensus(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Talks stalled", "Energy attacks")
	f.code("bob", a, "Talks", "Energy attacks")
	list := func() (*Disagreements, DisagreementUnit) {
		t.Helper()
		d, err := ListDisagreements(f.ws, Options{Unit: Character}, f.tag("Energy attacks"))
		if err != nil || len(d.Units) != 1 {
			t.Fatalf("%+v %v", d, err)
		}
		return d, d.Units[0]
	}
	d, u := list()
	if u.Consensus.Value != Missing || u.Consensus.Coder != annotate.ConsensusAuthor {
		t.Fatalf("consensus before any decision: %+v", u.Consensus)
	}
	if d.Matches(u.Versions[0], u.Versions[1]) {
		t.Error("alice's and bob's versions match")
	}
	if _, _, err := AcceptVersion(f.ws, AcceptRequest{ArticleID: a, Start: u.Start, End: u.End, TagID: d.TagID, Coder: "alice"}); err != nil {
		t.Fatal(err)
	}
	d, u = list()
	if u.Consensus.Value != 1 || len(u.Consensus.Annotations) != 1 {
		t.Fatalf("consensus after accepting alice's: %+v", u.Consensus)
	}
	if !d.Matches(u.Consensus, u.Versions[0]) || d.Matches(u.Consensus, u.Versions[1]) {
		t.Errorf("consensus matches alice %v, bob %v", d.Matches(u.Consensus, u.Versions[0]), d.Matches(u.Consensus, u.Versions[1]))
	}
	// Consensus is no coder of this run: the versions are alice's and bob's alone.
	if len(u.Versions) != 2 {
		t.Errorf("versions %+v", u.Versions)
	}
	if _, err := f.ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, u = list(); u.Consensus.Value != Missing {
		t.Errorf("consensus after undo: %+v", u.Consensus)
	}
	if _, err := f.ws.MarkDone(a, annotate.ConsensusAuthor); err != nil {
		t.Fatal(err)
	}
	if _, u = list(); u.Consensus.Value != 0 {
		t.Errorf("consensus marked done, nothing on the unit: %+v", u.Consensus)
	}
}

func TestComputeProgress(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 3; i++ {
		a := f.article("A"+string(rune('0'+i)), four+" "+string(rune('A'+i))+".")
		f.code("alice", a, "Attacks", "Energy attacks")
		f.code("bob", a, "Talks", "Energy attacks")
	}
	var calls [][2]int
	f.run(Options{Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if len(calls) == 0 || calls[0] != [2]int{0, 3} || calls[len(calls)-1] != [2]int{3, 3} {
		t.Errorf("progress calls %v", calls)
	}
}

func TestRecodeProgress(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("olha", a, "Attacks resumed", "Energy attacks")
	plan, err := DrawSample(f.ws, SampleOptions{Coder: "olha", Size: SampleSize{Count: 2}, Seed: 7, CodedOnly: false})
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := f.ws.StartRecode(plan)
	if err != nil {
		t.Fatal(err)
	}
	p, err := RecodeProgressOf(f.ws, s)
	if err != nil || len(p.Units) != 2 || p.Recoded != 0 {
		t.Fatalf("progress at start %+v %v", p, err)
	}
	u := s.Units[1]
	text := []rune(four)
	f.code("olha", a, string(text[u.Start:u.End]), "Diplomacy")
	p, _ = RecodeProgressOf(f.ws, s)
	if p.Recoded != 1 || p.Units[0].Recoded || !p.Units[1].Recoded {
		t.Errorf("progress after coding the second unit again %+v", p)
	}
}
