package semantics

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Case is one labelled story of the evaluation set.
type Case struct {
	Name      string
	Agency    string
	Published *time.Time
	Headline  string
	// Page names the markup a page runner sets the story in ("agency",
	// "portal", "news"); the passes alone ignore it.
	Page string
	// Paragraphs are the story's body in order. A paragraph that starts
	// with "<" is embed markup, kept as HTML.
	Paragraphs []string
	Expect     Expect
}

// Expect is what a story is labelled with.
type Expect struct {
	// Dateline is nil when the story has none.
	Dateline     *Dateline
	Quotes       []Quote
	Embeds       []Embed
	Attributions []Attribution
}

// Dateline is a labelled dateline; empty fields are expected empty.
type Dateline struct {
	Place, Country, Date, Agency string
}

// Quote is a labelled quotation. Speaker is "" when the story names
// nobody ("-" in the file).
type Quote struct {
	Speaker, Text, Via string
}

// Embed is a labelled social embed.
type Embed struct {
	Platform, ID, Author string
}

// Attribution is a labelled source.
type Attribution struct {
	Kind, Source string
}

// IsHTML reports whether a paragraph of a case is embed markup.
func IsHTML(p string) bool { return strings.HasPrefix(strings.TrimSpace(p), "<") }

// errFormat is wrapped by every parse error, so callers can tell a broken
// file from an unreadable one.
var errFormat = errors.New("semantics: bad case file")

// ParseCase reads one case file (the format is in testdata/README.md): a
// header of "key: value" lines, a blank line, paragraphs separated by
// blank lines, and after "=== expect" one label per line.
func ParseCase(name string, data []byte) (Case, error) {
	c := Case{Name: name}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	const (
		header = iota
		body
		expect
	)
	state := header
	var para []string
	flush := func() {
		if len(para) > 0 {
			c.Paragraphs = append(c.Paragraphs, strings.Join(para, "\n"))
			para = para[:0]
		}
	}
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		switch state {
		case header:
			if strings.TrimSpace(l) == "" {
				state = body
				continue
			}
			key, value, ok := strings.Cut(l, ":")
			if !ok {
				return c, fmt.Errorf("%w: %s:%d: header line without a colon", errFormat, name, line)
			}
			value = strings.TrimSpace(value)
			switch strings.TrimSpace(key) {
			case "agency":
				c.Agency = value
			case "headline":
				c.Headline = value
			case "page":
				c.Page = value
			case "published":
				t, err := time.Parse(time.RFC3339, value)
				if err != nil {
					return c, fmt.Errorf("%w: %s:%d: published: %v", errFormat, name, line, err)
				}
				c.Published = &t
			}
		case body:
			if strings.TrimSpace(l) == "=== expect" {
				flush()
				state = expect
				continue
			}
			if strings.TrimSpace(l) == "" {
				flush()
				continue
			}
			para = append(para, l)
		case expect:
			if strings.TrimSpace(l) == "" {
				continue
			}
			if err := c.Expect.add(l); err != nil {
				return c, fmt.Errorf("%w: %s:%d: %v", errFormat, name, line, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return c, fmt.Errorf("semantics: read %s: %w", name, err)
	}
	if state != expect {
		return c, fmt.Errorf("%w: %s: no \"=== expect\" section", errFormat, name)
	}
	return c, nil
}

// add reads one label line.
func (e *Expect) add(l string) error {
	key, value, ok := strings.Cut(l, ":")
	if !ok {
		return fmt.Errorf("label without a colon: %q", l)
	}
	fields := strings.Split(value, "|")
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	field := func(i int) string {
		if i < len(fields) {
			return fields[i]
		}
		return ""
	}
	switch strings.TrimSpace(key) {
	case "dateline":
		if field(0) == "none" && len(fields) == 1 {
			e.Dateline = nil
			return nil
		}
		e.Dateline = &Dateline{Place: field(0), Country: field(1), Date: field(2), Agency: field(3)}
	case "quote":
		if len(fields) < 2 || field(1) == "" {
			return fmt.Errorf("quote needs speaker | text: %q", l)
		}
		q := Quote{Speaker: field(0), Text: field(1)}
		if q.Speaker == "-" {
			q.Speaker = ""
		}
		if v, ok := strings.CutPrefix(field(2), "via "); ok {
			q.Via = strings.TrimSpace(v)
		}
		e.Quotes = append(e.Quotes, q)
	case "embed":
		if field(0) == "" || field(1) == "" {
			return fmt.Errorf("embed needs platform | id: %q", l)
		}
		e.Embeds = append(e.Embeds, Embed{Platform: field(0), ID: field(1), Author: field(2)})
	case "attribution":
		if field(0) == "" || field(1) == "" {
			return fmt.Errorf("attribution needs kind | source: %q", l)
		}
		e.Attributions = append(e.Attributions, Attribution{Kind: field(0), Source: field(1)})
	default:
		return fmt.Errorf("unknown label %q", key)
	}
	return nil
}
