package main

// houqin qr: the printable 扫码报修 sheet, one QR code per location.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/houqin/houqin/bot/telegram"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

type qrJSON struct {
	ID      int64  `json:"id"` // the school
	File    string `json:"file"`
	Channel string `json:"channel"`
	Labels  int    `json:"labels"`
	Pages   int    `json:"pages"`
	Created int    `json:"created"` // WeChat codes created by this run (the others were kept)
}

func cmdQR(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "qr", "--school ID [--building B] [--channel wechat|telegram] [--font FILE] -o rooms.pdf [--json]\n\n"+
		"Makes a printable A4 sheet of 扫码报修 labels, one per active location (school, room, alias, QR code).\n"+
		"WeChat: a permanent parametric QR code of the official account per location, created once and kept\n"+
		"in the database (printing again reuses it). Telegram: a t.me deep link to the bot. Scanning starts a\n"+
		"report with the place filled in. The channel is WeChat when [wechat] is configured, else Telegram.")
	school := fs.Int64("school", 0, "school `id`")
	building := fs.String("building", "", "only the locations of this `building`")
	channel := fs.String("channel", "", "`wechat` or telegram (default: wechat when configured)")
	font := fs.String("font", "", "a Chinese TrueType font `file` (.ttf/.ttc); default WenQuanYi Micro Hei")
	out := fs.String("o", "", "the PDF `file` to write")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 || *out == "" {
		return usageError{"qr: --school and -o are required"}
	}
	fontPath, err := findFont(*font)
	if err != nil {
		return err
	}
	fontData, err := loadTrueType(fontPath)
	if err != nil {
		return fmt.Errorf("font %s: %w", fontPath, err)
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		ch := flows.Channel(*channel)
		if ch == "" {
			switch {
			case cfg.WeChat.Enabled():
				ch = flows.ChannelWeChat
			case cfg.Telegram.Enabled():
				ch = flows.ChannelTelegram
			}
		}
		switch {
		case ch == flows.ChannelWeChat && !cfg.WeChat.Enabled():
			return usageError{"qr: [wechat] app_id is not configured"}
		case ch == flows.ChannelTelegram && !cfg.Telegram.Enabled():
			return usageError{"qr: [telegram] token is not configured"}
		case ch != flows.ChannelWeChat && ch != flows.ChannelTelegram:
			return usageError{"qr: configure [wechat] or [telegram] (or give --channel wechat|telegram)"}
		}
		sc, err := db.School(ctx, *school)
		if err != nil {
			return fmt.Errorf("school %d: %w", *school, err)
		}
		codes, err := db.LocationQRs(ctx, sc.ID, strings.TrimSpace(*building))
		if err != nil {
			return err
		}
		if len(codes) == 0 {
			return fmt.Errorf("school %d has no active locations%s: add them with houqin location add", sc.ID, map[bool]string{true: " in " + *building}[*building != ""])
		}
		labels := make([]qrLabel, len(codes))
		created := 0
		switch ch {
		case flows.ChannelWeChat:
			wc, err := wechat.New(wechatConfig(cfg.WeChat), nopHandler{}, db, newLogger(env.Stderr, "warn"))
			if err != nil {
				return err
			}
			for i, c := range codes {
				if c.WeChatURL == "" {
					ticket, u, err := wc.PermanentQR(ctx, "loc:"+c.Token)
					if err != nil {
						return fmt.Errorf("QR code for %s: %w", c.Location.Name(), err)
					}
					if err := db.SaveWeChatQR(ctx, c.Location.ID, ticket, u); err != nil {
						return err
					}
					codes[i].WeChatURL, created = u, created+1
				}
				labels[i] = label(sc, c.Location, codes[i].WeChatURL, "微信扫一扫，直接报修这个地方")
			}
		case flows.ChannelTelegram:
			me := telegram.CheckBot(ctx, telegram.Config{Token: cfg.Telegram.Token, APIURL: cfg.Telegram.APIURL})
			if me.MeErr != nil {
				return me.MeErr
			}
			if me.Username == "" {
				return fmt.Errorf("telegram: getMe gave no bot username")
			}
			for i, c := range codes {
				link := "https://t.me/" + url.PathEscape(me.Username) + "?start=loc_" + c.Token
				labels[i] = label(sc, c.Location, link, "手机相机扫码，在 Telegram 里报修这个地方")
			}
		}
		pdf, err := qrSheetPDF(labels, fontData)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, pdf, 0o644); err != nil {
			return err
		}
		res := qrJSON{ID: sc.ID, File: *out, Channel: string(ch), Labels: len(labels), Pages: pdfPages(pdf), Created: created}
		return printResult(env, *asJSON, res, "%s: %d labels on %d A4 pages for %s (%s; %d new codes)\n", res.File, res.Labels, res.Pages, sc.Name, ch, created)
	})
}

func label(sc flows.School, l flows.Location, content, hint string) qrLabel {
	lb := qrLabel{School: sc.Name, Place: l.Name(), Content: content, Hint: hint}
	if len(l.Aliases) > 0 {
		lb.Alias = l.Aliases[0]
	}
	return lb
}
