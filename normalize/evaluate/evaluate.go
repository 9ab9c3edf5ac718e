// Package evaluate scores normalize.Extract against real pages with known
// ground truth: the Zyte article-extraction benchmark (AEB, 4-word shingle
// precision and recall per page), go-trafilatura's comparison set
// (snippets that must and must not appear in the body) and that set's
// titles, dates and authors (Metadata).
//
// It reads the corpora as shipped in shared/corpus/ (see its README) and
// reports progress to a writer, so `wiredesk eval` can show it on a
// terminal.
package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/normalize"
)

// Report is the score of one corpus.
type Report struct {
	// Name is the metric: "aeb" or "snippets".
	Name string
	// Precision, Recall and F1 are the corpus scores. For aeb, precision
	// and recall are means over pages and F1 is their harmonic mean; for
	// snippets they are computed over all snippets.
	Precision, Recall, F1 float64
	// Pages is how many pages were scored; Failed how many of them could
	// not be read or extracted (they score zero).
	Pages, Failed int
	// TP, FP, FN and TN count snippets (snippets metric only).
	TP, FP, FN, TN int
	// Rows holds one score per page, in corpus order.
	Rows []PageScore
	// Elapsed is the wall time of the run; ExtractTime the part spent in
	// Extract.
	Elapsed, ExtractTime time.Duration
}

// PageScore is the score of one page.
type PageScore struct {
	ID  string
	URL string
	// Precision, Recall and F1 of the page's shingles (aeb) or snippets.
	Precision, Recall, F1 float64
	// Missing lists expected snippets not found and Unwanted the snippets
	// found that should not be (snippets metric only).
	Missing, Unwanted []string
	Err               string
}

// aebEntry is one ground-truth record of the AEB corpus.
type aebEntry struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// AEB scores extraction on the article-extraction-benchmark corpus in dir
// (ground-truth.json and html/<id>.html). Each page's expected and
// extracted bodies are cut into 4-word shingles of \w+ tokens; the page's
// true positives, false positives and false negatives are normalised to
// sum to one; precision and recall are averaged over pages. Progress goes
// to w, and with verbose one line per page.
func AEB(ctx context.Context, dir string, w io.Writer, verbose bool) (Report, error) {
	start := time.Now()
	rep := Report{Name: "aeb"}
	var truth map[string]aebEntry
	if err := readJSON(filepath.Join(dir, "ground-truth.json"), &truth); err != nil {
		return rep, fmt.Errorf("evaluate aeb: %w", err)
	}
	ids := sortedKeys(truth)
	var sumP, sumR float64
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("evaluate aeb: %w", err)
		}
		entry := truth[id]
		row := PageScore{ID: id, URL: entry.URL}
		got, elapsed, err := extractFile(filepath.Join(dir, "html", id+".html"), entry.URL)
		rep.ExtractTime += elapsed
		if err != nil {
			row.Err = err.Error()
			rep.Failed++
		}
		tp, fp, fn := ShingleMatch(entry.ArticleBody, got, 4)
		row.Precision, row.Recall = shinglePrecision(tp, fp, fn), shingleRecall(tp, fp, fn)
		row.F1 = f1(row.Precision, row.Recall)
		sumP += row.Precision
		sumR += row.Recall
		rep.Rows = append(rep.Rows, row)
		if verbose {
			fmt.Fprintf(w, "%s\tP %.3f\tR %.3f\tF1 %.3f\t%s%s\n", id[:min(12, len(id))], row.Precision, row.Recall, row.F1, entry.URL, errSuffix(row.Err))
		} else {
			progress(w, i+1, len(ids))
		}
	}
	rep.Pages = len(ids)
	if rep.Pages > 0 {
		rep.Precision = sumP / float64(rep.Pages)
		rep.Recall = sumR / float64(rep.Pages)
		rep.F1 = f1(rep.Precision, rep.Recall)
	}
	rep.Elapsed = time.Since(start)
	fmt.Fprintf(w, "aeb: %d pages (%d failed): precision %.4f recall %.4f F1 %.4f in %s\n",
		rep.Pages, rep.Failed, rep.Precision, rep.Recall, rep.F1, rep.Elapsed.Round(time.Millisecond))
	return rep, nil
}

// snippetEntry is one ground-truth record of the trafilatura comparison
// corpus.
type snippetEntry struct {
	File    string   `json:"File"`
	With    []string `json:"With"`
	Without []string `json:"Without"`
}

