package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"os"
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

// Flow tests run the real engine on a real PostgreSQL database: the
// transaction boundaries, locks and constraints are part of what is tested.

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
	db := storetest.Open(t)
	h := &harness{t: t, db: db, s: storetest.Seed(t, db, "一中"), rec: &recorder{}, extra: extra,
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

func TestCancelWorksAtEveryStep(t *testing.T) {
	for _, steps := range [][]string{{"报修"}, {"报修", "302"}, {"报修", "302", "门锁坏了"}, {"302教室门锁坏了"}} {
		h := newHarness(t)
		for _, s := range steps {
			h.say("李老师", s)
		}
		wantContains(t, h.say("李老师", "取消"), "已取消")
		// The confirmation step is gone: "1" is not a submission any more.
		if got := h.say("李老师", "1"); strings.Contains(got, "报修成功") {
			t.Errorf("after 取消 at %v, 1 still submitted", steps)
		}
		if n := h.count(`SELECT count(*) FROM repairs`); n != 0 {
			t.Errorf("after 取消 at %v: %d repairs", steps, n)
		}
	}
}

func TestIdleSessionExpires(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室门锁坏了")
	h.now = h.now.Add(31 * time.Minute)
	got := h.say("李老师", "1")
	wantContains(t, got, "已自动结束")
	if strings.Contains(got, "报修成功") {
		t.Error("an expired confirmation was submitted")
	}
}

func TestHelpMenuMine(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say("李老师", "帮助"), "报修", "取消")
	menu := h.say("李老师", "菜单")
	wantContains(t, menu, "1. 报修")
	wantContains(t, h.say("李老师", "1"), "在哪里")
	wantContains(t, h.say("李老师", "我的"), "没有进行中的事项", "还没有完成")
}

func TestWrongInputIsAnsweredPolitely(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say("李老师", "报修"), "在哪里")
	wantContains(t, h.say("李老师", "火星基地"), "没有找到")
	wantContains(t, h.say("李老师", "302"), "出了什么问题")
	// An image alone is not a description.
	m := h.msg("李老师", "", "")
	m.Media = []flows.Media{{Kind: "image", Ref: "media-1"}}
	wantContains(t, h.handle(m), "照片收到了", "出了什么问题")
	wantContains(t, h.say("李老师", strings.Repeat("很长", 300)), "太长")
	big := strings.Repeat("啊", 5<<20/3)
	wantContains(t, h.say("李老师", big), "太长")
	wantContains(t, h.say("李老师", "asdfgh"), "哪一类维修")
	wantContains(t, h.say("李老师", "随便说点什么"), "请回复 1 到 6")
	wantContains(t, h.say("李老师", "1"), "请核对", "木工")
	wantContains(t, h.say("李老师", "随便说点什么"), "请回复数字")
	// Nonsense with no flow running gets the menu.
	h.say("李老师", "取消")
	wantContains(t, h.say("李老师", "qwerty"), "没有看懂", "1. 报修")
}

func TestRepairLoopEndToEnd(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say("李老师", "302教室第三排课桌腿断了"), "教学楼302", "木工", "小修", "今天 21:00")
	got := h.say("李老师", "1")
	wantContains(t, got, "报修成功", "BX-20261120-001", "王师傅")
	r := h.onlyRepair()
	if r.Status != repair.RepairAssigned || r.RouteReason == "" {
		t.Fatalf("repair %+v", r)
	}
	job := h.deliver()["王师傅"]
	if len(job) != 1 || len(job[0].Buttons) != 4 || !strings.Contains(job[0].Text, "课桌腿断了") {
		t.Fatalf("job notification %+v", job)
	}
	h.now = h.now.Add(20 * time.Minute)
	wantContains(t, h.press("王师傅", job[0].Buttons[0].Data), "已接单")
	wantContains(t, h.deliver()["李老师"][0].Text, "王师傅已接单")
	wantContains(t, h.say("王师傅", "我的"), "我的维修任务", r.Ref)
	h.now = h.now.Add(2 * time.Hour)
	wantContains(t, h.say("王师傅", fmt.Sprintf("完成 %d", r.ID)), "损坏原因")
	wantContains(t, h.say("王师傅", "2"), "哪个班级")
	wantContains(t, h.say("王师傅", "初二(3)班 学生打闹踢坏"), "已记录", "完成")
	ask := h.deliver()["李老师"]
	if len(ask) != 1 || len(ask[0].Buttons) != 2 {
		t.Fatalf("sign-off question %+v", ask)
	}
	wantContains(t, h.press("李老师", ask[0].Buttons[0].Data), "已验收", "打分")
	wantContains(t, h.pressf("李老师", "rp:rate:%d:4", r.ID), "4 分")
	h.say("李老师", "很及时")
	r = h.onlyRepair()
	if r.Status != repair.RepairClosed || r.Rating != 4 || r.RatingComment != "很及时" || r.Cause != "damage" || !strings.Contains(r.DamageNote, "初二(3)班") {
		t.Errorf("closed repair %+v", r)
	}
	evs, _ := h.db.RepairEvents(ctx, r.ID)
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if got, want := strings.Join(kinds, ","), "reported,accepted,done,confirmed,rated,commented"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
}

