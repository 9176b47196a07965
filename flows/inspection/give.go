package inspection

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/internal/rx"
)

// giveRE is a hazard handed to someone in words, as leaders hand repairs
// on (「2号转给马师傅吧」): 操场铁丝那个让王师傅去处理一下, 1号隐患交给王师傅
// 整改, 铁丝那个转给王师傅吧. The first group is who; what comes before
// the match says which hazard. A clause may follow, why it is theirs
// (user test 28's 礼堂后门堆东西那个 让吴老师去弄 演出的东西是他们的): the
// second group, which names no one.
var giveRE = rx.MustCompile(`(?:让|叫|请|派|安排|交给|转给|转交给|改派给|派给|转派给|改给|改让|由)\s*(\p{Han}{2,5}?)\s*(?:他们|她们)?\s*(?:去|来|负责|帮忙)?\s*(?:处理|整改|弄|修|看看|看一下|搞|跟进|解决|弄好|修好|整改好)?(?:一下)?(?:吧|了|啊|哈)?[。！!～~]*(?:$|[\s，,；;]+(\p{Han}[^。！!？?]*)$)`)

// hazardNumRE is a hazard's number said with it: 1号隐患, 1号那个.
var hazardNumRE = rx.MustCompile(`(\d{1,3})\s*号`)

// giveTitles are words said after a surname in place of a staff member's
// name (王师傅 for 王建国); 师傅 and 工 name a worker.
var giveTitles = []string{"师傅", "老师", "主任", "工"}

// mayGiveAny reports whether s may hand any hazard of the school to
// someone: the 总务主任, a school leader, an administrator. Anyone may hand
// on a hazard they are responsible for.
func mayGiveAny(s flows.Staff) bool {
	return s.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal, flows.RoleAdmin)
}

// given is a hazard handed to someone in words (readGive): the hazard, the
// name said, the staff member it names when the school has them, and
// whether the hazard was named by its reference or the word 隐患 rather
// than by its number (which a repair may have too) or words it shares
// with others.
type given struct {
	h     Hazard
	who   string
	to    flows.Staff
	found bool
	plain bool
	score int // the words the hazard shares with what was said of it
}

// readGive reads giveRE: the open hazard the words (or its number) name,
// of those the writer may hand on, and the staff member named. It only
// reads, as a Claim may.
func readGive(t *flows.Turn, text string) (given, bool) {
	s := strings.TrimSpace(text)
	loc := giveRE.FindStringSubmatchIndex(s)
	if loc == nil {
		return given{}, false
	}
	if _, _, told := checkTold(s); told {
		// 今天下午做了消防安全检查 … 应急灯不亮 让陈主任负责整改: a check
		// told done, its findings new ones given (roundtold.go), not an
		// open hazard handed on.
		return given{}, false
	}
	who, about := s[loc[2]:loc[3]], s[:loc[0]]
	if about == "" {
		return given{}, false // 让王师傅去处理一下: of what, it does not say
	}
	hs, err := db(t).HazardsOf(t.Ctx, t.Staff.ID, 100)
	if err == nil && mayGiveAny(t.Staff) {
		hs, err = db(t).OpenHazards(t.Ctx, t.School.ID)
	}
	if err != nil {
		return given{}, false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool { return h.Status != HazardOpen })
	h, ok := namedHazard(about, hs)
	if !ok || newFindingTold(about, h) {
		return given{}, false
	}
	s2, found := staffNamed(t, who)
	if !found && !slices.ContainsFunc(giveTitles, func(w string) bool { return strings.HasSuffix(who, w) }) {
		return given{}, false // 叫人挪走了: no one named
	}
	score := sharedWords(about, h.Where()+h.Description)
	plain := strings.Contains(strings.ToUpper(about), h.Ref) || strings.Contains(about, "隐患")
	return given{h: h, who: who, to: s2, found: found, plain: plain, score: score}, true
}

// giveTyped reads giveRE as 「yh:give:HAZARD:STAFF」 (readGive). Words
// that name no such hazard are left to the other flows; a hazard named to
// someone the school does not have is answered.
func giveTyped(t *flows.Turn, text string) (string, bool) {
	g, ok := readGive(t, text)
	if !ok {
		return "", false
	}
	h, s2 := g.h, g.to
	switch msg := mayAct(t, h, VerbGive); {
	case msg != "":
		t.Say(msg) // the finder's 让马师傅去处理: not theirs to hand on
		return "", true
	case !g.found:
		t.Say(fmt.Sprintf("学校里没有找到「%s」。请说全名，或姓加称呼，例如「让王师傅去处理一下」。", flows.Clip(g.who, 10)))
		return "", true
	case h.RepairID != 0:
		t.Say(fmt.Sprintf("%s 已经报修（%s），由%s维修，修好时隐患也一起整改完成。要换人修，请对维修单 %s 操作「转派」。", h.Ref, h.RepairRef, h.ResponsibleName, h.RepairRef))
		return "", true
	case s2.ID == h.ResponsibleID:
		t.Say(fmt.Sprintf("%s 本来就由%s负责整改，期限 %s 前。", h.Ref, s2.Name, t.When(h.DueAt)))
		return "", true
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbGive), ID: h.ID, Args: []string{strconv.FormatInt(s2.ID, 10)}}.String(), true
}

