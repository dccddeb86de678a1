package ingest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// The PDFs of these tests are written by the tests themselves with fpdf (a test-only
// dependency), in Noto Sans — the font Fyne ships, found in the Go module cache — so
// that Cyrillic is real text in an embedded font.

var (
	notoOnce  sync.Once
	notoBytes []byte
)

func notoSans(t testing.TB) []byte {
	t.Helper()
	notoOnce.Do(func() {
		dir := os.Getenv("GOMODCACHE")
		if dir == "" {
			out, err := exec.Command("go", "env", "GOMODCACHE").Output()
			if err == nil {
				dir = strings.TrimSpace(string(out))
			}
		}
		matches, _ := filepath.Glob(filepath.Join(dir, "fyne.io", "fyne", "v2@*", "theme", "font", "NotoSans-Regular.ttf"))
		if len(matches) > 0 {
			notoBytes, _ = os.ReadFile(matches[len(matches)-1])
		}
	})
	if notoBytes == nil {
		t.Skip("NotoSans-Regular.ttf of fyne.io/fyne/v2 is not in the Go module cache (run go mod download)")
	}
	return notoBytes
}

func newPDF(t testing.TB) *fpdf.Fpdf {
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.AddUTF8FontFromBytes("noto", "", notoSans(t))
	pdf.SetFont("noto", "", 10)
	pdf.SetAutoPageBreak(false, 0)
	return pdf
}

