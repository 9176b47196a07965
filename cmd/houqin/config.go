package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
)

// Config is houqin's whole configuration: defaults, then the TOML file,
// then environment overrides for secrets. Nothing reads it globally: main
// hands each package the part it needs.
type Config struct {
	HTTP     HTTPConfig     `toml:"http"`
	Database DatabaseConfig `toml:"database"`
	WeChat   WeChatConfig   `toml:"wechat"`
	WeCom    WeComConfig    `toml:"wecom"`
	Telegram TelegramConfig `toml:"telegram"`
	Privacy  PrivacyConfig  `toml:"privacy"`
	Digest   DigestConfig   `toml:"digest"`
	Outbox   OutboxConfig   `toml:"outbox"`
	Log      LogConfig      `toml:"log"`
	Metrics  MetricsConfig  `toml:"metrics"`
	Debug    DebugConfig    `toml:"debug"`
	// SchoolDefaults are copied into every school created; each school may
	// then change its own.
	SchoolDefaults flows.Settings `toml:"school_defaults"`
}

// HTTPConfig is houqin's own HTTP server.
type HTTPConfig struct {
	Addr      string `toml:"addr"`
	PublicURL string `toml:"public_url"` // how people reach this server, for links in messages
}

// DatabaseConfig selects PostgreSQL: a URL, or the embedded default cluster in DataDir.
type DatabaseConfig struct {
	URL     string `toml:"url"`
	DataDir string `toml:"data_dir"`
}

// WeChatConfig is the school's official account.
type WeChatConfig struct {
	AppID          string          `toml:"app_id"`
	AppSecret      string          `toml:"app_secret"`
	Token          string          `toml:"token"`
	EncodingAESKey string          `toml:"encoding_aes_key"`
	APIBaseURL     string          `toml:"api_base_url"`
	Templates      TemplatesConfig `toml:"templates"`
	// WebAuth identifies the readers of links sent on WeChat by 网页授权
	// (snsapi_base, a verified 服务号 with public_url's host as its 网页授权
	// 域名), so those links carry no signature; false signs them per person
	// like Telegram's.
	WebAuth  bool   `toml:"web_auth"`
	OAuthURL string `toml:"oauth_url"` // WeChat's authorize page host; a fake in tests
}

// Enabled reports whether the WeChat channel is configured.
func (c WeChatConfig) Enabled() bool { return c.AppID != "" }

// WeComConfig is the school's WeCom (企业微信) self-built app.
type WeComConfig struct {
	CorpID         string `toml:"corp_id"`
	AgentID        int64  `toml:"agent_id"`
	Secret         string `toml:"secret"`
	Token          string `toml:"token"`
	EncodingAESKey string `toml:"encoding_aes_key"`
	APIBaseURL     string `toml:"api_base_url"`
	// WebAuth identifies the readers of links sent on WeCom by WeCom's
	// OAuth (public_url's host as the app's 可信域名), so those links carry
	// no signature; false signs them per person like Telegram's.
	WebAuth  bool   `toml:"web_auth"`
	OAuthURL string `toml:"oauth_url"` // the authorize page host; a fake in tests
}

// Enabled reports whether the WeCom channel is configured.
func (c WeComConfig) Enabled() bool { return c.CorpID != "" }

// TemplatesConfig is [wechat.templates], in two forms that may be mixed:
//
//	[wechat.templates]
//	default = "TEMPLATE_ID"            # classic: kind = id, filled as
//	"repair.assigned" = "TEMPLATE_ID"  # first / keyword1–3 / remark
//
//	[wechat.templates.repair]          # typed fields (category templates)
//	id = "TEMPLATE_ID"
//	kinds = ["repair.assigned", "repair.reminder"]   # or default = true
//	fields = { thing1 = "item", thing2 = "place", time3 = "due", character_string4 = "ref" }
type TemplatesConfig struct {
	ByKind map[string]string // classic entries: notification kind (or "default") → template id
	Named  []wechat.TemplateMapping
}

// Len is the number of configured templates of both forms.
func (t TemplatesConfig) Len() int { return len(t.ByKind) + len(t.Named) }

