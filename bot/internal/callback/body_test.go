package callback

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// countingReader counts what ReadBody read of a body.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReadBody(t *testing.T) {
	small := "<xml><Encrypt>abc</Encrypt></xml>"
	for _, tc := range []struct {
		name       string
		body       string
		announced  int64 // Content-Length; -1: unknown (chunked)
		wantStatus int
	}{
		{"small", small, int64(len(small)), 0},
		{"exactly the bound", strings.Repeat("a", MaxBody), MaxBody, 0},
		{"announced too large", strings.Repeat("a", MaxBody+1), MaxBody + 1, http.StatusRequestEntityTooLarge},
		{"too large, length unknown", strings.Repeat("a", 4*MaxBody), -1, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := &countingReader{r: strings.NewReader(tc.body)}
			r := httptest.NewRequest(http.MethodPost, "/wechat", io.NopCloser(cr))
			r.ContentLength = tc.announced
			w := httptest.NewRecorder()
			body, status, why, err := ReadBody(w, r)
			if status != tc.wantStatus {
				t.Fatalf("status %d (%s, %v), want %d", status, why, err, tc.wantStatus)
			}
			if status == 0 && string(body) != tc.body {
				t.Errorf("body of %d bytes, want %d", len(body), len(tc.body))
			}
			if status != 0 && (body != nil || why == "") {
				t.Errorf("failed read returned a body of %d bytes or no reason (%q)", len(body), why)
			}
			if cr.n > MaxBody+1 {
				t.Errorf("read %d bytes of the body, want at most %d", cr.n, MaxBody+1)
			}
			if tc.announced > MaxBody && cr.n != 0 {
				t.Errorf("read %d bytes of a body announced too large, want none", cr.n)
			}
		})
	}
}

func TestRejectLogsNoContent(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	r := httptest.NewRequest(http.MethodPost, "/wecom?msg_signature=SECRETSIG", strings.NewReader("<xml>身份证 110101199003074514</xml>"))
	for _, status := range []int{http.StatusForbidden, http.StatusServiceUnavailable} {
		w := httptest.NewRecorder()
		Reject(w, log, "wecom", status, "bad msg_signature", r, nil)
		if w.Code != status {
			t.Errorf("answered %d, want %d", w.Code, status)
		}
		if got, want := w.Header().Get("Retry-After"), map[bool]string{true: "1"}[status == http.StatusServiceUnavailable]; got != want {
			t.Errorf("%d: Retry-After %q, want %q", status, got, want)
		}
	}
	out := logged.String()
	if !strings.Contains(out, "wecom: callback rejected: bad msg_signature") {
		t.Errorf("log %q does not say why", out)
	}
	for _, secret := range []string{"SECRETSIG", "110101199003074514", "身份证"} {
		if strings.Contains(out, secret) {
			t.Errorf("log carries the request's %q: %s", secret, out)
		}
	}
}
