package canteen

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A disposal told of the samples it describes rather than by their
// numbers or meal (the twelfth user test's cook: 「上礼拜那两个留样早倒掉
// 了」, and 「前天的留样倒了」「那几个留样都处理掉了」「留样早扔了」): the
// day or week said, how many, and a verb of disposal done at the end.
// Everything before the verb must be such words, so that a record
// (「今天午餐留样 红烧肉150克 …」) or a remark about one dish (汤倒了) is
// never read as one.

var (
	// longAgoRE is 早 (long ago) said right before a disposal's verb, with
	// what it keeps: 早倒掉了, 早就扔了, 早已处理了. (早点倒了吧 asks to
	// dispose early: earlyDisposal's.)
	longAgoRE = rx.MustCompile(`(?:早就|早已|早)((?:都|也|已经|已)?(?:倒|扔|处理|销毁|清))`)
	// saidDoneRE is the disposal at the end of the message, with the
	// adverbs that may come before its verb: 都处理掉了, 已经倒了 (早倒掉了
	// comes without its 早, longAgoRE).
	saidDoneRE = rx.MustCompile(`(?:都|也|全都|全部|全|已经|已|给|我们|我)*` + disposedVerbs + `(?:啊|呀|哈|啦|的)?[。！!~～]*$`)
	// saidAllRE is a word that says every sample described: 都, 全, 那些,
	// 几个 (no count, but more than one).
	saidAllRE = rx.MustCompile(`都|全|些|几\s*(?:个|份|批|盒)`)
	// saidCountRE is how many were said: 两个, 3份, 这两盒.
	saidCountRE = rx.MustCompile(`([两二三四五六七八九十\d]{1,2})\s*(?:个|份|批|盒|样)`)
	// saidBeforeRE is a time said loosely, before the last day or two:
	// 前几天, 之前的.
	saidBeforeRE = rx.MustCompile(`前几天|前些天|之前|以前|先前|早先`)
	// saidFillerRE are the other words such a message may have before its
	// verb: the samples (留样, 样品), pointing words (那, 这些), a count
	// (两个), and 的; once the days, the meals and these are taken out,
	// nothing may be left.
	// saidLastMonthRE is last month, said before a day's number: 上个月20号.
	saidLastMonthRE = rx.MustCompile(`上个?月`)
	// saidWeekdayRE is a day of a week: 上礼拜五 (last week's Friday), 这周三,
	// 周五 alone (the latest Friday not after today).
	saidWeekdayRE = rx.MustCompile(`(上|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])`)
	// afterwardRE is what the cook did after the disposal, said after it
	// (the thirteenth user test: 上礼拜五那两批留样都倒了 盒子也洗了): the
	// boxes washed, the fridge cleared. It is no part of which samples.
	afterwardRE = rx.MustCompile(`[\s，,。；;]+(?:留样)?(?:盒子|饭盒|留样盒|盒|碗|餐具|冰箱|冰柜|柜子)[^\s，,。；;]{0,6}?(?:洗|刷|擦|腾|收拾|消毒|清洗|清理|清空)[^\s，,。；;]{0,4}$`)
	// toldLateRE is an aside after a disposal that it is told late
	// (user test 16: 20号那两批留样早就倒掉了，一直忘了回你; 忘了跟你说,
	// 忘记报了): it says nothing of which samples.
	// User test 18's 忘了点 (forgot to tap the button), 忘了点确认, 忘了按.
	toldLateRE   = rx.MustCompile(`[\s，,。；;]+(?:一直|都|就|我)?(?:忘了|忘记了?|没来得及)(?:回|告诉|跟|和|给|报|说|登记?|点|按|确认|回复|发)?(?:你|您)?(?:说|讲|报|回|登记?|确认|已处理|一下)?(?:一声|了)?[。！!~～]*$`)
	saidFillerRE = rx.MustCompile(`留的样|留样|样品|样|那些|这些|那|这|和|跟|还有|以及|[两二三四五六七八九十几\d]{1,2}\s*(?:个|份|批|盒)|个|份|批|盒|的|我们|我|[\s，,。.!！~～]`)
)

