package dedup

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The labelled pair set in testdata/neardup is derived from the aeb
// corpus's ground-truth bodies by TestGeneratePairSet. Regenerate it with
//
//	go test ./dedup -run TestGeneratePairSet -update-pairs
//
// It is deterministic: the same corpus gives the same files.
var updatePairs = flag.Bool("update-pairs", false, "regenerate testdata/neardup from ../shared/corpus/aeb")

const (
	pairSetDir = "testdata/neardup"
	// Bodies are cut to their first paragraphs: the set stays modest and
	// holds excerpts, not the corpus.
	maxBaseDocs  = 100
	maxBaseParas = 10
	maxBaseWords = 450
	minBaseWords = 80
)

// agencyStyles are the datelines and boilerplate of the agencies a copy is
// dressed as.
var agencyStyles = []struct{ dateline, tail string }{
	{"NEW DELHI, Nov 18 (PTI) ", "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)"},
	{"Washington [US], November 18 (ANI): ", "(ANI)"},
	{"LONDON (Reuters) - ", "(Reporting by Kate Holton; Editing by Alex Richardson)"},
	{"PARIS (AFP) - ", "burs-jh/sst © Agence France-Presse"},
	{"NEW YORK (AP) — ", "Copyright 2019 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."},
	{"Mumbai, Nov 18 (IANS) ", "--IANS\nsk/vd (Disclaimer: This story is auto-generated from IANS service.)"},
}

// leadingDateline matches a dateline a source body already starts with,
// e.g. "(Reuters) — " or "WASHINGTON (AP) — ".
var leadingDateline = regexp.MustCompile(`^[A-Z][A-Za-z ,.\[\]]{0,40}\((?:Reuters|AP|AFP|PTI|ANI|IANS)\)\s*[-—–:]?\s*|^\((?:Reuters|AP|AFP)\)\s*[-—–]\s*`)

var copyEdits = [][2]string{
	{" said ", " stated "}, {" percent", " per cent"}, {"U.S.", "US"}, {" told ", " informed "},
	{" about ", " around "}, {" company", " firm"}, {" also ", " "}, {" however,", " but"},
}

type genDoc struct {
	PairDoc
	paras []string
}