// Snippets scores extraction on go-trafilatura's comparison corpus in dir
// (ground-truth.json keyed by URL, html/<File>): a "With" snippet found in
// the body is a true positive and missing a false negative; a "Without"
// snippet found is a false positive and absent a true negative. White space
// is folded on both sides before matching.
func Snippets(ctx context.Context, dir string, w io.Writer, verbose bool) (Report, error) {
	start := time.Now()
	rep := Report{Name: "snippets"}
	var truth map[string]snippetEntry
	if err := readJSON(filepath.Join(dir, "ground-truth.json"), &truth); err != nil {
		return rep, fmt.Errorf("evaluate snippets: %w", err)
	}
	urls := sortedKeys(truth)
	for i, u := range urls {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("evaluate snippets: %w", err)
		}
		entry := truth[u]
		row := PageScore{ID: entry.File, URL: u}
		got, elapsed, err := extractFile(filepath.Join(dir, "html", entry.File), u)
		rep.ExtractTime += elapsed
		if err != nil {
			row.Err = err.Error()
			rep.Failed++
		}
		got = fold(got)
		var tp, fp, fn int
		for _, s := range entry.With {
			if strings.Contains(got, fold(s)) {
				tp++
			} else {
				fn++
				row.Missing = append(row.Missing, s)
			}
		}
		for _, s := range entry.Without {
			if strings.Contains(got, fold(s)) {
				fp++
				row.Unwanted = append(row.Unwanted, s)
			} else {
				rep.TN++
			}
		}
		rep.TP += tp
		rep.FP += fp
		rep.FN += fn
		row.Precision, row.Recall = ratio(tp, tp+fp), ratio(tp, tp+fn)
		row.F1 = f1(row.Precision, row.Recall)
		rep.Rows = append(rep.Rows, row)
		if verbose {
			fmt.Fprintf(w, "%s\tP %.3f\tR %.3f\tmissing %q\tunwanted %q%s\n", entry.File, row.Precision, row.Recall, row.Missing, row.Unwanted, errSuffix(row.Err))
		} else {
			progress(w, i+1, len(urls))
		}
	}
	rep.Pages = len(urls)
	rep.Precision = ratio(rep.TP, rep.TP+rep.FP)
	rep.Recall = ratio(rep.TP, rep.TP+rep.FN)
	rep.F1 = f1(rep.Precision, rep.Recall)
	rep.Elapsed = time.Since(start)
	fmt.Fprintf(w, "snippets: %d pages (%d failed): precision %.4f recall %.4f F1 %.4f (tp %d fp %d fn %d tn %d) in %s\n",
		rep.Pages, rep.Failed, rep.Precision, rep.Recall, rep.F1, rep.TP, rep.FP, rep.FN, rep.TN, rep.Elapsed.Round(time.Millisecond))
	return rep, nil
}

// extractFile runs Extract on one saved page and returns its body text.
func extractFile(path, pageURL string) (string, time.Duration, error) {
	page, err := os.ReadFile(path)
	if err != nil {
		return "", 0, err
	}
	start := time.Now()
	a, err := normalize.Extract(page, pageURL, normalize.Options{})
	elapsed := time.Since(start)
	if errors.Is(err, normalize.ErrNoText) {
		return "", elapsed, nil // scored as an empty body, as it always was
	}
	if err != nil {
		return "", elapsed, err
	}
	return a.BodyText, elapsed, nil
}

// extractArticle runs Extract on one saved page.
func extractArticle(path, pageURL string) (*article.Article, error) {
	page, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a, err := normalize.Extract(page, pageURL, normalize.Options{})
	if errors.Is(err, normalize.ErrNoText) && a != nil {
		return a, nil // the page's metadata is scored even without a body
	}
	return a, err
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// progress prints a line every tenth of the run, so long runs show life
// without flooding a log.
func progress(w io.Writer, done, total int) {
	step := max(1, total/10)
	if done%step == 0 || done == total {
		fmt.Fprintf(w, "%d/%d pages\n", done, total)
	}
}

func errSuffix(err string) string {
	if err == "" {
		return ""
	}
	return "\terror: " + err
}

var tokenRe = regexp.MustCompile(`[\p{L}\p{N}\p{Mn}\p{Mc}_]+`)

// ShingleMatch compares the n-word shingles of want and got as the AEB
// evaluation does: tokens are runs of word characters (case kept), a text
// shorter than n words is one shingle of all its words, and counts are
// matched as multisets. tp, fp and fn are normalised to sum to one.
func ShingleMatch(want, got string, n int) (tp, fp, fn float64) {
	ws, gs := shingles(want, n), shingles(got, n)
	for k, wc := range ws {
		gc := gs[k]
		tp += float64(min(wc, gc))
		fn += float64(max(0, wc-gc))
	}
	for k, gc := range gs {
		fp += float64(max(0, gc-ws[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return tp, fp, fn
}

func shingles(text string, n int) map[string]int {
	tokens := tokenRe.FindAllString(text, -1)
	n = min(n, len(tokens))
	m := make(map[string]int, len(tokens))
	if n == 0 {
		return m
	}
	for i := 0; i+n <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+n], "\x00")]++
	}
	return m
}

// shinglePrecision and shingleRecall follow the benchmark's conventions for
// empty texts: nothing expected and nothing extracted is perfect.
func shinglePrecision(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fp == 0:
		return 0
	}
	return tp / (tp + fp)
}

func shingleRecall(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fn == 0:
		return 0
	}
	return tp / (tp + fn)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }
