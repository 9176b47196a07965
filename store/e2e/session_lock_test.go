package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// A person's next message waits for their previous one and then sees the
// session it left, even though the session is read in the same statement
// that claims the message and waits for the lock (store.ClaimInbound
// checks that nobody changed the account while it waited, else reads the
// session again).
func TestNextMessageSeesTheSessionItWaitedFor(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say("李老师", "报修"), "在哪里")
	var asking flows.Session
	if err := h.db.InTx(ctx, func(tx flows.Tx) error {
		var err error
		asking, err = tx.(flows.EngineTx).Session(ctx, flows.ChannelConsole, h.account("李老师"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	wantContains(t, h.say("李老师", "取消"), "已取消")

	// An earlier message of 李老师's holds the account and puts the flow
	// back at the location question; the next message arrives meanwhile.
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- h.db.InTx(ctx, func(t flows.Tx) error {
			tx := t.(flows.EngineTx)
			if _, err := tx.StaffByIdentity(ctx, flows.ChannelConsole, h.account("李老师")); err != nil {
				return err
			}
			if err := tx.TouchIdentity(ctx, flows.ChannelConsole, h.account("李老师"), h.now); err != nil {
				return err
			}
			s := asking
			s.UpdatedAt = h.now
			if err := tx.SaveSession(ctx, s); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	reply := make(chan string, 1)
	go func() { reply <- h.say("李老师", "初二(3)班") }()
	time.Sleep(300 * time.Millisecond) // the message is waiting for the lock
	select {
	case got := <-reply:
		t.Fatalf("the message did not wait for the account's lock: %q", got)
	default:
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := <-reply
	if !strings.Contains(got, "出了什么问题") {
		t.Errorf("the waiting message did not see the session left by the one before it: %q", got)
	}
}
