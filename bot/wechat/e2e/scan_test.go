package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/houqin/houqin/store/storetest"
)

func scan(openID, key string, at int64) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event>`+
		`<EventKey><![CDATA[%s]]></EventKey><Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==]]></Ticket></xml>`,
		oa, openID, at, key)
}

// TestScanStartsReportAtThePlace: 扫码报修 through the real callback, engine
// and PostgreSQL. Scanning a room's code (a SCAN event, or subscribe with
// qrscene_ for someone not yet following) starts a report with the place
// filled in, whatever the person was doing; an unbound person is told how
// to bind; a made-up scene or another school's code is refused politely.
func TestScanStartsReportAtThePlace(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := http.DefaultClient
	codes, err := w.db.LocationQRs(ctx, w.school.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var token302 string
	for _, q := range codes {
		if q.Location.ID == w.school.Locs["302"].ID {
			token302 = q.Token
		}
	}
	if token302 == "" {
		t.Fatalf("no code for 302 among %+v", codes)
	}
	// Codes are made once: asking again gives the same ones.
	again, err := w.db.LocationQRs(ctx, w.school.ID, "教学楼")
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 || (again[0].Token != token302 && again[1].Token != token302) {
		t.Errorf("codes of 教学楼 on a second call = %+v, want the same 2 rooms' tokens", again)
	}

	if got := w.post(t, c, scan("oStranger", "loc:"+token302, 1700000001)); !strings.Contains(got, "绑定") || strings.Contains(got, "报修") {
		t.Errorf("unbound scan answered %q, want only the binding instructions", got)
	}
	if got := w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %q", got)
	}
	// Half-way through another report, the teacher scans the room's code.
	if got := w.post(t, c, text("oTeacherLi", 2, "报修")); !strings.Contains(got, "在哪里") {
		t.Fatalf("报修 answered %q", got)
	}
	got := w.post(t, c, scan("oTeacherLi", "loc:"+token302, 1700000010))
	t.Logf("scan answered: %q", got)
	if !strings.Contains(got, "您在 初二(3)班（教学楼302）报修，请说说出了什么问题") {
		t.Fatalf("scan answered %q, want the report started at 初二(3)班（教学楼302）", got)
	}
	check := w.post(t, c, text("oTeacherLi", 3, "灯管不亮了"))
	if !strings.Contains(check, "地点：教学楼302") || !strings.Contains(check, "确认提交") {
		t.Fatalf("description answered %q, want the read-back at 教学楼302", check)
	}
	if done := w.post(t, c, text("oTeacherLi", 4, "1")); !strings.Contains(done, "报修成功") {
		t.Fatalf("confirmation answered %q", done)
	}
	var loc int64
	if err := w.db.SQL().Get(&loc, `SELECT location_id FROM repairs WHERE school_id = $1`, w.school.ID); err != nil {
		t.Fatal(err)
	}
	if loc != w.school.Locs["302"].ID {
		t.Errorf("repair filed at location %d, want 302 (%d)", loc, w.school.Locs["302"].ID)
	}

	// A bound worker who does not follow the account yet scans: subscribe
	// with qrscene_ + the scene.
	if got := w.post(t, c, text("oWorkerWang", 5, "绑定 "+w.invite(t, "王师傅"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %q", got)
	}
	if got := w.post(t, c, subscribe("oWorkerWang", "qrscene_loc:"+token302)); !strings.Contains(got, "您在 初二(3)班（教学楼302）报修") {
		t.Errorf("subscribe scan answered %q", got)
	}

	// Made-up scenes and another school's code name no place.
	other := storetest.Seed(t, w.db, "二中")
	otherCodes, err := w.db.LocationQRs(ctx, other.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	// A deactivated room's code is refused too.
	var token303 string
	if err := w.db.SQL().Get(&token303, `SELECT token FROM location_qr WHERE location_id = $1`, w.school.Locs["303"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SQL().Exec(`UPDATE locations SET active = false WHERE id = $1`, w.school.Locs["303"].ID); err != nil {
		t.Fatal(err)
	}
	for i, scene := range []string{"loc:" + strings.Repeat("a", 16), "loc:" + strings.ToUpper(token302), "loc:../../etc", "loc:" + otherCodes[0].Token, "loc:", "loc:" + token303} {
		got := w.post(t, c, scan("oTeacherLi", scene, 1700000100+int64(i)))
		if !strings.Contains(got, "这个报修二维码无效或已经停用了") {
			t.Errorf("scene %q answered %q, want the polite refusal", scene, got)
		}
	}
	var n int
	if err := w.db.SQL().Get(&n, `SELECT count(*) FROM repairs`); err != nil || n != 1 {
		t.Errorf("%d repairs (%v), want only the one reported", n, err)
	}
}
