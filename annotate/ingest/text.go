package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding/charmap"
)

// Reasons a text is refused. Each reads as the end of "import FILE: ...".
var (
	ErrEmpty      = errors.New("the file is empty")
	ErrWhiteSpace = errors.New("the file contains only white space")
	ErrBinary     = errors.New("the file is not text")
	ErrEncoding   = errors.New("the text is not in a supported encoding (UTF-8, UTF-16, windows-1251, KOI8-U/KOI8-R, CP866, ISO-8859-5, windows-1252)")
	ErrMojibake   = errors.New("the text is garbled (mojibake): it was saved with the wrong encoding")
)

// binaryKinds names well-known binary formats by their first bytes, so that a PDF or an
// image saved with a text extension gets a reason the user recognises.
var binaryKinds = []struct {
	magic, name string
}{
	{"%PDF-", "a PDF document"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"PK\x03\x04", "a ZIP archive or office document"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"},
	{"{\\rtf", "an RTF document"},
	{"\x1f\x8b", "a gzip archive"},
	{"RIFF", "a RIFF media file"},
	{"\x7fELF", "a program"},
	{"MZ", "a Windows program"},
	{"BM", ""}, // too short to trust alone; left to the control-byte test
}

// DecodeText turns the bytes of a text file into UTF-8: a BOM decides when present
// (UTF-8, UTF-16 LE/BE); valid UTF-8 is taken as it is; otherwise the legacy code pages
// used for Ukrainian, Russian and English texts are tried and the most plausible reading
// wins. Binary data, bytes that read as nonsense in every supported encoding and UTF-8
// text that is itself mojibake are refused. It returns the text and the encoding's name.
func DecodeText(b []byte) (string, string, error) {
	if len(b) == 0 {
		return "", "", ErrEmpty
	}
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		if !utf8.Valid(b[3:]) {
			return "", "", reasonf(ErrEncoding, "the text starts with a UTF-8 byte-order mark but is not valid UTF-8")
		}
		return checkDecoded(string(b[3:]), "UTF-8")
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return decodeUTF16(b[2:], false)
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decodeUTF16(b[2:], true)
	}
	if kind := binaryKind(b); kind != "" {
		return "", "", fmt.Errorf("%w (it is %s)", ErrBinary, kind)
	}
	if utf8.Valid(b) {
		return checkDecoded(string(b), "UTF-8")
	}
	if s, name, ok := utf16WithoutBOM(b); ok {
		return checkDecoded(s, name)
	}
	if looksBinary(b) {
		return "", "", ErrBinary
	}
	if off, ok := brokenUTF8(b); ok {
		return "", "", reasonf(ErrEncoding, "the text is damaged UTF-8 (invalid bytes, the first at byte %d)", off)
	}
	s, name, ok := decodeLegacy(b)
	if !ok {
		return "", "", ErrEncoding
	}
	return checkDecoded(s, name)
}

func checkDecoded(s, name string) (string, string, error) {
	if strings.TrimSpace(strings.Trim(s, "\uFEFF\x00")) == "" {
		if s == "" {
			return "", name, ErrEmpty
		}
		return "", name, ErrWhiteSpace
	}
	if controlRatio(s) > 0.02 {
		return "", name, ErrBinary
	}
	if isMojibake(s) {
		return "", name, ErrMojibake
	}
	return s, name, nil
}

func decodeUTF16(b []byte, bigEndian bool) (string, string, error) {
	name := "UTF-16LE"
	if bigEndian {
		name = "UTF-16BE"
	}
	if len(b)%2 != 0 {
		return "", name, reasonf(ErrEncoding, "the text starts with a UTF-16 byte-order mark but has an odd number of bytes")
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	runes := utf16.Decode(units)
	for _, r := range runes {
		if r == utf8.RuneError {
			return "", name, reasonf(ErrEncoding, "the text starts with a UTF-16 byte-order mark but is not valid UTF-16")
		}
	}
	return checkDecoded(string(runes), name)
}

// utf16WithoutBOM accepts UTF-16 text without a BOM only when chardet is sure and the
// decoded text is clean: such files exist (Windows "Unicode" exports) but rarely.
func utf16WithoutBOM(b []byte) (string, string, bool) {
	if len(b) < 4 || len(b)%2 != 0 || bytes.IndexByte(b, 0) < 0 {
		return "", "", false
	}
	r, err := chardet.NewTextDetector().DetectBest(b)
	if err != nil || r.Confidence < 80 || (r.Charset != "UTF-16LE" && r.Charset != "UTF-16BE") {
		return "", "", false
	}
	s, name, err := decodeUTF16(b, r.Charset == "UTF-16BE")
	if err != nil || controlRatio(s) > 0.001 {
		return "", "", false
	}
	return s, name, true
}

func binaryKind(b []byte) string {
	for _, k := range binaryKinds {
		if k.name != "" && bytes.HasPrefix(b, []byte(k.magic)) {
			return k.name
		}
	}
	return ""
}

// looksBinary: text files do not contain NUL, and hardly any other C0 control bytes.
func looksBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			n++
		}
	}
	return float64(n) > 0.01*float64(len(b))+1
}

