package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A Tx without the ref pool refuses to number a repair instead of running
// refCounterSQL on its own connection, where the statement's
// synchronous_commit off would last for the caller's whole transaction.
// (t.q is nil here: running anything on it would panic.)
func TestNextRefWithoutPoolRefuses(t *testing.T) {
	tx := &Tx{}
	if _, err := tx.NextRepairRef(context.Background(), 1, time.Now()); !errors.Is(err, errNoRefPool) {
		t.Fatalf("NextRepairRef without the pool: %v, want errNoRefPool", err)
	}
}
