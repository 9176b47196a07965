package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/houqin/houqin/bot/telegram/telegramtest"
)

// qrWeChatAPI is the part of the WeChat API `houqin qr` calls: stable_token
// and qrcode/create, whose requests it records.
type qrWeChatAPI struct {
	srv    *httptest.Server
	mu     sync.Mutex
	scenes []string // scene_str of each qrcode/create
}

func newQRWeChatAPI(t *testing.T) *qrWeChatAPI {
	f := &qrWeChatAPI{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		switch r.URL.Path {
		case "/cgi-bin/stable_token":
			fmt.Fprint(w, `{"access_token":"QR-ACCESS-TOKEN","expires_in":7200}`)
		case "/cgi-bin/qrcode/create":
			var req struct {
				ActionName string `json:"action_name"`
				ActionInfo struct {
					Scene struct {
						SceneStr string `json:"scene_str"`
					} `json:"scene"`
				} `json:"action_info"`
			}
			if r.URL.Query().Get("access_token") != "QR-ACCESS-TOKEN" || json.NewDecoder(r.Body).Decode(&req) != nil {
				fmt.Fprint(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
				return
			}
			if req.ActionName != "QR_LIMIT_STR_SCENE" {
				fmt.Fprintf(w, `{"errcode":40053,"errmsg":"invalid action_name %s"}`, req.ActionName)
				return
			}
			f.scenes = append(f.scenes, req.ActionInfo.Scene.SceneStr)
			n := len(f.scenes)
			fmt.Fprintf(w, `{"ticket":"TICKET-%d","url":"http://weixin.qq.com/q/02fake%04d"}`, n, n)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *qrWeChatAPI) created() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.scenes...)
}

// checkPDF checks that b is a PDF of pages A4 pages with the Chinese font
// embedded as a subset.
func checkPDF(t *testing.T, b []byte, pages int) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-1024:], []byte("%%EOF")) {
		t.Fatalf("not a whole PDF (%d bytes)", len(b))
	}
	if n := pdfPages(b); n != pages {
		t.Errorf("%d pages, want %d", n, pages)
	}
	if n := bytes.Count(b, []byte("/MediaBox [0 0 595.28 841.89]")); n != pages && !bytes.Contains(b, []byte("/MediaBox [0 0 595.28 841.89]")) {
		t.Errorf("pages are not A4")
	}
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Error("no TrueType font embedded: the Chinese text would not print")
	}
	// WenQuanYi Micro Hei is 5 MB; the subset of the glyphs used is small.
	if len(b) > 1<<20 {
		t.Errorf("PDF is %d bytes: the font is not subset", len(b))
	}
}

