package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

// TestDescriptionSaid checks the new descriptions typed at the read-back
// (the sixteenth user test's 描述改一下：…), and words that are none.
func TestDescriptionSaid(t *testing.T) {
	for text, want := range map[string]string{
		"描述改一下：黑板上面那根灯管一直闪": "黑板上面那根灯管一直闪",
		"问题改成 灯管一直闪":        "灯管一直闪",
		"描述：讲台上的灯管在闪":       "讲台上的灯管在闪",
		"把问题改为窗户关不上":        "窗户关不上",
		"问题不大":              "",
		"问题是303的":           "",
		"描述：":               "",
		// user test 16's F1/F2: the lead-in words are no part of it.
		"描述改一下吧，就写天花板漏水，靠窗那个角":       "天花板漏水，靠窗那个角",
		"又不对了，前面那个吧字去掉，就：天花板漏水，靠窗角落": "天花板漏水，靠窗角落",
		"靠窗两个字删掉，就写天花板漏水":            "天花板漏水",
		"描述改一下，就是灯管一直闪":              "灯管一直闪",
		"描述：就近那个灯管在闪":                "就近那个灯管在闪",
		"那个字去掉":                      "",
	} {
		if got, _ := descriptionSaid(text); got != want {
			t.Errorf("descriptionSaid(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestRegionalSubmit checks the regional words that file a read-back, and
// that a change beside them still stops it.
func TestRegionalSubmit(t *testing.T) {
	for text, want := range map[string]bool{
		"得，交咗佢":      true,
		"要得 交了吧":     true,
		"好了 发出去嘛":    true,
		"冇问题，发咗佢啦":   true,
		"交咗佢 地点改一下":  false,
		"先别交":        false,
		"这个问题交给谁修的？": false,
	} {
		if got := submitSaid(text); got != want {
			t.Errorf("submitSaid(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestOwnApartSaid checks the words that answer 「是不是你已经报修过的那个问题」
// with 不是.
func TestOwnApartSaid(t *testing.T) {
	for text, want := range map[string]bool{
		"不是一回事哦，上次那个是后排灯不亮，这回是前面灯管在闪": true,
		"跟006不一样！两个都要修":               true,
		"仍要提交":                        true,
		"不是":                          true,
		"是同一个":                        false,
		"嗯":                           false,
		"我的":                          false,
	} {
		if got := ownApartSaid(text); got != want {
			t.Errorf("ownApartSaid(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestSoundSlip checks that a room written one same-sounding character off
// is the building's room, and nothing else is.
func TestSoundSlip(t *testing.T) {
	locs := []flows.Location{
		{ID: 1, Building: "图书馆", Room: "阅览室"},
		{ID: 2, Building: "实验楼", Room: "阅览室"},
		{ID: 3, Building: "图书馆", Room: "书库"},
	}
	for _, c := range []struct {
		written, building string
		want              int64
	}{
		{"越览室", "图书馆", 1},
		{"越览室", "实验楼", 2},
		{"阅读室", "图书馆", 0}, // 读 is not 览's sound
		{"阅览", "图书馆", 0},
		{"输库", "图书馆", 3},
		{"越览室", "食堂", 0},
	} {
		if got, _ := soundSlip(c.written, c.building, locs); got != c.want {
			t.Errorf("soundSlip(%q, %q) = %d, want %d", c.written, c.building, got, c.want)
		}
	}
}

// TestCameBack checks the words that make a report follow a repair finished
// lately (返修): that it came back, or that it was never mended.
func TestCameBack(t *testing.T) {
	for text, want := range map[string]bool{
		"篮球架那个我去看了，篮筐还是有点歪，没修好": true,
		"灯又不亮了":       true,
		"还是不亮":        true,
		"303灯不亮":      false,
		"篮筐有点歪了":      false,
		"303的桌子又坏了一张": false,
		"又有一个灯不亮了":    false,
		"桌子又坏了":       true,
		"门锁又坏了 跟上次一样": true,
	} {
		if got := cameBack(text); got != want {
			t.Errorf("cameBack(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestHurriedYes checks a yes said in a hurry at the read-back (user test
// 16's 对对 赶紧的), and a hurry or a change that is no yes.
func TestHurriedYes(t *testing.T) {
	for text, want := range map[string]bool{
		"对对 赶紧的":         true,
		"好好，快点的":         true,
		"对对":             true,
		"是的 快点":          true,
		"赶紧的":            false,
		"这个急 快点":         false,
		"对对 赶紧的 不对 是303": false,
		"对对 302也坏了":      false,
	} {
		if got := hurriedYes(text); got != want {
			t.Errorf("hurriedYes(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestLeansOnNoPlace checks that a thing 靠 a place word is placed by its
// room, not at that place (user test 16's 靠走廊的窗户), while 靠近 a place
// keeps it.
func TestLeansOnNoPlace(t *testing.T) {
	for text, want := range map[string]string{
		"靠走廊的窗户把手掉了一个":  "",
		"靠走廊那边的窗户关不上":   "",
		"靠近学校后门的路灯不亮":   "学校后门",
		"三楼走廊的窗户把手掉了一个": "三楼走廊",
	} {
		if got := GuessRepair(text, nil).PlaceText; got != want {
			t.Errorf("GuessRepair(%q).PlaceText = %q, want %q", text, got, want)
		}
	}
}