// UnmarshalTOML implements toml.Unmarshaler: a string is a classic entry,
// a table a typed-fields template.
func (t *TemplatesConfig) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New("wechat.templates must be a table")
	}
	for _, key := range slices.Sorted(maps.Keys(m)) {
		switch x := m[key].(type) {
		case string:
			if t.ByKind == nil {
				t.ByKind = map[string]string{}
			}
			t.ByKind[key] = x
		case map[string]any:
			tm, err := templateMapping(key, x)
			if err != nil {
				return err
			}
			t.Named = append(t.Named, tm)
		default:
			return fmt.Errorf("wechat.templates.%s: must be a template id or a table (id, kinds, fields)", key)
		}
	}
	return nil
}

func templateMapping(name string, x map[string]any) (wechat.TemplateMapping, error) {
	tm := wechat.TemplateMapping{Name: name, Fields: map[string]string{}}
	where := "wechat.templates." + name
	for _, k := range slices.Sorted(maps.Keys(x)) {
		var ok bool
		switch k {
		case "id":
			tm.ID, ok = x[k].(string)
		case "default":
			tm.Default, ok = x[k].(bool)
		case "kinds":
			var list []any
			if list, ok = x[k].([]any); ok {
				for _, e := range list {
					s, isStr := e.(string)
					ok = ok && isStr
					tm.Kinds = append(tm.Kinds, s)
				}
			}
		case "fields":
			var fields map[string]any
			if fields, ok = x[k].(map[string]any); ok {
				for f, src := range fields {
					s, isStr := src.(string)
					ok = ok && isStr
					tm.Fields[f] = s
				}
			}
		default:
			return tm, fmt.Errorf("%s: unknown key %q (id, kinds, default, fields)", where, k)
		}
		if !ok {
			return tm, fmt.Errorf("%s.%s: wrong type (id is a string, kinds a list of strings, default true or false, fields a table of strings)", where, k)
		}
	}
	return tm, nil
}

// TelegramConfig is the school's Telegram bot.
type TelegramConfig struct {
	Token         string `toml:"token"`
	Mode          string `toml:"mode"`
	APIURL        string `toml:"api_url"`
	WebhookSecret string `toml:"webhook_secret"`
	WebhookURL    string `toml:"webhook_url"`
}

// Enabled reports whether the Telegram channel is configured.
func (c TelegramConfig) Enabled() bool { return c.Token != "" }

// PrivacyConfig holds the key that encrypts visitors' ID numbers.
type PrivacyConfig struct {
	IDKey string `toml:"id_key"` // 32 bytes, hex or base64
}

// DigestConfig signs the links to the digest page and the ledger downloads.
type DigestConfig struct {
	// SigningKey is the HMAC key of the links (better: HOUQIN_DIGEST_KEY).
	// Empty: houqin makes a random key once and keeps it in the database,
	// so every instance shares it and links survive restarts.
	SigningKey string `toml:"signing_key"`
	LinkDays   int    `toml:"link_days"` // how long a link works
}

// OutboxConfig tunes the delivery of notifications.
type OutboxConfig struct {
	// RetryFor is how long a notification that keeps failing is retried
	// (backoff capped at 10 minutes; a channel's "wait" is not a failure)
	// before it is marked failed and the sender's side is told.
	RetryFor time.Duration `toml:"retry_for"`
}

// Vault returns the ID vault for the configured key, or nil when no key
// is configured (the visitor flow then refuses politely). The error never
// contains the key.
func (c PrivacyConfig) Vault() (*visit.IDVault, error) {
	if c.IDKey == "" {
		return nil, nil
	}
	key, err := visit.ParseIDKey(c.IDKey)
	if err != nil {
		return nil, fmt.Errorf("privacy.id_key: %w", err)
	}
	return visit.NewIDVault(key)
}

// MetricsConfig protects GET /metrics.
type MetricsConfig struct {
	// Token, when set, is the bearer token a scrape must send
	// (Authorization: Bearer TOKEN); better HOUQIN_METRICS_TOKEN.
	Token string `toml:"token"`
}

