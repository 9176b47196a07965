// Package flowtest runs houqin's conversations in memory: a fake of the
// core store (directory, sessions, dedup log, outbox, job claims), a seeded
// school, and golden transcripts — scripts of who says what, with houqin's
// replies and notifications recorded in testdata and refreshed with
// -update. Each capability package adds an in-memory fake of its own Store
// and runs its transcripts in milliseconds, without PostgreSQL.
//
// What only the database can prove (one transaction per message under
// concurrency, locks, triggers, restarts) is tested on PostgreSQL in
// store/e2e; the fakes here apply every change at once and do not roll back.
package flowtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/houqin/houqin/flows"
)

// Core is an in-memory flows.Tx: the directory, the conversation state,
// the outbox and the job claims of any number of schools.
type Core struct {
	Schools []flows.School
	Staff   []flows.Staff
	Places  []flows.Location
	// Groups maps a school and a purpose (flows.GroupMaintenance ...) to
	// the names of its chat groups.
	Groups map[int64]map[string][]string
	// Outbox holds every notification queued, in order; a group
	// notification is one entry per named group, as in the store.
	Outbox []Queued

	identities map[key]flows.Identity
	sessions   map[key]flows.Session
	inbound    map[key]*inboundEntry
	codes      map[string]bindCode
	failures   []bindFailure
	jobs       map[string]time.Time
	kept       map[key]keptMessage
	lent       []lentLocations // Locations' lists of the transaction, checked by Store.InTx
	errands    []flows.Errand
}

type keptMessage struct {
	text string
	at   time.Time
}

// Queued is one outbox entry.
type Queued struct {
	flows.Notification
	Group string // the group's name for a group notification
	At    time.Time
}

type key struct {
	ch  flows.Channel
	ext string
}

type inboundEntry struct {
	at      time.Time
	replies []flows.Reply
}

type bindCode struct {
	staffID   int64
	expires   time.Time
	used      bool
	schoolID  int64
	createdAt time.Time
}

type bindFailure struct {
	k      key
	school int64
	at     time.Time
}

// NewCore returns an empty core.
func NewCore() *Core {
	return &Core{Groups: map[int64]map[string][]string{}, identities: map[key]flows.Identity{},
		sessions: map[key]flows.Session{}, inbound: map[key]*inboundEntry{}, codes: map[string]bindCode{},
		jobs: map[string]time.Time{}, kept: map[key]keptMessage{}}
}

var _ flows.EngineTx = (*Core)(nil)

var _ flows.Errands = (*Core)(nil)

// AddSchool adds an active school with default settings in Asia/Shanghai.
func (c *Core) AddSchool(name string) flows.School {
	s := flows.School{ID: int64(len(c.Schools) + 1), Name: name, Timezone: "Asia/Shanghai",
		Settings: flows.DefaultSettings(), Active: true}
	c.Schools = append(c.Schools, s)
	return s
}

// AddStaff adds an active staff member and returns it with its id.
func (c *Core) AddStaff(s flows.Staff) flows.Staff {
	s.ID = int64(len(c.Staff) + 1)
	s.Active = true
	c.Staff = append(c.Staff, s)
	return s
}

// AddLocation adds an active location and returns it with its id.
func (c *Core) AddLocation(l flows.Location) flows.Location {
	l.ID = int64(len(c.Places) + 1)
	l.Active = true
	c.Places = append(c.Places, l)
	return l
}

// Bind binds a chat account to a staff member.
func (c *Core) Bind(ch flows.Channel, ext string, staff flows.Staff) {
	c.identities[key{ch, ext}] = flows.Identity{Channel: ch, ExternalID: ext, StaffID: staff.ID, SchoolID: staff.SchoolID}
}

// Invite stores a binding code for a staff member, valid until expires.
func (c *Core) Invite(code string, staff flows.Staff, now, expires time.Time) {
	c.codes[strings.ToUpper(code)] = bindCode{staffID: staff.ID, schoolID: staff.SchoolID, createdAt: now, expires: expires}
}

