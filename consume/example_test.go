package consume_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/consume"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
)

// A site reads ANI's stories from the start of the stream, once.
func Example() {
	url, stop := exampleServer()
	defer stop()

	ctx := context.Background()
	nc, err := nats.Connect(url)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		log.Fatal(err)
	}
	c, err := consume.New(ctx, js, consume.WithAgencies("ANI"), consume.From(consume.StartAll()))
	if err != nil {
		log.Fatal(err)
	}
	m, err := c.Next(ctx, 5*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	a, err := m.Article()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Event, m.Agency, m.Topic, "v", m.Version)
	fmt.Println(a.Headline)
	fmt.Println(a.Quotes[0].Speaker+":", a.Quotes[0].Text)
	fmt.Println(a.Disclaimer)
	// Output:
	// publish ani politics v 1
	// Putin meets Witkoff in Moscow
	// Yury Ushakov: The talks were constructive
	// News stories are provided by news agencies. We do not guarantee their accuracy.
}

// A site keeps its place across restarts with a durable consumer: Run
// acknowledges each message its handler returns nil for, and a restarted
// site with the same name resumes after the last one.
func Example_durable() {
	url, stop := exampleServer()
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, err := nats.Connect(url)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	c, err := consume.New(ctx, js, consume.Durable("my-site"), consume.WithTopics("politics"))
	if err != nil {
		log.Fatal(err)
	}
	err = c.Run(ctx, func(ctx context.Context, m *consume.Message) error {
		if m.Withdrawn() {
			fmt.Println("take down", m.StoryID)
		} else {
			fmt.Println("put up", m.StoryID, "version", m.Version)
		}
		cancel() // one is enough for the example
		return nil
	})
	fmt.Println(err)
	// Output:
	// put up ani-example version 1
	// context canceled
}

// exampleServer starts an embedded NATS server whose published stream
// holds one story, as wiredesk's relay publishes it.
func exampleServer() (url string, stop func()) {
	dir, err := os.MkdirTemp("", "consume-example")
	if err != nil {
		log.Fatal(err)
	}
	srv, err := publish.StartEmbedded(publish.EmbeddedOptions{StoreDir: dir})
	if err != nil {
		log.Fatal(err)
	}
	bus, err := publish.Connect(context.Background(), srv.ClientURL(), publish.DefaultNames(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer bus.Close()
	if err := bus.EnsureStreams(context.Background(), publish.StreamOptions{}); err != nil {
		log.Fatal(err)
	}
	a := &article.Article{
		ID: "ani-example", Agency: "ANI", Version: 1, Status: article.StatusApproved,
		Headline: "Putin meets Witkoff in Moscow", BodyText: "Moscow [Russia], April 25 (ANI): The talks lasted three hours.",
		Topics:     []string{"medtop:11000000"},
		Quotes:     []article.Quote{{Text: "The talks were constructive", Speaker: "Yury Ushakov", Verb: "told reporters", Kind: "direct"}},
		Disclaimer: article.DefaultDisclaimer,
	}
	doc, err := (&pipeline.Pipeline{}).EventDocument(a, article.EventPublish)
	if err != nil {
		log.Fatal(err)
	}
	msg := bus.Names.StoryMessage(a, article.EventPublish, doc)
	if _, err := bus.JS.PublishMsg(context.Background(), msg, jetstream.WithMsgID(publish.StoryMsgID(a.ID, 1))); err != nil {
		log.Fatal(err)
	}
	return srv.ClientURL(), func() { srv.Shutdown(); os.RemoveAll(dir) }
}
