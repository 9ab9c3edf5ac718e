package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Validate checks the whole configuration and returns an *Error listing
// every problem, each naming its key and, for a config read from a file,
// the line; nil when the config is usable. Callers that change a Config
// after Load (e.g. from command-line flags) should validate again.
func (c *Config) Validate() error {
	v := &validator{c: c}
	for _, key := range []string{"data_dir", "log_level", "nats.url", "database.url", "review.listen"} {
		if msg := checkSetting(c, key); msg != "" {
			v.add(key, "%s", msg)
		}
	}
	if c.NATS.StreamPrefix != "" && !isToken(c.NATS.StreamPrefix) {
		v.add("nats.stream_prefix", "%q may hold only letters, digits, - and _", c.NATS.StreamPrefix)
	}
	v.payload()
	if strings.TrimSpace(c.Disclaimers.Default) == "" {
		v.add("disclaimers.default", "is empty; every stored story carries a disclaimer")
	}
	for agency, text := range c.Disclaimers.Agencies {
		if strings.TrimSpace(text) == "" {
			v.add("disclaimers.agencies."+agency, "is empty; remove the entry to use the default")
		}
	}
	v.ingest()
	v.feeds()
	v.streams()
	v.review()
	for key, val := range map[string]float64{"dedup.near_jaccard": c.Dedup.NearJaccard, "dedup.near_containment": c.Dedup.NearContainment} {
		if val < 0 || val > 1 {
			v.add(key, "%g is not between 0 and 1", val)
		}
	}
	for i, r := range c.Extraction.Rules {
		key := fmt.Sprintf("extraction.rules[%d]", i)
		if strings.TrimSpace(r.Domain) == "" || strings.ContainsAny(r.Domain, "/: ") {
			v.add(key+".domain", "%q is not a domain name", r.Domain)
		}
		if len(r.Body) == 0 && len(r.Drop) == 0 {
			v.add(key, "has neither body nor drop selectors")
		}
	}
	return problemsErr(v.problems)
}

type validator struct {
	c        *Config
	problems []Problem
}

// add records a problem about key. A key set from the environment is
// reported by its variable, others by file and line.
func (v *validator) add(key, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if env, ok := v.c.fromEnv[key]; ok {
		v.problems = append(v.problems, Problem{Key: key, Message: env + ": " + msg})
		return
	}
	v.problems = append(v.problems, Problem{
		Source: v.c.source, Line: v.c.lineFor(key), Key: key, Message: key + ": " + msg,
	})
}

