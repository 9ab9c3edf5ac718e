package normalize

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/article"
)

// maxDatelineScan bounds how far into a paragraph a dateline is looked for:
// a dateline is a lead-in, never the middle of a sentence.
const maxDatelineScan = 200

const monthPattern = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

// datelineRe matches the wire lead-ins seen in agency copy:
//
//	Moscow [Russia], April 25 (ANI):
//	Moscow, April 25:
//	New Delhi, Jun 7 (PTI)
//	WASHINGTON (AP) —
//	SAN FRANCISCO, Calif., Jan. 5, 2024 /PRNewswire/ --
//
// A place alone followed by a colon is not enough (that is how "Key Points:"
// looks); a date or an agency must be present, which Parse checks.
var (
	datelineRe       = regexp.MustCompile(datelinePattern(false))
	datelineRegionRe = regexp.MustCompile(datelinePattern(true))
)

// datelinePattern builds the dateline expression, with or without a
// region after the place ("Kyiv, Ukraine", "SAN FRANCISCO, Calif."). The
// two are tried in turn because RE2 cannot look ahead to tell a region
// from a month.
func datelinePattern(region bool) string {
	p := `^(?P<place>\p{Lu}[\p{L}.'’\-]*(?:\s+(?:\p{Lu}[\p{L}.'’\-]*|de|da|do|del|la|le|el|of|upon|am|an|sur|en)){0,4})?` +
		`(?:\s*\[(?P<country>[^\]\[]{2,40})\])?`
	if region {
		p += `,\s*(?P<region>\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,2})`
	} else {
		p += `(?P<region>)`
	}
	return p + `(?:,?\s*(?P<date>` + monthPattern + `\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}\s+` + monthPattern + `\.?(?:,?\s+\d{4})?))?` +
		`\s*(?:\((?P<agency>[\p{L}][\p{L}\d .&'\-]{0,24})\)|/(?P<agency2>[\p{L}][\p{L}\d .&'\-]{0,24})/)?` +
		`\s*(?P<sep>:|--|—|–|-|\.)?`
}

var (
	dlPlace   = datelineRe.SubexpIndex("place")
	dlCountry = datelineRe.SubexpIndex("country")
	dlRegion  = datelineRe.SubexpIndex("region")
	dlDate    = datelineRe.SubexpIndex("date")
	dlAgency  = datelineRe.SubexpIndex("agency")
	dlAgency2 = datelineRe.SubexpIndex("agency2")
	dlSep     = datelineRe.SubexpIndex("sep")
)

// notPlaces are words that open a paragraph like a place would but never
// are one ("Updated April 25:").
var notPlaces = map[string]bool{
	"updated": true, "published": true, "posted": true, "last": true, "by": true, "date": true,
	"on": true, "in": true, "the": true, "since": true, "until": true, "from": true, "as": true, "at": true,
}

