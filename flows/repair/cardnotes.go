package repair

import (
	"fmt"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// reworkNote is the read-back's word that the report will be filed as the
// 返修 of a job finished lately (findRecent), so the reporter knows before
// she confirms, not only after (user test 29's R14); "" when it will not.
// Only a place in the table is looked up: one written outside it is
// filed under a location the confirmation looks up first.
func reworkNote(t *flows.Turn, d *repairDraft) (string, error) {
	if d.LocationID == 0 || d.PlaceText != "" || len(d.Items) > 0 {
		return "", nil
	}
	prev, ok, err := findRecent(t, d.filing())
	if err != nil || !ok {
		return "", err
	}
	if prev.Status == RepairDone {
		return fmt.Sprintf("（这个问题 %s 刚由%s修好、还没有验收，原单 %s；提交后会按返修退回给%s重新维修。）",
			t.When(prev.DoneAt), workerOrOffice(prev), prev.Ref, workerOrOffice(prev)), nil
	}
	return fmt.Sprintf("（这个问题 %s 刚由%s修好过，原单 %s；提交后会按返修派单，并附上原单。）",
		t.When(prev.DoneAt), workerOrOffice(prev), prev.Ref), nil
}

// todayWhenRE is a time later today said with a report (下午就听力了, 第三
// 节要用, 3点前): group 1 the part of the day, group 2 an hour.
var todayWhenRE = rx.MustCompile(`(上午|中午|下午|傍晚|今晚|晚上)|(\d{1,2})点`)

// amHourRE says an hour is in the morning: 上午10点, 早上8点.
var amHourRE = rx.MustCompile(`上午|早`)

// laterDayRE is a day after today said with it: then the deadline rules.
var laterDayRE = rx.MustCompile(`明天|明早|明晚|后天|下周|周[一二三四五六日天]|星期`)

// soonerNote is the read-back's word, when the reporter said she needs it
// by a time today (d.Wish: 下午就听力了) that the rules' deadline due is
// after, that the deadline is later than that, and how to make it urgent;
// "" otherwise. The deadline itself is not moved: a leader decides what is
// urgent, and 加急 asks for it.
func soonerNote(t *flows.Turn, d *repairDraft, tier Tier, due time.Time) string {
	if d.Wish == "" || tier == TierUrgent || laterDayRE.MatchString(d.Wish) {
		return ""
	}
	m := todayWhenRE.FindStringSubmatch(d.Wish)
	if m == nil {
		return ""
	}
	hour := map[string]int{"上午": 8, "中午": 12, "下午": 13, "傍晚": 17, "今晚": 18, "晚上": 18}[m[1]]
	if m[2] != "" {
		hour, _ = strconv.Atoi(m[2])
		if hour < 7 && !amHourRE.MatchString(d.Wish) {
			hour += 12 // 3点: school hours, the afternoon
		}
	}
	loc := t.School.Location()
	now := t.Now.In(loc)
	need := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, loc)
	if hour == 0 || !due.After(need) {
		return ""
	}
	return fmt.Sprintf("\n你说「%s」，按规定的期限比这晚；要赶在那之前，可以回复「加急」改为%s。",
		d.Wish, severity(t.School.Settings, TierUrgent))
}
