package inspection

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/repair"
)

// fake is an in-memory transaction: the core, this capability's Store,
// and as much of repair.Store as filing a linked repair needs (the
// embedded nil interface panics if anything else is called).
type fake struct {
	*flowtest.Core
	repair.Store

	plans     []Plan
	checks    []Check
	results   map[int64][]Result
	hazards   []Hazard
	events    []HazardEvent
	equipment []Equipment
	rules     LevelRules
	counters  map[string]int

	repairs []repair.Repair
	// routes maps a trade to its worker, as storetest.Seed routes them.
	routes map[flows.Trade]string
	// duty is the check duty roster (houqin duty add --for check).
	duty []fakeDuty
}

type fakeDuty struct {
	staff        int64
	starts, ends time.Time
}

// CheckDuty implements Store.
func (f *fake) CheckDuty(_ context.Context, _ int64, from, to time.Time) ([]int64, error) {
	var out []int64
	for _, d := range f.duty {
		if d.starts.Before(to) && from.Before(d.ends) && !slices.Contains(out, d.staff) {
			out = append(out, d.staff)
		}
	}
	slices.Sort(out)
	return out, nil
}

var _ Store = (*fake)(nil)

func newFake(c *flowtest.Core) *fake {
	return &fake{Core: c, results: map[int64][]Result{}, rules: LevelRules{}, counters: map[string]int{},
		routes: map[flows.Trade]string{flows.TradeCarpentry: "王师傅", flows.TradeElectrical: "孙师傅", flows.TradePlumbing: "周师傅"}}
}

func (f *fake) name(id int64) string {
	if s, err := f.StaffByID(context.Background(), id); err == nil {
		return s.Name
	}
	return ""
}

func (f *fake) Plans(_ context.Context, schoolID int64) ([]Plan, error) {
	var out []Plan
	for _, p := range f.plans {
		if p.SchoolID == schoolID && p.Active {
			out = append(out, p)
		}
	}
	return out, nil
}

func (f *fake) Plan(_ context.Context, id int64) (Plan, error) {
	for _, p := range f.plans {
		if p.ID == id {
			return p, nil
		}
	}
	return Plan{}, fmt.Errorf("fake: plan %d: %w", id, flows.ErrNotFound)
}

func (f *fake) SavePlan(_ context.Context, p *Plan, at time.Time) (bool, error) {
	p.Active = true
	for i, q := range f.plans {
		if q.SchoolID == p.SchoolID && q.Name == p.Name {
			p.ID, p.CreatedAt = q.ID, q.CreatedAt
			f.plans[i] = *p
			return false, nil
		}
	}
	p.ID, p.CreatedAt = int64(len(f.plans)+1), at
	f.plans = append(f.plans, *p)
	return true, nil
}

func (f *fake) read(c Check) Check {
	p, _ := f.Plan(context.Background(), c.PlanID)
	c.PlanName, c.InspectorName = p.Name, f.name(c.InspectorID)
	if l, err := f.LocationByID(context.Background(), c.LocationID); err == nil {
		c.LocationName = l.Name()
	}
	return c
}

func (f *fake) selectChecks(keep func(Check) bool) []Check {
	var out []Check
	for _, c := range f.checks {
		if keep(c) {
			out = append(out, f.read(c))
		}
	}
	return out
}

func (f *fake) ChecksClosingAfter(_ context.Context, schoolID int64, t time.Time) ([]Check, error) {
	return f.selectChecks(func(c Check) bool { return c.SchoolID == schoolID && (c.Closes.After(t) || c.Status == CheckOpen) }), nil
}

func (f *fake) ChecksBetween(_ context.Context, schoolID int64, from, to time.Time) ([]Check, error) {
	out := f.selectChecks(func(c Check) bool { return c.SchoolID == schoolID && !c.Closes.Before(from) && c.Closes.Before(to) })
	slices.SortStableFunc(out, func(a, b Check) int { return a.Closes.Compare(b.Closes) })
	return out, nil
}

func (f *fake) CheckAt(_ context.Context, planID int64, key string, loc int64) (Check, error) {
	for _, c := range f.checks {
		if c.PlanID == planID && c.WindowKey == key && c.LocationID == loc {
			return f.read(c), nil
		}
	}
	return Check{}, fmt.Errorf("fake: check: %w", flows.ErrNotFound)
}

func (f *fake) Check(_ context.Context, id int64) (Check, error) {
	for _, c := range f.checks {
		if c.ID == id {
			return f.read(c), nil
		}
	}
	return Check{}, fmt.Errorf("fake: check %d: %w", id, flows.ErrNotFound)
}

