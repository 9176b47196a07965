package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// Who is looking at a page. A page about a person's work (the job page)
// or a school's records (the digest, the ledgers) is shown only to a staff
// member it concerns, identified in one of three ways, first match wins:
//
//  1. a per-person link: the page's path with u (the staff id), exp and
//     sig, an HMAC over the path, the school, the staff member and the
//     expiry. The outbox adds it to every notification link as it sends
//     the notification to one person on Telegram or the console
//     (Personalize), so links in the outbox itself name nobody.
//  2. the session cookie set by either of the others: the staff id and an
//     expiry, signed, HttpOnly, SameSite=Lax, Secure behind HTTPS.
//  3. WeChat 网页授权 (snsapi_base): inside WeChat, a request with neither
//     is sent to WeChat's authorize URL; WeChat sends the person back to
//     /auth/wechat with a code, which the SNS API turns into the openid,
//     which the identities table turns into a staff member. Links sent on
//     WeChat carry no signature at all, so forwarding one gives nothing to
//     whoever opens it. Inside WeCom (企业微信), WeCom's OAuth does the
//     same through /auth/wecom, the UserID standing for the openid.
//
// Anyone else gets 403, and the same 403 whether or not the item exists.
//
// A per-person link is a bearer credential for as long as it lives
// ([digest] link_days): whoever holds it is taken for its person. That is
// the price of Telegram and the console having no login of their own;
// WeChat's links have no such weakness.

// Viewer is the staff member a request is from.
type Viewer struct {
	Staff  flows.Staff
	School flows.School
}

// People is what identification reads.
type People interface {
	// StaffByID returns ErrNotFound for an unknown id.
	StaffByID(ctx context.Context, id int64) (flows.Staff, error)
	// StaffByIdentity returns the active staff member bound to a chat account, or ErrNotFound.
	StaffByIdentity(ctx context.Context, ch flows.Channel, externalID string) (flows.Staff, error)
	// School returns ErrNotFound for an unknown id.
	School(ctx context.Context, id int64) (flows.School, error)
	// Identities lists the chat accounts bound to a staff member.
	Identities(ctx context.Context, staffID int64) ([]flows.Identity, error)
}

// OpenIDSource is WeChat 网页授权 with scope snsapi_base; bot/wechat's OAuth
// implements it.
type OpenIDSource interface {
	// AuthorizeURL is where to send the browser: WeChat asks nothing and
	// comes back to redirectURI with code and state.
	AuthorizeURL(redirectURI, state string) string
	// OpenID exchanges a code for the openid of the person.
	OpenID(ctx context.Context, code string) (string, error)
}

// Cookie names.
const (
	sessionCookie = "houqin_session"
	oauthCookie   = "houqin_oauth"
)

// DefaultSessionTTL is how long the session cookie works.
const DefaultSessionTTL = 8 * time.Hour

// key derives the key of one purpose from the signing key, so that a
// signature made for one purpose is never valid for another.
func (s Signer) key(purpose string) []byte {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte("houqin web " + purpose))
	return m.Sum(nil)
}

func macOf(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{'\n'})
	}
	return m.Sum(nil)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// SignPerson returns path with u, exp and sig: a link that works for staff
// member staffID of school schoolID until exp.
func (s Signer) SignPerson(path string, schoolID, staffID int64, exp time.Time) string {
	return (&url.URL{Path: path}).EscapedPath() + "?" + s.personQuery(path, schoolID, staffID, exp)
}

func (s Signer) personQuery(path string, schoolID, staffID int64, exp time.Time) string {
	e := exp.Unix()
	sig := macOf(s.key("person"), path, i64(schoolID), i64(staffID), i64(e))
	return url.Values{"u": {i64(staffID)}, "exp": {i64(e)}, "sig": {base64.RawURLEncoding.EncodeToString(sig)}}.Encode()
}

