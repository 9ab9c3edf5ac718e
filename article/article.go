// Package article defines the canonical Article that every wiredesk stage
// speaks, its validation, and its mapping onto IPTC ninjs.
//
// The JSON form is a contract shared with downstream sites, the HTTP API and
// `wiredesk extract`: field names are fixed snake_case; fields may be added,
// never renamed.
package article

import (
	"strings"
	"time"
	"unicode"
)

// DefaultDisclaimer is the accuracy disclaimer attached to every stored story
// unless the operator configures another one for the agency.
const DefaultDisclaimer = "News stories are provided by news agencies. We do not guarantee their accuracy."

// Status is the editorial state of a stored story.
type Status string

// Editorial states. A story enters the store as queued; editors approve or
// reject it. An approved story waits in the store's outbox until the bus
// has it, then it is published; a published story can be withdrawn (a
// kill: downstream gets it as ninjs pubstatus "canceled").
const (
	StatusQueued    Status = "queued"
	StatusApproved  Status = "approved"
	StatusPublished Status = "published"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
)

// Valid reports whether s is one of the known editorial states.
func (s Status) Valid() bool {
	switch s {
	case StatusQueued, StatusApproved, StatusPublished, StatusRejected, StatusWithdrawn:
		return true
	}
	return false
}

// Article is one canonical news story.
type Article struct {
	ID           string `json:"id"`
	Agency       string `json:"agency"`
	Feed         string `json:"feed"`
	GUID         string `json:"guid"`
	Version      int    `json:"version"`
	URL          string `json:"url"`
	CanonicalURL string `json:"canonical_url"`

	Headline string  `json:"headline"`
	Summary  string  `json:"summary"`
	Body     []Block `json:"body"`
	// BodyText is the plain text of the body: paragraphs joined by blank lines.
	BodyText string `json:"body_text"`

	Dateline *Dateline `json:"dateline"`
	Bylines  []Byline  `json:"bylines"`

	PublishedAt *time.Time `json:"published_at"`
	UpdatedAt   *time.Time `json:"updated_at"`
	IngestedAt  *time.Time `json:"ingested_at"`

	Attributions []Attribution `json:"attributions"`
	Quotes       []Quote       `json:"quotes"`
	Embeds       []Embed       `json:"embeds"`
	KeyPoints    []string      `json:"key_points"`
	Tags         []string      `json:"tags"`
	Images       []Image       `json:"images"`

	Language string   `json:"language"`
	Entities Entities `json:"entities"`
	Topics   []string `json:"topics"`

	Fingerprint Fingerprint `json:"fingerprint"`
	ClusterID   string      `json:"cluster_id"`

	Status     Status `json:"status"`
	Disclaimer string `json:"disclaimer"`

	// Changes says what this version changed from the one before it
	// (headline, body, a correction, a kill or withdrawal notice); a first
	// version lists only the notices it carries. Set by dedup.
	Changes []Change `json:"changes,omitempty"`
	// WordCount is the number of words in BodyText and ReadingMinutes
	// the time an average reader needs for them, rounded up. Set by enrich.
	WordCount      int `json:"word_count,omitempty"`
	ReadingMinutes int `json:"reading_minutes,omitempty"`

	// Delivery is where the story's latest editorial event (a publish,
	// update, correction or withdrawal) stands on its way downstream. The
	// store sets it when it reads a story that has one; it is never part
	// of a stored document.
	Delivery *Delivery `json:"delivery,omitempty"`
}

// Event names what a message on the published stream does to a story
// downstream; it travels in the Wiredesk-Event header.
type Event string

// Published events.
const (
	// EventPublish is a story's first publication.
	EventPublish Event = "publish"
	// EventUpdate is a later version of a published story.
	EventUpdate Event = "update"
	// EventCorrection is a version that corrects a published one, by the
	// agency's notice or an editor's correction.
	EventCorrection Event = "correction"
	// EventWithdraw takes a story down (ninjs pubstatus "canceled").
	EventWithdraw Event = "withdraw"
)

// Valid reports whether e is one of the published events.
func (e Event) Valid() bool {
	switch e {
	case EventPublish, EventUpdate, EventCorrection, EventWithdraw:
		return true
	}
	return false
}

// Delivery states.
const (
	// DeliveryPublishing means the event waits in the outbox: the bus has
	// not acknowledged it yet (LastError says why, when a try failed).
	DeliveryPublishing = "publishing"
	// DeliverySent means the bus acknowledged the event at Sequence.
	DeliverySent = "sent"
)

