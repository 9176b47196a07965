package repair

import (
	"time"

	"github.com/houqin/houqin/flows"
)

// noticedJob is the one repair of rs the last notification the writer
// got is about (its buttons act on it: 「请验收」's 确认修好 / 没修好),
// when she has typed nothing since that it was not; else false. A
// reporter's words naming neither of two repairs awaiting her sign-off,
// right after one's 请验收 notice, are about that one: 「好了这回 …」
// after a rework (user test 18's F4), 「箱门还是有点麻手 没弄好啊」 when
// 孙师傅 had just finished it (F2), not the other one of days before.
func noticedJob(t *flows.Turn, rs []Repair) (Repair, bool) {
	if t.Replied() != nil {
		return Repair{}, false // her own last reply's buttons: not a notice
	}
	hit, ok := jobOfButtons(t.Offered(), rs)
	if !ok {
		return Repair{}, false
	}
	for _, r := range rs {
		if r.ID != hit.ID && r.DoneAt.After(hit.DoneAt.Add(-noticedApart)) {
			// Two finished together (孙师傅's 完成 7, 完成 8): she may
			// have read both notices; which one is asked.
			return Repair{}, false
		}
	}
	return hit, true
}

// noticedApart is how much earlier the others must have been finished
// for the last notice's repair to be the one meant.
const noticedApart = 30 * time.Minute

// narrowToNoticed leaves ready, of several, only the repair the last
// notification was about (noticedJob).
func narrowToNoticed(t *flows.Turn, rs []Repair, items []flows.Item) {
	narrowTo(t, rs, items, noticedJob)
}

// talkedAboutJob is the one repair of rs the writer's own last reply was
// about (its buttons act on it, whatever they do), if any: the
// conversation's current job. 接了 right after his words on the 保密室 lock
// are passed on is that job (user test 29's R18 was asked which of four).
func talkedAboutJob(t *flows.Turn, rs []Repair) (Repair, bool) {
	return jobOfButtons(t.Replied(), rs)
}

// jobOfButtons is the one repair of rs that buttons act on, whatever they
// do; none when they act on none or on several.
func jobOfButtons(buttons []flows.Button, rs []Repair) (Repair, bool) {
	var hit *Repair
	for _, b := range buttons {
		a, ok := flows.ParseAction(b.Data)
		if !ok || a.Prefix != actorPrefix {
			continue
		}
		for i := range rs {
			if rs[i].ID != a.ID {
				continue
			}
			if hit != nil && hit.ID != rs[i].ID {
				return Repair{}, false
			}
			hit = &rs[i]
		}
	}
	if hit == nil {
		return Repair{}, false
	}
	return *hit, true
}
