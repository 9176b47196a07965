package wechat

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// The attacks and faults of issue 12 against the callback, each a test that
// fails on the callback as it was before.

// TestSafeModeAccountRefusesPlaintext: with an EncodingAESKey configured,
// a correctly signed plaintext body is refused whatever encrypt_type says,
// and so is a compatible-mode body without its encrypted part. The mode is
// the account's, not the request's.
func TestSafeModeAccountRefusesPlaintext(t *testing.T) {
	e := newEnv(t, nil)
	forged := textXML(testOpenID, 31, "同意 4") // the 总务主任 admitting a visitor
	for _, target := range []string{
		e.plainURL(testToken),
		e.plainURL(testToken) + "&encrypt_type=raw",
		e.plainURL(testToken) + "&encrypt_type=aes",
	} {
		if w := e.post(target, forged); w.Code != http.StatusForbidden {
			t.Errorf("plaintext body on %s: status %d, want 403", target, w.Code)
		}
	}
	target, body := e.safeRequest(t, forged, true)
	stripped := regexp.MustCompile(`<Encrypt>.*</Encrypt>`).ReplaceAllString(body, "")
	if !strings.Contains(stripped, "同意 4") || strings.Contains(stripped, "Encrypt") {
		t.Fatalf("test body %q is not a compatible-mode body without its Encrypt element", stripped)
	}
	if w := e.post(target, stripped); w.Code != http.StatusForbidden {
		t.Errorf("compatible-mode body without Encrypt: status %d, want 403", w.Code)
	}
	if n := len(e.eng.messages()); n != 0 {
		t.Fatalf("engine got %d forged messages, want none", n)
	}
	if !strings.Contains(e.logs.String(), "plaintext body on a safe-mode account") {
		t.Errorf("the refusal was not logged:\n%s", e.logs)
	}

	// The compatible-mode body itself is read from its encrypted part.
	if code, got := e.safeText(t, target, body); code != http.StatusOK || got != "收到：同意 4" {
		t.Errorf("compatible-mode body: %d %q, want 200 and the reply", code, got)
	}

	// A plaintext account takes the same plaintext body.
	p := newEnv(t, plaintext)
	if w := p.post(p.plainURL(testToken), forged); w.Code != http.StatusOK {
		t.Errorf("plaintext account: status %d, want 200", w.Code)
	}
}

// TestOldTimestampRefused: a complete, correctly signed request whose
// timestamp is more than 5 minutes from the (injected) clock is refused, in
// either mode. The attack used a triple 70 days old.
func TestOldTimestampRefused(t *testing.T) {
	for _, safe := range []bool{false, true} {
		mod := plaintext
		if safe {
			mod = nil
		}
		e := newEnv(t, mod)
		send := func(age time.Duration) int {
			ts := e.now.Add(-age).Unix()
			raw := textXML(testOpenID, ts, "在校访客")
			nonce := freshNonce()
			stamp := strconv.FormatInt(ts, 10)
			target, body := signedURL(testToken, stamp, nonce), raw
			if safe {
				target, body = safeRequestAt(t, raw, false, stamp, nonce)
			}
			return e.post(target, body).Code
		}
		for _, tc := range []struct {
			age  time.Duration
			want int
		}{
			{70 * 24 * time.Hour, http.StatusForbidden},
			{5*time.Minute + time.Second, http.StatusForbidden},
			{-5*time.Minute - time.Second, http.StatusForbidden},
			{5 * time.Minute, http.StatusOK},
			{-4 * time.Minute, http.StatusOK},
			{0, http.StatusOK},
		} {
			if got := send(tc.age); got != tc.want {
				t.Errorf("safe=%v, signed %v ago: status %d, want %d", safe, tc.age, got, tc.want)
			}
		}
		if n := len(e.eng.messages()); n != 3 {
			t.Errorf("safe=%v: engine got %d messages, want the 3 inside the window", safe, n)
		}
	}
}

