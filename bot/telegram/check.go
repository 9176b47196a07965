package telegram

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// BotCheck is what CheckBot found. MeErr is nil when getMe answered;
// Webhook and WebhookErr are only set then.
type BotCheck struct {
	Username   string // without "@"
	MeErr      error
	Webhook    models.WebhookInfo
	WebhookErr error
}

// CheckBot checks the bot's token for real, for `houqin doctor`: getMe,
// then getWebhookInfo (what Telegram knows of the webhook: its URL, the
// updates waiting, the last delivery error). It changes nothing: no
// webhook is set or deleted. Errors never contain the token; an
// unauthorized token is errors.Is(err, tgbot.ErrorUnauthorized).
func CheckBot(ctx context.Context, cfg Config) BotCheck {
	api := strings.TrimRight(cfg.APIURL, "/")
	if api == "" {
		api = DefaultAPIURL
	}
	c := &Channel{cfg: Config{Token: cfg.Token}}
	b, err := tgbot.New(cfg.Token, tgbot.WithServerURL(api), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(10*time.Second, &http.Client{Timeout: 15 * time.Second}))
	if err != nil {
		return BotCheck{MeErr: fmt.Errorf("telegram: %w", c.scrub(err))}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	me, err := b.GetMe(ctx)
	if err != nil {
		return BotCheck{MeErr: fmt.Errorf("telegram: getMe: %w", c.scrub(err))}
	}
	res := BotCheck{Username: me.Username}
	info, err := b.GetWebhookInfo(ctx)
	if err != nil {
		res.WebhookErr = fmt.Errorf("telegram: getWebhookInfo: %w", c.scrub(err))
	} else {
		res.Webhook = *info
	}
	return res
}
