package repair

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/parse"
)

// school is a small school's locations for the repair tests.
var school = []flows.Location{
	{ID: 1, Building: "教学楼", Floor: "3", Room: "302", Aliases: []string{"初二(3)班", "初二3班"}},
	{ID: 2, Building: "教学楼", Floor: "3", Room: "303", Aliases: []string{"初二（4）班"}},
	{ID: 3, Building: "实验楼", Floor: "2", Room: "男厕"},
	{ID: 4, Building: "实验楼", Floor: "3", Room: "男厕"},
	{ID: 5, Building: "图书馆", Room: "报告厅"},
	{ID: 6, Building: "宿舍楼", Floor: "1", Room: "3"},
	{ID: 7, Building: "综合楼", Floor: "二楼", Room: "校长办公室"},
	{ID: 8, Building: "门卫室"},
}

func TestGuessRepair(t *testing.T) {
	tests := []struct {
		in   string
		locs []flows.Location
		want RepairGuess
	}{
		{"302教室第三排课桌腿断了", school, RepairGuess{LocationID: 1, Trade: flows.TradeCarpentry, Item: "课桌", Description: "第三排课桌腿断了"}},
		{"初二(3)班 灯不亮", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "灯", Description: "灯不亮"}},
		{"初二（3）班灯不亮", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "灯", Description: "灯不亮"}},
		{"初二三班的灯管坏了", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "灯管", Description: "灯管坏了"}},
		{"初二(4)班门锁坏了", school, RepairGuess{LocationID: 2, Trade: flows.TradeCarpentry, Item: "门锁", Description: "门锁坏了"}},
		{"教学楼302室 黑板上方的灯一闪一闪", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "灯", Description: "黑板上方的灯一闪一闪"}},
		// Said without 的 (the fourth user test: it went to the carpenter).
		{"教学楼302室 黑板旁边插座也没电", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "插座", Description: "黑板旁边插座也没电"}},
		{"教学楼302室 后面黑板那块灯闪个不停", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "灯", Description: "后面黑板那块灯闪个不停"}},
		{"实验楼二楼男厕所水龙头一直漏水", school, RepairGuess{LocationID: 3, Trade: flows.TradePlumbing, Item: "水龙头", Description: "水龙头一直漏水"}},
		{"实验楼3F男厕堵了", school, RepairGuess{LocationID: 4, Trade: flows.TradePlumbing, Description: "堵了"}},
		{"男厕所灯不亮", school, RepairGuess{LocationCandidates: []int64{3, 4}, Building: "实验楼", Trade: flows.TradeElectrical, Item: "灯", Description: "灯不亮"}},
		{"图书馆投影仪打不开", school, RepairGuess{LocationID: 5, Trade: flows.TradeAV, Item: "投影仪", Description: "投影仪打不开"}},
		{"屋顶漏雨", school, RepairGuess{Trade: flows.TradeBuilding, Item: "屋顶", Large: true, Description: "屋顶漏雨"}},
		{"asdfgh", school, RepairGuess{Description: "asdfgh"}},
		{"", school, RepairGuess{}},
		{"！！", school, RepairGuess{Description: "！！"}},
		{"302教室", school, RepairGuess{LocationID: 1, Description: "302教室", OnlyPlace: true}},
		// A room number glued to a thing whose name starts with a measure
		// word (日 of a date, 台 of a count): still the room.
		{"302日光灯一闪一闪的", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "日光灯", Description: "日光灯一闪一闪的"}},
		{"302 日光灯坏了", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "日光灯", Description: "日光灯坏了"}},
		{"302节能灯不亮", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "灯", Description: "节能灯不亮"}},
		{"302台式电脑开不了机", school, RepairGuess{LocationID: 1, Trade: flows.TradeAV, Item: "电脑", Description: "台式电脑开不了机"}},
		{"302座椅坏了一把", school, RepairGuess{LocationID: 1, Trade: flows.TradeCarpentry, Item: "椅", Description: "座椅坏了一把"}},
		{"302排插没电了", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "排插", Description: "排插没电了"}},
		{"302LED灯不亮", school, RepairGuess{LocationID: 1, Trade: flows.TradeElectrical, Item: "led灯", Description: "LED灯不亮"}},
		// …while a date or a count after the number still is not a room.
		{"3排插座没电", school, RepairGuess{Trade: flows.TradeElectrical, Item: "排插" /* the lexicon's longest word */, Description: "3排插座没电"}},
		{"12日灯坏了", school, RepairGuess{Trade: flows.TradeElectrical, Item: "灯", Description: "12日灯坏了"}},
		{"3台电脑开不了机", school, RepairGuess{Trade: flows.TradeAV, Item: "电脑", Description: "3台电脑开不了机"}},
		// Numbers that are not rooms.
		{"3排课桌坏了", school, RepairGuess{Trade: flows.TradeCarpentry, Item: "课桌", Description: "3排课桌坏了"}},
		{"第3个插座没电", school, RepairGuess{Trade: flows.TradeElectrical, Item: "插座", Description: "第3个插座没电"}},
		{"1302的窗户关不上", school, RepairGuess{Trade: flows.TradeCarpentry, Item: "窗户", Description: "1302的窗户关不上"}},
		{"3号楼灯不亮", school, RepairGuess{Trade: flows.TradeElectrical, Item: "灯", Description: "3号楼灯不亮"}},
		{"宿舍楼3的床板断了", school, RepairGuess{LocationID: 6, Trade: flows.TradeCarpentry, Item: "床板", Description: "床板断了"}},
		// Several rooms numbered 302: equally good, so candidates, unless a
		// building hint (教室, 投影仪 → the teaching building) tells them apart.
		{"302的灯不亮", append(slices.Clip(school), flows.Location{ID: 9, Building: "实验楼", Room: "302"}),
			RepairGuess{LocationCandidates: []int64{1, 9}, Trade: flows.TradeElectrical, Item: "灯", Description: "灯不亮"}},
		{"302教室投影仪不亮", append(slices.Clip(school), flows.Location{ID: 9, Building: "实验楼", Room: "302"}),
			RepairGuess{LocationID: 1, Trade: flows.TradeAV, Item: "投影仪", Description: "投影仪不亮"}},
		{"教学楼302投影仪不亮", append(slices.Clip(school), flows.Location{ID: 9, Building: "实验楼", Room: "302"}),
			RepairGuess{LocationID: 1, Trade: flows.TradeAV, Item: "投影仪", Description: "投影仪不亮"}},
		{"教学楼的电脑坏了", school, RepairGuess{LocationCandidates: []int64{1, 2}, Building: "教学楼", Said: "教学楼", Trade: flows.TradeAV, Item: "电脑", Description: "电脑坏了"}},
		{"综合楼二楼校长办公室空调漏水", school, RepairGuess{LocationID: 7, Trade: flows.TradeElectrical, Item: "空调", Description: "空调漏水"}},
		// Keywords.
		{"门卫室门口的灯不亮", school, RepairGuess{LocationID: 8, Trade: flows.TradeElectrical, Item: "灯", Description: "门口的灯不亮"}},
		{"门卫门口的灯不亮", nil, RepairGuess{Trade: flows.TradeElectrical, Item: "灯", Description: "门卫门口的灯不亮"}},
		{"讲台上的电脑开不了机", nil, RepairGuess{Trade: flows.TradeAV, Item: "电脑", Description: "讲台上的电脑开不了机"}},
		{"厕所灯不亮", nil, RepairGuess{Trade: flows.TradeElectrical, Item: "灯", Description: "厕所灯不亮"}},
		{"厕所堵了", nil, RepairGuess{Trade: flows.TradePlumbing, Description: "厕所堵了"}},
		{"水龙头漏水，地面都湿了", nil, RepairGuess{Trade: flows.TradePlumbing, Item: "水龙头", Description: "水龙头漏水，地面都湿了"}},
		{"WiFi连不上", nil, RepairGuess{Trade: flows.TradeAV, Item: "wifi", Description: "WiFi连不上"}},
		{"桌子的腿断了", nil, RepairGuess{Trade: flows.TradeCarpentry, Item: "桌子", Description: "桌子的腿断了"}},
		{"窗帘掉了", nil, RepairGuess{Trade: flows.TradeGeneral, Item: "窗帘", Description: "窗帘掉了"}},
		{"墙皮脱落", nil, RepairGuess{Trade: flows.TradeBuilding, Item: "墙皮", Description: "墙皮脱落"}},
		// Severity.
		{"整层停电了", nil, RepairGuess{Trade: flows.TradeElectrical, Large: true, Description: "整层停电了"}},
		{"教室停电了", nil, RepairGuess{Trade: flows.TradeElectrical, Description: "教室停电了"}},
		{"跳闸了", nil, RepairGuess{Trade: flows.TradeElectrical, Description: "跳闸了"}},
		{"水管爆了", nil, RepairGuess{Trade: flows.TradePlumbing, Item: "水管", Large: true, Hazard: HazardWater, Description: "水管爆了"}},
		{"墙上有裂缝", nil, RepairGuess{Trade: flows.TradeBuilding, Item: "墙", Large: true, Description: "墙上有裂缝"}},
		{"屋顶的灯坏了", nil, RepairGuess{Trade: flows.TradeElectrical, Item: "灯", Description: "屋顶的灯坏了"}},
		{"全校断网", nil, RepairGuess{Trade: flows.TradeAV, Large: true, Description: "全校断网"}},
		{"电梯坏了", nil, RepairGuess{Trade: flows.TradeGeneral, Item: "电梯", Large: true, Description: "电梯坏了"}},
	}
	for _, tt := range tests {
		got := GuessRepair(tt.in, tt.locs)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("GuessRepair(%q) =\n\t%+v, want\n\t%+v", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"初二(3)班", "初二3班"},
		{"初二（三）班", "初二3班"},
		{"初二三班", "初二3班"},
		{"初二十二班", "初二12班"},
		{"高一一班", "高一1班"},
		{"七年级三班", "初一3班"}, // grade 7 is 初一: both the text and the aliases read so
		{"初3(2)班", "初三2班"},
		{"八年级(2)班", "初二2班"},
		{"九年级二班", "初三2班"},
		{"初三年级2班", "初三2班"},
		{"初三二班", "初三2班"},
		{"四零五教室", "405教室"},
		{"4楼5号", "405"},
		{"四楼五号", "405"},
		{"3号楼", "3号楼"},
		{"男寝405", "男生宿舍405"},
		{"男厕所", "男厕所"},
		{"男卫生间", "男厕所"},
		{"实验楼二楼", "实验楼2楼"},
		{"一号楼 三层", "1号楼3层"},
		{"教学楼 302", "教学楼302"},
		{"302 3排", "302 3排"},
		{"WiFi", "wifi"},
		{"三鲜汤", "三鲜汤"},
		{"初一三般", "初一3班"}, // 般 typed for 班 after a class
		{"初二4般的灯", "初二4班的灯"},
		{"灯一般都亮", "灯一般都亮"},     // 一般 stays a word
		{"303教师讲台", "303教室讲台"}, // 教师 typed for 教室 after a room number
		{"3位教师", "3位教师"},
		{"1303教师", "1303教师"},
		{"教师办公室", "教师办公室"},
	}
	for _, tt := range tests {
		if got := string(canonString(tt.in)); got != tt.want {
			t.Errorf("canonString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzGuessRepair(f *testing.F) {
	for _, s := range []string{"302教室第三排课桌腿断了", "初二(3)班 灯不亮", "实验楼二楼男厕所水龙头一直漏水", "图书馆投影仪打不开", "屋顶漏雨", "asdfgh", "初二十二班三楼", "在302的"} {
		f.Add(s, "302", "二")
	}
	f.Add("一号楼3楼()厕所", "()", "三层")
	ids := map[int64]bool{99: true}
	for _, l := range school {
		ids[l.ID] = true
	}
	// name and floor make one more location, as an admin might type it.
	f.Fuzz(func(t *testing.T, s, name, floor string) {
		locs := append(slices.Clip(school), flows.Location{ID: 99, Building: name, Floor: floor, Room: name + floor, Aliases: []string{floor, name}})
		g := GuessRepair(s, locs)
		if g.LocationID != 0 && (len(g.LocationCandidates) != 0 || !ids[g.LocationID]) {
			t.Fatalf("GuessRepair(%q) = %+v: bad location", s, g)
		}
		if len(g.LocationCandidates) == 1 {
			t.Fatalf("GuessRepair(%q) = %+v: one candidate should be the location", s, g)
		}
		for _, id := range g.LocationCandidates {
			if !ids[id] {
				t.Fatalf("GuessRepair(%q) = %+v: unknown candidate", s, g)
			}
		}
		if g.Trade != "" && !slices.Contains(flows.Trades, g.Trade) {
			t.Fatalf("GuessRepair(%q) = %+v: unknown trade", s, g)
		}
		if g.Item != "" && (g.Trade == "" || !strings.Contains(string(canonString(g.Description)), g.Item)) {
			t.Fatalf("GuessRepair(%q) = %+v: item not in the description", s, g)
		}
		if (g.Description == "") != (parse.Normalize(s) == "") {
			t.Fatalf("GuessRepair(%q) = %+v: description lost", s, g)
		}
		if strings.TrimSpace(g.Description) != g.Description || strings.Contains(g.Description, "\n") {
			t.Fatalf("GuessRepair(%q) = %+v: description not tidy", s, g)
		}
	})
}

// FuzzUnderstand: whatever is typed, by whoever, Understand does not
// panic, gives a known intent, a report has its problems, and every
// problem's place is one location, several, or text, from the table.
func FuzzUnderstand(f *testing.F) {
	for _, s := range []string{"302教室：1.后门锁坏了 2.有盏灯不亮 3.饮水机漏水", "上周报的灯修好了吗？", "灯修得很好，谢谢王师傅",
		"你好", "修好了", "教室有东西坏了，麻烦来看看", "操场东边的围栏倒了", "四楼五号插座漏电", "我们班\n1.\n2.", "初3(2)班；；，还有",
		"七年级", "4楼55号", "一二三四五", "305天花板要掉下来了", "男寝", "。1.2.3."} {
		f.Add(s, true)
	}
	locs, _ := corpusSchool()
	ids := map[int64]bool{}
	for _, l := range locs {
		ids[l.ID] = true
	}
	intents := []Intent{IntentNone, IntentReport, IntentProgress, IntentThanks, IntentGreeting, IntentDone, IntentVague}
	f.Fuzz(func(t *testing.T, text string, worker bool) {
		s := Sender{Owned: []int64{7}, Lexicon: []lexicon.Entry{{Kind: lexicon.Trade, Word: "风幕机", Value: "electrical"}}}
		if worker {
			s.Roles = []flows.Role{flows.RoleWorker}
		}
		rd := Understand(text, locs, s)
		if !slices.Contains(intents, rd.Intent) {
			t.Fatalf("Understand(%q): intent %q", text, rd.Intent)
		}
		if (rd.Intent == IntentReport || rd.Intent == IntentVague) && len(rd.Problems) == 0 {
			t.Fatalf("Understand(%q): a report without problems", text)
		}
		for _, g := range rd.Problems {
			if g.LocationID != 0 && (len(g.LocationCandidates) != 0 || !ids[g.LocationID] || g.PlaceText != "") {
				t.Fatalf("Understand(%q) = %+v: bad location", text, g)
			}
			if len(g.LocationCandidates) == 1 || (len(g.LocationCandidates) > 0 && g.PlaceText != "") {
				t.Fatalf("Understand(%q) = %+v: bad candidates", text, g)
			}
			for _, id := range g.LocationCandidates {
				if !ids[id] {
					t.Fatalf("Understand(%q) = %+v: unknown candidate", text, g)
				}
			}
			if g.Trade != "" && !slices.Contains(flows.Trades, g.Trade) {
				t.Fatalf("Understand(%q) = %+v: unknown trade", text, g)
			}
			if g.Hazard != "" && g.Hazard.Advice() == "" {
				t.Fatalf("Understand(%q) = %+v: a hazard without advice", text, g)
			}
		}
	})
}
