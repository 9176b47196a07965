// Package console is houqin's terminal channel, used by `houqin chat` and
// `houqin demo`: a person types as one staff member. Each `houqin chat`
// terminal prints only the notifications addressed to its own person (see
// Inbox), so with several terminals open on one database everyone sees
// their own; `houqin demo` plays everyone and prints every notification
// with the recipient's name.
package console

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// Apology is shown when the engine fails; the error itself goes to the log.
const Apology = "抱歉，系统暂时出了点问题，请稍后再试。"

// Session talks to the engine as one console account.
type Session struct {
	Handler bot.Handler
	Account string // the console identity's external id (the staff id)
	Name    string // shown in the prompt
	Out     io.Writer
	Now     func() time.Time

	once   sync.Once
	prefix string
	seq    int
}

// Send sends one message (text, or a button's data when button is set),
// with the attachments given, and prints the replies.
func (s *Session) Send(ctx context.Context, text, button string, media ...flows.Media) ([]flows.Reply, error) {
	s.once.Do(func() {
		b := make([]byte, 6)
		rand.Read(b)
		s.prefix = hex.EncodeToString(b)
		if s.Now == nil {
			s.Now = time.Now
		}
	})
	s.seq++
	for i := range media {
		if media[i].Ref == "" { // a typed photo (TypedPhoto): unique per session and message
			media[i].Ref = fmt.Sprintf("console-photo-%s-%d-%d", s.prefix, s.seq, i)
		}
	}
	msg := flows.Message{
		Channel: flows.ChannelConsole, ExternalUser: s.Account, Chat: s.Account,
		Text: text, Button: button, Media: media,
		DedupKey: fmt.Sprintf("%s-%d", s.prefix, s.seq), At: s.Now(),
	}
	replies, err := s.Handler.Handle(ctx, msg)
	if err != nil {
		fmt.Fprintf(s.Out, "houqin> %s\n", Apology)
		return nil, err
	}
	for _, r := range replies {
		fmt.Fprint(s.Out, Render("houqin> ", r))
	}
	return replies, nil
}

// Render formats a reply for a terminal: its text, then its buttons as
// numbered choices (typing the number works like tapping).
func Render(prefix string, r flows.Reply) string {
	var b strings.Builder
	indent := strings.Repeat(" ", len([]rune(prefix)))
	for i, line := range strings.Split(r.Text, "\n") {
		if i == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteString(indent)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if len(r.Buttons) > 0 && !strings.Contains(r.Text, "1. "+r.Buttons[0].Label) {
		b.WriteString(indent)
		for i, x := range r.Buttons {
			if i > 0 {
				b.WriteString("  ")
			}
			if r.LabelsOnly { // typed by label only: no number to mislead
				fmt.Fprintf(&b, "[%s]", x.Label)
				continue
			}
			fmt.Fprintf(&b, "[%d %s]", i+1, x.Label)
		}
		b.WriteByte('\n')
	}
	if r.Image != "" {
		fmt.Fprintf(&b, "%s(图片 %s)\n", indent, r.Image)
	}
	return b.String()
}

// photoMarks begin a typed line that stands for a photo: a terminal cannot
// attach one, and a finding's or a 整改's photo is part of the record.
// 「[图片]」 is what the transcripts' tests type too.
var photoMarks = []string{"[图片]", "［图片］", "[照片]", "［照片］"}

// TypedPhoto reads a line beginning with a photo mark (「[图片] 已修好」) as
// a photo with that caption. Send gives the photo its reference, made up
// (there is no image behind it) and saying so to whoever reads the record.
func TypedPhoto(line string) (string, []flows.Media) {
	t := strings.TrimSpace(line)
	for _, m := range photoMarks {
		if rest, ok := strings.CutPrefix(t, m); ok {
			return strings.TrimSpace(rest), []flows.Media{{Kind: "image"}}
		}
	}
	return line, nil
}

// REPL reads lines from in and sends each as a message until EOF or ctx
// ends. A line ending in a backslash continues on the next line, for
// messages of several lines (a list of dishes); a line beginning with
// 「[图片]」 sends a photo (TypedPhoto).
func (s *Session) REPL(ctx context.Context, in io.Reader, after func()) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var pending []string
	prompt := func() {
		if len(pending) > 0 {
			fmt.Fprint(s.Out, "... ")
		} else {
			fmt.Fprintf(s.Out, "%s> ", s.Name)
		}
	}
	prompt()
	for sc.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		line := sc.Text()
		if more, ok := strings.CutSuffix(line, `\`); ok {
			pending = append(pending, more)
			prompt()
			continue
		}
		text := strings.Join(append(pending, line), "\n")
		pending = nil
		if strings.TrimSpace(text) != "" {
			text, media := TypedPhoto(text)
			s.Send(ctx, text, "", media...)
			if after != nil {
				after()
			}
		}
		prompt()
	}
	fmt.Fprintln(s.Out)
	return sc.Err()
}

// Sender prints notifications addressed to console accounts, with the
// recipient's name; it implements bot.Sender.
type Sender struct {
	Out   io.Writer
	Names func(ctx context.Context, staffID int64) string

	mu sync.Mutex
}

// Send implements bot.Sender.
func (s *Sender) Send(ctx context.Context, it flows.OutboxItem) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	to := "群聊 " + it.Address
	if !it.IsGroup {
		to = it.Address
		if s.Names != nil {
			to = s.Names(ctx, it.ToStaff)
		}
	}
	text := it.Text
	if it.Link != "" {
		// A page's link (the digest's, a report's) is the notice's point:
		// the user test 27's principal read 「详情页的链接已另发给你」 and
		// then a notice without one.
		text += "\n" + it.Link
	}
	_, err := fmt.Fprint(s.Out, Render("  📨 → "+to+"：", flows.Reply{Text: text, Buttons: it.Buttons}))
	return err
}

// Inbox is the outbox as one console account sees it. A bot.Worker given an
// Inbox leases only the notifications addressed to Account, so its terminal
// prints its own person's messages and leaves everyone else's queued for
// their own terminal.
type Inbox struct {
	Store   flows.Outbox
	Account string
}

var _ flows.Outbox = Inbox{}

// ClaimOutbox implements flows.Outbox for Account only.
func (b Inbox) ClaimOutbox(ctx context.Context, now time.Time, l flows.Lease, limit int) ([]flows.OutboxItem, error) {
	if b.Account == "" {
		return nil, fmt.Errorf("console: inbox without an account: %w", flows.ErrInvalid)
	}
	l.Address = b.Account
	return b.Store.ClaimOutbox(ctx, now, l, limit)
}

// SettleOutbox implements flows.Outbox.
func (b Inbox) SettleOutbox(ctx context.Context, now time.Time, l flows.Lease, o flows.Outcome) error {
	return b.Store.SettleOutbox(ctx, now, l, o)
}

// ReleaseOutbox implements flows.Outbox.
func (b Inbox) ReleaseOutbox(ctx context.Context, l flows.Lease, ids []int64) error {
	return b.Store.ReleaseOutbox(ctx, l, ids)
}
