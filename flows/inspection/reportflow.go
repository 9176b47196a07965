package inspection

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// ReportFlow is 「安全月报」「这个月安全情况怎么样」: the month's safety
// report so far, on demand, for those who may open its page (the 校长, the
// 分管领导 and the 总务主任), as the principal gets the finished month's on
// the 1st. 「上个月的安全月报」 is the month before, whole, and so is a
// past month named by its number (「11月安全月报」「十一月的安全月报」; a
// month after this one is last year's). It keeps no state: one message,
// one answer. At the district office it is the district's.
type ReportFlow struct{ link ReportLink }

const reportFlowName = "safety_report"

// Name implements flows.Flow.
func (ReportFlow) Name() string { return reportFlowName }

// Title implements flows.Flow.
func (ReportFlow) Title() string { return "安全月报" }

// Triggers implements flows.Flow.
func (ReportFlow) Triggers() []string {
	return []string{"安全月报", "本月安全情况", "本月安全"}
}

// Hint implements the engine's help text.
func (ReportFlow) Hint() string {
	return "或直接说「这个月安全情况怎么样」「上个月的安全月报」「11月安全月报」"
}

// Allowed implements flows.Flow: whoever may open the report's page.
func (ReportFlow) Allowed(s flows.Staff) bool {
	return s.Has(flows.RolePrincipal, flows.RoleLeader, flows.RoleHead)
}

// reportAskRE is the month's safety asked as a whole message, perhaps with
// a request to send it after (发我一下, 给我看看; 把上个月的安全报告发我一下).
var reportAskRE = rx.MustCompile(`^` + askLead + `(?:请问|看看|看一下|查一下|(?:请|麻烦)?(?:帮我)?把)?(?:最近|近来|近期|这段时间|这阵子|目前|现在)?(?:这个月|这月|本月|上个月|上月|[一二三四五六七八九十]+月份?|\d{1,2}月份?)?的?(?:学校|全校|咱们学校|我们学校)?的?(?:安全|巡查|隐患排查|隐患|安全检查)(?:工作)?(?:这块|这一块|这边|方面|上)?的?(?:情况|月报|汇总|统计|报告|报表)?(?:怎么样|如何|有(?:什么|啥)(?:问题|情况|隐患)(?:吗|没有?)?|有没有(?:什么|啥)?(?:问题|情况|隐患))?了?(?:呢|啊)?` + reportSendTail + `$`)

// askLead is what a leader's question may begin with: a greeting (早,
// 你好), or who is asking (刘副校长这边, the eleventh user test's).
const askLead = `(?:(?:(?:早上好|上午好|下午好|晚上好|早安|你好|您好|早)[啊呀]?|\p{Han}{1,4}(?:校长|主任|老师)这边)[\s,，。!！~]+)?`

// followUpRE is a month asked after a safety report, as a clause of its
// own: 上个月的呢, 11月的发我看看, 那十月份呢. Only a follow-up
// (flows.Turn.FollowsUp) is read so: alone, 「上个月的呢」 names no subject.
var followUpRE = rx.MustCompile(`^(?:那|那么|那个)?(?:上个月|上月|[一二三四五六七八九十]+月份?|\d{1,2}月份?)的?(?:情况|月报|安全月报)?(?:呢|啊|呀|怎么样|如何)?` + reportSendTail + `$`)

// followsUp reports whether text asks for another month after a safety
// report was just answered: each of its clauses names a month.
func followsUp(t *flows.Turn) bool {
	if !t.FollowsUp(reportFlowName) {
		return false
	}
	n := 0
	for _, c := range strings.FieldsFunc(t.Text, func(r rune) bool { return strings.ContainsRune(" ，,。；;", r) }) {
		if !followUpRE.MatchString(c) {
			return false
		}
		n++
	}
	return n > 0
}

// reportSendTail is what may follow the question: 发我一下, 给我看看,
// and a second report asked after the digest, 也要一份 or 也发我一份
// (user test 33, T37: 「这个月的安全报告也要一份」 was 「没有看懂」).
const reportSendTail = `[，,\s]*(?:也|再|顺便)?(?:(?:请|麻烦)?(?:发给我|发我|给我发|发来|发|给我|要|来|我)?(?:一份|份|一下|看看|看一下|看下)*(?:吧|呢|啊|呀)?)?[？?。！!~～]*`

