package cli

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
)

func init() {
	selection := func(fs *flag.FlagSet) {
		fs.Var(&stringList{}, "coders", "the coders to compare, comma-separated or repeated (default: every author in the selection)")
		fs.String("unit", "sentence", "sentence, paragraph, article or character")
		fs.Bool("rollup", false, "count an annotation with a sub-tag for each tag above it too")
		fs.Bool("consensus", false, "include the consensus annotations as one more coder")
		fs.String("query", "", "only the articles holding an annotation this search query finds")
	}
	register(&command{
		name: "agreement", args: "[--coders A,B,...] [--unit sentence|paragraph|article|character] [--tag T]... [--rollup] [--consensus] [--query Q] [--json|--csv]",
		summary: "inter-coder agreement per tag: observed, Cohen's and Fleiss' kappa, Krippendorff's alpha and u-alpha",
		setup: func(fs *flag.FlagSet) {
			selection(fs)
			fs.Var(&stringList{}, "tag", "a tag to report, by name or path (repeatable; default: every tag)")
			fs.Bool("csv", false, "print the table as CSV (one row per tag, then overall)")
		},
		run: runAgreement,
	})
	register(&command{
		name: "disagreements", args: "--tag T [--coders A,B,...] [--unit U] [--rollup] [--query Q] [--limit N] [--json]",
		summary: "list the units where coders disagree on a tag, with each coder's version",
		setup: func(fs *flag.FlagSet) {
			selection(fs)
			fs.String("tag", "", "the tag, by name or path")
			fs.Int("limit", 50, "units to print (0: all)")
		},
		run: runDisagreements,
	})
	describeGroup("consensus", "settle disagreements: make one coder's version of a unit the consensus")
	addSubcommand("consensus", &subcommand{
		name: "accept", args: "ARTICLE:START-END --tag T --from CODER [--rollup]",
		summary: "make a coder's version of a unit (as gloss disagreements lists it) the consensus (undoable)",
		setup: func(fs *flag.FlagSet) {
			fs.String("tag", "", "the tag under review, by name or path")
			fs.String("from", "", "the coder whose version is accepted")
			fs.Bool("rollup", false, "the tag's sub-tags are under review with it")
		},
		run: runAccept,
	})
}

func flagBool(fs *flag.FlagSet, name string) bool { return fs.Lookup(name).Value.String() == "true" }

// openAgreement opens the workspace and reads the selection flags and the codebook.
func openAgreement(c *Context, fs *flag.FlagSet) (*annotate.Workspace, agreement.Options, *annotate.Codebook, error) {
	ws, err := c.open()
	if err != nil {
		return nil, agreement.Options{}, nil, err
	}
	opts, err := agreementOptions(c, fs, ws)
	if err != nil {
		return nil, opts, nil, err
	}
	cb, err := ws.Codebook()
	return ws, opts, cb, err
}

// agreementOptions reads the selection flags shared by agreement and disagreements.
func agreementOptions(c *Context, fs *flag.FlagSet, ws *annotate.Workspace) (agreement.Options, error) {
	unit, err := agreement.ParseUnit(flagString(fs, "unit"))
	if err != nil {
		return agreement.Options{}, usagef("--unit: %v", err)
	}
	opts := agreement.Options{Unit: unit, Rollup: flagBool(fs, "rollup"), Consensus: flagBool(fs, "consensus")}
	for _, v := range *fs.Lookup("coders").Value.(*stringList) {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				opts.Coders = append(opts.Coders, name)
			}
		}
	}
	if flagSet(fs, "coders") && len(opts.Coders) < 2 {
		return opts, usagef("--coders needs two coders or more, like --coders alice,bob")
	}
	if opts.Consensus && len(opts.Coders) > 0 {
		opts.Coders = append(opts.Coders, annotate.ConsensusAuthor)
	}
	if q := flagString(fs, "query"); flagSet(fs, "query") {
		ids, err := c.queryArticles(ws, q)
		if err != nil {
			return opts, fmt.Errorf("--query %q: %w", q, err)
		}
		opts.ArticleIDs = ids
	}
	return opts, nil
}

// queryArticles returns the articles holding an annotation the query finds.
func (c *Context) queryArticles(ws *annotate.Workspace, q string) ([]string, error) {
	ids, err := c.queryAnnotations(q)
	if err != nil {
		return nil, err
	}
	return agreement.ArticlesWith(ws, ids)
}

func resolveTag(cb *annotate.Codebook, ref string) (string, error) {
	t, err := cb.Resolve(ref)
	if err != nil {
		return "", err
	}
	return t.ID, nil
}

