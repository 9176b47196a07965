package e2e

import (
	"context"
	"strings"
	"testing"
	"time"
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
	// Not yet bound: told how to bind, and that the scan is kept.
	got := w.say(teacher, "/start loc_"+token)
	if c := want(t, got, "sendMessage", id(teacher.ID), "绑定"); !strings.Contains(c.Form.Get("text"), "绑定成功后，会直接继续这个地点的报修") {
		t.Errorf("an unbound scan answered %q, want the binding instructions and the kept scan", c.Form.Get("text"))
	}
	// Binding goes straight on with the report at the scanned place.
	got = w.say(teacher, "/start "+w.invite("李老师"))
	want(t, got, "sendMessage", id(teacher.ID), "绑定成功")
	want(t, got, "sendMessage", id(teacher.ID), "您刚才扫描的是 初二(3)班（教学楼302），请说说出了什么问题")
	got = w.say(teacher, "窗户关不上")
	readBack := want(t, got, "sendMessage", id(teacher.ID), "请核对报修单")
	if !strings.Contains(readBack.Form.Get("text"), "地点：教学楼302") {
		t.Errorf("read-back %q, want 教学楼302", readBack.Form.Get("text"))
	}
	// Bound, a scan starts a report at once.
	got = w.say(teacher, "/start loc_"+token)
	want(t, got, "sendMessage", id(teacher.ID), "您在 初二(3)班（教学楼302）报修，请说说出了什么问题")
	got = w.say(teacher, "/start loc_"+strings.Repeat("b", 16))
	want(t, got, "sendMessage", id(teacher.ID), "这个报修二维码无效或已经停用了")
}

// TestScanKeptForHalfAnHourOnly: a scan kept for an unbound account is
// forgotten after 30 minutes; binding later shows the menu, and a second
// binding attempt never finds an old scan.
func TestScanKeptForHalfAnHourOnly(t *testing.T) {
	w := newWorld(t)
	codes, err := w.db.LocationQRs(context.Background(), w.school.ID, "")
	if err != nil || len(codes) == 0 {
		t.Fatal(codes, err)
	}
	got := w.say(stranger, "/start loc_"+codes[0].Token)
	want(t, got, "sendMessage", id(stranger.ID), "保留 30 分钟")
	w.later(31 * time.Minute)
	got = w.say(stranger, "/start "+w.invite("王老师"))
	want(t, got, "sendMessage", id(stranger.ID), "绑定成功")
	for _, call := range got {
		if strings.Contains(call.Form.Get("text"), "扫描") {
			t.Errorf("a scan older than 30 minutes went on after binding: %q", call.Form.Get("text"))
		}
	}
	var left int
	if err := w.db.SQL().Get(&left, `SELECT count(*) FROM kept_messages`); err != nil || left != 0 {
		t.Errorf("kept_messages holds %d rows after the binding (%v), want 0", left, err)
	}
}
