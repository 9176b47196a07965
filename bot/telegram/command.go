package telegram

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// command maps a Telegram bot command to the Chinese keyword the engine
// understands. Commands are only a shortcut: every one of them also works
// typed as its keyword, which is what WeChat users do.
type command struct {
	word string
	args bool // the words around the command are kept as its argument
}

var commands = map[string]command{
	"help":   {word: flows.WordHelp},
	"menu":   {word: "菜单"},
	"cancel": {word: "取消"},
	"mine":   {word: "我的"},
	"bind":   {word: flows.WordBind, args: true},
	"report": {word: "报修", args: true},
	"repair": {word: "报修", args: true},
	"visit":  {word: "来访", args: true},
	"sample": {word: "留样", args: true},
	"dishes": {word: "菜谱", args: true},
	"meal":   {word: "陪餐", args: true},
	"check":  {word: "巡查"},
	"hazard": {word: "发现隐患", args: true},
}

// parsed is what houqin makes of the text of one Telegram message.
type parsed struct {
	Text      string // what the engine sees
	Mentioned bool   // the text mentioned @bot
	Command   string // the first command's name, lower-case, without the slash; "" if none
	ForUs     bool   // the command is one of ours and addressed to us (no @target, or @bot)
	ForOther  bool   // the command names another bot: /cmd@otherbot
}

// parseText turns a message text into the engine's words. It does what the
// library's matcher cannot: it finds a command anywhere after a space or
// after Chinese text ("请帮我 /help"), accepts "/cmd@botname", maps the
// command to its Chinese keyword, maps the deep link "/start CODE" to
// "绑定 CODE", and removes "@botname" mentions. Unknown commands pass
// through as typed (minus the mention) so the engine can answer them.
func parseText(text, botname string) parsed {
	var p parsed
	start, end, name, target := findCommand(text)
	if start < 0 {
		p.Text, p.Mentioned = stripMention(text, botname)
		return p
	}
	p.Command = strings.ToLower(name)
	if target != "" && !strings.EqualFold(target, botname) {
		p.ForOther = true
		p.Text, p.Mentioned = stripMention(text, botname)
		return p
	}
	before, m1 := stripMention(text[:start], botname)
	after, m2 := stripMention(text[end:], botname)
	p.Mentioned = m1 || m2
	if p.Command == "start" {
		// Deep links carry at most 64 characters of [A-Za-z0-9_-]; a
		// longer "argument" is typed text and still goes to 绑定 so the
		// engine refuses it politely.
		p.ForUs = true
		if repair.IsScanScene(after) {
			p.Text = repair.ScanText(after) // 扫码报修: a room's printed code
		} else if after != "" {
			p.Text = flows.BindCommand(after)
		} else {
			p.Text = flows.WordHelp
		}
		return p
	}
	cmd, ok := commands[p.Command]
	if !ok {
		// Unknown: hand the text over as typed, without "@botname".
		p.Text = squeeze(strings.TrimSpace(before + " /" + name + " " + after))
		return p
	}
	p.ForUs = true
	p.Text = cmd.word
	if cmd.args {
		arg := after
		if arg == "" {
			arg = before
		}
		if arg != "" {
			p.Text += " " + arg
		}
	}
	return p
}

// findCommand finds the first bot command in text: a "/" at the start or
// after a space or a non-ASCII character, then 1 to 32 of [A-Za-z0-9_],
// optionally "@target", ending at the end, a space or a non-ASCII
// character. So "/help", "请帮我/help" and "/report@houqin_bot 灯坏了" are
// commands, and "http://x/help" or "1/2" are not. It returns the byte
// range of the command token, or start -1.
func findCommand(text string) (start, end int, name, target string) {
	prev := ' '
	for i, r := range text {
		if r == '/' && (unicode.IsSpace(prev) || prev >= utf8.RuneSelf) {
			if e, n, t, ok := scanCommand(text, i); ok {
				return i, e, n, t
			}
		}
		prev = r
	}
	return -1, -1, "", ""
}

func scanCommand(text string, at int) (end int, name, target string, ok bool) {
	i := at + 1
	j := i
	for j < len(text) && isWordByte(text[j]) {
		j++
	}
	if j == i || j-i > 32 {
		return 0, "", "", false
	}
	name = text[i:j]
	if j < len(text) && text[j] == '@' {
		k := j + 1
		for k < len(text) && isWordByte(text[k]) {
			k++
		}
		if k == j+1 {
			return 0, "", "", false
		}
		target = text[j+1 : k]
		j = k
	}
	if j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) && r < utf8.RuneSelf {
			return 0, "", "", false
		}
	}
	return j, name, target, true
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// stripMention removes every "@botname" (any case, as a whole word) and
// reports whether there was one. The rest is trimmed and runs of spaces
// squeezed; line breaks are kept, a report can span several lines.
func stripMention(text, botname string) (string, bool) {
	if botname == "" {
		return squeeze(strings.TrimSpace(text)), false
	}
	var b strings.Builder
	found := false
	m := "@" + botname
	for i := 0; i < len(text); {
		if text[i] == '@' && len(text)-i >= len(m) && strings.EqualFold(text[i:i+len(m)], m) &&
			(i+len(m) == len(text) || !isWordByte(text[i+len(m)])) {
			found = true
			b.WriteByte(' ')
			i += len(m)
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return squeeze(strings.TrimSpace(b.String())), found
}

// mentions reports whether text mentions @botname.
func mentions(text, botname string) bool {
	_, ok := stripMention(text, botname)
	return ok
}

// squeeze collapses runs of spaces and tabs into one space. It works on
// bytes (both are ASCII), so it leaves everything else as it was.
func squeeze(s string) string {
	if !strings.Contains(s, "  ") && !strings.Contains(s, "\t") {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\t' {
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		}
		space = false
		b = append(b, s[i])
	}
	return string(b)
}
