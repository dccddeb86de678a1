package cli

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

const agreeText = "Strikes on the grid\n\nRussian drones hit substations in Kharkiv overnight. Power is out in 3 districts.\n" +
	"Mr. Zelensky said talks in Geneva stalled. Officials were charged with corruption."

// agreeWorkspace has two articles coded by alice and bob through the CLI.
func agreeWorkspace(t *testing.T) (dir, a1, a2 string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	ws, err := annotate.Open(dir, annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	r1, err := ws.AddArticle(annotate.ArticleDraft{Title: "Grid", Text: agreeText})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := ws.AddArticle(annotate.ArticleDraft{Title: "Удари", Text: "«Ми вистоїмо!» — сказав В. Зеленський у 2024 р. Удари по енергетиці тривають."})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	a1, a2 = r1.Article.ID, r2.Article.ID
	steps := [][]string{
		{"author", "alice"},
		{"annotate", a1, "--quote", "drones hit substations", "--tag", "Energy attacks"},
		{"annotate", a1, "--quote", "talks in Geneva stalled", "--tag", "Diplomacy"},
		{"annotate", a2, "--quote", "Удари по енергетиці", "--tag", "Energy attacks"},
		{"author", "bob"},
		{"annotate", a1, "--quote", "substations in Kharkiv", "--tag", "Energy attacks"},
		{"annotate", a1, "--quote", "Power is out", "--tag", "Energy attacks"},
		{"annotate", a1, "--quote", "Geneva", "--tag", "Diplomacy"},
	}
	for _, s := range steps {
		if code, _, errOut := run(t, dir, s...); code != ExitOK {
			t.Fatalf("%v: %d %s", s, code, errOut)
		}
	}
	return dir, a1, a2
}

type agreementOut struct {
	Unit     string         `json:"unit"`
	Coders   []string       `json:"coders"`
	Coded    map[string]int `json:"coded_articles"`
	Articles int            `json:"articles"`
	Tags     []map[string]any
	Overall  map[string]any
	Notes    []string
}

func TestAgreementCommandJSON(t *testing.T) {
	dir, _, a2 := agreeWorkspace(t)
	code, out, errOut := run(t, dir, "agreement", "--json", "--tag", "Energy attacks", "--tag", "Corruption")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	rep := decode[agreementOut](t, out)
	if rep.Unit != "sentence" || strings.Join(rep.Coders, ",") != "alice,bob" || rep.Coded["bob"] != 1 || rep.Articles != 2 || len(rep.Tags) != 2 {
		t.Fatalf("report %+v", rep)
	}
	energy := rep.Tags[0]
	hasKeys(t, "tag", energy, "tag", "units", "observed", "cohen_kappa", "fleiss_kappa", "alpha", "u_alpha", "pairable_values", "coders", "notes")
	// Sentences of the first article (bob did not code the second): alice 01000, bob 01100.
	if energy["tag"] != "Military developments/Energy attacks" || energy["units"] != float64(7) || energy["pairable_values"] != float64(10) {
		t.Errorf("energy %v", energy)
	}
	if v, ok := energy["observed"].(float64); !ok || v != 0.8 {
		t.Errorf("observed %v", energy["observed"])
	}
	corruption := rep.Tags[1]
	if corruption["used"] != false || corruption["alpha"] != nil || corruption["cohen_kappa"] != nil {
		t.Errorf("unused tag: %v", corruption)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "Corruption: nobody gave this tag") {
		t.Errorf("notes %q", rep.Notes)
	}
	hasKeys(t, "overall", rep.Overall, "alpha", "u_alpha", "units")

	// bob's done mark makes his silence in the second article count.
	if code, out, _ := run(t, dir, "article", "done", "--as", "bob", a2[:8]); code != ExitOK || !strings.Contains(out, "done for bob") {
		t.Fatalf("done: %d %q", code, out)
	}
	_, out, _ = run(t, dir, "agreement", "--json", "--tag", "Energy attacks")
	if rep := decode[agreementOut](t, out); rep.Coded["bob"] != 2 || rep.Tags[0]["pairable_values"] != float64(14) {
		t.Errorf("after the done mark: %+v", rep)
	}
}

func TestAgreementCommandText(t *testing.T) {
	dir, _, _ := agreeWorkspace(t)
	code, out, errOut := run(t, dir, "agreement")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	for _, want := range []string{"Agreement of 2 coders on the sentences of 2 articles", "alice (2 articles), bob (1 article)",
		"Cohen κ", "  Energy attacks", "overall (used tags pooled)", "Notes:", "u-alpha uses the 1 of 2 articles"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Units, coders and the query narrow it.
	code, out, _ = run(t, dir, "agreement", "--unit", "article", "--coders", "alice,bob", "--tag", "Diplomacy")
	if code != ExitOK || !strings.Contains(out, "on the articles of 2 articles") || !strings.Contains(out, "Diplomacy") {
		t.Errorf("article unit: %d\n%s", code, out)
	}
	code, out, _ = run(t, dir, "agreement", "--csv", "--tag", "Diplomacy")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != ExitOK || len(lines) != 3 || !strings.HasPrefix(lines[0], "tag,tag_id,used") || !strings.HasPrefix(lines[1], "Diplomacy,") {
		t.Errorf("csv: %d\n%s", code, out)
	}
	code, out, _ = run(t, dir, "agreement", "--json", "--query", "quote:Удари")
	if rep := decode[agreementOut](t, out); code != ExitOK || rep.Articles != 1 || strings.Join(rep.Coders, ",") != "alice" {
		t.Errorf("query: %d %+v", code, rep)
	}
}

func TestAgreementUsageErrors(t *testing.T) {
	dir, _, _ := agreeWorkspace(t)
	cases := [][]string{
		{"agreement", "--unit", "word"},
		{"agreement", "--coders", "alice"},
		{"agreement", "extra"},
		{"agreement", "--json", "--csv"},
		{"disagreements"},
		{"consensus"},
		{"consensus", "accept", "nounit", "--tag", "Diplomacy", "--from", "bob"},
		{"article", "frobnicate"},
		{"recode", "start", "--sample", "0%"},
		{"recode", "start", "--unit", "character"},
		{"recode", "stop", "--keep", "neither"},
	}
	for _, args := range cases {
		code, _, errOut := run(t, dir, args...)
		if code != ExitUsage || !strings.HasPrefix(errOut, "gloss: ") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	if code, _, errOut := run(t, dir, "agreement", "--tag", "No such tag"); code != ExitFailed || !strings.Contains(errOut, "no tag") {
		t.Errorf("unknown tag: %d %q", code, errOut)
	}
}

func TestDisagreementsAndConsensus(t *testing.T) {
	dir, a1, _ := agreeWorkspace(t)
	code, out, errOut := run(t, dir, "disagreements", "--tag", "Energy attacks")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	if !strings.Contains(out, "1 sentence where the coders disagree") || !strings.Contains(out, `"Power is out in 3 districts."`) ||
		!strings.Contains(out, "bob          1") || !strings.Contains(out, "alice        0") {
		t.Fatalf("listing:\n%s", out)
	}
	code, out, _ = run(t, dir, "disagreements", "--tag", "Energy attacks", "--json")
	d := decode[struct {
		Total int `json:"total"`
		Units []struct {
			Unit     string `json:"unit"`
			Versions []struct {
				Coder       string           `json:"coder"`
				Value       *int             `json:"value"`
				Annotations []map[string]any `json:"annotations"`
			} `json:"versions"`
		} `json:"units"`
	}](t, out)
	if code != ExitOK || d.Total != 1 || len(d.Units[0].Versions) != 2 || *d.Units[0].Versions[1].Value != 1 {
		t.Fatalf("json %+v", d)
	}
	unit := d.Units[0].Unit
	if !strings.HasPrefix(unit, a1+":") {
		t.Fatalf("unit %q", unit)
	}
	code, out, errOut = run(t, dir, "consensus", "accept", unit, "--tag", "Energy attacks", "--from", "bob")
	if code != ExitOK || !strings.Contains(out, "Accepted bob's version") || !strings.Contains(out, `"Power is out"`) {
		t.Fatalf("accept: %d %q %q", code, out, errOut)
	}
	_, out, _ = run(t, dir, "show", a1, "--json")
	show := decode[struct {
		Annotations []annotationJSON `json:"annotations"`
	}](t, out)
	n := 0
	for _, a := range show.Annotations {
		if a.Author == annotate.ConsensusAuthor {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d consensus annotations", n)
	}
	// Left out of agreement by default, in with --consensus.
	_, out, _ = run(t, dir, "agreement", "--json", "--consensus", "--tag", "Energy attacks")
	if rep := decode[agreementOut](t, out); len(rep.Coders) != 3 {
		t.Errorf("coders with --consensus: %v", rep.Coders)
	}
	_, out, _ = run(t, dir, "agreement", "--json", "--tag", "Energy attacks")
	if rep := decode[agreementOut](t, out); len(rep.Coders) != 2 {
		t.Errorf("coders without --consensus: %v", rep.Coders)
	}
	if code, out, _ := run(t, dir, "undo"); code != ExitOK || !strings.Contains(out, "Accepted bob's version") {
		t.Errorf("undo: %q", out)
	}
	if code, _, errOut := run(t, dir, "consensus", "accept", unit, "--tag", "Energy attacks", "--from", "carol"); code != ExitFailed || !strings.Contains(errOut, "carol did not code") {
		t.Errorf("carol: %d %q", code, errOut)
	}
}

func TestArticleDoneCommands(t *testing.T) {
	dir, a1, _ := agreeWorkspace(t)
	if code, out, _ := run(t, dir, "article", "done", a1); code != ExitOK || !strings.Contains(out, "done for bob") {
		t.Fatalf("done: %q", out) // bob is the author set last
	}
	code, out, _ := run(t, dir, "article", "done", "--list", "--json")
	list := decode[[]doneJSON](t, out)
	if code != ExitOK || len(list) != 1 || list[0].Coder != "bob" || list[0].Article != a1 {
		t.Fatalf("list %+v", list)
	}
	if code, _, errOut := run(t, dir, "article", "undone", "--as", "alice", a1); code != ExitFailed || !strings.Contains(errOut, "not marked done for alice") {
		t.Errorf("undone for alice: %d %q", code, errOut)
	}
	if code, _, _ := run(t, dir, "article", "undone", a1); code != ExitOK {
		t.Error("undone")
	}
	if _, out, _ := run(t, dir, "article", "done", "--list"); !strings.Contains(out, "No article is marked done") {
		t.Errorf("list after undone: %q", out)
	}
	if code, _, errOut := run(t, dir, "article", "undone", "--list"); code != ExitUsage || !strings.Contains(errOut, "does not take --list") {
		t.Errorf("a flag of another verb: %d %q", code, errOut)
	}
}

// A group takes verbs registered by any file, in any order; verbs may share a flag.
func TestGroupExtension(t *testing.T) {
	var got []string
	addSubcommand("testgroup", &subcommand{name: "b", args: "ARG", summary: "second",
		setup: func(fs *flag.FlagSet) {
			fs.String("shared", "", "")
			fs.Bool("only-b", false, "")
		},
		run: func(c *Context, fs *flag.FlagSet, args []string) error {
			got = append(got, "b:"+flagString(fs, "shared")+":"+strings.Join(args, ","))
			return nil
		}})
	addSubcommand("testgroup", &subcommand{name: "a", summary: "first",
		setup: func(fs *flag.FlagSet) { fs.String("shared", "", "") },
		run: func(c *Context, fs *flag.FlagSet, args []string) error {
			got = append(got, "a:"+flagString(fs, "shared"))
			return nil
		}})
	t.Cleanup(func() { delete(commands, "testgroup"); delete(groups, "testgroup") })
	if args := commands["testgroup"].args; args != "a | b ARG" {
		t.Errorf("usage %q", args)
	}
	dir := t.TempDir()
	if code, _, errOut := run(t, dir, "testgroup", "a", "--shared", "x"); code != ExitOK {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, dir, "testgroup", "b", "y", "--shared", "z", "--only-b"); code != ExitOK {
		t.Fatal(errOut)
	}
	if strings.Join(got, " ") != "a:x b:z:y" {
		t.Errorf("ran %v", got)
	}
	if code, _, errOut := run(t, dir, "testgroup", "a", "--only-b"); code != ExitUsage || !strings.Contains(errOut, "testgroup a does not take --only-b") {
		t.Errorf("%d %q", code, errOut)
	}
	if code, _, errOut := run(t, dir, "testgroup", "c"); code != ExitUsage || !strings.Contains(errOut, "there are: a, b") {
		t.Errorf("%d %q", code, errOut)
	}
}
