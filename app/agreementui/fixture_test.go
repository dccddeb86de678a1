package agreementui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// fixture is a workspace (default codebook) where coders take turns.
type fixture struct {
	t  *testing.T
	ws *annotate.Workspace
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return &fixture{t: t, ws: wstest.Open(t)}
}

func (f *fixture) article(title, text string) string {
	f.t.Helper()
	res, err := f.ws.AddArticle(annotate.ArticleDraft{Title: title, Text: text})
	if err != nil || res.Err != nil {
		f.t.Fatal(err, res.Err)
	}
	return res.Article.ID
}

func (f *fixture) tag(ref string) string {
	f.t.Helper()
	cb, _ := f.ws.Codebook()
	tag, err := cb.Resolve(ref)
	if err != nil {
		f.t.Fatal(err)
	}
	return tag.ID
}

// code has coder highlight quote with the tags.
func (f *fixture) code(coder, article, quote string, tags ...string) annotate.Annotation {
	f.t.Helper()
	if err := f.ws.SetAuthor(coder); err != nil {
		f.t.Fatal(err)
	}
	s, e, err := f.ws.FindQuote(article, quote, 1)
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []string
	for _, t := range tags {
		ids = append(ids, f.tag(t))
	}
	a, _, err := f.ws.Annotate(annotate.AnnotationDraft{ArticleID: article, Start: s, End: e, TagIDs: ids})
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

const (
	energyText = "Drones struck the grid at night. Power was cut to 400,000 homes. Engineers restored it by noon. Officials blamed the other side."
	talksText  = "Talks stalled again. A pledge to consult is no guarantee. The next round is in two weeks."
)

// threeCoders: alice, bob and carol code two articles; they differ on Energy attacks in
// two sentences of the first.
func threeCoders(t *testing.T) (*fixture, string, string) {
	f := newFixture(t)
	a := f.article("Grid", energyText)
	b := f.article("Talks", talksText)
	f.code("alice", a, "Drones struck the grid", "Energy attacks")
	f.code("bob", a, "Drones struck the grid at night", "Energy attacks")
	f.code("carol", a, "struck the grid", "Energy attacks")
	f.code("alice", a, "Power was cut", "Energy attacks")
	f.code("bob", a, "Officials blamed the other side", "Energy attacks", "Claims & disinformation")
	f.code("alice", b, "A pledge to consult is no guarantee", "Security guarantees")
	f.code("bob", b, "A pledge to consult is no guarantee", "Security guarantees")
	f.code("carol", b, "Talks stalled again", "Ceasefire & negotiations")
	return f, a, b
}

// walk calls fn for o and everything under it (containers, and widgets' renderers).
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case *widget.Label, *widget.Button, *widget.Check:
	case fyne.Widget:
		for _, c := range cachedObjects(x) {
			walk(c, fn)
		}
	}
}

// labels lists the texts of the labels, buttons, checks and canvas texts under o.
func labels(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Check:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		}
	})
	return out
}

// buttons lists the buttons under o.
func buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b)
		}
	})
	return out
}

func cachedObjects(w fyne.Widget) []fyne.CanvasObject { return test.WidgetRenderer(w).Objects() }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
