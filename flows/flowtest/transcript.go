package flowtest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

var update = flag.Bool("update", false, "rewrite the want section of golden transcripts")

// World is what a transcript runs against: the core fake, a store whose
// transactions also implement the capabilities' Stores, and the modules
// under test.
type World struct {
	Core    *Core
	Store   flows.Store
	Modules []flows.Module
	// Start is the clock at the script's start (default Start).
	Start time.Time
	// PublicURL, when set, is the base of links in notifications.
	PublicURL string

	// seq numbers the messages of every Play on this world: each Play's
	// messages get dedup keys the world has not seen, so a second Play is
	// not answered with the first one's stored replies.
	seq int
}

// Run runs every transcript matching pattern (e.g. "testdata/*.txt") as a
// subtest, each on a fresh world from newWorld.
//
// A transcript is a file of two sections, "-- input --" and "-- want --".
// The input is one step per line:
//
//	# a comment, copied to the output
//	at 2026-11-20 18:30     set the clock (also "at 18:30" on the same day, "at +2h", "at +3d")
//	李老师: 303教室灯不亮    a message from 李老师 (a name not on the staff is an unbound account)
//	李老师: [图片] 已修好    the same with a photo attached
//	  米饭 150克            a line indented by two spaces continues the message
//	                        above it: a message of several lines
//	孙师傅 tap 1             press button 1 of the latest message 孙师傅 got that had buttons
//	孙师傅 press rp:take:9   send raw button data, as an old or forged button would
//	again                   deliver the previous message once more, with the same dedup key
//	tick                    run every scheduler job once
//
// The want section is what houqin answered (lines "< "), the notifications
// it queued for others (lines "→ name (kind): "), each with the buttons it
// offered. Run with -update to rewrite it after a deliberate change, and
// read the diff.
func Run(t *testing.T, pattern string, newWorld func(t *testing.T) *World) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no transcripts match %s", pattern)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			input, want, err := sections(string(raw))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			got := Play(t, newWorld(t), input)
			for _, p := range walkButtons(t, input, newWorld) {
				t.Error(p)
			}
			if *update {
				out := "-- input --\n" + input + "-- want --\n" + got
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("%s: transcript differs (run with -update to accept, then read the diff)\n%s", file, diff(want, got))
			}
		})
	}
}

// sections splits a transcript file into its input and want sections.
func sections(s string) (input, want string, err error) {
	const in, out = "-- input --\n", "-- want --\n"
	i := strings.Index(s, in)
	if i < 0 {
		return "", "", fmt.Errorf("no %q section", strings.TrimSpace(in))
	}
	rest := s[i+len(in):]
	j := strings.Index(rest, out)
	if j < 0 {
		return rest, "", nil
	}
	return rest[:j], rest[j+len(out):], nil
}

// diff shows the first differing lines of want and got.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			lo := max(0, i-3)
			var out strings.Builder
			for k := lo; k < i; k++ {
				fmt.Fprintf(&out, "  %s\n", w[k])
			}
			fmt.Fprintf(&out, "- %s\n+ %s\n(line %d)", a, b, i+1)
			return out.String()
		}
	}
	return ""
}

// offered is one message with buttons the transcript showed someone.
type offered struct {
	step    int // the index of the input step that produced it
	who     string
	buttons []flows.Button
	labels  bool // flows.Reply.LabelsOnly
	notice  bool // a notification rather than a reply
}

// player runs one transcript.
type player struct {
	steps  []string  // the input steps, continuation lines joined
	offers []offered // every message with buttons shown to a person
	cur    int       // the step being played

	w       *World
	now     time.Time
	engine  *flows.Engine
	sched   *flows.Scheduler
	out     bytes.Buffer
	last    flows.Message
	buttons map[string][]flows.Button // the latest buttons each person was offered
	sent    int                       // outbox entries already shown
}

// Play runs the input steps on w and returns the transcript.
func Play(t testing.TB, w *World, input string) string {
	t.Helper()
	if w.Start.IsZero() {
		w.Start = Start
	}
	return play(t, w, input).out.String()
}

// play runs the input steps on w and returns the player, with the offers
// it saw.
func play(t testing.TB, w *World, input string) *player {
	t.Helper()
	p := newPlayer(w)
	lines := strings.Split(strings.TrimRight(input, "\n"), "\n")
	for n := 0; n < len(lines); n++ {
		line, first := lines[n], n
		for n+1 < len(lines) && strings.HasPrefix(lines[n+1], "  ") {
			n++
			line += "\n" + lines[n][2:]
		}
		p.cur = len(p.steps)
		p.steps = append(p.steps, line)
		if err := p.step(line); err != nil {
			t.Fatalf("input line %d %q: %v", first+1, line, err)
		}
	}
	return p
}

