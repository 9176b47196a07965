package flows

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Binding throttles. A failure is an attempt whose code was looked up and
// did not bind: a wrong, used, expired or revoked code, a deactivated staff
// member's, or one refused because its school is over its limit. An attempt
// refused by the account or global limit is not a failure: its code is never
// looked up, so a flood cannot keep a window shut by its own refusals, and
// the guessing rate is bounded by the limits (at most 100 codes looked up in
// any 10 minutes across all accounts).
//
// The limits are constants, not configuration: they protect the codes, not
// a school's way of working, and nobody should need to loosen them.
const (
	// Per chat account: five failures in an hour, then even a right code is
	// refused until the hour has passed.
	bindMaxFailures = 5
	bindWindow      = time.Hour
	// Per school: failures naming one school (see BindFailure.SchoolID). A
	// school over its limit binds nobody (its valid codes are answered like
	// wrong ones, so the refusal tells a guesser nothing) until the window
	// has passed.
	bindSchoolMaxFailures = 20
	bindSchoolWindow      = time.Hour
	// Globally: failures of all accounts together. Over it, every binding
	// attempt is refused politely until the window has passed; already
	// bound accounts are not affected.
	bindGlobalMaxFailures = 100
	bindGlobalWindow      = 10 * time.Minute
	// bindFailureRetention is how long failures are kept: the longest window.
	bindFailureRetention = time.Hour
)

// The answers to a binding attempt. A wrong, used, expired or revoked code,
// and a code of a school over its limit, all get the same answer, so that
// nothing tells a guesser that a code exists.
const (
	bindInstructions  = "你好！这里是学校后勤助手 houqin。\n你的账号还没有绑定。请向总务处领取绑定码，然后发送「绑定 绑定码」，例如：绑定 7K3M9QXA"
	bindWrong         = "绑定码不正确或已失效。请核对后重新发送，还可以再试 %d 次；如需新的绑定码请联系总务处。"
	bindWrongLast     = "绑定码不正确或已失效。输错次数太多，请一小时后再试；如需新的绑定码请联系总务处。"
	bindTooMany       = "绑定码输错次数太多，请一小时后再试，或联系总务处重新获取绑定码。"
	bindUnavailable   = "绑定暂时不可用，请稍后再试或联系总务处。"
	bindAlready       = "你的账号已经绑定为%s（%s），无需再次绑定。发送「菜单」查看能做什么。"
	bindOthersWarning = "你的档案此前已绑定%s，仍可继续使用。%s如非本人操作，请联系总务处。"
)

// KindStaffBound is the notification to the 总务主任 that a staff member's
// record was bound to one more chat account.
const KindStaffBound = "staff.bound"

// BindCode is a stored binding code: whose it is, and whether it still works.
type BindCode struct {
	SchoolID  int64
	StaffID   int64
	ExpiresAt time.Time
	Used      bool
	Revoked   bool
}

// BindScope selects whose failed binding attempts BindFailures counts: one
// chat account's (Channel and ExternalID set), one school's (SchoolID set),
// or, when it is empty, everyone's.
type BindScope struct {
	Channel    Channel
	ExternalID string
	SchoolID   int64
}

// BindFailure is one failed binding attempt.
type BindFailure struct {
	Channel    Channel
	ExternalID string
	// SchoolID is the school the attempt named: its code's, when the code
	// exists, else that of the account that sent it, when it is bound; 0
	// for a wrong code from a stranger, which says nothing of its target.
	SchoolID int64
	At       time.Time
}

