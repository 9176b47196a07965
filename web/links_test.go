package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/bot/wecom"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
	"github.com/houqin/houqin/web"
)

// The acceptance test of issue 14's links: the real engine, scheduler and
// outbox worker on a real PostgreSQL, every person bound on one channel at
// a time (console, Telegram, WeChat), scenarios that produce every kind of
// notification that carries a link, and every link in every delivered
// notification followed as its recipient (200) and as others (403).

// recorder is every channel's sender: it keeps what the worker sent, after
// the worker's Links made each link its recipient's own.
type recorder struct {
	mu    sync.Mutex
	items []flows.OutboxItem
}

func (r *recorder) Send(_ context.Context, it flows.OutboxItem) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, it)
	return nil
}

// fakeWeChat plays WeChat's 网页授权: the authorize page knows who is
// logged in to WeChat by the browser (here: the openid in its User-Agent)
// and sends them back with a one-time code; the SNS API turns the code
// into the openid.
type fakeWeChat struct {
	t     *testing.T
	mu    sync.Mutex
	codes map[string]string
	n     int
	srv   *httptest.Server
}

const (
	fakeAppID     = "wx-app"
	fakeAppSecret = "wx-secret"
	// WeCom's OAuth: the same authorize page (appid = the CorpID), then
	// gettoken and user/getuserinfo on the WeCom API.
	fakeCorpID     = "ww-corp"
	fakeCorpSecret = "ww-secret"
)

