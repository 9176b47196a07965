package visit

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// flowParcel is ParcelFlow's name, kept in sessions.
const flowParcel = "visit.parcel"

// NoticeParcel tells a member of staff that a parcel waits for them at
// the gate.
const NoticeParcel = "visit.parcel"

// ParcelFlow is a guard telling of a parcel left at the gate for someone
// (user test 27's K39: 「快递到了 顺丰的小哥 送一箱考试用的答题卡 给教务处陈主任
// 放门卫这了 人马上就走」 was not understood). A courier who leaves the
// parcel and goes is no visitor to register: the person it is for is told
// where it waits, the delivery is written in the gate log (logParcel), and
// the guard is told both. It has no trigger word.
type ParcelFlow struct{}

// Name implements Flow.
func (ParcelFlow) Name() string { return flowParcel }

// Title implements Flow.
func (ParcelFlow) Title() string { return "门卫代收快递" }

// Triggers implements Flow: none, so it is not in the menu.
func (ParcelFlow) Triggers() []string { return nil }

// Allowed implements Flow: the guards keep the gate.
func (ParcelFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleGuard) }

var (
	// parcelRE is a parcel or its courier: 快递, 包裹, 顺丰, 一箱….
	parcelRE = rx.MustCompile(`快递|包裹|邮件|顺丰|京东|邮政|EMS|中通|圆通|韵达|申通|极兔|德邦|送货的`)
	// parcelLeftRE says it arrived and waits at the gate, its courier gone
	// or going: 快递到了, 顺丰送来一箱, 放门卫这了, 让他们来拿, 人马上就走.
	parcelLeftRE = rx.MustCompile(`放(?:在|到)?(?:门卫|门口|传达室|保安室|这|这儿|这里)|让\p{Han}{1,4}?(?:来|过来)(?:拿|取)|(?:人|他|快递员|小哥)(?:马上|已经|这就)?(?:就)?(?:走|要走)了?|放下就走|签收了|代收|到了|送来|送过来|送到|来(?:拿|取)|(?:拿|取)一下|来(?:门卫|传达室|保安室)\p{Han}{0,2}?(?:拿|取)|送(?:快递|件|包裹)|(?:快递员|小哥)(?:刚)?送(?:了|过来)?`)
	// parcelForRE is whom it is for: 给教务处陈主任, 交给李老师, 是王老师的.
	parcelForRE = rx.MustCompile(`(?:给|交给|送给|寄给|找|收件人是?)\s*(\p{Han}{0,8}?(?:老师|主任|校长|师傅|阿姨|会计))|(\p{Han}{1,8}?(?:老师|主任|校长|师傅|阿姨))的(?:快递|包裹|件|东西)`)
	// parcelOutRE is a parcel to send, not one that came (user test 29c's
	// V18: 「教务处有一箱东西要寄出去 顺丰几点来收」 was answered about repairs).
	parcelOutRE = rx.MustCompile(`寄(?:出|走|件|个|一|东西|快递|过去)|要寄|来收|揽收|上门取`)
	// parcelEnterRE is a courier asking to come in (V17: 「顺丰快递员要进去送件
	// 让他进不」): no parcel left yet.
	parcelEnterRE = rx.MustCompile(`(?:要|想|得|非要)进(?:去|来|校|学校)|让(?:他|她|快递员|小哥)?进(?:去|来|校|不|吗|吧)?|进不进|能不能进|能进|进去送|送进去`)
	// parcelAskRE is a question whether a parcel came (陈主任的快递到了没),
	// not the news that it did.
	parcelAskRE = rx.MustCompile(`[吗没呢么嘛？?]\s*$|到了?没|到没到|有没有`)
	// idLikeRE is a resident ID number: words with one are a check-in.
	idLikeRE = rx.MustCompile(`\d{17}[\dXx]`)
	// gateVisitRE is what a check-in has and a parcel left at the gate
	// does not: a phone number, typed or spoken, one a digit short too
	// (快递小哥 王强 1391234567 送快递给王老师), or a vehicle (蔬菜公司送货的
	// 车到了 … 电话… 找钱阿姨签收; 给孙子送棉被 手机幺三零…).
	gateVisitRE = rx.MustCompile(`1\d{9,11}|电话|手机(?:号|[:：\s]*[0-9零一二三四五六七八九幺])|号码|车`)
	// titleRE is a colleague's title; the words before it are their name.
	titleRE = rx.MustCompile(`老师|主任|校长|师傅|阿姨|会计`)
)

