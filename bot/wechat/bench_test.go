package wechat

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// benchParallelism is b.SetParallelism's factor: 4 × GOMAXPROCS
// concurrent callbacks in flight.
const benchParallelism = 4

// echoHandler is a bot.Handler that answers at once, to measure the
// channel alone.
type echoHandler struct{}

func (echoHandler) Handle(_ context.Context, m flows.Message) ([]flows.Reply, error) {
	return []flows.Reply{{Text: "收到：" + m.Text}}, nil
}

// bareSDKHandler is the SDK's own callback server doing nothing but echo:
// the floor houqin's handler is compared with.
func bareSDKHandler(tb testing.TB) http.Handler {
	tb.Helper()
	oa := officialaccount.NewOfficialAccount(&oaconfig.Config{
		AppID: testAppID, AppSecret: testSecret, Token: testToken, EncodingAESKey: testAESKey,
		Cache: cache.NewMemory(),
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv := oa.GetServer(r, w)
		srv.SetMessageHandler(func(m *message.MixMessage) *message.Reply {
			return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText("收到：" + m.Content)}
		})
		if err := srv.Serve(); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		_ = srv.Send()
	})
}

// benchResult is one sub-benchmark's outcome, kept for the ratio.
type benchResult struct {
	reqPerSec, p50, p99 float64
}

// runCallbacks posts signed callbacks to url from parallel clients and
// reports throughput and latency percentiles.
func runCallbacks(b *testing.B, url string, encrypted bool) benchResult {
	var msgID atomic.Int64
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: benchParallelism * runtime.GOMAXPROCS(0) * 2,
	}}
	defer client.CloseIdleConnections()
	var (
		mu  sync.Mutex
		lat []time.Duration
	)
	b.SetParallelism(benchParallelism)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			raw := textXML(testOpenID, msgID.Add(1), "三楼男厕所水龙头坏了")
			target, body := plainURL(testToken), raw
			if encrypted {
				target, body = safeRequest(b, raw, false)
			}
			t0 := time.Now()
			resp, err := client.Post(url+target, "text/xml", strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			local = append(local, time.Since(t0))
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return benchResult{}
	}
	slices.Sort(lat)
	r := benchResult{
		reqPerSec: float64(len(lat)) / elapsed.Seconds(),
		p50:       float64(lat[len(lat)*50/100].Microseconds()),
		p99:       float64(lat[len(lat)*99/100].Microseconds()),
	}
	b.ReportMetric(r.reqPerSec, "req/s")
	b.ReportMetric(r.p50, "p50-µs")
	b.ReportMetric(r.p99, "p99-µs")
	return r
}

// BenchmarkCallback compares signed POST callbacks through houqin's
// handler (with an engine that answers at once) against the SDK's bare
// echoing server, both over loopback HTTP at 4 × GOMAXPROCS concurrent
// clients, in plaintext and safe mode.
//
//	go test -run XXX -bench Callback -benchtime 3s ./bot/wechat/
func BenchmarkCallback(b *testing.B) {
	for _, mode := range []struct {
		name      string
		encrypted bool
	}{{"plain", false}, {"aes", true}} {
		var houqin, bare benchResult
		b.Run(mode.name+"/houqin", func(b *testing.B) {
			ch := benchChannel(b, echoHandler{}, mode.encrypted)
			srv := httptest.NewServer(ch)
			defer srv.Close()
			houqin = runCallbacks(b, srv.URL, mode.encrypted)
		})
		b.Run(mode.name+"/bare-sdk", func(b *testing.B) {
			srv := httptest.NewServer(bareSDKHandler(b))
			defer srv.Close()
			bare = runCallbacks(b, srv.URL, mode.encrypted)
		})
		if bare.reqPerSec > 0 && houqin.reqPerSec > 0 {
			b.Logf("%s: houqin/bare throughput %.2f, p50 %.2f, p99 %.2f (GOMAXPROCS %d, %d clients)",
				mode.name, houqin.reqPerSec/bare.reqPerSec, houqin.p50/bare.p50, houqin.p99/bare.p99,
				runtime.GOMAXPROCS(0), benchParallelism*runtime.GOMAXPROCS(0))
		}
	}
}

// benchChannel is a Channel on an unreachable API (callbacks never call
// it) with logging off, in safe mode when encrypted, on the tests' clock.
func benchChannel(tb testing.TB, h bot.Handler, encrypted bool) *Channel {
	tb.Helper()
	cfg := Config{
		AppID: testAppID, AppSecret: testSecret, Token: testToken, EncodingAESKey: testAESKey,
		APIBaseURL: "http://127.0.0.1:9", Now: func() time.Time { return testNow },
		MaxInFlight: 1024, PerSender: 1024,
	}
	if !encrypted {
		cfg.EncodingAESKey = ""
	}
	ch, err := New(cfg, h, newFakeStore(), slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	return ch
}
