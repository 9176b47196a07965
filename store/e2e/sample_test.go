package e2e_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
)

// the sample jobs on the harness clock.
func sampleHarness(t *testing.T) (*harness, func()) {
	h := newHarness(t, canteen.Module())
	sched := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: canteen.Module().Jobs}
	return h, func() { sched.Tick(ctx) }
}

func (h *harness) at(hhmm string) {
	h.t.Helper()
	c, err := flows.ParseClock(hhmm)
	if err != nil {
		h.t.Fatal(err)
	}
	h.now = c.On(h.now, h.now.Location())
}

type sampleRow struct {
	ID              int64     `db:"id"`
	Meal            string    `db:"meal"`
	FridgeC         float64   `db:"fridge_c"`
	StoredAt        time.Time `db:"stored_at"`
	DisposeAfter    time.Time `db:"dispose_after"`
	Violation       string    `db:"violation"`
	ViolationReason string    `db:"violation_reason"`
	Dishes          string    `db:"dishes"`
}

func (h *harness) samples() []sampleRow {
	h.t.Helper()
	var rows []sampleRow
	if err := h.db.SQL().Select(&rows, `
		SELECT b.id, b.meal, b.fridge_c, b.stored_at, b.dispose_after, b.violation, b.violation_reason,
		       string_agg(i.dish || ' ' || i.grams, '、' ORDER BY i.pos) AS dishes
		FROM sample_batches b JOIN sample_items i ON i.batch_id = b.id
		GROUP BY b.id ORDER BY b.id`); err != nil {
		h.t.Fatal(err)
	}
	return rows
}

func TestSampleLunchFromOneMessage(t *testing.T) {
	h, _ := sampleHarness(t)
	h.at("12:50")
	got := h.say("钱阿姨", "留样\n红烧肉 130g\n清炒菜心 128\n米饭 150克\n温度 4度")
	wantContains(t, got, "今天午餐", "红烧肉 130 克", "清炒菜心 128 克", "米饭 150 克", "4℃", "11月22日 12:50")
	wantContains(t, h.say("钱阿姨", "1"), "留样已记录", "3 个菜品", "已处理")
	rows := h.samples()
	if len(rows) != 1 {
		t.Fatalf("%d batches, want 1", len(rows))
	}
	b := rows[0]
	if b.Meal != flows.MealLunch || b.FridgeC != 4 || b.Dishes != "红烧肉 130、清炒菜心 128、米饭 150" || b.Violation != "" ||
		!b.StoredAt.Equal(h.now) || !b.DisposeAfter.Equal(h.now.Add(48*time.Hour)) {
		t.Errorf("batch %+v", b)
	}
	if out := h.deliver(); len(out["陈主任"]) != 0 {
		t.Errorf("a compliant record was flagged: %v", out["陈主任"])
	}
}

func TestSampleStepByStepWithMealAndPhoto(t *testing.T) {
	h, _ := sampleHarness(t)
	h.at("17:20")
	wantContains(t, h.say("钱阿姨", "留样"), "今天晚餐", "一行一个")
	wantContains(t, h.say("钱阿姨", "午餐"), "改为记录今天午餐")
	wantContains(t, h.say("钱阿姨", "红烧肉 130g，青菜 3两\n米饭"), "米饭", "重量")
	wantContains(t, h.say("钱阿姨", "150"), "多少度")
	wantContains(t, h.say("钱阿姨", "３．５度"), "3.5℃", "照片：未附")
	m := h.msg("钱阿姨", "", "")
	m.Media = []flows.Media{{Kind: "image", Ref: "media-9"}}
	wantContains(t, h.handle(m), "照片收到了", "照片：已附")
	wantContains(t, h.say("钱阿姨", "确认"), "留样已记录")
	if b := h.samples(); len(b) != 1 || b[0].Meal != flows.MealLunch || b[0].Dishes != "红烧肉 130、青菜 150、米饭 150" || b[0].FridgeC != 3.5 {
		t.Errorf("batches %+v", b)
	}
	if n := h.count(`SELECT count(*) FROM sample_batches WHERE photo = 'media-9'`); n != 1 {
		t.Error("the photo was not stored")
	}
}

func TestSampleUnderWeightCorrected(t *testing.T) {
	h, _ := sampleHarness(t)
	h.at("12:50")
	got := h.say("钱阿姨", "留样 午餐\n红烧肉 130g\n清炒菜心 124\n米饭 150克")
	wantContains(t, got, "每个菜品留样不少于 125 克", "清炒菜心 124 克", "按违规登记")
	wantContains(t, h.say("钱阿姨", "125"), "多少度")
	wantContains(t, h.say("钱阿姨", "4"), "清炒菜心 125 克")
	wantContains(t, h.say("钱阿姨", "1"), "留样已记录")
	b := h.samples()
	if len(b) != 1 || b[0].Dishes != "红烧肉 130、清炒菜心 125、米饭 150" || b[0].Violation != "" {
		t.Errorf("batches %+v", b)
	}
	if out := h.deliver(); len(out["陈主任"]) != 0 {
		t.Error("a corrected record was flagged")
	}
}

