package digest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// Ledgers is the ledgers (台账) asked for in words: 「导出台账」, 「把这学期的
// 维修台账导出来 发我个表格 放假前要交教育局」 (user test 27's 总务主任, K57
// and K58, answered 没看懂). The ledgers are Excel files offered at the
// foot of the digest page, one set per month, so the answer is the page
// link of each month asked (this month unless another is named; 这学期 is
// every month since the term began), sent through the outbox as the
// digest's own link is (Today). The safety ledgers are on the 安全月报's
// page, which the answer names. It is asked only in words, so it adds no
// line to the menu. It keeps no state: one message, one answer.
type Ledgers struct {
	link DigestLink
}

// Name implements flows.Flow.
func (Ledgers) Name() string { return "digest_ledgers" }

// Title implements flows.Flow.
func (Ledgers) Title() string { return "台账" }

// Triggers implements flows.Flow: none, so the menu is unchanged; Accepts
// reads the words.
func (Ledgers) Triggers() []string { return nil }

// Allowed implements flows.Flow: those who may open the digest page.
func (Ledgers) Allowed(s flows.Staff) bool { return s.Has(DigestRecipients...) }

// Answers implements flows.Answerer: it only answers.
func (Ledgers) Answers() {}

// ledgerAskRE is a message about the ledgers: 台账, 表格 to hand in.
var ledgerAskRE = rx.MustCompile(`台账|台帐`)

// ledgerElsewhereRE is a message that names a report whose page has its
// own ledgers (安全月报 带台账的: the safety report's) or a question about
// one entry, which the ledger's page does not answer.
// The safety ledger (安全检查台账, 隐患台账) is the 安全月报's, which
// answers it.
var ledgerElsewhereRE = rx.MustCompile(`月报|日报|汇总|记了|记上|记进|记入|记到|写进|写到|登记了|有没有记|(?:安全|巡查|巡检|隐患|消防检查)\p{Han}{0,4}?(?:台账|台帐)`)

// Accepts implements flows.Acceptor.
func (Ledgers) Accepts(t *flows.Turn) bool {
	return ledgerAskRE.MatchString(t.Text) && !ledgerElsewhereRE.MatchString(t.Text)
}

// termRE is the school term: 这学期, 本学期.
var termRE = rx.MustCompile(`(?:这|本|这个)学期`)

// ledgerLastMonthRE and ledgerMonthRE name a month: 上个月, 11月, 十一月份.
var (
	ledgerLastMonthRE = rx.MustCompile(`上个?月`)
	ledgerMonthRE     = rx.MustCompile(`(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月`)
)

// maxLedgerMonths bounds the months one answer sends links for.
const maxLedgerMonths = 6

// ledgerMonths are the months (their first days, in loc) the words ask
// for, oldest first: this month unless another or the term is named.
func ledgerMonths(text string, now time.Time, loc *time.Location) []time.Time {
	y, m, _ := now.In(loc).Date()
	this := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	switch {
	case termRE.MatchString(text):
		// The autumn term begins in September (and runs into January),
		// the spring term in February.
		start := time.Date(y, time.September, 1, 0, 0, 0, 0, loc)
		switch {
		case m == time.January:
			start = start.AddDate(-1, 0, 0)
		case m < time.September:
			start = time.Date(y, time.February, 1, 0, 0, 0, 0, loc)
		}
		var out []time.Time
		for d := start; !d.After(this); d = d.AddDate(0, 1, 0) {
			out = append(out, d)
		}
		if len(out) > maxLedgerMonths {
			out = out[len(out)-maxLedgerMonths:]
		}
		return out
	case ledgerLastMonthRE.MatchString(text):
		return []time.Time{this.AddDate(0, -1, 0)}
	}
	if mm := ledgerMonthRE.FindStringSubmatch(text); mm != nil {
		n := monthNumber(mm[1])
		d := time.Date(y, time.Month(n), 1, 0, 0, 0, 0, loc)
		if d.After(this) {
			d = d.AddDate(-1, 0, 0) // 12月, asked in January: last year's
		}
		return []time.Time{d}
	}
	return []time.Time{this}
}

// monthNumber reads 11 or 十一.
func monthNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	rs := []rune(s)
	if rs[0] == '十' {
		if len(rs) == 1 {
			return 10
		}
		return 10 + digits[rs[1]]
	}
	return digits[rs[0]]
}

// Start implements flows.Flow.
func (f Ledgers) Start(t *flows.Turn) error {
	t.Done()
	if t.School.Settings.DistrictOffice {
		t.Say("各校的台账在区里每天的汇总详情页里，可以按月下载 Excel 表格。发送「日报」即可收到详情页的链接。")
		return nil
	}
	loc := t.School.Location()
	months := ledgerMonths(t.Text, t.Now, loc)
	var links []string
	var names []string
	for _, m := range months {
		// The page of the month's last day (today's, for this month)
		// offers that month's ledgers.
		day := m.AddDate(0, 1, -1)
		if today := DayStart(t.Now, loc); day.After(today) {
			day = today
		}
		link := ""
		if f.link != nil {
			link = f.link(t.School, day)
		}
		links = append(links, link)
		names = append(names, fmt.Sprintf("%d月", m.Month()))
	}
	what := "报修台账、损坏赔偿台账、来访登记、留样记录和陪餐记录"
	safety := "巡查和隐患的台账在安全月报的详情页里，发送「安全月报」（或「上个月的安全月报」）即可。"
	if links[0] == "" {
		t.Say(fmt.Sprintf("%s的台账（%s）由系统管理员导出 Excel 表格（houqin export），这里还没有配置网页地址，没法直接发链接。%s", strings.Join(names, "、"), what, safety))
		return nil
	}
	sent := "链接已另发给你"
	if len(links) > 1 {
		sent = fmt.Sprintf("每个月一个详情页，%d 条链接已另发给你", len(links))
	}
	t.Say(fmt.Sprintf("%s的台账（%s）都可以在日报详情页的最下方下载 Excel 表格，%s，仅限本人打开。%s", strings.Join(names, "、"), what, sent, safety))
	for i, link := range links {
		if err := t.Notify(flows.Notification{ToStaff: t.Staff.ID, Kind: LinkKind, Ref: "ledger:" + months[i].Format("2006-01"),
			Text: names[i] + "的台账（在详情页最下方下载 Excel 表格；仅限本人打开，需要新链接时再发「台账」即可）。", Link: link}); err != nil {
			return err
		}
	}
	return nil
}

// Step implements flows.Flow; Start ends the flow, so there is no step.
func (f Ledgers) Step(t *flows.Turn) error { return f.Start(t) }
