package searchview

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/search"
)

// matchStyle draws matched words: bold in a highlighter amber, dark on the light theme
// and bright on the dark one, readable on a selected (primary-tinted) row too, where the
// primary colour itself would vanish.
var matchStyle = widget.RichTextStyle{Inline: true, ColorName: colorNameMatch, TextStyle: fyne.TextStyle{Bold: true}}

// colorNameMatch is the colour of matched words, defined by matchTheme.
const colorNameMatch fyne.ThemeColorName = "glossSearchMatch"

// matchTheme is the app's theme plus colorNameMatch.
type matchTheme struct{}

func (matchTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (m matchTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == colorNameMatch {
		if v == theme.VariantLight {
			return color.NRGBA{R: 0x9C, G: 0x42, B: 0x00, A: 0xFF}
		}
		return color.NRGBA{R: 0xFF, G: 0xB8, B: 0x4D, A: 0xFF}
	}
	return m.base().Color(n, v)
}

func (m matchTheme) Font(s fyne.TextStyle) fyne.Resource     { return m.base().Font(s) }
func (m matchTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return m.base().Icon(n) }
func (m matchTheme) Size(n fyne.ThemeSizeName) float32       { return m.base().Size(n) }

// lead is how many code points of context a one-line fragment keeps before its first match.
const lead = 28

// Segments cuts text into rich-text segments with the matches (code-point ranges) in
// matchStyle and the rest in base. Line breaks become spaces (one code point for one, so
// the ranges stay right): a hit is drawn on one line.
func Segments(text string, matches [][2]int, base widget.RichTextStyle) []widget.RichTextSegment {
	rs := []rune(text)
	for i, r := range rs {
		if r == '\n' || r == '\t' || r == '\r' {
			rs[i] = ' '
		}
	}
	var out []widget.RichTextSegment
	add := func(s string, st widget.RichTextStyle) {
		if s != "" {
			out = append(out, &widget.TextSegment{Text: s, Style: st})
		}
	}
	at := 0
	for _, m := range matches {
		s, e := max(m[0], at), min(m[1], len(rs))
		if s >= e {
			continue
		}
		add(string(rs[at:s]), base)
		add(string(rs[s:e]), matchStyle)
		at = e
	}
	add(string(rs[at:]), base)
	if len(out) == 0 {
		out = append(out, &widget.TextSegment{Text: "", Style: base})
	}
	return out
}

// LeadIn shortens a fragment drawn on one line so that its first match is near the start
// (at a word boundary, after "…"), shifting the ranges to match.
func LeadIn(text string, matches [][2]int) (string, [][2]int) {
	if len(matches) == 0 || matches[0][0] <= lead+10 {
		return text, matches
	}
	rs := []rune(text)
	cut := matches[0][0] - lead
	for k := cut; k < matches[0][0]; k++ {
		if unicode.IsSpace(rs[k]) {
			cut = k + 1
			break
		}
	}
	shift := cut - 1 // "…" takes one code point
	out := make([][2]int, len(matches))
	for i, m := range matches {
		out[i] = [2]int{m[0] - shift, m[1] - shift}
	}
	return "…" + string(rs[cut:]), out
}

// fragment returns the hit's fragment of a field, if the words matched there.
func fragment(h search.Hit, field string) (search.Fragment, bool) {
	for _, f := range h.Fragments {
		if f.Field == field {
			return f, true
		}
	}
	return search.Fragment{}, false
}

// hitRow is one hit: a colour strip (the first tag's colour), the matched text, a second
// line (the note, or the article's body) and a line of tags, source and date.
type hitRow struct {
	widget.BaseWidget
	strip  *canvas.Rectangle
	first  *lineText
	second *lineText
	meta   *widget.Label
}

func newHitRow() fyne.CanvasObject {
	r := &hitRow{strip: canvas.NewRectangle(color.Transparent), first: newLineText(), second: newLineText(),
		meta: widget.NewLabel("")}
	r.strip.SetMinSize(fyne.NewSize(5, 10))
	r.strip.CornerRadius = 2
	r.meta.SizeName = theme.SizeNameCaptionText
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *hitRow) CreateRenderer() fyne.WidgetRenderer {
	lines := container.NewThemeOverride(container.NewVBox(r.first, r.second, r.meta), matchTheme{})
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, r.strip, nil, lines))
}

var (
	quoteStyle = widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Italic: true}}
	titleStyle = widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}
	plainStyle = widget.RichTextStyle{Inline: true}
	noteStyle  = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder}
)

// oneLine returns the segments of a field's fragment (or of whole when the words did not
// match there), prefixed.
func oneLine(h search.Hit, field, whole, prefix string, base widget.RichTextStyle) []widget.RichTextSegment {
	text, ms := whole, [][2]int(nil)
	if f, ok := fragment(h, field); ok {
		text, ms = LeadIn(f.Text, f.Matches)
	}
	segs := Segments(text, ms, base)
	if prefix != "" {
		segs = append([]widget.RichTextSegment{&widget.TextSegment{Text: prefix, Style: base}}, segs...)
	}
	return segs
}

func (r *hitRow) set(h search.Hit, cb *annotate.Codebook) {
	var meta []string
	if h.Kind == search.KindArticle {
		r.strip.FillColor = theme.Color(theme.ColorNameDisabled)
		r.first.SetSegments(oneLine(h, "title", h.Title, "", titleStyle))
		if _, ok := fragment(h, "body"); ok {
			r.second.SetSegments(oneLine(h, "body", "", "", plainStyle))
		} else {
			r.second.SetSegments(Segments("The whole article", nil, noteStyle))
		}
		meta = append(meta, "Article")
	} else {
		r.strip.FillColor = color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}
		var names []string
		for i, id := range h.TagIDs {
			if cb == nil {
				break
			}
			if t, ok := cb.Tag(id); ok {
				if i == 0 {
					r.strip.FillColor = tagcolor.Parse(t.Color)
				}
				names = append(names, t.Name)
			}
		}
		r.first.SetSegments(oneLine(h, "quote", h.Exact, "", quoteStyle))
		switch _, noteHit := fragment(h, "note"); {
		case noteHit || h.Note != "":
			r.second.SetSegments(oneLine(h, "note", h.Note, "✎ ", noteStyle))
		default:
			r.second.SetSegments(oneLine(h, "article_title", h.Title, "in ", noteStyle))
		}
		if len(names) > 0 {
			meta = append(meta, strings.Join(names, ", "))
		}
	}
	if h.Source != "" {
		meta = append(meta, h.Source)
	}
	if !h.Published.IsZero() {
		meta = append(meta, h.Published.Format("2 Jan 2006"))
	}
	r.strip.Refresh()
	r.meta.SetText(strings.Join(meta, " · "))
}
