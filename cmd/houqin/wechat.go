package main

import (
	"context"
	"fmt"
	"os"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func wechatConfig(c WeChatConfig) wechat.Config {
	return wechat.Config{AppID: c.AppID, AppSecret: c.AppSecret, Token: c.Token, EncodingAESKey: c.EncodingAESKey,
		APIBaseURL: c.APIBaseURL, Templates: c.Templates.ByKind, Mappings: c.Templates.Named}
}

// setupWeChat wires the official account when app_id is configured: the
// callback at /wechat and its sender for the outbox. Replies still being
// sent after the 5-second window finish before serve exits.
func setupWeChat(s *server) error {
	if !s.cfg.WeChat.Enabled() {
		return nil
	}
	wc := wechatConfig(s.cfg.WeChat)
	wc.Topic = s.topic
	ch, err := wechat.New(wc, s.inbound(), s.db, s.log)
	if err != nil {
		return err
	}
	s.mux.Handle("GET /wechat", ch)
	s.mux.Handle("POST /wechat", ch)
	ch.AttachPhotos(media.NoticePhotos{Store: s.db})
	s.senders[flows.ChannelWeChat] = ch
	s.photos.Fetchers[flows.ChannelWeChat] = ch
	s.shutdown = append(s.shutdown, ch.Shutdown)
	return nil
}

func cmdWeChatMenu(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "wechat menu", "[--file menu.json] [--dry-run]\n\nWithout --file, installs the default menu: 报修 | 登记 (来访登记, 巡查, 留样, 菜谱, 陪餐) | 更多 (我的事项, 发现隐患, 帮助).")
	file := fs.String("file", "", "menu `JSON` in WeChat's format (keys REPAIR, VISIT, SAMPLE, MEAL, MINE, HELP)")
	dry := fs.Bool("dry-run", false, "print the menu JSON and install nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	m := wechat.DefaultMenu()
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		if m, err = wechat.ParseMenu(b); err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
	}
	if *dry {
		b, err := wechat.MenuJSON(m)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, string(b))
		return nil
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if !cfg.WeChat.Enabled() {
			return usageError{"wechat menu: [wechat] app_id is not configured"}
		}
		ch, err := wechat.New(wechatConfig(cfg.WeChat), nopHandler{}, db, newLogger(env.Stderr, "warn"))
		if err != nil {
			return err
		}
		if err := ch.InstallMenu(ctx, m); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "menu installed")
		return nil
	})
}

// nopHandler stands in for the engine where a channel is used only to call
// the WeChat API.
type nopHandler struct{}

func (nopHandler) Handle(context.Context, flows.Message) ([]flows.Reply, error) { return nil, nil }