// AddGroup names a chat group of a school for a purpose.
func (c *Core) AddGroup(schoolID int64, purpose, name string) {
	if c.Groups[schoolID] == nil {
		c.Groups[schoolID] = map[string][]string{}
	}
	c.Groups[schoolID][purpose] = append(c.Groups[schoolID][purpose], name)
}

// ActiveSchools implements flows.Directory.
func (c *Core) ActiveSchools(context.Context) ([]flows.School, error) {
	var out []flows.School
	for _, s := range c.Schools {
		if s.Active {
			out = append(out, s)
		}
	}
	return out, nil
}

// School implements flows.Directory.
func (c *Core) School(_ context.Context, id int64) (flows.School, error) {
	for _, s := range c.Schools {
		if s.ID == id {
			return s, nil
		}
	}
	return flows.School{}, fmt.Errorf("flowtest: school %d: %w", id, flows.ErrNotFound)
}

// StaffByID implements flows.Directory.
func (c *Core) StaffByID(_ context.Context, id int64) (flows.Staff, error) {
	for _, s := range c.Staff {
		if s.ID == id {
			return s, nil
		}
	}
	return flows.Staff{}, fmt.Errorf("flowtest: staff %d: %w", id, flows.ErrNotFound)
}

// StaffNamed returns the staff member with the exact name, or ErrNotFound.
func (c *Core) StaffNamed(name string) (flows.Staff, error) {
	for _, s := range c.Staff {
		if s.Name == name {
			return s, nil
		}
	}
	return flows.Staff{}, fmt.Errorf("flowtest: staff %q: %w", name, flows.ErrNotFound)
}

// StaffByIdentity implements flows.Directory.
func (c *Core) StaffByIdentity(ctx context.Context, ch flows.Channel, ext string) (flows.Staff, error) {
	id, ok := c.identities[key{ch, ext}]
	if !ok {
		return flows.Staff{}, fmt.Errorf("flowtest: identity %s:%s: %w", ch, ext, flows.ErrNotFound)
	}
	s, err := c.StaffByID(ctx, id.StaffID)
	if err != nil || !s.Active {
		return flows.Staff{}, fmt.Errorf("flowtest: identity %s:%s: %w", ch, ext, flows.ErrNotFound)
	}
	return s, nil
}

// StaffWithRole implements flows.Directory.
func (c *Core) StaffWithRole(_ context.Context, schoolID int64, role flows.Role) ([]flows.Staff, error) {
	var out []flows.Staff
	for _, s := range c.Staff {
		if s.SchoolID == schoolID && s.Active && slices.Contains(s.Roles, role) {
			out = append(out, s)
		}
	}
	return out, nil
}

// FindStaff implements flows.Directory as the store does: a name that
// contains the query, or pinyin initials that start with it; an exact name
// first, then by id, at most 20.
func (c *Core) FindStaff(_ context.Context, schoolID int64, query string) ([]flows.Staff, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil
	}
	var exact, rest []flows.Staff
	for _, s := range c.Staff {
		if s.SchoolID != schoolID || !s.Active {
			continue
		}
		ini := flows.Initials(s.Name)
		if !strings.Contains(s.Name, query) && (ini == "" || !strings.HasPrefix(ini, strings.ToLower(query))) {
			continue
		}
		if s.Name == query {
			exact = append(exact, s)
		} else {
			rest = append(rest, s)
		}
	}
	out := append(exact, rest...)
	if len(out) > 20 {
		out = out[:20]
	}
	return out, nil
}

// Locations implements flows.Directory. Like the store's directory
// cache, it hands out lists that share their aliases with Places; Store's
// InTx fails the transaction when the flow changed one (see lent).
func (c *Core) Locations(_ context.Context, schoolID int64) ([]flows.Location, error) {
	var out []flows.Location
	for _, l := range c.Places {
		if l.SchoolID == schoolID && l.Active {
			out = append(out, l)
		}
	}
	out = slices.Clip(out)
	c.lent = append(c.lent, lentLocations{list: out, copy: deepCopyLocations(out)})
	return out, nil
}

