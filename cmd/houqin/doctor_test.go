package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/telegram/telegramtest"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store/pglocal/pgtest"
)

// doctorWeChatAPI is the part of the WeChat API `houqin doctor` calls:
// stable_token and get_all_private_template. It can refuse the caller's IP
// (40164) as WeChat does when the server is not in the IP whitelist.
type doctorWeChatAPI struct {
	srv       *httptest.Server
	mu        sync.Mutex
	secret    string
	blockedIP string // when set, every call answers 40164 for this address
	templates []string
}

const fakeWeChatToken = "FAKE-ACCESS-TOKEN-0001"

func newDoctorWeChatAPI(t *testing.T, secret string, templates ...string) *doctorWeChatAPI {
	f := &doctorWeChatAPI{secret: secret, templates: templates}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *doctorWeChatAPI) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.blockedIP != "" {
		fmt.Fprintf(w, `{"errcode":40164,"errmsg":"invalid ip %s ipv6 ::ffff:%s, not in whitelist rid: 6571b1b4-0a1b2c3d"}`, f.blockedIP, f.blockedIP)
		return
	}
	switch r.URL.Path {
	case "/cgi-bin/stable_token":
		var req map[string]any
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&req) != nil {
			fmt.Fprint(w, `{"errcode":47001,"errmsg":"data format error"}`)
			return
		}
		if req["appid"] != "wx-doctor" || req["secret"] != f.secret || req["grant_type"] != "client_credential" {
			fmt.Fprint(w, `{"errcode":40125,"errmsg":"invalid appsecret rid: 6571b1b4-1"}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":%q,"expires_in":7200}`, fakeWeChatToken)
	case "/cgi-bin/template/get_all_private_template":
		if r.URL.Query().Get("access_token") != fakeWeChatToken {
			fmt.Fprint(w, `{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}`)
			return
		}
		var list []string
		for _, id := range f.templates {
			// TPL-typed… are category templates with typed fields, the
			// others classic ones with keywords.
			content := "{{first.DATA}}\n事项：{{keyword1.DATA}}\n内容：{{keyword2.DATA}}\n时间：{{keyword3.DATA}}\n{{remark.DATA}}"
			if strings.HasPrefix(id, "TPL-typed") {
				content = "报修事项：{{thing1.DATA}}\n报修地点：{{thing2.DATA}}\n截止时间：{{time3.DATA}}\n单号：{{character_string4.DATA}}"
			}
			list = append(list, fmt.Sprintf(`{"template_id":%q,"title":"报修通知","primary_industry":"教育","deputy_industry":"院校","content":%q,"example":""}`, id, content))
		}
		fmt.Fprintf(w, `{"template_list":[%s]}`, strings.Join(list, ","))
	default:
		http.NotFound(w, r)
	}
}

