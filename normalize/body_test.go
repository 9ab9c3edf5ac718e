package normalize

import (
	"strings"
	"testing"
)

func TestExtractBodyShape(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + " " + strings.Repeat("More words about this, and then some more words. ", 3) + "</p>"
	}
	tests := []struct {
		name       string
		page       string
		want, drop []string
	}{
		{
			name: "page of small boxes is read whole",
			page: `<html><body><nav><a href="/">Home</a> <a href="/a">Recipes</a></nav><div class="recipe">
				<div class="intro">` + para("Juicy muffins from yeast dough") + `</div>
				<div class="steps"><div class="step">` + para("Heat the oven to 180 degrees") + para("Stir the butter and the sugar") + `</div></div>
				<div class="notes"><div class="box">` + para("Keep the muffins somewhere cool") + `</div></div>
				</div><footer><a href="/imprint">Imprint</a></footer></body></html>`,
			want: []string{"Juicy muffins", "Heat the oven", "Stir the butter", "Keep the muffins"},
			drop: []string{"Imprint"},
		},
		{
			name: "standfirst marked by its class opens the story",
			page: `<html><body><header class="page-head"><div class="wrap"><div class="col"><h1>Council votes</h1>
				<div class="meta"><span>By A. Writer</span></div><div class="box"><div class="inner"><p class="article-lead">The council voted to close the bridge for a year.</p></div></div></div></div></header>
				<main><div class="x"><div class="y"><div class="z"><div class="story">` + strings.Repeat(para("The council voted on Tuesday"), 4) + `</div></div></div></div></main>
				<div class="promo"><p class="teaser"><a href="/b">Another story</a></p></div></body></html>`,
			want: []string{"The council voted to close the bridge", "The council voted on Tuesday"},
			drop: []string{"Another story"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(tt.page), "https://example.com/a", Options{BodyOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.BodyText, w) {
					t.Errorf("body lacks %q:\n%s", w, a.BodyText)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(a.BodyText, d) {
					t.Errorf("body holds %q:\n%s", d, a.BodyText)
				}
			}
		})
	}
}

func TestSiteFurnitureLines(t *testing.T) {
	tests := []struct {
		text          string
		heading, junk bool
	}{
		{text: "Weitere Beiträge aus der Kolumne:", heading: true},
		{text: "Lesen Sie auch die folgenden Beiträge:", heading: true},
		{text: "Meistgelesene Artikel", heading: true, junk: true},
		{text: "Ihr Warenkorb ist leer", junk: true},
		{text: "Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler.", junk: true},
		{text: "Weitere Informationen zum Projekt gab die Stadt am Montag bekannt.", heading: false},
		{text: "Lesen Sie, wie die Stadt das Projekt bezahlt."},
	}
	for _, tt := range tests {
		if got := isJunkHeading(tt.text); got != tt.heading {
			t.Errorf("isJunkHeading(%q) = %v, want %v", tt.text, got, tt.heading)
		}
		if got := isJunkText(tt.text); got != tt.junk {
			t.Errorf("isJunkText(%q) = %v, want %v", tt.text, got, tt.junk)
		}
	}
}
