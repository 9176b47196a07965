package repair

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// fakeStore is an in-memory Store with the semantics of store/repair.go:
// the same filters and orderings, the state machine of the trigger, and
// names (location, reporter, worker) read from the directory on every
// load, as the store's joins do. It reads the directory from core.
type fakeStore struct {
	core      *flowtest.Core
	repairs   []Repair // by id; repairs[i].ID == i+1
	events    []RepairEvent
	followers []follower
	counters  map[string]int // school and local day → last number
	routes    []fakeRoute
	duty      []fakeDuty
	aways     []Away
	awayIDs   int64
	hazards   []HazardBrief // open, seeded by a transcript's setup
}

type follower struct {
	repairID, staffID int64
	at                time.Time
	report            string
}

type fakeRoute struct {
	schoolID int64
	trade    flows.Trade
	building string
	workerID int64
	priority int
}

type fakeDuty struct {
	schoolID, staffID int64
	trade             flows.Trade
	starts, ends      time.Time
	note              string
}

func newFakeStore(core *flowtest.Core) *fakeStore {
	return &fakeStore{core: core, counters: map[string]int{}}
}

var _ Store = (*fakeStore)(nil)
var _ AwayStore = (*fakeStore)(nil)

// AddAway implements AwayStore.
func (f *fakeStore) AddAway(ctx context.Context, schoolID, staffID int64, starts, ends time.Time, note string) (int64, error) {
	s, err := f.core.StaffByID(ctx, staffID)
	if err != nil {
		return 0, err
	}
	f.awayIDs++
	f.aways = append(f.aways, Away{ID: f.awayIDs, SchoolID: schoolID, StaffID: staffID, Name: s.Name, Starts: starts, Ends: ends, Note: note})
	return f.awayIDs, nil
}

// EndAway implements AwayStore.
func (f *fakeStore) EndAway(_ context.Context, staffID int64, at time.Time) (int, error) {
	n := 0
	for i, a := range f.aways {
		if a.StaffID == staffID && a.Starts.Before(at) && a.Ends.After(at) {
			f.aways[i].Ends = at
			n++
		}
	}
	return n, nil
}

// Aways implements AwayStore.
func (f *fakeStore) Aways(_ context.Context, schoolID int64, since time.Time) ([]Away, error) {
	var out []Away
	for _, a := range f.aways {
		if a.SchoolID == schoolID && a.Ends.After(since) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b Away) int { return a.Starts.Compare(b.Starts) })
	return out, nil
}

// away reports whether staffID is away at at.
func (f *fakeStore) away(staffID int64, at time.Time) bool {
	return slices.ContainsFunc(f.aways, func(a Away) bool { return a.StaffID == staffID && !at.Before(a.Starts) && at.Before(a.Ends) })
}

// addRoute routes repairs of trade in building ("" = every building) to worker.
func (f *fakeStore) addRoute(schoolID int64, trade flows.Trade, building string, worker flows.Staff, priority int) {
	f.routes = append(f.routes, fakeRoute{schoolID, trade, building, worker.ID, priority})
}

// addDuty puts a staff member on the duty roster for trade ("" = every trade).
func (f *fakeStore) addDuty(schoolID int64, s flows.Staff, trade flows.Trade, starts, ends time.Time, note string) {
	f.duty = append(f.duty, fakeDuty{schoolID, s.ID, trade, starts, ends, note})
}

// NextRepairRef implements Store.
func (f *fakeStore) NextRepairRef(_ context.Context, schoolID int64, day time.Time) (string, error) {
	k := fmt.Sprintf("%d/%s", schoolID, day.Format("2006-01-02"))
	f.counters[k]++
	return fmt.Sprintf("BX-%s-%03d", day.Format("20060102"), f.counters[k]), nil
}

// CreateNumbered implements Store, as the two steps it stands for.
func (f *fakeStore) CreateNumbered(ctx context.Context, r *Repair, day time.Time, ev RepairEvent) error {
	ref, err := f.NextRepairRef(ctx, r.SchoolID, day)
	if err != nil {
		return err
	}
	r.Ref = ref
	return f.CreateRepair(ctx, r, ev)
}

