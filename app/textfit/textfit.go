// Package textfit fits text into a width as Fyne will draw it: cut with an ellipsis, or
// word-wrapped into at most a few lines. Widths come from fyne.MeasureText, which is what
// canvas.Text draws; callers subtract their own padding first.
package textfit

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
)

// Ellipsis ends text that was cut.
const Ellipsis = "…"

// Measure returns the drawn width of s.
type Measure func(s string) float32

// Measurer measures text at a size and style.
func Measurer(size float32, style fyne.TextStyle) Measure {
	return func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
}

// Cut returns the longest prefix of s (whole code points) whose width with an ellipsis
// after it fits in width, with the ellipsis; s itself when it fits. ok is false when s
// was cut. Trailing spaces before the ellipsis are dropped.
func Cut(s string, width float32, m Measure) (out string, ok bool) {
	if m(s) <= width {
		return s, true
	}
	rs := []rune(s)
	// Binary search on the prefix length: widths grow with the prefix.
	lo, hi := 0, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m(string(rs[:mid])+Ellipsis) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for lo > 0 && lo < len(rs) && joins(rs[lo]) {
		lo-- // never split a character from its accent or an emoji from its modifier
	}
	return strings.TrimRight(string(rs[:lo]), " ") + Ellipsis, false
}

// joins reports whether r belongs to the character before it: combining marks, variation
// selectors, emoji skin tones and zero-width joiners.
func joins(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me) || r == '‍' || (r >= 0xFE00 && r <= 0xFE0F) ||
		(r >= 0x1F3FB && r <= 0x1F3FF)
}

// Wrap breaks s into lines no wider than width at spaces (a word wider than a line is
// cut where it must), keeping at most maxLines; when text is left over, the last line
// ends with an ellipsis. Line breaks in s start new lines; blank lines are dropped (a
// preview has no room for them). maxLines <= 0 means no limit.
func Wrap(s string, width float32, maxLines int, m Measure) []string {
	var lines []string
	full := func() bool { return maxLines > 0 && len(lines) >= maxLines }
	paragraphs := strings.Split(s, "\n")
	for pi, para := range paragraphs {
		if full() {
			break
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			continue
		}
		line := ""
		for wi := 0; wi < len(words); wi++ {
			w := words[wi]
			try := w
			if line != "" {
				try = line + " " + w
			}
			if m(try) <= width {
				line = try
				continue
			}
			if line == "" { // one word wider than the line: cut it
				rs := []rune(w)
				n := fitRunes(rs, width, m)
				line = string(rs[:n])
				words[wi] = string(rs[n:])
				wi--
			} else {
				wi-- // the word starts the next line
			}
			lines = append(lines, line)
			line = ""
			if full() {
				return ellipsize(lines, width, m)
			}
		}
		if line != "" {
			lines = append(lines, line)
		}
		if full() && more(paragraphs[pi+1:]) {
			return ellipsize(lines, width, m)
		}
	}
	return lines
}

// more reports whether any of the paragraphs has words.
func more(paragraphs []string) bool {
	for _, p := range paragraphs {
		if strings.TrimSpace(p) != "" {
			return true
		}
	}
	return false
}

// fitRunes is how many of rs fit in width (at least one, so wrapping always advances).
func fitRunes(rs []rune, width float32, m Measure) int {
	lo, hi := 1, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m(string(rs[:mid])) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for lo > 1 && lo < len(rs) && joins(rs[lo]) {
		lo--
	}
	return lo
}

// ellipsize marks the last line as followed by more text.
func ellipsize(lines []string, width float32, m Measure) []string {
	last := lines[len(lines)-1]
	lines[len(lines)-1], _ = Cut(last+Ellipsis, width, m)
	return lines
}

// Snippet puts s on one line (runs of white space become one space) and shortens it to n
// code points, with an ellipsis when cut.
func Snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + Ellipsis
}
