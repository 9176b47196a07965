package wecom

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// Group addresses. A school's WeCom group is named with `houqin school
// wecom-group`, which keeps one of these as the group's chat id:
//
//	robot:KEY      a group robot (群机器人), KEY from its webhook URL
//	appchat:CHATID an app chat (应用群聊) the app created (appchat/create)
//
// A robot is what a school can set up in any group in a minute; it posts
// text only (no buttons that come back), so group notifications carry
// their typed commands, as on every channel.
const (
	robotPrefix   = "robot:"
	appchatPrefix = "appchat:"
)

// Card limits, from WeCom's template card documentation (建议不超过):
// the title 36 characters, the description 44, the sub-title text 112,
// a button's text 10, at most 6 buttons.
const (
	maxTitle      = 36
	maxDesc       = 44
	maxSubtitle   = 112
	maxButtonText = 10
	maxButtons    = 6
)

// Send delivers one outbox notification: to a member, as a template card
// with buttons when the notification offers choices and as text
// otherwise; to a group, through its robot or app chat, as text.
//
// It returns an error wrapping bot.ErrUndeliverable when retrying cannot
// help (an unknown or invisible member, a removed robot, an unknown chat);
// a *bot.RetryError when WeCom's quota is used up; any other error is
// transient (a network error, WeCom busy, the server outside the 企业可信IP
// list — a configuration error that an admin fixes, after which the
// queued notifications still go out).
func (c *Channel) Send(ctx context.Context, item flows.OutboxItem) error {
	if item.Channel != "" && item.Channel != flows.ChannelWeCom {
		return fmt.Errorf("wecom: outbox %d is for channel %q: %w", item.ID, item.Channel, bot.ErrUndeliverable)
	}
	if item.Address == "" {
		return fmt.Errorf("wecom: outbox %d has no address: %w", item.ID, bot.ErrUndeliverable)
	}
	text := notificationText(item.Notification)
	if item.IsGroup {
		return c.classify(c.sendGroup(ctx, item.Address, text))
	}
	if len(item.Buttons) > 0 {
		return c.classify(c.sendCard(ctx, item))
	}
	return c.classify(c.sendText(ctx, item.Address, text))
}

// classify maps WeCom's error codes to the outbox worker's vocabulary.
func (c *Channel) classify(err error) error {
	var ae *APIError
	if err == nil || !errors.As(err, &ae) {
		return err
	}
	switch ae.Code {
	case codeInvalidUserID, codeUserNotFound, codeNoVisibleUser, codeInvalidChatID, codeRobotInvalid, codeRobotForbidden:
		// The member left or is outside the app's 可见范围, or the
		// group's robot or chat is gone: the worker tells the sender's
		// side.
		return fmt.Errorf("%w: %w", bot.ErrUndeliverable, ae)
	case codeDailyQuota:
		return &bot.RetryError{After: time.Hour, Err: ae}
	case codeConcurrency:
		return &bot.RetryError{After: time.Minute, Err: ae}
	case codeUntrustedIP:
		c.log.Error("wecom: this server's IP is not in the app's 企业可信IP list; nothing can be sent until it is added", "errcode", ae.Code)
	}
	return ae
}

// sendAnswer is message/send's answer: a member who cannot receive it is
// listed instead of an error. A button card's answer carries the code
// that can update that card once, within 72 hours (supersede).
type sendAnswer struct {
	apiAnswer
	InvalidUser  string `json:"invaliduser"`
	ResponseCode string `json:"response_code"`
}

// send posts one application message to a member.
func (c *Channel) send(ctx context.Context, user string, msg map[string]any) error {
	_, err := c.sendFor(ctx, user, msg)
	return err
}

// sendFor is send, returning the message's response_code.
func (c *Channel) sendFor(ctx context.Context, user string, msg map[string]any) (string, error) {
	msg["touser"] = user
	msg["agentid"] = c.cfg.AgentID
	var out sendAnswer
	if err := c.call(ctx, "message/send", "/cgi-bin/message/send", nil, msg, &out); err != nil {
		return "", err
	}
	if out.InvalidUser != "" {
		return "", &APIError{Op: "message/send", Code: codeUserNotFound, Msg: "invaliduser"}
	}
	return out.ResponseCode, nil
}

// sendText sends text as application messages, split to WeCom's size.
func (c *Channel) sendText(ctx context.Context, user, text string) error {
	for _, part := range splitText(text) {
		if err := c.send(ctx, user, map[string]any{"msgtype": "text", "text": map[string]string{"content": part}}); err != nil {
			return err
		}
	}
	return nil
}

// sendImage sends a WeCom media reference as an image message.
func (c *Channel) sendImage(ctx context.Context, user, mediaID string) error {
	return c.send(ctx, user, map[string]any{"msgtype": "image", "image": map[string]string{"media_id": mediaID}})
}

