package ingest

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"time"
)

// Sentinel errors, matched with errors.Is. Each error returned by this
// package also carries the URL or feed it is about.
var (
	// ErrTooLarge means a body exceeded its cap after decompression. The
	// body is never silently truncated.
	ErrTooLarge = errors.New("body exceeds size cap")
	// ErrBlockedAddress means a connection would have gone to an address
	// the fetcher refuses (loopback, private, link-local, …).
	ErrBlockedAddress = errors.New("address refused")
	// ErrTooManyRedirects means the redirect chain was longer than allowed.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrInsecureRedirect means an https URL redirected to plain http.
	ErrInsecureRedirect = errors.New("redirect from https to http refused")
	// ErrUnsupportedScheme means a URL was not http or https.
	ErrUnsupportedScheme = errors.New("only http and https URLs are fetched")
	// ErrUnsupportedEncoding means a Content-Encoding the fetcher cannot
	// decode (it asks only for gzip and br).
	ErrUnsupportedEncoding = errors.New("unsupported content encoding")
	// ErrTimeout means the whole-request deadline passed.
	ErrTimeout = errors.New("request timed out")
	// ErrNotFeed means the body is not RSS, Atom or JSON Feed.
	ErrNotFeed = errors.New("not a feed")
	// ErrMalformed means the body looks like a feed but does not parse.
	ErrMalformed = errors.New("malformed feed")
	// ErrCharset means the body's character set could not be decoded.
	ErrCharset = errors.New("undecodable charset")
)

// HTTPError is a response with a status other than 2xx or 304.
type HTTPError struct {
	URL    string
	Status int
	// RetryAfter is the server's Retry-After, converted to a delay from the
	// time of the response; zero when absent or unparseable.
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("http %d %s", e.Status, http.StatusText(e.Status))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// BlockedAddressError says which address was refused and why. It matches
// ErrBlockedAddress.
type BlockedAddressError struct {
	Addr   netip.Addr
	Reason string
}

func (e *BlockedAddressError) Error() string {
	return fmt.Sprintf("address %s is %s: refused", e.Addr, e.Reason)
}

// Is lets errors.Is(err, ErrBlockedAddress) match.
func (e *BlockedAddressError) Is(target error) bool { return target == ErrBlockedAddress }

// NotFeedError says what was found instead of a feed. It matches ErrNotFeed.
type NotFeedError struct {
	// Got describes the body, e.g. "text/html page" or "empty body".
	Got string
}

func (e *NotFeedError) Error() string { return fmt.Sprintf("not a feed (got %s)", e.Got) }

// Is lets errors.Is(err, ErrNotFeed) match.
func (e *NotFeedError) Is(target error) bool { return target == ErrNotFeed }

// CharsetError names a character set that could not be decoded. It
// matches ErrCharset.
type CharsetError struct {
	// Charset is the label as declared (XML prolog or Content-Type).
	Charset string
	// Where says where it was declared.
	Where string
}

func (e *CharsetError) Error() string {
	return fmt.Sprintf("undecodable charset %q (declared in %s)", e.Charset, e.Where)
}

// Is lets errors.Is(err, ErrCharset) match.
func (e *CharsetError) Is(target error) bool { return target == ErrCharset }
