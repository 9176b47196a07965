package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter asking at the read-back for the repair to be urgent (the
// fourteenth user test: the canteen's 「这个是急事 关系食品安全 要加急」, for
// the 留样 fridge, was answered 「请回复数字选择」). The report is filed as
// urgent with her reason in its description, so the worker and the
// leaders hear at once; a leader who finds it not urgent answers the alert
// with 「改小修」, as for any urgent repair.

var (
	// rushRE is asking for haste: 要加急, 这是急事, 很急, 急用.
	rushRE = rx.MustCompile(`加急|急事|紧急|(?:很|特别|非常|贼|贼拉|挺|太|比较|真)急|急着用|急用|火急|着急用|等着用`)
	// noRushRE says the opposite, which is no request: 不急, 不用加急,
	// 不是急事 (user test 31's T38 phrasings).
	noRushRE = rx.MustCompile(`不急|不着急|不用急|不用加急|不要加急|不算急|不紧急|不算紧急|别急|不是(?:什么|啥)?急事|不算(?:什么|啥)?急事`)
	// rushFillerRE is what such a request says besides its reason: 这个是,
	// 要加急, 麻烦.
	rushFillerRE = rx.MustCompile(`^(?:这个|这|那个|它)?(?:是|算)?(?:个)?(?:急事|加急|紧急的?|很急|特别急|非常急|贼急|贼拉急|挺急|太急了?)(?:啊|呀|哈|了|的)?$|^(?:这个|这|那个|它)?(?:要|得|请|麻烦|帮忙|帮我|给我|能不能|能|需要)?(?:加急|紧急处理|尽快|赶紧)(?:一下|处理|修|弄|来|安排)*(?:吧|啊|呀|哈|谢谢)?$|` +
		// 改成紧急, 设为加急: the command itself (user test 29's R9 had it
		// added to the problem).
		`^(?:这个|这|那就|就)?(?:改成|改为|改|设为|设成|标成|标为|算)(?:紧急|加急)(?:的|维修|报修)?(?:吧|啊|呀|哈)?$`)
)

// rushSaid reads a request for haste and its reason (关系食品安全), the
// words left once the request itself is taken out. ok is false when text
// asks no haste.
func rushSaid(text string) (reason string, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if s == "" || noRushRE.MatchString(s) || strings.Contains(s, "\n") {
		return "", false
	}
	asked := rushRE.MatchString(s)
	var rest []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) }) {
		if urgeOnlyRE.MatchString(c) && !urgeNotRE.MatchString(c) {
			asked = true // 急, 急急急: a clause that only says so asks it too
			continue
		}
		if !rushFillerRE.MatchString(c) && !aboutReadingRE.MatchString(c) {
			rest = append(rest, c)
		}
	}
	if !asked {
		return "", false
	}
	return strings.Join(rest, "，"), true
}

// rush files the draft as urgent, as its reporter asked, with her reason
// in the description, and reads it back.
func (f RepairFlow) rush(t *flows.Turn, d *repairDraft, reason string) error {
	if d.tier() != TierUrgent {
		d.Tier, d.Rush = TierUrgent, true
		if reason != "" && !strings.Contains(d.Desc, reason) {
			d.Desc = flows.Clip(d.Desc+"（"+reason+"）", 200)
		}
		d.lead = "好的，已改为紧急维修。"
	}
	return f.next(t, d)
}

// A report that says 急 (or 很急, 紧急, ！！) and a near deadline (明天就要
// 放卷子了 急: user test 29b's S4) is filed as urgent from the start, as if
// 改成紧急 had been said at the read-back: the reporter had to say it, and
// her 急 went to the worker as a 留言 on top of the urgent notice. So is a
// report whose own words ask for haste (302门锁坏了 要加急, 很急, or 急 as a
// clause of its own): the same words said at the read-back make the draft
// urgent (rushSaid), and the last session's helpers saw them left 小修 when
// said first. The read-back says what 紧急 means (a deadline hours away,
// the leaders told) and how to undo it (改小修). 急 inside a sentence with
// no deadline near (老师们都很着急) is still only a 留言.