// lentLocations is a list Locations handed out and what it held then.
type lentLocations struct {
	list, copy []flows.Location
}

func deepCopyLocations(locs []flows.Location) []flows.Location {
	out := slices.Clone(locs)
	for i := range out {
		out[i].Aliases = slices.Clone(out[i].Aliases)
	}
	return out
}

// checkLent reports a list Locations handed out that its caller changed
// (flows.Directory.Locations: read-only, since the store shares one list
// between every message), and forgets them.
func (c *Core) checkLent() error {
	lent := c.lent
	c.lent = nil
	for _, l := range lent {
		if !slices.EqualFunc(l.list, l.copy, func(a, b flows.Location) bool {
			return a.ID == b.ID && a.SchoolID == b.SchoolID && a.Building == b.Building && a.Floor == b.Floor &&
				a.Room == b.Room && slices.Equal(a.Aliases, b.Aliases) && a.OwnerID == b.OwnerID && a.Active == b.Active
		}) {
			return errors.New("flowtest: a transaction changed the list Directory.Locations returned, which the store shares with every message")
		}
	}
	return nil
}

// LocationByID implements flows.Directory.
func (c *Core) LocationByID(_ context.Context, id int64) (flows.Location, error) {
	for _, l := range c.Places {
		if l.ID == id {
			return l, nil
		}
	}
	return flows.Location{}, fmt.Errorf("flowtest: location %d: %w", id, flows.ErrNotFound)
}

// ClaimInbound implements flows.Conversations.
func (c *Core) ClaimInbound(_ context.Context, ch flows.Channel, k string, at time.Time) ([]flows.Reply, bool, error) {
	if e, ok := c.inbound[key{ch, k}]; ok {
		return e.replies, true, nil
	}
	c.inbound[key{ch, k}] = &inboundEntry{at: at}
	return nil, false, nil
}

// FinishInbound implements flows.Conversations.
func (c *Core) FinishInbound(_ context.Context, ch flows.Channel, k string, replies []flows.Reply) error {
	e, ok := c.inbound[key{ch, k}]
	if !ok {
		return fmt.Errorf("flowtest: finish inbound %s: %w", k, flows.ErrNotFound)
	}
	e.replies = replies
	return nil
}

// Session implements flows.Conversations.
func (c *Core) Session(_ context.Context, ch flows.Channel, ext string) (flows.Session, error) {
	id, ok := c.identities[key{ch, ext}]
	if !ok {
		return flows.Session{}, fmt.Errorf("flowtest: session %s:%s: %w", ch, ext, flows.ErrNotFound)
	}
	if s, ok := c.sessions[key{ch, ext}]; ok {
		return s, nil
	}
	return flows.Session{Channel: ch, ExternalID: ext, StaffID: id.StaffID}, nil
}

// SaveSession implements flows.Conversations.
func (c *Core) SaveSession(_ context.Context, s flows.Session) error {
	if _, ok := c.identities[key{s.Channel, s.ExternalID}]; !ok {
		return fmt.Errorf("flowtest: save session: %w", flows.ErrNotFound)
	}
	s.Data = slices.Clone(s.Data)
	s.Offer.Buttons = slices.Clone(s.Offer.Buttons)
	s.NoticeMark = int64(len(c.Outbox))
	c.sessions[key{s.Channel, s.ExternalID}] = s
	return nil
}

// LatestNotice implements flows.Conversations: the outbox position is the
// index in Outbox, counted from 1.
func (c *Core) LatestNotice(_ context.Context, staffID, mark int64) (flows.Notice, bool, error) {
	for i := len(c.Outbox) - 1; i >= int(max(mark, 0)); i-- {
		q := c.Outbox[i]
		if q.Group == "" && q.ToStaff == staffID && len(q.Buttons) > 0 {
			return flows.Notice{Mark: int64(i + 1), At: q.At, Buttons: slices.Clone(q.Buttons), Title: flows.NoticeTitle(q.Text)}, true, nil
		}
	}
	return flows.Notice{}, false, nil
}

