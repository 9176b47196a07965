package console_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/console"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// terminal is one `houqin chat` terminal: its outbox worker, as chat wires
// it, printing into out.
func terminal(t *testing.T, db *store.DB, st flows.Staff, out *bytes.Buffer) *bot.Worker {
	t.Helper()
	account, err := db.BindConsole(context.Background(), st.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &bot.Worker{
		Outbox:  console.Inbox{Store: db, Account: account},
		Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: &console.Sender{Out: out}},
	}
}

// Two terminals on one database each print only their own person's
// notifications; a third person's, and another school's, stay queued until
// that person's own terminal opens.
func TestEachConsolePrintsOnlyItsOwn(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	one := storetest.Seed(t, db, "一中")
	two := storetest.Seed(t, db, "二中") // a second 李老师, in another school
	notes := []struct {
		school int64
		to     flows.Staff
		text   string
	}{
		{one.ID, one.Staff["李老师"], "给一中李老师"},
		{one.ID, one.Staff["孙师傅"], "给孙师傅"},
		{one.ID, one.Staff["王师傅"], "给王师傅"},
		{two.ID, two.Staff["李老师"], "给二中李老师"},
		{one.ID, one.Staff["孙师傅"], "再给孙师傅"},
	}
	if err := db.InTx(ctx, func(tx flows.Tx) error {
		for _, n := range notes {
			if err := tx.Enqueue(ctx, flows.Notification{SchoolID: n.school, ToStaff: n.to.ID, Kind: "test", Text: n.text}, time.Now()); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	var li, sun bytes.Buffer
	for _, w := range []*bot.Worker{terminal(t, db, one.Staff["李老师"], &li), terminal(t, db, one.Staff["孙师傅"], &sun)} {
		if _, err := w.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	check := func(who string, out *bytes.Buffer, want ...string) {
		t.Helper()
		got := strings.Count(out.String(), "📨")
		if got != len(want) {
			t.Errorf("%s's terminal printed %d notifications, want %d:\n%s", who, got, len(want), out)
		}
		for _, w := range want {
			if !strings.Contains(out.String(), "："+w+"\n") {
				t.Errorf("%s's terminal lacks %q:\n%s", who, w, out)
			}
		}
	}
	check("一中李老师", &li, "给一中李老师")
	check("孙师傅", &sun, "给孙师傅", "再给孙师傅")

	pending := func() []string {
		t.Helper()
		var texts []string
		if err := db.SQL().SelectContext(ctx, &texts, `SELECT body FROM outbox WHERE status = 'pending' ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		return texts
	}
	if got, want := strings.Join(pending(), ","), "给王师傅,给二中李老师"; got != want {
		t.Errorf("still queued: %s, want %s", got, want)
	}

	// Their own terminals print them.
	var wang, li2 bytes.Buffer
	for _, w := range []*bot.Worker{terminal(t, db, one.Staff["王师傅"], &wang), terminal(t, db, two.Staff["李老师"], &li2)} {
		if _, err := w.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	check("王师傅", &wang, "给王师傅")
	check("二中李老师", &li2, "给二中李老师")
	if got := pending(); len(got) != 0 {
		t.Errorf("still queued after every terminal flushed: %v", got)
	}
}

// recorder records the messages a console session sends.
type recorder struct{ got []flows.Message }

func (r *recorder) Handle(_ context.Context, m flows.Message) ([]flows.Reply, error) {
	r.got = append(r.got, m)
	return []flows.Reply{{Text: "收到"}}, nil
}

// A typed line that begins with a photo mark is sent as a photo with the
// rest as its caption, as a phone would send a picture and then the words;
// any other line, also one that only mentions 图片, is text.
func TestREPLTypedPhoto(t *testing.T) {
	rec := &recorder{}
	var out bytes.Buffer
	s := &console.Session{Handler: rec, Account: "1", Name: "孙师傅", Out: &out}
	in := "[图片] 整改完成 1\n［照片］\n图片发不了\n整改完成 [图片]\n"
	if err := s.REPL(context.Background(), strings.NewReader(in), nil); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text  string
		photo bool
	}{{"整改完成 1", true}, {"", true}, {"图片发不了", false}, {"整改完成 [图片]", false}}
	if len(rec.got) != len(want) {
		t.Fatalf("%d messages sent, want %d", len(rec.got), len(want))
	}
	refs := map[string]bool{}
	for i, w := range want {
		m := rec.got[i]
		if m.Text != w.text || (len(m.Media) == 1) != w.photo {
			t.Errorf("line %d: sent %q with %v, want %q with a photo %v", i+1, m.Text, m.Media, w.text, w.photo)
		}
		if w.photo {
			if m.Media[0].Kind != "image" || refs[m.Media[0].Ref] {
				t.Errorf("line %d: photo %+v, want an image with a reference of its own", i+1, m.Media[0])
			}
			refs[m.Media[0].Ref] = true
		}
	}
}

// A notice that brings a page's link (the digest's 详情页) prints the link:
// without it the reply's 「链接已另发给你」 pointed at nothing.
func TestSenderPrintsTheLink(t *testing.T) {
	var out bytes.Buffer
	s := &console.Sender{Out: &out}
	err := s.Send(context.Background(), flows.OutboxItem{Address: "acct", Notification: flows.Notification{Text: "今日汇总详情页（仅限本人打开）。", Link: "http://127.0.0.1:8080/digest/1/2026-12-02?sig=x"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "今日汇总详情页") || !strings.Contains(out.String(), "http://127.0.0.1:8080/digest/1/2026-12-02?sig=x") {
		t.Errorf("notice printed without its link:\n%s", &out)
	}
}
