package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/codebookio"
)

func init() {
	register(&command{
		name: "tag",
		args: "add NAME [--parent P] [--color #RRGGBB] [--description D] [--hotkey N] | rename OLD NEW | move NAME --parent P | " +
			"merge FROM INTO | delete NAME [--into OTHER] | color NAME #RRGGBB | describe NAME TEXT | hotkey NAME N | " +
			"export [--format qdc|csv] [-o FILE] | import FILE",
		summary: "edit the codebook (tags by name or path Parent/Child); export or import it as REFI-QDA .qdc or CSV",
		setup: func(fs *flag.FlagSet) {
			fs.String("parent", "", "parent tag (name or path; empty for the top level)")
			fs.String("color", "", "colour #RRGGBB (default: the next palette colour)")
			fs.String("description", "", "what the tag is for")
			fs.Int("hotkey", 0, "key 1–9 that applies the tag in the reader")
			fs.String("into", "", "delete: the tag its annotations take instead")
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
	"delete": {"into"},
	"export": {"format", "o"},
}

// tagArgs is the number of arguments of each subcommand (-1: at least the first).
var tagArgs = map[string]int{
	"add": 1, "rename": 2, "move": 1, "merge": 2, "delete": 1, "color": 2, "describe": -2, "hotkey": 2, "export": 0, "import": 1,
}

func runTag(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("tag needs a subcommand: add, rename, move, merge, delete, color, describe, hotkey, export or import")
	}
	sub, args := args[0], args[1:]
	n, ok := tagArgs[sub]
	if !ok {
		return usagef("unknown tag subcommand %q", sub)
	}
	switch {
	case n >= 0 && len(args) != n:
		return usagef("tag %s takes %d argument%s, not %d", sub, n, plural(n), len(args))
	case n < 0 && len(args) < -n:
		return usagef("tag %s takes at least %d arguments", sub, -n)
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "workspace" || f.Name == "json" {
			return
		}
		for _, ok := range tagFlags[sub] {
			if f.Name == ok {
				return
			}
		}
		bad = append(bad, "--"+f.Name)
	})
	if len(bad) > 0 {
		return usagef("tag %s does not take %s", sub, strings.Join(bad, ", "))
	}
	if sub == "move" && !flagSet(fs, "parent") {
		return usagef(`tag move needs --parent (--parent "" for the top level)`)
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	resolve := func(ref string) (annotate.Tag, error) { return cb.Resolve(ref) }
	var (
		res    annotate.Result
		tagID  string // the tag to show afterwards
		target annotate.Tag
	)
	switch sub {
	case "add":
		name, parentID := args[0], ""
		parentRef := flagString(fs, "parent")
		if !flagSet(fs, "parent") && strings.Contains(strings.Trim(name, annotate.PathSeparator), annotate.PathSeparator) {
			// "Parent/Child": the last name is the new tag, the rest its parent.
			i := strings.LastIndex(name, annotate.PathSeparator)
			parentRef, name = name[:i], name[i+1:]
		}
		if strings.TrimSpace(parentRef) != "" {
			p, err := resolve(parentRef)
			if err != nil {
				return err
			}
			parentID = p.ID
		}
		color := flagString(fs, "color")
		if color != "" {
			color = normalizeColorArg(color)
		}
		var tag annotate.Tag
		tag, res, err = ws.CreateTag(annotate.TagDraft{Name: name, ParentID: parentID, Color: color,
			Description: flagString(fs, "description"), Hotkey: flagInt(fs, "hotkey")})
		tagID = tag.ID
	case "rename":
		if target, err = resolve(args[0]); err == nil {
			res, err = ws.RenameTag(target.ID, args[1])
			tagID = target.ID
		}
	case "move":
		parentID := ""
		if ref := flagString(fs, "parent"); strings.TrimSpace(ref) != "" {
			p, err := resolve(ref)
			if err != nil {
				return err
			}
			parentID = p.ID
		}
		if target, err = resolve(args[0]); err == nil {
			res, err = ws.MoveTag(target.ID, parentID)
			tagID = target.ID
		}
	case "merge":
		var into annotate.Tag
		if target, err = resolve(args[0]); err == nil {
			if into, err = resolve(args[1]); err == nil {
				res, err = ws.MergeTag(target.ID, into.ID)
				tagID = into.ID
			}
		}
	case "delete":
		intoID := ""
		if ref := flagString(fs, "into"); strings.TrimSpace(ref) != "" {
			into, err := resolve(ref)
			if err != nil {
				return err
			}
			intoID = into.ID
		}
		if target, err = resolve(args[0]); err == nil {
			res, err = ws.DeleteTag(target.ID, intoID)
			tagID = intoID
		}
	case "color":
		if target, err = resolve(args[0]); err == nil {
			res, err = ws.SetTagColor(target.ID, normalizeColorArg(args[1]))
			tagID = target.ID
		}
	case "describe":
		if target, err = resolve(args[0]); err == nil {
			res, err = ws.SetTagDescription(target.ID, strings.Join(args[1:], " "))
			tagID = target.ID
		}
	case "hotkey":
		digit, convErr := strconv.Atoi(args[1])
		if strings.EqualFold(args[1], "none") {
			digit, convErr = 0, nil
		}
		if convErr != nil {
			return usagef("a hotkey is a digit from 1 to 9 (0 or none removes it), not %q", args[1])
		}
		if target, err = resolve(args[0]); err == nil {
			res, err = ws.SetTagHotkey(target.ID, digit)
			tagID = target.ID
		}
	case "export":
		return exportCodebook(c, cb, flagString(fs, "format"), flagString(fs, "o"))
	case "import":
		return importCodebook(c, ws, args[0])
	}
	if err != nil {
		return err
	}
	return printTagResult(c, ws, res, tagID)
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
			usage, err := ws.TagUsage()
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
		return c.printJSON(map[string]any{"done": label, "revision": res.Revision, "created": rep.Created,
			"updated": rep.Updated, "unchanged": rep.Unchanged, "warnings": rep.Warnings})
	}
	for _, w := range rep.Warnings {
		c.Notef("%s: %s", filepath.Base(path), w)
	}
	fmt.Fprintln(c.Stdout, label)
	return nil
}
