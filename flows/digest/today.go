package digest

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// Today is 「今天」「日报」「今天怎么样」: the digest of today so far, on
// demand, for those who get the morning digest (the 校长, the 分管领导 and
// the 总务主任). 「昨天怎么样」「昨天日报」 is yesterday's whole day, as the
// morning digest had it; 「这周后勤上有啥要我知道的」 is today's, with a
// word that the week is on the digest page's charts (there is no weekly
// report). It keeps no state: one message, one answer.
type Today struct {
	link     DigestLink
	district DistrictLink
}

// Name implements flows.Flow.
func (Today) Name() string { return "digest_today" }

// Title implements flows.Flow.
func (Today) Title() string { return "今日汇总" }

// Triggers implements flows.Flow. A bare 「今天」 is read by Accepts, as a
// whole message only: as a trigger it would begin 「今天302灯不亮」.
func (Today) Triggers() []string {
	return []string{"今日汇总", "昨日汇总", "日报", "今天怎么样", "今天情况"}
}

// todayWords are whole messages that ask for today's digest.
var todayWords = []string{"今天", "今日", "今天呢", "今天的情况", "今天怎么样了", "今天有什么事", "汇总"}

// todayAskRE is a question today's digest answers, as a whole message:
// 「食堂今天留样了吗」「今天有人来访吗」「有没有没修好的」「报修情况」.
var todayAskRE = rx.MustCompile(`^(?:请问|看看|查一下)?(?:今天|今日)?(?:食堂|门卫|学校|全校)?(?:今天|今日)?(?:` +
	`留样了?(?:吗|没有?)|有没有留样|留样(?:情况|怎么样|情况怎么样)|陪餐了?(?:吗|没有?)|` +
	`有(?:没有)?(?:人|访客)?来访(?:吗|的)?|有(?:没有)?(?:访客|外人|外来人员|人来)(?:吗|没有?)?|来了?(?:几个|多少)(?:人|访客)|有(?:没有)?(?:外人|外来人员|访客)(?:来|进)(?:过)?(?:学校|校)?(?:吗|没有?)?|来访(?:情况|怎么样|情况怎么样)|` +
	`有没有(?:没修好?|逾期|超时)的?(?:报修|维修)?|(?:有|还有)(?:多少|几个)(?:逾期|超时)的?(?:报修|维修)?|` +
	`(?:现在|目前)?(?:还有|有)(?:多少|几个|哪些)(?:没修好?|没修|在修|没处理)的?(?:报修|维修)?|` +
	`(?:报修|维修)(?:情况|怎么样|情况怎么样)` +
	`)(?:了)?(?:呢|啊|呀)?[？?。！!]*$`)

// yesterdayRE is yesterday asked about, as a whole message: 「昨天有什么事吗」
// 「昨天日报」「昨天怎么样」「昨天学校后勤有啥情况」.
var yesterdayRE = rx.MustCompile(`^` + greetingLead + `(?:请问|看看|看一下|查一下)?(?:昨天|昨日)` + aboutRE + `(?:` +
	`日报|汇总|情况|` + howRE + `|情况` + howRE + `|有` + whatRE + `(?:事|事情|情况)?(?:吗|没有?)?|有没有` + whatRE + `?(?:事|事情|情况)` +
	`)?(?:呢|啊|呀|吗)?` + flows.TellTail + `[？?。！!]*$`)

// todayWholeRE is the whole of today asked about, as a whole message:
// 「今天学校后勤情况怎么样」「汇总一下今天的情况」「今天后勤上有什么事吗」
// 「今天咋样」, perhaps after a greeting (「早上好 今天咋样」).
//
// Now stands for today (user test 26's 分管领导: 「现在学校里总体什么情况」),
// and a second question may follow the first (the principal: 「今天后勤这块
// 怎么样 有啥事没」).
var todayWholeRE = rx.MustCompile(`^` + greetingLead + `(?:请问|看看|看一下|查一下)?(?:汇总一下|总结一下|说说|说一下|讲一下)?(?:` + todayRE + `|现在|目前)` + aboutRE + `(?:` +
	`情况|` + howRE + `|情况` + howRE + `|` + whatRE + `情况|(?:都|还)?有` + whatRE + `(?:事|事情|情况)?(?:吗|没有?)?|有没有` + whatRE + `?(?:事|事情|情况)` +
	`)(?:呢|啊|呀|吗)?` + anyNewsRE + sumTailRE + flows.TellTail + `[？?。！!]*$`)

