package repair

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/parse"
)

// sameFault reports whether a new report f is the fault open repair r is
// for, so that it is merged into r instead of becoming a second job. The
// place is the caller's (the same location); here:
//
//   - the trade must be the same;
//   - a hazard is never merged into a repair that is not urgent: a
//     sparking socket is not the broken light waiting for parts;
//   - two symptoms (漏水, 不亮) must be the same symptom; a vague one
//     (坏了) goes with any;
//   - the same thing (水龙头, 水龙头) with such symptoms is the same fault;
//   - things of which one names the other (灯, 日光灯; 门, 门锁) or a
//     report that names no thing need the same, named symptom: 日光灯不亮
//     is 灯不亮 and 男厕所漏水 is 水龙头漏水, but 门锁坏了 is not known
//     to be 门关不上;
//   - different things (灯管, 插座) are different faults.
func sameFault(r Repair, f Filing) bool {
	return sameFaultAnyTier(r, f) && !raises(r, f)
}

// raises reports whether f, urgent, reports r's fault while r is not: a
// danger told of a job already reported as a small one (「有块砖翘起来了 刚才
// 有学生差点绊倒」 after 「地砖翘起来了」). It is still the same job, and
// merging into it makes it urgent (escalateMerged); a finished job it
// follows (返修) is not sent back but followed by a new, urgent one.
func raises(r Repair, f Filing) bool {
	return ParseTier(string(f.Tier)) == TierUrgent && r.Tier != TierUrgent
}

// sameFaultAnyTier is sameFault whatever the tiers of r and f.
func sameFaultAnyTier(r Repair, f Filing) bool {
	if r.Trade != f.Trade {
		return false
	}
	sr, sf := symptomOf(r.Description), symptomOf(f.Description)
	if sr != "" && sf != "" && sr != sf {
		return false
	}
	switch {
	case r.Item != "" && sameThing(r.Item, f.Item):
		return true
	case r.Item == "" || f.Item == "" || strings.Contains(r.Item, f.Item) || strings.Contains(f.Item, r.Item):
		return sr != "" && sr == sf
	}
	return false
}

// sameThings are names of one thing: 麦克风 is 话筒 (user test 30's T53
// filed 「礼堂麦克风不响」 beside the open 「礼堂 话筒没声音」).
var sameThings = [][]string{
	{"话筒", "麦克风", "麦克", "麦"},
	{"投影", "投影仪", "投影机"},
	{"电脑", "计算机", "电恼"},
	{"音响", "音箱"},
	{"消火栓", "消防栓"}, // the standard's name and the one most say (user test 31)
	{"暖气", "暖气片"},  // 305的暖气不太热 is 305教室暖气片不热 (user test 32's T2)
}

// sameThing reports whether items a and b name one thing.
func sameThing(a, b string) bool {
	return a == b || slices.ContainsFunc(sameThings, func(g []string) bool { return slices.Contains(g, a) && slices.Contains(g, b) })
}

// symptoms are the groups of words that say the same thing is wrong,
// each under its first word. A description with none of them is vague.
var symptoms = func() [][]string {
	var out [][]string
	for _, line := range []string{
		"漏水 滴水 渗水 冒水 跑水 漏",
		"不亮 灯灭 闪 忽明忽暗",
		"堵 不通 不下水 下水慢 冲不下去 不冲水",
		"没电 停电 断电 跳闸",
		"漏电 打火 冒火花 电线裸露 触电",
		"冒烟 焦味 烧焦 着火 起火",
		"没水 停水 没有热水 没热水 不出水",
		"关不上 合不上 关不严",
		"打不开 开不了 锁不上 锁不了 卡住",
		"碎 裂 破",
		"松动 掉下来 快掉了 要掉 脱落 塌",
		"翘起 翘了 鼓起 起鼓 拱起", // 地砖翘起来了, 有块砖翘起来了 (user test 18's F18)
		"断网 没网 上不了网 网速",
		"没声音 没有声音 没声 不响 没响 不出声", // 麦克风不响 is 话筒没声音 (user test 30's T53)
		"黑屏 不显示 打不开机 开不了机 死机 蓝屏",
		"不制冷 不制热 不转 异响 不走 停了 停摆", // 挂钟停了 is 那个钟又不走了 (user test 31's T41)
		// A radiator's fault (user test 32's T2); a dispenser's 不加热 is
		// its 不热了 (user test 34's T25).
		"不热 不太热 不够热 不怎么热 不大热 不暖和 不暖 冰凉 冰冷 不加热 加热不了 不烧水",
	} {
		out = append(out, strings.Fields(line))
	}
	return out
}()

// symptomOf is the symptom group a description names first (the longest
// word where several start at the same place: 漏电 is not 漏), or "".
func symptomOf(desc string) string {
	s := parse.Normalize(desc)
	best, at, n := "", len(s)+1, 0
	for _, g := range symptoms {
		for _, w := range g {
			if i := strings.Index(s, w); i >= 0 && (i < at || i == at && len(w) > n) {
				best, at, n = g[0], i, len(w)
			}
		}
	}
	return best
}

// symptomsOf are the symptom groups a description names anywhere, each
// word read at its place as symptomOf reads the first (漏电 is not 漏).
func symptomsOf(desc string) []string {
	s := parse.Normalize(desc)
	var out []string
	for i := 0; i < len(s); {
		best, n := "", 0
		for _, g := range symptoms {
			for _, w := range g {
				if strings.HasPrefix(s[i:], w) && len(w) > n {
					best, n = g[0], len(w)
				}
			}
		}
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		if !slices.Contains(out, best) {
			out = append(out, best)
		}
		i += n
	}
	return out
}