// saidPlainly is text as the disposal readers take it: normalized, an
// aside that it is told late left out (toldLateRE), and 早 (long ago)
// before a disposal's verb left out (longAgoRE).
func saidPlainly(text string) string {
	s := toldLateRE.ReplaceAllString(strings.TrimSpace(parse.Normalize(text)), "")
	return verbLast(longAgoRE.ReplaceAllString(s, "$1"))
}

// disposalSaid is what such a message says: which days (from through
// to, civil days, both zero when none was said), which meals, how many.
type disposalSaid struct {
	from, to time.Time
	label    string // the days as said back: 上周, 前天, 11月20日; "" when none
	wide     bool   // 上周 said loosely: any earlier day when last week has none
	weekday  bool   // a weekday said (上礼拜五): when wide, the same weekday of an earlier week
	meals    []string
	count    int  // the number said (两个: 2), 0 when none
	all      bool // 都, 全, 那些, 几个: every one described
}

// readDisposalSaid reads s, said on the civil day today, as a disposal
// told of the samples it describes, with m's meal words. ok is false when
// s is no such message.
func readDisposalSaid(s string, today time.Time, m *vocab) (d disposalSaid, ok bool) {
	s = cutDisposalWhen(longAgoRE.ReplaceAllString(s, "$1")) // 22号就倒了: when, not which (disposalTold)
	for afterwardRE.MatchString(s) {
		s = afterwardRE.ReplaceAllString(s, "")
	}
	if questionEndRE.MatchString(s) {
		return d, false
	}
	s = verbLast(s)
	loc := saidDoneRE.FindStringIndex(s)
	if loc == nil || loc[0] == 0 {
		return d, false // 倒掉了 alone: disposedRE's
	}
	rest := s[:loc[0]]
	if !strings.Contains(rest, "样") && !saidCountRE.MatchString(rest) {
		return d, false // 汤倒了: a dish, not the samples
	}
	d.all = saidAllRE.MatchString(s)
	if m := saidCountRE.FindStringSubmatch(rest); m != nil {
		d.count = smallCount(m[1])
	}
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	switch dm := dateAskRE.FindStringSubmatch(rest); {
	case dm != nil:
		day, ok := saidDate(today, dm)
		if !ok {
			return d, false
		}
		if lm := saidLastMonthRE.FindString(rest); lm != "" && dm[1] == "" {
			// 上个月20号 (user test 17): the 20th of last month, said on
			// any day of this one.
			if day, ok = saidDate(today, []string{"", strconv.Itoa(int(today.AddDate(0, 0, -today.Day()).Month())), dm[2]}); !ok {
				return d, false
			}
			rest = strings.Replace(rest, lm, "", 1)
		}
		d.from, d.to, d.label = day, day, fmt.Sprintf("%d月%d日", day.Month(), day.Day())
		rest = strings.Replace(rest, dm[0], "", 1)
	case saidWeekdayRE.MatchString(rest):
		wm := saidWeekdayRE.FindStringSubmatch(rest)
		wd := 6 // 日, 天, 7: Sunday
		if i := strings.Index("一二三四五六", wm[2]); i >= 0 {
			wd = i / 3 // Monday 0 … Saturday 5
		} else if n, err := strconv.Atoi(wm[2]); err == nil {
			wd = n - 1
		}
		day := monday.AddDate(0, 0, wd)
		switch {
		case wm[1] == "上":
			day = day.AddDate(0, 0, -7)
		case wm[1] == "" && day.After(today):
			day = day.AddDate(0, 0, -7)
		}
		if day.After(today) {
			return d, false // 这周五 said on a Tuesday: not yet
		}
		d.from, d.to, d.label = day, day, fmt.Sprintf("%d月%d日", day.Month(), day.Day())
		// 上礼拜五 said loosely, as 上礼拜 is: the latest Friday before it
		// with samples not yet disposed of (the thirteenth user test's
		// cook meant the Friday before last).
		d.wide, d.weekday = wm[1] != "这" && wm[1] != "本", true
		rest = strings.Replace(rest, wm[0], "", 1)
	case dayWordRE.MatchString(rest):
		w := dayWordRE.FindString(rest)
		day := today.AddDate(0, 0, dayOffsets[w])
		if day.After(today) {
			return d, false // 明天的: no disposal is done tomorrow
		}
		d.from, d.to, d.label = day, day, dayLabel(day, today)
		rest = strings.Replace(rest, w, "", 1)
	case lastWeekRE.MatchString(rest):
		d.from, d.to, d.label, d.wide = monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1), "上周", true
		rest = lastWeekRE.ReplaceAllString(rest, "")
	case thisWeekRE.MatchString(rest):
		d.from, d.to, d.label = monday, today, "这周"
		rest = thisWeekRE.ReplaceAllString(rest, "")
	case saidBeforeRE.MatchString(rest):
		d.to, d.label = today.AddDate(0, 0, -1), "之前"
		rest = saidBeforeRE.ReplaceAllString(rest, "")
	}
	if ms := daysAgoRE.FindAllStringSubmatch(rest, -1); ms != nil || d.label != "" && dayWordRE.MatchString(rest) {
		// 3天前那个, or a second day (前天的 … 3天前那个): every day said.
		for _, m := range ms {
			n := smallCount(m[1])
			if n <= 0 {
				return d, false
			}
			d.widen(today.AddDate(0, 0, -n), today)
		}
		rest = daysAgoRE.ReplaceAllString(rest, "")
		for _, w := range dayWordRE.FindAllString(rest, -1) {
			if day := today.AddDate(0, 0, dayOffsets[w]); !day.After(today) {
				d.widen(day, today)
			}
		}
		rest = dayWordRE.ReplaceAllString(rest, "")
	}
	for _, w := range mealWordRE.FindAllString(rest, -1) {
		if k, ok := mealKeyOf(m, w); ok && !slices.Contains(d.meals, k) {
			d.meals = append(d.meals, k)
		}
	}
	rest = mealWordRE.ReplaceAllString(rest, "")
	if saidFillerRE.ReplaceAllString(rest, "") != "" {
		return d, false
	}
	return d, true
}