func (f *fake) CreateCheck(ctx context.Context, c *Check) error {
	if _, err := f.CheckAt(ctx, c.PlanID, c.WindowKey, c.LocationID); err == nil {
		return fmt.Errorf("fake: check: %w", flows.ErrConflict)
	}
	c.ID = int64(len(f.checks) + 1)
	f.checks = append(f.checks, *c)
	return nil
}

func (f *fake) UpdateCheck(_ context.Context, c Check) error {
	for i, x := range f.checks {
		if x.ID == c.ID {
			x.InspectorID, x.Status, x.StartedAt, x.DoneAt = c.InspectorID, c.Status, c.StartedAt, c.DoneAt
			f.checks[i] = x
			return nil
		}
	}
	return fmt.Errorf("fake: check %d: %w", c.ID, flows.ErrNotFound)
}

func (f *fake) SaveResult(_ context.Context, _ int64, r Result) error {
	rs := slices.DeleteFunc(f.results[r.CheckID], func(x Result) bool { return x.Seq == r.Seq })
	rs = append(rs, r)
	slices.SortFunc(rs, func(a, b Result) int { return a.Seq - b.Seq })
	f.results[r.CheckID] = rs
	return nil
}

func (f *fake) Results(_ context.Context, checkID int64) ([]Result, error) {
	return slices.Clone(f.results[checkID]), nil
}

func (f *fake) NextHazardRef(_ context.Context, schoolID int64, day time.Time) (string, error) {
	k := fmt.Sprint(schoolID, day.Format("20060102"))
	f.counters[k]++
	return FormatRef(day, f.counters[k]), nil
}

func (f *fake) readHazard(h Hazard) Hazard {
	h.FinderName, h.ResponsibleName, h.RecheckerName = f.name(h.FinderID), f.name(h.ResponsibleID), f.name(h.RecheckedBy)
	h.PlanName, h.Item, h.RepairRef = "", "", ""
	if c, err := f.Check(context.Background(), h.CheckID); err == nil {
		h.PlanName = c.PlanName
		p, _ := f.Plan(context.Background(), c.PlanID)
		for _, it := range p.Items {
			if it.Seq == h.ItemSeq {
				h.Item = it.Text
			}
		}
	}
	for _, r := range f.repairs {
		if r.ID == h.RepairID {
			h.RepairRef = r.Ref
		}
	}
	return h
}

func (f *fake) CreateHazard(_ context.Context, h *Hazard, ev HazardEvent) error {
	h.ID = int64(len(f.hazards) + 1)
	f.hazards = append(f.hazards, *h)
	ev.HazardID = h.ID
	f.events = append(f.events, ev)
	return nil
}

func (f *fake) Hazard(_ context.Context, id int64) (Hazard, error) {
	for _, h := range f.hazards {
		if h.ID == id {
			return f.readHazard(h), nil
		}
	}
	return Hazard{}, fmt.Errorf("fake: hazard %d: %w", id, flows.ErrNotFound)
}

func (f *fake) UpdateHazard(_ context.Context, h Hazard, ev HazardEvent) error {
	for i, x := range f.hazards {
		if x.ID == h.ID {
			if !CanMove(x.Status, h.Status) {
				return fmt.Errorf("fake: hazard %s: %s → %s: %w", h.Ref, x.Status, h.Status, flows.ErrIllegalTransition)
			}
			f.hazards[i] = h
			ev.HazardID = h.ID
			f.events = append(f.events, ev)
			return nil
		}
	}
	return fmt.Errorf("fake: hazard %d: %w", h.ID, flows.ErrNotFound)
}

func (f *fake) selectHazards(keep func(Hazard) bool, order func(a, b Hazard) int) []Hazard {
	var out []Hazard
	for _, h := range f.hazards {
		if keep(h) {
			out = append(out, f.readHazard(h))
		}
	}
	slices.SortStableFunc(out, order)
	return out
}

func byDue(a, b Hazard) int   { return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID)) }
func byFound(a, b Hazard) int { return cmp.Or(a.FoundAt.Compare(b.FoundAt), cmp.Compare(a.ID, b.ID)) }

func (f *fake) ChecksAndHazardsOf(ctx context.Context, schoolID, staffID int64, closingAfter time.Time, withChecks bool, limit int) ([]Check, []Hazard, error) {
	var cs []Check
	if withChecks {
		var err error
		if cs, err = f.ChecksClosingAfter(ctx, schoolID, closingAfter); err != nil {
			return nil, nil, err
		}
	}
	hs, err := f.HazardsOf(ctx, staffID, limit)
	return cs, hs, err
}

