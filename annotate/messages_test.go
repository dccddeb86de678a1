package annotate

import (
	"strings"
	"testing"
	"time"
)

func TestMessageIDMakesNewVersion(t *testing.T) {
	ws := openTemp(t)
	posted := time.Date(2025, 3, 1, 6, 30, 0, 0, time.UTC)
	first := ArticleDraft{Title: "Post 42", Source: "Channel", Text: "Уночі ворог атакував Одесу дронами. Пошкоджено підстанцію.",
		MessageID: "telegram:100/42", ReplyTo: "telegram:100/41", ForwardedFrom: "Other channel", Published: posted, Format: "telegram"}
	res := ws.NewBatch("").Add([]ArticleDraft{first})
	if res[0].Status != StatusImported {
		t.Fatalf("first import: %s %v", res[0].Status, res[0].Err)
	}
	id := res[0].Article.ID
	got, ok := ws.ArticleByMessageID("telegram:100/42")
	if !ok || got.ID != id || got.ReplyTo != "telegram:100/41" || got.ForwardedFrom != "Other channel" || !got.Edited.IsZero() {
		t.Fatalf("by message id: %+v %v", got, ok)
	}
	// Annotate a span that survives the edit and one that does not.
	cb, _ := ws.Codebook()
	tag := []string{cb.Tags()[0].ID}
	start, end, err := ws.FindQuote(id, "атакував Одесу", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: id, Start: start, End: end, TagIDs: tag}); err != nil {
		t.Fatal(err)
	}
	start, end, _ = ws.FindQuote(id, "Пошкоджено підстанцію", 1)
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: id, Start: start, End: end, TagIDs: tag}); err != nil {
		t.Fatal(err)
	}

	// The same message again: a duplicate. Edited (no URL, new text): a new version.
	if r := ws.NewBatch("").Add([]ArticleDraft{first}); r[0].Status != StatusDuplicate {
		t.Fatalf("same message: %s", r[0].Status)
	}
	edited := first
	edited.Text = "Уночі ворог атакував Одесу дронами. Інформація про наслідки уточнюється."
	edited.Edited = posted.Add(time.Hour)
	edited.URL = "https://t.me/channel/42"
	r := ws.NewBatch("").Add([]ArticleDraft{edited})
	if r[0].Status != StatusUpdated || r[0].Article.ID != id || r[0].Orphaned != 1 {
		t.Fatalf("edited message: %s id %s orphaned %d", r[0].Status, r[0].Article.ID, r[0].Orphaned)
	}
	a, _ := ws.Article(id)
	if a.Version != 2 || !a.Edited.Equal(posted.Add(time.Hour)) || a.URL != "https://t.me/channel/42" || !strings.Contains(a.Text, "уточнюється") {
		t.Fatalf("after edit: %+v", a)
	}
	anns, _ := ws.Annotations(id)
	states := map[AnnotationState]int{}
	for _, an := range anns {
		states[an.State]++
	}
	if states[Anchored] != 1 || states[Orphaned] != 1 {
		t.Fatalf("annotations after edit: %v", states)
	}
	// Undo of the new version brings the old text and index entries back.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	a, _ = ws.Article(id)
	if a.Version != 1 || a.URL != "" {
		t.Fatalf("after undo: version %d url %q", a.Version, a.URL)
	}
	// Deleting the article frees its message id.
	if _, err := ws.DeleteArticle(id); err != nil {
		t.Fatal(err)
	}
	if _, ok := ws.ArticleByMessageID("telegram:100/42"); ok {
		t.Fatal("message id still found after delete")
	}
}

func TestRememberTelegramUsername(t *testing.T) {
	ws := openTemp(t)
	b := ws.NewBatch("Import of result.json")
	res := b.Add([]ArticleDraft{
		{Title: "One", Source: "Channel", Text: "First post of the channel.", MessageID: TelegramMessageID("100", 1)},
		{Title: "Two", Source: "Channel", Text: "Second post of the channel.", MessageID: TelegramMessageID("100", 2)},
		{Title: "Other", Source: "Other", Text: "A post of another channel.", MessageID: TelegramMessageID("1000", 2)},
	})
	for _, r := range res {
		if r.Status != StatusImported {
			t.Fatalf("import: %s %v", r.Status, r.Err)
		}
	}
	n, err := b.RememberTelegramUsername("100", "@kyiv_news")
	if err != nil || n != 2 {
		t.Fatalf("remember: %d %v", n, err)
	}
	if got := ws.TelegramUsernames(); len(got) != 1 || got["100"] != "kyiv_news" {
		t.Fatalf("usernames %v", got)
	}
	one, _ := ws.ArticleByMessageID(TelegramMessageID("100", 1))
	other, _ := ws.ArticleByMessageID(TelegramMessageID("1000", 2))
	if one.URL != "https://t.me/kyiv_news/1" || other.URL != "" {
		t.Fatalf("urls %q %q", one.URL, other.URL)
	}
	if a, ok := ws.ArticleByURL("https://t.me/kyiv_news/2"); !ok || a.Title != "Two" {
		t.Fatalf("by url: %+v", a)
	}
	// Import and links are one undo step; the username stays remembered.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if arts, _ := ws.Articles(); len(arts) != 0 {
		t.Fatalf("after undo %d articles", len(arts))
	}
	if ws.TelegramUsernames()["100"] != "kyiv_news" {
		t.Fatal("username forgotten by undo")
	}
	ws = reopen(t, ws)
	if ws.TelegramUsernames()["100"] != "kyiv_news" {
		t.Fatal("username forgotten by restart")
	}
	for _, bad := range []string{"ab", "1abc", "with space", "way_too_long_for_a_telegram_username_x"} {
		if _, err := ws.NewBatch("").RememberTelegramUsername("100", bad); err == nil {
			t.Errorf("username %q accepted", bad)
		}
	}
}

func TestFilterAndCountBySource(t *testing.T) {
	list := []ArticleSummary{
		{Article: Article{ID: "1", Source: "Kyiv Independent"}, Annotations: 2},
		{Article: Article{ID: "2", Source: "ОВА Одеса"}, Annotations: 1},
		{Article: Article{ID: "3", Source: "kyiv independent"}, Annotations: 3},
		{Article: Article{ID: "4"}},
	}
	got := FilterArticles(list, ArticleFilter{Source: "KYIV INDEPENDENT"})
	if len(got) != 2 || got[0].ID != "1" || got[1].ID != "3" {
		t.Fatalf("filter: %+v", got)
	}
	if n := len(FilterArticles(list, ArticleFilter{})); n != 4 {
		t.Fatalf("empty filter kept %d", n)
	}
	counts := CountBySource(list)
	want := []SourceCount{{"Kyiv Independent", 2, 5}, {"", 1, 0}, {"ОВА Одеса", 1, 1}}
	if len(counts) != len(want) {
		t.Fatalf("counts %+v", counts)
	}
	for i := range want {
		if counts[i] != want[i] {
			t.Errorf("count %d: %+v, want %+v", i, counts[i], want[i])
		}
	}
}
