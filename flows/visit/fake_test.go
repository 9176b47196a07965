package visit

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// fakeStore is an in-memory Store that behaves as store/visit.go does on
// PostgreSQL: the same filters and orders, the staff names joined in on
// every read, the transition trigger (ErrIllegalTransition), the columns
// an insert or an update writes and no others, events silently dropped
// for an unknown visit (INSERT ... SELECT), and the purge's masking rules.
// Like flowtest.Core it never rolls back.
type fakeStore struct {
	core   *flowtest.Core
	visits []Visit // visits[i].ID == i+1
	events []VisitEvent
	watch  []WatchEntry
	alerts []WatchAlert // alerts[i].ID == i+1
}

// CreateWatchAlert implements Store.
func (f *fakeStore) CreateWatchAlert(ctx context.Context, a *WatchAlert) error {
	if _, err := f.core.StaffByID(ctx, a.GuardID); err != nil || a.SchoolID == 0 {
		return fmt.Errorf("fake: create watch alert: %w", flows.ErrInvalid)
	}
	a.ID = int64(len(f.alerts) + 1)
	f.alerts = append(f.alerts, *a)
	return nil
}

// WatchAlert implements Store.
func (f *fakeStore) WatchAlert(_ context.Context, id int64) (WatchAlert, error) {
	if id < 1 || id > int64(len(f.alerts)) {
		return WatchAlert{}, fmt.Errorf("fake: watch alert %d: %w", id, flows.ErrNotFound)
	}
	return f.alerts[id-1], nil
}

// LatestWatchAlert implements Store.
func (f *fakeStore) LatestWatchAlert(_ context.Context, schoolID int64, since time.Time) (WatchAlert, error) {
	for i := len(f.alerts) - 1; i >= 0; i-- {
		if a := f.alerts[i]; a.SchoolID == schoolID && !a.At.Before(since) {
			return a, nil
		}
	}
	return WatchAlert{}, fmt.Errorf("fake: latest watch alert: %w", flows.ErrNotFound)
}

// UpdateWatchAlert implements Store.
func (f *fakeStore) UpdateWatchAlert(_ context.Context, a WatchAlert) error {
	if a.ID < 1 || a.ID > int64(len(f.alerts)) {
		return fmt.Errorf("fake: watch alert %d: %w", a.ID, flows.ErrNotFound)
	}
	x := &f.alerts[a.ID-1]
	x.VisitID, x.SaidBy, x.SaidAt = a.VisitID, a.SaidBy, a.SaidAt
	return nil
}

var _ Store = (*fakeStore)(nil)

// withNames is the visit as visitSelect reads it: the guard's and the
// host's names joined from staff, and no slice shared with the fake.
func (f *fakeStore) withNames(v Visit) Visit {
	if g, err := f.core.StaffByID(context.Background(), v.GuardID); err == nil {
		v.GuardName = g.Name
	}
	if h, err := f.core.StaffByID(context.Background(), v.HostID); err == nil {
		v.HostName = h.Name
	}
	v.IDCipher = bytes.Clone(v.IDCipher)
	return v
}

func (f *fakeStore) find(id int64) (*Visit, error) {
	if id < 1 || id > int64(len(f.visits)) {
		return nil, fmt.Errorf("fake: visit %d: %w", id, flows.ErrNotFound)
	}
	return &f.visits[id-1], nil
}

