package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/team"
)

func init() {
	register(&command{
		name: "team", args: "create DSN --project NAME [--blind] | join DSN --project NAME | status | leave | set blind on|off",
		summary: "share this workspace with a team through a PostgreSQL server (offline-first)",
		setup: func(fs *flag.FlagSet) {
			fs.String("project", "", "the team project's name")
			fs.Bool("blind", false, "create: analysts see only their own annotations until the lead reveals them")
		},
		run: runTeam,
	})
}

// teamTimeout bounds a create, join or sync (the first ones send or fetch a whole corpus).
const teamTimeout = 30 * time.Minute

func runTeam(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("team needs one of: create, join, status, leave, set")
	}
	project := flagString(fs, "project")
	blind := fs.Lookup("blind").Value.(flag.Getter).Get().(bool)
	sub, rest := args[0], args[1:]
	if blind && sub != "create" {
		return usagef("--blind goes with team create (later: gloss team set blind on|off)")
	}
	if project != "" && sub != "create" && sub != "join" {
		return usagef("--project goes with team create and team join")
	}
	switch sub {
	case "create", "join":
		if len(rest) != 1 {
			return usagef("team %s takes the server's address (a PostgreSQL URL or key=value string)", sub)
		}
		if strings.TrimSpace(project) == "" {
			return usagef("team %s needs --project NAME", sub)
		}
		return runTeamLink(c, sub, rest[0], strings.TrimSpace(project), blind)
	case "status":
		if len(rest) > 0 {
			return usagef("team status takes no arguments")
		}
		return runTeamStatus(c)
	case "leave":
		if len(rest) > 0 {
			return usagef("team leave takes no arguments")
		}
		return runTeamLeave(c)
	case "set":
		if len(rest) != 2 || rest[0] != "blind" || (rest[1] != "on" && rest[1] != "off") {
			return usagef("team set blind on|off")
		}
		return runTeamSetBlind(c, rest[1] == "on")
	}
	return usagef("unknown team command %q (create, join, status, leave, set)", sub)
}

func runTeamLink(c *Context, sub, dsn, project string, blind bool) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
	defer cancel()
	var rep team.Report
	if sub == "create" {
		rep, err = team.Create(ctx, ws, dsn, project, blind)
	} else {
		rep, err = team.Join(ctx, ws, dsn, project)
	}
	if err != nil {
		return teamError(c, err)
	}
	l, err := team.ReadLink(ws)
	if err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(map[string]any{"project": l.Project, "server": l.Server, "coder": l.Coder, "lead": l.Lead,
			"blind": l.Blind, "report": reportJSON(rep)})
	}
	arts, anns := ws.Counts()
	if sub == "create" {
		fmt.Fprintf(c.Stdout, "Created team project %s on %s; you (%s) lead it.\n", l.Project, l.Server, l.CoderName)
		fmt.Fprintf(c.Stdout, "Sent %s: %s and %s are in the project.\n", changes(rep.Pushed), count(arts, "article"), count(anns, "annotation"))
		if l.Blind {
			fmt.Fprintln(c.Stdout, "The project codes blind: each analyst sees only their own annotations until you run 'gloss team set blind off'.")
		}
	} else {
		fmt.Fprintf(c.Stdout, "Joined team project %s on %s as %s.\n", l.Project, l.Server, l.CoderName)
		fmt.Fprintf(c.Stdout, "Received %s: %s and %s.\n", changes(rep.Pulled), count(arts, "article"), count(anns, "annotation"))
		if l.Blind {
			fmt.Fprintln(c.Stdout, "The project codes blind: you see only your own annotations until the lead reveals everyone's.")
		}
	}
	printConflicts(c, rep)
	return nil
}

// teamError turns a failed team operation into one sentence that says what was kept.
func teamError(c *Context, err error) error {
	if !errors.Is(err, team.ErrOffline) && !errors.Is(err, team.ErrBehind) {
		return err
	}
	msg := team.Sentence(err)
	if c.ws != nil {
		if l, lerr := team.ReadLink(c.ws); lerr == nil {
			switch l.Pending {
			case 0:
				msg += "; nothing was lost"
			case 1:
				msg += "; nothing was lost: 1 change waits for the next sync"
			default:
				msg += fmt.Sprintf("; nothing was lost: %d changes wait for the next sync", l.Pending)
			}
		}
	}
	return errors.New(msg)
}

type conflictJSON struct {
	Kind   string `json:"kind"`
	Record string `json:"record"` // bucket/id
	Field  string `json:"field,omitempty"`
	Winner string `json:"winner"`
	Loser  string `json:"loser"`
	// Other is, for a "duplicate", the record that is one with Record now (bucket/id).
	Other string `json:"other,omitempty"`
	Text  string `json:"text"`
}

type syncJSON struct {
	Pushed    int            `json:"pushed"`
	Pulled    int            `json:"pulled"`
	Conflicts []conflictJSON `json:"conflicts"`
	Position  uint64         `json:"position"`
	Head      uint64         `json:"head"`
}