func runAgreement(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("agreement takes no arguments (give tags with --tag)")
	}
	if c.JSON && flagBool(fs, "csv") {
		return usagef("choose --json or --csv, not both")
	}
	ws, opts, cb, err := openAgreement(c, fs)
	if err != nil {
		return err
	}
	for _, ref := range *fs.Lookup("tag").Value.(*stringList) {
		id, err := resolveTag(cb, ref)
		if err != nil {
			return err
		}
		opts.TagIDs = append(opts.TagIDs, id)
	}
	rep, err := agreement.Compute(ws, opts)
	if err != nil {
		return err
	}
	switch {
	case c.JSON:
		return c.printJSON(toAgreementJSON(rep))
	case flagBool(fs, "csv"):
		return agreement.WriteCSV(c.Stdout, rep)
	}
	printAgreement(c.Stdout, rep, cb, "", len(opts.TagIDs) == 0)
	return nil
}

// The JSON of `gloss agreement` (and of `gloss recode result`).

type measuresJSON struct {
	Tag            string   `json:"tag,omitempty"`
	TagID          string   `json:"tag_id,omitempty"`
	Used           bool     `json:"used"`
	Units          int64    `json:"units"`
	PairableUnits  int64    `json:"pairable_units"`
	PairableValues int64    `json:"pairable_values"`
	CompleteUnits  int64    `json:"complete_units"`
	Coders         int      `json:"coders"`
	Observed       *float64 `json:"observed"`
	Expected       *float64 `json:"expected"`
	CohenKappa     *float64 `json:"cohen_kappa"`
	FleissKappa    *float64 `json:"fleiss_kappa"`
	Alpha          *float64 `json:"alpha"`
	UAlpha         *float64 `json:"u_alpha"`
	UAlphaArticles int      `json:"u_alpha_articles"`
	UAlphaLength   int64    `json:"u_alpha_length"`
	Notes          []string `json:"notes"`
}

type agreementJSON struct {
	Unit      string         `json:"unit"`
	Coders    []string       `json:"coders"`
	Coded     map[string]int `json:"coded_articles"`
	Articles  int            `json:"articles"`
	Rollup    bool           `json:"rollup"`
	Tags      []measuresJSON `json:"tags"`
	Overall   measuresJSON   `json:"overall"`
	MeanAlpha *float64       `json:"mean_alpha"`
	Notes     []string       `json:"notes"`
}

func round(v agreement.Value) *float64 {
	if v.V == nil {
		return nil
	}
	r := math.Round(*v.V*1e6) / 1e6
	return &r
}

func toMeasuresJSON(tr agreement.TagReport) measuresJSON {
	notes := tr.Notes
	if notes == nil {
		notes = []string{}
	}
	return measuresJSON{Tag: tr.Path, TagID: tr.TagID, Used: tr.Used, Units: tr.Units, PairableUnits: tr.PairableUnits,
		PairableValues: tr.Pairable, CompleteUnits: tr.CompleteUnits, Coders: tr.Coding.Coders,
		Observed: round(tr.Observed), Expected: round(tr.Expected), CohenKappa: round(tr.CohenKappa),
		FleissKappa: round(tr.FleissKappa), Alpha: round(tr.Alpha), UAlpha: round(tr.UAlpha),
		UAlphaArticles: tr.UAlphaArticles, UAlphaLength: tr.UAlphaLength, Notes: notes}
}

func toAgreementJSON(rep *agreement.Report) agreementJSON {
	out := agreementJSON{Unit: string(rep.Unit), Coders: rep.Coders, Coded: map[string]int{}, Articles: rep.Articles,
		Rollup: rep.Rollup, Tags: []measuresJSON{}, Overall: toMeasuresJSON(rep.Overall), MeanAlpha: round(rep.MeanAlpha),
		Notes: append([]string{}, rep.Notes...)}
	if out.Coders == nil {
		out.Coders = []string{}
	}
	for i, name := range rep.Coders {
		out.Coded[name] = rep.Coded[i]
	}
	for _, tr := range rep.Tags {
		out.Tags = append(out.Tags, toMeasuresJSON(tr))
		for _, n := range tr.Notes {
			out.Notes = append(out.Notes, tr.Path+": "+n)
		}
	}
	for _, n := range rep.Overall.Notes {
		out.Notes = append(out.Notes, "overall: "+n)
	}
	return out
}

func fmtValue(v agreement.Value) string {
	if v.V == nil {
		return "-"
	}
	return strconv.FormatFloat(*v.V, 'f', 3, 64)
}

// unitCount names n units: "1 sentence", "3 stretches of characters".
func unitCount(u agreement.Unit, n int) string {
	if u == agreement.Character {
		return plural2(n, "stretch of characters", "stretches of characters")
	}
	if n == 1 {
		return string(u)
	}
	return unitNames[u]
}