// DebugConfig holds opt-in diagnostics.
type DebugConfig struct {
	// Pprof, when set, serves net/http/pprof on this loopback address
	// (e.g. "127.0.0.1:6060") for profiling serve under load:
	// go tool pprof http://127.0.0.1:6060/debug/pprof/profile?seconds=30
	Pprof string `toml:"pprof"`
}

// LogConfig sets logging.
type LogConfig struct {
	Level string `toml:"level"` // debug, info, warn, error
	// Format is "text" (key=value lines, for people) or "json" (one JSON
	// object per line, for a log collector).
	Format string `toml:"format"`
}

// DefaultConfig is what houqin runs with when the file says nothing.
func DefaultConfig() Config {
	return Config{
		HTTP:           HTTPConfig{Addr: "127.0.0.1:8080", PublicURL: "http://127.0.0.1:8080"},
		Database:       DatabaseConfig{}, // DataDir: see resolveDataDir
		WeChat:         WeChatConfig{APIBaseURL: "https://api.weixin.qq.com", WebAuth: true, OAuthURL: "https://open.weixin.qq.com"},
		WeCom:          WeComConfig{APIBaseURL: "https://qyapi.weixin.qq.com", WebAuth: true, OAuthURL: "https://open.weixin.qq.com"},
		Telegram:       TelegramConfig{Mode: "polling", APIURL: "https://api.telegram.org"},
		Digest:         DigestConfig{LinkDays: 7},
		Outbox:         OutboxConfig{RetryFor: bot.DefaultRetryFor},
		Log:            LogConfig{Level: "info", Format: "text"},
		SchoolDefaults: flows.DefaultSettings(),
	}
}

// LoadConfig reads path (if not empty) over the defaults, applies the
// environment and validates. Every problem is reported at once.
func LoadConfig(path string, getenv func(string) string) (Config, error) {
	cfg := DefaultConfig()
	var fileErrs []error // unknown keys and values of the wrong type, reported with Validate's
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		fileErrs, err = decodeConfig(string(b), &cfg)
		if err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	cfg.Database.DataDir = resolveDataDir(cfg.Database.DataDir, path, getenv)
	for env, dst := range map[string]*string{
		"HOUQIN_DATABASE_URL":      &cfg.Database.URL,
		"HOUQIN_TELEGRAM_TOKEN":    &cfg.Telegram.Token,
		"HOUQIN_WECHAT_APP_SECRET": &cfg.WeChat.AppSecret,
		"HOUQIN_WECHAT_TOKEN":      &cfg.WeChat.Token,
		"HOUQIN_WECHAT_AES_KEY":    &cfg.WeChat.EncodingAESKey,
		"HOUQIN_WECOM_SECRET":      &cfg.WeCom.Secret,
		"HOUQIN_WECOM_TOKEN":       &cfg.WeCom.Token,
		"HOUQIN_WECOM_AES_KEY":     &cfg.WeCom.EncodingAESKey,
		"HOUQIN_ID_KEY":            &cfg.Privacy.IDKey,
		"HOUQIN_DIGEST_KEY":        &cfg.Digest.SigningKey,
		"HOUQIN_METRICS_TOKEN":     &cfg.Metrics.Token,
	} {
		if v := getenv(env); v != "" {
			*dst = v
		}
	}
	if err := errors.Join(append(fileErrs, cfg.Validate())...); err != nil {
		if path != "" {
			return cfg, fmt.Errorf("config %s:\n%w", path, err)
		}
		return cfg, fmt.Errorf("config:\n%w", err)
	}
	return cfg, nil
}