// CreateVisit implements Store. It checks what the table's constraints
// check: the references, the status, the document type, the party size.
func (f *fakeStore) CreateVisit(ctx context.Context, v *Visit, ev VisitEvent) error {
	for _, id := range []int64{v.SchoolID, v.GuardID, v.HostID} {
		if id == 0 {
			return fmt.Errorf("fake: create visit: missing reference: %w", flows.ErrInvalid)
		}
	}
	if _, err := f.core.StaffByID(ctx, v.GuardID); err != nil {
		return fmt.Errorf("fake: create visit: guard: %w", flows.ErrInvalid)
	}
	if _, err := f.core.StaffByID(ctx, v.HostID); err != nil {
		return fmt.Errorf("fake: create visit: host: %w", flows.ErrInvalid)
	}
	if !slices.Contains(VisitStatuses, v.Status) || v.Party < 1 || v.Party > 200 ||
		!slices.Contains([]IDType{IDResident, IDPassport, IDHKMacau, IDHomeReturn, IDTaiwan, IDOther, IDNone}, v.IDType) ||
		v.IDType == IDNone && (v.IDCipher != nil || v.IDHash != "" || v.IDMasked != "") {
		return fmt.Errorf("fake: create visit %+v: %w", *v, flows.ErrInvalid)
	}
	v.ID = int64(len(f.visits) + 1)
	sch, err := f.core.School(ctx, v.SchoolID)
	if err != nil {
		return fmt.Errorf("fake: create visit: school: %w", flows.ErrInvalid)
	}
	day := v.ArrivedAt.In(sch.Location()).Format("20060102")
	n := 1
	for _, x := range f.visits {
		if x.SchoolID == v.SchoolID && strings.Contains(x.Ref, "-"+day+"-") {
			n++
		}
	}
	v.Ref = flows.DayRef(RefPrefix, day, n)
	f.visits = append(f.visits, Visit{
		ID: v.ID, Ref: v.Ref, SchoolID: v.SchoolID, GuardID: v.GuardID, Name: v.Name, IDType: v.IDType,
		IDCipher: bytes.Clone(v.IDCipher), IDHash: v.IDHash, IDMasked: v.IDMasked, IDNote: v.IDNote, Phone: v.Phone, Org: v.Org,
		Purpose: v.Purpose, PurposeNote: v.PurposeNote, HostID: v.HostID, Plate: v.Plate, Party: v.Party,
		Status: v.Status, ArrivedAt: v.ArrivedAt, WatchNote: v.WatchNote,
	})
	ev.VisitID = v.ID
	return f.AddVisitEvent(ctx, ev)
}

// SetIDCipher implements Store.
func (f *fakeStore) SetIDCipher(_ context.Context, id int64, sealed []byte) error {
	v, err := f.find(id)
	if err != nil {
		return err
	}
	if !v.PurgedAt.IsZero() {
		return fmt.Errorf("fake: seal visit %d: purged: %w", id, flows.ErrNotFound)
	}
	v.IDCipher = bytes.Clone(sealed)
	return nil
}

// AddVisitEvent implements Store: like INSERT ... SELECT FROM visits, an
// event for a visit that does not exist is not written, and no error.
func (f *fakeStore) AddVisitEvent(_ context.Context, ev VisitEvent) error {
	if _, err := f.find(ev.VisitID); err != nil {
		return nil
	}
	f.events = append(f.events, ev)
	return nil
}

// Visit implements Store.
func (f *fakeStore) Visit(_ context.Context, id int64) (Visit, error) {
	v, err := f.find(id)
	if err != nil {
		return Visit{}, err
	}
	return f.withNames(*v), nil
}

// UpdateVisit implements Store.
func (f *fakeStore) UpdateVisit(ctx context.Context, v Visit, ev VisitEvent) error {
	old, err := f.find(v.ID)
	if err != nil {
		return err
	}
	if !old.Status.CanMove(v.Status) {
		return fmt.Errorf("fake: visit %d: %s -> %s: %w", v.ID, old.Status, v.Status, flows.ErrIllegalTransition)
	}
	old.Status, old.DecidedAt, old.DecidedBy, old.Decision = v.Status, v.DecidedAt, v.DecidedBy, v.Decision
	old.LeftAt, old.InsideAtClose = v.LeftAt, v.InsideAtClose
	ev.VisitID = v.ID
	return f.AddVisitEvent(ctx, ev)
}

// list returns the school's visits that keep, in the order cmp gives
// (ties by id), with names joined.
func (f *fakeStore) list(schoolID int64, keep func(Visit) bool, order func(a, b Visit) int) []Visit {
	var out []Visit
	for _, v := range f.visits {
		if v.SchoolID == schoolID && keep(v) {
			out = append(out, f.withNames(v))
		}
	}
	slices.SortStableFunc(out, func(a, b Visit) int { return cmp.Or(order(a, b), cmp.Compare(a.ID, b.ID)) })
	return out
}

func byArrival(a, b Visit) int { return a.ArrivedAt.Compare(b.ArrivedAt) }
func byID(a, b Visit) int      { return cmp.Compare(a.ID, b.ID) }

// VisitsInside implements Store.
func (f *fakeStore) VisitsInside(_ context.Context, schoolID int64) ([]Visit, error) {
	return f.list(schoolID, func(v Visit) bool { return slices.Contains(InsideStatuses, v.Status) }, byArrival), nil
}

// VisitsSince implements Store.
func (f *fakeStore) VisitsSince(_ context.Context, schoolID int64, since time.Time) ([]Visit, error) {
	return f.list(schoolID, func(v Visit) bool { return !v.ArrivedAt.Before(since) }, byID), nil
}

// VisitsAwaitingHost implements Store.
func (f *fakeStore) VisitsAwaitingHost(_ context.Context, schoolID int64, before time.Time) ([]Visit, error) {
	return f.list(schoolID, func(v Visit) bool { return v.Status == VisitWaiting && !v.ArrivedAt.After(before) }, byID), nil
}

