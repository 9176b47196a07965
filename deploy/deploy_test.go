// Package deploy holds houqin's deployment kit (systemd unit, nginx site,
// container recipe, upgrade notes); its tests check the files with the
// tools that will read them. A check skips only when its tool is not
// installed, and says so; .ci/run installs them.
package deploy

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const domain = "houqin.example.edu.cn"

func lookTool(t *testing.T, name string, paths ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("%s is not installed, so this check did not run (Debian: apt-get install %s)", name, map[string]string{"nginx": "nginx-light", "systemd-analyze": "systemd", "docker-compose": "docker-compose"}[name])
	return ""
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSystemdUnit runs systemd-analyze verify on houqin.service, with only
// ExecStart's binary pointed at one that exists here, and the offline
// security analysis, which must rate the unit's exposure low.
func TestSystemdUnit(t *testing.T) {
	sa := lookTool(t, "systemd-analyze")
	unit := readFile(t, "houqin.service")
	if !strings.Contains(unit, "ExecStart=/usr/local/bin/houqin serve --config /etc/houqin/houqin.toml\n") {
		t.Fatal("ExecStart changed; update this test")
	}
	for _, want := range []string{"User=houqin", "ProtectSystem=strict", "ReadWritePaths=/var/lib/houqin", "NoNewPrivileges=yes", "PrivateTmp=yes", "EnvironmentFile=-/etc/houqin/houqin.env", "StateDirectory=houqin"} {
		if !strings.Contains(unit, want+"\n") {
			t.Errorf("houqin.service lacks %s", want)
		}
	}
	bin, err := exec.LookPath("true")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "houqin.service")
	os.WriteFile(name, []byte(strings.Replace(unit, "ExecStart=/usr/local/bin/houqin", "ExecStart="+bin, 1)), 0o644)

	verifyUnits(t, sa, name)

	out, err := exec.Command(sa, "security", "--offline=yes", "--no-pager", name).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security --offline=yes: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Overall exposure level for houqin\.service: ([0-9.]+) (\S+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no overall exposure level in:\n%s", out)
	}
	score, _ := strconv.ParseFloat(string(m[1]), 64)
	t.Logf("systemd-analyze security: exposure %s %s", m[1], m[2])
	// 0 is locked down, 10 unprotected; the unit scored 1.5 ("OK") when
	// written. The embedded PostgreSQL keeps a few doors open (the unit's
	// comments say which); more than that is a regression.
	if score >= 2.0 {
		t.Errorf("exposure %.1f, want below 2.0 (OK):\n%s", score, out)
	}
}

// verifyUnits runs systemd-analyze verify on unit files and fails the test
// on what it says of them. Only what concerns houqin's units counts:
// systemd-analyze also reports on the host's own units it loads for the
// dependencies.
func verifyUnits(t *testing.T, sa string, files ...string) {
	t.Helper()
	out, err := exec.Command(sa, append([]string{"verify", "--man=no"}, files...)...).CombinedOutput()
	var ours []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, "houqin") {
			ours = append(ours, line)
		}
	}
	if err != nil || len(ours) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestNginxSite checks the site with nginx -t, then runs nginx with it on
