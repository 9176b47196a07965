package digest

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
)

// The daily digest (日报): one message each morning to the principal, the
// 分管领导 and the 总务主任 about the day before, and a full page behind a
// signed link.
//
// What a digest of day D means (decisions written down here because every
// number in it depends on them):
//
//   - D is the school's local calendar day [00:00, 24:00) in its zone.
//   - Every figure is computed as of the end of D (the cut; or AsOf when the
//     digest of today is asked for during the day): only what was recorded
//     before the cut counts, and the state of a repair is the state it had
//     at the cut. A past day's digest is reproducible: repairs reported,
//     closed, deferred, reassigned or rated after D change nothing in it.
//   - Activity counts describe D: repairs reported on D (reported_at), repairs
//     completed on D (a "done" event on D, so a repair finished and then sent
//     back still counts as the work done that day), reopens on D (没修好 events).
//   - Compliance judges every due time that fell on D and was still the
//     repair's due time when it came (a due time a leader moved before it
//     came is not judged; one that passed with the repair open — escalated
//     as overdue that night — is late on D even if a leader defers the repair
//     later): on time when the repair was done by then — finishing exactly at
//     the due minute is on time. Cancelled repairs are left out.
//   - Average rating and median time to fix (done_at − reported_at) are over
//     the repairs finished on D, with the ratings given by the cut.
//   - State (still open, overdue and by how long, waiting for a leader,
//     per-worker load) is the state at the cut: midnight for the digest sent
//     the next morning.
//   - The canteen section lists the meals the calendar (flows/canteen,
//     Calendar) serves on D and any meal with a record.

// Digest is one school's digest of one day.
type Digest struct {
	School flows.School
	Day    time.Time // local midnight starting the day
	AsOf   time.Time // every figure is as of this instant: the day's end, or earlier for today
	// Repairs is always present.
	Repairs RepairDigest
	// Gate and Canteen are nil when this installation records no visits or
	// samples yet; the page and the text then say 暂无数据.
	Gate    *GateDigest
	Canteen *CanteenDigest
	// Safety is nil when the store does not record safety checks.
	Safety *inspection.DaySafety
	// Hazards is the hazards found on the day (nil with Safety): the
	// principal hears of a 紧急 hazard found and closed the same day, which
	// Safety's open count no longer shows (user test 26).
	Hazards *HazardDay
	// Series is the last SeriesDays days ending with Day, for the page's charts.
	Series []DayPoint
}

// SeriesDays is how many days the digest page charts.
const SeriesDays = 14

// RepairDigest is the repair section of a digest.
type RepairDigest struct {
	Reported  int // reported on the day
	Completed int // completed (marked done) on the day
	Open      int // still open at AsOf (assigned, accepted, blocked, deferred)

	SmallDue, SmallOnTime int // small repairs due on the day, finished by due (小修不隔夜)
	LargeDue, LargeOnTime int // large repairs due on the day, finished by due (大修不隔天)
	UrgentDue             int // urgent repairs (紧急/安全隐患) due on the day
	UrgentOnTime          int // ... finished by due

	Overdue   []OverdueRepair // open and past due at AsOf, most late first
	Escalated []OverdueRepair // 修不好, waiting for a leader's decision
	Reopens   int             // sent back by the reporter (没修好) on the day

	Rated      int     // repairs finished on the day that carry a rating
	RatingAvg  float64 // their average rating, 1–5
	MedianFix  time.Duration
	FixSamples int // repairs the median is over

	Workers []WorkerLoad
}

// OverdueRepair is one line of the overdue or waiting-for-a-leader list.
type OverdueRepair struct {
	Ref      string
	Location string
	Item     string // the item, or the description when no item was recognised
	Worker   string
	Status   repair.RepairStatus
	DueAt    time.Time
	Late     time.Duration // AsOf − DueAt; ≤ 0 when not yet due
	Reason   string        // 修不好 reason, for escalations
	Urgent   bool          // 紧急/安全隐患
}