var (
	// urgeMarkRE is urgency said: 急, 很急, 紧急, 着急, ！！.
	urgeMarkRE = rx.MustCompile(`急|[!！]{2,}`)
	// urgeNotRE is 急 that says no urgency: 应急灯, 急救箱.
	urgeNotRE = rx.MustCompile(`应急|急救|急诊|急性|急刹|急转弯`)
	// nearTimeRE is a deadline within a day: 明天就要放卷子了, 下节课要用,
	// 下午三点开会.
	nearTimeRE = rx.MustCompile(`今天|今晚|今早|今儿|明天|明早|明晚|明儿|明日|上午|中午|下午|晚上|马上|待会|等会|一会儿?|下节课|这节课|下一节|第[一二三四五六七八1-8]节|放学前|上课前|[一二三四五六七八九十两\d]{1,3}点(?:半|钟)?(?:前|之前|以前|就|要|开始)`)
	// unrushSaidRE takes back a haste the reporter asked for or said, at
	// the read-back: 改小修, 按普通的来, 不用这么急.
	unrushSaidRE = rx.MustCompile(`^(?:那就|就|那|还是)?(?:改成|改为|改回|改|按|算)(?:小修|普通维修|普通的?)(?:吧|了|就行|就可以|来|处理)*[。！!]*$|^(?:也|其实)?(?:不用|不要|不必|不需要|没有?|不是|不)(?:这么|那么|太)?(?:急|紧急|加急)(?:的|了|吧|啦)*[。！!]*$`)
	// urgeOnlyRE is a 留言 part that only says it is urgent: 急, 很急啊.
	urgeOnlyRE = rx.MustCompile(`^(?:很|挺|比较|特别|非常|十万火|太|真|着|紧|加)?急(?:急急|死了|啊|呀|的|哦)*[!！~～。]*$`)
)

// urgedNear makes d urgent when text says it is urgent with a deadline
// near, unless it is already or says it is not (不急), and drops the bare
// 急 from its 留言.
func urgedNear(d *repairDraft, text string) {
	s := urgeNotRE.ReplaceAllString(parse.Normalize(text), "")
	if d.tier() == TierUrgent || noRushRE.MatchString(s) {
		return
	}
	if _, asked := rushSaid(s); !asked && (!urgeMarkRE.MatchString(s) || !nearTimeRE.MatchString(s)) {
		return
	}
	d.Tier, d.Rush, d.Urged = TierUrgent, true, true
	d.Wish = withoutUrging(d.Wish)
	if desc := withoutUrging(d.Desc); desc != "" {
		d.Desc = desc // 灯不亮了 明天下午开会 紧急: the tier says it
	}
}

// withoutUrging is s less its parts (between spaces or commas) that only
// say it is urgent: 急, 紧急, 很急啊, 要加急.
func withoutUrging(s string) string {
	var spaced []string
	for _, f := range strings.Fields(s) {
		var kept []string
		for _, w := range strings.Split(f, "，") {
			if w != "" && !urgeOnlyRE.MatchString(w) && !rushFillerRE.MatchString(w) {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			spaced = append(spaced, strings.Join(kept, "，"))
		}
	}
	return strings.Join(spaced, " ")
}

// unrushAtReadBack reports whether text takes back the haste of the
// draft being read back (改小修 at 「不用这么急的话请回复「改小修」」),
// which the read-back answers rather than 改小修 of a filed job.
func unrushAtReadBack(t *flows.Turn, text string) bool {
	if t.Flow() != (RepairFlow{}).Name() || t.State() != string(stateConfirm) || t.Msg.Button != "" ||
		!unrushSaidRE.MatchString(strings.TrimSpace(parse.Normalize(text))) {
		return false
	}
	var d repairDraft
	return t.Load(&d) == nil && d.Rush && d.Hazard == "" && len(d.Items) == 0
}
