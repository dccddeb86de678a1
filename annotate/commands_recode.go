package annotate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A self-check (recode session) hides every annotation on a random sample of units an
// analyst coded before, so they can code those units again blind; comparing both codings
// gives their intra-coder agreement. The originals stay in the store untouched: the
// recode_hidden bucket (annotation id → session id) only keeps them out of the views —
// the reader, `gloss show`, export, search (the index drops them) and statistics — until
// the session ends. Commands still see them, so deleting a tag or an article keeps them
// consistent.
var (
	bRecode       = []byte("recode_sessions") // session id → RecodeSession
	bRecodeHidden = []byte("recode_hidden")   // annotation id → session id
)

func init() { allBuckets = append(allBuckets, bRecode, bRecodeHidden) }

// Recode session states.
const (
	RecodeActive    = "active"
	RecodeStopped   = "stopped"
	RecodeCancelled = "cancelled"
)

// What a stopped session keeps in the workspace on the sampled units.
const (
	KeepFirst  = "first"  // the original coding comes back; the re-coding is kept in the session only
	KeepSecond = "second" // the re-coding stays; the original is kept in the session only
	KeepBoth   = "both"
)

// RecodeUnit is one sampled unit: a span of an article.
type RecodeUnit struct {
	ArticleID string `json:"article"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

// RecodePlan is what the agreement package draws for a new session.
type RecodePlan struct {
	Coder      string // "" for the workspace's author
	Unit       string // sentence, paragraph or article
	Sample     string // as asked: "10%", "25"
	Seed       uint64
	Population int // units the sample was drawn from
	Units      []RecodeUnit
}

// RecodeSession is a self-check, active or ended.
type RecodeSession struct {
	ID         string       `json:"id"`
	Coder      string       `json:"coder"`
	Unit       string       `json:"unit"`
	Sample     string       `json:"sample"`
	Seed       uint64       `json:"seed"`
	Population int          `json:"population"`
	Started    time.Time    `json:"started"`
	Ended      time.Time    `json:"ended,omitzero"`
	Status     string       `json:"status"`
	Units      []RecodeUnit `json:"units"`
	Hidden     []string     `json:"hidden"` // every annotation hidden at the start (all authors)
	// Filled when the session stops: the coder's two codings of the sampled units.
	First  []Annotation `json:"first,omitempty"`
	Second []Annotation `json:"second,omitempty"`
	Kept   string       `json:"kept,omitempty"`
}

// UnitsIn lists the session's units in one article, in text order (for the reader).
func (s *RecodeSession) UnitsIn(articleID string) []RecodeUnit {
	var out []RecodeUnit
	for _, u := range s.Units {
		if u.ArticleID == articleID {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Covers reports whether an annotation overlaps one of the session's units.
func (s *RecodeSession) Covers(a Annotation) bool {
	for _, u := range s.Units {
		if u.ArticleID == a.ArticleID && a.Start < u.End && u.Start < a.End {
			return true
		}
	}
	return false
}

// FirstCoding and SecondCoding are the coder's annotations on the sampled units before
// and during the session. While the session runs they are read from the store; once it
// ended, from what the session kept.
func (ws *Workspace) RecodeCodings(s *RecodeSession) (first, second []Annotation, err error) {
	if s.Status != RecodeActive {
		return s.First, s.Second, nil
	}
	err = ws.db.View(func(b *bolt.Tx) error {
		first, second, err = codings(newTx(b, false), s)
		return err
	})
	return first, second, err
}

// codings reads the coder's hidden annotations (the first coding) and the ones they made
// on the sampled units since the session started (the second).
func codings(t *Tx, s *RecodeSession) (first, second []Annotation, err error) {
	hidden := map[string]bool{}
	for _, id := range s.Hidden {
		hidden[id] = true
	}
	articles := map[string]bool{}
	for _, u := range s.Units {
		articles[u.ArticleID] = true
	}
	ids := make([]string, 0, len(articles))
	for id := range articles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		anns, err := t.AnnotationsOf(id)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range anns {
			if a.Author != s.Coder {
				continue
			}
			switch {
			case hidden[a.ID]:
				first = append(first, a)
			case !a.Created.Before(s.Started) && s.Covers(a):
				second = append(second, a)
			}
		}
	}
	return first, second, nil
}

// ActiveRecode returns the running self-check, or nil.
func (ws *Workspace) ActiveRecode() (*RecodeSession, error) {
	var s *RecodeSession
	err := ws.db.View(func(b *bolt.Tx) error {
		var err error
		s, err = activeRecode(b)
		return err
	})
	return s, err
}

// RecodeSessions lists every self-check, oldest first.
func (ws *Workspace) RecodeSessions() ([]RecodeSession, error) {
	var out []RecodeSession
	err := ws.db.View(func(b *bolt.Tx) error {
		return b.Bucket(bRecode).ForEach(func(k, v []byte) error {
			var s RecodeSession
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("read recode session %s: %w", k, err)
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

func activeRecode(b *bolt.Tx) (*RecodeSession, error) {
	var found *RecodeSession
	err := b.Bucket(bRecode).ForEach(func(k, v []byte) error {
		var s RecodeSession
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("read recode session %s: %w", k, err)
		}
		if s.Status == RecodeActive {
			found = &s
		}
		return nil
	})
	return found, err
}

// errNoRecode is the error of stopping or cancelling when no session runs.
var errNoRecode = &userError{kind: ErrInvalid, msg: "no self-check is running (start one with: gloss recode start --sample 10%)"}

// StartRecode begins a self-check on the plan's units: every annotation overlapping one
// of them, whoever made it, is hidden from the views until the session ends (one undoable
// step; undoing it ends the session as if it never ran).
func (ws *Workspace) StartRecode(p RecodePlan) (*RecodeSession, Result, error) {
	var s RecodeSession
	res, err := ws.runLabelled(func(t *Tx) (string, error) {
		if a, err := activeRecode(t.b); err != nil {
			return "", err
		} else if a != nil {
			return "", invalidf("a self-check is already running (started %s on %d units): finish it with gloss recode stop, or gloss recode cancel",
				a.Started.Local().Format("2006-01-02 15:04"), len(a.Units))
		}
		if len(p.Units) == 0 {
			return "", invalidf("the sample is empty: there is nothing to code again")
		}
		coder, err := coderName(t, p.Coder)
		if err != nil {
			return "", err
		}
		now := t.nowUTC()
		s = RecodeSession{ID: now.Format("20060102T150405.000000000Z"), Coder: coder, Unit: p.Unit, Sample: p.Sample,
			Seed: p.Seed, Population: p.Population, Started: now, Status: RecodeActive, Units: p.Units, Hidden: []string{}}
		byArticle := map[string][]RecodeUnit{}
		for _, u := range p.Units {
			if u.End <= u.Start || u.Start < 0 {
				return "", invalidf("sampled unit %d–%d of article %s is empty", u.Start, u.End, u.ArticleID)
			}
			byArticle[u.ArticleID] = append(byArticle[u.ArticleID], u)
		}
		ids := make([]string, 0, len(byArticle))
		for id := range byArticle {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if _, err := t.Article(id, false); err != nil {
				return "", err
			}
			anns, err := t.AnnotationsOf(id)
			if err != nil {
				return "", err
			}
			for _, a := range anns {
				for _, u := range byArticle[id] {
					if a.Start < u.End && u.Start < a.End {
						s.Hidden = append(s.Hidden, a.ID)
						if err := t.write(bRecodeHidden, a.ID, ptr(s.ID)); err != nil {
							return "", err
						}
						break
					}
				}
			}
		}
		if err := t.putJSON(bRecode, s.ID, s); err != nil {
			return "", err
		}
		return fmt.Sprintf("Started a self-check on %d %ss (%d highlights hidden)", len(s.Units), p.Unit, len(s.Hidden)), nil
	})
	if err != nil {
		return nil, res, err
	}
	return &s, res, nil
}

func ptr(s string) *string { return &s }

// StopRecode ends the running self-check: the hidden annotations come back and both
// codings are kept in the session for `gloss recode result`. keep says which coding stays
// in the workspace on the sampled units: KeepFirst (the default) deletes the re-coding,
// KeepSecond the original, KeepBoth neither. One undoable step.
func (ws *Workspace) StopRecode(keep string) (*RecodeSession, Result, error) {
	if keep == "" {
		keep = KeepFirst
	}
	if keep != KeepFirst && keep != KeepSecond && keep != KeepBoth {
		return nil, Result{}, invalidf("keep is first, second or both, not %q", keep)
	}
	return ws.endRecode(RecodeStopped, keep)
}

// CancelRecode abandons the running self-check: the hidden annotations come back and the
// ones made during the session on the sampled units are deleted. One undoable step.
func (ws *Workspace) CancelRecode() (*RecodeSession, Result, error) {
	return ws.endRecode(RecodeCancelled, KeepFirst)
}

func (ws *Workspace) endRecode(status, keep string) (*RecodeSession, Result, error) {
	var out *RecodeSession
	res, err := ws.runLabelled(func(t *Tx) (string, error) {
		s, err := activeRecode(t.b)
		if err != nil {
			return "", err
		}
		if s == nil {
			return "", errNoRecode
		}
		first, second, err := codings(t, s)
		if err != nil {
			return "", err
		}
		for _, id := range s.Hidden {
			if err := t.write(bRecodeHidden, id, nil); err != nil {
				return "", err
			}
		}
		drop := second
		if keep == KeepSecond {
			drop = first
		} else if keep == KeepBoth {
			drop = nil
		}
		for _, a := range drop {
			if err := t.DeleteAnnotation(a.ID); err != nil {
				return "", err
			}
		}
		s.Status, s.Ended = status, t.nowUTC()
		if status == RecodeStopped {
			s.First, s.Second, s.Kept = first, second, keep
		}
		if err := t.putJSON(bRecode, s.ID, s); err != nil {
			return "", err
		}
		out = s
		if status == RecodeCancelled {
			return fmt.Sprintf("Cancelled the self-check (%d highlights back, %d re-coded ones removed)", len(s.Hidden), len(drop)), nil
		}
		return fmt.Sprintf("Ended the self-check (%d highlights back, kept the %s coding)", len(s.Hidden), keep), nil
	})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// loadHidden reads the annotations a running self-check hides (nil when none, which is
// one cursor step).
func loadHidden(b *bolt.Tx) map[string]bool {
	bk := b.Bucket(bRecodeHidden)
	if bk == nil {
		return nil
	}
	c := bk.Cursor()
	k, _ := c.First()
	if k == nil {
		return nil
	}
	hidden := map[string]bool{}
	for ; k != nil; k, _ = c.Next() {
		hidden[string(k)] = true
	}
	return hidden
}

// HiddenAnnotations lists the ids a running self-check hides from the views (empty when
// none runs): the window uses it to say how many highlights are hidden and why.
func (ws *Workspace) HiddenAnnotations() (map[string]bool, error) {
	var h map[string]bool
	err := ws.db.View(func(b *bolt.Tx) error {
		h = loadHidden(b)
		return nil
	})
	if h == nil {
		h = map[string]bool{}
	}
	return h, err
}

// VisibleAnnotations keeps the annotations a self-check does not hide: the filter for a
// caller holding annotations read with ViewAll.
func VisibleAnnotations(anns []Annotation, hidden map[string]bool) []Annotation {
	if len(hidden) == 0 {
		return anns
	}
	out := make([]Annotation, 0, len(anns))
	for _, a := range anns {
		if !hidden[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// ViewAll is View without the self-check's hiding: for the agreement measures and the
// self-check itself, which must see every annotation.
func (ws *Workspace) ViewAll(fn func(t *Tx) error) error {
	return ws.db.View(func(b *bolt.Tx) error { return fn(newTx(b, false)) })
}

// hiddenErr is the error of reading an annotation a self-check hides.
func hiddenErr(id string) error {
	return &userError{kind: ErrNotFound, msg: fmt.Sprintf("annotation %s is hidden by the running self-check (gloss recode stop shows it again)", id)}
}

// hiddenCounts is what the hidden annotations add to the store's counters, so the
// library's and the codebook's counts can leave them out like the views do: per article,
// per tag (annotations, and articles where every use of the tag is hidden), and in all.
type hiddenCounts struct {
	perArticle map[string]int
	perTag     map[string]TagUsage
	total      int
}

func countHidden(b *bolt.Tx, hidden map[string]bool) hiddenCounts {
	hc := hiddenCounts{perArticle: map[string]int{}, perTag: map[string]TagUsage{}}
	perTagArticle := map[string]uint64{}
	for id := range hidden {
		a, err := readAnnotation(b, id)
		if err != nil {
			continue // undone since it was hidden
		}
		hc.total++
		hc.perArticle[a.ArticleID]++
		seen := map[string]bool{}
		for _, tag := range a.TagIDs {
			if !seen[tag] {
				seen[tag] = true
				perTagArticle[tag+"\x00"+a.ArticleID]++
			}
		}
	}
	usage := b.Bucket(bByArticle)
	for key, n := range perTagArticle {
		tag, article, _ := strings.Cut(key, "\x00")
		u := hc.perTag[tag]
		u.Annotations += int(n)
		if getUint(usage, usageKey(article, tag)) == n {
			u.Articles++
		}
		hc.perTag[tag] = u
	}
	return hc
}
