package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34eTranscripts runs the conversations of testdata/fx34e: user test
// 34's power cut, reported by several teachers and asked about (T8–T17,
// T46), in ut34World.
func TestFx34eTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34e/*.txt", ut34World)
}

// ut34World is the demo's school as user test 34 had it: 教学楼 201, 302,
// 303, 教务处 and 语文组办公室 (no 307 or 308), 实验楼's 二楼男厕所 and
// 物理实验室, 图书馆, 食堂, the gate and 礼堂, and a 电教 worker (吴老师).
func ut34World(t *testing.T) *flowtest.World {
	w := newWorld(t)
	zh := w.addBound("赵老师", flows.RoleTeacher)
	wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
	w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
	demoPlaces(w,
		flows.Location{Building: "食堂", Floor: "1", Room: "后厨"},
		flows.Location{Building: "", Floor: "", Room: "校门", Aliases: []string{"大门", "门卫室"}},
		flows.Location{Building: "教学楼", Floor: "3", Room: "语文组办公室", Aliases: []string{"语文组", "语文教研组"}})
	for i, l := range w.Places {
		if l.Room == "201" {
			w.Places[i].OwnerID = zh.ID
		}
	}
	return w.flowWorld()
}

// TestPowerCutReading: a power cut's place and trade in the words
// teachers use, and what must not change (a device's own 断电, a floor
// with a place after it, a floor's lamp, a room the table has).
func TestPowerCutReading(t *testing.T) {
	locs := ut34Locations()
	for _, c := range []struct {
		text, place, building string
		trade                 flows.Trade
	}{
		{"三楼没电了", "三楼", "", flows.TradeElectrical},
		{"三楼整层都停电了", "三楼", "", flows.TradeElectrical},
		{"二楼全停电了 学生在上课", "二楼", "", flows.TradeElectrical},
		{"4楼跳闸了", "4楼", "", flows.TradeElectrical},
		{"教学楼三楼 整层都没电", "教学楼三楼", "教学楼", flows.TradeElectrical},
		{"307 308都停电了 投影用不了", "307 308", "教学楼", flows.TradeElectrical},
		{"307和308没电了", "307和308", "教学楼", flows.TradeElectrical},
		{"307、308、309停电", "307、308、309", "教学楼", flows.TradeElectrical},
		{"教学楼307和308停电了", "教学楼307和308", "教学楼", flows.TradeElectrical},
		{"停电了 电脑和投影都用不了 在307", "307", "教学楼", flows.TradeElectrical},
		// Negatives: unchanged readings.
		{"投影仪断电了 一会儿就自己关机", "", "", flows.TradeAV},
		{"三楼厕所漏水", "三楼厕所", "", flows.TradePlumbing},
		{"三楼东头灯不亮", "三楼东头", "", flows.TradeElectrical},
		{"307投影打不开", "307", "教学楼", flows.TradeAV},
	} {
		g := GuessRepair(c.text, locs)
		if g.PlaceText != c.place || g.Building != c.building || g.Trade != c.trade {
			t.Errorf("GuessRepair(%q) = place %q building %q trade %s, want %q %q %s", c.text, g.PlaceText, g.Building, g.Trade, c.place, c.building, c.trade)
		}
	}
	// 302 and 303 are rooms of the table: each its own, as before.
	if g := GuessRepair("302 303都停电了", locs); !g.Several || len(g.LocationCandidates) != 2 {
		t.Errorf("GuessRepair(302 303都停电了) = %+v, want both rooms", g)
	}
}

// TestPowerCutAsked: a question about a power cut, or word that there is
// power, is no report; a cut reported with a question in it is one.
func TestPowerCutAsked(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"是全校停电吗", true},
		{"是不是停电了", true},
		{"全校都停电了吗？", true},
		{"实验楼也停电了吗", true},
		{"哪里停电了", true},
		{"什么时候能来电", true},
		{"我就问一下 我这边实验楼还有电", true},
		{"我们这边有电的", true},
		// Reports, not questions.
		{"三楼没电了", false},
		{"302停电了 能来看看吗", false},
		{"我这边有电 但是302没电了", false},
		{"停电没人管吗 赶紧派人来", false},
		{"教学楼三楼 整层都没电", false},
		{"插座没电", false},
		{"插座是有电的 但是灯不亮", false},
		{"这边有电 就是投影打不开", false},
	} {
		if got := powerCutAsked(c.text); got != c.want {
			t.Errorf("powerCutAsked(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// ut34Locations are ut34World's locations, numbered, for GuessRepair.
func ut34Locations() []flows.Location {
	var out []flows.Location
	for i, l := range []flows.Location{
		{Building: "教学楼", Floor: "3", Room: "302", Aliases: []string{"初二(3)班"}},
		{Building: "教学楼", Floor: "3", Room: "303", Aliases: []string{"初二(4)班"}},
		{Building: "实验楼", Floor: "2", Room: "二楼男厕所"},
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}},
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
		{Building: "教学楼", Floor: "2", Room: "教务处"},
		{Building: "教学楼", Floor: "3", Room: "语文组办公室", Aliases: []string{"语文组", "语文教研组"}},
	} {
		l.ID, l.Active = int64(i+1), true
		out = append(out, l)
	}
	return out
}
