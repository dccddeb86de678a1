package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/codebookio"
)

func init() {
	register(&command{
		name: "tag",
		args: "add NAME [--parent P] [--color #RRGGBB] [--description D] [--hotkey N] | rename TAG NEW | move TAG --parent P | " +
			"merge FROM INTO | delete TAG [--into OTHER | --delete-annotations] | color TAG #RRGGBB | describe TAG TEXT | hotkey TAG N | " +
			"export [--format qdc|csv] [-o FILE] | import FILE",
		summary: "edit the codebook (TAG: a name, a path Parent/Child, or /Top for a top-level tag); export or import it as REFI-QDA .qdc or CSV",
		setup: func(fs *flag.FlagSet) {
			fs.String("parent", "", "parent tag (name or path; empty for the top level)")
			fs.String("color", "", "colour #RRGGBB (default: the next palette colour)")
			fs.String("description", "", "what the tag is for")
			fs.Int("hotkey", 0, "key 1–9 that applies the tag in the reader (taken from the tag that has it)")
			fs.String("into", "", "delete: the tag its annotations take instead")
			fs.Bool("delete-annotations", false, "delete: also delete the annotations that have no other tag")
			fs.String("format", "", "export: qdc (REFI-QDA, the default) or csv")
			fs.String("o", "", "export: write to this file instead of standard output")
		},
		run: runTag,
	})
}

// tagFlags lists the flags each tag subcommand takes; any other is a usage error.
var tagFlags = map[string][]string{
	"add":    {"parent", "color", "description", "hotkey"},
	"move":   {"parent"},
	"delete": {"into", "delete-annotations"},
	"export": {"format", "o"},
}

// tagArgs is the number of arguments of each subcommand (-1: at least the first).
var tagArgs = map[string]int{
	"add": 1, "rename": 2, "move": 1, "merge": 2, "delete": 1, "color": 2, "describe": -2, "hotkey": 2, "export": 0, "import": 1,
}

// tagEdit is a tag subcommand that changes the codebook: it returns the command's result
// and the tag to show afterwards ("" for none).
type tagEdit func(t *tagRun, args []string) (res annotate.Result, tagID string, err error)

var tagEdits = map[string]tagEdit{
	"add": tagAdd, "rename": tagRename, "move": tagMove, "merge": tagMerge, "delete": tagDelete,
	"color": tagColor, "describe": tagDescribe, "hotkey": tagHotkey,
}

// tagRun is what a tag subcommand works with.
type tagRun struct {
	c  *Context
	fs *flag.FlagSet
	ws *annotate.Workspace
	cb *annotate.Codebook
}

func (t *tagRun) resolve(ref string) (annotate.Tag, error) { return t.cb.Resolve(ref) }

// onTag resolves ref and runs edit on that tag, which is shown afterwards.
func (t *tagRun) onTag(ref string, edit func(id string) (annotate.Result, error)) (annotate.Result, string, error) {
	target, err := t.resolve(ref)
	if err != nil {
		return annotate.Result{}, "", err
	}
	res, err := edit(target.ID)
	return res, target.ID, err
}

// resolveParent resolves a --parent value; blank means the top level ("").
func (t *tagRun) resolveParent(ref string) (string, error) {
	if strings.TrimSpace(ref) == "" {
		return "", nil
	}
	p, err := t.resolve(ref)
	return p.ID, err
}

