package wechat

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// window is how long after a follower's last message the account may send
// them customer-service messages.
const window = 48 * time.Hour

// maxText is the most bytes houqin puts in one text message. WeChat
// documents 2048 bytes for a passive text reply; customer-service texts are
// kept to the same size.
const maxText = 2000

// Send delivers one outbox notification: a customer-service message while
// the recipient is inside WeChat's 48-hour window, otherwise (or when
// WeChat says the window or its quota is used up) a template message.
//
// It returns an error wrapping bot.ErrUndeliverable for group items (an
// official account cannot post to group chats) and unfollowed or refusing
// recipients; a *bot.ConfigError when no template is configured or WeChat
// rejects the template (see templates.go); a *bot.RetryError when the
// account's daily API quota is used up; any other error is transient.
func (c *Channel) Send(ctx context.Context, item flows.OutboxItem) error {
	if item.IsGroup {
		return fmt.Errorf("wechat: outbox %d: %w: wechat has no group chats", item.ID, bot.ErrUndeliverable)
	}
	if item.Channel != "" && item.Channel != flows.ChannelWeChat {
		return fmt.Errorf("wechat: outbox %d is for channel %q: %w", item.ID, item.Channel, bot.ErrUndeliverable)
	}
	if item.Address == "" {
		return fmt.Errorf("wechat: outbox %d has no OpenID: %w", item.ID, bot.ErrUndeliverable)
	}
	if c.inWindow(item.LastSeen) {
		err := c.sendText(ctx, item.Address, notificationText(item.Notification))
		if err == nil {
			c.attachPhoto(ctx, item)
		}
		var ae *APIError
		if err == nil || !errors.As(err, &ae) {
			return err
		}
		switch ae.Code {
		case codeOutOfWindow, codeCustomQuota, codeDailyQuota:
			// The window closed early (the follower's clock and ours
			// differ) or the per-window quota is spent: a template
			// message still reaches them.
			c.log.Info("wechat: customer message refused, sending a template instead", "outbox", item.ID, "errcode", ae.Code)
		default:
			return c.classify(err)
		}
	}
	return c.classify(c.sendTemplate(ctx, item))
}

// inWindow reports whether a follower last seen at t may still get
// customer-service messages.
func (c *Channel) inWindow(t time.Time) bool {
	return !t.IsZero() && c.now().Sub(t) < window
}

// classify maps WeChat's error codes to the outbox worker's vocabulary.
func (c *Channel) classify(err error) error {
	var ae *APIError
	var ce *bot.ConfigError
	if err == nil || errors.As(err, &ce) || !errors.As(err, &ae) {
		return err
	}
	switch ae.Code {
	case codeUnsubscribed, codeRefused, codeInvalidOpenID, codeArgumentInvalid:
		// Retrying cannot help: the follower left or refuses (a template
		// WeChat rejects is a *bot.ConfigError, see sendTemplate). The
		// worker tells the sender's side.
		return fmt.Errorf("%w: %w", bot.ErrUndeliverable, ae)
	case codeDailyQuota:
		// Daily quotas reset at midnight Beijing time.
		return &bot.RetryError{After: untilQuotaReset(c.now()), Err: ae}
	}
	return ae
}

// untilQuotaReset is the time from now to just after the next midnight in
// Beijing, when WeChat resets daily API quotas.
func untilQuotaReset(now time.Time) time.Duration {
	t := now.In(flows.LoadLocation("Asia/Shanghai"))
	next := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 1, 0, 0, t.Location())
	return next.Sub(t)
}

// call runs one SDK API call. When WeChat says the access token is invalid
// or expired it drops the cached token and tries once more; the SDK's
// errors are returned as *APIError or with credentials scrubbed.
func (c *Channel) call(ctx context.Context, op string, f func() error) error {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("wechat: %s: %w", op, err)
		}
		// The SDK fetches the token itself, from the same cache; fetching it
		// here first tells Invalidate which token turned out bad.
		tok, err := c.token.GetAccessTokenContext(ctx)
		if err != nil {
			return err
		}
		err = f()
		if err == nil {
			return nil
		}
		ae, ok := apiError(op, err)
		if !ok {
			return fmt.Errorf("wechat: %s: %w", op, scrubbed(err))
		}
		if tokenInvalid(ae.Code) && attempt == 0 {
			c.log.Info("wechat: access token rejected, fetching a new one", "op", op, "errcode", ae.Code)
			if err := c.token.Invalidate(ctx, tok); err != nil {
				return fmt.Errorf("wechat: %s: drop access token: %w", op, err)
			}
			continue
		}
		return ae
	}
}

