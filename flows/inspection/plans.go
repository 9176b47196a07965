package inspection

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/houqin/houqin/flows"
)

// defaultPlans are the checklists every school starts with, in the plan
// file format (see ParsePlans): 消防器材月检, 每日校园巡查, 用电安全检查,
// 楼道通道检查, 供暖季前检查, 假期护校巡查, 校长食堂检查, 班级财产检查.
//
//go:embed defaults.csv
var defaultPlans string

// DefaultPlans returns the shipped checklists, parsed (assignees are roles
// or room owners, so there is nothing to resolve).
func DefaultPlans() []Plan {
	ps, err := ParsePlans(strings.NewReader(defaultPlans))
	if err != nil {
		panic("inspection: defaults.csv: " + err.Error())
	}
	return ps
}

// MaxItems bounds a checklist: a check is done by chat, item by item.
const MaxItems = 30

// ParsePlans reads a plan file: CSV with a header row, one checklist item
// per row; rows with the same plan name add items to it in order, and the
// plan's own columns are taken from its first row that gives them. Columns
// (English or Chinese header):
//
//	plan/计划        the checklist's name (required)
//	schedule/频次    daily 每日, weekly 每周, monthly 每月, term 每学期, seasonal 每年, adhoc 临时
//	days/周几        weekly: 1–7 or 一…日 (二、四); term: times a term (default 2)
//	seasons/时段     MM-DD~MM-DD, several separated by ; — the windows of a
//	                 seasonal plan, the terms of a term plan, or the only
//	                 spans a daily or weekly plan runs in (假期)
//	due/截止         HH:MM a window closes on its last day (default 18:00)
//	assignee/负责人  a staff name, a role (门卫, 总务主任, teacher ...), or
//	                 班主任 (each room's owner does the room's check)
//	equipment/器材   the equipment register the plan covers, e.g. 灭火器
//	item/检查项      what to check (required)
//	place/地点       where, optionally: a room (教学楼302) or free text
//
// Every problem is reported, with its line, at once.
func ParsePlans(r io.Reader) ([]Plan, error) {
	recs, err := readTable(r, "plan file")
	if err != nil {
		return nil, err
	}
	type draft struct {
		plan                         Plan
		every, days, seasons, due    string
		assignee                     string
		line                         int
		everySet, assigneeSet, dueOK bool
	}
	var order []string
	drafts := map[string]*draft{}
	var problems []error
	bad := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Errorf("line %d: "+format, append([]any{line}, args...)...))
	}
	for i, rec := range recs {
		line := i + 2
		name := rec.get("plan", "计划", "检查计划", "名称")
		item := rec.get("item", "检查项", "检查内容")
		if name == "" && item == "" {
			continue // a blank row
		}
		if name == "" {
			bad(line, "no plan name")
			continue
		}
		if item == "" {
			bad(line, "%s: no item", name)
			continue
		}
		d := drafts[name]
		if d == nil {
			d = &draft{plan: Plan{Name: flows.Clip(name, 40), Active: true}, line: line}
			drafts[name] = d
			order = append(order, name)
		}
		// A plan's own columns: the first row that gives one sets it, a
		// later row may repeat it but not contradict it.
		for _, c := range []struct {
			val string
			dst *string
			key string
		}{
			{rec.get("schedule", "频次", "周期"), &d.every, "schedule"},
			{rec.get("days", "周几", "日期", "次数"), &d.days, "days"},
			{rec.get("seasons", "时段", "季节"), &d.seasons, "seasons"},
			{rec.get("due", "截止", "截止时间"), &d.due, "due"},
			{rec.get("assignee", "负责人", "检查人"), &d.assignee, "assignee"},
			{rec.get("equipment", "器材"), &d.plan.Equipment, "equipment"},
		} {
			switch {
			case c.val == "":
			case *c.dst == "":
				*c.dst = c.val
			case *c.dst != c.val:
				bad(line, "%s: %s %q contradicts %q above", name, c.key, c.val, *c.dst)
			}
		}
		if len(d.plan.Items) == MaxItems {
			bad(line, "%s: more than %d items", name, MaxItems)
			continue
		}
		d.plan.Items = append(d.plan.Items, Item{Seq: len(d.plan.Items) + 1, Text: flows.Clip(item, 100),
			Place: flows.Clip(rec.get("place", "地点", "位置"), 40)})
	}
	var plans []Plan
	for _, name := range order {
		d := drafts[name]
		s, err := NewSchedule(d.every, d.days, d.seasons, d.due)
		if err != nil {
			bad(d.line, "%s: %v", name, err)
			continue
		}
		d.plan.Schedule = s
		a, err := ParseAssignee(d.assignee)
		if err != nil {
			bad(d.line, "%s: %v", name, err)
			continue
		}
		d.plan.Assignee = a
		plans = append(plans, d.plan)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return plans, nil
}

// ownerWords name each room's owner as a plan's assignee.
var ownerWords = []string{"班主任", "owner", "房间负责人", "各班主任"}

// dutyWords name whoever is on check duty (houqin duty add --for check).
var dutyWords = []string{"值班", "duty", "值班人员", "值班老师", "值班教师", "值班领导", "值周", "值周老师", "值周教师", "值班表"}

// ParseAssignee reads who does a plan: 班主任 (each room's owner), 值班
// (whoever is on check duty), a role key or its Chinese name, or else a
// person's name (resolved later, by ResolvePlans).
func ParseAssignee(s string) (Assignee, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Assignee{}, fmt.Errorf("no assignee (a name, a role such as 门卫, 班主任, or 值班)")
	case flows.IsWord(s, ownerWords):
		return Assignee{Kind: AssignOwner}, nil
	case flows.IsWord(s, dutyWords):
		return Assignee{Kind: AssignDuty}, nil
	}
	key := strings.TrimPrefix(strings.TrimPrefix(s, "role:"), "角色:")
	for _, r := range flows.Roles {
		if key == string(r) || key == r.Label() {
			return Assignee{Kind: AssignRole, Role: r}, nil
		}
	}
	return Assignee{Kind: AssignPerson, Name: flows.Clip(s, 20)}, nil
}

// ResolvePlans fills in the staff ids of plans assigned to a person, by
// exact name among staff, and the locations that item places name (by
// building and room, or a room's alias). A name that matches nobody or
// several people is an error; a place that names no location stays text.
func ResolvePlans(plans []Plan, staff []flows.Staff, locs []flows.Location) error {
	var problems []error
	for i := range plans {
		p := &plans[i]
		if p.Assignee.Kind == AssignPerson {
			var ids []int64
			for _, s := range staff {
				if s.Name == p.Assignee.Name {
					ids = append(ids, s.ID)
				}
			}
			if len(ids) != 1 {
				problems = append(problems, fmt.Errorf("%s: assignee %q matches %d staff", p.Name, p.Assignee.Name, len(ids)))
				continue
			}
			p.Assignee.StaffID = ids[0]
		}
		for j := range p.Items {
			p.Items[j].LocationID = findLocation(locs, p.Items[j].Place)
		}
	}
	return errors.Join(problems...)
}

// findLocation returns the location a place names exactly, or 0.
func findLocation(locs []flows.Location, place string) int64 {
	if place == "" {
		return 0
	}
	for _, l := range locs {
		if l.Name() == place || l.Room == place && l.Building == "" {
			return l.ID
		}
		for _, a := range l.Aliases {
			if a == place {
				return l.ID
			}
		}
	}
	return 0
}
