package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Raw is one fetched feed item, with its article page when one was fetched.
// It is the payload of wire.raw.<agency>: what ingest hands to normalize.
type Raw struct {
	Feed   string `json:"feed"`
	Agency string `json:"agency"`
	// ItemID is the item's stable identity within the feed: its guid, else
	// its canonical link, else a hash of title and date.
	ItemID      string     `json:"item_id"`
	GUID        string     `json:"guid"`
	Link        string     `json:"link"`
	Title       string     `json:"title"`
	Summary     string     `json:"summary"`
	Content     string     `json:"content,omitempty"`
	Authors     []string   `json:"authors,omitempty"`
	Categories  []string   `json:"categories,omitempty"`
	ImageURL    string     `json:"image_url,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
	FetchedAt   time.Time  `json:"fetched_at"`
	// Page is the article page's HTML, decoded to UTF-8, when one was fetched.
	Page    []byte `json:"page,omitempty"`
	PageURL string `json:"page_url,omitempty"`
	// PageError says why the page could not be fetched; the item still goes
	// on with its feed summary.
	PageError string `json:"page_error,omitempty"`
}

// ContentHash is a hex SHA-256 over the parts of a raw item that make it a
// different version when they change. Fetch times are not part of it, so a
// re-poll of an unchanged item hashes the same.
func (r *Raw) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{r.Title, r.Summary, r.Content, string(r.Page)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// StoryID derives the stable story id from the agency and item id, so every
// version of one item, on any host, maps to the same story.
func StoryID(agency, itemID string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(agency) + "\x00" + itemID))
	return hex.EncodeToString(sum[:12])
}

// ContentFingerprint is a hex SHA-256 of an article's normalised text
// (headline and body, case and white space folded): equal for two copies
// that differ only in markup.
func ContentFingerprint(headline, bodyText string) string {
	norm := strings.ToLower(strings.Join(strings.Fields(headline+"\n"+bodyText), " "))
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}
