package annotate

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gloss.app/gloss/assets"
	bolt "go.etcd.io/bbolt"
)

// TagDraft describes a new tag.
type TagDraft struct {
	Name        string
	ParentID    string
	Color       string // #RRGGBB; "" picks the next colour of Palette
	Description string
	Hotkey      int
}

// Palette is the default codebook's colours, the set new tags and the colour picker
// take from: every pair differs by CIEDE2000 ≥ 20 and each stands ≥ 20 from the light
// and the dark theme's background (app/tagcolor's TestDefaultPaletteHasNoNearTwins).
var Palette = []string{
	"#FF9F01", "#1FEBFC", "#00DD98", "#C3C205", "#039098", "#FF4200", "#D978A8",
	"#8D6E63", "#983BC0", "#691D1D", "#13196D", "#037D42", "#738BCD",
}

func seedCodebook(b *bolt.Tx) error {
	var tags []Tag
	if err := json.Unmarshal(assets.DefaultCodebook, &tags); err != nil {
		return fmt.Errorf("default codebook: %w", err)
	}
	t := newTx(b, false)
	for _, tag := range tags {
		if err := t.PutTag(tag); err != nil {
			return err
		}
	}
	return nil
}

func validateTagName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", invalidf("the tag name is empty")
	case strings.Contains(name, PathSeparator):
		return "", invalidf("a tag name cannot contain %q (it separates names in a tag path)", PathSeparator)
	case CodePoints(name) > 100:
		return "", invalidf("the tag name is longer than 100 characters")
	}
	return name, nil
}

// CreateTag adds a tag to the codebook.
func (ws *Workspace) CreateTag(d TagDraft) (Tag, Result, error) {
	var tag Tag
	res, err := ws.runLabelled(func(t *Tx) (string, error) {
		name, err := validateTagName(d.Name)
		if err != nil {
			return "", err
		}
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		if d.ParentID != "" {
			if _, ok := cb.Tag(d.ParentID); !ok {
				return "", notFoundf("no parent tag %s in the codebook", d.ParentID)
			}
		}
		if other, ok := cb.siblingNamed(d.ParentID, name, ""); ok {
			return "", invalidf("a tag named '%s' already exists there (%s)", other.Name, cb.Path(other.ID))
		}
		color := d.Color
		if color == "" {
			color = nextTagColor(cb)
		}
		if !ValidColor(color) {
			return "", invalidf("colour %q is not of the form #RRGGBB", color)
		}
		tag = Tag{ID: uuid.NewString(), Name: name, ParentID: d.ParentID, Color: strings.ToUpper(color), Description: strings.TrimSpace(d.Description)}
		if err := t.PutTag(tag); err != nil {
			return "", err
		}
		if d.Hotkey != 0 {
			if err := assignHotkey(t, tag.ID, d.Hotkey); err != nil {
				return "", err
			}
			tag.Hotkey = d.Hotkey
		}
		return fmt.Sprintf("Created tag '%s'", name), nil
	})
	return tag, res, err
}

// nextTagColor picks the first colour of Palette used by the fewest tags, so new tags
// stay distinguishable.
func nextTagColor(cb *Codebook) string {
	uses := map[string]int{}
	for _, t := range cb.Tags() {
		uses[strings.ToUpper(t.Color)]++
	}
	best := Palette[0]
	for _, c := range Palette {
		if uses[c] < uses[best] {
			best = c
		}
	}
	return best
}

// editTag runs a command that changes one tag.
func (ws *Workspace) editTag(id string, edit func(t *Tx, cb *Codebook, tag *Tag) (string, error)) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		tag, err := cb.known(id)
		if err != nil {
			return "", err
		}
		label, err := edit(t, cb, &tag)
		if err != nil {
			return "", err
		}
		return label, t.PutTag(tag)
	})
}

// RenameTag renames a tag; its annotations follow (they refer to it by id).
func (ws *Workspace) RenameTag(id, name string) (Result, error) {
	return ws.editTag(id, func(t *Tx, cb *Codebook, tag *Tag) (string, error) {
		name, err := validateTagName(name)
		if err != nil {
			return "", err
		}
		if other, ok := cb.siblingNamed(tag.ParentID, name, tag.ID); ok {
			return "", invalidf("a tag named '%s' already exists there (%s)", other.Name, cb.Path(other.ID))
		}
		old := tag.Name
		tag.Name = name
		return fmt.Sprintf("Renamed tag '%s' to '%s'", old, name), nil
	})
}

