package digest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
)

// Urgent repairs (紧急/安全隐患) have their own on-time line, and are
// marked in the overdue list; a day without any shows neither.
func TestDigestTextShowsUrgentRepairs(t *testing.T) {
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, shanghai)
	d := digest.Digest{School: flows.School{Name: "一中"}, Day: day, AsOf: day.Add(31 * time.Hour),
		Repairs: digest.RepairDigest{Reported: 3, Open: 1, SmallDue: 1, SmallOnTime: 1, UrgentDue: 2, UrgentOnTime: 1,
			Overdue: []digest.OverdueRepair{{Ref: "BX-20261120-002", Location: "教学楼302", Item: "插座", Worker: "孙师傅",
				Status: repair.RepairAccepted, Late: 90 * time.Minute, Urgent: true}}}}
	text := digest.DigestText(d)
	for _, want := range []string{"紧急按时 " + digest.PctText(1, 2), "逾期 【紧急】BX-20261120-002 教学楼302 插座（孙师傅"} {
		if !strings.Contains(text, want) {
			t.Errorf("digest text lacks %q:\n%s", want, text)
		}
	}
	d.Repairs.UrgentDue, d.Repairs.UrgentOnTime, d.Repairs.Overdue[0].Urgent = 0, 0, false
	if text := digest.DigestText(d); strings.Contains(text, "紧急") {
		t.Errorf("a day without urgent repairs mentions them:\n%s", text)
	}
}

// A median time to fix under a minute is said as such, never "0 分钟".
func TestFixText(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "不到 1 分钟"}, {40 * time.Second, "不到 1 分钟"}, {time.Minute, "1 分钟"},
		{40 * time.Minute, "40 分钟"}, {150 * time.Minute, "2.5 小时"},
	} {
		if got := digest.FixText(c.d); got != c.want {
			t.Errorf("FixText(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}
