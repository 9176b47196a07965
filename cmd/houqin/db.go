package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal"
)

// openDB connects to the configured database, or starts the embedded
// default cluster in database.data_dir, and brings the schema up to date
// (unless migrate is false, when an old schema is an error). The returned
// close function also gives up this process's use of an embedded cluster,
// which stops it when no other houqin process on the data dir still uses it.
func openDB(ctx context.Context, cfg Config, log *slog.Logger, migrate bool) (*store.DB, func(), error) {
	db, _, closeAll, err := openDBURL(ctx, cfg, log, migrate)
	return db, closeAll, err
}

// openDBURL is openDB that also returns the URL it connected with (the
// bench opens a second database on the same server).
func openDBURL(ctx context.Context, cfg Config, log *slog.Logger, migrate bool) (*store.DB, string, func(), error) {
	url := cfg.Database.URL
	stop := func() {}
	if url == "" {
		dir, err := filepath.Abs(cfg.Database.DataDir)
		if err != nil {
			return nil, "", nil, err
		}
		c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Logger: log})
		if err != nil {
			if errors.Is(err, pglocal.ErrNoServer) {
				return nil, "", nil, pglocal.ErrNoServer
			}
			return nil, "", nil, fmt.Errorf("embedded database in %s: %w", dir, err)
		}
		url = c.URL("houqin")
		stop = func() {
			if err := c.Stop(); err != nil {
				log.Warn("stopping embedded database", "err", err)
			}
		}
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		stop()
		return nil, "", nil, err
	}
	closeAll := func() { db.Close(); stop() }
	if migrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			closeAll()
			return nil, "", nil, err
		}
		if len(applied) > 0 {
			log.Info("database migrated", "versions", applied)
		}
	} else if pending, err := db.Pending(ctx); err != nil || pending {
		closeAll()
		if err == nil {
			err = errors.New("the database schema is older than this houqin: run `houqin migrate` first")
		}
		return nil, "", nil, err
	}
	return db, url, closeAll, nil
}

// loadConfig loads the configuration for a command and makes its logger,
// logging at level (or the configured level when empty).
func loadConfig(env *Env, cfgPath, level string) (Config, *slog.Logger, error) {
	cfg, err := LoadConfig(cfgPath, env.Getenv)
	if err != nil {
		return cfg, nil, err
	}
	if level == "" {
		level = cfg.Log.Level
	}
	return cfg, newFormatLogger(env.Stderr, level, cfg.Log.Format), nil
}

// setup loads the configuration and opens the (migrated) database for a
// command, logging at level (or the configured level when empty).
func setup(ctx context.Context, env *Env, cfgPath, level string) (Config, *slog.Logger, *store.DB, func(), error) {
	cfg, log, err := loadConfig(env, cfgPath, level)
	if err != nil {
		return cfg, nil, nil, nil, err
	}
	db, closeDB, err := openDB(ctx, cfg, log, true)
	return cfg, log, db, closeDB, err
}

func cmdMigrate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "migrate", "[--config FILE]")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, log, err := loadConfig(env, *cfgPath, "")
	if err != nil {
		return err
	}
	_, closeDB, err := openDB(ctx, cfg, log, false)
	if err == nil {
		closeDB()
		fmt.Fprintln(env.Stdout, "database schema is up to date")
		return nil
	}
	_, closeDB, err = openDB(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintln(env.Stdout, "database migrated")
	return nil
}
