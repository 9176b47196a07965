package main

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/houqin/houqin/bot/telegram"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal"
)

// doctor prints one line per check: "✓ name: detail", "✗ name: why" or,
// for what works but deserves a look, "! name: detail". Only ✗ fails.
type doctor struct {
	w      io.Writer
	failed []string
}

func (d *doctor) ok(name, format string, args ...any) {
	d.line("✓", name, fmt.Sprintf(format, args...))
}
func (d *doctor) warn(name, format string, args ...any) {
	d.line("!", name, fmt.Sprintf(format, args...))
}
func (d *doctor) fail(name, format string, args ...any) {
	d.failed = append(d.failed, name)
	d.line("✗", name, fmt.Sprintf(format, args...))
}

func (d *doctor) line(mark, name, detail string) {
	fmt.Fprintf(d.w, "%s %s: %s\n", mark, name, detail)
}

// doctorFailed is doctor's error: which checks failed (exit code 1).
type doctorFailed []string

func (e doctorFailed) Error() string {
	return fmt.Sprintf("doctor: %d check(s) failed: %s", len(e), strings.Join(e, ", "))
}

func cmdDoctor(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "doctor", "[--config FILE] [--timeout 5s]\n\nChecks the configuration, the database, its schema, the ID key, public_url and every configured\nchat channel's credentials (for real: it calls WeChat and Telegram), one line each. It changes\nnothing; exit status 1 when a check fails (✗), 0 when every check passed (✓) or only warns (!).")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for public_url and the database")
	if err := parse(fs, args); err != nil {
		return err
	}
	d := &doctor{w: env.Stdout}
	runDoctor(ctx, d, env, *cfgPath, *timeout)
	if len(d.failed) > 0 {
		return doctorFailed(d.failed)
	}
	return nil
}

func runDoctor(ctx context.Context, d *doctor, env *Env, cfgPath string, timeout time.Duration) {
	cfg, err := LoadConfig(cfgPath, env.Getenv)
	if err != nil {
		// Every problem, one per line (LoadConfig reports them all).
		d.fail("config", "%s", strings.ReplaceAll(err.Error(), "\n", "\n    "))
		return
	}
	from := "built-in defaults"
	if cfgPath != "" {
		from = cfgPath
	}
	d.ok("config", "%s loaded (wechat %s, telegram %s)", from, onOff(cfg.WeChat.Enabled()), onOff(cfg.Telegram.Enabled()))
	log := newFormatLogger(env.Stderr, "warn", cfg.Log.Format)

	db, closeDB := doctorDatabase(ctx, d, cfg, log, timeout)
	if db != nil {
		defer closeDB()
		if !doctorSchema(ctx, d, db) {
			db = nil // its tables are not what this houqin reads
		}
	}
	doctorKeys(ctx, d, cfg, db)
	reachable := doctorPublicURL(ctx, d, cfg, timeout)
	if cfg.WeChat.Enabled() {
		doctorWeChat(ctx, d, cfg, reachable, timeout)
	}
	if cfg.WeCom.Enabled() {
		doctorWeCom(ctx, d, cfg, reachable, timeout)
	}
	if cfg.Telegram.Enabled() {
		doctorTelegram(ctx, d, cfg)
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// doctorDatabase connects as serve would (starting the embedded cluster
// when there is no [database] url) but does not migrate.
func doctorDatabase(ctx context.Context, d *doctor, cfg Config, log *slog.Logger, timeout time.Duration) (*store.DB, func()) {
	url, where := cfg.Database.URL, "[database] url"
	stop := func() {}
	if url == "" {
		dir, err := filepath.Abs(cfg.Database.DataDir)
		if err != nil {
			d.fail("database", "data_dir %s: %v", cfg.Database.DataDir, err)
			return nil, nil
		}
		c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Logger: log})
		if err != nil {
			d.fail("database", "the embedded database in %s does not start: %v", dir, err)
			return nil, nil
		}
		url, where = c.URL("houqin"), "embedded in "+dir
		stop = func() {
			if err := c.Stop(); err != nil {
				log.Warn("stopping embedded database", "err", err)
			}
		}
	}
	octx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	db, err := store.Open(octx, url)
	if err != nil {
		stop()
		d.fail("database", "%s: %s", where, unreachable(err, timeout))
		return nil, nil
	}
	var version string
	if err := db.SQL().GetContext(octx, &version, `SHOW server_version`); err != nil {
		version = "?"
	}
	d.ok("database", "%s reachable (PostgreSQL %s)", where, version)
	return db, func() { db.Close(); stop() }
}

