package e2e

import (
	"context"
	"strings"
	"testing"
)

// TestScanDeepLinkStartsReport: the Telegram label of 扫码报修 is the deep
// link t.me/BOT?start=loc_TOKEN; its /start starts a report at that room
// on the real engine and PostgreSQL, like a WeChat scan. A stranger is told
// how to bind; a made-up token is refused politely.
func TestScanDeepLinkStartsReport(t *testing.T) {
	w := newWorld(t)
	codes, err := w.db.LocationQRs(context.Background(), w.school.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var token string
	for _, q := range codes {
		if q.Location.ID == w.school.Locs["302"].ID {
			token = q.Token
		}
	}
	got := w.say(stranger, "/start loc_"+token)
	if c := want(t, got, "sendMessage", id(stranger.ID), "绑定"); strings.Contains(c.Form.Get("text"), "报修") {
		t.Errorf("stranger's scan answered %q, want only the binding instructions", c.Form.Get("text"))
	}
	w.bind(teacher, "李老师")
	got = w.say(teacher, "/start loc_"+token)
	want(t, got, "sendMessage", id(teacher.ID), "您在 初二(3)班（教学楼302）报修，请说说出了什么问题")
	got = w.say(teacher, "窗户关不上")
	readBack := want(t, got, "sendMessage", id(teacher.ID), "请核对报修单")
	if !strings.Contains(readBack.Form.Get("text"), "地点：教学楼302") {
		t.Errorf("read-back %q, want 教学楼302", readBack.Form.Get("text"))
	}
	got = w.say(teacher, "/start loc_"+strings.Repeat("b", 16))
	want(t, got, "sendMessage", id(teacher.ID), "这个报修二维码无效或已经停用了")
}