// WorkerLoad is one maintenance worker's line.
type WorkerLoad struct {
	Name      string
	Completed int // on the day
	Open      int // at AsOf
	Overdue   int // at AsOf
}

// GateDigest is the gate (来访登记) section.
type GateDigest struct {
	VisitorsIn   int // visitors who came in on the day
	StillInside  int // not signed out by gate closing time
	HostRefusals int // hosts who said they expected nobody
	KeptAtGate   int // people the host kept at the gate (留在门卫: left a parcel, met there); neither in nor refused
	WatchHits    int // visitors matching the watch list
}

// CanteenDigest is the canteen (留样, 陪餐) section.
type CanteenDigest struct {
	Meals        []MealCheck
	Violations   int // samples under weight or outside the fridge range
	DisposalsDue int // samples whose retention ends on the digest's morning-after day
	// DisposedEarly counts samples thrown away before their 48 hours, told
	// on the day (recorded as early, migration 00045): the director hears
	// of a rule broken, as of a violation.
	DisposedEarly int
}

// HazardDay is the hazards found on the day, each in its state at AsOf.
//
// The state is read from the hazard as stored (its status and the times
// of its last fix and re-check), so a hazard fixed or re-checked after
// AsOf counts as it was before; Reopens, which has no times, is counted as
// of the build (the morning digest is built hours after the day's end, a
// re-check between midnight and then is rare).
type HazardDay struct {
	Found    int // found on the day
	Serious  int // of them, 重大 or 紧急
	Closed   int // 复查通过 by AsOf
	Fixed    int // 整改完成, waiting for the re-check at AsOf
	Open     int // 待整改 at AsOf
	Reopened int // 复查不通过, times, over the day's hazards
	// Listed is the day's 重大 and 紧急 hazards, by time found, each with
	// its status at AsOf.
	Listed []inspection.Hazard
}

// hazardsOfDay reads the hazards found in [from, to) as of asOf.
func hazardsOfDay(ctx context.Context, rs inspection.ReportStore, s flows.School, from, to, asOf time.Time) (*HazardDay, error) {
	found, err := rs.HazardsFound(ctx, s.ID, from, to)
	if err != nil {
		return nil, err
	}
	hd := &HazardDay{}
	for _, h := range found {
		if h.FoundAt.After(asOf) {
			continue
		}
		switch {
		case h.Status == inspection.HazardClosed && !h.RecheckedAt.After(asOf):
			hd.Closed++
		case h.Status != inspection.HazardOpen && !h.FixedAt.IsZero() && !h.FixedAt.After(asOf):
			h.Status = inspection.HazardFixed
			hd.Fixed++
		default:
			h.Status = inspection.HazardOpen
			hd.Open++
		}
		hd.Found++
		hd.Reopened += h.Reopens
		if h.Level.Serious() {
			hd.Serious++
			hd.Listed = append(hd.Listed, h)
		}
	}
	return hd, nil
}

// MealCheck is one meal served on the day.
type MealCheck struct {
	Meal        string // breakfast, lunch, dinner, snack
	Sampled     bool   // a sample record exists
	Accompanied bool   // 陪餐 recorded
}

// DayPoint is one day of the page's charts. Visitors and MealsComplete are
// -1 when that part of houqin records nothing yet.
type DayPoint struct {
	Day                   time.Time
	Opened, Finished      int
	SmallDue, SmallOnTime int
	Visitors              int
	Meals, MealsComplete  int
}

// Pct is a whole percentage, or -1 when there is nothing to divide.
func Pct(n, of int) int {
	if of == 0 {
		return -1
	}
	return (n*100 + of/2) / of
}

