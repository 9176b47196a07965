package telegram

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/houqin/houqin/flows"
)

// What people read when something went wrong on our side.
const (
	apology      = "抱歉，系统暂时出了点问题，请稍后再试。"
	startPrivate = "请先私聊我并发送 /start，然后再回到群里。"
	seePrivate   = "（详见私聊）"
)

// process handles one update. Whatever goes wrong is logged here, once.
// When the update can come again (webhook mode: canRedeliver) and failed
// with nothing stored, it reports redeliver and the person hears nothing
// yet; otherwise the person gets a polite answer. Polling cannot ask for an
// update again (the library confirms it with the next getUpdates), so there
// a failure is answered with the apology at once.
func (c *Channel) process(upd *models.Update, canRedeliver bool) (out outcome) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("telegram: panic handling update", "update_id", upd.ID, "panic", r, "stack", string(debug.Stack()))
			out = handled
		}
	}()
	ctx, cancel := context.WithTimeout(c.base, c.cfg.HandleTimeout)
	defer cancel()
	switch {
	case upd.Message != nil:
		return c.onMessage(ctx, upd.ID, upd.Message, canRedeliver)
	case upd.CallbackQuery != nil:
		return c.onCallback(ctx, upd.ID, upd.CallbackQuery, canRedeliver)
	case upd.MyChatMember != nil:
		c.onMembership(upd.MyChatMember)
	}
	return handled
}

// dedupKey is the engine's idempotency key for an update. It is the
// update id for every kind of update (a callback query's own id is not
// needed): polling and webhook deliver the same update with the same id,
// and a redelivery after a failed webhook response has it too.
func dedupKey(updateID int64) string { return "u" + strconv.FormatInt(updateID, 10) }

func isGroup(t models.ChatType) bool {
	return t == models.ChatTypeGroup || t == models.ChatTypeSupergroup
}

func (c *Channel) onMessage(ctx context.Context, updateID int64, m *models.Message, canRedeliver bool) outcome {
	if m.MigrateToChatID != 0 {
		if err := c.migrated(ctx, m.Chat.ID, m.MigrateToChatID); err != nil && canRedeliver {
			return redeliver
		}
		return handled
	}
	if m.From == nil || m.From.IsBot {
		return handled // channel posts, anonymous admins, other bots
	}
	private := m.Chat.Type == models.ChatTypePrivate
	if !private && !isGroup(m.Chat.Type) {
		return handled
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	p := parseText(text, c.username)
	media := mediaOf(m)
	if !private {
		// With privacy mode on Telegram only sends commands, mentions and
		// replies anyway; this check keeps houqin quiet when privacy mode
		// is off, and ignores commands meant for other bots.
		toUs := p.Mentioned || p.ForUs ||
			(m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == c.botID)
		if !toUs {
			return handled
		}
		known, err := c.knownGroup(ctx, m.Chat.ID)
		if err != nil && canRedeliver {
			return redeliver
		}
		if !known {
			return handled
		}
		if p.Text == "" && len(media) == 0 {
			p.Text = flows.WordHelp // a bare "@bot": show what it can do
		}
	}
	if p.Text == "" && len(media) == 0 {
		return handled // stickers, service messages: nothing to say
	}
	at := c.now()
	if m.Date > 0 {
		at = time.Unix(int64(m.Date), 0)
	}
	msg := flows.Message{
		Channel:      flows.ChannelTelegram,
		ExternalUser: strconv.FormatInt(m.From.ID, 10),
		Chat:         strconv.FormatInt(m.Chat.ID, 10),
		Text:         p.Text,
		Media:        media,
		DedupKey:     dedupKey(updateID),
		At:           at,
	}
	replies, err := c.call(ctx, msg)
	if err != nil {
		// Nothing was stored. A message sent a while ago, or a flow that
		// panics (it would again), is given up on with the apology.
		if canRedeliver && !errors.Is(err, flows.ErrPanic) && c.now().Sub(at) < redeliverFor {
			c.log.Info("telegram: update left for redelivery", "update_id", updateID)
			return redeliver
		}
		replies = []flows.Reply{{Text: apology}}
	}
	if private {
		c.reply(ctx, m.Chat.ID, replies)
		return handled
	}
	// In a group the conversation continues privately: a report takes
	// several steps, and the group should not read them.
	if err := c.reply(ctx, m.From.ID, replies); errors.Is(err, tgbot.ErrorForbidden) {
		// The person never started the bot (or blocked it); bots cannot
		// write first. Tell them in the group, under their message.
		c.send(ctx, m.Chat.ID, flows.Reply{Text: startPrivate}, &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true})
	}
	return handled
}

