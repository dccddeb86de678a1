package team

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"gloss.app/gloss/annotate"
)

// The random analyst of the property test and the drill: every kind of command a desk
// makes, on a small shared pool of texts so that desks import the same ones.

var drillWords = strings.Fields(`grid substation drone strike Kharkiv Odesa ministry ceasefire talks guarantees
	sanctions assets frozen corruption tender energy oblast shelling front line brigade aid package air defence
	repair outage negotiators Geneva envoy humanitarian corridor evacuation claim denial report`)

// drillText is text number i of the pool: a few hundred words, deterministic.
func drillText(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	var b strings.Builder
	fmt.Fprintf(&b, "Dispatch %d.\n", i)
	for s := 0; s < 25; s++ {
		n := 6 + r.IntN(10)
		for w := 0; w < n; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(drillWords[r.IntN(len(drillWords))])
		}
		b.WriteString(".\n")
	}
	return b.String()
}

const drillPool = 14

// okError reports whether err is a refusal a user can get (the command changed nothing).
func okError(err error) bool {
	return err == nil || errors.Is(err, annotate.ErrInvalid) || errors.Is(err, annotate.ErrNotFound) ||
		errors.Is(err, annotate.ErrNothingToUndo) || errors.Is(err, annotate.ErrNothingToRedo)
}

// randomCommand runs one random command; it returns its kind and the error (nil or a
// refusal such as an invalid span: those are commands a user could type too).
func randomCommand(r *rand.Rand, ws *annotate.Workspace, who string) (string, error) {
	cb, err := ws.Codebook()
	if err != nil {
		return "codebook", err
	}
	tags := cb.Tags()
	pickTag := func() string {
		if len(tags) == 0 {
			return ""
		}
		return tags[r.IntN(len(tags))].ID
	}
	arts, err := ws.Articles()
	if err != nil {
		return "articles", err
	}
	var anns []string
	ws.ReplicaView(func(rt *annotate.ReplicaTx) error {
		return rt.ForEach("annotations", func(k, _ []byte) error {
			anns = append(anns, string(k))
			return nil
		})
	})
	pickAnn := func() string {
		if len(anns) == 0 {
			return "none"
		}
		return anns[r.IntN(len(anns))]
	}
	p := r.IntN(1000)
	switch {
	case p < 80 || len(arts) == 0:
		i := r.IntN(drillPool)
		_, err := ws.AddArticle(annotate.ArticleDraft{Title: fmt.Sprintf("Dispatch %d (%s)", i, who), Text: drillText(i), Format: "txt"})
		return "import", err
	case p < 380:
		art, err := ws.Article(arts[r.IntN(len(arts))].ID)
		if err != nil {
			return "annotate", err
		}
		text := []rune(art.Text)
		start := r.IntN(len(text) - 1)
		end := min(len(text), start+3+r.IntN(40))
		ids := []string{pickTag()}
		if r.IntN(3) == 0 {
			ids = append(ids, pickTag())
		}
		_, _, err = ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: ids,
			Note: map[bool]string{true: fmt.Sprintf("%s noted %d", who, p)}[r.IntN(4) == 0]})
		return "annotate", err
	case p < 480:
		ids := []string{pickTag()}
		if r.IntN(2) == 0 {
			ids = append(ids, pickTag())
		}
		_, err := ws.SetAnnotationTags(pickAnn(), ids)
		return "retag", err
	case p < 600:
		note := fmt.Sprintf("%s: note %d", who, r.IntN(100000))
		if r.IntN(6) == 0 {
			note = ""
		}
		_, err := ws.SetAnnotationNote(pickAnn(), note)
		return "note", err
	case p < 660:
		_, err := ws.DeleteAnnotation(pickAnn())
		return "delete annotation", err
	case p < 675:
		_, err := ws.DeleteArticle(arts[r.IntN(len(arts))].ID)
		return "delete article", err
	case p < 715:
		parent := ""
		if r.IntN(2) == 0 {
			parent = pickTag()
		}
		name := fmt.Sprintf("%s code %d", who, r.IntN(1000))
		if r.IntN(2) == 0 {
			// Colleagues make the same one, often at the top level.
			name = fmt.Sprintf("Shared code %d", r.IntN(6))
			if r.IntN(3) > 0 {
				parent = ""
			}
		}
		_, _, err := ws.CreateTag(annotate.TagDraft{Name: name, ParentID: parent})
		return "create tag", err
	case p < 755:
		name := fmt.Sprintf("%s renamed %d", who, r.IntN(1000))
		if r.IntN(4) == 0 {
			name = fmt.Sprintf("shared CODE %d", r.IntN(6))
		}
		_, err := ws.RenameTag(pickTag(), name)
		return "rename tag", err
	case p < 785:
		parent := ""
		if r.IntN(3) > 0 {
			parent = pickTag()
		}
		_, err := ws.MoveTag(pickTag(), parent)
		return "move tag", err
	case p < 810:
		if len(tags) < 8 {
			return "merge tag", nil
		}
		_, err := ws.MergeTag(pickTag(), pickTag())
		return "merge tag", err
	case p < 825:
		if len(tags) < 8 {
			return "delete tag", nil
		}
		into := ""
		if r.IntN(2) == 0 {
			into = pickTag()
		}
		_, err := ws.DeleteTag(pickTag(), into)
		return "delete tag", err
	case p < 845:
		_, err := ws.SetTagColor(pickTag(), annotate.Palette[r.IntN(len(annotate.Palette))])
		return "colour tag", err
	case p < 855:
		_, err := ws.SetTagHotkey(pickTag(), r.IntN(10))
		return "hotkey", err
	case p < 945:
		_, err := ws.Undo()
		return "undo", err
	default:
		_, err := ws.Redo()
		return "redo", err
	}
}