// NewestNotice implements flows.Conversations, as LatestNotice does but
// with or without buttons.
func (c *Core) NewestNotice(_ context.Context, staffID, mark int64) (flows.Notice, bool, error) {
	for i := len(c.Outbox) - 1; i >= int(max(mark, 0)); i-- {
		q := c.Outbox[i]
		if q.Group == "" && q.ToStaff == staffID {
			return flows.Notice{Mark: int64(i + 1), At: q.At, Buttons: slices.Clone(q.Buttons), Title: flows.NoticeTitle(q.Text), Kind: q.Kind, Ref: q.Ref}, true, nil
		}
	}
	return flows.Notice{}, false, nil
}

// TouchIdentity implements flows.Conversations.
func (c *Core) TouchIdentity(_ context.Context, ch flows.Channel, ext string, at time.Time) error {
	if id, ok := c.identities[key{ch, ext}]; ok && at.After(id.LastSeen) {
		id.LastSeen = at
		c.identities[key{ch, ext}] = id
	}
	return nil
}

// LockBinding implements flows.Conversations: Store runs one transaction
// at a time, so there is nothing to lock.
func (c *Core) LockBinding(context.Context) error { return nil }

// BindCode implements flows.Conversations.
func (c *Core) BindCode(_ context.Context, code string) (flows.BindCode, error) {
	bc, ok := c.codes[strings.ToUpper(code)]
	if !ok {
		return flows.BindCode{}, fmt.Errorf("flowtest: bind code: %w", flows.ErrNotFound)
	}
	return flows.BindCode{SchoolID: bc.schoolID, StaffID: bc.staffID, ExpiresAt: bc.expires, Used: bc.used}, nil
}

// Identities implements flows.Conversations, in the order accounts were bound.
func (c *Core) Identities(_ context.Context, staffID int64) ([]flows.Identity, error) {
	var out []flows.Identity
	for _, id := range c.identities {
		if id.StaffID == staffID {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b flows.Identity) int {
		return strings.Compare(string(a.Channel)+":"+a.ExternalID, string(b.Channel)+":"+b.ExternalID)
	})
	return out, nil
}

// RedeemBindCode implements flows.Conversations.
func (c *Core) RedeemBindCode(ctx context.Context, code string, ch flows.Channel, ext string, now time.Time) (flows.Staff, error) {
	bc, ok := c.codes[strings.ToUpper(code)]
	if !ok {
		return flows.Staff{}, fmt.Errorf("flowtest: redeem: %w", flows.ErrNotFound)
	}
	st, err := c.StaffByID(ctx, bc.staffID)
	if err != nil {
		return flows.Staff{}, err
	}
	if bc.used || !now.Before(bc.expires) || !st.Active {
		return flows.Staff{}, fmt.Errorf("flowtest: redeem: %w", flows.ErrExpired)
	}
	bc.used = true
	c.codes[strings.ToUpper(code)] = bc
	c.identities[key{ch, ext}] = flows.Identity{Channel: ch, ExternalID: ext, StaffID: st.ID, SchoolID: st.SchoolID, LastSeen: now}
	delete(c.sessions, key{ch, ext})
	return st, nil
}

// KeepMessage implements flows.KeptMessages.
func (c *Core) KeepMessage(_ context.Context, ch flows.Channel, ext, text string, at time.Time) error {
	c.kept[key{ch, ext}] = keptMessage{text: text, at: at}
	return nil
}

// TakeKeptMessage implements flows.KeptMessages.
func (c *Core) TakeKeptMessage(_ context.Context, ch flows.Channel, ext string, since time.Time) (string, error) {
	m, ok := c.kept[key{ch, ext}]
	delete(c.kept, key{ch, ext})
	if !ok || m.at.Before(since) {
		return "", fmt.Errorf("flowtest: kept message: %w", flows.ErrNotFound)
	}
	return m.text, nil
}

// BindFailures implements flows.Conversations.
func (c *Core) BindFailures(_ context.Context, scope flows.BindScope, since time.Time) (int, error) {
	n := 0
	for _, f := range c.failures {
		switch {
		case f.at.Before(since):
		case scope.Channel != "" && f.k != (key{scope.Channel, scope.ExternalID}):
		case scope.SchoolID != 0 && f.school != scope.SchoolID:
		default:
			n++
		}
	}
	return n, nil
}

