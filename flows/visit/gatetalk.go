package visit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// statusAskRE is a guard asking what became of a visitor: 王建国进去了吗,
// 舅舅那个进去了吗, 让进吗, 教育局的人校长又同意了 让进吗. Group 1 is who,
// if said.
var statusAskRE = rx.MustCompile(`(?:^|\s)(\S*?)(?:已经|已)?(?:进去了|进来了|进校了|让进|能进|可以进|能不能进|让不让进|放进去了|放行了|同意了|回复了)(?:吗|嘛|没有?)[？?]*(?:\s|$)`)

// askedStatus answers a guard asking whether a visitor is let in: the
// state of the visit the words describe, or of today's visits at the gate
// when they describe none. It reports false for words that ask nothing.
func askedStatus(t *flows.Turn, text string) bool {
	said := parse.Normalize(text)
	loc := statusAskRE.FindStringSubmatchIndex(said)
	if loc == nil {
		return false
	}
	m := []string{said[loc[0]:loc[1]], said[loc[2]:loc[3]]}
	if m[1] == "" {
		// 顺丰的校长又同意了 让进吗: who is said before what the guard heard.
		m[1] = heardRE.ReplaceAllString(strings.TrimSpace(said[:loc[0]]), "")
	}
	vs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到访客记录，请稍后再试。")
		return true
	}
	today := dayStart(t)
	vs = slices.DeleteFunc(vs, func(v Visit) bool { return v.ArrivedAt.Before(today) })
	if n := askedNumRE.FindStringSubmatch(m[1]); n != nil {
		// 4号让进吗: the number the guard was shown.
		if hit := slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return strconv.Itoa(Num(v)) != n[1] }); len(hit) > 0 {
			t.Say(statusLine(hit[0]))
			return true
		}
	}
	if desc := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m[1], "那个"), "那位"), "的"); desc != "" {
		hit := byNameOrTitle(t, vs, desc)
		if len(hit) == 0 {
			for _, v := range vs {
				if describedBy(v, desc) || strings.Contains(v.PurposeNote, desc) {
					hit = append(hit, v)
				}
			}
		}
		if len(hit) > 0 {
			vs = hit
		}
	}
	if len(vs) == 0 {
		t.Say("今天还没有登记访客。")
		return true
	}
	if len(vs) > 1 {
		// Those still at issue first: waiting, then inside.
		open := slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return v.Status == VisitLeft })
		if len(open) > 0 {
			vs = open
		}
	}
	if len(vs) == 1 {
		t.Say(statusLine(vs[0]))
		return true
	}
	var b strings.Builder
	b.WriteString("今天的访客：")
	for i, v := range vs {
		if i == 5 {
			break
		}
		b.WriteString("\n" + statusLine(v))
	}
	t.Say(b.String())
	return true
}

// heardRE is what a guard heard of a visitor before asking (校长又同意了,
// 李老师说可以了), dropped to leave who they ask about: 顺丰的.
var heardRE = rx.MustCompile(`(?:\p{Han}{1,4}?)?(?:又|也|已经|说)?(?:同意了|说可以了|可以了|改主意了|改口了)$`)

// askedNumRE is a visitor asked about by number: 4号, 第4号.
var askedNumRE = rx.MustCompile(`^(?:第\s*)?(\d{1,3})\s*号?(?:访客)?$`)

// statusLine tells a guard where a visit stands, and what to do.
func statusLine(v Visit) string {
	head := fmt.Sprintf("第 %d 号访客%s（找%s）", Num(v), v.Name, v.HostName)
	switch v.Status {
	case VisitWaiting:
		return head + "：还在等" + v.HostName + "确认，请访客在门卫室稍候，有回复会马上告诉你。"
	case VisitAdmitted:
		if strings.HasSuffix(v.Decision, "改为同意") {
			// 校长又同意了 让进吗: a refusal taken back (mayReconsider).
			return head + "：" + v.Decision + "，可以放行。"
		}
		return head + "：" + v.HostName + "已同意，可以放行。"
	case VisitRejected:
		if !v.LeftAt.IsZero() {
			return head + "：未获同意，未入校，已离开。"
		}
		return head + "：未获同意，不能入校。"
	case VisitKept:
		if !v.LeftAt.IsZero() {
			return head + "：留在门卫处，未入校，已离开。"
		}
		if what, ok := strings.CutPrefix(v.Decision, "被访人"+v.HostName); ok && strings.HasPrefix(what, "请访客在门卫室稍等") {
			return head + "：" + v.HostName + what + "。" // the host comes to the gate
		}
		return head + "：" + v.HostName + "请访客把东西留在门卫室，不用进校。"
	}
	return head + "：" + v.Status.Label() + "。"
}

