package repair

import (
	"regexp"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// This file is the interface between understanding free text and the
// repair flow: Understand reads a whole message into an Intent and one
// RepairGuess per problem. The flow decides; these are guesses.

// Tier is how soon a repair must be done.
type Tier string

const (
	TierSmall  Tier = "small"  // 小修不隔夜
	TierLarge  Tier = "large"  // 大修不隔天
	TierUrgent Tier = "urgent" // 紧急/安全隐患: at once, leaders alerted, a short deadline
)

// Hazard is the kind of danger a report describes; it picks the safety
// line said to the reporter. "" is no hazard.
type Hazard string

const (
	HazardElectric Hazard = "electric" // 漏电, 打火, 电线裸露
	HazardFire     Hazard = "fire"     // 冒烟, 焦味, 起火
	HazardGlass    Hazard = "glass"    // 碎玻璃, 玻璃要掉
	HazardFalling  Hazard = "falling"  // 吊顶要掉, 墙皮大块脱落, 栏杆松动
	HazardWater    Hazard = "water"    // 水管爆裂, 大量漏水
	HazardGas      Hazard = "gas"      // 煤气味, 燃气泄漏
)

// Advice is the safety line for the reporter while the worker comes.
func (h Hazard) Advice() string {
	switch h {
	case HazardElectric:
		return "请先让学生远离，有条件的话断开该处电源，不要用手触碰。"
	case HazardFire:
		return "请先疏散附近学生，断开电源；如有明火请立即拨打 119。"
	case HazardGlass:
		return "请先让学生远离玻璃下方，设置警示，不要徒手清理碎玻璃。"
	case HazardFalling:
		return "请先疏散下方学生，设置警示，不要在下面停留。"
	case HazardWater:
		return "请先关闭附近的水阀，移开电器，提醒学生注意地滑。"
	case HazardGas:
		return "请立即开窗通风，不要开关任何电器、不要动火，并疏散学生。"
	}
	return ""
}

// Intent is what a free-text message is for.
type Intent string

const (
	IntentNone     Intent = ""         // not about repairs at all
	IntentReport   Intent = "report"   // a new problem: 302灯不亮
	IntentProgress Intent = "progress" // 上周报的灯修好了吗？
	IntentThanks   Intent = "thanks"   // 灯修得很好，谢谢王师傅
	IntentGreeting Intent = "greeting" // 你好
	IntentDone     Intent = "done"     // a worker's 灯管换好了
	IntentVague    Intent = "vague"    // 教室有东西坏了，麻烦来看看: a report whose fault is unclear
)

// Sender is who wrote a message, for what only they can mean: 我们班 is
// the classroom a 班主任 owns.
type Sender struct {
	StaffID int64
	Roles   []flows.Role
	Owned   []int64 // locations the sender owns (their classroom)
}

// Reading is all that Understand read of one message.
type Reading struct {
	Intent Intent
	// Problems has one guess per problem named, in the order written;
	// several when the message lists several (1.门锁坏了 2.灯不亮).
	Problems []RepairGuess
}

// Understand reads a free-text message from s against the school's
// locations.
//
// TODO(understanding layer): this first version splits numbered lists and
// flags hazards by a short word list; the understanding layer replaces it.
func Understand(text string, locs []flows.Location, s Sender) Reading {
	var rd Reading
	for _, part := range SplitProblems(text) {
		g := GuessRepair(part, locs)
		g.Hazard = hazardOf(parse.Normalize(part))
		rd.Problems = append(rd.Problems, g)
	}
	rd.Intent = IntentNone
	for _, g := range rd.Problems {
		if g.Trade != "" {
			rd.Intent = IntentReport
		}
	}
	return rd
}

// Tier is the guess's tier: urgent for a hazard, else large or small.
func (g RepairGuess) Tier() Tier {
	switch {
	case g.Hazard != "":
		return TierUrgent
	case g.Large:
		return TierLarge
	}
	return TierSmall
}

var numberedItem = regexp.MustCompile(`(?:^|[\s；;，,。])(?:\d{1,2}|[一二三四五六七八九十])[\.、．)）]\s*`)

// SplitProblems splits a message listing several problems into one text
// per problem. A message with one problem gives one text.
func SplitProblems(text string) []string {
	idx := numberedItem.FindAllStringIndex(text, -1)
	if len(idx) < 2 {
		return []string{text}
	}
	var out []string
	for i, at := range idx {
		end := len(text)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		if p := strings.TrimSpace(text[at[1]:end]); p != "" {
			out = append(out, p)
		}
	}
	if head := strings.TrimSpace(text[:idx[0][0]]); head != "" && len(out) > 0 {
		out[0] = head + " " + out[0] // 「302教室：1.… 2.…」: the shared place goes with each
		for i := 1; i < len(out); i++ {
			out[i] = head + " " + out[i]
		}
	}
	return out
}

var hazardWords = []struct {
	h     Hazard
	words []string
}{
	{HazardFire, []string{"冒烟", "焦味", "着火", "起火", "烧焦"}},
	{HazardElectric, []string{"漏电", "打火", "冒火花", "电线裸露", "触电"}},
	{HazardGas, []string{"煤气味", "燃气泄漏", "漏气"}},
	{HazardGlass, []string{"碎玻璃", "玻璃碎", "玻璃裂"}},
	{HazardFalling, []string{"要掉下来", "掉下来", "快掉了", "松动", "坍塌", "塌了"}},
	{HazardWater, []string{"水管爆", "爆管", "水漫"}},
}

func hazardOf(s string) Hazard {
	for _, row := range hazardWords {
		for _, w := range row.words {
			if strings.Contains(s, w) {
				return row.h
			}
		}
	}
	return ""
}
