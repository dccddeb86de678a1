package cli

import (
	"flag"
	"fmt"

	"gloss.app/gloss/annotate"
)

func init() {
	register(&command{
		name:    "annotation",
		args:    "edit ID [--tag TAG]... [--add-tag TAG]... [--remove-tag TAG]... [--note TEXT | --note-file FILE] | delete ID",
		summary: "change an annotation's tags or note, or delete it (ID or a unique prefix; one undo step each)",
		setup: func(fs *flag.FlagSet) {
			fs.Var(&stringList{}, "tag", "edit: replace the tags by these (repeatable)")
			fs.Var(&stringList{}, "add-tag", "edit: add this tag (repeatable)")
			fs.Var(&stringList{}, "remove-tag", "edit: remove this tag (repeatable; one tag must remain)")
			fs.String("note", "", `edit: replace the note ("" clears it)`)
			fs.String("note-file", "", "edit: read the new note from this file (- for standard input)")
		},
		run: runAnnotation,
	})
}

func runAnnotation(c *Context, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("annotation needs a subcommand: edit or delete")
	}
	sub, args := args[0], args[1:]
	if sub != "edit" && sub != "delete" {
		return usagef("unknown annotation subcommand %q: use edit or delete", sub)
	}
	if len(args) != 1 {
		return usagef("annotation %s takes one annotation id (or a unique prefix of it)", sub)
	}
	edits := 0
	for _, name := range []string{"tag", "add-tag", "remove-tag", "note", "note-file"} {
		if flagSet(fs, name) {
			edits++
		}
	}
	switch {
	case sub == "delete" && edits > 0:
		return usagef("annotation delete takes no flags but --json")
	case sub == "edit" && edits == 0:
		return usagef("annotation edit needs --tag, --add-tag, --remove-tag, --note or --note-file")
	}
	lists := map[string][]string{}
	for _, name := range []string{"tag", "add-tag", "remove-tag"} {
		lists[name] = *fs.Lookup(name).Value.(*stringList)
	}
	note, err := noteFlags(c, fs)
	if err != nil {
		return err
	}
	ws, err := c.open()
	if err != nil {
		return err
	}
	a, err := ws.ResolveAnnotation(args[0])
	if err != nil {
		return err
	}
	if sub == "delete" {
		res, err := ws.DeleteAnnotation(a.ID)
		if err != nil {
			return err
		}
		if c.JSON {
			return c.printJSON(map[string]any{"done": res.Label, "revision": res.Revision, "id": a.ID})
		}
		fmt.Fprintln(c.Stdout, res.Label)
		return nil
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	e := annotate.AnnotationEdit{Note: note}
	if len(lists["tag"]) > 0 {
		if e.SetTags, err = resolveTags(cb, lists["tag"]); err != nil {
			return err
		}
	}
	if e.AddTags, err = resolveTags(cb, lists["add-tag"]); err != nil {
		return err
	}
	if e.RemoveTags, err = resolveTags(cb, lists["remove-tag"]); err != nil {
		return err
	}
	res, err := ws.EditAnnotation(a.ID, e)
	if err != nil {
		return err
	}
	if a, err = ws.Annotation(a.ID); err != nil {
		return err
	}
	if c.JSON {
		return c.printJSON(map[string]any{"done": res.Label, "revision": res.Revision, "annotation": toAnnotationJSON(a, cb)})
	}
	fmt.Fprintln(c.Stdout, res.Label)
	printAnnotation(c, a, cb)
	return nil
}