// TestRepeatedNonceRefused: a signed URL is good for one message. Under a
// used nonce another body — another text, another sender, another MsgId,
// an event — is refused, as is a POST on the URL of the GET verification;
// a captured request replayed after the window (or after the 7-day dedup
// retention, when the engine would have handled it as new) is refused too.
func TestRepeatedNonceRefused(t *testing.T) {
	t.Run("plaintext", func(t *testing.T) {
		e := newEnv(t, plaintext)
		target := e.plainURL(testToken) // seen in a proxy's access log
		if w := e.post(target, textXML(testOpenID, 41, "报修")); w.Code != http.StatusOK {
			t.Fatalf("first use: status %d, want 200", w.Code)
		}
		for name, body := range map[string]string{
			"other text":   textXML(testOpenID, 41, "在校访客"),
			"other sender": textXML(otherOpenID, 41, "报修"),
			"other MsgId":  textXML(testOpenID, 42, "报修"),
			"binding try":  textXML("oMadeUp-1", 43, "绑定 ABCD1234"),
			"event":        eventXML(testOpenID, "CLICK", KeyMine),
		} {
			if w := e.post(target, body); w.Code != http.StatusForbidden {
				t.Errorf("%s under a used nonce: status %d, want 403", name, w.Code)
			}
		}
		if n := len(e.eng.messages()); n != 1 {
			t.Errorf("engine got %d messages, want only the first", n)
		}

		// The URL of WeChat's GET verification, reused for a POST.
		verify := e.plainURL(testToken)
		get := httptest.NewRecorder()
		e.ch.ServeHTTP(get, httptest.NewRequest(http.MethodGet, verify+"&echostr=42", nil))
		if get.Code != http.StatusOK {
			t.Fatalf("verification: status %d, want 200", get.Code)
		}
		if w := e.post(verify, textXML(testOpenID, 44, "在校访客")); w.Code != http.StatusForbidden {
			t.Errorf("POST on the verification URL: status %d, want 403", w.Code)
		}
	})

	t.Run("safe mode capture", func(t *testing.T) {
		e := newEnv(t, nil)
		target, body := e.safeRequest(t, textXML(testOpenID, 51, "302教室课桌腿断了"), false)
		if code, _ := e.safeText(t, target, body); code != http.StatusOK {
			t.Fatalf("first use: status %d, want 200", code)
		}
		for _, later := range []time.Duration{6 * time.Minute, 8 * 24 * time.Hour} {
			e.now = testNow.Add(later)
			if w := e.post(target, body); w.Code != http.StatusForbidden {
				t.Errorf("capture replayed %v later: status %d, want 403", later, w.Code)
			}
		}
		if n := len(e.eng.messages()); n != 1 {
			t.Errorf("engine got %d messages, want only the first", n)
		}
	})
}

// TestAnotherUsersMsgID: the dedup key is the sender with the MsgId, so a
// message carrying another person's MsgId is that sender's own new message
// and never returns the other person's stored reply.
func TestAnotherUsersMsgID(t *testing.T) {
	e := newEnv(t, nil)
	e.eng.reply = func(m flows.Message) ([]flows.Reply, error) {
		if m.ExternalUser == testOpenID {
			return []flows.Reply{{Text: "在校访客：张三 13812345678"}}, nil
		}
		return []flows.Reply{{Text: "请先绑定"}}, nil
	}
	const msgID = 6054768590064799999
	target, body := e.safeRequest(t, textXML(testOpenID, msgID, "在校访客"), false)
	if _, got := e.safeText(t, target, body); !strings.Contains(got, "13812345678") {
		t.Fatalf("the guard's own reply = %q", got)
	}
	target, body = e.safeRequest(t, textXML(otherOpenID, msgID, "在校访客"), false)
	code, got := e.safeTextTo(t, otherOpenID, target, body)
	if code != http.StatusOK || got != "请先绑定" {
		t.Errorf("another account reusing the MsgId got %d %q, want its own answer 请先绑定", code, got)
	}
	if n := e.eng.handled(); n != 2 {
		t.Errorf("engine handled %d messages, want 2 (the second is new)", n)
	}
	msgs := e.eng.messages()
	if len(msgs) != 2 || msgs[0].DedupKey == msgs[1].DedupKey {
		t.Errorf("DedupKeys %q and %q, want different", msgs[0].DedupKey, msgs[1].DedupKey)
	}
}

