package visit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// VisitFlow is 来访登记: a guard registers a visitor (from one message or
// step by step), the host confirms, and the visit is closed at 离校. Vault
// protects ID numbers; without one the flow refuses politely, because the
// gate log must not store ID numbers in plain text.
type VisitFlow struct {
	Vault *IDVault
	// Off is what a guard is told without a vault; noVaultText when "".
	Off string
}

// offText is why check-in is off.
func (f VisitFlow) offText() string {
	if f.Off != "" {
		return f.Off
	}
	return noVaultText
}

// VisitorsFlow is 在校访客: the guard's list of who is inside, and 离校.
// CheckIn is the check-in a message the list does not understand is handed
// to when it starts one: a guard looks at the list, then registers the next
// visitor at once, without 取消.
type VisitorsFlow struct {
	CheckIn VisitFlow
}

// Name implements Flow.
func (VisitFlow) Name() string { return flowCheckIn }

// Title implements Flow.
func (VisitFlow) Title() string { return "来访登记" }

// Triggers implements Flow.
func (VisitFlow) Triggers() []string {
	return []string{"来访登记", "访客登记", "登记访客", "来访", "访客"}
}

// Hint implements the engine's help text.
func (VisitFlow) Hint() string {
	return "或一句话登记「张三 身份证号 手机号 找李老师 家长会 京A12345」"
}

// Allowed implements Flow: the gate is the guards' job.
func (VisitFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleGuard) }

// Accepts implements Acceptor: a guard's message with an ID or phone
// number and a name or host is a one-message check-in.
func (VisitFlow) Accepts(t *flows.Turn) bool {
	if !t.Staff.Has(flows.RoleGuard) || saysLeaving(t.Text) {
		return false // 找李老师的家长走了 is someone leaving (VisitorsFlow)
	}
	g := vocabFor(t).parseVisitor(t.Text)
	story := g.Arrived || g.Surname != "" // 教育局来了两个人, 司机姓黄
	return (g.IDNumber != "" || g.Phone != "" || g.IDType == IDNone || g.IDType == IDOther) && (g.Name != "" || g.Host != "") ||
		g.Host != "" && g.Name != "" && (g.Purpose != "" || g.Party > 0) ||
		// 区教育局来巡考的 两个人 … 找刘副校长 (user test 29's R34): the
		// arrival told by its organisation first, then whom they ask for
		// with why they came, how many they are or their car.
		// (教育局的文件 找刘副校长签字 is no one arriving.)
		g.Host != "" && g.Org != "" && g.Org != "学生家长" && (g.Party > 0 || g.Plate != "" ||
			g.Purpose != "" && !g.Guessed && strings.Contains(parse.Normalize(t.Text), g.Org+"来")) ||
		// A check-in told as a story: who arrived, and whom they ask
		// for, their car, how many they are, or who and why.
		story && (g.Host != "" || g.Plate != "" || g.Party > 1 || g.Surname != "" && (g.Org != "" || g.Purpose != "")) ||
		// 有个家长来找李老师, 有人找王老师, 登记一下: at the gate, someone to
		// let in; the flow asks for the rest.
		guardVisitRE.MatchString(strings.TrimSpace(t.Text)) || registerAskRE.MatchString(strings.TrimSpace(t.Text)) || hearsayOK(t) ||
		// 有个家长来送伞 没带身份证 说是初二3班刘小明的妈妈 电话139…: a parent
		// at the gate, with a phone or what they brought; the name is whose
		// parent they are (kinName), the host the class's 班主任.
		g.Parent && (g.IDNumber != "" || g.Phone != "" || g.IDType == IDNone || g.Purpose != "" && !g.Guessed && atGateRE.MatchString(t.Text)) ||
		// 门口来了个家长在那嚷嚷 … 非要进去找初一1班班主任 (user test 17): a
		// parent at the gate and whom they ask for, told as a story.
		g.Host != "" && (g.Parent || g.Purpose == "家长来访") && atGateRE.MatchString(t.Text) ||
		// 初二家长 22人 找李老师 家长会 (user test 32's T34): a batch, whom
		// they ask for and why, with no one's name yet.
		g.Party > 1 && g.Host != "" && (g.Parent || g.Purpose != "" || g.Org != "") ||
		parentsBatchRE.MatchString(t.Text) ||
		// 送菜给钱阿姨 (user test 31): a delivery for someone, its driver
		// to register (a parcel left at the gate is ParcelFlow's).
		g.Host != "" && g.Purpose == "送货" && !g.Guessed && !strings.HasPrefix(strings.TrimSpace(t.Text), "我")
}

// parentsBatchRE is a guard telling of parents come in numbers, for a
// meeting, too many to register one by one: 家长会的家长 来了二十多个
// 登记不过来 咋办 (user test 32's T32). They are registered as a batch:
// one contact's name and phone, the number, whom they ask for.
var parentsBatchRE = rx.MustCompile(`家长.{0,12}?(?:来了|到了|来)\s*(?:[0-9]{2,3}|[一二两三四五六七八九]?十(?:多|几)?|几十|好多|很多|一大?批|一群|一堆)\s*(?:个|位|名)?|(?:一大?批|一群|好多|很多|二十多个|十几个|几十个)家长|家长.{0,16}?登记不过来`)

// registerAskRE is a guard asking to register a visitor, no detail yet:
// 登记个访客, 帮我登记一下, 登记一位来访人员.
var registerAskRE = rx.MustCompile(`^(?:请|帮我|帮忙|麻烦)?(?:来访)?登记(?:一下|下)?(?:个|一个|一位|位)?(?:访客|来访的?|来访人员|外来人员|客人|家长)?(?:一下)?[。.!！]?$`)

// atGateRE begins a guard's telling of someone at the gate: 有个家长来送伞,
// 门口来了个家长.
var atGateRE = rx.MustCompile(`^(?:门口|门卫室|校门口)?(?:有个|有位|有一位|来了个|来了位|来了一位|来个)`)

// hearsayOK reports whether the guard passes on what a visitor says
// (VisitFlow.hearsay): 有个男的说是初二3班刘小明的舅舅 要提前接孩子走.
func hearsayOK(t *flows.Turn) bool {
	_, ok := vocabFor(t).hearsay(t.Text)
	return ok
}

// guardVisitRE is a guard announcing a visitor before any detail.
var guardVisitRE = rx.MustCompile(`^(?:门口)?(?:有个|有位|来了个|来了位|有)?(?:人|家长|访客|客人|老师|快递|送货的|外卖)?(?:来)?找(?:一下)?\S{1,8}$|^(?:来访)?登记一下$|^有(?:人|访客|客人)来访$`)

// visitDraft is the check-in being typed. The ID number itself is never
// in it: only the sealed form (bound to this guard's draft: DraftOf), its
// hashes and the masked form, so sessions never hold a plain number
// either.
type visitDraft struct {
	Name     string `json:"name,omitempty"`
	Surname  string `json:"surname,omitempty"`   // 带队的姓刘: the name asked with it
	Nickname string `json:"nick,omitempty"`      // 小刘: what the visitor is called, the full name asked for
	NickAsks int    `json:"nick_asks,omitempty"` // how often the full name of Nickname was asked for
	IDType   IDType `json:"idt,omitempty"`
	IDSealed []byte `json:"ids,omitempty"`
	IDHash   string `json:"idh,omitempty"`
	IDLegacy string `json:"idl,omitempty"` // IDVault.LegacyHash, to match rows from before per-school keys
	IDMasked string `json:"idm,omitempty"`
	IDNote   string `json:"idn,omitempty"` // the guard's words: 没带身份证, 驾驶证
	// IDNoNumber is another document (IDOther, named: 工作证) that has no
	// number to record; a resident ID card always has one.
	IDNoNumber  bool   `json:"idnn,omitempty"`
	Phone       string `json:"phone,omitempty"`
	Org         string `json:"org,omitempty"`
	OrgDone     bool   `json:"org_done,omitempty"`
	Purpose     string `json:"purpose,omitempty"`
	PurposeNote string `json:"pnote,omitempty"`
	// PurposeGuessed: the purpose is only a leftover word (VisitorGuess.
	// Guessed), which a reason said later replaces.
	PurposeGuessed bool    `json:"pguess,omitempty"`
	HostID         int64   `json:"host,omitempty"`
	HostName       string  `json:"host_name,omitempty"`
	HostCands      []int64 `json:"host_cands,omitempty"`
	Plate          string  `json:"plate,omitempty"`
	PlateDone      bool    `json:"plate_done,omitempty"`
	Party          int     `json:"party,omitempty"`
	// Batch: the guard told of a batch (parents for a 家长会), registered
	// under one contact's name; the name is asked for as that.
	Batch      bool     `json:"batch,omitempty"`
	Alerted    []int64  `json:"alerted,omitempty"`
	WatchNotes []string `json:"watch,omitempty"`
	// AlertID is the watch-list alert this check-in raised (WatchAlert),
	// linked to the visit once registered.
	AlertID    int64 `json:"alert,omitempty"`
	RepeatDone bool  `json:"repeat_done,omitempty"`
	RepeatOf   int64 `json:"repeat_of,omitempty"`
	// WatchPast is the phone and name last looked up among the visitors
	// who matched the watch list before (checkWatchedBefore), so each is
	// looked up once.
	WatchPast string `json:"watch_past,omitempty"`
	// Queue is the visitors told in the same message, still to register
	// after this one (several.go); Together counts all of them, and Others
	// are the names of the rest, never this visitor's.
	Queue    []queuedVisitor `json:"queue,omitempty"`
	Together int             `json:"together,omitempty"`
	Others   []string        `json:"others,omitempty"`
}

