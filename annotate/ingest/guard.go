package ingest

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// A page on the public internet must not be able to send Gloss into the analyst's own
// machine or network (a router's admin page, a local service, a cloud metadata address):
// once a link is on a public host, a redirect to a loopback, private, link-local or other
// internal address is refused. A link the analyst gives to an internal host is fetched.

// sharedAddressSpace is RFC 6598 carrier-grade NAT space, internal like RFC 1918.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// internalAddr reports whether ip is anything but a public unicast address.
func internalAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || sharedAddressSpace.Contains(ip)
}

// hostIsInternal reports whether host (a name or a literal address) is internal: a
// literal internal address, a name reserved for the local machine or network, or a name
// any of whose addresses is internal. ok is false when the name cannot be resolved.
func hostIsInternal(ctx context.Context, r *net.Resolver, host string) (internal, ok bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return internalAddr(ip), true
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") ||
		strings.HasSuffix(host, ".internal") || strings.HasSuffix(host, ".home.arpa") || !strings.Contains(host, ".") {
		return true, true
	}
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return false, false
	}
	for _, a := range addrs {
		if internalAddr(a) {
			return true, true
		}
	}
	return false, true
}

// checkRedirectTarget refuses a redirect from a public host to an internal one. A start
// that is internal itself (or cannot be resolved) was the analyst's choice and is not
// second-guessed; a target that cannot be resolved fails when it is dialled.
func checkRedirectTarget(ctx context.Context, r *net.Resolver, from, to *url.URL) error {
	if internal, ok := hostIsInternal(ctx, r, from.Hostname()); internal || !ok {
		return nil
	}
	if internal, ok := hostIsInternal(ctx, r, to.Hostname()); ok && internal {
		return &redirectError{fmt.Sprintf("the server redirected from a public address to a private one (%s), which Gloss does not follow", to.Host)}
	}
	return nil
}
