package dateline

import (
	"strings"
	"time"
	"unicode"
)

// monthNames maps month names and the abbreviations agencies print, in the
// languages wire copy is filed in, to the month. Keys are lower case
// without a trailing period. A few keys are shared between languages
// ("mar", "may", "abril") and mean the same month in each, so one table
// serves them all.
var monthNames = map[string]time.Month{}

func init() {
	add := func(m time.Month, names ...string) {
		for _, n := range names {
			monthNames[n] = m
		}
	}
	// English, with AP and Reuters abbreviations ("Sept.", "Jan.").
	add(time.January, "january", "jan", "gennaio", "gen", "enero", "ene", "janvier", "janv", "januar", "jänner", "janeiro", "января", "январь", "янв", "जनवरी", "يناير", "januari")
	add(time.February, "february", "feb", "febbraio", "febrero", "février", "fevrier", "févr", "fevr", "februar", "fevereiro", "fev", "февраля", "февраль", "фев", "फरवरी", "फ़रवरी", "فبراير", "februari", "pebruari")
	add(time.March, "march", "mar", "marzo", "mars", "märz", "maerz", "março", "marco", "марта", "март", "मार्च", "مارس", "mac", "maret")
	add(time.April, "april", "apr", "aprile", "abril", "abr", "avril", "avr", "апреля", "апрель", "апр", "अप्रैल", "أبريل", "ابريل", "إبريل")
	add(time.May, "may", "maggio", "mag", "mayo", "mai", "maio", "мая", "май", "मई", "مايو", "mei")
	add(time.June, "june", "jun", "giugno", "giu", "junio", "juin", "juni", "junho", "июня", "июнь", "июн", "जून", "يونيو")
	add(time.July, "july", "jul", "luglio", "lug", "julio", "juillet", "juil", "juli", "julho", "июля", "июль", "июл", "जुलाई", "يوليو", "julai")
	add(time.August, "august", "aug", "agosto", "ago", "août", "aout", "августа", "август", "авг", "अगस्त", "أغسطس", "اغسطس", "ogos", "ogo", "agustus", "agu")
	add(time.September, "september", "sep", "sept", "settembre", "set", "septiembre", "setiembre", "septembre", "setembro", "сентября", "сентябрь", "сен", "सितंबर", "सितम्बर", "سبتمبر")
	add(time.October, "october", "oct", "ottobre", "ott", "octubre", "octobre", "oktober", "okt", "outubro", "out", "октября", "октябрь", "окт", "अक्टूबर", "أكتوبر", "اكتوبر")
	add(time.November, "november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "ноя", "नवंबर", "नवम्बर", "نوفمبر")
	add(time.December, "december", "dec", "dicembre", "dic", "diciembre", "décembre", "decembre", "déc", "dezember", "dez", "dezembro", "декабря", "декабрь", "дек", "दिसंबर", "दिसम्बर", "ديسمبر", "disember", "desember", "dis", "des")
}

// monthOf reports the month a word names ("Sept.", "апреля", "März").
// Latin words of fewer than three letters are never months ("Ma", "Au").
func monthOf(word string) (time.Month, bool) {
	w := strings.ToLower(strings.TrimSuffix(word, "."))
	if len(w) < 3 {
		return 0, false
	}
	m, ok := monthNames[w]
	return m, ok
}

// weekdays open paragraphs like places do ("Friday, April 25: markets…")
// but never are one.
var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true, "sábado": true, "domingo": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
}

// parseDay reads a day of the month as agencies print it: "25", "3rd",
// "1er" (French), "5." (German). It returns 0 when s is not one.
func parseDay(s string) int {
	s = strings.TrimSuffix(s, ".")
	for _, suf := range []string{"st", "nd", "rd", "th", "er", "º", "°"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	if len(s) == 0 || len(s) > 2 {
		return 0
	}
	n := 0
	for _, r := range s {
		if !unicode.IsDigit(r) || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	if n < 1 || n > 31 {
		return 0
	}
	return n
}

// parseYear reads a four-digit year between 1900 and 2199.
func parseYear(s string) int {
	if len(s) != 4 {
		return 0
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	if n < 1900 || n > 2199 {
		return 0
	}
	return n
}

// futureGrace is how far after the publication time a dateline date may
// lie and still belong to the publication's year: datelines are local time
// and feeds stamp UTC, and a story is sometimes published a little early.
const futureGrace = 7 * 24 * time.Hour

// resolveYear picks the year for a month and day printed without one: the
// latest year in which that date falls no later than a week after
// publication, so a "Dec 31" story published on Jan 2 lands in the year
// before and a "Jan 1" story stamped Dec 31 UTC in the year after.
func resolveYear(month time.Month, day int, published time.Time) (int, bool) {
	limit := published.Add(futureGrace)
	y := published.Year()
	for _, cand := range []int{y + 1, y, y - 1} {
		t := time.Date(cand, month, day, 0, 0, 0, 0, time.UTC)
		if t.Day() != day { // Feb 29 in a common year
			continue
		}
		if !t.After(limit) {
			return cand, true
		}
	}
	return 0, false
}
