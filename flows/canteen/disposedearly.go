package canteen

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// Samples the cook says are gone before their retention time (the
// thirteenth user test: 「昨天的留样早倒了」 was answered 「现在还不能处理
// …请继续冷藏」, absurd of samples already thrown away, and nobody was
// told). She is asked to confirm, so that a slip of the tongue records no
// violation; confirmed, the disposal is recorded as it happened, at its
// real time and marked early (the 留样记录 shows it as a violation), and
// the 总务主任 is told once.

// openBatches loads the batches ids of t's school not yet disposed of, in
// the order given.
func openBatches(t *flows.Turn, ids []int64) ([]SampleBatch, error) {
	var out []SampleBatch
	for _, id := range ids {
		b, err := db(t).SampleBatch(t.Ctx, id)
		switch {
		case errors.Is(err, flows.ErrNotFound) || err == nil && b.SchoolID != t.School.ID:
			continue
		case err != nil:
			return nil, err
		case !b.DisposedAt.IsZero():
			t.Say(fmt.Sprintf("%s已由%s%s，不用再处理。", b.Label(), b.DisposedByName, disposedWhen(t, b)))
			continue
		}
		out = append(out, b)
	}
	return out, nil
}

// disposedSaid answers a disposal told in the cook's own words: the
// batches due are disposed of; the others are asked about.
func disposedSaid(t *flows.Turn, ids []int64) error {
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		t.Say("只有食堂人员或总务主任可以确认留样处理。")
		return nil
	}
	bs, err := openBatches(t, ids)
	if err != nil {
		return err
	}
	var due, early []int64
	var lines []string
	for _, b := range bs {
		if !t.Now.Before(b.DisposeAfter) {
			due = append(due, b.ID)
			continue
		}
		early = append(early, b.ID)
		lines = append(lines, fmt.Sprintf("· %s，要保留到 %s", b.Label(), t.When(b.DisposeAfter)))
	}
	if err := disposeMany(t, due); err != nil {
		return err
	}
	if len(early) == 0 {
		return nil
	}
	yes, ok1 := verbAction(verbEarly, early)
	no, ok2 := verbAction(verbKept, early)
	if !ok1 || !ok2 {
		t.Say("一次说的留样太多了，请分几次告诉我，如「昨天午餐的留样倒了」。")
		return nil
	}
	buttons := []flows.Button{{Label: "确认已倒掉", Data: yes}, {Label: "没有，还在冷藏", Data: no}}
	these := "这份留样"
	if len(early) > 1 {
		these = "这些留样"
	}
	hours := t.School.Settings.RetentionHours
	t.Say(fmt.Sprintf("%s还没满 %d 小时，确认已经倒掉了吗？\n%s\n%s", these, hours, strings.Join(lines, "\n"), flows.Numbered(buttons)), buttons...)
	return nil
}

// disposedEarly records the batches ids disposed of now, early where
// their retention time is not over, and tells the 总务主任 once of those.
func disposedEarly(t *flows.Turn, ids []int64) error {
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		t.Say("只有食堂人员或总务主任可以确认留样处理。")
		return nil
	}
	bs, err := openBatches(t, ids)
	if err != nil {
		return err
	}
	st := t.School.Settings
	var lines []string
	var first int64
	for _, b := range bs {
		if !t.Now.Before(b.DisposeAfter) {
			if err := dispose(t, b.ID); err != nil { // its time came meanwhile
				return err
			}
			continue
		}
		if err := db(t).DisposeSamplesEarly(t.Ctx, b.ID, t.Staff.ID, t.Now); err != nil {
			return err
		}
		if first == 0 {
			first = b.ID
		}
		kept := b.DisposeAfter.Add(-time.Duration(st.RetentionHours) * time.Hour)
		lines = append(lines, fmt.Sprintf("· %s：%s 留存，应保留到 %s", b.Label(), t.When(kept), t.When(b.DisposeAfter)))
	}
	if len(lines) == 0 {
		return nil
	}
	text := fmt.Sprintf("【留样提前处理】%s告知以下留样已经倒掉，倒掉时未满 %d 小时：\n%s\n处理时间按告知的时间记为 %s。%s，已在留样记录中记为提前处理。",
		t.Staff.Name, st.RetentionHours, strings.Join(lines, "\n"), t.When(t.Now), ruleRetention(st))
	n, err := t.NotifyOthers([]flows.Role{flows.RoleHead}, flows.Notification{Kind: KindSampleEarly, Ref: flows.Ref(refSample, first), Text: text})
	if err != nil {
		return err
	}
	told := ""
	if n > 0 {
		told = "已按规定告知总务主任。"
	}
	t.Say(fmt.Sprintf("已记录：以下留样已经倒掉，未满 %d 小时，在留样记录中记为提前处理。%s\n%s\n%s；以后请留足 %d 小时再处理，冰箱放不下时请先告诉总务主任。",
		st.RetentionHours, told, strings.Join(lines, "\n"), ruleRetention(st), st.RetentionHours))
	return nil
}

// stillKept answers 「没有，还在冷藏」: nothing is recorded, and each batch
// is said with when it may go.
func stillKept(t *flows.Turn, ids []int64) error {
	bs, err := openBatches(t, ids)
	if err != nil || len(bs) == 0 {
		return err
	}
	var lines []string
	for _, b := range bs {
		lines = append(lines, fmt.Sprintf("· %s，%s 以后可以处理", b.Label(), t.When(b.DisposeAfter)))
	}
	t.Say("好的，没有记录处理，请继续冷藏：\n" + strings.Join(lines, "\n") + "\n到时会提醒你。")
	return nil
}
