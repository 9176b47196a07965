package repair

import (
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// allPickedRE answers a which-one list with all of it: 两个都是, 都是, 两个
// 都要, 全部, 俩都催一下 (user test 18's F14 was not understood, and the
// main menu shown in its place took her next 「1」 for 报修); 两个都接了,
// 两单都接 at 接单's list (user test 29b's S1).
var allPickedRE = rx.MustCompile(`^(?:这|那)?(?:(?:([两二三四五2-5])(?:个|单)|(俩))我?(?:都|全)?|我?都|全部|全都|一起)(?:是|要|催|催一下|催催|修好了|好了|弄好了|可以了|验收|(接了|接单|接|来接))?(?:的|吧|啊|呀|了)?[。！!]*$`)

// numPickedRE answers a which-one list with several of its numbers, all
// of them said with 都: 1和2都接, 12都接了, 1 3都是.
var numPickedRE = rx.MustCompile(`^([1-9](?:\s*[和跟、,，]?\s*[1-9])+)\s*(?:号|个)?我?(?:都|全)(?:是|要|催|催一下|修好了|好了|弄好了|可以了|验收|(接了|接单|接|来接))?(?:的|吧|啊|呀|了)?[。！!]*$`)

// pickWordsSplitRE cuts an answer naming several of a list into the
// words for each: 灯那个 还有饮水机也催催, 灯和饮水机.
var pickWordsSplitRE = rx.MustCompile(`[，,。；;、\s]+|还有|以及|和|跟|与`)

// allTakes reports whether every act of a which-one list is 接单.
func allTakes(acts []string) bool {
	for _, s := range acts {
		if act, ok := flows.ParseAction(s); !ok || verb(act.Verb) != verbTake {
			return false
		}
	}
	return true
}

// pickedSeveral reads an answer to askWhich that picks more than one of
// rs: all of them (allPickedRE), or each named by its own words (「灯那个
// 还有饮水机也催催」: user test 18's F1 urged the 饮水机 only). Each
// picked gets its act; a sign-off of several is one, with its rating
// asked once. It reports whether it answered.
func pickedSeveral(t *flows.Turn, a followUpData, rs []Repair) (bool, error) {
	if t.Msg.Button == "" && len(rs) < 2 {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(t.Text)))
	var picked []int
	if m := allPickedRE.FindStringSubmatch(norm); m != nil {
		n := len(rs)
		if m[1] != "" {
			n, _ = parse.ParseChoice(m[1], 9)
		} else if m[2] != "" {
			n = 2
		}
		if n != len(rs) || m[3] != "" && !allTakes(a.Acts) {
			return false, nil // 两个都是 of three: which two is not said
		}
		for i := range rs {
			picked = append(picked, i)
		}
	} else if m := numPickedRE.FindStringSubmatch(norm); m != nil {
		if m[2] != "" && !allTakes(a.Acts) {
			return false, nil
		}
		for _, c := range m[1] {
			if c < '1' || c > '9' {
				continue
			}
			i := int(c - '1')
			if i >= len(rs) || slices.Contains(picked, i) {
				return false, nil // 1和3都接 of two
			}
			picked = append(picked, i)
		}
	} else {
		for _, part := range pickWordsSplitRE.Split(norm, -1) {
			if strings.TrimSpace(part) == "" {
				continue
			}
			i := slices.IndexFunc(rs, func(r Repair) bool { return nameStrength(part, r) == 2 })
			if i < 0 || slices.ContainsFunc(rs, func(r Repair) bool { return r.ID != rs[i].ID && nameStrength(part, r) == 2 }) {
				continue
			}
			if !slices.Contains(picked, i) {
				picked = append(picked, i)
			}
		}
		if len(picked) < 2 {
			return false, nil
		}
	}
	t.Done()
	if acts, ok := allBlocks(a.Acts, picked); ok {
		// 四个都是, at 修不好's list: one 修不好 of them all, its reason
		// asked once (user test 30's T15 asked it four times and kept one).
		return true, RepairFlow{}.Act(t, acts)
	}
	var oks, takes []flows.Action
	for _, i := range picked {
		act, ok := flows.ParseAction(a.Acts[i])
		if ok && verb(act.Verb) == verbOK {
			oks = append(oks, act)
			continue
		}
		if ok && verb(act.Verb) == verbTake && len(act.Args) == 0 {
			takes = append(takes, act)
			continue
		}
		if err := (RepairFlow{}).Act(t, a.Acts[i]); err != nil {
			return true, err
		}
	}
	if len(takes) > 0 {
		// 两个都接了: taken together, as 接单 3 4.
		args := []string{takeAlso}
		for _, k := range takes[1:] {
			args = append(args, strconv.FormatInt(k.ID, 10))
		}
		if err := (RepairFlow{}).Act(t, action(verbTake, takes[0].ID, args...)); err != nil {
			return true, err
		}
	}
	if len(oks) == 0 {
		return true, nil
	}
	if len(oks) == 1 {
		return true, RepairFlow{}.Act(t, oks[0].String())
	}
	// 两个都是, at 修好了's list: signed off together, as 两个都修好了.
	args := []string{takeAlso}
	for _, o := range oks[1:] {
		args = append(args, strconv.FormatInt(o.ID, 10))
	}
	args = append(args, oks[0].Args...) // the rating said with it
	return true, RepairFlow{}.Act(t, action(verbOK, oks[0].ID, args...))
}

// countedRE is a count of things said with a sign-off: 那两个, 俩, 三个;
// countedAllRE the words that they all work now: 都好了, 都修好了.
var (
	countedRE    = rx.MustCompile(`(?:这|那)?(?:([两二三四2-4])个|(俩))`)
	countedAllRE = rx.MustCompile(`(?:都|全都|全部)(?:已经)?(?:修好了|好了|弄好了|可以了|没问题了|正常了|能用了|ok了?)`)
)

// countedSignOff reads a sign-off that counts what it signs off, anywhere
// in its words (厕所那两个都看了 都好了): all of ready when as many, else
// those of ready the words name when exactly as many. ok is false when
// the words count nothing; chosen is empty when the count fits nothing.
func countedSignOff(norm string, ready []Repair) (chosen []Repair, ok bool) {
	m := countedRE.FindStringSubmatch(norm)
	if m == nil || !countedAllRE.MatchString(norm) {
		return nil, false
	}
	n := 2
	if m[1] != "" {
		n, _ = parse.ParseChoice(m[1], 9)
	}
	if n == len(ready) {
		return ready, true
	}
	for _, r := range ready {
		if nameStrength(norm, r) > 0 || placeNamed(norm, r.LocationName) {
			chosen = append(chosen, r)
		}
	}
	if len(chosen) != n {
		return nil, true
	}
	return chosen, true
}