// bind handles a message from an account that is not bound (bound is the
// zero Staff) or a 「绑定 CODE」 from one that is.
//
// The counts and the failure recorded after them are one atomic step:
// LockBinding serialises binding attempts across every instance for the
// rest of the transaction. Binding is rare (once per person), so making the
// attempts take turns costs nothing that matters. The counts are read once
// before taking the lock too: refusing is always safe, so a flood over a
// limit is refused without queueing on the lock and holding connections.
func (e *Engine) bind(ctx context.Context, tx EngineTx, msg Message, text string, now time.Time, bound Staff) ([]Reply, error) {
	code, ok := ParseBindCommand(text)
	if !ok {
		return []Reply{{Text: bindInstructions}}, nil
	}
	log := e.log.With("account", AccountTag(msg.Channel, msg.ExternalUser))
	c, refusal, err := bindThrottle(ctx, tx, log, msg, now)
	if err != nil {
		return nil, err
	}
	if refusal != "" {
		return []Reply{{Text: refusal}}, nil
	}

	why, school := "", bound.SchoolID
	bc, err := tx.BindCode(ctx, code)
	switch {
	case errors.Is(err, ErrNotFound):
		why = "unknown code"
	case err != nil:
		return nil, err
	default:
		school = bc.SchoolID
		switch {
		case bound.ID != 0 && bc.StaffID == bound.ID && bc.Used:
			// The person sent their own code again (a second tap on the link).
			return []Reply{{Text: fmt.Sprintf(bindAlready, bound.Name, RoleLabels(bound.Roles))}}, nil
		case bc.Revoked:
			why = "revoked code"
		case bc.Used:
			why = "used code"
		case !now.Before(bc.ExpiresAt):
			why = "expired code"
		}
	}
	if school != 0 {
		if c.school, err = tx.BindFailures(ctx, BindScope{SchoolID: school}, now.Add(-bindSchoolWindow)); err != nil {
			return nil, err
		}
	}
	if why == "" && c.school >= bindSchoolMaxFailures {
		why = "school limit"
	}

	var staff Staff
	var others []Identity
	if why == "" {
		if others, err = tx.Identities(ctx, bc.StaffID); err != nil {
			return nil, err
		}
		staff, err = tx.RedeemBindCode(ctx, code, msg.Channel, msg.ExternalUser, now)
		switch {
		case errors.Is(err, ErrExpired), errors.Is(err, ErrNotFound):
			why = "staff deactivated"
		case err != nil:
			return nil, err
		}
	}
	if why != "" {
		return bindFailed(ctx, tx, log, msg, now, why, school, c)
	}

	others = otherAccounts(others, msg.Channel, msg.ExternalUser)
	log.Info("account bound", "school", staff.SchoolID, "staff", staff.ID, "other_accounts", len(others))
	sch, err := tx.School(ctx, staff.SchoolID)
	if err != nil {
		return nil, err
	}
	t := &Turn{Ctx: ctx, Tx: tx, Now: now, School: sch, Staff: staff, Msg: msg, engine: e}
	t.Say(fmt.Sprintf("绑定成功！%s，欢迎使用%s后勤助手（身份：%s）。", staff.Name, sch.Name, RoleLabels(staff.Roles)))
	if len(others) > 0 {
		told, err := notifyNewAccount(t, msg.Channel, others)
		if err != nil {
			return nil, err
		}
		if told != "" {
			told = "这次绑定已通知" + told + "。"
		}
		t.Say(fmt.Sprintf(bindOthersWarning, accountsLabel(others), told))
	}
	e.showMenu(t)
	sess := Session{Channel: msg.Channel, ExternalID: msg.ExternalUser, StaffID: staff.ID, Flow: t.flow, UpdatedAt: now}
	if err := tx.SaveSession(ctx, sess); err != nil {
		return nil, err
	}
	return t.replies, nil
}

// bindCounts are the failures counted before an attempt, under the lock.
type bindCounts struct{ account, school, global int }

// bindThrottle counts the account's and everyone's failures, first without
// and then with the binding lock, and returns the answer that refuses the
// attempt, or "" to go on (holding the lock).
func bindThrottle(ctx context.Context, tx EngineTx, log *slog.Logger, msg Message, now time.Time) (bindCounts, string, error) {
	var c bindCounts
	account := BindScope{Channel: msg.Channel, ExternalID: msg.ExternalUser}
	for _, locked := range []bool{false, true} {
		if locked {
			if err := tx.LockBinding(ctx); err != nil {
				return c, "", err
			}
		}
		var err error
		if c.global, err = tx.BindFailures(ctx, BindScope{}, now.Add(-bindGlobalWindow)); err != nil {
			return c, "", err
		}
		if c.global >= bindGlobalMaxFailures {
			log.Info("binding refused", "reason", "global limit", "failures", c.global)
			return c, bindUnavailable, nil
		}
		if c.account, err = tx.BindFailures(ctx, account, now.Add(-bindWindow)); err != nil {
			return c, "", err
		}
		if c.account >= bindMaxFailures {
			log.Info("binding refused", "reason", "account limit", "failures", c.account)
			return c, bindTooMany, nil
		}
	}
	return c, "", nil
}

