package wechat

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultOAuthURL is the host of WeChat's 网页授权 authorize page.
const DefaultOAuthURL = "https://open.weixin.qq.com"

// OAuth is the official account's 网页授权 with scope snsapi_base, which
// asks the person nothing and yields only their openid: enough to find
// the staff member an account is bound to. It fits web.OpenIDSource. It
// talks plain HTTP rather than through the SDK, whose API calls go through
// one process-wide client (see the package comment), and it never logs
// or returns the code, the secret or the openid in an error.
type OAuth struct {
	AppID, AppSecret string
	APIBaseURL       string // the SNS API; default DefaultAPIBaseURL
	AuthorizeBase    string // the authorize page's host; default DefaultOAuthURL
	Client           *http.Client
}

// AuthorizeURL is WeChat's authorize page for redirectURI (which must be
// on the account's 网页授权域名) and state (at most 128 letters and digits).
// WeChat expects the parameters in this order, which Encode's sorting
// happens to keep.
func (o OAuth) AuthorizeURL(redirectURI, state string) string {
	base := o.AuthorizeBase
	if base == "" {
		base = DefaultOAuthURL
	}
	q := url.Values{"appid": {o.AppID}, "redirect_uri": {redirectURI}, "response_type": {"code"}, "scope": {"snsapi_base"}, "state": {state}}
	return strings.TrimRight(base, "/") + "/connect/oauth2/authorize?" + q.Encode() + "#wechat_redirect"
}

// OpenID exchanges a code from the authorize page for the openid
// (sns/oauth2/access_token). A code works once and for 5 minutes.
func (o OAuth) OpenID(ctx context.Context, code string) (string, error) {
	base := o.APIBaseURL
	if base == "" {
		base = DefaultAPIBaseURL
	}
	q := url.Values{"appid": {o.AppID}, "secret": {o.AppSecret}, "code": {code}, "grant_type": {"authorization_code"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/sns/oauth2/access_token?"+q.Encode(), nil)
	if err != nil {
		return "", fmt.Errorf("wechat oauth: bad api_base_url")
	}
	c := o.Client
	if c == nil {
		c = &http.Client{Timeout: apiTimeout}
	}
	resp, err := c.Do(req)
	if err != nil {
		// *url.Error quotes the URL, which holds the secret and the code.
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return "", fmt.Errorf("wechat oauth: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("wechat oauth: HTTP %d", resp.StatusCode)
	}
	var out struct {
		OpenID  string `json:"openid"`
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&out); err != nil {
		return "", fmt.Errorf("wechat oauth: bad answer: %w", err)
	}
	if out.ErrCode != 0 {
		return "", fmt.Errorf("wechat oauth: errcode %d: %s", out.ErrCode, out.ErrMsg)
	}
	if out.OpenID == "" {
		return "", fmt.Errorf("wechat oauth: answer without openid")
	}
	return out.OpenID, nil
}