// CreateRepair implements Store.
func (f *fakeStore) CreateRepair(_ context.Context, r *Repair, ev RepairEvent) error {
	for _, x := range f.repairs {
		if x.SchoolID == r.SchoolID && x.Ref == r.Ref {
			return fmt.Errorf("fake: create repair %s: %w", r.Ref, flows.ErrConflict)
		}
	}
	r.ID = int64(len(f.repairs) + 1)
	stored := *r
	stored.Tier = ParseTier(string(r.Tier))
	stored.LocationName, stored.ReporterName, stored.WorkerName = "", "", ""
	f.repairs = append(f.repairs, stored)
	ev.RepairID = r.ID
	f.events = append(f.events, ev)
	return nil
}

// load returns repair id with the names the store joins in.
func (f *fakeStore) load(id int64) (Repair, bool) {
	if id < 1 || id > int64(len(f.repairs)) {
		return Repair{}, false
	}
	r := f.repairs[id-1]
	ctx := context.Background()
	if l, err := f.core.LocationByID(ctx, r.LocationID); err == nil {
		r.LocationName = l.Building + l.Room
		if r.PlaceText != "" {
			r.LocationName += "：" + r.PlaceText
		}
	}
	if s, err := f.core.StaffByID(ctx, r.ReporterID); err == nil {
		r.ReporterName = s.Name
	}
	if s, err := f.core.StaffByID(ctx, r.WorkerID); err == nil {
		r.WorkerName = s.Name
	}
	return r, true
}

// Repair implements Store.
func (f *fakeStore) Repair(_ context.Context, id int64) (Repair, error) {
	r, ok := f.load(id)
	if !ok {
		return Repair{}, fmt.Errorf("fake: repair %d: %w", id, flows.ErrNotFound)
	}
	return r, nil
}

// UpdateRepair implements Store: it writes the columns the store's UPDATE
// writes and refuses what the trigger refuses.
func (f *fakeStore) UpdateRepair(_ context.Context, r Repair, ev RepairEvent) error {
	if r.ID < 1 || r.ID > int64(len(f.repairs)) {
		return fmt.Errorf("fake: update repair %s: %w", r.Ref, flows.ErrNotFound)
	}
	old := &f.repairs[r.ID-1]
	if err := triggerAllows(*old, r); err != nil {
		return err
	}
	old.Trade, old.Item, old.Description, old.Photo, old.Tier, old.Status = r.Trade, r.Item, r.Description, r.Photo, ParseTier(string(r.Tier)), r.Status
	old.LocationID, old.PlaceText = r.LocationID, r.PlaceText
	old.WorkerID, old.RouteReason, old.DueAt, old.AcceptedAt, old.DoneAt, old.ClosedAt = r.WorkerID, r.RouteReason, r.DueAt, r.AcceptedAt, r.DoneAt, r.ClosedAt
	old.DonePhoto, old.Cause, old.DamageNote, old.BlockedReason, old.Recommendation = r.DonePhoto, r.Cause, r.DamageNote, r.BlockedReason, r.Recommendation
	old.Decision, old.Reopens, old.Rating, old.RatingComment, old.AutoConfirmed = r.Decision, r.Reopens, r.Rating, r.RatingComment, r.AutoConfirmed
	ev.RepairID = r.ID
	f.events = append(f.events, ev)
	return nil
}

// triggerAllows is the trigger repair_transition (00008): a change of
// status must be in the transition table, and keeping its status a
// finished repair takes no new worker or due time. store's
// TestTransitionTableMatchesTrigger proves that is CanMove, pair by pair.
func triggerAllows(old, r Repair) error {
	if old.Status == r.Status {
		if !old.Status.Open() && (old.WorkerID != r.WorkerID || !old.DueAt.Equal(r.DueAt)) {
			return fmt.Errorf("fake: repair %s is %s: %w", old.Ref, old.Status, flows.ErrIllegalTransition)
		}
		return nil
	}
	if !CanMove(old.Status, r.Status) {
		return fmt.Errorf("fake: repair %s: %s -> %s: %w", old.Ref, old.Status, r.Status, flows.ErrIllegalTransition)
	}
	return nil
}

// OpenRepairsAt implements Store: the school's open repairs at a place, by id.
func (f *fakeStore) OpenRepairsAt(_ context.Context, schoolID, locationID int64) ([]Repair, error) {
	var out []Repair
	for _, x := range f.repairs {
		if x.SchoolID == schoolID && x.LocationID == locationID && x.Status.Open() {
			r, _ := f.load(x.ID)
			out = append(out, r)
		}
	}
	return out, nil
}

