package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
)

// trackingParams are query parameters that say who sent a reader, not
// which story it is; they are stripped from links so one story has one
// link. Names starting with utm_ are stripped as well.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
}

func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "utm_") || trackingParams[name]
}

// resolveLink resolves ref against base and returns it cleaned by
// CanonicalLink, or "" when the result is not an absolute http(s) URL with
// a host: javascript:, data: and other schemes never leave ingest.
func resolveLink(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return ""
	}
	return canonicalURL(u)
}

// CanonicalLink returns the link in the form used to identify a story:
// scheme and host lower-cased, default port and fragment removed, and
// tracking parameters (utm_*, fbclid, gclid, …) stripped, the rest of the
// query kept in its order. It returns "" for anything but an absolute
// http(s) URL.
func CanonicalLink(link string) string {
	return resolveLink(nil, link)
}

func canonicalURL(u *url.URL) string {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = strings.ToLower(c.Host)
	if port := c.Port(); (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		c.Host = strings.TrimSuffix(c.Host, ":"+port)
	}
	c.Fragment, c.RawFragment = "", ""
	c.User = nil
	if c.RawQuery != "" {
		var kept []string
		for _, part := range strings.Split(c.RawQuery, "&") {
			name, _, _ := strings.Cut(part, "=")
			if unescaped, err := url.QueryUnescape(name); err == nil {
				name = unescaped
			}
			if part != "" && !isTrackingParam(name) {
				kept = append(kept, part)
			}
		}
		c.RawQuery = strings.Join(kept, "&")
	}
	c.ForceQuery = false
	if c.Path == "" {
		c.Path = "/"
	}
	return c.String()
}

// itemID picks an item's stable identity: its guid, else its canonical
// link, else a hash of its title and date (the raw date text when it does
// not parse, so the hash is still stable across polls).
func itemID(guid, link, title, rawDate string, date *time.Time) string {
	if guid = strings.TrimSpace(guid); guid != "" {
		return guid
	}
	if link != "" {
		return link
	}
	d := strings.TrimSpace(rawDate)
	if date != nil {
		d = date.UTC().Format(time.RFC3339)
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(title) + "\x00" + d))
	return "sha256:" + hex.EncodeToString(sum[:16])
}