func TestSampleViolationRecordedAndFlagged(t *testing.T) {
	h, _ := sampleHarness(t)
	h.at("12:50")
	wantContains(t, h.say("钱阿姨", "留样\n红烧肉 130g\n清炒菜心 100"), "清炒菜心 100 克")
	wantContains(t, h.say("钱阿姨", "按违规登记"), "说明原因")
	wantContains(t, h.say("钱阿姨", "无"), "需要写明原因")
	wantContains(t, h.say("钱阿姨", "菜心出菜量不足"), "多少度")
	wantContains(t, h.say("钱阿姨", "8.1"), "0–8℃", "8.1℃")
	wantContains(t, h.press("钱阿姨", "violate"), "说明原因")
	got := h.say("钱阿姨", "冰箱门封条老化，已报修")
	wantContains(t, got, "违规登记", "清炒菜心 100 克（不足 125 克）", "冷藏温度 8.1℃", "菜心出菜量不足；冰箱门封条老化")
	wantContains(t, h.say("钱阿姨", "1"), "留样已记录", "已按规定报告总务主任")
	b := h.samples()
	if len(b) != 1 || !strings.Contains(b[0].Violation, "清炒菜心") || !strings.Contains(b[0].Violation, "8.1") ||
		b[0].ViolationReason != "菜心出菜量不足；冰箱门封条老化，已报修" {
		t.Errorf("batches %+v", b)
	}
	out := h.deliver()
	if len(out["陈主任"]) != 1 {
		t.Fatalf("陈主任 got %d notifications, want 1", len(out["陈主任"]))
	}
	wantContains(t, out["陈主任"][0].Text, "留样问题", "钱阿姨", "清炒菜心 100 克", "菜心出菜量不足")
}

func TestSampleImplausibleInput(t *testing.T) {
	h, _ := sampleHarness(t)
	h.at("12:50")
	wantContains(t, h.say("钱阿姨", "留样\n红烧肉 5000g\n130g\n米饭 150克"), "5000 克不太可能", "没有菜名", "其他的已经记下了")
	wantContains(t, h.say("钱阿姨", "红烧肉 9999g"), "1 到 5000 克")
	wantContains(t, h.say("钱阿姨", "红烧肉 130g"), "多少度")
	wantContains(t, h.say("钱阿姨", "温度 -40"), "-30 到 60")
	wantContains(t, h.say("钱阿姨", "很冷"), "没看懂温度")
	wantContains(t, h.say("钱阿姨", "4"), "请核对", "红烧肉 130 克", "米饭 150 克")
	wantContains(t, h.say("钱阿姨", "取消"), "已取消")
	if n := h.count(`SELECT count(*) FROM sample_batches`); n != 0 {
		t.Errorf("%d batches after 取消", n)
	}
}

func TestSampleFlowIsForTheCanteen(t *testing.T) {
	h, _ := sampleHarness(t)
	wantContains(t, h.say("李老师", "留样"), "只对食堂、总务主任开放")
	wantContains(t, h.say("钱阿姨", "陪餐"), "只对")
	// Canteen staff may just send the list.
	h.at("12:50")
	wantContains(t, h.say("钱阿姨", "红烧肉 130g\n米饭 150克"), "今天午餐", "多少度")
}

func TestSampleMenuOffersDishesAndFlagsUnsampled(t *testing.T) {
	h, _ := sampleHarness(t)
	day := canteen.CivilDay(h.now, h.now.Location())
	if _, err := h.db.SetMenu(ctx, h.s.ID, day, flows.MealLunch, []string{"红烧肉", "清炒菜心", "米饭", "紫菜蛋汤"}, h.now); err != nil {
		t.Fatal(err)
	}
	h.at("12:50")
	wantContains(t, h.say("钱阿姨", "留样"), "午餐菜单", "4. 紫菜蛋汤", "按顺序")
	wantContains(t, h.say("钱阿姨", "130 128 150"), "4 个菜", "3 个重量")
	wantContains(t, h.say("钱阿姨", "130 128 150 140"), "多少度")
	got := h.say("钱阿姨", "4")
	wantContains(t, got, "紫菜蛋汤 140 克")
	if strings.Contains(got, "没有留样") {
		t.Error("a complete menu was flagged")
	}
	h.say("钱阿姨", "1")

	// Dinner: the menu has four dishes, three are sampled.
	if _, err := h.db.SetMenu(ctx, h.s.ID, day, flows.MealDinner, []string{"宫保鸡丁", "炒白菜", "米饭", "冬瓜汤"}, h.now); err != nil {
		t.Fatal(err)
	}
	h.at("17:40")
	got = h.say("钱阿姨", "留样 晚餐\n宫保鸡丁 130g\n白菜 130g\n米饭 150g\n温度 4")
	wantContains(t, got, "菜单上的「冬瓜汤」没有留样")
	wantContains(t, h.say("钱阿姨", "1"), "留样已记录", "报告总务主任")
	out := h.deliver()
	if len(out["陈主任"]) != 1 {
		t.Fatalf("陈主任 got %v", out["陈主任"])
	}
	wantContains(t, out["陈主任"][0].Text, "没有留样的菜：冬瓜汤")
}

