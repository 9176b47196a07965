package inspection

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// User test 34's safety round (陈主任): 「无照片 我在开会」 kept 我在开会 in
// the hazard's problem, where every notice then showed it (T3); and 「不用
// 维修 老郑负责」, with the finding itself saying 「让老郑去挪一下」, left the
// 整改 to the finder (T4). Why no photo is sent is no part of the problem,
// and a name before 负责 or 整改 is whom the 整改 is left to, as 让老郑去挪
// 一下 told with the finding is.

// busyRE is a clause that only says why the finder sends no photo now: 我
// 在开会, 正在上课呢, 没空拍, 人不在现场.
var busyRE = rx.MustCompile(`^(?:我|人)?(?:现在|这会儿?|正|还|正在|在)*(?:开会|上课|监考|值班|忙|外面|路上|出差|开车|培训|听课|教研|忙着)(?:呢|中|啊|呀|了|着)?(?:没空|没时间|顾不上)?(?:拍)?(?:照片?)?$|^(?:没空|没时间|顾不上|来不及|腾不出手)(?:拍)?(?:照片?)?(?:了|啊|呀)?$|^(?:我|人)?(?:现在|已经)?不在(?:现场|学校|那边|那儿|那里|跟前|旁边)?(?:了|呢|啊)?$`)

// withoutBusy is text less its clauses that only say why no photo is sent
// (busyRE); "" when that is all it says.
func withoutBusy(text string) string {
	var kept []string
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		if c != "" && !busyRE.MatchString(c) {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, " ")
}

// ownerClauseRE is a clause of its own naming whom a finding is left to,
// the name first: 老郑负责, 王师傅来整改吧, 钱阿姨负责处理. Its group is the
// name.
var ownerClauseRE = rx.MustCompile(`^(?:就|那就|这个|这个就)?(\p{Han}{2,5}?)(?:他们|她们)?(?:来|去)?(?:负责整改|负责处理|负责清理|负责|整改|来管)(?:吧|了|啊|就行|就好)?$`)

// notOwnerRE begins words that are no one's name: 我来负责, 谁负责, 不用整改.
var notOwnerRE = rx.MustCompile(`^(?:我|你|他|她|自己|谁|不|没|别|要|需要|得|先|已经|马上|立即)`)

// ownerClause is the name a clause of s gives the finding to, the name
// first (ownerClauseRE), or "".
func ownerClause(s string) string {
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		if m := ownerClauseRE.FindStringSubmatch(c); m != nil && !notOwnerRE.MatchString(m[1]) {
			return m[1]
		}
	}
	return ""
}

// handedInFinding is whom a clause of the finding's own words leaves it
// to (让老郑去挪一下, 叫门卫老郑清一下), or "": kept as the 整改责任人 should
// the finding need no worker, still asked whether it does.
func handedInFinding(text string) string {
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		if !handedRE.MatchString(c) {
			continue
		}
		if r := namedRectifier(c); r != "" && !notOwnerRE.MatchString(r) {
			return r
		}
	}
	return ""
}

// newHazardSaid reports whether s begins with a hazard flow's trigger (发现
// 隐患 …): a new finding told as one, never progress on an open hazard
// (「发现隐患 实验楼三楼楼梯口堆了几把坏椅子 让钱阿姨清一下」 was kept as
// progress on the 教学楼 hazard its writer owned).
func newHazardSaid(s string) bool {
	return slices.ContainsFunc(HazardFlow{}.Triggers(), func(w string) bool { return strings.HasPrefix(s, w) })
}

// noLongerRE is a hazard told no longer there, as a clause's end: 不滑了,
// 不堵了, 不再漏水了. Its 不 denies the hazard, not the 整改.
var noLongerRE = rx.MustCompile(`(?:都|也|已经)?不(?:再)?(?:晃|摇|松|漏|滴|响|叫|闪|滑|冒|渗|冻|结冰|积水|漏水|冒水|渗水|滴水|打滑|堵|挡|占|冒烟)了(?:的|啊|呀|哈)?(?:$|[\s，,。！!；;])`)

// bestNamedFix is the 整改完成 of the one hazard awaiting the writer's 整改
// that s shares the most words with (its place and problem), when one
// shares more than every other.
func bestNamedFix(t *flows.Turn, s string) (string, bool) {
	hs, err := hazardsFor(t)
	if err != nil {
		return "", false
	}
	best, score, tie := Hazard{}, 0, false
	for _, h := range hs {
		if h.Status != HazardOpen || h.RepairID != 0 || mayAct(t, h, VerbFix) != "" {
			continue
		}
		switch n := sharedWords(s, h.Where()+h.Description); {
		case n > score:
			best, score, tie = h, n, false
		case n == score && n > 0:
			tie = true
		}
	}
	if score == 0 || tie {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbFix), ID: best.ID}.String(), true
}
