package canteen

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A disposal told late (user test 26's G32: 「上个月20号那两份留样早倒了 忘了
// 说」) was recorded as done the moment she said it, and the 留样记录 an
// inspector reads said so. The words may say when it was done, after the
// samples they name and before the verb (20号的留样22号就倒了, 那两份留样
// 前天下午倒了, 留样周一倒了): that time is recorded, as said, with when it
// was entered; a time before the batch's retention ended, or to come, is
// said back and nothing is recorded. When they say only that it is told
// late (早倒了, 早就扔了, 忘了说, 忘了点) and not when, houqin does not ask
// — the cook has no date in mind, and a question would hold up the record
// of samples gone long ago — but records the disposal as entered late,
// its time not said (the ledger's 「未说明具体时间（12月2日 11:11 补记）」,
// never today's time as the disposal's), and says so.

// disposalWhenRE is a disposal's time said after the samples and right
// before the verb: the day (20号, 上个月20号, 前天, 周一), the part of the
// day (下午), the adverbs before the verb. Group 1 is the day, 2 the part.
var disposalWhenRE = rx.MustCompile(`(?:留的样|留样|样品|样|份|个|批|盒)\s*((?:上个?月)?\d{1,2}\s*[号日]|大前天|前天|昨天|今天|(?:上|这|本)?个?(?:周|星期|礼拜)[一二三四五六日天1-7])?\s*(早上|一早|上午|中午|下午|傍晚|晚上)?\s*(?:就已经|就已|就|已经|已|早就|早已|早|都|也)*\s*(` + disposedVerbs + `)`)

// toldLateWordsRE says a disposal is told late without saying when:
// 早倒了, 早就扔了, 忘了说, 忘了点 (longAgoRE, toldLateRE), 之前就倒了.
var toldLateWordsRE = rx.MustCompile(`(?:之前|以前|先前|早先|前几天|前些天)就`)

// dayPartWords spells out a day and its part said in one word: 今早 is
// 今天早上 (上礼拜那两份留样今早都倒掉了), not 早 (long ago) before the verb.
var dayPartWords = strings.NewReplacer("今早", "今天早上", "今晨", "今天早上", "昨早", "昨天早上", "昨晚", "昨天晚上", "今晚", "今天晚上")

// partHours are the parts of a day said, as the hours they run from and
// to, and the hour recorded for them.
var partHours = map[string][3]int{
	"早上": {5, 9, 7}, "一早": {5, 9, 7}, "上午": {6, 12, 10}, "中午": {11, 14, 12},
	"下午": {12, 18, 15}, "傍晚": {17, 20, 18}, "晚上": {17, 24, 19},
}

// toldLate is when a typed disposal says it was done (see above).
type toldLate struct {
	late    bool      // told late: recorded with the time it is entered
	at      time.Time // when it was done, as well as it is known
	said    string    // the time as the ledger shows it (11月22日下午); "" when none
	back    string    // the time as said back to the cook (今天早上, 11月22日下午)
	problem string    // a time said that cannot be, said back; nothing is recorded
}

// disposalTold reads t's typed words disposing of b (see above). A
// disposal by a button is done now.
func disposalTold(t *flows.Turn, b SampleBatch) toldLate {
	if t.Msg.Button != "" {
		return toldLate{}
	}
	s := dayPartWords.Replace(parse.Normalize(strings.TrimSpace(t.Text)))
	loc := t.School.Location()
	today := CivilDay(t.Now, loc)
	late := longAgoRE.MatchString(strings.ReplaceAll(s, "早上", "")) || toldLateRE.MatchString(s) || toldLateWordsRE.MatchString(s)
	m := disposalWhenRE.FindStringSubmatch(s)
	if m == nil || m[1] == "" && m[2] == "" {
		if late {
			return toldLate{late: true, at: t.Now}
		}
		return toldLate{}
	}
	day, ok := today, true
	if m[1] != "" {
		day, ok = saidDay(m[1], today)
	}
	if !ok {
		return toldLate{}
	}
	if day.Equal(today) && m[2] == "" {
		return toldLate{} // 今天倒了: now
	}
	said := fmt.Sprintf("%d月%d日%s", day.Month(), day.Day(), m[2])
	when := dayLabel(day, today)
	if !strings.Contains(when, "月") {
		when += "（" + fmt.Sprintf("%d月%d日", day.Month(), day.Day()) + "）"
	}
	when += m[2]
	from, to, at := day, day.AddDate(0, 0, 1), day.Add(12*time.Hour)
	if h, ok := partHours[m[2]]; ok {
		from, to, at = day.Add(time.Duration(h[0])*time.Hour), day.Add(time.Duration(h[1])*time.Hour), day.Add(time.Duration(h[2])*time.Hour)
	}
	// The civil day's hours, in the school's zone.
	inZone := func(c time.Time) time.Time {
		return time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), 0, 0, 0, loc)
	}
	from, to, at = inZone(from), inZone(to), inZone(at)
	if m[2] == "" || to.Sub(from) >= 24*time.Hour {
		to = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	}
	switch {
	case from.After(t.Now):
		return toldLate{problem: fmt.Sprintf("你说%s倒的，这个时间还没到，没有记录。请再说一下是哪天倒的，比如「%d号的留样%d号就倒了」。", when, CivilDay(b.Day, loc).Day(), CivilDay(b.DisposeAfter, loc).Day())}
	case !to.After(b.DisposeAfter):
		return toldLate{problem: fmt.Sprintf("你说%s倒的，可%s要到 %s 才满 %d 小时、可以处理，时间对不上，先没有记录。是不是记错了日子？请再说一下是哪天倒的，比如「%d号的留样%d号就倒了」。",
			when, b.Label(), t.When(b.DisposeAfter), t.School.Settings.RetentionHours, CivilDay(b.Day, loc).Day(), CivilDay(b.DisposeAfter, loc).Day())}
	}
	// Only the day or its part was said: the hour recorded is the part's,
	// within what was said, the retention's end and now; the ledger shows
	// what was said.
	if at.Before(b.DisposeAfter) {
		at = b.DisposeAfter
	}
	if at.After(t.Now) {
		at = t.Now
	}
	back := dayLabel(day, today) + m[2]
	if !strings.HasPrefix(back, "今天") && !strings.HasPrefix(back, "昨天") {
		back = said
	}
	return toldLate{late: true, at: at, said: said, back: back}
}

