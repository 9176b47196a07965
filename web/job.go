package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// The job page, /r/{ref}: a repair as one person with a part in it sees
// it, with the buttons they may press. A press is a POST (with a CSRF
// token) that becomes a flows.Message from the viewer's own chat account
// with the button's data, handled by the same Engine as a tap in chat: one
// transaction, the dedup log (the form's nonce is the dedup key, so a
// resubmitted form changes nothing twice) and the outbox. The engine's
// answer is shown on the page, with its buttons and a box to reply in
// words when the engine asks a question.

// Engine handles one message; *flows.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, msg flows.Message) ([]flows.Reply, error)
}

//go:embed job.html
var jobFS embed.FS

var jobPage = template.Must(template.New("").ParseFS(jobFS, "job.html"))

// maxForm bounds a job page POST.
const maxForm = 16 << 10

// maxReplyRunes bounds a reply typed on the page.
const maxReplyRunes = 500

func jobPath(ref string) string { return "/r/" + ref }

// JobPath is the path of a repair's job page.
func JobPath(ref string) string { return jobPath(ref) }

type kv struct{ K, V string }

type formButton struct {
	Label, Data, Nonce, CSRF string
}

type replyView struct {
	Text    string
	Buttons []formButton
}

type eventView struct {
	When, Who, What, Note string
}

type photoView struct {
	URL, Label string
}

type jobView struct {
	Title, Status, Action, Viewer string
	Fields                        []kv
	Photos                        []photoView
	Events                        []eventView
	Actions                       []formButton
	Replies                       []replyView
	ReplyBox                      *formButton
}

func (h *Handler) job(w http.ResponseWriter, r *http.Request) {
	v, ok := h.identify(w, r)
	if !ok {
		return
	}
	ref := r.PathValue("ref")
	p, ok := h.jobLoad(w, r, v, ref)
	if !ok {
		return
	}
	h.renderJob(w, r, v, p, nil)
}

// jobLoad reads the page or answers 403 for anything the viewer may not see.
func (h *Handler) jobLoad(w http.ResponseWriter, r *http.Request, v Viewer, ref string) (repair.Page, bool) {
	if h.Jobs == nil || !repair.IsRepairRef(ref) {
		forbidden(w, notYours)
		return repair.Page{}, false
	}
	p, err := repair.LoadPage(r.Context(), h.Jobs, v.School, v.Staff, ref, h.now())
	if errors.Is(err, flows.ErrNotFound) {
		forbidden(w, notYours)
		return repair.Page{}, false
	}
	if err != nil {
		h.fail(w, r, err)
		return repair.Page{}, false
	}
	return p, true
}

// notYours is the one answer for a page that does not exist and for one
// the viewer may not see.
const notYours = "没有找到这条记录，或者你无权查看。这个页面只对与这次报修有关的人开放。"

func (h *Handler) jobPost(w http.ResponseWriter, r *http.Request) {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		forbidden(w, "请在后勤助手的页面上操作。")
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
	nonce, button, text := r.PostForm.Get("nonce"), r.PostForm.Get("button"), strings.TrimSpace(r.PostForm.Get("text"))
	if !h.Signer.checkCSRF(v.Staff.ID, nonce, r.PostForm.Get("csrf")) || len(nonce) > 64 {
		forbidden(w, "页面已失效，请重新打开消息中的链接再操作。")
		return
	}
	ref := r.PathValue("ref")
	if _, ok := h.jobLoad(w, r, v, ref); !ok {
		return
	}
	var replies []flows.Reply
	switch {
	case button == "" && text == "":
		replies = []flows.Reply{{Text: "请输入要回复的内容。"}}
	case len(button) > 64 || utf8.RuneCountInString(text) > maxReplyRunes || button != "" && text != "":
		replies = []flows.Reply{{Text: "提交的内容有误，请返回重试。"}}
	default:
		var err error
		replies, err = h.act(r.Context(), v, nonce, button, text)
		if errors.Is(err, errNoAccount) {
			replies = []flows.Reply{{Text: "你的档案还没有绑定微信或 Telegram，暂时不能在页面上操作。请先按总务处给的绑定码绑定。"}}
		} else if err != nil {
			h.log().Error("job page action", "ref", ref, "staff", v.Staff.ID, "err", err)
			replies = []flows.Reply{{Text: "抱歉，系统暂时出了点问题，没有处理这次操作，请稍后再试。"}}
		}
	}
	p, ok := h.jobLoad(w, r, v, ref)
	if !ok {
		return
	}
	h.renderJob(w, r, v, p, replies)
}

