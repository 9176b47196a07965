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
	// noRushRE says the opposite, which is no request: 不急, 不用加急.
	noRushRE = rx.MustCompile(`不急|不着急|不用急|不用加急|不要加急|不算急|不紧急|不算紧急|别急`)
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
	if s == "" || !rushRE.MatchString(s) || noRushRE.MatchString(s) || strings.Contains(s, "\n") {
		return "", false
	}
	var rest []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) }) {
		if !rushFillerRE.MatchString(c) && !aboutReadingRE.MatchString(c) {
			rest = append(rest, c)
		}
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
