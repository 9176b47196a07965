package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// chatter sends chat messages through the engine on the CLI's database,
// as the channels would.
type chatter struct {
	t   *testing.T
	db  *store.DB
	eng *flows.Engine
	seq int
}

func newChatter(t *testing.T, c *cli) *chatter {
	db, err := store.Open(context.Background(), c.env["HOUQIN_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &chatter{t: t, db: db, eng: flows.NewEngine(flows.EngineConfig{Store: db})}
}

func (ch *chatter) say(account, text string) string {
	ch.t.Helper()
	ch.seq++
	replies, err := ch.eng.Handle(context.Background(), flows.Message{Channel: flows.ChannelWeChat, ExternalUser: account,
		Chat: account, Text: text, DedupKey: fmt.Sprintf("m%d", ch.seq), At: time.Now()})
	if err != nil {
		ch.t.Fatalf("%s: %s: %v", account, text, err)
	}
	var out []string
	for _, r := range replies {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

func (ch *chatter) count(query string, args ...any) int {
	ch.t.Helper()
	var n int
	if err := ch.db.SQL().Get(&n, query, args...); err != nil {
		ch.t.Fatal(err)
	}
	return n
}

// newTeacherCLI makes a school with one teacher, whose id it returns.
func newTeacherCLI(t *testing.T) (*cli, string, *chatter) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	teacher := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher"))
	return c, teacher, newChatter(t, c)
}

func TestStaffUnbind(t *testing.T) {
	c, teacher, chat := newTeacherCLI(t)
	code := c.json("staff", "invite", "--staff", teacher)["code"].(string)
	if got := chat.say("openid-li", "绑定 "+code); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %s", got)
	}
	chat.say("openid-li", "菜单") // leaves a session

	if _, err := c.run("staff", "unbind", "--staff", teacher, "--channel", "sms"); exitCode(err) != 2 {
		t.Errorf("unbind --channel sms: %v, want a usage error", err)
	}
	m := c.json("staff", "unbind", "--staff", teacher, "--channel", "telegram")
	if id(m) != teacher || m["unbound"] != 0.0 {
		t.Errorf("unbinding a channel with no account printed %v", m)
	}
	m = c.json("staff", "unbind", "--staff", teacher, "--channel", "wechat")
	if id(m) != teacher || m["unbound"] != 1.0 || fmt.Sprint(m["channels"]) != "[wechat]" {
		t.Errorf("staff unbind printed %v, want the id and the one WeChat account", m)
	}
	if n := chat.count(`SELECT count(*) FROM sessions WHERE external_id = 'openid-li'`); n != 0 {
		t.Errorf("the unbound account's session is still there")
	}
	if got := chat.say("openid-li", "菜单"); !strings.Contains(got, "还没有绑定") {
		t.Errorf("the unbound account is still served: %s", got)
	}
	if out, err := c.run("staff", "unbind", "--staff", "9999"); err == nil {
		t.Errorf("unbinding an unknown staff member: %s", out)
	}
}

func TestStaffInviteRevoke(t *testing.T) {
	c, teacher, chat := newTeacherCLI(t)
	first := c.json("staff", "invite", "--staff", teacher)["code"].(string)
	second := c.json("staff", "invite", "--staff", teacher)["code"].(string)
	m := c.json("staff", "invite", "--staff", teacher, "--revoke")
	if id(m) != teacher || m["revoked"] != 2.0 || m["code"] != nil {
		t.Errorf("staff invite --revoke printed %v, want the id and 2 codes revoked, and no new code", m)
	}
	for _, code := range []string{first, second} {
		if got := chat.say("openid-x", "绑定 "+code); !strings.Contains(got, "绑定码不正确或已失效") {
			t.Errorf("a revoked code answered %q", got)
		}
	}
	if m := c.json("staff", "invite", "--staff", teacher, "--revoke"); m["revoked"] != 0.0 {
		t.Errorf("revoking again printed %v, want 0", m)
	}
	// A code made after the revocation works.
	third := c.json("staff", "invite", "--staff", teacher)["code"].(string)
	if got := chat.say("openid-x", "绑定 "+third); !strings.Contains(got, "绑定成功") {
		t.Errorf("a new code after --revoke: %s", got)
	}
}