func pdfBytes(t testing.TB, pdf *fpdf.Fpdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// placeLines writes lines from the top y at x, 13 pt apart; "" is a paragraph gap.
func placeLines(pdf *fpdf.Fpdf, x, y float64, lines []string) {
	for _, l := range lines {
		if l == "" {
			y += 9
			continue
		}
		pdf.Text(x, y, l)
		y += 13
	}
}

// reportPage writes one page of a two-column situation report with a running header,
// a page-number footer and, on the first page, a title across both columns.
func reportPage(pdf *fpdf.Fpdf, page, pages int, left, right []string) {
	pdf.AddPage()
	pdf.SetFont("noto", "", 8)
	pdf.Text(50, 30, "Situation Report No. 12 — OCHA Ukraine")
	pdf.Text(270, 815, fmt.Sprintf("Сторінка %d з %d", page, pages))
	top := 90.0
	if page == 1 {
		pdf.SetFont("noto", "", 16)
		pdf.Text(50, 70, "Зведення про ситуацію на півдні")
		top = 110
	}
	pdf.SetFont("noto", "", 10)
	// The right column is drawn first: drawing order must not decide reading order.
	placeLines(pdf, 310, top, right)
	placeLines(pdf, 50, top, left)
}

func sampleReport(t testing.TB) []byte {
	pdf := newPDF(t)
	pdf.SetTitle("Зведення ОВА №12", true)
	pdf.SetAuthor("OCHA Україна", true)
	pdf.SetCreationDate(time.Date(2024, 3, 1, 9, 15, 0, 0, time.UTC))
	for p := 1; p <= 3; p++ {
		left := []string{
			"Уночі ворог атакував енергетичну",
			"інфраструктуру Одеси. Ремонтні брига-",
			"ди працюють цілодобово, щоб від-",
			fmt.Sprintf("новити електропостачання (сторінка %d).", p),
			"",
			"The ﬁrst ofﬁcial estimate of the damage",
			"was published on Friday.",
		}
		right := []string{
			"Друга колонка продовжує звіт після",
			"першої: евакуацію мешканців",
			"продовжено до кінця тижня.",
		}
		reportPage(pdf, p, 3, left, right)
	}
	return pdfBytes(t, pdf)
}

func TestReadPDF(t *testing.T) {
	d, err := ReadPDF(context.Background(), sampleReport(t))
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(d.Text, "\n\n")
	want := []string{
		"Зведення про ситуацію на півдні",
		"Уночі ворог атакував енергетичну інфраструктуру Одеси. Ремонтні бригади працюють цілодобово, щоб відновити електропостачання (сторінка 1).",
		"The first official estimate of the damage was published on Friday.",
		"Друга колонка продовжує звіт після першої: евакуацію мешканців продовжено до кінця тижня.",
		"Уночі ворог атакував енергетичну інфраструктуру Одеси. Ремонтні бригади працюють цілодобово, щоб відновити електропостачання (сторінка 2).",
	}
	for i, w := range want {
		if i >= len(paras) || paras[i] != w {
			t.Fatalf("paragraph %d:\n%q\nwant\n%q\n\ntext:\n%s", i, get(paras, i), w, d.Text)
		}
	}
	if len(paras) != 10 {
		t.Errorf("%d paragraphs, want 10:\n%s", len(paras), d.Text)
	}
	for _, gone := range []string{"Situation Report", "Сторінка", "ﬁ"} {
		if strings.Contains(d.Text, gone) {
			t.Errorf("%q in the text:\n%s", gone, d.Text)
		}
	}
	if d.Title != "Зведення ОВА №12" || d.Author != "OCHA Україна" || !d.Published.Equal(time.Date(2024, 3, 1, 9, 15, 0, 0, time.UTC)) || d.Format != "pdf" {
		t.Errorf("metadata: %q %q %v %q", d.Title, d.Author, d.Published, d.Format)
	}
}

func scannedPDF(t testing.TB, withText bool) []byte {
	img := image.NewGray(image.Rect(0, 0, 120, 160))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(3, 3, color.Gray{Y: 0})
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	pdf := newPDF(t)
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &pngBuf)
	for p := 0; p < 2; p++ {
		pdf.AddPage()
		pdf.ImageOptions("scan", 40, 40, 500, 700, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	if withText {
		pdf.AddPage()
		placeLines(pdf, 50, 100, []string{"Only the third page has a text layer."})
	}
	return pdfBytes(t, pdf)
}

// manyObjects writes a one-page PDF (whose page tree claims pages pages) followed by n
// unused objects.
func manyObjects(pages string, n int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	content := "BT /F1 12 Tf 72 720 Td (A report with a million objects in its file.) Tj ET"
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count " + pages + " >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i := 0; i < n; i++ {
		obj("null")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

func TestReadPDFRefusals(t *testing.T) {
	protected := newPDF(t)
	protected.SetProtection(fpdf.CnProtectPrint, "secret", "owner")
	reportPage(protected, 1, 1, []string{"Confidential text."}, nil)
	ownerOnly := newPDF(t)
	ownerOnly.SetProtection(fpdf.CnProtectPrint, "", "owner")
	reportPage(ownerOnly, 1, 1, []string{"Readable although protected against editing."}, nil)
	good := sampleReport(t)
	cases := []struct {
		name string
		data []byte
		want string // "" means imported
	}{
		{"scanned", scannedPDF(t, false), "it is a scanned PDF"},
		{"encrypted with a password", pdfBytes(t, protected), "encrypted with a password"},
		{"protected by an owner password only", pdfBytes(t, ownerOnly), ""},
		{"garbage after the header", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("garbage \x00\xff"), 500)...), "damaged"},
		{"not a PDF", []byte("hello, this is text"), "not a PDF document"},
		{"a million objects", manyObjects("1", 1_000_000), ""},
		{"a page tree claiming a million pages", manyObjects("1000000", 10), "Gloss reads PDFs of up to 5000 pages"},
		{"cut in half", good[:len(good)/2], ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			d, err := ReadPDF(context.Background(), c.data)
			t.Logf("%v", time.Since(start))
			if c.want == "" {
				if c.name == "cut in half" {
					// PDFium repairs what it can; either some text or a clear refusal.
					if err == nil && strings.TrimSpace(d.Text) == "" {
						t.Error("no text and no error")
					}
					return
				}
				if err != nil || strings.TrimSpace(d.Text) == "" {
					t.Errorf("not imported: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

func TestPDFPagesWithoutText(t *testing.T) {
	items := collect(t, "mixed.pdf", scannedPDF(t, true), KindPDF, Options{})
	if len(items) != 2 || items[0].Draft == nil || items[0].Draft.Text != "Only the third page has a text layer." ||
		!strings.Contains(items[1].Note, "pages 1, 2 without text (scanned images?) are not in the article") {
		t.Errorf("items %+v", items)
	}
}

func FuzzPDF(f *testing.F) {
	f.Add(sampleReport(f))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		d, err := ReadPDF(context.Background(), data)
		if err == nil && strings.TrimSpace(d.Text) == "" {
			t.Fatal("accepted a PDF without text")
		}
	})
}

// reportPDF writes an n-page two-column report of dense Ukrainian and English text.
func reportPDF(tb testing.TB, n int) []byte {
	pdf := newPDF(tb)
	pdf.SetTitle("Звіт", true)
	para := "Обстріли енергетичної інфраструктури тривають, ремонтні бригади працюють цілодобово, відновлюючи електропостачання у громадах області. " +
		"Officials said that the situation in the eastern regions remains difficult and that humanitarian convoys reached the frontline towns. "
	var lines []string
	for _, l := range pdf.SplitText(strings.Repeat(para, 3), 230) {
		lines = append(lines, l)
	}
	for p := 1; p <= n; p++ {
		col := append(append(append([]string{}, lines...), ""), lines...)
		reportPage(pdf, p, n, col[:min(len(col), 52)], col[:min(len(col), 52)])
	}
	return pdfBytes(tb, pdf)
}

// BenchmarkReadPDF300 reads a 300-page two-column report (target: ≤ 10 s). The
// runtime's start (once per process) is measured apart.
func BenchmarkReadPDF300(b *testing.B) {
	data := reportPDF(b, 300)
	start := time.Now()
	if _, err := pdfInstance(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("PDFium runtime start: %v (once per process)", time.Since(start))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		d, err := ReadPDF(context.Background(), data)
		b.ReportMetric(time.Since(t0).Seconds(), "s/read")
		if err != nil || len(d.Text) < 300*1000 {
			b.Fatalf("%d bytes of text: %v", len(d.Text), err)
		}
	}
}
