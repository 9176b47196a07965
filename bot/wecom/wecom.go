// Package wecom is houqin's WeCom (企业微信) channel, for a school's
// self-built app (自建应用): the callback server WeCom posts messages to
// (GET/POST /wecom), the translation of those messages into flows.Messages
// and of the engine's replies into passive replies, and the bot.Sender that
// delivers outbox notifications as application messages — template cards
// with buttons (button_interaction) where a notification offers choices,
// text otherwise — and to a school's group through a group robot (群机器人)
// or an app chat (应用群聊).
//
// The callback shares its rules with the official account's (bot/wechat),
// through bot/internal/callback: the signature, the replay window and
// single-use nonces, admission, and answering a message only once the
// engine has committed it. WeCom differs in that every callback is
// encrypted (there is no plaintext mode), the receiver id inside the
// ciphertext is the CorpID, and the URL verification's echostr is
// encrypted too.
//
// The API calls are plain HTTP on Config.APIBaseURL. The SDK
// (github.com/silenceper/wechat/v2/work) sends its calls through the one
// process-wide util.DefaultHTTPClient, which bot/wechat points at the
// official account's API host; sharing it would send WeCom's calls there.
// The SDK's AES helpers are used for the callback crypto.
package wecom

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// DefaultAPIBaseURL is WeCom's API host.
const DefaultAPIBaseURL = "https://qyapi.weixin.qq.com"

// DefaultHold is how long a callback waits for the engine at most: longer
// than WeCom's 5 seconds, as on the official account (see bot/wechat).
const DefaultHold = 6 * time.Second

const (
	// lateTimeout bounds the engine's handling of one message and the
	// sending of what did not fit in a passive reply.
	lateTimeout = 60 * time.Second
	// apiTimeout bounds one API call.
	apiTimeout = 15 * time.Second
	// maxText is the most bytes in one text message (WeCom: 2048).
	maxText = 2000
)

// Config configures a Channel.
type Config struct {
	CorpID         string // 企业ID (我的企业 → 企业信息)
	AgentID        int64  // the self-built app's AgentId
	Secret         string // the app's Secret
	Token          string // 接收消息 → Token
	EncodingAESKey string // 接收消息 → EncodingAESKey, 43 characters

	// APIBaseURL receives every outbound call (token, message/send,
	// media/get, user/getuserinfo, appchat/send, webhook/send). Default
	// DefaultAPIBaseURL.
	APIBaseURL string

	// Topic names a notification kind in Chinese for a card's title (报修,
	// 来访 ...). Nil or "" gives 后勤通知.
	Topic func(kind string) string

	// Hold, MaxInFlight and PerSender are as in bot/wechat.
	Hold        time.Duration
	MaxInFlight int
	PerSender   int

	// Now is the clock (the callbacks' timestamp window); default time.Now.
	Now func() time.Time
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.CorpID == "" {
		errs = append(errs, errors.New("wecom: corp_id is required"))
	}
	if c.AgentID <= 0 {
		errs = append(errs, errors.New("wecom: agent_id is required (the app's AgentId, a number)"))
	}
	if c.Secret == "" {
		errs = append(errs, errors.New("wecom: secret is required"))
	}
	if c.Token == "" {
		errs = append(errs, errors.New("wecom: token is required"))
	}
	if len(c.EncodingAESKey) != 43 {
		errs = append(errs, errors.New("wecom: encoding_aes_key must be 43 characters (WeCom callbacks are always encrypted)"))
	}
	if c.APIBaseURL != "" {
		u, err := url.Parse(c.APIBaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("wecom: api_base_url %q is not an http(s) URL", c.APIBaseURL))
		}
	}
	if c.Hold < 0 || c.Hold > lateTimeout {
		errs = append(errs, fmt.Errorf("wecom: hold must be between 0 and %s", lateTimeout))
	}
	if c.MaxInFlight < 0 || c.PerSender < 0 {
		errs = append(errs, errors.New("wecom: admission bounds must not be negative"))
	}
	return errors.Join(errs...)
}

// Store is what the channel keeps in PostgreSQL, shared by every houqin
// instance: the access token, the cards' buttons and the used callback
// nonces. *store.DB implements it.
type Store interface {
	bot.KV
	callback.Nonces
}

// Channel is the WeCom channel. It is an http.Handler for the callback URL,
// a bot.Sender for the outbox worker and a media.Fetcher for photos.
type Channel struct {
	cfg    Config
	kv     bot.KV
	log    *slog.Logger
	now    func() time.Time
	client *http.Client
	token  *tokenSource
	guard  *callback.Guard
	disp   *callback.Dispatcher

	late sync.WaitGroup // flights, late replies and nonce pruning in progress
}

var (
	_ http.Handler = (*Channel)(nil)
	_ bot.Sender   = (*Channel)(nil)
)

// New returns a Channel that hands inbound messages to h and keeps its
// state in st.
func New(cfg Config, h bot.Handler, st Store, log *slog.Logger) (*Channel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if h == nil || st == nil {
		return nil, errors.New("wecom: a handler and a store are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.APIBaseURL = strings.TrimRight(cfg.APIBaseURL, "/")
	if cfg.APIBaseURL == "" {
		cfg.APIBaseURL = DefaultAPIBaseURL
	}
	if cfg.Hold == 0 {
		cfg.Hold = DefaultHold
	}
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = 64
	}
	if cfg.PerSender == 0 {
		cfg.PerSender = 8
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Channel{
		cfg:    cfg,
		kv:     st,
		log:    log.With("channel", "wecom"),
		now:    cfg.Now,
		client: &http.Client{Timeout: apiTimeout},
	}
	c.token = &tokenSource{c: c, key: fmt.Sprintf("wecom:access_token:%s:%d", cfg.CorpID, cfg.AgentID)}
	c.guard = &callback.Guard{Channel: flows.ChannelWeCom, Token: cfg.Token, Nonces: st, Now: cfg.Now, Log: c.log, Late: &c.late,
		InTx: callback.ClaimsNonces(h)}
	c.disp = &callback.Dispatcher{Name: "wecom", Handler: h, Adm: callback.NewAdmission(cfg.MaxInFlight, cfg.PerSender),
		Hold: cfg.Hold, Timeout: lateTimeout, Log: c.log, Late: &c.late, Guard: c.guard}
	return c, nil
}

// Shutdown waits until the messages still in the engine have been handled
// and the replies still being sent have been delivered, or ctx ends.
func (c *Channel) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() { c.late.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }

func splitText(s string) []string { return callback.SplitText(s, maxText) }