// idHashes are the hashes the draft's ID number is looked up by: the
// school's, then the one shared before (IDVault.LegacyHash).
func (d *visitDraft) idHashes() []string {
	var out []string
	for _, h := range []string{d.IDHash, d.IDLegacy} {
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// complete reports whether nothing is left to ask.
func (d *visitDraft) complete() bool {
	return d.Name != "" && d.idDone() && d.Phone != "" && d.Purpose != "" && d.OrgDone && d.HostID != 0 && d.PlateDone
}

// idDone reports whether the document is settled: a number kept, a
// document that has none (a 工作证 without a number), or registered
// without one.
func (d *visitDraft) idDone() bool {
	return d.IDHash != "" || d.IDType == IDNone || d.IDType == IDOther && d.IDNoNumber
}

// KeyMismatchText answers when the configured ID key does not open the
// numbers stored: the key from before a rotation (houqin rekey), or a
// wrong copy. houqin serve then keeps check-in off (cmd/houqin).
const KeyMismatchText = "来访登记暂停使用：系统配置的身份证加密密钥与已保存的数据不一致（可能刚更换过密钥）。\n在恢复之前，请先使用纸质登记簿，并请总务处联系管理员处理。"

// noVaultText answers when no ID key is configured.
const noVaultText = "来访登记功能还没有启用：为保护访客的身份证号，管理员需要先配置身份证加密密钥（配置项 [privacy] id_key 或环境变量 HOUQIN_ID_KEY）。\n在此之前，请继续使用纸质登记簿，并联系总务处。"

// idTypeButtons are the documents visitors show at a school's gate: the
// 回乡证 is what a Hong Kong or Macau resident shows; a mainland
// resident's 港澳通行证 is rarely shown (they carry their ID card), so it
// is typed by its name and not offered, which keeps the numbers guards
// know (4 台胞证, 6 没有证件).
var idTypeButtons = []flows.Button{
	{Label: IDResident.Label(), Data: string(IDResident)},
	{Label: IDPassport.Label(), Data: string(IDPassport)},
	{Label: IDHomeReturn.Label(), Data: string(IDHomeReturn)},
	{Label: IDTaiwan.Label(), Data: string(IDTaiwan)},
	{Label: IDOther.Label(), Data: string(IDOther)},
	{Label: "没有证件", Data: string(IDNone)},
}

func purposeButtons() []flows.Button {
	out := make([]flows.Button, len(VisitPurposes))
	for i, p := range VisitPurposes {
		out[i] = flows.Button{Label: p, Data: p}
	}
	return out
}

var (
	visitConfirmButtons = []flows.Button{{Label: "确认登记", Data: pickSubmit}, {Label: "取消", Data: pickCancel}}
	repeatButtons       = []flows.Button{{Label: "沿用上次信息", Data: pickReuse}, {Label: "重新填写", Data: pickFresh}}
	// noDocLeadRE begins an answer to the ID question with no document,
	// more said after it: 没带 都是家长 先放进去吧.
	noDocLeadRE   = rx.MustCompile(`^(?:都|也)?(?:没带|没带证件|没带身份证|身份证没带|没有身份证|没有证件|忘带了|忘了带)(?:[\s，,。！!]|$)`)
	noDocWords    = []string{"无", "没有", "没带", "没带证件", "没有证件", "无证件", "忘带了", "忘了带", "没拿", "都没带"}
	noNumberWords = []string{"无", "没有", "没", "没有的", "没有呢", "没有啊", "上面没有"} // asked for a 工作证's number
	skipWords     = []string{"无", "没有", "没", "跳过", "不用", "无车", "步行", "个人", "-", "/"}
	reuseWords    = []string{"是", "好", "对", "沿用", "确认", "ok"}     // 沿用上次信息
	submitWords   = append(slices.Clone(flows.WordsAssent), "放行") // 确认登记
)

// Start implements Flow.
func (f VisitFlow) Start(t *flows.Turn) error {
	if f.Vault == nil {
		t.Done()
		t.Say(f.offText())
		return nil
	}
	text := flows.StripTrigger(t.Text, f.Triggers())
	d := &visitDraft{IDType: IDResident}
	if text == "" || registerAskRE.MatchString(strings.TrimSpace(text)) {
		return f.next(t, d)
	}
	v := vocabFor(t)
	if g, ok := v.hearsay(text); ok {
		return f.correct(t, d, g)
	}
	if gs := v.splitVisitors(text); len(gs) > 1 {
		return f.startSeveral(t, d, gs) // 周洁 身份证… 还有刘伟 身份证…
	}
	g := v.parseVisitor(text)
	if name, ok := v.kinName(text); ok && g.Name == "" {
		g.Name = name // 说是初二3班刘小明的妈妈: registered as 刘小明妈妈
	}
	if parentsBatchRE.MatchString(text) && g.Name == "" {
		// 家长会的家长 来了二十多个: what was read as a host or a name
		// (家长会的家长) is not one; the batch is registered under one
		// contact, and next says how.
		d.Batch = true
		g = VisitorGuess{Purpose: "家长来访", PurposeNote: batchNote(text), Party: g.Party, Host: batchHost(g.Host)}
	}
	if g.Party >= batchParty && g.Name == "" {
		d.Batch = true
	}
	return f.correct(t, d, g)
}

// batchParty is the party from which a check-in with no name is
// registered as a batch under one contact: two or three visitors are
// each named as usual.
const batchParty = 5

// batchNote is why a batch of parents came, when the guard said it:
// 家长会, else none (家长来访 says enough).
func batchNote(text string) string {
	if strings.Contains(text, "家长会") {
		return "家长会"
	}
	return ""
}

// batchHost keeps a host read from a batch's words only when it names a
// person or an office, not the parents themselves (家长会的家长).
func batchHost(h string) string {
	if strings.Contains(h, "家长") {
		return ""
	}
	return h
}

// merge applies what was read from a message, saying what could not be
// used and why.
func (f VisitFlow) merge(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if g.Name != "" {
		d.Name = g.Name
	} else if g.Surname != "" && d.Name == "" {
		d.Surname = g.Surname
		if g.Nickname != "" {
			d.Nickname = g.Nickname
		}
	}
	if g.IDNumber != "" {
		typ := g.IDType
		if typ == "" || typ == IDNone {
			typ = d.IDType
		}
		if typ == IDNone {
			typ = IDResident
		}
		if g.IDNote != "" {
			d.IDNote = g.IDNote
		}
		if err := f.setID(t, d, typ, g.IDNumber); err != nil {
			return err
		}
	} else if g.IDType == IDNone || g.IDType == IDOther {
		// 没带身份证: registered without a document, the guard's words
		// kept; 其他证件: its number is asked for next.
		d.IDType, d.IDNote, d.IDNoNumber = g.IDType, g.IDNote, false
		d.IDSealed, d.IDHash, d.IDLegacy, d.IDMasked = nil, "", "", ""
	}
	if g.NoNumber && g.IDNumber == "" {
		f.noNumber(t, d)
	}
	if g.Phone != "" {
		d.Phone = g.Phone
	} else if g.BadPhone != "" {
		t.Say(badPhoneText(g.BadPhone))
	}
	if g.Plate != "" {
		d.Plate, d.PlateDone = g.Plate, true
	} else if g.BadPlate != "" {
		t.Say(parse.ErrPlate.Text() + "没有车辆请回复「无」。")
	} else if g.NoVehicle {
		d.Plate, d.PlateDone = "", true
	}
	if g.Party > 0 {
		d.Party = g.Party
	}
	if g.Purpose != "" && g.Guessed && d.Purpose != "" && !d.PurposeGuessed {
		// A leftover word of a later line (骑电动车来的 停门口了, 刚才少打了)
		// is no reason: the one said before stays (user test 34's T51, T52).
		g.Purpose, g.PurposeNote = "", ""
	}
	if g.Purpose != "" {
		d.PurposeGuessed = g.Guessed
		if g.Purpose == "其他" && d.Org == "学生家长" {
			g.Purpose = "家长来访" // 事由改成送药, of a parent's visit
		}
		if g.Purpose != d.Purpose || g.PurposeNote != "" {
			// The same purpose without words (家长来访, read off 刘小明妈妈)
			// keeps the words it had: 家长来访（送把伞）.
			d.Purpose, d.PurposeNote = g.Purpose, g.PurposeNote
		}
		if d.PurposeNote == d.Purpose {
			d.PurposeNote = ""
		}
	}
	if g.Org != "" && (d.Org == "" || g.OrgLabelled || !longerNameOf(d.Org, g.Org)) {
		d.Org = g.Org
	}
	if g.Org != "" {
		d.OrgDone = true
	}
	if g.Host != "" {
		if err := f.findHost(t, d, g.Host); err != nil {
			return err
		}
		if class := classRE.FindString(parse.Normalize(t.Text)); len(d.HostCands) > 1 && class != "" {
			// 张梓涵的妈妈 初一二班的 找王老师: of the two 王老师, the one whose
			// class the message names. Someone else's is still asked.
			owner, ok, err := placeOwner(t.Ctx, t.Tx, t.School.ID, class)
			if err != nil {
				return err
			}
			if ok && slices.Contains(d.HostCands, owner[0].ID) {
				d.HostID, d.HostName, d.HostCands = owner[0].ID, owner[0].Name, nil
			}
		}
	}
	if class := classRE.FindString(parse.Normalize(t.Text)); g.Host == "" && g.Parent && d.HostID == 0 && len(d.HostCands) == 0 && class != "" {
		// 初二3班学生的奶奶: a parent of a class comes to its 班主任, unless
		// the guard says otherwise on the read-back.
		owner, ok, err := placeOwner(t.Ctx, t.Tx, t.School.ID, class)
		if err != nil {
			return err
		}
		if ok {
			d.HostID, d.HostName = owner[0].ID, owner[0].Name
		}
	}
	return nil
}

// badPhoneText explains a number that is neither a mobile number nor a
// landline with its area code, saying what is wrong: a mobile number a
// digit short or long, a landline's local number of the wrong length.
func badPhoneText(bad string) string {
	digits := 0
	for _, r := range bad {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if _, err := parse.ValidateLandline(bad); strings.HasPrefix(strings.TrimLeft(bad, "(（ "), "0") && err != nil {
		if le, ok := errors.AsType[*parse.LandlineLengthError](err); ok {
			return le.Text()
		}
		return parse.ErrLandline.Text()
	}
	switch {
	case digits == 10 && strings.HasPrefix(bad, "1"):
		return fmt.Sprintf("手机号是 11 位数字，「%s」只有 10 位，可能少输了一位，请再核对一下。", bad)
	case digits > 0 && digits != 11 && strings.HasPrefix(bad, "1"):
		return fmt.Sprintf("手机号是 11 位数字，「%s」有 %d 位，请再核对一下。单位座机也可以，要带区号，如 025-83456789。", bad, digits)
	}
	return parse.ErrPhone.Text() + "单位座机也可以，要带区号，如 025-83456789。"
}

// noNumber takes the guard's word that the document has no number (工作证
// 上没有号码): another document, named, is recorded without one, so the
// guard is never asked again for a number that does not exist. A resident
// ID card, a passport or a permit always has one: the guard is told how to
// go on instead.
func (f VisitFlow) noNumber(t *flows.Turn, d *visitDraft) {
	switch {
	case d.IDHash != "" || d.IDType == IDNone:
	case d.IDType == IDOther && vocabFor(t).otherDocWord(d.IDNote) != "":
		d.IDNoNumber = true
	case d.IDType == IDOther:
		t.Say("请先说一下是什么证件，例如「工作证 没有号码」。")
	default:
		t.Say(fmt.Sprintf("%s都有号码，请核对后发送。访客出示的是工作证等其他证件的，请回复证件名称，如「工作证」；没有任何证件的，请回复「没有证件」。", d.IDType.Label()))
	}
}

// setID validates, seals and hashes a document number. A wrong number is
// explained and left out; the plain number goes nowhere else.
func (f VisitFlow) setID(t *flows.Turn, d *visitDraft, typ IDType, number string) error {
	n, err := ValidateDocument(typ, number)
	if err != nil {
		if d.IDHash == "" {
			d.IDType = typ // ask again for the document named, not a 居民身份证
		}
		if typ == IDResident {
			t.Say(parse.IDErrorText(err) + "\n如果是护照、港澳通行证等其他证件，请写明类型，例如「护照 E12345678」。")
		} else {
			t.Say(fmt.Sprintf("%s号码应为 5–20 位字母或数字，请核对后重新发送。", typ.Label()))
		}
		return nil
	}
	return f.keepID(t, d, typ, n)
}

// keepID puts a valid number in the draft: sealed for this guard's draft,
// hashed with the school's key (and the old shared one, for lookups), and
// masked.
func (f VisitFlow) keepID(t *flows.Turn, d *visitDraft, typ IDType, n string) error {
	sealed, err := f.Vault.Seal(n, DraftOf(t.School.ID, t.Staff.ID))
	if err != nil {
		return err
	}
	d.IDType, d.IDSealed, d.IDMasked, d.IDNoNumber = typ, sealed, parse.MaskID(n), false
	d.IDHash, d.IDLegacy = f.Vault.Hash(t.School.ID, n), f.Vault.LegacyHash(n)
	return nil
}

// saidBeforeRE is the guard pointing back at what they said: 刚说了,
// 不是说了吗 (user test 29c's V14: 「李老师啊 刚说了」 was looked up whole).
var saidBeforeRE = rx.MustCompile(`(?:我|都)?(?:刚才?|不是|已经|前面)(?:都)?说(?:过)?了?(?:吗|嘛|啊|呀)?|说过了`)

// hostWords is the host in the guard's answer, without what is no name:
// 刚说了, and the particles after it (李老师啊).
func hostWords(q string) string {
	fields := strings.Fields(saidBeforeRE.ReplaceAllString(q, " "))
	if len(fields) == 0 {
		return q
	}
	tok := fields[0]
	for _, f := range fields {
		if staffCalledRE.MatchString(f) {
			tok = f
			break
		}
	}
	return trimParticles(tok, false)
}

// findHost looks the host up (findHosts: a class, an office, a whole
// name, a surname with a title, a title alone, pinyin initials).
func (VisitFlow) findHost(t *flows.Turn, d *visitDraft, query string) error {
	query = hostWords(query)
	found, err := findHosts(t.Ctx, vocabFor(t), t.Tx, t.School.ID, query)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.TrimPrefix(query, "找"))
	d.HostCands = nil
	switch len(found) {
	case 0:
		d.HostID, d.HostName = 0, ""
		t.Say(fmt.Sprintf("学校里没有找到「%s」。请发送被访人的姓名，或姓名的拼音首字母（如李老师发 lls）。", flows.Clip(q, 20)))
	case 1:
		d.HostID, d.HostName = found[0].ID, found[0].Name
	default:
		d.HostID, d.HostName = 0, ""
		for _, s := range found[:min(len(found), 8)] {
			d.HostCands = append(d.HostCands, s.ID)
		}
	}
	return nil
}

func (VisitFlow) hostButtons(t *flows.Turn, d *visitDraft) ([]flows.Button, error) {
	var out []flows.Button
	for _, id := range d.HostCands {
		s, err := t.Tx.StaffByID(t.Ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, flows.Button{Label: s.Name + "（" + flows.RoleLabels(s.Roles) + "）", Data: pickHost + strconv.FormatInt(s.ID, 10)})
	}
	return out, nil
}

// next alerts on a watch-list match, offers a repeat visitor's details,
// asks for the first missing field, or reads the registration back.
func (f VisitFlow) next(t *flows.Turn, d *visitDraft) error {
	if err := f.checkWatch(t, d); err != nil {
		return err
	}
	// A landline (025-83456789) is an office's, shared by whoever comes
	// from it: no sign that this visitor came before.
	phone := d.Phone
	if strings.HasPrefix(phone, "0") {
		phone = ""
	}
	if !d.RepeatDone && !d.complete() && (d.IDHash != "" || phone != "") {
		prev, err := db(t).LastVisitBy(t.Ctx, t.School.ID, d.idHashes(), phone)
		switch {
		case err == nil:
			d.RepeatDone, d.RepeatOf = true, prev.ID
			t.Say(fmt.Sprintf("这位访客 %s 来过，上次登记的信息是：\n%s\n要沿用吗？\n%s", t.When(prev.ArrivedAt), repeatSummary(prev), flows.Numbered(repeatButtons)), repeatButtons...)
			return goTo(t, stateRepeat, d)
		case !errors.Is(err, flows.ErrNotFound):
			return err
		}
	}
	if !d.OrgDone && d.Purpose == "家长来访" {
		d.Org, d.OrgDone = "学生家长", true
	}
	if d.Name == "" && d.Nickname != "" && d.NickAsks > 0 {
		// The full name of 小刘 was asked once and not given (the guard
		// retyped 小刘 顺丰快递的 135…, F70 of user test 18's second
		// re-run, asked again each time): he is registered as he is
		// called, never asked twice; a full name said later replaces it.
		d.Name = d.Nickname
		t.Say(nicknameTaken(d))
	}
	switch {
	case d.Name == "" && d.Nickname != "":
		// 顺丰 小刘 (user test 18): what he is called, kept with the rest;
		// the full name asked once.
		d.NickAsks++
		t.Say(nicknameAsk(d))
		return goTo(t, stateName, d)
	case d.Name == "" && d.Surname != "":
		t.Say(fmt.Sprintf("请发送这位%s姓访客的全名；不知道全名的，发姓加称呼也可以，如「%s科长」「%s师傅」。", d.Surname, d.Surname, d.Surname))
		return goTo(t, stateName, d)
	case d.Name == "" && d.Batch:
		// A batch is registered as one visit under a contact (user test
		// 32's T32–T34: 「请发送访客的姓名」 three times, nothing taken).
		n := "这一批访客"
		if d.Party > 1 {
			n = fmt.Sprintf("这一批 %d 位访客", d.Party)
		}
		lead := "带队的人"
		if d.Purpose == "家长来访" {
			lead = "带队的家长"
		}
		ask := n + "可以按一批登记：请发送其中一位（如" + lead + "）的姓名和手机号，作为联系人"
		if d.Party <= 1 {
			ask += "，再写上人数"
		}
		eg := "「王建国 13912340001"
		if d.HostName == "" && d.HostID == 0 {
			ask += "，以及找哪位老师"
			eg += " 找李老师"
		}
		if d.Party <= 1 {
			eg += " 22人"
		}
		t.Say(ask + "，例如" + eg + "」。没带证件的，问到证件时回复「没带」。被访人确认后放行。")
		return goTo(t, stateName, d)
	case d.Name == "":
		t.Say("请发送访客的姓名。\n（也可以一句话登记：「张三 身份证号 手机号 找李老师 家长会 京A12345」）")
		return goTo(t, stateName, d)
	case !d.idDone() && d.IDType == IDOther && vocabFor(t).otherDocWord(d.IDNote) != "":
		doc := vocabFor(t).otherDocWord(d.IDNote)
		t.Say(fmt.Sprintf("请发送%s%s上的号码；%s上没有号码的，请回复「没有号码」。\n没有任何证件的，请回复「没有证件」并说明原因，如「没带身份证」。", d.Name, doc, doc))
		return goTo(t, stateID, d)
	case !d.idDone() && d.IDType == IDOther:
		t.Say(fmt.Sprintf("请发送%s所带证件的名称和号码，例如「工作证 GZ2024001」。\n没有任何证件的，请回复「没有证件」并说明原因，如「没带身份证」。", d.Name))
		return goTo(t, stateID, d)
	case !d.idDone():
		t.Say(fmt.Sprintf("请发送%s的%s号码。\n不是居民身份证的，请先回复证件类型：\n%s", d.Name, d.IDType.Label(), flows.Numbered(idTypeButtons)), idTypeButtons...)
		return goTo(t, stateID, d)
	case d.Phone == "":
		t.Say(fmt.Sprintf("请发送%s的手机号。", d.Name))
		return goTo(t, statePhone, d)
	case d.Purpose == "":
		bs := purposeButtons()
		t.Say("来访事由是什么？\n"+flows.Numbered(bs)+"\n也可以直接写，如「送教材」。", bs...)
		return goTo(t, statePurpose, d)
	case !d.OrgDone:
		t.Say("访客是哪个单位的？个人来访请回复「无」。")
		return goTo(t, stateOrg, d)
	case len(d.HostCands) > 1:
		bs, err := f.hostButtons(t, d)
		if err != nil {
			return err
		}
		t.Say("有几位都对得上，找的是哪一位？\n"+flows.Numbered(bs), bs...)
		return goTo(t, stateHost, d)
	case d.HostID == 0:
		t.Say("找哪位老师？请发送被访人的姓名，或拼音首字母（如李老师发 lls）。")
		return goTo(t, stateHost, d)
	case !d.PlateDone:
		t.Say("是否开车进校？请发送车牌号（如 京A12345，新能源车如 京AD12345）；没有车辆请回复「无」。")
		return goTo(t, statePlate, d)
	}
	if d.Party == 0 {
		d.Party = 1
	}
	var b strings.Builder
	b.WriteString("请核对来访登记：\n" + f.summary(d))
	if len(d.WatchNotes) > 0 {
		b.WriteString("\n⚠ 关注名单：" + strings.Join(d.WatchNotes, "；") + "（已通知总务主任和分管领导）")
	}
	fmt.Fprintf(&b, "\n%s\n要修改的话直接发正确内容，如「2人」「京B12345」「找王老师」「手机13912345678」。", flows.Numbered(visitConfirmButtons))
	t.Say(b.String(), visitConfirmButtons...)
	return goTo(t, stateConfirm, d)
}

func (VisitFlow) summary(d *visitDraft) string {
	org := d.Org
	if org == "" {
		org = "无（个人）"
	}
	return fmt.Sprintf("姓名：%s\n证件：%s\n%s：%s\n单位：%s\n事由：%s\n被访人：%s\n车辆：%s\n人数：%d 人",
		d.Name, docText(d.IDType, d.IDNote, d.IDMasked), phoneLabel(d.Phone), d.Phone, org, purposeText(d.Purpose, d.PurposeNote), d.HostName, plateText(d.Plate), d.Party)
}

// phoneLabel names the kind of number: 手机, or 电话 for a landline.
func phoneLabel(p string) string {
	if strings.HasPrefix(p, "0") {
		return "电话"
	}
	return "手机"
}

// docText shows the document: its kind and masked number, and a warning
// when it is not a resident ID card or there is none, with the guard's
// words.
func docText(typ IDType, note, masked string) string {
	switch typ {
	case IDNone:
		if note == "" {
			note = "未出示证件"
		}
		return "无证件（" + note + "）⚠ 身份未核验"
	case IDOther:
		label, reason := otherDocText(note)
		if reason != "" {
			reason = "（" + reason + "）"
		}
		return otherDocNumber(label, masked) + " ⚠ 非身份证" + reason
	}
	return typ.Label() + " " + masked
}

// otherDocText splits another document's note into the document's name
// and the guard's words about the ID card: 工作证（没带身份证） is 工作证, and
// 没带身份证.
func otherDocText(note string) (label, reason string) {
	label, reason, _ = strings.Cut(note, "（")
	if label == "" {
		label = IDOther.Label()
	}
	return label, strings.TrimSuffix(reason, "）")
}

// otherDocNumber shows another document with its masked number, or says
// it has none: 工作证 *****4001, 工作证，无号码.
func otherDocNumber(label, masked string) string {
	if masked == "" {
		return label + "，无号码"
	}
	return label + " " + masked
}

// otherDocWord is the document another document's note names (工作证 of
// 工作证（没带身份证）), or "" when the note names none.
func (v *vocab) otherDocWord(note string) string {
	word, _, _ := strings.Cut(note, "（")
	if v.docs[word] != IDOther {
		return ""
	}
	return word
}

func purposeText(p, note string) string {
	if note != "" && note != p {
		return p + "（" + note + "）"
	}
	return p
}

func plateText(p string) string {
	if p == "" {
		return "无"
	}
	return p
}

// MaskPhone hides the middle of a mobile number (138****8000) and the
// start of a landline's local number (025-****6789).
func MaskPhone(p string) string {
	if area, local, ok := strings.Cut(p, "-"); ok && len(local) > 4 {
		return area + "-" + strings.Repeat("*", len(local)-4) + local[len(local)-4:]
	}
	if len(p) != 11 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + "****" + p[7:]
}

// repeatSummary shows a previous visit with the phone masked as well: the
// guard recognises the visitor without the screen showing everything.
func repeatSummary(v Visit) string {
	return fmt.Sprintf("姓名：%s\n证件：%s\n手机：%s\n单位：%s\n事由：%s\n被访人：%s\n车辆：%s",
		v.Name, docText(v.IDType, v.IDNote, v.IDMasked), MaskPhone(v.Phone), orNone(v.Org), purposeText(v.Purpose, v.PurposeNote), v.HostName, plateText(v.Plate))
}

func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}

// checkWatch alerts the guard, the 总务主任 and the 分管领导 the first time
// the draft matches a watch-list entry.
func (VisitFlow) checkWatch(t *flows.Turn, d *visitDraft) error {
	if d.IDHash == "" && d.Phone == "" && d.Name == "" {
		return nil
	}
	ms, err := db(t).WatchMatches(t.Ctx, t.School.ID, d.idHashes(), d.Phone, d.Name)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if slices.Contains(d.Alerted, m.ID) {
			continue
		}
		d.Alerted = append(d.Alerted, m.ID)
		if slices.Contains(d.WatchNotes, m.Note) {
			continue // the same person, told already by the phone
		}
		d.WatchNotes = append(d.WatchNotes, m.Note)
		by := map[WatchKind]string{WatchID: "证件号", WatchPhone: "手机号", WatchName: "姓名"}[m.Kind]
		t.Say(fmt.Sprintf("⚠ 请注意：这位访客与学校关注名单相符（%s相符，备注：%s）。\n已同时通知总务主任和分管领导。请先不要放行，请访客在门外稍候，等学校领导的指示；登记可以继续。", by, m.Note))
		if err := tellWatch(t, d, by, m.Note, flows.Ref(refWatch, m.ID)); err != nil {
			return err
		}
	}
	return checkWatchedBefore(t, d)
}

