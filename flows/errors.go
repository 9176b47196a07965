package flows

import "errors"

// Errors the store returns, translated once from driver errors.
var (
	// ErrNotFound: the record does not exist (sql.ErrNoRows).
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique constraint was violated.
	ErrConflict = errors.New("conflict")
	// ErrIllegalTransition: a state change not allowed by the record's state machine.
	ErrIllegalTransition = errors.New("illegal state transition")
	// ErrInvalid: input the store refuses (a check constraint, a bad reference).
	ErrInvalid = errors.New("invalid")
	// ErrExpired: a binding code that is too old, already used or revoked.
	ErrExpired = errors.New("expired")
	// ErrReplay: a signed callback nonce already used by another message
	// (Message.Nonce); nothing was written.
	ErrReplay = errors.New("callback nonce used by another message")
)