func (f *fake) HazardsOf(ctx context.Context, staffID int64, limit int) ([]Hazard, error) {
	me, err := f.StaffByID(ctx, staffID)
	if err != nil {
		return nil, err
	}
	out := f.selectHazards(func(h Hazard) bool {
		return (h.FinderID == staffID || h.ResponsibleID == staffID) && h.Status != HazardClosed ||
			h.Status == HazardFixed && h.SchoolID == me.SchoolID && mayRecheck(me, h)
	}, byDue)
	return out[:min(limit, len(out))], nil
}

func (f *fake) HazardsWaiting(_ context.Context, schoolID int64, until time.Time) ([]Hazard, error) {
	return f.selectHazards(func(h Hazard) bool {
		return h.SchoolID == schoolID && (h.Status == HazardOpen && (h.DueAt.Before(until) || h.RepairID != 0) || h.Status == HazardFixed)
	}, byDue), nil
}

func (f *fake) HazardsFound(_ context.Context, schoolID int64, from, to time.Time) ([]Hazard, error) {
	return f.selectHazards(func(h Hazard) bool {
		return h.SchoolID == schoolID && !h.FoundAt.Before(from) && h.FoundAt.Before(to)
	}, byFound), nil
}

func (f *fake) OpenHazards(_ context.Context, schoolID int64) ([]Hazard, error) {
	return f.selectHazards(func(h Hazard) bool { return h.SchoolID == schoolID && h.Status != HazardClosed }, byFound), nil
}

func (f *fake) selectEquipment(keep func(Equipment) bool) []Equipment {
	var out []Equipment
	for _, e := range f.equipment {
		if e.Active && keep(e) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Equipment) int {
		switch {
		case a.Expires.IsZero() != b.Expires.IsZero():
			if a.Expires.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Expires.Compare(b.Expires), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Code, b.Code))
	})
	return out
}

func (f *fake) Equipment(_ context.Context, schoolID int64, kind string) ([]Equipment, error) {
	return f.selectEquipment(func(e Equipment) bool { return e.SchoolID == schoolID && (kind == "" || e.Kind == kind) }), nil
}

func (f *fake) EquipmentExpiring(_ context.Context, schoolID int64, before time.Time) ([]Equipment, error) {
	y, m, d := before.Date()
	last := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return f.selectEquipment(func(e Equipment) bool {
		return e.SchoolID == schoolID && !e.Expires.IsZero() && !e.Expires.After(last)
	}), nil
}

func (f *fake) LevelRules(context.Context, int64) (LevelRules, error) {
	out := LevelRules{}
	for l, h := range f.rules {
		out[l] = h
	}
	return out, nil
}

// The part of repair.Store that repair.File and the hazard job use.