// bindFailed records and logs a failed attempt and answers it. A refusal
// by the school's limit counts against the account and globally, but not
// against the school again, so the school's window closes on time.
func bindFailed(ctx context.Context, tx EngineTx, log *slog.Logger, msg Message, now time.Time, why string, school int64, c bindCounts) ([]Reply, error) {
	f := BindFailure{Channel: msg.Channel, ExternalID: msg.ExternalUser, SchoolID: school, At: now}
	if why == "school limit" {
		f.SchoolID = 0
	}
	if err := tx.RecordBindFailure(ctx, f); err != nil {
		return nil, err
	}
	c.account++
	c.global++
	log.Warn("binding failed", "reason", why, "school", school, "failures", c.account)
	for _, l := range []struct {
		name   string
		n, max int
		window time.Duration
	}{
		{"account", c.account, bindMaxFailures, bindWindow},
		{"school", c.school + 1, bindSchoolMaxFailures, bindSchoolWindow},
		{"global", c.global, bindGlobalMaxFailures, bindGlobalWindow},
	} {
		if l.n == l.max && (l.name != "school" || f.SchoolID != 0) {
			log.Warn("binding limit reached", "limit", l.name, "school", school, "failures", l.n, "window", l.window)
		}
	}
	if left := bindMaxFailures - c.account; left > 0 {
		return []Reply{{Text: fmt.Sprintf(bindWrong, left)}}, nil
	}
	return []Reply{{Text: bindWrongLast}}, nil
}

// notifyNewAccount tells the school's 总务主任 (other than the person
// themself; the 校长 when there is no other) that t.Staff's record was
// bound to one more account. It returns whom it told: 总务主任, 校长 or "".
//
// The person is told in the reply, not by a notification: a notification
// to a staff member goes to the account they used last, which is now the
// new one, so it would only repeat the reply to whoever just bound. Telling
// the earlier accounts would need the outbox to address an account rather
// than a person; the 总务主任, who can have an account unbound, is the one
// who hears of it for sure.
func notifyNewAccount(t *Turn, ch Channel, others []Identity) (string, error) {
	s := t.Staff
	n := Notification{Kind: KindStaffBound, Ref: Ref("staff", s.ID),
		Text: fmt.Sprintf("%s（%s）的档案刚绑定了一个新的%s；此前已绑定%s。如非本人操作，请尽快与本人核实，并请管理员解除绑定（houqin staff unbind --staff %d）。",
			s.Name, RoleLabels(s.Roles), accountWord(ch), accountsLabel(others), s.ID)}
	for _, role := range []Role{RoleHead, RolePrincipal} {
		told, err := t.NotifyOthers([]Role{role}, n)
		if err != nil || told > 0 {
			return role.Label(), err
		}
	}
	return "", nil
}

// otherAccounts drops the account (ch, ext) from ids.
func otherAccounts(ids []Identity, ch Channel, ext string) []Identity {
	var out []Identity
	for _, id := range ids {
		if id.Channel != ch || id.ExternalID != ext {
			out = append(out, id)
		}
	}
	return out
}

// accountsLabel says how many accounts on which channels: 「微信账号 1 个、Telegram 账号 2 个」.
func accountsLabel(ids []Identity) string {
	var order []Channel
	n := map[Channel]int{}
	for _, id := range ids {
		if n[id.Channel] == 0 {
			order = append(order, id.Channel)
		}
		n[id.Channel]++
	}
	parts := make([]string, len(order))
	for i, ch := range order {
		parts[i] = fmt.Sprintf("%s %d 个", accountWord(ch), n[ch])
	}
	return strings.Join(parts, "、")
}

// accountWord names an account on a channel: 微信账号, Telegram 账号.
func accountWord(ch Channel) string {
	switch ch {
	case ChannelWeChat:
		return "微信账号"
	case ChannelWeCom:
		return "企业微信账号"
	case ChannelTelegram:
		return "Telegram 账号"
	case ChannelConsole:
		return "终端账号"
	}
	return string(ch) + " 账号"
}

// AccountTag names a chat account in logs without its id: the channel and
// the first 12 hex digits of a SHA-256 of the id. It lets one account's
// lines be followed, and keeps a WeChat openid out of the log; it is a
// pseudonym, not anonymity (a Telegram user id is a small number that can
// be hashed by brute force).
func AccountTag(ch Channel, externalID string) string {
	sum := sha256.Sum256([]byte(string(ch) + ":" + externalID))
	return string(ch) + ":" + hex.EncodeToString(sum[:6])
}
