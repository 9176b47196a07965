package telegram

import (
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

func TestPrivateTextRepliesWithInlineKeyboard(t *testing.T) {
	hs := newHarness(t, Config{}, func(m flows.Message) ([]flows.Reply, error) {
		return []flows.Reply{{Text: "请选择地点：", Buttons: []flows.Button{
			{Label: "1 教学楼302", Data: "loc:17"},
			{Label: "2 教学楼303", Data: "loc:18"},
			{Label: "取消", Data: "cancel"},
		}}}, nil
	})
	hs.process(t, privateText(500, teacher, "302 桌子坏了"))

	msgs := hs.h.messages()
	if len(msgs) != 1 {
		t.Fatalf("handler got %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	want := flows.Message{
		Channel:      flows.ChannelTelegram,
		ExternalUser: "1001",
		Chat:         "1001",
		Text:         "302 桌子坏了",
		DedupKey:     "u500",
		At:           time.Unix(1767225600, 0),
	}
	if got.Channel != want.Channel || got.ExternalUser != want.ExternalUser || got.Chat != want.Chat ||
		got.Text != want.Text || got.DedupKey != want.DedupKey || !got.At.Equal(want.At) || got.Button != "" || len(got.Media) != 0 {
		t.Errorf("message = %+v, want %+v", got, want)
	}

	sends := hs.api.Calls("sendMessage")
	if len(sends) != 1 {
		t.Fatalf("sendMessage calls = %d, want 1", len(sends))
	}
	if g := sends[0].Form.Get("chat_id"); g != "1001" {
		t.Errorf("chat_id = %s, want 1001", g)
	}
	if g := sends[0].Form.Get("text"); g != "请选择地点：" {
		t.Errorf("text = %q", g)
	}
	kb := keyboardOf(t, sends[0])
	var datas []string
	for _, row := range kb {
		for _, b := range row {
			datas = append(datas, b.Text+"="+b.CallbackData)
		}
	}
	if g, w := strings.Join(datas, ","), "1 教学楼302=loc:17,2 教学楼303=loc:18,取消=cancel"; g != w {
		t.Errorf("keyboard = %s, want %s", g, w)
	}
}

func TestCommandsReachTheEngineAsChineseWords(t *testing.T) {
	tests := []struct{ text, want string }{
		{"/start CODE123", "绑定 CODE123"},
		{"/start", "帮助"},
		{"/help", "帮助"},
		{"/menu", "菜单"},
		{"/cancel", "取消"},
		{"/mine", "我的"},
		{"/report@houqin_bot", "报修"},
		{"/report@Houqin_Bot 三楼灯不亮", "报修 三楼灯不亮"},
		{"请帮我 /help", "帮助"},
		{"请帮我/help", "帮助"},
		{"/frobnicate 1", "/frobnicate 1"},
		{"看看 http://example.com/help", "看看 http://example.com/help"},
	}
	for i, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			hs := newHarness(t, Config{}, nil)
			hs.process(t, privateText(int64(600+i), teacher, tt.text))
			msgs := hs.h.messages()
			if len(msgs) != 1 {
				t.Fatalf("handler got %d messages, want 1", len(msgs))
			}
			if msgs[0].Text != tt.want {
				t.Errorf("Text = %q, want %q", msgs[0].Text, tt.want)
			}
		})
	}
}

func TestPhotoKeepsLargestSizeAndCaption(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	hs.process(t, `{"update_id":700,"message":{"message_id":9,"from":`+userJSON(teacher)+`,"chat":`+privateChatJSON(teacher)+`,"date":1767225600,
		"photo":[{"file_id":"small","file_unique_id":"a","width":90,"height":67,"file_size":1200},
		         {"file_id":"large","file_unique_id":"c","width":1280,"height":960,"file_size":98000},
		         {"file_id":"medium","file_unique_id":"b","width":320,"height":240,"file_size":15000}],
		"caption":"桌腿断了"}}`)
	msgs := hs.h.messages()
	if len(msgs) != 1 {
		t.Fatalf("handler got %d messages, want 1", len(msgs))
	}
	if got := msgs[0]; got.Text != "桌腿断了" || len(got.Media) != 1 || got.Media[0] != (flows.Media{Kind: "image", Ref: "large"}) {
		t.Errorf("message = %+v, want caption 桌腿断了 and media image/large", got)
	}
}

func TestPrivateCallbackIsAnsweredAndReplied(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	hs.process(t, callbackUpdate(800, teacher, privateChatJSON(teacher), 42, "loc:17"))

	msgs := hs.h.messages()
	if len(msgs) != 1 || msgs[0].Button != "loc:17" || msgs[0].DedupKey != "u800" || msgs[0].Chat != "1001" || msgs[0].ExternalUser != "1001" {
		t.Fatalf("messages = %+v, want one press of loc:17 keyed u800", msgs)
	}
	calls := hs.api.Calls("answerCallbackQuery", "sendMessage")
	if len(calls) != 2 || calls[0].Method != "answerCallbackQuery" || calls[0].Form.Get("callback_query_id") != "cb800" {
		t.Fatalf("calls = %+v, want answerCallbackQuery cb800 then sendMessage", calls)
	}
	if calls[1].Form.Get("text") != "收到：loc:17" {
		t.Errorf("reply = %q", calls[1].Form.Get("text"))
	}
}

