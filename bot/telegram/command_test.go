package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		in        string
		text      string
		mentioned bool
		forUs     bool
		forOther  bool
	}{
		{"你好", "你好", false, false, false},
		{"/start", "帮助", false, true, false},
		{"/start K7Q2-9X", "绑定 K7Q2-9X", false, true, false},
		{"/start loc_mfrggzdfmztwq2lk", "扫码报修 loc_mfrggzdfmztwq2lk", false, true, false}, // a room's printed code
		{"/start@houqin_bot K7Q2", "绑定 K7Q2", false, true, false},
		{"/help", "帮助", false, true, false},
		{"/HELP", "帮助", false, true, false},
		{"/help@houqin_bot", "帮助", false, true, false},
		{"/help@other_bot", "/help@other_bot", false, false, true},
		{"请帮我 /help", "帮助", false, true, false},
		{"请帮我/menu", "菜单", false, true, false},
		{"/cancel", "取消", false, true, false},
		{"/mine", "我的", false, true, false},
		{"/report@houqin_bot", "报修", false, true, false},
		{"/report 302 桌子坏了", "报修 302 桌子坏了", false, true, false},
		{"/dishes 明天午餐：红烧肉、米饭", "菜谱 明天午餐：红烧肉、米饭", false, true, false},
		{"/check", "巡查", false, true, false},
		{"/hazard 楼梯扶手松了", "发现隐患 楼梯扶手松了", false, true, false},
		{"302 桌子坏了 /report", "报修 302 桌子坏了", false, true, false},
		{"@houqin_bot /report 灯不亮", "报修 灯不亮", true, true, false},
		{"@houqin_bot 三楼\n灯不亮", "三楼\n灯不亮", true, false, false},
		{"灯坏了 @Houqin_Bot", "灯坏了", true, false, false},
		{"@houqin_botx 不是我", "@houqin_botx 不是我", false, false, false},
		{"mail a@houqin_bot.cn", "mail a .cn", true, false, false},
		{"/frobnicate@houqin_bot 1", "/frobnicate 1", false, false, false},
		{"http://example.com/help", "http://example.com/help", false, false, false},
		{"1/2 杯", "1/2 杯", false, false, false},
		{"/", "/", false, false, false},
		{"/help/me", "/help/me", false, false, false},
		{"/" + strings.Repeat("a", 33), "/" + strings.Repeat("a", 33), false, false, false},
	}
	for _, tt := range tests {
		p := parseText(tt.in, testBotName)
		if p.Text != tt.text || p.Mentioned != tt.mentioned || p.ForUs != tt.forUs || p.ForOther != tt.forOther {
			t.Errorf("parseText(%q) = %+v, want text %q mentioned %v forUs %v forOther %v",
				tt.in, p, tt.text, tt.mentioned, tt.forUs, tt.forOther)
		}
	}
}

func TestCallbackDataFitsTelegram(t *testing.T) {
	long := strings.Repeat("报", 30) // 90 bytes
	got := callbackData(flows.Button{Data: long})
	if len(got) > maxData || !utf8.ValidString(got) {
		t.Errorf("callbackData = %q (%d bytes), want ≤ 64 valid bytes", got, len(got))
	}
	if got := callbackData(flows.Button{Label: "完成"}); got != "完成" {
		t.Errorf("empty data = %q, want the label", got)
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("短", 10); got != "短" {
		t.Errorf("truncate short = %q", got)
	}
	got := truncate(strings.Repeat("😀", 150), maxAnswer)
	if n := utf16Len(got); n > maxAnswer || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate emoji: %d units, want ≤ %d ending in …", n, maxAnswer)
	}
	if got := truncate("a\xffb", 10); !utf8.ValidString(got) {
		t.Errorf("truncate kept invalid UTF-8: %q", got)
	}
}

// FuzzParseText checks the command parser on any text a Telegram user can send.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{"/start ABC", "请帮我 /help", "/report@houqin_bot 灯", "@houqin_bot", "a/b", "/x@", "/@houqin_bot", "\t/help\t", "@HOUQIN_BOT@houqin_bot"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p := parseText(in, testBotName)
		if utf8.ValidString(in) && !utf8.ValidString(p.Text) {
			t.Errorf("parseText(%q) made invalid UTF-8 %q", in, p.Text)
		}
		if strings.TrimSpace(p.Text) != p.Text {
			t.Errorf("parseText(%q) = %q, not trimmed", in, p.Text)
		}
		if len(p.Text) > len(in)+len("绑定 ")+len("报修") {
			t.Errorf("parseText(%q) grew to %q", in, p.Text)
		}
		if p.ForUs && p.ForOther {
			t.Errorf("parseText(%q): both for us and for another bot", in)
		}
		if p.Command != "" && strings.ToLower(p.Command) != p.Command {
			t.Errorf("parseText(%q): command %q not lower-case", in, p.Command)
		}
	})
}
