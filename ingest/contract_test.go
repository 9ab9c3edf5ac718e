package ingest

import (
	"testing"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/config"
)

// config may not import article, so it repeats the default disclaimer;
// ingest imports both and checks that the two texts still agree.
func TestDefaultDisclaimerTextsAgree(t *testing.T) {
	if config.DefaultDisclaimer != article.DefaultDisclaimer {
		t.Errorf("config.DefaultDisclaimer = %q\narticle.DefaultDisclaimer = %q", config.DefaultDisclaimer, article.DefaultDisclaimer)
	}
}