// lineFor returns the line of key, or of its nearest ancestor present in
// the file (a missing feeds[2].url is reported on the line of feeds[2]).
func (c *Config) lineFor(key string) int {
	for key != "" {
		if line, ok := c.lines[key]; ok {
			return line
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

// checkSetting validates one of the keys the environment can set and
// returns what is wrong with it, or "".
func checkSetting(c *Config, key string) string {
	switch key {
	case "data_dir":
		if strings.TrimSpace(c.DataDir) == "" {
			return "is empty"
		}
	case "log_level":
		if _, ok := parseLogLevel(c.LogLevel); !ok {
			return fmt.Sprintf("%q is not one of debug, info, warn, error", c.LogLevel)
		}
	case "nats.url":
		if c.NATS.URL == "" {
			return ""
		}
		// nats.go takes a comma-separated list of cluster members.
		for _, s := range strings.Split(c.NATS.URL, ",") {
			u, err := url.Parse(strings.TrimSpace(s))
			if err != nil || u.Host == "" {
				return fmt.Sprintf("%q is not a NATS URL (nats://host:4222)", s)
			}
			switch u.Scheme {
			case "nats", "tls", "ws", "wss":
			default:
				return fmt.Sprintf("%q: scheme must be nats, tls, ws or wss", s)
			}
		}
	case "database.url":
		return checkDatabaseURL(c.Database.URL)
	case "review.listen":
		host, port, err := net.SplitHostPort(c.Review.Listen)
		if err != nil {
			return fmt.Sprintf("%q is not host:port", c.Review.Listen)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return fmt.Sprintf("%q: port %q is not a number from 0 to 65535", c.Review.Listen, port)
		}
		_ = host // empty means every interface, which is allowed
	}
	return ""
}

func checkDatabaseURL(s string) string {
	if s == "" {
		return ""
	}
	scheme, rest, ok := strings.Cut(s, ":")
	switch {
	case !ok:
		return fmt.Sprintf("%q has no scheme: use postgres://… or sqlite:PATH", s)
	case scheme == "postgres" || scheme == "postgresql":
		u, err := url.Parse(s)
		if err != nil {
			return fmt.Sprintf("%q is not a URL: %v", s, err)
		}
		if u.Host == "" && u.Query().Get("host") == "" {
			return fmt.Sprintf("%q names no host", s)
		}
	case scheme == "sqlite":
		if strings.TrimPrefix(rest, "//") == "" {
			return fmt.Sprintf("%q names no file", s)
		}
	default:
		return fmt.Sprintf("%q: scheme %q is not postgres, postgresql or sqlite", s, scheme)
	}
	return ""
}

// payload checks that a raw item with a page of the largest allowed size
// fits in one NATS message: the page travels base64-encoded inside JSON
// (4 bytes for every 3) beside the feed item's own text.
func (v *validator) payload() {
	p := v.c.NATS.MaxPayload
	switch {
	case p < KiB:
		v.add("nats.max_payload", "%s is below 1KiB", p)
		return
	case p > MaxNATSPayload:
		v.add("nats.max_payload", "%s is above the NATS limit of %s", p, ByteSize(MaxNATSPayload))
		return
	}
	if need := RawItemSize(v.c.Ingest.PageMaxBytes); p < need {
		v.add("nats.max_payload", "%s cannot carry a raw item with a page of ingest.page_max_bytes %s (needs about %s)",
			p, v.c.Ingest.PageMaxBytes, roundUp(need))
	}
}

// RawItemSize estimates the largest encoded raw item that carries a page of
// pageMax bytes: the page base64'd into JSON plus room for the feed item.
func RawItemSize(pageMax ByteSize) ByteSize {
	return (pageMax+2)/3*4 + 256*KiB
}

// roundUp rounds b up to whole KiB so the message shows a readable size.
func roundUp(b ByteSize) ByteSize { return (b + KiB - 1) / KiB * KiB }

func (v *validator) ingest() {
	in := v.c.Ingest
	if in.Timeout <= 0 {
		v.add("ingest.timeout", "must be above 0")
	}
	if in.ConnectTimeout <= 0 {
		v.add("ingest.connect_timeout", "must be above 0")
	} else if in.Timeout > 0 && in.ConnectTimeout > in.Timeout {
		v.add("ingest.connect_timeout", "%s is longer than ingest.timeout %s", in.ConnectTimeout, in.Timeout)
	}
	if in.FeedMaxBytes < KiB {
		v.add("ingest.feed_max_bytes", "%s is below 1KiB", in.FeedMaxBytes)
	}
	if in.PageMaxBytes < KiB {
		v.add("ingest.page_max_bytes", "%s is below 1KiB", in.PageMaxBytes)
	}
	if strings.TrimSpace(in.UserAgent) == "" {
		v.add("ingest.user_agent", "is empty; agencies want to know who polls them")
	}
	if in.Workers < 1 || in.Workers > 4096 {
		v.add("ingest.workers", "%d is not between 1 and 4096", in.Workers)
	}
	if in.PerHost < 1 {
		v.add("ingest.per_host", "%d is below 1", in.PerHost)
	}
	if in.MinInterval.Std() < MinFeedInterval {
		v.add("ingest.min_interval", "%s is below the floor of %s", in.MinInterval, MinFeedInterval)
	}
	if in.Lease.Std() < 10*time.Second {
		v.add("ingest.lease", "%s is below 10s", in.Lease)
	}
	if in.PolitenessDelay.Std() > time.Minute {
		v.add("ingest.politeness_delay", "%s is above 1m", in.PolitenessDelay)
	}
}

func (v *validator) streams() {
	st := v.c.NATS.Streams.Published
	const key = "nats.streams.published."
	if st.Replicas < 1 || st.Replicas > 5 {
		v.add(key+"replicas", "%d is not between 1 and 5 (NATS keeps at most 5 replicas)", st.Replicas)
	}
	if st.MaxAge.Std() < time.Hour {
		v.add(key+"max_age", "%s is below 1h: downstream sites could not replay a short outage", st.MaxAge)
	}
	if st.MaxBytes < 0 {
		v.add(key+"max_bytes", "is negative")
	}
	switch {
	case st.DuplicateWindow.Std() < time.Second:
		// Short windows are safe here: a relay retrying a publish older
		// than the window looks for it on the stream first.
		v.add(key+"duplicate_window", "%s is below 1s", st.DuplicateWindow)
	case st.DuplicateWindow.Std() > st.MaxAge.Std():
		v.add(key+"duplicate_window", "%s is longer than max_age %s", st.DuplicateWindow, st.MaxAge)
	}
	p := v.c.Publish
	if p.OutboxLease.Std() < 5*time.Second {
		v.add("publish.outbox_lease", "%s is below 5s: a relay could lose rows it is still publishing", p.OutboxLease)
	}
	if p.RelayPoll.Std() <= 0 || p.RelayPoll.Std() > time.Minute {
		v.add("publish.relay_poll", "%s is not between 0 and 1m", p.RelayPoll)
	}
}

func (v *validator) review() {
	r := v.c.Review
	if (r.TLSCert == "") != (r.TLSKey == "") {
		v.add("review.tls_cert", "tls_cert and tls_key go together")
	}
	for i, n := range r.PublicNames {
		if n == "" || strings.ContainsAny(n, "/: ") {
			v.add(fmt.Sprintf("review.public_names[%d]", i), "%q is not a host name (no scheme, port or path)", n)
		}
	}
	if r.SessionIdle.Std() < time.Minute {
		v.add("review.session_idle", "%s is below 1m", r.SessionIdle)
	}
	if r.SessionMax.Std() < r.SessionIdle.Std() {
		v.add("review.session_max", "%s is shorter than review.session_idle %s", r.SessionMax, r.SessionIdle)
	}
}

func (v *validator) feeds() {
	floor := max(v.c.Ingest.MinInterval.Std(), MinFeedInterval)
	firstUse := map[string]int{}
	for i, f := range v.c.Feeds {
		key := func(field string) string { return fmt.Sprintf("feeds[%d].%s", i, field) }
		switch {
		case f.ID == "":
			v.add(key("id"), "required")
		case !isToken(f.ID):
			v.add(key("id"), "%q may hold only letters, digits, - and _ (it is used in message ids and subjects)", f.ID)
		default:
			if j, dup := firstUse[f.ID]; dup {
				v.add(key("id"), "%q is already used by feeds[%d]%s", f.ID, j, v.c.onLine(fmt.Sprintf("feeds[%d]", j)))
			} else {
				firstUse[f.ID] = i
			}
		}
		switch {
		case f.Agency == "":
			v.add(key("agency"), "required")
		case !isToken(f.Agency):
			v.add(key("agency"), "%q may hold only letters, digits, - and _ (it is a NATS subject token)", f.Agency)
		}
		if f.URL == "" {
			v.add(key("url"), "required")
		} else if u, err := url.Parse(f.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.add(key("url"), "%q is not an http(s) URL", f.URL)
		}
		if f.Interval < floor {
			v.add(key("interval"), "%s is below the floor of %s", f.Interval, floor)
		}
		if !f.FetchPage.Valid() {
			v.add(key("fetch_page"), "%q is not one of auto, always, never", f.FetchPage)
		}
	}
}

// onLine returns " (line N)" for a key read from the file, else "".
func (c *Config) onLine(key string) string {
	if line := c.lineFor(key); line > 0 {
		return fmt.Sprintf(" (line %d)", line)
	}
	return ""
}

// isToken reports whether s can be used as one NATS subject token and in
// stream names: ASCII letters, digits, '-' and '_'.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