// SetTagColor recolours a tag.
func (ws *Workspace) SetTagColor(id, color string) (Result, error) {
	return ws.editTag(id, func(t *Tx, cb *Codebook, tag *Tag) (string, error) {
		if !ValidColor(color) {
			return "", invalidf("colour %q is not of the form #RRGGBB", color)
		}
		tag.Color = strings.ToUpper(color)
		return fmt.Sprintf("Recoloured tag '%s'", tag.Name), nil
	})
}

// SetTagDescription changes a tag's description.
func (ws *Workspace) SetTagDescription(id, description string) (Result, error) {
	return ws.editTag(id, func(t *Tx, cb *Codebook, tag *Tag) (string, error) {
		tag.Description = strings.TrimSpace(description)
		return fmt.Sprintf("Described tag '%s'", tag.Name), nil
	})
}

// SetTagHotkey binds digit 1–9 to a tag (taking it from the tag that had it); 0 unbinds.
func (ws *Workspace) SetTagHotkey(id string, digit int) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		tag, err := cb.known(id)
		if err != nil {
			return "", err
		}
		if err := assignHotkey(t, id, digit); err != nil {
			return "", err
		}
		if digit == 0 {
			return fmt.Sprintf("Removed the hotkey of '%s'", tag.Name), nil
		}
		return fmt.Sprintf("Bound key %d to '%s'", digit, tag.Name), nil
	})
}

func assignHotkey(t *Tx, id string, digit int) error {
	if digit < 0 || digit > 9 {
		return invalidf("a hotkey is a digit from 1 to 9, not %d", digit)
	}
	cb, err := t.Codebook()
	if err != nil {
		return err
	}
	if digit != 0 {
		if other, ok := cb.ByHotkey(digit); ok && other.ID != id {
			other.Hotkey = 0
			if err := t.PutTag(other); err != nil {
				return err
			}
		}
	}
	tag, _ := cb.Tag(id)
	tag.Hotkey = digit
	return t.PutTag(tag)
}

// MoveTag puts a tag under another parent ("" for the top level).
func (ws *Workspace) MoveTag(id, parentID string) (Result, error) {
	return ws.editTag(id, func(t *Tx, cb *Codebook, tag *Tag) (string, error) {
		where := "the top level"
		if parentID != "" {
			parent, ok := cb.Tag(parentID)
			if !ok {
				return "", notFoundf("no parent tag %s in the codebook", parentID)
			}
			if cb.IsDescendant(parentID, id) {
				return "", invalidf("cannot move '%s' under itself or one of its own children", tag.Name)
			}
			where = "'" + parent.Name + "'"
		}
		if other, ok := cb.siblingNamed(parentID, tag.Name, tag.ID); ok {
			return "", invalidf("a tag named '%s' already exists there (%s)", other.Name, cb.Path(other.ID))
		}
		tag.ParentID = parentID
		return fmt.Sprintf("Moved tag '%s' to %s", tag.Name, where), nil
	})
}

// MergeTag gives every annotation of from the tag into instead, moves from's children
// under into (a child whose name into already has is merged into that child, and so on
// down), hands over from's hotkey when into has none, and deletes from.
func (ws *Workspace) MergeTag(fromID, intoID string) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		from, err := cb.known(fromID)
		if err != nil {
			return "", err
		}
		into, err := cb.known(intoID)
		if err != nil {
			return "", err
		}
		if fromID == intoID {
			return "", invalidf("cannot merge '%s' into itself", from.Name)
		}
		if cb.IsDescendant(intoID, fromID) {
			return "", invalidf("cannot merge '%s' into its own child '%s'", from.Name, into.Name)
		}
		if err := mergeTag(t, cb, from, into); err != nil {
			return "", err
		}
		return fmt.Sprintf("Merged tag '%s' into '%s'", from.Name, into.Name), nil
	})
}

func mergeTag(t *Tx, cb *Codebook, from, into Tag) error {
	if _, err := retagAnnotations(t, from.ID, into.ID); err != nil {
		return err
	}
	for _, child := range cb.Children(from.ID) {
		if same, ok := cb.siblingNamed(into.ID, child.Name, child.ID); ok && same.ID != from.ID {
			if err := mergeTag(t, cb, child, same); err != nil {
				return err
			}
			continue
		}
		child.ParentID = into.ID
		if err := t.PutTag(child); err != nil {
			return err
		}
	}
	if into.Hotkey == 0 && from.Hotkey != 0 {
		current, _ := t.Codebook()
		if now, ok := current.Tag(into.ID); ok {
			now.Hotkey = from.Hotkey
			if err := t.PutTag(now); err != nil {
				return err
			}
		}
	}
	t.retireTag(from.ID, into.ID, into.ID)
	return t.DeleteTag(from.ID)
}

