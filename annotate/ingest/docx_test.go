package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"strings"
	"testing"
	"time"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// buildDOCX zips parts (name → content) into a .docx.
func buildDOCX(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := []string{"[Content_Types].xml", "_rels/.rels"}
	for n := range parts {
		if n != "[Content_Types].xml" && n != "_rels/.rels" {
			names = append(names, n)
		}
	}
	defaults := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	for _, n := range names {
		content, ok := parts[n]
		if !ok {
			content = defaults[n]
		}
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func wordBody(paras ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` + strings.Join(paras, "") + `<w:sectPr/></w:body></w:document>`
}

func wp(style string, runs ...string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`
	}
	return `<w:p>` + ppr + strings.Join(runs, "") + `</w:p>`
}

func wr(text string) string {
	return `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func wli(level, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="` + level + `"/><w:numId w:val="1"/></w:numPr></w:pPr>` + wr(text) + `</w:p>`
}

func sampleDOCX(t testing.TB) []byte {
	body := wordBody(
		wp("Title", wr("Зведення ОВА"), wr(" за 1 березня")),
		wp("Heading1", wr("Обстріли")),
		wp("", wr("Уночі ворог атакував "), wr("Ки"), wr("їв"), wr(" дронами"),
			`<w:r><w:footnoteReference w:id="2"/></w:r>`, wr(". Деталі "),
			`<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>на сайті ОВА</w:t></w:r></w:hyperlink>`, wr(".")),
		wp("", wr("Видалений текст:"), `<w:del w:id="1" w:author="x"><w:r><w:delText>СТЕРТО</w:delText></w:r></w:del>`,
			`<w:ins w:id="2" w:author="x"><w:r><w:t> вставлений</w:t></w:r></w:ins>`,
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`),
		wli("0", "перший пункт"), wli("1", "вкладений пункт"), wli("0", "другий пункт"),
		`<w:tbl><w:tr><w:tc><w:p>`+wr("Область")+`</w:p></w:tc><w:tc><w:p>`+wr("Удари")+`</w:p></w:tc></w:tr><w:tr><w:tc><w:p>`+wr("Одеська")+`</w:p></w:tc><w:tc><w:p>`+wr("12")+`</w:p></w:tc></w:tr></w:tbl>`,
		wp("", wr("Текст у рамці: "), `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p>`+wr("Вріз у рамці")+`</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p>`+wr("Вріз у рамці")+`</w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>`),
		wp("", wr("Рядок"), `<w:r><w:br/></w:r>`, wr("новий рядок"), `<w:r><w:tab/></w:r>`, wr("з табуляцією, м’який\u00adперенос")),
		wp("", wr("Кінець"), `<w:r><w:endnoteReference w:id="1"/></w:r>`, wr(".")),
	)
	return buildDOCX(t, map[string]string{
		"word/document.xml": body,
		"word/footnotes.xml": `<?xml version="1.0"?><w:footnotes ` + wordNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>` + wr(" За даними Повітряних сил.") + `</w:p></w:footnote></w:footnotes>`,
		"word/endnotes.xml": `<?xml version="1.0"?><w:endnotes ` + wordNS + `><w:endnote w:id="1"><w:p>` + wr("Примітка в кінці.") + `</w:p></w:endnote></w:endnotes>`,
		"docProps/core.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>Зведення Одеської ОВА</dc:title><dc:creator>Прес-служба ОВА</dc:creator><dc:language>uk-UA</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T09:15:00Z</dcterms:created></cp:coreProperties>`,
	})
}

func TestReadDOCX(t *testing.T) {
	data := sampleDOCX(t)
	d, err := ReadDOCX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"Зведення ОВА за 1 березня",
		"Обстріли",
		"Уночі ворог атакував Київ дронами[1]. Деталі на сайті ОВА.",
		"Видалений текст: вставлений7",
		"• перший пункт\n  • вкладений пункт\n• другий пункт",
		"Область", "Удари", "Одеська", "12",
		"Текст у рамці:",
		"Вріз у рамці",
		"Рядок\nновий рядок\tз табуляцією, м’якийперенос",
		"Кінець[2].",
		"Notes",
		"[1] За даними Повітряних сил.",
		"[2] Примітка в кінці.",
	}, "\n\n")
	if d.Text != want {
		t.Errorf("text:\n%s\n---want---\n%s", d.Text, want)
	}
	if d.Title != "Зведення Одеської ОВА" || d.Author != "Прес-служба ОВА" || d.Language != "uk" || d.Format != "docx" ||
		!d.Published.Equal(time.Date(2024, 3, 1, 9, 15, 0, 0, time.UTC)) {
		t.Errorf("metadata: %q %q %q %q %v", d.Title, d.Author, d.Language, d.Format, d.Published)
	}
	// Without properties the Title paragraph is the title.
	plain := buildDOCX(t, map[string]string{"word/document.xml": wordBody(wp("Title", wr("Заголовок документа")), wp("", wr("Текст.")))})
	d, err = ReadDOCX(bytes.NewReader(plain), int64(len(plain)))
	if err != nil || d.Title != "Заголовок документа" || !d.Published.IsZero() {
		t.Errorf("no properties: %q %v %v", d.Title, d.Published, err)
	}
}

