package flows_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// recorder is a SchedulerObserver that remembers what it was told.
type recorder struct {
	mu    sync.Mutex
	lags  []time.Duration
	runs  map[string][2]int // job → ok, error
	ticks int
	// enough, when set, is called with the lock held once a tick starts
	// and there are this many lags.
	enough func()
	want   int
}

func (r *recorder) TickStarted(lag time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lags = append(r.lags, lag)
	if r.enough != nil && len(r.lags) >= r.want {
		r.enough()
	}
}

func (r *recorder) JobRan(job string, err error, _ time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.runs[job]
	if err != nil {
		n[1]++
	} else {
		n[0]++
	}
	r.runs[job] = n
}

func (r *recorder) TickDone(time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ticks++
}

// The scheduler tells its observer every job run, per school, with its
// outcome, and each finished tick; Run reports each tick's lag behind its
// cadence.
func TestSchedulerObserver(t *testing.T) {
	c := flowtest.NewCore()
	c.AddSchool("一中")
	c.AddSchool("二中")
	rec := &recorder{runs: map[string][2]int{}}
	s := &flows.Scheduler{Store: &flowtest.Store{Tx: c}, Now: func() time.Time { return flowtest.Start }, Observer: rec,
		Interval: 20 * time.Millisecond, Jobs: []flows.Job{
			{Name: "fine", Run: func(*flows.Turn) error { return nil }},
			{Name: "broken", Run: func(t *flows.Turn) error {
				if t.School.ID == 2 {
					return errors.New("boom")
				}
				return nil
			}},
		}}
	s.Tick(context.Background())
	if rec.runs["fine"] != [2]int{2, 0} || rec.runs["broken"] != [2]int{1, 1} || rec.ticks != 1 {
		t.Errorf("after one tick: runs %v, ticks %d; want fine 2 ok, broken 1 ok 1 error, 1 tick", rec.runs, rec.ticks)
	}
	if len(rec.lags) != 0 {
		t.Errorf("Tick alone reported a lag: %v", rec.lags)
	}

	// A job that takes 50ms at a 20ms interval: every tick after the
	// first starts about 50ms late.
	s.Jobs = append(s.Jobs, flows.Job{Name: "slow", Run: func(*flows.Turn) error {
		time.Sleep(25 * time.Millisecond) // ×2 schools
		return nil
	}})
	// Run until four ticks have started (bounded by a generous timeout,
	// not by a wall-clock window a loaded machine may not fit ticks in).
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rec.mu.Lock()
	rec.lags, rec.want, rec.enough = nil, 4, cancel
	rec.mu.Unlock()
	s.Run(ctx)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.lags) < 4 {
		t.Fatalf("Run for up to 20s at a 20ms interval with 50ms ticks: %d ticks started", len(rec.lags))
	}
	if rec.lags[0] >= 50*time.Millisecond {
		t.Errorf("the first tick is due at once: lag %v (a tick's work is 50ms)", rec.lags[0])
	}
	for _, lag := range rec.lags[1:] {
		if lag < 50*time.Millisecond || lag > time.Second {
			t.Errorf("lag %v after a 50ms tick at a 20ms interval, want about 50ms", lag)
		}
	}
}
