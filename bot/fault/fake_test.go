//go:build fault

package fault

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPI is the part of the Telegram Bot API the outbox uses (sendMessage),
// on 127.0.0.1. It tells its callers apart by their bot token ("<n>:fault"),
// so each worker process is known by number, and counts every message it
// accepted by its text: accepted means delivered, even when the caller died
// before reading the answer, as on the real Telegram.
type fakeAPI struct {
	srv *httptest.Server

	mu       sync.Mutex
	received map[string]int // text → times accepted
	answers  map[int]int    // HTTP status → count
	msgID    int
	// hook may answer a sendMessage itself (status, body, true), or run
	// something first (a kill) and let the fake accept it (ok false).
	hook func(caller int, text string) (status int, body string, ok bool)
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{received: map[string]int{}, answers: map[int]int{}, msgID: 1000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func token(caller int) string { return strconv.Itoa(caller) + ":fault" }

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	rest, _ := strings.CutPrefix(r.URL.Path, "/bot")
	tok, method, _ := strings.Cut(rest, "/")
	caller, _ := strconv.Atoi(strings.TrimSuffix(tok, ":fault"))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		// A worker killed while writing its request.
		io.Copy(io.Discard, r.Body)
		return
	}
	if method != "sendMessage" {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: method not faked"}`)
		return
	}
	text := r.FormValue("text")
	f.mu.Lock()
	hook := f.hook
	f.mu.Unlock()
	if hook != nil {
		if status, body, ok := hook(caller, text); ok {
			f.mu.Lock()
			f.answers[status]++
			f.mu.Unlock()
			writeJSON(w, status, body)
			return
		}
	}
	f.mu.Lock()
	f.received[text]++
	f.answers[200]++
	f.msgID++
	id := f.msgID
	f.mu.Unlock()
	writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"message_id":%d,"chat":{"id":%s,"type":"private","first_name":"王"},"date":%d,"text":%q}}`,
		id, r.FormValue("chat_id"), time.Now().Unix(), text))
}

func (f *fakeAPI) setHook(h func(caller int, text string) (int, string, bool)) {
	f.mu.Lock()
	f.hook = h
	f.mu.Unlock()
}

// count returns how many times text was accepted.
func (f *fakeAPI) count(text string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.received[text]
}

func (f *fakeAPI) answered(status int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.answers[status]
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// Bot API error bodies, as Telegram sends them.
func body429(after int) string {
	return fmt.Sprintf(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after %d","parameters":{"retry_after":%d}}`, after, after)
}

const body502 = `{"ok":false,"error_code":502,"description":"Bad Gateway"}`
