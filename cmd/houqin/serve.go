package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/web"
)

// server is everything serve runs; setupChannels adds the channels'
// routes, senders, loops and shutdown work to it before it starts.
type server struct {
	cfg     Config
	db      *store.DB
	log     *slog.Logger
	engine  *flows.Engine
	topic   func(kind string) string // the modules' names for notification kinds
	mux     *http.ServeMux
	senders map[flows.Channel]bot.Sender
	metrics *bot.Metrics
	// background loops besides the scheduler and the outbox (Telegram polling)
	loops []func(ctx context.Context) error
	// run after the HTTP server stopped (WeChat replies still in flight)
	shutdown []func(ctx context.Context) error
	// the pages, whose Personalize makes each link sent its recipient's own
	pages *web.Handler
	// fetches the photos people send, from the channels that set up a fetcher
	photos *media.Worker

	// handler is the engine as the chat channels get it: counted and
	// timed for /metrics. A channel adapter takes s.inbound(), not engine.
	handler bot.Handler
}

// inbound is what the chat channels hand their messages to: the engine,
// then the photos of the message queued for fetching.
func (s *server) inbound() bot.Handler {
	return media.Capture{Next: s.handler, Store: s.db, Log: s.log, Wake: s.photos.Wake}
}

// setupChannels wires the chat channels that are configured, and the signed
// web pages, into the server: WeChat, then Telegram, then the digest pages.
// A new channel is one more call here.
func setupChannels(ctx context.Context, s *server) error {
	if err := setupWeChat(s); err != nil {
		return err
	}
	if err := setupTelegram(s); err != nil {
		return err
	}
	if err := setupWeb(ctx, s); err != nil {
		return err
	}
	return setupWeCom(s) // after setupWeb: it hands the pages WeCom's OAuth
}

// shutdownTimeout bounds the graceful part of a stop: requests in flight,
// then the channels' own shutdown work.
const shutdownTimeout = 10 * time.Second

func cmdServe(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "serve", "[--config FILE] [--no-migrate]")
	noMigrate := fs.Bool("no-migrate", false, "refuse to start on an old schema instead of migrating it")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, log, err := loadConfig(env, *cfgPath, "")
	if err != nil {
		return err
	}
	db, closeDB, err := openDB(ctx, cfg, log, !*noMigrate)
	if err != nil {
		return err
	}
	defer closeDB()
	return serve(ctx, cfg, db, log)
}

// serve wires houqin in order — the modules and the engine, the HTTP routes,
// the channels, the listener, the background loops — and runs it until ctx
// is done (nil) or the first of its parts fails (that error).
func serve(ctx context.Context, cfg Config, db *store.DB, log *slog.Logger) error {
	if cfg.Privacy.IDKey == "" {
		log.Warn("visitor registration (来访登记) is disabled: set [privacy] id_key or HOUQIN_ID_KEY to a 32-byte key; guards are told to keep the paper log")
	}
	if w := publicURLWarning(cfg); w != "" {
		log.Warn(w)
	}
	mods := modules(db, cfg, time.Now, log)
	s := &server{cfg: cfg, db: db, log: log, engine: newEngine(db, cfg, mods, time.Now, log), topic: flows.Topics(mods), mux: http.NewServeMux(),
		metrics: newMetrics(cfg, db, log), senders: map[flows.Channel]bot.Sender{},
		photos: &media.Worker{Store: db, Fetchers: map[flows.Channel]media.Fetcher{}, Log: log}}
	s.handler = meteredHandler{next: s.engine, m: s.metrics}
	s.mux.HandleFunc("GET /healthz", healthz(db.SQL(), 2*time.Second, log))
	s.mux.Handle("GET /metrics", s.metrics)
	if err := setupChannels(ctx, s); err != nil {
		return err
	}
	// Listen before serving, so a taken port fails here, synchronously.
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTP.Addr, err)
	}
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("houqin serving", "addr", ln.Addr().String(), "wechat", cfg.WeChat.Enabled(), "telegram", cfg.Telegram.Enabled())

	worker := &bot.Worker{Outbox: db, Senders: s.senders, Log: log, RetryFor: cfg.Outbox.RetryFor, Links: s.pages.Personalize, Observe: observeOutbox(s.metrics)}
	scheduler := newScheduler(db, cfg, mods, time.Now, log)
	scheduler.Observer = s.metrics
	debug, err := pprofLoops(cfg.Debug, log)
	if err != nil {
		return fmt.Errorf("[debug] pprof: %w", err)
	}
	err = runLoops(ctx, log, append(append([]func(context.Context) error{serveHTTP(srv, ln, s.shutdown, log), worker.Run, scheduler.Run, s.photos.Run}, s.loops...), debug...)...)
	log.Info("houqin stopped")
	return err
}

// runLoops runs the loops with one context, derived from ctx, until ctx is
// done or one of them fails: the first failure cancels the others (the
// outbox worker then finishes its send in flight and releases the rest, as
// on a signal). It returns that failure, or nil after ctx is done, once
// every loop has returned.
func runLoops(ctx context.Context, log *slog.Logger, loops ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for _, loop := range loops {
		wg.Go(func() {
			err := loop(ctx)
			if err == nil || ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return // stopped as asked
			}
			once.Do(func() {
				first = err
				log.Error("houqin stopping", "err", err)
			})
			cancel()
		})
	}
	wg.Wait()
	return first
}

// serveHTTP is the HTTP server as a loop: it serves on ln until ctx is
// done, then shuts down gracefully within shutdownTimeout, first the
// requests in flight and then the channels' after work (WeChat replies
// still being sent).
func serveHTTP(srv *http.Server, ln net.Listener, after []func(context.Context) error, log *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return fmt.Errorf("http: %w", err)
		case <-ctx.Done():
		}
		stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		if err := srv.Shutdown(stop); err != nil {
			log.Warn("http shutdown", "err", err)
		}
		for _, f := range after {
			if err := f(stop); err != nil {
				log.Warn("shutdown", "err", err)
			}
		}
		<-errc // http.ErrServerClosed
		return nil
	}
}

// publicURLWarning says why links in messages will not work, or "": with a
// chat channel on, people open them on their phones, so a public_url on
// this machine's loopback (the default) reaches nobody.
func publicURLWarning(cfg Config) string {
	if !cfg.WeChat.Enabled() && !cfg.Telegram.Enabled() {
		return ""
	}
	u, err := url.Parse(cfg.HTTP.PublicURL)
	if err != nil || u.Host == "" {
		return "[http] public_url is not a URL (" + cfg.HTTP.PublicURL + "): links in notifications will not work"
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		return "[http] public_url is " + cfg.HTTP.PublicURL + ", which people's phones cannot reach: set it to the address behind the HTTPS proxy (e.g. https://houqin.example.edu.cn) so that links in notifications work"
	}
	return ""
}