// daysAgoRE is a day said by how long ago: 3天前, 两天以前.
var daysAgoRE = rx.MustCompile(`([两二三四五六七八九十\d]{1,2})\s*天(?:以|之)?前`)

// widen adds day to the days d describes (a day said in two ways, 前天
// … 3天前, is either), labelled by their dates.
func (d *disposalSaid) widen(day, today time.Time) {
	if d.from.IsZero() || day.Before(d.from) {
		d.from = day
	}
	if d.to.IsZero() || day.After(d.to) {
		d.to = day
	}
	d.label = dayLabel(d.from, today)
	if !d.to.Equal(d.from) {
		d.label = fmt.Sprintf("%d月%d日到%d月%d日", d.from.Month(), d.from.Day(), d.to.Month(), d.to.Day())
	}
}

// midDoneRE is a disposal's verb with its adverbs, wherever it stands.
var midDoneRE = rx.MustCompile(`(?:都|也|全都|全部|全|已经|已|给|我们|我)*` + disposedVerbs)

// tailSaidRE is what may follow a disposal's verb and still only say
// which samples: days, meals, pointing words (前天的留样倒掉了 3天前那个
// 早上的和中午的: user test 32's T50).
var tailSaidRE = rx.MustCompile(`^(?:[两二三四五六七八九十\d]{1,2}\s*天(?:以|之)?前|前天|昨天|早上|中午|晚上|早餐|午餐|晚餐|早饭|午饭|晚饭|那个|那份|那些|那几个|这个|的|和|跟|还有|[\s，,。])+$`)