// loopback ports in front of a fake houqin and makes the requests WeChat,
// Telegram, a browser and a scanner would.
func TestNginxSite(t *testing.T) {
	nginx := lookTool(t, "nginx", "/usr/sbin/nginx")
	site := readFile(t, "nginx-houqin.conf")
	dir := t.TempDir()
	// Workers (nobody, when we are root) read the verification files.
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Dir(dir), 0o755)

	var mu sync.Mutex
	var seen []*http.Request
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r)
		mu.Unlock()
		fmt.Fprintf(w, "houqin %s", r.URL.Path)
	}))
	defer backend.Close()
	httpPort, httpsPort := freePort(t), freePort(t)

	for _, d := range []string{"ssl", "verify", "acme", "log"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	writeSelfSigned(t, filepath.Join(dir, "ssl"))
	os.WriteFile(filepath.Join(dir, "verify", "MP_verify_Ab12Cd34.txt"), []byte("Ab12Cd34"), 0o644)
	os.WriteFile(filepath.Join(dir, "verify", "WW_verify_Xy98.txt"), []byte("Xy98"), 0o644)
	os.WriteFile(filepath.Join(dir, "verify", "secret.txt"), []byte("not for you"), 0o644)

	// The site as shipped, with only the machine-specific places moved.
	for _, r := range [][2]string{
		{"listen [::]:80;", ""},
		{"listen [::]:443 ssl http2;", ""},
		{"listen 80;", "listen 127.0.0.1:" + httpPort + ";"},
		{"listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;"},
		{"server 127.0.0.1:8080;", "server " + backend.Listener.Addr().String() + ";"},
		{"/etc/ssl/houqin/", dir + "/ssl/"},
		{"/var/www/houqin-verify", dir + "/verify"},
		{"/var/www/houqin-acme", dir + "/acme"},
		{"/var/log/nginx/", dir + "/log/"},
	} {
		if !strings.Contains(site, r[0]) {
			t.Fatalf("the site has no %q any more; update this test", r[0])
		}
		site = strings.ReplaceAll(site, r[0], r[1])
	}
	os.WriteFile(filepath.Join(dir, "site.conf"), []byte(site), 0o644)
	user := ""
	if os.Geteuid() == 0 {
		user = "user nobody nogroup;"
	}
	conf := fmt.Sprintf(`%s
pid %[2]s/nginx.pid;
error_log %[2]s/log/error.log info;
events { worker_connections 64; }
http {
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    include %[2]s/site.conf;
}
`, user, dir)
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644)
	args := []string{"-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "log", "error.log")}

	out, err := exec.Command(nginx, append(args, "-t")...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "test is successful") {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	t.Logf("nginx -t: %s", bytes.TrimSpace(out))

	cmd := exec.Command(nginx, append(args, "-g", "daemon off;")...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGQUIT) // graceful shutdown
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	waitPort(t, "127.0.0.1:"+httpsPort, &logs)

	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, ServerName: domain},
			ForceAttemptHTTP2: true},
	}
	plain, secure := "http://127.0.0.1:"+httpPort, "https://127.0.0.1:"+httpsPort
	tests := []struct {
		method, url string
		status      int
		body        string // substring of the body
		location    string
		backend     string // path houqin saw; "" = houqin must not be asked
	}{
		{"GET", plain + "/MP_verify_Ab12Cd34.txt", 200, "Ab12Cd34", "", ""},
		{"GET", plain + "/WW_verify_Xy98.txt", 200, "Xy98", "", ""},
		{"POST", plain + "/wechat?signature=s&timestamp=1&nonce=n", 301, "", "https://" + domain + "/wechat?signature=s&timestamp=1&nonce=n", ""},
		{"GET", plain + "/secret.txt", 301, "", "https://" + domain + "/secret.txt", ""},
		{"GET", secure + "/MP_verify_Ab12Cd34.txt", 200, "Ab12Cd34", "", ""},
		{"GET", secure + "/secret.txt", 404, "", "", ""},
		{"POST", secure + "/wechat?signature=s&timestamp=1&nonce=n&openid=o", 200, "houqin /wechat", "", "/wechat"},
		{"POST", secure + "/wecom?msg_signature=s", 200, "houqin /wecom", "", "/wecom"},
		{"POST", secure + "/telegram", 200, "houqin /telegram", "", "/telegram"},
		{"GET", secure + "/digest/1/2026-11-20?exp=1&sig=abc", 200, "houqin /digest/1/2026-11-20", "", "/digest/1/2026-11-20"},
		{"GET", secure + "/district/2026-11-20?exp=1&sig=abc", 200, "", "", "/district/2026-11-20"},
		{"GET", secure + "/ledger/1/repairs/2026-11.xlsx?exp=1&sig=abc", 200, "", "", "/ledger/1/repairs/2026-11.xlsx"},
		{"GET", secure + "/r/abc", 200, "", "", "/r/abc"},
		{"GET", secure + "/auth/wechat?code=c&state=s&next=%2Fr%2Fabc", 200, "", "", "/auth/wechat"},
		{"GET", secure + "/healthz", 200, "", "", "/healthz"},
		{"GET", secure + "/metrics", 404, "", "", ""},
		{"GET", secure + "/", 404, "", "", ""},
		{"GET", secure + "/wechat/../metrics", 404, "", "", ""},
	}
	for _, tc := range tests {
		mu.Lock()
		seen = nil
		mu.Unlock()
		req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader("<xml/>"))
		req.Host = domain
		req.Header.Set("X-Forwarded-For", "6.6.6.6")
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("%s %s: %v", tc.method, tc.url, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.body) || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s %s: %d %q Location %q, want %d %q Location %q", tc.method, tc.url, resp.StatusCode, body, resp.Header.Get("Location"), tc.status, tc.body, tc.location)
		}
		if strings.HasPrefix(tc.url, secure) {
			if resp.Header.Get("Strict-Transport-Security") == "" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("%s %s: headers %v", tc.method, tc.url, resp.Header)
			}
			if resp.ProtoMajor != 2 {
				t.Errorf("%s %s: %s, want HTTP/2", tc.method, tc.url, resp.Proto)
			}
		}
		mu.Lock()
		got := seen
		mu.Unlock()
		switch {
		case tc.backend == "" && len(got) > 0:
			t.Errorf("%s %s reached houqin as %s", tc.method, tc.url, got[0].URL.Path)
		case tc.backend != "" && len(got) != 1:
			t.Errorf("%s %s: houqin saw %d requests, want 1", tc.method, tc.url, len(got))
		case tc.backend != "":
			r := got[0]
			if r.URL.Path != tc.backend || r.Host != domain || r.Header.Get("X-Forwarded-Proto") != "https" || r.Header.Get("X-Forwarded-For") != "127.0.0.1" {
				t.Errorf("%s %s: houqin saw path %q host %q proto %q for %q", tc.method, tc.url, r.URL.Path, r.Host, r.Header.Get("X-Forwarded-Proto"), r.Header.Get("X-Forwarded-For"))
			}
			if want := strings.SplitN(tc.url, "?", 2); len(want) == 2 && r.URL.RawQuery != want[1] {
				t.Errorf("%s %s: houqin saw query %q", tc.method, tc.url, r.URL.RawQuery)
			}
		}
	}
	// No query strings (signatures, digest link keys) in the access log.
	access := readFile(t, filepath.Join(dir, "log", "houqin.access.log"))
	if !strings.Contains(access, "/digest/1/2026-11-20") || strings.Contains(access, "sig=") || strings.Contains(access, "signature=") {
		t.Errorf("access log:\n%s", access)
	}
}