// sumTailRE is the summary asked for after the question: 「今天后勤总体啥
// 情况 汇总发我看看」 (user test 29's principal, R30).
const sumTailRE = `(?:[\s，,]+(?:汇总|总结|整理)(?:一下|下)?(?:发我|发给我|给我)?(?:看看|看一下|看下)?)?`

// anyNewsRE is a second question after the first: 「…怎么样 有啥事没」
// 「…咋样，有没有什么情况」.
const anyNewsRE = `(?:[\s，,]+(?:都|还)?(?:有` + whatRE + `(?:事|事情|情况)?(?:吗|没有?)?|有没有` + whatRE + `?(?:事|事情|情况))(?:呢|啊|呀)?)?`

// todaySumRE is today's summary asked for, as a whole message: 「今天汇总
// 一下」「把今天的情况总结一下」「今日小结」 (the eleventh user test's 总务主任).
var todaySumRE = rx.MustCompile(`^` + greetingLead + `(?:请|麻烦|帮我|给我)*(?:把)?` + todayRE + `的?(?:学校|全校)?的?(?:后勤)?(?:工作|情况)?(?:汇总|总结|小结|日报)(?:一下|下)?(?:发我|发给我|给我)?(?:看看|看一下|看下|一下)?(?:吧|呢|啊|呀)?[？?。！!~～]*$`)

// todayRE is today as people say it: 今天, 今日, and the northern 今儿
// (the fourteenth user test's 总务主任: 「今儿都有啥事 给我捋一捋」).
const todayRE = `(?:今天|今日|今儿个|今个儿|今儿)`

// howRE is 怎么样 as people type it: 咋样, 怎样, 如何, 咋样了.
const howRE = `(?:怎么样|咋样|怎样|如何)了?`

// whatRE is 什么 as people type it: 啥, 啥子.
const whatRE = `(?:什么|啥子?)`

// aboutRE is what may stand between the day asked about and the question:
// whose (学校, 后勤, 这块) and how wide (整体, 总的): 「这个礼拜后勤这块整体
// 咋样」「昨天学校后勤有啥情况」 (the thirteenth user test's leaders), each
// word in any order, as people string them.
const aboutRE = `(?:的|学校里|学校|全校|咱们学校|我们学校|后勤|工作|这块|这一块|这边|方面|上|整体|总体|大体|总的|总的来说|[\s，,]+)*`

// greetingLead is a greeting a question may begin with: 早上好, 张校长好，.
const greetingLead = `(?:(?:\p{Han}{1,3}(?:校长|主任))?(?:早上好|上午好|下午好|晚上好|早安|你好|您好|早)[啊呀]?[\s,，。!！~]+)?`

// weekRE is this week asked about, as a whole message: 「这周后勤上有啥要我
// 知道的」「本周情况怎么样」「这个礼拜后勤这块整体咋样 给我说个大概」, or its
// report by name (「周报」, which houqin has not: the answer says so).
var weekRE = rx.MustCompile(`^` + greetingLead + `(?:请问)?(?:这周|本周|这一周|这个星期|这星期|这个礼拜|这礼拜)` + aboutRE + `(?:` +
	`有` + whatRE + `(?:事|事情|情况|要我知道的|需要我知道的|要注意的|需要注意的|需要关注的)?(?:吗|没有?)?|有没有` + whatRE + `?(?:事|事情|情况)|` +
	howRE + `|情况(?:` + howRE + `)?|汇总|周报` +
	`)(?:呢|啊|呀|吗)?` + flows.TellTail + `(?:看看|看一下|瞧瞧)?[？?。！!]*$` +
	`|^(?:请|麻烦)?(?:给我|帮我)?(?:看看|看一下|发一下|发个|发我)?(?:这周|本周)?的?(?:周报|周汇总|一周汇总|本周小结)(?:呢|吗|一下)?[？?。！!]*$`)

