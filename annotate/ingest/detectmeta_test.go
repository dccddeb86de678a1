package ingest

import (
	"testing"
	"time"
)

func TestDetectMeta(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name, text string
		source     string
		published  time.Time
	}{
		{"labelled lines", "Grid repairs\nSource: Kyiv Independent\nPublished: 2025-11-24\n\nText.", "Kyiv Independent", day(2025, 11, 24)},
		{"wire dateline", "KYIV, Nov 24, 2025 (Reuters) - Russian drones struck...", "Reuters", day(2025, 11, 24)},
		{"long English date", "By A. Writer\nNovember 3, 2025\nTalks stalled.", "", day(2025, 11, 3)},
		{"day month year", "Updated 24 November 2025 at 10:00\nText", "", day(2025, 11, 24)},
		{"Ukrainian", "Опубліковано: 24 листопада 2025\nДжерело: Українська правда\nТекст", "Українська правда", day(2025, 11, 24)},
		{"Russian genitive", "3 марта 2024 года\nТекст", "", day(2024, 3, 3)},
		{"dotted", "Дата: 05.12.2025\nТекст", "", day(2025, 12, 5)},
		{"link gives the site", "https://www.kyivindependent.com/grid-repairs/\nText", "kyivindependent.com", time.Time{}},
		{"no year, no date", "Nov 24 (AP) — Strikes went on.", "AP", time.Time{}},
		{"impossible date", "2025-02-31 was no day", "", time.Time{}},
		{"nothing", "Just an article body without any of it.", "", time.Time{}},
		{"too deep", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\np\nPublished: 2025-11-24", "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetectMeta(tt.text)
			if got.Source != tt.source || !got.Published.Equal(tt.published) {
				t.Errorf("DetectMeta = %q %v, want %q %v", got.Source, got.Published, tt.source, tt.published)
			}
		})
	}
}
