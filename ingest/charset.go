package ingest

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Feeds lie about their charset often enough that wiredesk decodes them
// itself and hands the XML parser UTF-8 only. Bytes that are valid UTF-8
// stay as they are, whatever is declared: a feed that is valid UTF-8 but
// declares ISO-8859-1 is nearly always mislabelled, while real Latin-1 or
// Cyrillic text is almost never valid UTF-8 by accident.

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	// An XML declaration in UTF-16 without a byte-order mark ("<?").
	utf16LEPrefix = []byte{'<', 0, '?', 0}
	utf16BEPrefix = []byte{0, '<', 0, '?'}
)

// xmlDeclEncoding finds the encoding pseudo-attribute of an XML
// declaration.
var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:\-]*)["']`)

// feedToUTF8 returns body as UTF-8 with its XML declaration (if any)
// saying so, and the name of the charset it was decoded from. A declared
// charset that cannot be decoded is a *CharsetError.
func feedToUTF8(body []byte, contentType string) ([]byte, string, error) {
	out, name, err := decodeByBOMOrDeclaration(body, contentType)
	if err != nil {
		return nil, "", err
	}
	return rewriteXMLDeclaration(out), name, nil
}

func decodeByBOMOrDeclaration(body []byte, contentType string) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(body, bomUTF8):
		return repairUTF8(body[len(bomUTF8):]), "utf-8", nil
	case bytes.HasPrefix(body, bomUTF16LE), bytes.HasPrefix(body, bomUTF16BE):
		out, err := decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), body)
		return out, "utf-16", err
	case bytes.HasPrefix(body, utf16LEPrefix):
		out, err := decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body)
		return out, "utf-16le", err
	case bytes.HasPrefix(body, utf16BEPrefix):
		out, err := decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body)
		return out, "utf-16be", err
	case utf8.Valid(body):
		return body, "utf-8", nil
	}
	// Not UTF-8: believe the XML declaration, then the Content-Type.
	if label := declaredXMLEncoding(body); label != "" {
		return decodeLabel(body, label, "the XML declaration")
	}
	if label := contentTypeCharset(contentType); label != "" {
		return decodeLabel(body, label, "Content-Type")
	}
	out, name := guessUndeclared(body)
	return out, name, nil
}

// decodeLabel decodes body from the charset a label names. Labels are
// looked up as browsers do (WHATWG), so ISO-8859-1 decodes as its superset
// windows-1252.
func decodeLabel(body []byte, label, where string) ([]byte, string, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", &CharsetError{Charset: label, Where: where}
	}
	name, _ := htmlindex.Name(enc)
	if name == "utf-8" {
		// Declared UTF-8 but not valid: keep what is readable.
		return repairUTF8(body), "utf-8 (repaired)", nil
	}
	out, err := decodeWith(enc, body)
	if err != nil {
		return nil, "", &CharsetError{Charset: label, Where: where}
	}
	return out, name, nil
}

// guessUndeclared handles bytes that are not UTF-8 and declare nothing:
// mostly-UTF-8 text with a few stray bytes is repaired, anything else is
// read as windows-1252, the web's default for undeclared text.
func guessUndeclared(body []byte) ([]byte, string) {
	var good, bad int
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			bad++
		case size > 1:
			good++
		}
		i += max(size, 1)
	}
	if good > bad {
		return repairUTF8(body), "utf-8 (repaired)"
	}
	out, _ := decodeWith(charmap.Windows1252, body)
	return out, "windows-1252 (guessed)"
}

func decodeWith(enc encoding.Encoding, body []byte) ([]byte, error) {
	return enc.NewDecoder().Bytes(body)
}

func repairUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

func declaredXMLEncoding(body []byte) string {
	head := body[:min(len(body), 512)]
	if m := xmlDeclEncoding.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// rewriteXMLDeclaration makes the declaration of UTF-8 text say UTF-8, so
// the XML parser does not decode it a second time.
func rewriteXMLDeclaration(body []byte) []byte {
	head := body[:min(len(body), 512)]
	loc := xmlDeclEncoding.FindSubmatchIndex(head)
	if loc == nil || strings.EqualFold(string(head[loc[2]:loc[3]]), "utf-8") {
		return body
	}
	out := make([]byte, 0, len(body))
	out = append(out, body[:loc[2]]...)
	out = append(out, "UTF-8"...)
	return append(out, body[loc[3]:]...)
}

func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

// pageToUTF8 decodes an HTML page to UTF-8: valid UTF-8 stays; otherwise
// the byte-order mark, the Content-Type charset, then <meta charset> decide,
// and windows-1252 is the fallback. Pages never fail on their charset: a
// garbled page is still better than none, and normalize judges it.
func pageToUTF8(body []byte, contentType string) ([]byte, string) {
	if bytes.HasPrefix(body, bomUTF8) {
		return repairUTF8(body[len(bomUTF8):]), "utf-8"
	}
	if utf8.Valid(body) && !bytes.HasPrefix(body, bomUTF16LE) && !bytes.HasPrefix(body, bomUTF16BE) {
		return body, "utf-8"
	}
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" {
		return repairUTF8(body), "utf-8 (repaired)"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return repairUTF8(body), "utf-8 (repaired)"
	}
	if bytes.HasPrefix(out, bomUTF8) {
		out = out[len(bomUTF8):]
	}
	return out, name
}