// FinishedRepairsAt implements RecentReader: done or signed off at or
// after since, the latest finished first.
func (f *fakeStore) OpenHazardBriefs(context.Context, int64) ([]HazardBrief, error) {
	return slices.Clone(f.hazards), nil
}

func (f *fakeStore) FinishedRepairsAt(_ context.Context, schoolID, locationID int64, since time.Time) ([]Repair, error) {
	var out []Repair
	for _, x := range f.repairs {
		if x.SchoolID == schoolID && x.LocationID == locationID && (x.Status == RepairDone || x.Status == RepairClosed) && !x.DoneAt.Before(since) {
			r, _ := f.load(x.ID)
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Repair) int {
		if c := b.DoneAt.Compare(a.DoneAt); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	return out[:min(len(out), RecentLimit)], nil
}

// OpenFaultsAt implements FaultReader, from OpenRepairsAt, so that the
// conversation tests check duplicates as a confirmation on PostgreSQL
// does (by the faults, then the repair that matches).
func (f *fakeStore) OpenFaultsAt(ctx context.Context, schoolID, locationID int64) ([]Fault, error) {
	rs, err := f.OpenRepairsAt(ctx, schoolID, locationID)
	out := make([]Fault, len(rs))
	for i, r := range rs {
		out[i] = Fault{ID: r.ID, Trade: r.Trade, Tier: r.Tier, Item: r.Item, Description: r.Description, PlaceText: r.PlaceText}
	}
	return out, err
}

// AddFollower implements Store: nothing for an unknown repair, nothing
// twice (the first report kept).
func (f *fakeStore) AddFollower(_ context.Context, repairID, staffID int64, at time.Time, report string) error {
	if _, ok := f.load(repairID); !ok {
		return nil
	}
	for _, x := range f.followers {
		if x.repairID == repairID && x.staffID == staffID {
			return nil
		}
	}
	f.followers = append(f.followers, follower{repairID, staffID, at, report})
	return nil
}

// FollowerReport implements Store.
func (f *fakeStore) FollowerReport(_ context.Context, repairID, staffID int64) (string, error) {
	for _, x := range f.followers {
		if x.repairID == repairID && x.staffID == staffID {
			return x.report, nil
		}
	}
	return "", fmt.Errorf("fake: follower report: %w", flows.ErrNotFound)
}

// RemoveFollower implements Store.
func (f *fakeStore) RemoveFollower(_ context.Context, repairID, staffID int64) error {
	f.followers = slices.DeleteFunc(f.followers, func(x follower) bool { return x.repairID == repairID && x.staffID == staffID })
	return nil
}

// OtherLocation implements Store: found or added, inactive.
func (f *fakeStore) OtherLocation(_ context.Context, schoolID int64, building string) (flows.Location, error) {
	for _, l := range f.core.Places {
		if l.SchoolID == schoolID && l.Building == building && l.Room == OtherRoom {
			return l, nil
		}
	}
	l := f.core.AddLocation(flows.Location{SchoolID: schoolID, Building: building, Room: OtherRoom})
	f.core.Places[len(f.core.Places)-1].Active = false
	l.Active = false
	return l, nil
}

// AddPlace implements Store: added, or made active again.
func (f *fakeStore) AddPlace(_ context.Context, schoolID int64, building, room string) (flows.Location, error) {
	for i, l := range f.core.Places {
		if l.SchoolID == schoolID && l.Building == building && l.Room == room {
			f.core.Places[i].Active = true
			return f.core.Places[i], nil
		}
	}
	return f.core.AddLocation(flows.Location{SchoolID: schoolID, Building: building, Room: room}), nil
}

// RepairsAwaitingDecision implements Store: blocked, or open and due
// before now; by due time and id.
func (f *fakeStore) RepairsAwaitingDecision(_ context.Context, schoolID int64, now time.Time, limit int) ([]Repair, error) {
	var out []Repair
	for _, x := range f.repairs {
		if x.SchoolID == schoolID && x.Status.Open() && (x.Status == RepairBlocked || x.DueAt.Before(now)) {
			r, _ := f.load(x.ID)
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Repair) int { return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID)) })
	return out[:min(limit, len(out))], nil
}

