package digest

import (
	"fmt"

	"github.com/houqin/houqin/flows"
)

// Today is 「今天」「日报」「今天怎么样」: the digest of today so far, on
// demand, for those who get the morning digest (the 校长, the 分管领导 and
// the 总务主任). It keeps no state: one message, one answer.
type Today struct {
	link DigestLink
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

// Accepts implements flows.Acceptor.
func (Today) Accepts(t *flows.Turn) bool { return flows.IsWord(t.Text, todayWords) }

// Allowed implements flows.Flow.
func (Today) Allowed(s flows.Staff) bool { return s.Has(DigestRecipients...) }

// Hint implements the engine's help text.
func (Today) Hint() string { return "或直接说「今天」「今天怎么样」" }

// Start implements flows.Flow: today's digest as of now.
func (f Today) Start(t *flows.Turn) error {
	t.Done()
	d, err := BuildDigest(t.Ctx, db(t), t.School, t.Now, t.Now, false)
	if err != nil {
		return err
	}
	text := DigestText(d) + fmt.Sprintf("\n（今天截至 %s 的情况；明早 %s 会收到全天的日报。）", t.Now.In(t.School.Location()).Format("15:04"), t.School.Settings.DigestAt)
	if f.link != nil {
		if l := f.link(t.School, d.Day); l != "" {
			text += "\n详情：" + l
		}
	}
	t.Say(text)
	return nil
}

// Step implements flows.Flow; Start ends the flow, so there is no step.
func (f Today) Step(t *flows.Turn) error { return f.Start(t) }