func TestGeneratePairSet(t *testing.T) {
	if !*updatePairs {
		t.Skip("run with -update-pairs to regenerate testdata/neardup")
	}
	corpus := filepath.Join("..", "..", "shared", "corpus", "aeb", "ground-truth.json")
	raw, err := os.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	var base []genDoc
	for _, id := range ids {
		if len(base) == maxBaseDocs {
			break
		}
		paras := excerpt(truth[id].ArticleBody)
		if len(strings.Fields(strings.Join(paras, " "))) < minBaseWords {
			continue
		}
		d := genDoc{PairDoc: PairDoc{
			ID: "src-" + id[:12], Headline: headlineFromURL(truth[id].URL),
			Source: "aeb:" + id, URL: truth[id].URL,
		}, paras: paras}
		d.Text = strings.Join(paras, "\n\n")
		base = append(base, d)
	}

	var docs []genDoc
	var pairs []Pair
	docs = append(docs, base...)
	rewrites := make([][2]genDoc, len(base))
	for i, d := range base {
		rng := rand.New(rand.NewPCG(uint64(i), 42))
		si := rng.IntN(len(agencyStyles))
		other := (si + 1 + rng.IntN(len(agencyStyles)-1)) % len(agencyStyles)
		light := rewrite(d, rng, agencyStyles[si], "a", []string{"headline", "dateline", "boilerplate", "reorder"})
		heavyOps := []string{"headline", "dateline", "boilerplate", "trim", "copyedit"}
		if rng.IntN(2) == 0 {
			heavyOps = append(heavyOps, "drop-middle")
		}
		heavy := rewrite(d, rng, agencyStyles[other], "b", heavyOps)
		rewrites[i] = [2]genDoc{light, heavy}
		docs = append(docs, light, heavy)
		pairs = append(pairs,
			Pair{A: d.ID, B: light.ID, Near: true, Kind: "rewrite: " + strings.Join(light.Rewrite, "+")},
			Pair{A: d.ID, B: heavy.ID, Near: true, Kind: "rewrite: " + strings.Join(heavy.Rewrite, "+")},
			Pair{A: light.ID, B: heavy.ID, Near: true, Kind: "two rewrites of one story"},
		)
	}

	// Negatives: each story against the other story most like it by
	// tf-idf (the same topic, a different story), the same pair dressed in
	// the same agency's dateline and boilerplate, and a random other story.
	nearest := nearestOthers(base)
	seen := map[[2]int]bool{}
	for i, j := range nearest {
		key := [2]int{min(i, j), max(i, j)}
		if seen[key] {
			continue
		}
		seen[key] = true
		pairs = append(pairs, Pair{A: base[i].ID, B: base[j].ID, Kind: "different story, most similar by tf-idf"})
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		style := agencyStyles[rng.IntN(len(agencyStyles))]
		x := rewrite(base[i], rng, style, fmt.Sprintf("n%d", j), []string{"dateline", "boilerplate"})
		y := rewrite(base[j], rng, style, fmt.Sprintf("n%d", i), []string{"dateline", "boilerplate"})
		docs = append(docs, x, y)
		pairs = append(pairs, Pair{A: x.ID, B: y.ID, Kind: "different stories, same agency dateline and boilerplate"})
		pairs = append(pairs, Pair{A: rewrites[i][1].ID, B: rewrites[j][0].ID, Kind: "rewrites of different stories on the same topic"})
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range base {
		j := rng.IntN(len(base))
		if j == i || j == nearest[i] {
			continue
		}
		pairs = append(pairs, Pair{A: base[i].ID, B: base[j].ID, Kind: "different story, random"})
	}

	if err := os.MkdirAll(pairSetDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeJSONL(t, filepath.Join(pairSetDir, "docs.jsonl"), docs, func(d genDoc) any { return d.PairDoc })
	writeJSONL(t, filepath.Join(pairSetDir, "pairs.jsonl"), pairs, func(p Pair) any { return p })
	t.Logf("%d docs (%d sources), %d pairs", len(docs), len(base), len(pairs))
}

// excerpt splits a ground-truth body into paragraphs (long one-paragraph
// bodies into groups of three sentences) and keeps the first few.
func excerpt(body string) []string {
	var paras []string
	for _, p := range strings.Split(body, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) < 3 {
		var sentences []string
		for _, p := range paras {
			sentences = append(sentences, splitSentences(p)...)
		}
		paras = nil
		for i := 0; i < len(sentences); i += 3 {
			paras = append(paras, strings.Join(sentences[i:min(i+3, len(sentences))], " "))
		}
	}
	var out []string
	words := 0
	for _, p := range paras {
		if len(out) == maxBaseParas || words >= maxBaseWords {
			break
		}
		out = append(out, p)
		words += len(strings.Fields(p))
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’]?\s+`)

func splitSentences(p string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(p, -1) {
		out = append(out, strings.TrimSpace(p[last:m[1]]))
		last = m[1]
	}
	if rest := strings.TrimSpace(p[last:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func headlineFromURL(u string) string {
	u = strings.TrimSuffix(u, "/")
	slug := u[strings.LastIndex(u, "/")+1:]
	slug = strings.TrimSuffix(slug, ".html")
	slug = regexp.MustCompile(`[-_]+`).ReplaceAllString(slug, " ")
	slug = regexp.MustCompile(`\s*\d{5,}\s*$`).ReplaceAllString(slug, "")
	if slug == "" {
		return "Untitled"
	}
	return strings.ToUpper(slug[:1]) + slug[1:]
}

// rewrite makes a wire-style copy of d with the named edits.
func rewrite(d genDoc, rng *rand.Rand, style struct{ dateline, tail string }, suffix string, ops []string) genDoc {
	out := genDoc{PairDoc: PairDoc{ID: d.ID + "-" + suffix, Headline: d.Headline, Source: d.Source, URL: d.URL, Rewrite: ops}}
	paras := slices.Clone(d.paras)
	for _, op := range ops {
		switch op {
		case "headline":
			out.Headline = []string{"UPDATE 1-", "WRAPUP-", "Explained: ", "Report: "}[rng.IntN(4)] + strings.ToLower(d.Headline)
		case "dateline":
			paras[0] = style.dateline + leadingDateline.ReplaceAllString(paras[0], "")
		case "boilerplate":
			paras = append(paras, style.tail)
		case "reorder":
			if len(paras) > 3 {
				i := 1 + rng.IntN(len(paras)-2)
				paras[i], paras[i+1] = paras[i+1], paras[i]
			}
		case "trim":
			// Cut the story from the end by up to a third, as a desk
			// trims a wire story to fit.
			if n := len(paras); n > 2 {
				keep := n - max(1, int(math.Round(float64(n)*(0.15+0.2*rng.Float64()))))
				paras = paras[:max(keep, 2)]
			}
		case "drop-middle":
			if len(paras) > 4 {
				i := 1 + rng.IntN(len(paras)-2)
				paras = slices.Delete(paras, i, i+1)
			}
		case "copyedit":
			edits := 0
			for _, e := range copyEdits {
				for i, p := range paras {
					if edits < 4 && strings.Contains(p, e[0]) {
						paras[i] = strings.Replace(p, e[0], e[1], 1)
						edits++
						break
					}
				}
			}
		}
	}
	out.paras = paras
	out.Text = strings.Join(paras, "\n\n")
	return out
}

// nearestOthers returns, for each doc, the index of the other doc with the
// highest tf-idf cosine similarity.
func nearestOthers(docs []genDoc) []int {
	df := map[string]int{}
	tfs := make([]map[string]float64, len(docs))
	for i, d := range docs {
		tf := map[string]float64{}
		for _, w := range Words(d.Text) {
			if len(w) > 2 {
				tf[w]++
			}
		}
		for w := range tf {
			df[w]++
		}
		tfs[i] = tf
	}
	vecs := make([]map[string]float64, len(docs))
	for i, tf := range tfs {
		v := map[string]float64{}
		norm := 0.0
		for w, c := range tf {
			x := c * math.Log(float64(len(docs))/float64(df[w]))
			v[w] = x
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for w := range v {
			v[w] /= norm
		}
		vecs[i] = v
	}
	out := make([]int, len(docs))
	for i := range docs {
		best, bestSim := -1, -1.0
		for j := range docs {
			if i == j {
				continue
			}
			s := 0.0
			for w, x := range vecs[i] {
				s += x * vecs[j][w]
			}
			if s > bestSim {
				best, bestSim = j, s
			}
		}
		out[i] = best
	}
	return out
}

func writeJSONL[T any](t *testing.T, path string, items []T, view func(T) any) {
	t.Helper()
	var b strings.Builder
	for _, it := range items {
		line, err := json.Marshal(view(it))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
