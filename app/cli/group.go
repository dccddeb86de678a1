package cli

import (
	"flag"
	"fmt"
	"sort"
	"strings"
)

// subcommand is one verb of a command group: `gloss article done`, `gloss recode start`.
type subcommand struct {
	name    string
	args    string // usage after the verb, e.g. "ARTICLE..."
	summary string
	setup   func(fs *flag.FlagSet) // the verb's own flags
	run     func(c *Context, fs *flag.FlagSet, args []string) error
}

// group is a command whose first argument picks a subcommand. Any file adds its verbs
// with addSubcommand from its init, in any order: the group's usage and flags are built
// from whatever is registered when the command runs.
type group struct {
	cmd   *command
	subs  map[string]*subcommand
	flags map[string]map[string]bool // verb → the flags it declared
}

var groups = map[string]*group{}

// describeGroup sets a group's one-line summary.
func describeGroup(name, summary string) {
	groupNamed(name).cmd.summary = summary
}

// addSubcommand adds a verb to a group (creating the group).
func addSubcommand(groupName string, sc *subcommand) {
	g := groupNamed(groupName)
	if _, dup := g.subs[sc.name]; dup {
		panic(fmt.Sprintf("cli: %s %s registered twice", groupName, sc.name))
	}
	g.subs[sc.name] = sc
	g.cmd.args = g.usage()
}

func groupNamed(name string) *group {
	g := groups[name]
	if g == nil {
		g = &group{subs: map[string]*subcommand{}}
		g.cmd = &command{name: name, setup: g.setup, run: g.run}
		groups[name] = g
		register(g.cmd)
	}
	return g
}

func (g *group) names() []string {
	names := make([]string, 0, len(g.subs))
	for n := range g.subs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (g *group) usage() string {
	var parts []string
	for _, n := range g.names() {
		parts = append(parts, strings.TrimSpace(n+" "+g.subs[n].args))
	}
	return strings.Join(parts, " | ")
}

// setup declares every verb's flags once; verbs may share a flag name (--as), which then
// has one value.
func (g *group) setup(fs *flag.FlagSet) {
	g.flags = map[string]map[string]bool{}
	for _, n := range g.names() {
		own := map[string]bool{}
		g.flags[n] = own
		sc := g.subs[n]
		if sc.setup == nil {
			continue
		}
		scratch := flag.NewFlagSet(n, flag.ContinueOnError)
		sc.setup(scratch)
		scratch.VisitAll(func(f *flag.Flag) {
			own[f.Name] = true
			if fs.Lookup(f.Name) == nil {
				fs.Var(f.Value, f.Name, f.Usage)
			}
		})
	}
}

func (g *group) run(c *Context, fs *flag.FlagSet, args []string) error {
	name := g.cmd.name
	if len(args) == 0 {
		var lines []string
		for _, n := range g.names() {
			lines = append(lines, fmt.Sprintf("%s (%s)", n, g.subs[n].summary))
		}
		return usagef("%s needs a subcommand: %s", name, strings.Join(lines, "; "))
	}
	sc, ok := g.subs[args[0]]
	if !ok {
		return usagef("unknown %s subcommand %q (there are: %s)", name, args[0], strings.Join(g.names(), ", "))
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "workspace" && f.Name != "json" && !g.flags[sc.name][f.Name] {
			bad = append(bad, "--"+f.Name)
		}
	})
	if len(bad) > 0 {
		return usagef("%s %s does not take %s", name, sc.name, strings.Join(bad, ", "))
	}
	return sc.run(c, fs, args[1:])
}