func doctorSchema(ctx context.Context, d *doctor, db *store.DB) bool {
	pending, err := db.Pending(ctx)
	if err != nil {
		d.fail("migrations", "cannot read the schema version: %v", err)
		return false
	}
	current, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		d.fail("migrations", "cannot read the schema version: %v", err)
		return false
	}
	switch {
	case pending:
		d.fail("migrations", "the schema is at version %d, this houqin needs %d: run `houqin migrate` (serve migrates at start unless --no-migrate)", current, latest)
		return false
	case current > latest:
		d.warn("migrations", "the schema is at version %d, newer than this houqin (%d): is an older binary running?", current, latest)
	default:
		d.ok("migrations", "schema current (version %d)", current)
	}
	return true
}

// doctorKeys checks [privacy] id_key: set, and able to open the newest
// stored ID number. db is nil when the database is not reachable or not
// migrated.
func doctorKeys(ctx context.Context, d *doctor, cfg Config, db *store.DB) {
	vault, err := cfg.Privacy.Vault()
	if err != nil {
		d.fail("id_key", "%v", err)
		return
	}
	var (
		school, visitID int64
		sealed          []byte
		lookErr         = errors.New("database not ready")
	)
	if db != nil {
		school, visitID, sealed, lookErr = db.LatestSealedID(ctx)
	}
	stored := lookErr == nil
	if lookErr != nil && !errors.Is(lookErr, flows.ErrNotFound) && db != nil {
		d.fail("id_key", "cannot read a stored ID number: %v", lookErr)
		return
	}
	if vault == nil {
		if stored && sealedWithDemoKey(sealed, school, visitID) {
			d.fail("id_key", "not set, and the stored ID numbers were sealed with the demo's public key (houqin demo, visit %d): this database is a demo; a real installation starts from a new data_dir with its own key (openssl rand -hex 32)", visitID)
			return
		}
		if stored {
			d.fail("id_key", "not set, but visits hold encrypted ID numbers that cannot be read without it: set HOUQIN_ID_KEY to the key they were sealed with (the escrowed copy)")
			return
		}
		d.warn("id_key", "not set: visitor registration (来访登记) is disabled; set [privacy] id_key or HOUQIN_ID_KEY (openssl rand -hex 32) and keep a copy apart from the backups")
		return
	}
	fp := keyFingerprint(cfg.Privacy.IDKey)
	if cfg.Privacy.IDKey == demoIDKey {
		d.fail("id_key", "is the demo's public key, printed in houqin's source: it protects nothing; set your own (openssl rand -hex 32)")
		return
	}
	switch {
	case db == nil:
		d.warn("id_key", "set (fingerprint %s); not tried on a stored ID number: the database is not reachable or not migrated", fp)
	case !stored:
		d.ok("id_key", "set (fingerprint %s); no stored ID number to try it on yet", fp)
	default:
		if _, err := vault.Open(sealed, visit.VisitRow(school, visitID)); err != nil {
			d.fail("id_key", "does not open the newest stored ID number (visit %d): it is not the key the numbers were sealed with (fingerprint %s); use the escrowed key, or after houqin rekey the new one (visitor registration stays off until then)", visitID, fp)
			return
		}
		d.ok("id_key", "opens the newest stored ID number (visit %d; fingerprint %s)", visitID, fp)
	}
}

// sealedWithDemoKey reports whether the demo's public key opens a stored
// ID number: a demo database, not a lost key.
func sealedWithDemoKey(sealed []byte, school, visitID int64) bool {
	v, err := PrivacyConfig{IDKey: demoIDKey}.Vault()
	if err != nil || v == nil {
		return false
	}
	_, err = v.Open(sealed, visit.VisitRow(school, visitID))
	return err == nil
}

// keyFingerprint is what the README tells operators to write beside the
// escrowed key: printf %s "$HOUQIN_ID_KEY" | sha256sum | cut -c1-16.
func keyFingerprint(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])[:16]
}