func controlRatio(s string) float64 {
	n, total := 0, 0
	for _, r := range s {
		total++
		if (r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f') || r == utf8.RuneError || (r >= 0x80 && r < 0xa0) {
			n++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// legacyCandidates are the single-byte code pages Gloss reads, with the chardet name
// that votes for each.
var legacyCandidates = []struct {
	name    string
	cm      *charmap.Charmap
	chardet string
}{
	{"windows-1251", charmap.Windows1251, "windows-1251"},
	{"KOI8", nil, "KOI8-R"}, // KOI8-U or KOI8-R, decided by koi8Variant
	{"CP866", charmap.CodePage866, ""},
	{"ISO-8859-5", charmap.ISO8859_5, "ISO-8859-5"},
	{"windows-1252", charmap.Windows1252, "ISO-8859-1"},
}

// decodeLegacy decodes b with each candidate code page and keeps the most plausible
// reading. chardet's confidence breaks near-ties; the plausibility score (letters in
// natural case, common Cyrillic letter pairs, few stray symbols) does the main work
// because chardet's models are trained on Russian and confuse Ukrainian KOI8-U.
func decodeLegacy(b []byte) (string, string, bool) {
	votes := map[string]int{}
	if all, err := chardet.NewTextDetector().DetectAll(b); err == nil {
		for _, r := range all {
			if _, seen := votes[r.Charset]; !seen {
				votes[r.Charset] = r.Confidence
			}
		}
	}
	bestScore, bestText, bestName := -1e9, "", ""
	for _, c := range legacyCandidates {
		cm, name := c.cm, c.name
		if cm == nil {
			cm, name = koi8Variant(b)
		}
		s, err := cm.NewDecoder().String(string(b))
		if err != nil {
			continue
		}
		score := plausibility(s) + float64(votes[c.chardet])/1000
		if score > bestScore {
			bestScore, bestText, bestName = score, s, name
		}
	}
	if bestScore < 0.3 {
		return "", "", false
	}
	return bestText, bestName, true
}

// koi8Variant: KOI8-U puts і ї є ґ (and capitals) where KOI8-R has box-drawing
// characters. Those bytes next to letters mean Ukrainian.
func koi8Variant(b []byte) (*charmap.Charmap, string) {
	isLetter := func(c byte) bool { return c >= 0xc0 || c == 0xa3 || c == 0xb3 }
	for i, c := range b {
		switch c {
		case 0xa4, 0xa6, 0xa7, 0xad, 0xb4, 0xb6, 0xb7, 0xbd:
			if (i > 0 && isLetter(b[i-1])) || (i+1 < len(b) && isLetter(b[i+1])) {
				return charmap.KOI8U, "KOI8-U"
			}
		}
	}
	return charmap.KOI8R, "KOI8-R"
}

// commonPairs are frequent letter pairs of Ukrainian and Russian prose. A wrong code page
// scrambles Cyrillic letters, so correct readings hit these far more often.
var commonPairs = func() map[[2]rune]bool {
	m := map[[2]rune]bool{}
	for _, p := range strings.Fields(`ст но то на ен ов ни ра во ко ан пр ро ре по не ер ка ла та ти ор ал ли ва он ос го ит ль ол де ет ом ск ви ні ри ть ся за ми ий ої ів як ки ає ен ть ин ел ле ко ва ам да ми об ді ся ах ри ій ду ну ці від ий ль ав ві ин ня ом ми ер ов`) {
		r := []rune(p)
		if len(r) == 2 {
			m[[2]rune{r[0], r[1]}] = true
		}
	}
	return m
}()

// plausibility scores a decoded text: about 1 for natural prose, far lower for a text
// decoded with the wrong code page.
func plausibility(s string) float64 {
	var letters, lower, odd, total, pairs, hits, cyr int
	prev := rune(0)
	for _, r := range s {
		total++
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsLower(r) {
				lower++
			}
			if unicode.Is(unicode.Cyrillic, r) {
				cyr++
				lr := unicode.ToLower(r)
				if prev != 0 {
					pairs++
					if commonPairs[[2]rune{prev, lr}] {
						hits++
					}
				}
				prev = lr
				continue
			}
		case r < 0x80, unicode.IsSpace(r), strings.ContainsRune("«»„“”‘’–—…№€•·°", r):
		default:
			odd++
		}
		prev = 0
	}
	if total == 0 || letters == 0 {
		return -1
	}
	score := float64(lower)/float64(letters) - 8*float64(odd)/float64(total)
	if cyr > 0 && pairs > 0 {
		score += 2 * float64(hits) / float64(pairs)
	}
	if mixed := mixedScriptWords(s); mixed > 0 {
		score -= 4 * float64(mixed) / float64(wordCount(s)+1)
	}
	if latinMojibakeWords(s) > 0 {
		score -= 2 * float64(latinMojibakeWords(s)) / float64(wordCount(s)+1)
	}
	return score
}

// isMojibake recognises valid UTF-8 that is garbled: UTF-8 bytes read as windows-1251 or
// windows-1252 ("РЎР»Р°РІР°", "Ð¡Ð»Ð°Ð²Ð°") or Cyrillic code-page bytes read as
// windows-1252 ("Ñëàâà"). Legitimate text rarely forms such words, so the test needs
// many of them before refusing. It runs on every imported text, so it allocates nothing.
func isMojibake(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return false
	}
	var suspicious, nonASCII int
	// Runs of non-ASCII, non-space characters: would they be UTF-8 written back?
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x80 || unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i
		n := 0
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r < 0x80 || unicode.IsSpace(r) {
				break
			}
			j += size
			n++
		}
		nonASCII += n
		if reencodesAsUTF8(s[i:j], &cp1251Back) || reencodesAsUTF8(s[i:j], &cp1252Back) {
			suspicious += n
		}
		i = j
	}
	suspicious += latinMojibakeLetters(s)
	return suspicious >= 6 && suspicious*2 >= nonASCII
}

