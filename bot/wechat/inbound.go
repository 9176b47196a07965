package wechat

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// errDTD and decodeXML are the shared callback XML rules.
var (
	errDTD    = callback.ErrDTD
	decodeXML = callback.DecodeXML
)

// action says what the callback does with an inbound message.
type action int

const (
	toEngine    action = iota // hand it to the engine, reply with its answer
	ignore                    // answer "success", nothing else
	unsupported               // a user message type houqin cannot use: say so
	noWords                   // a voice message without recognised text: ask to type
)

// unsupportedText answers videos, links and the like. It does not go
// through the engine (nothing is stored), so it needs no dedup.
const unsupportedText = "暂不支持这种消息。请发送文字、图片、语音或位置，或点击下方菜单。"

// maxCodeLen bounds a binding code taken from a QR scene.
const maxCodeLen = 64

// toMessage translates a parsed WeChat message. what names the message type
// for logs (never its content).
func toMessage(m *message.MixMessage, now time.Time) (msg flows.Message, act action, what string) {
	openID := string(m.FromUserName)
	msg = flows.Message{
		Channel:      flows.ChannelWeChat,
		ExternalUser: openID,
		Chat:         openID,
		At:           now,
	}
	if m.CreateTime > 0 {
		msg.At = time.Unix(m.CreateTime, 0)
	}
	what = string(m.MsgType)
	if m.MsgID != 0 {
		// The MsgId with its sender: the engine answers a known
		// DedupKey with the replies stored for it, so a bare MsgId
		// would let one person read another's stored reply by
		// sending a message with that person's MsgId.
		msg.DedupKey = openID + ":" + strconv.FormatInt(m.MsgID, 10)
	} else {
		// Events have no MsgId: WeChat documents FromUserName+CreateTime
		// as their dedup key; the event name separates a subscribe from a
		// CLICK in the same second.
		msg.DedupKey = openID + ":" + strconv.FormatInt(m.CreateTime, 10) + ":" + string(m.Event)
	}

	switch m.MsgType {
	case message.MsgTypeText:
		msg.Text = m.Content
	case message.MsgTypeImage:
		// The MediaId fetches the photo through the API for 3 days; PicUrl
		// is a CDN address without a documented lifetime, so the MediaId
		// is the reference kept.
		msg.Media = []flows.Media{{Kind: "image", Ref: m.MediaID}}
	case message.MsgTypeVoice:
		// Recognition is only present when 语音识别 is enabled for the
		// account; without it the person is asked to type (see
		// callback.NoWords), and the engine never sees the voice note.
		msg.Text = callback.VoiceText(m.Recognition)
		msg.Media = []flows.Media{{Kind: "voice", Ref: m.MediaID}}
		if msg.Text == "" {
			return msg, noWords, what
		}
	case message.MsgTypeLocation:
		msg.Media = []flows.Media{{Kind: "location", Ref: formatFloat(m.LocationX) + "," + formatFloat(m.LocationY)}}
	case message.MsgTypeVideo, message.MsgTypeShortVideo, message.MsgTypeLink,
		message.MsgTypeMiniprogrampage, "file":
		return msg, unsupported, what
	case message.MsgTypeEvent:
		return event(m, msg)
	default:
		return msg, ignore, what
	}
	return msg, toEngine, what
}

// event translates an event into typed text, so the engine handles a menu
// click or a QR scan exactly as if the words had been typed.
func event(m *message.MixMessage, msg flows.Message) (flows.Message, action, string) {
	what := "event " + string(m.Event)
	switch m.Event {
	case message.EventSubscribe:
		// Scanning a parametric QR code while not yet following sends
		// subscribe with EventKey "qrscene_" + the scene string.
		if code, ok := strings.CutPrefix(m.EventKey, "qrscene_"); ok && validCode(code) {
			msg.Text = sceneText(strings.TrimSpace(code))
		} else {
			msg.Text = flows.WordHelp
		}
	case message.EventScan:
		// A follower scanning the code: EventKey is the bare scene string.
		if !validCode(m.EventKey) {
			return msg, ignore, what
		}
		msg.Text = sceneText(strings.TrimSpace(m.EventKey))
	case message.EventClick:
		msg.Text = menuWord(m.EventKey)
		if msg.Text == "" {
			return msg, ignore, what
		}
	default:
		// unsubscribe (a reply could not be delivered anyway), VIEW,
		// LOCATION reports, TEMPLATESENDJOBFINISH ...
		return msg, ignore, what
	}
	return msg, toEngine, what
}

// sceneText is what a scanned QR scene means: a room's 扫码报修 code
// ("loc:…", printed by `houqin qr`) starts a report there, any other scene
// is a binding code.
func sceneText(scene string) string {
	if repair.IsScanScene(scene) {
		return repair.ScanText(scene)
	}
	return flows.BindCommand(scene)
}

func validCode(code string) bool {
	code = strings.TrimSpace(code)
	return code != "" && len(code) <= maxCodeLen && utf8.ValidString(code) && !strings.ContainsAny(code, "\r\n")
}

func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
