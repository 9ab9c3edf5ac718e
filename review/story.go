package review

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"unicode"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// Segment is a run of a paragraph: plain text, or the dateline, an
// attribution or a quote, which the story page marks.
type Segment struct {
	Kind  string // "", "dateline", "attribution", "quote"
	Text  string
	Title string // what the mark says on hover: the speaker, the source
}

// versionView is one version on the story page with what it changed.
type versionView struct {
	*article.Article
	HeadlineDiff []DiffPart
	BodyDiff     []DiffPart
}

// storyPage shows the whole story: its body with the dateline,
// attributions and quotes marked, quotes with their speakers, embeds as
// cards, images, key points, tags, the disclaimer as it will go out, every
// version with a word diff, and the cluster.
func (s *Server) storyPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := s.store.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, errors.New("there is no such story"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	versions, err := s.store.Versions(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	views := make([]versionView, len(versions))
	for i, v := range versions {
		views[i] = versionView{Article: v}
		if i > 0 {
			views[i].HeadlineDiff = wordDiff(versions[i-1].Headline, v.Headline)
			views[i].BodyDiff = wordDiff(versions[i-1].BodyText, v.BodyText)
		}
	}
	// Newest first, as an editor reads them.
	sort.SliceStable(views, func(i, j int) bool { return views[i].Version > views[j].Version })
	cluster, err := s.store.Search(r.Context(), store.SearchQuery{ClusterID: a.ClusterID, Limit: 20})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var others []clusterMember
	for _, c := range cluster.Stories {
		if c.ID == a.ID {
			continue
		}
		m := clusterMember{StorySummary: c}
		if other, err := s.store.Get(r.Context(), c.ID); err == nil {
			m.Similarity = int(100*similarity(a.BodyText, other.BodyText) + 0.5)
			m.Body = other.BodyText
		}
		others = append(others, m)
	}
	locks, err := s.store.StoryLocks(r.Context(), []string{id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var lock *store.StoryLock
	if len(locks) > 0 {
		lock = &locks[0]
	}
	s.render(w, r, http.StatusOK, "story", map[string]any{
		"Title":    a.Headline,
		"Story":    a,
		"Body":     markBody(a),
		"Versions": views,
		"Cluster":  others,
		"Lock":     lock,
		"Tags":     strings.Join(a.Tags, ", "),
	})
}

// paragraphView is one body block as the page shows it.
type paragraphView struct {
	Type     article.BlockType
	Segments []Segment
	Items    []string
	Embed    *article.Embed
	Image    *article.Image
}

// markBody splits the body's text blocks into segments, marking the
// dateline (at the start of the first paragraph), the attributions'
// texts and the quotes where they occur.
func markBody(a *article.Article) []paragraphView {
	type mark struct{ text, kind, title string }
	var marks []mark
	for _, q := range a.Quotes {
		title := q.Speaker
		if q.Verb != "" {
			title += " (" + q.Verb + ")"
		}
		marks = append(marks, mark{q.Text, "quote", title})
	}
	for _, at := range a.Attributions {
		marks = append(marks, mark{at.Text, "attribution", at.Source + " · " + string(at.Kind)})
	}
	dateline := ""
	if a.Dateline != nil {
		dateline = a.Dateline.Text
	}
	// The dateline is marked where it first stands, before any other mark.
	if dateline != "" {
		marks = append([]mark{{dateline, "dateline", "dateline"}}, marks...)
	}
	var out []paragraphView
	first := true
	for _, b := range a.Body {
		pv := paragraphView{Type: b.Type, Items: b.Items}
		switch b.Type {
		case article.BlockEmbed:
			if b.Embed != nil && *b.Embed >= 0 && *b.Embed < len(a.Embeds) {
				pv.Embed = &a.Embeds[*b.Embed]
			}
		case article.BlockImage:
			if b.Image != nil && *b.Image >= 0 && *b.Image < len(a.Images) {
				pv.Image = &a.Images[*b.Image]
			}
		default:
			text := b.Text
			var segs []Segment
			if first && b.Type == article.BlockParagraph && dateline != "" && !strings.Contains(a.BodyText, dateline) {
				// The extractor took the dateline out of the text: it
				// heads the first paragraph here, as it will downstream.
				segs = append(segs, Segment{Kind: "dateline", Text: dateline, Title: "dateline"}, Segment{Text: " "})
			}
			first = first && b.Type != article.BlockParagraph
			for text != "" {
				at, m := -1, mark{}
				for _, c := range marks {
					if c.text == "" {
						continue
					}
					if i := strings.Index(text, c.text); i >= 0 && (at < 0 || i < at) {
						at, m = i, c
					}
				}
				if at < 0 {
					segs = append(segs, Segment{Text: text})
					break
				}
				if at > 0 {
					segs = append(segs, Segment{Text: text[:at]})
				}
				segs = append(segs, Segment{Kind: m.kind, Text: m.text, Title: m.title})
				text = text[at+len(m.text):]
				if m.kind == "dateline" {
					marks = marks[1:] // once
				}
			}
			pv.Segments = segs
		}
		out = append(out, pv)
	}
	return out
}

// clusterMember is another story of the same event, shown beside this one.
type clusterMember struct {
	store.StorySummary
	// Similarity is the share, in percent, of word triples the two bodies
	// have in common (Jaccard).
	Similarity int
	Body       string
}

// similarity is the Jaccard similarity of two texts' word triples, as an
// editor's measure of how much of one agency's copy is in another's.
func similarity(a, b string) float64 {
	sa, sb := shingles(a), shingles(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	shared := 0
	for k := range sa {
		if sb[k] {
			shared++
		}
	}
	return float64(shared) / float64(len(sa)+len(sb)-shared)
}

func shingles(text string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make(map[string]bool, len(words))
	for i := 0; i+3 <= len(words); i++ {
		out[strings.Join(words[i:i+3], " ")] = true
	}
	return out
}
