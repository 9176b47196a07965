package e2e_test

import (
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
)

// The canteen's conversations are golden transcripts on in-memory fakes
// (flows/canteen/testdata). What is left here is what only PostgreSQL
// proves: that the records the flows write pass the schema's checks and
// read back as written, and that two scheduler instances ticking at once
// send each reminder and alert once.

// sampleHarness is a harness with the canteen module, and a tick that runs
// its jobs on two scheduler instances at once.
func sampleHarness(t *testing.T) (*harness, func()) {
	h := newHarness(t, canteen.Module())
	tick := func() {
		var wg sync.WaitGroup
		for range 2 {
			sched := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: canteen.Module().Jobs}
			wg.Add(1)
			go func() { defer wg.Done(); sched.Tick(ctx) }()
		}
		wg.Wait()
	}
	return h, tick
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
	Photo           string    `db:"photo"`
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
		SELECT b.id, b.meal, b.fridge_c, b.photo, b.stored_at, b.dispose_after, b.violation, b.violation_reason,
		       string_agg(i.dish || ' ' || i.grams, '、' ORDER BY i.pos) AS dishes
		FROM sample_batches b JOIN sample_items i ON i.batch_id = b.id
		GROUP BY b.id ORDER BY b.id`); err != nil {
		h.t.Fatal(err)
	}
	return rows
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

// A 留样 record with a violation and a photo, the missing-sample alert,
// the disposal reminder and its confirmation, and a 陪餐 with an issue,
// on PostgreSQL.
func TestCanteenOnPostgres(t *testing.T) {
	h, tick := sampleHarness(t)
	h.at("12:50")
	h.say("钱阿姨", "留样\n红烧肉 130g\n清炒菜心 100\n温度 8.1")
	h.say("钱阿姨", "按违规登记")
	h.say("钱阿姨", "菜心出菜量不足")
	m := h.msg("钱阿姨", "", "")
	m.Media = []flows.Media{{Kind: "image", Ref: "media-9"}}
	h.handle(m)
	h.say("钱阿姨", "按违规登记")
	wantContains(t, h.say("钱阿姨", "冰箱门封条老化，已报修"), "违规登记")
	wantContains(t, h.say("钱阿姨", "1"), "留样已记录", "已按规定报告总务主任")
	rows := h.samples()
	if len(rows) != 1 {
		t.Fatalf("%d batches, want 1", len(rows))
	}
	b := rows[0]
	if b.Meal != flows.MealLunch || b.FridgeC != 8.1 || b.Photo != "media-9" || b.Dishes != "红烧肉 130、清炒菜心 100" ||
		b.Violation != "清炒菜心 100 克（不足 125 克）；冷藏温度 8.1℃（应为 0–8℃）" || b.ViolationReason != "菜心出菜量不足；冰箱门封条老化，已报修" ||
		!b.StoredAt.Equal(h.now) || !b.DisposeAfter.Equal(h.now.Add(48*time.Hour)) {
		t.Errorf("batch %+v", b)
	}
	if out := kind(h.deliver()["陈主任"], canteen.KindSampleViolation); len(out) != 1 {
		t.Errorf("陈主任 got %d violation notices, want 1", len(out))
	}

	// Breakfast had no sample: one alert each, however many instances tick.
	h.at("13:40")
	tick()
	tick()
	out := h.deliver()
	if len(kind(out["钱阿姨"], canteen.KindSampleMissing)) != 1 || len(kind(out["陈主任"], canteen.KindSampleMissing)) != 1 {
		t.Errorf("missing-sample alerts %v, want one each to 钱阿姨 and 陈主任", out)
	}
	if n := h.count(`SELECT count(*) FROM sample_missing WHERE meal = $1`, flows.MealBreakfast); n != 1 {
		t.Errorf("%d missing breakfasts recorded, want 1", n)
	}

	// At 48 hours, one reminder with its button; the button disposes.
	h.at("12:50")
	h.now = h.now.Add(48 * time.Hour)
	tick()
	reminders := kind(h.deliver()["钱阿姨"], canteen.KindSampleDispose)
	if len(reminders) != 1 || len(reminders[0].Buttons) != 1 {
		t.Fatalf("reminders %+v, want one with a button", reminders)
	}
	h.now = h.now.Add(10 * time.Minute)
	wantContains(t, h.press("钱阿姨", reminders[0].Buttons[0].Data), "已确认处理")
	if n := h.count(`SELECT count(*) FROM sample_batches WHERE disposed_by = $1 AND disposed_at = $2`, h.s.Staff["钱阿姨"].ID, h.now); n != 1 {
		t.Error("the disposal was not stored with who and when")
	}
	wantContains(t, h.say("陈主任", "已处理 1"), "不用再处理") // the day's first batch is 编号 1

	// 陪餐 with an issue for the 总务主任.
	h.say("刘副校长", "陪餐 午餐 红烧肉、米饭")
	h.say("刘副校长", "5 4 5")
	h.say("刘副校长", "米饭偏硬")
	wantContains(t, h.say("刘副校长", "1"), "问题已交总务主任跟进")
	if n := h.count(`SELECT count(*) FROM accompanied_meals WHERE issue AND taste = 5 AND portion = 4 AND hygiene = 5 AND dishes = '{红烧肉,米饭}'`); n != 1 {
		t.Errorf("%d 陪餐 records as written, want 1", n)
	}
	if out := kind(h.deliver()["陈主任"], canteen.KindCanteenIssue); len(out) != 1 {
		t.Errorf("陈主任 got %d canteen issues, want 1", len(out))
	}
}