// onCallback handles a button press. Unlike a message, a failed press is
// answered with the apology at once rather than left to redelivery: the
// press must be answered within seconds (the button spins until then), the
// alert tells the person to press again, and nothing was stored. Only a
// failed group lookup, before anything is shown, is left to redelivery.
func (c *Channel) onCallback(ctx context.Context, updateID int64, q *models.CallbackQuery, canRedeliver bool) outcome {
	var chat models.Chat
	switch {
	case q.Message.Message != nil:
		chat = q.Message.Message.Chat
	case q.Message.InaccessibleMessage != nil:
		chat = q.Message.InaccessibleMessage.Chat
	default:
		c.answer(ctx, q.ID, "", false) // inline-mode message: not ours
		return handled
	}
	private := chat.Type == models.ChatTypePrivate
	if !private {
		known := false
		if isGroup(chat.Type) {
			var err error
			if known, err = c.knownGroup(ctx, chat.ID); err != nil && canRedeliver {
				return redeliver
			}
		}
		if !known {
			c.answer(ctx, q.ID, "", false)
			return handled
		}
	}
	msg := flows.Message{
		Channel:      flows.ChannelTelegram,
		ExternalUser: strconv.FormatInt(q.From.ID, 10),
		Chat:         strconv.FormatInt(chat.ID, 10),
		Button:       q.Data,
		DedupKey:     dedupKey(updateID),
		At:           c.now(),
	}
	replies, err := c.call(ctx, msg)
	if err != nil {
		c.answer(ctx, q.ID, apology, true)
		return handled
	}
	if private {
		// Stop the button's spinner first, then answer in the chat.
		c.answer(ctx, q.ID, "", false)
		c.reply(ctx, chat.ID, replies)
		return handled
	}
	// A tap on a card in a group. The card itself is edited through the
	// outbox, for everyone to see; the tapper learns the outcome from the
	// callback answer. Convention: a single reply without buttons is the
	// whole answer (the engine refuses a tap with one such line: "这个任务
	// 不是派给你的"), shown as an alert, which stays until dismissed — a
	// toast vanishes in two seconds and a refusal must not be missed.
	// Replies with buttons or several replies continue a conversation,
	// which belongs in the private chat: they go there, and the first
	// line shows as a toast.
	switch {
	case len(replies) == 0:
		c.answer(ctx, q.ID, "", false)
	case len(replies) == 1 && len(replies[0].Buttons) == 0 && replies[0].Image == "" && utf16Len(replies[0].Text) <= maxAnswer:
		c.answer(ctx, q.ID, replies[0].Text, true)
	default:
		if err := c.reply(ctx, q.From.ID, replies); errors.Is(err, tgbot.ErrorForbidden) {
			c.answer(ctx, q.ID, startPrivate, true)
			return handled
		}
		first, _, _ := strings.Cut(replies[0].Text, "\n")
		c.answer(ctx, q.ID, truncate(first, maxAnswer-utf16Len(seePrivate))+seePrivate, false)
	}
	return handled
}

// onMembership logs when the bot is added to or removed from a group, with
// the chat id the school needs for `houqin school telegram-group`.
func (c *Channel) onMembership(u *models.ChatMemberUpdated) {
	if !isGroup(u.Chat.Type) {
		return
	}
	switch u.NewChatMember.Type {
	case models.ChatMemberTypeMember, models.ChatMemberTypeAdministrator:
		c.log.Info("telegram: bot added to a group; name it for a school with houqin school telegram-group --chat",
			"chat", u.Chat.ID, "title", u.Chat.Title)
	case models.ChatMemberTypeLeft, models.ChatMemberTypeBanned:
		c.log.Warn("telegram: bot removed from a group", "chat", u.Chat.ID, "title", u.Chat.Title)
	}
}

// migrated follows a group that became a supergroup (it gets a new id). It
// returns an error when the change could not be recorded (logged here).
func (c *Channel) migrated(ctx context.Context, from, to int64) error {
	known, err := c.knownGroup(ctx, from)
	if !known {
		return err
	}
	if err := c.chats.MigrateChat(ctx, flows.ChannelTelegram, strconv.FormatInt(from, 10), strconv.FormatInt(to, 10)); err != nil {
		c.log.Error("telegram: migrate group chat id", "from", from, "to", to, "err", err)
		return err
	}
	c.log.Info("telegram: group became a supergroup; chat id updated", "from", from, "to", to)
	return nil
}

// knownGroup reports whether a school named the group. Groups nobody named
// are ignored without a word (anyone can add a bot to a group); each is
// logged once, with the id an administrator would need. An error (logged
// here) means the lookup failed and says nothing about the group.
func (c *Channel) knownGroup(ctx context.Context, chat int64) (bool, error) {
	_, err := c.chats.SchoolOfChat(ctx, flows.ChannelTelegram, strconv.FormatInt(chat, 10))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, flows.ErrNotFound):
		if _, seen := c.unknown.LoadOrStore(chat, true); !seen {
			c.log.Info("telegram: ignoring a group no school named", "chat", chat)
		}
		return false, nil
	default:
		c.log.Error("telegram: look up group chat", "chat", chat, "err", err)
		return false, err
	}
}

// call runs the engine, turning a panic into an error. Errors are logged
// here, once.
func (c *Channel) call(ctx context.Context, msg flows.Message) (replies []flows.Reply, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("telegram: handler panicked", "dedup", msg.DedupKey, "user", msg.ExternalUser,
				"panic", r, "stack", string(debug.Stack()))
			replies, err = nil, fmt.Errorf("telegram: handler: %w: %v", flows.ErrPanic, r)
		}
	}()
	replies, err = c.h.Handle(ctx, msg)
	if err != nil {
		c.log.Error("telegram: handle message", "dedup", msg.DedupKey, "user", msg.ExternalUser, "chat", msg.Chat, "err", err)
	}
	return replies, err
}

// mediaOf lists a message's attachments: the largest size of a photo (the
// one worth keeping as evidence), a voice note, a location.
func mediaOf(m *models.Message) []flows.Media {
	var media []flows.Media
	if len(m.Photo) > 0 {
		best := m.Photo[0]
		for _, p := range m.Photo[1:] {
			if p.Width*p.Height > best.Width*best.Height ||
				(p.Width*p.Height == best.Width*best.Height && p.FileSize > best.FileSize) {
				best = p
			}
		}
		media = append(media, flows.Media{Kind: "image", Ref: best.FileID})
	}
	if m.Voice != nil {
		media = append(media, flows.Media{Kind: "voice", Ref: m.Voice.FileID})
	}
	if m.Location != nil {
		media = append(media, flows.Media{Kind: "location",
			Ref: strconv.FormatFloat(m.Location.Latitude, 'f', 6, 64) + "," + strconv.FormatFloat(m.Location.Longitude, 'f', 6, 64)})
	}
	return media
}