// lastMonthRE marks the month before this one.
var lastMonthRE = rx.MustCompile(`上个?月`)

// monthNamedRE is a month named by its number: 11月, 十一月份.
var monthNamedRE = rx.MustCompile(`(\d{1,2}|[一二三四五六七八九十]+)月`)

// Answers implements flows.Answerer: it only answers questions.
func (ReportFlow) Answers() {}

// Accepts implements flows.Acceptor: 「这个月安全情况怎么样」「上个月的安全月报」
// 「隐患排查情况」, whole messages only (「安全出口被堵了」 is a hazard, not a
// question), and any message that asks for the 安全月报 by name
// (「上个月的安全月报发我一下」).
func (ReportFlow) Accepts(t *flows.Turn) bool {
	if strings.Contains(t.Text, "安全月报") || safetyLedgerRE.MatchString(t.Text) || hazardsAsked(t.Text) || followsUp(t) || checksAskRE.MatchString(t.Text) || weekChecksAskRE.MatchString(t.Text) ||
		checksAskedInWords(t.Text) || checkRemindAsked(t.Text) || foundDoneAsked(t.Text) {
		return true
	}
	return reportAskRE.MatchString(t.Text) && reportWordRE.MatchString(t.Text)
}

// safetyLedgerRE asks for the safety ledger, which is on the report's
// page: 把这个月的安全检查台账导一份给我 (user test 30's T42 was sent the
// general ledgers and told to ask for 安全月报), 隐患排查台账, 巡查台账.
var safetyLedgerRE = rx.MustCompile(`(?:安全|巡查|巡检|隐患|消防检查)\p{Han}{0,4}?(?:台账|台帐)`)

// openHazardsAskRE asks which hazards are still open: 现在还有哪些隐患没整改完
// (the report lists them, oldest first), or whether any is: the thirteenth
// user test's principal's 「最近有没有啥安全隐患没整改完的」, which had
// begun a hazard report. Asked, not told: 有没有, 哪些, 多少, or a
// question's ending.
var openHazardsAskRE = rx.MustCompile(`^` + askLead + `(?:请问)?(?:最近|近来|现在|目前|这段时间|这阵子)?(?:学校)?(?:还)?(?:` +
	`(?:有)?(?:哪些|多少个?|几个|几处)(?:安全)?隐患|` +
	`(?:有没有|有没得|有无|还有)(?:啥子?|什么|哪些)?(?:安全)?隐患` +
	`)(?:还|都)?(?:没有?整改完?|没有?整改好|没有?处理完?|没有?处理好|没闭环|没有?解决|未整改|未闭环|未处理|在整改)(?:的)?(?:呢|啊|吗|没有?)?[？?。！!]*$`)

// hazardWhen is when a question about hazards may be about: 最近, 这礼拜,
// 这个月.
const hazardWhen = `(?:最近|近来|近期|现在|目前|这段时间|这阵子|这一?个?礼拜|这一?周|本周|这一?个?星期|这个?月|本月|今天|今日)?`

// hazardNotDone is a hazard not yet closed, in people's words: 没整改完,
// 没弄完 (the fourteenth user test's principal), 没闭环.
const hazardNotDone = `(?:没有?整改完?|没有?整改好|没有?处理完?|没有?处理好|没闭环|没有?解决|没有?弄完|没有?弄好|没有?搞完|没有?搞定|没有?整完|没有?完成|未整改|未闭环|未处理|未完成|在整改)`