// verifyPerson checks a per-person link and returns its staff id; the
// school is checked by the caller against the staff member's.
func (s Signer) verifyPerson(path string, q url.Values, schoolOf func(int64) (int64, error)) (int64, error) {
	if len(s.Key) == 0 {
		return 0, ErrBadSignature
	}
	id, err := strconv.ParseInt(q.Get("u"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrBadSignature
	}
	e, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil {
		return 0, ErrBadSignature
	}
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("sig"))
	if err != nil {
		return 0, ErrBadSignature
	}
	school, err := schoolOf(id)
	if err != nil || !hmac.Equal(sig, macOf(s.key("person"), path, i64(school), i64(id), i64(e))) {
		return 0, ErrBadSignature
	}
	if s.now().Unix() > e {
		return 0, ErrExpired
	}
	return id, nil
}

func (s Signer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s Signer) session(staffID int64, exp time.Time) string {
	body := i64(staffID) + "." + i64(exp.Unix())
	return body + "." + base64.RawURLEncoding.EncodeToString(macOf(s.key("session"), body))
}

func (s Signer) verifySession(v string) (int64, bool) {
	i := strings.LastIndexByte(v, '.')
	if i < 0 || len(s.Key) == 0 {
		return 0, false
	}
	body := v[:i]
	sig, err := base64.RawURLEncoding.DecodeString(v[i+1:])
	if err != nil || !hmac.Equal(sig, macOf(s.key("session"), body)) {
		return 0, false
	}
	idText, expText, ok := strings.Cut(body, ".")
	id, err1 := strconv.ParseInt(idText, 10, 64)
	exp, err2 := strconv.ParseInt(expText, 10, 64)
	if !ok || err1 != nil || err2 != nil || s.now().Unix() > exp {
		return 0, false
	}
	return id, true
}

// csrf is the token a form of the page carries: it binds the form's nonce
// to the viewer, so another site cannot make a viewer's browser post one.
func (s Signer) csrf(staffID int64, nonce string) string {
	return base64.RawURLEncoding.EncodeToString(macOf(s.key("csrf"), i64(staffID), nonce))
}

func (s Signer) checkCSRF(staffID int64, nonce, token string) bool {
	got, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && nonce != "" && hmac.Equal(got, macOf(s.key("csrf"), i64(staffID), nonce))
}

func newNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (h *Handler) sessionTTL() time.Duration {
	if h.SessionTTL > 0 {
		return h.SessionTTL
	}
	return DefaultSessionTTL
}

func (h *Handler) secure() bool { return strings.HasPrefix(h.BaseURL, "https://") }

func (h *Handler) setCookie(w http.ResponseWriter, name, value string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(ttl / time.Second),
		HttpOnly: true, Secure: h.secure(), SameSite: http.SameSiteLaxMode})
}

// load returns the active staff member id and their school.
func (h *Handler) load(ctx context.Context, id int64) (Viewer, error) {
	st, err := h.People.StaffByID(ctx, id)
	if err != nil {
		return Viewer{}, err
	}
	if !st.Active {
		return Viewer{}, flows.ErrNotFound
	}
	sc, err := h.People.School(ctx, st.SchoolID)
	if err != nil {
		return Viewer{}, err
	}
	return Viewer{Staff: st, School: sc}, nil
}

// errNoViewer means the request identifies nobody.
var errNoViewer = errors.New("web: nobody identified")

