package store

import (
	"errors"
	"testing"
	"time"
)

// The queue's cursor comes back from clients: any string decodes to a
// cursor or ErrBadCursor, and a cursor Search made decodes to itself.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(cursor{At: time.Date(2025, 4, 25, 9, 0, 0, 0, time.UTC), ID: "ani-1"}.encode())
	f.Add("zzz")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			if !errors.Is(err, ErrBadCursor) {
				t.Fatalf("decodeCursor(%q) = %v, want ErrBadCursor", s, err)
			}
			return
		}
		again, err := decodeCursor(c.encode())
		if err != nil || again.ID != c.ID || !again.At.Equal(c.At) {
			t.Fatalf("cursor %+v does not survive a round trip: %+v, %v", c, again, err)
		}
	})
}
