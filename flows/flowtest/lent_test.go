package flowtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
)

// TestStoreFailsATransactionThatChangedLocations: the store shares one
// list of a school's locations with every message, so a flow that sorts
// the list, renames a room or appends to a location's aliases would change
// every later message's; the in-memory Store fails that transaction, and
// passes one that only reads (or copies first).
func TestStoreFailsATransactionThatChangedLocations(t *testing.T) {
	c := NewCore()
	school := Seed(c)
	s := &Store{Tx: c}
	for _, tc := range []struct {
		what    string
		change  func(locs []flows.Location) []flows.Location
		refused bool
	}{
		{"reads", func(locs []flows.Location) []flows.Location { return locs }, false},
		{"copies and sorts its copy", func(locs []flows.Location) []flows.Location {
			own := slices.Clone(locs)
			slices.Reverse(own)
			return own
		}, false},
		{"appends to the list", func(locs []flows.Location) []flows.Location {
			return append(locs, flows.Location{ID: 99})
		}, false},
		{"sorts the list", func(locs []flows.Location) []flows.Location {
			slices.Reverse(locs)
			return locs
		}, true},
		{"renames a room", func(locs []flows.Location) []flows.Location {
			locs[0].Room = "301"
			return locs
		}, true},
		{"changes an alias", func(locs []flows.Location) []flows.Location {
			locs[0].Aliases[0] = "初一(1)班"
			return locs
		}, true},
	} {
		err := s.InTx(context.Background(), func(tx flows.Tx) error {
			locs, err := tx.Locations(context.Background(), school.ID)
			if err != nil || len(locs) < 2 || len(locs[0].Aliases) == 0 {
				t.Fatalf("locations: %v, %v", locs, err)
			}
			tc.change(locs)
			return nil
		})
		if refused := err != nil && strings.Contains(err.Error(), "Directory.Locations"); refused != tc.refused {
			t.Errorf("a transaction that %s: err %v, want refused %v", tc.what, err, tc.refused)
		}
		// The next transaction starts from Places as they are now.
		c.lent = nil
	}
}
