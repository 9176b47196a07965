package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store/storetest"
)

// A revoked code no longer binds; unbinding removes the accounts and their
// sessions, on one channel or on all.
func TestRevokeInvitesAndUnbindStaff(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	li, wang := s.Staff["李老师"], s.Staff["王老师"]
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	invite := func(staffID int64) string {
		t.Helper()
		code, err := db.InviteStaff(ctx, staffID, now, 7*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return code
	}
	wechat, telegram, spare, other := invite(li.ID), invite(li.ID), invite(li.ID), invite(wang.ID)
	inTx(t, db, func(tx flows.Tx) error {
		for _, b := range []struct {
			code string
			ch   flows.Channel
			ext  string
		}{{wechat, flows.ChannelWeChat, "openid-li"}, {telegram, flows.ChannelTelegram, "4242"}} {
			if _, err := tx.(flows.EngineTx).RedeemBindCode(ctx, b.code, b.ch, b.ext, now); err != nil {
				return err
			}
			if err := tx.(flows.EngineTx).SaveSession(ctx, flows.Session{Channel: b.ch, ExternalID: b.ext, StaffID: li.ID, Flow: "repair", UpdatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})

	n, err := db.RevokeInvites(ctx, li.ID, now.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("RevokeInvites = %d, %v; want the one unused code", n, err)
	}
	if c, err := db.BindCode(ctx, spare); err != nil || !c.Revoked || c.SchoolID != s.ID {
		t.Errorf("revoked code reads %+v, %v; want revoked, naming its school", c, err)
	}
	if c, err := db.BindCode(ctx, wechat); err != nil || c.Revoked || !c.Used {
		t.Errorf("a used code reads %+v, %v; want used, not revoked", c, err)
	}
	if c, err := db.BindCode(ctx, other); err != nil || c.Revoked {
		t.Errorf("another person's code reads %+v, %v; want untouched", c, err)
	}
	inTx(t, db, func(tx flows.Tx) error {
		if _, err := tx.(flows.EngineTx).RedeemBindCode(ctx, spare, flows.ChannelWeChat, "openid-x", now.Add(2*time.Hour)); !errors.Is(err, flows.ErrExpired) {
			t.Errorf("redeeming a revoked code: %v, want ErrExpired", err)
		}
		return nil
	})
	if n, err := db.RevokeInvites(ctx, 9999, now); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("RevokeInvites(unknown staff) = %d, %v; want ErrNotFound", n, err)
	}

	gone, err := db.UnbindStaff(ctx, li.ID, flows.ChannelWeChat)
	if err != nil || len(gone) != 1 || gone[0].ExternalID != "openid-li" {
		t.Fatalf("UnbindStaff(wechat) = %+v, %v; want the WeChat account", gone, err)
	}
	if _, err := db.StaffByIdentity(ctx, flows.ChannelWeChat, "openid-li"); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("the unbound account still resolves: %v", err)
	}
	var sessions []string
	if err := db.SQL().Select(&sessions, `SELECT channel FROM sessions WHERE staff_id = $1 ORDER BY channel`, li.ID); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sessions, []string{"telegram"}) {
		t.Errorf("sessions left: %v, want only Telegram's", sessions)
	}
	gone, err = db.UnbindStaff(ctx, li.ID, "")
	if err != nil || len(gone) != 2 {
		t.Fatalf("UnbindStaff(all) = %+v, %v; want the console and Telegram accounts", gone, err)
	}
	if ids, err := db.Identities(ctx, li.ID); err != nil || len(ids) != 0 {
		t.Errorf("identities left: %+v, %v", ids, err)
	}
	if ids, err := db.Identities(ctx, wang.ID); err != nil || len(ids) != 1 {
		t.Errorf("王老师's accounts: %+v, %v; want his console account untouched", ids, err)
	}
	if _, err := db.UnbindStaff(ctx, 9999, ""); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("UnbindStaff(unknown staff): %v, want ErrNotFound", err)
	}
}

// Failures are counted per account, per school and for everyone.
func TestBindFailureScopes(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for _, f := range []flows.BindFailure{
		{Channel: flows.ChannelWeChat, ExternalID: "a", SchoolID: s.ID, At: now.Add(-5 * time.Minute)},
		{Channel: flows.ChannelWeChat, ExternalID: "a", At: now.Add(-50 * time.Minute)},
		{Channel: flows.ChannelTelegram, ExternalID: "a", At: now},
		{Channel: flows.ChannelWeChat, ExternalID: "b", SchoolID: s.ID, At: now.Add(-2 * time.Hour)},
	} {
		if err := db.RecordBindFailure(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		scope flows.BindScope
		since time.Duration
		want  int
	}{
		{flows.BindScope{Channel: flows.ChannelWeChat, ExternalID: "a"}, time.Hour, 2},
		{flows.BindScope{Channel: flows.ChannelWeChat, ExternalID: "b"}, time.Hour, 0},
		{flows.BindScope{SchoolID: s.ID}, time.Hour, 1},
		{flows.BindScope{SchoolID: s.ID}, 3 * time.Hour, 2},
		{flows.BindScope{}, 10 * time.Minute, 2},
		{flows.BindScope{}, 3 * time.Hour, 4},
	} {
		if got, err := db.BindFailures(ctx, tc.scope, now.Add(-tc.since)); err != nil || got != tc.want {
			t.Errorf("BindFailures(%+v, last %v) = %d, %v; want %d", tc.scope, tc.since, got, err, tc.want)
		}
	}
}
