package main

// houqin staff unbind and staff invite --revoke: taking a person's chat
// accounts and binding codes away, e.g. after a phone is lost or when a
// stranger bound with a leaked code (the 总务主任 is told of every account
// added to a record that already had one).

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// unbindChannels are the channels --channel accepts.
var unbindChannels = []flows.Channel{flows.ChannelWeChat, flows.ChannelWeCom, flows.ChannelTelegram, flows.ChannelConsole}

func cmdStaffUnbind(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff unbind", "--staff ID [--channel wechat|wecom|telegram|console] [--json]")
	id := fs.Int64("staff", 0, "staff `id`")
	channel := fs.String("channel", "", "only the account on this `channel` (default: every channel)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"staff unbind: --staff is required"}
	}
	ch := flows.Channel(*channel)
	if ch != "" && !slices.Contains(unbindChannels, ch) {
		return usageError{fmt.Sprintf("staff unbind: unknown channel %q (wechat, wecom, telegram or console)", *channel)}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		gone, err := db.UnbindStaff(ctx, *id, ch)
		if err != nil {
			return err
		}
		channels := []string{}
		for _, g := range gone {
			channels = append(channels, string(g.Channel))
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": *id, "unbound": len(gone), "channels": channels})
		}
		if len(gone) == 0 {
			fmt.Fprintf(env.Stdout, "staff %d had no chat account to unbind\n", *id)
			return nil
		}
		fmt.Fprintf(env.Stdout, "staff %d: %d chat account(s) unbound (%s); to use houqin again they need a new code (houqin staff invite --staff %d)\n",
			*id, len(gone), strings.Join(channels, ", "), *id)
		return nil
	})
}

// revokeInvites is `houqin staff invite --staff ID --revoke`.
func revokeInvites(ctx context.Context, env *Env, cfgPath string, id int64, asJSON bool) error {
	return admin(ctx, env, cfgPath, func(db *store.DB, cfg Config) error {
		n, err := db.RevokeInvites(ctx, id, time.Now())
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(env.Stdout, map[string]any{"id": id, "revoked": n})
		}
		fmt.Fprintf(env.Stdout, "staff %d: %d unused binding code(s) revoked\n", id, n)
		return nil
	})
}
