package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"slices"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// 扫码报修 on WeCom (企业微信). A WeCom self-built app has no parametric QR
// codes, so `houqin qr --channel wecom` prints labels whose QR code opens
// /scan/{token} on this server. Inside WeCom the page is identified by
// WeCom's OAuth like every other page (identify); it shows one button,
// 「开始报修」, whose POST (with a CSRF token) sends the scene through the
// engine as a message from the viewer's own WeCom account, exactly as a
// WeChat SCAN event or a Telegram /start would: the report starts at the
// scanned place and goes on in the WeCom chat. A GET changes nothing, so a
// link preview or a prefetch starts no report.

// ScanPath is the path a WeCom 扫码报修 label opens.
func ScanPath(token string) string { return "/scan/" + token }

// scanTokenRE is a QR token as store makes them (lower-case base32).
var scanTokenRE = regexp.MustCompile(`^[a-z2-7]{16,40}$`)

var scanTmpl = template.Must(template.New("scan").Parse(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
	`<meta name="viewport" content="width=device-width,initial-scale=1"><title>扫码报修</title>` +
	`<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em 1em;color:#1d2129;line-height:1.6}` +
	`button{font-size:1.1em;padding:.6em 2em;border:0;border-radius:6px;background:#07c160;color:#fff}p.r{white-space:pre-wrap}</style></head><body>` +
	`<h1>扫码报修</h1>` +
	`{{if .Replies}}{{range .Replies}}<p class="r">{{.}}</p>{{end}}<p>请回到企业微信的后勤助手对话，直接发送问题描述或照片。</p>` +
	`{{else}}<p>{{.Name}}，你好！点下面的按钮开始报修这个地方，然后在企业微信的后勤助手对话里说说出了什么问题。</p>` +
	`<form method="post" action="{{.Action}}"><input type="hidden" name="nonce" value="{{.Nonce}}"><input type="hidden" name="csrf" value="{{.CSRF}}">` +
	`<button type="submit">开始报修</button></form>{{end}}</body></html>`))

type scanView struct {
	Name, Action, Nonce, CSRF string
	Replies                   []string
}

func (h *Handler) renderScan(w http.ResponseWriter, v scanView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	if err := scanTmpl.Execute(w, v); err != nil {
		h.log().Warn("scan page", "err", err)
	}
}

// scanBad answers a token that is not one (the engine answers a well-formed
// unknown one, as in chat).
const scanBad = "这个报修二维码无效或已经停用了。请在后勤助手对话中直接发送「报修」，再告诉我地点和问题。"

func (h *Handler) scan(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if !scanTokenRE.MatchString(token) {
		forbidden(w, scanBad)
		return
	}
	v, ok := h.identify(w, r)
	if !ok {
		return
	}
	n := newNonce()
	h.renderScan(w, scanView{Name: v.Staff.Name, Action: ScanPath(token), Nonce: n, CSRF: h.Signer.csrf(v.Staff.ID, n)})
}

func (h *Handler) scanPost(w http.ResponseWriter, r *http.Request) {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		forbidden(w, "请在后勤助手的页面上操作。")
		return
	}
	token := r.PathValue("token")
	if !scanTokenRE.MatchString(token) {
		forbidden(w, scanBad)
		return
	}
	v, ok := h.identify(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "提交的内容有误，请返回重试。", http.StatusBadRequest)
		return
	}
	nonce := r.PostForm.Get("nonce")
	if len(nonce) > 64 || !h.Signer.checkCSRF(v.Staff.ID, nonce, r.PostForm.Get("csrf")) {
		forbidden(w, "页面已失效，请重新扫码。")
		return
	}
	replies, err := h.scanAct(r.Context(), v, nonce, token, inWeCom(r))
	var texts []string
	switch {
	case errors.Is(err, errNoAccount):
		texts = []string{"你的档案还没有绑定企业微信、微信或 Telegram，暂时不能扫码报修。请先按总务处给的绑定码绑定。"}
	case err != nil:
		h.log().Error("scan page", "staff", v.Staff.ID, "err", err)
		texts = []string{"抱歉，系统暂时出了点问题，没有开始报修，请稍后再试。"}
	default:
		for _, rp := range replies {
			texts = append(texts, rp.Text)
		}
	}
	h.renderScan(w, scanView{Name: v.Staff.Name, Replies: texts})
}

// scanAct sends the scan through the engine as a message from the
// viewer's WeCom account (inside WeCom), else their most recently used
// one, so the report goes on in that chat. The form's nonce is the dedup
// key: a form sent twice starts one report.
func (h *Handler) scanAct(ctx context.Context, v Viewer, nonce, token string, wecom bool) ([]flows.Reply, error) {
	ids, err := h.People.Identities(ctx, v.Staff.ID)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errNoAccount
	}
	recent := func(a, b flows.Identity) int { return a.LastSeen.Compare(b.LastSeen) }
	id := slices.MaxFunc(ids, recent)
	if wecom {
		var on []flows.Identity
		for _, i := range ids {
			if i.Channel == flows.ChannelWeCom {
				on = append(on, i)
			}
		}
		if len(on) > 0 {
			id = slices.MaxFunc(on, recent)
		}
	}
	return h.Engine.Handle(ctx, flows.Message{Channel: id.Channel, ExternalUser: id.ExternalID, Chat: id.ExternalID,
		Text: repair.ScanText("loc:" + token), DedupKey: "web:" + nonce, At: h.now()})
}
