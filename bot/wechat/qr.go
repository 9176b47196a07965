package wechat

import (
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount/basic"
)

// maxScene is the longest scene string WeChat takes in a QR code.
const maxScene = 64

// PermanentQR creates a permanent parametric QR code (QR_LIMIT_STR_SCENE)
// for scene and returns its ticket and the URL the code encodes
// (http://weixin.qq.com/q/...): scanning it sends the account a SCAN event,
// or a subscribe event for someone not yet following, whose EventKey is
// the scene. WeChat allows an account 100,000 permanent codes, so callers
// keep what this returns instead of asking again (store.LocationQR).
func (c *Channel) PermanentQR(ctx context.Context, scene string) (ticket, url string, err error) {
	if scene == "" || len(scene) > maxScene {
		return "", "", fmt.Errorf("wechat: QR scene must be 1 to %d bytes", maxScene)
	}
	var t *basic.Ticket
	err = c.call(ctx, "qrcode create", func() error {
		var err error
		t, err = c.basic.GetQRTicket(basic.NewLimitQrRequest(scene))
		return err
	})
	if err != nil {
		return "", "", err
	}
	if t.URL == "" || t.Ticket == "" {
		return "", "", fmt.Errorf("wechat: qrcode create: answer without a ticket or url")
	}
	return t.Ticket, t.URL, nil
}
