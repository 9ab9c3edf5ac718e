package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

// DefaultOutboxLease is how long a relay holds the outbox rows it claimed:
// far above a batch's publish time (the relay gives back what it has not
// tried by half the lease), and short enough that a dead relay's rows go
// out again soon.
const DefaultOutboxLease = 30 * time.Second

// Relay returns the relay that publishes the store's outbox. bus must be
// connected with the reconnect buffer off (publish.Connect with
// nats.ReconnectBufSize(-1)); owner names this relay in the store's leases.
func (p *Pipeline) Relay(bus *publish.Bus, owner string) *publish.Relay {
	lease := p.OutboxLease
	if lease <= 0 {
		lease = DefaultOutboxLease
	}
	return &publish.Relay{
		Bus:    bus,
		Outbox: &outbox{p: p, bus: bus, owner: owner, lease: lease},
		Lease:  lease,
		Log:    p.log().With("stage", "relay"),
	}
}

// outbox is the store's outbox as a relay sees it.
type outbox struct {
	p     *Pipeline
	bus   *publish.Bus
	owner string
	lease time.Duration
}

func (o *outbox) Claim(ctx context.Context, limit int) ([]publish.OutboxEntry, error) {
	rows, err := o.p.Store.ClaimOutbox(ctx, o.owner, o.lease, limit)
	if err != nil {
		return nil, err
	}
	entries := make([]publish.OutboxEntry, len(rows))
	for i, r := range rows {
		entries[i] = publish.OutboxEntry{ID: r.ID, StoryID: r.StoryID, Version: r.Version, Event: r.Event,
			Attempts: r.Attempts, FirstTry: r.FirstTry}
	}
	return entries, nil
}

func (o *outbox) Message(ctx context.Context, e publish.OutboxEntry) (*nats.Msg, error) {
	a, err := o.p.Store.GetVersion(ctx, e.StoryID, e.Version)
	if err != nil {
		return nil, err
	}
	doc, err := o.p.EventDocument(a, e.Event)
	if err != nil {
		return nil, err
	}
	return o.bus.Names.StoryMessage(a, e.Event, doc), nil
}

func (o *outbox) Sent(ctx context.Context, e publish.OutboxEntry, subject string, seq uint64) error {
	agency, topic := subjectTokens(subject)
	return o.p.Store.MarkSent(ctx, e.ID, store.Sent{Sequence: seq, Subject: subject, Agency: agency, Topic: topic})
}

func (o *outbox) Failed(ctx context.Context, e publish.OutboxEntry, cause error, retry time.Time) error {
	return o.p.Store.MarkFailed(ctx, e.ID, cause.Error(), retry)
}

// subjectTokens are the agency and topic tokens of a published subject,
// its last two.
func subjectTokens(subject string) (agency, topic string) {
	tokens := strings.Split(subject, ".")
	if len(tokens) < 2 {
		return "", ""
	}
	return tokens[len(tokens)-2], tokens[len(tokens)-1]
}

// EventDocument is the document a published event carries: the story at
// that version as ninjs 2.2 with the wiredesk extension (quotes, embeds,
// attributions, dateline … in wiredesk_* properties, which a consumer that
// wants pure ninjs strips by name), "canceled" for a withdrawal, and for an
// update, correction or withdrawal an ednote saying what changed and why.
func (p *Pipeline) EventDocument(a *article.Article, event article.Event) ([]byte, error) {
	n := ExtendedNINJS(a)
	if event == article.EventWithdraw {
		n.PubStatus = "canceled"
	}
	n.EdNote = edNote(a, event)
	doc, err := json.Marshal(n)
	if err != nil {
		return nil, fmt.Errorf("ninjs of %s v%d: %w", a.ID, a.Version, err)
	}
	if p.ValidateNINJS != nil {
		if err := p.ValidateNINJS(doc); err != nil {
			return nil, fmt.Errorf("ninjs of %s v%d does not validate: %w", a.ID, a.Version, err)
		}
	}
	return doc, nil
}

// edNote tells downstream editors what a correction, update or withdrawal
// is about: the notice or the editor's reason, then what changed.
func edNote(a *article.Article, event article.Event) string {
	if event == article.EventPublish {
		return ""
	}
	var notes, changed []string
	for _, c := range a.Changes {
		switch c.Kind {
		case article.ChangeCorrection, article.ChangeKill, article.ChangeWithdrawal:
			if c.Text != "" {
				notes = append(notes, c.Text)
			}
		default:
			changed = append(changed, string(c.Kind))
		}
	}
	label := map[article.Event]string{article.EventUpdate: "Update", article.EventCorrection: "Correction",
		article.EventWithdraw: "Withdrawn"}[event]
	note := fmt.Sprintf("%s (version %d)", label, a.Version)
	if len(notes) > 0 {
		note += ": " + strings.Join(notes, " ")
	}
	if len(changed) > 0 {
		note += " Changed: " + strings.Join(changed, ", ") + "."
	}
	return note
}