// parcelWords are a guard's words as the parcel readings take them: 顺风,
// as input methods write 顺丰, is the courier.
func parcelWords(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "顺风", "顺丰")
}

// A family member bringing what was forgotten (user test 29's R36:
// 「初二3班张小明妈妈送准考证来了 孩子忘带了 电话… 找李老师」 was taken for a
// visit and asked for a name and an ID) leaves it at the gate like a
// courier: the teacher is told, the drop-off is logged, nobody comes in.
var (
	// dropItemRE is what people bring to school for someone.
	dropItemRE = rx.MustCompile(`准[考靠]证|钥匙|眼药水|药|作业本?|课本|练习册|书包|校服|体育服|运动服|衣服|外套|鞋子?|饭盒|午饭|饭卡|饭|眼镜|水杯|水壶|雨伞|学生证|文具盒?|笔袋|计算器|充电器|手机|资料|红领巾|东西`)
	// dropBringRE is bringing it: 送准考证来了, 送个准考证, 拿来, 放门卫了.
	dropBringRE = rx.MustCompile(`送|拿来|带来|拿过来|带过来|捎|放(?:在|到)?(?:门卫|门口|传达室)`)
	// dropLeftRE is that it stays at the gate: 孩子忘带了, 她不进去, 放门卫这,
	// 让李老师来拿.
	dropLeftRE = rx.MustCompile(`忘带|忘了带|落(?:在)?家|不(?:用|要|想)?进(?:去|来|校)|放(?:在|到)?(?:门卫|门口|传达室)|让\p{Han}{1,4}?(?:来|过来|下来)?(?:拿|取)|(?:来|下来|过来)(?:拿|取)`)
	// dropEnterRE is a visit, not a drop-off: to come in, to talk, to take
	// the child (张小明妈妈来了 要进去找李老师谈孩子考试的事).
	dropEnterRE = rx.MustCompile(`(?:要|想|得|非要)进|进(?:去|来|校)找|谈|见(?:一下|见|面)|接(?:孩子|走|回)|家长会|开会|签字|请假`)
	// dropNoEntryRE is the words that say nobody comes in, taken out
	// before dropEnterRE reads them: 她不要进去.
	dropNoEntryRE = rx.MustCompile(`不(?:用|要|想)?进(?:去|来|校|学校)?`)
	// dropIDRE is a document talked of: a check-in, the gate's form.
	dropIDRE = rx.MustCompile(`身[份分]证|证件|驾驶证|护照`)
	// dropperRE is who brought it, after the child's name: 张小明妈妈,
	// 张小明他妈, 张小明家长.
	dropperRE = rx.MustCompile(`([^\P{Han}班级的个那这有他她你我们孩子是说给送爸妈]{2,3})(?:他|她)?(妈妈|爸爸|奶奶|爷爷|姥姥|姥爷|外婆|外公|姐姐|哥哥|家长|妈|爸)`)
	// dropChildRE is the child it is for: 张小明的准考证.
	dropChildRE = rx.MustCompile(`([^\P{Han}班级的个那这有他她你我们孩子是说给送爸妈]{2,3})的`)
)

// dropOff reports whether s is a family member's drop-off (dropItemRE …),
// not a courier's parcel nor a visitor's check-in: something brought,
// and either said to stay at the gate or with no word of coming in.
func dropOff(s string) bool {
	s = parcelWords(s)
	if parcelRE.MatchString(s) || idLikeRE.MatchString(s) || dropIDRE.MatchString(s) || !dropItemRE.MatchString(s) || !dropBringRE.MatchString(s) {
		return false
	}
	if dropLeftRE.MatchString(s) {
		return true
	}
	// Nothing said of it staying at the gate: a drop-off only if nothing
	// says coming in either, and no phone or car the gate's form asks for
	// (老王 13512345679 找李老师 送资料 is a check-in).
	return !gateVisitRE.MatchString(s) && !dropEnterRE.MatchString(dropNoEntryRE.ReplaceAllString(s, " "))
}