// doctorPublicURL GETs /healthz through public_url, as a phone following a
// link would reach houqin (through the HTTPS proxy). It reports whether
// houqin answered there.
func doctorPublicURL(ctx context.Context, d *doctor, cfg Config, timeout time.Duration) bool {
	u := strings.TrimRight(cfg.HTTP.PublicURL, "/") + "/healthz"
	start := time.Now()
	code, body, err := doctorGet(ctx, u, timeout)
	took := time.Since(start).Round(10 * time.Microsecond)
	// serve's warning for a loopback public_url with a chat channel on.
	warning := ""
	if w := publicURLWarning(cfg); w != "" {
		warning = "; but " + w
	}
	switch {
	case err != nil:
		d.fail("public_url", "GET %s: %s (is houqin serve running, and the proxy passing /healthz to it?)%s", u, err, warning)
		return false
	case code == http.StatusOK && warning != "":
		d.warn("public_url", "GET %s: 200 %s in %s%s", u, strings.TrimSpace(body), took, warning)
		return true
	case code == http.StatusOK:
		d.ok("public_url", "GET %s: 200 %s in %s", u, strings.TrimSpace(body), took)
		return true
	case code == http.StatusServiceUnavailable:
		d.fail("public_url", "GET %s: houqin answers 503 %s%s", u, strings.TrimSpace(body), warning)
		return true
	default:
		d.fail("public_url", "GET %s: HTTP %d, not houqin's answer: the proxy does not pass /healthz to houqin%s", u, code, warning)
		return false
	}
}

// doctorGet GETs u within timeout and returns the status and the start of
// the body. Its error is a short reason.
func doctorGet(ctx context.Context, u string, timeout time.Duration) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", err
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which the caller prints
		}
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %s", timeout)
		}
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	return resp.StatusCode, string(b), nil
}

func doctorWeChat(ctx context.Context, d *doctor, cfg Config, reachable bool, timeout time.Duration) {
	res := wechat.CheckAccount(ctx, wechatConfig(cfg.WeChat))
	if res.TokenErr != nil {
		d.fail("wechat token", "%s", withHint(res.TokenErr))
	} else {
		d.ok("wechat token", "access token fetched for app_id %s from %s", cfg.WeChat.AppID, cfg.WeChat.APIBaseURL)
		doctorTemplates(d, cfg.WeChat.Templates, res)
	}
	if reachable {
		doctorCallback(ctx, d, cfg, timeout)
	}
}

func withHint(err error) string {
	var ae *wechat.APIError
	if errors.As(err, &ae) {
		if h := ae.Hint(); h != "" {
			return err.Error() + " — " + h
		}
	}
	return err.Error()
}

// doctorTemplates checks that every configured template id is one of the
// account's templates, and that the fields houqin fills exist in it: a
// typed template's mapped field names, and a classic entry's keyword1–3
// (WeChat's category templates have typed fields instead, and reject
// keywords with 47003).
func doctorTemplates(d *doctor, configured TemplatesConfig, res wechat.AccountCheck) {
	if res.TemplatesErr != nil {
		d.fail("wechat templates", "%s", withHint(res.TemplatesErr))
		return
	}
	if configured.Len() == 0 {
		d.warn("wechat templates", "none configured ([wechat.templates]): people who have not written to the account in 48 hours get no notifications")
		return
	}
	have := map[string]wechat.Template{}
	for _, t := range res.Templates {
		have[t.ID] = t
	}
	var missing, wrongFields []string
	checkFields := func(id, what string, want []string, optional map[string]bool) {
		fields := have[id].Fields()
		var absent []string
		for _, f := range want {
			if !slices.Contains(fields, f) && !optional[f] {
				absent = append(absent, f)
			}
		}
		if len(absent) > 0 {
			wrongFields = append(wrongFields, fmt.Sprintf("%s (%s) has no %s — its fields are %s", id, what, strings.Join(absent, ", "), strings.Join(fields, ", ")))
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(configured.ByKind)) {
		id := configured.ByKind[kind]
		if _, ok := have[id]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", id, kind))
			continue
		}
		// first and remark are ignored by newer templates, not refused.
		checkFields(id, kind, wechat.ClassicFields, map[string]bool{"first": true, "remark": true})
	}
	for _, m := range configured.Named {
		if _, ok := have[m.ID]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", m.ID, m.Name))
			continue
		}
		checkFields(m.ID, m.Name, slices.Sorted(maps.Keys(m.Fields)), nil)
	}
	if len(missing) > 0 {
		d.fail("wechat templates", "not among the account's %d templates: %s — add them in the 公众号 console (广告与服务 → 模板消息) or correct [wechat.templates]", len(res.Templates), strings.Join(missing, ", "))
		return
	}
	if len(wrongFields) > 0 {
		d.fail("wechat templates", "fields do not match: %s — map the template's own fields with [wechat.templates.NAME] fields = { thing1 = \"item\", ... } (see README)", strings.Join(wrongFields, "; "))
		return
	}
	d.ok("wechat templates", "all %d configured templates exist with the fields houqin fills (the account has %d)", configured.Len(), len(res.Templates))
}