// tellWatch tells the 总务主任 and the 分管领导 that the visitor being
// registered matched the watch list: by what, and the entry's note.
func tellWatch(t *flows.Turn, d *visitDraft, by, note, ref string) error {
	lead := "与学校关注名单相符"
	if strings.HasPrefix(by, "姓名（") {
		lead = "可能与学校关注名单上的人员同名"
	}
	name := d.Name
	if name == "" {
		name = "（姓名未填）"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "【关注名单提醒】门卫%s正在登记的来访人员%s：\n访客：%s", t.Staff.Name, lead, name)
	if d.IDMasked != "" {
		fmt.Fprintf(&b, "\n证件：%s %s", d.IDType.Label(), d.IDMasked)
	}
	if d.Phone != "" {
		fmt.Fprintf(&b, "\n手机：%s", d.Phone)
	}
	fmt.Fprintf(&b, "\n相符项：%s\n备注：%s\n请尽快与门卫联系，决定是否允许入校；也可以直接回复你的指示（如「不让进」），我会转告门卫%s。", by, note, t.Staff.Name)
	if err := t.NotifyRoles([]flows.Role{flows.RoleHead, flows.RoleLeader}, flows.Notification{Kind: NoticeWatch, Ref: ref, Text: b.String()}); err != nil {
		return err
	}
	if d.AlertID != 0 {
		return nil // one alert per check-in, however many entries matched
	}
	a := WatchAlert{SchoolID: t.School.ID, GuardID: t.Staff.ID, At: t.Now}
	if err := db(t).CreateWatchAlert(t.Ctx, &a); err != nil {
		return err
	}
	d.AlertID = a.ID
	return nil
}

// checkWatchedBefore warns of a visitor who may be someone on the watch
// list though no entry matches: the list often holds only a person's ID
// number (the demo's 刘强), and the twelfth user test's 刘强 came back
// with his name and the phone he gave last time, but no ID, unnoticed.
//
// The rule: a visitor whose phone is the one registered by an earlier
// visitor who matched the watch list is that person, as firmly as by the
// ID (a mobile number is personal); a visitor who shows no ID and has the
// name of such an earlier visitor may be someone else with the same name,
// so the guard is told 「同名，请核对」 and asked to check who it is. Either
// way the leaders are told and the visitor waits outside, as for any
// match. Only the school's own unpurged visits are read: a person purged
// from the gate log is known by the watch list's own entries alone.
// sameNameNote starts the watch note of a visitor who matched only by
// name (checkWatchedBefore).
const sameNameNote = "同名，请核对："