// TestSlowEngineIsNotAcknowledgedBeforeCommit: when the engine has not
// finished within the hold, the callback closes the connection without an
// answer — no "success" — so WeChat retries; a retry arriving meanwhile
// joins the same handling, and one arriving after the commit gets the
// stored reply. The engine handles the message once.
func TestSlowEngineIsNotAcknowledgedBeforeCommit(t *testing.T) {
	e := newEnv(t, withHold(100*time.Millisecond))
	gate := make(chan struct{})
	e.eng.gate = gate
	srv := httptest.NewServer(e.ch)
	defer srv.Close()
	target, body := e.safeRequest(t, textXML(testOpenID, 61, "302教室课桌腿断了"), false)
	send := func() (int, string, error) {
		resp, err := http.Post(srv.URL+target, "text/xml", strings.NewReader(body))
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}

	for attempt := 1; attempt <= 2; attempt++ {
		start := time.Now()
		code, got, err := send()
		if err == nil {
			t.Fatalf("attempt %d before the commit answered %d %q, want no answer", attempt, code, got)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("attempt %d: closed after %v, want about the 100ms hold", attempt, d)
		}
		if n := e.eng.handled(); n != 0 {
			t.Fatalf("engine finished %d messages while held", n)
		}
	}
	if n := len(e.eng.messages()); n != 1 {
		t.Errorf("engine called %d times for one message and its retry, want 1 (the retry joins)", n)
	}

	close(gate)
	eventually(t, "the handling to finish", func() bool { return inFlight(e) == 0 })
	code, got, err := send()
	if err != nil || code != http.StatusOK {
		t.Fatalf("retry after the commit: %d %v, want 200", code, err)
	}
	if reply := decryptReply(t, got); reply != "收到：302教室课桌腿断了" {
		t.Errorf("retry answered %q, want the stored reply", reply)
	}
	if n := e.eng.handled(); n != 1 {
		t.Errorf("engine handled the message %d times, want 1", n)
	}
	if n := len(e.api.customs()); n != 0 {
		t.Errorf("%d customer-service messages, want none (the reply went passively)", n)
	}
}

// TestWeChatHangingUpEndsTheWait: when WeChat hangs up (its 5 s) before
// the engine is done, the callback stops waiting at once, and the handling
// goes on to its commit.
func TestWeChatHangingUpEndsTheWait(t *testing.T) {
	e := newEnv(t, withHold(time.Minute))
	gate := make(chan struct{})
	e.eng.gate = gate
	srv := httptest.NewServer(e.ch)
	defer srv.Close()
	target, body := e.safeRequest(t, textXML(testOpenID, 71, "报修"), false)
	client := &http.Client{Timeout: 200 * time.Millisecond}
	if resp, err := client.Post(srv.URL+target, "text/xml", strings.NewReader(body)); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d before the engine finished", resp.StatusCode)
	}
	eventually(t, "the callback to notice", func() bool { return strings.Contains(e.logs.String(), "hung up") })
	close(gate)
	eventually(t, "the handling to finish", func() bool { return e.eng.handled() == 1 && inFlight(e) == 0 })
}

// TestCallbacksAreBounded: at most MaxInFlight messages are in the engine's
// hands at once; the next one is refused with 503 at once, while WeChat's
// retry of a message in progress joins it and takes no slot.
func TestCallbacksAreBounded(t *testing.T) {
	e := newEnv(t, both(withHold(30*time.Second), withBounds(2, 8)))
	gate := make(chan struct{})
	e.eng.gate = gate
	e.eng.started = make(chan string, 10)

	var wg sync.WaitGroup
	codes := make(chan int, 10)
	post := func(target, body string) {
		wg.Go(func() { codes <- e.post(target, body).Code })
	}
	first, firstBody := e.safeRequest(t, textXML("oA", 1, "报修"), false)
	post(first, firstBody)
	post(e.safeRequest(t, textXML("oB", 2, "报修"), false))
	for range 2 {
		<-e.eng.started
	}

	start := time.Now()
	if w := e.post(e.safeRequest(t, textXML("oC", 3, "报修"), false)); w.Code != http.StatusServiceUnavailable {
		t.Errorf("third message with 2 in progress: status %d, want 503", w.Code)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refused after %v, want at once", d)
	}
	post(first, firstBody) // WeChat's retry of the first
	eventually(t, "the retry to join", func() bool { return joined(e) == 1 })
	if n := inFlight(e); n != 2 {
		t.Errorf("%d in progress after a retry, want still 2", n)
	}

	close(gate)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a held callback answered %d, want 200", c)
		}
	}
	if n := e.eng.handled(); n != 2 {
		t.Errorf("engine handled %d messages, want 2", n)
	}
	if n := len(e.eng.messages()); n != 2 {
		t.Errorf("engine called %d times, want 2 (the retry joined)", n)
	}
	// The slots are free again.
	if w := e.post(e.safeRequest(t, textXML("oC", 3, "报修"), false)); w.Code != http.StatusOK {
		t.Errorf("after the burst: status %d, want 200", w.Code)
	}
}