var errNoAccount = errors.New("web: viewer has no chat account")

// act sends the press (or the typed reply) through the engine as a message
// from the viewer's most recently used chat account, so that a question the
// engine asks continues in chat as well as on the page.
func (h *Handler) act(ctx context.Context, v Viewer, nonce, button, text string) ([]flows.Reply, error) {
	ids, err := h.People.Identities(ctx, v.Staff.ID)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errNoAccount
	}
	id := slices.MaxFunc(ids, func(a, b flows.Identity) int { return a.LastSeen.Compare(b.LastSeen) })
	return h.Engine.Handle(ctx, flows.Message{Channel: id.Channel, ExternalUser: id.ExternalID, Chat: id.ExternalID,
		Text: text, Button: button, DedupKey: "web:" + nonce, At: h.now()})
}

func (h *Handler) form(v Viewer, b flows.Button) formButton {
	n := newNonce()
	return formButton{Label: b.Label, Data: b.Data, Nonce: n, CSRF: h.Signer.csrf(v.Staff.ID, n)}
}

func (h *Handler) renderJob(w http.ResponseWriter, r *http.Request, v Viewer, p repair.Page, replies []flows.Reply) {
	loc := v.School.Location()
	rp := p.Repair
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	jv := jobView{Title: rp.Ref + " " + rp.Place(), Status: rp.Status.Label(), Action: r.URL.Path, Viewer: v.Staff.Name}
	if q := r.URL.Query(); q.Has("sig") {
		// Keep a per-person link's query on the forms: the link is
		// spent by now, so it counts only beside its person's session
		// cookie (a browser refusing cookies cannot act on the page).
		jv.Action = r.URL.RequestURI()
	}
	add := func(k, val string) {
		if val != "" {
			jv.Fields = append(jv.Fields, kv{k, val})
		}
	}
	add("地点", rp.Place())
	add("问题", rp.Description)
	add("类别", rp.Trade.Label())
	add("级别", rp.Severity())
	add("报修人", rp.ReporterName)
	add("维修人", rp.WorkerName)
	add("报修时间", when(rp.ReportedAt))
	add("期限", when(rp.DueAt))
	add("完成时间", when(rp.DoneAt))
	if rp.Cause != "" {
		add("损坏原因", rp.Cause.Label())
	}
	add("损坏说明", rp.DamageNote)
	add("修不好原因", rp.BlockedReason)
	add("领导处理", rp.Decision)
	add("评分", repair.RatingText(rp))
	add("评价", rp.RatingComment)
	for _, ph := range []struct{ which, label, ref string }{{photoReport, "报修照片", rp.Photo}, {photoDone, "完工照片", rp.DonePhoto}} {
		if ph.ref == "" {
			continue
		}
		jv.Photos = append(jv.Photos, h.photoView(r, v, rp.Ref, ph.which, ph.label, ph.ref))
	}
	// A worker's progress photos (a note sent with a photo: 「[图片] 先用三合板
	// 钉上了」) follow, each under its time.
	for i, ev := range p.Events {
		if ev.Photo == "" || ev.Photo == rp.Photo || ev.Photo == rp.DonePhoto {
			continue
		}
		jv.Photos = append(jv.Photos, h.photoView(r, v, rp.Ref, photoEvent+strconv.Itoa(i), "进度照片（"+when(ev.At)+"）", ev.Photo))
	}
	names := map[int64]string{0: "系统"}
	for _, ev := range p.Events {
		who, ok := names[ev.ActorID]
		if !ok {
			if st, err := h.People.StaffByID(r.Context(), ev.ActorID); err == nil {
				who = st.Name
			}
			names[ev.ActorID] = who
		}
		jv.Events = append(jv.Events, eventView{When: when(ev.At), Who: who, What: ev.Kind.Label(), Note: ev.Note})
	}
	for _, b := range p.Actions {
		jv.Actions = append(jv.Actions, h.form(v, b))
	}
	for _, rep := range replies {
		rv := replyView{Text: rep.Text}
		for _, b := range rep.Buttons {
			rv.Buttons = append(rv.Buttons, h.form(v, b))
		}
		jv.Replies = append(jv.Replies, rv)
	}
	if len(replies) > 0 {
		box := h.form(v, flows.Button{})
		jv.ReplyBox = &box
	}
	var buf bytes.Buffer
	if err := jobPage.ExecuteTemplate(&buf, "job", jv); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
	w.Write(buf.Bytes())
}

