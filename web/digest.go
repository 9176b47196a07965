package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/ledger"
)

//go:embed page.html report.html
var pageFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"join":     strings.Join,
	"pct":      digest.PctText,
	"pctShort": pctShort,
	"late":     digest.LateText,
	"fix":      digest.FixText,
	"meal":     flows.MealLabel,
}).ParseFS(pageFS, "page.html"))

func pctShort(n, of int) string {
	if of == 0 {
		return "—"
	}
	return strconv.Itoa(digest.Pct(n, of)) + "%"
}

// Source is what the pages read.
type Source interface {
	digest.Store
	ledger.Source
	// School returns flows.ErrNotFound for an unknown id.
	School(ctx context.Context, id int64) (flows.School, error)
	// Schools lists every school.
	Schools(ctx context.Context) ([]flows.School, error)
}

// Handler serves the signed pages.
type Handler struct {
	Source  Source
	Signer  Signer
	BaseURL string        // absolute base of links, e.g. https://houqin.example.edu.cn
	TTL     time.Duration // how long a link works; default 7 days
	Now     func() time.Time
	Log     *slog.Logger

	// The pages about people's own work, behind identity (identity.go,
	// job.go): who people are, WeChat 网页授权 (nil: off), the repairs,
	// and the engine that the job page's buttons go through.
	People     People
	WeChat     OpenIDSource
	WeCom      OpenIDSource // WeCom OAuth (the UserID as the "openid"); nil: off
	Jobs       repair.PageStore
	Engine     Engine
	Photos     PhotoSource   // nil: photos are named, not shown
	SessionTTL time.Duration // how long the session cookie works; default DefaultSessionTTL
	Once       LinkNonces    // where per-person links are spent; nil: People, when it is one
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) ttl() time.Duration {
	if h.TTL <= 0 {
		return 7 * 24 * time.Hour
	}
	return h.TTL
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

// Register adds the pages to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /digest/{school}/{date}", h.digest)
	mux.HandleFunc("GET /district/{date}", h.district)
	mux.HandleFunc("GET /digest/{school}/{date}/photo/{ref}/{which}", h.digestThumb)
	mux.HandleFunc("GET /ledger/{school}/{kind}/{month}", h.ledger)
	mux.HandleFunc("GET /ledger/district/{kind}/{month}", h.districtLedger)
	mux.HandleFunc("GET /r/{ref}", h.job)
	mux.HandleFunc("POST /r/{ref}", h.jobPost)
	mux.HandleFunc("GET /r/{ref}/photo/{which}", h.jobPhoto)
	mux.HandleFunc("GET "+authPath, h.wechatAuth)
	mux.HandleFunc("GET "+wecomAuthPath, h.wecomAuth)
	mux.HandleFunc("GET /scan/{token}", h.scan)
	mux.HandleFunc("POST /scan/{token}", h.scanPost)
	h.registerSafety(mux)
}

func (h *Handler) link(path string, exp time.Time) string {
	return strings.TrimRight(h.BaseURL, "/") + h.Signer.Sign(path, exp)
}

// DigestLink is the signed link to a school's digest of a day; it fits
// flows.DigestLink.
func (h *Handler) DigestLink(s flows.School, day time.Time) string {
	return h.link(DigestPath(s.ID, day), h.now().Add(h.ttl()))
}

// DistrictLink is the signed link to the district view of a day.
func (h *Handler) DistrictLink(day time.Time) string {
	return h.link(DistrictPath(day), h.now().Add(h.ttl()))
}

// DistrictPath is the unsigned path of the district view of a day.
func DistrictPath(day time.Time) string { return "/district/" + day.Format("2006-01-02") }

// DigestPath is the unsigned path of a digest page.
func DigestPath(schoolID int64, day time.Time) string {
	return "/digest/" + strconv.FormatInt(schoolID, 10) + "/" + day.Format("2006-01-02")
}

