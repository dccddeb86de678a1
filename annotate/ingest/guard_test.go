package ingest

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

func TestCheckRedirectTarget(t *testing.T) {
	// Literal addresses and reserved names only: no DNS is asked.
	cases := []struct {
		from, to string
		refused  bool
	}{
		{"http://93.184.216.34/news", "http://127.0.0.1:8080/admin", true},
		{"https://93.184.216.34/", "http://10.1.2.3/", true},
		{"https://93.184.216.34/", "http://192.168.1.1/router", true},
		{"https://93.184.216.34/", "http://172.16.0.9/", true},
		{"https://93.184.216.34/", "http://169.254.169.254/latest/meta-data/", true},
		{"https://93.184.216.34/", "http://[::1]:9000/", true},
		{"https://93.184.216.34/", "http://[fd00::1]/", true},
		{"https://93.184.216.34/", "http://[::ffff:127.0.0.1]/", true},
		{"https://93.184.216.34/", "http://0.0.0.0/", true},
		{"https://93.184.216.34/", "http://100.64.0.1/", true},
		{"https://93.184.216.34/", "http://localhost:631/", true},
		{"https://93.184.216.34/", "http://printer.local/", true},
		{"https://93.184.216.34/", "http://intranet/", true},
		{"https://93.184.216.34/", "https://8.8.8.8/page", false},
		{"https://93.184.216.34/", "https://[2001:4860:4860::8888]/", false},
		// The analyst's own link to an internal host may redirect within the network.
		{"http://127.0.0.1:8080/", "http://10.0.0.5/", false},
		{"http://localhost/", "http://192.168.0.2/", false},
	}
	for _, c := range cases {
		from, _ := url.Parse(c.from)
		to, _ := url.Parse(c.to)
		err := checkRedirectTarget(context.Background(), nil, from, to)
		if (err != nil) != c.refused {
			t.Errorf("%s → %s: %v, refused want %v", c.from, c.to, err, c.refused)
		}
		if err != nil && !strings.Contains(err.Error(), "redirected from a public address to a private one ("+to.Host+")") {
			t.Errorf("%s → %s: unclear refusal %q", c.from, c.to, err)
		}
	}
}
