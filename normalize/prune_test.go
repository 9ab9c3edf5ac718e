package normalize

import (
	"bytes"
	"testing"
)

func TestPruneRawText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"script emptied", `<p>a</p><script>var x = "<p>b</p>";</script><p>c</p>`, `<p>a</p><script></script><p>c</p>`},
		{"style emptied, any case", `<STYLE type="text/css">p{color:red}</Style>x`, `<STYLE type="text/css"></Style>x`},
		{"JSON-LD kept", `<script type="application/ld+json">{"a":1}</script>`, `<script type="application/ld+json">{"a":1}</script>`},
		{"comment dropped", `a<!-- <script>x</script> -->b`, `ab`},
		{"quoted > in attribute", `<script data-x="a>b">js</script>`, `<script data-x="a>b"></script>`},
		{"not a script tag", `<scripts>x</scripts><styles>`, `<scripts>x</scripts><styles>`},
		{"unclosed script left alone", `<p>a</p><script>never closed`, `<p>a</p><script>never closed`},
		{"unclosed comment left alone", `a<!-- open`, `a<!-- open`},
		{"script ends at first close tag", `<script>a</script>b</script>`, `<script></script>b</script>`},
		{"no markup", `plain text`, `plain text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(pruneRawText([]byte(tt.in))); got != tt.want {
				t.Errorf("pruneRawText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzPruneRawText(f *testing.F) {
	for _, s := range []string{
		`<p>a</p><script>x</script>`, `<style>`, `<!--`, `<script a="`, `<script type=application/ld+json>{}</script>`,
		`<SCRIPT>x</SCRIPT >`, `<<script>>`, `<!---->`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		out := pruneRawText(page)
		if len(out) > len(page) {
			t.Fatalf("pruned page grew from %d to %d bytes", len(page), len(out))
		}
		if !bytes.Contains(page, []byte("<")) && !bytes.Equal(out, page) {
			t.Fatalf("page without markup changed: %q -> %q", page, out)
		}
	})
}
