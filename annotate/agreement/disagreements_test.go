package agreement

import (
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

func TestListDisagreements(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	b := f.article("B", "Strikes hit Kharkiv. Lights went out.")
	f.code("alice", a, "Attacks resumed", "Energy attacks")
	f.code("bob", a, "Attacks", "Energy attacks") // agree on sentence 2
	f.code("alice", a, "Talks stalled", "Energy attacks")
	bo := f.code("bob", a, "Aid arrived", "Energy attacks")
	f.code("alice", b, "Strikes hit", "Energy attacks") // bob did not code B: no disagreement there
	d, err := ListDisagreements(f.ws, Options{}, f.tag("Energy attacks"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Units) != 2 {
		t.Fatalf("%d units: %+v", len(d.Units), d.Units)
	}
	u := d.Units[0]
	if u.Text != "Talks stalled." || u.ArticleID != a || len(u.Versions) != 2 {
		t.Fatalf("first unit %+v", u)
	}
	if u.Versions[0].Coder != "alice" || u.Versions[0].Value != 1 || len(u.Versions[0].Annotations) != 1 ||
		u.Versions[1].Value != 0 || len(u.Versions[1].Annotations) != 0 {
		t.Errorf("versions %+v", u.Versions)
	}
	if d.Units[1].Text != "Aid arrived." || d.Units[1].Versions[1].Annotations[0].ID != bo.ID {
		t.Errorf("second unit %+v", d.Units[1])
	}
	// Characters: runs where exactly one coder highlighted.
	c, err := ListDisagreements(f.ws, Options{Unit: Character, ArticleIDs: []string{a}}, f.tag("Energy attacks"))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, u := range c.Units {
		texts = append(texts, u.Text)
	}
	if got := strings.Join(texts, "|"); got != " resumed|Talks stalled|Aid arrived" {
		t.Errorf("character runs %q", got)
	}
}

func TestAcceptVersionFromDisagreement(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("alice", a, "Talks stalled", "Energy attacks")
	f.code("bob", a, "Talks", "Diplomacy") // bob coded A, but not this tag here
	d, _ := ListDisagreements(f.ws, Options{}, f.tag("Energy attacks"))
	if len(d.Units) != 1 {
		t.Fatalf("%+v", d.Units)
	}
	u := d.Units[0]
	created, _, err := AcceptVersion(f.ws, AcceptRequest{ArticleID: u.ArticleID, Start: u.Start, End: u.End, TagID: d.TagID, Coder: "alice"})
	if err != nil || len(created) != 1 || created[0].Author != annotate.ConsensusAuthor || created[0].Exact != "Talks stalled" {
		t.Fatalf("accept alice: %+v %v", created, err)
	}
	// Consensus joins as a coder only when asked.
	if rep := f.run(Options{Consensus: true}); len(rep.Coders) != 3 {
		t.Errorf("coders %v", rep.Coders)
	}
	// Bob's version is "nothing here".
	if _, _, err := AcceptVersion(f.ws, AcceptRequest{ArticleID: u.ArticleID, Start: u.Start, End: u.End, TagID: d.TagID, Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	anns, _ := f.ws.Annotations(a)
	for _, an := range anns {
		if an.Author == annotate.ConsensusAuthor {
			t.Errorf("consensus left after accepting nothing: %+v", an)
		}
	}
	if _, _, err := AcceptVersion(f.ws, AcceptRequest{ArticleID: u.ArticleID, Start: u.Start, End: u.End, TagID: d.TagID, Coder: "carol"}); err == nil {
		t.Error("accepted the version of someone who did not code the article")
	}
	// Undo brings alice's version back.
	if _, err := f.ws.Undo(); err != nil {
		t.Fatal(err)
	}
	anns, _ = f.ws.Annotations(a)
	n := 0
	for _, an := range anns {
		if an.Author == annotate.ConsensusAuthor {
			n++
		}
	}
	if n != 1 {
		t.Errorf("after undo %d consensus annotations, want 1", n)
	}
}

func TestParseSampleSize(t *testing.T) {
	cases := []struct {
		in   string
		want SampleSize
		bad  bool
	}{
		{"10%", SampleSize{Fraction: 0.1}, false},
		{" 2.5 %", SampleSize{Fraction: 0.025}, false},
		{"100%", SampleSize{Fraction: 1}, false},
		{"25", SampleSize{Count: 25}, false},
		{"0%", SampleSize{}, true},
		{"150%", SampleSize{}, true},
		{"0", SampleSize{}, true},
		{"ten", SampleSize{}, true},
	}
	for _, tc := range cases {
		got, err := ParseSampleSize(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && got != tc.want) {
			t.Errorf("ParseSampleSize(%q) = %+v, %v", tc.in, got, err)
		}
	}
	if n := (SampleSize{Fraction: 0.1}).of(3); n != 1 {
		t.Errorf("10%% of 3 = %d, want at least 1", n)
	}
	if n := (SampleSize{Count: 50}).of(3); n != 3 {
		t.Errorf("50 of 3 = %d", n)
	}
}

func TestDrawSample(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	b := f.article("B", "Strikes hit Kharkiv. Lights went out.")
	f.article("C", "Never coded. By anyone.")
	f.code("olha", a, "Attacks resumed", "Energy attacks")
	if _, err := f.ws.MarkDone(b, "olha"); err != nil {
		t.Fatal(err)
	}
	f.code("bob", f.article("D", "Bob's article. Only his."), "Bob's article", "Diplomacy")
	if err := f.ws.SetAuthor("olha"); err != nil {
		t.Fatal(err)
	}
	plan, err := DrawSample(f.ws, SampleOptions{Size: SampleSize{Fraction: 1}, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Every sentence of A and B (olha's articles), none of C or D.
	if plan.Population != 6 || len(plan.Units) != 6 || plan.Coder != "olha" || plan.Seed != 3 {
		t.Fatalf("plan %+v", plan)
	}
	for _, u := range plan.Units {
		if u.ArticleID != a && u.ArticleID != b {
			t.Errorf("unit of article %s", u.ArticleID)
		}
	}
	// The same seed draws the same sample; a share rounds.
	p1, _ := DrawSample(f.ws, SampleOptions{Size: SampleSize{Fraction: 0.5}, Seed: 42})
	p2, _ := DrawSample(f.ws, SampleOptions{Size: SampleSize{Fraction: 0.5}, Seed: 42})
	if len(p1.Units) != 3 || len(p2.Units) != 3 {
		t.Fatalf("50%% of 6: %d", len(p1.Units))
	}
	for i := range p1.Units {
		if p1.Units[i] != p2.Units[i] {
			t.Errorf("same seed, different samples: %v %v", p1.Units, p2.Units)
		}
	}
	coded, err := DrawSample(f.ws, SampleOptions{Size: SampleSize{Count: 10}, CodedOnly: true, Seed: 1})
	if err != nil || coded.Population != 1 || coded.Units[0].Start != 15 {
		t.Fatalf("coded only: %+v %v", coded, err)
	}
	if _, err := DrawSample(f.ws, SampleOptions{Coder: "nobody", Size: SampleSize{Count: 1}}); err == nil {
		t.Error("a coder who coded nothing got a sample")
	}
	if _, err := DrawSample(f.ws, SampleOptions{Unit: Character, Size: SampleSize{Count: 1}}); err == nil {
		t.Error("a sample of characters")
	}
}

func TestRecodeResult(t *testing.T) {
	f := newFixture(t)
	a := f.article("A", four)
	f.code("olha", a, "The grid held", "Energy attacks")
	f.code("olha", a, "Attacks resumed", "Energy attacks")
	f.code("olha", a, "Talks stalled", "Diplomacy")
	plan, err := DrawSample(f.ws, SampleOptions{Size: SampleSize{Fraction: 1}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := f.ws.StartRecode(plan)
	if err != nil {
		t.Fatal(err)
	}
	res, err := RecodeResultOf(f.ws, s, false)
	if err != nil || res.Recoded != 0 || res.Units != 4 {
		t.Fatalf("before re-coding: %+v %v", res, err)
	}
	// Second time: Energy attacks on sentences 1 and 3 (one agreement, two changes),
	// Diplomacy as before.
	f.code("olha", a, "The grid", "Energy attacks")
	f.code("olha", a, "Talks stalled", "Energy attacks", "Diplomacy")
	res, err = RecodeResultOf(f.ws, s, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Recoded != 2 || len(res.Tags) != 2 {
		t.Fatalf("recoded %d, %d tags", res.Recoded, len(res.Tags))
	}
	byPath := map[string]TagReport{}
	for _, tr := range res.Tags {
		byPath[tr.Path] = tr
	}
	energy := byPath["Military developments/Energy attacks"]
	// first 1100, second 1010: Po = .5, κ = 0; α = 1 − (4/8)/(2·4·4/56) = .125.
	want := Analyze(binary("1100", "1010"))
	near(t, "Energy alpha", energy.Alpha, want.Alpha.Float())
	near(t, "Energy Cohen", energy.CohenKappa, 0)
	dip := byPath["Diplomacy"]
	if dip.Path == "" {
		t.Fatalf("no Diplomacy row in %+v", byPath)
	}
	near(t, "Diplomacy observed", dip.Observed, 1)
	// Stopping keeps both codings in the session: the result stays the same.
	stopped, _, err := f.ws.StopRecode("")
	if err != nil {
		t.Fatal(err)
	}
	after, err := RecodeResultOf(f.ws, stopped, false)
	if err != nil {
		t.Fatal(err)
	}
	if after.Tags[0].Alpha.Float() != res.Tags[0].Alpha.Float() && !(after.Tags[0].Alpha.V == nil && res.Tags[0].Alpha.V == nil) {
		t.Errorf("result changed after stop: %v → %v", res.Tags[0].Alpha, after.Tags[0].Alpha)
	}
}
