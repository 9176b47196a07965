package inspection

import "testing"

// TestFixedSaidConfiscated: a heater confiscated (没收了) or put away (收了,
// 撤了) tells the 整改 done (user test 33's T28: its 没 was read as "not");
// still there, not tidied or not received is no 整改.
func TestFixedSaidConfiscated(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"208那个电暖器没收了 插线板也撤了 弄好了", true},
		{"208的电暖器已经收了", true},
		{"电暖器给没收了", true},
		{"插线板都撤了", true},
		{"小太阳收起来了", true},
		{"电暖器没收掉了", true},
		{"电暖器还没收", false},
		{"电暖器没收起来", false},
		{"宿舍还没收拾好", false},
		{"整改通知没收到", false},
		{"插线板撤了吗", false},
	} {
		if got, _ := saidFixed(tc.text); got != tc.want {
			t.Errorf("saidFixed(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestRoundApart: a round told clause by clause is a finding per clause
// that tells a problem, a clause going on joins the one before, and a
// thing dealt with is no finding (user test 33's T25); one problem told
// in several clauses, or no round walked first, is left as it was.
func TestRoundApart(t *testing.T) {
	for _, tc := range []struct {
		text         string
		parts, dealt int
	}{
		{"刚去宿舍楼查了一圈 208的电暖器已经收了 2楼好几个宿舍插线板乱接 一楼疏散通道堆了纸箱子 3号楼一楼灭火器压力不够了", 3, 1},
		{"刚才在食堂转了一圈 后门消防通道堆了杂物 操作间灭火器过期了", 2, 0},
		{"我去实验楼巡查了一遍，三楼走廊灯不亮，二楼男厕所地上有水很滑，怕学生摔倒", 2, 0},
		{"刚检查了一圈 教学楼二楼楼梯扶手松了 一推就晃 三楼安全出口指示灯不亮", 2, 0},
		{"下午去操场转了一圈 东边围墙铁栅栏歪了 一推就晃 怕倒了砸到人", 0, 0},
		{"宿舍楼2楼好几个宿舍插线板乱接 一楼疏散通道堆了纸箱子", 0, 0},
		{"刚去宿舍楼查了一圈 都挺好的", 0, 0},
	} {
		parts, dealt := roundApart(tc.text)
		if len(parts) != tc.parts || len(dealt) != tc.dealt {
			t.Errorf("roundApart(%q) = %q, %q; want %d findings, %d dealt", tc.text, parts, dealt, tc.parts, tc.dealt)
		}
	}
}

// TestHandleGiven: each finding given to whom its clause names (user test
// 33's T26): a worker mends it, a person or the writer himself sees to it.
func TestHandleGiven(t *testing.T) {
	for _, tc := range []struct {
		clause                    string
		handle, worker, rectifier string
	}{
		{"插线板让孙师傅去弄", handleRepair, "孙师傅", ""},
		{"纸箱子让宿管清掉", handleSelf, "", "宿管"},
		{"灭火器我自己去换", handleSelf, "", selfRectifier},
		{"扶手得修", handleRepair, "", ""},
		{"箱子让实验员搬走就行", handleSelf, "", "实验员"},
		{"灯叫周师傅来修", handleRepair, "周师傅", ""},
		{"这个我来处理", handleSelf, "", selfRectifier},
		{"插线板还没弄", "", "", ""},
		{"纸箱子是食堂的", "", "", ""},
	} {
		h, w, r := handleGiven(tc.clause)
		if h != tc.handle || w != tc.worker || r != tc.rectifier {
			t.Errorf("handleGiven(%q) = %q, %q, %q; want %q, %q, %q", tc.clause, h, w, r, tc.handle, tc.worker, tc.rectifier)
		}
	}
}