// giveClaim is the claim of a hazard handed to someone in words
// (readGive). The repairs read typed words first, and a leader's 让吴老师
// 去弄 is their 改派 too: user test 28's 总务主任 said 「礼堂后门堆东西那个
// 让吴老师去弄」 of the hazard at the 礼堂后门, and the 303 后门锁 repair
// went to the AV teacher on the one word 后门. So the give claims the
// words as a command, read before the repairs, when they name the hazard
// by its reference or as 隐患, or by more words of its place and
// thing than they share with any open repair of the school.
func giveClaim(t *flows.Turn, text string) flows.Claim {
	g, ok := readGive(t, text)
	if !ok {
		return flows.Claim{}
	}
	about := strings.TrimSpace(text)
	about = about[:giveRE.FindStringIndex(about)[0]]
	// The words name the hazard's place (礼堂后门堆东西那个, of a hazard
	// at 礼堂 whose text does not say 后门: user test 28's re-run): a
	// repair whose place they do not name is no rival, whatever word of
	// its thing they share (后门 of 303's 后门锁).
	placed := sharedWords(about, g.h.Where()) > 0
	if !g.plain && g.score < 2 && !placed {
		return flows.Claim{}
	}
	if !g.plain {
		rs, err := flows.StoreOf[repair.Store](t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
		if err != nil {
			return flows.Claim{}
		}
		for _, r := range rs {
			if !r.Status.Open() || placed && !placeSaid(about, r.LocationName) {
				continue
			}
			if sharedWords(about, r.LocationName+r.Description) >= g.score {
				return flows.Claim{}
			}
		}
	}
	data := flows.Action{Prefix: ActorPrefix, Verb: string(VerbGive), ID: g.h.ID, Args: []string{strconv.FormatInt(g.to.ID, 10)}}.String()
	return flows.Claim{Strength: flows.ClaimCommand, Refs: []string{g.h.Ref},
		Choices: []flows.Button{{Label: fmt.Sprintf("隐患交给%s整改：%s %s「%s」", g.who, g.h.Ref, g.h.Where(), flows.Clip(g.h.Description, 20)), Data: data}}}
}

// placeSaid reports whether words name a repair's place: a word of it, or
// its room number (303).
func placeSaid(words, place string) bool {
	if sharedWords(words, place) > 0 {
		return true
	}
	for _, n := range roomNumRE.FindAllString(place, -1) {
		if strings.Contains(words, n) {
			return true
		}
	}
	return false
}

// roomNumRE is a room number in a place's name: 303 of 教学楼303.
var roomNumRE = rx.MustCompile(`\d{2,}`)

// findingToldRE begins words telling a hazard just found: 发现隐患,
// 巡查发现, 刚才检查时发现, 查到, 有个隐患 (the hazard flow's triggers).
var findingToldRE = rx.MustCompile(`^(?:今天|刚才|刚刚|早上|上午|下午|晚上)?我?(?:在)?(?:巡查|检查|巡视|排查|转了一圈|看了一圈)?(?:的时候|时|中)?(?:又)?(?:发现|查到|查出|看到)|^(?:有个|有一个|有一处|上报)(?:安全)?隐患|^隐患上报`)

// thatOneRE ends words naming a hazard known already: 堆东西那个, 那个隐患.
var thatOneRE = rx.MustCompile(`(?:那个|那条|那处|那一处|那件事)(?:隐患)?(?:吧|啊)?$`)

// newFindingTold reports whether the words before a hand-over tell a
// hazard just found rather than name the open hazard h: 「发现隐患 食堂后门
// 灭火器过期了 让陈主任整改」 and 「巡查发现…，请王师傅整改」 were read as
// handing the only open hazard (the 办公室 heaters) to 陈主任, and the
// extinguisher was never filed (review of user test 30). Words that begin
// as a finding does, or that tell a problem sharing almost nothing with
// h (「食堂后门灭火器过期了 这个隐患交给陈主任」 of the heaters), are a new
// finding, whose 整改责任人 is the one named (saidWithFinding); h named by
// its reference or number is still handed on.
func newFindingTold(about string, h Hazard) bool {
	if strings.Contains(strings.ToUpper(about), h.Ref) || hazardNumRE.MatchString(about) {
		return false
	}
	if findingToldRE.MatchString(strings.TrimSpace(about)) {
		return true
	}
	if thatOneRE.MatchString(strings.TrimSpace(about)) {
		return false // 礼堂后门堆东西那个: one known already, named by its words
	}
	plain := strings.ReplaceAll(negatedRE.ReplaceAllString(about, "正常"), "隐患", "")
	plain = strings.ReplaceAll(plain, "灭火器", "器材") // 火 of 灭火器 is no trouble
	told := troubleRE.MatchString(plain) || saysDanger(about) || fireKitFault(about) || repair.IsBlockedPassage(about)
	if !told || utf8.RuneCountInString(about) < 8 {
		return false
	}
	if sharedWords(about, h.Where()+h.Description) < 2 {
		return true
	}
	// 食堂仓库灭火器压力不足了 这个隐患…, of 食堂后门灭火器过期了: the
	// trouble told is not h's, though the place and thing are alike.
	for _, w := range append(troubleRE.FindAllString(plain, -1), fireKitFaultRE.FindAllString(plain, -1)...) {
		if !strings.Contains(h.Description, w) {
			return true
		}
	}
	return false
}

// namedHazard is the one hazard of hs the words before giveRE name: by
// its reference (YH-20261120-001) or number (1号), by the words it shares
// with its place and description more than any other (操场铁丝那个), or,
// said 「隐患」 of the only one, that one.
func namedHazard(about string, hs []Hazard) (Hazard, bool) {
	for _, h := range hs {
		if strings.Contains(strings.ToUpper(about), h.Ref) {
			return h, true
		}
	}
	if m := hazardNumRE.FindStringSubmatch(about); m != nil {
		n, _ := strconv.Atoi(m[1])
		var hit []Hazard
		for _, h := range hs {
			if Num(h) == n {
				hit = append(hit, h)
			}
		}
		if len(hit) == 1 {
			return hit[0], true
		}
		return Hazard{}, false
	}
	best, score, tie := -1, 0, false
	for i, h := range hs {
		switch n := sharedWords(about, h.Where()+h.Description); {
		case n > score:
			best, score, tie = i, n, false
		case n == score && n > 0:
			tie = true
		}
	}
	switch {
	case best >= 0 && !tie:
		return hs[best], true
	case len(hs) == 1 && strings.Contains(about, "隐患"):
		return hs[0], true
	}
	return Hazard{}, false
}

// staffNamed finds the one active staff member of the school a leader
// named: by the whole name, or by a surname and a title (王师傅 for a
// worker 王建国).
func staffNamed(t *flows.Turn, who string) (flows.Staff, bool) {
	ss, err := t.Tx.FindStaff(t.Ctx, t.School.ID, who)
	if err != nil {
		return flows.Staff{}, false
	}
	for _, s := range ss {
		if s.Name == who && s.Active {
			return s, true
		}
	}
	for _, title := range giveTitles {
		sur, ok := strings.CutSuffix(who, title)
		if !ok || sur == "" || utf8.RuneCountInString(sur) > 2 {
			continue
		}
		ss, err := t.Tx.FindStaff(t.Ctx, t.School.ID, sur)
		if err != nil {
			return flows.Staff{}, false
		}
		var hit []flows.Staff
		for _, s := range ss {
			if s.Active && strings.HasPrefix(s.Name, sur) && (title != "师傅" && title != "工" || s.Has(flows.RoleWorker)) {
				hit = append(hit, s)
			}
		}
		if len(hit) == 1 {
			return hit[0], true
		}
	}
	return flows.Staff{}, false
}

// giveHazard makes the staff member of args responsible for rectifying h
// (mayAct said the writer may), and tells them, the one it was taken
// from and whoever found it; the deadline stays.
func giveHazard(t *flows.Turn, h Hazard, args []string) error {
	var id int64
	if len(args) == 1 {
		id, _ = strconv.ParseInt(args[0], 10, 64)
	}
	s, err := t.Tx.StaffByID(t.Ctx, id)
	if id <= 0 || err != nil || s.SchoolID != t.School.ID || !s.Active {
		t.Say("没有找到这位负责人。")
		return nil
	}
	if h.RepairID != 0 {
		t.Say(fmt.Sprintf("%s 已经报修（%s），由%s维修。要换人修，请对维修单 %s 操作「转派」。", h.Ref, h.RepairRef, h.ResponsibleName, h.RepairRef))
		return nil
	}
	if s.ID == h.ResponsibleID {
		t.Say(fmt.Sprintf("%s 本来就由%s负责整改，期限 %s 前。", h.Ref, s.Name, t.When(h.DueAt)))
		return nil
	}
	if t.Staff.ID == h.ResponsibleID && s.Has(flows.RoleHead) && !mayGiveAny(t.Staff) {
		return giveBack(t, h, s)
	}
	old, oldName := h.ResponsibleID, h.ResponsibleName
	h.ResponsibleID, h.ResponsibleName = s.ID, s.Name
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventGiven, From: h.Status, To: h.Status,
		Note: "由" + t.Staff.Name + "从" + oldName + "转给" + s.Name}); err != nil {
		return err
	}
	told := map[int64]bool{t.Staff.ID: true}
	if !told[s.ID] {
		told[s.ID] = true
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: KindAssigned, Ref: hazardRef(h.ID),
			Text: hazardCard(t, h, "【隐患整改】") + "\n" + t.Staff.Name + "安排你负责整改。" + fixHint(h), Buttons: fixButtons(h)}); err != nil {
			return err
		}
	}
	if !told[old] {
		told[old] = true
		if err := t.Notify(flows.Notification{ToStaff: old, Kind: KindUpdate, Ref: hazardRef(h.ID),
			Text: fmt.Sprintf("%s已由%s转给%s整改，你不用再处理了。", h.Title(), t.Staff.Name, s.Name)}); err != nil {
			return err
		}
	}
	if !told[h.FinderID] {
		if err := t.Notify(flows.Notification{ToStaff: h.FinderID, Kind: KindUpdate, Ref: hazardRef(h.ID),
			Text: fmt.Sprintf("你上报的隐患 %s已由%s安排%s整改，整改完成后会请你复查。", h.Title(), t.Staff.Name, s.Name)}); err != nil {
			return err
		}
	}
	said := fmt.Sprintf("好的，已把 %s交给%s整改，期限 %s 前，已通知%s。", h.Title(), s.Name, t.When(h.DueAt), s.Name)
	if t.Msg.Button == "" && correctedRE.MatchString(t.Text) {
		if r, ok := repair.HandedOnJustNow(t, s.ID); ok {
			said += fmt.Sprintf("\n刚才转给%s的维修单 %s（%s「%s」）%s还没有接单；如果那单也转错了，请回复「处理 %d」重新改派。",
				s.Name, r.Ref, r.Place(), flows.Clip(r.Description, 20), s.Name, repair.Num(r))
		}
	}
	t.Say(said)
	return nil
}

