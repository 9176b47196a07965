package callback

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

func TestVoiceText(t *testing.T) {
	for in, want := range map[string]string{
		"302教室课桌腿断了。": "302教室课桌腿断了",
		" 确认！ ":       "确认",
		"修好了吗？":       "修好了吗",
		"2":           "2",
		"。":           "",
		"":            "",
	} {
		if got := VoiceText(in); got != want {
			t.Errorf("VoiceText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Heard("灯不亮"); got != "听到的是：「灯不亮」\n\n" {
		t.Errorf("Heard = %q", got)
	}
}

func TestSplitText(t *testing.T) {
	s := strings.Repeat("一二三四五\n", 200) + strings.Repeat("长", 1000)
	parts := SplitText(s, 2000)
	if strings.ReplaceAll(strings.Join(parts, ""), "\n", "") != strings.ReplaceAll(s, "\n", "") {
		t.Error("SplitText lost text")
	}
	for _, p := range parts {
		if len(p) > 2000 || !utf8.ValidString(p) {
			t.Errorf("part of %d bytes (valid UTF-8 %v)", len(p), utf8.ValidString(p))
		}
	}
	if got := SplitText("", 10); len(got) != 1 || got[0] != "" {
		t.Errorf("SplitText(\"\") = %q", got)
	}
}

type nonces struct {
	mu   sync.Mutex
	seen map[string]string
	err  error
}

func (n *nonces) UseNonce(_ context.Context, ch flows.Channel, nonce, fp string, _ time.Time) (string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.err != nil {
		return "", n.err
	}
	k := string(ch) + "/" + nonce
	if f, ok := n.seen[k]; ok {
		return f, nil
	}
	n.seen[k] = fp
	return fp, nil
}

func (n *nonces) PruneNonces(context.Context, flows.Channel, time.Time) (int64, error) { return 0, nil }

// TestGuard: the window holds both ways to the second; a nonce is good
// for its first message and that message's retries only, per channel.
func TestGuard(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var late sync.WaitGroup
	ns := &nonces{seen: map[string]string{}}
	g := &Guard{Channel: flows.ChannelWeCom, Token: "tok", Nonces: ns, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler), Late: &late}
	for d, want := range map[time.Duration]bool{0: true, ReplayWindow: true, -ReplayWindow: true, ReplayWindow + time.Second: false, -ReplayWindow - time.Second: false} {
		if _, ok := g.SignedTime(strconv.FormatInt(now.Add(-d).Unix(), 10)); ok != want {
			t.Errorf("timestamp %s from now: fresh = %v, want %v", d, ok, want)
		}
	}
	if _, ok := g.SignedTime("not a number"); ok {
		t.Error("a non-numeric timestamp was fresh")
	}
	ctx := context.Background()
	a, b := g.Fingerprint("POST", "a"), g.Fingerprint("POST", "b")
	if a == b || g.Fingerprint("POST", "a") != a || g.Fingerprint("PO", "STa") == a {
		t.Error("fingerprints do not tell messages apart")
	}
	for i, tc := range []struct {
		fp   string
		want bool
	}{{a, true}, {a, true}, {b, false}} {
		if ok, err := g.UseNonce(ctx, now, "1", "n", tc.fp); err != nil || ok != tc.want {
			t.Errorf("use %d: %v %v, want %v", i, ok, err, tc.want)
		}
	}
	other := &Guard{Channel: flows.ChannelWeChat, Token: "tok", Nonces: ns, Now: g.Now, Log: g.Log, Late: &late}
	if ok, _ := other.UseNonce(ctx, now, "1", "n", b); !ok {
		t.Error("a nonce used on WeCom was refused on WeChat")
	}
	ns.err = errors.New("db down")
	if _, err := g.UseNonce(ctx, now, "2", "n", a); err == nil {
		t.Error("a store error was not returned")
	}
	late.Wait()
}

type claimer bool

func (c claimer) ClaimsNonces() bool { return bool(c) }

// TestCheck: a message for an engine that claims nonces in its transaction
// carries its nonce and nothing is recorded here; every other callback
// records it at once and a replay is refused.
func TestCheck(t *testing.T) {
	if ClaimsNonces(struct{}{}) || ClaimsNonces(claimer(false)) || !ClaimsNonces(claimer(true)) {
		t.Fatal("ClaimsNonces does not follow the handler")
	}
	var late sync.WaitGroup
	defer late.Wait()
	ctx := context.Background()
	now := time.Unix(1_700_000_000, 0)
	ns := &nonces{seen: map[string]string{}}
	g := &Guard{Channel: flows.ChannelWeCom, Token: "tok", Nonces: ns, Now: func() time.Time { return now },
		Log: slog.New(slog.DiscardHandler), Late: &late, InTx: true}
	a, b := g.Fingerprint("a"), g.Fingerprint("b")

	n, ok, err := g.Check(ctx, true, now, "1", "n1", a)
	if err != nil || !ok || n == nil || *n != (flows.CallbackNonce{Nonce: "1:n1", Fingerprint: a, SignedAt: now}) {
		t.Fatalf("to the engine: %+v %v %v, want the nonce to carry", n, ok, err)
	}
	if len(ns.seen) != 0 {
		t.Fatalf("a nonce for the engine's transaction was recorded on its own: %v", ns.seen)
	}
	// Not for the engine: recorded now; another message under it is refused.
	if n, ok, err := g.Check(ctx, false, now, "1", "n2", a); err != nil || !ok || n != nil {
		t.Fatalf("ignored callback: %+v %v %v", n, ok, err)
	}
	if n, ok, err := g.Check(ctx, false, now, "1", "n2", b); err != nil || ok || n != nil {
		t.Errorf("another message under an ignored callback's nonce: %+v %v %v, want refused", n, ok, err)
	}
	// An engine that cannot claim nonces: recorded here too.
	g.InTx = false
	if n, ok, _ := g.Check(ctx, true, now, "1", "n3", a); !ok || n != nil {
		t.Errorf("without InTx: %+v %v, want recorded here", n, ok)
	}
	if _, ok, _ := g.Check(ctx, true, now, "1", "n3", b); ok {
		t.Error("without InTx a replay was let through")
	}
	ns.err = errors.New("down")
	if _, _, err := g.Check(ctx, false, now, "1", "n4", a); err == nil {
		t.Error("a nonce store failure was not reported")
	}
}
