package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
)

// `gloss recode`: the blind self-check of a lone analyst.
func init() {
	describeGroup("recode", "self-check: code a random sample of your units again, blind, and measure your intra-coder agreement")
	addSubcommand("recode", &subcommand{
		name: "start", args: "[--sample 10%|N] [--unit sentence|paragraph|article] [--coded-only] [--seed N]",
		summary: "draw a sample of units you coded and hide every highlight on them until the session ends",
		setup: func(fs *flag.FlagSet) {
			fs.String("sample", "10%", "a share of your units (10%) or a number of them (25)")
			fs.String("unit", "sentence", "sentence, paragraph or article")
			fs.Bool("coded-only", false, "draw only from units you highlighted something in (cannot catch what you left out)")
			fs.Uint64("seed", 0, "the random seed, to draw the same sample again (default: a new one, printed)")
		},
		run: runRecodeStart,
	})
	addSubcommand("recode", &subcommand{
		name: "status", summary: "list the sampled units of the running session, and which you have coded again",
		run: runRecodeStatus,
	})
	addSubcommand("recode", &subcommand{
		name: "result", args: "[--rollup] [--session ID]",
		summary: "your intra-coder agreement per tag: first coding against the second, on the sampled units",
		setup: func(fs *flag.FlagSet) {
			fs.Bool("rollup", false, "count an annotation with a sub-tag for each tag above it too")
			fs.String("session", "", "an ended session (default: the running one, else the last ended)")
		},
		run: runRecodeResult,
	})
	addSubcommand("recode", &subcommand{
		name: "stop", args: "[--keep first|second|both]",
		summary: "end the session: the hidden highlights come back, both codings are kept for the result (undoable)",
		setup: func(fs *flag.FlagSet) {
			fs.String("keep", "first", "which coding stays on the sampled units: first (the original), second (the new one) or both")
		},
		run: runRecodeStop,
	})
	addSubcommand("recode", &subcommand{
		name: "cancel", summary: "abandon the session: the hidden highlights come back, the re-coded ones are removed (undoable)",
		run: runRecodeCancel,
	})
	addSubcommand("recode", &subcommand{
		name: "list", summary: "list every self-check of the workspace",
		run: runRecodeList,
	})
	openHooks = append(openHooks, noteHiddenBySelfCheck)
}

// noteHiddenBySelfCheck tells the commands that show, export or search annotations that
// a self-check hides some.
func noteHiddenBySelfCheck(c *Context, ws *annotate.Workspace) {
	switch c.command {
	case "show", "export", "search", "stats", "articles":
	default:
		return
	}
	s, err := ws.ActiveRecode()
	if err != nil || s == nil || len(s.Hidden) == 0 {
		return
	}
	c.Notef("a self-check is running: %d highlights on %d sampled %ss are hidden until 'gloss recode stop'",
		len(s.Hidden), len(s.Units), s.Unit)
}

func runRecodeStart(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("recode start takes no arguments")
	}
	size, err := agreement.ParseSampleSize(flagString(fs, "sample"))
	if err != nil {
		return usagef("--sample: %v", err)
	}
	unit, err := agreement.ParseUnit(flagString(fs, "unit"))
	if err != nil || unit == agreement.Character {
		return usagef("--unit is sentence, paragraph or article, not %q", flagString(fs, "unit"))
	}
	seed := fs.Lookup("seed").Value.(flag.Getter).Get().(uint64)
	ws, err := c.open()
	if err != nil {
		return err
	}
	if s, err := ws.ActiveRecode(); err != nil {
		return err
	} else if s != nil {
		return fmt.Errorf("a self-check is already running (started %s on %d %ss): finish it with gloss recode stop, or gloss recode cancel",
			s.Started.Local().Format("2006-01-02 15:04"), len(s.Units), s.Unit)
	}
	plan, err := agreement.DrawSample(ws, agreement.SampleOptions{Unit: unit, Size: size, Seed: seed, CodedOnly: flagBool(fs, "coded-only")})
	if err != nil {
		return err
	}
	s, _, err := ws.StartRecode(plan)
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(sessionJSON(ws, s, true))
	}
	fmt.Fprintf(c.Stdout, "Self-check started for %s: %d of the %d %ss of the articles you coded (sample %s, seed %d).\n",
		s.Coder, len(s.Units), s.Population, s.Unit, s.Sample, s.Seed)
	fmt.Fprintf(c.Stdout, "%d highlights on them are hidden (in the reader, gloss show, search and export) until you run gloss recode stop.\n", len(s.Hidden))
	fmt.Fprintln(c.Stdout, "Code these again, as you would the first time:")
	printRecodeUnits(c, ws, s)
	return nil
}

