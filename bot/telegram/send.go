package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// Bot API limits, in UTF-16 code units for texts, bytes for callback data.
const (
	maxText    = 4096
	maxCaption = 1024
	maxAnswer  = 200
	maxData    = 64
)

// maxSendWait is how long Send waits for the in-process rate limiter.
// Longer waits are handed back to the outbox worker as a RetryError, so a
// busy group does not hold the worker (and its claimed rows) for minutes.
const maxSendWait = 2 * time.Second

// maxReplyRetry is the longest 429 retry_after a reply to the writer waits
// out; replies are not in the outbox, so they get one retry.
const maxReplyRetry = 5 * time.Second

var errRateLimited = errors.New("telegram: in-process rate limit")

// Send delivers one outbox item (bot.Sender). A group item about a Ref
// that already has a card in that chat edits the card in place; otherwise a
// new message is posted and, for a group, remembered as the Ref's card.
//
// Outcomes: 429 → *bot.RetryError with Telegram's retry_after; 403 (bot
// blocked, kicked from the group) and other 400s → wraps
// bot.ErrUndeliverable; "message is not modified" → nil; a group that
// became a supergroup → the chat id is migrated and the item resent once;
// 5xx and network errors → a plain (transient) error.
func (c *Channel) Send(ctx context.Context, item flows.OutboxItem) error {
	chat, err := strconv.ParseInt(item.Address, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram: address %q is not a chat id: %w", item.Address, bot.ErrUndeliverable)
	}
	err = c.deliver(ctx, chat, item)
	var mig *tgbot.MigrateError
	if errors.As(err, &mig) && mig.MigrateToChatID != 0 {
		to := int64(mig.MigrateToChatID)
		if err := c.chats.MigrateChat(ctx, flows.ChannelTelegram, item.Address, strconv.FormatInt(to, 10)); err != nil {
			return fmt.Errorf("telegram: migrate chat %d to %d: %w", chat, to, err)
		}
		c.log.Info("telegram: group became a supergroup; chat id updated", "from", chat, "to", to)
		err = c.deliver(ctx, to, item)
	}
	return c.classify(chat, err)
}

func (c *Channel) deliver(ctx context.Context, chat int64, item flows.OutboxItem) error {
	wait, ok := c.limit.reserve(chat, waitBudget(ctx))
	if !ok {
		return &bot.RetryError{After: wait, Err: errRateLimited}
	}
	if err := sleep(ctx, wait); err != nil {
		return err
	}
	markup := keyboard(item.Buttons)
	text := item.Text
	if link := absoluteURL(item.Link); link != "" {
		// In the text rather than as a URL button: Telegram refuses the
		// whole message over a URL it dislikes (an intranet host, say),
		// while a URL in text is merely not linked.
		text += "\n详情：" + link
	}
	text = truncate(text, maxText)
	card := item.IsGroup && item.Ref != ""
	address := strconv.FormatInt(chat, 10)
	if card {
		id, err := c.cards.Card(ctx, flows.ChannelTelegram, address, item.Ref)
		switch {
		case err == nil:
			msgID, convErr := strconv.Atoi(id)
			if convErr != nil {
				c.log.Warn("telegram: stored card id is not a message id; posting a new card", "chat", chat, "ref", item.Ref)
				break
			}
			_, err := c.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{
				ChatID: chat, MessageID: msgID, Text: text, ReplyMarkup: markup,
			})
			if err == nil || notModified(err) {
				return nil
			}
			if !errors.Is(err, tgbot.ErrorBadRequest) {
				return err
			}
			// "message to edit not found" (someone deleted the card) or
			// "message can't be edited": the news still has to reach
			// the group, as a new card.
			c.log.Info("telegram: card cannot be edited; posting a new one", "chat", chat, "ref", item.Ref, "err", c.scrub(err))
		case errors.Is(err, flows.ErrNotFound):
		default:
			return fmt.Errorf("telegram: look up card %s in %d: %w", item.Ref, chat, err)
		}
	}
	if photo := c.photoOf(ctx, item); photo != nil && !card && utf16Len(text) <= maxCaption {
		if sent, err := c.postPhoto(ctx, chat, text, markup, photo); sent || err != nil {
			return err
		}
	}
	msg, err := c.post(ctx, chat, text, markup, "", nil)
	if err != nil {
		return err
	}
	if card {
		if err := c.cards.SaveCard(ctx, flows.ChannelTelegram, address, item.Ref, strconv.Itoa(msg.ID)); err != nil {
			// Delivered: failing the item now would post the card twice.
			// The cost is that the next update for Ref posts a new card.
			c.log.Error("telegram: save card", "chat", chat, "ref", item.Ref, "message", msg.ID, "err", err)
		}
	}
	return nil
}

