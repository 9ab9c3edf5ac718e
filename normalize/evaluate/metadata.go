package evaluate

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// MetadataReport scores what Extract finds besides the body against
// trafilatura-comparison's ground truth, where the page records it: the
// headline against Title (white space folded), the publication date against
// Date (the day), the bylines against Authors (names in order, case
// folded).
type MetadataReport struct {
	Pages                int
	Title, Date, Authors FieldScore
	Elapsed              time.Duration
}

// FieldScore counts pages whose field was right out of those that record
// it.
type FieldScore struct {
	Right, Total int
}

// Accuracy is Right/Total, or 0 with nothing to score.
func (f FieldScore) Accuracy() float64 { return ratio(f.Right, f.Total) }

type metadataEntry struct {
	File    string   `json:"File"`
	Title   string   `json:"Title"`
	Date    string   `json:"Date"`
	Authors []string `json:"Authors"`
}

// Metadata scores headline, date and byline extraction on the
// trafilatura-comparison corpus in dir. With verbose, every miss is printed
// to w.
func Metadata(ctx context.Context, dir string, w io.Writer, verbose bool) (MetadataReport, error) {
	start := time.Now()
	var rep MetadataReport
	var truth map[string]metadataEntry
	if err := readJSON(filepath.Join(dir, "ground-truth.json"), &truth); err != nil {
		return rep, fmt.Errorf("evaluate metadata: %w", err)
	}
	urls := sortedKeys(truth)
	for i, u := range urls {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("evaluate metadata: %w", err)
		}
		e := truth[u]
		a, err := extractArticle(filepath.Join(dir, "html", e.File), u)
		if err != nil {
			a = nil
		}
		rep.Pages++
		if e.Title != "" {
			got := ""
			if a != nil {
				got = a.Headline
			}
			score(&rep.Title, fold(e.Title) == fold(got), w, verbose, "title", e.File, e.Title, got)
		}
		if e.Date != "" {
			got := ""
			if a != nil && a.PublishedAt != nil {
				got = a.PublishedAt.Format("2006-01-02")
			}
			score(&rep.Date, got == e.Date, w, verbose, "date", e.File, e.Date, got)
		}
		if len(e.Authors) > 0 {
			var names []string
			if a != nil {
				for _, b := range a.Bylines {
					names = append(names, b.Name)
				}
			}
			want, got := strings.Join(e.Authors, "; "), strings.Join(names, "; ")
			score(&rep.Authors, strings.EqualFold(fold(want), fold(got)), w, verbose, "authors", e.File, want, got)
		}
		if !verbose {
			progress(w, i+1, len(urls))
		}
	}
	rep.Elapsed = time.Since(start)
	fmt.Fprintf(w, "metadata: %d pages: title %d/%d (%.3f) date %d/%d (%.3f) authors %d/%d (%.3f) in %s\n", rep.Pages,
		rep.Title.Right, rep.Title.Total, rep.Title.Accuracy(), rep.Date.Right, rep.Date.Total, rep.Date.Accuracy(),
		rep.Authors.Right, rep.Authors.Total, rep.Authors.Accuracy(), rep.Elapsed.Round(time.Millisecond))
	return rep, nil
}

func score(f *FieldScore, right bool, w io.Writer, verbose bool, field, file, want, got string) {
	f.Total++
	if right {
		f.Right++
		return
	}
	if verbose {
		fmt.Fprintf(w, "%s\t%s\twant %q\tgot %q\n", file, field, want, got)
	}
}