func checkWatchedBefore(t *flows.Turn, d *visitDraft) error {
	phone := d.Phone
	if strings.HasPrefix(phone, "0") {
		phone = "" // a landline is an office's, shared
	}
	name := d.Name
	if d.IDHash != "" || d.IDLegacy != "" {
		name = "" // the ID shown was checked against the list itself
	}
	key := phone + "|" + name
	if phone == "" && name == "" || d.WatchPast == key {
		return nil
	}
	d.WatchPast = key
	vs, err := db(t).WatchedVisitsBy(t.Ctx, t.School.ID, phone, name)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if strings.HasPrefix(v.WatchNote, sameNameNote) {
			continue // only a namesake then: it proves nothing now
		}
		byPhone := phone != "" && v.Phone == phone
		note := v.WatchNote
		if !byPhone {
			note = sameNameNote + v.WatchNote
		}
		if slices.Contains(d.WatchNotes, v.WatchNote) || slices.Contains(d.WatchNotes, note) {
			return nil // told already, by an entry or by the phone
		}
		d.WatchNotes = append(d.WatchNotes, note)
		if byPhone {
			t.Say(fmt.Sprintf("⚠ 请注意：这位访客的手机号与此前来访的%s（%s）相同，那次登记与学校关注名单相符（备注：%s）。\n已同时通知总务主任和分管领导。请先不要放行，请访客在门外稍候，等学校领导的指示；登记可以继续。",
				v.Name, t.When(v.ArrivedAt), v.WatchNote))
			return tellWatch(t, d, "手机号（与关注名单人员此前登记的手机号相同）", v.WatchNote, Ref(v.ID))
		}
		t.Say(fmt.Sprintf("⚠ 请注意：这位访客与此前来访的%s（%s）同名，那次登记与学校关注名单相符（备注：%s）。访客没有出示证件，可能只是同名，请核对身份。\n已同时通知总务主任和分管领导。核实之前请先不要放行，请访客在门外稍候；登记可以继续。",
			v.Name, t.When(v.ArrivedAt), v.WatchNote))
		return tellWatch(t, d, "姓名（同名，请核对）", v.WatchNote, Ref(v.ID))
	}
	return nil
}

// Step implements Flow: the answer to the question of the current state
// (checkInSteps), or corrections to what was typed before.
func (f VisitFlow) Step(t *flows.Turn) error {
	if f.Vault == nil {
		t.Done()
		t.Say(f.offText())
		return nil
	}
	var d visitDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	if t.Text == "" && t.Msg.Button == "" {
		return f.next(t, &d)
	}
	st := state(t.State())
	if t.Staff.Has(flows.RoleGuard) && dropLeftRE.MatchString(parcelWords(t.Text)) && dropOff(t.Text) {
		// 她不进校 就送个准考证 放门卫 让李老师来拿就行, asked for the ID:
		// a drop-off after all (parcel.go).
		return dropOffFrom(t, t.Text, d.Name, d.HostID)
	}
	if st != stateConfirm && notComingRE.MatchString(parse.Normalize(t.Text)) && !strings.ContainsAny(t.Text, "？?吗") {
		return f.notComing(t, &d)
	}
	g := vocabFor(t).parseVisitor(t.Text)
	f.sharedAnswer(t, &d, &g) // 俩人都走着来的, of two visitors told together
	if slices.Contains(d.Others, g.Name) {
		g.Name = "" // 刘伟是另一个: another visitor told with this one
	}
	noVehicleOnly := onlyNoVehicle(g)
	if d.Name != "" && g.Name != "" && g.Name != d.Name && g.Host != "" && (g.IDNumber != "" || g.Phone != "") {
		// A whole check-in of someone else, sent before this one is done:
		// never mixed into this visitor's registration.
		t.Say(fmt.Sprintf("%s的登记还没有完成。要先登记%s，请发送「取消」放弃%s的登记，再重新发送这条消息；或者先接着完成%s的登记。",
			d.Name, g.Name, d.Name, d.Name))
		return f.next(t, &d)
	}
	if m := wrongFieldRE.FindStringSubmatch(parse.Normalize(strings.TrimSpace(t.Text))); m != nil && state(t.State()) == stateConfirm {
		// 事由不对, said without the right one: 不对 is no value (the
		// twelfth user test's 事由「其他（不对）」); ask for it.
		label := fieldLabels[m[1]]
		t.Say(fmt.Sprintf("%s应该是什么？请直接发正确的内容，如「%s」。", label, fieldExamples[label]))
		return nil
	}
	if bareWrongRE.MatchString(parse.Normalize(strings.TrimSpace(t.Text))) {
		// 不对 alone says something is wrong, not what: never a value.
		t.Say("哪一项不对？请直接发正确的内容，如「事由 送货」「找王老师」「2人」。")
		if st == stateConfirm {
			return nil
		}
		return f.next(t, &d)
	}
	if name, ok := namedFix(vocabFor(t), t.Text); ok {
		// 名字不对 写刘小明妈妈, 姓名刘小明妈妈: the name alone is corrected,
		// whatever was asked; nothing else changes.
		if st != stateName && st != stateConfirm && d.Name != "" && d.Name != name {
			t.Say(fmt.Sprintf("好的，访客姓名已改为%s。", name))
		}
		return f.correct(t, &d, VisitorGuess{Name: name})
	}
	if st != stateName && st != stateConfirm && g.Name != "" && calledName(t.Text, g.Name) && d.Name != g.Name {
		// 领头的叫冯建国 (user test 17, asked for the ID): a name said as
		// the visitor's is the name corrected.
		if d.Name != "" {
			t.Say(fmt.Sprintf("好的，访客姓名已改为%s。", g.Name))
		}
	} else if st != stateName && st != stateConfirm {
		g.Name = "" // a host's name (张飞) is not a correction of the visitor's
	}
	if d.Purpose != "" && st != statePurpose && st != stateConfirm && !strings.Contains(t.Text, "事由") {
		// 就找她孙子班主任呗, said at the host question: the words about
		// the host are no new reason for a visit already given one.
		g.Purpose, g.PurposeNote, g.Guessed = "", "", false
	}
	if st == stateConfirm && d.Purpose != "" && g.Purpose == "其他" && !strings.Contains(t.Text, "事由") &&
		(g.Party > 0 || g.Plate != "" || g.NoVehicle || g.Phone != "" || g.Host != "" || g.Org != "" || g.IDNumber != "") {
		// 还带了个小的 两个人, at the read-back: a message giving another
		// field changes only that field; words naming no kind of visit
		// beside it are no new reason.
		g.Purpose, g.PurposeNote, g.Guessed = "", "", false
	}
	if g.Guessed {
		// A word that is only not a name (好的, 科技馆) is no correction of
		// the purpose; at the purpose question the words are taken anyway.
		g.Purpose, g.PurposeNote, g.Guessed = "", "", false
	}
	if noVehicleOnly && st != statePlate && st != stateConfirm && st != stateRepeat {
		// 没车, 走路来的, said to another question (the twelfth user test's
		// guard, asked whom the visitor came for): it answers the vehicle
		// question, never the name, the document, the reason, the
		// organisation or the host; the question asked is asked again.
		d.Plate, d.PlateDone = "", true
		t.Say("好的，车辆记为「无」。")
		return f.next(t, &d)
	}
	if st != stateName {
		if done, err := f.nicknameLater(t, &d); done {
			return err
		}
	}
	if answer, ok := checkInSteps[st]; ok {
		return answer(f, t, &d, g)
	}
	return f.correct(t, &d, g)
}

// onlyNoVehicle reports whether all a message says is that the visitor
// came without a car (没开车, 骑电动车来的). A word left over that is only
// not a name (Guessed: 呀) says nothing more.
func onlyNoVehicle(g VisitorGuess) bool {
	rest := g
	rest.NoVehicle = false
	if rest.Guessed {
		rest.Purpose, rest.PurposeNote, rest.Guessed = "", "", false
	}
	return g.NoVehicle && rest.Empty()
}

// withoutVehicle is text without its words about how the visitor came
// (没开车, 走路来的): they answer the vehicle question, wherever said, and
// are no part of a reason, an organisation or a host.
func withoutVehicle(text string) string {
	return strings.Trim(noCarRE.ReplaceAllString(parse.Normalize(text), " "), " ,，。.、;；!！")
}

// wrongFieldRE is a field of the check-in said to be wrong without what is
// right: 事由不对, 单位写错了, 车牌也不对. The field's word is the group.
var wrongFieldRE = rx.MustCompile(`^(?:访客的?)?(事由|来访事由|目的|单位|工作单位|车牌|车牌号|车辆|手机|手机号|电话|被访人|人数)(?:也|好像)?(?:不对|错了|写错了|有误|搞错了|记错了)(?:了|啊|呀)?[。.!！]?$`)

// bareWrongRE is a correction that names nothing: 不对, 不是不是, 错了.
var bareWrongRE = rx.MustCompile(`^(?:不对|不是|错了|搞错了|写错了|记错了|有误)(?:不对|不是)*(?:啊|呀|了)?[。.!！]?$`)

// fieldLabels name the fields of wrongFieldRE as the read-back does, and
// fieldExamples show how to give each.
var (
	fieldLabels = map[string]string{"事由": "事由", "来访事由": "事由", "目的": "事由", "单位": "单位", "工作单位": "单位",
		"车牌": "车牌", "车牌号": "车牌", "车辆": "车牌", "手机": "手机", "手机号": "手机", "电话": "手机", "被访人": "被访人", "人数": "人数"}
	fieldExamples = map[string]string{"事由": "事由 送货", "单位": "单位 顺丰速运", "车牌": "京B12345", "手机": "手机13912345678",
		"被访人": "找王老师", "人数": "2人"}
)

// nameFixRE is a correction of the visitor's name said with its label:
// 名字不对 写刘小明妈妈, 姓名刘小明妈妈, 名字写错了，应该是王秀英, 改名字：王秀英.
// The name is the last group.
var nameFixRE = rx.MustCompile(`^(?:访客)?(?:改|修改|更正)?(?:名字|姓名)(?:不对|错了|写错了|有误|搞错了)?(?:\s*[,，。:：;；]?\s*)(?:应该|应)?(?:写成|写|改成|改为|是|叫|换成|为)?\s*[:：]?\s*(\S+)$`)

// namedFix reads a labelled correction of the name (nameFixRE): a name,
// or whose relative the visitor is (relationName).
func namedFix(v *vocab, text string) (string, bool) {
	m := nameFixRE.FindStringSubmatch(parse.Normalize(strings.TrimSpace(text)))
	if m == nil {
		return "", false
	}
	if name, ok := v.relationName(m[1]); ok {
		return name, true
	}
	if v.isName(m[1]) && v.hasSurname(m[1]) {
		return m[1], true
	}
	return "", false
}

// notComingRE is the guard saying, in the middle of a check-in, that the
// visitor is not coming in after all (user test 26: 「算了她不进去了 衣服放
// 门卫室 让李老师叫孩子下来拿」, asked for her ID, got an ID-format error):
// 不进去了, 不进来了, 不进校了, 不用登记了, 不登了.
// 人已经走了 (user test 27's K41, asked the courier's name again): gone.
var notComingRE = rx.MustCompile(`不(?:用|要)?进(?:去|来|校|学校)了|不(?:用|要)?(?:登记|登)了|不用进(?:去|来|校)|` + visitorGoneRE.String())

// visitorGoneRE is the visitor said gone already: 人已经走了, 他早走了.
var visitorGoneRE = rx.MustCompile(`(?:人|他|她|他们|她们|快递员?|小哥)(?:已经|都|早就?)?走了`)

// staffCalledRE is a colleague named in the guard's words: 李老师, 陈主任.
var staffCalledRE = rx.MustCompile(`\p{Han}(?:老师|主任|校长|师傅|阿姨)`)

// notComing cancels the check-in, nothing saved, and, when the words ask
// for a colleague to be told something (让李老师叫孩子下来拿), says that
// the guard tells them: houqin passes no word from the gate.
func (f VisitFlow) notComing(t *flows.Turn, d *visitDraft) error {
	t.Done()
	who := d.Name
	if who == "" {
		who = "访客"
	}
	text := fmt.Sprintf("好的，%s不进校了，这次来访登记已取消，没有保存任何内容。", who)
	if visitorGoneRE.MatchString(parse.Normalize(t.Text)) {
		text = fmt.Sprintf("好的，%s已经走了，这次来访登记已取消，没有保存任何内容。", who)
	}
	if len(d.Queue) > 0 {
		var names []string
		for _, q := range d.Queue {
			names = append(names, q.Guess.Name)
		}
		text += fmt.Sprintf("%s也还没有登记，需要登记的话，请重新发送%s的信息。", strings.Join(names, "、"), strings.Join(names, "、"))
	}
	if c := staffCalledRE.FindString(t.Text); c != "" {
		text += fmt.Sprintf("\n要告诉%s的事，我这边没法替你转达，请直接打电话或发消息给%s。", c, c)
	}
	t.Say(text)
	return nil
}

// answer reads a message at one question of the check-in; g is the whole
// message as ParseVisitor reads it. What a step does not take as its answer
// it passes to correct.
type answer func(f VisitFlow, t *flows.Turn, d *visitDraft, g VisitorGuess) error