// decodeConfig reads a TOML document over cfg key by key, so that one
// bad value does not hide the next: it returns one problem per unknown key
// and per value of the wrong type ("  key: why", like Validate's), and
// an error only for a file that is not TOML at all (its line is named).
func decodeConfig(doc string, cfg *Config) ([]error, error) {
	var top map[string]toml.Primitive
	md, err := toml.Decode(doc, &top)
	if err != nil {
		return nil, err
	}
	var problems []error
	bad := func(key, why string) { problems = append(problems, fmt.Errorf("  %s: %s", key, why)) }
	var unknown []string
	root := reflect.ValueOf(cfg).Elem()
	for _, section := range slices.Sorted(maps.Keys(top)) {
		sv, ok := tomlField(root, section)
		if !ok {
			unknown = append(unknown, section)
			continue
		}
		var keys map[string]toml.Primitive
		if err := md.PrimitiveDecode(top[section], &keys); err != nil {
			bad(section, "must be a table (["+section+"])")
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(keys)) {
			fv, ok := tomlField(sv, key)
			if !ok {
				unknown = append(unknown, section+"."+key)
				continue
			}
			if err := md.PrimitiveDecode(keys[key], fv.Addr().Interface()); err != nil {
				bad(section+"."+key, decodeReason(err))
			}
		}
	}
	// Keys below the second level (inside [[school_defaults.meals]], say).
	for _, k := range md.Undecoded() {
		if s := k.String(); len(k) > 2 && !slices.Contains(unknown, s) {
			unknown = append(unknown, s)
		}
	}
	if len(unknown) > 0 {
		problems = append([]error{fmt.Errorf("  unknown keys: %s", strings.Join(unknown, ", "))}, problems...)
	}
	return problems, nil
}

// tomlField is the field of struct v whose toml tag is name.
func tomlField(v reflect.Value, name string) (reflect.Value, bool) {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	t := v.Type()
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if tag == name && t.Field(i).IsExported() {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// decodeReason is the TOML decoder's complaint without its "toml: line N
// (last key ...)" preamble, which the caller replaces with the key.
func decodeReason(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, "): "); ok && strings.HasPrefix(msg, "toml:") {
		return after
	}
	return strings.TrimPrefix(msg, "toml: ")
}

// resolveDataDir makes the embedded database's directory absolute, so that
// every houqin command on one configuration uses one database wherever it
// is run from:
//
//   - HOUQIN_DATA_DIR, when set, wins (relative to the working directory,
//     as any path typed in a shell);
//   - a relative data_dir in a configuration file is relative to the file's
//     directory, and without data_dir it is houqin-data next to the file;
//   - without a configuration file: /var/lib/houqin for root, else
//     $XDG_DATA_HOME/houqin or ~/.local/share/houqin.
//
// It returns "" when there is no home directory to put it in (Validate
// then asks for data_dir).
func resolveDataDir(dataDir, cfgPath string, getenv func(string) string) string {
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	if v := getenv("HOUQIN_DATA_DIR"); v != "" {
		return abs(v)
	}
	if cfgPath != "" {
		if dataDir == "" {
			dataDir = "houqin-data"
		}
		if filepath.IsAbs(dataDir) {
			return filepath.Clean(dataDir)
		}
		return filepath.Join(filepath.Dir(abs(cfgPath)), dataDir)
	}
	if dataDir != "" {
		return abs(dataDir)
	}
	if os.Geteuid() == 0 {
		return "/var/lib/houqin"
	}
	if x := getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "houqin")
	}
	if h := getenv("HOME"); filepath.IsAbs(h) {
		return filepath.Join(h, ".local", "share", "houqin")
	}
	return ""
}

