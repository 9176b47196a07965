package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/ledger"
)

// The monthly safety report (安全月报): a signed page per school and one
// for the district, each with its workbook.

// reportPages are the digest's pages (for the shared head and foot) and
// the report's own.
var reportPages = template.Must(template.Must(pages.Clone()).Funcs(template.FuncMap{
	"pctOf": inspection.Pct,
	"serious": func(r inspection.Report) int {
		n := 0
		for _, lc := range r.Levels {
			if lc.Level.Serious() {
				n += lc.Found
			}
		}
		return n
	},
}).ParseFS(pageFS, "report.html"))

// registerSafety adds the safety report's routes to mux.
func (h *Handler) registerSafety(mux *http.ServeMux) {
	mux.HandleFunc("GET /safety/{school}/{month}", h.safety)
	mux.HandleFunc("GET /safety/district/{month}", h.safetyDistrict)
}

func safetyPath(schoolID int64, month time.Time) string {
	return "/safety/" + strconv.FormatInt(schoolID, 10) + "/" + month.Format("2006-01")
}

// SafetyPath is the unsigned path of a school's safety report of a month.
func SafetyPath(schoolID int64, month time.Time) string { return safetyPath(schoolID, month) }

// SafetyDistrictPath is the unsigned path of the district's safety report of a month.
func SafetyDistrictPath(month time.Time) string { return "/safety/district/" + month.Format("2006-01") }

// ReportLink is the signed link to a school's safety report of a month;
// it fits inspection.ReportLink.
func (h *Handler) ReportLink(s flows.School, month time.Time) string {
	return h.link(safetyPath(s.ID, month), h.now().Add(h.ttl()))
}

// ReportWorkbookLink is the signed download link of a school's safety
// report of a month as a workbook.
func (h *Handler) ReportWorkbookLink(s flows.School, month time.Time) string {
	return h.link(safetyPath(s.ID, month)+".xlsx", h.now().Add(h.ttl()))
}

// DistrictReportLink is the signed link to the district's safety report.
func (h *Handler) DistrictReportLink(month time.Time) string {
	return h.link(SafetyDistrictPath(month), h.now().Add(h.ttl()))
}

// reportMonth reads "2026-11" or "2026-11.xlsx".
func reportMonth(s string, loc *time.Location) (time.Time, bool, error) {
	m, xlsx := strings.CutSuffix(s, ".xlsx")
	t, err := ledger.Month(m, loc)
	return t, xlsx, err
}

