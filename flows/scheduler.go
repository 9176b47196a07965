package flows

import (
	"context"
	"log/slog"
	"time"
)

// Job is one kind of time-driven work, run per school in a transaction
// (with the school's other jobs; alone again if any of them fails). A job must be idempotent: it claims each unit of work with
// Tx.ClaimJob (or a guarded state change) before it acts, so that a restart
// or a second instance never acts twice. t.Staff is zero: the system acts.
type Job struct {
	Name string
	Run  func(t *Turn) error
}

// Scheduler runs jobs for every active school on an injected clock.
type Scheduler struct {
	Store    Store
	Now      func() time.Time
	Log      *slog.Logger
	Interval time.Duration // default 30s
	Jobs     []Job
	BaseURL  string
	// Observer, when set, is told what the scheduler does (for metrics).
	Observer SchedulerObserver
}

// SchedulerObserver is told what the scheduler does, so that the command
// can keep metrics without flows knowing how. Its methods must not block.
type SchedulerObserver interface {
	// TickStarted: Run started a tick lag after it was due, Interval
	// after the previous tick started (so lag is about as long as the
	// previous tick took).
	TickStarted(lag time.Duration)
	// JobRan: one job ran for one school in took and returned err.
	JobRan(job string, err error, took time.Duration)
	// TickDone: a tick over every active school finished at (wall clock).
	TickDone(at time.Time)
}

// Run ticks until ctx is cancelled.
func (s *Scheduler) Run(ctx context.Context) error {
	if s.Interval == 0 {
		s.Interval = 30 * time.Second
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	// A tick is due Interval after the previous one started; it starts
	// later by as long as the previous one took, which is the lag: how far
	// time-driven work falls behind its cadence. It is measured on the
	// wall clock, whatever s.Now says.
	due := time.Now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		start := time.Now()
		if s.Observer != nil {
			s.Observer.TickStarted(start.Sub(due))
		}
		s.Tick(ctx)
		due = start.Add(s.Interval)
		timer.Reset(s.Interval)
	}
}

// Tick runs every job once for every active school, at s.Now(). A failing
// job is logged and does not stop the others.
func (s *Scheduler) Tick(ctx context.Context) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var schools []School
	if err := s.Store.InTx(ctx, func(tx Tx) error {
		var err error
		schools, err = tx.ActiveSchools(ctx)
		return err
	}); err != nil {
		if ctx.Err() == nil { // shutting down (serve stopped, chat quit) is no failure
			log.Error("scheduler: schools", "err", err)
		}
		return
	}
	e := &Engine{baseURL: s.BaseURL}
	for _, school := range schools {
		if ctx.Err() != nil {
			return
		}
		// Every job of the school in one transaction: one BEGIN and
		// COMMIT per school per tick instead of one per job. Jobs are
		// idempotent (claims), so when any of them fails the whole
		// transaction is rolled back and each job runs again in a
		// transaction of its own, so that a failing job does not stop
		// the others.
		type ran struct {
			job  string
			took time.Duration
		}
		var done []ran
		at := now()
		err := s.Store.InTx(ctx, func(tx Tx) error {
			done = done[:0]
			for _, j := range s.Jobs {
				start := time.Now()
				if err := j.Run(&Turn{Ctx: ctx, Tx: tx, Now: at, School: school, engine: e}); err != nil {
					return err
				}
				done = append(done, ran{j.Name, time.Since(start)})
			}
			return nil
		})
		if err == nil {
			if s.Observer != nil && ctx.Err() == nil {
				for _, r := range done {
					s.Observer.JobRan(r.job, nil, r.took)
				}
			}
			continue
		}
		for _, j := range s.Jobs {
			if ctx.Err() != nil {
				return
			}
			start := time.Now()
			err := s.Store.InTx(ctx, func(tx Tx) error {
				return j.Run(&Turn{Ctx: ctx, Tx: tx, Now: now(), School: school, engine: e})
			})
			if err != nil && ctx.Err() == nil {
				log.Error("scheduler job failed", "job", j.Name, "school", school.ID, "err", err)
			}
			if s.Observer != nil && ctx.Err() == nil {
				s.Observer.JobRan(j.Name, err, time.Since(start))
			}
		}
	}
	if s.Observer != nil && ctx.Err() == nil {
		s.Observer.TickDone(time.Now())
	}
}
