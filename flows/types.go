package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Channel names a chat channel a person can reach houqin through.
type Channel string

// The channels houqin speaks.
const (
	ChannelWeChat   Channel = "wechat"
	ChannelWeCom    Channel = "wecom" // 企业微信 self-built app
	ChannelTelegram Channel = "telegram"
	ChannelConsole  Channel = "console"
)

// Role is what a staff member does at school; it decides which flows they may use.
type Role string

// The role keys of the admin contract (DESIGN.md "Contract").
const (
	RoleTeacher   Role = "teacher"   // 教师
	RoleGuard     Role = "guard"     // 门卫
	RoleCanteen   Role = "canteen"   // 食堂
	RoleWorker    Role = "worker"    // 维修工
	RoleHead      Role = "head"      // 总务主任
	RoleLeader    Role = "leader"    // 分管领导
	RolePrincipal Role = "principal" // 校长
	RoleAdmin     Role = "admin"
)

// Roles lists every role key in a stable order.
var Roles = []Role{RoleTeacher, RoleGuard, RoleCanteen, RoleWorker, RoleHead, RoleLeader, RolePrincipal, RoleAdmin}

// Label is the role's Chinese name as staff see it.
func (r Role) Label() string {
	switch r {
	case RoleTeacher:
		return "教师"
	case RoleGuard:
		return "门卫"
	case RoleCanteen:
		return "食堂"
	case RoleWorker:
		return "维修工"
	case RoleHead:
		return "总务主任"
	case RoleLeader:
		return "分管领导"
	case RolePrincipal:
		return "校长"
	case RoleAdmin:
		return "管理员"
	}
	return string(r)
}

// Trade is a maintenance trade; repair categories route to trades.
type Trade string

// The trade keys of the admin contract.
const (
	TradeCarpentry  Trade = "carpentry"  // 木工: desks, chairs, doors, windows, locks
	TradeElectrical Trade = "electrical" // 电工: lights, sockets, wiring
	TradePlumbing   Trade = "plumbing"   // 水暖: taps, leaks, drains, toilets, heating
	TradeAV         Trade = "av"         // 电教/信息: projectors, computers, network
	TradeBuilding   Trade = "building"   // 土建: roof, walls, floors
	TradeGeneral    Trade = "general"    // 综合
)

// Trades lists every trade key in a stable order.
var Trades = []Trade{TradeCarpentry, TradeElectrical, TradePlumbing, TradeAV, TradeBuilding, TradeGeneral}

// Label is the trade's Chinese name.
func (t Trade) Label() string {
	switch t {
	case TradeCarpentry:
		return "木工"
	case TradeElectrical:
		return "电工"
	case TradePlumbing:
		return "水暖"
	case TradeAV:
		return "电教"
	case TradeBuilding:
		return "土建"
	case TradeGeneral:
		return "综合维修"
	}
	return string(t)
}

// School is one school; every other record belongs to exactly one.
type School struct {
	ID       int64
	Name     string
	Timezone string // IANA name, default Asia/Shanghai
	Settings Settings
	Active   bool
}

// Location returns the school's time zone, falling back to Asia/Shanghai
// (and to a fixed UTC+8 zone where the tz database is missing).
func (s School) Location() *time.Location {
	return LoadLocation(s.Timezone)
}

