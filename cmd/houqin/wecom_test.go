package main

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/flows"
)

// TestWeComUserIDBinding: a school that gives its members' WeCom UserIDs
// binds them without codes, by staff edit or by the import sheet; a UserID
// of someone else is refused, and a new one replaces the old.
func TestWeComUserIDBinding(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	school := id(c.json("school", "add", "--name", "第一中学"))
	wang := id(c.json("staff", "add", "--school", school, "--name", "王师傅", "--role", "worker", "--trade", "carpentry"))
	li := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher"))
	c.ok("staff", "edit", "--staff", wang, "--wecom-userid", "WangShifu")
	db := c.db()
	st, err := db.StaffByIdentity(ctx, flows.ChannelWeCom, "WangShifu")
	if err != nil || st.Name != "王师傅" {
		t.Fatalf("WangShifu is bound to %+v (%v), want 王师傅", st, err)
	}
	// Again: nothing changes. For someone else: refused.
	c.ok("staff", "edit", "--staff", wang, "--wecom-userid", "WangShifu")
	if out, err := c.run("staff", "edit", "--staff", li, "--wecom-userid", "WangShifu"); err == nil {
		t.Errorf("a UserID bound to 王师傅 was bound to 李老师 too: %s", out)
	}
	// A new UserID replaces the old one.
	c.ok("staff", "edit", "--staff", wang, "--wecom-userid", "wang.shifu")
	if _, err := db.StaffByIdentity(ctx, flows.ChannelWeCom, "WangShifu"); err == nil {
		t.Error("the old UserID still works after a new one was given")
	}
	c.fails(2, "staff", "edit", "--staff", wang, "--wecom-userid", "王 师傅")

	// The import sheet's wecom_userid column.
	csv := filepath.Join(t.TempDir(), "staff.csv")
	os.WriteFile(csv, []byte("姓名,角色,工种,企业微信账号\n孙师傅,维修工,电工,SunShifu\n周老师,教师,,\n"), 0o600)
	if m := c.json("staff", "import", "--school", school, "--file", csv); m["added"] != 2.0 || m["wecom_bound"] != 1.0 {
		t.Errorf("import: %v, want 2 added, 1 bound", m)
	}
	if st, err := db.StaffByIdentity(ctx, flows.ChannelWeCom, "SunShifu"); err != nil || st.Name != "孙师傅" {
		t.Errorf("SunShifu is bound to %+v (%v), want 孙师傅", st, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("name,roles,wecom_userid\n赵老师,teacher,bad id!\n"), 0o600)
	if out, err := c.run("staff", "import", "--school", school, "--file", bad); err == nil || !strings.Contains(out+err.Error(), "line 2") {
		t.Errorf("bad UserID imported: %v %s", err, out)
	}
	// unbind knows the channel.
	c.ok("staff", "unbind", "--staff", wang, "--channel", "wecom")
	if _, err := db.StaffByIdentity(ctx, flows.ChannelWeCom, "wang.shifu"); err == nil {
		t.Error("unbind --channel wecom left the account bound")
	}
}

// TestSchoolWeComGroup: a robot or an app chat becomes the school's group;
// the robot key is never printed.
func TestSchoolWeComGroup(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	out := c.ok("school", "wecom-group", "--school", "1", "--robot", "KEY-123")
	if out != "school 1: wecom group robot (maintenance) saved\n" {
		t.Errorf("printed %q", out)
	}
	c.ok("school", "wecom-group", "--school", "1", "--chat", "CHAT9", "--purpose", "gate")
	groups, err := c.db().ChatGroups(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range groups {
		got = append(got, g.Channel+"/"+g.ChatID+"/"+g.Purpose)
	}
	if s := strings.Join(got, " "); !strings.Contains(s, "wecom/robot:KEY-123/maintenance") || !strings.Contains(s, "wecom/appchat:CHAT9/gate") {
		t.Errorf("groups %v", got)
	}
	if m := c.json("school", "wecom-group", "--school", "1", "--robot", "KEY-123", "--remove"); strings.Contains(m["group"].(string), "KEY") || m["removed"] != true {
		t.Errorf("--json: %v", m)
	}
	c.fails(2, "school", "wecom-group", "--school", "1")
	c.fails(2, "school", "wecom-group", "--school", "1", "--robot", "K", "--chat", "C")
	c.fails(2, "school", "wecom-group", "--school", "1", "--robot", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")
	c.fails(2, "school", "wecom-group", "--school", "1", "--chat", "C", "--purpose", "kitchen")
}

// TestWeComConfig: a [wecom] section needs its app's keys, all reported
// at once; the secrets may come from the environment.
func TestWeComConfig(t *testing.T) {
	p := filepath.Join(t.TempDir(), "houqin.toml")
	os.WriteFile(p, []byte("[wecom]\ncorp_id = \"ww1\"\n"), 0o600)
	_, err := LoadConfig(p, noEnv)
	for _, key := range []string{"wecom.agent_id", "wecom.secret", "wecom.token", "wecom.encoding_aes_key"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("LoadConfig = %v, want it to name %s", err, key)
		}
	}
	os.WriteFile(p, []byte("[wecom]\ncorp_id = \"ww1\"\nagent_id = 1000002\n"), 0o600)
	env := map[string]string{"HOUQIN_WECOM_SECRET": "s", "HOUQIN_WECOM_TOKEN": "t", "HOUQIN_WECOM_AES_KEY": strings.Repeat("k", 43)}
	cfg, err := LoadConfig(p, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if w := cfg.WeCom; w.Secret != "s" || w.Token != "t" || !w.WebAuth || w.APIBaseURL != "https://qyapi.weixin.qq.com" {
		t.Errorf("wecom config %+v", w)
	}
}

// TestServeWeCom starts `houqin serve` with a [wecom] section (secrets from
// the environment) and talks to /wecom as WeCom does: the URL check, then
// a stranger's message, answered with the binding instructions.
func TestServeWeCom(t *testing.T) {
	const (
		corp  = "ww-serve-test"
		tok   = "wecom-cb-token"
		key   = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
		appSc = "wecom-app-secret"
	)
	addr := freeAddr(t)
	cfgFile := filepath.Join(t.TempDir(), "houqin.toml")
	os.WriteFile(cfgFile, []byte(fmt.Sprintf("[http]\naddr = %q\n[wecom]\ncorp_id = %q\nagent_id = 1000002\napi_base_url = \"http://127.0.0.1:1\"\n[log]\nlevel = \"info\"\n", addr, corp)), 0o600)
	c := newCLI(t)
	c.env["HOUQIN_WECOM_SECRET"], c.env["HOUQIN_WECOM_TOKEN"], c.env["HOUQIN_WECOM_AES_KEY"] = appSc, tok, key
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdout: io.Discard, Stderr: &logs, Stdin: strings.NewReader(""), Getenv: func(k string) string { return c.env[k] }}
		done <- run(ctx, env, []string{"serve", "--config", cfgFile})
	}()
	base := "http://" + addr
	var err error
	for range 100 {
		var r *http.Response
		if r, err = http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("healthz: %v\n%s", err, logs.String())
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	enc := func(s string) string {
		b, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte(s), corp, key)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	echo := enc("hello-wecom")
	q := url.Values{"msg_signature": {util.Signature(tok, ts, "1", echo)}, "timestamp": {ts}, "nonce": {"1"}, "echostr": {echo}}
	r, err := http.Get(base + "/wecom?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || string(b) != "hello-wecom" {
		t.Errorf("URL check: %d %q", r.StatusCode, b)
	}
	msg := enc(`<xml><ToUserName>` + corp + `</ToUserName><FromUserName>stranger</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1</MsgId><AgentID>1000002</AgentID></xml>`)
	q = url.Values{"msg_signature": {util.Signature(tok, ts, "2", msg)}, "timestamp": {ts}, "nonce": {"2"}}
	r, err = http.Post(base+"/wecom?"+q.Encode(), "text/xml", strings.NewReader("<xml><Encrypt><![CDATA["+msg+"]]></Encrypt></xml>"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(r.Body)
	r.Body.Close()
	var reply struct{ Encrypt string }
	xml.Unmarshal(b, &reply)
	_, plain, err := util.DecryptMsg(corp, reply.Encrypt, key)
	if err != nil || !strings.Contains(string(plain), "绑定") {
		t.Errorf("stranger's message: %d %s (%v)", r.StatusCode, plain, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	for _, secret := range []string{appSc, tok, key, "stranger", "你好"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

// TestDoctorWeCom: doctor fetches a WeCom token for real and makes WeCom's
// URL check against the running houqin; a wrong secret, a server outside
// the 企业可信IP and a callback with another token are each named.
func TestDoctorWeCom(t *testing.T) {
	const (
		corp = "ww-doctor"
		key  = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("corpsecret") {
		case "good-secret":
			fmt.Fprint(w, `{"errcode":0,"access_token":"AT","expires_in":7200}`)
		case "ip-secret":
			fmt.Fprint(w, `{"errcode":60020,"errmsg":"not allow to access from your ip"}`)
		default:
			fmt.Fprint(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
		}
	}))
	t.Cleanup(api.Close)
	c := newCLI(t)
	addr := freeAddr(t)
	config := func(secret, token string) string {
		return writeConfig(t, fmt.Sprintf("[http]\naddr = %q\npublic_url = \"http://%s\"\n[wecom]\ncorp_id = %q\nagent_id = 1000002\nsecret = %q\ntoken = %q\nencoding_aes_key = %q\napi_base_url = %q\n[log]\nlevel = \"warn\"\n",
			addr, addr, corp, secret, token, key, api.URL))
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	serveEnv := map[string]string{"HOUQIN_DATABASE_URL": c.env["HOUQIN_DATABASE_URL"]}
	go func() {
		env := &Env{Stdout: io.Discard, Stderr: &logs, Stdin: strings.NewReader(""), Getenv: func(k string) string { return serveEnv[k] }}
		done <- run(ctx, env, []string{"serve", "--config", config("good-secret", "cb-token")})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	for range 100 {
		if r, err := http.Get("http://" + addr + "/healthz"); err == nil {
			r.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	line := func(out, name string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, " "+name+":") {
				return l
			}
		}
		return ""
	}
	for _, tc := range []struct {
		secret, token, check, want string
	}{
		{"good-secret", "cb-token", "wecom token", "✓"},
		{"good-secret", "cb-token", "wecom callback", "✓"},
		{"bad-secret", "cb-token", "wecom token", "✗ wecom token: wecom: gettoken: errcode 40001"},
		{"ip-secret", "cb-token", "wecom token", "企业可信IP"},
		{"good-secret", "other-token", "wecom callback", "✗ wecom callback"},
	} {
		out, _ := c.run("doctor", "--config", config(tc.secret, tc.token), "--timeout", "3s")
		t.Logf("doctor (secret %s, token %s):\n%s", tc.secret, tc.token, out)
		if l := line(out, tc.check); !strings.Contains(l, tc.want) {
			t.Errorf("secret %s, token %s: %q, want %q\n%s", tc.secret, tc.token, l, tc.want, out)
		}
		for _, secret := range []string{"good-secret", "bad-secret", "ip-secret", key} {
			if strings.Contains(out, secret) {
				t.Errorf("doctor printed %s", secret)
			}
		}
	}
}
