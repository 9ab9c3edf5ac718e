package normalize

import (
	"strings"
	"testing"
)

func TestStripInvisible(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Kremlin aide", "Kremlin aide"},
		{"bidi override and pop", "\u202eKremlin\u202c aide", "Kremlin aide"},
		{"isolates", "said \u2068Ушаков\u2069 on Friday", "said Ушаков on Friday"},
		{"zero-width space inside a word", "Wit\u200bkoff", "Witkoff"},
		{"byte-order mark inside text", "\ufeffMoscow", "Moscow"},
		{"ZWJ and ZWNJ kept for Indic and Persian", "क्\u200dष می\u200cخواهم", "क्\u200dष می\u200cخواهم"},
		{"curly quotes untouched", "“constructive”", "“constructive”"},
		{"a word of nothing but marks disappears", "a \u200b b", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := foldSpace(tt.in); got != tt.want {
				t.Errorf("foldSpace(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Invisible characters are gone from every text field Extract fills.
func TestExtractStripsInvisible(t *testing.T) {
	page := `<html><head><title>Talks` + "\u202e" + ` end</title><meta property="og:title" content="Talks` + "\u202e" + ` end"><meta name="description" content="Both sides` + "\u200b" + ` met."><meta name="author" content="Anna` + "\u2066" + ` Petrova"></head>
<body><article><h1>Talks` + "\u202e" + ` end</h1><p class="byline">By Anna` + "\u2066" + ` Petrova</p><div class="article-body">
<p>Moscow, April 25 (ANI): The talks ended on Friday after three hours, with both sides saying the meeting had been useful and that more rounds would follow next month in Riyadh.</p>
<p>"The talks were` + "\u200b" + ` constructive and very useful for both sides," Yury` + "\ufeff" + ` Ushakov told reporters after the meeting at the Kremlin on Friday evening.</p>
</div></article></body></html>`
	a, err := Extract([]byte(page), "https://news.example/talks", Options{})
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{a.Headline, a.Summary, a.BodyText}
	for _, q := range a.Quotes {
		fields = append(fields, q.Text, q.Speaker)
	}
	for _, b := range a.Bylines {
		fields = append(fields, b.Name)
	}
	for _, f := range fields {
		if strings.ContainsFunc(f, isInvisible) {
			t.Errorf("invisible character left in %q", f)
		}
	}
	if len(a.Quotes) != 1 || a.Quotes[0].Speaker != "Yury Ushakov" {
		t.Errorf("quotes = %+v, want one by Yury Ushakov", a.Quotes)
	}
}
