package canteen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
)

// Samples moved to another fridge after they were logged (user test 16:
// the sample fridge showed 12℃, and the cook said 「刘校长说留样挪到另一个
// 冰箱 挪好了 那台是4度」, which started a new record): the batches still
// kept are recorded as moved, at the new fridge's temperature, said back
// batch by batch, with a warning when it is out of range. The temperature
// read when a batch was stored stays in its record (the 留样记录 an
// inspector reads is never rewritten); the move is kept beside it.

// fridgeChanged records the temperature of the fridge the samples still
// kept were moved to (their retention time not over, not disposed of),
// says so, and warns when it is out of the range the rules set.
func fridgeChanged(t *flows.Turn, c float64) error {
	bs, err := commandBatches(t)
	if err != nil {
		return err
	}
	st := t.School.Settings
	loc := t.School.Location()
	today := CivilDay(t.Now, loc)
	slices.SortFunc(bs, func(a, b SampleBatch) int { return cmp.Compare(a.ID, b.ID) })
	var lines []string
	for _, b := range bs {
		if !b.DisposedAt.IsZero() || !t.Now.Before(b.DisposeAfter) {
			continue
		}
		if err := db(t).MoveSamples(t.Ctx, b.ID, t.Staff.ID, c, t.Now); err != nil {
			return err
		}
		change := fmt.Sprintf("存放时 %s℃，现在换到 %s℃ 的冰箱", fmtC(b.FridgeC), fmtC(c))
		lines = append(lines, fmt.Sprintf("· %s%s留样（编号 %d）：%s", dayLabel(CivilDay(b.Day, loc), today), flows.MealLabel(b.Meal), b.Num(), change))
	}
	if len(lines) == 0 {
		t.Say(fmt.Sprintf("现在没有还在冷藏期的留样，不用改温度。另一台冰箱 %s℃%s。", fmtC(c), map[bool]string{true: "，在规定的范围内", false: fmt.Sprintf("，不在规定的 %s–%s℃ 之内", fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC))}[FridgeTempOK(st, c)]))
		return nil
	}
	msg := "好的，已记下留样换了冰箱（存放时的温度照原样保留在留样记录里）：\n" + strings.Join(lines, "\n")
	if FridgeTempOK(st, c) {
		msg += fmt.Sprintf("\n%s℃ 在规定的 %s–%s℃ 之内，请继续冷藏到期满。", fmtC(c), fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC))
	} else {
		msg += fmt.Sprintf("\n%s，现在是 %s℃。请尽快换到温度合适的冰箱，并告诉总务主任。", ruleFridge(st), fmtC(c))
	}
	t.Say(msg)
	return nil
}