// doctorCallback makes WeChat's URL check (signature, timestamp, nonce,
// echostr) against public_url/wechat, as the 公众号 console does when the
// server URL is saved: the answer is the echostr only when the request
// reached houqin's callback and the token matches.
func doctorCallback(ctx context.Context, d *doctor, cfg Config, timeout time.Duration) {
	nonce, echo := randomHex(8), "doctor-"+randomHex(8)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	q := url.Values{"signature": {urlCheckSignature(cfg.WeChat.Token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {echo}}
	u := strings.TrimRight(cfg.HTTP.PublicURL, "/") + "/wechat"
	code, body, err := doctorGet(ctx, u+"?"+q.Encode(), timeout)
	switch {
	case err != nil:
		d.fail("wechat callback", "GET %s: %s", u, err)
	case code == http.StatusOK && body == echo:
		d.ok("wechat callback", "%s answers WeChat's URL check (token matches)", u)
	case code == http.StatusForbidden:
		d.fail("wechat callback", "%s refused the signature: the running houqin has another [wechat] token than this config", u)
	default:
		d.fail("wechat callback", "%s: HTTP %d, not the URL check's answer: the proxy does not pass /wechat to houqin, or WeChat is not configured in the running houqin", u, code)
	}
}

// urlCheckSignature is WeChat's signature of a callback: the SHA-1 of its
// sorted parts.
func urlCheckSignature(parts ...string) string {
	slices.Sort(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// webhookErrorAge is how recent Telegram's last webhook delivery error
// must be to count as a failure now.
const webhookErrorAge = 24 * time.Hour

func doctorTelegram(ctx context.Context, d *doctor, cfg Config) {
	c := cfg.Telegram
	res := telegram.CheckBot(ctx, telegram.Config{Token: c.Token, APIURL: c.APIURL})
	if res.MeErr != nil {
		reason := res.MeErr.Error()
		if errors.Is(res.MeErr, tgbot.ErrorUnauthorized) || errors.Is(res.MeErr, tgbot.ErrorNotFound) {
			reason += " — Telegram does not know this token: copy it again from @BotFather (/mybots → API Token) into HOUQIN_TELEGRAM_TOKEN"
		}
		d.fail("telegram bot", "%s", reason)
		return
	}
	d.ok("telegram bot", "getMe: @%s", res.Username)
	if res.WebhookErr != nil {
		d.fail("telegram webhook", "%v", res.WebhookErr)
		return
	}
	w := res.Webhook
	if c.Mode != telegram.ModeWebhook {
		if w.URL != "" {
			d.warn("telegram webhook", "polling mode, but a webhook is set (%s): serve deletes it at start; is another houqin using this bot in webhook mode?", w.URL)
			return
		}
		d.ok("telegram webhook", "polling mode, no webhook set, %d update(s) waiting", w.PendingUpdateCount)
		return
	}
	lastErr := time.Unix(int64(w.LastErrorDate), 0)
	switch {
	case w.URL == "":
		d.warn("telegram webhook", "no webhook registered yet: serve registers %s at start", c.WebhookURL)
	case w.URL != c.WebhookURL:
		d.fail("telegram webhook", "Telegram posts updates to %s, not webhook_url %s: another houqin (or another program) uses this bot", w.URL, c.WebhookURL)
	case w.LastErrorMessage != "" && time.Since(lastErr) < webhookErrorAge:
		d.fail("telegram webhook", "Telegram's last delivery to %s failed at %s: %s (%d update(s) waiting)", w.URL, lastErr.Format(time.DateTime), w.LastErrorMessage, w.PendingUpdateCount)
	default:
		d.ok("telegram webhook", "%s, %d update(s) waiting, no delivery error in the last day", w.URL, w.PendingUpdateCount)
	}
}