// waitBudget is how long Send may wait for the rate limiter: maxSendWait,
// or less when ctx ends sooner (half its time left, the rest for the
// request). A longer wait goes back to the outbox as a RetryError, which
// is not an attempt; waiting it out until ctx ends would be one, and a
// timed-out request that may have reached Telegram besides.
func waitBudget(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return min(maxSendWait, time.Until(dl)/2)
	}
	return maxSendWait
}

// classify maps a Bot API error to the bot.Sender contract.
func (c *Channel) classify(chat int64, err error) error {
	if err == nil {
		return nil
	}
	var retry *bot.RetryError
	if errors.As(err, &retry) {
		return err
	}
	err = c.scrub(err)
	var tooMany *tgbot.TooManyRequestsError
	var mig *tgbot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		after := time.Duration(tooMany.RetryAfter) * time.Second
		if after <= 0 {
			after = time.Second
		}
		c.limit.penalize(chat, after)
		return &bot.RetryError{After: after, Err: fmt.Errorf("telegram: send to %d: %w", chat, err)}
	case notModified(err):
		return nil
	case errors.Is(err, tgbot.ErrorForbidden), errors.Is(err, tgbot.ErrorBadRequest), errors.As(err, &mig):
		// Blocked, kicked, chat gone, or a request Telegram will refuse
		// again: retrying cannot help.
		return fmt.Errorf("telegram: send to %d: %w: %w", chat, bot.ErrUndeliverable, err)
	default:
		// 5xx, network, 401 after a token change: worth retrying, the
		// outbox backs off.
		return fmt.Errorf("telegram: send to %d: %w", chat, err)
	}
}

func notModified(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "message is not modified")
}

// reply sends replies to a chat in order. It stops at the first failure
// and returns it unclassified, so callers can tell 403 apart; failures are
// logged here.
func (c *Channel) reply(ctx context.Context, chat int64, replies []flows.Reply) error {
	for _, r := range replies {
		if err := c.send(ctx, chat, r, nil); err != nil {
			return err
		}
	}
	return nil
}

// send sends one reply to the person who wrote, keeping to the rate limits
// and waiting out one short 429.
func (c *Channel) send(ctx context.Context, chat int64, r flows.Reply, to *models.ReplyParameters) error {
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		wait, _ := c.limit.reserve(chat, time.Hour)
		if err = sleep(ctx, wait); err != nil {
			break
		}
		_, err = c.post(ctx, chat, truncate(r.Text, maxText), keyboard(r.Buttons), r.Image, to)
		var tooMany *tgbot.TooManyRequestsError
		if !errors.As(err, &tooMany) || time.Duration(tooMany.RetryAfter)*time.Second > maxReplyRetry {
			break
		}
		c.limit.penalize(chat, time.Duration(tooMany.RetryAfter)*time.Second)
	}
	switch {
	case err == nil:
	case errors.Is(err, tgbot.ErrorForbidden):
		c.log.Info("telegram: cannot write to chat (not started or blocked)", "chat", chat)
	default:
		c.log.Warn("telegram: send reply", "chat", chat, "err", c.scrub(err))
	}
	return err
}

