package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/web"
)

func TestPersonalizeMakesEveryLinkItsRecipients(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	h := &web.Handler{Signer: web.Signer{Key: testKey}, BaseURL: "https://hq.example.edu.cn/", Now: func() time.Time { return now }}
	job := "https://hq.example.edu.cn/r/BX-20261120-001"
	item := func(ch flows.Channel, to int64, group bool) flows.OutboxItem {
		return flows.OutboxItem{Channel: ch, IsGroup: group, Notification: flows.Notification{SchoolID: 1, ToStaff: to,
			Text: "【通知未送达】……\n详情：" + job + "\n另见 https://example.com/x", Link: job}}
	}
	signed := h.Personalize(item(flows.ChannelTelegram, 7, false))
	u, err := url.Parse(signed.Link)
	if err != nil || !strings.HasPrefix(signed.Link, job+"?") {
		t.Fatalf("telegram: link %s is not the job's", signed.Link)
	}
	q := u.Query()
	if q.Get("u") != "7" || len(q.Get("n")) != 32 || q.Get("sig") == "" || q.Get("exp") != strconv.FormatInt(now.Add(7*24*time.Hour).Unix(), 10) {
		t.Errorf("telegram: link %s is not signed for staff 7 with a nonce, for 7 days", signed.Link)
	}
	// The link in the text is the same link (one nonce), and each sending
	// makes another.
	if !strings.Contains(signed.Text, "详情："+signed.Link+"\n") {
		t.Errorf("telegram: text %q does not carry link %s", signed.Text, signed.Link)
	}
	if again := h.Personalize(item(flows.ChannelTelegram, 7, false)); again.Link == signed.Link {
		t.Errorf("two sendings share link %s", again.Link)
	}
	if !strings.Contains(signed.Text, "https://example.com/x") {
		t.Errorf("a link elsewhere was changed: %q", signed.Text)
	}
	// To a group: bare, whatever the outbox held.
	held := item(flows.ChannelTelegram, 0, true)
	held.Link += "?exp=1&sig=x"
	if g := h.Personalize(held); g.Link != job {
		t.Errorf("group: %s, want the bare %s", g.Link, job)
	}
	// WeChat with 网页授权: bare; without: signed.
	if wx := h.Personalize(item(flows.ChannelWeChat, 7, false)); !strings.HasPrefix(wx.Link, job+"?") || !strings.Contains(wx.Link, "u=7") {
		t.Errorf("wechat without 网页授权: %s", wx.Link)
	}
	h.WeChat = wechat.OAuth{AppID: "wx"}
	if wx := h.Personalize(item(flows.ChannelWeChat, 7, false)); wx.Link != job || strings.Contains(wx.Text, "sig=") {
		t.Errorf("wechat with 网页授权: %s %q", wx.Link, wx.Text)
	}
}

func TestAuthorizeURLIsSnsapiBase(t *testing.T) {
	o := wechat.OAuth{AppID: "wx123", AuthorizeBase: "https://open.weixin.qq.com"}
	got := o.AuthorizeURL("https://hq.example.edu.cn/auth/wechat?next=%2Fr%2FBX-1", "abc123")
	want := "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx123&redirect_uri=https%3A%2F%2Fhq.example.edu.cn%2Fauth%2Fwechat%3Fnext%3D%252Fr%252FBX-1&response_type=code&scope=snsapi_base&state=abc123#wechat_redirect"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