// backTable maps a rune below 0x2200 to its byte (0x80–0xFF) in a code page, 0 if none.
type backTable [0x2200]byte

var cp1251Back, cp1252Back = makeBackTable(charmap.Windows1251), makeBackTable(charmap.Windows1252)

func makeBackTable(cm *charmap.Charmap) backTable {
	var t backTable
	for b := 0x80; b <= 0xff; b++ {
		if r := cm.DecodeByte(byte(b)); r < 0x2200 && r != utf8.RuneError {
			t[r] = byte(b)
		}
	}
	return t
}

// reencodesAsUTF8 reports whether w, written back in the code page, gives UTF-8 with
// multi-byte characters, i.e. w is UTF-8 that was decoded with that code page by mistake.
// It stops at the first byte that breaks UTF-8, usually the first or second letter.
func reencodesAsUTF8(w string, back *backTable) bool {
	need, multi := 0, false
	for _, r := range w {
		if r >= 0x2200 || back[r] == 0 {
			return false
		}
		b := back[r]
		switch {
		case need > 0:
			if b < 0x80 || b > 0xbf {
				return false
			}
			need--
			multi = true
		case b >= 0xc2 && b <= 0xdf:
			need = 1
		case b >= 0xe0 && b <= 0xef:
			need = 2
		case b >= 0xf0 && b <= 0xf4:
			need = 3
		default:
			return false
		}
	}
	return need == 0 && multi
}

// latinMojibakeWords counts words of three or more letters made only of Latin-1 accented
// letters (À–ÿ): Cyrillic code-page text read as windows-1252 looks like that, real
// European words always mix in plain letters.
func latinMojibakeWords(s string) int {
	words, _ := latinMojibake(s)
	return words
}

func latinMojibakeLetters(s string) int {
	_, letters := latinMojibake(s)
	return letters
}

