package bot

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
)

// Metrics counts what the service does, for GET /metrics in the
// Prometheus text format. It has no dependencies and no labels beyond a
// fixed set of names.
type Metrics struct {
	mu       sync.Mutex
	counters map[string]*atomic.Int64
	gauges   map[string]func() float64
}

// NewMetrics returns an empty registry.
func NewMetrics() *Metrics {
	return &Metrics{counters: map[string]*atomic.Int64{}, gauges: map[string]func() float64{}}
}

// Add adds n to the counter name (created on first use), e.g.
// houqin_inbound_total{channel="wechat"}.
func (m *Metrics) Add(name string, n int64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	c, ok := m.counters[name]
	if !ok {
		c = new(atomic.Int64)
		m.counters[name] = c
	}
	m.mu.Unlock()
	c.Add(n)
}

// Gauge registers a value read at every scrape.
func (m *Metrics) Gauge(name string, f func() float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gauges[name] = f
}

// ServeHTTP writes every metric, sorted by name.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	m.WriteTo(w)
}

// WriteTo writes the metrics in the Prometheus text format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	lines := make([]string, 0, len(m.counters)+len(m.gauges))
	for name, c := range m.counters {
		lines = append(lines, fmt.Sprintf("%s %d", name, c.Load()))
	}
	gauges := make(map[string]func() float64, len(m.gauges))
	for k, v := range m.gauges {
		gauges[k] = v
	}
	m.mu.Unlock()
	for name, f := range gauges {
		lines = append(lines, fmt.Sprintf("%s %g", name, f()))
	}
	sort.Strings(lines)
	var n int64
	for _, l := range lines {
		k, err := fmt.Fprintln(w, l)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