var (
	// hazardHowRE asks how the hazards stand, as a clause: 这礼拜隐患整改的
	// 情况咋样了, 隐患整改进度如何.
	hazardHowRE = rx.MustCompile(`^` + askLead + `(?:请问)?` + hazardWhen + `的?(?:学校|全校)?的?(?:安全)?隐患(?:整改|排查|处理|闭环)?(?:工作)?[的得]?(?:情况|进度|进展)?(?:怎么样|咋样|怎样|如何)了?(?:呢|啊|呀)?[？?。！!]*$`)
	// hazardOpenRE asks which or how many are still open, as a clause;
	// 隐患 may be said in another clause (有几个没弄完的).
	// 隐患 may come first too: 隐患还有几个没整改 (p20lead: it had begun a
	// hazard report).
	hazardOpenRE = rx.MustCompile(`^(?:请问)?` + hazardWhen + `(?:学校)?的?(?:(?:安全)?隐患(?:现在|目前)?)?(?:还)?(?:有)?(?:哪些|多少个?|几个|几处|几件)(?:安全)?(?:隐患)?(?:还|都)?` + hazardNotDone + `(?:的)?(?:呢|啊|吗|没有?)?[？?。！!]*$`)
	// hazardMeantRE says what was meant: 我问的是隐患, 不是报修.
	hazardMeantRE = rx.MustCompile(`^(?:我)?(?:问的?是|是问|说的是|要的是|想问|想看)(?:安全)?隐患(?:的?(?:情况|整改))?(?:啊|哦)?$|^(?:不是|不)(?:问)?(?:报修|维修)(?:的)?(?:啊|哦)?$`)
)

// hazardsAsked reports whether text asks about the hazards still open:
// openHazardsAskRE's question, or one said in clauses, each a question
// about them or a word of what is meant, 隐患 named in one at least (the
// fourteenth user test's principal: 「这礼拜隐患整改的情况咋样了 有几个
// 没弄完的」, which had listed open repairs, then 「我问的是隐患 不是报修
// 还有哪些隐患没闭环」).
func hazardsAsked(text string) bool {
	if openHazardsAskRE.MatchString(text) {
		return true
	}
	named, asked := false, false
	for _, c := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!？?", r) }) {
		switch {
		case hazardMeantRE.MatchString(c):
		case hazardHowRE.MatchString(c) || hazardOpenRE.MatchString(c):
			asked = true
		default:
			return false
		}
		named = named || strings.Contains(c, "隐患")
	}
	return named && asked
}

// maxOpenLines bounds the open hazards listed in chat; the report's page
// lists them all.
const maxOpenLines = 10

// openHazardLines lists the open hazards, oldest first: where, what, who
// rectifies it and by when.
func openHazardLines(t *flows.Turn, open []OpenHazard) string {
	if len(open) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n未闭环的隐患：")
	for i, h := range open {
		if i == maxOpenLines {
			fmt.Fprintf(&b, "\n…另有 %d 处，见详情页", len(open)-maxOpenLines)
			break
		}
		fmt.Fprintf(&b, "\n· %s%s，%s负责，%s 前", h.Title(), h.Status.Label(), h.ResponsibleName, t.When(h.DueAt))
		if h.Overdue {
			b.WriteString("（已超期）")
		}
	}
	return b.String()
}

// askedNotToldRE is someone saying the hazard report begun is not what
// they meant: they asked (我是问有没得, 我只是问一下), or do not mean to
// report (不是要报, 不报了).
var askedNotToldRE = rx.MustCompile(`^(?:我)?(?:只是|就是|是|是在|在)?(?:问|想问|问问|问一下|咨询|打听)|` +
	`(?:^|[\s，,。])(?:我)?(?:不是|没有?|不)(?:要|想)?(?:报|上报|报告|登记)(?:隐患)?(?:的|啊|哦|了|哈)*[。！!]*$`)

// askedInstead ends a hazard report begun from words that were a question
// when the person says so (the thirteenth user test's principal: 「最近有
// 没有啥安全隐患没整改完的」, then 「我是问有没得 不是要报」): the question is
// read again (Turn.Reread) when the safety report answers it for them,
// after a word that the report was dropped; otherwise the report is only
// dropped. It reports whether it did.
func askedInstead(t *flows.Turn, d *findingDraft) bool {
	if t.Msg.Button != "" || len(t.Msg.Media) > 0 || !askedNotToldRE.MatchString(strings.TrimSpace(t.Text)) {
		return false
	}
	q := &flows.Turn{Text: d.Desc, Staff: t.Staff}
	if len(d.Filed) > 0 {
		t.Say(partlyFiledText(d, "不再"))
	} else {
		t.Say("好的，刚才的隐患上报已取消，没有保存任何内容。")
	}
	if d.CheckID == 0 && d.Desc != "" && (ReportFlow{}).Allowed(t.Staff) && (ReportFlow{}).Accepts(q) {
		t.Reread(d.Desc)
		return true
	}
	t.Done()
	return true
}