// checkInSteps is the check-in's state table: one answer per question.
var checkInSteps = map[state]answer{
	stateName:    VisitFlow.answerName,
	stateID:      VisitFlow.answerID,
	statePhone:   VisitFlow.answerPhone,
	statePurpose: VisitFlow.answerPurpose,
	stateOrg:     VisitFlow.answerOrg,
	stateHost:    VisitFlow.answerHost,
	statePlate:   VisitFlow.answerPlate,
	stateRepeat:  VisitFlow.answerRepeat,
	stateConfirm: VisitFlow.answerConfirm,
}

// correct applies what the message says to the draft, whatever was asked,
// and asks what is still missing.
func (f VisitFlow) correct(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if err := f.merge(t, d, g); err != nil {
		return err
	}
	return f.next(t, d)
}

// answerName takes a bare name (赵六) as the visitor's.
func (f VisitFlow) answerName(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	v := vocabFor(t)
	if w := strings.TrimSpace(t.Text); g.Name == "" && d.Surname != "" &&
		(slices.Contains(v.titles, w) || slices.Contains(v.roles, w) && !slices.Contains(v.parents, w)) {
		g.Name = d.Surname + w // 姓刘 … 科长: 刘科长
	}
	if g.Name == "" && d.Surname != "" && g.Surname == d.Surname && g.Driver {
		// 人家姓刘 送货的 卸完就走 (user test 31, T24): asked the full name
		// of a driver, the guard says the surname again and what he does;
		// he is 刘师傅, the form the question suggests.
		g.Name = d.Surname + "师傅"
	}
	if g.Name == "" && nicknameOnly(t.Text, d.Nickname) {
		g.Name = d.Nickname // 就写小刘, 不知道全名: registered as he is called
	}
	if g.Name == "" && v.isName(t.Text) {
		g.Name = t.Text
	}
	if name, ok := v.relationName(t.Text); ok && g.Name == "" {
		// 刘小明妈妈 不知道叫啥: registered as whose relative she is.
		g.Name = name
		if unnamedCourierRE.MatchString(g.PurposeNote) || g.Guessed {
			g.Purpose, g.PurposeNote, g.Guessed = "", "", false
		}
	}
	if name, ok := unnamedCourier(t.Text, g.Org); ok && g.Name == "" && !g.Parent && (d.Purpose == "送货" || g.Org != "" || strings.Contains(name, "员")) {
		// 顺丰小哥 不知道叫啥: a courier is let in by what he brings, so he
		// is registered as 顺丰快递员, the note saying his name is not known.
		g.Name, g.Purpose = name, ""
		if note := d.PurposeNote; !strings.Contains(note, "姓名不详") {
			if note != "" {
				note += "；"
			}
			d.PurposeNote = flows.Clip(note+"姓名不详", 50)
		}
	}
	if g.Name == "" && g.Empty() && sameAsBeforeRE.MatchString(t.Text) {
		// 上午不是登记过了吗 跟上次一样: which visitor is not said.
		t.Say("好的，来过的访客可以沿用上次的登记。请发送访客的身份证号或手机号，我找出上次的信息给你核对。")
		return nil
	}
	if w := parse.Normalize(strings.TrimSpace(t.Text)); g.Name == "" && v.task[w] {
		// 巡查 at the name question: the guard going on to his round, not
		// the visitor's name (it had been registered as one).
		t.Say(taskAtName(w, d))
		return nil
	}
	if g.Name == "" && g.Empty() {
		t.Say("请发送访客的姓名，例如「张三」。")
		return nil
	}
	return f.correct(t, d, g)
}

// answerID takes a document type (a button, its number or its name), or
// anything else as the number of the chosen document.
func (f VisitFlow) answerID(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if typ, ok := t.Pick(idTypeButtons); ok {
		d.IDType = IDType(typ)
		switch d.IDType {
		case IDNone:
			d.IDNote = "未出示证件"
			return f.next(t, d)
		case IDOther:
			return f.next(t, d)
		}
		t.Say(fmt.Sprintf("请发送%s号码。", d.IDType.Label()))
		return goTo(t, stateID, d)
	}
	if typ, ok := vocabFor(t).docs[parse.Normalize(strings.TrimSpace(t.Text))]; ok && typ != "" && typ != IDOther {
		// 港澳通行证, 台湾居民来往大陆通行证: a document named without its
		// number, as a button would; its number is asked for.
		d.IDType = typ
		t.Say(fmt.Sprintf("请发送%s号码。", d.IDType.Label()))
		return goTo(t, stateID, d)
	}
	if g.IDNumber == "" && g.IDType == "" && d.IDType == IDOther && vocabFor(t).otherDocWord(d.IDNote) != "" && flows.IsWord(t.Text, noNumberWords) {
		g.NoNumber = true // asked for the 工作证's number: 没有 is that it has none
	}
	if g.IDNumber == "" && g.IDType != IDNone && !g.NoNumber && (flows.IsWord(t.Text, noDocWords) || g.IDType == "" && noDocLeadRE.MatchString(strings.TrimSpace(t.Text))) {
		// 没带, 没有证件: registered without one; 没带 都是家长 人太多了 (user
		// test 32's T35) too, the guard's words kept as the note.
		g.IDType, g.IDNote = IDNone, flows.Clip(strings.TrimSpace(t.Text), 30)
	}
	if w := strings.TrimSpace(t.Text); g.IDNumber == "" && g.IDType == "" && strings.Contains(d.PurposeNote, "姓名不详") && vocabFor(t).isName(w) {
		// 马师傅, of a courier registered as 顺丰快递员: his name after all.
		d.Name = w
		d.PurposeNote = strings.Trim(strings.ReplaceAll(d.PurposeNote, "姓名不详", ""), "；")
		return f.next(t, d)
	}
	if g.IDNumber == "" && g.IDType == "" && !g.NoNumber && !namesOrHost(t.Text, g) {
		g = VisitorGuess{IDType: d.IDType, IDNumber: t.Text}
	}
	return f.correct(t, d, g)
}

// nameSaidRE is words that give a name as a correction: 叫冯建国, 名字是,
// 不是冯科长.
var nameSaidRE = rx.MustCompile(`叫|名字|姓名|不是`)

// calledName reports whether text says name as what someone is called
// (领头的叫冯建国, 名字是冯建国, 姓名冯建国), not as whom they came for.
func calledName(text, name string) bool {
	for _, w := range []string{"叫", "名字是", "名字叫", "名字", "姓名是", "姓名"} {
		if strings.Contains(text, w+name) && !strings.Contains(text, "找"+w+name) {
			return true
		}
	}
	return false
}

// namesOrHost reports whether a message without a digit, at the question
// of the ID, corrects the host or the name instead: user test 17's 「安全科
// 不是人名 领头的叫冯建国 找陈主任」 was read as a wrong ID number. The
// corrections are made, and the ID asked again.
func namesOrHost(text string, g VisitorGuess) bool {
	if strings.ContainsFunc(text, unicode.IsDigit) {
		return false
	}
	return g.Host != "" || g.Name != "" && nameSaidRE.MatchString(text)
}

// answerPhone wants a mobile number, or a landline with its area code.
// The phone is required (docs/visitors.md: the host and the gate reach
// the visitor by it), so 跳过, 不留了, 他不肯留 are answered with why and
// how to go on: an office landline will do, else the host decides.
func (f VisitFlow) answerPhone(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if g.Phone == "" && g.BadPhone == "" && (phoneUnknown(t.Text) || phoneSkipRE.MatchString(parse.Normalize(t.Text)) ||
		flows.IsWord(t.Text, []string{"不知道", "没有", "没问", "不清楚", "没带", "无", "没"})) {
		t.Say(phoneWhy(d))
		return nil
	}
	if g.Phone == "" && g.BadPhone == "" {
		t.Say(parse.ErrPhone.Text() + "单位座机也可以，要带区号，如 025-83456789。")
		return nil
	}
	return f.correct(t, d, g)
}

// phoneSkipRE is a guard who would leave the phone out: 跳过, 不留了, 他不
// 肯留, 没有电话, 不方便留.
var phoneSkipRE = rx.MustCompile(`跳过|不填|不写|略过|(?:不|不肯|不愿意?|不想|不方便|没法)留|不给|不肯给|不愿意?给|没(?:有)?(?:电话|手机|号码)|不用(?:填|写|留)`)

// answerPurpose takes a choice, or the guard's own words: a purpose word
// in them (送快递 → 送货), else 其他 with the words as the note.
func (f VisitFlow) answerPurpose(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if p, ok := t.Pick(purposeButtons()); ok {
		d.Purpose, d.PurposeNote = p, ""
		return f.next(t, d)
	}
	if g.Purpose != "" {
		return f.correct(t, d, g)
	}
	if flows.IsWord(t.Text, bareNoWords) {
		// 没有, 没带: no reason for the visit, which the host is asked to
		// judge by; never recorded as one.
		bs := purposeButtons()
		t.Say(fmt.Sprintf("来访事由要写给被访人看，请问一下访客来做什么，如「送教材」「谈工作」；实在说不清的，请回复 %d（其他）。", len(bs)), bs...)
		return nil
	}
	text := t.Text
	if g.NoVehicle {
		text, d.Plate, d.PlateDone = withoutVehicle(text), "", true
	}
	d.Purpose, d.PurposeNote = "其他", flows.Clip(text, 50)
	if p := vocabFor(t).guessPurpose(text); p != "" {
		d.Purpose = p
	}
	return f.next(t, d)
}

// bareNoWords are a bare no (没有, 没带), which answers none of the
// questions of the reason, the organisation or the host by itself.
var bareNoWords = []string{"无", "没有", "没", "没带", "没有的", "没啥", "没什么", "不是", "不"}

// longerNameOf reports whether org is a longer name of the same office as
// short: 你就记教育局 of 区教育局 keeps what the earlier one said. Words
// before it that are not a name (「找张校长，平安保险」, stored by mistake)
// give way to the correction 单位：平安保险.
func longerNameOf(org, short string) bool {
	head, ok := strings.CutSuffix(org, short)
	return ok && utf8.RuneCountInString(head) <= 4 && !strings.ContainsAny(head, " ,，、。;；找")
}

// answerOrg takes any words as the organisation, 无 for none.
func (f VisitFlow) answerOrg(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if _, err := strconv.Atoi(strings.TrimSpace(t.Text)); err == nil || flows.IsAssent(t.Text) || flows.IsWord(t.Text, []string{"确认登记", "好的", "可以", "没带", "不是", "不"}) ||
		submitsInWords(t.Text) {
		// 「确认」 or 「算了 就这样 确认」 typed ahead of the read-back is no
		// organisation, nor is a no that is not 没有 (没带).
		t.Say("请先说访客的单位（如「顺丰速运」「区教育局」）；个人来访请回复「无」。")
		return goTo(t, stateOrg, d)
	}
	text := t.Text
	if g.NoVehicle {
		text, d.Plate, d.PlateDone = withoutVehicle(text), "", true // 顺丰的 没开车
	}
	if g.Host != "" {
		// 找张校长，平安保险的: the host asked for beside the unit answers
		// both questions; the unit is what is left without the host.
		if rest := withoutHost(text); rest != "" {
			d.Org, d.OrgDone = flows.Clip(orgAnswer(rest), 50), true
			return f.correct(t, d, VisitorGuess{Host: g.Host})
		}
	}
	d.Org, d.OrgDone = flows.Clip(orgAnswer(text), 50), true
	if flows.IsWord(text, skipWords) {
		d.Org = ""
	}
	return f.next(t, d)
}

// withoutHost is text without the words that ask for the host (找张校长),
// and the commas left around them.
func withoutHost(text string) string {
	return strings.Trim(hostRE.ReplaceAllString(parse.Normalize(text), " "), " ,，、。;；")
}

// orgAnswer is an organisation as a guard answers with it, without the
// words around it: 区教育局啊, 单位是区教育局, 顺丰的 (but 美的 is a company).
func orgAnswer(text string) string {
	s := strings.TrimSpace(saidAlreadyRE.ReplaceAllString(parse.Normalize(text), ""))
	if org, ok := vagueOrg(s); ok {
		return org // 他说是什么书店的 没说清楚
	}
	if m := labelRE.FindStringSubmatch(s); m != nil && strings.Contains(m[1], "单位") && len(m[0]) < len(s) {
		s = s[len(m[0]):]
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "就是"), "是")
	s = hearsayOrgRE.ReplaceAllString(s, "")
	return trimParticles(defaultVocab().cutRecord(s), true)
}

// hearsayOrgRE is the guard's words before an organisation the visitor
// named: 他说是什么启航教育的, 说是华建公司, 好像是区教育局.
var hearsayOrgRE = rx.MustCompile(`^(?:他|她|他们|她们|对方|人家)?(?:自己)?(?:说|讲|自称|讲的)?(?:是|他是|她是)?(?:什么|啥|叫什么|叫啥)?(?:好像|应该|大概|可能|据说)?(?:是)?(?:什么|啥)?`)

