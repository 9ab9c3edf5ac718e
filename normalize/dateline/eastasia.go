package dateline

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
)

// East Asian agencies put the dateline in a fixed frame rather than
// between commas:
//
//	新华社北京4月25日电（记者 王明）   Xinhua, Chinese service
//	【ワシントン共同】                Kyodo (共同) and Jiji (時事), Japanese
//	(서울=연합뉴스) 홍길동 기자 =      Yonhap, Korean service
var (
	xinhuaZhRe = regexp.MustCompile(`^新华社(\p{Han}{2,8}?)(\d{1,2})月(\d{1,2})日电(?:（[^）]{0,40}）)?\s*`)
	japanRe    = regexp.MustCompile(`^【([\p{Han}\p{Katakana}\p{Hiragana}ー・]{1,12}?)(共同|時事)】\s*`)
	yonhapKoRe = regexp.MustCompile(`^\((\p{Hangul}{1,10})=연합뉴스\)\s*`)
)

// parseEastAsian reads the Chinese, Japanese and Korean frames. Dates in
// them carry no year and are resolved like any other; without a
// publication time Date keeps the date as written.
func parseEastAsian(s string, start int, published *time.Time) (*article.Dateline, int, bool) {
	rest := s[start:]
	if !strings.HasPrefix(rest, "新华社") && !strings.HasPrefix(rest, "【") && !strings.HasPrefix(rest, "(") {
		return nil, 0, false
	}
	if m := xinhuaZhRe.FindStringSubmatch(rest); m != nil {
		month, _ := strconv.Atoi(m[2])
		day, _ := strconv.Atoi(m[3])
		if month < 1 || month > 12 || day < 1 || day > 31 {
			return nil, 0, false
		}
		d := &article.Dateline{
			Text:   strings.TrimSpace(m[0]),
			Place:  m[1],
			Date:   m[2] + "月" + m[3] + "日",
			Agency: "Xinhua",
		}
		if iso := resolveISO(time.Month(month), day, published); iso != "" {
			d.Date = iso
		}
		return d, start + len(m[0]), true
	}
	if m := japanRe.FindStringSubmatch(rest); m != nil {
		name, _ := agencyName(m[2])
		return &article.Dateline{Text: strings.TrimSpace(m[0]), Place: m[1], Agency: name}, start + len(m[0]), true
	}
	if m := yonhapKoRe.FindStringSubmatch(rest); m != nil {
		return &article.Dateline{Text: strings.TrimSpace(m[0]), Place: m[1], Agency: "Yonhap"}, start + len(m[0]), true
	}
	return nil, 0, false
}

// resolveISO returns the ISO date for month and day, resolving the year
// from published, or "" when it cannot.
func resolveISO(month time.Month, day int, published *time.Time) string {
	if published == nil || published.IsZero() {
		return ""
	}
	y, ok := resolveYear(month, day, *published)
	if !ok {
		return ""
	}
	return time.Date(y, month, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}
