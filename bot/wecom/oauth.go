package wecom

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// DefaultOAuthURL is the host of WeCom's (and WeChat's) OAuth authorize page.
const DefaultOAuthURL = "https://open.weixin.qq.com"

// OAuth is WeCom's 网页授权 for pages opened inside WeCom (the job page):
// scope snsapi_base asks the member nothing and yields their UserID, which
// the identities table turns into a staff member. It fits
// web.OpenIDSource. The code and the UserID are never logged nor put in
// an error.
type OAuth struct {
	c             *Channel
	authorizeBase string
}

// OAuth returns the channel's OAuth, its authorize page on authorizeBase
// ("" for DefaultOAuthURL).
func (c *Channel) OAuth(authorizeBase string) OAuth {
	if authorizeBase == "" {
		authorizeBase = DefaultOAuthURL
	}
	return OAuth{c: c, authorizeBase: strings.TrimRight(authorizeBase, "/")}
}

// AuthorizeURL is WeCom's authorize page for redirectURI (which must be on
// the app's 可信域名) and state.
func (o OAuth) AuthorizeURL(redirectURI, state string) string {
	q := url.Values{"appid": {o.c.cfg.CorpID}, "redirect_uri": {redirectURI}, "response_type": {"code"},
		"scope": {"snsapi_base"}, "state": {state}, "agentid": {strconv.FormatInt(o.c.cfg.AgentID, 10)}}
	return o.authorizeBase + "/connect/oauth2/authorize?" + q.Encode() + "#wechat_redirect"
}

// OpenID exchanges a code from the authorize page for the member's UserID
// (user/getuserinfo). Someone outside the corp gets an OpenId instead and
// an error here.
func (o OAuth) OpenID(ctx context.Context, code string) (string, error) {
	var out struct {
		apiAnswer
		UserIDOld string `json:"UserId"`
		UserID    string `json:"userid"`
	}
	if err := o.c.call(ctx, "user/getuserinfo", "/cgi-bin/user/getuserinfo", url.Values{"code": {code}}, nil, &out); err != nil {
		var ae *APIError
		if errors.As(err, &ae) {
			return "", &APIError{Op: ae.Op, Code: ae.Code} // errmsg may echo the code
		}
		return "", err
	}
	id := out.UserID
	if id == "" {
		id = out.UserIDOld
	}
	if id == "" {
		return "", errors.New("wecom oauth: not a member of the corp")
	}
	return id, nil
}
