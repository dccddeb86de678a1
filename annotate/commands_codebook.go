package annotate

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// CodeDraft is one code of a codebook made elsewhere (a REFI-QDA .qdc file, a CSV sheet),
// with its children.
type CodeDraft struct {
	GUID        string // the code's identifier in the other tool, "" when it has none
	Name        string
	Color       string // #RRGGBB, or "" to pick one from Palette
	Description string
	Children    []CodeDraft
}

// CodebookImport tells what ImportCodebook did.
type CodebookImport struct {
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Warnings  []string `json:"warnings,omitempty"` // codes changed or skipped, in words
	// Changed names every tag of the workspace the import changed and how, in words:
	// "'Diplomacy/Talks': renamed to 'Negotiations', colour #E69F00 → #0072B2".
	Changed []string `json:"changed,omitempty"`
}

// Message sums the import up for the status bar and the CLI.
func (r CodebookImport) Message() string {
	return fmt.Sprintf("%d new tags, %d updated, %d unchanged", r.Created, r.Updated, r.Unchanged)
}

// ImportCodebook merges codes into the codebook as one undoable command. A code is the
// tag whose id equals its GUID (braces and case ignored); failing that, the tag with the
// same name under the same parent; failing that, a new tag (keeping the GUID as its id when
// it is a free UUID). A matched tag takes the code's name, parent, colour and description
// where the code gives them. Codes that cannot be used are skipped with a warning; the
// others are still imported.
func (ws *Workspace) ImportCodebook(source string, codes []CodeDraft) (CodebookImport, Result, error) {
	var rep CodebookImport
	res, err := ws.runLabelled(func(t *Tx) (string, error) {
		rep = CodebookImport{}
		im := codebookImporter{t: t, rep: &rep, seen: map[string]bool{}}
		for _, c := range codes {
			if err := im.merge(c, "", 0); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("Imported codebook %s: %s", source, rep.Message()), nil
	})
	return rep, res, err
}

// maxCodeDepth bounds the nesting of an imported codebook (hostile files nest deeply).
const maxCodeDepth = 64

type codebookImporter struct {
	t    *Tx
	rep  *CodebookImport
	seen map[string]bool // tag ids already matched by this import
}

func (im *codebookImporter) warnf(format string, args ...any) {
	if len(im.rep.Warnings) < 200 {
		im.rep.Warnings = append(im.rep.Warnings, fmt.Sprintf(format, args...))
	}
}

// merge places code c under parentID and then its children under it.
func (im *codebookImporter) merge(c CodeDraft, parentID string, depth int) error {
	if depth >= maxCodeDepth {
		im.warnf("skipped '%s' and the codes below it: nested deeper than %d levels", c.Name, maxCodeDepth)
		return nil
	}
	name := strings.Join(strings.Fields(strings.ReplaceAll(c.Name, PathSeparator, "∕")), " ")
	if name != strings.Join(strings.Fields(c.Name), " ") {
		im.warnf("renamed '%s' to '%s': a tag name cannot contain %q", c.Name, name, PathSeparator)
	}
	if CodePoints(name) > 100 {
		name = strings.TrimSpace(string([]rune(name)[:100]))
		im.warnf("shortened the name '%s…' to 100 characters", name)
	}
	if name == "" {
		im.warnf("skipped a code without a name; its %d sub-codes go one level up", len(c.Children))
		for _, ch := range c.Children {
			if err := im.merge(ch, parentID, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	color := strings.ToUpper(strings.TrimSpace(c.Color))
	if color != "" && !ValidColor(color) {
		im.warnf("'%s': colour %q is not of the form #RRGGBB; picked one from the palette", name, c.Color)
		color = ""
	}
	description := strings.TrimSpace(c.Description)

	cb, err := im.t.Codebook()
	if err != nil {
		return err
	}
	guid := normalizeGUID(c.GUID)
	tag, found := Tag{}, false
	if guid != "" && !im.seen[guid] {
		tag, found = cb.Tag(guid)
	}
	if !found {
		tag, found = cb.siblingNamed(parentID, name, "")
		if found && im.seen[tag.ID] {
			im.warnf("skipped a second code '%s' in %s", name, placeName(cb, parentID))
			return nil
		}
	}
	var id string
	if found {
		id, err = im.update(cb, tag, parentID, name, color, description)
		if err != nil || id == "" {
			return err
		}
	} else {
		id, err = im.create(cb, guid, parentID, name, color, description)
		if err != nil {
			return err
		}
	}
	im.seen[id] = true
	for _, ch := range c.Children {
		if err := im.merge(ch, id, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// update applies a code to the tag it matched; it returns "" when the code was skipped.
func (im *codebookImporter) update(cb *Codebook, tag Tag, parentID, name, color, description string) (string, error) {
	before := tag
	if tag.ParentID != parentID {
		switch {
		case parentID != "" && cb.IsDescendant(parentID, tag.ID):
			im.warnf("kept '%s' where it is: the codebook puts it under one of its own sub-tags", cb.Path(tag.ID))
		default:
			if other, ok := cb.siblingNamed(parentID, name, tag.ID); ok {
				im.warnf("skipped '%s': %s already has a tag named '%s'", name, placeName(cb, parentID), other.Name)
				return "", nil
			}
			tag.ParentID = parentID
		}
	}
	if tag.Name != name {
		if other, ok := cb.siblingNamed(tag.ParentID, name, tag.ID); ok {
			im.warnf("kept the name '%s': %s already has a tag named '%s'", tag.Name, placeName(cb, tag.ParentID), other.Name)
		} else {
			tag.Name = name
		}
	}
	if color != "" {
		tag.Color = color
	}
	if description != "" {
		tag.Description = description
	}
	if tag == before {
		im.rep.Unchanged++
		return tag.ID, nil
	}
	im.rep.Updated++
	im.rep.Changed = append(im.rep.Changed, describeTagChange(cb, before, tag))
	return tag.ID, im.t.PutTag(tag)
}

// describeTagChange says how a tag of the workspace changed: "'Diplomacy/Talks': renamed
// to 'Negotiations', moved to the top level, colour #E69F00 → #0072B2, new description".
func describeTagChange(cb *Codebook, before, after Tag) string {
	var what []string
	if after.Name != before.Name {
		what = append(what, fmt.Sprintf("renamed to '%s'", after.Name))
	}
	if after.ParentID != before.ParentID {
		what = append(what, "moved to "+placeName(cb, after.ParentID))
	}
	if !strings.EqualFold(after.Color, before.Color) {
		what = append(what, fmt.Sprintf("colour %s → %s", before.Color, after.Color))
	}
	if after.Description != before.Description {
		what = append(what, "new description")
	}
	return fmt.Sprintf("'%s': %s", cb.Path(before.ID), strings.Join(what, ", "))
}

func (im *codebookImporter) create(cb *Codebook, guid, parentID, name, color, description string) (string, error) {
	id := guid
	if _, taken := cb.Tag(id); id == "" || taken {
		id = uuid.NewString()
	}
	if color == "" {
		color = nextTagColor(cb)
	}
	im.rep.Created++
	return id, im.t.PutTag(Tag{ID: id, Name: name, ParentID: parentID, Color: color, Description: description})
}

// normalizeGUID turns "{6F9619FF-8B86-D011-B42D-00C04FC964FF}" into the lower-case UUID
// form tag ids use; anything that is not a UUID gives "".
func normalizeGUID(g string) string {
	g = strings.TrimSpace(g)
	g = strings.TrimSuffix(strings.TrimPrefix(g, "{"), "}")
	u, err := uuid.Parse(g)
	if err != nil || len(g) != 36 {
		return ""
	}
	return u.String()
}

func placeName(cb *Codebook, parentID string) string {
	if parentID == "" {
		return "the top level"
	}
	return "'" + cb.Path(parentID) + "'"
}
