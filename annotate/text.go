package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ContextLength is the number of code points kept before and after a quote.
const ContextLength = 32

// ErrEmptyText is returned for a text with nothing but white space.
var ErrEmptyText = errors.New("the text is empty")

// ErrInvalidUTF8 is returned for bytes that are not UTF-8.
var ErrInvalidUTF8 = errors.New("the text is not valid UTF-8")

// Canonicalize turns text into Gloss's canonical form: valid UTF-8 in Unicode NFC,
// "\n" line endings, no byte-order mark, no NUL or other C0 controls except tab and
// newline (C1 controls likewise; NEL and the Unicode line separators become "\n"), no
// leading blank lines and no trailing white space at the end. Offsets are only meaningful over
// canonical text, so every importer ends here.
func Canonicalize(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidUTF8
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f || r == '\uFEFF':
			return -1
		case r == '\u2028' || r == '\u2029' || r == 0x85: // line/paragraph separators, NEL
			return '\n'
		case r >= 0x80 && r <= 0x9f: // C1 controls: mojibake, never text
			return -1
		}
		return r
	}, s)
	s = norm.NFC.String(s)
	s = strings.TrimRight(s, " \t\n")
	s = strings.TrimLeft(s, "\n")
	if strings.TrimSpace(s) == "" {
		return "", ErrEmptyText
	}
	return s, nil
}

// TextHash is the hex SHA-256 of a canonical text.
func TextHash(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:])
}

// CodePoints returns the number of code points of s.
func CodePoints(s string) int { return utf8.RuneCountInString(s) }

// ByteOffset converts a code-point offset into a byte offset of s.
// Offsets past the end give len(s).
func ByteOffset(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == cp {
			return i
		}
		n++
	}
	return len(s)
}

// CodePointOffset converts a byte offset of s into a code-point offset.
func CodePointOffset(s string, b int) int {
	if b > len(s) {
		b = len(s)
	}
	return utf8.RuneCountInString(s[:b])
}

// Slice returns the code points [start, end) of s.
func Slice(s string, start, end int) string {
	bs := ByteOffset(s, start)
	be := bs + ByteOffset(s[bs:], end-start)
	return s[bs:be]
}

// Quote gives the exact text of [start, end) of a rune slice with up to
// ContextLength code points of prefix and suffix (shorter at the text's edges).
func Quote(text []rune, start, end int) (exact, prefix, suffix string) {
	ps := max(0, start-ContextLength)
	se := min(len(text), end+ContextLength)
	return string(text[start:end]), string(text[ps:start]), string(text[end:se])
}