// Quiet reports whether nothing happened and nothing waits: the digest is
// one line, 一切正常.
func (d Digest) Quiet() bool {
	r := d.Repairs
	if r.Reported+r.Completed+r.Open+r.SmallDue+r.LargeDue+r.Reopens+len(r.Overdue)+len(r.Escalated) > 0 {
		return false
	}
	if g := d.Gate; g != nil && g.VisitorsIn+g.StillInside+g.HostRefusals+g.KeptAtGate+g.WatchHits > 0 {
		return false
	}
	if c := d.Canteen; c != nil && (len(c.Meals) > 0 || c.Violations+c.DisposalsDue+c.DisposedEarly > 0) {
		return false
	}
	if s := d.Safety; s != nil && s.Due+s.Open > 0 {
		return false
	}
	if h := d.Hazards; h != nil && h.Found > 0 {
		return false
	}
	return true
}

// Store is the store side of the digest: aggregates computed in the database.
type Store interface {
	// RepairDigest computes the repair section of a school's digest for the
	// day [from, to), as of the earlier of to and asOf (see the definitions
	// above).
	RepairDigest(ctx context.Context, schoolID int64, from, to, asOf time.Time) (RepairDigest, error)
	// DigestSeries returns one point per local day of the school's zone from
	// the day starting at first through the day starting at last, each day
	// as of its own end (or asOf, when earlier).
	DigestSeries(ctx context.Context, s flows.School, first, last, asOf time.Time) ([]DayPoint, error)
	// GateDigest computes the gate section as of the earlier of to and asOf,
	// or returns nil when visits are not recorded by this installation.
	GateDigest(ctx context.Context, s flows.School, from, to, asOf time.Time) (*GateDigest, error)
	// CanteenDigest computes the canteen section as of the earlier of to and
	// asOf, or returns nil when samples are not recorded by this installation.
	CanteenDigest(ctx context.Context, s flows.School, from, to, asOf time.Time) (*CanteenDigest, error)
}

// DayStart returns local midnight of t's day in loc.
func DayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// BuildDigest computes a school's digest of the local day starting at day
// (any instant of that day will do), as of the end of that day, or asOf
// when that is earlier. With series it also computes the chart series (the
// page needs it, the chat message does not).
func BuildDigest(ctx context.Context, q Store, s flows.School, day, asOf time.Time, series bool) (Digest, error) {
	loc := s.Location()
	from := DayStart(day, loc)
	to := from.AddDate(0, 0, 1)
	if asOf.After(to) {
		asOf = to
	}
	d := Digest{School: s, Day: from, AsOf: asOf}
	var err error
	if d.Repairs, err = q.RepairDigest(ctx, s.ID, from, to, asOf); err != nil {
		return d, err
	}
	if d.Gate, err = q.GateDigest(ctx, s, from, to, asOf); err != nil {
		return d, err
	}
	if d.Canteen, err = q.CanteenDigest(ctx, s, from, to, asOf); err != nil {
		return d, err
	}
	// Safety checks are an optional part of the store, like a driver's
	// optional interfaces: a store that records them gets the line.
	if rs, ok := q.(inspection.ReportStore); ok {
		sd, err := inspection.SafetyOfDay(ctx, rs, s, from, to, asOf)
		if err != nil {
			return d, err
		}
		d.Safety = &sd
		if d.Hazards, err = hazardsOfDay(ctx, rs, s, from, to, asOf); err != nil {
			return d, err
		}
	}
	if series {
		if d.Series, err = q.DigestSeries(ctx, s, from.AddDate(0, 0, -(SeriesDays-1)), from, asOf); err != nil {
			return d, err
		}
	}
	return d, nil
}

// DigestLink makes the signed link to a school's digest page of a day; ""
// when the web page is not configured.
type DigestLink func(s flows.School, day time.Time) string

// DigestRecipients are the roles that get the digest.
var DigestRecipients = []flows.Role{flows.RolePrincipal, flows.RoleLeader, flows.RoleHead}