// saidAlreadyRE is a guard reminding that he said it already: 区教育局啊
// 刚说了, 不是说过了吗.
var saidAlreadyRE = rx.MustCompile(`[\s,，。!！]*(?:我|你)?(?:刚才?|刚刚|前面|上面|已经|之前)?(?:不是)?(?:都)?(?:说|讲)(?:过)?了(?:吗|嘛|啊|呀)?[？?。!！]*$`)

// answerHost takes one of several people offered, or a name to look up.
func (f VisitFlow) answerHost(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if len(d.HostCands) > 1 {
		bs, err := f.hostButtons(t, d)
		if err != nil {
			return err
		}
		if data, ok := t.Pick(bs); ok {
			id, _ := strconv.ParseInt(strings.TrimPrefix(data, pickHost), 10, 64)
			s, err := t.Tx.StaffByID(t.Ctx, id)
			if err != nil {
				return err
			}
			d.HostID, d.HostName, d.HostCands = s.ID, s.Name, nil
			return f.next(t, d)
		}
	}
	if g.Host == "" && flows.IsWord(t.Text, bareNoWords) {
		// 没有, 没带: no one to see is no name to look up.
		t.Say("来访要由被访人确认后才能放行。请问一下访客找哪位老师或哪个部门，发姓名或拼音首字母（如李老师发 lls）；访客说不出找谁的，请先电话请示总务处。")
		return nil
	}
	if g.Host == "" {
		g.Host = t.Text
		if g.NoVehicle {
			g.Host = withoutVehicle(t.Text) // 王主任 没开车
		}
	}
	// 陈主任 刚才说过了 (user test 17's guard, asked again): the name, not
	// the reminder that it was said.
	g.Host = strings.TrimSpace(saidAlreadyRE.ReplaceAllString(g.Host, ""))
	return f.correct(t, d, g)
}

// answerPlate takes a plate, 无 for none; anything else is a wrong plate.
func (f VisitFlow) answerPlate(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	if v := noPlateVehicle(t.Text); v != "" && g.Plate == "" {
		// 电动三轮 没牌照: nothing to check at the barrier, but noted.
		d.Plate, d.PlateDone = v, true
		return f.next(t, d)
	}
	if flows.IsWord(t.Text, skipWords) || flows.IsWord(t.Text, []string{"没带", "没开", "没开来", "没骑"}) || g.NoVehicle {
		// 没带, asked about the car: the car was not brought.
		d.Plate, d.PlateDone = "", true
		return f.next(t, d)
	}
	if g.Plate == "" && g.BadPlate == "" {
		g.BadPlate = t.Text
	}
	return f.correct(t, d, g)
}

// pickOr is t.Pick, where the words yes also choose the first button
// (是, 好, 确认 ...).
func pickOr(t *flows.Turn, buttons []flows.Button, yes []string) (string, bool) {
	if data, ok := t.Pick(buttons); ok {
		return data, true
	}
	if flows.IsWord(t.Text, yes) {
		return buttons[0].Data, true
	}
	return "", false
}

// answerRepeat: reuse the last visit's details, or type afresh. What
// changed this time, said instead (这次没开车，来送东西的), is the last
// visit's details with those changes, read back.
func (f VisitFlow) answerRepeat(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	data, ok := pickOr(t, repeatButtons, reuseWords)
	if !ok && !g.Empty() {
		if err := f.merge(t, d, g); err != nil {
			return err
		}
		if err := f.reuse(t, d); err != nil {
			return err
		}
		return f.next(t, d)
	}
	if !ok {
		t.Say("请回复 1（沿用上次信息）或 2（重新填写）。", repeatButtons...)
		return nil
	}
	if data == pickReuse {
		if err := f.reuse(t, d); err != nil {
			return err
		}
	}
	return f.next(t, d)
}

// answerConfirm: register, cancel, or correct the read-back.
func (f VisitFlow) answerConfirm(t *flows.Turn, d *visitDraft, g VisitorGuess) error {
	data, ok := pickOr(t, visitConfirmButtons, submitWords)
	if !ok && t.Msg.Button == "" && submitsInWords(t.Text) {
		data, ok = pickSubmit, true // 对 登记, 好的，登记吧
	}
	switch {
	case ok && data == pickSubmit:
		return f.submit(t, d)
	case ok && len(d.Queue) > 0:
		t.Done()
		t.Say(fmt.Sprintf("已取消%s的登记。", d.Name))
		_, err := f.nextQueued(t, d) // the others told with this visitor still wait
		return err
	case ok:
		t.Done()
		t.Say("已取消，这次来访没有登记。")
		return nil
	}
	if done, err := f.changeThenSubmit(t, d); done || err != nil {
		return err
	}
	if p, ok := phoneTailFix(t.Text, d.Phone); ok && g.Empty() {
		g.Phone = p // 尾号是902不是901: the phone with its last digits changed
	}
	if g.Empty() {
		t.Say("请回复 1 确认登记，或直接发送要修改的内容（如「2人」「找王老师」）；发送「取消」放弃。", visitConfirmButtons...)
		return nil
	}
	return f.correct(t, d, g)
}

// phoneTailRE is a correction of the phone's last digits, said as
// people say them: user test 17's guard at the read-back, 「等下 电话我记错了
// 尾号是902不是901」, and 「后三位是902」「尾数改成02」. The digits are the
// first group; the wrong ones after 不是 are the second, if said.
var phoneTailRE = rx.MustCompile(`(?:尾号|尾数|最后(?:[两三四2-4]|一)?位|后[两三四2-4]位)(?:应该)?(?:是|改成|改为|为|写)?\s*(\d{1,4})(?:\s*[，,]?\s*不是\s*(\d{1,4}))?`)

// phoneWordRE names the phone (尾号 alone may be a plate's).
var phoneWordRE = rx.MustCompile(`电话|手机|号码`)

// phoneTailFix is phone with its last digits replaced as text says
// (phoneTailRE), when the message is about the phone or its digits, and
// the wrong digits, if said, are the phone's own: else "", false.
func phoneTailFix(text, phone string) (string, bool) {
	m := phoneTailRE.FindStringSubmatch(parse.Normalize(text))
	if m == nil || len(phone) < 7 || len(m[1]) >= len(phone) {
		return "", false
	}
	if m[2] != "" && (len(m[2]) != len(m[1]) || !strings.HasSuffix(phone, m[2])) {
		return "", false // 不是901, of a phone that ends otherwise: not this one
	}
	if m[2] == "" && !phoneWordRE.MatchString(text) {
		return "", false // 尾号 of what? a plate, an ID: not read here
	}
	return phone[:len(phone)-len(m[1])] + m[1], true
}

// changeThenSubmit answers a change with a yes after it, at the
// read-back (user test 16's 「没车 确认」, which changed the vehicle and
// read the form back again; 「2人 登记」): the change is made and, the
// form being whole and no new watch-list note come of it, the visit is
// registered at once. A change that is not understood, or leaves
// something to ask, is read back or asked as ever. It reports whether it
// answered.
func (f VisitFlow) changeThenSubmit(t *flows.Turn, d *visitDraft) (bool, error) {
	rest, yes := beforeYes(t.Text)
	if !yes || t.Msg.Button != "" {
		return false, nil
	}
	c := vocabFor(t).parseVisitor(rest)
	if c.Guessed || c.Purpose == "其他" {
		c.Purpose, c.PurposeNote, c.Guessed = "", "", false // no kind of visit named
	}
	if c.Empty() || c.BadPhone != "" || c.BadPlate != "" {
		return false, nil
	}
	notes := len(d.WatchNotes)
	if err := f.merge(t, d, c); err != nil {
		return true, err
	}
	if err := f.checkWatch(t, d); err != nil {
		return true, err
	}
	if !d.complete() || len(d.WatchNotes) != notes {
		return true, f.next(t, d)
	}
	return true, f.submit(t, d)
}

// beforeYes splits a message whose last part is a yes or a word for
// registering (没车 确认, 找王老师 登记吧) into the words before it; the
// second result says whether it ends so and has words before it.
func beforeYes(text string) (string, bool) {
	parts := strings.FieldsFunc(parse.Normalize(text), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) < 2 {
		return "", false
	}
	last := strings.TrimRight(parts[len(parts)-1], "吧啊呀哈了")
	if !flows.IsWord(last, submitWords) && !slices.Contains(submitPhrases, last) {
		return "", false
	}
	return strings.Join(parts[:len(parts)-1], " "), true
}

// submitPhrases are the words a guard may join to a yes at the read-back:
// 对 登记, 好的，登记吧, 没问题 放行, 行 登上.
var submitPhrases = []string{"登记", "确认登记", "登记上", "可以登记", "就这样", "放行", "进吧", "让他进",
	"登上", "登", "登着", "给他登上", "就这样登", "就这么登", "就这样确认"}

// submitFillers are words that give way before a yes and say nothing of
// their own: 「算了 就这样 确认」 (算了 = never mind the changes), 「那 登上」.
// Alone they are no answer (算了 alone is a cancel), so they count only
// beside a yes or a word for registering.
var submitFillers = []string{"算", "那", "那就", "嗯", "哦", "噢", "行吧", "好吧"}

// submitsInWords reports whether text confirms the read-back in a
// guard's own words: every part a yes, a word for registering or a
// filler, and not all of them fillers.
func submitsInWords(text string) bool {
	parts := strings.FieldsFunc(parse.Normalize(text), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) < 2 || len(parts) > 3 {
		return false // one word alone is pickOr's
	}
	said := false
	for _, p := range parts {
		p = strings.TrimRight(p, "吧啊呀哈了")
		switch {
		case flows.IsWord(p, submitWords) || slices.Contains(submitPhrases, p):
			said = true
		case !slices.Contains(submitFillers, p):
			return false
		}
	}
	return said
}

// reuse fills what is still missing from the visitor's previous visit.
// The ID number is opened from that visit and kept afresh: sealed for this
// draft and hashed with the school's key, whatever the old row held.
func (f VisitFlow) reuse(t *flows.Turn, d *visitDraft) error {
	prev, err := db(t).Visit(t.Ctx, d.RepeatOf)
	if err != nil {
		return err
	}
	if d.Name == "" {
		d.Name = prev.Name
	}
	if d.IDHash == "" && prev.IDCipher != nil {
		// A number that does not open (damaged, or sealed under another
		// key) is simply asked for again.
		if n, err := f.Vault.Open(prev.IDCipher, VisitRow(prev.SchoolID, prev.ID)); err == nil {
			if err := f.keepID(t, d, prev.IDType, n); err != nil {
				return err
			}
		}
	}
	if d.Phone == "" {
		d.Phone = prev.Phone
	}
	if !d.OrgDone {
		d.Org, d.OrgDone = prev.Org, true
	}
	if d.Purpose == "" {
		d.Purpose, d.PurposeNote = prev.Purpose, prev.PurposeNote
	}
	if d.HostID == 0 && len(d.HostCands) == 0 {
		if h, err := t.Tx.StaffByID(t.Ctx, prev.HostID); err == nil && h.Active {
			d.HostID, d.HostName = h.ID, h.Name
		}
	}
	if !d.PlateDone {
		d.Plate, d.PlateDone = prev.Plate, true
	}
	return nil
}

