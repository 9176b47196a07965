package repair

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A leader's urgency with a time of day (user test 32's T27: 「礼堂那边的
// 活都改成紧急 两点家长会就开始了 抓紧」 was given 今天 23:29, long after
// the meeting). The rule: when a leader makes a job urgent and names the
// time it must be done by (三点前, 两点半之前) or the time the thing it is
// for begins (两点家长会就开始了, 明早八点开考), the job is due at that
// time when it comes sooner than the urgent rule's deadline, and keeps the
// rule's when that is sooner: never later than the time he named. A time
// already past today (两点前, said at 16:00) moves nothing; the rule's
// deadline stands and the reply says so, with how to set another day.

// namedTimeRE is a time of day said, with its day: 两点, 两点半之前,
// 下午三点前, 明早八点, 明天上午十点之前, 14:30. Its groups: the day, the
// part of the day, the hour, the minutes after a colon, 半/一刻/N分, and
// 前/之前/以前/钟.
var namedTimeRE = rx.MustCompile(`(今天|今日|今晚|明天|明早|明晚|明儿|后天)?\s*(早上|上午|中午|下午|傍晚|晚上)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:点|时|[:：](\d{2}))\s*(半|一刻|三刻|\d{1,2}\s*分)?\s*(之前|以前|前|钟)?`)

// namedEventRE is what follows a bare time that makes it one (两点家长会,
// 八点开考, 三点要用), where 快一点弄 has none.
var namedEventRE = rx.MustCompile(`^\s*(?:的)?(?:家长会|开会|会议|开考|考试|开始|上课|活动|检查|典礼|仪式|演出|比赛|就|要|得|必须|务必|一定)`)

// namedTime is the time text names as when a job must be done (see
// namedTimeRE) in the school's time zone, and ok; it may be past. An hour
// of one to six said without a part of the day is the afternoon's: no one
// orders a school repair for two at night.
func namedTime(t *flows.Turn, text string) (time.Time, bool) {
	text = parse.Normalize(text)
	for _, m := range namedTimeRE.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return text[m[2*i]:m[2*i+1]]
		}
		day, part, hour, colon, extra, before := g(1), g(2), g(3), g(4), g(5), g(6)
		bare := day == "" && part == "" && colon == "" && extra == "" && before == "" && !strings.ContainsAny(hour, "0123456789")
		if bare && !namedEventRE.MatchString(text[m[1]:]) {
			continue // 快一点弄: no time
		}
		h, ok := parse.ParseChoice(hour, 24)
		if !ok && hour != "0" {
			continue
		}
		switch {
		case part == "下午" || part == "傍晚" || part == "晚上" || day == "今晚" || day == "明晚":
			if h < 12 {
				h += 12
			}
		case part == "中午":
			if h < 3 {
				h += 12
			}
		case part == "" && day != "明早" && h >= 1 && h <= 6:
			h += 12 // 两点家长会: the afternoon's
		}
		mins := 0
		switch {
		case colon != "":
			mins, _ = strconv.Atoi(colon)
		case extra == "半":
			mins = 30
		case extra == "一刻":
			mins = 15
		case extra == "三刻":
			mins = 45
		case extra != "":
			mins, _ = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(extra, "分")))
		}
		if h > 23 || mins > 59 {
			continue
		}
		days := 0
		switch day {
		case "明天", "明早", "明晚", "明儿":
			days = 1
		case "后天":
			days = 2
		}
		loc := t.School.Location()
		d := t.Now.In(loc).AddDate(0, 0, days)
		return flows.Clock(h*60+mins).On(d, loc), true
	}
	if m := offWorkRE.FindStringSubmatch(text); m != nil {
		days := 0
		switch m[1] {
		case "明天", "明儿":
			days = 1
		case "后天":
			days = 2
		}
		loc := t.School.Location()
		return t.School.Settings.IntakeCutoff.On(t.Now.In(loc).AddDate(0, 0, days), loc), true
	}
	return time.Time{}, false
}

// offWorkRE is 下班前 said as a time (今天下班前弄好, 明天下班之前): the end
// of the school's working day, which houqin knows as the setting
// intake_cutoff (18:00 by default: a small repair reported from then on is
// the next morning's). A school whose staff leave at 17:00 sets that, and
// both rules move together. 下班后 and 下班了 name no deadline.
var offWorkRE = rx.MustCompile(`(今天|今日|明天|明儿|后天)?\s*下班(?:之前|以前|前)`)

// rushBy is the time a leader's words making a job urgent name (see the
// rule above), or zero: for a worker's or a teacher's words (两点前肯定装
// 不上 is a worker's reason for 大修, not a deadline), a button, or
// another tier.
func rushBy(t *flows.Turn, to Tier) time.Time {
	if to != TierUrgent || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return time.Time{}
	}
	by, ok := namedTime(t, t.Text)
	if !ok {
		return time.Time{}
	}
	return by
}

// rushByNote is what the reply says of the time the leader named, by,
// with r's deadline set (changeTier): that it is his time, that the rule's
// is sooner, or that his has passed today; "" when he named none.
func rushByNote(t *flows.Turn, r Repair, by time.Time) string {
	switch {
	case by.IsZero():
		return ""
	case !by.After(t.Now):
		clock := by.In(t.School.Location()).Format("15:04")
		return fmt.Sprintf("你说的 %s 今天已经过了，期限先按紧急维修的规定定。如果指的是明天 %s，请告诉我，例如「%d号单子期限改成明天%s」。",
			clock, clock, Num(r), clock)
	case r.DueAt.Equal(by):
		return "（按你说的时间）"
	default:
		return fmt.Sprintf("（紧急维修按规定的期限，早于你说的 %s）", t.When(by))
	}
}

// urgingRE is a clause that only urges (抓紧, 赶紧弄一下, 快点吧): no
// reason to pass on.
var urgingRE = rx.MustCompile(`^(?:抓紧|赶紧|赶快|尽快|马上|立刻|立即|快点儿?|快一点|快|抓紧时间|抓点紧|加紧)(?:弄|修|办|处理|搞|去)?(?:一下)?(?:吧|啊|哈|了|呀)*$`)

// dropUrging is why without its clauses that only urge: 两点家长会就开始了
// 抓紧 → 两点家长会就开始了. The other clauses keep their punctuation.
func dropUrging(why string) string {
	var b strings.Builder
	for _, c := range urgingSplitRE.FindAllString(why, -1) {
		if !urgingRE.MatchString(strings.TrimRight(c, urgingSeps)) {
			b.WriteString(c)
		}
	}
	return strings.Trim(b.String(), urgingSeps)
}

// urgingSeps end a clause; urgingSplitRE is a clause with the separators
// after it.
const urgingSeps = " ，,。；;！!"

var urgingSplitRE = rx.MustCompile(`[^ ，,。；;！!]+[ ，,。；;！!]*|[ ，,。；;！!]+`)