// ParseDateline reads a wire dateline at the start of text, the first
// paragraph of a story. published, when set, resolves the year of a date
// written without one. It returns nil when text does not open with a
// dateline. The dateline stays part of the text; Dateline.Text is the raw
// lead-in as written.
func ParseDateline(text string, published *time.Time) *article.Dateline {
	text = strings.TrimLeft(text, " \t\r\n\u00a0")
	if len(text) > maxDatelineScan {
		cut := maxDatelineScan
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if !mayOpenWithDateline(text) {
		return nil
	}
	if d := matchDateline(datelineRe, text, published); d != nil {
		return d
	}
	return matchDateline(datelineRegionRe, text, published)
}

func matchDateline(re *regexp.Regexp, text string, published *time.Time) *article.Dateline {
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		return nil
	}
	group := func(i int) string {
		if i < 0 || m[2*i] < 0 {
			return ""
		}
		return strings.TrimSpace(text[m[2*i]:m[2*i+1]])
	}
	place, country, region := group(dlPlace), group(dlCountry), group(dlRegion)
	date := group(dlDate)
	agency := group(dlAgency)
	if agency == "" {
		agency = group(dlAgency2)
	}
	sep := group(dlSep)
	// A date needs a separator or an agency after it; an agency without a
	// date needs a separator, so "Apple (AAPL) shares" is not a dateline.
	switch {
	case date != "" && (sep != "" || agency != ""):
	case date == "" && agency != "" && sep != "" && sep != ".":
	default:
		return nil
	}
	if place == "" && date != "" {
		return nil
	}
	if notPlaces[strings.ToLower(firstWord(place))] {
		return nil
	}
	if isMonthWord(place) || strings.Count(place, " ") > 4 {
		return nil
	}
	// An ALL CAPS place with no agency and no date is a shouted heading,
	// already excluded; a place in lower case after a region is not.
	if region != "" && isMonthWord(firstWord(region)) {
		return nil
	}
	d := &article.Dateline{
		Text:   strings.TrimSpace(text[:m[1]]),
		Place:  usualCase(place),
		Agency: agency,
		Date:   date,
	}
	switch {
	case country != "":
		d.Country = usualCase(country)
	case region != "":
		d.Country = countryOfRegion(region)
	}
	if date != "" {
		if iso, ok := resolveDatelineDate(date, published); ok {
			d.Date = iso
		}
	}
	return d
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

func isMonthWord(s string) bool {
	_, ok := monthNumber(s)
	return ok
}

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

// resolveDatelineDate turns "April 25", "Jun 7, 2024" or "25 April" into an
// ISO date, taking the year from the text or else from published (a date
// later in the year than publication belongs to the previous year).
func resolveDatelineDate(s string, published *time.Time) (string, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	var month time.Month
	day, year := 0, 0
	for _, f := range fields {
		if m, ok := monthNumber(f); ok {
			month = m
			continue
		}
		f = strings.TrimRight(f, "stndrh.")
		n, err := strconv.Atoi(f)
		if err != nil {
			return "", false
		}
		if n > 31 {
			year = n
		} else {
			day = n
		}
	}
	if month == 0 || day == 0 {
		return "", false
	}
	if year == 0 {
		if published == nil || published.IsZero() {
			return "", false
		}
		year = published.Year()
		if month > published.Month()+1 {
			year--
		}
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// usualCase turns an ALL CAPS place ("NEW DELHI") into the usual case
// ("New Delhi") and leaves mixed case alone.
func usualCase(s string) string {
	hasLower := false
	for _, r := range s {
		if unicode.IsLower(r) {
			hasLower = true
			break
		}
	}
	if !hasLower {
		words := strings.Fields(s)
		for i, w := range words {
			lw := strings.ToLower(w)
			if i > 0 && particles[lw] {
				words[i] = lw
				continue
			}
			words[i] = titleWord(lw)
		}
		return strings.Join(words, " ")
	}
	return s
}

var particles = map[string]bool{"de": true, "da": true, "do": true, "del": true, "la": true, "le": true, "el": true, "of": true, "upon": true, "am": true, "an": true, "sur": true, "en": true}

// titleWord upper-cases the first letter of w and of each part after a
// hyphen or apostrophe-free boundary ("port-au-prince" → "Port-Au-Prince").
func titleWord(w string) string {
	var b strings.Builder
	up := true
	for _, r := range w {
		if up {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(r)
		}
		up = r == '-' || r == '.'
	}
	return b.String()
}

// usStates maps AP-style state abbreviations and names seen after US
// datelines ("SAN FRANCISCO, Calif. (AP)") so the country can be named.
var usStates = map[string]bool{
	"ala.": true, "ariz.": true, "ark.": true, "calif.": true, "colo.": true, "conn.": true, "del.": true,
	"fla.": true, "ga.": true, "ill.": true, "ind.": true, "kan.": true, "ky.": true, "la.": true,
	"md.": true, "mass.": true, "mich.": true, "minn.": true, "miss.": true, "mo.": true, "mont.": true,
	"neb.": true, "nev.": true, "n.h.": true, "n.j.": true, "n.m.": true, "n.y.": true, "n.c.": true,
	"n.d.": true, "okla.": true, "ore.": true, "pa.": true, "r.i.": true, "s.c.": true, "s.d.": true,
	"tenn.": true, "vt.": true, "va.": true, "wash.": true, "w.va.": true, "wis.": true, "wyo.": true,
	"alaska": true, "hawaii": true, "idaho": true, "iowa": true, "maine": true, "ohio": true, "texas": true, "utah": true,
	"california": true, "florida": true, "new york": true, "virginia": true, "georgia": true,
}

func countryOfRegion(region string) string {
	if usStates[strings.ToLower(region)] {
		return "United States"
	}
	return usualCase(region)
}

// mayOpenWithDateline is a cheap test before the expressions: a dateline
// has a date (digits) or an agency in parentheses or slashes within its
// first few dozen bytes.
func mayOpenWithDateline(text string) bool {
	head := text[:min(len(text), 80)]
	return strings.ContainsAny(head, "0123456789(/")
}