// reportMonth is the month a question asks about: this month (so far),
// the month before (上个月), or a month named by its number, this year's
// or, when it is still to come, last year's. whole is a past month, whole;
// ok is false when the number names no month (13月).
func reportMonth(text string, now time.Time, loc *time.Location) (month time.Time, whole, ok bool) {
	month = MonthStart(now, loc)
	if lastMonthRE.MatchString(text) {
		return month.AddDate(0, -1, 0), true, true
	}
	m := monthNamedRE.FindStringSubmatch(text)
	if m == nil {
		return month, false, true
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		n, _ = parse.Numeral(m[1])
	}
	if n < 1 || n > 12 {
		return month, false, false
	}
	named := time.Date(month.Year(), time.Month(n), 1, 0, 0, 0, 0, loc)
	if named.After(month) {
		named = named.AddDate(-1, 0, 0) // 12月 asked in November: last December
	}
	return named, named.Before(month), true
}

// reportWordRE is what makes a safety word a question about the month: a
// month, or a word for a summary.
var reportWordRE = rx.MustCompile(`月|情况|汇总|统计|报告|报表|怎么样|如何|问题`)

// Start implements flows.Flow.
func (f ReportFlow) Start(t *flows.Turn) error {
	t.Done()
	if checkRemindAsked(t.Text) {
		t.Say(noRemindText) // 明天早上七点…到时候提醒我一下 (user test 29c's V8)
		return nil
	}
	if checksAskRE.MatchString(t.Text) || checksAskedInWords(t.Text) {
		return todaysChecks(t)
	}
	if weekChecksAskRE.MatchString(t.Text) {
		return weeksChecks(t)
	}
	if foundDoneAsked(t.Text) && !hazardsAsked(t.Text) {
		return foundDone(t) // 演练前查出来的那几个隐患都整改完了没 (user test 34)
	}
	loc := t.School.Location()
	asOf := t.Now
	month, whole, ok := reportMonth(t.Text, t.Now, loc)
	if !ok {
		t.Say("没有看懂是哪个月。请说「11月安全月报」「上个月的安全月报」，或直接发「安全月报」看本月的情况。")
		return nil
	}
	var text string
	if t.School.Settings.DistrictOffice {
		schools, err := t.Tx.ActiveSchools(t.Ctx)
		if err != nil {
			return err
		}
		d, err := BuildDistrict(t.Ctx, db(t), flows.DistrictSchools(schools), month, asOf)
		if err != nil {
			return err
		}
		text = DistrictText(d)
	} else {
		r, err := BuildReport(t.Ctx, db(t), t.School, month, asOf)
		if err != nil {
			return err
		}
		text = ReportText(r)
		if hazardsAsked(t.Text) {
			// 还有哪些隐患没整改完: the hazards asked about, each, not
			// only how many and the oldest.
			text += openHazardLines(t, r.Open)
		}
	}
	if whole {
		// The open hazards are what is still to act on (Report), now.
		text += fmt.Sprintf("\n（%s整月的情况；未闭环隐患是截至 %s 的。）", MonthTitle(month), asOf.In(loc).Format("1月2日 15:04"))
	} else {
		text += fmt.Sprintf("\n（本月截至 %s 的情况；下月1日会收到整月的安全月报。）", asOf.In(loc).Format("1月2日 15:04"))
	}
	link := ""
	if f.link != nil {
		link = f.link(t.School, month)
	}
	if link == "" {
		t.Say(text)
		return nil
	}
	// As 「日报」 does: the page link goes through the outbox, which makes
	// it the asker's own as it sends it; a reply would carry a bare link.
	if safetyLedgerRE.MatchString(t.Text) {
		// 安全检查台账 asked for: where on the page it is.
		text += "\n这个月报的详情页里有巡查和隐患的台账，可以下载 Excel 表格。"
	}
	t.Say(text + "\n详情页的链接已另发给你，仅限本人打开。")
	again := "安全月报"
	if whole {
		again = fmt.Sprintf("%d月安全月报", month.Month())
	}
	return t.Notify(flows.Notification{ToStaff: t.Staff.ID, Kind: KindReportLink, Ref: flows.Ref(RefReport, t.School.ID),
		Text: MonthTitle(month) + "安全月报详情页（仅限本人打开；需要新链接时再发「" + again + "」即可）。", Link: link})
}