// kind keeps the notifications of one kind.
func kind(items []flows.OutboxItem, k string) []flows.OutboxItem {
	var out []flows.OutboxItem
	for _, it := range items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

func (h *harness) onlySample() int64 {
	h.t.Helper()
	rows := h.samples()
	if len(rows) != 1 {
		h.t.Fatalf("%d batches, want 1", len(rows))
	}
	return rows[0].ID
}

func TestSampleDisposal(t *testing.T) {
	h, tick := sampleHarness(t)
	h.at("12:50")
	h.say("钱阿姨", "留样\n红烧肉 130g\n米饭 150克\n温度 4")
	h.say("钱阿姨", "1")
	id := h.onlySample()

	// Early: refused with the rule, at any time before 48 h.
	for _, after := range []time.Duration{time.Hour, 47*time.Hour + 59*time.Minute} {
		h.now = h.now.Add(after)
		wantContains(t, h.say("钱阿姨", fmt.Sprintf("已处理 %d", id)), "现在还不能处理", "48 小时以上", "12:50 才满")
		h.now = h.now.Add(-after)
	}
	wantContains(t, h.say("李老师", fmt.Sprintf("已处理 %d", id)), "只有食堂人员或总务主任")
	tick()
	if out := kind(h.deliver()["钱阿姨"], canteen.KindSampleDispose); len(out) != 0 {
		t.Errorf("a reminder before 48 h: %v", out)
	}

	// At 48 h the canteen is reminded, once.
	h.now = h.now.Add(48 * time.Hour)
	tick()
	tick()
	out := kind(h.deliver()["钱阿姨"], canteen.KindSampleDispose)
	if len(out) != 1 || len(out[0].Buttons) != 1 {
		t.Fatalf("reminders %+v, want one with a button", out)
	}
	wantContains(t, out[0].Text, "留样到期", fmt.Sprintf("已处理 %d", id))
	wantContains(t, h.say("钱阿姨", "我的"), "待处理的留样")
	h.now = h.now.Add(10 * time.Minute)
	wantContains(t, h.press("钱阿姨", out[0].Buttons[0].Data), "已确认处理", "处理人钱阿姨", "今天 13:00")
	wantContains(t, h.say("陈主任", fmt.Sprintf("已处理 %d", id)), "已由钱阿姨", "不用再处理")
	if n := h.count(`SELECT count(*) FROM sample_batches WHERE disposed_by = $1 AND disposed_at = $2`, h.s.Staff["钱阿姨"].ID, h.now); n != 1 {
		t.Error("the disposal was not stored with who and when")
	}
	wantContains(t, h.say("钱阿姨", "已处理 999999"), "没有找到")
	h.now = h.now.Add(24 * time.Hour)
	tick()
	if out := kind(h.deliver()["钱阿姨"], canteen.KindSampleDispose); len(out) != 0 {
		t.Errorf("a reminder after disposal: %v", out)
	}
}

func TestMissingSampleAlertFiresOncePerMeal(t *testing.T) {
	h, tick := sampleHarness(t)
	h.at("07:30")
	h.say("钱阿姨", "留样 早餐\n馒头 130g\n白粥 150克\n温度 4")
	h.say("钱阿姨", "1")

	h.at("13:39") // lunch ends 12:40, +60 min
	tick()
	if out := h.deliver(); len(out["钱阿姨"])+len(out["陈主任"]) != 0 {
		t.Fatalf("alert before the deadline: %v", out)
	}
	h.at("13:40")
	tick()
	out := h.deliver()
	if len(out["钱阿姨"]) != 1 || len(out["陈主任"]) != 1 {
		t.Fatalf("alerts %v, want one each to 钱阿姨 and 陈主任", out)
	}
	wantContains(t, out["陈主任"][0].Text, "未留样", "今天午餐", "13:40")
	h.at("13:50")
	tick()
	// Logging it late does not bring the alert back, nor remove the fact.
	h.say("钱阿姨", "留样 午餐\n红烧肉 130g\n温度 4")
	h.say("钱阿姨", "1")
	h.at("23:59")
	tick()
	out = h.deliver()
	if len(out["钱阿姨"]) != 1 || !strings.Contains(out["钱阿姨"][0].Text, "晚餐") {
		t.Fatalf("by midnight: %v, want only the dinner alert", out["钱阿姨"])
	}
	// The next morning: nothing new about yesterday, and no snack (not served).
	h.now = h.now.Add(8 * time.Hour)
	tick()
	if out := h.deliver(); len(out["钱阿姨"]) != 0 {
		t.Errorf("the next morning: %v", out["钱阿姨"])
	}
	var missing []string
	if err := h.db.SQL().Select(&missing, `SELECT meal FROM sample_missing ORDER BY recorded_at`); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(missing, ","), "lunch,dinner"; got != want {
		t.Errorf("recorded missing meals %s, want %s", got, want)
	}
}

func TestMissingSampleAlertOnlyForMealsServed(t *testing.T) {
	h, tick := sampleHarness(t)
	school := h.s.School
	school.Settings.Meals = []flows.Meal{{Key: flows.MealLunch, Starts: 11*60 + 50, Ends: 12*60 + 40}}
	if err := h.db.UpdateSchool(ctx, school); err != nil {
		t.Fatal(err)
	}
	h.at("12:50")
	h.say("钱阿姨", "留样\n红烧肉 130g\n温度 4")
	h.say("钱阿姨", "1")
	h.at("23:00")
	tick()
	if out := h.deliver(); len(out["钱阿姨"])+len(out["陈主任"]) != 0 {
		t.Errorf("alerts for a school serving only a lunch that was sampled: %v", out)
	}
	if n := h.count(`SELECT count(*) FROM sample_missing`); n != 0 {
		t.Errorf("%d missing meals recorded", n)
	}
}

func TestAccompaniedMeal(t *testing.T) {
	h, _ := sampleHarness(t)
	day := canteen.CivilDay(h.now, h.now.Location())
	if _, err := h.db.SetMenu(ctx, h.s.ID, day, flows.MealLunch, []string{"红烧肉", "清炒菜心", "米饭"}, h.now); err != nil {
		t.Fatal(err)
	}
	h.at("12:55")
	wantContains(t, h.say("刘副校长", "陪餐"), "今天午餐", "红烧肉、清炒菜心、米饭", "按菜单")
	wantContains(t, h.say("刘副校长", "按菜单"), "口味、份量、卫生")
	wantContains(t, h.say("刘副校长", "5 4 9"), "三个 1–5")
	wantContains(t, h.say("刘副校长", "口味5 份量4 卫生5"), "意见")
	wantContains(t, h.say("刘副校长", "米饭偏硬，菜心有点咸"), "交给总务主任")
	wantContains(t, h.say("刘副校长", "1"), "陪餐已记录", "口味 5、份量 4、卫生 5", "交总务主任跟进")
	out := h.deliver()
	if len(out["陈主任"]) != 1 {
		t.Fatalf("陈主任 got %v", out["陈主任"])
	}
	wantContains(t, out["陈主任"][0].Text, "食堂问题", "刘副校长", "米饭偏硬")

	// Dinner by the principal, with no menu and no problem.
	h.at("17:45")
	wantContains(t, h.say("张校长", "陪餐 晚餐 宫保鸡丁、炒白菜"), "宫保鸡丁、炒白菜", "打分")
	h.say("张校长", "555")
	wantContains(t, h.say("张校长", "无"), "陪餐已记录")
	if out := h.deliver(); len(out["陈主任"]) != 0 {
		t.Error("a 陪餐 without a problem was flagged")
	}
	if n := h.count(`SELECT count(*) FROM accompanied_meals WHERE issue`); n != 1 {
		t.Errorf("%d issues, want 1", n)
	}
	without, err := h.db.MealsWithoutAccompany(ctx, h.s.ID, day)
	if err != nil || !reflect.DeepEqual(without, []string{flows.MealBreakfast}) {
		t.Errorf("MealsWithoutAccompany = %v, %v; want breakfast", without, err)
	}
}

func TestSampleHelpAndHeadMayLog(t *testing.T) {
	h, _ := sampleHarness(t)
	wantContains(t, h.say("钱阿姨", "帮助"), "留样：发送「留样」", "温度 4度")
	h.at("12:50")
	h.say("陈主任", "留样 午餐 红烧肉 130g")
	h.say("陈主任", "4")
	wantContains(t, h.say("陈主任", "1"), "留样已记录")
	if n := h.count(`SELECT count(*) FROM sample_batches WHERE staff_id = $1`, h.s.Staff["陈主任"].ID); n != 1 {
		t.Errorf("the 总务主任's record: %d batches", n)
	}
}