func (f *fake) OpenRepairsAt(_ context.Context, schoolID, locationID int64) ([]repair.Repair, error) {
	var out []repair.Repair
	for _, r := range f.repairs {
		if r.SchoolID == schoolID && r.LocationID == locationID && r.Status.Open() {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fake) NextRepairRef(_ context.Context, schoolID int64, day time.Time) (string, error) {
	n := 1
	for _, r := range f.repairs {
		if r.SchoolID == schoolID && strings.Contains(r.Ref, day.Format("20060102")) {
			n++
		}
	}
	return fmt.Sprintf("BX-%s-%03d", day.Format("20060102"), n), nil
}

// CreateNumbered implements Store, as the two steps it stands for.
func (f *fake) CreateNumbered(ctx context.Context, r *repair.Repair, day time.Time, ev repair.RepairEvent) error {
	ref, err := f.NextRepairRef(ctx, r.SchoolID, day)
	if err != nil {
		return err
	}
	r.Ref = ref
	return f.CreateRepair(ctx, r, ev)
}

func (f *fake) CreateRepair(_ context.Context, r *repair.Repair, _ repair.RepairEvent) error {
	r.ID = int64(len(f.repairs) + 1)
	f.repairs = append(f.repairs, *r)
	return nil
}

func (f *fake) Repair(_ context.Context, id int64) (repair.Repair, error) {
	for _, r := range f.repairs {
		if r.ID == id {
			return r, nil
		}
	}
	return repair.Repair{}, fmt.Errorf("fake: repair %d: %w", id, flows.ErrNotFound)
}

func (f *fake) AddFollower(context.Context, int64, int64, time.Time, string) error { return nil }

// RepairsOf implements repair.Store (typed commands on a hazard's
// repair): the repairs someone reported or works on, unclosed first.
func (f *fake) RepairsOf(_ context.Context, staffID int64, closedSince time.Time, limit int) ([]repair.Repair, error) {
	var out []repair.Repair
	for _, r := range f.repairs {
		if (r.ReporterID == staffID || r.WorkerID == staffID) && (slices.Contains(repair.UnclosedStatuses, r.Status) || r.ClosedAt.After(closedSince)) {
			out = append(out, r)
		}
	}
	return out[:min(limit, len(out))], nil
}

// RepairsWaiting implements repair.Store: a school's open repairs due by
// until or urgent, and its done ones finished by doneBefore.
func (f *fake) RepairsWaiting(_ context.Context, schoolID int64, until, doneBefore time.Time) ([]repair.Repair, error) {
	var out []repair.Repair
	for _, r := range f.repairs {
		if r.SchoolID == schoolID && (r.Status.Open() && (!r.DueAt.After(until) || r.Tier == repair.TierUrgent) ||
			r.Status == repair.RepairDone && !r.DoneAt.After(doneBefore)) {
			out = append(out, r)
		}
	}
	return out, nil
}

// RepairsAwaitingDecision implements repair.Store: a school's repairs a
// worker could not fix (修不好), waiting for a leader's decision, so that a
// leader's 「我的」 in these transcripts lists them as serve does.
func (f *fake) RepairsAwaitingDecision(_ context.Context, schoolID int64, _ time.Time, limit int) ([]repair.Repair, error) {
	var out []repair.Repair
	for _, r := range f.repairs {
		if r.SchoolID == schoolID && r.Status == repair.RepairBlocked {
			out = append(out, r)
		}
	}
	return out[:min(limit, len(out))], nil
}

// FollowerReport implements repair.Store: none are kept, so a hazard
// merged into a repair already open (repair.File) has no report before.
func (f *fake) FollowerReport(context.Context, int64, int64) (string, error) {
	return "", flows.ErrNotFound
}

// RemoveFollower implements repair.Store: none are kept.
func (f *fake) RemoveFollower(context.Context, int64, int64) error { return nil }

// Followers implements repair.Store: none are kept.
func (f *fake) Followers(context.Context, int64) ([]int64, error) { return nil, nil }

// AddPlace implements repair.Store (加入地点表 on a hazard's repair at
// a place not in the table): added, or made active again.
func (f *fake) AddPlace(_ context.Context, schoolID int64, building, room string) (flows.Location, error) {
	for i, l := range f.Places {
		if l.SchoolID == schoolID && l.Building == building && l.Room == room {
			f.Places[i].Active = true
			return f.Places[i], nil
		}
	}
	return f.AddLocation(flows.Location{SchoolID: schoolID, Building: building, Room: room}), nil
}

// OtherLocation implements repair.Store: a building's 其他地点, found or
// added inactive, for a hazard's repair at a place not in the table.
func (f *fake) OtherLocation(_ context.Context, schoolID int64, building string) (flows.Location, error) {
	for _, l := range f.Places {
		if l.SchoolID == schoolID && l.Building == building && l.Room == repair.OtherRoom {
			return l, nil
		}
	}
	l := f.AddLocation(flows.Location{SchoolID: schoolID, Building: building, Room: repair.OtherRoom})
	f.Places[len(f.Places)-1].Active = false
	l.Active = false
	return l, nil
}

func (f *fake) RouteCandidates(_ context.Context, schoolID int64, trade flows.Trade, _ string, _ time.Time) ([]repair.RouteCandidate, error) {
	name, ok := f.routes[trade]
	if !ok {
		return nil, nil
	}
	s, err := f.StaffNamed(name)
	if err != nil {
		return nil, err
	}
	return []repair.RouteCandidate{{StaffID: s.ID, Name: s.Name, Priority: 1}}, nil
}

// UpdateRepair implements repair.Store: the repair as given.
func (f *fake) UpdateRepair(_ context.Context, r repair.Repair, _ repair.RepairEvent) error {
	for i := range f.repairs {
		if f.repairs[i].ID == r.ID {
			// As the trigger repair_transition (00008) and repair's own
			// fake: a finished repair keeping its status (a rating after
			// the sign-off) may change, but not its worker or due time.
			old := f.repairs[i]
			if old.Status == r.Status && !old.Status.Open() && (old.WorkerID != r.WorkerID || !old.DueAt.Equal(r.DueAt)) ||
				old.Status != r.Status && !repair.CanMove(old.Status, r.Status) {
				return fmt.Errorf("fake: repair %s: %s -> %s: %w", r.Ref, f.repairs[i].Status, r.Status, flows.ErrIllegalTransition)
			}
			f.repairs[i] = r
			return nil
		}
	}
	return fmt.Errorf("fake: repair %d: %w", r.ID, flows.ErrNotFound)
}

// finishRepair marks a linked repair done, as its worker's 完成 would.
func (f *fake) finishRepair(id int64, at time.Time, photo string) {
	for i, r := range f.repairs {
		if r.ID == id {
			f.repairs[i].Status, f.repairs[i].DoneAt, f.repairs[i].DonePhoto = repair.RepairDone, at, photo
		}
	}
}
