package flows

import (
	"context"
	"fmt"
	"time"
)

// Store opens transactions. Every inbound message is handled in exactly one.
type Store interface {
	// InTx runs fn in one database transaction, committing when fn returns nil.
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is the core of what a turn may read or write inside one transaction:
// the directory, the outbox and job claims (10 methods). Each capability
// (repair, visit, canteen ...) declares its own small Store interface,
// which the same transaction value also implements; the capability reaches
// it with StoreOf. The engine's own state (sessions, the dedup log,
// binding) is one more such interface, Conversations, which only the
// engine and its housekeeping use. Package store asserts every one of them
// at compile time.
type Tx interface {
	Directory
	Notifier
	Jobs
}

// EngineTx is the transaction as the engine sees it: Tx and the
// conversation state it keeps for every message.
type EngineTx interface {
	Tx
	Conversations
}

// StoreOf returns the transaction of t as a capability's store S. The
// store package asserts at compile time that its transaction implements
// every capability's Store, so a failed assertion is a wiring bug (a test
// fake that lacks the capability); it panics, and the engine turns the
// panic into an apology and writes nothing.
func StoreOf[S any](t *Turn) S {
	s, ok := t.Tx.(S)
	if !ok {
		panic(fmt.Sprintf("flows: transaction %T does not implement %T", t.Tx, (*S)(nil)))
	}
	return s
}

// Directory reads schools, staff and locations.
type Directory interface {
	// ActiveSchools lists the schools in service, for time-driven work.
	ActiveSchools(ctx context.Context) ([]School, error)
	// School returns ErrNotFound for an unknown id.
	School(ctx context.Context, id int64) (School, error)
	// StaffByID returns ErrNotFound for an unknown id.
	StaffByID(ctx context.Context, id int64) (Staff, error)
	// StaffByIdentity returns the active staff member bound to the chat
	// account, or ErrNotFound.
	StaffByIdentity(ctx context.Context, ch Channel, externalID string) (Staff, error)
	// StaffWithRole lists the active staff of a school holding the role, by id.
	StaffWithRole(ctx context.Context, schoolID int64, role Role) ([]Staff, error)
	// FindStaff lists active staff whose name contains query or whose pinyin
	// initials start with it.
	FindStaff(ctx context.Context, schoolID int64, query string) ([]Staff, error)
	// Locations lists a school's active locations. The list may be shared
	// with a cache and with every other caller: read it and its locations'
	// aliases, never change them (copy first; flowtest's Store fails a
	// transaction that changed one).
	Locations(ctx context.Context, schoolID int64) ([]Location, error)
	// LocationByID returns ErrNotFound for an unknown id.
	LocationByID(ctx context.Context, id int64) (Location, error)
}

// Conversations holds the engine's per-message state: bindings, sessions and
// the inbound dedup log.
type Conversations interface {
	// ClaimInbound records a dedup key. When the key was seen before it
	// returns the replies stored with it and dup=true; a concurrent claim of
	// the same key waits for the first transaction to finish.
	ClaimInbound(ctx context.Context, ch Channel, key string, at time.Time) (replies []Reply, dup bool, err error)
	// FinishInbound stores the replies produced for a claimed key.
	FinishInbound(ctx context.Context, ch Channel, key string, replies []Reply) error
	// Session loads and locks the session of a chat account; a new idle
	// session is returned (not ErrNotFound) when there is none.
	Session(ctx context.Context, ch Channel, externalID string) (Session, error)
	// SaveSession writes the session back, with its Offer, and sets its
	// NoticeMark to the current end of the outbox.
	SaveSession(ctx context.Context, s Session) error
	// LatestNotice returns the newest personal notification with buttons
	// queued to the staff member after the outbox position mark (a
	// session's NoticeMark); ok=false when there is none.
	LatestNotice(ctx context.Context, staffID, mark int64) (n Notice, ok bool, err error)
	// NewestNotice returns the newest personal notification, with
	// buttons or without, queued to the staff member after the outbox
	// position mark, with its Kind and Ref; ok=false when there is none.
	NewestNotice(ctx context.Context, staffID, mark int64) (n Notice, ok bool, err error)
	// TouchIdentity records the time of a bound account's latest message.
	TouchIdentity(ctx context.Context, ch Channel, externalID string, at time.Time) error
	// LockBinding makes this transaction's binding attempt the only one in
	// progress, across instances, until the transaction ends, so that
	// counting the failures and recording one more are one atomic step.
	LockBinding(ctx context.Context) error
	// BindCode returns a binding code as stored, or ErrNotFound.
	BindCode(ctx context.Context, code string) (BindCode, error)
	// RedeemBindCode binds the account to the code's staff member. It
	// returns ErrNotFound for an unknown code and ErrExpired for a used,
	// expired or revoked one, or one whose staff member was deactivated.
	RedeemBindCode(ctx context.Context, code string, ch Channel, externalID string, now time.Time) (Staff, error)
	// Identities lists the chat accounts bound to a staff member.
	Identities(ctx context.Context, staffID int64) ([]Identity, error)
	// BindFailures counts the failed binding attempts in scope since a time.
	BindFailures(ctx context.Context, scope BindScope, since time.Time) (int, error)
	// PruneConversations deletes dedup records received before inbound and
	// failed binding attempts before failures.
	PruneConversations(ctx context.Context, inbound, failures time.Time) error
	// EndIdleSessions ends the conversations whose session was last
	// written before the time: flow, state and data are cleared, as when
	// a flow finishes, so an abandoned draft (a visitor's details typed
	// and never registered) does not stay until its owner writes again.
	EndIdleSessions(ctx context.Context, before time.Time) error
	// RecordBindFailure records one failed binding attempt.
	RecordBindFailure(ctx context.Context, f BindFailure) error
}

// Expecter is an optional capability of an EngineTx: told which chat
// account a message is from before ClaimInbound, the store may claim the
// message and read (and lock) the account in one round trip. It changes no
// result: StaffByIdentity and Session still return what they would.
type Expecter interface {
	Expect(ch Channel, externalID string)
}

// MineExpecter is an optional capability of an EngineTx: told before
// ClaimInbound that the message reads as 「我的」, the store may read
// lists a module's Miner will ask for (as of the turn's time at) with the
// claim, in its round trip. It changes no result: the engine says so only
// for a message whose turn writes nothing before its Miners read, and a
// list read that nobody asks for is dropped.
type MineExpecter interface {
	ExpectMine(at time.Time)
}

// AssentExpecter is an optional capability of an EngineTx: told before
// ClaimInbound that the message reads as assent to a read-back (its first
// choice 「1」, a word of WordsAssent, or a button), the store may read
// with the claim, in its round trip, what the person's previous turn left
// a hint it would read (repair.RouteHinter). It changes no result: a read
// is used only where a turn asks for exactly it, as current as the
// session, and dropped otherwise.
type AssentExpecter interface {
	ExpectAssent()
}

// NonceClaimer is an optional capability of an EngineTx: told a
// message's callback nonce before ClaimInbound, the store records the
// nonce in the message's transaction (with the dedup claim, in one
// statement), and ClaimInbound fails with ErrReplay, writing nothing, when
// the nonce was used before by another message. A store whose
// transactions have it says so with ClaimsNonces (NonceStore), so that a
// channel hands the nonce to the engine only when it will be checked.
type NonceClaimer interface {
	ExpectNonce(n CallbackNonce)
}

// NonceStore marks a Store whose transactions implement NonceClaimer.
type NonceStore interface {
	ClaimsNonces() bool
}

// Notifier queues notifications in the outbox.
type Notifier interface {
	// Enqueue adds the notification to the outbox. A notification to a
	// group becomes one row per chat the school named for that purpose
	// (none if it named none).
	Enqueue(ctx context.Context, n Notification, at time.Time) error
}

// NoticeWithdrawer takes back personal notifications not delivered yet:
// an early alert that a later one replaces, so that nobody opening their
// chat later reads only the outdated one. A Tx may implement it; a flow
// without it sends both, as before.
type NoticeWithdrawer interface {
	// WithdrawNotices marks the school's pending personal notifications
	// of kind about ref failed with why, all but a row a worker holds
	// (being sent), and returns the staff they were for. None pending is
	// no error.
	WithdrawNotices(ctx context.Context, schoolID int64, kind, ref, why string, now time.Time) ([]int64, error)
}

// Jobs lets time-driven work claim a unit of work exactly once.
type Jobs interface {
	// ClaimJob records key and reports true the first time it is claimed,
	// false ever after, across instances and restarts.
	ClaimJob(ctx context.Context, key string, at time.Time) (bool, error)
}

// OutboxItem is one notification waiting for delivery, resolved to a channel address.
type OutboxItem struct {
	ID       int64
	Attempts int       // tries so far, not counting those the channel asked to wait
	Queued   time.Time // when it was queued; retries are bounded by the time since
	Channel  Channel
	Address  string // external user id, or group chat id
	IsGroup  bool
	LastSeen time.Time // the recipient's latest inbound message on Channel (zero for groups)
	Notification
}

// Outbox is the delivery side of the outbox, used by the worker in package
// bot. A worker leases due rows in one short transaction, sends each one
// outside any transaction and records each outcome in a transaction of its
// own, so a worker that dies leaves at most the row it was sending in doubt.
type Outbox interface {
	// ClaimOutbox leases up to limit due rows to l.Worker until l.Until
	// (FOR UPDATE SKIP LOCKED, then committed): nobody else claims them
	// before the lease ends. A row whose lease ran out unsettled is due
	// again. Only rows deliverable on one of l.Channels are claimed: a staff
	// row resolves to the recipient's most recently used account among
	// them, one not on the row's avoided channel when there is one.
	ClaimOutbox(ctx context.Context, now time.Time, l Lease, limit int) ([]OutboxItem, error)
	// SettleOutbox records one row's outcome, and queues its fallback, in
	// one transaction, and ends the lease. A delivery is recorded whoever
	// holds the row; any other outcome only while l.Worker still holds it,
	// else ErrConflict.
	SettleOutbox(ctx context.Context, now time.Time, l Lease, o Outcome) error
	// ReleaseOutbox ends l.Worker's lease on rows it claimed but did not
	// try, so that they are due again at once.
	ReleaseOutbox(ctx context.Context, l Lease, ids []int64) error
}

// Lease is a worker's hold on the outbox rows it claimed.
type Lease struct {
	Worker   string    // unique to one worker in one process
	Until    time.Time // by the worker's clock
	Channels []Channel // the channels the worker sends on
	// Address, when set, limits the lease to rows that resolve to this one
	// account: a `houqin chat` terminal delivers only its own person's
	// notifications and leaves everyone else's queued for theirs.
	Address string
}

// Outcome is what happened to one outbox row.
type Outcome struct {
	ID      int64
	Sent    bool
	RetryAt time.Time // zero with Sent=false: failed for good
	Waited  bool      // the channel asked to wait (429, rate limit): not an attempt
	Err     string    // the last error, never containing secrets
	// Fallback is queued with a failure: the undelivered notice. It avoids
	// the channel Avoid (the one that failed, when the channel rather than
	// the recipient is at fault): it goes to its recipients on another
	// channel, or else to the school's 总务主任 who have one.
	Fallback *Notification
	Avoid    Channel
}
