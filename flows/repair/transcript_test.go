package repair

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// world is one transaction of the in-memory world: the core fake and this
// capability's fake, so that flows.StoreOf finds both.
type world struct {
	*flowtest.Core
	*fakeStore
	school flows.School
}

var _ Store = (*world)(nil)

// newWorld seeds the school of flowtest.Seed with the routes of the
// PostgreSQL suite (木工 → 王师傅, 电工 → 孙师傅, 水暖 → 周师傅, school-wide,
// priority 1) and a maintenance chat group 维修群.
func newWorld(t testing.TB) *world {
	t.Helper()
	c := flowtest.NewCore()
	s := flowtest.Seed(c)
	w := &world{Core: c, fakeStore: newFakeStore(c), school: s}
	for trade, who := range map[flows.Trade]string{flows.TradeCarpentry: "王师傅", flows.TradeElectrical: "孙师傅", flows.TradePlumbing: "周师傅"} {
		w.addRoute(s.ID, trade, "", w.staff(t, who), 1)
	}
	c.AddGroup(s.ID, flows.GroupMaintenance, "维修群")
	return w
}

func (w *world) staff(t testing.TB, name string) flows.Staff {
	t.Helper()
	s, err := w.StaffNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// flowWorld is what a transcript runs against.
// addBound adds a staff member of the world's school with role (and
// trades) and binds them to the console under their name, as a user test's
// school has them.
func (w *world) addBound(name string, role flows.Role, trades ...flows.Trade) flows.Staff {
	st := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: name, Roles: []flows.Role{role}, Trades: trades})
	w.Bind(flows.ChannelConsole, st.Name, st)
	return st
}

func (w *world) flowWorld() *flowtest.World {
	return &flowtest.World{Core: w.Core, Store: &flowtest.Store{Tx: w}, Modules: []flows.Module{Module()}}
}

// TestTranscripts runs the conversations of testdata/*.txt: every flow,
// verb and job of 报修, in memory.
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		if setup, ok := setups[strings.TrimPrefix(t.Name(), "TestTranscripts/")]; ok {
			setup(t, w)
		}
		return w.flowWorld()
	})
}

// scanToken is the 扫码报修 token of the seeded school's room 302 in the
// transcripts.
const scanToken = "k7m3qzxa2b4c6dre"

// LocationByQRToken implements ScanStore: scanToken names room 302.
func (w *world) LocationByQRToken(_ context.Context, token string) (flows.Location, error) {
	if token == scanToken {
		for _, l := range w.Places {
			if l.SchoolID == w.school.ID && l.Room == "302" {
				return l, nil
			}
		}
	}
	return flows.Location{}, flows.ErrNotFound
}