func TestGroupMessagesNeedToBeAddressed(t *testing.T) {
	tests := []struct {
		name   string
		update string
		want   string // the engine's Text; "" = not handled
	}{
		{"chatter", groupText(900, teacher, maintGroup, "今天下午开会"), ""},
		{"mention", groupText(901, teacher, maintGroup, "@houqin_bot 三楼灯不亮"), "三楼灯不亮"},
		{"mention in the middle", groupText(902, teacher, maintGroup, "三楼灯不亮 @HOUQIN_BOT 谢谢"), "三楼灯不亮 谢谢"},
		{"command for us", groupText(903, teacher, maintGroup, "/report@houqin_bot 门锁坏了"), "报修 门锁坏了"},
		{"bare command", groupText(904, teacher, maintGroup, "/mine"), "我的"},
		{"command for another bot", groupText(905, teacher, maintGroup, "/help@other_bot"), ""},
		{"unknown bare command", groupText(906, teacher, maintGroup, "/ban 1"), ""},
		{"bare mention", groupText(907, teacher, maintGroup, "@houqin_bot"), "帮助"},
		{"unknown group", groupText(908, teacher, -100999, "@houqin_bot 灯坏了"), ""},
		{"reply to the bot", `{"update_id":909,"message":{"message_id":77,"from":` + userJSON(teacher) + `,"chat":` + groupChatJSON(maintGroup) +
			`,"date":1767225600,"text":"已经修好了吗","reply_to_message":{"message_id":70,"from":{"id":123456,"is_bot":true,"first_name":"后勤","username":"houqin_bot"},"chat":` +
			groupChatJSON(maintGroup) + `,"date":1767225500,"text":"工单 #42"}}}`, "已经修好了吗"},
		{"reply to someone else", `{"update_id":910,"message":{"message_id":78,"from":` + userJSON(teacher) + `,"chat":` + groupChatJSON(maintGroup) +
			`,"date":1767225600,"text":"好的","reply_to_message":{"message_id":71,"from":` + userJSON(carpenter) + `,"chat":` +
			groupChatJSON(maintGroup) + `,"date":1767225500,"text":"我去看看"}}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, Config{}, nil)
			hs.process(t, tt.update)
			msgs := hs.h.messages()
			if tt.want == "" {
				if len(msgs) != 0 {
					t.Fatalf("handled %+v, want it ignored", msgs)
				}
				if n := len(hs.api.Calls()); n != 0 {
					t.Errorf("%d API calls for an ignored message", n)
				}
				return
			}
			if len(msgs) != 1 {
				t.Fatalf("handler got %d messages, want 1", len(msgs))
			}
			if msgs[0].Text != tt.want || msgs[0].Chat != strconv.FormatInt(maintGroup, 10) || msgs[0].ExternalUser != "1001" {
				t.Errorf("message = %+v, want Text %q in the group from 1001", msgs[0], tt.want)
			}
			// The conversation continues privately.
			sends := hs.api.Calls("sendMessage")
			if len(sends) != 1 || sends[0].Form.Get("chat_id") != "1001" {
				t.Errorf("sends = %+v, want one to the private chat 1001", sends)
			}
		})
	}
}

func TestGroupReportFromSomeoneWhoNeverStartedTheBot(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	hs.api.Fail(func(method string, form url.Values) (int, string, bool) {
		if method == "sendMessage" && form.Get("chat_id") == "1001" {
			return 403, body403NoStart, true
		}
		return 0, "", false
	})
	hs.process(t, groupText(950, teacher, maintGroup, "@houqin_bot 三楼灯不亮"))
	sends := hs.api.Calls("sendMessage")
	if len(sends) != 2 {
		t.Fatalf("sendMessage calls = %d, want the private try and the group note", len(sends))
	}
	note := sends[1]
	if note.Form.Get("chat_id") != strconv.FormatInt(maintGroup, 10) || !strings.Contains(note.Form.Get("text"), "请先私聊我并发送 /start") {
		t.Errorf("group note = %+v", note.Form)
	}
	var rp struct {
		MessageID int `json:"message_id"`
	}
	if err := json.Unmarshal([]byte(note.Form.Get("reply_parameters")), &rp); err != nil || rp.MessageID != 950 {
		t.Errorf("reply_parameters = %q, want a reply to message 950", note.Form.Get("reply_parameters"))
	}
}

func TestGroupCardPress(t *testing.T) {
	group := groupChatJSON(maintGroup)
	t.Run("accepted", func(t *testing.T) {
		hs := newHarness(t, Config{}, func(m flows.Message) ([]flows.Reply, error) {
			return []flows.Reply{{Text: "已接单：教学楼302 课桌。"}}, nil
		})
		hs.process(t, callbackUpdate(1000, carpenter, group, 70, "repair:42:take"))
		msgs := hs.h.messages()
		if len(msgs) != 1 || msgs[0].Button != "repair:42:take" || msgs[0].Chat != strconv.FormatInt(maintGroup, 10) || msgs[0].ExternalUser != "1002" {
			t.Fatalf("messages = %+v", msgs)
		}
		calls := hs.api.Calls()
		if len(calls) != 1 || calls[0].Method != "answerCallbackQuery" {
			t.Fatalf("calls = %+v, want only the callback answer", calls)
		}
		if f := calls[0].Form; f.Get("text") != "已接单：教学楼302 课桌。" || f.Get("show_alert") != "true" {
			t.Errorf("answer = %v", f)
		}
	})
	t.Run("multi-step goes private", func(t *testing.T) {
		hs := newHarness(t, Config{}, func(m flows.Message) ([]flows.Reply, error) {
			return []flows.Reply{{Text: "修不好的原因？\n1. 缺配件", Buttons: []flows.Button{{Label: "缺配件", Data: "why:parts"}}}}, nil
		})
		hs.process(t, callbackUpdate(1001, carpenter, group, 70, "repair:42:cant"))
		calls := hs.api.Calls()
		if len(calls) != 2 || calls[0].Method != "sendMessage" || calls[0].Form.Get("chat_id") != "1002" ||
			calls[1].Method != "answerCallbackQuery" || calls[1].Form.Get("text") != "修不好的原因？（详见私聊）" || calls[1].Form.Get("show_alert") != "" {
			t.Fatalf("calls = %+v, want the question privately and a toast", calls)
		}
	})
	t.Run("unknown group", func(t *testing.T) {
		hs := newHarness(t, Config{}, nil)
		hs.process(t, callbackUpdate(1002, carpenter, groupChatJSON(-100777), 70, "repair:42:take"))
		if n := len(hs.h.messages()); n != 0 {
			t.Fatalf("handler called %d times for a group no school named", n)
		}
		calls := hs.api.Calls()
		if len(calls) != 1 || calls[0].Method != "answerCallbackQuery" || calls[0].Form.Get("text") != "" {
			t.Errorf("calls = %+v, want one silent answer", calls)
		}
		if !strings.Contains(hs.logText(), "-100777") {
			t.Errorf("the unknown group's id was not logged")
		}
	})
}

func TestHandlerFailuresGetAnApology(t *testing.T) {
	for _, fail := range []string{"error", "panic"} {
		t.Run(fail, func(t *testing.T) {
			hs := newHarness(t, Config{}, func(m flows.Message) ([]flows.Reply, error) {
				if fail == "panic" {
					panic("nil map in flow")
				}
				return nil, errors.New("store: connection refused")
			})
			hs.process(t, privateText(1100, teacher, "你好"))
			sends := hs.api.Calls("sendMessage")
			if len(sends) != 1 || sends[0].Form.Get("text") != apology {
				t.Fatalf("sends = %+v, want the apology", sends)
			}
			hs.process(t, callbackUpdate(1101, teacher, privateChatJSON(teacher), 5, "menu"))
			answers := hs.api.Calls("answerCallbackQuery")
			if len(answers) != 1 || answers[0].Form.Get("text") != apology || answers[0].Form.Get("show_alert") != "true" {
				t.Fatalf("answers = %+v, want the apology as an alert", answers)
			}
			logs := hs.logText()
			if !strings.Contains(logs, "level=ERROR") {
				t.Errorf("failure not logged as an error:\n%s", logs)
			}
			if fail == "panic" && !strings.Contains(logs, "nil map in flow") {
				t.Errorf("panic value not logged:\n%s", logs)
			}
		})
	}
}

func TestGroupMigrationServiceMessage(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	hs.process(t, `{"update_id":1200,"message":{"message_id":5,"from":`+userJSON(teacher)+`,"chat":{"id":-4001,"title":"维修群","type":"group"},"date":1767225600,"migrate_to_chat_id":-1004001}}`)
	if len(hs.chats.migrations) != 0 {
		t.Fatalf("migrated a group no school named")
	}
	hs.chats.groups["-4001"] = 1
	hs.process(t, `{"update_id":1201,"message":{"message_id":5,"from":`+userJSON(teacher)+`,"chat":{"id":-4001,"title":"维修群","type":"group"},"date":1767225600,"migrate_to_chat_id":-1004001}}`)
	if len(hs.chats.migrations) != 1 || hs.chats.migrations[0] != [2]string{"-4001", "-1004001"} {
		t.Errorf("migrations = %v", hs.chats.migrations)
	}
	if n := len(hs.h.messages()); n != 0 {
		t.Errorf("service message reached the engine")
	}
}
