package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
	"github.com/wiredesk/wiredesk/store"
)

func rawItem(agency, item, headline string, paras ...string) *article.Raw {
	page := "<html><head><title>" + headline + "</title></head><body><article><h1>" + headline + "</h1>"
	for _, p := range paras {
		page += "<p>" + p + "</p>"
	}
	page += "</article></body></html>"
	return &article.Raw{Feed: "pti-top", Agency: agency, ItemID: item, GUID: item, Title: headline,
		Link: "https://www.ptinews.com/story/" + item, FetchedAt: ingested, Page: []byte(page)}
}

// Under `wiredesk run` raw items go from wire.raw to the store in one
// hop: every kind of raw message (the envelope, the JSON of the release
// before it, a changed item, one that does not normalise) ends stored or
// dead-lettered as through the article hop, and nothing is put on
// wire.article.
func TestRunStoresRawItemsWithoutTheArticleHop(t *testing.T) {
	p := newPipeline(t, testenv.SharedNATSURL(t), testenv.PostgresURL(t))
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		send func() error
	}{
		{"envelope", func() error {
			return p.Ingest(ctx, rawItem("PTI", "DEL1", "Delhi court grants bail to businessman", bailParas...))
		}},
		{"older JSON", func() error {
			r := rawItem("PTI", "DEL2", "Delhi court grants bail to second accused", bailParas...)
			_, err := p.Bus.PublishJSON(ctx, p.Bus.Names.RawSubject(r.Agency), publish.RawMsgID(r), r, nil)
			return err
		}},
		{"a correction of the first", func() error {
			return p.Ingest(ctx, rawItem("PTI", "DEL1", "Delhi court grants bail to businessman", append([]string{"Corrects the name of the judge."}, bailParas...)...))
		}},
		{"nothing to normalise", func() error {
			return p.Ingest(ctx, &article.Raw{Feed: "pti-top", Agency: "PTI", ItemID: "empty", FetchedAt: ingested})
		}},
	} {
		if err := tc.send(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	runStages(t, p, pipeline.StageAll)
	testenv.WaitFor(t, "both stories stored, the first in two versions", func() bool {
		list, err := p.Store.List(ctx, store.ListQuery{Limit: 10})
		return err == nil && len(list) == 2 && len(versions(t, p, article.StoryID("PTI", "DEL1"))) == 2
	})
	testenv.WaitFor(t, "the empty item dead-lettered by normalize", func() bool {
		dead, _ := p.Bus.DeadLetters(ctx, pipeline.StageNormalize, 0)
		return len(dead) == 1
	})
	info, err := p.Bus.JS.Stream(ctx, p.Bus.Names.ArticlesStream())
	if err != nil {
		t.Fatal(err)
	}
	if st, err := info.Info(ctx); err != nil || st.State.LastSeq != 0 {
		t.Errorf("wire.article got messages (%+v, %v); the inline stage should store directly", st.State, err)
	}
	time.Sleep(200 * time.Millisecond)
	if list, _ := p.Store.List(ctx, store.ListQuery{Limit: 10}); len(list) != 2 {
		t.Errorf("%d stories stored, want 2", len(list))
	}
}