var unitNames = map[agreement.Unit]string{agreement.Sentence: "sentences", agreement.Paragraph: "paragraphs",
	agreement.Article: "articles", agreement.Character: "characters"}

func printAgreement(w io.Writer, rep *agreement.Report, cb *annotate.Codebook, heading string, tree bool) {
	if heading == "" {
		var coded []string
		for i, name := range rep.Coders {
			coded = append(coded, fmt.Sprintf("%s (%d %s)", name, rep.Coded[i], plural2(rep.Coded[i], "article", "articles")))
		}
		heading = fmt.Sprintf("Agreement of %d coders on the %s of %d %s: %s", len(rep.Coders), unitNames[rep.Unit],
			rep.Articles, plural2(rep.Articles, "article", "articles"), strings.Join(coded, ", "))
		if len(rep.Coders) == 0 {
			heading = "No coder has coded an article in the selection."
		}
		if rep.Rollup {
			heading += " (sub-tags rolled up)"
		}
	}
	fmt.Fprintln(w, heading)
	fmt.Fprintln(w)
	table := [][]string{{"tag", "units", "pairable", "observed", "Cohen κ", "Fleiss κ", "alpha", "u-alpha"}}
	row := func(name string, tr agreement.TagReport) {
		r := []string{name, strconv.FormatInt(tr.Units, 10), strconv.FormatInt(tr.Pairable, 10), fmtValue(tr.Observed)}
		if !tr.Used && tr.Path != "" {
			r = append(r, "-", "-", "-", "-")
		} else {
			r = append(r, fmtValue(tr.CohenKappa), fmtValue(tr.FleissKappa), fmtValue(tr.Alpha), fmtValue(tr.UAlpha))
		}
		table = append(table, r)
	}
	for _, tr := range rep.Tags {
		name := tr.Path
		if tag, ok := cb.Tag(tr.TagID); ok && tree {
			name = strings.Repeat("  ", cb.Depth(tr.TagID)) + tag.Name
		}
		row(name, tr)
	}
	row("overall (used tags pooled)", rep.Overall)
	printTable(w, table)
	fmt.Fprintf(w, "\nMean of the tags' alphas: %s. Krippendorff: alpha ≥ 0.800 reliable, ≥ 0.667 tentative, below that not.\n", fmtValue(rep.MeanAlpha))
	var notes []string
	notes = append(notes, rep.Notes...)
	var unused []string
	for _, tr := range rep.Tags {
		if !tr.Used {
			unused = append(unused, tr.Path)
			continue
		}
		for _, n := range tr.Notes {
			notes = append(notes, tr.Path+": "+n)
		}
	}
	for _, n := range rep.Overall.Notes {
		notes = append(notes, "overall: "+n)
	}
	switch {
	case len(unused) > 0 && len(unused) <= 4:
		notes = append(notes, "nobody used "+strings.Join(unused, ", ")+" in the selection: their measures are undefined (-)")
	case len(unused) > 4:
		notes = append(notes, fmt.Sprintf("nobody used %d of the tags in the selection: their measures are undefined (-)", len(unused)))
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}

// printTable prints the first column left-aligned and the others right-aligned.
func printTable(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range rows {
		var sb strings.Builder
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				sb.WriteString(cell + pad)
			} else {
				sb.WriteString("  " + pad + cell)
			}
		}
		fmt.Fprintln(w, sb.String())
	}
}