func TestRedoReopensToTheSameWorker(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室灯不亮")
	h.say("李老师", "1")
	r := h.onlyRepair()
	h.say("孙师傅", fmt.Sprintf("完成 %d", r.ID))
	h.say("孙师傅", "1")
	wantContains(t, h.say("李老师", fmt.Sprintf("没修好 %d", r.ID)), "哪里还没修好")
	wantContains(t, h.say("李老师", "还是不亮"), "退回给孙师傅")
	r = h.onlyRepair()
	if r.Status != repair.RepairAssigned || r.Reopens != 1 || r.WorkerID != h.s.Staff["孙师傅"].ID {
		t.Errorf("reopened repair %+v", r)
	}
	wantContains(t, h.deliver()["孙师傅"][1].Text, "返修")
}

func TestRoleChecksOnJobButtons(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室门锁坏了")
	h.say("李老师", "1")
	r := h.onlyRepair()
	for who, data := range map[string]string{
		"王老师": "rp:take:%d",  // a teacher
		"孙师傅": "rp:take:%d",  // an electrician, for a carpentry job
		"周师傅": "rp:done:%d",  // not his job
		"李老师": "rp:lead:%d",  // only leaders decide
		"马师傅": "rp:ok:%d",    // only the reporter signs off
		"老郑":  "rp:block:%d", // a guard
	} {
		got := h.pressf(who, data, r.ID)
		if !strings.Contains(got, "不是派给你") && !strings.Contains(got, "只有") && !strings.Contains(got, "不需要") {
			t.Errorf("%s pressing %s: %q, want a refusal", who, data, got)
		}
	}
	if got := h.onlyRepair(); got.Status != repair.RepairAssigned || got.WorkerID != r.WorkerID {
		t.Errorf("refused presses changed the repair: %+v", got)
	}
	// Another carpenter may take an untaken carpentry job from the group.
	wantContains(t, h.pressf("马师傅", "rp:take:%d", r.ID), "已接单")
	wantContains(t, h.deliver()["王师傅"][1].Text, "马师傅接单")
	// A job that does not exist, or a forged button.
	wantContains(t, h.press("王师傅", "rp:take:999999"), "没有找到")
	wantContains(t, h.press("王师傅", "rp:take:abc"), "失效")
	wantContains(t, h.press("王师傅", "zz:what"), "失效")
}

func TestDuplicateReportMakesAFollower(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "实验楼二楼男厕所水龙头漏水")
	h.say("李老师", "1")
	got := h.say("王老师", "二楼男厕所水龙头坏了")
	wantContains(t, got, "请核对")
	wantContains(t, h.say("王老师", "1"), "已经有人报修", "关注人")
	if n := h.count(`SELECT count(*) FROM repairs`); n != 1 {
		t.Fatalf("%d repairs, want 1", n)
	}
	r := h.onlyRepair()
	if n := h.count(`SELECT count(*) FROM repair_followers WHERE repair_id = $1 AND staff_id = $2`, r.ID, h.s.Staff["王老师"].ID); n != 1 {
		t.Fatal("王老师 is not a follower")
	}
	h.deliver()
	h.say("周师傅", fmt.Sprintf("完成 %d", r.ID))
	h.say("周师傅", "1")
	told := h.deliver()
	if len(told["李老师"]) != 1 || len(told["王老师"]) != 1 {
		t.Errorf("reporter and follower should both hear it is fixed: %v", told)
	}
}

func TestCannotFixEscalatesAndLeaderDecides(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室窗户玻璃碎了")
	h.say("李老师", "1")
	r := h.onlyRepair()
	h.deliver()
	h.pressf("王师傅", "rp:block:%d", r.ID)
	h.say("王师傅", "3")
	wantContains(t, h.say("王师傅", "整扇窗框变形，需要外包"), "上报分管领导刘副校长")
	out := h.deliver()
	wantContains(t, out["刘副校长"][0].Text, "修不好", "需要外包")
	wantContains(t, out["李老师"][0].Text, "暂时修不好", "分管领导")
	h.say("刘副校长", fmt.Sprintf("处理 %d", r.ID))
	h.say("刘副校长", "3")
	h.say("刘副校长", "要等寒假统一更换")
	wantContains(t, h.say("刘副校长", "5"), "暂缓")
	wantContains(t, h.deliver()["李老师"][0].Text, "暂缓维修", "寒假")
	if r = h.onlyRepair(); r.Status != repair.RepairDeferred || !r.DueAt.Equal(h.now.Add(5*24*time.Hour)) {
		t.Errorf("deferred repair %+v", r)
	}
}

func TestReclassifyRecomputesDue(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室讲台坏了")
	h.say("李老师", "1")
	r := h.onlyRepair()
	h.pressf("王师傅", "rp:take:%d", r.ID)
	h.pressf("王师傅", "rp:reclass:%d", r.ID)
	wantContains(t, h.say("王师傅", "需要整体更换木板"), "改为大修")
	got := h.onlyRepair()
	if !got.Large || !got.DueAt.Equal(got.ReportedAt.Add(24*time.Hour)) {
		t.Errorf("reclassified: large=%v due %v", got.Large, got.DueAt)
	}
	h.deliver()
}

func TestNoRouteGoesToTheHead(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室投影仪打不开")
	wantContains(t, h.say("李老师", "1"), "陈主任")
	if r := h.onlyRepair(); !strings.Contains(r.RouteReason, "总务主任") {
		t.Errorf("route reason %q", r.RouteReason)
	}
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