// The photos of a repair, by which: the report's and the completion's.
const (
	photoReport = "report"
	photoDone   = "done"
	photoEvent  = "e" // and the event's place in the trail: e3
)

// PhotoSource is what the job page reads of the photos people sent
// (bot/media keeps them); *store.DB implements it.
type PhotoSource interface {
	// PhotoOf returns the state of the photo a school keeps as ref:
	// "stored" with its id, "pending" or "failed"; ErrNotFound when the
	// reference was never queued.
	PhotoOf(ctx context.Context, schoolID int64, ref string) (status string, photoID int64, err error)
	// Photo returns a stored photo of a school, or ErrNotFound.
	Photo(ctx context.Context, schoolID, id int64) (media.Photo, error)
}

func (h *Handler) photoView(r *http.Request, v Viewer, ref, which, label, mediaRef string) photoView {
	if h.Photos == nil {
		return photoView{Label: label + "（已在聊天中发送）"}
	}
	status, _, err := h.Photos.PhotoOf(r.Context(), v.School.ID, mediaRef)
	switch {
	case err == nil && status == "stored":
		u := jobPath(ref) + "/photo/" + which
		if r.URL.Query().Has("sig") {
			u = (&url.URL{Path: r.URL.Path}).EscapedPath() + "/photo/" + which + "?" + r.URL.RawQuery
		}
		return photoView{URL: u, Label: label}
	case err == nil && status == "pending":
		return photoView{Label: label + "（正在保存，请稍后刷新）"}
	case err == nil && status == "purged":
		return photoView{Label: label + "（已超过保存期限，已删除）"}
	case err == nil:
		return photoView{Label: label + "（没能从聊天中取回，请在聊天记录中查看）"}
	}
	if !errors.Is(err, flows.ErrNotFound) {
		h.log().Error("job page photo", "ref", ref, "err", err)
	}
	return photoView{Label: label + "（已在聊天中发送）"}
}

// jobPhoto serves a repair's photo to whoever may see its page.
func (h *Handler) jobPhoto(w http.ResponseWriter, r *http.Request) {
	v, ok := h.identify(w, r)
	if !ok {
		return
	}
	p, ok := h.jobLoad(w, r, v, r.PathValue("ref"))
	if !ok {
		return
	}
	mediaRef := ""
	switch r.PathValue("which") {
	case photoReport:
		mediaRef = p.Repair.Photo
	case photoDone:
		mediaRef = p.Repair.DonePhoto
	default:
		if i, err := strconv.Atoi(strings.TrimPrefix(r.PathValue("which"), photoEvent)); err == nil && i >= 0 && i < len(p.Events) &&
			strings.HasPrefix(r.PathValue("which"), photoEvent) {
			mediaRef = p.Events[i].Photo
		}
	}
	if mediaRef == "" || h.Photos == nil {
		http.NotFound(w, r)
		return
	}
	status, id, err := h.Photos.PhotoOf(r.Context(), v.School.ID, mediaRef)
	if errors.Is(err, flows.ErrNotFound) || err == nil && status != "stored" {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ph, err := h.Photos.Photo(r.Context(), v.School.ID, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ph.MIME)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'")
	w.Write(ph.Data)
}