// noPlateRE is a vehicle that has no plate to record: 电动三轮 没牌照,
// 骑电瓶车来的 没有牌. Group 1 is the vehicle.
var noPlateRE = rx.MustCompile(`(电动三轮车?|三轮车?|电动车|电瓶车|自行车|摩托车?|平板车)\S*\s*\S*(?:没|无|不)(?:有)?(?:上)?(?:牌照|牌子|车牌|牌)`)

// unseenPlateRE is a plate the guard did not make out: 车牌没看清, 没看清
// 车牌, 牌子看不清 (user test 28's 「开的警车 车牌没看清」 was told the plate
// was wrong, with no way to go on).
var unseenPlateRE = rx.MustCompile(`(?:车牌|牌照|牌子)(?:号)?(?:没|未|没有)(?:看清楚?|看到|看见|看着|记下|记住|记)|(?:没|未|没有)(?:看清楚?|看到|看见|记下|记住)(?:车牌|牌照|牌子)|(?:车牌|牌照|牌子)(?:号)?看不(?:清楚?|到|见)`)

// vehicleRE is the kind of vehicle said beside an unseen plate: 警车, 面包车.
var vehicleRE = rx.MustCompile(`(?:警车|消防车|救护车|工程车|面包车|小轿车|轿车|货车|卡车|出租车|皮卡|大巴|中巴|私家车|公务车|商务车|越野车|SUV)`)

// noPlateVehicle is the vehicle noted for words about one without a
// plate (电动三轮（无牌照）), or whose plate was not seen (警车（车牌未看清）),
// or "".
func noPlateVehicle(text string) string {
	norm := parse.Normalize(text)
	if m := noPlateRE.FindStringSubmatch(norm); m != nil {
		return strings.TrimSuffix(m[1], "车") + "（无牌照）"
	}
	if unseenPlateRE.MatchString(norm) {
		v := vehicleRE.FindString(norm)
		if v == "" {
			v = "车辆"
		}
		return v + "（车牌未看清）"
	}
	return ""
}

// phoneUnknownRE is a guard who has no phone number for the visitor:
// 手机不知道 没问, 不知道, 没有手机.
var phoneUnknownRE = rx.MustCompile(`^(?:手机|电话|手机号|号码)?(?:号)?(?:不知道|不清楚|没问|没记|没有手机|没手机|不肯说|不愿意说|不愿说)`)

// phoneUnknown reports whether a part of text says the phone is not known.
func phoneUnknown(text string) bool {
	for _, p := range strings.Fields(parse.Normalize(text)) {
		if phoneUnknownRE.MatchString(p) {
			return true
		}
	}
	return false
}

// phoneWhy asks again for a phone nobody knows or the visitor will not
// leave, in two short lines for a guard at the window (user test 29's
// R35 was given six): why it is needed (it is required), whom to ask,
// and how to go on: an office landline, or 取消.
func phoneWhy(d *visitDraft) string {
	who := "访客本人"
	if d.Name != "" {
		who = d.Name
	}
	if d.HostName != "" {
		who += "或" + d.HostName
	}
	return fmt.Sprintf("访客必须留电话（被访人确认、超时未离校都要靠它联系），请问一下%s，把手机号发给我。\n没有手机可以留带区号的座机，如「025-83456789」；不登记了回复「取消」。", who)
}

// sameAsBeforeRE is a guard saying the visitor came before: 上午不是登记过
// 了吗, 跟上次一样, 老样子.
var sameAsBeforeRE = rx.MustCompile(`登记过|跟上次一样|和上次一样|同上次|跟上回一样|老样子|上次那个|又来了`)

// hostWaitRE is a host who will check first and asks the visitor to wait:
// 我先打电话问问他妈妈 让他等一下, 请她稍等.
var hostWaitRE = rx.MustCompile(`(?:让|请|叫)(?:他|她|他们|她们|访客|人家)?(?:先)?(?:等一下|等一会儿?|等等|稍等|等着|等会儿?)|先别让(?:他|她)?进`)

// hostWaits answers a host who will check before deciding: the guard is
// asked to keep the visitor waiting, and the visit stays waiting for the
// host's 同意 or 拒绝. It reports false when no visit awaits the writer.
func hostWaits(t *flows.Turn, text string) bool {
	if !hostWaitRE.MatchString(parse.Normalize(text)) {
		return false
	}
	vs, err := candidates(t)
	if err != nil {
		return false
	}
	vs = slices.DeleteFunc(vs, func(v Visit) bool { return v.HostID != t.Staff.ID || v.Status != VisitWaiting })
	switch len(vs) {
	case 0:
		return false
	case 1:
	default:
		var b strings.Builder
		b.WriteString("有几位访客在等你确认：")
		for _, v := range vs {
			fmt.Fprintf(&b, "\n第 %d 号 %s", Num(v), v.Name)
		}
		b.WriteString("\n核实好后请回复「同意 编号」或「拒绝 编号」；在这之前访客会在门卫室等着。")
		t.Say(b.String())
		return true
	}
	v := vs[0]
	guard := fmt.Sprintf("【访客确认】%s要先核实一下第 %d 号访客%s，请访客在门卫室稍等，先不要放行。%s回复后会马上告诉你。", t.Staff.Name, Num(v), v.Name, t.Staff.Name)
	if err := t.Notify(flows.Notification{ToStaff: v.GuardID, Kind: NoticeDecided, Ref: Ref(v.ID), Text: guard}); err != nil {
		t.Say("暂时没能通知门卫，请稍后再试。")
		return true
	}
	t.Say(fmt.Sprintf("好的，已请门卫让%s在门卫室稍等。核实好后请回复「同意 %d」或「拒绝 %d」。", v.Name, Num(v), Num(v)))
	return true
}