func (h *Handler) safety(w http.ResponseWriter, r *http.Request) {
	s, a, ok := h.school(w, r)
	if !ok {
		return
	}
	exp := a.exp
	month, xlsx, err := reportMonth(r.PathValue("month"), s.Location())
	if err != nil {
		http.NotFound(w, r)
		return
	}
	rep, err := inspection.BuildReport(r.Context(), h.Source, s, month, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if xlsx {
		if err := ledger.WriteReport(&buf, rep); err != nil {
			h.fail(w, r, err)
			return
		}
		writeXLSX(w, s.Name+"-安全月报-"+month.Format("2006-01")+".xlsx", buf.Bytes())
		return
	}
	links := map[ledger.Kind]string{}
	for _, k := range ledger.SafetyKinds {
		links[k] = a.link(ledgerPath(s.ID, k, month))
	}
	if err := RenderReport(&buf, rep, a.link(safetyPath(s.ID, month)+".xlsx"), links, exp); err != nil {
		h.fail(w, r, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

func (h *Handler) safetyDistrict(w http.ResponseWriter, r *http.Request) {
	exp, ok := h.districtAccess(w, r)
	if !ok {
		return
	}
	month, xlsx, err := reportMonth(r.PathValue("month"), flows.LoadLocation(""))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	d, err := BuildDistrictReport(r.Context(), h.Source, month, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if xlsx {
		if err := ledger.WriteDistrictReport(&buf, d); err != nil {
			h.fail(w, r, err)
			return
		}
		writeXLSX(w, "全区-安全月报-"+month.Format("2006-01")+".xlsx", buf.Bytes())
		return
	}
	urls := map[int64]string{}
	for _, rep := range d.Schools {
		urls[rep.School.ID] = h.link(safetyPath(rep.School.ID, month), exp)
	}
	if err := RenderDistrictReport(&buf, d, urls, h.link(SafetyDistrictPath(month)+".xlsx", exp), h.DistrictSafetyLedgerLinks(month, exp), exp); err != nil {
		h.fail(w, r, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

// BuildDistrictReport builds every active school's report of the month,
// without the district office's (flows.DistrictSchools).
func BuildDistrictReport(ctx context.Context, src Source, month, asOf time.Time) (inspection.District, error) {
	schools, err := src.Schools(ctx)
	if err != nil {
		return inspection.District{}, err
	}
	return inspection.BuildDistrict(ctx, src, flows.DistrictSchools(schools), month, asOf)
}

func writeXLSX(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}

type reportPage struct {
	Title, Month, AsOf, Expires string
	R                           inspection.Report
	Attention                   []string
	ChartChecks, ChartLevels    template.HTML
	XLSX                        string
	Ledgers                     []ledgerItem
}

// attention lists what a principal should act on first.
func attention(r inspection.Report) []string {
	var out []string
	if r.Missed > 0 {
		out = append(out, fmt.Sprintf("漏检 %d 次", r.Missed))
	}
	if r.Overdue > 0 {
		out = append(out, fmt.Sprintf("%d 处隐患超期未整改", r.Overdue))
	}
	serious := 0
	for _, h := range r.Open {
		if h.Level.Serious() {
			serious++
		}
	}
	if serious > 0 {
		out = append(out, fmt.Sprintf("%d 处重大或紧急隐患未闭环", serious))
	}
	if len(r.Open) > 0 {
		out = append(out, fmt.Sprintf("未闭环隐患共 %d 处", len(r.Open)))
	}
	return out
}

// RenderReport writes a school's safety report page; xlsx is the signed
// link of its workbook, links the safety ledgers', exp their expiry.
func RenderReport(w io.Writer, r inspection.Report, xlsx string, links map[ledger.Kind]string, exp time.Time) error {
	loc := r.School.Location()
	p := reportPage{Title: r.School.Name + " " + inspection.MonthTitle(r.Month) + " 安全月报", Month: inspection.MonthTitle(r.Month),
		AsOf: stamp(r.AsOf, loc), Expires: stamp(exp, loc), R: r, Attention: attention(r), XLSX: xlsx}
	var bars []hbar
	for _, pc := range r.Plans {
		bars = append(bars, hbar{Label: pc.Plan, Parts: []int{pc.Done, pc.Missed, pc.Unfinished}})
	}
	p.ChartChecks = hbarChart("各项检查完成情况", bars, []string{"#00b42a", "#f53f3f", "#c9cdd4"})
	bars = nil
	for _, lc := range r.Levels {
		bars = append(bars, hbar{Label: lc.Level.Label(), Parts: []int{lc.Closed, lc.Found - lc.Closed}})
	}
	p.ChartLevels = hbarChart("各等级隐患发现与闭环", bars, []string{"#165dff", "#ff7d00"})
	for _, k := range ledger.SafetyKinds {
		p.Ledgers = append(p.Ledgers, ledgerItem{Title: k.Title(), URL: links[k]})
	}
	return reportPages.ExecuteTemplate(w, "report", p)
}

type districtReportRow struct {
	R   inspection.Report
	URL string
}

type districtReportPage struct {
	Title, Month, AsOf, Expires string
	Rows                        []districtReportRow
	Total                       inspection.Report
	OpenTotal                   int
	XLSX                        string
	Ledgers                     []ledgerItem
}

// RenderDistrictReport writes the district's safety report page; urls
// are the signed links of the schools' pages, by school id, and ledgers
// the signed links of the district's safety ledgers of the month
// (DistrictSafetyLedgerLinks).
func RenderDistrictReport(w io.Writer, d inspection.District, urls map[int64]string, xlsx string, ledgers map[ledger.Kind]string, exp time.Time) error {
	loc := flows.LoadLocation("")
	p := districtReportPage{Title: "全区 " + inspection.MonthTitle(d.Month) + " 安全月报", Month: inspection.MonthTitle(d.Month),
		AsOf: stamp(d.AsOf, loc), Expires: stamp(exp, loc), Total: d.Total, XLSX: xlsx}
	for _, k := range ledger.SafetyKinds {
		if u := ledgers[k]; u != "" {
			p.Ledgers = append(p.Ledgers, ledgerItem{Title: k.Title(), URL: u})
		}
	}
	for _, r := range d.Schools {
		p.Rows = append(p.Rows, districtReportRow{R: r, URL: urls[r.School.ID]})
		p.OpenTotal += len(r.Open)
	}
	return reportPages.ExecuteTemplate(w, "districtReport", p)
}

// hbar is one row of a horizontal bar chart: stacked parts, each a count.
type hbar struct {
	Label string
	Parts []int
}

// hbarChart draws labelled horizontal stacked bars; "" when all are zero.
// Labels come from plan names schools write, so they are escaped.
func hbarChart(label string, bars []hbar, colors []string) template.HTML {
	maxV := 0
	for _, b := range bars {
		sum := 0
		for _, v := range b.Parts {
			sum += v
		}
		maxV = max(maxV, sum)
	}
	if maxV == 0 {
		return ""
	}
	const rowH, labelW, barH = 20, 110, 14
	height := rowH*len(bars) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		chartW, height, template.HTMLEscapeString(label))
	plotW := float64(chartW - labelW - 30)
	for i, bar := range bars {
		y := 4 + rowH*i
		if bar.Label != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="end" fill="#4e5969">%s</text>`,
				labelW-6, y+barH-3, template.HTMLEscapeString(flows.Clip(bar.Label, 9)))
		}
		x, sum := float64(labelW), 0
		for j, v := range bar.Parts {
			sum += v
			if v <= 0 {
				continue
			}
			wd := plotW * float64(v) / float64(maxV)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`, x, y, wd, barH, colors[j%len(colors)])
			x += wd
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" fill="#666">%d</text>`, x+4, y+barH-3, sum)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
