package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// A leader's 「今天谁值班」 lists the roster's duties that overlap the day
// asked about (p20lead: not understood); a day with none says so.
func TestLeaderAsksWhoIsOnDuty(t *testing.T) {
	h := newHarness(t)
	night := time.Date(2026, 11, 20, 18, 0, 0, 0, h.now.Location())
	if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if _, err := tx.AddDuty(ctx, h.s.ID, h.s.Staff["孙师傅"].ID, "", night, night.Add(13*time.Hour+30*time.Minute), "夜间值班"); err != nil {
			return err
		}
		_, err := tx.AddDutyFor(ctx, h.s.ID, h.s.Staff["老郑"].ID, store.DutyCheck, "", night.Add(-11*time.Hour), night.Add(4*time.Hour), "")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ who, ask, want, not string }{
		{"张校长", "今天谁值班", "孙师傅（维修值班）今天 18:00 – 明天 07:30，夜间值班", ""},
		{"陈主任", "今天谁值班啊", "老郑（巡查值班）", ""},
		{"刘副校长", "明天谁值班", "孙师傅", "老郑"},
		{"张校长", "周末值班的是谁", "这个周末（11月21日–11月22日）的值班：\n· 孙师傅", "老郑"}, // Friday's night ends on Saturday
		{"张校长", "明晚谁值班", "没有安排人值班", ""},
	} {
		got := h.say(c.who, c.ask)
		if !strings.Contains(got, c.want) || c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%s: %s\n got %q\nwant %q (and no %q)", c.who, c.ask, got, c.want, c.not)
		}
	}
}
