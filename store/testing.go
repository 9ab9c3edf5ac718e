package store

import (
	"context"
	"fmt"
)

// ExecForTest runs one statement on a store's database, for tests that
// check what the schema itself refuses (the audit log's triggers).
func ExecForTest(ctx context.Context, s Store, stmt string) error {
	r, ok := s.(txRunner)
	if !ok {
		return fmt.Errorf("store %T runs no statements", s)
	}
	return r.writeTx(ctx, func(q querier) error {
		_, err := q.exec(ctx, stmt)
		return err
	})
}
