package store_test

import (
	"testing"

	"github.com/wiredesk/wiredesk/internal/testenv"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

func TestSQLiteFeeds(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) store.Store { return openTest(t, sqliteURL(t)) })
}

func TestPostgresFeeds(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) store.Store { return openTest(t, testenv.PostgresURL(t)) })
}
