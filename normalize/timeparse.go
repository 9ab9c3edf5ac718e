package normalize

import (
	"regexp"
	"slices"
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

// foreignMonths are month names of the other languages news pages are
// commonly written in (German, French, Spanish, Italian, Portuguese).
var foreignMonths = map[string]time.Month{
	"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "aout": 8,
	"septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9,
	"setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
	"janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
	// English names also appear day-first ("29. April 2025").
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9,
	"october": 10, "november": 11, "december": 12,
}

var foreignMonthPattern = func() string {
	names := make([]string, 0, len(foreignMonths))
	for n := range foreignMonths {
		names = append(names, regexp.QuoteMeta(n))
	}
	// Longest first, so "juni" does not stop "junio" short.
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	return strings.Join(names, "|")
}()

var textDateRe = regexp.MustCompile(`(?i)\b(?:` +
	// April 26, 2025 · Jul 01, 2021 20:51 IST · Sept. 5, 2024 at 3:04 p.m. ET
	`(?P<mon1>` + monthPattern + `)\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{4})` +
	`|` +
	// 26 April 2025 · 5th Sept, 2024
	`(?P<day2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mon2>` + monthPattern + `)\.?,?\s+(?P<year2>\d{4})` +
	`|` +
	// 2025-04-26
	`(?P<year3>\d{4})-(?P<mon3>\d{2})-(?P<day3>\d{2})` +
	`|` +
	// 26.04.2025 (day first, as written across Europe)
	`(?P<day4>\d{1,2})\.\s?(?P<mon4>\d{1,2})\.\s?(?P<year4>\d{4})` +
	`|` +
	// 29. Juni 2017 · 5 de mayo de 2022 · 3 février 2021
	`(?P<day5>\d{1,2})\.?\s+(?:de\s+)?(?P<mon5>` + foreignMonthPattern + `)\.?,?\s+(?:de\s+)?(?P<year5>\d{4})` +
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
	case g("mon5") != "":
		month = foreignMonths[strings.ToLower(g("mon5"))]
		day, _ = strconv.Atoi(g("day5"))
		year, _ = strconv.Atoi(g("year5"))
	case g("mon4") != "":
		mo, _ := strconv.Atoi(g("mon4"))
		month = time.Month(mo)
		day, _ = strconv.Atoi(g("day4"))
		year, _ = strconv.Atoi(g("year4"))
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

// monthPattern matches an English month name or its abbreviation.
const monthPattern = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

// monthNumber maps an English month name or abbreviation ("Jun", "Sept.",
// "April") to its number.
func monthNumber(s string) (time.Month, bool) {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || s == name[:3] || (m == time.September && s == "sept") {
			return m, true
		}
	}
	return 0, false
}
