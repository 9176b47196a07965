package bot

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/houqin/houqin/flows"
)

// Metrics is houqin's GET /metrics: a Prometheus registry of its own (no
// global state, so tests and several servers in one process do not clash)
// holding the Go and process collectors, the counters and histograms the
// service updates as it works, and the database's view of the outbox read
// at every scrape.
//
// Counters are per process, as Prometheus expects (rate() over a restart is
// fine); the outbox gauges and houqin_outbox_queued_total come from the
// database and so are the same on every instance.
type Metrics struct {
	reg     *prometheus.Registry
	token   []byte
	handler http.Handler

	messages      *prometheus.CounterVec
	handleSeconds *prometheus.HistogramVec
	outboxSent    *prometheus.CounterVec
	outboxFailed  *prometheus.CounterVec
	outboxRetried *prometheus.CounterVec
	jobRuns       *prometheus.CounterVec
	jobSeconds    *prometheus.HistogramVec
	schedulerLag  prometheus.Gauge
	lastTick      prometheus.Gauge
	digestSends   *prometheus.CounterVec
}

// Outcomes of a handled message (label outcome of
// houqin_messages_handled_total).
const (
	OutcomeOK       = "ok"       // the engine answered (a repeated message included)
	OutcomeError    = "error"    // the engine failed; the person got an apology
	OutcomePanic    = "panic"    // a flow panicked; nothing was written
	OutcomeCanceled = "canceled" // the channel gave up waiting (shutdown, hold)
)

// NewMetrics returns the registry with the Go and process collectors and
// every houqin metric at zero. token, when not empty, is the bearer token a
// scrape must present.
func NewMetrics(token string) *Metrics {
	m := &Metrics{
		reg:   prometheus.NewRegistry(),
		token: []byte(token),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "houqin_messages_handled_total",
			Help: "Inbound chat messages handed to the engine, by channel and outcome (ok, error, panic, canceled).",
		}, []string{"channel", "outcome"}),
		handleSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "houqin_message_handle_seconds",
			Help: "Time the engine took to handle one inbound message (one database transaction), by channel.",
			// WeChat drops a passive reply after 5 s: the buckets are
			// dense below that.
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 4, 5, 10},
		}, []string{"channel"}),
		outboxSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "houqin_outbox_sent_total",
			Help: "Notifications delivered by this process's outbox worker, by channel.",
		}, []string{"channel"}),
		outboxFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "houqin_outbox_failed_total",
			Help: "Notifications given up on for good (undeliverable, or still failing after outbox.retry_for), by channel.",
		}, []string{"channel"}),
		outboxRetried: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "houqin_outbox_retried_total",
			Help: "Deliveries put off for a later try, by channel and reason (error: a failed attempt, backing off; wait: the channel or the rate limiter asked to wait).",
		}, []string{"channel", "reason"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "houqin_scheduler_job_runs_total",
			Help: "Scheduler job runs (one per job per active school per tick), by job and outcome (ok, error).",
		}, []string{"job", "outcome"}),
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "houqin_scheduler_job_seconds",
			Help:    "Time one scheduler job run took (one school, one transaction), by job.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 8), // 1 ms .. 16 s
		}, []string{"job"}),
		schedulerLag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "houqin_scheduler_lag_seconds",
			Help: "How late the scheduler's latest tick started: due one interval after the previous tick started, it starts late by about as long as that tick took.",
		}),
		lastTick: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "houqin_scheduler_last_tick_timestamp_seconds",
			Help: "Unix time the scheduler last finished a tick over every school; alert on time() minus this.",
		}),
		digestSends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "houqin_digest_sends_total",
			Help: "Daily digests delivered to a person or given up on by this process's outbox worker, by outcome (sent, failed).",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.messages, m.handleSeconds, m.outboxSent, m.outboxFailed, m.outboxRetried,
		m.jobRuns, m.jobSeconds, m.schedulerLag, m.lastTick, m.digestSends,
	)
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return m
}

// Registry is the registry behind /metrics, for tests and for collectors
// wired elsewhere.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ServeHTTP answers a scrape in the Prometheus exposition format. With a
// token configured it answers 401 to a request without
// "Authorization: Bearer TOKEN".
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(m.token) > 0 {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), m.token) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="houqin metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
	}
	m.handler.ServeHTTP(w, r)
}