// submit registers the visit. The ID number is sealed again for the new
// visit's row, once the row has its id.
func (f VisitFlow) submit(t *flows.Turn, d *visitDraft) error {
	number, err := f.Vault.Open(d.IDSealed, DraftOf(t.School.ID, t.Staff.ID))
	if d.IDType == IDNone || d.IDNoNumber {
		number, err = "", nil // nothing was sealed
	}
	if err != nil {
		// Sealed under a key since replaced: the draft cannot vouch for
		// the number any more.
		d.IDSealed, d.IDHash, d.IDLegacy, d.IDMasked = nil, "", "", ""
		t.Say("证件号码需要重新输入。")
		return f.next(t, d)
	}
	t.Done()
	v := Visit{
		SchoolID: t.School.ID, GuardID: t.Staff.ID, GuardName: t.Staff.Name, Name: d.Name, IDType: d.IDType,
		IDNote: d.IDNote, IDHash: d.IDHash, IDMasked: d.IDMasked, Phone: d.Phone, Org: d.Org,
		Purpose: d.Purpose, PurposeNote: d.PurposeNote, HostID: d.HostID, HostName: d.HostName, Plate: d.Plate,
		Party: max(d.Party, 1), Status: VisitWaiting, ArrivedAt: t.Now, WatchNote: strings.Join(d.WatchNotes, "；"),
	}
	note := "门卫" + t.Staff.Name + "登记"
	if d.RepeatOf != 0 {
		note += fmt.Sprintf("（再次来访，上次为第 %d 号）", d.RepeatOf)
	}
	if err := db(t).CreateVisit(t.Ctx, &v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRegistered, Note: note}); err != nil {
		return err
	}
	if number != "" {
		if v.IDCipher, err = f.Vault.Seal(number, VisitRow(v.SchoolID, v.ID)); err != nil {
			return err
		}
		if err := db(t).SetIDCipher(t.Ctx, v.ID, v.IDCipher); err != nil {
			return err
		}
	}
	if v.WatchNote != "" {
		if err := db(t).AddVisitEvent(t.Ctx, VisitEvent{VisitID: v.ID, At: t.Now, ActorID: t.Staff.ID, Kind: EventWatchHit,
			Note: "与关注名单相符：" + v.WatchNote + "；已通知总务主任和分管领导"}); err != nil {
			return err
		}
	}
	if d.AlertID != 0 {
		// The alert is now this visit's: counted once, with it, and a
		// leader's instruction about it is recorded on the visit.
		a, err := db(t).WatchAlert(t.Ctx, d.AlertID)
		if err != nil {
			return err
		}
		a.VisitID = v.ID
		if err := db(t).UpdateWatchAlert(t.Ctx, a); err != nil {
			return err
		}
	}
	host, err := t.Tx.StaffByID(t.Ctx, v.HostID)
	if err != nil {
		return err
	}
	buttons := hostButtons(v.ID)
	if !mayAdmit(host, v) {
		buttons = buttons[1:]
	}
	if err := t.Notify(flows.Notification{ToStaff: v.HostID, Kind: NoticeConfirm, Ref: Ref(v.ID),
		Text: hostCard(t, v, mayAdmit(host, v)), Buttons: buttons}); err != nil {
		return err
	}
	wait := "请访客在门卫室稍候"
	if v.WatchNote != "" {
		wait = "这位访客与关注名单相符，请让他在校门外等候，不要放行" // not in the gatehouse either
	}
	t.Say(fmt.Sprintf("已登记，第 %d 号访客%s。已请%s确认，%s。\n%s回复后会马上告诉你；%d 分钟内没有回复也会提醒你。",
		Num(v), v.Name, v.HostName, wait, v.HostName, t.School.Settings.HostConfirmMinutes))
	_, err = f.nextQueued(t, d) // 还有刘伟: the next visitor told in the same message
	return err
}

func hostButtons(id int64) []flows.Button {
	return []flows.Button{{Label: "同意", Data: action(verbOK, id)}, {Label: "拒绝", Data: action(verbNo, id)}}
}

// hostCard is what the host sees: who, why, how many, which car, and the
// ID masked, never in full. A host who may not admit the visitor (the
// watch list) is asked only whether to refuse.
func hostCard(t *flows.Turn, v Visit, mayAdmit bool) string {
	who := v.Name
	if v.Org != "" {
		who += "，" + v.Org
	}
	ask := fmt.Sprintf("同意请回复「同意 %d」，不同意请回复「拒绝 %d」。", Num(v), Num(v))
	if mayAdmit && v.WatchNote != "" {
		// A leader asked to let in someone on the watch list is told so
		// on the card itself, not only by the alert beside it.
		ask = fmt.Sprintf("⚠ 这位访客与学校关注名单相符（%s），总务主任和分管领导已收到预警，请谨慎决定。\n", v.WatchNote) + ask
	}
	if !mayAdmit {
		ask = fmt.Sprintf("⚠ 这位访客与学校关注名单相符，是否入校由学校领导决定，门卫已通知总务主任和分管领导。不同意请回复「拒绝 %d」。", Num(v))
	}
	doc, warn := docText(v.IDType, v.IDNote, v.IDMasked), ""
	switch {
	case v.IDType == IDNone:
		note := v.IDNote
		if note == "" {
			note = "未出示证件"
		}
		doc = "无证件"
		warn = "\n⚠ 访客未出示身份证件（门卫记录：" + note + "），身份未核验，请确认认识这位访客后再同意。"
	case v.IDType == IDOther:
		label, reason := otherDocText(v.IDNote)
		doc = otherDocNumber(label, v.IDMasked)
		if reason != "" {
			reason = "（门卫记录：" + reason + "）"
		}
		warn = "\n⚠ 访客出示的不是身份证" + reason + "，请留意核实身份。"
	}
	return fmt.Sprintf("【访客来访·请确认】第 %d 号\n访客：%s（%s）%s\n事由：%s\n人数：%d 人\n车辆：%s\n登记：门卫%s，%s\n%s",
		Num(v), who, doc, warn, purposeText(v.Purpose, v.PurposeNote), v.Party, plateText(v.Plate),
		v.GuardName, t.When(v.ArrivedAt), ask)
}

// Name implements Flow.
func (VisitorsFlow) Name() string { return flowVisitors }

// Title implements Flow.
func (VisitorsFlow) Title() string { return "在校访客" }

// Triggers implements Flow.
func (VisitorsFlow) Triggers() []string { return []string{"在校访客", "离校", "访客名单"} }

// Hint implements the engine's help text.
func (VisitorsFlow) Hint() string { return "访客离开时回复「离校 编号」" }

// Allowed implements Flow: guards, and the 总务主任 who answers for the gate.
func (VisitorsFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleGuard, flows.RoleHead) }

// insideAskRE is 「在校访客」 asked as a whole message: 「现在学校里还有几个
// 访客」「现在学校里还有几个外来的」「里面还有谁没走」「访客都走了吗」, and
// the thirteenth user test's guard's 「现在都有哪些人在学校里头」「还有哪个
// 没走」 (who, then where), and the sixteenth's 「现在学校里头还有几个外人」
// (学校里头, and 没得 for 吗 in 「学校里头还有外人没得」); user test 16's
// 「现在里头还有几个外来的没出来」 (没出来 for 没走); user test 30's
// 「现在学校里还有外人没」 (没 for 吗, T54).
var insideAskRE = rx.MustCompile(`^(?:请问|看看|查一下)?(?:现在|目前|这会儿?)?(?:在校的?)?(?:学校(?:里头|里面|里)?|校内|校园(?:里头|里面|里)?|里面|里头)?(?:现在|目前)?(?:都)?(?:还有|有)?(?:都)?(?:几个|多少|哪些|谁|哪个|哪位|哪几个|哪几位)?(?:访客|来访的?人?|外来人员|外来的人?|校外人员|外人|人)?(?:还在|还没走|没走|还没出来|没出来|还没出去|没出去|在校|在里面|在里头|(?:还)?在(?:学校|校园|校内)(?:里头|里面|里)?)?(?:的)?(?:吗|呢|啊|没得|没有|没|么|不)?[？?。！!]*$` +
	`|^(?:访客|来访的?人|外来人员|外来的人)(?:都)?走了?(?:吗|没有?)[？?。！!]*$` +
	`|^(?:在校的?)?(?:访客|来访的?人|外来人员|外来的人)(?:还有|还剩|有)(?:几个|多少|几位|谁)(?:没走|在校|在里面)?(?:吗|呢|啊)?[？?。！!]*$`)

// dayAskRE asks how many came on a day, today or yesterday: 「今天来了多少
// 人」「今天登记了几个访客」「昨天一共来了多少访客」, and user test 17's
// 「今天一共来了几拨人」 (拨 for 批, as the leaders' todayCountRE has it).
// The day is the first group.
var dayAskRE = rx.MustCompile(`^(?:请问)?(今天|今日|昨天|昨日)(?:一共|总共)?(?:来了|登记了?|来访了?)(?:多少|几个|几位|几批|几拨)(?:个|位)?(?:人|访客|批|拨)?(?:了)?(?:呢|啊)?[？?。！!]*$`)

// leftAskRE asks whether someone left, not says it: 「孙大伟走了没」
// 「那个家长走了吗」「送快递的出去了没有」 (user test 17's guard). A question
// never checks anyone out; the list answers it, who is still inside.
var leftAskRE = rx.MustCompile(`(?:走|离开|出去|出校|离校)了?(?:没有?|吗|么|没得)[？?。！!]*$|走没走|还在不在`)

// asksLeft reports whether one of text's clauses asks whether someone
// left (leftAskRE).
func asksLeft(text string) bool {
	return slices.ContainsFunc(clauses(text), leftAskRE.MatchString)
}

// clauses are text's parts between spaces and punctuation.
func clauses(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("，,。？?！!；;", r)
	})
}

// asksInside reports whether one of the message's clauses asks who is
// inside or whether someone left: user test 17's 「孙大伟走了没 我看看还有谁
// 在里头」 is two questions, each of them one the list answers.
func asksInside(t *flows.Turn) bool {
	for _, c := range clauses(t.Text) {
		if leftAskRE.MatchString(c) || (insideAskRE.MatchString(c) && saysInside(c)) {
			return true
		}
	}
	return false
}

// Accepts implements flows.Acceptor: the questions above, for those the
// list is for. 「还有谁没走」 must name nothing else to be one: a bare
// 「有人」 or 「还有」 is not.
func (VisitorsFlow) Accepts(t *flows.Turn) bool {
	if dayAskRE.MatchString(t.Text) {
		return true
	}
	if saysLeaving(t.Text) || guardSaysLeft(t) {
		// 李四走了 that no visitor inside, or two of them, fit (the
		// actor took it when one did): the list, to answer by number.
		return true
	}
	if insideAskRE.MatchString(t.Text) && saysInside(t.Text) {
		return true
	}
	return t.Staff.Has(flows.RoleGuard) && asksInside(t)
}

// saysInside reports whether text, read by insideAskRE, is a question of
// who is inside. The pattern's parts are all optional: a question needs a
// visitor word, or 谁/几个/多少 with a word for still being in.
// 现在学校里还有谁 (the eighth user test's): 还有谁 with the school.
func saysInside(text string) bool {
	return strings.ContainsAny(text, "访客外") || strings.Contains(text, "来访") ||
		(strings.ContainsAny(text, "谁几多哪") && (strings.Contains(text, "没走") || strings.Contains(text, "没出") || strings.Contains(text, "还在") || strings.Contains(text, "在校") || strings.Contains(text, "在学校") || strings.Contains(text, "在里"))) ||
		strings.Contains(text, "还有谁") && (strings.Contains(text, "学校") || strings.Contains(text, "校内") || strings.Contains(text, "校园") || strings.Contains(text, "里面") || strings.Contains(text, "里头"))
}

// guardSaysLeft reports whether a guard's short message says someone
// left in words no pattern of a leaving reads (the thirteenth user test's
// 顺丰那个小伙子走了 was 「没有看懂」 with the last notice's 「1. 离校」,
// and the 「1」 after it checked out that notice's visitor, not the one
// meant): the list answers it, so that a number typed next is the
// visitor's number the list shows.
func guardSaysLeft(t *flows.Turn) bool {
	if !t.Staff.Has(flows.RoleGuard) {
		return false
	}
	s := leavingText(t.Text)
	// 离校 alone is the command: the list, as ever, with no 「没能确定」.
	said := strings.TrimSpace(leftEndRE.ReplaceAllString(s, ""))
	return said != "" && utf8.RuneCountInString(s) <= 24 && leftEndRE.MatchString(s) && !leftDenyRE.MatchString(s)
}

// Aside implements flows.Aside: a guard saying a visitor left (4号5号都走了,
// 孙丽带着孩子走了) in the middle of another conversation, most often the
// next visitor's check-in, checks that visitor out, and the conversation
// goes on; the words are never the new visitor's name. Said of no one
// the gate can tell in the middle of a check-in, the guard is told so
// rather than the words being taken as an answer.
func (f VisitorsFlow) Aside(t *flows.Turn) (bool, error) {
	if !t.Staff.Has(flows.RoleGuard, flows.RoleHead) {
		return false, nil
	}
	named, isNamed := leftNamedAmid(t, t.Text) // 教育局的王强检查完走了
	several, isSeveral := leftSeveral(t, t.Text)
	if !saysLeaving(t.Text) && !isNamed && leftClauses(t.Text) == nil {
		return false, nil
	}
	data, ok := several, isSeveral
	if ids, unknown, each := leftEach(t, t.Text); each && !ok && len(ids) > 0 {
		// 张丽走了 穿红衣服那个也走了, in the middle of a check-in: 张丽
		// checked out; the other is said unknown, as below.
		data, _ = outAction(ids)
		if err := f.CheckIn.Act(t, data); err != nil {
			return true, err
		}
		t.Say(unknownLeftText(unknown) + "这位访客登记完后，请发送「在校访客」，按名单里的编号登记离校。")
		return true, nil
	}
	if !ok {
		data, ok = leftByNumbers(t, t.Text)
	}
	if !ok {
		data, ok = leftInWords(t, t.Text)
	}
	if !ok {
		data, ok = named, isNamed
	}
	switch {
	case ok && data == "":
		return true, nil // answered: a number not on today's list
	case ok:
		return true, f.CheckIn.Act(t, data)
	case t.Flow() == flowCheckIn:
		t.Say("没能确定是哪一位访客离开了。这位访客登记完后，请发送「在校访客」，按名单里的编号登记离校。")
		return true, nil
	}
	return false, nil
}