// viewer identifies the request's staff member by a per-person link or the
// session cookie, setting the cookie when the link did; linkErr says why a
// per-person link in the request did not count.
func (h *Handler) viewer(w http.ResponseWriter, r *http.Request) (v Viewer, linkErr error, err error) {
	q := r.URL.Query()
	if q.Has("u") && h.People != nil {
		id, verr := h.Signer.verifyPerson(r.URL.Path, q, func(id int64) (int64, error) {
			st, err := h.People.StaffByID(r.Context(), id)
			return st.SchoolID, err
		})
		if verr == nil {
			v, err := h.load(r.Context(), id)
			if err == nil {
				h.setCookie(w, sessionCookie, h.Signer.session(id, h.now().Add(h.sessionTTL())), h.sessionTTL())
				return v, nil, nil
			}
			if !errors.Is(err, flows.ErrNotFound) {
				return Viewer{}, nil, err
			}
			verr = ErrBadSignature
		}
		linkErr = verr
	}
	if c, cerr := r.Cookie(sessionCookie); cerr == nil && h.People != nil {
		if id, ok := h.Signer.verifySession(c.Value); ok {
			v, err := h.load(r.Context(), id)
			if err == nil {
				return v, linkErr, nil
			}
			if !errors.Is(err, flows.ErrNotFound) {
				return Viewer{}, linkErr, err
			}
		}
	}
	return Viewer{}, linkErr, errNoViewer
}

// identify returns the viewer of a page, or answers: a redirect to WeChat's
// authorize URL for a GET inside WeChat, else 403. ok=false means it has
// answered.
func (h *Handler) identify(w http.ResponseWriter, r *http.Request) (Viewer, bool) {
	v, linkErr, err := h.viewer(w, r)
	if err == nil {
		return v, true
	}
	if !errors.Is(err, errNoViewer) {
		h.fail(w, r, err)
		return Viewer{}, false
	}
	// WeCom's browser names itself MicroMessenger too: it is told apart
	// by wxwork.
	if r.Method == http.MethodGet && h.WeCom != nil && inWeCom(r) {
		h.toOAuth(w, r, h.WeCom, wecomAuthPath)
		return Viewer{}, false
	}
	if r.Method == http.MethodGet && h.WeChat != nil && inWeChat(r) && !inWeCom(r) {
		h.toOAuth(w, r, h.WeChat, authPath)
		return Viewer{}, false
	}
	msg := "这个页面只对相关人员开放。请打开后勤助手发给你的消息中的链接。"
	if errors.Is(linkErr, ErrExpired) {
		msg = "链接已过期。请打开后勤助手最近发给你的消息中的链接，或在聊天中发送「我的」。"
	}
	forbidden(w, msg)
	return Viewer{}, false
}

// forbidden answers 403 with a short polite page.
func forbidden(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(http.StatusForbidden)
	io.WriteString(w, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>无法查看</title>`+
		`<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em 1em;color:#1d2129;line-height:1.6}</style></head><body><p>`+
		html.EscapeString(msg)+`</p></body></html>`)
}

func inWeChat(r *http.Request) bool {
	return strings.Contains(r.UserAgent(), "MicroMessenger")
}

func inWeCom(r *http.Request) bool {
	return strings.Contains(r.UserAgent(), "wxwork")
}