// Step implements flows.Flow; Start ends the flow, so there is no step.
func (f ReportFlow) Step(t *flows.Turn) error { return f.Start(t) }

// checksAskRE asks whether today's checks were done (p20lead: 今天巡查了没
// 有, 今天谁没巡查 were not understood), as a whole message.
var checksAskRE = rx.MustCompile(`^(?:请问)?(?:今天|今日)的?(?:(?:巡查|巡检|安全检查|检查)(?:都)?(?:做|查|完成|做完|查完)?了?(?:吗|没有?)|` +
	`(?:谁|哪些|有没有)(?:还)?(?:没有?|漏了?)(?:巡查|巡检|检查|做检查)(?:的)?|(?:巡查|巡检|安全检查)(?:情况|怎么样|情况怎么样|做得怎么样))(?:了)?(?:呢|啊|呀)?[？?。！!]*$`)

// weekChecksAskRE asks whether this week's checks were done: user test
// 18's 分管领导 said 「这周的巡查做完了没有」 and was not understood; 本周巡查
// 情况怎么样, 这个星期的巡查都做了吗.
var weekChecksAskRE = rx.MustCompile(`^(?:请问)?(?:这周|本周|这一周|这个星期|这星期|本星期|这礼拜|这个礼拜|本礼拜)的?(?:(?:巡查|巡检|安全检查|检查)(?:都)?(?:做|查|完成|做完|查完)?了?(?:吗|没有?)|` +
	`(?:谁|哪天|哪些|有没有)(?:还)?(?:没有?|漏了?)(?:巡查|巡检|检查|做检查)(?:的)?|(?:巡查|巡检|安全检查)(?:都)?(?:做完|做|完成)?(?:情况|怎么样|情况怎么样|做得怎么样))(?:了)?(?:呢|啊|呀)?[？?。！!]*$`)

// weeksChecks lists, for each scheduled plan whose windows fall in this
// week (Monday on), how many of the closed ones were done, which were
// missed, and the one open now.
func weeksChecks(t *flows.Turn) error {
	loc := t.School.Location()
	now := t.Now.In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	closed, open, plans, err := checksSince(t, monday)
	if err != nil {
		return err
	}
	done := map[string]bool{} // plan and window with a check done
	for _, c := range append(slices.Clone(closed), open...) {
		if c.Status == CheckDone {
			done[fmt.Sprint(c.PlanID, "/", c.WindowKey)] = true
		}
	}
	var lines []string
	for _, p := range plans {
		if p.Schedule.Every == AdHoc || !p.Active {
			continue
		}
		var ws []Window
		for _, w := range p.Schedule.ClosedIn(monday.Add(-time.Nanosecond), t.Now, loc) {
			if !w.Opens.Before(monday) && !w.Closes.Before(p.CreatedAt) {
				ws = append(ws, w)
			}
		}
		cur, isOpen := p.Schedule.WindowAt(t.Now, loc)
		if isOpen && cur.Opens.Before(monday) {
			isOpen = false // a month's window is not this week's
		}
		if len(ws) == 0 && !isOpen {
			continue
		}
		var parts, missed []string
		n := 0
		for _, w := range ws {
			if done[fmt.Sprint(p.ID, "/", w.Key)] {
				n++
			} else {
				missed = append(missed, windowLabel(p, w, loc))
			}
		}
		if len(ws) > 0 {
			parts = append(parts, fmt.Sprintf("已截止的 %d 次完成了 %d 次", len(ws), n))
		}
		if len(missed) > 0 {
			parts = append(parts, strings.Join(missed, "、")+"没有完成（漏检）")
		}
		if isOpen {
			if done[fmt.Sprint(p.ID, "/", cur.Key)] {
				parts = append(parts, windowLabel(p, cur, loc)+"的已完成")
			} else {
				parts = append(parts, fmt.Sprintf("%s的还没完成（%s负责，%s 前）", windowLabel(p, cur, loc), p.Assignee.Label(), t.When(cur.Closes)))
			}
		}
		lines = append(lines, fmt.Sprintf("· %s：%s", p.Name, strings.Join(parts, "；")))
	}
	if len(lines) == 0 {
		t.Say("这周还没有到期的安全检查。发送「安全月报」可以看本月的检查和隐患情况。")
		return nil
	}
	t.Say(fmt.Sprintf("这周（%d月%d日起）的安全检查：\n%s\n发送「安全月报」可以看本月的检查和隐患情况。", monday.Month(), monday.Day(), strings.Join(lines, "\n")))
	return nil
}