// dropItem is the thing brought: the first one named, 东西 only when
// nothing else is.
func dropItem(s string) string {
	item := ""
	for _, m := range dropItemRE.FindAllString(s, -1) {
		if m != "东西" {
			item = m
			break
		}
	}
	if item == "" {
		return "东西"
	}
	return strings.ReplaceAll(item, "准靠证", "准考证")
}

// dropper is who brought it, as the gate log names them: 张小明妈妈;
// else the name the check-in had (hint), else the child's 家长.
func dropper(s, hint string) string {
	if m := dropperRE.FindStringSubmatch(dropItemRE.ReplaceAllString(s, " ")); m != nil {
		rel := m[2]
		switch rel {
		case "妈":
			rel = "妈妈"
		case "爸":
			rel = "爸爸"
		}
		return m[1] + rel
	}
	if hint != "" {
		return hint
	}
	for _, m := range dropChildRE.FindAllStringSubmatch(s, -1) {
		if !titleRE.MatchString(m[1]) && dropItemRE.MatchString(s[strings.Index(s, m[0])+len(m[0]):]) {
			return m[1] + "家长"
		}
	}
	return "家长"
}

// Accepts implements Acceptor: a guard's words of a parcel arrived at the
// gate for someone or some office, a courier asking to come in or a
// parcel to send (each answered), or a family member's drop-off for a
// colleague or a class.
func (ParcelFlow) Accepts(t *flows.Turn) bool {
	if !t.Staff.Has(flows.RoleGuard) {
		return false
	}
	s := parcelWords(t.Text)
	if parcelRE.MatchString(s) && !idLikeRE.MatchString(s) {
		switch {
		case parcelOutRE.MatchString(s):
			return true // 顺丰几点来收
		case parcelEnterRE.MatchString(s):
			// 快递员要进去送件 让他进不: advice, unless the words are a
			// check-in already (有个送快递的说王老师的件要当面签收 要进去送).
			return !(VisitFlow{}).Accepts(t)
		}
		return parcelLeftRE.MatchString(s) && !gateVisitRE.MatchString(s) && !parcelAskRE.MatchString(s) && (titleRE.MatchString(s) || officeNamed(t, s) != "")
	}
	// 张小明妈妈送准考证来了, for nobody named: asked whom it is for.
	return dropOff(s) && (titleRE.MatchString(s) || classKey(s) != "" || dropperRE.MatchString(dropItemRE.ReplaceAllString(s, " ")))
}

// officeNameRE is an office a parcel is for, as schools name them, when
// the location table has no room of the name: 教务处, 总务处, 语文组.
// The school's organisations are offices too, said with or without
// their room (user test 30's T24–T26: 「快递 … 团委的 放门卫室了」): 团委,
// 学生会, 工会, 少先队, a grade's 年级组.
var officeNameRE = rx.MustCompile(`(?:教务|总务|政教|德育|后勤|学生|安全|保卫|财务|教科|教研|招生|校长|医务|档案|图书|电教|信息)(?:处|办公室|办|室)|` +
	`(?:团委|团支部|学生会|工会|少先队大队部|少先队|大队部|党支部|党办|校办|家委会)(?:办公室|办|室)?|` +
	`(?:[初高][一二三]|[一二三四五六七八九]年级)?(?:语文|数学|英语|物理|化学|生物|历史|地理|政治|道法|体育|音乐|美术|信息|科学|年级)(?:教研)?组`)

// officeNamed is the office the words name, the location table's rooms
// first (user test 29c's V16: 「是教务处的试卷」, 「教务处的 让他们来拿」
// name it without 送 before it); "" if none. The gate's own rooms are
// where the parcel is, not whom it is for.
func officeNamed(t *flows.Turn, s string) string {
	best := ""
	if locs, err := t.Tx.Locations(t.Ctx, t.School.ID); err == nil {
		for _, l := range locs {
			for _, name := range append([]string{l.Room}, l.Aliases...) {
				if utf8.RuneCountInString(name) < 2 || !onlyHan(name) || !strings.ContainsAny(name[len(name)-3:], "处室组办委会队部") ||
					strings.Contains(name, "门卫") || strings.Contains(name, "传达") || strings.Contains(name, "保安") {
					continue
				}
				if strings.Contains(s, name) && len(name) > len(best) {
					best = name
				}
			}
		}
	}
	if best != "" {
		return best
	}
	return officeNameRE.FindString(s)
}