// DistrictLedgerPath is the unsigned path of the district's ledger of a
// month: every school's rows in one workbook (ledger.WriteDistrict).
func DistrictLedgerPath(k ledger.Kind, month time.Time) string {
	return "/ledger/district/" + string(k) + "/" + month.Format("2006-01") + ".xlsx"
}

func ledgerPath(schoolID int64, k ledger.Kind, month time.Time) string {
	return "/ledger/" + strconv.FormatInt(schoolID, 10) + "/" + string(k) + "/" + month.Format("2006-01") + ".xlsx"
}

// verify answers 403 (and returns false) for a missing, wrong or expired
// signature; the page says which, politely, in Chinese.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) (time.Time, bool) {
	err := h.Signer.Verify(r.URL.Path, r.URL.Query())
	if err == nil {
		exp, _ := strconv.ParseInt(r.URL.Query().Get("exp"), 10, 64)
		return time.Unix(exp, 0), true
	}
	msg := "链接无效：请使用后勤日报消息中的完整链接。"
	if errors.Is(err, ErrExpired) {
		msg = "链接已过期：请打开最近一期后勤日报消息中的链接。"
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	io.WriteString(w, msg+"\n")
	return time.Time{}, false
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, flows.ErrNotFound) {
		http.Error(w, "没有找到这所学校。", http.StatusNotFound)
		return
	}
	h.log().Error("web page", "path", r.URL.Path, "err", err)
	http.Error(w, "抱歉，系统暂时出了点问题，请稍后再试。", http.StatusInternalServerError)
}