func plural2(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// unitRef names a unit as ARTICLE:START-END.
func unitRef(articleID string, start, end int) string {
	return fmt.Sprintf("%s:%d-%d", articleID, start, end)
}

func parseUnitRef(ws *annotate.Workspace, ref string) (articleID string, start, end int, err error) {
	i := strings.LastIndex(ref, ":")
	if i < 0 {
		return "", 0, 0, usagef("a unit is ARTICLE:START-END as gloss disagreements prints it, not %q", ref)
	}
	a, b, ok := strings.Cut(ref[i+1:], "-")
	s, err1 := strconv.Atoi(a)
	e, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || s < 0 || e <= s {
		return "", 0, 0, usagef("a unit is ARTICLE:START-END with START < END, not %q", ref)
	}
	art, err := ws.ResolveArticle(ref[:i])
	if err != nil {
		return "", 0, 0, err
	}
	return art.ID, s, e, nil
}

type versionJSON struct {
	Coder       string           `json:"coder"`
	Value       *int             `json:"value"`
	Annotations []annotationJSON `json:"annotations"`
}

type disagreementJSON struct {
	Unit     string        `json:"unit"`
	Article  string        `json:"article"`
	Title    string        `json:"title"`
	Start    int           `json:"start"`
	End      int           `json:"end"`
	Text     string        `json:"text"`
	Versions []versionJSON `json:"versions"`
}

func runDisagreements(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("disagreements takes no arguments")
	}
	if flagString(fs, "tag") == "" {
		return usagef("disagreements needs --tag")
	}
	limit := flagInt(fs, "limit")
	if limit < 0 {
		return usagef("--limit cannot be negative")
	}
	ws, opts, cb, err := openAgreement(c, fs)
	if err != nil {
		return err
	}
	tagID, err := resolveTag(cb, flagString(fs, "tag"))
	if err != nil {
		return err
	}
	d, err := agreement.ListDisagreements(ws, opts, tagID)
	if err != nil {
		return err
	}
	units := d.Units
	if limit > 0 && len(units) > limit {
		units = units[:limit]
	}
	if c.JSON {
		out := map[string]any{"tag": d.Path, "tag_id": d.TagID, "unit": string(d.Unit), "coders": d.Coders, "total": len(d.Units)}
		list := []disagreementJSON{}
		for _, u := range units {
			j := disagreementJSON{Unit: unitRef(u.ArticleID, u.Start, u.End), Article: u.ArticleID, Title: u.Title,
				Start: u.Start, End: u.End, Text: u.Text}
			for _, v := range u.Versions {
				vj := versionJSON{Coder: v.Coder, Annotations: []annotationJSON{}}
				if v.Value != agreement.Missing {
					val := v.Value
					vj.Value = &val
				}
				for _, a := range v.Annotations {
					vj.Annotations = append(vj.Annotations, toAnnotationJSON(a, cb))
				}
				j.Versions = append(j.Versions, vj)
			}
			list = append(list, j)
		}
		out["units"] = list
		return c.printJSON(out)
	}
	w := c.Stdout
	if len(d.Units) == 0 {
		who := strings.Join(d.Coders, ", ")
		if len(d.Coders) < 2 {
			who = "coders"
		}
		fmt.Fprintf(w, "No %s where %s disagree on '%s'.\n", unitNames[d.Unit], who, d.Path)
		return nil
	}
	fmt.Fprintf(w, "%d %s where the coders disagree on '%s'", len(d.Units), unitCount(d.Unit, len(d.Units)), d.Path)
	if len(units) < len(d.Units) {
		fmt.Fprintf(w, " (the first %d; --limit 0 lists all)", len(units))
	}
	fmt.Fprintln(w, ":")
	for _, u := range units {
		fmt.Fprintf(w, "\n%s  %s\n  %q\n", unitRef(u.ArticleID, u.Start, u.End), oneLine(u.Title), shortText(u.Text, 200))
		for _, v := range u.Versions {
			switch {
			case v.Value == agreement.Missing:
				fmt.Fprintf(w, "  %-12s not coded\n", v.Coder)
			case len(v.Annotations) == 0:
				fmt.Fprintf(w, "  %-12s 0\n", v.Coder)
			default:
				for i, a := range v.Annotations {
					fmt.Fprintf(w, "  %-12s %s %d-%d %q\n", tern(i == 0, v.Coder, ""), tern(i == 0, "1", " "), a.Start, a.End, shortText(a.Exact, 80))
				}
			}
		}
	}
	fmt.Fprintf(w, "\nAccept a version with: gloss consensus accept UNIT --tag %q --from CODER\n", d.Path)
	return nil
}

func tern(ok bool, a, b string) string {
	if ok {
		return a
	}
	return b
}

func shortText(s string, n int) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func runAccept(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("consensus accept takes one unit ARTICLE:START-END")
	}
	if flagString(fs, "tag") == "" || flagString(fs, "from") == "" {
		return usagef("consensus accept needs --tag and --from")
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	articleID, start, end, err := parseUnitRef(ws, args[0])
	if err != nil {
		return err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	tagID, err := resolveTag(cb, flagString(fs, "tag"))
	if err != nil {
		return err
	}
	created, res, err := agreement.AcceptVersion(ws, agreement.AcceptRequest{ArticleID: articleID, Start: start, End: end,
		TagID: tagID, Rollup: flagBool(fs, "rollup"), Coder: flagString(fs, "from")})
	if err != nil {
		return err
	}
	if c.JSON {
		list := []annotationJSON{}
		for _, a := range created {
			list = append(list, toAnnotationJSON(a, cb))
		}
		return c.printJSON(map[string]any{"done": res.Label, "created": list})
	}
	fmt.Fprintln(c.Stdout, res.Label)
	for _, a := range created {
		printAnnotation(c, a, cb)
	}
	return nil
}
