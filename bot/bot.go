// Package bot is houqin's delivery side: what every channel adapter shares,
// and the outbox worker that sends notifications through them.
package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/houqin/houqin/flows"
)

// Handler handles one inbound message; *flows.Engine implements it.
type Handler interface {
	Handle(ctx context.Context, msg flows.Message) ([]flows.Reply, error)
}

// Sender delivers one outbox item on its channel. It returns nil when
// delivered, a *RetryError when the channel asked to wait, an error wrapping
// ErrUndeliverable when it can never be delivered (blocked, unsubscribed),
// and any other error for a transient failure (retried with backoff).
type Sender interface {
	Send(ctx context.Context, item flows.OutboxItem) error
}

// ErrUndeliverable marks a permanent delivery failure.
var ErrUndeliverable = errors.New("undeliverable")

// RetryError asks the worker to try again no earlier than After.
type RetryError struct {
	After time.Duration
	Err   error
}

func (e *RetryError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.After, e.Err)
}

func (e *RetryError) Unwrap() error { return e.Err }

// KV is a small shared key-value store with expiry, kept in PostgreSQL so that
// several houqin instances share it (e.g. the WeChat access token).
// *store.DB implements it.
type KV interface {
	// GetKV returns flows.ErrNotFound when the key is missing or expired.
	GetKV(ctx context.Context, key string) (string, error)
	// PutKV stores a value until expires.
	PutKV(ctx context.Context, key, value string, expires time.Time) error
	// DeleteKV removes a key; a missing key is not an error.
	DeleteKV(ctx context.Context, key string) error
}

// Cards remembers the message a notification card was posted as in a group
// chat, so that a later notification about the same item edits it in place.
// *store.DB implements it.
type Cards interface {
	// Card returns flows.ErrNotFound when no card was posted for ref in chat.
	Card(ctx context.Context, ch flows.Channel, chat, ref string) (messageID string, err error)
	SaveCard(ctx context.Context, ch flows.Channel, chat, ref, messageID string) error
}

// Chats maps a school's named group chats (e.g. the maintenance group).
// *store.DB implements it.
type Chats interface {
	// SchoolOfChat returns the school that named chat as a group, or flows.ErrNotFound.
	SchoolOfChat(ctx context.Context, ch flows.Channel, chat string) (schoolID int64, err error)
	// MigrateChat replaces a chat id everywhere (Telegram's migrate_to_chat_id).
	MigrateChat(ctx context.Context, ch flows.Channel, from, to string) error
}

// ConfigError is a permanent failure caused by the channel's configuration,
// not by the recipient: a template id WeChat does not know, template fields
// the template does not have, no template configured at all. Retrying
// cannot help and the recipient is not to blame, so the outbox worker tells
// the school's 总务主任 what to fix — once per Key while it stays broken, as
// the channel decides with Notify — instead of 「已取消关注」.
type ConfigError struct {
	// Key names the configuration problem (e.g. "template repair 40037").
	Key string
	// Problem says in Chinese what is wrong and what to do, for the 总务主任.
	Problem string
	// Notify is true for the first failure with this Key in a while: the
	// worker then tells the 总务主任. Later failures only tell the sender.
	Notify bool
	Err    error
}

func (e *ConfigError) Error() string {
	return "configuration error (" + e.Key + "): " + e.Err.Error()
}

func (e *ConfigError) Unwrap() error { return e.Err }
