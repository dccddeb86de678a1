package drills

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/search"
)

// telegramBenchExport writes a Telegram Desktop export of n messages: posts mixing
// Ukrainian, Russian and English words with a hashtag entity, a reply every tenth, a
// forward every thirteenth, a service message every fiftieth.
func telegramBenchExport(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	const base = 1709272800 // 2024-03-01 06:00 UTC
	var b bytes.Buffer
	b.WriteString(`{"name": "Зведення", "type": "public_channel", "id": 1500000000, "messages": [`)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		text := fmt.Sprintf("%s %d. %s %s", benchWords[i%len(benchWords)], i, strings.Join(benchWords[i%7:i%7+20], " "), benchWords[(i*7)%len(benchWords)])
		m := map[string]any{
			"id": i, "type": "message", "date": "2024-03-01T08:00:00", "date_unixtime": strconv.Itoa(base + i*60),
			"from": "Зведення", "from_id": "channel1500000000",
			"text":          []any{text, map[string]string{"type": "hashtag", "text": " #зведення"}},
			"text_entities": []map[string]string{{"type": "plain", "text": text}, {"type": "hashtag", "text": " #зведення"}},
		}
		switch {
		case i%50 == 0:
			m = map[string]any{"id": i, "type": "service", "date_unixtime": strconv.Itoa(base + i*60), "action": "pin_message", "text": ""}
		case i%10 == 0:
			m["reply_to_message_id"] = i - 1
		case i%13 == 0:
			m["forwarded_from"] = "Kyiv Independent"
		}
		enc, _ := json.Marshal(m)
		b.Write(enc)
		if b.Len() > 1<<20 {
			f.Write(b.Bytes())
			b.Reset()
		}
	}
	b.WriteString("]}")
	if _, err := f.Write(b.Bytes()); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportTelegram50k imports a 50,000-message channel export through the
// Importer (the path of gloss import and the window) into a fresh workspace with the
// search index attached (target: ≤ 30 s). GLOSS_BENCH_MESSAGES=N runs a shorter export.
func BenchmarkImportTelegram50k(b *testing.B) {
	n := 50_000
	if v, err := strconv.Atoi(os.Getenv("GLOSS_BENCH_MESSAGES")); err == nil && v > 0 {
		n = v
	}
	path := filepath.Join(b.TempDir(), "result.json")
	telegramBenchExport(b, path, n)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws, err := annotate.Open(filepath.Join(b.TempDir(), fmt.Sprintf("ws%d", i)), annotate.Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		ix, err := search.Open(ws, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := (&ingest.Importer{Options: ingest.Options{TelegramUsername: "zvedennia"}}).Run(context.Background(), ws, []string{path})
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
		b.StopTimer()
		if err != nil || sum.Imported != n-n/50 {
			b.Fatalf("imported %+v of %d: %v", sum, n-n/50, err)
		}
		if res, err := ix.Search(search.Request{Query: "is:article", Articles: true, Limit: 1}); err != nil || res.Total != sum.Imported {
			b.Fatalf("index holds %d articles of %d: %v", res.Total, sum.Imported, err)
		}
		ix.Close()
		ws.Close()
		b.StartTimer()
	}
}
