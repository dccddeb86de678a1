package annotate

import "testing"

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://news.example.org/uk/strike":                          "https://news.example.org/uk/strike",
		"HTTPS://News.Example.ORG/uk/strike":                          "https://news.example.org/uk/strike",
		"https://news.example.org:443/uk/strike":                      "https://news.example.org/uk/strike",
		"http://news.example.org:80/uk/strike":                        "http://news.example.org/uk/strike",
		"http://news.example.org:8080/uk/strike":                      "http://news.example.org:8080/uk/strike",
		"https://news.example.org/uk/strike/":                         "https://news.example.org/uk/strike",
		"https://news.example.org/":                                   "https://news.example.org",
		"https://news.example.org/uk/strike#comments":                 "https://news.example.org/uk/strike",
		"https://news.example.org/uk/strike?utm_source=tg&id=7":       "https://news.example.org/uk/strike?id=7",
		"https://news.example.org/uk/strike?fbclid=x&gclid=y":         "https://news.example.org/uk/strike",
		"  https://news.example.org/uk/strike?utm_medium=social#top ": "https://news.example.org/uk/strike",
		"kharkiv.txt":    "kharkiv.txt",
		"urn:sha256:abc": "urn:sha256:abc",
	} {
		if got := NormalizeURL(in); got != want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