// checksSince reads what todaysChecks and weeksChecks list: the school's
// checks that closed since from, those still open, and its plans.
func checksSince(t *flows.Turn, from time.Time) (closed, open []Check, plans []Plan, err error) {
	if closed, err = db(t).ChecksBetween(t.Ctx, t.School.ID, from, t.Now); err != nil {
		return nil, nil, nil, err
	}
	if open, err = db(t).ChecksClosingAfter(t.Ctx, t.School.ID, t.Now); err != nil {
		return nil, nil, nil, err
	}
	plans, err = db(t).Plans(t.Ctx, t.School.ID)
	return closed, open, plans, err
}

// todaysChecks lists the school's checks of today: done (by whom), missed,
// and those whose window is open now, done or not (a plan's window has no
// check until someone starts it).
func todaysChecks(t *flows.Turn) error {
	loc := t.School.Location()
	now := t.Now.In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	closed, open, plans, err := checksSince(t, day)
	if err != nil {
		return err
	}
	var lines []string
	line := func(c Check, who string) {
		name := c.PlanName
		if c.LocationName != "" {
			name += " · " + c.LocationName
		}
		switch c.Status {
		case CheckDone:
			by := ""
			if c.InspectorName != "" {
				by = c.InspectorName + " "
			}
			lines = append(lines, fmt.Sprintf("· %s：已完成（%s%s）", name, by, t.When(c.DoneAt)))
		case CheckMissed:
			lines = append(lines, fmt.Sprintf("· %s：漏检（%s 截止）", name, t.When(c.Closes)))
		default:
			lines = append(lines, fmt.Sprintf("· %s：还没完成，%s%s 前", name, who, t.When(c.Closes)))
		}
	}
	for _, c := range closed {
		if !c.AdHoc() && !c.Opens.Before(day) {
			line(c, "")
		}
	}
	for _, p := range plans {
		if p.Schedule.Every == AdHoc {
			continue
		}
		w, ok := p.Schedule.WindowAt(t.Now, loc)
		if !ok || w.Opens.Before(day) {
			continue // a window of a longer plan (monthly) is not today's
		}
		shown := false
		for _, c := range open {
			if c.PlanID == p.ID && c.WindowKey == w.Key {
				line(c, p.Assignee.Label()+"负责，")
				shown = true
			}
		}
		if !shown {
			line(Check{PlanName: p.Name, Closes: w.Closes, Status: CheckOpen}, p.Assignee.Label()+"负责，")
		}
	}
	if len(lines) == 0 {
		t.Say("今天没有到期的安全检查。发送「安全月报」可以看本月的检查和隐患情况。")
		return nil
	}
	t.Say("今天的安全检查：\n" + strings.Join(lines, "\n") + "\n发送「安全月报」可以看本月的检查和隐患情况。")
	return nil
}