// Start implements Flow: the list of visitors inside, numbered for 离校;
// asked how many came today or yesterday, that day's count first.
func (f VisitorsFlow) Start(t *flows.Turn) error {
	var b strings.Builder
	var unknown []string
	if ids, u, ok := leftEach(t, t.Text); ok && len(ids) > 0 && len(u) > 0 {
		// 张丽走了 穿红衣服那个也走了: 张丽 checked out, the other asked for.
		data, _ := outAction(ids)
		if err := f.CheckIn.Act(t, data); err != nil {
			return err
		}
		unknown = u
	}
	if m := dayAskRE.FindStringSubmatch(t.Text); m != nil {
		from, to, day := dayStart(t), time.Time{}, "今天"
		if m[1] == "昨天" || m[1] == "昨日" {
			from, to, day = from.AddDate(0, 0, -1), from, "昨天"
		}
		vs, err := db(t).VisitsSince(t.Ctx, t.School.ID, from)
		if err != nil {
			return err
		}
		visits, people, left, kept := 0, 0, 0, 0
		for _, v := range vs {
			if !to.IsZero() && !v.ArrivedAt.Before(to) {
				continue // registered today, not yesterday
			}
			visits++
			people += max(v.Party, 1)
			switch v.Status {
			case VisitLeft:
				left++
			case VisitKept:
				kept++
			}
		}
		switch {
		case kept > 0 && left > 0:
			// A parcel left at the gate is no visitor on site, nor one who
			// left the school: said apart, so the guard's sum adds up.
			fmt.Fprintf(&b, "%s共登记来访 %d 批、%d 人，其中 %d 批已离校，%d 批留在门卫处未入校。\n", day, visits, people, left, kept)
		case kept > 0:
			fmt.Fprintf(&b, "%s共登记来访 %d 批、%d 人，其中 %d 批留在门卫处未入校。\n", day, visits, people, kept)
		default:
			fmt.Fprintf(&b, "%s共登记来访 %d 批、%d 人，其中 %d 批已离校。\n", day, visits, people, left)
		}
	}
	vs, err := db(t).VisitsInside(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		t.Done()
		t.Say(b.String() + "现在校内没有登记在册的访客。")
		return nil
	}
	if len(unknown) > 0 {
		b.WriteString(unknownLeftText(unknown) + "请在下面的名单里回复他的编号。\n")
	} else if saysLeaving(t.Text) || guardSaysLeft(t) {
		if hit := leftHits(t, t.Text); len(hit) > 1 {
			// 那个老外也走了, and two are inside: which of them, by buttons.
			var ids []int64
			var bs []flows.Button
			b.WriteString("有几位访客都对得上，是哪一位离开了？")
			for _, v := range hit {
				fmt.Fprintf(&b, "\n· %s", insideLine(t, v))
				ids = append(ids, v.ID)
				bs = append(bs, flows.Button{Label: fmt.Sprintf("离校 %d", Num(v)), Data: action(verbOut, v.ID)})
			}
			fmt.Fprintf(&b, "\n请回复访客的编号，例如「%d」或「离校 %d」。", Num(hit[0]), Num(hit[0]))
			t.SayLabels(b.String(), bs...)
			return goTo(t, stateList, ids)
		}
		if v, ok := soleLeaver(t, vs); ok {
			// 刘子涵妈妈走了 with one visitor inside (user test 26): no list
			// of one to pick from; that visitor left, and 撤销 takes it back.
			t.Done()
			data, _ := outAction([]int64{v.ID})
			if err := f.CheckIn.Act(t, data); err != nil {
				return err
			}
			t.Say(fmt.Sprintf("（在校访客只有%s这一位。如果走的不是%s，请回复「撤销」。）", v.Name, v.Name))
			return nil
		}
		b.WriteString("没能确定是哪一位访客离开了。请在下面的名单里回复他的编号。\n")
	}
	named := false
	for _, v := range vs {
		if v.Name != "" && strings.Contains(t.Text, v.Name) && asksLeft(t.Text) {
			// 孙大伟走了没 (user test 17): asked of someone inside, said first.
			fmt.Fprintf(&b, "%s（第 %d 号）还在校内，还没有登记离校。\n", v.Name, Num(v))
			named = true
		}
	}
	if !named && asksLeft(t.Text) {
		// 张卫东那个不让进 让他走了吗 (user test 32's T43): asked of a
		// visitor of today who is not inside, what became of them.
		today, err := db(t).VisitsSince(t.Ctx, t.School.ID, dayStart(t))
		if err != nil {
			return err
		}
		for _, v := range today {
			if v.Name != "" && strings.Contains(t.Text, v.Name) && v.Status != VisitAdmitted && v.Status != VisitWaiting {
				fmt.Fprintf(&b, "%s（第 %d 号）%s，不在在校名单里。\n", v.Name, Num(v), notInsideText(t, v))
			}
		}
	}
	var ids []int64
	fmt.Fprintf(&b, "【在校访客】共 %d 位：", len(vs))
	for _, v := range vs {
		fmt.Fprintf(&b, "\n· %s", insideLine(t, v))
		ids = append(ids, v.ID)
	}
	// The example is a number on the list (user test 33: 「例如「1」」 under
	// a list holding only 第 2 号).
	fmt.Fprintf(&b, "\n访客离开时回复访客的编号登记离校，例如「%d」或「离校 %d」。", Num(vs[0]), Num(vs[0]))
	t.Say(b.String())
	return goTo(t, stateList, ids)
}

// notInsideText says what became of a visitor who is not inside.
func notInsideText(t *flows.Turn, v Visit) string {
	switch v.Status {
	case VisitRejected:
		return fmt.Sprintf("%s没有同意，没有入校", v.HostName)
	case VisitKept:
		return "东西留在门卫处，人没有入校"
	case VisitLeft:
		return fmt.Sprintf("已离校（%s）", t.When(v.LeftAt))
	}
	return v.Status.Label()
}

// soleLeaver is the one visitor inside when a guard says someone left and
// the words fit no one (刘子涵妈妈走了, 车走了): the guard has just seen that
// visitor go. Not when the words name someone else by a name (张伟走了
// with 李强 inside), nor of a party (穿红衣服那个年轻人出去了 may be one of
// three still at work), which the list answers as before.
func soleLeaver(t *flows.Turn, vs []Visit) (Visit, bool) {
	if len(vs) != 1 || vs[0].Party > 1 || mayCheckOut(t, vs[0]) != "" {
		return Visit{}, false
	}
	s := leavingText(t.Text)
	if m := leftRE.FindStringSubmatch(s); m != nil && m[2] != "" && !strings.Contains(m[2], "的") && !kinWordRE.MatchString(m[2]) {
		return Visit{}, false // a name, not the visitor's
	}
	if m := kinChildLeftRE.FindStringSubmatch(s); m != nil && vocabFor(t).isName(m[1]) {
		if p := pupilOf(vs[0]); p != "" && !strings.HasSuffix(p, m[1]) {
			return Visit{}, false // 李华妈妈走了, and the one inside came for 张小明
		}
	}
	return vs[0], true
}

// kinWordRE ends a visitor called by a pupil's relation to them: 刘子涵妈妈,
// 孩子奶奶, 家长.
var kinWordRE = rx.MustCompile(`(?:妈妈|爸爸|妈|爸|奶奶|爷爷|姥姥|姥爷|外婆|外公|家长|舅舅|姑姑|姨|叔叔|阿姨)$`)

// hasTrigger reports whether text starts with one of a flow's triggers.
func hasTrigger(text string, triggers []string) bool {
	return slices.ContainsFunc(triggers, func(w string) bool { return strings.HasPrefix(text, w) })
}

// restart starts f afresh on this message, as the engine would have had
// no flow been in progress.
func restart(t *flows.Turn, f flows.Flow) error {
	if err := t.Begin(f.Name(), "", nil); err != nil {
		return err
	}
	return f.Start(t)
}

func insideLine(t *flows.Turn, v Visit) string {
	line := fmt.Sprintf("%s（第 %d 号）找%s，%s", v.Name, Num(v), v.HostName, v.Purpose)
	if v.Party > 1 {
		line += fmt.Sprintf("，%d 人", v.Party)
	}
	if v.Plate != "" {
		line += "，" + v.Plate
	}
	if v.Status == VisitWaiting {
		return line + fmt.Sprintf("；%s 登记，等待%s确认", t.When(v.ArrivedAt), v.HostName)
	}
	in := v.ArrivedAt
	if !v.DecidedAt.IsZero() {
		in = v.DecidedAt
	}
	return line + fmt.Sprintf("；%s 入校，已 %s", t.When(in), stayText(t.Now.Sub(in)))
}

// leaveWordRE is a word of someone leaving, or of the list itself, in
// words said at the list of visitors: what has none is something else.
var leaveWordRE = rx.MustCompile(`走|离|出校|出门|出去|签退|回去|访客|名单|来访|客人|撤销|撤回|弄错|搞错|错了`)

// Step implements Flow: a number from the list checks that visitor out;
// 在校访客 again shows the list afresh, and a check-in starts one. The
// list has one state (stateList), so it needs no state table.
func (f VisitorsFlow) Step(t *flows.Turn) error {
	var ids []int64
	if err := t.Load(&ids); err != nil {
		return err
	}
	if asksInside(t) {
		return restart(t, f) // 孙大伟走了没: asked, not said; the list afresh
	}
	if data, ok := listChoices(t, t.Text, ids); ok {
		t.Done()
		return f.CheckIn.Act(t, data) // 3 4: two visitors of the list
	}
	if data, ok := leftSeveral(t, t.Text); ok {
		t.Done()
		return f.CheckIn.Act(t, data) // 王芳走了 马大军也走了
	}
	if data, ok := leftAll(t, t.Text); ok {
		t.Done()
		return f.CheckIn.Act(t, data) // 两个都走了, the two on the list
	}
	c := flows.Command{Word: "离校"}
	if n, ok := parse.ParseChoice(t.Text, 999); ok {
		c.Num = n
	} else if cmd, ok := flows.ReadCommand("离校 "+t.Text, []string{"离校"}); ok && cmd.Ref != "" {
		c.Ref = cmd.Ref
	}
	if c.Num == 0 && c.Ref == "" {
		if utf8.RuneCountInString(t.Text) == 0 {
			return nil
		}
		if data, ok := leftByNumbers(t, t.Text); ok {
			if data == "" {
				return nil // answered (a number not on the list): the list stays open
			}
			t.Done()
			return f.CheckIn.Act(t, data) // 4号5号都走了: the numbers of the list
		}
		t.Done()
		if data, ok := leftInWords(t, t.Text); ok {
			return f.CheckIn.Act(t, data) // 送快递的走了: the one who fits
		}
		if data, ok := undoLeaveSaid(t, t.Text); ok {
			if data == "" {
				return nil
			}
			return f.CheckIn.Act(t, data) // 撤销: the check-out just made, taken back
		}
		switch c := f.CheckIn; {
		case hasTrigger(t.Text, f.Triggers()) || f.Accepts(t):
			return restart(t, f)
		case c.Allowed(t.Staff) && (hasTrigger(t.Text, c.Triggers()) || c.Accepts(t)):
			return restart(t, c)
		}
		if utf8.RuneCountInString(t.Text) >= 6 && !leaveWordRE.MatchString(t.Text) {
			// 我去转一圈巡查 (the sixteenth user test's guard, after the
			// list): a sentence with nothing of anyone leaving is not
			// about the list; it is read as a new message. A word (随便)
			// still gets the list's own hint.
			t.Pass()
			return nil
		}
		t.Say("没有看懂。需要登记离校时，请回复「离校 编号」，或发送「在校访客」重新查看名单。")
		return nil
	}
	// The number is the visitor's (第 N 号 in the list), not a position.
	var items []flows.Item
	for _, id := range ids {
		v, err := db(t).Visit(t.Ctx, id)
		if err != nil {
			return err
		}
		items = append(items, flows.Item{ID: v.ID, Ref: v.Ref, Line: fmt.Sprintf("%s 找%s", v.Name, v.HostName), Ready: mayCheckOut(t, v) == ""})
	}
	it, ok, _ := flows.ChooseItem(t, c, items, "在校访客")
	if !ok {
		return nil // asked which, or refused: the list stays open
	}
	t.Done()
	v, err := db(t).Visit(t.Ctx, it.ID)
	if err != nil {
		return err
	}
	return perform(t, v, verbOut)
}

// Mine implements Miner: a guard's 我的 shows who is inside.
func (VisitorsFlow) Mine(t *flows.Turn) (string, error) {
	if !t.Staff.Has(flows.RoleGuard) {
		return "", nil
	}
	vs, err := db(t).VisitsInside(t.Ctx, t.School.ID)
	if err != nil || len(vs) == 0 {
		return "", err
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = "· " + insideLine(t, v)
	}
	return "【在校访客】\n" + strings.Join(lines, "\n"), nil
}

// dayStart is the first instant of the turn's local day.
func dayStart(t *flows.Turn) time.Time {
	loc := t.School.Location()
	y, m, d := t.Now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
