package main

import (
	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/bot/telegram"
	"github.com/houqin/houqin/flows"
)

// setupTelegram wires the Telegram channel when a token is configured: its
// sender for the outbox, POST /telegram in webhook mode, and Run (long
// polling, or setWebhook and wait) as a background loop that drains on
// shutdown. New calls getMe, so a wrong token stops serve at start.
func setupTelegram(s *server) error {
	c := s.cfg.Telegram
	if !c.Enabled() {
		return nil
	}
	ch, err := telegram.New(telegram.Config{
		Token: c.Token, Mode: c.Mode, APIURL: c.APIURL,
		WebhookURL: c.WebhookURL, WebhookSecret: c.WebhookSecret,
	}, s.inbound(), s.db, s.db, s.log)
	if err != nil {
		return err
	}
	ch.AttachPhotos(media.NoticePhotos{Store: s.db})
	s.senders[flows.ChannelTelegram] = ch
	s.photos.Fetchers[flows.ChannelTelegram] = ch
	if c.Mode == telegram.ModeWebhook {
		s.mux.Handle("POST /telegram", ch.WebhookHandler())
	}
	s.loops = append(s.loops, ch.Run)
	return nil
}