// correctedRE is a leader saying his last words were taken wrong: 不对不对
// 不是门锁 是…隐患 交给吴老师整改 (user test 28's 总务主任, whose 「礼堂后门
// 堆东西那个 让吴老师去弄」 had moved a door-lock repair).
var correctedRE = rx.MustCompile(`^(?:不对|不是|搞错|弄错|错了|说错)`)

// objectRE is the person given a hazard's 整改 saying it is no hazard, or
// not theirs: the sixteenth user test's class teacher, given a light at
// 201 that was really next door, said 「201的灯？我们班下午都有课啊，灯是我
// 开的，啥子隐患哦」 and was offered only 「整改完成」. 不是我们班的, 不归我管,
// 跟我没关系, 是不是搞错了, 算什么隐患 are the same.
var objectRE = rx.MustCompile(`(?:啥子|什么|哪门子|算啥|算什么)隐患|不是(?:什么)?隐患|不算隐患|不是我(?:们)?(?:班|这里|这儿|这边|的|负责|管)|不归我|不关我|(?:跟|和|与)我(?:们班)?(?:没|没有|无)关|(?:是不是|怕是|肯定)?(?:搞|弄|记|登记)错了?(?:吧|哦|啊)`)

// objectTyped reads objectRE said by whoever rectifies an open hazard with
// no repair, not the 总务主任 (who hands hazards on himself): the hazard
// goes back to the 总务主任 to arrange again, with the words as why
// (「yh:give:HAZARD:HEAD」, giveHazard). Of several such hazards, the one
// the words name; none named, it is not taken.
func objectTyped(t *flows.Turn, text string) (string, bool) {
	if !objectRE.MatchString(text) || t.Staff.Has(flows.RoleHead) {
		return "", false
	}
	hs, err := db(t).HazardsOf(t.Ctx, t.Staff.ID, 100)
	if err != nil {
		return "", false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool {
		return h.Status != HazardOpen || h.ResponsibleID != t.Staff.ID || h.RepairID != 0
	})
	if len(hs) > 1 {
		hs = narrowHazards(text, hs)
	}
	if len(hs) != 1 {
		return "", false
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil || len(heads) == 0 {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbGive), ID: hs[0].ID, Args: []string{strconv.FormatInt(heads[0].ID, 10)}}.String(), true
}

