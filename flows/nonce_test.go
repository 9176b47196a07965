package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// A message whose callback nonce the store cannot record in its
// transaction is refused, never handled unchecked; such an engine says so
// (ClaimsNonces), so that a channel records the nonce itself.
func TestEngineRefusesANonceItCannotRecord(t *testing.T) {
	c := flowtest.NewCore()
	flowtest.Seed(c)
	eng := flows.NewEngine(flows.EngineConfig{Store: &flowtest.Store{Tx: c}, Now: func() time.Time { return flowtest.Start }})
	if eng.ClaimsNonces() {
		t.Fatal("the in-memory store claims to record nonces")
	}
	_, err := eng.Handle(context.Background(), flows.Message{Channel: flows.ChannelWeChat, ExternalUser: "o1", Chat: "o1",
		Text: "帮助", DedupKey: "o1:1", At: flowtest.Start, Nonce: &flows.CallbackNonce{Nonce: "1:2", Fingerprint: "f"}})
	if err == nil || !strings.Contains(err.Error(), "nonce") {
		t.Errorf("Handle = %v, want an error naming the nonce", err)
	}
}