func (h *Handler) digest(w http.ResponseWriter, r *http.Request) {
	s, a, ok := h.school(w, r)
	if !ok {
		return
	}
	exp := a.exp
	day, err := time.ParseInLocation("2006-01-02", r.PathValue("date"), s.Location())
	if err != nil {
		http.NotFound(w, r)
		return
	}
	now := h.now()
	d, err := digest.BuildDigest(r.Context(), h.Source, s, day, now, true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	links := map[ledger.Kind]string{}
	for _, k := range ledger.Kinds {
		links[k] = a.link(ledgerPath(s.ID, k, d.Day))
	}
	photos, err := h.digestPhotos(r.Context(), s, d.Day, a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := renderDigest(&buf, d, links, exp, photos); err != nil {
		h.fail(w, r, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

func writeHTML(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the signed URL must not leak to other sites
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:")
	w.Write(b)
}

// ledgerItem is one ledger offered on the page; URL is "" when houqin does
// not record that ledger yet.
type ledgerItem struct {
	Title string
	URL   string
}

type digestPage struct {
	Title, Day, AsOf, Expires, MonthLabel string
	D                                     digest.Digest
	Quiet                                 bool
	Attention                             []string
	ChartRepairs, ChartCompliance         template.HTML
	ChartVisitors, ChartMeals             template.HTML
	Ledgers                               []ledgerItem
	Photos                                []photoRepairView
}

func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}

// RenderDigest writes the digest page; links are the signed ledger URLs by
// kind, exp the links' expiry.
func RenderDigest(w io.Writer, d digest.Digest, links map[ledger.Kind]string, exp time.Time) error {
	return renderDigest(w, d, links, exp, nil)
}

// renderDigest is RenderDigest with the thumbnails of the day's photos.
func renderDigest(w io.Writer, d digest.Digest, links map[ledger.Kind]string, exp time.Time, photos []photoRepairView) error {
	loc := d.School.Location()
	p := digestPage{
		Title: d.School.Name + " " + digest.DayLabel(d.Day) + " 后勤日报", Day: digest.DayLabel(d.Day),
		AsOf: stamp(d.AsOf, loc), Expires: stamp(exp, loc), D: d, Quiet: d.Quiet(), Attention: d.Attention(),
		MonthLabel: fmt.Sprintf("%d年%d月", d.Day.Year(), d.Day.Month()), Photos: photos,
	}
	var days []time.Time
	opened, finished, pct, visitors, meals, complete := []int{}, []int{}, []int{}, []int{}, []int{}, []int{}
	for _, pt := range d.Series {
		days = append(days, pt.Day)
		opened = append(opened, pt.Opened)
		finished = append(finished, pt.Finished)
		pct = append(pct, digest.Pct(pt.SmallOnTime, pt.SmallDue))
		visitors = append(visitors, pt.Visitors)
		meals = append(meals, pt.Meals)
		complete = append(complete, pt.MealsComplete)
	}
	p.ChartRepairs = barChart("每日报修与完成", days, []series{{"报修", "#ff7d00", opened}, {"完成", "#165dff", finished}})
	p.ChartCompliance = pctChart("小修当晚完成率", days, pct, "#00b42a")
	p.ChartVisitors = barChart("每日来访人数", days, []series{{"来访", "#722ed1", visitors}})
	p.ChartMeals = barChart("留样陪餐齐全的餐次", days, []series{{"供餐", "#c9cdd4", meals}, {"齐全", "#00b42a", complete}})
	for _, k := range ledger.Kinds {
		p.Ledgers = append(p.Ledgers, ledgerItem{Title: k.Title(), URL: links[k]})
	}
	return pages.ExecuteTemplate(w, "digest", p)
}

type districtRow struct {
	Line digest.SchoolLine
	URL  string
}

type districtView struct {
	Schools []districtRow
	Total   digest.SchoolLine
}

type districtPage struct {
	Title, Day, AsOf, Expires, MonthLabel string
	V                                     districtView
	Ledgers                               []ledgerItem
}

// RenderDistrict writes the district page; urls are the signed digest
// links of the schools, by school id, and ledgers the signed links of the
// district's ledgers of the day's month (DistrictLedgerLinks).
func RenderDistrict(w io.Writer, v digest.District, urls map[int64]string, ledgers map[ledger.Kind]string, exp time.Time) error {
	loc := v.Day.Location()
	p := districtPage{Title: "全区 " + digest.DayLabel(v.Day) + " 后勤日报", Day: digest.DayLabel(v.Day),
		AsOf: stamp(v.AsOf, loc), Expires: stamp(exp, loc), V: districtView{Schools: pair(v.Schools, urls), Total: v.Total},
		MonthLabel: fmt.Sprintf("%d年%d月", v.Day.Year(), v.Day.Month())}
	for _, k := range ledger.Kinds {
		if u := ledgers[k]; u != "" {
			p.Ledgers = append(p.Ledgers, ledgerItem{Title: k.Title(), URL: u})
		}
	}
	return pages.ExecuteTemplate(w, "district", p)
}

// DistrictLedgerLinks are the signed links of the district's ledgers of
// the month of day (the digest's kinds the district may have), working
// until exp.
func (h *Handler) DistrictLedgerLinks(day, exp time.Time) map[ledger.Kind]string {
	return h.districtLedgerLinks(ledger.Kinds, day, exp)
}

// DistrictSafetyLedgerLinks are DistrictLedgerLinks of the safety
// ledgers (ledger.SafetyKinds), for the district's 安全月报.
func (h *Handler) DistrictSafetyLedgerLinks(month, exp time.Time) map[ledger.Kind]string {
	return h.districtLedgerLinks(ledger.SafetyKinds, month, exp)
}

func (h *Handler) districtLedgerLinks(kinds []ledger.Kind, day, exp time.Time) map[ledger.Kind]string {
	links := map[ledger.Kind]string{}
	for _, k := range kinds {
		if k.ForDistrict() {
			links[k] = h.link(DistrictLedgerPath(k, day), exp)
		}
	}
	return links
}

func pair(ls []digest.SchoolLine, urls map[int64]string) []districtRow {
	out := make([]districtRow, len(ls))
	for i, l := range ls {
		out[i] = districtRow{Line: l, URL: urls[l.School.ID]}
	}
	return out
}

// BuildDistrict computes every active school's digest of the local day
// starting at day (in each school's own zone) and sums them; the district
// office is not a line of it (flows.DistrictSchools).
func BuildDistrict(ctx context.Context, src Source, day time.Time, asOf time.Time) (digest.District, error) {
	schools, err := src.Schools(ctx)
	if err != nil {
		return digest.District{}, err
	}
	return digest.BuildDistrict(ctx, src, schools, day, asOf)
}

func (h *Handler) district(w http.ResponseWriter, r *http.Request) {
	exp, ok := h.districtAccess(w, r)
	if !ok {
		return
	}
	day, err := time.ParseInLocation("2006-01-02", r.PathValue("date"), flows.LoadLocation(""))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	v, err := BuildDistrict(r.Context(), h.Source, day, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	urls := map[int64]string{}
	for _, l := range v.Schools {
		urls[l.School.ID] = h.link(DigestPath(l.School.ID, day), exp)
	}
	var buf bytes.Buffer
	if err := RenderDistrict(&buf, v, urls, h.DistrictLedgerLinks(day, exp), exp); err != nil {
		h.fail(w, r, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

func (h *Handler) ledger(w http.ResponseWriter, r *http.Request) {
	s, _, ok := h.school(w, r)
	if !ok {
		return
	}
	k, kerr := ledger.ParseKind(r.PathValue("kind"))
	monthText, isXLSX := strings.CutSuffix(r.PathValue("month"), ".xlsx")
	if kerr != nil || !isXLSX {
		http.NotFound(w, r)
		return
	}
	month, err := ledger.Month(monthText, s.Location())
	if err != nil {
		http.NotFound(w, r)
		return
	}
	// Written to a buffer first, so a failure halfway is a clean 500
	// rather than a truncated file.
	var buf bytes.Buffer
	base := strings.TrimRight(h.BaseURL, "/")
	jobURL := func(ref string) string { return base + jobPath(ref) }
	if _, err := ledger.WriteWith(r.Context(), &buf, h.Source, s, k, month, ledger.Options{JobURL: jobURL}); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(ledger.FileName(s, k, month)))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// districtLedger serves a ledger of a month for every school of the
// district (not the office itself), to whoever may see the district view.
func (h *Handler) districtLedger(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.districtAccess(w, r); !ok {
		return
	}
	k, kerr := ledger.ParseKind(r.PathValue("kind"))
	monthText, isXLSX := strings.CutSuffix(r.PathValue("month"), ".xlsx")
	month, err := ledger.Month(monthText, flows.LoadLocation(""))
	if kerr != nil || !isXLSX || err != nil || !k.ForDistrict() {
		http.NotFound(w, r)
		return
	}
	all, err := h.Source.Schools(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	name := DistrictName(all)
	base := strings.TrimRight(h.BaseURL, "/")
	jobURL := func(ref string) string { return base + jobPath(ref) }
	if _, err := ledger.WriteDistrict(r.Context(), &buf, h.Source, name, flows.DistrictSchools(all), k, month, ledger.Options{JobURL: jobURL}); err != nil {
		h.fail(w, r, err)
		return
	}
	writeXLSX(w, ledger.DistrictFileName(name, k, month), buf.Bytes())
}

// DistrictName is the district office's name (a school with
// district_office set), or 全区 when there is none.
func DistrictName(all []flows.School) string {
	for _, s := range all {
		if s.Active && s.Settings.DistrictOffice {
			return s.Name
		}
	}
	return "全区"
}

// LedgerLink is the signed download link of a school's ledger of a month.
func (h *Handler) LedgerLink(s flows.School, k ledger.Kind, month time.Time) string {
	return h.link(ledgerPath(s.ID, k, month), h.now().Add(h.ttl()))
}