// repairCountRE is how many repairs this week or month asked, as a whole
// message: 「这周修了多少」 (user test 30's T40 was not understood), 「本周
// 报修了几个」「这个礼拜修好了多少单」「这个月一共报了多少修」. Group 1 is the
// span said.
var repairCountRE = rx.MustCompile(`^` + greetingLead + `(?:请问)?(?:咱们|我们|学校|全校)?(这周|本周|这一周|这个星期|这星期|这个礼拜|这礼拜|这个月|本月|这月)` + aboutRE +
	`(?:一共|总共|总的|都)?(?:修了|修好了|修完了|完成了|报修了|报了|报修)(?:多少|几个|几单|几件)(?:个|单|件|活|修)?(?:报修|活|东西)?` +
	`(?:了)?(?:呢|啊|呀)?[？?。！!]*$`)

// Answers implements flows.Answerer: it only answers questions.
func (Today) Answers() {}

// Accepts implements flows.Acceptor.
func (Today) Accepts(t *flows.Turn) bool {
	return flows.IsWord(t.Text, todayWords) || todayAskRE.MatchString(t.Text) || todayWholeRE.MatchString(t.Text) || todaySumRE.MatchString(t.Text) || asksSummaryInWords(t.Text) ||
		yesterdayRE.MatchString(t.Text) || weekRE.MatchString(t.Text) || repairCountRE.MatchString(t.Text)
}

// Allowed implements flows.Flow.
func (Today) Allowed(s flows.Staff) bool { return s.Has(DigestRecipients...) }

// Hint implements the engine's help text.
func (Today) Hint() string {
	return "或直接说「今天」「今天怎么样」「昨天怎么样」"
}

// Start implements flows.Flow: today's digest as of now, or yesterday's
// whole day.
func (f Today) Start(t *flows.Turn) error {
	t.Done()
	var (
		text, link string
		day        time.Time
	)
	loc := t.School.Location()
	if m := repairCountRE.FindStringSubmatch(t.Text); m != nil && !t.School.Settings.DistrictOffice {
		return repairCount(t, m[1])
	}
	yesterday := yesterdayRE.MatchString(t.Text)
	want := DayStart(t.Now, loc)
	if yesterday {
		want = want.AddDate(0, 0, -1)
	}
	if t.School.Settings.DistrictOffice {
		// The district office asks for the district's day.
		schools, err := t.Tx.ActiveSchools(t.Ctx)
		if err != nil {
			return err
		}
		v, err := BuildDistrict(t.Ctx, db(t), schools, want, t.Now)
		if err != nil {
			return err
		}
		text, day = DistrictText(v), v.Day
		if f.district != nil {
			link = f.district(day)
		}
	} else {
		d, err := BuildDigest(t.Ctx, db(t), t.School, want, t.Now, false)
		if err != nil {
			return err
		}
		text, day = DigestText(d), d.Day
		if f.link != nil {
			link = f.link(t.School, d.Day)
		}
	}
	title, again := "今日汇总", "日报"
	switch {
	case yesterday:
		text += "\n（昨天全天的情况。）"
		title, again = DayLabel(day)+"日报", "昨天日报"
	default:
		text += fmt.Sprintf("\n（今天截至 %s 的情况；明早 %s 会收到全天的日报。）", t.Now.In(loc).Format("15:04"), t.School.Settings.DigestAt)
	}
	if weekRE.MatchString(t.Text) {
		// There is no weekly report; the page charts the last two weeks.
		where := "详情页里的图表"
		if t.School.Settings.DistrictOffice {
			where = "各校日报详情页里的图表"
		}
		shown := "今天的汇总"
		if !t.School.Settings.DistrictOffice {
			pts, err := db(t).DigestSeries(t.Ctx, t.School, want.AddDate(0, 0, -6), want, t.Now)
			if err != nil {
				return err
			}
			if line := weekLine(pts, want.AddDate(0, 0, -6), want); line != "" {
				text, shown = text+line, "今天的汇总和近 7 天的合计"
			}
		}
		text += fmt.Sprintf("\n（目前没有单独的周报，以上是%s；近 %d 天每天的报修、来访和留样陪餐情况，可以看%s。）", shown, SeriesDays, where)
	}
	if link == "" {
		t.Say(text)
		return nil
	}
	// The page link goes through the outbox, which makes it the asker's
	// own as it sends it (web.Handler.Personalize: a link that works once
	// on Telegram and the console, a bare one behind 网页授权); a reply
	// would carry the bare link, which opens nothing without a session.
	t.Say(text + "\n详情页的链接已另发给你，仅限本人打开。")
	return t.Notify(flows.Notification{ToStaff: t.Staff.ID, Kind: LinkKind, Ref: "digest:" + day.Format("2006-01-02"),
		Text: title + "详情页（仅限本人打开；首次打开后只在同一浏览器中有效，需要新链接时再发「" + again + "」即可）。", Link: link})
}

