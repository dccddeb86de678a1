package annotate

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters (or prefixes of them) that identify a click, not a page.
var trackingParams = []string{"utm_", "fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ocid", "cmpid", "igshid"}

// NormalizeURL gives the form of a URL Gloss uses to recognise the same article, wherever
// the URL comes from (an imported page, a feed item, the target of a W3C annotation):
// lower-case scheme and host, no default port (:80 for http, :443 for https), no
// fragment, no tracking parameters (utm_*, fbclid, gclid …), no trailing slash after the
// path. Anything that is not an absolute URL with a host comes back trimmed.
func NormalizeURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if port := u.Port(); (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		u.Host = strings.TrimSuffix(u.Host, ":"+port)
	}
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		q := u.Query()
		removed := false
		for k := range q {
			for _, p := range trackingParams {
				if strings.HasPrefix(strings.ToLower(k), p) {
					q.Del(k)
					removed = true
				}
			}
		}
		if removed {
			u.RawQuery = q.Encode()
		}
	}
	u.ForceQuery = false
	if trimmed := strings.TrimRight(u.Path, "/"); trimmed != u.Path {
		u.Path = trimmed
		if u.RawPath != "" {
			u.RawPath = strings.TrimRight(u.RawPath, "/")
		}
	}
	return u.String()
}
