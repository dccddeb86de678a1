package ingest

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"gloss.app/gloss/annotate"
)

// ukText is the Ukrainian fixture text (uk-*.txt) as it must come out.
const ukText = `Уночі в Харкові пролунали вибухи

Міська влада повідомила, що внаслідок нічної атаки пошкоджено підстанцію та два житлові будинки. Ґанок однієї зі шкіл зруйновано, проте ніхто з дітей не постраждав.

Євген, мешканець району, розповів: "Ми чули три потужні удари, після чого зникло світло". Її сусідка додала, що енергетики вже працюють на місці.
`

const ruText = `Ночью в Харькове прозвучали взрывы

Городские власти сообщили, что повреждена подстанция и два жилых дома. Жители района рассказали, что слышали три мощных удара, после чего пропал свет.
`

const enText = "Ministry statement on the night strikes\n\nThe ministry’s statement — issued on Tuesday in a café near the résumé office — said “no casualties” were reported… Engineers restored power to 12,000 homes by noon.\n"

func TestDecodeTextFixtures(t *testing.T) {
	tests := []struct {
		file, want, encoding string
	}{
		{"uk-utf8.txt", ukText, "UTF-8"},
		{"uk-utf8-bom-crlf.txt", strings.ReplaceAll(ukText, "\n", "\r\n"), "UTF-8"},
		{"uk-utf16le-bom.txt", ukText, "UTF-16LE"},
		{"uk-utf16be-bom.txt", ukText, "UTF-16BE"},
		{"uk-cp1251.txt", ukText, "windows-1251"},
		{"uk-koi8u.txt", ukText, "KOI8-U"},
		{"ru-koi8r.txt", ruText, "KOI8-R"},
		{"ru-cp866.txt", ruText, "CP866"},
		{"en-cp1252.txt", enText, "windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			got, enc, err := DecodeText(b)
			if err != nil {
				t.Fatalf("DecodeText: %v", err)
			}
			if got != tt.want {
				t.Errorf("text:\n%q\nwant\n%q", got, tt.want)
			}
			if enc != tt.encoding {
				t.Errorf("encoding %q, want %q", enc, tt.encoding)
			}
			canon, err := annotate.Canonicalize(got)
			if err != nil {
				t.Fatal(err)
			}
			if wantCanon, _ := annotate.Canonicalize(tt.want); canon != wantCanon {
				t.Errorf("canonical text differs")
			}
		})
	}
}

// The committed legacy fixtures must be exactly what an independent encoder makes of the
// expected text, so the tests above check decoding, not just a round trip of our own bytes.
func TestLegacyFixturesMatchEncoders(t *testing.T) {
	check := func(file, text string, encode func(string) (string, error)) {
		t.Helper()
		b, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := encode(text)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s is not %q encoded", file, text[:20])
		}
	}
	check("uk-cp1251.txt", ukText, charmap.Windows1251.NewEncoder().String)
	check("uk-koi8u.txt", ukText, charmap.KOI8U.NewEncoder().String)
	check("ru-koi8r.txt", ruText, charmap.KOI8R.NewEncoder().String)
	check("ru-cp866.txt", ruText, charmap.CodePage866.NewEncoder().String)
	check("en-cp1252.txt", enText, charmap.Windows1252.NewEncoder().String)
	check("uk-utf16le-bom.txt", ukText, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String)
	check("uk-utf16be-bom.txt", ukText, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String)
}