// TestOneSenderCannotStarveOthers: one account's messages run one at a
// time, at most PerSender of them in progress (the next is refused at
// once), and another account's message goes straight to the engine while
// the first account's are stuck.
func TestOneSenderCannotStarveOthers(t *testing.T) {
	e := newEnv(t, both(withHold(30*time.Second), withBounds(10, 2)))
	gate := make(chan struct{})
	e.eng.gate = gate
	e.eng.started = make(chan string, 10)

	var wg sync.WaitGroup
	codes := make(chan int, 10)
	post := func(target, body string) {
		wg.Go(func() { codes <- e.post(target, body).Code })
	}
	post(e.safeRequest(t, textXML("oBurst", 1, "报修 1"), false))
	if got := <-e.eng.started; got != "oBurst:1" {
		t.Fatalf("first in the engine: %q", got)
	}
	post(e.safeRequest(t, textXML("oBurst", 2, "报修 2"), false))
	eventually(t, "the second message to be admitted", func() bool { return inFlight(e) == 2 })

	start := time.Now()
	if w := e.post(e.safeRequest(t, textXML("oBurst", 3, "报修 3"), false)); w.Code != http.StatusServiceUnavailable {
		t.Errorf("third message of one account with 2 in progress: status %d, want 503", w.Code)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refused after %v, want at once", d)
	}

	post(e.safeRequest(t, textXML("oOther", 9, "我的"), false))
	select {
	case got := <-e.eng.started:
		if got != "oOther:9" {
			t.Errorf("next in the engine: %q, want the other account's message (the burst's second waits its turn)", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the other account's message did not reach the engine while the burst was stuck")
	}

	close(gate)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a held callback answered %d, want 200", c)
		}
	}
	if p := e.eng.peakOf("oBurst"); p != 1 {
		t.Errorf("the burst had %d messages in the engine at once, want 1", p)
	}
	if n := e.eng.handled(); n != 3 {
		t.Errorf("engine handled %d messages, want 3", n)
	}
}

// TestNonceStoreDown: without the nonce store a callback cannot be checked
// for replay; it is refused with 503 and not handled.
func TestNonceStoreDown(t *testing.T) {
	e := newEnv(t, nil)
	e.kv.nonceErr = errors.New("store: connection refused")
	if w := e.post(e.safeRequest(t, textXML(testOpenID, 81, "报修"), false)); w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", w.Code)
	}
	if n := len(e.eng.messages()); n != 0 {
		t.Errorf("engine got %d messages, want none", n)
	}
}

// TestNoncesArePruned: used nonces are pruned at most once a minute, up to
// the window plus the allowance for clock skew.
func TestNoncesArePruned(t *testing.T) {
	e := newEnv(t, nil)
	e.post(e.safeRequest(t, textXML(testOpenID, 91, "报修"), false))
	e.post(e.safeRequest(t, textXML(testOpenID, 92, "报修"), false))
	eventually(t, "a pruning", func() bool { return len(e.kv.pruneCalls()) == 1 })
	if got, want := e.kv.pruneCalls()[0], testNow.Add(-ReplayWindow-nonceSkew); !got.Equal(want) {
		t.Errorf("pruned before %v, want %v", got, want)
	}
	e.now = testNow.Add(2 * time.Minute)
	e.post(e.safeRequest(t, textXML(testOpenID, 93, "报修"), false))
	eventually(t, "a second pruning", func() bool { return len(e.kv.pruneCalls()) == 2 })
}

// inFlight is the number of messages in the engine's hands.
func inFlight(e *env) int {
	n, _ := e.ch.adm.Counts()
	return n
}

// joined is the number of callbacks that joined a message in progress.
func joined(e *env) int {
	_, n := e.ch.adm.Counts()
	return n
}
