package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Problem is one thing wrong with a configuration.
type Problem struct {
	// Source is the file name (or whatever Parse was told); empty for a
	// config built in code.
	Source string
	// Line is the 1-based line of the offending key, 0 when unknown (e.g.
	// a value that came from the environment).
	Line int
	// Key is the dotted path of the key, e.g. "feeds[2].url".
	Key string
	// Message says what is wrong, starting with the key or the
	// environment variable it is about.
	Message string
}

// String formats the problem as "wiredesk.yaml:14: feeds[2].url: …".
func (p Problem) String() string {
	switch {
	case p.Source != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.Source, p.Line, p.Message)
	case p.Source != "":
		return p.Source + ": " + p.Message
	}
	return p.Message
}

// Error lists every problem found in a configuration, one per line.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problemsErr returns ps as an *Error in file order (problems without a
// line, from the environment, first), or nil when there are none.
func problemsErr(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return &Error{Problems: ps}
}

// Load reads the config file at path, applies WIREDESK_* environment
// overrides from the process environment, fills defaults and validates.
// Every problem found is reported at once in an *Error.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return parse(data, path, os.LookupEnv)
}

// Parse reads a config from data; source names it in error messages. The
// environment is not consulted: see Load and ApplyEnv.
func Parse(data []byte, source string) (*Config, error) {
	return parse(data, source, nil)
}

func parse(data []byte, source string, lookup func(string) (string, bool)) (*Config, error) {
	cfg := Default()
	problems, readable := decode(data, source, cfg)
	if !readable {
		return nil, problemsErr(problems)
	}
	if lookup != nil {
		if err := cfg.ApplyEnv(lookup); err != nil {
			return nil, err
		}
	}
	// A key whose value could not be decoded kept its default; validation
	// still finds every other problem, but has nothing to add about that key.
	bad := map[string]bool{}
	for _, p := range problems {
		bad[p.Key] = true
	}
	var verr *Error
	if errors.As(cfg.Validate(), &verr) {
		for _, p := range verr.Problems {
			if !bad[p.Key] {
				problems = append(problems, p)
			}
		}
	}
	if err := problemsErr(problems); err != nil {
		return nil, err
	}
	return cfg, nil
}

// envVars are the environment overrides, by the key they set. Each wins
// over the file; an empty value counts as unset.
var envVars = []struct {
	name, key string
	set       func(*Config, string)
}{
	{"WIREDESK_DATA_DIR", "data_dir", func(c *Config, v string) { c.DataDir = v }},
	{"WIREDESK_LOG_LEVEL", "log_level", func(c *Config, v string) { c.LogLevel = v }},
	{"WIREDESK_NATS_URL", "nats.url", func(c *Config, v string) { c.NATS.URL = v }},
	{"WIREDESK_DATABASE_URL", "database.url", func(c *Config, v string) { c.Database.URL = v }},
	{"WIREDESK_REVIEW_LISTEN", "review.listen", func(c *Config, v string) { c.Review.Listen = v }},
}

// ApplyEnv overrides keys from WIREDESK_DATA_DIR, WIREDESK_LOG_LEVEL,
// WIREDESK_NATS_URL, WIREDESK_DATABASE_URL and WIREDESK_REVIEW_LISTEN as
// lookup (os.LookupEnv in production) reports them. It returns an *Error
// naming each variable whose value is invalid; later problems found by
// Validate in these keys name the variable too.
func (c *Config) ApplyEnv(lookup func(string) (string, bool)) error {
	var problems []Problem
	for _, ev := range envVars {
		v, ok := lookup(ev.name)
		if !ok || v == "" {
			continue
		}
		ev.set(c, v)
		if c.fromEnv == nil {
			c.fromEnv = map[string]string{}
		}
		c.fromEnv[ev.key] = ev.name
		if msg := checkSetting(c, ev.key); msg != "" {
			problems = append(problems, Problem{Key: ev.key, Message: fmt.Sprintf("%s: %s", ev.name, msg)})
		}
	}
	return problemsErr(problems)
}
