package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// WeCom API error codes houqin treats specially
// (https://developer.work.weixin.qq.com/document/path/96213).
const (
	codeSystemBusy     = -1
	codeInvalidToken   = 40001 // invalid credential
	codeInvalidUserID  = 40003
	codeTokenNotLatest = 40014 // invalid access_token
	codeInvalidMedia   = 40007
	codeTokenExpired   = 42001
	codeDailyQuota     = 45009 // API call frequency / daily quota
	codeConcurrency    = 45033 // too many concurrent calls
	codeUntrustedIP    = 60020 // not allow to access from your ip: 企业可信IP
	codeUserNotFound   = 60111 // userid not found
	codeNoVisibleUser  = 81013 // UserID、部门ID、标签ID全部非法或无权限
	codeInvalidChatID  = 86003 // chatid not found
	codeRobotInvalid   = 93000 // invalid webhook url (robot key)
	codeRobotForbidden = 93004 // robot forbidden (removed from the group)
)

// APIError is an error code returned by the WeCom API.
type APIError struct {
	Op   string // e.g. "message/send"
	Code int64
	Msg  string
}

func (e *APIError) Error() string {
	return "wecom: " + e.Op + ": errcode " + strconv.FormatInt(e.Code, 10) + ": " + scrub(e.Msg)
}

func tokenInvalid(code int64) bool {
	return code == codeInvalidToken || code == codeTokenExpired || code == codeTokenNotLatest
}

// secretRE matches the credentials that travel in WeCom URLs.
var secretRE = regexp.MustCompile(`(?i)(access_token|corpsecret|secret|key|code)=[^&\s"]*`)

// scrub removes credentials from a text meant for a log or an error.
func scrub(s string) string { return secretRE.ReplaceAllString(s, "$1=REDACTED") }

// netError strips the URL (and so the access token, the robot key or the
// OAuth code) from a transport error.
func netError(op string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("wecom: %s: %s: %w", op, ue.Op, ue.Err)
	}
	return fmt.Errorf("wecom: %s: %s", op, scrub(err.Error()))
}

