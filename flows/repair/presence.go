package repair

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// presenceAskRE asks whether a worker is at work today: user test 18's
// story had a leader ask 「周师傅今天在不在」 (王师傅 was on leave), which
// only 「今天谁值班」 answered. The worker is the second group.
var presenceAskRE = rx.MustCompile(`^(?:请问)?(?:(今天|今儿|现在|明天))?(\p{Han}{1,3}?师傅)(?:今天|今儿|现在|明天)?(?:人)?(?:在不在|在没在|来没来|来了没有?|在吗|在学校吗|在不在学校|来上班了?吗|上班了?吗|上班没|请假了?吗|请假了?没有?|有没有请假|休息吗)(?:啊|呀|呢|哈)?[？?。]*$`)

// presenceAsked answers presenceAskRE's question (text) about worker name
// on the day it says (明天, else today): the absences the roster has for him (请假, said by him or
// recorded by the 总务主任) and his duties, when the roster is read here.
func presenceAsked(t *flows.Turn, name, text string) error {
	w, ok, err := workerNamed(t, name)
	if err != nil {
		return err
	}
	if !ok {
		t.Say(fmt.Sprintf("没有找到「%s」这位维修师傅。", name))
		return nil
	}
	loc := t.School.Location()
	now := t.Now.In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	what, from := "今天", t.Now
	if strings.Contains(text, "明天") {
		day = day.AddDate(0, 0, 1)
		what, from = "明天", day
	}
	to := day.AddDate(0, 0, 1)
	as, err := awaysOf(t, w.ID, from)
	if err != nil {
		return err
	}
	var away []string
	for _, a := range as {
		if !a.Starts.Before(to) {
			continue
		}
		var span string
		switch {
		case a.Starts.After(from):
			span = fmt.Sprintf("%s 到 %s", t.When(a.Starts), t.When(a.Ends))
		case a.Ends.After(to):
			span = "全天，请假到 " + t.When(a.Ends)
		case a.Ends.Equal(to):
			span = "全天"
		default:
			span = "到 " + t.When(a.Ends)
		}
		if a.Note != "" {
			span += fmt.Sprintf("，他说「%s」", flows.Clip(a.Note, 30))
		}
		away = append(away, span)
	}
	if len(away) > 0 {
		t.Say(fmt.Sprintf("%s%s请假（%s）。他手上的单子可以问「%s手上有哪些单子」。", w.Name, what, strings.Join(away, "；"), w.Name))
		return nil
	}
	var duties []string
	if dl, ok := t.Tx.(DutyLister); ok {
		ds, err := dl.DutiesBetween(t.Ctx, t.School.ID, from, to)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d.StaffID == w.ID { // his absences were read above
				duties = append(duties, fmt.Sprintf("%s – %s", t.When(d.Starts), t.When(d.Ends)))
			}
		}
	}
	say := fmt.Sprintf("%s%s没有请假的记录。", w.Name, what)
	if len(duties) > 0 {
		say += fmt.Sprintf("值班表上他%s值班：%s。", what, strings.Join(duties, "、"))
	}
	t.Say(say)
	return nil
}