type recodeUnitJSON struct {
	Unit    string `json:"unit"`
	Article string `json:"article"`
	Title   string `json:"title"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
	Recoded bool   `json:"recoded"`
}

type recodeSessionJSON struct {
	ID         string           `json:"id"`
	Coder      string           `json:"coder"`
	Status     string           `json:"status"`
	Unit       string           `json:"unit"`
	Sample     string           `json:"sample"`
	Seed       uint64           `json:"seed"`
	Population int              `json:"population"`
	Started    string           `json:"started"`
	Ended      *string          `json:"ended"`
	Hidden     int              `json:"hidden"`
	Kept       string           `json:"kept,omitempty"`
	Units      []recodeUnitJSON `json:"units,omitempty"`
}

func sessionJSON(ws *annotate.Workspace, s *annotate.RecodeSession, withUnits bool) recodeSessionJSON {
	out := recodeSessionJSON{ID: s.ID, Coder: s.Coder, Status: s.Status, Unit: s.Unit, Sample: s.Sample, Seed: s.Seed,
		Population: s.Population, Started: s.Started.UTC().Format(time.RFC3339), Ended: timeJSON(s.Ended), Hidden: len(s.Hidden), Kept: s.Kept}
	if withUnits {
		out.Units = recodeUnits(ws, s)
	}
	return out
}

// recodeUnits describes the sampled units, with whether the coder coded them again.
func recodeUnits(ws *annotate.Workspace, s *annotate.RecodeSession) []recodeUnitJSON {
	progress, err := agreement.RecodeProgressOf(ws, s)
	if err != nil {
		progress = &agreement.RecodeProgress{}
		for _, u := range s.Units {
			progress.Units = append(progress.Units, agreement.RecodeUnitStatus{RecodeUnit: u})
		}
	}
	out := []recodeUnitJSON{}
	arts := map[string]annotate.Article{}
	for _, u := range progress.Units {
		a, ok := arts[u.ArticleID]
		if !ok {
			a, _ = ws.Article(u.ArticleID)
			arts[u.ArticleID] = a
		}
		j := recodeUnitJSON{Unit: unitRef(u.ArticleID, u.Start, u.End), Article: u.ArticleID, Title: a.Title, Start: u.Start, End: u.End, Recoded: u.Recoded}
		if u.End <= a.Length {
			j.Text = annotate.Slice(a.Text, u.Start, u.End)
		}
		out = append(out, j)
	}
	return out
}

func printRecodeUnits(c *Context, ws *annotate.Workspace, s *annotate.RecodeSession) {
	for _, u := range recodeUnits(ws, s) {
		mark := "  "
		if u.Recoded {
			mark = "✓ "
		}
		fmt.Fprintf(c.Stdout, "\n%s%s  %s\n    %q\n", mark, u.Unit, oneLine(u.Title), shortText(u.Text, 300))
	}
}

func activeOrFail(ws *annotate.Workspace) (*annotate.RecodeSession, error) {
	s, err := ws.ActiveRecode()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("no self-check is running (start one with: gloss recode start --sample 10%%)")
	}
	return s, nil
}

func runRecodeStatus(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("recode status", args)
	if err != nil {
		return err
	}
	s, err := activeOrFail(ws)
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(sessionJSON(ws, s, true))
	}
	units := recodeUnits(ws, s)
	done := 0
	for _, u := range units {
		if u.Recoded {
			done++
		}
	}
	fmt.Fprintf(c.Stdout, "Self-check of %s started %s: %d %ss sampled, %d coded again (✓), %d highlights hidden.\n",
		s.Coder, s.Started.Local().Format("2006-01-02 15:04"), len(s.Units), s.Unit, done, len(s.Hidden))
	fmt.Fprintln(c.Stdout, "A unit you leave without a highlight counts as coded with no tag.")
	printRecodeUnits(c, ws, s)
	return nil
}

func runRecodeResult(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("recode result", args)
	if err != nil {
		return err
	}
	s, err := chooseSession(ws, flagString(fs, "session"))
	if err != nil {
		return err
	}
	return printRecodeResult(c, ws, s, flagBool(fs, "rollup"))
}

func chooseSession(ws *annotate.Workspace, id string) (*annotate.RecodeSession, error) {
	sessions, err := ws.RecodeSessions()
	if err != nil {
		return nil, err
	}
	var chosen *annotate.RecodeSession
	for i := range sessions {
		s := &sessions[i]
		switch {
		case id != "" && strings.HasPrefix(s.ID, id):
			chosen = s
		case id == "" && s.Status == annotate.RecodeActive:
			return s, nil
		case id == "" && s.Status == annotate.RecodeStopped:
			chosen = s // the last ended one, as sessions are in time order
		}
	}
	if chosen == nil {
		if id != "" {
			return nil, fmt.Errorf("no self-check %s (gloss recode list shows them)", id)
		}
		return nil, fmt.Errorf("no self-check has run yet (start one with: gloss recode start --sample 10%%)")
	}
	if chosen.Status == annotate.RecodeCancelled {
		return nil, fmt.Errorf("self-check %s was cancelled: it has no result", chosen.ID)
	}
	return chosen, nil
}

func printRecodeResult(c *Context, ws *annotate.Workspace, s *annotate.RecodeSession, rollup bool) error {
	res, err := agreement.RecodeResultOf(ws, s, rollup)
	if err != nil {
		return err
	}
	if c.JSON {
		out := toAgreementJSON(res.Report)
		return c.printJSON(map[string]any{"session": sessionJSON(ws, s, false), "units": res.Units, "recoded": res.Recoded,
			"unit": out.Unit, "coders": out.Coders, "rollup": out.Rollup, "tags": out.Tags, "overall": out.Overall,
			"mean_alpha": out.MeanAlpha, "notes": out.Notes})
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	state := "running"
	if s.Status != annotate.RecodeActive {
		state = "ended " + s.Ended.Local().Format("2006-01-02 15:04")
	}
	heading := fmt.Sprintf("Intra-coder agreement of %s (self-check %s, %s): first coding against second on %d sampled %ss, %d of them highlighted the second time",
		s.Coder, s.ID, state, res.Units, s.Unit, res.Recoded)
	printAgreement(c.Stdout, res.Report, cb, heading, false)
	return nil
}

func runRecodeStop(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("recode stop takes no arguments")
	}
	keep := flagString(fs, "keep")
	if keep != annotate.KeepFirst && keep != annotate.KeepSecond && keep != annotate.KeepBoth {
		return usagef("--keep is first, second or both, not %q", keep)
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	if _, err := activeOrFail(ws); err != nil {
		return err
	}
	s, res, err := ws.StopRecode(keep)
	if err != nil {
		return err
	}
	if !c.JSON {
		fmt.Fprintln(c.Stdout, res.Label+".")
		fmt.Fprintln(c.Stdout)
	}
	return printRecodeResult(c, ws, s, false)
}

func runRecodeCancel(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("recode cancel", args)
	if err != nil {
		return err
	}
	if _, err := activeOrFail(ws); err != nil {
		return err
	}
	s, res, err := ws.CancelRecode()
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(map[string]any{"done": res.Label, "session": sessionJSON(ws, s, false)})
	}
	fmt.Fprintln(c.Stdout, res.Label+" (gloss undo brings the session back).")
	return nil
}

func runRecodeList(c *Context, fs *flag.FlagSet, args []string) error {
	ws, err := c.openWithoutArgs("recode list", args)
	if err != nil {
		return err
	}
	sessions, err := ws.RecodeSessions()
	if err != nil {
		return err
	}
	if c.JSON {
		out := []recodeSessionJSON{}
		for i := range sessions {
			out = append(out, sessionJSON(ws, &sessions[i], false))
		}
		return c.printJSON(out)
	}
	if len(sessions) == 0 {
		fmt.Fprintln(c.Stdout, "No self-check has run yet.")
		return nil
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	for _, s := range sessions {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d %ss\t%s\t%s\n", s.ID, s.Coder, s.Status, len(s.Units), s.Unit, s.Sample, s.Started.Local().Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}
