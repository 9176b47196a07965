package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// binder sends binding attempts from any number of WeChat accounts to an
// engine on the in-memory core, on a clock the test moves.
type binder struct {
	t   *testing.T
	c   *flowtest.Core
	eng *flows.Engine
	now time.Time
	seq int
	log bytes.Buffer
}

func newBinder(t *testing.T) (*binder, flows.School) {
	b := &binder{t: t, c: flowtest.NewCore(), now: flowtest.Start}
	s := flowtest.Seed(b.c)
	b.eng = flows.NewEngine(flows.EngineConfig{Store: &flowtest.Store{Tx: b.c}, Now: func() time.Time { return b.now },
		Logger:  slog.New(slog.NewTextHandler(&b.log, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Modules: []flows.Module{flows.Housekeeping()}})
	return b, s
}

// invite adds a staff member of school s with a code valid for a week.
func (b *binder) invite(s flows.School, name, code string) flows.Staff {
	st := b.c.AddStaff(flows.Staff{SchoolID: s.ID, Name: name, Roles: []flows.Role{flows.RoleTeacher}})
	b.c.Invite(code, st, b.now, b.now.AddDate(0, 0, 7))
	return st
}

func (b *binder) say(ch flows.Channel, account, text string) string {
	b.t.Helper()
	b.seq++
	replies, err := b.eng.Handle(context.Background(), flows.Message{Channel: ch, ExternalUser: account, Chat: account,
		Text: text, DedupKey: fmt.Sprintf("m%d", b.seq), At: b.now})
	if err != nil {
		b.t.Fatalf("%s: %s: %v", account, text, err)
	}
	var texts []string
	for _, r := range replies {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "\n")
}

func (b *binder) bind(account, code string) string {
	b.t.Helper()
	return b.say(flows.ChannelWeChat, account, "绑定 "+code)
}

const (
	answerWrong       = "绑定码不正确或已失效"
	answerUnavailable = "绑定暂时不可用，请稍后再试或联系总务处"
	answerBound       = "绑定成功"
)

func wantPrefix(t *testing.T, got, want, what string) {
	t.Helper()
	if !strings.HasPrefix(got, want) {
		t.Errorf("%s: got %q, want %q…", what, got, want)
	}
}

// 100 failures from all accounts together in 10 minutes close binding for
// everyone, even with a right code, until the window has passed; people
// already bound go on as before, and the refusals do not keep it closed.
func TestBindingGlobalLimit(t *testing.T) {
	b, s := newBinder(t)
	b.invite(s, "新老师", "GOODCODE")
	for i := range 100 {
		b.now = flowtest.Start.Add(time.Duration(i) * time.Second)
		wantPrefix(t, b.bind(fmt.Sprintf("bot-%d", i/5), fmt.Sprintf("WRONG%03d", i)), answerWrong, fmt.Sprintf("guess %d", i))
	}
	b.now = flowtest.Start.Add(9 * time.Minute)
	wantPrefix(t, b.bind("honest", "GOODCODE"), answerUnavailable, "a right code with the global limit reached")
	for i := range 50 {
		wantPrefix(t, b.bind(fmt.Sprintf("late-%d", i), "WRONG999"), answerUnavailable, "a guess with the global limit reached")
	}
	if got := b.say(flows.ChannelConsole, "李老师", "菜单"); !strings.Contains(got, "李老师，你好") {
		t.Errorf("a bound account is refused too: %q", got)
	}
	// The first 30 failures leave the window 10 minutes after they were
	// made; the 50 refusals were not failures.
	b.now = flowtest.Start.Add(10*time.Minute + 30*time.Second)
	wantPrefix(t, b.bind("honest", "GOODCODE"), answerBound, "a right code once the window has passed")
	if !strings.Contains(b.log.String(), "binding limit reached") || !strings.Contains(b.log.String(), "limit=global") {
		t.Errorf("reaching the global limit was not logged:\n%s", b.log.String())
	}
}

// A school whose used, expired and revoked codes failed 20 times in an hour
// binds nobody until the hour has passed, and says so exactly as it answers
// a wrong code; another school binds as before.
func TestBindingSchoolLimit(t *testing.T) {
	b, s := newBinder(t)
	other := b.c.AddSchool("二中")
	b.invite(s, "新老师", "GOODCODE")
	b.invite(other, "二中新老师", "OTHERSCH")
	b.invite(s, "老教师", "OLDCODE1")
	b.now = flowtest.Start.AddDate(0, 0, 8) // OLDCODE1 has expired; GOODCODE too, so invite again
	b.c.Invite("GOODCOD2", mustStaff(t, b.c, "新老师"), b.now, b.now.AddDate(0, 0, 7))
	b.c.Invite("OTHERSC2", mustStaff(t, b.c, "二中新老师"), b.now, b.now.AddDate(0, 0, 7))
	start := b.now
	for i := range 20 {
		wantPrefix(t, b.bind(fmt.Sprintf("replay-%d", i/5), "OLDCODE1"), answerWrong, fmt.Sprintf("expired code %d", i))
	}
	// Wrong codes from strangers name no school: they count for the
	// account and for everyone only.
	wantPrefix(t, b.bind("stranger", "NOSUCHCODE"), answerWrong, "a wrong code")
	wantPrefix(t, b.bind("honest", "GOODCOD2"), answerWrong, "a right code of a school over its limit")
	wantPrefix(t, b.bind("honest-2", "OTHERSC2"), answerBound, "a right code of another school")
	// The school opens an hour after its failures.
	b.now = start.Add(time.Hour + time.Minute)
	wantPrefix(t, b.bind("honest", "GOODCOD2"), answerBound, "a right code once the school's window has passed")
	if !strings.Contains(b.log.String(), "limit=school") {
		t.Errorf("reaching the school's limit was not logged:\n%s", b.log.String())
	}
}

func mustStaff(t *testing.T, c *flowtest.Core, name string) flows.Staff {
	t.Helper()
	st, err := c.StaffNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Every failure is logged with its reason and the account as a channel and
// a short hash, never the account's id and never the code.
func TestBindingFailuresAreLogged(t *testing.T) {
	b, s := newBinder(t)
	b.invite(s, "新老师", "GOODCODE")
	const openid = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
	b.bind(openid, "WRONG123")
	b.bind(openid, "GOODCODE")
	b.bind("someone-else", "GOODCODE")
	out := b.log.String()
	for _, secret := range []string{openid, "WRONG123", "GOODCODE", "someone-else"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains %q:\n%s", secret, out)
		}
	}
	tag := flows.AccountTag(flows.ChannelWeChat, openid)
	if !strings.HasPrefix(tag, "wechat:") || len(tag) != len("wechat:")+12 {
		t.Errorf("AccountTag = %q, want wechat: and 12 hex digits", tag)
	}
	for _, want := range []string{
		`msg="binding failed" account=` + tag + ` reason="unknown code"`,
		`msg="account bound" account=` + tag,
		`msg="binding failed" account=` + flows.AccountTag(flows.ChannelWeChat, "someone-else") + ` reason="used code" school=1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s:\n%s", want, out)
		}
	}
}