func newFakeWeChat(t *testing.T) *fakeWeChat {
	f := &fakeWeChat{t: t, codes: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /connect/oauth2/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if (q.Get("appid") != fakeAppID && q.Get("appid") != fakeCorpID) || q.Get("scope") != "snsapi_base" || q.Get("response_type") != "code" || q.Get("state") == "" {
			http.Error(w, "bad authorize request: "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		_, openid, ok := strings.Cut(r.UserAgent(), "openid/")
		if !ok {
			http.Error(w, "not in WeChat", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.n++
		code := "code" + strconv.Itoa(f.n)
		f.codes[code] = openid
		f.mu.Unlock()
		back, err := url.Parse(q.Get("redirect_uri"))
		if err != nil {
			http.Error(w, "bad redirect_uri", http.StatusBadRequest)
			return
		}
		bq := back.Query()
		bq.Set("code", code)
		bq.Set("state", q.Get("state"))
		back.RawQuery = bq.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("GET /sns/oauth2/access_token", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		if q.Get("appid") != fakeAppID || q.Get("secret") != fakeAppSecret || q.Get("grant_type") != "authorization_code" {
			io.WriteString(w, `{"errcode":40125,"errmsg":"invalid appsecret"}`)
			return
		}
		f.mu.Lock()
		openid, ok := f.codes[q.Get("code")]
		delete(f.codes, q.Get("code"))
		f.mu.Unlock()
		if !ok {
			io.WriteString(w, `{"errcode":40029,"errmsg":"invalid code"}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":"at","expires_in":7200,"refresh_token":"rt","openid":%q,"scope":"snsapi_base"}`, openid)
	})
	mux.HandleFunc("GET /cgi-bin/gettoken", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("corpid") != fakeCorpID || q.Get("corpsecret") != fakeCorpSecret {
			io.WriteString(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"wecom-at","expires_in":7200}`)
	})
	mux.HandleFunc("GET /cgi-bin/user/getuserinfo", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f.mu.Lock()
		userid, ok := f.codes[q.Get("code")]
		delete(f.codes, q.Get("code"))
		f.mu.Unlock()
		if !ok || q.Get("access_token") != "wecom-at" {
			io.WriteString(w, `{"errcode":40029,"errmsg":"invalid code"}`)
			return
		}
		fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","userid":%q,"user_ticket":"t"}`, userid)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// world is one school on PostgreSQL with every person bound on channel.
type world struct {
	t       *testing.T
	db      *store.DB
	s       storetest.School
	channel flows.Channel
	now     time.Time
	eng     *flows.Engine
	sched   *flows.Scheduler
	h       *web.Handler
	srv     *httptest.Server
	wx      *fakeWeChat
	rec     *recorder
	worker  *bot.Worker
	seq     int
}

func newWorld(t *testing.T, ch flows.Channel) *world {
	t.Helper()
	db := storetest.Open(t)
	w := &world{t: t, db: db, s: storetest.Seed(t, db, "一中"), channel: ch, now: time.Date(2026, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai")),
		rec: &recorder{}, wx: newFakeWeChat(t)}
	if ch != flows.ChannelConsole {
		if _, err := db.SQL().Exec(`UPDATE identities SET channel = $1, external_id = $1 || '-' || staff_id::text`, string(ch)); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	w.srv = httptest.NewServer(mux)
	t.Cleanup(w.srv.Close)
	base := w.srv.URL
	mods := []flows.Module{
		repair.Module(),
		inspection.Module(func(s flows.School, m time.Time) string { return base + web.SafetyPath(s.ID, m) }),
		digest.Module(func(s flows.School, d time.Time) string { return base + web.DigestPath(s.ID, d) }, nil),
	}
	w.eng = flows.NewEngine(flows.EngineConfig{Store: db, Now: w.clock, PublicURL: base, Modules: mods})
	w.sched = &flows.Scheduler{Store: db, Now: w.clock, Jobs: flows.ModuleJobs(mods), BaseURL: base}
	w.h = &web.Handler{Source: db, Signer: web.Signer{Key: testKey, Now: w.clock}, BaseURL: base, Now: w.clock,
		People: db, Jobs: db, Engine: w.eng, Photos: db}
	if ch == flows.ChannelWeChat {
		w.h.WeChat = wechat.OAuth{AppID: fakeAppID, AppSecret: fakeAppSecret, APIBaseURL: w.wx.srv.URL, AuthorizeBase: w.wx.srv.URL}
	}
	if ch == flows.ChannelWeCom {
		wc, err := wecom.New(wecom.Config{CorpID: fakeCorpID, AgentID: 1000002, Secret: fakeCorpSecret, Token: "t",
			EncodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", APIBaseURL: w.wx.srv.URL}, w.eng, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.h.WeCom = wc.OAuth(w.wx.srv.URL)
	}
	w.h.Register(mux)
	w.worker = &bot.Worker{Outbox: db, Now: w.clock, Links: w.h.Personalize, Senders: map[flows.Channel]bot.Sender{
		flows.ChannelConsole: w.rec, flows.ChannelTelegram: w.rec, flows.ChannelWeChat: w.rec, flows.ChannelWeCom: w.rec}}
	return w
}

func (w *world) clock() time.Time { return w.now }

func (w *world) account(who string) string {
	id := w.s.Staff[who].ID
	if w.channel == flows.ChannelConsole {
		return strconv.FormatInt(id, 10)
	}
	return string(w.channel) + "-" + strconv.FormatInt(id, 10)
}

func (w *world) say(who, text string) string {
	w.t.Helper()
	w.seq++
	a := w.account(who)
	replies, err := w.eng.Handle(ctx, flows.Message{Channel: w.channel, ExternalUser: a, Chat: a, Text: text,
		DedupKey: "m" + strconv.Itoa(w.seq), At: w.now})
	if err != nil {
		w.t.Fatalf("%s: %s: %v", who, text, err)
	}
	var out []string
	for _, r := range replies {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

// deliver runs the outbox and returns what it sent since last time.
func (w *world) deliver() []flows.OutboxItem {
	w.t.Helper()
	w.rec.mu.Lock()
	w.rec.items = nil
	w.rec.mu.Unlock()
	if _, err := w.worker.Flush(ctx); err != nil {
		w.t.Fatal(err)
	}
	return slices.Clone(w.rec.items)
}

func (w *world) at(t time.Time) []flows.OutboxItem {
	w.now = t
	w.sched.Tick(ctx)
	return w.deliver()
}

func (w *world) name(id int64) string {
	for n, st := range w.s.Staff {
		if st.ID == id {
			return n
		}
	}
	return "?"
}

// browser is a phone: a cookie jar, and inside WeChat a User-Agent by
// which the fake authorize page knows its openid.
type browser struct {
	c   *http.Client
	who string
}

type uaTransport struct{ ua string }

func (u uaTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if u.ua != "" {
		r.Header.Set("User-Agent", u.ua)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (w *world) browser(who string) *browser {
	jar, _ := cookiejar.New(nil)
	ua := "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36"
	if w.channel == flows.ChannelWeChat && who != "" {
		ua = "Mozilla/5.0 MicroMessenger/8.0.50 openid/" + w.account(who)
	}
	if w.channel == flows.ChannelWeCom && who != "" {
		// WeCom's browser names itself MicroMessenger too.
		ua = "Mozilla/5.0 wxwork/4.1.30 MicroMessenger/7.0.1 openid/" + w.account(who)
	}
	return &browser{c: &http.Client{Jar: jar, Transport: uaTransport{ua}}, who: who}
}

func (b *browser) get(t *testing.T, link string) (int, string) {
	t.Helper()
	resp, err := b.c.Get(link)
	if err != nil {
		t.Fatalf("GET %s: %v", link, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browser) post(t *testing.T, link string, form url.Values) (int, string) {
	t.Helper()
	resp, err := b.c.PostForm(link, form)
	if err != nil {
		t.Fatalf("POST %s: %v", link, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var linkRE = regexp.MustCompile(`https?://[^\s）)」]+`)

// links returns every link of a delivered notification: its Link and any
// in its text.
func links(it flows.OutboxItem) []string {
	out := linkRE.FindAllString(it.Text, -1)
	if it.Link != "" && !slices.Contains(out, it.Link) {
		out = append(out, it.Link)
	}
	return out
}

// outsiders are people with no part in a notification's item: for a job,
// a teacher who did not report it and a worker of another trade; for the
// school's pages, a teacher and a worker.
var outsiders = []string{"王老师", "周师傅"}

func TestEveryNotificationLinkOpensForItsRecipientOnly(t *testing.T) {
	for _, ch := range []flows.Channel{flows.ChannelConsole, flows.ChannelTelegram, flows.ChannelWeChat, flows.ChannelWeCom} {
		t.Run(string(ch), func(t *testing.T) {
			w := newWorld(t, ch)
			kinds := map[string]int{}
			// Each link is followed as it arrives, while it is fresh.
			check := func(sent []flows.OutboxItem) {
				t.Helper()
				for _, it := range sent {
					ls := links(it)
					if len(ls) == 0 {
						continue
					}
					if it.Channel != ch {
						t.Fatalf("%s went on %s", it.Kind, it.Channel)
					}
					kinds[it.Kind]++
					for _, l := range ls {
						w.follow(t, it, l)
					}
				}
			}
			// A desk (王师傅, 木工) left to run late: assigned, then at
			// the due time escalated to 分管领导 and 总务主任, 12 hours
			// later to the 校长.
			w.say("李老师", "302教室课桌腿断了")
			w.say("李老师", "1")
			// A light (孙师傅, 电工) that cannot be fixed: 修不好 goes to
			// the 分管领导 at once.
			w.say("李老师", "303教室灯不亮")
			w.say("李老师", "1")
			check(w.deliver())
			light := latestRepair(t, w)
			w.say("孙师傅", fmt.Sprintf("修不好 %d", light.ID))
			w.say("孙师傅", "2")
			w.say("孙师傅", "灯管老化，需要采购")
			check(w.deliver())
			check(w.at(time.Date(2026, 11, 20, 21, 1, 0, 0, w.now.Location())))
			// The morning digest (07:00) and, past 12 hours, the 校长.
			check(w.at(time.Date(2026, 11, 21, 9, 5, 0, 0, w.now.Location())))
			// The monthly safety report on the first of the month.
			check(w.at(time.Date(2026, 12, 1, 7, 5, 0, 0, w.now.Location())))

			for _, k := range []string{repair.NoticeAssigned, repair.NoticeEscalated, digest.Kind, inspection.KindReport} {
				if kinds[k] == 0 {
					t.Errorf("no %s notification with a link was sent; sent with links: %v", k, kinds)
				}
			}
			t.Logf("links followed by kind: %v", kinds)
		})
	}
}

// follow opens link as the recipient of it (200) and as outsiders (403).
func (w *world) follow(t *testing.T, it flows.OutboxItem, link string) {
	t.Helper()
	if !strings.HasPrefix(link, w.srv.URL+"/") {
		t.Fatalf("%s: link %s is not on %s", it.Kind, link, w.srv.URL)
	}
	u, _ := url.Parse(link)
	q := u.Query()
	recipient := w.name(it.ToStaff)
	switch w.channel {
	case flows.ChannelWeChat, flows.ChannelWeCom:
		// Bare: the reader is whoever WeChat (WeCom) says is reading.
		if u.RawQuery != "" {
			t.Errorf("%s to %s on WeChat: link %s carries a query", it.Kind, recipient, link)
		}
	default:
		if q.Get("u") != strconv.FormatInt(it.ToStaff, 10) || q.Get("sig") == "" {
			t.Errorf("%s to %s: link %s is not signed for them", it.Kind, recipient, link)
		}
	}
	rb := w.browser(recipient)
	code, body := rb.get(t, link)
	if code != http.StatusOK {
		t.Errorf("%s: %s opening %s: %d, want 200\n%s", it.Kind, recipient, link, code, body)
	}
	bare := w.srv.URL + u.Path
	if w.channel != flows.ChannelWeChat && w.channel != flows.ChannelWeCom {
		// The link is spent: the recipient keeps the page through the
		// session cookie, by the link and by the bare path...
		if code, _ := rb.get(t, link); code != http.StatusOK {
			t.Errorf("%s: %s opening their link again in the same browser: %d, want 200", it.Kind, recipient, code)
		}
		if code, _ := rb.get(t, bare); code != http.StatusOK {
			t.Errorf("%s: %s opening %s with their session: %d, want 200", it.Kind, recipient, bare, code)
		}
		// ...and the link forwarded after it was opened gives nothing,
		// with a page saying so and how to get a fresh one.
		if code, body := w.browser("").get(t, link); code != http.StatusForbidden || !strings.Contains(body, "已经被打开过") || !strings.Contains(body, "「我的」") {
			t.Errorf("%s: %s's opened link forwarded: %d, want 403 with the used-link page\n%s", it.Kind, recipient, code, body)
		}
	}
	for _, other := range outsiders {
		ob := w.browser(other)
		if w.channel == flows.ChannelWeChat || w.channel == flows.ChannelWeCom {
			// A forwarded WeChat link, opened in the other's WeChat.
			if code, _ := ob.get(t, link); code != http.StatusForbidden {
				t.Errorf("%s: %s opening %s's link %s in WeChat: %d, want 403", it.Kind, other, recipient, link, code)
			}
			continue
		}
		// The other's own identity, for the same page.
		own := w.h.PersonLink(u.Path, w.s.Staff[other])
		if code, _ := ob.get(t, own); code != http.StatusForbidden {
			t.Errorf("%s: %s with a link of their own to %s: %d, want 403", it.Kind, other, u.Path, code)
		}
		// The recipient's opened link, in the other's browser with the
		// other's own session.
		if code, _ := ob.get(t, link); code != http.StatusForbidden {
			t.Errorf("%s: %s (with a session of their own) opening %s's opened link: %d, want 403", it.Kind, other, recipient, code)
		}
		// The recipient's signature claimed for the other.
		forged := url.Values{"u": {strconv.FormatInt(w.s.Staff[other].ID, 10)}, "exp": {q.Get("exp")}, "sig": {q.Get("sig")}}
		if code, _ := w.browser("").get(t, bare+"?"+forged.Encode()); code != http.StatusForbidden {
			t.Errorf("%s: the recipient's signature with u=%s: %d, want 403", it.Kind, other, code)
		}
	}
	// Nobody at all: the bare link outside WeChat.
	if code, _ := w.browser("").get(t, bare); code != http.StatusForbidden {
		t.Errorf("%s: %s with no identity: %d, want 403", it.Kind, bare, code)
	}
}

func latestRepair(t *testing.T, w *world) repair.Repair {
	t.Helper()
	var ref string
	if err := w.db.SQL().Get(&ref, `SELECT ref FROM repairs ORDER BY id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	r, err := w.db.RepairByRef(ctx, w.s.ID, ref)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// formRE reads the forms of the job page: hidden nonce, csrf, and the
// button's data, then its label.
var formRE = regexp.MustCompile(`<form class="b" method="post" action="([^"]*)"><input type="hidden" name="nonce" value="([^"]+)"><input type="hidden" name="csrf" value="([^"]+)"><input type="hidden" name="button" value="([^"]+)"><button[^>]*>([^<]+)</button>`)

var boxRE = regexp.MustCompile(`<form method="post" action="([^"]*)"><input type="hidden" name="nonce" value="([^"]+)"><input type="hidden" name="csrf" value="([^"]+)"><textarea`)

type pageForm struct {
	action, label string
	values        url.Values
}

func forms(page string) map[string]pageForm {
	out := map[string]pageForm{}
	for _, m := range formRE.FindAllStringSubmatch(page, -1) {
		label := html.UnescapeString(m[5])
		out[label] = pageForm{action: html.UnescapeString(m[1]), label: label,
			values: url.Values{"nonce": {m[2]}, "csrf": {html.UnescapeString(m[3])}, "button": {html.UnescapeString(m[4])}}}
	}
	if m := boxRE.FindStringSubmatch(page); m != nil {
		out["回复"] = pageForm{action: html.UnescapeString(m[1]), label: "回复", values: url.Values{"nonce": {m[2]}, "csrf": {html.UnescapeString(m[3])}}}
	}
	return out
}

func (w *world) press(t *testing.T, b *browser, page string, label string, extra ...string) (int, string) {
	t.Helper()
	f, ok := forms(page)[label]
	if !ok {
		t.Fatalf("%s: no 「%s」 on the page; forms: %v", b.who, label, slices.Collect(mapsKeys(forms(page))))
	}
	v := url.Values{}
	for k, vs := range f.values {
		v[k] = vs
	}
	if len(extra) == 2 {
		v.Set(extra[0], extra[1])
	}
	return b.post(t, w.srv.URL+f.action, v)
}

func mapsKeys(m map[string]pageForm) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestJobPageButtonsGoThroughTheEngine(t *testing.T) {
	w := newWorld(t, flows.ChannelTelegram)
	w.say("李老师", "303教室灯不亮")
	w.say("李老师", "1")
	var job flows.OutboxItem
	for _, it := range w.deliver() {
		if it.Kind == repair.NoticeAssigned {
			job = it
		}
	}
	if job.Link == "" || w.name(job.ToStaff) != "孙师傅" {
		t.Fatalf("no job with a link for 孙师傅: %+v", job)
	}
	r := latestRepair(t, w)
	worker := w.browser("孙师傅")
	code, page := worker.get(t, job.Link)
	if code != http.StatusOK {
		t.Fatalf("job page: %d\n%s", code, page)
	}
	for _, want := range []string{r.Ref, "教学楼303", "灯不亮", "李老师", "待接单", "报修"} {
		if !strings.Contains(page, want) {
			t.Errorf("job page lacks %q", want)
		}
	}
	for _, label := range []string{"接单", "完成", "修不好", "转派"} {
		if _, ok := forms(page)[label]; !ok {
			t.Errorf("the worker's page has no 「%s」 button", label)
		}
	}
	// The reporter sees the page without the worker's buttons.
	_, reporterPage := w.browser("李老师").get(t, w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["李老师"]))
	if len(forms(reporterPage)) != 0 || !strings.Contains(reporterPage, r.Ref) {
		t.Errorf("the reporter's page offers %v", slices.Collect(mapsKeys(forms(reporterPage))))
	}

	// 接单 on the page: the engine's answer, the repair accepted, the
	// reporter told through the outbox.
	take := forms(page)["接单"]
	code, after := w.press(t, worker, page, "接单")
	if code != http.StatusOK || !strings.Contains(after, "已接单 "+r.Ref) || !strings.Contains(after, "维修中") {
		t.Fatalf("接单: %d\n%s", code, after)
	}
	if got := latestRepair(t, w).Status; got != repair.RepairAccepted {
		t.Errorf("after 接单 the repair is %s", got)
	}
	told := false
	for _, it := range w.deliver() {
		told = told || w.name(it.ToStaff) == "李老师" && strings.Contains(it.Text, "已接单")
	}
	if !told {
		t.Error("the reporter was not told of 接单 from the page")
	}
	events := func() int {
		var n int
		w.db.SQL().Get(&n, `SELECT count(*) FROM repair_events WHERE repair_id = $1`, r.ID)
		return n
	}
	// The same form again (a resubmitted POST): the stored answer, nothing written.
	before := events()
	code, again := worker.post(t, w.srv.URL+take.action, take.values)
	if code != http.StatusOK || !strings.Contains(again, "已接单 "+r.Ref) || events() != before {
		t.Errorf("resubmitted 接单: %d, events %d → %d", code, before, events())
	}
	// A forged token, or one made for someone else, is refused.
	bad := url.Values{"nonce": {"n1"}, "csrf": {"AAAA"}, "button": {take.values.Get("button")}}
	if code, _ := worker.post(t, w.srv.URL+take.action, bad); code != http.StatusForbidden {
		t.Errorf("forged csrf: %d, want 403", code)
	}
	other := w.browser("王老师")
	other.get(t, w.h.PersonLink("/r/NONE", w.s.Staff["王老师"])) // a session for 王老师
	if code, _ := other.post(t, w.srv.URL+web.JobPath(r.Ref), take.values); code != http.StatusForbidden {
		t.Errorf("王老师 posting the worker's form: %d, want 403", code)
	}
	// 修不好 asks a question; its buttons and the reply box continue it
	// on the page, and the 分管领导 is told.
	code, asked := w.press(t, worker, after, "修不好")
	if code != http.StatusOK || !strings.Contains(asked, "修不好的原因是") {
		t.Fatalf("修不好: %d\n%s", code, asked)
	}
	code, detail := w.press(t, worker, asked, "需要采购")
	if code != http.StatusOK || !strings.Contains(detail, "请简单说明") {
		t.Fatalf("需要采购: %d\n%s", code, detail)
	}
	code, done := w.press(t, worker, detail, "回复", "text", "灯管老化，需要采购")
	if code != http.StatusOK || !strings.Contains(done, "上报分管领导") {
		t.Fatalf("reply: %d\n%s", code, done)
	}
	escalated := false
	for _, it := range w.deliver() {
		escalated = escalated || it.Kind == repair.NoticeEscalated && w.name(it.ToStaff) == "刘副校长"
	}
	if !escalated {
		t.Error("修不好 from the page did not reach the 分管领导")
	}
	if !strings.Contains(done, "灯管老化，需要采购") || !strings.Contains(done, "修不好，上报") {
		t.Errorf("the page's history lacks the 修不好:\n%s", done)
	}
}

func TestWeChatOAuthRefusals(t *testing.T) {
	w := newWorld(t, flows.ChannelWeChat)
	w.say("李老师", "303教室灯不亮")
	w.say("李老师", "1")
	r := latestRepair(t, w)
	link := w.srv.URL + web.JobPath(r.Ref)
	// An account bound to nobody.
	stranger := &browser{c: &http.Client{Transport: uaTransport{"MicroMessenger openid/wx-stranger"}}}
	stranger.c.Jar, _ = cookiejar.New(nil)
	if code, body := stranger.get(t, link); code != http.StatusForbidden || !strings.Contains(body, "还没有绑定") {
		t.Errorf("unbound openid: %d\n%s", code, body)
	}
	// A code that this browser did not ask for (login CSRF), and a next
	// that leaves the site.
	b := w.browser("孙师傅")
	if code, _ := b.get(t, w.srv.URL+"/auth/wechat?code=x&state=abc&next=/r/"+r.Ref); code != http.StatusForbidden {
		t.Errorf("code without the state cookie: %d, want 403", code)
	}
	// Nonexistent and other schools' references answer like refusals.
	if code, _ := b.get(t, w.srv.URL+"/r/BX-20991231-999"); code != http.StatusForbidden {
		t.Errorf("unknown ref: %d, want 403", code)
	}
	if code, _ := b.get(t, link); code != http.StatusOK {
		t.Errorf("孙师傅 in WeChat: %d, want 200", code)
	}
}

func TestSchoolPagesAndLedgersNeedALeader(t *testing.T) {
	w := newWorld(t, flows.ChannelTelegram)
	day := time.Date(2026, 11, 19, 0, 0, 0, 0, w.now.Location())
	digestPath := web.DigestPath(w.s.ID, day)
	principal := w.browser("张校长")
	code, page := principal.get(t, w.h.PersonLink(digestPath, w.s.Staff["张校长"]))
	if code != http.StatusOK {
		t.Fatalf("principal's digest: %d", code)
	}
	// The ledger links on the page are the principal's own, and work.
	m := regexp.MustCompile(`href="([^"]*/ledger/[^"]*/visits/[^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no visitor ledger link on the digest page")
	}
	ledgerLink := html.UnescapeString(m[1])
	if code, _ := principal.get(t, ledgerLink); code != http.StatusOK {
		t.Errorf("principal's visitor ledger: %d", code)
	}
	lu, _ := url.Parse(ledgerLink)
	for _, who := range []string{"李老师", "王师傅", "老郑"} {
		b := w.browser(who)
		if code, _ := b.get(t, w.h.PersonLink(lu.Path, w.s.Staff[who])); code != http.StatusForbidden {
			t.Errorf("%s's own link to the visitor ledger: %d, want 403", who, code)
		}
		if code, _ := b.get(t, w.h.PersonLink(digestPath, w.s.Staff[who])); code != http.StatusForbidden {
			t.Errorf("%s's own link to the digest: %d, want 403", who, code)
		}
	}
	// Another school's leader is not this school's.
	other := storetest.Seed(t, w.db, "二中")
	if code, _ := w.browser("").get(t, w.h.PersonLink(lu.Path, other.Staff["张校长"])); code != http.StatusForbidden {
		t.Errorf("another school's principal: %d, want 403", code)
	}
	// An expired link is refused with its reason.
	w.now = w.now.Add(8 * 24 * time.Hour)
	if code, body := w.browser("").get(t, ledgerLink); code != http.StatusForbidden || !strings.Contains(body, "过期") {
		t.Errorf("expired ledger link: %d\n%s", code, body)
	}
}

// TestPersonLinkWorksOnce: a per-person link opened first by whoever holds
// it (forwarded before its recipient opened it) works once; every replay
// is refused, the recipient too is told the link was used, and the first
// opener's session keeps working.
func TestPersonLinkWorksOnce(t *testing.T) {
	w := newWorld(t, flows.ChannelTelegram)
	day := time.Date(2026, 11, 19, 0, 0, 0, 0, w.now.Location())
	digestPath := web.DigestPath(w.s.ID, day)
	link := w.h.PersonLink(digestPath, w.s.Staff["张校长"])
	// Telegram's link-preview robot fetches the link as the message
	// arrives, and some clients send HEAD first: neither spends it.
	preview := &browser{c: &http.Client{Transport: uaTransport{"TelegramBot (like TwitterBot)"}}}
	if code, _ := preview.get(t, link); code != http.StatusForbidden {
		t.Errorf("the preview robot: %d, want 403", code)
	}
	if resp, err := http.Head(link); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("HEAD: %v %v, want 403", resp, err)
	} else {
		resp.Body.Close()
	}
	first := w.browser("")
	if code, body := first.get(t, link); code != http.StatusOK {
		t.Fatalf("first open: %d\n%s", code, body)
	}
	for i, b := range []*browser{w.browser(""), w.browser("张校长")} {
		if code, body := b.get(t, link); code != http.StatusForbidden || !strings.Contains(body, "已经被打开过") || !strings.Contains(body, "「日报」") {
			t.Errorf("replay %d of the link: %d, want 403 with the used-link page\n%s", i+1, code, body)
		}
	}
	if code, _ := first.get(t, w.srv.URL+digestPath); code != http.StatusOK {
		t.Errorf("the first opener's session on the bare page: %d, want 200", code)
	}
	// A fresh link to the principal works in a new browser, then its
	// session survives the link's later refusals.
	fresh := w.h.PersonLink(digestPath, w.s.Staff["张校长"])
	pb := w.browser("张校长")
	if code, _ := pb.get(t, fresh); code != http.StatusOK {
		t.Errorf("a fresh link: %d, want 200", code)
	}
	w.now = w.now.Add(2 * time.Hour)
	if code, _ := pb.get(t, w.srv.URL+digestPath); code != http.StatusOK {
		t.Errorf("the session two hours later: %d, want 200", code)
	}
	// 「日报」 in chat brings a fresh link of the asker's own.
	w.say("张校长", "日报")
	var got string
	for _, it := range w.deliver() {
		if it.Kind == digest.LinkKind && w.name(it.ToStaff) == "张校长" {
			got = it.Link
		}
	}
	if gu, err := url.Parse(got); got == "" || err != nil || gu.Query().Get("u") != strconv.FormatInt(w.s.Staff["张校长"].ID, 10) {
		t.Fatalf("「日报」 sent no link of the principal's own: %q", got)
	}
	if code, body := w.browser("").get(t, got); code != http.StatusOK || !strings.Contains(body, "后勤日报") {
		t.Errorf("the link 「日报」 sent: %d\n%s", code, body)
	}
	// A link whose nonce was altered does not verify.
	u, _ := url.Parse(fresh)
	q := u.Query()
	q.Set("n", strings.Repeat("0", 32))
	if code, _ := w.browser("").get(t, w.srv.URL+u.Path+"?"+q.Encode()); code != http.StatusForbidden {
		t.Errorf("a link with another nonce: %d, want 403", code)
	}
}

// TestDistrictPageForTheOffice: the district view opens, by the viewer's
// own link, for a leader of the district office, whose morning message
// carries it, and links each school's digest for them; nobody else's own
// link opens it, a school's principal included, and the office is no line
// of it.
func TestDistrictPageForTheOffice(t *testing.T) {
	w := newWorld(t, flows.ChannelTelegram)
	office := storetest.Seed(t, w.db, "区教育局")
	office.Settings.DistrictOffice = true
	if err := w.db.UpdateSchool(context.Background(), office.School); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 19, 0, 0, 0, 0, w.now.Location())
	chief := w.browser("")
	code, page := chief.get(t, w.h.PersonLink(web.DistrictPath(day), office.Staff["张校长"]))
	if code != http.StatusOK || !strings.Contains(page, "一中") || strings.Contains(page, "区教育局") {
		t.Fatalf("the office's principal on the district page: %d\n%s", code, page)
	}
	m := regexp.MustCompile(`href="([^"]*/digest/[^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no school digest link on the district page:\n%s", page)
	}
	if code, body := chief.get(t, html.UnescapeString(m[1])); code != http.StatusOK || !strings.Contains(body, "一中") {
		t.Errorf("一中's digest from the district page: %d", code)
	}
	// The district's ledgers of the month: every school's rows in one
	// workbook, under the office's name, the office's own left out.
	m = regexp.MustCompile(`href="([^"]*/ledger/district/repairs/2026-11\.xlsx[^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no district 报修台账 link on the district page:\n%s", page)
	}
	code, book := chief.get(t, html.UnescapeString(m[1]))
	if code != http.StatusOK || !strings.HasPrefix(book, "PK") {
		t.Fatalf("the district's 报修台账: %d, want 200 and a workbook", code)
	}
	f, err := excelize.OpenReader(strings.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(ledger.Repairs.Title())
	if err != nil || len(rows) < 2 || !strings.HasPrefix(rows[0][0], "区教育局 报修台账（2026年11月，1 所学校）") || len(rows[1]) < 2 || rows[1][1] != "学校" {
		t.Errorf("the district's 报修台账 begins %q (%v)", rows[:min(2, len(rows))], err)
	}
	// Visitors' names and phones stay with each school.
	if strings.Contains(page, "/ledger/district/visits/") {
		t.Errorf("the district page links the visitors' ledger")
	}
	if code, _ := chief.get(t, w.h.PersonLink(web.DistrictLedgerPath(ledger.Visits, day), office.Staff["张校长"])); code != http.StatusNotFound {
		t.Errorf("the district's 来访登记簿: %d, want 404", code)
	}
	for _, who := range []struct {
		s    storetest.School
		name string
	}{{w.s, "张校长"}, {office, "李老师"}} {
		if code, _ := w.browser("").get(t, w.h.PersonLink(web.DistrictPath(day), who.s.Staff[who.name])); code != http.StatusForbidden {
			t.Errorf("%s of %s on the district page: %d, want 403", who.name, who.s.Name, code)
		}
		if code, _ := w.browser("").get(t, w.h.PersonLink(web.DistrictLedgerPath(ledger.Repairs, day), who.s.Staff[who.name])); code != http.StatusForbidden {
			t.Errorf("%s of %s on the district's ledger: %d, want 403", who.name, who.s.Name, code)
		}
	}
}