// setups add to the world of one transcript, by its name.
var setups = map[string]func(t *testing.T, w *world){
	// The 语文组's office, named by its other name (user test 28's N10).
	"p29_note_while_cause_alias": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "教学楼", Floor: "3", Room: "语文组办公室", Aliases: []string{"语文组"}})
	},
	// The hall (礼堂) with a hazard at its back door, and the gate's icy
	// steps rectified, waiting for the re-check (user test 28's N40/N41).
	"p29_leader_standing": func(t *testing.T, w *world) {
		hall := w.AddLocation(flows.Location{SchoolID: w.school.ID, Room: "礼堂", Aliases: []string{"大礼堂"}})
		loc := w.school.Location()
		w.hazards = []HazardBrief{
			{Ref: "YH-20261130-001", LocationID: hall.ID, Place: "礼堂", Description: "后门堆满了演出道具 堵住了安全通道", Level: "较大", Status: "待整改", Responsible: "陈主任", DueAt: time.Date(2026, 12, 3, 18, 0, 0, 0, loc)},
			{Ref: "YH-20261130-002", Place: "门口台阶", Description: "门口台阶结冰了 很滑", Level: "紧急", Status: "已整改·待复查", Fixed: true, Responsible: "陈主任", DueAt: time.Date(2026, 11, 30, 10, 0, 0, 0, loc)},
		}
	},
	// The hall (礼堂), with nothing else there (user test 32's T30).
	"place_all_done": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Room: "礼堂", Aliases: []string{"大礼堂"}})
	},
	// Two more buildings with a second floor, and the locations listed in
	// reverse, as a store ordering them by building name may.
	// User test 33's school: 201, 301 and the library (probe5World).
	"fx33f_named_job":      probe5World,
	"fx33f_misfiled_defer": probe5World,
	"fx33f_t20":            probe5World,
	// User test 33's 王师傅 also does 综合维修 (the clock).
	"fx33f_clock_desks": func(t *testing.T, w *world) {
		probe5World(t, w)
		w.addRoute(w.school.ID, flows.TradeGeneral, "", w.staff(t, "王师傅"), 1)
	},
	"u29_worker_current_job":   ut29World,
	"u29_done_corrected":       ut29World,
	"u29_replaced_done":        ut29World,
	"u29_taken_in_words":       ut29World,
	"u29_reason_said":          ut29World,
	"u29_leader_named":         ut29World,
	"u29_head_holds":           ut29World,
	"u29_done_said_again":      ut29World,
	"u30_leader_overview":      ut29World,
	"u30_leader_one_job":       ut29World,
	"u30_leader_none_open":     ut29World,
	"u30_leader_pick_named":    ut29World,
	"u30_leader_pick_answer":   ut29World,
	"u30_leader_pick_camera":   ut29World,
	"u30_redo_card":            ut29World,
	"u30_leader_overview_many": ut29World,
	"p28d_building_order": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "宿舍楼", Floor: "2", Room: "201"})
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "图书馆", Floor: "2", Room: "阅览室"})
		slices.Reverse(w.Places)
	},
	// The library's reading room, whose roof leaks (user test 27's K34).
	"p28b_roof_while_which": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}})
	},
	"p28b_roof_while_cause": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}})
	},
	// Two teachers not bound yet, each with a binding code.
	"scan_unbound": func(t *testing.T, w *world) {
		from := time.Date(2026, 11, 1, 0, 0, 0, 0, w.school.Location())
		for name, code := range map[string]string{"新老师": "7K3M9QXA", "晚老师": "8K3M9QXB"} {
			st := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: name, Roles: []flows.Role{flows.RoleTeacher}})
			w.Invite(code, st, from, from.AddDate(0, 3, 0))
		}
	},
	// 马师傅 has the weekend duty, is a school-wide carpenter beside
	// 王师傅, and 实验楼's plumber.
	"routing": func(t *testing.T, w *world) {
		ma := w.staff(t, "马师傅")
		sat := time.Date(2026, 11, 21, 0, 0, 0, 0, w.school.Location())
		w.addDuty(w.school.ID, ma, "", sat, sat.AddDate(0, 0, 2), "周末值班")
		w.addRoute(w.school.ID, flows.TradeCarpentry, "", ma, 1)
		w.addRoute(w.school.ID, flows.TradePlumbing, "实验楼", ma, 2)
	},
	// 王师傅 is the only worker still at school.
	"transfer_alone": func(t *testing.T, w *world) {
		for i, s := range w.Staff {
			if s.Has(flows.RoleWorker) && s.Name != "王师傅" {
				w.Staff[i].Active = false
			}
		}
	},
	// The school asks workers for a photo of the finished work.
	"done_photo": func(t *testing.T, w *world) {
		w.Schools[0].Settings.AskDonePhoto = true
	},
	// 马师傅 has the night duty, for every trade.
	"urgent": func(t *testing.T, w *world) {
		ma := w.staff(t, "马师傅")
		night := time.Date(2026, 11, 20, 18, 0, 0, 0, w.school.Location())
		w.addDuty(w.school.ID, ma, "", night, night.Add(14*time.Hour), "夜间值班")
	},
	// The fourth user test's school also has room 201 on 教学楼's second
	// floor, and 孙师傅 mends projectors (电教) too.
	"probe4_words": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "教学楼", Floor: "2", Room: "201"})
		w.addRoute(w.school.ID, flows.TradeAV, "", w.staff(t, "孙师傅"), 1)
	},
	// The same school for the fourth user test's workers' words, where
	// 王师傅 also does 土建.
	"probe4_workers": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "教学楼", Floor: "2", Room: "201"})
		w.addRoute(w.school.ID, flows.TradeAV, "", w.staff(t, "孙师傅"), 1)
		w.addRoute(w.school.ID, flows.TradeBuilding, "", w.staff(t, "王师傅"), 1)
	},
	// The fifth user test's demo school: 201 on 教学楼's second floor,
	// 实验楼's 物理实验室, 图书馆's 阅览室 (on its first floor), 食堂's
	// 后厨; 孙师傅 mends projectors (电教) too.
	"probe5_reports": probe5World,
	// The sixteenth user test's 越览室 (阅览室 misspelt) needs 图书馆阅览室.
	"probe16_place_slip": probe5World,
	// User test 27's K28 needs 图书馆's 阅览室.
	"p28c_trade_place_fix": probe5World,
	// The seventeenth user test's demo locations (probe18World).
	"probe18_reading_room": probe18World,
	// F36: 图书馆's 阅览室 is in the table but archived when 赵老师 reports,
	// so her report is filed under 图书馆其他地点：阅览室.
	"probe18_place_fix": func(t *testing.T, w *world) {
		probe18World(t, w)
		for i, l := range w.Places {
			if l.Room == "阅览室" {
				w.Places[i].Active = false
			}
		}
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "图书馆", Floor: "2", Room: "报告厅"})
	},
	"probe18_still_mend": probe5World,
	// The eighteenth user test's leaders (probe21World).
	"probe21_place_status": probe21World,
	"probe21_lead":         probe21World,
	"probe21_decide":       probe21World,
	"probe21_who_goes":     probe21World,
	"probe21_went":         probe21World,
	"probe21_neighbours":   probe21World,
	// The sixth user test's demo school: 实验楼's 物理实验室, 图书馆's
	// second floor, 操场's 篮球场; 吴老师 mends projectors and printers
	// (电教), 王师傅 does 土建 and 综合 too.
	"probe6_workers": probe6World,
	// The sixteenth user test's 篮球架 needs 操场 (its 篮球场) and 王师傅 on 综合.
	"probe16_signed_off_again": probe6World,
	"probe17_parts_arrived":    probe10World,
	"probe18_small_done":       probe5World, // 201, 图书馆阅览室, 孙师傅 on 电教
	"probe18_lamp_taken":       probe5World,
	// The seventh user test's demo school: the sixth's, with 实验楼's
	// 二楼女厕所, and 赵老师 (a teacher).
	"probe7_repairs": func(t *testing.T, w *world) {
		probe6World(t, w)
		for _, l := range []flows.Location{
			{Building: "实验楼", Floor: "2", Room: "二楼女厕所"},
		} {
			l.SchoolID = w.school.ID
			w.AddLocation(l)
		}
		w.addBound("赵老师", flows.RoleTeacher)
	},
	// The ninth user test's demo school: 实验楼's 物理实验室 (also called
	// 实验室) on its third floor, 303 as 初二4班, and 赵老师 (a teacher).
	"probe9_places": func(t *testing.T, w *world) {
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}})
		w.addBound("赵老师", flows.RoleTeacher)
	},
	// The tenth user test's demo school (probe10World).
	"probe10_workers": probe10World,
	"probe10_pick":    probe10World,
	"probe10_place":   probe10World,
	// The eleventh user test's demo school is the tenth's.
	"probe11_cause":  probe10World,
	"probe11_words":  probe10World,
	"probe11_refuse": probe10World,
	// The twelfth user test's demo school is the tenth's too.
	"probe12r_words": probe10World,
	"probe12r_place": probe10World,
	"probe12r_items": probe10World,
	// The thirteenth user test's demo school is the tenth's too.
	"probe13_workers": probe10World,
	// A second school, whose worker must not see the first school's repairs.
	"roles": func(t *testing.T, w *world) {
		s := w.AddSchool("二中")
		st := w.AddStaff(flows.Staff{SchoolID: s.ID, Name: "二中赵师傅", Roles: []flows.Role{flows.RoleWorker}, Trades: []flows.Trade{flows.TradeCarpentry}})
		w.Bind(flows.ChannelConsole, st.Name, st)
	},
}