// digestTick sends each school's digest of yesterday at its DigestAt time,
// once per person per day: the claim key is school, day and person, taken
// in the same transaction as the outbox row, so two instances or a restart
// never send twice, and a server that was down at 07:00 sends it when it
// comes back the same day.
func digestTick(t *flows.Turn, link DigestLink, district DistrictLink) error {
	loc := t.School.Location()
	local := t.Now.In(loc)
	if flows.Clock(local.Hour()*60+local.Minute()) < t.School.Settings.DigestAt {
		return nil
	}
	day := DayStart(local, loc).AddDate(0, 0, -1)
	staff, err := digestRecipients(t)
	if err != nil {
		return err
	}
	if t.School.Settings.DistrictOffice {
		return districtTick(t, day, staff, district)
	}
	var d Digest
	return sendEach(t, staff, func(st int64) string { return digestKey(t.School.ID, day, st) }, func() (err error) {
		d, err = BuildDigest(t.Ctx, db(t), t.School, day, t.Now, false)
		return err
	}, func(st int64) flows.Notification { return digestNotification(d, st, link) })
}

// sendEach queues a notification to each of staff who has not had it yet
// (claimed by key, in the notification's transaction). build computes
// what it says, once, and only when someone still needs it: after the
// morning's sends every later tick is a few claim lookups.
func sendEach(t *flows.Turn, staff []flows.Staff, key func(staffID int64) string, build func() error, to func(staffID int64) flows.Notification) error {
	built := false
	for _, st := range staff {
		ok, err := t.Tx.ClaimJob(t.Ctx, key(st.ID), t.Now)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if !built {
			if err := build(); err != nil {
				return fmt.Errorf("digest: %w", err)
			}
			built = true
		}
		if err := t.Notify(to(st.ID)); err != nil {
			return err
		}
	}
	return nil
}

// Kind is the digest's notification kind (flows.Notification.Kind), the
// key of its channel templates.
const Kind = "digest"

// claimPrefix and refPrefix begin the digest's job claims and its
// notifications' refs. Both are stored (claims, outbox rows), so they
// never change.
const (
	claimPrefix = "digest"
	refPrefix   = "digest"
)

// digestKey is the claim of one person's digest of one school's day.
func digestKey(schoolID int64, day time.Time, staffID int64) string {
	return claimPrefix + ":" + strconv.FormatInt(schoolID, 10) + ":" + day.Format(time.DateOnly) + ":" + strconv.FormatInt(staffID, 10)
}

func digestNotification(d Digest, to int64, link DigestLink) flows.Notification {
	n := flows.Notification{SchoolID: d.School.ID, ToStaff: to, Kind: Kind, Ref: refPrefix + ":" + d.Day.Format(time.DateOnly), Text: DigestText(d)}
	if link != nil {
		n.Link = link(d.School, d.Day)
	}
	return n
}

// digestRecipients lists the school's active principals, leaders and heads, once each.
func digestRecipients(t *flows.Turn) ([]flows.Staff, error) {
	var out []flows.Staff
	seen := map[int64]bool{}
	for _, role := range DigestRecipients {
		staff, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, role)
		if err != nil {
			return nil, err
		}
		for _, st := range staff {
			if !seen[st.ID] {
				seen[st.ID] = true
				out = append(out, st)
			}
		}
	}
	return out, nil
}

// SendDigest queues d to every recipient now (houqin digest --send): a
// deliberate resend, so it ignores earlier sends, but it takes the day's
// claims so the scheduler does not send the same digest again. It returns
// how many people it queued.
func SendDigest(ctx context.Context, tx flows.Tx, d Digest, link DigestLink, now time.Time) (int, error) {
	t := &flows.Turn{Ctx: ctx, Tx: tx, Now: now, School: d.School}
	staff, err := digestRecipients(t)
	if err != nil {
		return 0, err
	}
	for _, st := range staff {
		if _, err := tx.ClaimJob(ctx, digestKey(d.School.ID, d.Day, st.ID), now); err != nil {
			return 0, err
		}
		if err := t.Notify(digestNotification(d, st.ID, link)); err != nil {
			return 0, err
		}
	}
	return len(staff), nil
}

// db is the transaction of t as this capability's Store.
func db(t *flows.Turn) Store { return flows.StoreOf[Store](t) }