// Generated texts in each encoding: longer and shorter passages, capitals, digits.
func TestDecodeTextGenerated(t *testing.T) {
	passages := map[string]string{
		"uk": "Ще не вмерла України і слава, і воля. Її діти йдуть до школи; ґудзик і Єва. 2025 рік.",
		"ru": "Съешь же ещё этих мягких французских булок, да выпей чаю. Объявлена воздушная тревога.",
	}
	encs := []struct {
		name string
		cm   *charmap.Charmap
		lang string
	}{
		{"windows-1251", charmap.Windows1251, "uk"},
		{"windows-1251", charmap.Windows1251, "ru"},
		{"KOI8-U", charmap.KOI8U, "uk"},
		{"KOI8-R", charmap.KOI8R, "ru"},
		{"CP866", charmap.CodePage866, "ru"},
		{"ISO-8859-5", charmap.ISO8859_5, "ru"},
	}
	for _, e := range encs {
		text := passages[e.lang]
		b, err := e.cm.NewEncoder().String(text)
		if err != nil {
			t.Fatalf("%s %s: %v", e.name, e.lang, err)
		}
		got, enc, err := DecodeText([]byte(b))
		if err != nil || got != text || enc != e.name {
			t.Errorf("%s/%s: got %q (%s, %v)", e.name, e.lang, got, enc, err)
		}
	}
}

func TestDecodeTextRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrEmpty, "empty"},
		{"white space", []byte(" \r\n\t \n"), ErrWhiteSpace, "white space"},
		{"BOM only", []byte("\xef\xbb\xbf"), ErrEmpty, "empty"},
		{"UTF-16 white space", []byte("\xff\xfe \x00\n\x00"), ErrWhiteSpace, "white space"},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), ErrBinary, "PDF"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), ErrBinary, "PNG"},
		{"zip/docx", []byte("PK\x03\x04\x14\x00\x06\x00"), ErrBinary, "ZIP"},
		{"NUL bytes", []byte("abc\x00\x00\x01\x02def"), ErrBinary, "not text"},
		{"odd UTF-16", []byte("\xff\xfea\x00b"), ErrEncoding, "UTF-16"},
		{"bad UTF-8 after BOM", []byte("\xef\xbb\xbfabc\xff"), ErrEncoding, "UTF-8"},
		{"damaged UTF-8", []byte("Київ, Харків, Одеса, Дніпро\xd0 — міста"), ErrEncoding, "the text is damaged UTF-8 (invalid bytes, the first at byte 48)"},
		{"mojibake cp1251", []byte("РЈРЅРѕС‡С– РІ РҐР°СЂРєРѕРІС– РїСЂРѕР»СѓРЅР°Р»Рё РІРёР±СѓС…Рё"), ErrMojibake, "mojibake"},
		{"mojibake latin", []byte("Ð£Ð½Ð¾Ñ‡Ñ– Ð² Ð¥Ð°Ñ€ÐºÐ¾Ð²Ñ– Ð¿Ñ€Ð¾Ð»ÑƒÐ½Ð°Ð»Ð¸"), ErrMojibake, "mojibake"},
		{"cyrillic read as latin", []byte("Óíî÷³ â Õàðêîâ³ ïðîëóíàëè âèáóõè"), ErrMojibake, "mojibake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeText(tt.data)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v mentioning %q", err, tt.want, tt.msg)
			}
		})
	}
}

// Real text that merely contains rare characters must not be taken for mojibake.
func TestDecodeTextKeepsUnusualButValidText(t *testing.T) {
	for _, s := range []string{
		"Ні. Зі мною все гаразд.",        // short words that are valid UTF-8 when written in cp1251
		"Café, naïve, Ørsted, São Paulo", // accented Latin
		"Ångström and Öl — Ääni ja Ìo",
		"Emoji 🇺🇦 and combining: моло́ко",
		"ÀÉÎ", // a short all-accented word alone is not enough to refuse
	} {
		if got, _, err := DecodeText([]byte(s)); err != nil || got != s {
			t.Errorf("DecodeText(%q) = %q, %v", s, got, err)
		}
	}
}

func TestBadFixturesRefused(t *testing.T) {
	tests := map[string]error{
		"empty.txt":              ErrEmpty,
		"whitespace.txt":         ErrWhiteSpace,
		"fake-pdf.txt":           ErrBinary,
		"png-image.txt":          ErrBinary,
		"random.txt":             ErrBinary,
		"mojibake.txt":           ErrMojibake,
		"mojibake-latin.txt":     ErrMojibake,
		"nonsense-highbytes.txt": ErrEncoding,
	}
	for file, want := range tests {
		b, err := os.ReadFile("testdata/bad/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := DecodeText(b); !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", file, err, want)
		}
	}
}