// TestContainerRecipe checks what can be checked without a container
// engine: the image builds with go.mod's toolchain (its go line when it
// has none), and the runtime image's pg_dump is the major version of
// compose's PostgreSQL.
func TestContainerRecipe(t *testing.T) {
	gomod := readFile(t, "../go.mod")
	m := regexp.MustCompile(`(?m)^toolchain go(\S+)$`).FindStringSubmatch(gomod)
	if m == nil {
		m = regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(gomod)
	}
	if m == nil {
		t.Fatal("no toolchain or go line in go.mod")
	}
	docker, compose := readFile(t, "Dockerfile"), readFile(t, "compose.yaml")
	if !strings.Contains(docker, "FROM golang:"+m[1]+"-bookworm AS build") {
		t.Errorf("deploy/Dockerfile does not build with go.mod's Go %s", m[1])
	}
	if !strings.Contains(docker, "FROM debian:bookworm-slim") || !strings.Contains(compose, "image: postgres:15-bookworm") {
		t.Error("the runtime image (Debian 12: postgresql-client 15) and compose's PostgreSQL (15) must stay one major version")
	}
	for _, want := range []string{"HOUQIN_DATABASE_URL: postgres://houqin:${POSTGRES_PASSWORD}@db:5432/houqin", "env_file: houqin.env", `"127.0.0.1:8080:8080"`, "dockerfile: deploy/Dockerfile"} {
		if !strings.Contains(compose, want) {
			t.Errorf("compose.yaml lacks %s", want)
		}
	}
	if _, err := os.Stat("compose.houqin.toml"); err != nil {
		t.Error(err)
	}
	if _, err := exec.LookPath("docker"); err == nil {
		t.Log("docker is installed, but images are not built here: the project's machines have no container engine")
	}
}

// TestComposeConfig has docker-compose (Debian's, which needs no engine for
// this) parse and validate compose.yaml, with the files an installation adds.
func TestComposeConfig(t *testing.T) {
	dc := lookTool(t, "docker-compose")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "compose.yaml"), []byte(readFile(t, "compose.yaml")), 0o644)
	os.WriteFile(filepath.Join(dir, "houqin.env"), []byte(readFile(t, "houqin.env.example")), 0o600)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("POSTGRES_PASSWORD=0123abcd\n"), 0o600)
	out, err := exec.Command(dc, "-f", filepath.Join(dir, "compose.yaml"), "config").CombinedOutput()
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "HOUQIN_DATABASE_URL: postgres://houqin:0123abcd@db:5432/houqin?sslmode=disable") {
		t.Errorf("docker-compose config:\n%s", out)
	}
	// Without the password it refuses, rather than starting PostgreSQL with none.
	os.Remove(filepath.Join(dir, ".env"))
	out, err = exec.Command(dc, "-f", filepath.Join(dir, "compose.yaml"), "config").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "set POSTGRES_PASSWORD") {
		t.Errorf("docker-compose config without POSTGRES_PASSWORD: %v\n%s", err, out)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func waitPort(t *testing.T, addr string, logs *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nginx did not listen on %s:\n%s", addr, logs)
}

// writeSelfSigned writes fullchain.pem and privkey.pem for the domain.
func writeSelfSigned(t *testing.T, dir string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: domain},
		DNSNames: []string{domain}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "fullchain.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(filepath.Join(dir, "privkey.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600)
}