// post sends a text, or a photo with the text as caption when image is set
// (falling back to the text alone when Telegram refuses the image).
func (c *Channel) post(ctx context.Context, chat int64, text string, markup models.ReplyMarkup, image string, to *models.ReplyParameters) (*models.Message, error) {
	if image != "" && utf16Len(text) <= maxCaption {
		msg, err := c.api.SendPhoto(ctx, &tgbot.SendPhotoParams{
			ChatID: chat, Photo: &models.InputFileString{Data: image}, Caption: text,
			ReplyMarkup: markup, ReplyParameters: to,
		})
		if err == nil || !errors.Is(err, tgbot.ErrorBadRequest) {
			return msg, err
		}
		c.log.Info("telegram: image refused; sending the text alone", "chat", chat, "err", c.scrub(err))
	}
	if text == "" {
		text = "…" // Telegram refuses an empty message
	}
	return c.api.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID: chat, Text: text, ReplyMarkup: markup, ReplyParameters: to,
	})
}

// answer answers a callback query, which stops the button's spinner;
// every callback query is answered, even with nothing to say.
func (c *Channel) answer(ctx context.Context, id, text string, alert bool) {
	_, err := c.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{
		CallbackQueryID: id, Text: truncate(text, maxAnswer), ShowAlert: alert && text != "",
	})
	if err != nil {
		// Usually "query is too old": the person sees a spinner time out.
		c.log.Info("telegram: answer callback query", "err", c.scrub(err))
	}
}

// inlineKeyboard is Telegram's InlineKeyboardMarkup with callback buttons
// only. The library's models.InlineKeyboardButton always serializes
// copy_text (a struct under omitempty), sending "copy_text":{"text":""} on
// every button, which the Bot API may refuse (BUTTON_COPY_TEXT_INVALID,
// go-telegram/bot#167); this type sends exactly what the API documents.
type inlineKeyboard struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// keyboard lays the buttons out as an inline keyboard: short labels share a
// row (接单 / 完成 / 修不好), long ones get a row each. It returns nil (no
// markup) when there are no buttons.
func keyboard(buttons []flows.Button) models.ReplyMarkup {
	if len(buttons) == 0 {
		return nil
	}
	var rows [][]inlineButton
	var row []inlineButton
	width := 0
	for _, b := range buttons {
		label := b.Label
		if label == "" {
			label = b.Data
		}
		w := utf8.RuneCountInString(label)
		if len(row) > 0 && (len(row) == 3 || width+w > 12) {
			rows = append(rows, row)
			row, width = nil, 0
		}
		row = append(row, inlineButton{Text: truncate(label, 64), CallbackData: callbackData(b)})
		width += w
	}
	return &inlineKeyboard{InlineKeyboard: append(rows, row)}
}

// absoluteURL returns link if it is an absolute http(s) URL, else "".
func absoluteURL(link string) string {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return link
}

// callbackData is the button's data within Telegram's 1 to 64 bytes. The
// engine promises ≤ 64; should it break the promise, the data is cut at a
// character boundary rather than have Telegram refuse the whole message
// (the cut data then fails to match and the engine asks again).
func callbackData(b flows.Button) string {
	d := b.Data
	if d == "" {
		d = b.Label // typed labels work too
	}
	if d == "" {
		d = "-"
	}
	if len(d) <= maxData {
		return d
	}
	cut := maxData
	for cut > 0 && !utf8.RuneStart(d[cut]) {
		cut--
	}
	return d[:cut]
}

// utf16Len is a text's length as Telegram counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// truncate cuts s to at most max UTF-16 units, marking the cut with "…",
// and replaces invalid UTF-8, which Telegram refuses.
func truncate(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf16Len(s) <= max {
		return s
	}
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max-1 {
			return s[:i] + "…"
		}
		n += w
	}
	return s
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