func runTag(c *Context, fs *flag.FlagSet, args []string) error {
	sub, args, err := checkTagCommand(fs, args)
	if err != nil {
		return err
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	switch sub {
	case "export":
		return exportCodebook(c, cb, flagString(fs, "format"), flagString(fs, "o"))
	case "import":
		return importCodebook(c, ws, args[0])
	}
	res, tagID, err := tagEdits[sub](&tagRun{c: c, fs: fs, ws: ws, cb: cb}, args)
	if err != nil {
		return err
	}
	if !c.JSON {
		res.Label += keyTakenFrom(cb, sub, args, fs)
	}
	return printTagResult(c, ws, res, tagID)
}

// keyTakenFrom completes the report of a command that bound a hotkey another tag had
// (cb is the codebook before the command): that tag lost it.
func keyTakenFrom(cb *annotate.Codebook, sub string, args []string, fs *flag.FlagSet) string {
	digit := 0
	switch sub {
	case "add":
		digit = flagInt(fs, "hotkey")
	case "hotkey":
		digit, _ = strconv.Atoi(args[1])
	}
	other, ok := cb.ByHotkey(digit)
	if !ok || digit == 0 {
		return ""
	}
	if sub == "hotkey" {
		if target, err := cb.Resolve(args[0]); err == nil && target.ID == other.ID {
			return ""
		}
	}
	return fmt.Sprintf("; key %d was the key of '%s', which now has none", digit, cb.Path(other.ID))
}

// checkTagCommand checks the subcommand, its number of arguments and its flags.
func checkTagCommand(fs *flag.FlagSet, args []string) (string, []string, error) {
	if len(args) == 0 {
		return "", nil, usagef("tag needs a subcommand: add, rename, move, merge, delete, color, describe, hotkey, export or import")
	}
	sub, args := args[0], args[1:]
	n, ok := tagArgs[sub]
	if !ok {
		return "", nil, usagef("unknown tag subcommand %q", sub)
	}
	switch {
	case n >= 0 && len(args) != n:
		return "", nil, usagef("tag %s takes %d argument%s, not %d", sub, n, plural(n), len(args))
	case n < 0 && len(args) < -n:
		return "", nil, usagef("tag %s takes at least %d arguments", sub, -n)
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "workspace" || f.Name == "json" || slices.Contains(tagFlags[sub], f.Name) {
			return
		}
		bad = append(bad, "--"+f.Name)
	})
	switch {
	case len(bad) > 0:
		return "", nil, usagef("tag %s does not take %s", sub, strings.Join(bad, ", "))
	case sub == "move" && !flagSet(fs, "parent"):
		return "", nil, usagef(`tag move needs --parent (--parent "" for the top level)`)
	case sub == "delete" && flagSet(fs, "into") && flagBool(fs, "delete-annotations"):
		return "", nil, usagef("give either --into or --delete-annotations, not both")
	}
	return sub, args, nil
}

func tagAdd(t *tagRun, args []string) (annotate.Result, string, error) {
	name, parentRef := args[0], flagString(t.fs, "parent")
	if !flagSet(t.fs, "parent") && strings.Contains(strings.Trim(name, annotate.PathSeparator), annotate.PathSeparator) {
		// "Parent/Child": the last name is the new tag, the rest its parent.
		i := strings.LastIndex(name, annotate.PathSeparator)
		parentRef, name = name[:i], name[i+1:]
	}
	parentID, err := t.resolveParent(parentRef)
	if err != nil {
		return annotate.Result{}, "", err
	}
	color := flagString(t.fs, "color")
	if color != "" {
		color = normalizeColorArg(color)
	}
	tag, res, err := t.ws.CreateTag(annotate.TagDraft{Name: name, ParentID: parentID, Color: color,
		Description: flagString(t.fs, "description"), Hotkey: flagInt(t.fs, "hotkey")})
	return res, tag.ID, err
}

func tagRename(t *tagRun, args []string) (annotate.Result, string, error) {
	return t.onTag(args[0], func(id string) (annotate.Result, error) { return t.ws.RenameTag(id, args[1]) })
}

func tagMove(t *tagRun, args []string) (annotate.Result, string, error) {
	parentID, err := t.resolveParent(flagString(t.fs, "parent"))
	if err != nil {
		return annotate.Result{}, "", err
	}
	return t.onTag(args[0], func(id string) (annotate.Result, error) { return t.ws.MoveTag(id, parentID) })
}

func tagMerge(t *tagRun, args []string) (annotate.Result, string, error) {
	from, err := t.resolve(args[0])
	if err != nil {
		return annotate.Result{}, "", err
	}
	into, err := t.resolve(args[1])
	if err != nil {
		return annotate.Result{}, "", err
	}
	res, err := t.ws.MergeTag(from.ID, into.ID)
	return res, into.ID, err
}

// tagDelete deletes a tag; when that would delete annotations (those with no other tag)
// it needs --into or --delete-annotations, and says how many.
func tagDelete(t *tagRun, args []string) (annotate.Result, string, error) {
	intoID, err := t.resolveParent(flagString(t.fs, "into"))
	if err != nil {
		return annotate.Result{}, "", err
	}
	target, err := t.resolve(args[0])
	if err != nil {
		return annotate.Result{}, "", err
	}
	res, err := t.ws.DeleteTagChecked(target.ID, annotate.TagDeletion{IntoID: intoID, DeleteAnnotations: flagBool(t.fs, "delete-annotations")})
	var would *annotate.AnnotationsWouldBeDeletedError
	if errors.As(err, &would) {
		them := "them"
		if would.Count == 1 {
			them = "it"
		}
		err = fmt.Errorf("'%s' is the only tag of %d annotation%s: deleting the tag would delete %s; add --into TAG to give %s another tag, or --delete-annotations to delete %s with the tag",
			would.Tag, would.Count, plural(would.Count), them, them, them)
	}
	return res, intoID, err
}

