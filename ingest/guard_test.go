package ingest

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr string
		// what happens without and with allow_private: "" allowed, else the
		// reason given
		strict, private string
	}{
		{"93.184.215.14", "", ""},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", "", ""},
		{"127.0.0.1", "loopback", ""},
		{"127.8.9.10", "loopback", ""},
		{"::1", "loopback", ""},
		{"10.1.2.3", "private", ""},
		{"172.16.0.1", "private", ""},
		{"172.31.255.255", "private", ""},
		{"172.32.0.1", "", ""},
		{"192.168.1.1", "private", ""},
		{"100.64.0.1", "carrier-grade NAT", ""},
		{"100.127.255.254", "carrier-grade NAT", ""},
		{"100.128.0.1", "", ""},
		{"fd12:3456::1", "private (unique local)", ""},
		{"169.254.169.254", "link-local", "link-local"},
		{"fe80::1", "link-local", "link-local"},
		{"fe80::1%eth0", "link-local", "link-local"},
		{"0.0.0.0", "unspecified", "unspecified"},
		{"::", "unspecified", "unspecified"},
		{"224.0.0.251", "multicast", "multicast"},
		{"ff02::1", "multicast", "multicast"},
		{"255.255.255.255", "reserved", "reserved"},
		{"240.0.0.1", "reserved", "reserved"},
		// IPv4 inside IPv6 is judged as the IPv4 address.
		{"::ffff:127.0.0.1", "loopback", ""},
		{"::ffff:169.254.169.254", "link-local", "link-local"},
		{"::ffff:10.0.0.1", "private", ""},
		{"::ffff:93.184.215.14", "", ""},
		{"64:ff9b::a9fe:a9fe", "link-local", "link-local"},
		{"64:ff9b::7f00:1", "loopback", ""},
		{"2002:a9fe:a9fe::1", "link-local", "link-local"},
		{"2002:0a00:0001::1", "private", ""},
		{"::127.0.0.1", "loopback", ""},
	}
	for _, tt := range tests {
		addr := netip.MustParseAddr(tt.addr)
		for _, c := range []struct {
			allow bool
			want  string
		}{{false, tt.strict}, {true, tt.private}} {
			err := CheckAddr(addr, c.allow)
			var be *BlockedAddressError
			switch {
			case c.want == "" && err != nil:
				t.Errorf("CheckAddr(%s, allowPrivate=%v) = %v, want allowed", tt.addr, c.allow, err)
			case c.want != "" && (!errors.As(err, &be) || be.Reason != c.want):
				t.Errorf("CheckAddr(%s, allowPrivate=%v) = %v, want %q", tt.addr, c.allow, err, c.want)
			case c.want != "" && !errors.Is(err, ErrBlockedAddress):
				t.Errorf("CheckAddr(%s) error does not match ErrBlockedAddress", tt.addr)
			}
		}
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url     string
		private bool
		errLike string
	}{
		{"https://aninews.in/rss/feed/category/world.xml", false, ""},
		{"http://localhost:8080/feed", false, ""}, // names are checked at dial time
		{"ftp://x.example.org/", false, "only http and https"},
		{"javascript:alert(1)", false, "only http and https"},
		{"https:///path", false, "has no host"},
		{"http://127.0.0.1/feed", false, "loopback"},
		{"http://127.0.0.1/feed", true, ""},
		{"http://[::ffff:169.254.169.254]/", true, "link-local"},
		{"http://169.254.169.254/latest/meta-data/", true, "link-local"},
		{"http://x.example.org:0/", false, "port"},
		{"http://x.example.org:http/", false, "invalid port"},
	}
	for _, tt := range tests {
		_, err := CheckURL(tt.url, tt.private)
		switch {
		case tt.errLike == "" && err != nil:
			t.Errorf("CheckURL(%q, %v) = %v", tt.url, tt.private, err)
		case tt.errLike != "" && (err == nil || !strings.Contains(err.Error(), tt.errLike)):
			t.Errorf("CheckURL(%q, %v) = %v, want error like %q", tt.url, tt.private, err, tt.errLike)
		}
	}
}

func TestDialControlRefusesBlockedAddresses(t *testing.T) {
	control := dialControl(false)
	if err := control("tcp4", "127.0.0.1:80", nil); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("loopback: %v", err)
	}
	if err := control("tcp6", "[fe80::1]:443", nil); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("link-local: %v", err)
	}
	if err := control("tcp4", "93.184.215.14:443", nil); err != nil {
		t.Errorf("public: %v", err)
	}
	if err := control("udp", "93.184.215.14:53", nil); err == nil {
		t.Error("udp allowed")
	}
	if err := dialControl(true)("tcp4", "127.0.0.1:80", nil); err != nil {
		t.Errorf("loopback with allow_private: %v", err)
	}
}