// saidDay is the civil day of disposalWhenRE's day w, said on today:
// 上个月20号, 20号 (the latest 20th not after today), 前天, 周一 (the latest
// Monday not after today; 上周一 the one before).
func saidDay(w string, today time.Time) (time.Time, bool) {
	if w == "大前天" {
		return today.AddDate(0, 0, -3), true
	}
	if off, ok := dayOffsets[w]; ok {
		return today.AddDate(0, 0, off), true
	}
	if dm := dateAskRE.FindStringSubmatch(w); dm != nil {
		if saidLastMonthRE.MatchString(w) {
			return saidDate(today, []string{"", strconv.Itoa(int(today.AddDate(0, 0, -today.Day()).Month())), dm[2]})
		}
		return saidDate(today, dm)
	}
	wm := saidWeekdayRE.FindStringSubmatch(w)
	if wm == nil {
		return time.Time{}, false
	}
	wd := 6
	if i := strings.Index("一二三四五六", wm[2]); i >= 0 {
		wd = i / 3
	} else if n, err := strconv.Atoi(wm[2]); err == nil {
		wd = n - 1
	}
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	day := monday.AddDate(0, 0, wd)
	if wm[1] == "上" || wm[1] == "" && day.After(today) {
		day = day.AddDate(0, 0, -7)
	}
	return day, true
}

// cutDisposalWhen is s less a disposal's time said before its verb
// (disposalWhenRE), so that the samples it names are read as before:
// 20号的留样22号就倒了 is 20号的留样倒了.
func cutDisposalWhen(s string) string {
	m := disposalWhenRE.FindStringSubmatchIndex(s)
	if m == nil || m[2] < 0 && m[4] < 0 {
		return s
	}
	from := m[2]
	if from < 0 {
		from = m[4]
	}
	return s[:from] + s[m[6]:]
}

// disposedWhen says when b was disposed of, after who did: 在 今天 09:00
// 确认处理过了, or, told late, 在 12月2日 11:11 补记处理过了（处理时间
// 11月27日）, never the moment of entry as the disposal's.
func disposedWhen(t *flows.Turn, b SampleBatch) string {
	if b.DisposalEnteredAt.IsZero() {
		return fmt.Sprintf("在 %s 确认处理过了", t.When(b.DisposedAt))
	}
	said := "处理时间未说明"
	if b.DisposalSaid != "" {
		said = "处理时间 " + b.DisposalSaid
	}
	return fmt.Sprintf("在 %s 补记处理过了（%s）", t.When(b.DisposalEnteredAt), said)
}
