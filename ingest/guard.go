package ingest

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// The SSRF guard. Feed URLs come from operators, but redirects and item
// links come from the internet: a hostile feed must not make wiredesk read
// its cloud metadata service or an admin port on the internal network. The
// check runs in the dialer's Control hook, i.e. on the address actually
// being connected to, after DNS resolution and on every redirect hop, so
// neither DNS rebinding nor a redirect gets around it.

type prefixRule struct {
	prefix netip.Prefix
	reason string
}

func rules(list ...string) []prefixRule {
	out := make([]prefixRule, 0, len(list)/2)
	for i := 0; i < len(list); i += 2 {
		out = append(out, prefixRule{netip.MustParsePrefix(list[i]), list[i+1]})
	}
	return out
}

// alwaysBlocked are never legitimate feed hosts, whatever the feed's
// allow_private says: link-local is where cloud metadata services live.
var alwaysBlocked = rules(
	"0.0.0.0/8", "unspecified",
	"169.254.0.0/16", "link-local",
	"192.0.0.0/24", "reserved (IETF protocol assignments)",
	"192.0.2.0/24", "reserved (documentation)",
	"198.51.100.0/24", "reserved (documentation)",
	"203.0.113.0/24", "reserved (documentation)",
	"224.0.0.0/4", "multicast",
	"240.0.0.0/4", "reserved",
	"::/128", "unspecified",
	"fe80::/10", "link-local",
	"ff00::/8", "multicast",
	"100::/64", "reserved (discard)",
	"2001:db8::/32", "reserved (documentation)",
)

// privateBlocked are refused unless the feed allows private addresses.
var privateBlocked = rules(
	"127.0.0.0/8", "loopback",
	"10.0.0.0/8", "private",
	"172.16.0.0/12", "private",
	"192.168.0.0/16", "private",
	"100.64.0.0/10", "carrier-grade NAT",
	"198.18.0.0/15", "private (benchmarking)",
	"::1/128", "loopback",
	"fc00::/7", "private (unique local)",
	"fec0::/10", "private (site-local)",
)

// Prefixes of IPv6 addresses that carry an IPv4 address inside, through
// which an IPv4 target could be reached: NAT64 and 6to4.
var (
	nat64Prefix      = netip.MustParsePrefix("64:ff9b::/96")
	nat64LocalPrefix = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFourPrefix  = netip.MustParsePrefix("2002::/16")
)

// CheckAddr returns a *BlockedAddressError if a connection to addr must be
// refused: unspecified, link-local, multicast and reserved addresses always;
// loopback, private, carrier-grade NAT and unique-local addresses unless
// allowPrivate. IPv4 addresses inside IPv6 (mapped, NAT64, 6to4) are
// judged as the IPv4 address they carry.
func CheckAddr(addr netip.Addr, allowPrivate bool) error {
	if !addr.IsValid() {
		return &BlockedAddressError{Addr: addr, Reason: "invalid"}
	}
	addr = addr.WithZone("")
	judged := addr.Unmap()
	if judged.Is6() {
		if v4, ok := embeddedIPv4(judged); ok {
			judged = v4
		}
	}
	for _, r := range alwaysBlocked {
		if r.prefix.Contains(judged) {
			return &BlockedAddressError{Addr: addr, Reason: r.reason}
		}
	}
	if judged == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return &BlockedAddressError{Addr: addr, Reason: "broadcast"}
	}
	if allowPrivate {
		return nil
	}
	for _, r := range privateBlocked {
		if r.prefix.Contains(judged) {
			return &BlockedAddressError{Addr: addr, Reason: r.reason}
		}
	}
	return nil
}

// embeddedIPv4 extracts the IPv4 address carried by a NAT64, 6to4 or
// IPv4-compatible (::a.b.c.d) IPv6 address.
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	b := a.As16()
	switch {
	case nat64Prefix.Contains(a), nat64LocalPrefix.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFourPrefix.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	var zero [12]byte
	if [12]byte(b[:12]) == zero && a != netip.IPv6Unspecified() && a != netip.IPv6Loopback() {
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	}
	return netip.Addr{}, false
}

// dialControl returns the net.Dialer Control hook enforcing CheckAddr on
// the resolved address of every connection.
func dialControl(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		switch network {
		case "tcp", "tcp4", "tcp6":
		default:
			return fmt.Errorf("dial %s %s: only tcp is used", network, address)
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("dial %s: %w", address, err)
		}
		return CheckAddr(ap.Addr(), allowPrivate)
	}
}

// CheckURL parses raw and checks what can be checked before connecting:
// the scheme is http or https, there is a host and a valid port, and a
// host given as an IP literal passes CheckAddr. Host names are checked
// when they are resolved, at connection time.
func CheckURL(raw string, allowPrivate bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q: %w", u.Scheme, ErrUnsupportedScheme)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("%s has no host", raw)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%s: port %q is not valid", raw, port)
		}
	}
	// "10.0.0.1." is the same address to a resolver.
	host = strings.TrimSuffix(host, ".")
	if addr, err := netip.ParseAddr(host); err == nil {
		if err := CheckAddr(addr, allowPrivate); err != nil {
			return nil, err
		}
	} else if ip := net.ParseIP(host); ip != nil {
		// Forms netip refuses but resolvers accept.
		a, _ := netip.AddrFromSlice(ip)
		if err := CheckAddr(a, allowPrivate); err != nil {
			return nil, err
		}
	}
	return u, nil
}
