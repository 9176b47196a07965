package e2e

import (
	"context"
	"fmt"
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

	"github.com/houqin/houqin/flows"
)

// benchParallelism: b.SetParallelism(4) runs 4 × GOMAXPROCS clients.
const benchParallelism = 4

// benchUsers is how many bound teachers the load comes from; each client
// request picks the next, so sessions rarely contend.
const benchUsers = 64

// bareSDK is the SDK's own callback server that only echoes: what the
// same load costs with no engine and no database.
func bareSDK() http.Handler {
	oa := officialaccount.NewOfficialAccount(&oaconfig.Config{
		AppID: appID, AppSecret: secret, Token: token, EncodingAESKey: aesKey, Cache: cache.NewMemory(),
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

type result struct{ reqPerSec, p50, p99 float64 }

// load posts safe-mode callbacks from benchUsers accounts, each message
// with a fresh MsgId, and reports throughput and p50/p99 latency.
func load(b *testing.B, url string, users []string, at time.Time) result {
	var seq atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * benchParallelism * runtime.GOMAXPROCS(0)}}
	defer client.CloseIdleConnections()
	var (
		mu  sync.Mutex
		lat []time.Duration
	)
	// Warm up: connections, PostgreSQL's caches and plans.
	for i := range 200 {
		if _, err := sendTo(client, url, text(users[i%len(users)], int64(900_000+i), "我的"), at); err != nil {
			b.Fatal(err)
		}
	}
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var local []time.Duration
		for pb.Next() {
			n := seq.Add(1)
			raw := text(users[int(n)%len(users)], 1_000_000+n, "我的")
			t0 := time.Now()
			reply, err := sendTo(client, url, raw, at)
			local = append(local, time.Since(t0))
			if err != nil || reply == "" {
				b.Errorf("callback: %q %v", reply, err)
				return
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) == 0 {
		return result{}
	}
	r := result{
		reqPerSec: float64(len(lat)) / elapsed.Seconds(),
		p50:       float64(lat[len(lat)/2].Microseconds()) / 1000,
		p99:       float64(lat[len(lat)*99/100].Microseconds()) / 1000,
	}
	b.ReportMetric(r.reqPerSec, "req/s")
	b.ReportMetric(r.p50, "p50-ms")
	b.ReportMetric(r.p99, "p99-ms")
	return r
}

// BenchmarkCallbackDB runs signed safe-mode callbacks ("我的" from 64 bound
// teachers, a fresh MsgId each) through houqin's handler, the real engine
// and PostgreSQL, and the same load on the SDK's bare echoing server, in
// one run, at 4 × GOMAXPROCS concurrent clients over loopback HTTP.
//
//	go test -run XXX -bench CallbackDB -benchtime 2000x ./bot/wechat/e2e/
func BenchmarkCallbackDB(b *testing.B) {
	w := newWorld(b)
	users := bindTeachers(b, w, benchUsers)
	var houqin, bare result
	b.Run("houqin+engine+postgres", func(b *testing.B) {
		houqin = load(b, w.srv.URL, users, w.now)
	})
	b.Run("bare-sdk-echo", func(b *testing.B) {
		srv := httptest.NewServer(bareSDK())
		defer srv.Close()
		bare = load(b, srv.URL, users, w.now)
	})
	if houqin.reqPerSec > 0 && bare.reqPerSec > 0 {
		b.Logf("GOMAXPROCS %d, %d clients: houqin %.0f req/s p50 %.2f ms p99 %.2f ms; bare SDK %.0f req/s p50 %.2f ms p99 %.2f ms; throughput ratio %.2f",
			runtime.GOMAXPROCS(0), benchParallelism*runtime.GOMAXPROCS(0),
			houqin.reqPerSec, houqin.p50, houqin.p99, bare.reqPerSec, bare.p50, bare.p99, houqin.reqPerSec/bare.reqPerSec)
	}
}

// bindTeachers adds n teachers to the seeded school and binds a WeChat
// account to each through the callback, returning the OpenIDs.
func bindTeachers(tb testing.TB, w *world, n int) []string {
	tb.Helper()
	ctx := context.Background()
	users := make([]string, n)
	for i := range users {
		st, err := w.db.AddStaff(ctx, flows.Staff{SchoolID: w.school.ID, Name: fmt.Sprintf("教师%02d", i), Roles: []flows.Role{flows.RoleTeacher}})
		if err != nil {
			tb.Fatal(err)
		}
		code, err := w.db.InviteStaff(ctx, st.ID, w.now, time.Hour)
		if err != nil {
			tb.Fatal(err)
		}
		users[i] = fmt.Sprintf("oBench%02d", i)
		if got := w.post(tb, http.DefaultClient, text(users[i], int64(500_000+i), "绑定 "+code)); !strings.Contains(got, "绑定成功") {
			tb.Fatalf("binding %s: %q", users[i], got)
		}
	}
	return users
}