// TestDoctor runs `houqin serve` with WeChat and Telegram against fakes on
// loopback and a real PostgreSQL holding one visitor's sealed ID number,
// then `houqin doctor` on the same configuration: every check passes.
// Then it breaks one thing at a time — the WeChat secret, the IP whitelist
// (40164), a template id, the Telegram token, Telegram's webhook, the ID
// key — and checks that doctor names exactly that check, with its reason,
// and exits 1.
func TestDoctor(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	guard := id(c.json("staff", "add", "--school", school, "--name", "门卫老张", "--role", "guard"))
	const idKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	sealVisit(t, c, school, guard, idKey)

	wx := newDoctorWeChatAPI(t, "wechat-secret", "TPL-repair", "TPL-default", "TPL-typed-job")
	tg := telegramtest.NewServer(t)
	var (
		hookMu sync.Mutex
		hook   = `{"ok":true,"result":{"url":"https://school.example/telegram","has_custom_certificate":false,"pending_update_count":0}}`
		getMe  = ""
	)
	tg.Fail(func(method string, _ url.Values) (int, string, bool) {
		hookMu.Lock()
		defer hookMu.Unlock()
		switch {
		case method == "getWebhookInfo":
			return 200, hook, true
		case method == "getMe" && getMe != "":
			return 401, getMe, true
		}
		return 0, "", false
	})
	setTelegram := func(webhook, me string) {
		hookMu.Lock()
		defer hookMu.Unlock()
		hook, getMe = webhook, me
	}

	addr := freeAddr(t)
	config := func(templates string) string {
		return writeConfig(t, fmt.Sprintf(`
[http]
addr = %q
public_url = "http://%s"
[wechat]
app_id = "wx-doctor"
token = "wechat-token"
api_base_url = %q
[wechat.templates]
%s
[telegram]
mode = "webhook"
api_url = %q
webhook_url = "https://school.example/telegram"
webhook_secret = "hook-secret"
[log]
level = "warn"
`, addr, addr, wx.srv.URL, templates, tg.URL()))
	}
	good := config(`"repair.assigned" = "TPL-repair"` + "\ndefault = \"TPL-default\"" + `
[wechat.templates.job]
id = "TPL-typed-job"
kinds = ["repair.reminder"]
fields = { thing1 = "item", thing2 = "place", time3 = "due", character_string4 = "ref" }`)
	c.env["HOUQIN_WECHAT_APP_SECRET"] = "wechat-secret"
	c.env["HOUQIN_TELEGRAM_TOKEN"] = telegramtest.Token
	c.env["HOUQIN_ID_KEY"] = idKey

	// serve, with an environment of its own (doctor's runs change c.env).
	serveEnv := maps.Clone(c.env)
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdout: io.Discard, Stderr: &logs, Stdin: strings.NewReader(""), Getenv: func(k string) string { return serveEnv[k] }}
		done <- run(ctx, env, []string{"serve", "--config", good})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	waitHealthy(t, "http://"+addr, &logs)

	doctor := func(cfg string) (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		env := &Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""), Getenv: func(k string) string { return c.env[k] }}
		err := run(context.Background(), env, []string{"doctor", "--config", cfg, "--timeout", "3s"})
		for _, secret := range []string{"wechat-secret", "wrong-secret", "secretPartOfTheToken", idKey, fakeWeChatToken, "hook-secret"} {
			if strings.Contains(out.String()+errOut.String(), secret) {
				t.Errorf("doctor printed a secret (%s)", secret)
			}
		}
		return out.String(), err
	}
	line := func(out, name string) string {
		for _, l := range strings.Split(out, "\n") {
			if len(l) > 2 && strings.HasPrefix(l[strings.Index(l, " ")+1:], name+":") {
				return l
			}
		}
		return ""
	}

	out, err := doctor(good)
	t.Logf("houqin doctor, everything working:\n%s", out)
	if err != nil {
		t.Errorf("doctor on a working setup: %v", err)
	}
	for _, name := range []string{"config", "database", "migrations", "id_key", "wechat token", "wechat templates", "wechat callback", "telegram bot", "telegram webhook"} {
		if l := line(out, name); !strings.HasPrefix(l, "✓") {
			t.Errorf("check %q: %q, want ✓", name, l)
		}
	}
	if !strings.Contains(line(out, "id_key"), "opens the newest stored ID number") {
		t.Errorf("id_key line: %q", line(out, "id_key"))
	}
	// public_url on loopback is the warning serve gives, not a failure.
	if l := line(out, "public_url"); !strings.HasPrefix(l, "! public_url: GET http://"+addr+"/healthz: 200 ok") || !strings.Contains(l, "phones cannot reach") {
		t.Errorf("no loopback warning for public_url:\n%s", out)
	}

	broken := []struct {
		name   string
		setup  func() (cfg string, undo func())
		check  string
		reason []string
	}{
		{"bad WeChat secret", func() (string, func()) {
			c.env["HOUQIN_WECHAT_APP_SECRET"] = "wrong-secret"
			return good, func() { c.env["HOUQIN_WECHAT_APP_SECRET"] = "wechat-secret" }
		}, "wechat token", []string{"errcode 40125", "AppSecret"}},
		{"server not in the IP whitelist", func() (string, func()) {
			wx.mu.Lock()
			wx.blockedIP = "203.0.113.7"
			wx.mu.Unlock()
			return good, func() { wx.mu.Lock(); wx.blockedIP = ""; wx.mu.Unlock() }
		}, "wechat token", []string{"errcode 40164", "IP白名单", "公众号", "203.0.113.7"}},
		{"unknown template id", func() (string, func()) {
			return config(`"repair.assigned" = "TPL-gone"`), func() {}
		}, "wechat templates", []string{"TPL-gone (repair.assigned)", "模板消息"}},
		{"typed template mapped to fields it does not have", func() (string, func()) {
			return config(`default = "TPL-default"
[wechat.templates.job]
id = "TPL-typed-job"
kinds = ["repair.reminder"]
fields = { thing1 = "item", thing9 = "place" }`), func() {}
		}, "wechat templates", []string{"TPL-typed-job (job) has no thing9", "thing1, thing2, time3, character_string4"}},
		{"classic entry on a typed template", func() (string, func()) {
			return config(`default = "TPL-typed-job"`), func() {}
		}, "wechat templates", []string{"TPL-typed-job (default) has no keyword1, keyword2, keyword3", "[wechat.templates.NAME]"}},
		{"revoked Telegram token", func() (string, func()) {
			setTelegram(hookOK, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
			return good, func() { setTelegram(hookOK, "") }
		}, "telegram bot", []string{"unauthorized", "@BotFather"}},
		{"Telegram cannot reach the webhook", func() (string, func()) {
			setTelegram(fmt.Sprintf(`{"ok":true,"result":{"url":"https://school.example/telegram","has_custom_certificate":false,"pending_update_count":5,"last_error_date":%d,"last_error_message":"Connection timed out"}}`, time.Now().Add(-time.Hour).Unix()), "")
			return good, func() { setTelegram(hookOK, "") }
		}, "telegram webhook", []string{"Connection timed out", "5 update(s) waiting"}},
		{"another ID key", func() (string, func()) {
			c.env["HOUQIN_ID_KEY"] = strings.Repeat("ab", 32)
			return good, func() { c.env["HOUQIN_ID_KEY"] = idKey }
		}, "id_key", []string{"does not open", "escrowed key"}},
		{"no ID key with sealed numbers stored", func() (string, func()) {
			delete(c.env, "HOUQIN_ID_KEY")
			return good, func() { c.env["HOUQIN_ID_KEY"] = idKey }
		}, "id_key", []string{"not set", "cannot be read"}},
	}
	for _, b := range broken {
		cfg, undo := b.setup()
		out, err := doctor(cfg)
		undo()
		if err == nil || exitCode(err) != 1 {
			t.Errorf("%s: doctor returned %v (exit %d), want exit 1", b.name, err, exitCode(err))
		}
		l := line(out, b.check)
		if !strings.HasPrefix(l, "✗") {
			t.Errorf("%s: %q line %q, want ✗\n%s", b.name, b.check, l, out)
		}
		for _, r := range b.reason {
			if !strings.Contains(l, r) {
				t.Errorf("%s: %q line %q does not say %q", b.name, b.check, l, r)
			}
		}
		if n := strings.Count(out, "✗"); n != 1 {
			t.Errorf("%s: %d checks failed, want only %q:\n%s", b.name, n, b.check, out)
		}
		if b.name == "server not in the IP whitelist" || b.name == "bad WeChat secret" {
			t.Logf("houqin doctor, %s:\n%s", b.name, out)
		}
	}
}