// sendText sends text as customer-service messages, split to WeChat's size.
func (c *Channel) sendText(ctx context.Context, openID, text string) error {
	for _, part := range splitText(text, maxText) {
		err := c.call(ctx, "custom send", func() error {
			return c.custom.Send(message.NewCustomerTextMessage(openID, part))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// sendImage sends a media reference as a customer-service image message.
func (c *Channel) sendImage(ctx context.Context, openID, mediaID string) error {
	return c.call(ctx, "custom send", func() error {
		return c.custom.Send(message.NewCustomerImgMessage(openID, mediaID))
	})
}

// sendTemplate sends the notification as a template message: with a
// mapping's typed fields when one serves the kind, else with the classic
// first/keyword1–3/remark fields. A failure the configuration is to blame
// for (no template, an unknown template id, fields the template does not
// have) is a *bot.ConfigError, never an undeliverable recipient.
func (c *Channel) sendTemplate(ctx context.Context, item flows.OutboxItem) error {
	tpl, ok := c.template(item.Kind)
	if !ok {
		err := fmt.Errorf("wechat: outbox %d (%s): recipient is outside the 48-hour window and no template is configured", item.ID, item.Kind)
		return c.reportConfig(ctx, "no template", "公众号没有配置模板消息（config 的 [wechat.templates]），超过 48 小时没有给公众号发过消息的人收不到任何通知。", err)
	}
	data := templateData(item.Notification, c.topic(item.Kind), c.now())
	if tpl.mapping != nil {
		data = mappedData(tpl.mapping, item.Notification, c.topic(item.Kind), item.Queued, c.now())
	}
	msg := &message.TemplateMessage{
		ToUser:     item.Address,
		TemplateID: tpl.id,
		URL:        item.Link,
		Data:       data,
	}
	if item.ID != 0 {
		// WeChat sends one message per openid+client_msg_id within 10
		// minutes: a retry after a lost response is not a second message.
		msg.ClientMsgID = fmt.Sprintf("houqin-outbox-%d", item.ID)
	}
	err := c.call(ctx, "template send", func() error {
		_, err := c.tpl.Send(msg)
		return err
	})
	return c.configError(ctx, tpl, item.Kind, err)
}

// templateData maps a notification onto the classic template fields, so
// one template ("工作任务提醒"-like: 事项 / 内容 / 时间) serves every kind:
//
//	first     the notification's first line
//	keyword1  what it is about (报修, 来访, 留样 ...)
//	keyword2  the first line again, cut to 20 characters (a "thing" field's limit)
//	keyword3  the time, Beijing time
//	remark    where to see more
//
// Newer templates ignore first and remark and show the keywords only.
func templateData(n flows.Notification, topic string, now time.Time) map[string]*message.TemplateDataItem {
	first, _, _ := strings.Cut(strings.TrimSpace(n.Text), "\n")
	remark := "回复“我的”查看详情"
	if n.Link != "" {
		remark = "点击查看详情"
	}
	item := func(v string) *message.TemplateDataItem { return &message.TemplateDataItem{Value: v} }
	return map[string]*message.TemplateDataItem{
		"first":    item(first),
		"keyword1": item(topic),
		"keyword2": item(truncate(first, 20)),
		"keyword3": item(now.In(flows.LoadLocation("Asia/Shanghai")).Format("2006-01-02 15:04")),
		"remark":   item(remark),
	}
}

// topic names a notification kind in Chinese, by the modules' topics.
func (c *Channel) topic(kind string) string { return callback.Topic(c.cfg.Topic, kind) }

// notificationText: see callback.NotificationText.
var notificationText = callback.NotificationText

// truncate cuts s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// splitText splits s into parts of at most max bytes (callback.SplitText).
var splitText = callback.SplitText