// giveBack hands a hazard its responsible person objects to (objectTyped)
// back to the 总务主任 head, who is told why in the person's words and
// arranges it again; the finder is not told (nothing is decided yet).
func giveBack(t *flows.Turn, h Hazard, head flows.Staff) error {
	why := ""
	if t.Msg.Button == "" {
		why = flows.Clip(strings.TrimSpace(t.Text), 100)
	}
	oldName := h.ResponsibleName
	h.ResponsibleID, h.ResponsibleName = head.ID, head.Name
	note := oldName + "退回总务处"
	if why != "" {
		note += "：" + why
	}
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventGiven, From: h.Status, To: h.Status, Note: note}); err != nil {
		return err
	}
	text := hazardCard(t, h, "【隐患退回】") + "\n" + oldName + "退回了这条隐患的整改"
	if why != "" {
		text += "，原话：「" + why + "」"
	}
	text += fmt.Sprintf("。请核实后重新安排：交给别人整改请回复「%s 交给（姓名）整改」；已经没有问题或已整改，请回复「整改完成 %d」。", h.Ref, Num(h))
	if err := t.Notify(flows.Notification{ToStaff: head.ID, Kind: KindAssigned, Ref: hazardRef(h.ID), Text: text, Buttons: fixButtons(h)}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，%s 已退回总务处，你说的情况已转告%s，核实后会重新安排，你不用再处理了。", h.Ref, head.Name))
	return nil
}

// heldTyped reads objectRE (跟我没关系) said by a hazard's responsible
// person of a hazard the words name whose linked repair another worker
// holds now: user test 16's 王师傅 had handed the 操场积水 repair on to 周师傅
// (转派) and said 「操场积水那个隐患跟我没关系哦 周师傅已经通好了」. It is
// 「yh:drop:HAZARD」 (dropHeld). It only reads, as a Claim may.
func heldTyped(t *flows.Turn, text string) (string, bool) {
	if !objectRE.MatchString(text) {
		return "", false
	}
	hs, err := db(t).HazardsOf(t.Ctx, t.Staff.ID, 100)
	if err != nil {
		return "", false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool { return h.ResponsibleID != t.Staff.ID || h.RepairID == 0 })
	h, ok := namedHazard(text, hs)
	if !ok {
		return "", false
	}
	held, err := withHolder(t, h)
	if err != nil || held.ResponsibleID == t.Staff.ID {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbDrop), ID: h.ID}.String(), true
}

// dropHeld makes whoever holds h's linked repair its responsible person
// (the writer handed the repair on) and tells the writer he has nothing to
// do for it.
func dropHeld(t *flows.Turn, h Hazard) error {
	held, err := withHolder(t, h)
	if err != nil {
		return err
	}
	if h.ResponsibleID != t.Staff.ID || held.ResponsibleID == t.Staff.ID {
		t.Say(fmt.Sprintf("%s 由%s负责整改。", h.Ref, held.ResponsibleName))
		return nil
	}
	if err := db(t).UpdateHazard(t.Ctx, held, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventGiven, From: h.Status, To: h.Status,
		Note: "维修单 " + h.RepairRef + " 已转由" + held.ResponsibleName + "维修，整改随之转给" + held.ResponsibleName}); err != nil {
		return err
	}
	state := "，整改的事由他负责"
	if h.Status == HazardClosed {
		state = "，已经闭环"
	}
	t.Say(fmt.Sprintf("好的，知道了。%s的维修单 %s 已转给%s%s，你不用再处理了。给你添麻烦了！", h.Title(), h.RepairRef, held.ResponsibleName, state))
	return nil
}
