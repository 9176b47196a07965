package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// server is everything serve runs; channels add their routes and senders
// to it before it starts.
type server struct {
	cfg     Config
	db      *store.DB
	log     *slog.Logger
	engine  *flows.Engine
	mux     *http.ServeMux
	senders map[flows.Channel]bot.Sender
	metrics *bot.Metrics
	// background loops besides the scheduler and the outbox (Telegram polling)
	loops []func(ctx context.Context) error
	// run after the HTTP server stopped (WeChat replies still in flight)
	shutdown []func(ctx context.Context) error
}

// channelSetups wire the chat channels into the server; each file of a
// channel adds itself here.
var channelSetups []func(ctx context.Context, s *server) error

func cmdServe(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "serve", "[--config FILE] [--no-migrate]")
	noMigrate := fs.Bool("no-migrate", false, "refuse to start on an old schema instead of migrating it")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, env.Getenv)
	if err != nil {
		return err
	}
	log := newLogger(env.Stderr, cfg.Log.Level)
	db, closeDB, err := openDB(ctx, cfg, log, !*noMigrate)
	if err != nil {
		return err
	}
	defer closeDB()
	s := &server{cfg: cfg, db: db, log: log, mux: http.NewServeMux(), metrics: bot.NewMetrics(),
		senders: map[flows.Channel]bot.Sender{}}
	mods := modules(db, cfg, time.Now, log)
	s.engine = newEngine(db, cfg, mods, time.Now, log)
	if cfg.Privacy.IDKey == "" {
		log.Warn("visitor registration (来访登记) is disabled: set [privacy] id_key or HOUQIN_ID_KEY to a 32-byte key; guards are told to keep the paper log")
	}
	s.mux.HandleFunc("GET /healthz", healthz(db.SQL(), 2*time.Second, log))
	s.mux.Handle("GET /metrics", s.metrics)
	s.metrics.Gauge("houqin_outbox_pending", func() float64 {
		n, _ := db.PendingOutbox(context.Background())
		return float64(n)
	})
	for _, setup := range channelSetups {
		if err := setup(ctx, s); err != nil {
			return err
		}
	}
	// Listen before serving, so a taken port fails here, synchronously.
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTP.Addr, err)
	}
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("houqin serving", "addr", ln.Addr().String(), "wechat", cfg.WeChat.Enabled(), "telegram", cfg.Telegram.Enabled())

	worker := &bot.Worker{Outbox: db, Senders: s.senders, Log: log, RetryFor: cfg.Outbox.RetryFor}
	loops := append([]func(context.Context) error{worker.Run, newScheduler(db, cfg, mods, time.Now, log).Run}, s.loops...)
	// The first loop to fail stops the others, as a signal does; the
	// outbox worker then finishes its send in flight and releases the rest.
	loopCtx, stopLoops := context.WithCancel(ctx)
	defer stopLoops()
	var wg sync.WaitGroup
	errc := make(chan error, len(loops)+1)
	for _, loop := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := loop(loopCtx); err != nil {
				errc <- err
			}
		}()
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	select {
	case <-ctx.Done():
	case err = <-errc:
		log.Error("houqin stopping", "err", err)
	}
	stopLoops()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	for _, f := range s.shutdown {
		if err := f(shutdown); err != nil {
			log.Warn("shutdown", "err", err)
		}
	}
	wg.Wait()
	log.Info("houqin stopped")
	return err
}
