package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store/storetest"
	"github.com/houqin/houqin/web"
)

// safetyFixture is the hand-checked safety month (storetest.SafetySeed) in
// 一中, a school with nothing (二中), and the handler on them.
func safetyFixture(t *testing.T) fixture {
	t.Helper()
	db := storetest.Open(t)
	f := fixture{one: storetest.Seed(t, db, "一中"), empty: storetest.Seed(t, db, "二中")}
	storetest.SafetySeed(t, db, f.one)
	now := func() time.Time { return storetest.SafetyAsOf }
	f.h = &web.Handler{Source: db, Signer: web.Signer{Key: testKey, Now: now}, BaseURL: "https://houqin.example.edu.cn", Now: now}
	return f
}

func TestSafetyReportGolden(t *testing.T) {
	f := safetyFixture(t)
	exp := storetest.SafetyAsOf.Add(7 * 24 * time.Hour)
	for _, c := range []struct {
		name   string
		school storetest.School
	}{{"school", f.one}, {"empty", f.empty}} {
		t.Run(c.name, func(t *testing.T) {
			r, err := inspection.BuildReport(ctx, f.h.Source, c.school.School, storetest.SafetyMonth, storetest.SafetyAsOf)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "safety_"+c.name+".txt.golden", []byte(inspection.ReportText(r)+"\n"))
			links := map[ledger.Kind]string{}
			for _, k := range ledger.SafetyKinds {
				links[k] = f.h.LedgerLink(c.school.School, k, storetest.SafetyMonth)
			}
			var buf bytes.Buffer
			if err := web.RenderReport(&buf, r, f.h.ReportWorkbookLink(c.school.School, storetest.SafetyMonth), links, exp); err != nil {
				t.Fatal(err)
			}
			golden(t, "safety_"+c.name+".html.golden", buf.Bytes())
		})
	}
	t.Run("district", func(t *testing.T) {
		d, err := inspection.BuildDistrict(ctx, f.h.Source, []flows.School{f.one.School, f.empty.School}, storetest.SafetyMonth, storetest.SafetyAsOf)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		urls := map[int64]string{f.one.ID: f.h.ReportLink(f.one.School, storetest.SafetyMonth)}
		if err := web.RenderDistrictReport(&buf, d, urls, f.h.DistrictReportLink(storetest.SafetyMonth), f.h.DistrictSafetyLedgerLinks(storetest.SafetyMonth, exp), exp); err != nil {
			t.Fatal(err)
		}
		golden(t, "safety_district.html.golden", buf.Bytes())
	})
}

func TestSafetyReportLinks(t *testing.T) {
	f := safetyFixture(t)
	mux := http.NewServeMux()
	f.h.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	page := f.h.ReportLink(f.one.School, storetest.SafetyMonth)
	code, ctype, body := get(t, srv, page)
	if code != 200 || !strings.Contains(ctype, "text/html") || !strings.Contains(string(body), "一中 安全月报") {
		t.Fatalf("report page: %d %s\n%s", code, ctype, body)
	}
	// Every download the page offers works: the report and the three ledgers.
	hrefs := 0
	for _, part := range strings.Split(string(body), `href="`)[1:] {
		link := strings.ReplaceAll(part[:strings.Index(part, `"`)], "&amp;", "&")
		code, ctype, b := get(t, srv, link)
		if code != 200 || !strings.Contains(ctype, "spreadsheetml") || !bytes.HasPrefix(b, []byte("PK")) {
			t.Errorf("%s: %d %s", link, code, ctype)
		}
		hrefs++
	}
	if hrefs != 4 {
		t.Errorf("the page offers %d downloads, want 4", hrefs)
	}
	code, _, body = get(t, srv, f.h.DistrictReportLink(storetest.SafetyMonth))
	if code != 200 || !strings.Contains(string(body), "全区学校安全月报") {
		t.Errorf("district page: %d\n%s", code, body)
	}
	// The district's: its report and the three safety ledgers of every
	// school, each a workbook (the schools' pages are HTML).
	books := 0
	for _, part := range strings.Split(string(body), `href="`)[1:] {
		link := strings.ReplaceAll(part[:strings.Index(part, `"`)], "&amp;", "&")
		if strings.Contains(link, "/safety/") && !strings.Contains(link, "/safety/district/") {
			continue
		}
		code, ctype, b := get(t, srv, link)
		if code != 200 || !strings.Contains(ctype, "spreadsheetml") || !bytes.HasPrefix(b, []byte("PK")) {
			t.Errorf("%s: %d %s", link, code, ctype)
		}
		books++
	}
	if books != 4 || !strings.Contains(string(body), "/ledger/district/hazards/2026-11.xlsx") {
		t.Errorf("the district page offers %d workbooks, want 4 (the report and the three safety ledgers)", books)
	}
	u, _ := url.Parse(page)
	for name, link := range map[string]string{
		"unsigned":       u.Path,
		"another school": strings.Replace(u.Path, "/safety/"+idOf(f.one), "/safety/"+idOf(f.empty), 1) + "?" + u.RawQuery,
		"another month":  strings.Replace(u.Path, "2026-11", "2026-10", 1) + "?" + u.RawQuery,
		"the workbook":   u.Path + ".xlsx?" + u.RawQuery,
	} {
		if code, _, _ := get(t, srv, link); code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, code)
		}
	}
}

func idOf(s storetest.School) string { return strconv.FormatInt(s.ID, 10) }

// TestSafetyReportInChromium opens the report page in headless Chromium
// and keeps the screenshot in testdata-out/safety.png.
func TestSafetyReportInChromium(t *testing.T) {
	f := safetyFixture(t)
	mux := http.NewServeMux()
	f.h.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	u, _ := url.Parse(f.h.ReportLink(f.one.School, storetest.SafetyMonth))
	page := srv.URL + u.RequestURI()
	dom := headless(t, "--dump-dom", page)
	for _, want := range []string{"一中 安全月报", "漏检 1 次", "YH-20261129-001", "<svg", "按期整改率", "隐患排查整改台账（Excel）"} {
		if !bytes.Contains(dom, []byte(want)) {
			t.Errorf("the page Chromium rendered has no %q", want)
		}
	}
	screenshot(t, page, "safety.png")
}

// The morning digest carries a safety line when a school has checks or
// open hazards, and its attention list names missed checks and overdue
// hazards.
func TestDigestSafetyLine(t *testing.T) {
	f := safetyFixture(t)
	d, err := digest.BuildDigest(ctx, f.h.Source, f.one.School, storetest.SafetyAsOf.AddDate(0, 0, -1), storetest.SafetyAsOf, false)
	if err != nil {
		t.Fatal(err)
	}
	text := digest.DigestText(d)
	for _, want := range []string{"需关注：1 次安全检查漏检，1 处隐患超期未整改", "安全：到期检查 2 项，完成 1，漏检 1；未闭环隐患 2 处（超期 1）"} {
		if !strings.Contains(text, want) {
			t.Errorf("digest has no %q:\n%s", want, text)
		}
	}
	quiet, err := digest.BuildDigest(ctx, f.h.Source, f.empty.School, storetest.SafetyAsOf.AddDate(0, 0, -1), storetest.SafetyAsOf, false)
	if err != nil || !strings.HasSuffix(digest.DigestText(quiet), "一切正常") {
		t.Errorf("a school with no checks: %q, %v", digest.DigestText(quiet), err)
	}
}