func newPlayer(w *World) *player {
	if w.Start.IsZero() {
		w.Start = Start
	}
	p := &player{w: w, now: w.Start, buttons: map[string][]flows.Button{}, sent: len(w.Core.Outbox)}
	clock := func() time.Time { return p.now }
	p.engine = flows.NewEngine(flows.EngineConfig{Store: w.Store, Now: clock, PublicURL: w.PublicURL, Modules: w.Modules})
	p.sched = &flows.Scheduler{Store: w.Store, Now: clock, Jobs: flows.ModuleJobs(w.Modules), BaseURL: w.PublicURL}
	return p
}

// walkButtons checks that every button the transcript offered works typed:
// for each message with buttons (a reply, or a notification to a person),
// it replays the transcript up to that message on a fresh world three
// times — pressing the button, typing its number, typing its label — and
// requires the same answer and notifications from all three. A reply
// marked LabelsOnly (its text numbers something else), and a notification
// that reached someone in the middle of a flow, are typed by label only. Group cards are pressed in the group, not typed, and are not
// walked. Only the last message with buttons a person got in one step is
// walked: that is the one a typed choice refers to. It returns one line
// per typed form that differs from pressing.
func walkButtons(t *testing.T, input string, newWorld func(t *testing.T) *World) (problems []string) {
	t.Helper()
	base := play(t, newWorld(t), input)
	last := map[[2]string]int{}
	for i, o := range base.offers {
		last[[2]string{strconv.Itoa(o.step), o.who}] = i
	}
	walked := 0
	for i, o := range base.offers {
		if last[[2]string{strconv.Itoa(o.step), o.who}] != i {
			continue
		}
		prefix := base.steps[:o.step+1]
		for n, b := range o.buttons {
			pressed := fork(t, newWorld, prefix, fmt.Sprintf("%s tap %d", o.who, n+1))
			forms := []string{b.Label}
			if !o.labels {
				forms = append(forms, strconv.Itoa(n+1))
			}
			for _, typed := range forms {
				got := fork(t, newWorld, prefix, o.who+": "+typed)
				walked++
				if got != pressed {
					what := "reply"
					if o.notice {
						what = "notification"
					}
					problems = append(problems, fmt.Sprintf("button %d「%s」of the %s to %s after input step %d %q: typed 「%s」 differs from pressed\npressed:\n%s\ntyped:\n%s",
						n+1, b.Label, what, o.who, o.step+1, base.steps[o.step], typed, pressed, got))
				}
			}
		}
	}
	if testing.Verbose() {
		t.Logf("walked %d typed buttons of %d offers", walked, len(base.offers))
	}
	return problems
}

// fork replays steps on a fresh world, then plays last, and returns what
// last produced without its echo line.
func fork(t *testing.T, newWorld func(t *testing.T) *World, steps []string, last string) string {
	t.Helper()
	p := newPlayer(newWorld(t))
	for _, s := range steps {
		if err := p.step(s); err != nil {
			t.Fatalf("replaying %q: %v", s, err)
		}
	}
	p.out.Reset()
	if err := p.step(last); err != nil {
		t.Fatalf("walking %q: %v", last, err)
	}
	_, out, _ := strings.Cut(p.out.String(), "\n")
	return out
}

func (p *player) step(line string) error {
	line = strings.TrimRight(line, " ")
	switch {
	case line == "":
		p.out.WriteString("\n")
		return nil
	case strings.HasPrefix(line, "#"):
		p.out.WriteString(line + "\n")
		return nil
	case strings.HasPrefix(line, "at "):
		return p.at(strings.TrimSpace(line[3:]))
	case line == "tick":
		p.out.WriteString("~ tick\n")
		p.sched.Tick(context.Background())
		p.notifications()
		return nil
	case line == "again":
		if p.last.DedupKey == "" {
			return fmt.Errorf("no message to deliver again")
		}
		p.out.WriteString("> (again) " + p.last.ExternalUser + ": " + p.last.Text + p.last.Button + "\n")
		p.deliver(p.last)
		return nil
	}
	if who, text, ok := strings.Cut(line, ": "); ok && !strings.Contains(who, " ") {
		m := p.msg(who)
		if rest, ok := strings.CutPrefix(text, "[图片]"); ok {
			m.Media = []flows.Media{{Kind: "image", Ref: fmt.Sprintf("photo-%d", p.w.seq)}}
			text = strings.TrimSpace(rest)
		}
		m.Text = text
		p.out.WriteString("> " + strings.ReplaceAll(line, "\n", "\n  ") + "\n")
		p.deliver(m)
		return nil
	}
	if who, data, ok := strings.Cut(line, " press "); ok && !strings.Contains(who, " ") {
		m := p.msg(who)
		m.Button = strings.TrimSpace(data)
		p.out.WriteString("> " + line + "\n")
		p.deliver(m)
		return nil
	}
	if who, n, ok := strings.Cut(line, " tap "); ok {
		i, err := strconv.Atoi(strings.TrimSpace(n))
		bs := p.buttons[who]
		if err != nil || i < 1 || i > len(bs) {
			return fmt.Errorf("%s has no button %s (offered %d)", who, n, len(bs))
		}
		m := p.msg(who)
		m.Button = bs[i-1].Data
		fmt.Fprintf(&p.out, "> %s 按「%s」\n", who, bs[i-1].Label)
		p.deliver(m)
		return nil
	}
	return fmt.Errorf("cannot read this step")
}