// sendCard sends a notification with buttons as a button_interaction
// template card. The card shows the first line as its title and the rest
// as its text; when the text is longer than a card shows, the whole text
// goes first as a text message, so nothing is cut away. The buttons'
// data are kept under the card's task_id (see saveCard).
func (c *Channel) sendCard(ctx context.Context, item flows.OutboxItem) error {
	n := item.Notification
	title, rest, _ := strings.Cut(strings.TrimSpace(n.Text), "\n")
	rest = strings.TrimSpace(rest)
	if utf8.RuneCountInString(title) > maxTitle || utf8.RuneCountInString(rest) > maxSubtitle {
		if err := c.sendText(ctx, item.Address, notificationText(n)); err != nil {
			return err
		}
		rest = "请选择下面的操作，或按上一条消息的提示回复文字。"
	}
	taskID, err := newTaskID()
	if err != nil {
		return err
	}
	buttons := n.Buttons
	if len(buttons) > maxButtons {
		buttons = buttons[:maxButtons]
	}
	list := make([]map[string]any, len(buttons))
	for i, b := range buttons {
		style := 2 // grey
		if i == 0 {
			style = 1 // blue: the first choice is the expected one
		}
		list[i] = map[string]any{"text": clip(b.Label, maxButtonText), "style": style, "key": fmt.Sprintf("b%d", i)}
	}
	card := map[string]any{
		"card_type":   "button_interaction",
		"source":      map[string]any{"desc": "后勤"},
		"main_title":  map[string]string{"title": clip(title, maxTitle), "desc": clip(c.topic(n.Kind), maxDesc)},
		"task_id":     taskID,
		"button_list": list,
	}
	if rest != "" {
		card["sub_title_text"] = clip(rest, maxSubtitle)
	}
	if n.Link != "" {
		card["card_action"] = map[string]any{"type": 1, "url": n.Link}
	}
	// The buttons are remembered first: a click can come back the moment
	// the card is shown.
	if err := c.saveCard(ctx, taskID, item.Address, buttons); err != nil {
		return fmt.Errorf("wecom: remember card: %w", err)
	}
	code, err := c.sendFor(ctx, item.Address, map[string]any{"msgtype": "template_card", "template_card": card})
	if err != nil {
		return err
	}
	c.supersede(ctx, item.Address, n.Ref, taskID, code)
	return nil
}

// Superseded cards.
//
// A member's newest card about a thing (the same Ref: a repair, a visit,
// a hazard) is the live one. When one is sent, the card sent to the same
// member about the same thing before it is greyed out
// (message/update_template_card with its response_code: its buttons
// become one disabled button, supersededLabel) and its buttons are
// forgotten, so a click on it answers staleCardText instead of acting on
// what the member was shown before. WeCom honours a response_code once and
// for 72 hours: an older card is not greyed, but its buttons are
// forgotten all the same. None of this can fail a delivery: the new card
// has been sent, and an error here would send it again.

// supersededLabel is what a superseded card's buttons become.
const supersededLabel = "已更新，请看新消息"

// liveCard is what the KV keeps of a member's live card about a thing.
type liveCard struct {
	Task string `json:"t"`
	Code string `json:"c"`
}

func liveKey(user, ref string) string { return "wecom:live:" + user + ":" + ref }

// supersede records card taskID (with its response_code) as user's live
// card about ref, and greys out and forgets the one it replaces.
func (c *Channel) supersede(ctx context.Context, user, ref, taskID, code string) {
	if ref == "" {
		return
	}
	key := liveKey(user, ref)
	if raw, err := c.kv.GetKV(ctx, key); err == nil {
		var old liveCard
		if json.Unmarshal([]byte(raw), &old) == nil && old.Task != "" && old.Task != taskID {
			if err := c.kv.DeleteKV(ctx, cardKey(old.Task)); err != nil {
				c.log.Warn("wecom: forget a superseded card", "err", err)
			}
			if old.Code != "" {
				body := map[string]any{"userids": []string{user}, "agentid": c.cfg.AgentID, "response_code": old.Code,
					"button": map[string]string{"replace_name": supersededLabel}}
				var out apiAnswer
				if err := c.call(ctx, "message/update_template_card", "/cgi-bin/message/update_template_card", nil, body, &out); err != nil {
					// Past its 72 hours, or used: the card stays as it
					// was, and its buttons answer staleCardText.
					c.log.Info("wecom: superseded card not greyed out", "err", err)
				}
			}
		}
	}
	raw, _ := json.Marshal(liveCard{Task: taskID, Code: code})
	if err := c.kv.PutKV(ctx, key, string(raw), c.now().Add(cardTTL)); err != nil {
		c.log.Warn("wecom: remember the live card", "err", err)
	}
}

// newTaskID is a card's task_id: unique per app, letters and digits.
func newTaskID() (string, error) {
	b := make([]byte, 9)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("wecom: task id: %w", err)
	}
	return "hq" + hex.EncodeToString(b), nil
}

// sendGroup posts text to a group by its address.
func (c *Channel) sendGroup(ctx context.Context, addr, text string) error {
	switch {
	case strings.HasPrefix(addr, robotPrefix):
		key := strings.TrimPrefix(addr, robotPrefix)
		for _, part := range splitText(text) {
			body := map[string]any{"msgtype": "text", "text": map[string]string{"content": part}}
			if err := c.do(ctx, "webhook/send", "/cgi-bin/webhook/send", url.Values{"key": {key}}, body, nil); err != nil {
				return err
			}
		}
		return nil
	case strings.HasPrefix(addr, appchatPrefix):
		chat := strings.TrimPrefix(addr, appchatPrefix)
		for _, part := range splitText(text) {
			body := map[string]any{"chatid": chat, "msgtype": "text", "text": map[string]string{"content": part}}
			if err := c.call(ctx, "appchat/send", "/cgi-bin/appchat/send", nil, body, nil); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("wecom: group address is neither robot:KEY nor appchat:CHATID: %w", bot.ErrUndeliverable)
}

// topic names a notification kind in Chinese, by the modules' topics.
func (c *Channel) topic(kind string) string { return callback.Topic(c.cfg.Topic, kind) }

// notificationText: see callback.NotificationText.
var notificationText = callback.NotificationText
