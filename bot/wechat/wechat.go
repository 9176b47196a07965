// Package wechat is houqin's WeChat official-account (公众号) channel: the
// callback server WeChat posts messages to (GET/POST /wechat), the
// translation of those messages into flows.Messages and of the engine's
// replies into passive XML replies, and the bot.Sender that delivers outbox
// notifications as customer-service (客服) or template (模板) messages.
//
// It is built on github.com/silenceper/wechat/v2 v2.1.14: the SDK's message
// types, AES crypto and signature helpers on the inbound side, and its
// customer-service, template, menu and stable access-token APIs on the
// outbound side. The SDK's own callback server is not used, because it reads
// unbounded bodies, logs decrypted messages at debug level and panics when a
// write fails; see callback.go.
//
// Two pieces of SDK behaviour are process-wide and therefore set here once:
// the SDK sends every API call through util.DefaultHTTPClient (New installs a
// client whose transport rewrites the hard-coded https://api.weixin.qq.com to
// Config.APIBaseURL, so one process talks to one API base URL — the last
// Channel created wins), and it logs through logrus (New caps logrus at warn
// level, because at debug level the SDK prints whole decrypted messages).
package wechat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/basic"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/menu"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
	"github.com/sirupsen/logrus"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// DefaultAPIBaseURL is WeChat's API host.
const DefaultAPIBaseURL = "https://api.weixin.qq.com"

// DefaultHold is how long a callback waits for the engine at most. WeChat
// hangs up after 5 s without an answer and retries, which ends the wait
// sooner; the hold only matters when something between WeChat and houqin
// (a proxy) keeps the connection open after WeChat left, and it is longer
// than WeChat's 5 s so that houqin never cuts short an answer WeChat would
// still take. The handler's own overhead is well under a millisecond (see
// bench_test.go and README.md).
const DefaultHold = 6 * time.Second

// Default admission bounds (see admit.go).
const (
	// DefaultMaxInFlight is about three times the store's 20 database
	// connections: enough to keep them busy with messages from different
	// accounts, few enough that a flood is refused rather than queued.
	DefaultMaxInFlight = 64
	// DefaultPerSender lets a person send a few messages (photos) at once.
	DefaultPerSender = 8
)

const (
	// lateTimeout bounds the engine's handling of one message (which may
	// outlive its callback), and the customer-service send of what did not
	// fit in a passive reply.
	lateTimeout = 60 * time.Second
	// apiTimeout bounds one SDK HTTP call: the SDK's send functions take no
	// context, so the client timeout is the only bound they have.
	apiTimeout = 15 * time.Second
)

// Config configures a Channel.
type Config struct {
	AppID          string
	AppSecret      string
	Token          string // the callback Token set in the official-account console
	EncodingAESKey string // 43 characters; empty when only plaintext mode is used

	// APIBaseURL receives every outbound call (token, customer-service and
	// template messages, menu). Default DefaultAPIBaseURL.
	APIBaseURL string

	// Templates maps a notification Kind (e.g. "repair.assigned") to a
	// template id filled with the classic first/keyword1–3/remark fields;
	// "default" is used for kinds without their own.
	Templates map[string]string

	// Mappings are templates with typed fields ([wechat.templates.NAME]);
	// a mapping listing a kind wins over Templates (see Channel.template).
	Mappings []TemplateMapping

	// Topic names a notification kind in Chinese for a template's subject
	// field (报修, 来访 ...): flows.Topics of the modules houqin runs. Nil
	// or "" gives 后勤通知.
	Topic func(kind string) string

	// Hold is the longest a callback waits for the engine before it closes
	// the connection without an answer; default DefaultHold.
	Hold time.Duration

	// MaxInFlight bounds the messages in the engine at once, PerSender
	// those of one account; defaults DefaultMaxInFlight, DefaultPerSender.
	MaxInFlight int
	PerSender   int

	// Now is the clock (for the 48-hour window and the callbacks'
	// timestamp window); default time.Now.
	Now func() time.Time
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.AppID == "" {
		errs = append(errs, errors.New("wechat: app_id is required"))
	}
	if c.AppSecret == "" {
		errs = append(errs, errors.New("wechat: app_secret is required"))
	}
	if c.Token == "" {
		errs = append(errs, errors.New("wechat: token is required"))
	}
	if c.EncodingAESKey != "" && len(c.EncodingAESKey) != 43 {
		errs = append(errs, errors.New("wechat: encoding_aes_key must be 43 characters"))
	}
	if c.APIBaseURL != "" {
		u, err := url.Parse(c.APIBaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("wechat: api_base_url %q is not an http(s) URL", c.APIBaseURL))
		}
	}
	if c.Hold < 0 || c.Hold > lateTimeout {
		errs = append(errs, fmt.Errorf("wechat: hold must be between 0 and %s", lateTimeout))
	}
	if c.MaxInFlight < 0 || c.PerSender < 0 {
		errs = append(errs, errors.New("wechat: admission bounds must not be negative"))
	}
	errs = append(errs, ValidateMappings(c.Mappings)...)
	return errors.Join(errs...)
}

