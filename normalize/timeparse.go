package normalize

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// machineLayouts are the forms dates take in metadata (JSON-LD, meta tags,
// <time datetime>), most common first.
var machineLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.000",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"20060102T150405Z0700",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.ANSIC,
	time.UnixDate,
	"2006/01/02 15:04:05",
	"2006/01/02",
}

// parseMachineTime reads a date written for machines. Dates without a zone
// are taken as UTC.
func parseMachineTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, layout := range machineLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return plausible(withKnownZone(t))
		}
	}
	if t, ok := parseTextTime(s); ok {
		return t, true
	}
	return time.Time{}, false
}

// withKnownZone fixes a time parsed with a zone abbreviation Go does not
// know (it then assumes offset zero): "EDT" is four hours behind UTC.
func withKnownZone(t time.Time) time.Time {
	name, off := t.Zone()
	if off != 0 || name == "" || name == "UTC" || name == "GMT" {
		return t
	}
	if mins, ok := zoneOffsets[name]; ok && mins != 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, mins*60))
	}
	return t
}

// plausible rejects dates no news page carries (zero values, far future).
func plausible(t time.Time) (time.Time, bool) {
	if t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

// zoneOffsets maps the zone abbreviations news sites print to their UTC
// offsets in minutes. Ambiguous ones take the reading common on English
// news sites (IST is India).
var zoneOffsets = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120, "MEZ": 60, "MESZ": 120,
	"EET": 120, "EEST": 180, "MSK": 180, "TRT": 180, "AST": 180, "GST": 240, "PKT": 300, "NPT": 345, "BDT": 360,
	"ICT": 420, "WIB": 420, "SGT": 480, "HKT": 480, "PHT": 480, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
	"ET": -300, "PT": -480, "PST": -480, "PDT": -420, "MST": -420, "MDT": -360, "CT": -360, "MT": -420, "JST": 540, "KST": 540,
	"AEST": 600, "AEDT": 660, "ACST": 570, "AWST": 480, "NZST": 720, "NZDT": 780, "SAST": 120, "CAT": 120, "EAT": 180,
	"WAT": 60, "HST": -600, "AKST": -540, "AKDT": -480, "ART": -180, "BRT": -180,
}

var textDateRe = regexp.MustCompile(`(?i)\b(?:` +
	// April 26, 2025 · Jul 01, 2021 20:51 IST · Sept. 5, 2024 at 3:04 p.m. ET
	`(?P<mon1>` + monthPattern + `)\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{4})` +
	`|` +
	// 26 April 2025 · 5th Sept, 2024
	`(?P<day2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mon2>` + monthPattern + `)\.?,?\s+(?P<year2>\d{4})` +
	`|` +
	// 2025-04-26
	`(?P<year3>\d{4})-(?P<mon3>\d{2})-(?P<day3>\d{2})` +
	`)` +
	`(?:(?:,|\s|T|\||-|at|um)+(?P<hour>\d{1,2})[:.](?P<min>\d{2})(?::(?P<sec>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?` +
	`(?:\s*\(?(?P<zone>[A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?)?`)

// textDateGroups caches the sub-expression numbers of textDateRe.
var textDateGroups = func() map[string]int {
	m := map[string]int{}
	for i, name := range textDateRe.SubexpNames() {
		if name != "" {
			m[name] = i
		}
	}
	return m
}()

// parseTextTime reads the first date written for people in s ("April 26,
// 2025", "Updated: Jul 01, 2021 20:51 IST").
func parseTextTime(s string) (time.Time, bool) {
	if !hasYear(s) {
		return time.Time{}, false
	}
	m := textDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return time.Time{}, false
	}
	return timeFromMatch(s, m)
}

func timeFromMatch(s string, m []int) (time.Time, bool) {
	g := func(name string) string {
		i := textDateGroups[name]
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	var month time.Month
	var day, year int
	switch {
	case g("mon1") != "":
		month, _ = monthNumber(g("mon1"))
		day, _ = strconv.Atoi(g("day1"))
		year, _ = strconv.Atoi(g("year1"))
	case g("mon2") != "":
		month, _ = monthNumber(g("mon2"))
		day, _ = strconv.Atoi(g("day2"))
		year, _ = strconv.Atoi(g("year2"))
	default:
		mo, _ := strconv.Atoi(g("mon3"))
		month = time.Month(mo)
		day, _ = strconv.Atoi(g("day3"))
		year, _ = strconv.Atoi(g("year3"))
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	hour, _ := strconv.Atoi(g("hour"))
	minute, _ := strconv.Atoi(g("min"))
	sec, _ := strconv.Atoi(g("sec"))
	if ampm := strings.ToLower(strings.ReplaceAll(g("ampm"), ".", "")); ampm != "" {
		if hour == 12 {
			hour = 0
		}
		if ampm == "pm" {
			hour += 12
		}
	}
	if hour > 23 || minute > 59 || sec > 59 {
		hour, minute, sec = 0, 0, 0
	}
	loc := time.UTC
	if z := g("zone"); z != "" {
		if off, ok := zoneOffset(z); ok {
			loc = time.FixedZone(strings.ToUpper(z), off*60)
		}
	}
	t := time.Date(year, month, day, hour, minute, sec, 0, loc)
	if t.Day() != day {
		return time.Time{}, false
	}
	return plausible(t)
}

// zoneOffset reads "IST", "GMT+5:30", "UTC-4" or "+0530" as minutes east
// of UTC.
func zoneOffset(z string) (int, bool) {
	z = strings.ToUpper(z)
	name, rest := z, ""
	if i := strings.IndexAny(z, "+-"); i >= 0 {
		name, rest = z[:i], z[i:]
	}
	base, ok := 0, true
	if name != "" {
		base, ok = zoneOffsets[name]
		if !ok {
			return 0, false
		}
	}
	if rest == "" {
		return base, true
	}
	sign := 1
	if rest[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(rest[1:], ":", "")
	var h, m int
	switch len(digits) {
	case 1, 2:
		h, _ = strconv.Atoi(digits)
	case 3:
		h, _ = strconv.Atoi(digits[:1])
		m, _ = strconv.Atoi(digits[1:])
	case 4:
		h, _ = strconv.Atoi(digits[:2])
		m, _ = strconv.Atoi(digits[2:])
	default:
		return 0, false
	}
	return base + sign*(h*60+m), true
}

var updatedLabelRe = regexp.MustCompile(`(?i)(?:updated|modified|last edit(?:ed)?|aktualisiert|actualizado|mis à jour)\s*(?:on|at|:)?\s*$`)

// visibleTimes finds the published and updated times printed on the page,
// e.g. "ANI April 26, 2025 368 views" or "Updated: Jul 01, 2021 20:51 IST".
// A date preceded by an "Updated" label is the update time; the first other
// date is the publication time.
func visibleTimes(s string) (published, updated *time.Time) {
	if len(s) > 4096 {
		s = s[:4096]
	}
	if !hasYear(s) {
		return nil, nil
	}
	for _, m := range textDateRe.FindAllStringSubmatchIndex(s, 8) {
		t, ok := timeFromMatch(s, m)
		if !ok {
			continue
		}
		before := s[max(0, m[0]-24):m[0]]
		if updatedLabelRe.MatchString(before) {
			if updated == nil {
				updated = &t
			}
			continue
		}
		if published == nil {
			published = &t
		}
	}
	return published, updated
}

// hasYear reports whether s contains four digits starting 19 or 20, which
// every date textDateRe reads does: a cheap test before the expression.
func hasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigitByte(s[i+2]) && isDigitByte(s[i+3]) {
			return true
		}
	}
	return false
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
