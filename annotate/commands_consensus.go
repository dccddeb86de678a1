package annotate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// ConsensusAuthor is the author of the annotations a curator accepts when coders
// disagree. Agreement leaves them out unless asked to include them as one more coder.
const ConsensusAuthor = "consensus"

// AcceptDraft is one decision of the disagreement browser: for the tags under review
// (a tag, with its sub-tags when rolled up) on the unit [Start, End) of an article, the
// version of one coder — their annotations there (From) — becomes the consensus. An empty
// From accepts the version "nothing here": the consensus loses the tags on the unit.
type AcceptDraft struct {
	ArticleID  string
	TagIDs     []string // the tags under review
	Start, End int      // the unit, code points
	From       []string // ids of the accepted annotations (all in the article)
	Coder      string   // whose version it is, for the label and the note
}

// AcceptVersion writes a coder's version of a unit as consensus annotations (author
// "consensus", one undoable step): consensus annotations carrying the reviewed tags on the
// unit lose them (and are deleted when no tag is left), then each accepted annotation is
// copied with its span and its reviewed tags, its note saying whose version it was.
func (ws *Workspace) AcceptVersion(d AcceptDraft) (created []Annotation, res Result, err error) {
	res, err = ws.runLabelled(func(t *Tx) (string, error) {
		created = nil
		art, err := t.Article(d.ArticleID, false)
		if err != nil {
			return "", err
		}
		if d.Start < 0 || d.End > art.Length || d.End <= d.Start {
			return "", invalidf("unit %d–%d is not inside the article (it has %d characters)", d.Start, d.End, art.Length)
		}
		review, names, err := checkTags(t, d.TagIDs)
		if err != nil {
			return "", err
		}
		inReview := func(id string) bool { return slices.Contains(review, id) }
		anns, err := t.AnnotationsOf(art.ID)
		if err != nil {
			return "", err
		}
		byID := map[string]Annotation{}
		for _, a := range anns {
			byID[a.ID] = a
		}
		type spanTags struct {
			start, end int
			tags       string
		}
		key := func(start, end int, tags []string) spanTags {
			s := slices.Clone(tags)
			slices.Sort(s)
			return spanTags{start, end, strings.Join(s, ",")}
		}
		// The new version, checked first so a bad id changes nothing.
		var drafts []Annotation
		wanted := map[spanTags]bool{}
		for _, id := range d.From {
			a, ok := byID[id]
			if !ok {
				return "", notFoundf("no annotation %s in article %s", id, art.ID)
			}
			if a.State == Orphaned {
				return "", invalidf("annotation %s is orphaned (its quote is not in the current text): it cannot be accepted", id)
			}
			var tags []string
			for _, tag := range a.TagIDs {
				if inReview(tag) {
					tags = append(tags, tag)
				}
			}
			if len(tags) == 0 {
				return "", invalidf("annotation %s carries none of the tags under review", id)
			}
			k := key(a.Start, a.End, tags)
			if wanted[k] {
				continue
			}
			wanted[k] = true
			drafts = append(drafts, Annotation{Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix,
				TagIDs: tags, Note: acceptedNote(a)})
		}
		// The old consensus on the unit gives way, except what the new version repeats.
		kept := map[spanTags]bool{}
		for _, a := range anns {
			if a.Author != ConsensusAuthor || a.Start >= d.End || a.End <= d.Start {
				continue
			}
			var rest, reviewed []string
			for _, tag := range a.TagIDs {
				if inReview(tag) {
					reviewed = append(reviewed, tag)
				} else {
					rest = append(rest, tag)
				}
			}
			if len(reviewed) == 0 {
				continue
			}
			if k := key(a.Start, a.End, reviewed); wanted[k] && !kept[k] {
				kept[k] = true
				continue
			}
			if len(rest) == 0 {
				if err := t.DeleteAnnotation(a.ID); err != nil {
					return "", err
				}
				continue
			}
			a.TagIDs = rest
			a.Modified = t.nowUTC()
			if err := t.PutAnnotation(a); err != nil {
				return "", err
			}
		}
		now := t.nowUTC()
		for _, a := range drafts {
			if kept[key(a.Start, a.End, a.TagIDs)] {
				continue
			}
			a.ID, a.ArticleID, a.Author, a.Created, a.Modified, a.State = uuid.NewString(), art.ID, ConsensusAuthor, now, now, Anchored
			if err := t.PutAnnotation(a); err != nil {
				return "", err
			}
			created = append(created, a)
		}
		who := strings.TrimSpace(d.Coder)
		if who == "" {
			who = "a coder"
		}
		if len(d.From) == 0 {
			return fmt.Sprintf("Accepted %s's version (nothing) of %s", who, quoteNames(names[:1])), nil
		}
		return fmt.Sprintf("Accepted %s's version of %s", who, quoteNames(names[:1])), nil
	})
	return created, res, err
}

func acceptedNote(a Annotation) string {
	who := a.Author
	if who == "" {
		who = "an unnamed coder"
	}
	note := "Accepted from " + who + "'s version."
	if a.Note != "" {
		note += "\n\n" + a.Note
	}
	return note
}