// verbLast is s with the disposal's verb put last when words after it
// only say which samples (tailSaidRE), as readDisposalSaid reads them;
// s as it is otherwise.
func verbLast(s string) string {
	if saidDoneRE.MatchString(s) {
		return s
	}
	locs := midDoneRE.FindAllStringIndex(s, -1)
	if len(locs) != 1 {
		return s
	}
	i, j := locs[0][0], locs[0][1]
	tail := strings.TrimLeft(s[j:], "啊呀哈啦")
	if i == 0 || !tailSaidRE.MatchString(tail) {
		return s
	}
	return s[:i] + " " + strings.TrimSpace(tail) + " " + s[i:j]
}

// saidDate is the day of dateAskRE's match m: 20号 is the latest 20th
// not after today, 11月20日 the latest 20 November.
func saidDate(today time.Time, m []string) (time.Time, bool) {
	day, err := strconv.Atoi(m[2])
	if err != nil {
		return time.Time{}, false
	}
	month := int(today.Month())
	if m[1] != "" {
		if month, err = strconv.Atoi(m[1]); err != nil {
			return time.Time{}, false
		}
	}
	d := time.Date(today.Year(), time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if d.Month() != time.Month(month) || day < 1 {
		return time.Time{}, false // 2月30日
	}
	if d.After(today) {
		if m[1] == "" {
			d = d.AddDate(0, -1, 0)
		} else {
			d = d.AddDate(-1, 0, 0)
		}
	}
	return d, true
}

// mealKeyOf reads a meal word of mealWordsRE with m's words.
func mealKeyOf(m *vocab, w string) (string, bool) {
	if k, ok := m.parse(w); ok {
		return k, true
	}
	k, ok := map[string]string{"早上": flows.MealBreakfast, "中午": flows.MealLunch, "晚上": flows.MealDinner}[w]
	return k, ok
}

// has reports whether b is among the batches d describes.
func (d disposalSaid) has(b SampleBatch, loc *time.Location, wide bool) bool {
	day := CivilDay(b.Day, loc)
	switch {
	case len(d.meals) > 0 && !slices.Contains(d.meals, b.Meal):
		return false
	case wide && d.weekday && day.Weekday() != d.from.Weekday():
		return false
	case !d.from.IsZero() && !wide && day.Before(d.from):
		return false
	case !d.to.IsZero() && day.After(d.to):
		return false
	}
	return true
}

// disposeSaid answers a disposal told of the samples it describes (see
// readDisposalSaid): the batches not yet disposed of that it describes
// are disposed of when they are what was said (every one of a day or
// week named, as many as the count said, the only one); when it is not
// clear which, the batches due are offered as buttons, with one for all
// of them. Batches still within their retention time that a day named
// describes are refused as 「已处理 N」 refuses them, with when they may go.
func disposeSaid(t *flows.Turn, s string) (string, bool) {
	loc := t.School.Location()
	d, ok := readDisposalSaid(s, CivilDay(t.Now, loc), vocabFor(t))
	if !ok {
		return "", false
	}
	bs, err := commandBatches(t)
	if err != nil {
		return "", false
	}
	pick := func(wide bool) (due, waiting []SampleBatch) {
		for _, b := range bs {
			switch {
			case !b.DisposedAt.IsZero() || !d.has(b, loc, wide):
			case t.Now.Before(b.DisposeAfter):
				waiting = append(waiting, b)
			default:
				due = append(due, b)
			}
		}
		return due, waiting
	}
	due, waiting := pick(false)
	if len(due)+len(waiting) == 0 && d.wide {
		// 上礼拜的 said of samples kept the week before: the cook's
		// week is looser than the calendar's.
		due, waiting = pick(true)
		if d.weekday {
			// The latest such weekday only: one day was said.
			var latest time.Time
			for _, b := range append(slices.Clone(due), waiting...) {
				if day := CivilDay(b.Day, loc); day.After(latest) {
					latest = day
				}
			}
			on := func(b SampleBatch) bool { return !CivilDay(b.Day, loc).Equal(latest) }
			due, waiting = slices.DeleteFunc(due, on), slices.DeleteFunc(waiting, on)
		}
	}
	byAge := func(a, b SampleBatch) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(due, byAge)
	slices.SortFunc(waiting, byAge)
	daySaid := d.label != ""
	pool := due
	if daySaid {
		pool = append(slices.Clone(due), waiting...) // the day's, whether due or not
	}
	hours := t.School.Settings.RetentionHours
	switch {
	case len(pool) == 0 && len(waiting) > 0:
		t.Say(fmt.Sprintf("现在没有已满 %d 小时、可以处理的留样，不用确认。还在冷藏的留样要满 %d 小时才能处理，发送「我的」可以查看每份什么时候可以处理。", hours, hours))
		return "", true
	case len(pool) == 0 && daySaid:
		// 前天的 said of older samples (user test 32's T50, T51): the
		// samples due of the meals said are offered, as no day was said.
		var other []SampleBatch
		for _, b := range bs {
			if b.DisposedAt.IsZero() && !t.Now.Before(b.DisposeAfter) && (len(d.meals) == 0 || slices.Contains(d.meals, b.Meal)) {
				other = append(other, b)
			}
		}
		if len(other) == 0 {
			t.Say(fmt.Sprintf("没有找到%s还没确认处理的留样。发送「我的」可以查看还在冷藏和待处理的留样。", d.label))
			return "", true
		}
		slices.SortFunc(other, byAge)
		return offerDue(t, d, other, fmt.Sprintf("没有找到%s还没确认处理的留样。", d.label), "是这几份吗？请选倒掉的那一份。"), true
	case len(pool) == 0:
		t.Say("现在没有等着处理的留样，不用确认。")
		return "", true
	}
	certain := len(pool) == 1 && d.count <= 1 || d.count == len(pool) || d.count == 0 && (d.all || daySaid)
	if certain {
		ids := make([]int64, len(pool))
		for i, b := range pool {
			ids[i] = b.ID
		}
		if data, ok := disposeAction(ids); ok {
			return data, true
		}
	}
	if len(due) == 0 {
		// Only batches still kept were described, fewer or more than said:
		// 「已处理 N」's refusal says when each may go.
		data, ok := disposeAction([]int64{waiting[0].ID})
		return data, ok
	}
	where := d.label
	if where == "" {
		where = "现在"
	}
	return offerDue(t, d, due, where, "倒掉的是哪一份？"), true
}

// offerDue offers the batches due as buttons, with one for all of them,
// after lead (when they are, or the day said); "" is returned.
func offerDue(t *flows.Turn, d disposalSaid, due []SampleBatch, lead, ask string) string {
	hours := t.School.Settings.RetentionHours
	buttons := make([]flows.Button, 0, len(due)+1)
	ids := make([]int64, len(due))
	for i, b := range due {
		it := batchItem(t, b)
		buttons = append(buttons, flows.Button{Label: it.Label, Data: it.Data})
		ids[i] = b.ID
	}
	if data, ok := disposeAction(ids); ok && len(due) > 1 {
		buttons = append(buttons, flows.Button{Label: fmt.Sprintf("这 %d 份都倒了", len(due)), Data: data})
	}
	if d.count > 1 {
		// One button disposes of one batch; the others are said after it
		// in words disposedMealRE reads.
		ask = fmt.Sprintf("你说倒掉了 %d 份，是哪几份？请先选一份，其余的确认后再告诉我（如「%s那份也倒了」）。", d.count, flows.MealLabel(due[len(due)-1].Meal))
	}
	if len(due) > 1 {
		ask += "都倒了就选最后一项。"
	}
	if strings.HasSuffix(lead, "。") {
		lead += "现在"
	}
	t.Say(fmt.Sprintf("%s已满 %d 小时、还没确认处理的留样有 %d 份，%s\n%s", lead, hours, len(due), ask, flows.Numbered(buttons)), buttons...)
	return ""
}
