package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestTodayAccepts: questions today's digest answers, as whole messages;
// reports and other questions are not.
func TestTodayAccepts(t *testing.T) {
	for text, want := range map[string]bool{
		"今天": true, "食堂今天留样了吗": true, "今天留样了没": true, "今天有人来访吗": true, "今天来了几个访客": true,
		"有没有没修好的": true, "有没有逾期的报修": true, "还有几个超时的": true, "现在还有多少没修好的": true, "报修情况": true, "维修情况怎么样？": true,
		"今天陪餐了吗":  true,
		"昨天有什么事吗": true, "昨天日报": true, "昨天怎么样": true, "昨天": true, "昨天的情况": true, "昨天学校有啥事没": true,
		"这周后勤上有啥要我知道的": true, "本周情况怎么样": true, "这个星期有什么事吗": true,
		// The thirteenth user test's leaders: the week and yesterday with
		// words between (后勤这块整体, 学校后勤) and a request after.
		"这个礼拜后勤这块整体咋样 给我说个大概": true, "周报": true, "本周汇总": true, "这周的周报呢": true,
		"昨天学校后勤有啥情况": true, "今天后勤这块整体咋样": true, "今天学校有啥子事": true,
		// The fourteenth user test's leaders.
		"今天后勤整体咋样 给我来个汇总": true, "今天全校后勤情况给我汇报一下": true, "今儿都有啥事 给我捋一捋": true,
		"今儿个学校咋样": true, "今天的情况给我列一下": true,
		// The 26th user test's leaders: now for today, and two questions.
		"现在学校里总体什么情况": true, "今天后勤这块怎么样 有啥事没": true, "目前学校整体情况怎么样": true, "今天咋样，有没有什么情况": true, "今天后勤总体啥情况 汇总发我看看": true,
		"现在学校里有几个访客": false, "现在302灯坏了": false, "今天后勤怎么样 有啥事没 302灯坏了": false,
		"今天后勤整体咋样 302灯坏了": false, "今儿302灯坏了": false,
		"周报表打印不出来": false, "这周三的会改到周四了": false, "昨天学校停电了": false,
		"昨天302的灯坏了": false, "这周五开会": false, "昨天下雨了": false,
		"302教室灯不亮": false, "留样 午餐": false, "食堂的灯坏了": false, "有没有人捡到钥匙": false, "今天下雨吗": false,
	} {
		if got := (Today{}).Accepts(&flows.Turn{Text: text}); got != want {
			t.Errorf("Accepts(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestAttentionWaitsForTheMeal: a digest asked for before lunch (「今日汇总」
// at 09:00) does not flag lunch as without its sample or 陪餐; after lunch
// has begun it does.
func TestAttentionWaitsForTheMeal(t *testing.T) {
	loc := flows.LoadLocation("Asia/Shanghai")
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, loc)
	d := Digest{School: flows.School{Name: "一中", Timezone: "Asia/Shanghai", Settings: flows.DefaultSettings()}, Day: day,
		Canteen: &CanteenDigest{Meals: []MealCheck{{Meal: flows.MealLunch}}}}
	d.AsOf = day.Add(9 * time.Hour)
	if text := DigestText(d); strings.Contains(text, "午餐未留样") || strings.Contains(text, "午餐无陪餐记录") {
		t.Errorf("at 09:00 lunch is flagged:\n%s", text)
	}
	d.AsOf = day.Add(13 * time.Hour)
	if text := DigestText(d); !strings.Contains(text, "午餐未留样") || !strings.Contains(text, "午餐无陪餐记录") {
		t.Errorf("at 13:00 lunch is not flagged:\n%s", text)
	}
}
