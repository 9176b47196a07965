package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func voice(openID string, msgID int64, recognition string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000000</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[VOICE-MEDIA]]></MediaId>`+
		`<Format><![CDATA[amr]]></Format><Recognition><![CDATA[%s]]></Recognition><MsgId>%d</MsgId></xml>`, oa, openID, recognition, msgID)
}

// TestVoiceReport: a voice message whose speech WeChat recognised (语音识别
// on) is handled as its text and files a report, the answer saying first
// what was heard; one without recognition is asked to type and changes
// nothing.
func TestVoiceReport(t *testing.T) {
	w := newWorld(t)
	c := http.DefaultClient
	w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师")))

	if got := w.post(t, c, voice("oTeacherLi", 2, "")); !strings.Contains(got, "打字") {
		t.Errorf("voice without recognition answered %q, want a request to type", got)
	}
	got := w.post(t, c, voice("oTeacherLi", 3, "302教室课桌腿断了。"))
	if !strings.HasPrefix(got, "听到的是：「302教室课桌腿断了」") || !strings.Contains(got, "教学楼302") {
		t.Fatalf("voice report answered %q, want what was heard, then the read-back", got)
	}
	if got := w.post(t, c, voice("oTeacherLi", 4, "确认。")); !strings.Contains(got, "报修成功") {
		t.Fatalf("voice confirmation answered %q", got)
	}
	counts, err := w.db.Counts(context.Background(), w.school.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts["repairs"] != 1 {
		t.Errorf("%d repairs, want 1", counts["repairs"])
	}
}