// Followers implements Store, in the order they were added.
func (f *fakeStore) Followers(_ context.Context, repairID int64) ([]int64, error) {
	fs := slices.Clone(f.followers)
	slices.SortStableFunc(fs, func(a, b follower) int { return a.at.Compare(b.at) })
	var ids []int64
	for _, x := range fs {
		if x.repairID == repairID {
			ids = append(ids, x.staffID)
		}
	}
	return ids, nil
}

// RouteCandidates implements Store: the duty roster at time at, then the
// routes of trade for building or the whole school; active staff only,
// each with the jobs in hand (assigned, accepted or deferred), by staff id.
func (f *fakeStore) RouteCandidates(ctx context.Context, schoolID int64, trade flows.Trade, building string, at time.Time) ([]RouteCandidate, error) {
	var cs []RouteCandidate
	for _, d := range f.duty {
		if d.schoolID == schoolID && (d.trade == "" || d.trade == trade) && !at.Before(d.starts) && at.Before(d.ends) {
			cs = append(cs, RouteCandidate{StaffID: d.staffID, OnDuty: true, DutyNote: d.note})
		}
	}
	for _, r := range f.routes {
		if r.schoolID == schoolID && r.trade == trade && (r.building == "" || r.building == building) {
			cs = append(cs, RouteCandidate{StaffID: r.workerID, Building: r.building, Priority: r.priority})
		}
	}
	var out []RouteCandidate
	for _, c := range cs {
		s, err := f.core.StaffByID(ctx, c.StaffID)
		if err != nil || !s.Active || f.away(c.StaffID, at) {
			continue
		}
		c.Name = s.Name
		for _, x := range f.repairs {
			if x.WorkerID == c.StaffID && slices.Contains(InHandStatuses, x.Status) && c.OpenJobs < LoadCap {
				c.OpenJobs++
			}
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b RouteCandidate) int { return cmp.Compare(a.StaffID, b.StaffID) })
	return out, nil
}

// RepairsOf implements Store: the repairs a staff member reported, works
// on or follows, unless closed by closedSince; unclosed first, then by
// due time (and id), at most limit.
func (f *fakeStore) RepairsOf(_ context.Context, staffID int64, closedSince time.Time, limit int) ([]Repair, error) {
	var out []Repair
	for _, x := range f.repairs {
		mine := x.ReporterID == staffID || x.WorkerID == staffID ||
			slices.ContainsFunc(f.followers, func(fl follower) bool { return fl.repairID == x.ID && fl.staffID == staffID })
		if !mine || !slices.Contains(UnclosedStatuses, x.Status) && !x.ClosedAt.After(closedSince) {
			continue
		}
		r, _ := f.load(x.ID)
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Repair) int {
		ua, ub := slices.Contains(UnclosedStatuses, a.Status), slices.Contains(UnclosedStatuses, b.Status)
		if ua != ub {
			if ua {
				return -1
			}
			return 1
		}
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(limit, len(out))], nil
}

// RepairsWaiting implements Store: a school's open repairs due by until,
// its open urgent ones, and its done ones finished by doneBefore, by id.
func (f *fakeStore) RepairsWaiting(_ context.Context, schoolID int64, until, doneBefore time.Time) ([]Repair, error) {
	var out []Repair
	for _, x := range f.repairs {
		if x.SchoolID != schoolID {
			continue
		}
		if x.Status.Open() && (!x.DueAt.After(until) || x.Tier == TierUrgent) || x.Status == RepairDone && !x.DoneAt.After(doneBefore) {
			r, _ := f.load(x.ID)
			out = append(out, r)
		}
	}
	return out, nil
}

// RepairEvents returns a repair's events, oldest first, as store.Tx does.
func (f *fakeStore) RepairEvents(_ context.Context, repairID int64) ([]RepairEvent, error) {
	var out []RepairEvent
	for _, e := range f.events {
		if e.RepairID == repairID {
			out = append(out, e)
		}
	}
	return out, nil
}

// RepairsReported implements ReportedReader: a school's repairs reported
// in [from, to), by id.
func (f *fakeStore) RepairsReported(_ context.Context, schoolID int64, from, to time.Time) ([]Repair, error) {
	var out []Repair
	for _, x := range f.repairs {
		if x.SchoolID == schoolID && !x.ReportedAt.Before(from) && x.ReportedAt.Before(to) {
			r, _ := f.load(x.ID)
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