// officeParcel tells the owner of the office a parcel is for, as the
// location table names it, or the office's head (host.go's
// officeHeads); an office with neither is left to the guard, who is
// asked whom to tell.
func officeParcel(t *flows.Turn, text string) error {
	office := officeNamed(t, text)
	if office == "" {
		return askWhom(t, text, "", "好的，快递先放在门卫室。请告诉我是给哪位老师的，比如「快递到了 给陈主任」，我来通知他。")
	}
	host, listed, found, err := officeHost(t, office)
	if err != nil {
		return err
	}
	if found {
		return parcelTold(t, text, host)
	}
	why := "地点表里没有「" + office + "」" // 语文组: not in the table at all
	if listed {
		why = "「" + office + "」在地点表里没有登记负责人"
	}
	return askWhom(t, text, "", fmt.Sprintf("好的，快递先放在门卫室。%s，我没法替你通知：请直接打电话让%s来取；或者告诉我交给哪位老师，比如「给陈主任」，我来通知他。", why, office))
}

// officeHost is whom the gate tells of a parcel for office: the owner
// the location table gives it, or the office's head (officeHeads) when
// one member of staff holds that role. listed is whether the table has
// the office; found is false when nobody is to be told.
func officeHost(t *flows.Turn, office string) (host flows.Staff, listed, found bool, err error) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return flows.Staff{}, false, false, err
	}
	for _, l := range locs {
		if !l.Active || l.Room != office && !slices.Contains(l.Aliases, office) {
			continue
		}
		listed = true
		if l.OwnerID == 0 {
			continue
		}
		host, err := t.Tx.StaffByID(t.Ctx, l.OwnerID)
		if err != nil {
			return flows.Staff{}, true, false, err
		}
		return host, true, true, nil
	}
	if title, ok := officeHeads[office]; ok {
		s, err := byRoles(t.Ctx, t.Tx, t.School.ID, vocabFor(t).titleRoles[title])
		if err != nil {
			return flows.Staff{}, listed, false, err
		}
		if len(s) == 1 {
			return s[0], listed, true, nil
		}
	}
	return flows.Staff{}, listed, false, nil
}

// parcelAsk is a parcel or drop-off waiting at the gate for the guard to
// say whom to tell: the words it was told in, and who brought it.
type parcelAsk struct {
	Text   string `json:"text"`
	Hint   string `json:"hint,omitempty"`
	HostID int64  `json:"host,omitempty"`
}

// stateParcelWhom waits for whom a parcel is for.
const stateParcelWhom = "whom"

// askWhom says ask and waits for the colleague to tell (Step), so that
// 「那你跟陈主任说一声吧」, said next, is understood (user test 29c's V15).
func askWhom(t *flows.Turn, text, hint, ask string) error {
	t.Say(ask)
	return t.Begin(flowParcel, stateParcelWhom, parcelAsk{Text: text, Hint: hint})
}

// hostNamed finds the one colleague the words name: whom they are for
// (给陈主任) first, then anyone called by a title (陈主任 你的快递到了,
// 让李老师来拿), the name read with up to four characters before the
// title so that 让 or 教务处 before it does no harm. who is the first
// title said, for a question if none is found.
func hostNamed(t *flows.Turn, s string) (host flows.Staff, who string, ok bool, err error) {
	r := []rune(s)
	var ends []int
	if m := parcelForRE.FindStringSubmatchIndex(s); m != nil {
		end := m[3]
		if end < 0 {
			end = m[5]
		}
		ends = append(ends, utf8.RuneCountInString(s[:end]))
	}
	for _, loc := range titleRE.FindAllStringIndex(s, -1) {
		ends = append(ends, utf8.RuneCountInString(s[:loc[1]]))
	}
	for _, end := range ends {
		// The shortest name first: 陈主任 of 教务处陈主任.
		title := end - 2
		if title > 0 && string(r[title-1:end]) == "班主任" {
			continue // a class's teacher: told (placeOwner), not a 主任
		}
		for k := title - 1; k >= 0 && k >= title-4 && unicode.Is(unicode.Han, r[k]); k-- {
			q := string(r[k:end])
			if who == "" {
				who = q
			}
			found, err := findHosts(t.Ctx, vocabFor(t), t.Tx, t.School.ID, q)
			if err != nil {
				return flows.Staff{}, "", false, err
			}
			if len(found) == 1 {
				return found[0], q, true, nil
			}
		}
	}
	return flows.Staff{}, who, false, nil
}