func tagColor(t *tagRun, args []string) (annotate.Result, string, error) {
	return t.onTag(args[0], func(id string) (annotate.Result, error) { return t.ws.SetTagColor(id, normalizeColorArg(args[1])) })
}

func tagDescribe(t *tagRun, args []string) (annotate.Result, string, error) {
	return t.onTag(args[0], func(id string) (annotate.Result, error) {
		return t.ws.SetTagDescription(id, strings.Join(args[1:], " "))
	})
}

func tagHotkey(t *tagRun, args []string) (annotate.Result, string, error) {
	digit, convErr := strconv.Atoi(args[1])
	if strings.EqualFold(args[1], "none") {
		digit, convErr = 0, nil
	}
	if convErr != nil {
		return annotate.Result{}, "", usagef("a hotkey is a digit from 1 to 9 (0 or none removes it), not %q", args[1])
	}
	return t.onTag(args[0], func(id string) (annotate.Result, error) { return t.ws.SetTagHotkey(id, digit) })
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// normalizeColorArg accepts #RGB and colours without "#"; anything else goes on as typed
// for the command layer to reject in words.
func normalizeColorArg(c string) string {
	if n := codebookio.NormalizeColor(c); n != "" && len(strings.TrimPrefix(strings.TrimSpace(c), "#")) != 8 {
		return n
	}
	return c
}

func printTagResult(c *Context, ws *annotate.Workspace, res annotate.Result, tagID string) error {
	if !c.JSON {
		fmt.Fprintln(c.Stdout, res.Label)
		return nil
	}
	out := map[string]any{"done": res.Label, "revision": res.Revision}
	if tagID != "" {
		cb, err := ws.Codebook()
		if err != nil {
			return err
		}
		if t, ok := cb.Tag(tagID); ok {
			usage, err := ws.VisibleTagUsage()
			if err != nil {
				return err
			}
			out["tag"] = tagJSON{ID: t.ID, Name: t.Name, Path: cb.Path(t.ID), Parent: t.ParentID, Color: t.Color,
				Description: t.Description, Hotkey: t.Hotkey, Annotations: usage[t.ID].Annotations, Articles: usage[t.ID].Articles}
		}
	}
	return c.printJSON(out)
}

func exportCodebook(c *Context, cb *annotate.Codebook, format, path string) error {
	if format == "" {
		format = codebookio.FormatQDC
		if f := codebookio.FormatOf(path); f != "" {
			format = f
		}
	}
	format = strings.ToLower(format)
	if format != codebookio.FormatQDC && format != codebookio.FormatCSV {
		return usagef("unknown codebook format %q: use qdc or csv", format)
	}
	var buf bytes.Buffer
	if err := codebookio.Write(&buf, cb, format); err != nil {
		return err
	}
	if path == "" || path == "-" {
		_, err := c.Stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(c.Path(path), buf.Bytes()); err != nil {
		return fmt.Errorf("export codebook to %s: %w", path, err)
	}
	if c.JSON {
		return c.printJSON(map[string]any{"file": path, "format": format, "tags": cb.Len()})
	}
	fmt.Fprintf(c.Stdout, "Exported %d tags to %s\n", cb.Len(), path)
	return nil
}

// writeFileAtomic writes through a temporary file in the same folder, so a failed write
// never leaves half a file where an old one was.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func importCodebook(c *Context, ws *annotate.Workspace, path string) error {
	f, err := os.Open(c.Path(path))
	if err != nil {
		return fmt.Errorf("import codebook: %w", err)
	}
	defer f.Close()
	codes, err := codebookio.Read(path, f)
	if err != nil {
		return fmt.Errorf("import codebook %s: %w", path, err)
	}
	rep, res, err := ws.ImportCodebook(filepath.Base(path), codes)
	if err != nil {
		return fmt.Errorf("import codebook %s: %w", path, err)
	}
	label := res.Label
	if res.Changes.Empty() {
		label = "The codebook already had everything in " + filepath.Base(path) + ": " + rep.Message()
	}
	if c.JSON {
		if rep.Warnings == nil {
			rep.Warnings = []string{}
		}
		if rep.Changed == nil {
			rep.Changed = []string{}
		}
		return c.printJSON(map[string]any{"done": label, "revision": res.Revision, "created": rep.Created,
			"updated": rep.Updated, "unchanged": rep.Unchanged, "changed": rep.Changed, "warnings": rep.Warnings})
	}
	for _, w := range rep.Warnings {
		c.Notef("%s: %s", filepath.Base(path), w)
	}
	fmt.Fprintln(c.Stdout, label)
	for _, ch := range rep.Changed {
		fmt.Fprintln(c.Stdout, "changed "+ch)
	}
	return nil
}