// Channel is the WeChat official-account channel. It is an http.Handler for
// the callback URL and a bot.Sender for the outbox worker.
type Channel struct {
	cfg   Config
	h     bot.Handler
	kv    bot.KV // configuration problems already told
	log   *slog.Logger
	now   func() time.Time
	adm   *callback.Admission
	guard *callback.Guard      // the replay rules
	disp  *callback.Dispatcher // flights through the engine

	oa     *officialaccount.OfficialAccount
	token  *tokenSource
	custom *message.Manager
	tpl    *message.Template
	menu   *menu.Menu
	basic  *basic.Basic // permanent QR codes (qr.go)
	photos NoticePhotos // nil: notifications are text only

	late sync.WaitGroup // flights, late replies and nonce pruning in progress
}

// Store is what the channel keeps in PostgreSQL, shared by every houqin
// instance: the access token and the used callback nonces. *store.DB
// implements it.
type Store interface {
	bot.KV
	Nonces
}

var (
	_ http.Handler = (*Channel)(nil)
	_ bot.Sender   = (*Channel)(nil)
)

// New returns a Channel that hands inbound messages to h and keeps the
// access token and the callback nonces in st.
func New(cfg Config, h bot.Handler, st Store, log *slog.Logger) (*Channel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if h == nil || st == nil {
		return nil, errors.New("wechat: a handler and a store are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.APIBaseURL == "" {
		cfg.APIBaseURL = DefaultAPIBaseURL
	}
	if cfg.Hold == 0 {
		cfg.Hold = DefaultHold
	}
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.PerSender == 0 {
		cfg.PerSender = DefaultPerSender
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	base, _ := url.Parse(strings.TrimRight(cfg.APIBaseURL, "/")) // checked by Validate
	useAPIBase(base)
	quietSDKLog()

	cache := &kvCache{kv: st}
	oa := officialaccount.NewOfficialAccount(&oaconfig.Config{
		AppID:          cfg.AppID,
		AppSecret:      cfg.AppSecret,
		Token:          cfg.Token,
		EncodingAESKey: cfg.EncodingAESKey,
		Cache:          cache,
		UseStableAK:    true,
	})
	ts := newTokenSource(cfg.AppID, cfg.AppSecret, cache)
	oa.SetAccessTokenHandle(ts)
	c := &Channel{
		cfg:   cfg,
		h:     h,
		kv:    st,
		log:   log.With("channel", "wechat"),
		now:   cfg.Now,
		adm:   callback.NewAdmission(cfg.MaxInFlight, cfg.PerSender),
		oa:    oa,
		token: ts,
		// The SDK's lazy getters are not safe for concurrent use: take
		// every API object once, here.
		custom: oa.GetCustomerMessageManager(),
		tpl:    oa.GetTemplate(),
		menu:   oa.GetMenu(),
		basic:  oa.GetBasic(),
	}
	c.guard = &callback.Guard{Channel: flows.ChannelWeChat, Token: cfg.Token, Nonces: st, Now: cfg.Now, Log: c.log, Late: &c.late,
		InTx: callback.ClaimsNonces(h)}
	c.disp = &callback.Dispatcher{Name: "wechat", Handler: h, Adm: c.adm, Hold: cfg.Hold, Timeout: lateTimeout, Log: c.log, Late: &c.late, Guard: c.guard}
	return c, nil
}

// Shutdown waits until the messages still in the engine have been handled
// and the replies still being sent have been delivered, or ctx ends. Call
// it after the HTTP server has stopped taking callbacks.
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

// quietSDKLog caps the SDK's logrus output at warn: at debug level the SDK
// logs whole decrypted messages, which may carry ID numbers. The root
// package github.com/silenceper/wechat/v2 (never imported here) sets debug
// level in its init.
func quietSDKLog() {
	if logrus.IsLevelEnabled(logrus.InfoLevel) {
		logrus.SetLevel(logrus.WarnLevel)
	}
}

// apiTransport sends a request the SDK addressed to api.weixin.qq.com (or
// any other host) to the configured base URL instead.
type apiTransport struct {
	base atomic.Pointer[url.URL]
	next http.RoundTripper
}

var (
	installTransport sync.Once
	sdkTransport     *apiTransport
)

// useAPIBase points the SDK's process-wide HTTP client at base.
func useAPIBase(base *url.URL) {
	installTransport.Do(func() {
		next := http.DefaultTransport.(*http.Transport).Clone()
		next.MaxIdleConnsPerHost = 16
		sdkTransport = &apiTransport{next: next}
		util.DefaultHTTPClient = &http.Client{Transport: sdkTransport, Timeout: apiTimeout}
	})
	sdkTransport.base.Store(base)
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base.Load()
	if base == nil {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = base.Scheme
	r.URL.Host = base.Host
	r.URL.Path = base.Path + req.URL.Path
	if req.URL.RawPath != "" {
		r.URL.RawPath = base.Path + req.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}
