package repair

import (
	"slices"
	"testing"
)

// TestSplitRequests: furniture or supplies short in a number is cut out
// to be passed on, the place before it kept for the rest; a thing broken
// or a part missing is not (user test 31's T41).
func TestSplitRequests(t *testing.T) {
	for _, c := range []struct {
		text, rest string
		asked      []string
	}{
		{"302考场桌子少了两张 还有黑板上头那个钟又不走了 是不是电池没装好", "302考场 黑板上头那个钟又不走了 是不是电池没装好", []string{"302考场桌子少了两张"}},
		{"302考场还差两张桌子 麻烦安排人搬过来", "302考场", []string{"302考场还差两张桌子 麻烦安排人搬过来"}}, // the asking to bring them is the request's (fx34h)
		{"303教室缺两把椅子", "303教室", []string{"303教室缺两把椅子"}},
		{"304需要三张桌子，灯也不亮了", "304 ，灯也不亮了", []string{"304需要三张桌子"}},
		{"301的凳子不够 还要五个", "301的 还要五个", []string{"301的凳子不够"}},
		{"302的椅子少了一把", "302的", []string{"302的椅子少了一把"}},
		// Not short: broken, a part missing, asked.
		{"302的桌子坏了两张", "302的桌子坏了两张", nil},
		{"桌子腿断了", "桌子腿断了", nil},
		{"窗户少了一块玻璃", "窗户少了一块玻璃", nil},
		{"椅子少了一条腿", "椅子少了一条腿", nil},
		{"302的桌子还差两张 什么时候送来？", "302的桌子还差两张 什么时候送来？", nil},
		{"桌子少了两张吗", "桌子少了两张吗", nil},
	} {
		rest, asked, _ := splitRequests(c.text)
		if rest != c.rest || !slices.Equal(asked, c.asked) {
			t.Errorf("splitRequests(%q) = %q, %q; want %q, %q", c.text, rest, asked, c.rest, c.asked)
		}
	}
}

// TestOnlyPartSaid: T42's words at a draft whose one description holds
// two things keep the thing kept (a draft read before desks short were
// passed on), and at a draft of the kept thing alone find the other gone.
func TestOnlyPartSaid(t *testing.T) {
	const both = "桌子少了两张，还有黑板上头那个钟又不走了"
	rest, dropped, ok := onlyPartSaid("桌子的事不用修 我跟陈主任说 只报钟", both)
	if !ok || rest != "黑板上头那个钟又不走了" || dropped != "桌子" {
		t.Errorf("onlyPartSaid(both) = %q, %q, %v", rest, dropped, ok)
	}
	if _, _, ok := onlyPartSaid("桌子不用修 灯也坏了", both); ok {
		t.Errorf("onlyPartSaid took 灯也坏了 as a part kept")
	}
	const clock = "黑板上头那个钟又不走了"
	if _, _, ok := onlyPartSaid("桌子的事不用修 我跟陈主任说 只报钟", clock); ok {
		t.Errorf("onlyPartSaid(clock) found a part to drop")
	}
	for _, c := range []struct {
		text, dropped string
		ok            bool
	}{
		{"桌子的事不用修 我跟陈主任说 只报钟", "桌子", true},
		{"桌子不用报了", "桌子", true},
		{"钟不用修了", "", false},       // the draft's own thing: not absent
		{"桌子不用修 灯也坏了", "", false},  // something else to mend
		{"桌子的事不用修 只报灯", "", false}, // the thing kept is not on the draft
	} {
		dropped, ok := onlyPartAbsent(c.text, clock)
		if dropped != c.dropped || ok != c.ok {
			t.Errorf("onlyPartAbsent(%q) = %q, %v; want %q, %v", c.text, dropped, ok, c.dropped, c.ok)
		}
	}
}
