package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/web"
)

var scanFormRE = regexp.MustCompile(`<form method="post" action="([^"]+)"><input type="hidden" name="nonce" value="([^"]+)"><input type="hidden" name="csrf" value="([^"]+)">`)

// TestWeComScanPageStartsReportInChat: a WeCom 扫码报修 label opens
// /scan/{token}; inside WeCom the page knows the member by WeCom's OAuth,
// its 「开始报修」 starts the report at the room through the engine as the
// member's WeCom account, and the report goes on in the WeCom chat. A GET
// starts nothing; nobody identified gets 403; a form sent twice starts one
// report; a token that is not one is refused.
func TestWeComScanPageStartsReportInChat(t *testing.T) {
	w := newWorld(t, flows.ChannelWeCom)
	codes, err := w.db.LocationQRs(ctx, w.s.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var token string
	for _, c := range codes {
		if c.Location.Room == "302" {
			token = c.Token
		}
	}
	if token == "" {
		t.Fatal("no code for room 302")
	}
	link := w.srv.URL + web.ScanPath(token)
	b := w.browser("李老师")
	code, page := b.get(t, link)
	m := scanFormRE.FindStringSubmatch(page)
	if code != http.StatusOK || m == nil || !strings.Contains(page, "开始报修") {
		t.Fatalf("scan page in WeCom: %d\n%s", code, page)
	}
	var sessions int
	if err := w.db.SQL().Get(&sessions, `SELECT count(*) FROM sessions WHERE flow <> ''`); err != nil {
		t.Fatal(err)
	}
	if sessions != 0 {
		t.Errorf("opening the page started %d conversations, want none", sessions)
	}
	form := url.Values{"nonce": {m[2]}, "csrf": {html.UnescapeString(m[3])}}
	code, done := b.post(t, w.srv.URL+html.UnescapeString(m[1]), form)
	if code != http.StatusOK || !strings.Contains(done, "您在 初二(3)班（教学楼302）报修，请说说出了什么问题") {
		t.Fatalf("开始报修: %d\n%s", code, done)
	}
	// The same form again: the stored answer, still one conversation.
	if code, again := b.post(t, w.srv.URL+html.UnescapeString(m[1]), form); code != http.StatusOK || !strings.Contains(again, "教学楼302") {
		t.Errorf("the form sent twice: %d\n%s", code, again)
	}
	// The report goes on in the WeCom chat.
	if got := w.say("李老师", "窗户关不上"); !strings.Contains(got, "请核对报修单") || !strings.Contains(got, "教学楼302") {
		t.Errorf("the chat after the scan page answered %q", got)
	}
	// Nobody identified (outside WeCom), and a forged form, are refused.
	if code, _ := w.browser("").get(t, link); code != http.StatusForbidden {
		t.Errorf("scan page with no identity: %d, want 403", code)
	}
	if code, _ := w.browser("").post(t, link, form); code != http.StatusForbidden {
		t.Errorf("the form posted with no identity: %d, want 403", code)
	}
	other := w.browser("王老师")
	if code, _ := other.get(t, link); code != http.StatusOK {
		t.Fatalf("王老师's scan page: %d", code)
	}
	if code, _ := other.post(t, link, form); code != http.StatusForbidden {
		t.Errorf("王老师 posting 李老师's form: %d, want 403", code)
	}
	if code, body := b.get(t, w.srv.URL+"/scan/NOT-A-TOKEN"); code != http.StatusForbidden || !strings.Contains(body, "无效") {
		t.Errorf("a made-up token: %d\n%s", code, body)
	}
}
