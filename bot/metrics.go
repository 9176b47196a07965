package bot

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
)

// Metrics is GET /metrics in the Prometheus text format: gauges read at
// every scrape (houqin_outbox_pending). It has no dependencies and no
// labels beyond a fixed set of names.
type Metrics struct {
	mu     sync.Mutex
	gauges map[string]func() float64
}

// NewMetrics returns an empty registry.
func NewMetrics() *Metrics {
	return &Metrics{gauges: map[string]func() float64{}}
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
	gauges := make(map[string]func() float64, len(m.gauges))
	for k, v := range m.gauges {
		gauges[k] = v
	}
	m.mu.Unlock()
	lines := make([]string, 0, len(gauges))
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
