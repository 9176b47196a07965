package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store/storetest"
)

// Transactions beyond the pool wait their turn in the order they came
// (database/sql alone hands a freed connection to a random waiter), and a
// waiter whose context ends stops waiting.
func TestTransactionsWaitInArrivalOrder(t *testing.T) {
	db := storetest.Open(t)
	db.SetPoolSize(1)
	release := make(chan struct{})
	held := make(chan struct{})
	go db.InTx(ctx, func(flows.Tx) error { close(held); <-release; return nil })
	<-held

	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.InTx(ctx, func(flows.Tx) error {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				return nil
			}); err != nil {
				t.Error(err)
			}
		}()
		time.Sleep(20 * time.Millisecond) // arrive one after the other
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := db.InTx(short, func(flows.Tx) error { return nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a waiter past its deadline: %v, want context.DeadlineExceeded", err)
	}
	close(release)
	wg.Wait()
	if want := []int{0, 1, 2, 3, 4, 5, 6, 7}; !slices.Equal(order, want) {
		t.Errorf("transactions ran in the order %v, want %v", order, want)
	}
}