// The audit trail of the whole loop: every step writes its event, in
// order (ported from the PostgreSQL suite's TestRepairLoopEndToEnd).
func TestEventTrail(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `李老师: 302教室第三排课桌腿断了
李老师: 1
王师傅: 接单 1
王师傅: 完成 1
王师傅: 2
王师傅: 初二(3)班 学生打闹踢坏
李老师: 修好了 1
李老师 tap 4
李老师: 很及时
`)
	var kinds []string
	for _, e := range w.events {
		kinds = append(kinds, string(e.Kind))
	}
	if got, want := strings.Join(kinds, ","), "reported,accepted,done,confirmed,rated,commented"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	r, err := w.Repair(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairClosed || r.Rating != 4 || r.RatingComment != "很及时" || r.Cause != CauseDamage || r.DamageNote != "初二(3)班 学生打闹踢坏" {
		t.Errorf("closed repair %+v", r)
	}
}

// Each repair records why it went to its worker (the transcripts show
// only who): the duty roster, a route, or no route at all (ported from
// the PostgreSQL suite's TestNoRouteGoesToTheHead).
func TestRouteReasons(t *testing.T) {
	w := newWorld(t)
	setups["routing"](t, w)
	flowtest.Play(t, w.flowWorld(), `at 2026-11-21 10:00
李老师: 302教室门锁坏了
李老师: 1
at 2026-11-23 08:00
王老师: 实验楼二楼男厕所水龙头漏水
王老师: 1
王老师: 303教室窗户关不上
王老师: 1
李老师: 302教室投影仪打不开
李老师: 1
`)
	for i, want := range []string{
		"值班表：马师傅（周末值班，在手 0 单）",
		"路由表：实验楼 → 马师傅（优先级 2，在手 1 单）",
		"路由表：全校 → 王师傅（优先级 1，在手 0 单），2 人同级中在手最少",
		"没有匹配的维修路由（电教），转总务主任陈主任派单",
	} {
		if got := w.repairs[i].RouteReason; got != want {
			t.Errorf("repair %d: route reason %q, want %q", i+1, got, want)
		}
	}
}

