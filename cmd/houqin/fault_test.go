//go:build fault

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

// The shape of the inbound fault test: 20 teachers each report faultReports
// repairs over WeChat (a report, then 「1」 to confirm it) while `houqin
// serve` is killed twice with SIGKILL and stopped twice with SIGTERM.
const (
	faultClients = 20
	faultReports = 15
	faultToken   = "fault-token"
	faultAppID   = "wx-fault"
	// WeChat waits 5 s for an answer and tries a message three times.
	wechatTimeout = 5 * time.Second
	wechatTries   = 3
)

// fakeWeChatAPI answers the access-token and customer-message endpoints of
// the WeChat API and records every message sent.
type fakeWeChatAPI struct {
	*httptest.Server
	mu    sync.Mutex
	sends []string // touser + "\x00" + content, one per call
}

func newFakeWeChatAPI(t *testing.T) *fakeWeChatAPI {
	f := &fakeWeChatAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		switch r.URL.Path {
		case "/cgi-bin/stable_token", "/cgi-bin/token":
			fmt.Fprint(w, `{"access_token":"FAULT-ACCESS-TOKEN","expires_in":7200}`)
		case "/cgi-bin/message/custom/send", "/cgi-bin/message/template/send":
			// A send takes a moment, as WeChat's do, so that a kill can land
			// while one is in flight.
			time.Sleep(time.Duration(10+rand.IntN(40)) * time.Millisecond)
			f.mu.Lock()
			f.sends = append(f.sends, fmt.Sprint(body["touser"])+"\x00"+fmt.Sprint(body["text"], body["data"]))
			f.mu.Unlock()
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","msgid":1}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

// serveProc is one `houqin serve` process; exited is closed when it ends.
type serveProc struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// faultServer starts, kills and restarts `houqin serve`.
type faultServer struct {
	t    *testing.T
	bin  string
	cfg  string
	base string
	log  *os.File
	cur  *serveProc
}

func (s *faultServer) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, "serve", "--config", s.cfg)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(p.exited) }()
	s.cur = p
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get(s.base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return
			}
		}
		select {
		case <-p.exited:
			s.t.Fatalf("houqin serve exited at start: %v\n%s", cmd.ProcessState, s.logTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.t.Fatalf("houqin serve not healthy in 20 s\n%s", s.logTail())
}

// stop signals the process and waits for it to end; SIGTERM must end it
// within the shutdown timeout.
func (s *faultServer) stop(sig syscall.Signal) time.Duration {
	s.t.Helper()
	p := s.cur
	began := time.Now()
	if err := p.cmd.Process.Signal(sig); err != nil {
		s.t.Errorf("signal %v: %v", sig, err)
	}
	select {
	case <-p.exited:
	case <-time.After(2*shutdownTimeout + 5*time.Second):
		s.t.Errorf("houqin serve still running %v after %v; killing it", time.Since(began), sig)
		p.cmd.Process.Kill()
		<-p.exited
	}
	return time.Since(began)
}

func (s *faultServer) logTail() string {
	b, _ := os.ReadFile(s.log.Name())
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// outcome is what one WeChat message met.
type outcome struct {
	openID  string
	msgID   int64
	confirm bool   // the 「1」 that files a report
	acked   bool   // some try got 200
	reply   string // the answer to the try that got 200
	tries   int
}

// TestServeKilledUnderLoad kills `houqin serve` (SIGKILL twice, SIGTERM
// twice) while 20 WeChat users report repairs, and checks that every
// message acknowledged with 200 was stored, none twice, and that every
// notification went out, at most one twice per kill.
func TestServeKilledUnderLoad(t *testing.T) {
	began := time.Now()
	dir := t.TempDir()
	bin := filepath.Join(dir, "houqin")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx := context.Background()
	dbURL := pgtest.NewDB(t)
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	school := storetest.Seed(t, db, "一中")
	bind := func(staffID int64, openID string) {
		if _, err := db.SQL().Exec(`
			INSERT INTO identities (channel, external_id, school_id, staff_id, bound_at, last_seen) VALUES ('wechat', $1, $2, $3, now(), now())`,
			openID, school.ID, staffID); err != nil {
			t.Fatal(err)
		}
	}
	// Everyone seeded (the workers who get the jobs, the room's owner) is on
	// WeChat too, so every notification has a WeChat address.
	for name, st := range school.Staff {
		bind(st.ID, "oStaff"+strconv.FormatInt(st.ID, 10)+"-"+name)
	}
	teachers := make([]string, faultClients)
	teacherStaff := map[int64]string{}
	for i := range teachers {
		st, err := db.AddStaff(ctx, flows.Staff{SchoolID: school.ID, Name: fmt.Sprintf("教师%02d", i), Roles: []flows.Role{flows.RoleTeacher}})
		if err != nil {
			t.Fatal(err)
		}
		teachers[i] = fmt.Sprintf("oFaultTeacher%02d", i)
		teacherStaff[st.ID] = teachers[i]
		bind(st.ID, teachers[i])
	}
	// A room for each report: a second report of the same fault at the same
	// place would only make the teacher a follower of the first.
	for n := range faultClients * faultReports {
		if _, err := db.AddLocation(ctx, flows.Location{SchoolID: school.ID, Building: "实训楼", Floor: "3", Room: strconv.Itoa(3000 + n)}); err != nil {
			t.Fatal(err)
		}
	}

	api := newFakeWeChatAPI(t)
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "houqin.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`
[http]
addr = %q
[database]
url = %q
[wechat]
app_id = %q
app_secret = "fault-secret"
token = %q
api_base_url = %q
[log]
level = "warn"
`, addr, dbURL, faultAppID, faultToken, api.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	srv := &faultServer{t: t, bin: bin, cfg: cfg, base: "http://" + addr, log: logf}
	srv.start()

	// The load: each teacher reports, confirms, pauses, as a person would.
	var nonce atomic.Int64
	nonce.Store(time.Now().UnixNano() % 1e9)
	client := &http.Client{Timeout: wechatTimeout}
	var mu sync.Mutex
	var outcomes []*outcome
	send := func(openID string, msgID int64, content string, confirm bool) *outcome {
		o := &outcome{openID: openID, msgID: msgID, confirm: confirm}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		n := strconv.FormatInt(nonce.Add(1), 10)
		q := url.Values{"signature": {wechatSign(faultToken, ts, n)}, "timestamp": {ts}, "nonce": {n}}
		body := fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_fault]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
			`<CreateTime>%s</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>`,
			openID, ts, content, msgID)
		// WeChat's retries: the same request, up to three tries in all.
		for o.tries < wechatTries && !o.acked {
			o.tries++
			r, err := client.Post(srv.base+"/wechat?"+q.Encode(), "text/xml", strings.NewReader(body))
			if err == nil {
				b, _ := io.ReadAll(r.Body)
				r.Body.Close()
				if r.StatusCode == 200 {
					o.acked, o.reply = true, string(b)
					break
				}
			}
			time.Sleep(time.Second)
		}
		mu.Lock()
		outcomes = append(outcomes, o)
		mu.Unlock()
		return o
	}
	loadDone := make(chan struct{})
	var wg sync.WaitGroup
	for i, openID := range teachers {
		wg.Go(func() {
			for k := range faultReports {
				room := 3000 + i*faultReports + k
				base := int64(i+1)*1_000_000 + int64(k)*2
				report := send(openID, base, fmt.Sprintf("%d教室灯不亮", room), false)
				time.Sleep(time.Duration(200+rand.IntN(500)) * time.Millisecond)
				if report.acked {
					send(openID, base+1, "1", true)
				}
				time.Sleep(time.Duration(200+rand.IntN(500)) * time.Millisecond)
			}
		})
	}
	go func() { wg.Wait(); close(loadDone) }()

	// The faults, at random moments while the load runs.
	kills := []syscall.Signal{syscall.SIGKILL, syscall.SIGKILL, syscall.SIGTERM, syscall.SIGTERM}
	rand.Shuffle(len(kills), func(i, j int) { kills[i], kills[j] = kills[j], kills[i] })
	var done []string
	sigkills := 0
	for _, sig := range kills {
		select {
		case <-loadDone:
		case <-time.After(time.Duration(1000+rand.IntN(2500)) * time.Millisecond):
		}
		select {
		case <-loadDone:
			t.Errorf("load ended before %v: the test is too short for its faults", sig)
			continue
		default:
		}
		if sig == syscall.SIGKILL {
			sigkills++
		}
		took := srv.stop(sig)
		srv.start()
		done = append(done, fmt.Sprintf("%v (stopped in %v)", sig, took.Round(time.Millisecond)))
	}
	<-loadDone
	loadTook := time.Since(began)

	// Drain: every outbox row settled. A SIGKILLed worker's claim holds its
	// rows for the lease (a minute) before another worker may send them.
	var pending int
	for deadline := time.Now().Add(80 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if err := db.SQL().QueryRow(`SELECT count(*) FROM outbox WHERE status = 'pending'`).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
	}
	srv.stop(syscall.SIGTERM)

	// What was stored.
	stored := map[string]bool{}
	rows, err := db.SQL().Query(`SELECT dedup_key FROM inbound WHERE channel = 'wechat'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		stored[k] = true
	}
	rows.Close()
	var acked, storedN, lostAcked, storedUnacked, unacked, retried, filed int
	filedBy := map[string]int{}
	storedConfirm := map[string]int{}
	for _, o := range outcomes {
		key := o.openID + ":" + strconv.FormatInt(o.msgID, 10)
		if o.tries > 1 {
			retried++
		}
		if stored[key] {
			storedN++
		}
		switch {
		case o.acked && !stored[key]:
			lostAcked++
			t.Errorf("message %s acknowledged with 200 but not stored", key)
		case o.acked:
			acked++
		case stored[key]:
			storedUnacked++
		default:
			unacked++
		}
		if o.confirm && o.acked && strings.Contains(o.reply, "报修成功") {
			filed++
			filedBy[o.openID]++
		}
		if o.confirm && stored[key] {
			storedConfirm[o.openID]++
		}
	}
	// No message stored twice: per teacher, as many repairs as confirmations
	// answered 报修成功, plus at most the confirmations stored whose answer
	// never arrived; and no two repairs of one report (each report has its own room).
	repairsBy := map[string]int{}
	var repairs, dupDescriptions int
	rows, err = db.SQL().Query(`SELECT reporter_id, count(*), count(DISTINCT location_id) FROM repairs WHERE school_id = $1 GROUP BY reporter_id`, school.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var n, distinct int
		rows.Scan(&id, &n, &distinct)
		repairsBy[teacherStaff[id]] += n
		repairs += n
		dupDescriptions += n - distinct
	}
	rows.Close()
	if dupDescriptions != 0 {
		t.Errorf("%d repairs filed twice (same reporter and room)", dupDescriptions)
	}
	for _, openID := range teachers {
		if got, lo, hi := repairsBy[openID], filedBy[openID], storedConfirm[openID]; got < lo || got > hi {
			t.Errorf("%s: %d repairs, want between %d (confirmations answered 报修成功) and %d (confirmations stored)", openID, got, lo, hi)
		}
	}

	// Notifications: each outbox row sent, at most one more time per kill.
	var rowsTotal, rowsSent, rowsFailed int
	if err := db.SQL().QueryRow(`SELECT count(*), count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed') FROM outbox`).
		Scan(&rowsTotal, &rowsSent, &rowsFailed); err != nil {
		t.Fatal(err)
	}
	api.mu.Lock()
	seen := map[string]int{}
	for _, s := range api.sends {
		seen[s]++
	}
	calls := len(api.sends)
	api.mu.Unlock()
	dups := calls - len(seen)
	lost := rowsTotal - rowsSent
	if missing := rowsSent - len(seen); missing > 0 {
		lost += missing // marked sent but never reached the API
	}
	if lost != 0 {
		t.Errorf("%d notifications lost (%d pending, %d failed)", lost, pending, rowsFailed)
	}
	// A SIGKILL may leave the one send in flight unrecorded (it goes out
	// again when its lease runs out); a SIGTERM finishes it.
	if dups > sigkills {
		t.Errorf("%d notifications sent twice, want at most one per SIGKILL (%d)", dups, sigkills)
	}
	if acked+lostAcked+storedUnacked+unacked != len(outcomes) {
		t.Errorf("accounting: %d outcomes", len(outcomes))
	}

	t.Logf("faults: %s", strings.Join(done, ", "))
	t.Logf("load %v, whole test %v", loadTook.Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	t.Logf("\n"+
		"  messages sent              %4d  (%d clients × %d reports + confirmations)\n"+
		"  retried (same request)     %4d\n"+
		"  acknowledged (200)         %4d\n"+
		"  stored                     %4d\n"+
		"  acknowledged, not stored   %4d  (must be 0)\n"+
		"  stored, not acknowledged   %4d  (retries exhausted during a kill)\n"+
		"  neither                    %4d  (retries exhausted, nothing stored)\n"+
		"  repairs filed              %4d  (confirmations answered 报修成功: %d)\n"+
		"  repairs filed twice        %4d  (must be 0)\n"+
		"  outbox rows                %4d  (sent %d, failed %d, pending %d)\n"+
		"  notification API calls     %4d\n"+
		"  notifications duplicated   %4d  (at most %d, one per SIGKILL)\n"+
		"  notifications lost         %4d  (must be 0)",
		len(outcomes), faultClients, faultReports, retried, acked+lostAcked, storedN, lostAcked, storedUnacked, unacked,
		repairs, filed, dupDescriptions, rowsTotal, rowsSent, rowsFailed, pending, calls, dups, sigkills, lost)
	if t.Failed() {
		t.Logf("serve log (tail):\n%s", srv.logTail())
	}
}