// Validate reports every invalid key at once, one per line.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, why string) { errs = append(errs, fmt.Errorf("  %s: %s", key, why)) }
	if c.HTTP.Addr == "" {
		bad("http.addr", "must not be empty")
	}
	if c.Database.URL == "" && c.Database.DataDir == "" {
		bad("database.data_dir", "must be set when database.url is empty (no home directory for the default)")
	}
	if c.Database.URL != "" && !strings.HasPrefix(c.Database.URL, "postgres://") && !strings.HasPrefix(c.Database.URL, "postgresql://") {
		bad("database.url", "must start with postgres://")
	}
	if c.WeChat.Enabled() {
		if c.WeChat.Token == "" {
			bad("wechat.token", "is required when wechat.app_id is set (or HOUQIN_WECHAT_TOKEN)")
		}
		if c.WeChat.AppSecret == "" {
			bad("wechat.app_secret", "is required when wechat.app_id is set (or HOUQIN_WECHAT_APP_SECRET)")
		}
		if k := c.WeChat.EncodingAESKey; k != "" && len(k) != 43 {
			bad("wechat.encoding_aes_key", "must be 43 characters")
		}
		for _, err := range wechat.ValidateMappings(c.WeChat.Templates.Named) {
			key, why, _ := strings.Cut(err.Error(), ": ")
			bad(key, why)
		}
	}
	if !strings.HasPrefix(c.WeChat.APIBaseURL, "http://") && !strings.HasPrefix(c.WeChat.APIBaseURL, "https://") {
		bad("wechat.api_base_url", "must be an http(s) URL")
	}
	if !strings.HasPrefix(c.WeChat.OAuthURL, "http://") && !strings.HasPrefix(c.WeChat.OAuthURL, "https://") {
		bad("wechat.oauth_url", "must be an http(s) URL")
	}
	if c.WeCom.Enabled() {
		if c.WeCom.AgentID <= 0 {
			bad("wecom.agent_id", "is required when wecom.corp_id is set (the app's AgentId)")
		}
		if c.WeCom.Secret == "" {
			bad("wecom.secret", "is required when wecom.corp_id is set (or HOUQIN_WECOM_SECRET)")
		}
		if c.WeCom.Token == "" {
			bad("wecom.token", "is required when wecom.corp_id is set (or HOUQIN_WECOM_TOKEN)")
		}
		if len(c.WeCom.EncodingAESKey) != 43 {
			bad("wecom.encoding_aes_key", "must be 43 characters (or HOUQIN_WECOM_AES_KEY)")
		}
	}
	if !strings.HasPrefix(c.WeCom.APIBaseURL, "http://") && !strings.HasPrefix(c.WeCom.APIBaseURL, "https://") {
		bad("wecom.api_base_url", "must be an http(s) URL")
	}
	if !strings.HasPrefix(c.WeCom.OAuthURL, "http://") && !strings.HasPrefix(c.WeCom.OAuthURL, "https://") {
		bad("wecom.oauth_url", "must be an http(s) URL")
	}
	switch c.Telegram.Mode {
	case "polling":
	case "webhook":
		if c.Telegram.Enabled() && c.Telegram.WebhookSecret == "" {
			bad("telegram.webhook_secret", "is required in webhook mode")
		}
		if c.Telegram.Enabled() && c.Telegram.WebhookURL == "" {
			bad("telegram.webhook_url", "is required in webhook mode")
		}
	default:
		bad("telegram.mode", `must be "polling" or "webhook"`)
	}
	if !strings.HasPrefix(c.Telegram.APIURL, "http://") && !strings.HasPrefix(c.Telegram.APIURL, "https://") {
		bad("telegram.api_url", "must be an http(s) URL")
	}
	if c.Digest.LinkDays < 1 || c.Digest.LinkDays > 90 {
		bad("digest.link_days", "must be between 1 and 90")
	}
	if k := c.Digest.SigningKey; k != "" && len(k) < 32 {
		bad("digest.signing_key", "must be at least 32 characters (e.g. openssl rand -hex 32)")
	}
	if c.Privacy.IDKey != "" {
		if _, err := visit.ParseIDKey(c.Privacy.IDKey); err != nil {
			bad("privacy.id_key", "must be 32 bytes written as 64 hex characters or base64 (or HOUQIN_ID_KEY)")
		}
	}
	if r := c.Outbox.RetryFor; r < 10*time.Minute || r > 30*24*time.Hour {
		bad("outbox.retry_for", `must be between "10m" and "720h" (30 days)`)
	}
	if t := c.Metrics.Token; t != "" && len(t) < 16 {
		bad("metrics.token", "must be at least 16 characters (e.g. openssl rand -hex 16) (or HOUQIN_METRICS_TOKEN)")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "must be debug, info, warn or error")
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "must be text or json")
	}
	if err := c.SchoolDefaults.Validate(); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			bad("school_defaults."+line[:strings.Index(line, ":")], strings.TrimSpace(line[strings.Index(line, ":")+1:]))
		}
	}
	if c.Debug.Pprof != "" && !loopbackAddr(c.Debug.Pprof) {
		bad("debug.pprof", "must be a loopback host:port such as 127.0.0.1:6060 (profiles are not for the network)")
	}
	return errors.Join(errs...)
}
