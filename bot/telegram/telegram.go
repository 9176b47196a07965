// Package telegram is houqin's Telegram channel, built on
// github.com/go-telegram/bot: it turns Bot API updates (received by long
// polling or by webhook) into flows.Messages for the engine, renders the
// engine's replies as messages with inline keyboards, and delivers outbox
// items, editing a group's job card in place when it was posted before.
//
// The library is used as a Bot API client and for its getUpdates loop;
// everything that decides what an update means (commands, mentions, groups)
// is done here, because the library's matcher misses "/cmd@botname" and
// commands that follow Chinese text.
package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/houqin/houqin/bot"
)

// The two ways of receiving updates.
const (
	ModePolling = "polling"
	ModeWebhook = "webhook"
)

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config configures the channel; it is filled from the [telegram] section.
type Config struct {
	Token string // from BotFather; never logged
	Mode  string // ModePolling (default) or ModeWebhook
	// APIURL is the Bot API server, DefaultAPIURL when empty (a local
	// telegram-bot-api server or a test fake otherwise).
	APIURL string
	// WebhookURL is the public https URL Telegram posts updates to, the
	// server's POST /telegram; webhook mode only.
	WebhookURL string
	// WebhookSecret is sent by Telegram in X-Telegram-Bot-Api-Secret-Token
	// with every webhook request: 1 to 256 of A-Z a-z 0-9 _ -.
	WebhookSecret string
	// BotUsername, without "@", is learned from getMe at New when empty.
	BotUsername string
	// PollTimeout is the getUpdates long-poll timeout (default 50s).
	PollTimeout time.Duration
	// Workers is how many updates are handled at once (default 8). Updates
	// of one chat are always handled one at a time, in order.
	Workers int
	// HandleTimeout bounds the handling of one update, including sending
	// the replies (default 30s). It is not cut short by shutdown.
	HandleTimeout time.Duration
	// Now is the clock of the rate limiter and of callback presses
	// (default time.Now); tests and the demo inject theirs.
	Now func() time.Time
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if strings.TrimSpace(c.Token) == "" {
		errs = append(errs, errors.New("telegram: token is empty (set HOUQIN_TELEGRAM_TOKEN)"))
	}
	switch c.Mode {
	case "", ModePolling:
	case ModeWebhook:
		if u, err := url.Parse(c.WebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, errors.New("telegram: webhook mode needs webhook_url, an https URL Telegram can reach"))
		}
		if !validSecret(c.WebhookSecret) {
			errs = append(errs, errors.New("telegram: webhook mode needs webhook_secret: 1 to 256 of A-Z a-z 0-9 _ -"))
		}
	default:
		errs = append(errs, fmt.Errorf("telegram: mode %q: want polling or webhook", c.Mode))
	}
	if c.APIURL != "" {
		if u, err := url.Parse(c.APIURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			errs = append(errs, fmt.Errorf("telegram: api_url %q is not an http(s) URL", c.APIURL))
		}
	}
	return errors.Join(errs...)
}

