package web_test

import (
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
	want := "https://hq.example.edu.cn" + h.Signer.SignPerson("/r/BX-20261120-001", 1, 7, now.Add(7*24*time.Hour))
	if signed.Link != want || !strings.Contains(signed.Text, "详情："+want+"\n") {
		t.Errorf("telegram: link %s, text %q; want %s", signed.Link, signed.Text, want)
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
	if wx := h.Personalize(item(flows.ChannelWeChat, 7, false)); wx.Link != "https://hq.example.edu.cn/r/BX-20261120-001?"+strings.SplitN(want, "?", 2)[1] {
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
