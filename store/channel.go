package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
)

// GetKV implements bot.KV.
func (t *Tx) GetKV(ctx context.Context, key string) (string, error) {
	var v string
	err := sqlx.GetContext(ctx, t.q, &v, `SELECT value FROM kv WHERE key = $1 AND expires_at > now()`, key)
	return v, wrap("get kv", err)
}

// PutKV implements bot.KV.
func (t *Tx) PutKV(ctx context.Context, key, value string, expires time.Time) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO kv (key, value, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`, key, value, expires)
	return wrap("put kv", err)
}

// DeleteKV implements bot.KV.
func (t *Tx) DeleteKV(ctx context.Context, key string) error {
	_, err := t.q.ExecContext(ctx, `DELETE FROM kv WHERE key = $1`, key)
	return wrap("delete kv", err)
}

// Card implements bot.Cards.
func (t *Tx) Card(ctx context.Context, ch flows.Channel, chat, ref string) (string, error) {
	var id string
	err := sqlx.GetContext(ctx, t.q, &id, `
		SELECT message_id FROM cards WHERE channel = $1 AND chat_id = $2 AND ref = $3`, string(ch), chat, ref)
	return id, wrap("card", err)
}

// SaveCard implements bot.Cards.
func (t *Tx) SaveCard(ctx context.Context, ch flows.Channel, chat, ref, messageID string) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO cards (channel, chat_id, ref, message_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (channel, chat_id, ref) DO UPDATE SET message_id = EXCLUDED.message_id`, string(ch), chat, ref, messageID)
	return wrap("save card", err)
}

// SchoolOfChat implements bot.Chats.
func (t *Tx) SchoolOfChat(ctx context.Context, ch flows.Channel, chat string) (int64, error) {
	var id int64
	err := sqlx.GetContext(ctx, t.q, &id, `
		SELECT school_id FROM chat_groups WHERE channel = $1 AND chat_id = $2 LIMIT 1`, string(ch), chat)
	return id, wrap("school of chat", err)
}

// MigrateChat implements bot.Chats: a Telegram group upgraded to a
// supergroup gets a new id; every reference to the old one moves.
func (d *DB) MigrateChat(ctx context.Context, ch flows.Channel, from, to string) error {
	return d.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, q := range []string{
			`UPDATE chat_groups SET chat_id = $3 WHERE channel = $1 AND chat_id = $2
			   AND NOT EXISTS (SELECT 1 FROM chat_groups g WHERE g.channel = $1 AND g.chat_id = $3 AND g.purpose = chat_groups.purpose)`,
			`DELETE FROM chat_groups WHERE channel = $1 AND chat_id = $2`,
			`UPDATE cards SET chat_id = $3 WHERE channel = $1 AND chat_id = $2
			   AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.channel = $1 AND c.chat_id = $3 AND c.ref = cards.ref)`,
			`UPDATE outbox SET chat_id = $3 WHERE channel = $1 AND chat_id = $2 AND status = 'pending'`,
		} {
			if _, err := tx.ExecContext(ctx, q, string(ch), from, to); err != nil {
				return wrap("migrate chat", err)
			}
		}
		return nil
	})
}

// SetChatGroup names a chat as one of a school's groups for purpose.
func (t *Tx) SetChatGroup(ctx context.Context, schoolID int64, ch flows.Channel, chat, purpose string) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO chat_groups (school_id, channel, chat_id, purpose) VALUES ($1, $2, $3, $4)
		ON CONFLICT (channel, chat_id, purpose) DO UPDATE SET school_id = EXCLUDED.school_id`, schoolID, string(ch), chat, purpose)
	return wrap("set chat group", err)
}

// RemoveChatGroup forgets a chat group.
func (t *Tx) RemoveChatGroup(ctx context.Context, schoolID int64, ch flows.Channel, chat, purpose string) error {
	_, err := t.q.ExecContext(ctx, `
		DELETE FROM chat_groups WHERE school_id = $1 AND channel = $2 AND chat_id = $3 AND purpose = $4`, schoolID, string(ch), chat, purpose)
	return wrap("remove chat group", err)
}

// ChatGroup is a school's named group chat.
type ChatGroup struct {
	SchoolID int64  `db:"school_id" json:"school_id"`
	Channel  string `db:"channel" json:"channel"`
	ChatID   string `db:"chat_id" json:"chat_id"`
	Purpose  string `db:"purpose" json:"purpose"`
}

// ChatGroups lists a school's named group chats.
func (t *Tx) ChatGroups(ctx context.Context, schoolID int64) ([]ChatGroup, error) {
	var gs []ChatGroup
	err := sqlx.SelectContext(ctx, t.q, &gs, `
		SELECT school_id, channel, chat_id, purpose FROM chat_groups WHERE school_id = $1 ORDER BY purpose, chat_id`, schoolID)
	return gs, wrap("chat groups", err)
}