func (p *player) at(s string) error {
	loc := p.now.Location()
	switch {
	case strings.HasPrefix(s, "+"):
		d, err := parseDuration(s[1:])
		if err != nil {
			return err
		}
		p.now = p.now.Add(d)
	case len(s) == len("15:04"):
		c, err := time.ParseInLocation("15:04", s, loc)
		if err != nil {
			return err
		}
		y, m, d := p.now.Date()
		p.now = time.Date(y, m, d, c.Hour(), c.Minute(), 0, 0, loc)
	default:
		t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			return err
		}
		p.now = t
	}
	fmt.Fprintf(&p.out, "== %s\n", p.now.Format("2006-01-02 Mon 15:04"))
	return nil
}

// parseDuration reads 30m, 2h, 3d.
func parseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		return time.Duration(d) * 24 * time.Hour, err
	}
	return time.ParseDuration(s)
}

func (p *player) msg(who string) flows.Message {
	p.w.seq++
	return flows.Message{Channel: flows.ChannelConsole, ExternalUser: who, Chat: who,
		DedupKey: fmt.Sprintf("m%d", p.w.seq), At: p.now}
}

func (p *player) deliver(m flows.Message) {
	p.last = m
	replies, err := p.engine.Handle(context.Background(), m)
	if err != nil {
		fmt.Fprintf(&p.out, "! %v\n", err)
	}
	for _, r := range replies {
		p.write("< ", r.Text, r.Buttons, "")
		if len(r.Buttons) > 0 {
			p.buttons[m.ExternalUser] = r.Buttons
			p.offers = append(p.offers, offered{step: p.cur, who: m.ExternalUser, buttons: r.Buttons, labels: r.LabelsOnly})
		}
	}
	p.notifications()
}

// notifications writes the outbox entries queued since the last step.
func (p *player) notifications() {
	for _, q := range p.w.Core.Outbox[p.sent:] {
		to := "@" + q.Group
		if q.Group == "" {
			to = fmt.Sprintf("#%d", q.ToStaff)
			if st, err := p.w.Core.StaffByID(context.Background(), q.ToStaff); err == nil {
				to = st.Name
			}
		}
		p.write("→ "+to+" ("+q.Kind+"): ", q.Text, q.Buttons, q.Link)
		if len(q.Buttons) > 0 {
			p.buttons[to] = q.Buttons
			if q.Group == "" {
				// A notification that finds its recipient in the middle
				// of a flow works by label only: the flow's question
				// keeps the numbers (flows/offer.go).
				o := offered{step: p.cur, who: to, buttons: q.Buttons, notice: true}
				for k, s := range p.w.Core.sessions {
					if s.StaffID == q.ToStaff && k.ch == flows.ChannelConsole && s.Flow != "" && s.Flow != "menu" {
						o.labels = true
					}
				}
				p.offers = append(p.offers, o)
			}
		}
	}
	p.sent = len(p.w.Core.Outbox)
}

func (p *player) write(prefix, text string, buttons []flows.Button, link string) {
	lines := strings.Split(text, "\n")
	p.out.WriteString(prefix + lines[0] + "\n")
	for _, l := range lines[1:] {
		p.out.WriteString("  " + l + "\n")
	}
	if len(buttons) > 0 {
		var bs []string
		for i, b := range buttons {
			bs = append(bs, fmt.Sprintf("%d %s", i+1, b.Label))
		}
		p.out.WriteString("  {" + strings.Join(bs, " | ") + "}\n")
	}
	if link != "" {
		p.out.WriteString("  link: " + link + "\n")
	}
}