func reportJSON(rep team.Report) syncJSON {
	out := syncJSON{Pushed: rep.Pushed, Pulled: rep.Pulled, Position: rep.Position, Head: rep.Head, Conflicts: []conflictJSON{}}
	for _, cf := range rep.Conflicts {
		out.Conflicts = append(out.Conflicts, conflictJSON{Kind: cf.Kind, Record: cf.Bucket + "/" + cf.Key, Field: cf.Field,
			Winner: cf.WinnerName, Loser: cf.LoserName, Text: cf.Text})
		if cf.Other != "" {
			out.Conflicts[len(out.Conflicts)-1].Other = cf.Bucket + "/" + cf.Other
		}
	}
	return out
}

func printConflicts(c *Context, rep team.Report) {
	for _, cf := range rep.Conflicts {
		fmt.Fprintf(c.Stdout, "conflict: %s\n", cf.Text)
	}
}

// openLinked opens the workspace and reads its team link.
func (c *Context) openLinked() (*annotate.Workspace, team.Link, error) {
	ws, err := c.open()
	if err != nil {
		return nil, team.Link{}, err
	}
	l, err := team.ReadLink(ws)
	return ws, l, err
}

func runTeamStatus(c *Context) error {
	ws, l, err := c.openLinked()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	probe := team.Probe(ctx, ws)
	recent, err := team.RecentConflicts(ws, 5)
	if err != nil {
		return err
	}
	if c.JSON {
		conflicts := []string{}
		for _, cf := range recent {
			conflicts = append(conflicts, cf.Text)
		}
		return c.printJSON(map[string]any{"project": l.Project, "server": l.Server, "coder": l.Coder, "coder_name": l.CoderName,
			"lead": l.Lead, "blind": l.Blind, "last_sync": timeJSON(l.LastSync), "pending": l.Pending, "position": l.Position,
			"online": probe.Online, "head": probe.Head, "problem": probe.Problem, "recent_conflicts": conflicts})
	}
	w := c.Stdout
	lead := ""
	if l.Lead {
		lead = " (lead)"
	}
	fmt.Fprintf(w, "project:   %s\n", l.Project)
	fmt.Fprintf(w, "server:    %s\n", l.Server)
	fmt.Fprintf(w, "coder:     %s%s, id %s\n", l.CoderName, lead, l.Coder)
	fmt.Fprintf(w, "blind:     %s\n", map[bool]string{true: "yes: each analyst sees only their own annotations", false: "no"}[l.Blind])
	if l.LastSync.IsZero() {
		fmt.Fprintln(w, "last sync: never")
	} else {
		fmt.Fprintf(w, "last sync: %s\n", l.LastSync.Local().Format("2006-01-02 15:04:05"))
	}
	fmt.Fprintf(w, "pending:   %s not sent yet\n", count(l.Pending, "local change"))
	if probe.Online {
		behind := ""
		if probe.Head > l.Position {
			behind = fmt.Sprintf(", %d new on the server", probe.Head-l.Position)
		}
		fmt.Fprintf(w, "online:    yes (position %d of %d%s)\n", l.Position, probe.Head, behind)
	} else {
		fmt.Fprintf(w, "online:    no (%s)\n", probe.Problem)
	}
	if len(recent) > 0 {
		fmt.Fprintln(w, "latest conflicts:")
		for _, cf := range recent {
			fmt.Fprintf(w, "  %s\n", cf.Text)
		}
	}
	return nil
}

func runTeamLeave(c *Context) error {
	ws, l, err := c.openLinked()
	if err != nil {
		return err
	}
	pending, err := team.Leave(ws)
	if err != nil {
		return err
	}
	arts, anns := ws.Counts()
	if c.JSON {
		return c.printJSON(map[string]any{"project": l.Project, "unsent": pending, "articles": arts, "annotations": anns})
	}
	fmt.Fprintf(c.Stdout, "Left team project %s; this workspace keeps its %s and %s.\n", l.Project, count(arts, "article"), count(anns, "annotation"))
	if pending > 0 {
		fmt.Fprintf(c.Stdout, "%s made since the last sync were not sent to the team; they stay here.\n", changes(pending))
	}
	return nil
}

func runTeamSetBlind(c *Context, on bool) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), teamTimeout)
	defer cancel()
	if _, err := team.SetBlind(ctx, ws, "", on); err != nil {
		return teamError(c, err)
	}
	l, _ := team.ReadLink(ws)
	if c.JSON {
		return c.printJSON(map[string]any{"project": l.Project, "blind": l.Blind})
	}
	if on {
		fmt.Fprintf(c.Stdout, "Project %s now codes blind: each analyst sees only their own annotations (from their next sync).\n", l.Project)
	} else {
		fmt.Fprintf(c.Stdout, "Project %s no longer codes blind: everyone's annotations are shown (from each analyst's next sync).\n", l.Project)
	}
	return nil
}

// count is "1 article", "2 articles".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