// Delivery is one editorial event's way to the published stream.
type Delivery struct {
	Event   Event  `json:"event"`
	Version int    `json:"version"`
	State   string `json:"state"`
	// Attempts counts the relay's tries so far.
	Attempts  int        `json:"attempts,omitempty"`
	LastError string     `json:"last_error,omitempty"`
	NextTry   *time.Time `json:"next_try,omitempty"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	// Sequence is the message's sequence in the published stream.
	Sequence uint64 `json:"sequence,omitempty"`
	// Note is the editor's reason for a withdrawal or correction.
	Note string `json:"note,omitempty"`
}

// ChangeKind names what a new version of a story changed.
type ChangeKind string

// Change kinds. Correction, kill and withdrawal come from notices the
// agency writes into the story ("(Corrects …)", "KILL", "WITHDRAWN").
const (
	ChangeHeadline   ChangeKind = "headline"
	ChangeSummary    ChangeKind = "summary"
	ChangeBody       ChangeKind = "body"
	ChangeCorrection ChangeKind = "correction"
	ChangeKill       ChangeKind = "kill"
	ChangeWithdrawal ChangeKind = "withdrawal"
	// ChangeTags is an editor's change of the tags.
	ChangeTags ChangeKind = "tags"
)

// Change is one thing a version changed: Before and After hold the old and
// new headline or summary; for the body, Text says how many paragraphs were
// added, removed or edited; for a notice, Text is the notice as written.
type Change struct {
	Kind   ChangeKind `json:"kind"`
	Text   string     `json:"text,omitempty"`
	Before string     `json:"before,omitempty"`
	After  string     `json:"after,omitempty"`
}

// BlockType names the kind of a body block.
type BlockType string

// Body block kinds, in the order they may appear in a story.
const (
	BlockParagraph BlockType = "paragraph"
	BlockHeading   BlockType = "heading"
	BlockList      BlockType = "list"
	BlockQuote     BlockType = "quote"
	BlockEmbed     BlockType = "embed"
	BlockImage     BlockType = "image"
)

// Block is one element of the ordered article body. Embed and Image index
// into Article.Embeds and Article.Images so the body keeps their position.
type Block struct {
	Type  BlockType `json:"type"`
	Text  string    `json:"text,omitempty"`
	Items []string  `json:"items,omitempty"`
	Level int       `json:"level,omitempty"`
	Embed *int      `json:"embed,omitempty"`
	Image *int      `json:"image,omitempty"`
}

// Dateline is where and when a wire story was filed, as in
// "Moscow [Russia], April 25 (ANI):".
type Dateline struct {
	Text    string `json:"text"`
	Place   string `json:"place"`
	Country string `json:"country"`
	// Date is an ISO date (2006-01-02) when the year can be resolved,
	// otherwise the date as written.
	Date   string `json:"date"`
	Agency string `json:"agency"`
}

// Byline is a credited author.
type Byline struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// AttributionKind classifies the source a statement comes through.
type AttributionKind string

// Attribution kinds.
const (
	AttrAgency   AttributionKind = "agency"
	AttrMedia    AttributionKind = "media"
	AttrOfficial AttributionKind = "official"
	AttrSocial   AttributionKind = "social"
	AttrOther    AttributionKind = "other"
)

// Attribution is a source the story relies on, e.g. "CNN reported".
type Attribution struct {
	Source string          `json:"source"`
	Kind   AttributionKind `json:"kind"`
	Text   string          `json:"text"`
}

// QuoteKind says how a quote appears in the story.
type QuoteKind string

// Quote kinds.
const (
	QuoteDirect  QuoteKind = "direct"
	QuoteBlock   QuoteKind = "block"
	QuotePartial QuoteKind = "partial"
)

// Quote is a quotation with the person it is attributed to.
type Quote struct {
	Text    string    `json:"text"`
	Speaker string    `json:"speaker"`
	Verb    string    `json:"verb,omitempty"`
	Via     string    `json:"via,omitempty"`
	Kind    QuoteKind `json:"kind"`
	// Position is the index of the body block the quote starts in.
	Position int `json:"position"`
}

// Platform names a social or video platform an embed comes from.
type Platform string

// Known embed platforms.
const (
	PlatformX         Platform = "x"
	PlatformInstagram Platform = "instagram"
	PlatformFacebook  Platform = "facebook"
	PlatformYouTube   Platform = "youtube"
	PlatformTikTok    Platform = "tiktok"
	PlatformTelegram  Platform = "telegram"
	PlatformBluesky   Platform = "bluesky"
	PlatformThreads   Platform = "threads"
	PlatformMastodon  Platform = "mastodon"
	PlatformReddit    Platform = "reddit"
	PlatformVimeo     Platform = "vimeo"
	PlatformOther     Platform = "other"
)

// Embed is a social post or video the story embeds or links to.
type Embed struct {
	Platform Platform `json:"platform"`
	URL      string   `json:"url"`
	ID       string   `json:"id"`
	Author   string   `json:"author,omitempty"`
	Text     string   `json:"text,omitempty"`
}

// Image is a picture belonging to the story.
type Image struct {
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}

// Entities are the people, places and organisations a story names.
type Entities struct {
	People        []string `json:"people"`
	Places        []string `json:"places"`
	Organizations []string `json:"organizations"`
}

// Fingerprint identifies a story's content for deduplication: Content is a
// hash of the normalised text, SimHash a 64-bit locality-sensitive hash in hex.
type Fingerprint struct {
	Content string `json:"content"`
	SimHash string `json:"simhash"`
}

// Token is how an agency or topic name appears in a NATS subject and in
// the API's filters: lower case, with every character that is not an
// ASCII letter, digit, - or _ replaced by _ ("Reuters World" →
// "reuters_world"); "unknown" for an empty name. Producers and consumers
// of the published stream both use it, so a filter always matches.
func Token(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)), r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}