const hookOK = `{"ok":true,"result":{"url":"https://school.example/telegram","has_custom_certificate":false,"pending_update_count":0}}`

// sealVisit stores one visit whose ID number is sealed with key, as the
// visitor flow does.
func sealVisit(t *testing.T, c *cli, school, guard, key string) {
	t.Helper()
	k, err := visit.ParseIDKey(key)
	if err != nil {
		t.Fatal(err)
	}
	vault, err := visit.NewIDVault(k)
	if err != nil {
		t.Fatal(err)
	}
	db := c.db()
	var visitID int64
	if err := db.SQL().Get(&visitID, `
		INSERT INTO visits (school_id, guard_id, name, id_type, id_masked, purpose, host_id, status, arrived_at, updated_at)
		VALUES ($1, $2, '张三', 'resident', '1101**********0011', '送货', $2, 'left', now(), now()) RETURNING id`, school, guard); err != nil {
		t.Fatal(err)
	}
	schoolID, _ := strconv.ParseInt(school, 10, 64)
	sealed, err := vault.Seal("110101199001010011", visit.VisitRow(schoolID, visitID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE visits SET id_cipher = $2 WHERE id = $1`, visitID, sealed); err != nil {
		t.Fatal(err)
	}
}

// TestDoctorBadConfig: a configuration with several mistakes is one ✗
// line listing all of them, and nothing else is tried.
func TestDoctorBadConfig(t *testing.T) {
	cfg := writeConfig(t, "[http]\naddr = \"\"\n[log]\nlevel = \"loud\"\n[metrics]\ntoken = \"short\"\n")
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: io.Discard, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	err := run(context.Background(), env, []string{"doctor", "--config", cfg})
	if err == nil || exitCode(err) != 1 {
		t.Errorf("doctor with a bad config: %v, want exit 1", err)
	}
	got := out.String()
	if !strings.HasPrefix(got, "✗ config:") || strings.Count(got, "✗") != 1 || strings.Contains(got, "database") {
		t.Errorf("doctor with a bad config printed:\n%s", got)
	}
	for _, key := range []string{"http.addr", "log.level", "metrics.token"} {
		if !strings.Contains(got, key) {
			t.Errorf("the config line does not name %s:\n%s", key, got)
		}
	}
}

// TestDoctorDatabase: a database nobody listens on, and one never
// migrated, each fail their own check with the reason and what to do.
func TestDoctorDatabase(t *testing.T) {
	run1 := func(dbURL string) (string, error) {
		t.Helper()
		cfg := writeConfig(t, "[http]\npublic_url = \"http://127.0.0.1:1\"\n")
		var out bytes.Buffer
		env := &Env{Stdout: &out, Stderr: io.Discard, Stdin: strings.NewReader(""), Getenv: func(k string) string {
			if k == "HOUQIN_DATABASE_URL" {
				return dbURL
			}
			return ""
		}}
		err := run(context.Background(), env, []string{"doctor", "--config", cfg, "--timeout", "2s"})
		return out.String(), err
	}
	out, err := run1("postgres://houqin@127.0.0.1:1/houqin?sslmode=disable")
	if exitCode(err) != 1 || !strings.Contains(out, "✗ database: [database] url: no database server is listening") ||
		!strings.Contains(out, "! id_key: not set") || strings.Contains(out, "migrations") {
		t.Errorf("doctor with no database server: %v\n%s", err, out)
	}
	if !strings.Contains(out, "✗ public_url: GET http://127.0.0.1:1/healthz: ") {
		t.Errorf("doctor with nothing at public_url:\n%s", out)
	}

	out, err = run1(pgtest.NewDB(t)) // an empty database: no migration applied
	if exitCode(err) != 1 || !strings.Contains(out, "✓ database:") ||
		!strings.Contains(out, "✗ migrations: the schema is at version 0, this houqin needs") || !strings.Contains(out, "houqin migrate") ||
		!strings.Contains(out, "! id_key: not set") {
		t.Errorf("doctor on an unmigrated database: %v\n%s", err, out)
	}
	t.Logf("houqin doctor on an unmigrated database:\n%s", out)
}

// TestDoctorEmbedded: without [database] url doctor uses the embedded
// cluster in data_dir as serve does, migrated by `houqin migrate`.
func TestDoctorEmbedded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cfg := writeConfig(t, fmt.Sprintf("[http]\npublic_url = \"http://127.0.0.1:1\"\n[database]\ndata_dir = %q\n", dir))
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: io.Discard, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	if err := run(context.Background(), env, []string{"migrate", "--config", cfg}); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	out.Reset()
	err := run(context.Background(), env, []string{"doctor", "--config", cfg, "--timeout", "2s"})
	got := out.String()
	// Nothing listens at public_url: that check alone fails.
	if exitCode(err) != 1 || strings.Count(got, "✗") != 1 || !strings.Contains(got, "✗ public_url:") {
		t.Errorf("doctor on the embedded database: %v\n%s", err, got)
	}
	if !strings.Contains(got, "✓ database: embedded in "+dir+" reachable (PostgreSQL ") || !strings.Contains(got, "✓ migrations: schema current") {
		t.Errorf("doctor on the embedded database:\n%s", got)
	}
}

// TestDoctorDemoDatabase: after `houqin demo`, the ID numbers are sealed
// with the demo's public key. Doctor says that this is a demo database
// (not a lost key), and refuses the demo key as a real installation's.
func TestDoctorDemoDatabase(t *testing.T) {
	c := newCLI(t)
	c.ok("demo")
	idKeyLine := func(key string) string {
		t.Helper()
		c.env["HOUQIN_ID_KEY"] = key
		out, err := c.run("doctor", "--timeout", "1s")
		if err == nil {
			t.Errorf("doctor passed on the demo database (id_key %q):\n%s", key, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, " id_key: ") {
				return line
			}
		}
		t.Fatalf("no id_key line:\n%s", out)
		return ""
	}
	if l := idKeyLine(""); !strings.HasPrefix(l, "✗") || !strings.Contains(l, "demo's public key") || !strings.Contains(l, "this database is a demo") {
		t.Errorf("without a key: %s", l)
	}
	if l := idKeyLine(demoIDKey); !strings.HasPrefix(l, "✗") || !strings.Contains(l, "is the demo's public key") || strings.Contains(l, demoIDKey) {
		t.Errorf("with the demo key: %s", l)
	}
	if l := idKeyLine(testIDKey); !strings.HasPrefix(l, "✗") || !strings.Contains(l, "does not open") {
		t.Errorf("with another key: %s", l)
	}
}
