package enrich

import (
	"slices"
	"testing"

	"github.com/wiredesk/wiredesk/article"
)

func TestEnrichCollectsEntities(t *testing.T) {
	a := &article.Article{
		Dateline: &article.Dateline{Place: "Moscow", Country: "Russia"},
		Quotes: []article.Quote{
			{Text: "constructive", Speaker: "Yury Ushakov", Kind: article.QuoteDirect},
			{Text: "useful", Speaker: "Yury Ushakov", Kind: article.QuoteDirect},
			{Text: "no", Speaker: "Volodymyr Zelenskyy", Kind: article.QuoteDirect},
		},
		Attributions: []article.Attribution{
			{Source: "CNN", Kind: article.AttrMedia},
			{Source: "Ministry of Foreign Affairs", Kind: article.AttrOfficial},
			{Source: "Kremlin aide Yury Ushakov", Kind: article.AttrOfficial},
			{Source: "X", Kind: article.AttrSocial},
		},
	}
	a.Entities.Places = []string{"moscow"}
	Enrich(a)
	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"places", a.Entities.Places, []string{"moscow", "Russia"}},
		{"people", a.Entities.People, []string{"Yury Ushakov", "Volodymyr Zelenskyy"}},
		{"organizations", a.Entities.Organizations, []string{"CNN", "Ministry of Foreign Affairs"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
