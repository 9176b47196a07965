package digest

import (
	"fmt"
	"regexp"
	"time"

	"github.com/houqin/houqin/flows"
)

// Today is 「今天」「日报」「今天怎么样」: the digest of today so far, on
// demand, for those who get the morning digest (the 校长, the 分管领导 and
// the 总务主任). It keeps no state: one message, one answer.
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
	return []string{"今日汇总", "日报", "今天怎么样", "今天情况"}
}

// todayWords are whole messages that ask for today's digest.
var todayWords = []string{"今天", "今日", "今天呢", "今天的情况", "今天怎么样了", "今天有什么事", "汇总"}

// todayAskRE is a question today's digest answers, as a whole message:
// 「食堂今天留样了吗」「今天有人来访吗」「有没有没修好的」「报修情况」.
var todayAskRE = regexp.MustCompile(`^(?:请问|看看|查一下)?(?:今天|今日)?(?:食堂|门卫|学校|全校)?(?:今天|今日)?(?:` +
	`留样了?(?:吗|没有?)|有没有留样|留样(?:情况|怎么样|情况怎么样)|陪餐了?(?:吗|没有?)|` +
	`有(?:没有)?(?:人|访客)?来访(?:吗|的)?|来了?(?:几个|多少)(?:人|访客)|来访(?:情况|怎么样|情况怎么样)|` +
	`有没有(?:没修好?|逾期|超时)的?(?:报修|维修)?|(?:有|还有)(?:多少|几个)(?:逾期|超时)的?(?:报修|维修)?|` +
	`(?:报修|维修)(?:情况|怎么样|情况怎么样)` +
	`)(?:了)?(?:呢|啊|呀)?[？?。！!]*$`)

// Accepts implements flows.Acceptor.
func (Today) Accepts(t *flows.Turn) bool {
	return flows.IsWord(t.Text, todayWords) || todayAskRE.MatchString(t.Text)
}

// Allowed implements flows.Flow.
func (Today) Allowed(s flows.Staff) bool { return s.Has(DigestRecipients...) }

// Hint implements the engine's help text.
func (Today) Hint() string { return "或直接说「今天」「今天怎么样」" }

// Start implements flows.Flow: today's digest as of now.
func (f Today) Start(t *flows.Turn) error {
	t.Done()
	var (
		text, link string
		day        time.Time
	)
	if t.School.Settings.DistrictOffice {
		// The district office asks for the district so far.
		schools, err := t.Tx.ActiveSchools(t.Ctx)
		if err != nil {
			return err
		}
		v, err := BuildDistrict(t.Ctx, db(t), schools, DayStart(t.Now, t.School.Location()), t.Now)
		if err != nil {
			return err
		}
		text, day = DistrictText(v), v.Day
		if f.district != nil {
			link = f.district(day)
		}
	} else {
		d, err := BuildDigest(t.Ctx, db(t), t.School, t.Now, t.Now, false)
		if err != nil {
			return err
		}
		text, day = DigestText(d), d.Day
		if f.link != nil {
			link = f.link(t.School, d.Day)
		}
	}
	text += fmt.Sprintf("\n（今天截至 %s 的情况；明早 %s 会收到全天的日报。）", t.Now.In(t.School.Location()).Format("15:04"), t.School.Settings.DigestAt)
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
		Text: "今日汇总详情页（仅限本人打开；首次打开后只在同一浏览器中有效，需要新链接时再发「日报」即可）。", Link: link})
}

// LinkKind is the notification that brings a person a fresh link to
// today's digest page when they ask (「日报」).
const LinkKind = "digest.link"

// Step implements flows.Flow; Start ends the flow, so there is no step.
func (f Today) Step(t *flows.Turn) error { return f.Start(t) }
