package canteen

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A fridge reading said on its own (user test 31, T27–T29: 「留样冰箱刚看了
// 一下 5度」 began a dinner sample record, 「不是留样 我就报一下冰箱温度 5度」
// inside it was no dish, and 「冰箱温度5度」 was not understood). houqin
// keeps the fridge's temperature with each meal's samples (sample_batches.
// fridge_c) and has no log of readings apart from them, so a reading alone
// is answered, not filed: within the rules' range she is told it is fine
// and where the temperature is recorded; out of it, FridgeWarm says what to
// do with the samples and offers the repair. No sample record is begun.

// readingFillerRE is what a cook says around a reading besides the fridge
// and its temperature: 刚看了一下, 我就报一下, 不是留样, 现在, 显示.
var readingFillerRE = rx.MustCompile(`不是(?:要|记|说|在说)?(?:留样|记录)|不记留样|(?:我|就|只|只是|我就|我只是?)?(?:报|说|告诉你|跟你说|看|查|量|测|瞅)了?(?:一)?下|看了|查了|量了|测了|刚才|刚刚|刚|现在|目前|今天|早上|上午|中午|下午|晚上|显示|温度计|读数|留样的?|我就|我只是?|只是|就是|就|是|有|在|的|了|啊|哈|哦|[\s,，。.!！~～:：、]`)

// fridgeReading reads a message that is a fridge temperature and nothing
// else (冰箱温度5度, 留样冰箱刚看了一下 5度, 不是留样 我就报一下冰箱温度 5度):
// the reading. ok is false for a question, a message with no fridge word,
// no temperature, or anything else in it (a dish, a weight, a meal, a
// move to another fridge, a fault: 冰箱不制冷 8度).
func (m *vocab) fridgeReading(text string) (c float64, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if s == "" || isQuestion(s) || !m.fridgeWord.MatchString(s) || movedRE.MatchString(s) {
		return 0, false
	}
	c, rest, found, err := m.takeTemperature(s)
	if !found || err != nil {
		return 0, false
	}
	rest = readingFillerRE.ReplaceAllString(m.fridgeWord.ReplaceAllString(rest, ""), "")
	return c, rest == ""
}

// sayFridgeFine answers a reading within the rules' range: fine, and
// where houqin keeps the fridge's temperature.
func sayFridgeFine(t *flows.Turn, c float64) {
	st := t.School.Settings
	t.Say(fmt.Sprintf("好的，留样冰箱 %s℃，在规定的 %s–%s℃ 之内，是正常的。\n"+
		"冰箱温度是跟着每一餐的留样一起记的：留样时写上「冰箱 %s度」就会记进留样记录；单独报的温度我这边不另外记录。"+
		"如果哪天超出 %s–%s℃（比如到了 %s℃），请马上告诉我，我会说明样品怎么处理，并帮你报修冰箱。",
		fmtC(c), fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC), fmtC(c), fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC), fmtC(st.FridgeMaxC+2)))
}
