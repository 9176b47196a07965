package inspection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
)

// A leader who starts a seasonal check by its name (「开始冬季防火防冻安全
// 检查」, user test 30's T33) gets that season's usual checklist as his
// own round, not the guard's daily one: the points of the 冬季防火防冻,
// 汛期 and 开学 safety forms schools fill in.

// seasonRound is a seasonal check: the words that name it and its items.
type seasonRound struct {
	Title string   // its name when the leader's words give none
	Words []string // a check named with one of these is this one: 防冻, 汛期
	Items []string
}

// seasonRounds are the seasonal checks houqin knows, the most specific
// words first.
var seasonRounds = []seasonRound{
	{"冬季防火防冻安全检查", []string{"防冻", "冬防", "防寒", "冬季", "冬天", "入冬"}, []string{
		"消火栓、室外消防设施防冻保温到位，能正常出水",
		"电暖器等取暖设备使用规范，周围无可燃物，人走断电，无私拉电线",
		"灭火器在有效期内、压力正常，摆放处无遮挡",
		"室外水管、水表和暖气管道防冻保温到位，无冻裂漏水",
		"疏散通道、安全出口畅通，应急照明和疏散指示正常",
		"校门、台阶和主要道路无结冰积雪，防滑措施到位",
	}},
	{"汛期安全检查", []string{"汛期", "防汛", "雨季", "暴雨"}, []string{
		"校舍屋顶、墙体无渗漏开裂，危险房屋已停用",
		"排水沟、下水道畅通，低洼处无积水",
		"围墙、挡土墙、边坡无裂缝、倾斜和塌方迹象",
		"配电房、地下室防水防潮，电线电器无浸水漏电",
		"树木、广告牌、门窗牢固，无被风吹落的危险",
		"防汛物资（沙袋、水泵、雨具、应急照明）齐全",
	}},
	{"开学安全检查", []string{"开学"}, []string{
		"教室、宿舍门窗、灯具、课桌椅完好",
		"灭火器在有效期内，疏散通道、安全出口畅通",
		"用电线路、插座、开关完好，无私拉乱接",
		"饮水设备已清洗消毒，食堂证照齐全、设施完好",
		"校门、围墙、护栏完好，门卫值守到位",
		"体育器材、场地设施牢固，无松动破损",
	}},
}

// seasonOf is the seasonal check text starts, and its title as said
// (冬季防火防冻安全检查): a message starting a check (roundPlanned,
// namedCheck) whose name has a season's word. False for any other.
func seasonOf(text string) (seasonRound, string, bool) {
	name := namedCheck(text)
	if roundPlanned(text) {
		name = ownRoundTitle(text)
	}
	if name == "" {
		return seasonRound{}, "", false
	}
	for _, s := range seasonRounds {
		if slices.ContainsFunc(s.Words, func(w string) bool { return strings.Contains(name, w) }) {
			if !strings.Contains(name, "检查") && !strings.Contains(name, "排查") {
				name = s.Title
			}
			return s, name, true
		}
	}
	return seasonRound{}, "", false
}

// startSeasonRound opens the seasonal check text names as a leader's own
// round; false when text names none, or the school has a plan of its own
// for it (冬季防火防冻检查 on its lists), which the usual way offers.
func (f CheckFlow) startSeasonRound(t *flows.Turn) (bool, error) {
	s, title, ok := seasonOf(t.Text)
	if !ok {
		return false, nil
	}
	plans, err := db(t).Plans(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	if slices.ContainsFunc(plans, func(p Plan) bool {
		return p.Active && p.Assignee.Kind != AssignOwn && slices.ContainsFunc(s.Words, func(w string) bool { return strings.Contains(p.Name, w) })
	}) {
		return false, nil
	}
	items := make([]Item, len(s.Items))
	for i, text := range s.Items {
		items[i] = Item{Seq: i + 1, Text: text}
	}
	intro := fmt.Sprintf("好的，按%s的常用项目列了 %d 项临时检查清单，不影响当天的例行巡查。"+
		"要按自己的项目查，回复「取消」后说要查哪些，比如「安全检查 消防 用电 门窗」。", title, len(items))
	return true, f.openOwnRound(t, title, items, intro)
}
