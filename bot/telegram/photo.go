package telegram

import (
	"bytes"
	"context"
	"errors"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
)

// NoticePhotos finds the photo that goes with a notification;
// media.NoticePhotos implements it.
type NoticePhotos interface {
	NoticePhoto(ctx context.Context, item flows.OutboxItem) (media.Attached, bool, error)
}

// AttachPhotos makes Send attach photos to the notifications p finds one
// for (a worker's job with the reporter's photo): sendPhoto with the text
// as caption. Call it before Run.
func (c *Channel) AttachPhotos(p NoticePhotos) { c.photos = p }

// photoOf returns the photo to send with item, or nil: the stored image
// (uploaded), or, while it is still being fetched, the Telegram file_id it
// came as (this bot's own, so it can send it again).
func (c *Channel) photoOf(ctx context.Context, item flows.OutboxItem) models.InputFile {
	if c.photos == nil || item.IsGroup {
		return nil
	}
	a, ok, err := c.photos.NoticePhoto(ctx, item)
	if err != nil {
		c.log.Warn("telegram: photo for a notification; sending the text alone", "ref", item.Ref, "err", err)
		return nil
	}
	switch {
	case !ok:
		return nil
	case a.Status == "stored" && len(a.Photo.Data) > 0:
		return &models.InputFileUpload{Filename: "photo.jpg", Data: bytes.NewReader(a.Photo.Data)}
	case a.Status == "pending" && a.Channel == flows.ChannelTelegram:
		return &models.InputFileString{Data: a.Ref}
	}
	return nil
}

// postPhoto sends photo with text as its caption; ok false when Telegram
// refused the photo (the caller then sends the text alone).
func (c *Channel) postPhoto(ctx context.Context, chat int64, text string, markup models.ReplyMarkup, photo models.InputFile) (bool, error) {
	_, err := c.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chat, Photo: photo, Caption: text, ReplyMarkup: markup})
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, tgbot.ErrorBadRequest) {
		return false, err
	}
	c.log.Info("telegram: photo refused; sending the text alone", "chat", chat, "err", c.scrub(err))
	return false, nil
}