// rawZip writes one member whose header claims claimed bytes but whose deflated data
// unpacks to real bytes (a zip bomb that lies about its size).
func rawZip(t testing.TB, name string, real []byte, claimed uint64) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(real)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(real),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: claimed})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestReadDOCXRefusals(t *testing.T) {
	huge := bytes.Repeat([]byte("<w:p><w:r><w:t>бомба</w:t></w:r></w:p>"), (maxDOCXPartBytes/40)+1000)
	honestBomb := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		w.Write(huge)
		zw.Close()
		return buf.Bytes()
	}()
	lyingBomb := rawZip(t, "word/document.xml", huge, 1000)
	deep := buildDOCX(t, map[string]string{"word/document.xml": wordBody(strings.Repeat("<w:sdt>", 5000) + strings.Repeat("</w:sdt>", 5000))})
	ole := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...)
	good := sampleDOCX(t)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"zip bomb with an honest header", honestBomb, "unpacks to more than 64 MB"},
		// archive/zip stops a member that unpacks past the size its header declares.
		{"zip bomb that lies about its size", lyingBomb, "damaged"},
		{"nested 5000 deep", deep, "more than 1000 levels"},
		{"encrypted or old .doc", ole, "password-protected Word document or an old .doc"},
		{"a zip without a Word body", buildDOCX(t, map[string]string{"word/other.xml": "<x/>", "_rels/.rels": "<Relationships/>"}), "no word/document.xml"},
		{"cut in half", good[:len(good)/2], "damaged"},
		{"not a zip", []byte("plain text pretending to be a docx"), "not a zip archive"},
		{"no text", buildDOCX(t, map[string]string{"word/document.xml": wordBody(wp("", ""))}), "has no text"},
		{"broken XML", buildDOCX(t, map[string]string{"word/document.xml": `<w:document ` + wordNS + `><w:body><w:p><w:r><w:t>x</w:r></w:body>`}), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := ReadDOCX(bytes.NewReader(c.data), int64(len(c.data)))
			if c.want == "" {
				// Lenient XML: whatever text was readable comes back, or a clear error.
				if err == nil && d.Text == "" {
					t.Error("no text and no error")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

func FuzzDOCX(f *testing.F) {
	f.Add(sampleDOCX(f))
	f.Add(buildDOCX(f, map[string]string{"word/document.xml": wordBody(wp("", wr("x")))}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		d, err := ReadDOCX(bytes.NewReader(data), int64(len(data)))
		if err == nil && strings.TrimSpace(d.Text) == "" {
			t.Fatal("accepted a document without text")
		}
	})
}
