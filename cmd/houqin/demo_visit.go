package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
)

// demoIDKey encrypts visitors' ID numbers in the demo when no key is
// configured. It is public (it is in the source), so it protects nothing:
// DEMO ONLY, never for real visitors.
const demoIDKey = "686f7571696e2d64656d6f2d6f6e6c792d6e6f742d612d736563726574212121" // "houqin-demo-only-not-a-secret!!!"

// withDemoIDKey gives the demo a key when none is configured, and says so.
func withDemoIDKey(cfg Config, out io.Writer) Config {
	if cfg.Privacy.IDKey == "" {
		cfg.Privacy.IDKey = demoIDKey
		fmt.Fprintln(out, "（演示说明：没有配置身份证加密密钥，本次演示使用源码中公开的演示专用密钥。它不保护任何数据，切勿用于真实访客；正式使用请配置 [privacy] id_key 或 HOUQIN_ID_KEY。）")
	}
	return cfg
}

// Demo visitors: the ID numbers are made up, with valid check digits.
const (
	demoVisitorID = "11010519491231002X"
	demoWatchedID = "440304198510123415"
	// demoWatchedPhone and demoWatchedName are what else the school
	// knows of the watched person: a visitor who leaves his ID at home is
	// still recognised by them.
	demoWatchedPhone = "13912345678"
	demoWatchedName  = "刘强"
	demoWatchedNote  = "校闹：曾多次到校滋事，法院已发出禁止接近令"
)

// seedVisits puts one person on the demo school's watch list, as a school
// would: by his ID number, his mobile number and his name, three entries
// made as houqin watch add makes them (the number sealed and hashed, the
// phone and the name as given). Each is added once; a data directory
// seeded before the phone and the name were gets them on the next run.
func (d *demo) seedVisits(cfg Config) error {
	vault, err := cfg.Privacy.Vault()
	if err != nil || vault == nil {
		return errors.Join(errors.New("demo: no ID vault"), err)
	}
	ws, err := d.db.Watches(d.ctx, d.school.ID)
	if err != nil {
		return err
	}
	for _, key := range []struct{ id, phone, name string }{{id: demoWatchedID}, {phone: demoWatchedPhone}, {name: demoWatchedName}} {
		w, id, err := watchEntry(cfg, d.school.ID, key.id, key.phone, key.name, demoWatchedNote)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(ws, func(have visit.WatchEntry) bool {
			return have.Kind == w.Kind && have.Hash == w.Hash && have.Value == w.Value
		}) {
			continue
		}
		w.AddedAt = demoDay
		if _, err := addWatch(d.ctx, d.db, w, id); err != nil {
			return err
		}
	}
	return nil
}

var visitNoRE = regexp.MustCompile(`第 (\d+) 号`)

// visitOf finds the visit number a reply names.
func (d *demo) visitOf(replies []flows.Reply) int64 {
	if d.err != nil {
		return 0
	}
	for _, r := range replies {
		if m := visitNoRE.FindStringSubmatch(r.Text); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			return id
		}
	}
	d.err = errors.New("no visit number in the replies")
	return 0
}

// playVisits: a parent checked in from one message, confirmed by the host
// and checked out; then a visitor on the watch list.
func (d *demo) playVisits() {
	fmt.Fprintln(d.out, "\n【来访登记：一句话登记 → 被访人确认 → 放行 → 离校】")
	d.at("09:30")
	d.note("门卫老郑一句话登记来访家长；身份证号加密保存，屏幕上只显示打码后的号码")
	d.say("老郑", "张三 身份证"+demoVisitorID+" 13800138000 找初二班主任李老师 家长会 京A12345")
	visit := d.visitOf(d.say("老郑", "1"))
	d.at("09:33")
	d.say("李老师", fmt.Sprintf("同意 %d", visit))
	d.at("10:40")
	d.say("老郑", "在校访客")
	d.say("老郑", "1")

	fmt.Fprintln(d.out, "\n【来访登记：关注名单——马上提醒门卫，同时通知总务主任和分管领导】")
	d.at("11:15")
	d.say("老郑", "刘强 身份证"+demoWatchedID+" "+demoWatchedPhone+" 找张校长 反映问题")
	d.note("按学校指示，请访客在门外等候，本次不登记入校")
	d.say("老郑", "取消")
	d.at("11:40")
	d.note("刘强又来了，这次说没带身份证，只报了姓名和手机号：关注名单上也有他的手机号和姓名，照样马上提醒")
	d.say("老郑", "刘强 "+demoWatchedPhone+" 找张校长 反映问题 没带身份证 走路来的")
	d.say("老郑", "取消")
}
