package agreement

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"gloss.app/gloss/annotate"
)

// benchWorkspace is 10,000 articles of ~30 sentences coded by 5 coders, 4 annotations
// each per article (200,000 annotations), generated without fsync and merged in chunks
// as a colleague's export would be.
func benchWorkspace(b *testing.B) *annotate.Workspace {
	b.Helper()
	const articles, coders, perCoder = 10000, 5, 4
	start := time.Now()
	ws, err := annotate.Open(b.TempDir(), annotate.Options{Create: true, NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.Close() })
	cb, _ := ws.Codebook()
	tags := cb.Tags()
	rng := rand.New(rand.NewPCG(1, 2))
	sentences := []string{
		"Russian drones struck energy infrastructure in Kharkiv overnight, officials said.",
		"Mr. Zelensky met U.S. envoys in Kyiv on Tuesday.",
		"«Переговори тривають», — сказав В. Зеленський у 2024 р.",
		"The ministry reported 12 attacks on substations, e.g. in Odesa and Dnipro.",
		"Власти г. Москва сообщили о новых санкциях и т. д.",
		"Prices rose by 3.5 per cent in March.",
		"Corruption charges were filed against two officials.",
		"Talks in Geneva stalled again!",
	}
	batch := ws.NewBatch("bench")
	var ids []string
	var texts [][]rune
	for lo := 0; lo < articles; lo += 1000 {
		drafts := make([]annotate.ArticleDraft, 0, 1000)
		for i := lo; i < lo+1000; i++ {
			var sb strings.Builder
			fmt.Fprintf(&sb, "Report %d.\n\n", i)
			for s := 0; s < 30; s++ {
				sb.WriteString(sentences[rng.IntN(len(sentences))])
				if s%6 == 5 {
					sb.WriteString("\n\n")
				} else {
					sb.WriteString(" ")
				}
			}
			drafts = append(drafts, annotate.ArticleDraft{Title: fmt.Sprint("Report ", i), Text: sb.String()})
		}
		for _, r := range batch.Add(drafts) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			ids = append(ids, r.Article.ID)
		}
	}
	ws.View(func(t *annotate.Tx) error {
		for _, id := range ids {
			a, _ := t.Article(id, true)
			texts = append(texts, []rune(a.Text))
		}
		return nil
	})
	for lo := 0; lo < articles; lo += 500 {
		set := annotate.IncomingSet{Label: "bench annotations"}
		for _, tag := range tags {
			set.Tags = append(set.Tags, annotate.IncomingTag{Key: tag.ID, ID: tag.ID})
		}
		for i := lo; i < lo+500; i++ {
			set.Articles = append(set.Articles, annotate.IncomingArticle{Key: ids[i], Article: annotate.Article{ID: ids[i]}})
			n := len(texts[i])
			for c := 0; c < coders; c++ {
				for k := 0; k < perCoder; k++ {
					s := rng.IntN(n - 200)
					for s > 0 && texts[i][s-1] != ' ' {
						s--
					}
					e := s + 20 + rng.IntN(150)
					for texts[i][e-1] == ' ' || texts[i][e-1] == '\n' {
						e--
					}
					tk := []string{tags[rng.IntN(len(tags))].ID}
					if rng.IntN(3) == 0 {
						tk = append(tk, tags[rng.IntN(len(tags))].ID)
					}
					set.Annotations = append(set.Annotations, annotate.IncomingAnnotation{
						ID: uuid.NewString(), ArticleKey: ids[i], TagKeys: tk, Author: fmt.Sprint("coder", c+1),
						Selector: annotate.Selector{Start: s, End: e},
					})
				}
			}
		}
		rep, err := ws.MergeAnnotations(set)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Skipped) > 0 {
			b.Fatalf("skipped %v", rep.Skipped[0])
		}
	}
	_, nAnn := ws.Counts()
	b.Logf("generated %d articles, %d annotations in %s", articles, nAnn, time.Since(start).Round(time.Second))
	return ws
}

// BenchmarkAgreement200k is the target of issue 16: agreement over 200,000 annotations
// by 5 coders on 10,000 articles at sentence level in 2 s or less.
func BenchmarkAgreement200k(b *testing.B) {
	ws := benchWorkspace(b)
	for _, unit := range []Unit{Sentence, Paragraph, Article, Character} {
		b.Run(string(unit), func(b *testing.B) {
			start := cpuClock()
			defer func() { b.ReportMetric((cpuClock()-start).Seconds()/float64(b.N), "cpu-s/op") }()
			for i := 0; i < b.N; i++ {
				rep, err := Compute(ws, Options{Unit: unit})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Coders) != 5 || rep.Overall.Alpha.V == nil {
					b.Fatalf("coders %v, overall %+v", rep.Coders, rep.Overall)
				}
			}
		})
	}
}

// cpuClock is the CPU time (user + system) the process has used: on a loaded machine it
// moves far less than the wall time, so before/after comparisons read it.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