func validSecret(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// Channel is the Telegram channel: it receives updates and is a bot.Sender.
type Channel struct {
	cfg      Config
	api      *tgbot.Bot
	h        bot.Handler
	chats    bot.Chats
	cards    bot.Cards
	log      *slog.Logger
	botID    int64
	username string
	now      func() time.Time
	limit    *limiter
	photos   NoticePhotos // nil: notifications are text only

	unknown sync.Map // group chat ids already logged as not named by any school

	mu      sync.RWMutex // guards running and the shard channels against close
	running bool
	base    context.Context // Run's context without its cancellation
	shards  []chan job
	workers sync.WaitGroup
}

var _ bot.Sender = (*Channel)(nil)

type job struct {
	upd  *models.Update
	done chan outcome // receives the outcome (capacity 1); nil when nobody waits
}

// outcome is what became of one update.
type outcome int

const (
	// handled: committed, or nothing to do, or given up on with an answer
	// to the person. The update can be acknowledged.
	handled outcome = iota
	// redeliver: nothing was stored and the update may succeed if it comes
	// again. A webhook answers it with 500, so Telegram redelivers it.
	redeliver
)

// redeliverFor is how long after a message was sent a failure is left to
// Telegram's redelivery; after that houqin gives up on it and apologises,
// so that a failure that does not heal (Telegram retries for a day, and
// holds the chat's later updates behind it) ends with an answer.
const redeliverFor = 10 * time.Minute

// New checks the configuration and makes the Bot API client. When
// cfg.BotUsername is empty it calls getMe to learn it; no other request is
// made before Run.
func New(cfg Config, h bot.Handler, chats bot.Chats, cards bot.Cards, log *slog.Logger) (*Channel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Mode == "" {
		cfg.Mode = ModePolling
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.HandleTimeout <= 0 {
		cfg.HandleTimeout = 30 * time.Second
	}
	if log == nil {
		log = slog.Default()
	}
	c := &Channel{
		cfg:      cfg,
		h:        h,
		chats:    chats,
		cards:    cards,
		log:      log.With("channel", "telegram"),
		username: strings.TrimPrefix(cfg.BotUsername, "@"),
		now:      cfg.Now,
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.limit = newLimiter(c.now)
	api, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithSkipGetMe(),
		// The client timeout must outlast the long poll; every other
		// request is bounded by its context.
		tgbot.WithHTTPClient(cfg.PollTimeout, &http.Client{Timeout: cfg.PollTimeout + 10*time.Second}),
		tgbot.WithDefaultHandler(c.enqueue),
		// The library's worker only hands the update to our per-chat
		// shards, so it can run inline; with an unbuffered updates channel
		// the getUpdates loop does not fetch (and so confirm) more than
		// the shards take.
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithUpdatesChannelCap(0),
		tgbot.WithAllowedUpdates(allowedUpdates),
		tgbot.WithErrorsHandler(func(err error) {
			c.log.Warn("telegram: bot api", "err", c.scrub(err))
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", c.scrub(err))
	}
	c.api = api
	c.botID = api.ID()
	if c.username == "" {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		me, err := api.GetMe(ctx)
		if err != nil {
			return nil, fmt.Errorf("telegram: getMe: %w", c.scrub(err))
		}
		c.username, c.botID = me.Username, me.ID
	}
	return c, nil
}

var allowedUpdates = []string{
	models.AllowedUpdateMessage,
	models.AllowedUpdateCallbackQuery,
	models.AllowedUpdateMyChatMember,
}

// Username is the bot's username, without "@".
func (c *Channel) Username() string { return c.username }

// Run receives updates until ctx is done. In polling mode it deletes any
// webhook (a set webhook makes getUpdates fail) and long-polls; in webhook
// mode it registers cfg.WebhookURL with the secret and waits while the
// server feeds WebhookHandler. On shutdown it stops taking updates and
// returns once the updates already taken have been handled, so no reply is
// cut off. It returns nil after a shutdown, an error when it cannot start.
func (c *Channel) Run(ctx context.Context) error {
	// Ready for updates before telling Telegram to send them.
	c.start(ctx)
	defer c.stop()
	switch c.cfg.Mode {
	case ModeWebhook:
		if _, err := c.api.SetWebhook(ctx, &tgbot.SetWebhookParams{
			URL:            c.cfg.WebhookURL,
			SecretToken:    c.cfg.WebhookSecret,
			AllowedUpdates: allowedUpdates,
		}); err != nil {
			if ctx.Err() != nil {
				return nil // stopped while registering: a clean shutdown, not a failure
			}
			return fmt.Errorf("telegram: setWebhook: %w", c.scrub(err))
		}
		c.log.Info("telegram: receiving updates by webhook", "bot", c.username)
		<-ctx.Done()
	default:
		// Pending updates are kept: they are what people wrote while
		// houqin was down.
		if _, err := c.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("telegram: deleteWebhook: %w", c.scrub(err))
		}
		c.log.Info("telegram: receiving updates by long polling", "bot", c.username)
		// Start returns when ctx is done and its loop has handed over
		// the update in hand. Updates fetched but not handed over are
		// not confirmed to Telegram (the offset is only sent with the
		// next getUpdates), so they come again after a restart.
		c.api.Start(ctx)
	}
	return nil
}

// start runs the shard workers. Updates are sharded by chat so that one
// chat's updates are handled in order while different chats go in parallel.
func (c *Channel) start(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base = context.WithoutCancel(ctx)
	c.shards = make([]chan job, c.cfg.Workers)
	for i := range c.shards {
		ch := make(chan job, 16)
		c.shards[i] = ch
		c.workers.Add(1)
		go func() {
			defer c.workers.Done()
			for j := range ch {
				out := c.process(j.upd, j.done != nil)
				if j.done != nil {
					j.done <- out
				}
			}
		}()
	}
	c.running = true
}

// stop takes no more updates and waits for those taken (the drain).
func (c *Channel) stop() {
	c.mu.Lock()
	c.running = false
	for _, ch := range c.shards {
		close(ch)
	}
	c.shards = nil
	c.mu.Unlock()
	c.workers.Wait()
}

// dispatch hands an update to its chat's shard; it reports false when the
// channel is not running. It blocks while the shard is full, which holds
// back the getUpdates loop or the webhook request: back-pressure, not loss.
func (c *Channel) dispatch(upd *models.Update, done chan outcome) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.running {
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(strconv.FormatInt(chatOf(upd), 10)))
	c.shards[h.Sum32()%uint32(len(c.shards))] <- job{upd: upd, done: done}
	return true
}

// enqueue is the library's handler for polled updates.
func (c *Channel) enqueue(_ context.Context, _ *tgbot.Bot, upd *models.Update) {
	if !c.dispatch(upd, nil) {
		c.log.Info("telegram: update left for redelivery, shutting down", "update_id", upd.ID)
	}
}

// maxWebhookBody bounds a webhook request; real updates are a few KB.
const maxWebhookBody = 1 << 20

// WebhookHandler serves POST /telegram in webhook mode. A request without
// the right X-Telegram-Bot-Api-Secret-Token gets 401 and is not read.
//
// 200 means the update is done with: it is written only after the update
// has been handled — its transaction committed and the reply sent — so
// Telegram redelivers an update houqin stopped handling midway. An update
// that failed with nothing stored (the engine's transaction rolled back,
// the group lookup failed) gets 500, and Telegram redelivers it with
// backoff; a redelivered update has the same DedupKey, and the engine
// answers it from its dedup log if it was committed after all.
func (c *Channel) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if c.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(c.cfg.WebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var upd models.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxWebhookBody)).Decode(&upd); err != nil {
			c.log.Warn("telegram: undecodable webhook update", "err", err)
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		done := make(chan outcome, 1)
		if !c.dispatch(&upd, done) {
			// Not running (starting or shutting down): Telegram retries.
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		select {
		case out := <-done:
			if out == redeliver {
				http.Error(w, "not handled, send it again", http.StatusInternalServerError)
				return
			}
		case <-r.Context().Done():
			// Telegram hung up: no answer, so no acknowledgement.
			panic(http.ErrAbortHandler)
		}
		w.WriteHeader(http.StatusOK)
	})
}

// chatOf is the chat an update belongs to, for sharding.
func chatOf(upd *models.Update) int64 {
	switch {
	case upd.Message != nil:
		return upd.Message.Chat.ID
	case upd.CallbackQuery != nil:
		if m := upd.CallbackQuery.Message.Message; m != nil {
			return m.Chat.ID
		}
		if m := upd.CallbackQuery.Message.InaccessibleMessage; m != nil {
			return m.Chat.ID
		}
		return upd.CallbackQuery.From.ID
	case upd.MyChatMember != nil:
		return upd.MyChatMember.Chat.ID
	}
	return 0
}

// scrub removes the bot token from an error's text; the library puts the
// token in request URLs, which end up in network errors.
func (c *Channel) scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := scrubToken(msg, c.cfg.Token)
	if clean == msg {
		return err
	}
	return &scrubbed{msg: clean, err: err}
}

func scrubToken(s, token string) string {
	if token == "" {
		return s
	}
	s = strings.ReplaceAll(s, token, "***")
	// The secret half alone, in case a URL was escaped or split.
	if _, secret, ok := strings.Cut(token, ":"); ok && len(secret) >= 8 {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}

// scrubbed keeps the original error for errors.Is/As but prints without the token.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }
