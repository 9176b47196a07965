package e2e_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

// These tests run the real engine on a real PostgreSQL database, for what
// only the database proves: transaction boundaries, locks, constraints,
// dedup under concurrency, restarts. The conversations themselves are
// golden transcripts on in-memory fakes (flows/*/testdata), and the
// repair queries are checked by repairtest.Contract (store/repair_test.go).

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

type recorder struct {
	mu    sync.Mutex
	items []flows.OutboxItem
}

func (r *recorder) Send(_ context.Context, it flows.OutboxItem) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, it)
	return nil
}

type harness struct {
	t      testing.TB
	db     *store.DB
	url    string
	s      storetest.School
	eng    *flows.Engine
	now    time.Time
	seq    int
	rec    *recorder
	worker *bot.Worker
	extra  []flows.Module
}

func newHarness(t testing.TB, extra ...flows.Module) *harness {
	t.Helper()
	db, url := storetest.OpenURL(t)
	h := &harness{t: t, db: db, url: url, s: storetest.Seed(t, db, "一中"), rec: &recorder{}, extra: extra,
		now: time.Date(2026, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))}
	h.eng = h.newEngine()
	h.worker = &bot.Worker{Outbox: db, Now: h.clock, Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: h.rec}}
	return h
}

func (h *harness) clock() time.Time { return h.now }

func (h *harness) newEngine() *flows.Engine {
	return flows.NewEngine(flows.EngineConfig{Store: h.db, Now: h.clock, Modules: append([]flows.Module{repair.Module()}, h.extra...)})
}

func (h *harness) account(who string) string {
	if st, ok := h.s.Staff[who]; ok {
		return strconv.FormatInt(st.ID, 10)
	}
	return who
}

func (h *harness) msg(who, text, button string) flows.Message {
	h.seq++
	a := h.account(who)
	return flows.Message{Channel: flows.ChannelConsole, ExternalUser: a, Chat: a, Text: text, Button: button,
		DedupKey: fmt.Sprintf("t%d", h.seq), At: h.now}
}

func (h *harness) handle(m flows.Message) string {
	h.t.Helper()
	replies, err := h.eng.Handle(ctx, m)
	if err != nil {
		h.t.Fatalf("%s> %s: %v", m.ExternalUser, m.Text, err)
	}
	var texts []string
	for _, r := range replies {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "\n")
}

func (h *harness) say(who, text string) string           { return h.handle(h.msg(who, text, "")) }
func (h *harness) press(who, data string) string         { return h.handle(h.msg(who, "", data)) }
func (h *harness) pressf(who, f string, a ...any) string { return h.press(who, fmt.Sprintf(f, a...)) }

// report files each fault at place as who, a minute apart, reading it
// back and confirming it, and fails t unless each was filed.
func (h *harness) report(t testing.TB, who, place string, faults ...string) {
	t.Helper()
	for _, fault := range faults {
		h.now = h.now.Add(time.Minute)
		h.say(who, place+fault)
		if out := h.say(who, "1"); !strings.Contains(out, "报修成功") {
			t.Fatalf("report %s%s: %s", place, fault, out)
		}
	}
}

// deliver runs the outbox and returns what was delivered to whom.
func (h *harness) deliver() map[string][]flows.OutboxItem {
	h.t.Helper()
	h.rec.mu.Lock()
	h.rec.items = nil
	h.rec.mu.Unlock()
	if _, err := h.worker.Flush(ctx); err != nil {
		h.t.Fatal(err)
	}
	out := map[string][]flows.OutboxItem{}
	for _, it := range h.rec.items {
		for name, st := range h.s.Staff {
			if st.ID == it.ToStaff {
				out[name] = append(out[name], it)
			}
		}
	}
	return out
}

func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.SQL().Get(&n, query, args...); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *harness) onlyRepair() repair.Repair {
	h.t.Helper()
	var ref string
	if err := h.db.SQL().Get(&ref, `SELECT ref FROM repairs ORDER BY id DESC LIMIT 1`); err != nil {
		h.t.Fatal(err)
	}
	r, err := h.db.RepairByRef(ctx, h.s.ID, ref)
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

func wantContains(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply does not contain %q:\n%s", w, got)
		}
	}
}

func TestUnboundAccountOnlyGetsBindingInstructions(t *testing.T) {
	h := newHarness(t)
	for _, text := range []string{"你好", "报修", "302教室灯不亮", "我的", "菜单"} {
		got := h.say("stranger", text)
		wantContains(t, got, "还没有绑定", "绑定 ")
	}
	if n := h.count(`SELECT count(*) FROM repairs`); n != 0 {
		t.Errorf("an unbound account created %d repairs", n)
	}
	if n := h.count(`SELECT count(*) FROM sessions WHERE external_id = 'stranger'`); n != 0 {
		t.Errorf("an unbound account got a session")
	}
}

