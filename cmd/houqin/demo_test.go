package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestDemo runs `houqin demo` end to end on a private database, twice, as
// the README promises: the first run creates the school and plays the day;
// the second replays the same conversation from the stored records and
// writes nothing.
func TestDemo(t *testing.T) {
	c := newCLI(t)
	first := c.ok("demo")
	for _, want := range []string{
		"== 示范中学 · 模拟的一天：2026年11月20日（星期五）==",
		"【报修：一句话报修 → 派单 → 维修 → 验收】", "BX-20261120-001",
		"【来访登记：关注名单", "110105********002X",
		"老郑> 刘强 13912345678 找张校长 反映问题 没带身份证 走路来的\nhouqin> ⚠ 请注意：这位访客与学校关注名单相符（手机号相符", // the watch list knows his phone, not only his ID
		"【留样：早餐，一条消息记完】", "【陪餐：分管领导和学生一起吃午餐】",
		"菜谱已保存：今天（11月20日 周五）午餐", "今天午餐菜单：\n        1. 红烧肉", // the menu by chat, then 留样 by it
		"【报修：一条消息说了三个问题", "已提交 3 项报修：",
		"【报修：夜里的安全隐患", "安全提示：", "【紧急提醒】",
		"李老师> 5\nhouqin> 谢谢你的 5 分！", // a rating typed as a number
		"== 演示结束。",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the demo did not print %q", want)
		}
	}
	for _, line := range strings.Split(first, "\n") {
		if strings.Contains(line, "11010519491231002X") && !strings.HasPrefix(line, "老郑> ") {
			t.Errorf("houqin showed a visitor's ID number unmasked: %s", line)
		}
	}
	before := tables(t, c)
	if before["repairs"] == "" || strings.HasPrefix(before["repairs"], "0 rows") {
		t.Fatalf("no repairs after the demo: %v", before)
	}
	demoEvening(t, c)

	second := c.ok("demo")
	const replayNote = "（演示数据已在数据库中：以下是同一段对话的重放。每条消息带着相同的去重键，引擎直接返回当时存下的回复，不会重复写入。）\n"
	if !strings.Contains(second, replayNote) {
		t.Errorf("the second run does not say it replays")
	}
	// The same conversation, word for word; the notifications went out the
	// first time and are not sent again.
	conv, sent := conversation(first)
	replay, resent := conversation(strings.Replace(second, replayNote, "", 1))
	if replay != conv {
		t.Errorf("the replay differs from the first run:\n%s", firstDiff(conv, replay))
	}
	if sent == 0 || resent != 0 {
		t.Errorf("notifications: %d the first time, %d in the replay; want some, then none", sent, resent)
	}
	after := tables(t, c)
	for name, sum := range before {
		if after[name] != sum {
			t.Errorf("the second run changed table %s: %s → %s", name, sum, after[name])
		}
	}

	// 「Then talk to houqin yourself」: the guard registers visitors in chat
	// on the demo's database with no key configured, as the demo did.
	out := c.chat("老郑", "访客张三 440304199001011233 13812345670 找王老师 送资料 步行\n取消\n")
	if !strings.Contains(out, "演示专用密钥") || strings.Contains(out, "还没有启用") || !strings.Contains(out, "访客是哪个单位的") {
		t.Errorf("chat on the demo's database does not register visitors with the demo key:\n%s", out)
	}
}

// TestChatKeepsTheGateOffWithoutAKey: on a database the demo never ran
// on, chat with no id_key keeps visitor registration off, as serve does;
// the demo's public key is not used.
func TestChatKeepsTheGateOffWithoutAKey(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	c.ok("staff", "add", "--school", school, "--name", "老郑", "--role", "guard")
	out := c.chat("老郑", "访客张三 440304199001011233 13812345670 找王老师 送资料 步行\n")
	if strings.Contains(out, "演示专用密钥") || !strings.Contains(out, "还没有启用") {
		t.Errorf("chat without a key on a real database:\n%s", out)
	}
}

// chat runs 「houqin chat --as name」 with stdin as what is typed, and
// returns what it printed.
func (c *cli) chat(name, stdin string) string {
	c.t.Helper()
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &out, Stdin: strings.NewReader(stdin), Getenv: func(k string) string { return c.env[k] }}
	if err := run(context.Background(), env, []string{"chat", "--as", name}); err != nil {
		c.t.Fatalf("houqin chat --as %s: %v\n%s", name, err, out.String())
	}
	return out.String()
}