// ObserveMessage counts one inbound message the engine handled in took,
// with the error it returned.
func (m *Metrics) ObserveMessage(ch flows.Channel, err error, took time.Duration) {
	outcome := OutcomeOK
	switch {
	case err == nil:
	case errors.Is(err, flows.ErrPanic):
		outcome = OutcomePanic
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		outcome = OutcomeCanceled
	default:
		outcome = OutcomeError
	}
	m.messages.WithLabelValues(string(ch), outcome).Inc()
	m.handleSeconds.WithLabelValues(string(ch)).Observe(took.Seconds())
}

// ObserveOutbox counts one recorded delivery outcome (Worker.Observe).
func (m *Metrics) ObserveOutbox(it flows.OutboxItem, o flows.Outcome) {
	ch := string(it.Channel)
	switch {
	case o.Sent:
		m.outboxSent.WithLabelValues(ch).Inc()
	case o.Waited:
		m.outboxRetried.WithLabelValues(ch, "wait").Inc()
	case !o.RetryAt.IsZero():
		m.outboxRetried.WithLabelValues(ch, "error").Inc()
	default:
		m.outboxFailed.WithLabelValues(ch).Inc()
	}
}

// ObserveDigest counts a digest delivered (sent true) or given up on.
func (m *Metrics) ObserveDigest(sent bool) {
	if sent {
		m.digestSends.WithLabelValues("sent").Inc()
	} else {
		m.digestSends.WithLabelValues("failed").Inc()
	}
}

// TickStarted implements flows.SchedulerObserver.
func (m *Metrics) TickStarted(lag time.Duration) { m.schedulerLag.Set(max(lag, 0).Seconds()) }

// JobRan implements flows.SchedulerObserver.
func (m *Metrics) JobRan(job string, err error, took time.Duration) {
	outcome := OutcomeOK
	if err != nil {
		outcome = OutcomeError
	}
	m.jobRuns.WithLabelValues(job, outcome).Inc()
	m.jobSeconds.WithLabelValues(job).Observe(took.Seconds())
}

// TickDone implements flows.SchedulerObserver.
func (m *Metrics) TickDone(at time.Time) {
	m.lastTick.Set(float64(at.UnixNano()) / 1e9)
}

// OutboxStats is the outbox as the database sees it at one scrape.
type OutboxStats struct {
	Pending int       // rows not yet delivered nor given up on
	Oldest  time.Time // when the oldest of them was queued; zero when none
	Queued  int64     // rows ever queued (the outbox's id sequence)
}

// DatabaseProbe reads OutboxStats; an error means the database is not
// answering.
type DatabaseProbe func(ctx context.Context) (OutboxStats, error)

// WatchDatabase adds the metrics read from the database at every scrape:
// houqin_database_up, and while it is 1 houqin_outbox_pending,
// houqin_outbox_oldest_pending_seconds and houqin_outbox_queued_total. While
// the database is down those three are absent rather than 0, so a dashboard
// shows a gap and an alert on the backlog does not clear itself.
func (m *Metrics) WatchDatabase(probe DatabaseProbe, timeout time.Duration, now func() time.Time, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m.reg.MustRegister(&dbCollector{probe: probe, timeout: timeout, now: now, log: log})
}

type dbCollector struct {
	probe   DatabaseProbe
	timeout time.Duration
	now     func() time.Time
	log     *slog.Logger
}

var (
	descUp = prometheus.NewDesc("houqin_database_up",
		"1 when the database answered this scrape's outbox query, 0 when it did not.", nil, nil)
	descPending = prometheus.NewDesc("houqin_outbox_pending",
		"Notifications in the outbox not yet delivered nor given up on (all instances). Absent while the database is down.", nil, nil)
	descOldest = prometheus.NewDesc("houqin_outbox_oldest_pending_seconds",
		"Age of the oldest notification not yet delivered (0 when none is pending). Absent while the database is down.", nil, nil)
	descQueued = prometheus.NewDesc("houqin_outbox_queued_total",
		"Notifications ever queued in the outbox, all instances (its id sequence: a rolled-back transaction's row counts too). Absent while the database is down.", nil, nil)
)

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descUp
	ch <- descPending
	ch <- descOldest
	ch <- descQueued
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	st, err := c.probe(ctx)
	if err != nil {
		c.log.Debug("metrics: outbox query failed", "err", err)
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(st.Pending))
	age := 0.0
	if !st.Oldest.IsZero() {
		age = max(c.now().Sub(st.Oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(descQueued, prometheus.CounterValue, float64(st.Queued))
}