// Start implements Flow: the one the parcel is for is told; several who
// fit, or none, are left to the guard, who is asked whom to tell.
func (ParcelFlow) Start(t *flows.Turn) error {
	t.Done()
	text := parcelWords(t.Text)
	if parcelRE.MatchString(text) && parcelOutRE.MatchString(text) {
		who := "你"
		if office := officeNamed(t, text); office != "" {
			who = office
		}
		t.Say(fmt.Sprintf("寄件不经过门卫登记，我这里也查不到快递几点来收。请%s直接联系快递员，约好上门取件的时间。", who))
		return nil
	}
	if parcelRE.MatchString(text) && parcelEnterRE.MatchString(text) {
		t.Say("快递员一般不进校：请让他把快递放在门卫室，告诉我是给谁的（比如「快递到了 给陈主任」），我来通知收件人。确实需要进校送的，请发送「来访登记」，按访客登记。")
		return nil
	}
	return told(t, text, "", 0)
}

// told tells the colleague text names, or hostID, of the parcel or the
// drop-off text is; hint is who brought a drop-off, if known.
func told(t *flows.Turn, text, hint string, hostID int64) error {
	host, who, ok, err := hostNamed(t, text)
	if err != nil {
		return err
	}
	if !ok && hostID != 0 {
		if host, err = t.Tx.StaffByID(t.Ctx, hostID); err != nil {
			return err
		}
		ok = true
	}
	drop := dropOff(text)
	if !ok && drop {
		// 初二3班的: the class's 班主任.
		if s, found, err := placeOwner(t.Ctx, t.Tx, t.School.ID, text); err != nil {
			return err
		} else if found && len(s) == 1 {
			host, ok = s[0], true
		}
	}
	switch {
	case ok && drop:
		return dropOffTold(t, text, dropper(text, hint), host)
	case ok:
		return parcelTold(t, text, host)
	case who != "":
		return askWhom(t, text, hint, fmt.Sprintf("好的，东西先放在门卫室。我没能确定「%s」是哪一位老师，请直接告诉我他的名字，比如「给陈主任」，我来通知他。", who))
	case drop:
		return askWhom(t, text, hint, fmt.Sprintf("好的，%s先放在门卫室。是给哪位老师的？请告诉我，比如「给李老师」，我来通知他。", dropItem(text)))
	}
	return officeParcel(t, text)
}

// whomDoneRE is the guard leaving it: 不用了, 我打电话了.
var whomDoneRE = rx.MustCompile(`^(?:不用了?|算了|没事了?|我(?:自己)?(?:打|打过)电话了?|打过了|已经(?:通知|说)了)`)

// Step implements Flow: whom the parcel waiting at the gate is for
// (askWhom); anything else is given back to be read afresh.
func (ParcelFlow) Step(t *flows.Turn) error {
	var a parcelAsk
	if err := t.Load(&a); err != nil {
		return err
	}
	s := parcelWords(t.Text)
	if (ParcelFlow{}).Accepts(t) {
		t.Pass() // another parcel told whole: read afresh
		return nil
	}
	if whomDoneRE.MatchString(s) {
		t.Done()
		t.Say("好的。")
		return nil
	}
	host, _, ok, err := hostNamed(t, s)
	if err != nil {
		return err
	}
	if !ok {
		t.Pass()
		return nil
	}
	t.Done()
	if dropOff(a.Text) {
		return dropOffTold(t, a.Text, dropper(a.Text, a.Hint), host)
	}
	return parcelTold(t, a.Text, host)
}

// dropOffFrom is a check-in that turned out a drop-off (user test 29c's
// V13: 「她不进校 就送个准考证 放门卫 让李老师来拿就行」, asked for the ID):
// the form is left, nothing of it saved, and the drop-off told.
func dropOffFrom(t *flows.Turn, text, name string, hostID int64) error {
	t.Done()
	return told(t, parcelWords(text), name, hostID)
}

