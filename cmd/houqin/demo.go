package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/console"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// DemoSchool is the demo school's name; the demo finds it by name, so running
// the demo again reuses it.
const DemoSchool = "示范中学"

// demoDay is the simulated day the script plays. It is fixed so that a
// second run replays the same conversation: every message carries the same
// dedup key, so the engine returns the stored replies and writes nothing.
var demoDay = time.Date(2026, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))

func cmdDemo(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "demo", "[--config FILE]\n\nCreates (once) the demo school 示范中学 with staff, rooms and routes, then plays a scripted\nschool day through the real engine and database on a simulated clock, printing every message.")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, log, db, closeDB, err := setup(ctx, env, *cfgPath, "warn")
	if err != nil {
		return err
	}
	defer closeDB()
	// The demo replays through the engine from its dedup log. That log is
	// pruned after flows.InboundRetention by any houqin process running
	// housekeeping on the real clock (chat, serve), and a replay without it
	// would write everything again. So the first run keeps its transcript
	// (kv, no expiry), and a run that finds the demo played but its dedup
	// log gone prints that transcript and writes nothing.
	played, err := db.Seen(ctx, flows.ChannelConsole, demoFirstKey())
	if err != nil {
		return err
	}
	saved, err := db.GetKV(ctx, demoTranscriptKey)
	switch {
	case err == nil && !played:
		fmt.Fprintln(env.Stdout, demoPrunedNote)
		_, err = io.WriteString(env.Stdout, saved)
		return err
	case err != nil && !errors.Is(err, flows.ErrNotFound):
		return err
	}
	out := env.Stdout
	var transcript strings.Builder
	if !played {
		out = io.MultiWriter(env.Stdout, &transcript)
	}
	cfg = withDemoIDKey(cfg, out)
	d := &demo{ctx: ctx, db: db, out: out, log: log, clock: &simClock{t: demoDay.Add(7 * time.Hour)}}
	if err := d.seed(cfg); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if err := d.seedVisits(cfg); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if err := d.seedInspection(); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	mods := modules(db, cfg, d.clock.Now, log)
	d.engine = newEngine(db, cfg, mods, d.clock.Now, log)
	d.worker = &bot.Worker{Outbox: db, Now: d.clock.Now, Log: log, Senders: map[flows.Channel]bot.Sender{
		flows.ChannelConsole: &console.Sender{Out: out, Names: staffName(db)},
	}}
	d.sched = newScheduler(db, cfg, mods, d.clock.Now, log)
	if err := d.play(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	counts, err := db.Counts(ctx, d.school.ID)
	if err != nil {
		return err
	}
	where := cfg.Database.URL
	if where == "" {
		where = "embedded PostgreSQL in " + cfg.Database.DataDir
	} else {
		where = "the configured database"
	}
	fmt.Fprintf(out, "\n== 演示结束。记录都在 %s：%d 位教职工、%d 个地点、%d 张报修单（%d 条处理记录）、%d 次来访、%d 批留样、%d 次陪餐、%d 条通知。==\n",
		where, counts["staff"], counts["locations"], counts["repairs"], counts["repair_events"], counts["visits"], counts["samples"], counts["meals"], counts["outbox"])
	fmt.Fprintf(out, "试试自己聊：go run ./cmd/houqin chat --as 李老师   （维修工：--as 王师傅，总务主任：--as 陈主任）\n")
	if played {
		return nil
	}
	return db.PutKV(ctx, demoTranscriptKey, transcript.String(), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
}

// demoTranscriptKey keeps the first run's transcript (see cmdDemo).
const demoTranscriptKey = "demo:transcript"

// demoPrunedNote heads a replay from the kept transcript.
const demoPrunedNote = "（演示数据已在数据库中，当时的去重记录已按保留期清理：以下是第一次演示时存下的对话原文，不会重复写入。）"

// demoFirstKey is the dedup key of the demo's first message.
func demoFirstKey() string { return fmt.Sprintf("demo:%s:samples:1", demoDay.Format("20060102")) }

type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

type demo struct {
	ctx    context.Context
	db     *store.DB
	out    io.Writer
	log    *slog.Logger
	clock  *simClock
	engine *flows.Engine
	worker *bot.Worker
	sched  *flows.Scheduler
	school flows.School
	staff  map[string]flows.Staff
	part   string // dedup keys are per part, so parts can be reordered
	seq    int
	err    error
}

type demoStaff struct {
	name   string
	roles  []flows.Role
	trades []flows.Trade
	phone  string
}

var demoPeople = []demoStaff{
	{"张校长", []flows.Role{flows.RolePrincipal}, nil, "13800000001"},
	{"刘副校长", []flows.Role{flows.RoleLeader}, nil, "13800000002"},
	{"陈主任", []flows.Role{flows.RoleHead}, nil, "13800000003"},
	{"李老师", []flows.Role{flows.RoleTeacher}, nil, "13800000011"},
	{"王老师", []flows.Role{flows.RoleTeacher}, nil, "13800000012"},
	{"赵老师", []flows.Role{flows.RoleTeacher}, nil, "13800000013"},
	{"王师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradeCarpentry, flows.TradeBuilding}, "13800000021"},
	{"孙师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradeElectrical}, "13800000022"},
	{"周师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradePlumbing}, "13800000023"},
	{"吴老师", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradeAV}, "13800000024"},
	{"老郑", []flows.Role{flows.RoleGuard}, nil, "13800000031"},
	{"钱阿姨", []flows.Role{flows.RoleCanteen}, nil, "13800000041"},
}

// seed creates the demo school, its people, rooms and routes, once.
func (d *demo) seed(cfg Config) error {
	ctx := d.ctx
	s, err := d.db.SchoolByName(ctx, DemoSchool)
	if errors.Is(err, flows.ErrNotFound) {
		s, err = d.db.AddSchool(ctx, DemoSchool, "Asia/Shanghai", cfg.SchoolDefaults)
	}
	if err != nil {
		return err
	}
	d.school = s
	d.staff = map[string]flows.Staff{}
	for _, p := range demoPeople {
		found, err := d.db.StaffByName(ctx, s.ID, p.name)
		if err != nil {
			return err
		}
		st := flows.Staff{}
		if len(found) > 0 {
			st = found[0]
		} else if st, err = d.db.AddStaff(ctx, flows.Staff{SchoolID: s.ID, Name: p.name, Roles: p.roles, Trades: p.trades, Phone: p.phone}); err != nil {
			return err
		}
		if _, err := d.db.BindConsole(ctx, st.ID, demoDay); err != nil {
			return err
		}
		d.staff[p.name] = st
	}
	have := map[string]bool{}
	locs, err := d.db.ListLocations(ctx, s.ID, true)
	if err != nil {
		return err
	}
	for _, l := range locs {
		have[l.Building+l.Room] = true
	}
	for _, l := range []flows.Location{
		{Building: "教学楼", Floor: "3", Room: "302", Aliases: []string{"初二(3)班", "初二3班"}, OwnerID: d.staff["李老师"].ID},
		{Building: "教学楼", Floor: "3", Room: "303", Aliases: []string{"初二(4)班", "初二4班"}, OwnerID: d.staff["王老师"].ID},
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}, OwnerID: d.staff["赵老师"].ID},
		{Building: "实验楼", Floor: "2", Room: "二楼男厕所", Aliases: []string{"实验楼男厕", "实验楼二楼男厕"}},
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
		{Building: "食堂", Floor: "1", Room: "后厨"},
		{Building: "", Floor: "", Room: "校门", Aliases: []string{"大门", "门卫室"}},
		// Rooms every school has, which first-sight testers named and the
		// demo school lacked (user test 28: 礼堂, 教务处, 语文组办公室).
		{Building: "", Floor: "", Room: "礼堂", Aliases: []string{"大礼堂"}},
		{Building: "教学楼", Floor: "2", Room: "教务处"},
		{Building: "教学楼", Floor: "3", Room: "语文组办公室", Aliases: []string{"语文组", "语文教研组"}},
	} {
		if have[l.Building+l.Room] {
			continue
		}
		l.SchoolID = s.ID
		if _, err := d.db.AddLocation(ctx, l); err != nil {
			return err
		}
	}
	for _, r := range []struct {
		trade  flows.Trade
		worker string
	}{
		{flows.TradeCarpentry, "王师傅"}, {flows.TradeBuilding, "王师傅"}, {flows.TradeElectrical, "孙师傅"},
		{flows.TradePlumbing, "周师傅"}, {flows.TradeAV, "吴老师"}, {flows.TradeGeneral, "王师傅"},
	} {
		if _, err := d.db.AddRoute(ctx, s.ID, r.trade, "", d.staff[r.worker].ID, 1); err != nil {
			return err
		}
	}
	// 孙师傅 has the night's electrical duty (the roster comes before the
	// routes), once.
	night := demoDay.Add(18 * time.Hour)
	cands, err := d.db.RouteCandidates(ctx, s.ID, flows.TradeElectrical, "", night.Add(time.Hour))
	if err != nil {
		return err
	}
	for _, c := range cands {
		if c.OnDuty && c.StaffID == d.staff["孙师傅"].ID {
			return nil
		}
	}
	_, err = d.db.AddDuty(ctx, s.ID, d.staff["孙师傅"].ID, flows.TradeElectrical, night, night.Add(14*time.Hour), "夜间值班")
	return err
}

func (d *demo) at(hhmm string) {
	c, err := flows.ParseClock(hhmm)
	if err != nil {
		panic(err)
	}
	d.clock.set(c.On(demoDay, demoDay.Location()))
	fmt.Fprintf(d.out, "\n—— %s ——\n", hhmm)
}

func (d *demo) note(text string) { fmt.Fprintf(d.out, "（%s）\n", text) }

// send sends a message (or a button press, or a photo) as a staff member
// and prints the conversation, then delivers the notifications it caused.
// The first error sticks: later steps do nothing and play returns it.
func (d *demo) send(who, text, button string, media ...flows.Media) []flows.Reply {
	if d.err != nil {
		return nil
	}
	d.seq++
	account := strconv.FormatInt(d.staff[who].ID, 10)
	if who == "" {
		account = "stranger"
		who = "陌生人"
	}
	shown := text
	if button != "" {
		shown = "［点按钮］" + text
	}
	if len(media) > 0 {
		shown = "［照片］" + shown
	}
	fmt.Fprintf(d.out, "%s> %s\n", who, strings.ReplaceAll(shown, "\n", "\n    "))
	msg := flows.Message{Channel: flows.ChannelConsole, ExternalUser: account, Chat: account, Text: text, Button: button, Media: media,
		DedupKey: fmt.Sprintf("demo:%s:%s:%d", demoDay.Format("20060102"), d.part, d.seq), At: d.clock.Now()}
	replies, err := d.engine.Handle(d.ctx, msg)
	if err != nil {
		d.err = err
		return nil
	}
	for _, r := range replies {
		fmt.Fprint(d.out, console.Render("houqin> ", r))
	}
	_, d.err = d.worker.Flush(d.ctx)
	return replies
}

func (d *demo) say(who, text string) []flows.Reply { return d.send(who, text, "") }

func (d *demo) tick() {
	if d.err != nil {
		return
	}
	d.sched.Tick(d.ctx)
	_, d.err = d.worker.Flush(d.ctx)
}

var refRE = regexp.MustCompile(`BX-\d{8}-\d{3}`)

// repairOf finds the repair a reply names.
func (d *demo) repairOf(replies []flows.Reply) repair.Repair {
	if d.err != nil {
		return repair.Repair{}
	}
	for _, r := range replies {
		if ref := refRE.FindString(r.Text); ref != "" {
			rp, err := d.db.RepairByRef(d.ctx, d.school.ID, ref)
			d.err = err
			return rp
		}
	}
	d.err = errors.New("no repair reference in the replies")
	return repair.Repair{}
}

func (d *demo) play() error {
	replay, err := d.db.Seen(d.ctx, flows.ChannelConsole, demoFirstKey())
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "== %s · 模拟的一天：%s（星期五）==\n", d.school.Name, demoDay.Format("2006年1月2日"))
	if replay {
		fmt.Fprintln(d.out, "（演示数据已在数据库中：以下是同一段对话的重放。每条消息带着相同的去重键，引擎直接返回当时存下的回复，不会重复写入。）")
	}
	// Each part plays its own stretch of the day. Samples go first: later
	// parts run the scheduler in the evening, which would alert about meals
	// not logged yet; the evening round comes before the repairs' 21:00
	// tick, which would record it missed.
	for _, part := range []struct {
		name string
		play func()
	}{{"samples", d.playSamples}, {"visits", d.playVisits}, {"inspection", d.playInspection}, {"repairs", d.playRepairs}, {"evening", d.playEvening}} {
		d.part, d.seq = part.name, 0
		part.play()
	}
	return d.err
}