func TestQRSheet(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	rooms := []struct{ building, room, alias string }{
		{"教学楼", "301", "初二(2)班"}, {"教学楼", "302", "初二(3)班"}, {"教学楼", "303", "初二(4)班"},
		{"教学楼", "304", ""}, {"实验楼", "物理实验室", ""}, {"实验楼", "二楼男厕所", ""}, {"食堂", "后厨", "操作间"},
	}
	for _, r := range rooms {
		args := []string{"location", "add", "--school", "1", "--building", r.building, "--room", r.room}
		if r.alias != "" {
			args = append(args, "--alias", r.alias)
		}
		c.ok(args...)
	}
	wx := newQRWeChatAPI(t)
	tg := telegramtest.NewServer(t)
	cfg := writeConfig(t, fmt.Sprintf(`
[wechat]
app_id = "wx-qr"
token = "wechat-token"
api_base_url = %q
[telegram]
api_url = %q
[log]
level = "warn"
`, wx.srv.URL, tg.URL()))
	c.env["HOUQIN_WECHAT_APP_SECRET"] = "wechat-secret"
	c.env["HOUQIN_TELEGRAM_TOKEN"] = telegramtest.Token
	dir := t.TempDir()
	out := filepath.Join(dir, "rooms.pdf")

	m := c.json("qr", "--config", cfg, "--school", "1", "-o", out)
	if id(m) != "1" || m["channel"] != "wechat" || m["labels"] != 7.0 || m["pages"] != 2.0 || m["created"] != 7.0 {
		t.Errorf("qr --json = %v, want 7 labels on 2 pages, 7 WeChat codes created", m)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, pdf, 2)
	t.Logf("rooms.pdf: %d bytes", len(pdf))
	printed := readPrintedQRs(t, out)

	// Each location's scene is "loc:" + its token in the database.
	var tokens []string
	if err := c.db().SQL().Select(&tokens, `SELECT 'loc:' || token FROM location_qr ORDER BY location_id`); err != nil {
		t.Fatal(err)
	}
	scenes := wx.created()
	if len(scenes) != 7 || len(tokens) != 7 {
		t.Fatalf("scenes %v, tokens %v, want 7 of each", scenes, tokens)
	}
	for _, s := range scenes {
		if !strings.HasPrefix(s, "loc:") || len(s) > 64 || !contains(tokens, s) {
			t.Errorf("scene %q is not a stored location token", s)
		}
	}
	// The sheet, rendered and scanned, holds exactly the URLs WeChat gave
	// for the codes, one per label.
	var kept []string
	if err := c.db().SQL().Select(&kept, `SELECT wechat_url FROM location_qr ORDER BY wechat_url`); err != nil {
		t.Fatal(err)
	}
	slices.Sort(printed)
	if !slices.Equal(printed, kept) {
		t.Errorf("QR codes read from the printed sheet %v, want the kept WeChat URLs %v", printed, kept)
	}

	// Printing again reuses the codes: no new ones from WeChat.
	again := c.ok("qr", "--config", cfg, "--school", "1", "--building", "教学楼", "-o", filepath.Join(dir, "teaching.pdf"))
	if !strings.Contains(again, "4 labels on 1 A4 pages") || !strings.Contains(again, "0 new codes") {
		t.Errorf("qr for 教学楼 printed %q", again)
	}
	if n := len(wx.created()); n != 7 {
		t.Errorf("%d codes created after printing again, want still 7", n)
	}
	var urls int
	if err := c.db().SQL().Get(&urls, `SELECT count(DISTINCT wechat_url) FROM location_qr WHERE wechat_url LIKE 'http://weixin.qq.com/q/%'`); err != nil || urls != 7 {
		t.Errorf("%d distinct WeChat URLs kept (%v), want 7", urls, err)
	}

	// Telegram: deep links to the bot, nothing asked of WeChat.
	tgOut := filepath.Join(dir, "telegram.pdf")
	m = c.json("qr", "--config", cfg, "--school", "1", "--channel", "telegram", "-o", tgOut)
	if m["channel"] != "telegram" || m["labels"] != 7.0 || m["created"] != 0.0 {
		t.Errorf("qr --channel telegram = %v", m)
	}
	if b, err := os.ReadFile(tgOut); err != nil {
		t.Fatal(err)
	} else {
		checkPDF(t, b, 2)
	}
	links := readPrintedQRs(t, tgOut)
	if len(links) != 7 {
		t.Errorf("%d QR codes on the Telegram sheet, want 7: %v", len(links), links)
	}
	for _, l := range links {
		tok, ok := strings.CutPrefix(l, "https://t.me/"+telegramtest.BotName+"?start=loc_")
		if !ok || !contains(tokens, "loc:"+tok) {
			t.Errorf("Telegram sheet link %q is not a deep link with a stored token", l)
		}
	}
	if n := len(wx.created()); n != 7 {
		t.Errorf("telegram sheet created %d WeChat codes", n-7)
	}

	// Mistakes are explained.
	if msg := c.fails(2, "qr", "--config", cfg, "--school", "1"); !strings.Contains(msg, "-o") {
		t.Errorf("qr without -o: %s", msg)
	}
	if msg := c.fails(1, "qr", "--config", cfg, "--school", "1", "--building", "图书馆", "-o", out); !strings.Contains(msg, "no active locations in 图书馆") {
		t.Errorf("qr for an empty building: %s", msg)
	}
	if msg := c.fails(1, "qr", "--config", cfg, "--school", "1", "--font", "/nonexistent.ttf", "-o", out); !strings.Contains(msg, "--font") {
		t.Errorf("qr with a missing font: %s", msg)
	}
}

// readPrintedQRs renders every page of a PDF at print resolution
// (pdftoppm) and reads the QR codes on them (zbarimg). Both are Debian
// packages: run scripts/install-qr-tools.sh; the test fails without them.
func readPrintedQRs(t *testing.T, pdf string) []string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm (scripts/install-qr-tools.sh installs it): %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) == 0 {
		t.Fatal("pdftoppm rendered no pages")
	}
	cmd := exec.Command("zbarimg", append([]string{"-q", "--raw"}, pages...)...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("zbarimg (scripts/install-qr-tools.sh installs it) read no QR code: %v", err)
	}
	return strings.Fields(stdout.String())
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