// LinkKind is the notification that brings a person a fresh link to
// today's digest page when they ask (「日报」).
const LinkKind = "digest.link"

// Step implements flows.Flow; Start ends the flow, so there is no step.
func (f Today) Step(t *flows.Turn) error { return f.Start(t) }

// weekLine sums the last seven days of the digest series for a question
// about the week (user test 17's principal: 「这个礼拜后勤这块整体咋样 给我
// 出个汇总看看」): houqin has no weekly report, but these counts it has.
// "" when the series is empty.
func weekLine(pts []DayPoint, first, last time.Time) string {
	if len(pts) == 0 {
		return ""
	}
	var sum DayPoint
	for _, p := range pts {
		sum.Opened += p.Opened
		sum.Finished += p.Finished
		sum.SmallDue += p.SmallDue
		sum.SmallOnTime += p.SmallOnTime
		sum.Visitors += p.Visitors
		sum.Meals += p.Meals
		sum.MealsComplete += p.MealsComplete
	}
	s := fmt.Sprintf("\n近 7 天（%d月%d日–%d月%d日）：报修新报 %d，完成 %d", first.Month(), first.Day(), last.Month(), last.Day(), sum.Opened, sum.Finished)
	if sum.SmallDue > 0 {
		s += fmt.Sprintf("；小修当晚完成 %d/%d", sum.SmallOnTime, sum.SmallDue)
	}
	s += fmt.Sprintf("；来访 %d 人", sum.Visitors)
	if sum.Meals > 0 {
		s += fmt.Sprintf("；留样陪餐齐全 %d/%d 餐", sum.MealsComplete, sum.Meals)
	}
	return s + "。"
}

// repairCount answers how many repairs this week (from Monday) or this
// month (from the 1st) were reported and finished, to now, in one line,
// with where the rest is.
func repairCount(t *flows.Turn, span string) error {
	today := DayStart(t.Now, t.School.Location())
	first, label := today.AddDate(0, 0, -((int(today.Weekday())+6)%7)), "本周"
	if strings.Contains(span, "月") {
		first, label = today.AddDate(0, 0, 1-today.Day()), "本月"
	}
	pts, err := db(t).DigestSeries(t.Ctx, t.School, first, today, t.Now)
	if err != nil {
		return err
	}
	var opened, finished, due, onTime int
	for _, p := range pts {
		opened, finished, due, onTime = opened+p.Opened, finished+p.Finished, due+p.SmallDue, onTime+p.SmallOnTime
	}
	s := fmt.Sprintf("%s（%d月%d日至今）：新报修 %d 单，修好 %d 单", label, first.Month(), first.Day(), opened, finished)
	if due > 0 {
		s += fmt.Sprintf("；小修当晚修好 %d/%d", onTime, due)
	}
	t.Say(s + "。\n还没修好的和超时的，发送「今日汇总」可以查看。")
	return nil
}
