package canteen

import (
	"fmt"
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
)

// missingAlertWindow bounds how late a meal is still checked: an alert
// half a day late helps nobody, and a school that starts using houqin
// today must not be told its yesterday had no samples. (After a longer
// outage the digest can still compare SampledMeals with the school's meals.)
const missingAlertWindow = 12 * time.Hour

func sampleTick(t *flows.Turn) error {
	if err := disposalReminders(t); err != nil {
		return err
	}
	return missingSampleAlerts(t)
}

func disposalReminders(t *flows.Turn) error {
	due, err := db(t).SamplesDue(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return err
	}
	for _, b := range due {
		if ok, err := t.Tx.ClaimJob(t.Ctx, disposeClaim(b.ID), t.Now); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		// Kept when its hours began (its meal, for a late record); named
		// by its full reference when another batch due shares its number.
		kept := b.DisposeAfter.Add(-time.Duration(t.School.Settings.RetentionHours) * time.Hour)
		text := fmt.Sprintf("【留样到期】%s（%s，%s 留存）已满 %d 小时，可以处理了。处理后请回复「已处理 %s」。",
			b.Label(), b.Dishes(), t.When(kept), t.School.Settings.RetentionHours, disposeName(b, due))
		if err := t.NotifyRoles([]flows.Role{flows.RoleCanteen}, flows.Notification{Kind: KindSampleDispose, Ref: flows.Ref(refSample, b.ID), Text: text,
			Buttons: []flows.Button{{Label: "已处理", Data: action(verbDispose, b.ID)}}}); err != nil {
			return err
		}
	}
	return nil
}

func missingSampleAlerts(t *flows.Turn) error {
	st, loc := t.School.Settings, t.School.Location()
	if st.DistrictOffice {
		return nil // the district office serves no meals, whatever its settings say
	}
	today := CivilDay(t.Now, loc)
	after := time.Duration(st.MissingSampleMinutes) * time.Minute
	// The calendar says which meals were served: no alerts on a weekend
	// the canteen is closed or on a holiday, and the usual ones on a
	// make-up school day (调休上课) that falls on a Saturday.
	cal, err := db(t).MealCalendar(t.Ctx, t.School.ID, today.AddDate(0, 0, -1), today)
	if err != nil {
		return err
	}
	for _, day := range []time.Time{today.AddDate(0, 0, -1), today} {
		local := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, loc)
		var sampled []string
		loaded := false
		for _, m := range cal.On(day, st.Meals).Meals {
			deadline := m.Ends.On(local, loc).Add(after)
			if t.Now.Before(deadline) || t.Now.Sub(deadline) > missingAlertWindow {
				continue
			}
			if !loaded {
				var err error
				if sampled, err = db(t).SampledMeals(t.Ctx, t.School.ID, day); err != nil {
					return err
				}
				loaded = true
			}
			if slices.Contains(sampled, m.Key) {
				continue
			}
			if ok, err := t.Tx.ClaimJob(t.Ctx, missingClaim(t.School.ID, day, m.Key), t.Now); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			if _, err := db(t).RecordMissingSamples(t.Ctx, t.School.ID, day, m.Key, t.Now); err != nil {
				return err
			}
			what := dayLabel(day, today) + flows.MealLabel(m.Key)
			alert := fmt.Sprintf("【未留样提醒】%s（%s–%s）到 %s 还没有留样记录。按《学校食品安全与营养健康管理规定》，每餐每个菜品都要留样不少于 %d 克。\n",
				what, m.Starts, m.Ends, deadline.In(loc).Format("15:04"), st.SampleMinGrams)
			// The 总务主任 is the one the canteen reports to: he is asked
			// to find out, not to report to himself. Someone both cook and
			// 总务主任 gets his words, which fit them too.
			heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
			if err != nil {
				return err
			}
			told := map[int64]bool{}
			for _, h := range heads {
				told[h.ID] = true
			}
			n := flows.Notification{Kind: KindSampleMissing, Ref: missingRef(day, m.Key),
				Text: alert + fmt.Sprintf("如果已经留样，请马上发送「留样 %s」补录；如果漏留了，请如实报告总务主任。", what)}
			if _, err := t.NotifyRolesExcept([]flows.Role{flows.RoleCanteen}, told, n); err != nil {
				return err
			}
			n.Text = alert + fmt.Sprintf("请向食堂了解情况：如果已经留样，请他们马上发送「留样 %s」补录（你也可以自己发送）；如果漏留了，请查明原因并按学校规定处理。", what)
			if err := t.NotifyRoles([]flows.Role{flows.RoleHead}, n); err != nil {
				return err
			}
		}
	}
	return nil
}
