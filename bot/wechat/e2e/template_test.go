package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
)

// TestMisconfiguredTemplateIsReportedAsSuch: a worker outside the 48-hour
// window gets jobs as template messages; when WeChat rejects the template
// (40037, an invalid template id) the outbox on PostgreSQL marks the job
// failed and queues one 【系统配置有误】 notice for the 总务主任 — not one per
// job, and never 「已取消关注」.
func TestMisconfiguredTemplateIsReportedAsSuch(t *testing.T) {
	var mu sync.Mutex
	var templates []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/cgi-bin/stable_token":
			fmt.Fprint(w, `{"access_token":"E2E-ACCESS-TOKEN","expires_in":7200}`)
		case "/cgi-bin/message/template/send":
			templates = append(templates, r.URL.Path)
			fmt.Fprint(w, `{"errcode":40037,"errmsg":"invalid template_id rid: 6571b1b4-2"}`)
		default:
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
		}
	}))
	t.Cleanup(api.Close)
	w := newWorldWith(t, func(c *wechat.Config) {
		c.APIBaseURL = api.URL
		c.Templates = nil
		c.Mappings = []wechat.TemplateMapping{{Name: "job", ID: "TPL-WRONG", Default: true,
			Fields: map[string]string{"thing1": "item", "thing2": "place", "time3": "due"}}}
	})
	ctx := context.Background()
	c := http.DefaultClient
	if got := w.post(t, c, subscribe("oWorkerWang", "qrscene_"+w.invite(t, "王师傅"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("worker binding: %q", got)
	}
	w.now = w.now.Add(72 * time.Hour) // the worker's window has closed
	if got := w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("teacher binding: %q", got)
	}
	worker := &bot.Worker{Outbox: w.db, Now: func() time.Time { return w.now },
		Senders: map[flows.Channel]bot.Sender{flows.ChannelWeChat: w.ch}}
	for i, report := range []string{"302教室课桌腿断了", "303教室椅子坏了"} {
		w.post(t, c, text("oTeacherLi", int64(10+2*i), report))
		if got := w.post(t, c, text("oTeacherLi", int64(11+2*i), "1")); !strings.Contains(got, "报修成功") {
			t.Fatalf("report %d: %q", i+1, got)
		}
		if _, err := worker.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	tries := len(templates)
	mu.Unlock()
	if tries < 2 {
		t.Errorf("%d template sends, want the two jobs tried", tries)
	}
	type row struct {
		Kind   string `db:"kind"`
		Body   string `db:"body"`
		Status string `db:"status"`
		Err    string `db:"last_error"`
	}
	var jobs, notices []row
	if err := w.db.SQL().Select(&jobs, `SELECT kind, body, status, last_error FROM outbox WHERE kind = 'repair.assigned' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SQL().Select(&notices, `SELECT kind, body, status, last_error FROM outbox WHERE kind = $1 ORDER BY id`, bot.KindDeliveryFailed); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 {
		t.Fatalf("jobs %+v, want 2", jobs)
	}
	for _, j := range jobs {
		if j.Status != "failed" || !strings.Contains(j.Err, "configuration error") || !strings.Contains(j.Err, "40037") {
			t.Errorf("job row %+v, want failed with the configuration error", j)
		}
	}
	var config int
	for _, n := range notices {
		t.Logf("notice: %q", n.Body)
		if strings.Contains(n.Body, "取消关注") {
			t.Errorf("a notice blames the recipient: %q", n.Body)
		}
		if strings.Contains(n.Body, "【系统配置有误】") {
			config++
			if !strings.Contains(n.Body, "TPL-WRONG") || !strings.Contains(n.Body, "40037") || !strings.Contains(n.Body, "课桌腿断了") {
				t.Errorf("configuration notice %q does not name the template, the code and the job", n.Body)
			}
		}
	}
	if config != 1 {
		t.Errorf("%d configuration notices for two failed jobs, want 1 (told once)", config)
	}
}
