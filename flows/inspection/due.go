package inspection

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// target is one check a plan's window asks for: the room it is for (an
// AssignOwner plan's), and who owes it.
type target struct {
	LocationID int64
	Place      string
	Staff      []int64
}

// targets lists the checks window w of p asks for, and who owes them. For
// a 值班 plan, whoever is on check duty when w closes (the 总务主任 when
// nobody is: a duty that ended in the morning is not the evening round's);
// with w zero, its one check and nobody (what recording a missed window
// needs).
func targets(t *flows.Turn, p Plan, locs []flows.Location, w Window) ([]target, error) {
	switch p.Assignee.Kind {
	case AssignDuty:
		if w.Closes.IsZero() {
			return []target{{}}, nil
		}
		ids, err := onDutyAt(t, w.Closes)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
			if err != nil {
				return nil, err
			}
			for _, s := range heads {
				ids = append(ids, s.ID)
			}
		}
		return []target{{Staff: ids}}, nil
	case AssignPerson:
		return []target{{Staff: []int64{p.Assignee.StaffID}}}, nil
	case AssignRole:
		ss, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, p.Assignee.Role)
		if err != nil {
			return nil, err
		}
		tg := target{}
		for _, s := range ss {
			tg.Staff = append(tg.Staff, s.ID)
		}
		return []target{tg}, nil
	case AssignOwner:
		var out []target
		for _, l := range locs {
			if l.OwnerID != 0 {
				out = append(out, target{LocationID: l.ID, Place: flows.LocationLabel(locs, l.ID), Staff: []int64{l.OwnerID}})
			}
		}
		return out, nil
	}
	return nil, nil
}

// onDutyAt lists who is on check duty at the minute before at.
func onDutyAt(t *flows.Turn, at time.Time) ([]int64, error) {
	return db(t).CheckDuty(t.Ctx, t.School.ID, at.Add(-time.Minute), at)
}

func (tg target) owes(staffID int64) bool {
	for _, id := range tg.Staff {
		if id == staffID {
			return true
		}
	}
	return false
}

// checkKey finds a window's check for a place.
type checkKey struct {
	plan   int64
	window string
	loc    int64
}

func keyOf(c Check) checkKey { return checkKey{c.PlanID, c.WindowKey, c.LocationID} }

// choice is one check someone may start or resume: a plan's open window
// (for a room), or an ad hoc plan.
type choice struct {
	PlanID     int64  `json:"plan"`
	LocationID int64  `json:"loc,omitempty"`
	CheckID    int64  `json:"check,omitempty"` // a check already begun
	AdHoc      bool   `json:"adhoc,omitempty"` // an ad hoc plan, not a check anyone owes
	Label      string `json:"label"`
}

// choices lists what t.Staff may do now: first the checks begun and not
// finished, then the windows open now that they owe, then the ad hoc plans
// they may start.
func choices(t *flows.Turn) ([]choice, error) {
	o, err := owedNow(t)
	if err != nil || !o.needChecks() {
		return nil, err
	}
	checks, err := db(t).ChecksClosingAfter(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return nil, err
	}
	return o.choices(t, checks), nil
}

// owing is what a person owes now, read from the plans (the directory
// cache) and the rooms, before any check is read: most people owe nothing
// at most times, and then no check need be read at all.
type owing struct {
	owes []struct {
		plan   Plan
		window Window
		target target
	}
	adhoc []choice
}

// needChecks: something is due, or an ad hoc plan this person may have
// begun (a check begun on a plan since taken out of service is not
// offered, scheduled or ad hoc).
func (o owing) needChecks() bool { return len(o.owes) > 0 || len(o.adhoc) > 0 }

func owedNow(t *flows.Turn) (owing, error) {
	var o owing
	plans, err := db(t).Plans(t.Ctx, t.School.ID)
	if err != nil {
		return o, err
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return o, err
	}
	loc := t.School.Location()
	for _, p := range plans {
		if p.Assignee.Kind == AssignOwn {
			continue // a leader's own round: resumed from its open check only
		}
		if p.Schedule.Every == AdHoc {
			if p.Assignee.Covers(t.Staff) || t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
				o.adhoc = append(o.adhoc, choice{PlanID: p.ID, AdHoc: true, Label: p.Name + "（临时检查）"})
			}
			continue
		}
		w, ok := p.Schedule.WindowAt(t.Now, loc)
		if !ok {
			continue
		}
		tgs, err := targets(t, p, locs, w)
		if err != nil {
			return o, err
		}
		for _, tg := range tgs {
			if tg.owes(t.Staff.ID) {
				o.owes = append(o.owes, struct {
					plan   Plan
					window Window
					target target
				}{p, w, tg})
			}
		}
	}
	return o, nil
}

// choices are o's, given the school's checks closing from now on.
func (o owing) choices(t *flows.Turn, checks []Check) []choice {
	have := map[checkKey]Check{}
	for _, c := range checks {
		have[keyOf(c)] = c
	}
	var begun, due []choice
	for _, ow := range o.owes {
		p, w, tg := ow.plan, ow.window, ow.target
		c, ok := have[checkKey{p.ID, w.Key, tg.LocationID}]
		if ok && c.Status != CheckOpen {
			continue
		}
		ch := choice{PlanID: p.ID, LocationID: tg.LocationID, CheckID: c.ID,
			Label: fmt.Sprintf("%s（%s 前）", planTitle(p.Name, tg.Place), t.When(w.Closes))}
		if ok {
			ch.Label = planTitle(p.Name, tg.Place) + "（已开始，未完成）"
			begun = append(begun, ch)
		} else {
			due = append(due, ch)
		}
	}
	// Ad hoc checks begun by this person and not finished.
	for _, c := range checks {
		if c.Status == CheckOpen && c.InspectorID == t.Staff.ID && c.AdHoc() {
			begun = append(begun, choice{PlanID: c.PlanID, CheckID: c.ID, Label: c.PlanName + "（已开始，未完成）"})
		}
	}
	return append(append(begun, due...), o.adhoc...)
}

// planTitle names a plan's check, with the room for a room owner's.
func planTitle(plan, place string) string {
	if place == "" {
		return plan
	}
	return plan + " · " + place
}

// adhocPrefix starts the window key of an unscheduled check.
const adhocPrefix = "adhoc-"

// adhocWindow is the window of a check started by hand: the rest of the day.
func adhocWindow(now time.Time, loc *time.Location) Window {
	return Window{Key: adhocPrefix + now.UTC().Format("20060102T150405"), Opens: now, Closes: dayOf(now, loc).AddDate(0, 0, 1)}
}

// windowLabel says which window of a plan key names: 11月20日, 11月,
// 本学期第 2 次, 2026年.
func windowLabel(p Plan, w Window, loc *time.Location) string {
	o := w.Opens.In(loc)
	switch p.Schedule.Every {
	case Daily, Weekly:
		return fmt.Sprintf("%d月%d日", o.Month(), o.Day())
	case Monthly:
		return fmt.Sprintf("%d月", o.Month())
	case Termly:
		if _, n, ok := strings.Cut(w.Key, "/"); ok {
			return "本学期第 " + n + " 次"
		}
	case Seasonal:
		return fmt.Sprintf("%d年", o.Year())
	}
	return "临时检查"
}

// AdHoc reports whether the check was started by hand, outside any
// window: such a check was never owed, so it is never missed.
func (c Check) AdHoc() bool { return strings.HasPrefix(c.WindowKey, adhocPrefix) }

// window is the window a check is for.
func (c Check) window() Window { return Window{Key: c.WindowKey, Opens: c.Opens, Closes: c.Closes} }