// LastVisitBy implements Store.
func (f *fakeStore) LastVisitBy(_ context.Context, schoolID int64, idHashes []string, phone string) (Visit, error) {
	vs := f.list(schoolID, func(v Visit) bool {
		return v.PurgedAt.IsZero() && (v.IDHash != "" && slices.Contains(idHashes, v.IDHash) || phone != "" && v.Phone == phone)
	}, byArrival)
	if len(vs) == 0 {
		return Visit{}, fmt.Errorf("fake: last visit: %w", flows.ErrNotFound)
	}
	return vs[len(vs)-1], nil
}

// VisitsInsideAtClose implements Store.
func (f *fakeStore) VisitsInsideAtClose(_ context.Context, schoolID int64, from, to time.Time) ([]Visit, error) {
	return f.list(schoolID, func(v Visit) bool {
		return v.InsideAtClose && !v.ArrivedAt.Before(from) && v.ArrivedAt.Before(to)
	}, byArrival), nil
}

// WatchedVisitsBy implements Store.
func (f *fakeStore) WatchedVisitsBy(_ context.Context, schoolID int64, phone, name string) ([]Visit, error) {
	vs := f.list(schoolID, func(v Visit) bool {
		return v.PurgedAt.IsZero() && v.WatchNote != "" && (phone != "" && v.Phone == phone || name != "" && v.Name == name)
	}, byArrival)
	slices.Reverse(vs)
	return vs[:min(len(vs), 5)], nil
}

// WatchMatches implements Store.
func (f *fakeStore) WatchMatches(_ context.Context, schoolID int64, idHashes []string, phone, name string) ([]WatchEntry, error) {
	var out []WatchEntry
	for _, w := range f.watch {
		if w.SchoolID == schoolID && (w.Kind == WatchID && w.Hash != "" && slices.Contains(idHashes, w.Hash) ||
			w.Kind == WatchPhone && phone != "" && w.Value == phone ||
			w.Kind == WatchName && name != "" && w.Value == name) {
			out = append(out, w)
		}
	}
	return out, nil // f.watch is in id order
}

// PurgeVisits implements Store with the masking of store.PurgeVisits:
// 张三 → 张某, 京A12345 → 京A*****, the phone, the sealed ID, its hash and
// the purpose note gone, and the same notifications blanked: those about a
// purged visit, and the others once past retention (DayNotices a day
// early). The outbox of the fake has no delivery status and no undelivered
// notices.
func (f *fakeStore) PurgeVisits(_ context.Context, schoolID int64, before, now time.Time) (int, error) {
	n := 0
	var refs []string
	for i := range f.visits {
		v := &f.visits[i]
		if v.SchoolID != schoolID || !v.ArrivedAt.Before(before) || !v.PurgedAt.IsZero() {
			continue
		}
		if r := []rune(v.Name); len(r) > 0 {
			v.Name = string(r[:1]) + "某"
		}
		if r := []rune(v.Plate); len(r) > 0 {
			v.Plate = string(r[:min(2, len(r))]) + "*****"
		}
		v.Phone, v.IDCipher, v.IDHash, v.PurposeNote, v.IDNote, v.PurgedAt = "", nil, "", "", "", now
		refs = append(refs, Ref(v.ID))
		n++
	}
	for i := range f.core.Outbox {
		q := &f.core.Outbox[i]
		if q.SchoolID != schoolID || !slices.Contains(Notices, q.Kind) || q.Text == PurgedNotice {
			continue
		}
		if slices.Contains(refs, q.Ref) || q.At.Before(before) || slices.Contains(DayNotices, q.Kind) && q.At.Before(before.Add(DayNoticeLead)) {
			q.Text, q.Buttons = PurgedNotice, nil
		}
	}
	return n, nil
}

// addWatch adds a watch-list entry; the same entry twice is ErrConflict,
// as the unique index says.
func (f *fakeStore) addWatch(w WatchEntry) error {
	for _, x := range f.watch {
		if x.SchoolID == w.SchoolID && x.Kind == w.Kind && x.Value == w.Value && x.Hash == w.Hash {
			return fmt.Errorf("fake: add watch: %w", flows.ErrConflict)
		}
	}
	w.ID = int64(len(f.watch) + 1)
	f.watch = append(f.watch, w)
	return nil
}

// eventKinds lists a visit's event kinds in order, comma-separated.
func (f *fakeStore) eventKinds(id int64) string {
	var ks []string
	for _, e := range f.events {
		if e.VisitID == id {
			ks = append(ks, string(e.Kind))
		}
	}
	return strings.Join(ks, ",")
}
