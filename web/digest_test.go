package web_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
	"github.com/houqin/houqin/web"
)

// -update rewrites the golden files (and docs/digest.png). flowtest, which
// storetest imports, defines the same flag for its transcripts, and a flag
// can be defined once per test binary: then this package shares it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files (and docs/digest.png)")
	}
}

func updating() bool { return flag.Lookup("update").Value.String() == "true" }

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

var testKey = []byte("0123456789abcdef0123456789abcdef")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./web -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// fixture is the hand-checked school (一中: repairs, gate, canteen), a school with nothing (二中),
// and the handler on them.
type fixture struct {
	h     *web.Handler
	one   storetest.School
	empty storetest.School
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := storetest.Open(t)
	f := fixture{one: storetest.Seed(t, db, "一中"), empty: storetest.Seed(t, db, "二中")}
	storetest.DigestRepairs(t, db, f.one)
	storetest.DigestCanteen(t, db, f.one)
	storetest.DigestVisits(t, db, f.one)
	now := func() time.Time { return storetest.DigestAsOf }
	f.h = &web.Handler{Source: db, Signer: web.Signer{Key: testKey, Now: now}, BaseURL: "https://houqin.example.edu.cn", Now: now}
	return f
}

func TestDigestGolden(t *testing.T) {
	f := newFixture(t)
	exp := storetest.DigestAsOf.Add(7 * 24 * time.Hour)
	for _, c := range []struct {
		name   string
		school storetest.School
		extra  func(digest.Digest) digest.Digest
	}{
		{"school", f.one, nil},
		{"empty", f.empty, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := digest.BuildDigest(ctx, f.h.Source, c.school.School, storetest.DigestDay, storetest.DigestAsOf, true)
			if err != nil {
				t.Fatal(err)
			}
			if c.extra != nil {
				d = c.extra(d)
			}
			golden(t, "digest_"+c.name+".txt.golden", []byte(digest.DigestText(d)+"\n"))
			links := map[ledger.Kind]string{}
			for _, k := range ledger.Kinds {
				links[k] = f.h.LedgerLink(c.school.School, k, d.Day)
			}
			var buf bytes.Buffer
			if err := web.RenderDigest(&buf, d, links, exp); err != nil {
				t.Fatal(err)
			}
			golden(t, "digest_"+c.name+".html.golden", buf.Bytes())
		})
	}
	t.Run("district", func(t *testing.T) {
		v, err := web.BuildDistrict(ctx, f.h.Source, storetest.DigestDay, storetest.DigestAsOf)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "district.txt.golden", []byte(digest.DistrictText(v)+"\n"))
		var buf bytes.Buffer
		if err := web.RenderDistrict(&buf, v, map[int64]string{f.one.ID: f.h.DigestLink(f.one.School, storetest.DigestDay)}, f.h.DistrictLedgerLinks(storetest.DigestDay, exp), exp); err != nil {
			t.Fatal(err)
		}
		golden(t, "district.html.golden", buf.Bytes())
	})
}

func get(t *testing.T, srv *httptest.Server, link string) (int, string, []byte) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + u.RequestURI())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

func TestSignedLinks(t *testing.T) {
	f := newFixture(t)
	mux := http.NewServeMux()
	f.h.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	good := f.h.DigestLink(f.one.School, storetest.DigestDay)
	if code, _, body := get(t, srv, good); code != 200 || !strings.Contains(string(body), "一中 后勤日报") {
		t.Fatalf("signed link: %d\n%s", code, body)
	}
	u, _ := url.Parse(good)
	q := u.Query()
	other := strings.Replace(u.Path, fmt.Sprint("/", f.one.ID, "/"), fmt.Sprint("/", f.empty.ID, "/"), 1)
	later := url.Values{"exp": {fmt.Sprint(storetest.DigestAsOf.Add(400 * 24 * time.Hour).Unix())}, "sig": q["sig"]}
	sig := []byte(q.Get("sig"))
	sig[3] ^= 1
	flipped := url.Values{"exp": q["exp"], "sig": {string(sig)}}
	for name, link := range map[string]string{
		"another school":  other + "?" + q.Encode(),
		"another day":     strings.Replace(u.Path, "2026-11-20", "2026-11-19", 1) + "?" + q.Encode(),
		"later expiry":    u.Path + "?" + later.Encode(),
		"flipped bit":     u.Path + "?" + flipped.Encode(),
		"no signature":    u.Path,
		"ledger unsigned": "/ledger/" + fmt.Sprint(f.one.ID) + "/repairs/2026-11.xlsx",
	} {
		if code, _, body := get(t, srv, link); code != http.StatusForbidden {
			t.Errorf("%s: got %d, want 403\n%s", name, code, body)
		}
	}
	// The same link, after its expiry.
	f.h.Signer.Now = func() time.Time { return storetest.DigestAsOf.Add(8 * 24 * time.Hour) }
	if code, _, body := get(t, srv, good); code != http.StatusForbidden || !strings.Contains(string(body), "过期") {
		t.Errorf("expired link: got %d %s, want 403 saying 过期", code, body)
	}
	f.h.Signer.Now = nil
	f.h.Now = func() time.Time { return time.Now() }
	// A ledger link from the page downloads a workbook.
	code, ctype, body := get(t, srv, f.h.LedgerLink(f.one.School, ledger.Repairs, storetest.DigestDay))
	if code != 200 || !strings.Contains(ctype, "spreadsheetml") || !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("ledger download: %d %s, %d bytes", code, ctype, len(body))
	}
}

// chromium is Debian's headless Chromium; the browser tests fail, never
// skip, without it: run scripts/install-chromium.sh.
const chromium = "/usr/bin/chromium"

// headless runs Chromium headless with args and returns its stdout.
func headless(t *testing.T, args ...string) []byte {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("Chromium is missing (%v): run scripts/install-chromium.sh (apt-get install chromium)", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=420,1600"}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

// screenshot saves a 420×1600 screenshot of page as testdata-out/name and
// returns its path.
func screenshot(t *testing.T, page, name string) string {
	t.Helper()
	out, err := filepath.Abs(filepath.Join("..", "testdata-out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(out, name)
	os.Remove(shot)
	headless(t, "--screenshot="+shot, page)
	fh, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 420 || b.Dy() != 1600 {
		t.Errorf("screenshot is %dx%d, want 420x1600", b.Dx(), b.Dy())
	}
	t.Logf("screenshot: %s", shot)
	return shot
}

// TestDigestPageInChromium opens the signed page in Debian's headless
// Chromium and keeps the screenshot.
func TestDigestPageInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("Chromium is missing (%v): run scripts/install-chromium.sh (apt-get install chromium)", err)
	}
	f := newFixture(t)
	mux := http.NewServeMux()
	f.h.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	u, _ := url.Parse(f.h.DigestLink(f.one.School, storetest.DigestDay))
	page := srv.URL + u.RequestURI()

	dom := headless(t, "--dump-dom", page)
	for _, want := range []string{"一中 后勤日报", "逾期维修（2）", "BX-20261117-001", "<svg", "来访人数", "未留样", "重点人员预警"} {
		if !bytes.Contains(dom, []byte(want)) {
			t.Errorf("the page Chromium rendered has no %q", want)
		}
	}
	shot := screenshot(t, page, "digest.png")
	if updating() {
		b, _ := os.ReadFile(shot)
		if err := os.WriteFile(filepath.Join("..", "docs", "digest.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
