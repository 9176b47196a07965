package inspection

import (
	"fmt"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/internal/rx"
)

// dueSaidRE is a deadline said for a hazard's 整改 while it is described:
// 明天之前弄好, 后天前整改完, 三天内处理好. User test 18's leader said
// 「不用修 让陈主任安排人清走纸箱 换灭火器 明天之前弄好」 and the hazard was due
// 今天 21:00 (F61). The day is the first group, or a number of days the
// second.
var dueSaidRE = rx.MustCompile(`(今天|今晚|明天|明儿|后天|大后天)(?:之前|以前|前|之内|内)?(?:要|得|必须|一定)?(?:弄好|整改好|整改完|处理好|处理完|完成|搞定|弄完|清好|清完|修好|换好|解决)|` +
	`([0-9]{1,2}|[一二两三四五六七八九十])天(?:之内|以内|内)(?:要|得|必须|一定)?(?:弄好|整改好|整改完|处理好|处理完|完成|搞定|弄完|修好|换好|解决)?`)

// dueSaid is the deadline text says, at the school's end of a working day
// (the small-repair rule's, 21:00) of the day it names.
func dueSaid(t *flows.Turn, text string) (time.Time, bool) {
	m := dueSaidRE.FindStringSubmatch(text)
	if m == nil {
		return time.Time{}, false
	}
	days := map[string]int{"今天": 0, "今晚": 0, "明天": 1, "明儿": 1, "后天": 2, "大后天": 3}[m[1]]
	if m[2] != "" {
		n, err := strconv.Atoi(m[2])
		if err != nil {
			n = map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}[m[2]]
		}
		if n < 1 {
			return time.Time{}, false
		}
		days = n
	}
	loc := t.School.Location()
	y, mo, d := t.Now.In(loc).Date()
	// A working day's morning of the day named: the small-repair rule
	// gives its end (21:00).
	morning := time.Date(y, mo, d+days, 8, 0, 0, 0, loc)
	return repair.RepairDue(t.School.Settings, loc, morning, repair.TierSmall), true
}

// noteDue keeps the deadline an answer while a finding is described
// says (明天之前弄好 beside 不用修).
func noteDue(t *flows.Turn, d *findingDraft) {
	if t.Msg.Button != "" {
		return
	}
	if due, said := dueSaid(t, t.Text); said {
		d.Due = due
	} else if m := dueVagueRE.FindStringSubmatch(t.Text); m != nil {
		d.DueVague = m[1]
	}
}

// dueVagueRE is a deadline said by an event houqin cannot date: 考试前弄好
// 就行, 放假前整改完 (user test 31, T32: the hazard was given the level's
// deadline and the finder was not told why). Its group is the words.
var dueVagueRE = rx.MustCompile(`((?:期末考试|期末|考试|考|放寒假|放暑假|放假|开学|元旦|过年|春节|下周|周末|月底|节前|过节)(?:之|以)?前)(?:要|得|必须|一定|能)?(?:弄好|整改好|整改完|处理好|处理完|完成|搞定|弄完|修好|换好|解决)`)

// dueVagueNote tells the finder, as the hazard is filed, that the
// deadline he said (考试前) has no date houqin knows, so the level's rule
// sets it; "" when none such was said.
func dueVagueNote(d *findingDraft) string {
	if d.DueVague == "" || !d.Due.IsZero() {
		return ""
	}
	return fmt.Sprintf("「%s」没有具体日期，整改期限按%s隐患的规定计算。", d.DueVague, d.Level.Label())
}

// dueOf is a hazard's deadline: the level's rule, or the one the finder
// said, when it is sooner or the finder may set it (a leader, the
// principal, the 总务主任): a teacher's 三天内 does not stretch a 重大
// hazard's.
func dueOf(t *flows.Turn, rule time.Time, d *findingDraft) time.Time {
	if d.Due.IsZero() || !d.Due.After(t.Now) {
		return rule
	}
	if d.Due.Before(rule) || t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return d.Due
	}
	return rule
}