// DeleteTag removes a tag. Its annotations take intoID instead, or, with intoID "", lose
// the tag; an annotation left with no tag at all is deleted with it (undo brings both back).
// Children move up to the deleted tag's parent.
func (ws *Workspace) DeleteTag(id, intoID string) (Result, error) {
	return ws.DeleteTagChecked(id, TagDeletion{IntoID: intoID, DeleteAnnotations: true})
}

// TagDeletion says what happens to the annotations of a deleted tag.
type TagDeletion struct {
	IntoID string // the tag they take instead ("" for none)
	// DeleteAnnotations allows deleting the annotations that have no other tag. Without
	// it (and without IntoID) a deletion that would delete annotations is refused with an
	// *AnnotationsWouldBeDeletedError.
	DeleteAnnotations bool
}

// AnnotationsWouldBeDeletedError refuses to delete a tag whose deletion would delete the
// annotations that have no other tag, when the caller did not say what to do with them.
type AnnotationsWouldBeDeletedError struct {
	Tag   string // its full path
	Count int    // annotations that have only this tag
}

func (e *AnnotationsWouldBeDeletedError) Error() string {
	return fmt.Sprintf("'%s' is the only tag of %d annotation%s: deleting it would delete %s; move %s to another tag or confirm deleting %s",
		e.Tag, e.Count, pluralS(e.Count), them(e.Count), them(e.Count), them(e.Count))
}

func (e *AnnotationsWouldBeDeletedError) Unwrap() error { return ErrInvalid }

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// DeleteTagChecked removes a tag as DeleteTag does, refusing to delete annotations unless
// d allows it.
func (ws *Workspace) DeleteTagChecked(id string, d TagDeletion) (Result, error) {
	intoID := d.IntoID
	return ws.runLabelled(func(t *Tx) (string, error) {
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		tag, err := cb.known(id)
		if err != nil {
			return "", err
		}
		if intoID == id {
			return "", invalidf("cannot move the annotations of '%s' to the tag being deleted", tag.Name)
		}
		if intoID != "" {
			if _, err := cb.known(intoID); err != nil {
				return "", err
			}
			if cb.IsDescendant(intoID, id) {
				return "", invalidf("cannot move the annotations of '%s' to a tag below it", tag.Name)
			}
		}
		if intoID == "" && !d.DeleteAnnotations {
			only, err := onlyTagged(t, id)
			if err != nil {
				return "", err
			}
			if only > 0 {
				return "", &AnnotationsWouldBeDeletedError{Tag: cb.Path(id), Count: only}
			}
		}
		deleted, err := retagAnnotations(t, id, intoID)
		if err != nil {
			return "", err
		}
		if err := reparentChildren(t, cb, id, tag.ParentID); err != nil {
			return "", err
		}
		t.retireTag(id, intoID, tag.ParentID)
		label := fmt.Sprintf("Deleted tag '%s'", tag.Name)
		if deleted > 0 {
			label += fmt.Sprintf(" and %d annotation%s that had only this tag", deleted, pluralS(deleted))
		}
		if into, ok := cb.Tag(intoID); ok {
			label += fmt.Sprintf("; its annotations now have '%s'", into.Name)
		}
		return label, t.DeleteTag(id)
	})
}

// onlyTagged counts the annotations whose only tag is id.
func onlyTagged(t *Tx, id string) (int, error) {
	n := 0
	err := t.EachAnnotation(func(a Annotation) error {
		if len(a.TagIDs) == 1 && a.TagIDs[0] == id {
			n++
		}
		return nil
	})
	return n, err
}

// retagAnnotations replaces tag from by into (or drops it when into is "") on every annotation.
func retagAnnotations(t *Tx, from, into string) (deleted int, err error) {
	var changed []Annotation
	err = t.EachAnnotation(func(a Annotation) error {
		if a.HasTag(from) {
			changed = append(changed, a)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	now := t.nowUTC()
	for _, a := range changed {
		a.TagIDs = removeID(a.TagIDs, from)
		if into != "" && !a.HasTag(into) {
			a.TagIDs = append(a.TagIDs, into)
		}
		a.Modified = now
		if len(a.TagIDs) == 0 {
			deleted++
			if err := t.DeleteAnnotation(a.ID); err != nil {
				return deleted, err
			}
			continue
		}
		if err := t.PutAnnotation(a); err != nil {
			return deleted, err
		}
	}
	return deleted, nil
}

func reparentChildren(t *Tx, cb *Codebook, from, newParent string) error {
	for _, child := range cb.Children(from) {
		if other, ok := cb.siblingNamed(newParent, child.Name, child.ID); ok && other.ID != from {
			return invalidf("'%s' already has a tag named '%s'; rename one of them first", cb.Path(newParent), child.Name)
		}
		child.ParentID = newParent
		if err := t.PutTag(child); err != nil {
			return err
		}
	}
	return nil
}