// playRepairs: one repair fixed and signed off, one escalated past 21:00,
// one that cannot be fixed and is decided by the 分管领导, one duplicate.
func (d *demo) playRepairs() {
	fmt.Fprintln(d.out, "\n【报修：一句话报修 → 派单 → 维修 → 验收】")
	d.at("07:40")
	d.note("一个还没绑定的账号发来消息，只会收到绑定说明")
	d.say("", "你好")

	d.at("08:05")
	d.say("李老师", "302教室第三排课桌腿断了")
	desk := d.repairOf(d.say("李老师", "1"))
	d.at("08:20")
	d.say("王师傅", fmt.Sprintf("接单 %d", repair.Num(desk)))
	d.at("10:30")
	d.say("王师傅", fmt.Sprintf("完成 %d", repair.Num(desk)))
	d.say("王师傅", "1")
	d.at("11:50")
	d.note("微信里没有按钮：「修好了」不带编号，验收她唯一待验收的报修；评分直接回复数字「5」")
	d.say("李老师", "修好了")
	d.say("李老师", "5")
	d.say("李老师", "王师傅修得又快又好")

	fmt.Fprintln(d.out, "\n【报修：修不好 → 马上上报分管领导 → 领导批准采购】")
	d.at("14:10")
	d.say("赵老师", "图书馆投影仪打不开")
	proj := d.repairOf(d.say("赵老师", "1"))
	d.at("14:40")
	d.say("吴老师", fmt.Sprintf("修不好 %d", repair.Num(proj)))
	d.say("吴老师", "2")
	d.say("吴老师", "投影仪灯泡烧了，需要采购原厂灯泡")
	d.at("15:10")
	d.say("刘副校长", fmt.Sprintf("处理 %d", repair.Num(proj)))
	d.say("刘副校长", "2")
	d.say("刘副校长", "3")

	fmt.Fprintln(d.out, "\n【报修：小修不隔夜——21:00 还没修好，自动上报分管领导】")
	d.at("16:10")
	d.say("王老师", "报修")
	d.say("王老师", "实验楼二楼男厕所")
	d.say("王老师", "水龙头一直漏水，关不上")
	d.say("王老师", "取消")
	d.note("「取消」随时可以放弃；重新报一次")
	d.say("王老师", "实验楼二楼男厕所水龙头一直漏水")
	d.say("王老师", "确认")
	d.at("16:30")
	d.note("另一位老师报了同一个问题（同一地点、同一故障）：合并到已有的单，维修工会收到通知；不是同一个问题可以回复「不是同一个问题」拆开")
	d.say("赵老师", "实验楼男厕水龙头漏水")
	d.say("赵老师", "1")
	d.at("20:00")
	d.note("调度器：到期前一小时提醒维修工")
	d.tick()
	d.at("21:00")
	d.note("调度器：21:00 到期还没修好，上报分管领导和总务主任，并如实告诉报修人")
	d.tick()
}

// playEvening: a message naming three problems becomes three jobs, each
// routed by its own trade; a hazard at night reaches the worker on duty,
// the 分管领导 and the 总务主任 at once, and is reminded every half hour.
func (d *demo) playEvening() {
	fmt.Fprintln(d.out, "\n【报修：一条消息说了三个问题 → 三张单，各派各的师傅】")
	d.at("21:20")
	d.say("王老师", "303教室 1.后门锁坏了 2.有盏灯不亮 3.饮水机漏水")
	d.say("王老师", "1")

	fmt.Fprintln(d.out, "\n【报修：夜里的安全隐患 → 值班师傅、分管领导和总务主任同时收到，报修人先收到安全提示】")
	d.at("22:30")
	d.say("赵老师", "物理实验室插座冒烟有焦味")
	hazard := d.repairOf(d.say("赵老师", "1"))
	d.at("23:00")
	d.note("调度器：紧急报修每 30 分钟提醒一次，直到修好")
	d.tick()
	d.say("孙师傅", fmt.Sprintf("接单 %d", hazard.ID))
	d.at("23:40")
	d.say("孙师傅", fmt.Sprintf("完成 %d", hazard.ID))
	d.say("孙师傅", "1")
}