// RecordBindFailure implements flows.Conversations.
func (c *Core) RecordBindFailure(_ context.Context, f flows.BindFailure) error {
	c.failures = append(c.failures, bindFailure{key{f.Channel, f.ExternalID}, f.SchoolID, f.At})
	return nil
}

// PruneConversations implements flows.Conversations.
func (c *Core) PruneConversations(_ context.Context, inbound, failures time.Time) error {
	for k, e := range c.inbound {
		if e.at.Before(inbound) {
			delete(c.inbound, k)
		}
	}
	c.failures = slices.DeleteFunc(c.failures, func(f bindFailure) bool { return f.at.Before(failures) })
	return nil
}

// EndIdleSessions implements flows.Conversations.
func (c *Core) EndIdleSessions(_ context.Context, before time.Time) error {
	for k, s := range c.sessions {
		if s.UpdatedAt.Before(before) {
			s.Flow, s.State, s.Data = "", "", nil
			c.sessions[k] = s
		}
	}
	return nil
}

// Enqueue implements flows.Notifier.
func (c *Core) Enqueue(_ context.Context, n flows.Notification, at time.Time) error {
	n.Buttons = slices.Clone(n.Buttons)
	if n.ToGroup != "" {
		for _, g := range c.Groups[n.SchoolID][n.ToGroup] {
			c.Outbox = append(c.Outbox, Queued{Notification: n, Group: g, At: at})
		}
		return nil
	}
	if n.ToStaff == 0 {
		return fmt.Errorf("flowtest: enqueue %s: no recipient: %w", n.Kind, flows.ErrInvalid)
	}
	c.Outbox = append(c.Outbox, Queued{Notification: n, At: at})
	return nil
}

// ClaimJob implements flows.Jobs.
func (c *Core) ClaimJob(_ context.Context, k string, at time.Time) (bool, error) {
	if _, ok := c.jobs[k]; ok {
		return false, nil
	}
	c.jobs[k] = at
	return true, nil
}

// Store is an in-memory flows.Store: it runs each transaction on Tx, one at
// a time. Tx is the Core, or a capability test's struct that embeds the
// Core and its own fake Store, so that flows.StoreOf finds it.
type Store struct {
	mu sync.Mutex
	Tx flows.Tx
}

// InTx implements flows.Store.
func (s *Store) InTx(_ context.Context, fn func(flows.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := fn(s.Tx)
	if c, ok := s.Tx.(interface{ checkLent() error }); ok {
		if lentErr := c.checkLent(); lentErr != nil {
			return lentErr
		}
	}
	return err
}

// CreateErrand implements flows.Errands.
func (c *Core) CreateErrand(_ context.Context, e *flows.Errand) error {
	e.ID = int64(len(c.errands) + 1)
	c.errands = append(c.errands, *e)
	return nil
}

// ErrandsSince implements flows.Errands: newest first, as the store
// orders them (given_at, then id, descending).
func (c *Core) ErrandsSince(_ context.Context, schoolID int64, since time.Time) ([]flows.Errand, error) {
	var out []flows.Errand
	for i := len(c.errands) - 1; i >= 0; i-- {
		if e := c.errands[i]; e.SchoolID == schoolID && !e.GivenAt.Before(since) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b flows.Errand) int { return b.GivenAt.Compare(a.GivenAt) })
	return out, nil
}

// UpdateErrand implements flows.Errands.
func (c *Core) UpdateErrand(_ context.Context, e flows.Errand) error {
	for i := range c.errands {
		if c.errands[i].ID == e.ID {
			c.errands[i].Reply, c.errands[i].RepliedAt = e.Reply, e.RepliedAt
			c.errands[i].DoneWords, c.errands[i].DoneAt = e.DoneWords, e.DoneAt
			return nil
		}
	}
	return fmt.Errorf("flowtest: update errand %d: %w", e.ID, flows.ErrNotFound)
}