// apiAnswer is the envelope of every WeCom API answer.
type apiAnswer struct {
	ErrCode int64  `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// do sends one request to path on the API base with the query q (which
// may hold credentials) and, when body is not nil, a JSON body; it decodes
// the JSON answer into out (which must include the errcode fields via
// apiAnswer) and returns *APIError for a non-zero errcode.
func (c *Channel) do(ctx context.Context, op, path string, q url.Values, body, out any) error {
	var rd io.Reader
	method := http.MethodGet
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("wecom: %s: %w", op, err)
		}
		rd, method = bytes.NewReader(b), http.MethodPost
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.APIBaseURL+path+"?"+q.Encode(), rd)
	if err != nil {
		return fmt.Errorf("wecom: %s: bad request", op)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return netError(op, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("wecom: %s: HTTP %d", op, resp.StatusCode)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return netError(op, err)
	}
	var env apiAnswer
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("wecom: %s: bad answer: %w", op, err)
	}
	if env.ErrCode != 0 {
		return &APIError{Op: op, Code: env.ErrCode, Msg: env.ErrMsg}
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("wecom: %s: bad answer: %w", op, err)
		}
	}
	return nil
}

// call runs one API call with the access token; when WeCom says the token
// is invalid or expired it drops the cached one and tries once more.
func (c *Channel) call(ctx context.Context, op, path string, q url.Values, body, out any) error {
	for attempt := 0; ; attempt++ {
		tok, err := c.token.get(ctx)
		if err != nil {
			return err
		}
		qq := url.Values{"access_token": {tok}}
		for k, v := range q {
			qq[k] = v
		}
		err = c.do(ctx, op, path, qq, body, out)
		var ae *APIError
		if errors.As(err, &ae) && tokenInvalid(ae.Code) && attempt == 0 {
			c.log.Info("wecom: access token rejected, fetching a new one", "op", op, "errcode", ae.Code)
			c.token.invalidate(ctx, tok)
			continue
		}
		return err
	}
}

// tokenSource fetches the app's access token (cgi-bin/gettoken) and keeps
// it in the shared KV, so every instance uses the same one. WeCom returns
// the same token to every caller while it is valid, so concurrent
// instances need no distributed lock: the mutex only saves this instance
// redundant calls.
type tokenSource struct {
	c    *Channel
	key  string
	mu   sync.Mutex
	memo bot.TokenMemo // the token, kept a minute in this process (see bot.TokenMemoFor)
}

// tokenMargin is taken off the token's lifetime so a cached token is never
// used in its last minutes.
const tokenMargin = 5 * time.Minute

func (t *tokenSource) get(ctx context.Context) (string, error) {
	if v, ok := t.memo.Get(time.Now()); ok {
		return v, nil
	}
	if v, err := t.c.kv.GetKV(ctx, t.key); err == nil && v != "" {
		t.memo.Set(v, time.Now(), bot.TokenMemoFor)
		return v, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, err := t.c.kv.GetKV(ctx, t.key); err == nil && v != "" {
		t.memo.Set(v, time.Now(), bot.TokenMemoFor)
		return v, nil
	}
	var out struct {
		apiAnswer
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	q := url.Values{"corpid": {t.c.cfg.CorpID}, "corpsecret": {t.c.cfg.Secret}}
	if err := t.c.do(ctx, "gettoken", "/cgi-bin/gettoken", q, nil, &out); err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", errors.New("wecom: gettoken: empty access_token")
	}
	ttl := time.Duration(out.ExpiresIn)*time.Second - tokenMargin
	if ttl < time.Minute {
		ttl = time.Minute
	}
	// A failed cache write costs only a fetch on the next call.
	_ = t.c.kv.PutKV(ctx, t.key, out.AccessToken, time.Now().Add(ttl))
	t.memo.Set(out.AccessToken, time.Now(), ttl)
	return out.AccessToken, nil
}

// invalidate drops the cached token if it is still bad.
func (t *tokenSource) invalidate(ctx context.Context, bad string) {
	t.memo.Drop(bad)
	t.mu.Lock()
	defer t.mu.Unlock()
	v, err := t.c.kv.GetKV(ctx, t.key)
	if errors.Is(err, flows.ErrNotFound) || (err == nil && v != bad) {
		return
	}
	_ = t.c.kv.DeleteKV(ctx, t.key)
}

// Hint says what to do about an error code that is a configuration error,
// for `houqin doctor`; "" for the others.
func (e *APIError) Hint() string {
	switch e.Code {
	case codeUntrustedIP:
		return "add this server's outbound IP to the app's 企业可信IP (应用管理 → the app → 企业可信IP)"
	case codeInvalidToken, 40091:
		return "the secret does not belong to this app: check [wecom] secret (HOUQIN_WECOM_SECRET) against 应用管理 → the app → Secret"
	case 40013:
		return "corp_id is not a valid 企业ID: see 我的企业 → 企业信息"
	}
	return ""
}

// noKV keeps nothing: CheckToken fetches a token without the database.
type noKV struct{}

func (noKV) GetKV(context.Context, string) (string, error)          { return "", flows.ErrNotFound }
func (noKV) PutKV(context.Context, string, string, time.Time) error { return nil }
func (noKV) DeleteKV(context.Context, string) error                 { return nil }
func (noKV) UseNonce(_ context.Context, _ flows.Channel, _, fp string, _ time.Time) (string, error) {
	return fp, nil
}
func (noKV) PruneNonces(context.Context, flows.Channel, time.Time) (int64, error) { return 0, nil }

// CheckToken fetches an access token with cfg for real, as `houqin doctor`
// does: a wrong secret or corp_id, or a server outside the app's 企业可信IP,
// shows here (as *APIError, with a Hint). Nothing is cached or stored.
func CheckToken(ctx context.Context, cfg Config) error {
	c, err := New(cfg, noHandler{}, noKV{}, nil)
	if err != nil {
		return err
	}
	_, err = c.token.get(ctx)
	return err
}

type noHandler struct{}

func (noHandler) Handle(context.Context, flows.Message) ([]flows.Reply, error) { return nil, nil }