// LoadLocation loads an IANA zone; an empty or unknown name means
// Asia/Shanghai. Zones are loaded once per process (time.LoadLocation
// reads and parses the zone file on every call, and School.Location is
// asked on every message).
func LoadLocation(name string) *time.Location {
	if name == "" {
		name = "Asia/Shanghai"
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	zones.Store(name, loc)
	return loc
}

var zones sync.Map // zone name → *time.Location

// Staff is a person working at a school.
type Staff struct {
	ID       int64
	SchoolID int64
	Name     string
	Roles    []Role
	Trades   []Trade
	Phone    string
	Active   bool
}

// Has reports whether the staff member holds any of the roles.
func (s Staff) Has(roles ...Role) bool {
	for _, r := range roles {
		if slices.Contains(s.Roles, r) {
			return true
		}
	}
	return false
}

// ErrTradeNotWorker is Staff.Validate's error for trades on someone who is
// not a worker: repairs are routed by trade to workers only, so such a
// trade would never be used and only hides a mistake.
var ErrTradeNotWorker = fmt.Errorf("%w: only workers have trades", ErrInvalid)

// Validate reports every problem that makes s a staff record houqin cannot
// use: no name, no role, trades without the worker role
// (ErrTradeNotWorker). Each wraps ErrInvalid.
func (s Staff) Validate() error {
	var errs []error
	if strings.TrimSpace(s.Name) == "" {
		errs = append(errs, fmt.Errorf("%w: a staff member needs a name", ErrInvalid))
	}
	if len(s.Roles) == 0 {
		errs = append(errs, fmt.Errorf("%w: a staff member needs a role", ErrInvalid))
	}
	if len(s.Trades) > 0 && !s.Has(RoleWorker) {
		errs = append(errs, ErrTradeNotWorker)
	}
	return errors.Join(errs...)
}

// Location is a place at school a repair can be reported for.
type Location struct {
	ID       int64
	SchoolID int64
	Building string
	Floor    string
	Room     string
	Aliases  []string // e.g. 初二(3)班 for the class that uses the room
	OwnerID  int64    // 0 when nobody owns it; else e.g. the 班主任
	Active   bool
}

// Name is how the location is shown: building and room.
func (l Location) Name() string {
	if l.Building == "" {
		return l.Room
	}
	return l.Building + l.Room
}

// Label is how the location is shown in chat: its name and, when it has
// one, its first alias, e.g. 教学楼302（初二(3)班）.
func (l Location) Label() string {
	if len(l.Aliases) > 0 {
		return l.Name() + "（" + l.Aliases[0] + "）"
	}
	return l.Name()
}

// LocationLabel is the Label of the location with id among locs, or "".
func LocationLabel(locs []Location, id int64) string {
	for _, l := range locs {
		if l.ID == id {
			return l.Label()
		}
	}
	return ""
}

// Identity binds a chat account on one channel to a staff member.
type Identity struct {
	Channel    Channel
	ExternalID string
	StaffID    int64
	SchoolID   int64
	LastSeen   time.Time // last inbound message; WeChat's 48-hour window runs from it
}

// Media is an attachment of an inbound message.
type Media struct {
	Kind string // "image", "voice", "location"
	Ref  string // channel media reference: WeChat MediaId/PicUrl, Telegram file_id, "lat,lon"
}

// Message is one inbound chat message, translated by an adapter.
type Message struct {
	Channel      Channel
	ExternalUser string // the writer's account on the channel (WeChat OpenID, Telegram user id, console name)
	Chat         string // where it was written; equals ExternalUser in a private chat
	Text         string
	Button       string // callback data of a tapped button, if any
	Media        []Media
	DedupKey     string // WeChat sender+MsgId (events: sender+CreateTime+Event); Telegram update id; unique per channel
	At           time.Time
	// Nonce, when set, is the signed callback's replay nonce, recorded in
	// the message's own transaction (see NonceClaimer); nil for channels
	// that record it themselves or have none.
	Nonce *CallbackNonce
}

// CallbackNonce is the first use of a signed callback URL: its nonce
// (timestamp:nonce), a keyed fingerprint of the message it carried and its
// signed time. A later use with another fingerprint is a replay (ErrReplay).
type CallbackNonce struct {
	Nonce       string
	Fingerprint string
	SignedAt    time.Time
}

// Button is a choice offered with a reply. Data is at most 64 bytes (Telegram's
// limit); every button also works typed, as its Label or its number.
type Button struct {
	Label string `json:"label"`
	Data  string `json:"data"`
}

// Reply is a message to the person who wrote.
type Reply struct {
	Text    string   `json:"text"`
	Buttons []Button `json:"buttons,omitempty"`
	Image   string   `json:"image,omitempty"` // a media reference to show, if any
	// LabelsOnly: the text numbers something else (Turn.SayLabels), so the
	// buttons are typed by label only.
	LabelsOnly bool `json:"labels_only,omitempty"`
}

// Notification is a message to someone other than the writer; it is stored
// in the outbox in the same transaction as the change that caused it and
// delivered later by the outbox worker.
type Notification struct {
	SchoolID int64
	ToStaff  int64  // recipient staff member; 0 with no ToGroup means the school's 总务主任
	ToGroup  string // a school chat group purpose, e.g. GroupMaintenance
	Kind     string // what it is about, e.g. "repair.assigned"; used for templates
	Ref      string // the item, e.g. "repair:42"; groups edit the card of this item in place
	Text     string
	Buttons  []Button
	Link     string // an absolute URL to the item, where one exists
	Origin   int64  // the staff member told if this cannot be delivered; 0 = the 总务主任
}

// Group purposes a school can name chat groups for.
const (
	GroupMaintenance = "maintenance"
	GroupGate        = "gate"
	GroupCanteen     = "canteen"
)

// Session is the persisted conversation state of one person on one channel.
type Session struct {
	Channel    Channel
	ExternalID string
	StaffID    int64
	Flow       string // "" when idle
	State      string
	Data       []byte // the flow's JSON
	UpdatedAt  time.Time
	// Offer is the buttons of the last reply, typable by number or label
	// (see offer.go).
	Offer Offer
	// NoticeMark is the outbox position when the session was last saved:
	// personal notifications queued after it came after the person's last
	// message. The store sets it on SaveSession.
	NoticeMark int64
}