// demoEvening checks the demo's evening in the database: the message
// naming three problems made three jobs for three workers, and the hazard
// at night went to the worker on duty and, in the same minute, to the
// 分管领导 and the 总务主任.
func demoEvening(t *testing.T, c *cli) {
	t.Helper()
	db := c.db().SQL()
	ctx := context.Background()
	var workers []string
	if err := db.SelectContext(ctx, &workers, `
		SELECT w.name FROM repairs r JOIN staff w ON w.id = r.worker_id
		WHERE r.reported_at = $1 ORDER BY r.id`, demoDay.Add(21*time.Hour+20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(workers, ","); got != "王师傅,孙师傅,周师傅" {
		t.Errorf("the three problems went to %q, want 王师傅,孙师傅,周师傅 (each by its trade)", got)
	}
	var tier, worker, reason string
	var id int64
	at := demoDay.Add(22*time.Hour + 30*time.Minute)
	if err := db.QueryRowContext(ctx, `
		SELECT r.id, r.tier, w.name, r.route_reason FROM repairs r JOIN staff w ON w.id = r.worker_id
		WHERE r.reported_at = $1`, at).Scan(&id, &tier, &worker, &reason); err != nil {
		t.Fatal(err)
	}
	if tier != "urgent" || worker != "孙师傅" || !strings.HasPrefix(reason, "值班表") {
		t.Errorf("the night hazard: tier %s, worker %s (%s); want urgent, 孙师傅 by the duty roster", tier, worker, reason)
	}
	var told []string
	if err := db.SelectContext(ctx, &told, `
		SELECT s.name FROM outbox o JOIN staff s ON s.id = o.to_staff
		WHERE o.ref = $1 AND o.created_at = $2 AND o.kind IN ('repair.assigned', 'repair.urgent', 'repair.urgent.filed') ORDER BY s.name`,
		fmt.Sprintf("repair:%d", id), at); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(told, ","); got != "刘副校长,孙师傅,陈主任" {
		t.Errorf("told of the night hazard at once: %q, want 刘副校长,孙师傅,陈主任", got)
	}
}

// tables fingerprints every table of the CLI's database: its row count and
// a hash of its rows, so any insert, update or delete shows.
func tables(t *testing.T, c *cli) map[string]string {
	t.Helper()
	ctx := context.Background()
	db := c.db().SQL()
	var names []string
	if err := db.SelectContext(ctx, &names, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		var n int
		var sum string
		q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM %q r`, name)
		if err := db.QueryRowContext(ctx, q).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprintf("%d rows %s", n, sum)
	}
	return out
}

// conversation is a demo's output without its notifications, and how many
// there were. A notification is printed as "  📨 → NAME：text", its further
// lines indented past the 8 columns of a reply's "houqin> ".
func conversation(out string) (string, int) {
	var keep []string
	n, in := 0, false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  📨 ") {
			n, in = n+1, true
			continue
		}
		if in && strings.HasPrefix(line, strings.Repeat(" ", 9)) {
			continue
		}
		in = false
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n"), n
}

// firstDiff shows where two outputs start to differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n first: %s\nreplay: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, then %d", len(al), len(bl))
}

// The demo replays forever: after housekeeping on the real clock (a chat
// or serve a month later) has pruned the demo's dedup log, a third run
// prints the first run's conversation and writes nothing (issue: a replay
// without the dedup log wrote every record again).
func TestDemoReplaysAfterTheDedupLogIsPruned(t *testing.T) {
	c := newCLI(t)
	first := c.ok("demo")
	// What the hourly housekeeping does 30 days after the demo's day.
	later := demoDay.AddDate(0, 0, 30)
	err := c.db().InTx(context.Background(), func(tx flows.Tx) error {
		return tx.(flows.EngineTx).PruneConversations(context.Background(), later.Add(-flows.InboundRetention), later)
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen, err := c.db().Seen(context.Background(), flows.ChannelConsole, demoFirstKey()); err != nil || seen {
		t.Fatalf("the dedup log was not pruned (seen %v, %v): the test proves nothing", seen, err)
	}
	before := tables(t, c)
	again := c.ok("demo")
	if !strings.HasPrefix(again, demoPrunedNote+"\n") {
		t.Errorf("the run after the prune does not say it prints the kept transcript:\n%.200s", again)
	}
	if got := strings.TrimPrefix(again, demoPrunedNote+"\n"); got != first {
		t.Errorf("the kept transcript differs from the first run:\n%s", firstDiff(first, got))
	}
	after := tables(t, c)
	for name, sum := range before {
		if after[name] != sum {
			t.Errorf("the run after the prune changed table %s: %s → %s", name, sum, after[name])
		}
	}
}

// Issue 15's acceptance, as a person would do it: the demo, then a `chat`
// on the real clock, then every scheduled job (housekeeping included) run
// as a serve would run them 30 days later, then the demo again: the same
// transcript, and not one row written or changed by the second demo.
func TestDemoChatMonthLaterDemo(t *testing.T) {
	c := newCLI(t)
	first := c.ok("demo")

	// A chat session: 李老师 asks for her repairs, then Ctrl-D.
	var term syncBuffer
	env := &Env{Stdout: &term, Stderr: &term, Stdin: strings.NewReader("我的\n"), Getenv: func(k string) string { return c.env[k] }}
	if err := run(context.Background(), env, []string{"chat", "--as", "李老师"}); err != nil {
		t.Fatalf("chat: %v\n%s", err, term.String())
	}
	if !strings.Contains(term.String(), "你现在是 李老师") {
		t.Fatalf("chat did not start as 李老师:\n%s", term.String())
	}

	// The clock moved 30 days on: one tick of the scheduler with every
	// module's jobs, as serve or chat would run it then.
	cfg, err := LoadConfig("", func(k string) string { return c.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	db := c.db()
	monthLater := func() time.Time { return time.Now().AddDate(0, 0, 30) }
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	newScheduler(db, cfg, modules(db, cfg, monthLater, log), monthLater, log).Tick(context.Background())
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a scheduled job failed a month after the demo:\n%s", logs.String())
	}
	if seen, err := db.Seen(context.Background(), flows.ChannelConsole, demoFirstKey()); err != nil || seen {
		t.Fatalf("housekeeping a month later kept the demo's dedup log (seen %v, %v): the test proves nothing", seen, err)
	}

	before := tables(t, c)
	again := c.ok("demo")
	if got := strings.TrimPrefix(again, demoPrunedNote+"\n"); got != first {
		t.Errorf("the demo a month later differs from the first run:\n%s", firstDiff(first, got))
	}
	after := tables(t, c)
	for name, sum := range before {
		if after[name] != sum {
			t.Errorf("the demo a month later changed table %s: %s → %s", name, sum, after[name])
		}
	}
}
