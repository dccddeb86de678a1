package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limits of a URL import.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxPageBytes = 10 << 20
	DefaultMaxRedirects = 5
	UserAgent           = "Gloss/0.1 (+article import)"
)

// Fetcher downloads pages and feeds over http(s) only, with a time and size limit and a
// bounded number of redirects. The zero value uses the defaults and http.DefaultTransport;
// tests inject a Client (e.g. an httptest server's) and smaller limits.
type Fetcher struct {
	Client       *http.Client  // its Transport is used; CheckRedirect and Timeout are replaced
	Timeout      time.Duration // whole request including the body; 0 → DefaultTimeout
	MaxBytes     int64         // 0 → DefaultMaxPageBytes
	MaxRedirects int           // 0 → DefaultMaxRedirects; negative → none followed
	UserAgent    string        // "" → UserAgent
}

// Page is a fetched document.
type Page struct {
	URL         *url.URL // after redirects
	ContentType string
	Body        []byte
}

// IsURL reports whether s is meant as a link (it has a scheme followed by "://").
func IsURL(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// Fetch downloads rawURL. Errors are worded for the user ("the server answered 404 Not Found").
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, errors.New("it is not a valid link")
	}
	if u.Scheme = strings.ToLower(u.Scheme); u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("only http and https links can be imported, not %s:", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("it is not a valid link")
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limit := f.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxPageBytes
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, errors.New("it is not a valid link")
	}
	req.Header.Set("User-Agent", firstNonEmpty(f.UserAgent, UserAgent))
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, fetchError(ctx, err, timeout)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("the page is larger than %s", sizeText(limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fetchError(ctx, err, timeout)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("the page is larger than %s", sizeText(limit))
	}
	return &Page{URL: resp.Request.URL, ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}

func (f *Fetcher) client() *http.Client {
	c := &http.Client{}
	if f.Client != nil {
		*c = *f.Client
	}
	c.Timeout = 0 // the context carries the deadline
	max := f.MaxRedirects
	if max == 0 {
		max = DefaultMaxRedirects
	}
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return &redirectError{fmt.Sprintf("the server redirected to a %s: link, which Gloss does not follow", req.URL.Scheme)}
		}
		if len(via) > max {
			return &redirectError{fmt.Sprintf("the server redirected more than %d times", max)}
		}
		// A public page must not bounce the request to this machine or its network.
		return checkRedirectTarget(req.Context(), nil, via[0].URL, req.URL)
	}
	return c
}

type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

func fetchError(ctx context.Context, err error, timeout time.Duration) error {
	var re *redirectError
	if errors.As(err, &re) {
		return re
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the server did not answer within %s", timeout)
	}
	if errors.Is(err, context.Canceled) {
		return errors.New("cancelled")
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return fmt.Errorf("the host %s was not found", dnsErr.Name)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return fmt.Errorf("the server cannot be reached (%v)", opErr.Err)
	}
	return fmt.Errorf("the download failed (%v)", err)
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