// localPath reports whether next is a path on this server (not //host).
func localPath(next string) bool {
	return strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, `\`)
}

// authPath is where WeChat sends the browser back, wecomAuthPath where
// WeCom does.
const (
	authPath      = "/auth/wechat"
	wecomAuthPath = "/auth/wecom"
)

// toOAuth sends the browser to WeChat's or WeCom's authorize URL, to come
// back to path. The state is a random nonce also kept in a cookie, so a
// code arriving without the browser having asked for it (login CSRF) is
// refused.
func (h *Handler) toOAuth(w http.ResponseWriter, r *http.Request, src OpenIDSource, path string) {
	next := r.URL.Path
	if q := r.URL.Query(); len(q) > 0 {
		q.Del("u")
		q.Del("exp")
		q.Del("sig")
		if len(q) > 0 {
			next += "?" + q.Encode()
		}
	}
	state := newNonce()
	h.setCookie(w, oauthCookie, state, 10*time.Minute)
	back := strings.TrimRight(h.BaseURL, "/") + path + "?" + url.Values{"next": {next}}.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, src.AuthorizeURL(back, state), http.StatusFound)
}

// wechatAuth is WeChat's way back: code → openid → staff → session.
func (h *Handler) wechatAuth(w http.ResponseWriter, r *http.Request) {
	h.oauthBack(w, r, h.WeChat, flows.ChannelWeChat, "微信")
}

// wecomAuth is WeCom's way back: code → UserID → staff → session.
func (h *Handler) wecomAuth(w http.ResponseWriter, r *http.Request) {
	h.oauthBack(w, r, h.WeCom, flows.ChannelWeCom, "企业微信")
}

// oauthBack turns the code an authorize page sent back into a session for
// the staff member bound to the account on ch; app names the app in
// people's words.
func (h *Handler) oauthBack(w http.ResponseWriter, r *http.Request, src OpenIDSource, ch flows.Channel, app string) {
	q := r.URL.Query()
	next := q.Get("next")
	c, err := r.Cookie(oauthCookie)
	if src == nil || err != nil || q.Get("state") == "" || !hmac.Equal([]byte(c.Value), []byte(q.Get("state"))) || !localPath(next) {
		forbidden(w, "登录已失效，请回到"+app+"重新打开消息中的链接。")
		return
	}
	h.setCookie(w, oauthCookie, "", -time.Second)
	code := q.Get("code")
	if code == "" {
		forbidden(w, "没有获得"+app+"授权，无法确认你的身份。")
		return
	}
	openid, err := src.OpenID(r.Context(), code)
	if err != nil {
		// The code and the openid are never logged.
		h.log().Warn(string(ch)+" oauth failed", "err", err)
		forbidden(w, "暂时无法确认你的"+app+"身份，请稍后再试。")
		return
	}
	st, err := h.People.StaffByIdentity(r.Context(), ch, openid)
	if errors.Is(err, flows.ErrNotFound) {
		forbidden(w, "你的"+app+"还没有绑定后勤助手，这个页面只对相关人员开放。")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setCookie(w, sessionCookie, h.Signer.session(st.ID, h.now().Add(h.sessionTTL())), h.sessionTTL())
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, next, http.StatusFound)
}

// Personalize rewrites the links of a notification, as it goes to one
// person, into that person's own (see Viewer): on WeChat with 网页授权 the
// bare link, elsewhere a per-person link; to a group, the bare link, which
// works for those who have a session. Every link to this server is
// rewritten, in the text too (an undelivered notice quotes another
// notification's text); links elsewhere are left alone. It fits
// bot.Worker's Links.
func (h *Handler) Personalize(it flows.OutboxItem) flows.OutboxItem {
	base := strings.TrimRight(h.BaseURL, "/")
	if base == "" {
		return it
	}
	own := func(link string) string {
		u, err := url.Parse(link)
		if err != nil {
			return link
		}
		if it.IsGroup || it.ToStaff == 0 || it.Channel == flows.ChannelWeChat && h.WeChat != nil ||
			it.Channel == flows.ChannelWeCom && h.WeCom != nil {
			return base + u.EscapedPath()
		}
		return base + h.Signer.SignPerson(u.Path, it.SchoolID, it.ToStaff, h.now().Add(h.ttl()))
	}
	re := regexp.MustCompile(regexp.QuoteMeta(base) + `/[!#-~]*`)
	it.Text = re.ReplaceAllStringFunc(it.Text, own)
	if strings.HasPrefix(it.Link, base+"/") {
		it.Link = own(it.Link)
	}
	return it
}

// PersonLink is a per-person link to path (for the CLI and tests).
func (h *Handler) PersonLink(path string, s flows.Staff) string {
	return strings.TrimRight(h.BaseURL, "/") + h.Signer.SignPerson(path, s.SchoolID, s.ID, h.now().Add(h.ttl()))
}

// PageURL is the unsigned absolute URL of path, as notifications carry it
// in the outbox.
func (h *Handler) PageURL(path string) string {
	if h.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(h.BaseURL, "/") + path
}