// TestBackupTimer checks houqin-backup.service and its timer with
// systemd-analyze, then runs the service's two commands as systemd would
// (its $$ and %% unescaped) on a scratch directory: the dump is named by
// the day, and the clean-up deletes the dumps older than 30 days and a
// killed dump's temporary file, and nothing else.
func TestBackupTimer(t *testing.T) {
	sa := lookTool(t, "systemd-analyze")
	unit := readFile(t, "houqin-backup.service")
	timer := readFile(t, "houqin-backup.timer")
	for _, want := range []string{"User=houqin", "Type=oneshot", "ProtectSystem=strict", "NoNewPrivileges=yes", "EnvironmentFile=-/etc/houqin/houqin.env", "StateDirectory=houqin houqin-backups", "UMask=0077"} {
		if !strings.Contains(unit, want+"\n") {
			t.Errorf("houqin-backup.service lacks %s", want)
		}
	}
	for _, want := range []string{"OnCalendar=*-*-* 02:30:00", "Persistent=true", "WantedBy=timers.target"} {
		if !strings.Contains(timer, want+"\n") {
			t.Errorf("houqin-backup.timer lacks %s", want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "houqin-backup.service"), []byte(unit), 0o644)
	os.WriteFile(filepath.Join(dir, "houqin-backup.timer"), []byte(timer), 0o644)
	verifyUnits(t, sa, filepath.Join(dir, "houqin-backup.service"), filepath.Join(dir, "houqin-backup.timer"))
	out, err := exec.Command(sa, "security", "--offline=yes", "--no-pager", filepath.Join(dir, "houqin-backup.service")).CombinedOutput()
	if m := regexp.MustCompile(`Overall exposure level for houqin-backup\.service: ([0-9.]+)`).FindSubmatch(out); err != nil || m == nil {
		t.Errorf("systemd-analyze security: %v\n%s", err, out)
	} else if score, _ := strconv.ParseFloat(string(m[1]), 64); score >= 2.0 {
		t.Errorf("exposure %.1f, want below 2.0 (OK)", score)
	}

	// The commands, as systemd runs them, on a scratch directory.
	line := func(key string) string {
		m := regexp.MustCompile(`(?m)^` + key + `=(.*)$`).FindStringSubmatch(unit)
		if m == nil {
			t.Fatalf("no %s in houqin-backup.service", key)
		}
		return strings.NewReplacer("$$", "$", "%%", "%", "/var/lib/houqin-backups", dir+"/backups").Replace(m[1])
	}
	backups := filepath.Join(dir, "backups")
	os.Mkdir(backups, 0o700)
	// A stand-in for houqin that writes the file it was asked for.
	fake := filepath.Join(dir, "houqin")
	os.WriteFile(fake, []byte("#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = --file ] && echo dump > \"$2\"; shift; done\n"), 0o755)
	start := strings.Replace(line("ExecStart"), "/usr/local/bin/houqin", fake, 1)
	script := regexp.MustCompile(`^/bin/sh -c '(.*)'$`).FindStringSubmatch(start)
	if script == nil {
		t.Fatalf("ExecStart is not /bin/sh -c '...': %s", start)
	}
	if out, err := exec.Command("/bin/sh", "-c", script[1]).CombinedOutput(); err != nil {
		t.Fatalf("ExecStart: %v\n%s", err, out)
	}
	today := filepath.Join(backups, "houqin-"+time.Now().Format("2006-01-02")+".dump")
	if _, err := os.Stat(today); err != nil {
		t.Errorf("ExecStart did not write %s: %v", today, err)
	}
	now := time.Now()
	files := map[string]time.Duration{ // name: age
		"houqin-old.dump":              31 * 24 * time.Hour,
		"houqin-recent.dump":           29 * 24 * time.Hour,
		".houqin-x.dump.123.tmp":       2 * 24 * time.Hour,
		".houqin-y.dump.456.tmp":       time.Hour,
		"notes.txt":                    40 * 24 * time.Hour,
		"houqin-2026-01-01.dump.extra": 40 * 24 * time.Hour,
	}
	for name, age := range files {
		p := filepath.Join(backups, name)
		os.WriteFile(p, []byte("x"), 0o600)
		os.Chtimes(p, now.Add(-age), now.Add(-age))
	}
	post := strings.Fields(line("ExecStartPost"))
	if out, err := exec.Command(post[0], post[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("ExecStartPost: %v\n%s", err, out)
	}
	for name, gone := range map[string]bool{"houqin-old.dump": true, ".houqin-x.dump.123.tmp": true,
		"houqin-recent.dump": false, ".houqin-y.dump.456.tmp": false, "notes.txt": false, "houqin-2026-01-01.dump.extra": false} {
		_, err := os.Stat(filepath.Join(backups, name))
		if gone != os.IsNotExist(err) {
			t.Errorf("%s: deleted %v, want %v", name, os.IsNotExist(err), gone)
		}
	}
	if _, err := os.Stat(today); err != nil {
		t.Errorf("the clean-up deleted today's dump: %v", err)
	}
}
