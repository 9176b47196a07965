package e2e_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

// Valid resident ID numbers (check digits computed); 110101199003071234,
// the example in the issue, has a wrong check digit.
const (
	idZhang = "11010519491231002X"
	idLi    = "440304198510123415"
	idBad   = "110101199003071234"
)

func testVault(t *testing.T) *visit.IDVault {
	t.Helper()
	v, err := visit.NewIDVault(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newGate(t *testing.T) (*harness, *visit.IDVault) {
	v := testVault(t)
	return newHarness(t, visit.Module(v)), v
}

func (h *harness) visitTick() {
	h.t.Helper()
	(&flows.Scheduler{Store: h.db, Now: h.clock, Jobs: visit.Module(nil).Jobs}).Tick(ctx)
}

func (h *harness) lastVisit() visit.Visit {
	h.t.Helper()
	var id int64
	if err := h.db.SQL().Get(&id, `SELECT id FROM visits ORDER BY id DESC LIMIT 1`); err != nil {
		h.t.Fatal(err)
	}
	v, err := h.db.VisitByID(ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return v
}

func (h *harness) visitEvents(id int64) string {
	h.t.Helper()
	evs, err := h.db.VisitEvents(ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, string(e.Kind))
	}
	return strings.Join(kinds, ",")
}

// plainIDRows counts rows anywhere a chat message can leave text (sessions,
// replies, notifications, visits, events) that contain the plain number.
func (h *harness) plainIDRows(id string) int {
	h.t.Helper()
	return h.count(`SELECT
		(SELECT count(*) FROM sessions WHERE strpos(data::text, $1) > 0) +
		(SELECT count(*) FROM inbound WHERE strpos(coalesce(replies::text, ''), $1) > 0) +
		(SELECT count(*) FROM outbox WHERE strpos(body, $1) > 0) +
		(SELECT count(*) FROM visits v WHERE strpos(v::text, $1) > 0) +
		(SELECT count(*) FROM visit_events e WHERE strpos(e::text, $1) > 0)`, id)
}

const oneMessage = "张三 身份证" + idZhang + " 13800138000 找初二班主任李老师 家长会 京A12345"

func TestVisitCheckInFromOneMessageAndHostApproves(t *testing.T) {
	h, vault := newGate(t)
	h.now = time.Date(2026, 11, 20, 9, 30, 0, 0, h.now.Location())
	got := h.say("老郑", oneMessage)
	wantContains(t, got, "请核对", "张三", "110105********002X", "13800138000", "学生家长", "家长来访（家长会）", "李老师", "京A12345", "1 人")
	if strings.Contains(got, idZhang) {
		t.Errorf("the read-back shows the plain ID number:\n%s", got)
	}
	got = h.say("老郑", "1")
	wantContains(t, got, "已登记", "李老师")
	v := h.lastVisit()
	if v.Status != visit.VisitWaiting || v.HostID != h.s.Staff["李老师"].ID || v.Party != 1 || v.Plate != "京A12345" {
		t.Fatalf("visit %+v", v)
	}
	if plain, err := vault.Open(v.IDCipher); err != nil || plain != idZhang || v.IDHash != vault.Hash(idZhang) {
		t.Errorf("stored ID opens to %q (%v)", plain, err)
	}
	card := h.deliver()["李老师"]
	if len(card) != 1 || len(card[0].Buttons) != 2 {
		t.Fatalf("host card %+v", card)
	}
	wantContains(t, card[0].Text, "张三", "家长来访", "1 人", "京A12345", "110105********002X", fmt.Sprintf("同意 %d", v.ID))
	if strings.Contains(card[0].Text, idZhang) {
		t.Error("the host's card shows the plain ID number")
	}
	h.now = h.now.Add(3 * time.Minute)
	wantContains(t, h.press("李老师", card[0].Buttons[0].Data), "已同意")
	wantContains(t, h.deliver()["老郑"][0].Text, "李老师同意", "请放行", fmt.Sprintf("离校 %d", v.ID))
	v = h.lastVisit()
	if v.Status != visit.VisitAdmitted || v.DecidedBy != h.s.Staff["李老师"].ID {
		t.Errorf("after approval %+v", v)
	}
	// Pressing again changes nothing.
	wantContains(t, h.press("李老师", card[0].Buttons[1].Data), "不需要再确认")
	if got, want := h.visitEvents(v.ID), "registered,approved"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	if n := h.plainIDRows(idZhang); n != 0 {
		t.Errorf("%d rows contain the plain ID number", n)
	}
}

func TestVisitWrongIDIsExplainedAndAskedAgain(t *testing.T) {
	h, _ := newGate(t)
	got := h.say("老郑", "张三 身份证"+idBad+" 13800138000 找李老师 家长会 京A12345")
	wantContains(t, got, "校验位不对", "请发送张三的居民身份证号码")
	wantContains(t, h.say("老郑", "11010519491231002"), "18 位")
	wantContains(t, h.say("老郑", strings.ToLower(idZhang)), "请核对", "110105********002X")
}

func TestVisitCheckInStepByStep(t *testing.T) {
	h, _ := newGate(t)
	wantContains(t, h.say("老郑", "来访登记"), "姓名")
	wantContains(t, h.say("老郑", "123"), "姓名")
	wantContains(t, h.say("老郑", "王五"), "居民身份证号码", "护照")
	wantContains(t, h.say("老郑", "2"), "护照号码")
	wantContains(t, h.say("老郑", "E1234567"), "手机号")
	wantContains(t, h.say("老郑", "12345"), "11 位手机号")
	wantContains(t, h.say("老郑", "139 1234 5678"), "来访事由", "3. 施工维修")
	wantContains(t, h.say("老郑", "3"), "哪个单位")
	wantContains(t, h.say("老郑", "华建装饰公司"), "找哪位")
	wantContains(t, h.say("老郑", "张飞"), "没有找到")
	wantContains(t, h.say("老郑", "王"), "哪一位", "王老师", "王师傅")
	wantContains(t, h.say("老郑", "2"), "车牌号")
	wantContains(t, h.say("老郑", "京A123"), "车牌号不对")
	wantContains(t, h.say("老郑", "京AD12345"), "请核对", "护照 ****4567", "华建装饰公司", "施工维修", "王师傅", "京AD12345", "1 人")
	wantContains(t, h.say("老郑", "一行2人"), "请核对", "2 人")
	wantContains(t, h.say("老郑", "确认"), "已登记", "王师傅")
	v := h.lastVisit()
	if v.Name != "王五" || v.IDType != visit.IDPassport || v.IDMasked != "****4567" || v.Phone != "13912345678" ||
		v.Org != "华建装饰公司" || v.Purpose != "施工维修" || v.HostID != h.s.Staff["王师傅"].ID || v.Party != 2 || v.Plate != "京AD12345" {
		t.Errorf("visit %+v", v)
	}
}

func TestVisitHostRejects(t *testing.T) {
	h, _ := newGate(t)
	h.say("老郑", oneMessage)
	h.say("老郑", "1")
	v := h.lastVisit()
	h.deliver()
	// Only the host or a school leader decides.
	wantContains(t, h.say("王老师", fmt.Sprintf("同意 %d", v.ID)), "只有被访人或学校领导")
	wantContains(t, h.say("老郑", fmt.Sprintf("同意 %d", v.ID)), "只有被访人李老师或学校领导")
	wantContains(t, h.say("李老师", fmt.Sprintf("拒绝 %d", v.ID)), "不同意张三入校")
	wantContains(t, h.deliver()["老郑"][0].Text, "不同意", "请礼貌")
	if v = h.lastVisit(); v.Status != visit.VisitRejected {
		t.Errorf("status %s", v.Status)
	}
	wantContains(t, h.say("老郑", fmt.Sprintf("离校 %d", v.ID)), "未获同意")
}

func TestVisitHostTimeoutAndHeadAuthority(t *testing.T) {
	h, _ := newGate(t)
	h.say("老郑", oneMessage)
	h.say("老郑", "1")
	v := h.lastVisit()
	h.deliver()
	h.now = h.now.Add(5 * time.Minute)
	h.visitTick()
	if out := h.deliver(); len(out["老郑"]) != 0 {
		t.Fatalf("the guard was told before the timeout: %v", out["老郑"])
	}
	wantContains(t, h.say("老郑", fmt.Sprintf("总务主任同意 %d", v.ID)), "请先等被访人李老师回复")
	h.now = h.now.Add(6 * time.Minute)
	h.visitTick()
	out := h.deliver()
	if len(out["老郑"]) != 1 || len(out["陈主任"]) != 1 {
		t.Fatalf("timeout notifications: %v", out)
	}
	wantContains(t, out["老郑"][0].Text, "还没有回复", "总务主任陈主任", fmt.Sprintf("总务主任同意 %d", v.ID))
	wantContains(t, out["陈主任"][0].Text, "已等 10 分钟", fmt.Sprintf("同意 %d", v.ID))
	h.visitTick()
	if out := h.deliver(); len(out) != 0 {
		t.Errorf("a second tick notified again: %v", out)
	}
	wantContains(t, h.press("老郑", out["老郑"][0].Buttons[0].Data), "经总务主任陈主任电话同意", "由门卫老郑放行")
	v = h.lastVisit()
	if v.Status != visit.VisitAdmitted || v.DecidedBy != h.s.Staff["老郑"].ID || !strings.Contains(v.Decision, "陈主任") {
		t.Errorf("admitted on authority: %+v", v)
	}
	told := h.deliver()
	wantContains(t, told["陈主任"][0].Text, "按你的电话同意")
	wantContains(t, told["李老师"][0].Text, "已进校")
	if got, want := h.visitEvents(v.ID), "registered,host_timeout,admitted_on_head_authority"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
}

func TestVisitHeadAnswersDirectly(t *testing.T) {
	h, _ := newGate(t)
	h.say("老郑", oneMessage)
	h.say("老郑", "1")
	v := h.lastVisit()
	h.now = h.now.Add(11 * time.Minute)
	h.visitTick()
	h.deliver()
	wantContains(t, h.say("陈主任", fmt.Sprintf("同意 %d", v.ID)), "已同意")
	out := h.deliver()
	wantContains(t, out["老郑"][0].Text, "总务主任陈主任同意")
	wantContains(t, out["李老师"][0].Text, "总务主任陈主任同意")
}

func TestVisitorsListCheckOutAndGateClose(t *testing.T) {
	h, _ := newGate(t)
	h.now = time.Date(2026, 11, 20, 9, 30, 0, 0, h.now.Location())
	wantContains(t, h.say("老郑", "在校访客"), "没有")
	h.say("老郑", oneMessage)
	h.say("老郑", "1")
	first := h.lastVisit()
	h.say("李老师", fmt.Sprintf("同意 %d", first.ID))
	h.now = h.now.Add(10 * time.Minute)
	h.say("老郑", "李四 "+idLi+" 13912345678 找王老师 顺丰速运 送货 步行")
	h.say("老郑", "1")
	second := h.lastVisit()
	h.now = time.Date(2026, 11, 20, 10, 40, 0, 0, h.now.Location())
	got := h.say("老郑", "在校访客")
	wantContains(t, got, "共 2 位", "1. 张三", "09:30 入校", "已 1 小时 10 分钟", "2. 李四", "等待王老师确认")
	wantContains(t, h.say("老郑", "1"), "张三离校", "09:30 入校", "10:40 离校", "在校 1 小时 10 分钟")
	if v, _ := h.db.VisitByID(ctx, first.ID); v.Status != visit.VisitLeft || !v.LeftAt.Equal(h.now) {
		t.Errorf("checked out: %+v", v)
	}
	wantContains(t, h.say("老郑", fmt.Sprintf("离校 %d", first.ID)), "张三已离校。")
	wantContains(t, h.say("李老师", fmt.Sprintf("离校 %d", second.ID)), "由门卫登记")
	h.say("王老师", fmt.Sprintf("同意 %d", second.ID))
	h.deliver()

	// Gate closing: once a day, flagged for the digest.
	h.now = time.Date(2026, 11, 20, 17, 59, 0, 0, h.now.Location())
	h.visitTick()
	if out := h.deliver(); len(out["老郑"]) != 0 {
		t.Fatal("gate-close list before gate-closing time")
	}
	h.now = h.now.Add(2 * time.Minute)
	h.visitTick()
	out := h.deliver()
	if len(out["老郑"]) != 1 {
		t.Fatalf("gate-close notifications %v", out)
	}
	wantContains(t, out["老郑"][0].Text, "闭校提醒", "李四", fmt.Sprintf("离校 %d", second.ID))
	if strings.Contains(out["老郑"][0].Text, "张三") {
		t.Error("a visitor who left is listed at gate close")
	}
	h.visitTick()
	if out := h.deliver(); len(out) != 0 {
		t.Errorf("gate-close list sent twice: %v", out)
	}
	var inside []visit.Visit
	if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		var err error
		inside, err = tx.VisitsInsideAtClose(ctx, h.s.ID, h.now.Add(-24*time.Hour), h.now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(inside) != 1 || inside[0].ID != second.ID {
		t.Errorf("inside at close: %+v", inside)
	}
	if !strings.HasSuffix(h.visitEvents(second.ID), string(visit.EventInsideAtClose)) {
		t.Errorf("events %s", h.visitEvents(second.ID))
	}
}

func TestWatchListAlerts(t *testing.T) {
	h, vault := newGate(t)
	if _, err := h.db.AddWatch(ctx, visit.WatchEntry{SchoolID: h.s.ID, Kind: visit.WatchID, Hash: vault.Hash(idZhang),
		Masked: "110105********002X", Note: "校闹，法院禁止令", AddedAt: h.now}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.AddWatch(ctx, visit.WatchEntry{SchoolID: h.s.ID, Kind: visit.WatchPhone, Value: "13700000000",
		Masked: "137****0000", Note: "多次冒充家长", AddedAt: h.now}); err != nil {
		t.Fatal(err)
	}
	got := h.say("老郑", oneMessage)
	wantContains(t, got, "关注名单相符", "证件号相符", "校闹，法院禁止令", "请先不要放行", "请核对")
	out := h.deliver()
	for _, who := range []string{"陈主任", "刘副校长"} {
		if len(out[who]) != 1 {
			t.Fatalf("%s got %d alerts", who, len(out[who]))
		}
		wantContains(t, out[who][0].Text, "关注名单提醒", "张三", "110105********002X", "校闹", "老郑")
		if strings.Contains(out[who][0].Text, idZhang) {
			t.Error("the alert shows the plain ID number")
		}
	}
	if len(out["李老师"]) != 0 || len(out["张校长"]) != 0 {
		t.Errorf("alert went beyond the 总务主任 and 分管领导: %v", out)
	}
	// A correction does not alert twice.
	h.say("老郑", "2人")
	if out := h.deliver(); len(out) != 0 {
		t.Errorf("alerted again: %v", out)
	}
	h.say("老郑", "1")
	v := h.lastVisit()
	if v.WatchNote != "校闹，法院禁止令" || h.visitEvents(v.ID) != "registered,watch_hit" {
		t.Errorf("visit %+v, events %s", v, h.visitEvents(v.ID))
	}
	// By phone, step by step.
	h.say("老郑", "来访登记")
	h.say("老郑", "赵六")
	h.say("老郑", idLi)
	wantContains(t, h.say("老郑", "13700000000"), "手机号相符", "多次冒充家长")
}

func TestVisitFlowIsForGuardsOnly(t *testing.T) {
	h, _ := newGate(t)
	wantContains(t, h.say("李老师", "来访登记"), "「来访登记」只对门卫开放")
	wantContains(t, h.say("李老师", "在校访客"), "只对门卫、总务主任开放")
	h.say("李老师", oneMessage)
	h.say("李老师", "1")
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Errorf("a teacher registered %d visits", n)
	}
	if strings.Contains(h.say("李老师", "菜单"), "来访登记") {
		t.Error("a teacher's menu offers 来访登记")
	}
	wantContains(t, h.say("老郑", "菜单"), "来访登记", "在校访客")
}

func TestRepeatVisitorIsOfferedQuickRegistration(t *testing.T) {
	h, _ := newGate(t)
	h.say("老郑", oneMessage)
	h.say("老郑", "1")
	first := h.lastVisit()
	h.now = h.now.Add(24 * time.Hour)
	got := h.say("老郑", "来访登记 "+idZhang)
	wantContains(t, got, "来过", "张三", "110105********002X", "138****8000", "李老师", "京A12345", "沿用")
	if strings.Contains(got, "13800138000") {
		t.Error("the repeat offer shows the full phone number")
	}
	wantContains(t, h.say("老郑", "1"), "请核对", "张三", "13800138000", "李老师", "京A12345")
	wantContains(t, h.say("老郑", "1"), "已登记")
	second := h.lastVisit()
	if second.ID == first.ID || second.IDHash != first.IDHash || second.Name != "张三" || second.HostID != first.HostID {
		t.Errorf("repeat visit %+v", second)
	}
	// By phone, choosing to type afresh.
	h.say("老郑", "来访登记 13800138000")
	wantContains(t, h.say("老郑", "2"), "姓名")
}

func TestVisitFlowWithoutKeyRefusesPolitely(t *testing.T) {
	h := newHarness(t, visit.Module(nil))
	wantContains(t, h.say("老郑", "来访登记"), "还没有启用", "HOUQIN_ID_KEY", "纸质登记簿")
	wantContains(t, h.say("老郑", oneMessage), "还没有启用")
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Errorf("%d visits without a key", n)
	}
}