func TestBindingByChatIsThrottled(t *testing.T) {
	h := newHarness(t)
	code, err := h.db.InviteStaff(ctx, h.s.Staff["王老师"].ID, h.now, 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		got := h.say("guesser", fmt.Sprintf("绑定 AAAA%04d", i))
		wantContains(t, got, "绑定码不正确")
	}
	// Even the right code is refused now: a guesser learns nothing.
	wantContains(t, h.say("guesser", "绑定 "+code), "次数太多")
	// Another account binds with it, once.
	wantContains(t, h.say("wx-new", "绑定 "+strings.ToLower(code)), "绑定成功", "王老师")
	wantContains(t, h.say("wx-other", "绑定 "+code), "绑定码不正确或已失效")
	wantContains(t, h.say("wx-new", "菜单"), "王老师，你好")
	// An hour later the guesser may try again.
	h.now = h.now.Add(61 * time.Minute)
	wantContains(t, h.say("guesser", "绑定 BBBB0000"), "绑定码不正确")
}

func TestSameDedupKeyReplaysAndWritesNothing(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室课桌腿断了")
	m := h.msg("李老师", "1", "")
	first := h.handle(m)
	rows := func() string {
		return fmt.Sprint(h.count(`SELECT count(*) FROM repairs`), h.count(`SELECT count(*) FROM repair_events`),
			h.count(`SELECT count(*) FROM outbox`), h.count(`SELECT count(*) FROM inbound`))
	}
	before := rows()
	second := h.handle(m)
	if first != second {
		t.Errorf("replay differs:\n%s\n---\n%s", first, second)
	}
	if after := rows(); after != before {
		t.Errorf("replay wrote rows: before %s, after %s", before, after)
	}
	// Concurrent deliveries of one new message: one effect, identical answers.
	h.say("王老师", "303教室灯不亮")
	m = h.msg("王老师", "1", "")
	var wg sync.WaitGroup
	answers := make([]string, 3)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies, err := h.eng.Handle(ctx, m)
			if err != nil {
				t.Error(err)
				return
			}
			answers[i] = replies[0].Text
		}()
	}
	wg.Wait()
	if answers[0] != answers[1] || answers[1] != answers[2] {
		t.Errorf("concurrent answers differ: %q", answers)
	}
	if n := h.count(`SELECT count(*) FROM repairs`); n != 2 {
		t.Errorf("%d repairs, want 2", n)
	}
}

func TestRestartBetweenMessagesLosesNothing(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say("李老师", "报修"), "在哪里")
	h.eng = h.newEngine() // a new process: only the database carries over
	wantContains(t, h.say("李老师", "初二(3)班"), "出了什么问题")
	h.eng = h.newEngine()
	wantContains(t, h.say("李老师", "讲台抽屉坏了"), "请核对", "教学楼302", "木工")
	h.eng = h.newEngine()
	wantContains(t, h.say("李老师", "1"), "报修成功", "王师傅")
}

type panicky struct{ repair.RepairFlow }

func (panicky) Name() string            { return "boom" }
func (panicky) Triggers() []string      { return []string{"爆炸"} }
func (panicky) Start(*flows.Turn) error { panic("kaboom") }

func TestPanicInAFlowIsRecoveredAndWritesNothing(t *testing.T) {
	h := newHarness(t, flows.Module{Name: "panicky", Flows: []flows.Flow{panicky{}}})
	_, err := h.eng.Handle(ctx, h.msg("李老师", "爆炸", ""))
	if !errors.Is(err, flows.ErrPanic) {
		t.Fatalf("got %v, want ErrPanic", err)
	}
	if n := h.count(`SELECT count(*) FROM inbound`); n != 0 {
		t.Errorf("a failed message left %d inbound rows; its retry would be swallowed", n)
	}
	wantContains(t, h.say("李老师", "帮助"), "报修")
}

// asInstants is v as JSON with every RFC 3339 time written as the same
// instant in UTC, so that two reads of one row compare equal when the
// driver and PostgreSQL's JSON name the same offset differently.
func asInstants(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`"\d{4}-\d\d-\d\dT[^"]*"`).ReplaceAllStringFunc(string(b), func(s string) string {
		tm, err := time.Parse(time.RFC3339Nano, strings.Trim(s, `"`))
		if err != nil {
			return s
		}
		return tm.UTC().Format(time.RFC3339Nano)
	})
}

// holdAccount begins a transaction that holds who's account as a message
// of theirs in flight does: their identity row locked and changed (every
// session write changes it). The caller changes what it likes in it, then
// sayWhileHeld.
func (h *harness) holdAccount(who string) *sql.Tx {
	h.t.Helper()
	tx, err := h.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { tx.Rollback() })
	for _, q := range []string{
		`SELECT 1 FROM identities WHERE channel = $1 AND external_id = $2 FOR UPDATE`,
		`UPDATE identities SET last_seen = last_seen WHERE channel = $1 AND external_id = $2`,
	} {
		if _, err := tx.Exec(q, string(flows.ChannelConsole), h.account(who)); err != nil {
			h.t.Fatal(err)
		}
	}
	return tx
}

// sayWhileHeld sends who's text while held (holdAccount) holds their
// account, checks that the message waits for it, commits held and returns
// the reply.
func (h *harness) sayWhileHeld(held *sql.Tx, who, text string) string {
	h.t.Helper()
	reply := make(chan string, 1)
	go func() { reply <- h.say(who, text) }()
	time.Sleep(300 * time.Millisecond) // the message is waiting for the account's lock
	select {
	case got := <-reply:
		h.t.Fatalf("%s> %s did not wait for the account's lock: %q", who, text, got)
	default:
	}
	if err := held.Commit(); err != nil {
		h.t.Fatal(err)
	}
	return <-reply
}
