package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// CodeIPNotWhitelisted is WeChat's answer to an API call from an address
// that is not in the official account's IP whitelist (IP白名单).
const CodeIPNotWhitelisted = 40164

// Template is one of the account's template messages (模板消息).
type Template struct {
	ID    string `json:"template_id"`
	Title string `json:"title"`
	// Content is the template's text with its fields, e.g.
	// "报修事项：{{thing1.DATA}}\n截止时间：{{time2.DATA}}".
	Content string `json:"content"`
}

// templateFieldRE finds the fields in a template's content.
var templateFieldRE = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.DATA\s*\}\}`)

// Fields lists the field names of the template's content, in order.
func (t Template) Fields() []string {
	var out []string
	for _, m := range templateFieldRE.FindAllStringSubmatch(t.Content, -1) {
		out = append(out, m[1])
	}
	return out
}

// ClassicFields are the fields the classic form fills (see templateData).
var ClassicFields = []string{"first", "keyword1", "keyword2", "keyword3", "remark"}

// AccountCheck is what CheckAccount found. TokenErr is nil when an access
// token was fetched; Templates and TemplatesErr are only set then.
type AccountCheck struct {
	TokenErr     error
	Templates    []Template
	TemplatesErr error
}

// checkTimeout bounds each call of CheckAccount.
const checkTimeout = 10 * time.Second

// CheckAccount checks the account's credentials for real, for `houqin
// doctor`: it fetches an access token from stable_token with cfg's app id
// and secret (force_refresh false, so the token serve uses stays valid),
// then lists the account's templates (get_all_private_template). It talks
// to cfg.APIBaseURL with a client of its own, caches nothing and needs no
// store. Errors carry WeChat's code as *APIError (see Hint) and never the
// secret or the token.
func CheckAccount(ctx context.Context, cfg Config) AccountCheck {
	base := strings.TrimRight(cfg.APIBaseURL, "/")
	if base == "" {
		base = DefaultAPIBaseURL
	}
	client := &http.Client{Timeout: checkTimeout}
	var tok struct {
		AccessToken string `json:"access_token"`
		ErrCode     int64  `json:"errcode"`
		ErrMsg      string `json:"errmsg"`
	}
	body, _ := json.Marshal(map[string]any{"grant_type": "client_credential", "appid": cfg.AppID, "secret": cfg.AppSecret, "force_refresh": false})
	if err := checkCall(ctx, client, http.MethodPost, base+"/cgi-bin/stable_token", body, &tok); err != nil {
		return AccountCheck{TokenErr: fmt.Errorf("wechat: stable_token: %w", err)}
	}
	if tok.ErrCode != 0 {
		return AccountCheck{TokenErr: &APIError{Op: "stable_token", Code: tok.ErrCode, Msg: scrub(tok.ErrMsg)}}
	}
	if tok.AccessToken == "" {
		return AccountCheck{TokenErr: errors.New("wechat: stable_token: empty access_token")}
	}
	var list struct {
		Templates []Template `json:"template_list"`
		ErrCode   int64      `json:"errcode"`
		ErrMsg    string     `json:"errmsg"`
	}
	u := base + "/cgi-bin/template/get_all_private_template?access_token=" + url.QueryEscape(tok.AccessToken)
	var res AccountCheck
	if err := checkCall(ctx, client, http.MethodGet, u, nil, &list); err != nil {
		res.TemplatesErr = fmt.Errorf("wechat: get_all_private_template: %w", err)
	} else if list.ErrCode != 0 {
		res.TemplatesErr = &APIError{Op: "get_all_private_template", Code: list.ErrCode, Msg: scrub(list.ErrMsg)}
	} else {
		res.Templates = list.Templates
	}
	return res
}

// checkCall makes one API call and decodes its JSON answer into v. Its
// errors leave out the URL (it carries the access token).
func checkCall(ctx context.Context, client *http.Client, method, u string, body []byte, v any) error {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return scrubbed(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return scrubbed(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return scrubbed(err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("not a WeChat API answer: %w", err)
	}
	return nil
}

// ipRE finds the caller's address in a 40164 message ("invalid ip
// 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: ...").
var ipRE = regexp.MustCompile(`invalid ip ([0-9a-fA-F.:]+)`)

// Hint says in a sentence what an operator should do about the error, or
// "" when there is nothing specific to say.
func (e *APIError) Hint() string {
	switch e.Code {
	case CodeIPNotWhitelisted:
		ip := "this server's outbound IP address"
		if m := ipRE.FindStringSubmatch(e.Msg); m != nil {
			ip = "this server's outbound IP address (WeChat saw " + m[1] + ")"
		}
		return "add " + ip + " to the IP whitelist (IP白名单) in the 公众号 console: 设置与开发 → 基本配置"
	case 40001, 40125:
		return "app_secret is wrong or was reset: copy the AppSecret from the 公众号 console (设置与开发 → 基本配置) into HOUQIN_WECHAT_APP_SECRET"
	case 40013:
		return "app_id is not a valid AppID: copy it from the 公众号 console (设置与开发 → 基本配置)"
	case 48001:
		return "the account is not allowed this API: template messages need a verified service account (已认证服务号) with the template message feature added"
	case codeSystemBusy:
		return "WeChat is busy: try again in a minute"
	}
	return ""
}