// probe5World is the fifth user test's demo school (see setups).
func probe5World(t *testing.T, w *world) {
	for _, l := range []flows.Location{
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}},
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
		{Building: "食堂", Floor: "1", Room: "后厨"},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	for i, l := range w.Places {
		if l.Room == "303" {
			w.Places[i].Aliases = append(w.Places[i].Aliases, "初二4班")
		}
	}
	w.addRoute(w.school.ID, flows.TradeAV, "", w.staff(t, "孙师傅"), 1)
}

// ut29World is user test 29's demo school (期末考试 week): 201 and 202
// in the table, 吴老师 on 电教, 赵老师 a teacher, and no route for 综合维修,
// whose jobs fall to the 总务主任 陈主任.
func ut29World(t *testing.T, w *world) {
	for _, l := range []flows.Location{
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}},
		{Building: "教学楼", Floor: "2", Room: "202", Aliases: []string{"初一(2)班", "初一2班"}},
		{Building: "", Floor: "", Room: "操场"},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
	w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
	w.addBound("赵老师", flows.RoleTeacher)
}

// probe18World is the seventeenth user test's demo school: the locations
// of cmd/houqin/demo.go, 孙师傅 on electrical work, 赵老师 a teacher.
func probe18World(t *testing.T, w *world) {
	for _, l := range []flows.Location{
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}},
		{Building: "实验楼", Floor: "2", Room: "二楼男厕所", Aliases: []string{"实验楼男厕", "实验楼二楼男厕"}},
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
		{Building: "食堂", Floor: "1", Room: "后厨"},
		{Building: "", Floor: "", Room: "校门", Aliases: []string{"大门", "门卫室"}},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	w.addRoute(w.school.ID, flows.TradeElectrical, "", w.staff(t, "孙师傅"), 1)
	w.addBound("赵老师", flows.RoleTeacher)
}

// probe6World is the sixth user test's demo school (see setups).
func probe6World(t *testing.T, w *world) {
	for _, l := range []flows.Location{
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室", "实验室"}},
		{Building: "图书馆", Floor: "2", Room: "二楼", Aliases: []string{"图书馆"}},
		{Building: "操场", Floor: "1", Room: "篮球场", Aliases: []string{"操场"}},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
	w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
	w.addRoute(w.school.ID, flows.TradeBuilding, "", w.staff(t, "王师傅"), 1)
	w.addRoute(w.school.ID, flows.TradeGeneral, "", w.staff(t, "王师傅"), 1)
}

// probe10World is the tenth user test's demo school (see setups): 吴老师
// mends projectors (电教), 王师傅 does 土建 and 综合 too, 赵老师 is a
// teacher; 实验楼's 物理实验室 and 食堂's 后厨 are in the location table.
func probe10World(t *testing.T, w *world) {
	for _, l := range []flows.Location{
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "食堂", Floor: "1", Room: "后厨"},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
	w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
	w.addRoute(w.school.ID, flows.TradeBuilding, "", w.staff(t, "王师傅"), 1)
	w.addRoute(w.school.ID, flows.TradeGeneral, "", w.staff(t, "王师傅"), 1)
	w.addBound("赵老师", flows.RoleTeacher)
}

// Words that say there is nothing to add, at the rating's optional comment
// (没得意见, 没啥说的, 就这样吧), leave the repair without a comment: the
// fifteenth round's 「没得意见」 had been kept as the teacher's comment.
func TestNoCommentWords(t *testing.T) {
	for _, said := range []string{"没得意见", "没意见 挺好的", "没啥说的", "就这样吧", "没有了，谢谢", "冇意见"} {
		w := newWorld(t)
		flowtest.Play(t, w.flowWorld(), `李老师: 303教室窗户关不上
李老师: 1
王师傅: 完成 1
王师傅: 1
李老师 tap 1
李老师: 5分
李老师: `+said+`
`)
		r, err := w.Repair(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if r.Rating != 5 || r.RatingComment != "" {
			t.Errorf("%s: rating %d, comment %q; want 5 and none", said, r.Rating, r.RatingComment)
		}
	}
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `李老师: 303教室窗户关不上
李老师: 1
王师傅: 完成 1
王师傅: 1
李老师 tap 1
李老师: 5分
李老师: 没意见 就是来得有点晚
`)
	if r, _ := w.Repair(context.Background(), 1); r.RatingComment != "就是来得有点晚" {
		t.Errorf("comment %q, want the words after 没意见", r.RatingComment)
	}
}
