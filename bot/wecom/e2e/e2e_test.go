package e2e

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/wecom"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const (
	corpID   = "ww0123456789abcdef"
	agentID  = 1000002
	secret   = "e2e-wecom-secret"
	token    = "e2ewecomtoken"
	aesKey   = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	robotKey = "robot-key-0001"
)

// fakeAPI is the part of the WeCom API houqin uses, on loopback: gettoken,
// message/send, webhook/send, appchat/send, media/get and
// user/getuserinfo. Sends are recorded.
type fakeAPI struct {
	*httptest.Server
	mu     sync.Mutex
	sent   []map[string]any // message/send bodies
	robot  []map[string]any // webhook/send bodies
	tokens int              // gettoken calls
	// codes maps an OAuth code to the UserID it stands for.
	codes map[string]string
}

func newFakeAPI(tb testing.TB) *fakeAPI {
	f := &fakeAPI{codes: map[string]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		q := r.URL.Query()
		f.mu.Lock()
		defer f.mu.Unlock()
		authed := q.Get("access_token") == "E2E-WECOM-TOKEN"
		switch r.URL.Path {
		case "/cgi-bin/gettoken":
			if q.Get("corpid") != corpID || q.Get("corpsecret") != secret {
				fmt.Fprint(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
				return
			}
			f.tokens++
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","access_token":"E2E-WECOM-TOKEN","expires_in":7200}`)
		case "/cgi-bin/message/send":
			if !authed {
				fmt.Fprint(w, `{"errcode":40014,"errmsg":"invalid access_token"}`)
				return
			}
			f.sent = append(f.sent, body)
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","invaliduser":""}`)
		case "/cgi-bin/webhook/send":
			if q.Get("key") != robotKey {
				fmt.Fprint(w, `{"errcode":93000,"errmsg":"invalid webhook url"}`)
				return
			}
			f.robot = append(f.robot, body)
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
		case "/cgi-bin/user/getuserinfo":
			if u, ok := f.codes[q.Get("code")]; ok && authed {
				fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","userid":%q}`, u)
				return
			}
			fmt.Fprint(w, `{"errcode":40029,"errmsg":"invalid code"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(f.Close)
	return f
}

// cards returns the template cards sent to user, in order.
func (f *fakeAPI) cards(user string) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, m := range f.sent {
		if m["touser"] == user && m["msgtype"] == "template_card" {
			out = append(out, m["template_card"].(map[string]any))
		}
	}
	return out
}

// texts returns the text messages sent to user.
func (f *fakeAPI) texts(user string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.sent {
		if m["touser"] == user && m["msgtype"] == "text" {
			out = append(out, m["text"].(map[string]any)["content"].(string))
		}
	}
	return out
}

// world is a seeded school on a real database, the real engine, and the
// WeCom channel in front of it.
type world struct {
	db     *store.DB
	school storetest.School
	now    time.Time
	ch     *wecom.Channel
	api    *fakeAPI
	srv    *httptest.Server
	worker *bot.Worker
}

func newWorld(tb testing.TB) *world { return newWorldOn(tb, nil) }

// newWorldOn is newWorld with the channel's store wrapped by wrap (nil: the
// database itself).
func newWorldOn(tb testing.TB, wrap func(*store.DB) wecom.Store) *world {
	tb.Helper()
	db := storetest.Open(tb)
	var st wecom.Store = db
	if wrap != nil {
		st = wrap(db)
	}
	w := &world{db: db, school: storetest.Seed(tb, db, "一中"), api: newFakeAPI(tb),
		now: time.Date(2026, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))}
	clock := func() time.Time { return w.now }
	eng := flows.NewEngine(flows.EngineConfig{Store: db, Now: clock, Modules: []flows.Module{repair.Module()}})
	ch, err := wecom.New(wecom.Config{CorpID: corpID, AgentID: agentID, Secret: secret, Token: token,
		EncodingAESKey: aesKey, APIBaseURL: w.api.URL, Now: clock}, eng, st, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	w.ch = ch
	w.srv = httptest.NewServer(ch)
	tb.Cleanup(w.srv.Close)
	w.worker = &bot.Worker{Outbox: db, Now: clock, Senders: map[flows.Channel]bot.Sender{flows.ChannelWeCom: ch}}
	return w
}

func (w *world) flush(tb testing.TB) {
	tb.Helper()
	if _, err := w.worker.Flush(context.Background()); err != nil {
		tb.Fatal(err)
	}
}

// invite returns a fresh binding code for a seeded person.
func (w *world) invite(tb testing.TB, name string) string {
	tb.Helper()
	code, err := w.db.InviteStaff(context.Background(), w.school.Staff[name].ID, w.now, 24*time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

var nonceSeq atomic.Int64

// callback is one signed request as WeCom sends it; WeCom's retries of a
// message send the same one again.
type callback struct{ target, body string }

// sign encrypts raw for corp and signs it with tok at time at, with a
// fresh nonce.
func sign(raw, corp, tok string, at time.Time) callback {
	return signNonce(raw, corp, tok, at, strconv.FormatInt(1_000_000+nonceSeq.Add(1), 10))
}

// signNonce is sign with a given nonce.
func signNonce(raw, corp, tok string, at time.Time, nonce string) callback {
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte(raw), corp, aesKey)
	if err != nil {
		panic(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	q := url.Values{"msg_signature": {util.Signature(tok, ts, nonce, string(enc))}, "timestamp": {ts}, "nonce": {nonce}}
	body := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID><![CDATA[%d]]></AgentID><Encrypt><![CDATA[%s]]></Encrypt></xml>", corpID, agentID, enc)
	return callback{"/wecom?" + q.Encode(), body}
}

// deliver posts a signed callback and returns the status and the
// decrypted passive reply's text ("" for an empty answer).
func (w *world) deliver(tb testing.TB, cb callback) (int, string) {
	tb.Helper()
	resp, err := http.Post(w.srv.URL+cb.target, "text/xml", strings.NewReader(cb.body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || len(out) == 0 {
		return resp.StatusCode, ""
	}
	var r struct {
		Encrypt      string `xml:"Encrypt"`
		MsgSignature string `xml:"MsgSignature"`
		TimeStamp    string `xml:"TimeStamp"`
		Nonce        string `xml:"Nonce"`
	}
	if err := xml.Unmarshal(out, &r); err != nil {
		tb.Fatalf("reply %q: %v", out, err)
	}
	if r.MsgSignature != util.Signature(token, r.TimeStamp, r.Nonce, r.Encrypt) {
		tb.Fatalf("reply's MsgSignature does not verify")
	}
	_, plain, err := util.DecryptMsg(corpID, r.Encrypt, aesKey)
	if err != nil {
		tb.Fatal(err)
	}
	var m struct {
		ToUserName  string `xml:"ToUserName"`
		MsgType     string `xml:"MsgType"`
		Content     string `xml:"Content"`
		ReplaceName string `xml:"Button>ReplaceName"`
	}
	if err := xml.Unmarshal(plain, &m); err != nil {
		tb.Fatal(err)
	}
	if m.MsgType == "update_button" {
		return resp.StatusCode, "update_button:" + m.ReplaceName
	}
	return resp.StatusCode, m.Content
}

// click presses a card's button as WeCom sends it, wants the card updated
// to show the choice, and returns the engine's answer, which arrives as an
// application message.
func (w *world) click(tb testing.TB, user string, card map[string]any, label string) string {
	tb.Helper()
	before := len(w.api.texts(user))
	got := w.post(tb, click(user, card["task_id"].(string), button(tb, card, label)))
	if got != "update_button:已选："+label {
		tb.Fatalf("click on %s answered %q, want the card's buttons replaced by 已选：%s", label, got, label)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.ch.Shutdown(ctx); err != nil { // waits for the answer's delivery
		tb.Fatal(err)
	}
	texts := w.api.texts(user)
	if len(texts) != before+1 {
		tb.Fatalf("after the click on %s %s got %d messages, want 1: %q", label, user, len(texts)-before, texts[before:])
	}
	return texts[before]
}

// post sends raw, signed now, and wants 200.
func (w *world) post(tb testing.TB, raw string) string {
	tb.Helper()
	status, reply := w.deliver(tb, sign(raw, corpID, token, w.now))
	if status != http.StatusOK {
		tb.Fatalf("callback answered %d", status)
	}
	return reply
}

var msgSeq atomic.Int64

func text(user, content string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>`+
		`<MsgId>%d</MsgId><AgentID>%d</AgentID></xml>`, corpID, user, content, 7_000_000_000+msgSeq.Add(1), agentID)
}

func voice(user, recognition string) string {
	rec := ""
	if recognition != "" {
		rec = "<Recognition><![CDATA[" + recognition + "]]></Recognition>"
	}
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000000</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[VOICE-1]]></MediaId>`+
		`<Format><![CDATA[amr]]></Format>%s<MsgId>%d</MsgId><AgentID>%d</AgentID></xml>`, corpID, user, rec, 7_000_000_000+msgSeq.Add(1), agentID)
}

var clickSeq atomic.Int64

func click(user, taskID, key string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>`+
		`<EventKey><![CDATA[%s]]></EventKey><TaskId><![CDATA[%s]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>`+
		`<ResponseCode><![CDATA[RC]]></ResponseCode><AgentID>%d</AgentID></xml>`, corpID, user, 1700000100+clickSeq.Add(1), key, taskID, agentID)
}

// button finds the key of the button labelled label on card.
func button(tb testing.TB, card map[string]any, label string) string {
	tb.Helper()
	list, _ := card["button_list"].([]any)
	var labels []string
	for _, b := range list {
		m := b.(map[string]any)
		if m["text"] == label {
			return m["key"].(string)
		}
		labels = append(labels, fmt.Sprint(m["text"]))
	}
	tb.Fatalf("card %v has no button %q (buttons %v)", card["main_title"], label, labels)
	return ""
}

// TestReportCardClickSignOff is the WeCom acceptance path: the teacher binds
// with a code, the worker is bound by the UserID the school imported (no
// code), a voice message files the report, the job reaches the worker as a
// template card with buttons, the worker's click on 接单 comes back as a
// template_card_event and takes the job, and the teacher signs the repair
// off with a click on the card that asks for it.
func TestReportCardClickSignOff(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()

	if got := w.post(t, text("LiLaoshi", "你好")); !strings.Contains(got, "绑定") {
		t.Fatalf("unbound member got %q, want binding instructions", got)
	}
	if got := w.post(t, text("LiLaoshi", "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") || !strings.Contains(got, "李老师") {
		t.Fatalf("binding by code: %q", got)
	}
	// The school imported 王师傅 with his WeCom UserID: no code needed.
	if err := w.db.BindAccount(ctx, w.school.Staff["王师傅"].ID, flows.ChannelWeCom, "WangShifu", w.now); err != nil {
		t.Fatal(err)
	}
	if got := w.post(t, text("WangShifu", "我的")); strings.Contains(got, "绑定") {
		t.Fatalf("member bound by UserID was asked to bind: %q", got)
	}
	// Group notifications go to the school's maintenance group robot.
	if err := w.db.SetChatGroup(ctx, w.school.ID, flows.ChannelWeCom, "robot:"+robotKey, flows.GroupMaintenance); err != nil {
		t.Fatal(err)
	}

	// A voice message without recognised words is answered with a request
	// to type, and changes nothing.
	if got := w.post(t, voice("LiLaoshi", "")); !strings.Contains(got, "打字") {
		t.Errorf("voice without recognition answered %q, want a request to type", got)
	}
	// A voice message with recognition files the report; the answer says
	// what was heard first.
	got := w.post(t, voice("LiLaoshi", "302教室课桌腿断了"))
	if !strings.HasPrefix(got, "听到的是：「302教室课桌腿断了」") || !strings.Contains(got, "教学楼302") || !strings.Contains(got, "1. 确认提交") {
		t.Fatalf("voice report answered %q", got)
	}
	if got := w.post(t, text("LiLaoshi", "1")); !strings.Contains(got, "报修成功") {
		t.Fatalf("confirmation answered %q", got)
	}
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts["repairs"] != 1 {
		t.Fatalf("%d repairs, want 1", counts["repairs"])
	}

	// The job goes to the worker as a card with buttons, to the group as text.
	w.flush(t)
	cards := w.api.cards("WangShifu")
	if len(cards) != 1 {
		t.Fatalf("worker got %d cards, want 1; sent %v", len(cards), w.api.sent)
	}
	job := cards[0]
	t.Logf("card to the worker: %v", job)
	if job["card_type"] != "button_interaction" || job["task_id"] == "" ||
		!strings.Contains(fmt.Sprint(job["main_title"]), "新维修任务") || !strings.Contains(fmt.Sprint(job["sub_title_text"]), "课桌腿断了") {
		t.Errorf("job card = %v", job)
	}
	w.api.mu.Lock()
	if len(w.api.robot) == 0 || !strings.Contains(fmt.Sprint(w.api.robot[0]["text"]), "接单 1") {
		t.Errorf("group robot got %v, want the job card as text with its typed commands", w.api.robot)
	}
	w.api.mu.Unlock()

	// Somebody else's click on the worker's card does nothing.
	if got := w.post(t, click("LiLaoshi", job["task_id"].(string), button(t, job, "接单"))); !strings.Contains(got, "失效") {
		t.Errorf("click by another member answered %q, want the card refused", got)
	}
	// The worker's click on 接单 takes the job.
	if got := w.click(t, "WangShifu", job, "接单"); !strings.Contains(got, "已接单") {
		t.Fatalf("接单 click answered %q", got)
	}
	w.flush(t)
	if texts := w.api.texts("LiLaoshi"); len(texts) == 0 || !strings.Contains(texts[len(texts)-1], "王师傅已接单") {
		t.Errorf("teacher's messages %q, want 王师傅已接单", texts)
	}

	// The worker finishes by typing; the teacher is asked to sign off on a card.
	for _, s := range []string{"完成 1", "1"} {
		got = w.post(t, text("WangShifu", s))
	}
	if !strings.Contains(got, "验收") {
		t.Fatalf("完成 answered %q", got)
	}
	w.flush(t)
	cards = w.api.cards("LiLaoshi")
	if len(cards) != 1 {
		t.Fatalf("teacher got %d cards, want the sign-off card; sent %v", len(cards), w.api.sent)
	}
	signoff := cards[0]
	if got := w.click(t, "LiLaoshi", signoff, "确认修好"); !strings.Contains(got, "已验收") {
		t.Fatalf("确认修好 click answered %q", got)
	}
	w.flush(t)
	if texts := w.api.texts("WangShifu"); len(texts) == 0 || !strings.Contains(texts[len(texts)-1], "验收通过") {
		t.Errorf("worker's messages %q, want 验收通过", texts)
	}
	w.api.mu.Lock()
	defer w.api.mu.Unlock()
	if w.api.tokens != 1 {
		t.Errorf("%d gettoken calls, want 1 (the token is cached in PostgreSQL)", w.api.tokens)
	}
}
