package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// inbound is a decrypted WeCom callback message: the fields of the text,
// image, voice, location and event messages houqin reads
// (https://developer.work.weixin.qq.com/document/path/90239, 90240).
type inbound struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"` // the member's UserID
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
	MsgID        string `xml:"MsgId"`
	AgentID      string `xml:"AgentID"`
	MediaID      string `xml:"MediaId"`
	// Recognition is speech recognised as text. WeCom's self-built apps
	// do not document it for voice messages; it is read when present (as
	// on the official account), otherwise the person is asked to type.
	Recognition string `xml:"Recognition"`
	Event       string `xml:"Event"`
	EventKey    string `xml:"EventKey"`
	TaskID      string `xml:"TaskId"`
	CardType    string `xml:"CardType"`
}

// fingerprint identifies a message by every field houqin reads from it,
// so a WeCom retry of one message matches and anything else does not.
func (c *Channel) fingerprint(m *inbound) string {
	return c.guard.Fingerprint("POST", m.FromUserName, m.ToUserName, strconvI(m.CreateTime), m.MsgType, m.MsgID,
		m.AgentID, m.Event, m.EventKey, m.TaskID, m.Content, m.MediaID, m.Recognition)
}

// action says what the callback does with an inbound message.
type action int

const (
	toEngine    action = iota // hand it to the engine, reply with its answer
	ignore                    // answer with an empty body, nothing else
	unsupported               // a user message type houqin cannot use: say so
	noWords                   // a voice message without recognised text: ask to type
	staleCard                 // a click on a card whose buttons are forgotten
)

const (
	unsupportedText = "暂不支持这种消息。请发送文字、图片或语音，或点击下方菜单。"
	staleCardText   = "这张卡片的按钮已经失效了。请按卡片上的提示直接回复文字（例如「接单 7」），或发送「我的」查看待办。"
)

// Menu keys of a WeCom app menu (应用管理 → 自定义菜单, type 点击): a click
// arrives as the word, so it works exactly like typing it. A key houqin
// does not know is taken as typed text, so a menu whose keys are the words
// themselves (报修, 我的) works too.
var menuWords = map[string]string{
	"REPAIR": "报修",
	"VISIT":  "来访登记",
	"SAMPLE": "留样",
	"DISHES": "菜谱",
	"MEAL":   "陪餐",
	"CHECK":  "巡查",
	"HAZARD": "发现隐患",
	"MINE":   "我的",
	"HELP":   flows.WordHelp,
}

// toMessage translates a message. what names the message type for logs
// (never its content); clicked is the label of a card's button clicked.
func (c *Channel) toMessage(ctx context.Context, m *inbound) (msg flows.Message, act action, what, clicked string) {
	user := m.FromUserName
	msg = flows.Message{Channel: flows.ChannelWeCom, ExternalUser: user, Chat: user, At: c.now()}
	if m.CreateTime > 0 {
		msg.At = time.Unix(m.CreateTime, 0)
	}
	what = m.MsgType
	if m.MsgID != "" {
		// The MsgId with its sender, as on the official account: a bare
		// MsgId would let one member read another's stored reply.
		msg.DedupKey = user + ":" + m.MsgID
	} else {
		// Events have no MsgId: the sender, the time and the event (and
		// for a card click the card and the button, so that two clicks in
		// one second are two messages).
		msg.DedupKey = user + ":" + strconvI(m.CreateTime) + ":" + m.Event
		if m.Event == "template_card_event" {
			msg.DedupKey += ":" + m.TaskID + ":" + m.EventKey
		}
	}
	switch m.MsgType {
	case "text":
		msg.Text = m.Content
	case "image":
		// The MediaId fetches the photo (media/get) for 3 days.
		msg.Media = []flows.Media{{Kind: "image", Ref: m.MediaID}}
	case "voice":
		msg.Text = callback.VoiceText(m.Recognition)
		msg.Media = []flows.Media{{Kind: "voice", Ref: m.MediaID}}
		if msg.Text == "" {
			return msg, noWords, what, ""
		}
	case "video", "file", "link", "location":
		return msg, unsupported, what, ""
	case "event":
		return c.event(ctx, m, msg)
	default:
		return msg, ignore, what, ""
	}
	return msg, toEngine, what, ""
}

// event translates an event into typed text or a button press.
func (c *Channel) event(ctx context.Context, m *inbound, msg flows.Message) (flows.Message, action, string, string) {
	what := "event " + m.Event
	switch m.Event {
	case "subscribe", "enter_agent":
		// enter_agent arrives each time the app is opened, only when 上报
		// 进入应用事件 is switched on: the help shows a bound member what
		// they can do, and an unbound one how to bind.
		msg.Text = flows.WordHelp
	case "click":
		msg.Text = m.EventKey
		if w, ok := menuWords[m.EventKey]; ok {
			msg.Text = w
		}
		if strings.TrimSpace(msg.Text) == "" {
			return msg, ignore, what, ""
		}
	case "template_card_event":
		data, label, err := c.buttonData(ctx, m.TaskID, m.EventKey, m.FromUserName)
		if err != nil {
			c.log.Info("wecom: card click not matched", "err", err.Error())
			return msg, staleCard, what, ""
		}
		msg.Button = data
		return msg, toEngine, what, label
	default:
		// unsubscribe, view, location reports, batch job results ...
		return msg, ignore, what, ""
	}
	return msg, toEngine, what, ""
}

// Cards.
//
// A notification with buttons goes out as a template card of type
// button_interaction. WeCom sends a click back as a template_card_event
// with the card's task_id and the button's key. The task_id is a short
// random id, and the buttons' data (which the engine understands) are kept
// under it in the shared KV with the card's recipient: a key is only the
// button's index ("b0", "b1" ...), so nothing the engine reads comes from
// the card itself, and a click is honoured only from the member the card
// was sent to.

// cardTTL is how long a card's buttons work. Every action also works
// typed («接单 7»), and a later click gets staleCardText.
const cardTTL = 30 * 24 * time.Hour

// cardState is what the KV keeps for one card.
type cardState struct {
	User   string   `json:"u"`
	Data   []string `json:"d"`
	Labels []string `json:"l"`
}

var errCardUnknown = errors.New("wecom: card task_id unknown or expired")

func cardKey(taskID string) string { return "wecom:card:" + taskID }

// saveCard remembers a card's buttons.
func (c *Channel) saveCard(ctx context.Context, taskID, user string, buttons []flows.Button) error {
	st := cardState{User: user}
	for _, b := range buttons {
		st.Data = append(st.Data, b.Data)
		st.Labels = append(st.Labels, b.Label)
	}
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return c.kv.PutKV(ctx, cardKey(taskID), string(raw), c.now().Add(cardTTL))
}

// buttonData is the data and the label of the button key on card taskID,
// clicked by user.
func (c *Channel) buttonData(ctx context.Context, taskID, key, user string) (data, label string, err error) {
	if taskID == "" || !strings.HasPrefix(key, "b") {
		return "", "", errCardUnknown
	}
	raw, err := c.kv.GetKV(ctx, cardKey(taskID))
	if err != nil {
		return "", "", errCardUnknown
	}
	var st cardState
	if err := json.Unmarshal([]byte(raw), &st); err != nil || st.User != user {
		return "", "", errCardUnknown
	}
	i, err := strconv.Atoi(key[1:])
	if err != nil || i < 0 || i >= len(st.Data) {
		return "", "", errCardUnknown
	}
	if i < len(st.Labels) {
		label = st.Labels[i]
	}
	return st.Data[i], label, nil
}

// clip cuts s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