// parcelTold logs a courier's parcel for host and tells them.
func parcelTold(t *flows.Turn, text string, host flows.Staff) error {
	v, err := logParcel(t, text, host)
	if err != nil {
		return err
	}
	if err := t.Notify(flows.Notification{ToStaff: host.ID, Kind: NoticeParcel,
		Text: fmt.Sprintf("【快递代收】门卫%s说（%s）：\n「%s」\n东西放在门卫室，请有空去取。", t.Staff.Name, t.When(t.Now), text)}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已通知%s到门卫室取件，并记入来访登记台账（第 %d 号，%s，快递代收，未入校）。快递员放下就走的，不用再登记来访。", host.Name, Num(v), v.Name))
	return nil
}

// dropOffTold logs a family member's drop-off as kept at the gate and
// tells the one it is for. A phone said with it is masked in the notice,
// which outlives the visit's retention in nobody's chat history but the
// outbox's: the guard keeps the number; the teacher needs only the thing.
func dropOffTold(t *flows.Turn, text, who string, host flows.Staff) error {
	item := dropItem(text)
	v := Visit{SchoolID: t.School.ID, GuardID: t.Staff.ID, GuardName: t.Staff.Name, Name: who,
		IDType: IDNone, IDNote: "家长送东西到门卫，未入校", Purpose: dropOffPurpose, PurposeNote: "送" + item,
		HostID: host.ID, HostName: host.Name, Party: 1, Status: VisitWaiting, ArrivedAt: t.Now}
	if err := db(t).CreateVisit(t.Ctx, &v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRegistered, Note: "送" + item}); err != nil {
		return err
	}
	v.Status, v.DecidedAt, v.DecidedBy, v.LeftAt = VisitKept, t.Now, t.Staff.ID, t.Now
	v.Decision = fmt.Sprintf("%s放门卫室，已通知%s来取", item, host.Name)
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventKept, Note: v.Decision}); err != nil {
		return err
	}
	said := phoneRE.ReplaceAllStringFunc(text, MaskPhone)
	if err := t.Notify(flows.Notification{ToStaff: host.ID, Kind: NoticeParcel,
		Text: fmt.Sprintf("【门卫代收】门卫%s说（%s）：\n「%s」\n%s放在门卫室，请有空去取。", t.Staff.Name, t.When(t.Now), said, item)}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已通知%s到门卫室来取%s，并记入来访登记台账（第 %d 号，%s，送%s，未入校）。东西放下就走的，不用登记身份证。", host.Name, item, Num(v), v.Name, item))
	return nil
}

// parcelNote and dropOffPurpose mark a parcel's and a drop-off's entries
// in the gate log, which ParcelAskFlow reads back.
const (
	parcelNote     = "快递代收"
	dropOffPurpose = "送物"
)

// parcelOrgRE is the courier company a parcel's words name.
var parcelOrgRE = rx.MustCompile(`顺丰|京东|邮政|EMS|中通|圆通|韵达|申通|极兔|德邦`)

// logParcel records a parcel left at the gate in the gate log: the 门卫登记
// inspectors read lists deliveries with the visitors (user test 28's K39
// was told to its addressee and nowhere recorded). The courier, unnamed
// and shown no document, never came in: the entry is kept at the gate
// (VisitKept, as a visitor a host has leave something there), gone as it
// was made, and carries no personal data.
func logParcel(t *flows.Turn, text string, host flows.Staff) (Visit, error) {
	org := parcelOrgRE.FindString(text)
	v := Visit{SchoolID: t.School.ID, GuardID: t.Staff.ID, GuardName: t.Staff.Name, Name: org + "快递员",
		IDType: IDNone, IDNote: "快递员放下快递就走，未入校", Org: org, Purpose: "送货", PurposeNote: parcelNote,
		HostID: host.ID, HostName: host.Name, Party: 1, Status: VisitWaiting, ArrivedAt: t.Now}
	if err := db(t).CreateVisit(t.Ctx, &v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRegistered, Note: "快递代收"}); err != nil {
		return v, err
	}
	v.Status, v.DecidedAt, v.DecidedBy, v.LeftAt = VisitKept, t.Now, t.Staff.ID, t.Now
	v.Decision = fmt.Sprintf("快递放门卫室代收，已通知%s取件", host.Name)
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventKept, Note: v.Decision}); err != nil {
		return v, err
	}
	return v, nil
}
