package repair

import (
	"context"
	"slices"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
)

func TestSplitProblems(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"302教室：1.后门锁坏了 2.有盏灯不亮 3.饮水机漏水", []string{"302教室，后门锁坏了", "有盏灯不亮", "饮水机漏水"}},
		{"101教室灯不亮；门锁也坏了", []string{"101教室灯不亮", "门锁也坏了"}},
		{"男寝305灯坏了，还有水龙头漏水", []string{"男寝305灯坏了", "水龙头漏水"}},
		{"204教室的灯坏了，窗户也关不上", []string{"204教室的灯坏了", "窗户也关不上"}},
		// One problem told in several sentences.
		{"205教室门锁坏了，钥匙插进去拧不动", []string{"205教室门锁坏了，钥匙插进去拧不动"}},
		{"水龙头漏水，地面都湿了", []string{"水龙头漏水，地面都湿了"}},
		{"你好，101教室灯不亮，麻烦来修一下，谢谢", []string{"你好，101教室灯不亮，麻烦来修一下，谢谢"}},
		{"1.2.3.", []string{"1.2.3."}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		if got := SplitProblems(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitProblems(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnderstandSharedPlace(t *testing.T) {
	locs, keys := corpusSchool()
	rd := Understand("初一(6)班：\n后门合页掉了\n门口饮水机不出水", locs, Sender{})
	if len(rd.Problems) != 2 {
		t.Fatalf("%d problems, want 2: %+v", len(rd.Problems), rd)
	}
	for i, g := range rd.Problems {
		if g.LocationID != keys["T401"] {
			t.Errorf("problem %d at %d, want 初一(6)班 (%d)", i+1, g.LocationID, keys["T401"])
		}
	}
	if rd.Problems[0].Trade != flows.TradeCarpentry || rd.Problems[1].Trade != flows.TradePlumbing {
		t.Errorf("trades %s, %s; want carpentry, plumbing", rd.Problems[0].Trade, rd.Problems[1].Trade)
	}
}

func TestUnderstandOwnClass(t *testing.T) {
	locs, keys := corpusSchool()
	s := Sender{Owned: []int64{keys["T302"]}}
	if g := Understand("我们班的灯坏了", locs, s).Problems[0]; g.LocationID != keys["T302"] || g.Description != "灯坏了" {
		t.Errorf("我们班 of T302's 班主任: %+v", g)
	}
	// Someone who owns no classroom: 我们班 is not a place.
	if g := Understand("我们班的灯坏了", locs, Sender{}).Problems[0]; g.LocationID != 0 || len(g.LocationCandidates) != 0 {
		t.Errorf("我们班 of a teacher without a class: %+v", g)
	}
	// A room of the school named besides: 我班 says whose parent it is.
	if g := Understand("我班一个家长说孩子住的男寝201上铺梯子松了", locs, s).Problems[0]; g.LocationID != keys["M201"] {
		t.Errorf("我班 … 男寝201 of T302's 班主任: %s", describeReading(Understand("我班一个家长说孩子住的男寝201上铺梯子松了", locs, s), locs))
	}
	// A room number that is also the classroom's: still the classroom.
	if g := Understand("我们班302的灯坏了", locs, s).Problems[0]; g.LocationID != keys["T302"] {
		t.Errorf("我们班302 of T302's 班主任: %+v", g)
	}
	// Two classrooms: both are offered.
	s.Owned = append(s.Owned, keys["T303"])
	if g := Understand("我班灯不亮", locs, s).Problems[0]; len(g.LocationCandidates) != 2 {
		t.Errorf("我班 of two classrooms: %+v", g)
	}
}

// TestUnderstandTraditional: a message in traditional characters, or
// mixed, reads as the same message in simplified ones.
func TestUnderstandTraditional(t *testing.T) {
	locs, _ := corpusSchool()
	for _, c := range []struct{ trad, simp string }{
		{"男寢403燈壞了，還有門鎖也壞了", "男寝403灯坏了，还有门锁也坏了"},
		{"教學樓三樓女廁所的水龍頭關不緊", "教学楼三楼女厕所的水龙头关不紧"},
		{"後廚一股煤氣味", "后厨一股煤气味"},
		{"師傅您好 在嗎", "师傅您好 在吗"},
	} {
		// The descriptions keep what was typed; the rest is read alike.
		read := func(text string) string {
			rd := Understand(text, locs, Sender{})
			for i := range rd.Problems {
				rd.Problems[i].Description = ""
			}
			return describeReading(rd, locs)
		}
		if got, want := read(c.trad), read(c.simp); got != want {
			t.Errorf("%q read %s, want as %q: %s", c.trad, got, c.simp, want)
		}
	}
}

// TestUnderstandMentions: an @ mention says who a message is for, not
// where, though 总务处 is a room; a run after @ that says what is wrong
// is the message itself.
func TestUnderstandMentions(t *testing.T) {
	locs, keys := corpusSchool()
	if g := Understand("@总务处 初二1班的灯坏了", locs, Sender{}).Problems[0]; g.LocationID != keys["T201"] {
		t.Errorf("@总务处 初二1班: %+v", g)
	}
	if rd := Understand("@总务处 又坏了 能不能派个人来看看", locs, Sender{}); rd.Intent != IntentVague || rd.Problems[0].LocationID != 0 || len(rd.Problems[0].LocationCandidates) != 0 {
		t.Errorf("@总务处 又坏了: %s", describeReading(rd, locs))
	}
	if g := Understand("@总务处灯坏了", locs, Sender{}).Problems[0]; g.LocationID != keys["zongwu"] {
		t.Errorf("@总务处灯坏了 (no space): %+v", g)
	}
}

func TestUnderstandCandidatesComplete(t *testing.T) {
	locs, _ := corpusSchool()
	// 教学楼 has 35 locations: every one is offered, none cut.
	g := Understand("教学楼的电脑坏了", locs, Sender{}).Problems[0]
	if len(g.LocationCandidates) != 35 || g.Building != "教学楼" {
		t.Errorf("教学楼: %d candidates in %q, want 35 in 教学楼", len(g.LocationCandidates), g.Building)
	}
}

// lexTx is a transaction that keeps a school's lexicon and nothing else.
type lexTx struct {
	flows.Tx
	entries []lexicon.Entry
}

func (x lexTx) Lexicon(ctx context.Context, schoolID int64) ([]lexicon.Entry, error) {
	return x.entries, nil
}

func TestSenderFor(t *testing.T) {
	locs := []flows.Location{{ID: 1, OwnerID: 7}, {ID: 2, OwnerID: 8}, {ID: 3}}
	tx := lexTx{entries: []lexicon.Entry{{Kind: lexicon.Trade, Word: "风幕机", Value: "electrical"}}}
	tu := &flows.Turn{Ctx: context.Background(), Tx: tx, Staff: flows.Staff{ID: 7, Roles: []flows.Role{flows.RoleTeacher}}}
	s, err := SenderFor(tu, locs)
	if err != nil {
		t.Fatal(err)
	}
	if s.StaffID != 7 || !slices.Equal(s.Owned, []int64{1}) || len(s.Lexicon) != 1 || !slices.Equal(s.Roles, []flows.Role{flows.RoleTeacher}) {
		t.Errorf("SenderFor = %+v", s)
	}
	if g := Understand("风幕机坏了", nil, s); g.Problems[0].Trade != flows.TradeElectrical {
		t.Errorf("the school's word: %+v", g)
	}
}

// TestStairsAndCorridorsAreNoRoom: a stair or corridor with its floors
// (「教学楼二楼到三楼的楼梯」) is a place of its own, kept as said, never the
// only room on one of those floors (the user test's 「…楼梯扶手松了」 was
// filed at room 201).
func TestStairsAndCorridorsAreNoRoom(t *testing.T) {
	locs := []flows.Location{{ID: 1, Building: "教学楼", Floor: "2", Room: "201"}, {ID: 2, Building: "教学楼", Floor: "3", Room: "302"}, {ID: 3, Building: "教学楼", Floor: "3", Room: "303"}}
	for text, place := range map[string]string{
		"教学楼二楼到三楼的楼梯扶手松了，学生上下楼很危险": "教学楼二楼到三楼的楼梯",
		"二楼到三楼楼梯的扶手松了":             "二楼到三楼楼梯",
		"三楼楼梯灯不亮":                  "三楼楼梯",
		"教学楼二楼的走廊灯不亮":              "教学楼二楼的走廊",
	} {
		rd := Understand(text, locs, Sender{})
		if len(rd.Problems) != 1 || rd.Problems[0].LocationID != 0 || rd.Problems[0].PlaceText != place {
			t.Errorf("%s: read %+v, want the place %q and no room", text, rd.Problems, place)
		}
	}
}

// A worker's job done told only by how it was fixed is done, and says how
// (HowFixed); a bare 修好了 says nothing more; from a teacher, a fix that
// did not work is a report.
func TestUnderstandFixedBy(t *testing.T) {
	locs, _ := corpusSchool()
	worker := Sender{Roles: []flows.Role{flows.RoleWorker}}
	tests := []struct {
		in       string
		s        Sender
		want     Intent
		howFixed bool
	}{
		{"信号线松了 插紧就好了", worker, IntentDone, true},
		{"信号线松了 重新插了一下就好了", worker, IntentDone, true},
		{"线头松了 重新接好就行了", worker, IntentDone, true},
		{"电源线没插好 插上就亮了", worker, IntentDone, true},
		{"重启了一下就好了", worker, IntentDone, true},
		{"302插座弄好了 里面线头松了受潮", worker, IntentDone, true},
		{"302的灯修好了", worker, IntentDone, false},
		{"201那个插座是漏保跳了，推上去就有电了，不是坏了", worker, IntentDone, true},
		{"扶手重新打了膨胀螺丝 加固好了", worker, IntentDone, true},
		{"查了 是燃气阀门接口松了 拧紧了 肥皂水试过不漏了", worker, IntentDone, true},
		{"燃气阀门接口松了 有股煤气味", worker, IntentReport, false},
		{"灯管换了还是不亮", Sender{}, IntentReport, false},
	}
	for _, tt := range tests {
		rd := Understand(tt.in, locs, tt.s)
		if rd.Intent != tt.want || rd.HowFixed != tt.howFixed {
			t.Errorf("Understand(%q) = %s, HowFixed %v; want %s, %v", tt.in, rd.Intent, rd.HowFixed, tt.want, tt.howFixed)
		}
	}
}