func latinMojibake(s string) (words, letters int) {
	n, pure := 0, true
	end := func() {
		if pure && n >= 3 {
			words++
			letters += n
		}
		n, pure = 0, true
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			end()
			continue
		}
		n++
		if r < 0xc0 || r > 0xff || r == 0xd7 || r == 0xf7 {
			pure = false
		}
	}
	end()
	return words, letters
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// mixedScriptWords counts words mixing Latin and Cyrillic letters ("cafй"): a Latin text
// read with a Cyrillic code page, or the reverse.
func mixedScriptWords(s string) int {
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		var latin, cyr bool
		for _, r := range w {
			switch {
			case unicode.Is(unicode.Latin, r):
				latin = true
			case unicode.Is(unicode.Cyrillic, r):
				cyr = true
			}
		}
		if latin && cyr {
			n++
		}
	}
	return n
}

// brokenUTF8 recognises UTF-8 text with a few invalid bytes (a damaged or cut file): read
// with a code page it would turn into mojibake, so it is refused with its first bad offset.
func brokenUTF8(b []byte) (int, bool) {
	multi, invalid, first := 0, 0, -1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
			if first < 0 {
				first = i
			}
		case size > 1:
			multi++
		}
		i += size
	}
	return first, multi >= 10 && invalid*20 < multi
}

// reason is an error worded on its own that still matches one of the Err values above.
type reason struct {
	kind error
	msg  string
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.kind }

func reasonf(kind error, format string, args ...any) error {
	return &reason{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// MaxTitleRunes is the longest title TextTitle makes from a text's first sentence.
const MaxTitleRunes = 90

// TextTitle picks the title of a plain text. A short first line standing on its own (a
// headline: at most MaxTitleRunes code points, followed by a blank line, the end, or a
// line that starts a new sentence) is the title. Otherwise the text has no headline and
// its first sentence is, cut at a word boundary so that it has at most MaxTitleRunes code
// points (with "…" when cut).
func TextTitle(text string) string {
	text = strings.ReplaceAll(strings.TrimPrefix(text, "\uFEFF"), "\r\n", "\n")
	lines := strings.Split(strings.TrimLeft(text, " \t\n"), "\n")
	first := oneLine(lines[0])
	if first == "" {
		return ""
	}
	if utf8.RuneCountInString(first) <= MaxTitleRunes {
		if len(lines) == 1 || strings.TrimSpace(lines[1]) == "" || !continuesSentence(first, lines[1]) {
			return first
		}
	}
	// The first paragraph, its lines joined.
	var para []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			break
		}
		para = append(para, l)
	}
	return cutAtWord(firstSentence(oneLine(strings.Join(para, " "))), MaxTitleRunes)
}

// continuesSentence reports whether next reads as the continuation of line (a text
// wrapped at a fixed width) rather than a new sentence after a headline.
func continuesSentence(line, next string) bool {
	next = strings.TrimSpace(next)
	r, _ := utf8.DecodeRuneInString(next)
	if last, _ := utf8.DecodeLastRuneInString(line); strings.ContainsRune(".!?…:", last) {
		return false
	}
	return unicode.IsLower(r) || strings.HasSuffix(line, ",") || strings.HasSuffix(line, "-")
}

// firstSentence returns s up to the end of its first sentence: ". ", "! ", "? " or "… "
// (after closing quotes) before a capital letter, a digit or an opening quote. A
// sentence shorter than 20 code points (an abbreviation such as "Mr.") runs on to the
// next end.
func firstSentence(s string) string {
	runes := []rune(s)
	for i := 0; i < len(runes)-2; i++ {
		if !strings.ContainsRune(".!?…", runes[i]) {
			continue
		}
		j := i + 1
		for j < len(runes) && strings.ContainsRune(`"'»”’)`, runes[j]) {
			j++
		}
		if j+1 >= len(runes) || runes[j] != ' ' {
			continue
		}
		next := runes[j+1]
		if (unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"«“„'`, next)) && j >= 20 {
			return string(runes[:j])
		}
	}
	return s
}

// cutAtWord shortens s to at most n code points at a word boundary, ending it with "…".
func cutAtWord(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	cut := n - 1 // room for "…"
	for i := cut; i > n/2; i-- {
		if runes[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(runes[:cut]), " ,;:–—-") + "…"
}
