package inspection

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/internal/rx"
)

// A round walked and told in words, clause after clause, with no 还有
// between the findings (user test 33's T25: 「刚去宿舍楼查了一圈 208的电暖器
// 已经收了 2楼好几个宿舍插线板乱接 一楼疏散通道堆了纸箱子 3号楼一楼灭火器压力
// 不够了」 was filed as one hazard, all four things its problem, and given
// to the electrician). Each clause telling a problem is a finding of its
// own; a clause telling a thing dealt with (208的电暖器已经收了) is no
// finding, but news of an open hazard there, said back with how to record
// its 整改.

// roundWalkedRE is the first clause of such a message: 刚去宿舍楼查了一圈,
// 在食堂转了一遍, 刚才巡查了一下. Its group is where the round went.
var roundWalkedRE = rx.MustCompile(`^(?:今天|刚才|刚刚|刚|早上|上午|中午|下午|晚上)*(?:我|我们)?(?:刚才|刚刚|刚|又)?(?:去|到|在)?([^，,。；;\s\d]{0,8}?)(?:安全)?(?:查|转|走|看|巡|巡查|检查|巡视|排查)了(?:一圈|一遍|一趟|一轮)$`)

// findingWordRE is a problem in words troubleRE leaves (it reads a round's
// items, where 正常 and 不正常 are what count): wiring (插线板乱接, 私拉电线),
// a slippery floor, ice.
var findingWordRE = rx.MustCompile(`乱接|乱拉|私拉|私接|违规|很滑|太滑|湿滑|结冰|漏电|裸露|松动|脱落|压力不够|过期|失效|电暖器|小太阳|热得快`)

// goesOnRE begins a clause that goes on about the finding before it: 怕倒了
// 砸到人, 就在楼梯口, 容易绊倒.
var goesOnRE = rx.MustCompile(`^(?:怕|就|会|而且|容易|担心|万一|所以|因为|估计|可能|随时)`)

// buildingSaidRE is a clause naming its own building: 3号楼, 宿舍3号楼,
// 教学楼 (a floor, 2楼 or 一楼, names none).
var buildingSaidRE = regexp.MustCompile(`号楼|[^\d一二三四五六七八九十几]楼|馆|堂`)

// roundApart reads text as a round told in words: the findings, each
// with the round's place when it names no building of its own, and the
// clauses telling a thing dealt with; nil unless text begins with the
// round walked (roundWalkedRE) and tells two findings or more.
func roundApart(text string) (parts, dealt []string) {
	cs := clauseSplitRE.Split(strings.TrimSpace(text), -1)
	if len(cs) < 3 {
		return nil, nil
	}
	m := roundWalkedRE.FindStringSubmatch(cs[0])
	if m == nil {
		return nil, nil
	}
	place := m[1]
	for _, c := range cs[1:] {
		if c == "" {
			continue
		}
		plain := negatedRE.ReplaceAllString(c, "正常")
		problem := troubleRE.MatchString(plain) || findingWordRE.MatchString(c) || saysDanger(c) || fireKitFault(c) || repair.IsBlockedPassage(c)
		switch {
		case fixedDealt(c):
			dealt = append(dealt, c)
		case problem && utf8.RuneCountInString(c) >= 6 && !goesOnRE.MatchString(c):
			if place != "" && !strings.Contains(c, place) && !buildingSaidRE.MatchString(c) {
				c = place + c
			}
			parts = append(parts, c)
		case len(parts) > 0:
			parts[len(parts)-1] += " " + c
		default:
			return nil, nil // words before any finding that tell none
		}
	}
	if len(parts) < 2 {
		return nil, nil
	}
	return parts, dealt
}

// fixedDealt reports whether clause c tells a thing dealt with (收了,
// 没收了, 搬走了), denying nothing.
func fixedDealt(c string) bool {
	ok, _ := saidFixed(c)
	return ok
}

// dealtSaid says back, for each clause of dealt, the open hazard it is
// about that the writer may record rectified, with how to; or that it was
// not filed as a hazard.
func dealtSaid(t *flows.Turn, dealt []string) error {
	if len(dealt) == 0 {
		return nil
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return err
	}
	for _, c := range dealt {
		best, score, tie := -1, 0, false
		for i, h := range hs {
			if h.Status != HazardOpen {
				continue
			}
			about := h.Where() + h.Description
			n := sharedWords(c, about)
			if g := repair.GuessRepair(c, nil); g.PlaceText != "" && strings.Contains(about, g.PlaceText) {
				n += 2 // 208 of the hazard at 208
			}
			switch {
			case n > score:
				best, score, tie = i, n, false
			case n == score && n > 0:
				tie = true
			}
		}
		if best < 0 || tie {
			t.Say(fmt.Sprintf("「%s」说的是已经处理好的事，没有登记为隐患。", c))
			continue
		}
		h := hs[best]
		if mayAct(t, h, VerbFix) == "" {
			t.Say(fmt.Sprintf("「%s」说的是 %s %s「%s」吧，这一处不再重复登记。要记为整改完成，请回复「整改完成 %d」并附一张整改后的照片。", c, h.Ref, h.Where(), listDesc(h.Description), Num(h)))
			continue
		}
		t.Say(fmt.Sprintf("「%s」说的是 %s %s「%s」吧，这一处不再重复登记；它由%s负责整改，整改完成后会请人复查。", c, h.Ref, h.Where(), listDesc(h.Description), h.ResponsibleName))
	}
	return nil
}