// hostMeansRE is a host pointing at the visitor waiting for them, as what
// they meant: user test 17's 「啥维修啊 我说的是门口那个家长」, a repair
// begun by their answer to the card taken back; the card is shown again.
var hostMeansRE = rx.MustCompile(`^(?:我说的是|我是说|我的意思是)?(?:门口|门卫室?|校门口|门卫那儿?)(?:的|那个|那位|那俩|那几个)?(?:家长|访客|人|客人)(?:的事)?(?:啊|呀|嘛)?$`)

// hostAskRE is a host asking who the visitor on a card is (the sixteenth
// user test's 「刘芳？是哪个娃的家长哦」 was 「没看懂」): a question word,
// asked of a person. hostAskWhoRE is a word for the visitor, when the
// question does not name them: 这人是谁, 哪里来的家长.
var (
	hostAskRE    = rx.MustCompile(`[？?]|谁|哪个|哪位|哪家|哪里|哪儿|什么人|啥人|干什么|干啥|做什么|来干嘛|什么事|啥事`)
	hostAskWhoRE = rx.MustCompile(`这人|这个人|那人|那个人|这位|来人|访客|家长|(?:他|她)(?:是|来|找|要)`)
)

// hostAsks answers a host who asks about a visitor waiting for their
// decision: what the guard recorded (who, from where, why, the phone
// masked), and the choices again; houqin knows no more than that, so the
// host is pointed to the guard or the visitor's phone. It reports false
// when the words ask nothing of a visitor waiting for the writer.
func hostAsks(t *flows.Turn, text string) bool {
	s := parse.Normalize(text)
	means := hostMeansRE.MatchString(s)
	if utf8.RuneCountInString(s) > 30 || !hostAskRE.MatchString(s) && !means || negationRE.MatchString(s) {
		return false
	}
	vs, err := candidates(t)
	if err != nil {
		return false
	}
	vs = slices.DeleteFunc(vs, func(v Visit) bool { return v.HostID != t.Staff.ID || v.Status != VisitWaiting })
	named := slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return v.Name == "" || !strings.Contains(s, strings.ToLower(v.Name)) })
	switch {
	case len(named) == 1:
		vs = named
	case len(named) == 0 && hostAskWhoRE.MatchString(s) && len(vs) > 0:
	default:
		return false
	}
	var b strings.Builder
	for _, v := range vs {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(recordedText(v))
	}
	if !means {
		b.WriteString("\n登记里只有这些；想再了解，可以请门卫" + vs[0].GuardName + "当面问一下访客。")
	}
	if len(vs) > 1 {
		b.WriteString("\n核实好后请回复「同意 编号」或「拒绝 编号」。")
		t.Say(b.String())
		return true
	}
	v := vs[0]
	if !mayAdmit(t.Staff, v) {
		fmt.Fprintf(&b, "\n这位访客是否入校由学校领导决定；不同意请回复「拒绝 %d」。", Num(v))
		t.Say(b.String())
		return true
	}
	fmt.Fprintf(&b, "\n同意请回复「同意 %d」，不同意请回复「拒绝 %d」。", Num(v), Num(v))
	t.Say(b.String(), hostButtons(v.ID)...)
	return true
}

// recordedText is what the guard recorded of a visitor, for the host who
// asks: 第 2 号访客刘芳：学生家长；事由：家长来访（接孩子）；手机 138****8005。
func recordedText(v Visit) string {
	parts := []string{}
	if v.Org != "" {
		parts = append(parts, v.Org)
	}
	parts = append(parts, "事由："+purposeText(v.Purpose, v.PurposeNote))
	if v.Phone != "" {
		parts = append(parts, "手机 "+MaskPhone(v.Phone))
	}
	if v.IDType == IDNone {
		parts = append(parts, "未出示证件，身份未核验") // as the card warned
	}
	if v.Party > 1 {
		parts = append(parts, fmt.Sprintf("一共 %d 人", v.Party))
	}
	return fmt.Sprintf("门卫%s登记的第 %d 号访客%s：%s。", v.GuardName, Num(v), v.Name, strings.Join(parts, "；"))
}
