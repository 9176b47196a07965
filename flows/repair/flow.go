package repair

import (
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

// RepairFlow is 报修: a report from one message to the right worker, and
// everything that happens to it afterwards (接单, 完成, 修不好, 转派, 验收).
type RepairFlow struct{}

// Name implements Flow.
func (RepairFlow) Name() string { return "repair" }

// Title implements Flow.
func (RepairFlow) Title() string { return "报修" }

// Triggers implements Flow.
func (RepairFlow) Triggers() []string { return []string{"报修", "维修", "repair"} }

// Hint implements the engine's help text.
func (RepairFlow) Hint() string { return "或直接说「302教室灯不亮」" }

// Allowed implements Flow: anyone at school may report a repair.
func (RepairFlow) Allowed(flows.Staff) bool { return true }

// understand reads a free-text message; a few transcripts replace it to
// test the flow on readings the real reader gives only in rarer cases.
var understand = Understand

// sender is who writes t, for Understand: SenderFor with the school's own
// words (houqin lexicon). A failed read of those words leaves them out
// here; in PostgreSQL the transaction is then aborted, and the turn's next
// statement returns the error, so nothing is decided on a partial read.
func sender(t *flows.Turn, locs []flows.Location) Sender {
	s, _ := SenderFor(t, locs)
	return s
}

// Accepts implements Acceptor: free text naming a broken thing is a
// report; a question about progress, thanks, a worker's 「X好了」 and a
// greeting are for this flow too, and Start answers them without a draft.
func (RepairFlow) Accepts(t *flows.Turn) bool {
	if IsBlockedPassage(t.Text) || IsFireKitLapse(t.Text) {
		// 消防通道被车堵了, 走廊灭火器没了: a hazard to clear, nothing to
		// repair (发现隐患 takes it)
		return false
	}
	if powerCutAsked(t.Text) {
		return true // 是全校停电吗: answered, not filed (cutasked.go)
	}
	if recheckSaidRE.MatchString(t.Text) {
		// 小太阳复查不通过: a hazard's re-check (复查; a repair has 验收),
		// never a report, even when no hazard took it (user test 26's re-run's H3).
		return false
	}
	if strings.TrimSpace(t.Text) == "" && t.Image() != "" && !t.Staff.Has(flows.RoleCanteen) {
		// A photo alone, sent before any words: most often of something
		// broken. Start asks what and where. (Canteen staff's photos are
		// of sample boxes.)
		return true
	}
	switch intentOf(t.Text, sender(t, nil)) {
	case IntentReport: // or a vague one (intentOf)
		return utf8.RuneCountInString(t.Text) >= 3
	case IntentProgress:
		// 隐患整改得怎么样了 asks about the hazards as a whole (安全月报's
		// answer), not the repairs (p20lead); 单杠那个隐患…咋个还显示待整
		// 改 names its thing, whose repair may answer.
		if !strings.Contains(t.Text, "隐患") || jobWordRE.MatchString(t.Text) {
			return true
		}
		g := GuessRepair(t.Text, nil)
		return g.Item != "" || g.PlaceText != "" || g.LocationID != 0 || len(g.LocationCandidates) > 0
	case IntentThanks, IntentDone, IntentGreeting:
		return true
	}
	// 302考场还差两张桌子 麻烦安排人搬过来: passed on to the 总务主任 (request.go).
	return !t.Staff.Has(flows.RoleHead) && RequestSaid(t.Text)
}

// recheckSaidRE is a hazard's re-check judged in words, as a clause of
// its own: 小太阳复查不通过, 复查也没通过 还在窗帘边上, 复查合格; not a
// report's words about one (复查没通过的那个灯又坏了).
var recheckSaidRE = rx.MustCompile(`复查(?:也|还是|都)?(?:不通过|没通过|没有通过|不合格|通过|合格|没问题)(?:了|的|啊|呀)?(?:$|[\s，,。；;！!])`)

// Reports implements flows.Reporter: free text naming a broken thing, as
// Accepts reads it, without the thanks, questions and greetings Accepts
// takes too.
func (RepairFlow) Reports(t *flows.Turn) bool {
	return !IsBlockedPassage(t.Text) && intentOf(t.Text, sender(t, nil)) == IntentReport && utf8.RuneCountInString(t.Text) >= 3 &&
		!requestOnly(t) // 302考场桌子少了两张: the 总务's to bring (request.go)
}

// blockedPassageRE is a fire-safety passage obstructed: 消防通道被车堵了,
// 安全出口锁上了, 消火栓被杂物挡住了 (the fire hydrant by either of its
// names). Nothing is broken: it is a hazard for someone to clear.
var blockedPassageRE = rx.MustCompile(`(?:消防通道|消防车道|安全出口|疏散通道|逃生通道|安全通道|应急通道|疏散门|消防栓|消火栓)[^，,。；;]{0,8}?(?:堵|占|停|堆|杂物|锁上|锁住|锁着|挡|封)`)

// IsBlockedPassage reports whether text tells of a fire-safety passage or
// hydrant obstructed, which is a hazard (发现隐患), not a repair.
func IsBlockedPassage(text string) bool { return blockedPassageRE.MatchString(text) }

// fireKitLapseRE is fire-fighting equipment out of date, short of
// pressure or gone: 302的灭火器过期了要换, 灭火器压力不够了, 走廊灭火器没了.
// Nothing is broken for a worker to mend: the school records it as a
// 安全隐患, whose 整改责任人 gets it replaced or refilled (发现隐患 takes
// it); a broken one (灭火器箱门坏了, 消防栓漏水) is still a repair.
var fireKitLapseRE = rx.MustCompile(`(?:灭火器|灭火毯|消防栓|消火栓)[^，,。；;]{0,8}?(?:过期|失效|红区|压力(?:不足|不够|低|太低|偏低|没了)|没(?:有)?压力|没了|没有了|不见了|丢了|被拿走了|被人拿走了|缺了|少了|空了|用完了)`)

// IsFireKitLapse reports whether text tells of fire-fighting equipment
// that fails its check rather than anything broken (see fireKitLapseRE).
func IsFireKitLapse(text string) bool { return fireKitLapseRE.MatchString(text) }

type repairDraft struct {
	LocationID int64       `json:"loc,omitempty"`
	Location   string      `json:"loc_name,omitempty"`
	Candidates []int64     `json:"cands,omitempty"`
	PlaceText  string      `json:"place,omitempty"`   // a place not in the location table, as written
	Building   string      `json:"bldg,omitempty"`    // its building, when one was named
	Misses     int         `json:"misses,omitempty"`  // answers to 在哪里 that found no place
	Said       string      `json:"said,omitempty"`    // the building and floor that named the candidates
	Written    string      `json:"written,omitempty"` // the answer that named the candidates, offered as written (aswritten.go)
	Trade      flows.Trade `json:"trade,omitempty"`
	Item       string      `json:"item,omitempty"`
	Desc       string      `json:"desc,omitempty"`
	Tier       Tier        `json:"tier,omitempty"`
	Hazard     Hazard      `json:"hazard,omitempty"`
	Large      bool        `json:"large,omitempty"` // drafts saved before tiers: Tier large
	Photo      string      `json:"photo,omitempty"`
	// Items are the problems of a message that named several (1.门锁坏了
	// 2.灯不亮), one job each; the fields above then hold only the place
	// given for those that named none.
	Items []draftItem `json:"items,omitempty"`
	Ask   int         `json:"ask,omitempty"` // the item whose trade is asked
	// Alerted is set once the leaders were told of the draft's hazard
	// before it was filed (alertHazardDraft).
	Alerted bool `json:"alerted,omitempty"`
	// AlertRef is that alert's notification reference (alertHazardDraft).
	AlertRef string `json:"alert_ref,omitempty"`
	// Wish is how soon the reporter wants it said with the report, cut
	// from the problem text (明天期末考了，麻烦师傅今天弄好: trimChatter):
	// shown on the read-back and passed on to the worker once filed.
	Wish string `json:"wish,omitempty"`
	// Rush is set when the reporter asked for the repair to be urgent
	// (rush.go): urgent for her reason, not for a danger read.
	Rush bool `json:"rush,omitempty"`
	// Urged is set when Rush was read from the report's own words (急 and
	// a near deadline: urgedNear), not asked for at the read-back: the
	// read-back says how to undo it.
	Urged bool `json:"urged,omitempty"`
	// Calm is what the reporter said of an urgent hazard not being urgent
	// (也没那么急 就一道缝: calm.go), for the leaders who may 改小修.
	Calm string `json:"calm,omitempty"`
	// Apart is set once the reporter said the draft is not the open
	// repair of her own it looked like (stateOwnSame): it is then filed
	// without merging into hers.
	Apart bool `json:"apart,omitempty"`
	// AskBuilding is the floor of PlaceText when it was said with no
	// building (二楼东头): the building is asked before the draft is
	// located (floorask.go).
	AskBuilding string `json:"ask_bldg,omitempty"`
	// Along are other places the same danger is at that the location
	// table lacks (校门口和操场那条路都结冰了: 操场), carried by this one
	// job and named in its problem (alongplace.go).
	Along []string `json:"along,omitempty"`
	// Told is the message the draft began from, as typed: read again as
	// a safety check's when the person says it was one, not a report
	// (user test 31, T31: 「不对 这是安全检查 不是报修」 only cancelled).
	Told string `json:"told,omitempty"`
	// DrillAsked is set when the report asked whether an alarm was the
	// drill and the question was passed on (drillask.go).
	DrillAsked bool `json:"drill,omitempty"`
	// lead begins the next question or read-back shown (a question asked
	// again after a lone 「？」, an item dropped); never saved.
	lead string
	// remark is the reporter's words to the worker said with the yes
	// (确认 不过能不能上午就来修啊), passed on once filed; never saved.
	remark string
}

// asideAskRE begins a question asked by the way after a report: 顺便问下,
// 另外问一下, 还想问问.
var asideAskRE = rx.MustCompile(`[\s，,。；;]*(?:顺便|另外|还想|还有|对了)[，,\s]*(?:问下|问一下|问问|想问下|想问一下|问个事)[，,：:\s]*`)

// askThenReportRE joins a question and a report after it: 「灯修好没有啊？
// 另外303窗户关不上了」, 「修好了吗 还有 三楼厕所水龙头漏水」. Its first group
// is where the joint begins; the report follows the whole match.
var askThenReportRE = rx.MustCompile(`(?:[？?]|[吗没][？?]?)([\s，,。；;]*(?:另外|还有(?:就是|个|一个)?|顺便(?:说一?下|再报一?个)?|对了|再就是|再报一?个)[，,：:\s]*|[\s，,。；;]+)`)

// draftItem is one problem of a message that named several.
type draftItem struct {
	LocationID int64       `json:"loc,omitempty"`
	Location   string      `json:"loc_name,omitempty"`
	PlaceText  string      `json:"place,omitempty"`
	Building   string      `json:"bldg,omitempty"`
	Trade      flows.Trade `json:"trade,omitempty"`
	Item       string      `json:"item,omitempty"`
	Desc       string      `json:"desc,omitempty"`
	Tier       Tier        `json:"tier,omitempty"`
	Hazard     Hazard      `json:"hazard,omitempty"`
}

// MaxDescription bounds a repair description, in characters.
const MaxDescription = 500

// Start implements Flow: a report, or the answer to a question, thanks,
// a worker's 「X好了」 or a greeting (none of which starts a draft).
func (f RepairFlow) Start(t *flows.Turn) error {
	text := flows.StripTrigger(t.Text, f.Triggers())
	triggered := text != t.Text
	var d repairDraft
	d.Photo = t.Image()
	if text == "" {
		return f.next(t, &d)
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	if !triggered && powerCutAsked(text) {
		t.Done()
		return answerPowerCut(t) // 是全校停电吗 (cutasked.go)
	}
	text, dutyAsked := withoutDutyAsk(text) // 这个归你们修吗: answered, not filed
	rd := understand(text, locs, sender(t, locs))
	if m := asideAskRE.FindStringIndex(text); m != nil && rd.Intent == IntentProgress && m[0] > 0 {
		// 302后面黑板那块灯闪个不停 顺便问下上次配电箱的修好没: a report,
		// then a question; the question answered first, the report then
		// read back as any.
		report, question := strings.TrimSpace(text[:m[0]]), text[m[1]:]
		if rr := understand(report, locs, sender(t, locs)); rr.Intent == IntentReport {
			if err := answerProgress(t, understand(question, locs, sender(t, locs))); err != nil {
				return err
			}
			text, rd = report, rr
		}
	}
	if m := askThenReportRE.FindStringSubmatchIndex(text); m != nil && rd.Intent == IntentProgress && m[1] < len(text) {
		// 灯修好没有啊？另外303窗户关不上了: a question, then a report
		// (the question had been matched against the report's place, found
		// nothing, and the report was lost). The question answered first,
		// the report then read as any.
		question, report := strings.TrimSpace(text[:m[2]]), strings.TrimSpace(text[m[1]:])
		if rr := understand(report, locs, sender(t, locs)); rr.Intent == IntentReport && len(rr.Problems) > 0 && rr.Problems[0].Trade != "" {
			if qr := understand(question, locs, sender(t, locs)); qr.Intent == IntentProgress {
				if err := answerProgress(t, qr); err != nil {
					return err
				}
				text, rd = report, rr
			}
		}
	}
	if rd.Intent == IntentProgress {
		// 二楼厕所冲水坏了 … 赶紧修一下吧: a fault urged, a question only by
		// its 赶紧修, is a report unless it names a job of hers (then
		// urgedOwn or answerProgress 催 it).
		if rr, ok := urgedReport(text, locs, sender(t, locs)); ok && rr.Intent == IntentReport && len(rr.Problems) > 0 {
			mine, err := myReports(t)
			if err != nil {
				return err
			}
			if t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
				// A leader urges any job of the school (answerProgress).
				all, err := candidates(t)
				if err != nil {
					return err
				}
				mine = append(mine, all...)
			}
			if !slices.ContainsFunc(mine, func(r Repair) bool {
				return r.Status.Open() && slices.ContainsFunc(rr.Problems, func(g RepairGuess) bool { return urgesNamed(r, g) })
			}) {
				rd = rr
			}
		}
	}
	if !triggered {
		// 漏电那个处理完了 插座进水了: a worker's job done, not a new
		// report (own.go).
		if answered, err := aboutOpenJob(t, rd, text, locs); answered || err != nil {
			return err
		}
		if rd.Intent == IntentReport {
			// 今晚一定要修好啊 … 锁不上出了事谁负责: her lock job urged.
			if answered, err := urgedOwn(t, rd, text); answered || err != nil {
				return err
			}
		}
	}
	if !triggered || rd.Intent == IntentProgress {
		// 报修进度怎么样了: 报修 opens a question about progress, not a report.
		switch rd.Intent {
		case IntentProgress:
			t.Done()
			return answerProgress(t, rd)
		case IntentThanks:
			t.Done()
			if asksAnywhereRE.MatchString(strings.ToLower(parse.Normalize(text))) {
				// 师傅修好了？我还没回教室: a question, no praise to keep
				// as her comment and pass on.
				return answerProgress(t, rd)
			}
			return answerThanks(t, rd, text)
		case IntentDone:
			t.Done()
			if rest, going := withoutGoing(t, text); len(going) > 0 && t.Staff.Has(flows.RoleWorker) && saysDone(rest) && !goneThenDone(text, rest, going, locs) {
				// 男厕水龙头阀芯换了 不滴了 303饮水机我明天去 (user test 27's
				// K30 asked the dispenser's cause): the job he goes to is
				// taken, and the rest tells which job is done.
				if err := goingJobsTaken(t, going); err != nil {
					return err
				}
				t.Text = rest
				rd = understand(rest, locs, sender(t, locs))
			}
			return answerWorkerDone(t, rd)
		case IntentGreeting:
			t.Done()
			t.ShowMenu()
			return nil
		}
	}
	if !triggered {
		// 302考场桌子少了两张 还有…钟又不走了: the desks are the 总务's to
		// bring, not a repair (request.go); the rest is drafted.
		rest, lead, passed, err := passRequests(t, text, locs)
		if err != nil {
			return err
		}
		if passed && rest == "" {
			t.Done()
			t.Say(lead)
			return nil
		}
		if passed {
			d.lead, text = lead, rest
			rd = understand(rest, locs, sender(t, locs))
		}
		// 烟感一直在响 是真着火了还是演练的: the question is passed on
		// (drillask.go); the fault is drafted without it.
		rest, lead, asked, err := passDrillAsk(t, text)
		if err != nil {
			return err
		}
		if asked {
			d.DrillAsked = true
			// 烟感一直在响 beside the question is a fault of its own,
			// drafted too: it may be no drill (a thing of a trade named).
			if g := GuessRepair(rest, locs); g.Trade == "" || g.OnlyPlace {
				t.Done()
				t.Say(strings.TrimSuffix(d.lead+lead, "\n"))
				return nil
			}
			d.lead, text = d.lead+lead, rest
			rd = understand(rest, locs, sender(t, locs))
		}
	}
	for _, g := range rd.Problems {
		d.Wish = joinRemarks(d.Wish, g.Wish)
	}
	if len(rd.Problems) > 1 {
		return f.startSeveral(t, &d, rd.Problems, locs, dutyAsked)
	}
	var g RepairGuess
	if len(rd.Problems) == 1 {
		g = rd.Problems[0]
	} else {
		g = GuessRepair(text, locs)
	}
	if !triggered && rd.Intent == IntentReport && len(rd.Problems) == 1 {
		// 刚才说了啊 箱门摸着麻手: her open job's fault said again
		// (saidagain.go), not a new report.
		if answered, err := ownJobAgain(t, g, text); answered || err != nil {
			return err
		}
	}
	d.Told = flows.Clip(strings.TrimSpace(text), MaxDescription)
	d.apply(g, locs)
	// 三楼整层都没电, in class time (powercut.go)
	cutUrgent(t, &d, g, text)
	if !g.OnlyPlace { // 「报修 303」 says where, not what
		d.Desc = flows.Clip(g.Description, MaxDescription)
	}
	if p := alongOf(text, &d, locs, sender(t, locs)); p != "" {
		d.addAlong(p, p) // 校门口和操场那条路都结冰了 (alongplace.go)
	}
	urgedNear(&d, text) // 门锁不上了！！明天就要放卷子了 急 (rush.go)
	if dutyAsked {
		lead, err := dutyAnswer(t, &d)
		if err != nil {
			return err
		}
		d.lead += lead
	}
	if !d.located() && g.Trade != "" && cameBack(text) {
		// 二楼女厕那个水管又开始滴水了 早上刚修的: the place of the repair
		// it follows, which the person reported lately, even when the place
		// is not in the table (it had asked 在哪里 again, and filed a new
		// repair with no link to the morning's).
		if err := placeOfRecent(t, &d, text, locs); err != nil {
			return err
		}
	}
	return f.next(t, &d)
}

// placeOfRecent gives d the place of the repair a report of a fault that
// came back follows: one finished within ReworkWithin that the person
// reported, follows or worked on, of the same fault, whose place the text
// names (二楼女厕 for 教学楼其他地点：二楼 女厕), or the only one when the
// text names no place at all. The read-back shows the place taken.
func placeOfRecent(t *flows.Turn, d *repairDraft, text string, locs []flows.Location) error {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-ReworkWithin), MineRepairs)
	if err != nil {
		return err
	}
	f := Filing{Trade: d.Trade, Item: d.Item, Description: d.Desc, Tier: d.tier()}
	said := squeezePlace(text)
	var named, any []Repair
	for _, r := range rs {
		if r.Status != RepairDone && r.Status != RepairClosed || r.DoneAt.Before(t.Now.Add(-ReworkWithin)) || !sameFault(r, f) {
			continue
		}
		any = append(any, r)
		place := r.PlaceText
		if place == "" {
			if l, ok := locationIn(locs, r.LocationID); ok {
				place = l.Room
			}
		}
		if p := squeezePlace(place); p != "" && strings.Contains(said, p) {
			named = append(named, r)
		}
	}
	pick := named
	if len(named) == 0 && !placeSaid(text, locs) {
		pick = any
	}
	if len(pick) != 1 {
		return nil
	}
	r := pick[0]
	if r.PlaceText == "" {
		if _, ok := locationIn(locs, r.LocationID); ok {
			d.LocationID, d.Location, d.PlaceText, d.AskBuilding = r.LocationID, flows.LocationLabel(locs, r.LocationID), "", ""
		}
		return nil
	}
	l, err := t.Tx.LocationByID(t.Ctx, r.LocationID)
	if err != nil {
		return err
	}
	d.PlaceText, d.Building, d.AskBuilding = r.PlaceText, l.Building, ""
	return nil
}

// squeezePlace is a place as compared with what a person says of it:
// without spaces, punctuation and 的, 厕所 as 厕.
func squeezePlace(s string) string {
	s = parse.Normalize(s)
	s = strings.NewReplacer(" ", "", "，", "", ",", "", "的", "", "厕所", "厕").Replace(s)
	return s
}

// placeSaid reports whether text names a place of its own: a room of the
// table, or a place not in it.
func placeSaid(text string, locs []flows.Location) bool {
	g := GuessRepair(text, locs)
	return g.LocationID != 0 || g.PlaceText != "" || len(g.LocationCandidates) > 0
}

func (d *repairDraft) apply(g RepairGuess, locs []flows.Location) {
	if g.LocationID != 0 {
		d.keepPlaceThing()
		d.LocationID = g.LocationID
		d.Location = flows.LocationLabel(locs, g.LocationID)
		d.Candidates, d.PlaceText, d.Building = nil, "", ""
	} else if len(g.LocationCandidates) > 1 {
		d.Candidates, d.Said = g.LocationCandidates, g.Said
	} else if g.PlaceText != "" && d.LocationID == 0 {
		d.PlaceText, d.Building, d.AskBuilding = flows.Clip(tidyPlace(withoutBuilding(g.PlaceText, g.Building)), 60), g.Building, ""
		if g.Building == "" && g.Floor != "" {
			d.AskBuilding = g.Floor // 二楼东头: which building's (floorask.go)
		}
	}
	if g.Trade != "" && d.Trade == "" {
		d.Trade, d.Item = g.Trade, g.Item
	}
	if g.Trade != "" || g.Hazard != "" {
		d.raiseTier(g.Tier(), g.Hazard)
	}
}

// keepPlaceThing keeps in the description the broken thing that was read
// as part of a place written out before that place is replaced: 图书馆屋顶
// 漏水 read as 漏水 at 图书馆其他地点：屋顶, its place then changed to 图书馆
// 阅览室, is still 屋顶漏水 there (user test 27's K29).
func (d *repairDraft) keepPlaceThing() {
	if d.PlaceText == "" || d.Desc == "" {
		return
	}
	rd := defaultReader()
	if _, item, _ := rd.classify(rd.canonString(d.PlaceText)); item != "" && strings.Contains(d.PlaceText, item) && !strings.Contains(d.Desc, item) {
		d.Desc = flows.Clip(item+d.Desc, MaxDescription)
	}
}

// raiseTier keeps the most urgent tier read so far: a hazard named in
// any answer makes the report urgent.
func (d *repairDraft) raiseTier(tier Tier, h Hazard) {
	if d.Tier == "" && d.Large {
		d.Tier = TierLarge
	}
	if tierRank(tier) > tierRank(d.Tier) {
		d.Tier = tier
	}
	if d.Hazard == "" {
		d.Hazard = h
	}
}

func tierRank(t Tier) int {
	switch t {
	case TierUrgent:
		return 2
	case TierLarge:
		return 1
	}
	return 0
}

// tier is the draft's tier: small unless read otherwise.
func (d *repairDraft) tier() Tier {
	if d.Tier == "" && d.Large {
		return TierLarge
	}
	return ParseTier(string(d.Tier))
}

// place is how the draft's place is shown: the location's label, or the
// place as written under 其他地点.
func (d *repairDraft) place() string {
	if d.LocationID != 0 {
		return d.Location
	}
	return otherPlace(d.Building, d.PlaceText)
}

// withoutBuilding is a place as written without the building it starts
// with, which its 其他地点 already says: 教学楼三楼的女厕 in 教学楼 is
// 三楼的女厕 (教学楼其他地点：三楼的女厕).
func withoutBuilding(text, building string) string {
	if building == "" {
		return text
	}
	rest := strings.TrimLeft(strings.TrimPrefix(text, building), "的 ")
	if rest == "" {
		return text
	}
	return rest
}

// toldAbove names who above the worker hears of an urgent report at once
// (notifyLeaders: every 分管领导 and 总务主任 but the reporter): a 分管领导
// or 校长 reporting is not told the 分管领导 will hear of it (user test
// 29's R9), nor a 总务主任 that he will.
func toldAbove(t *flows.Turn) string {
	switch {
	case t.Staff.Has(flows.RoleLeader) || t.Staff.Has(flows.RolePrincipal):
		return "总务主任"
	case t.Staff.Has(flows.RoleHead):
		return "分管领导"
	}
	return "分管领导"
}

// placeSayRE and placeParticleRE are words of a sentence, not of a
// place, in a place as written: 就是试卷保密室啊 行政楼三楼.
var (
	placeSayRE      = rx.MustCompile(`^(?:就是在|就是|就在|是在|在|是)\s*`)
	placeParticleRE = rx.MustCompile(`[啊呀呢吧哈嘛哦噢啦]+(\s|[，,。！!]|$)`)
	placeSepRE      = rx.MustCompile(`^([^\s，,]+)[\s，,]+([^\s，,]*[楼层][^\s，,]*)$`)
)

// tidyPlace is a place as written without the sentence around it (user
// test 29's R8: 「试卷保密室啊 行政楼三楼」 went to every notice): no 就是
// first, no particle, and a building and floor said after the room in
// brackets, 试卷保密室（行政楼三楼）.
func tidyPlace(s string) string {
	s = strings.TrimSpace(s)
	if rest := placeSayRE.ReplaceAllString(s, ""); rest != "" {
		s = rest
	}
	s = strings.TrimSpace(placeParticleRE.ReplaceAllString(s, "$1"))
	s = strings.TrimRight(s, "，,。！! ")
	if m := placeSepRE.FindStringSubmatch(s); m != nil && !strings.ContainsAny(m[1], "楼层") {
		s = m[1] + "（" + m[2] + "）"
	}
	return s
}

// otherPlace shows a place not in the location table as the store names
// it: 其他地点：操场东边的围栏, 宿舍楼其他地点：三楼楼梯口.
func otherPlace(building, text string) string {
	return building + OtherRoom + "：" + text
}

// shownPlace is a place as people read it in a list or a read-back. A
// place not in the location table is stored under its building's
// catch-all (教学楼其他地点：304, where other code finds it), which read
// oddly in a list (「2. 教学楼其他地点：304：暖气不怎么热」): it is shown as
// written, after its building — 教学楼304, 图书馆门口, 走廊.
func shownPlace(name string) string {
	b, free, ok := strings.Cut(name, OtherRoom+"：")
	if !ok || strings.TrimSpace(free) == "" {
		return name
	}
	if b == "" || strings.HasPrefix(free, b) {
		return free
	}
	return b + free
}

// OtherRoom is the room of a school's catch-all locations (see
// Store.OtherLocation).
const OtherRoom = "其他地点"

// located reports whether the draft knows its place, in the table or not.
func (d *repairDraft) located() bool {
	return d.LocationID != 0 || d.PlaceText != "" && d.AskBuilding == ""
}

var tradeButtons = []flows.Button{
	{Label: "桌椅门窗锁（木工）", Data: string(flows.TradeCarpentry)},
	{Label: "灯、插座、电线（电工）", Data: string(flows.TradeElectrical)},
	{Label: "水龙头、漏水、厕所、暖气（水暖）", Data: string(flows.TradePlumbing)},
	{Label: "投影、电脑、网络（电教）", Data: string(flows.TradeAV)},
	{Label: "屋顶、墙面、地面（土建）", Data: string(flows.TradeBuilding)},
	{Label: "其他", Data: string(flows.TradeGeneral)},
}

// The read-back's choices.
const (
	confirmSubmit          = "submit"
	confirmEditLocation    = "edit_loc"
	confirmEditDescription = "edit_desc"
	confirmCancel          = "cancel"
	confirmEditTrade       = "edit_trade"
)

var confirmButtons = []flows.Button{
	{Label: "确认提交", Data: confirmSubmit},
	{Label: "改地点", Data: confirmEditLocation},
	{Label: "改描述", Data: confirmEditDescription},
	{Label: "取消", Data: confirmCancel},
	// Last, so that the numbers of the older choices keep their meaning.
	{Label: "改类别", Data: confirmEditTrade},
}

// next asks for the first missing field, or reads the report back.
func (f RepairFlow) next(t *flows.Turn, d *repairDraft) error {
	if len(d.Items) > 0 {
		return f.nextSeveral(t, d)
	}
	if err := alertHazardDraft(t, d); err != nil {
		return err
	}
	switch {
	case !d.located():
		return f.askLocation(t, d)
	case d.Desc == "":
		t.Say("出了什么问题？请简单描述，比如「课桌腿断了」「灯管不亮」。也可以发一张照片。")
		return t.Goto(string(stateDescription), d)
	case d.Trade == "":
		t.Say("这属于哪一类维修？\n"+flows.Numbered(tradeButtons), tradeButtons...)
		return t.Goto(string(stateTrade), d)
	}
	tier := d.tier()
	due := RepairDue(t.School.Settings, t.School.Location(), t.Now, tier)
	var b strings.Builder
	fmt.Fprintf(&b, "%s请核对报修单：\n地点：%s%s\n问题：%s\n类别：%s · %s", d.lead, shownPlace(d.place()), d.alongLine(), d.Desc, d.Trade.Label(), severity(t.School.Settings, tier))
	if d.Photo != "" {
		b.WriteString("\n照片：已附")
	}
	if d.PlaceText != "" {
		b.WriteString("\n（地点表里没有这个地点，会按你写的地点派给维修人员，并请总务处补进地点表。）")
	}
	if d.Wish != "" {
		fmt.Fprintf(&b, "\n留言：%s（提交后会转告维修师傅）", d.Wish)
	}
	if note, err := reworkNote(t, d); err != nil {
		return err
	} else if note != "" {
		b.WriteString("\n" + note)
	}
	if tier == TierUrgent && d.Rush && d.Hazard == "" {
		// 「改小修」 said, so a reporter who finds it not so urgent after
		// all sees how to say it (user test 31's T39 tried 改类别); and
		// what 紧急 means, a deadline hours away, since she asked for it
		// in a word (急, 加急) and may not know.
		why := "按你的要求加急"
		if d.Urged {
			why = "你说事情急，已按紧急维修处理"
		}
		fmt.Fprintf(&b, "\n%s：紧急维修要在 %d 小时内修好，提交后会立即通知维修人员和%s；不用这么急的话请回复「改小修」（小修不隔夜）。",
			why, t.School.Settings.UrgentDueHours, toldAbove(t))
	} else if tier == TierUrgent && d.Hazard == "" && powerCutSaid(d.Told+" "+d.Desc) {
		b.WriteString("\n" + cutUrgentWhy(t)) // not a hazard (powercut.go)
	} else if tier == TierUrgent && urgentAsked(d.Told) {
		// 这个算急的吗 (user test 33's T1): the question answered.
		b.WriteString("\n你问算不算急：算，这是安全隐患，已按紧急维修处理，提交后会立即通知维修人员和" + toldAbove(t) + "。")
		if a := d.Hazard.Advice(); a != "" {
			b.WriteString("\n安全提示：" + a)
		}
	} else if tier == TierUrgent {
		b.WriteString("\n这是安全隐患，提交后会立即通知维修人员和" + toldAbove(t) + "。")
		if a := d.Hazard.Advice(); a != "" {
			b.WriteString("\n安全提示：" + a)
		}
	}
	if tier != TierUrgent && urgentAsked(d.Told) {
		// 这个算急的吗 of what reads as no danger: said why, and how to
		// make it urgent if she knows better.
		b.WriteString("\n你问算不算急：从描述看没有安全危险，按" + severity(t.School.Settings, tier) + "处理；如果影响上课或有危险，请回复「改成紧急」。")
	}
	fmt.Fprintf(&b, "\n按规定应在 %s 前修好。%s\n%s", t.When(due), soonerNote(t, d, tier, due), flows.Numbered(confirmButtons))
	t.Say(b.String(), confirmButtons...)
	if err := hintRoute(t, d); err != nil {
		return err
	}
	return t.Goto(string(stateConfirm), d)
}

// hintRoute tells a RouteHinter what confirming d will read: the answer
// to a read-back is most often 「1」. Only a single problem at a place in
// the table is hinted (one under 其他地点 is filed under a location the
// confirmation looks up first).
func hintRoute(t *flows.Turn, d *repairDraft) error {
	h, ok := db(t).(RouteHinter)
	if !ok || d.LocationID == 0 || d.PlaceText != "" || len(d.Items) > 0 {
		return nil
	}
	loc, err := t.Tx.LocationByID(t.Ctx, d.LocationID)
	if isNotFound(err) {
		return nil // the confirmation will say so
	} else if err != nil {
		return err
	}
	h.HintRoute(t.School.ID, d.LocationID, d.Trade, loc.Building)
	return nil
}

// askLocation asks where, offering the candidates or the reporter's rooms.
func (f RepairFlow) askLocation(t *flows.Turn, d *repairDraft) error {
	buttons, err := f.locationButtons(t, d)
	if err != nil {
		return err
	}
	if d.AskBuilding != "" && d.PlaceText != "" && len(d.Items) == 0 {
		return f.askBuilding(t, d, buttons)
	}
	q := "在哪里？请告诉我地点，比如「302教室」「初二(3)班」或「实验楼二楼男厕所」。"
	if d.Photo != "" && d.Desc == "" && d.Item == "" {
		// A photo alone so far: where, and what is wrong, in one answer.
		q = "照片收到了。请说一下在哪里、什么坏了，比如「302教室灯不亮」。"
		if lead, err := finishedPhotoLead(t); err != nil {
			return err
		} else if lead != "" {
			q = lead
		}
	}
	if len(d.Candidates) > 1 {
		q = "有几个地点都对得上，是哪一个？"
	}
	if a := d.Hazard.Advice(); a != "" && d.tier() == TierUrgent && state(t.State()) != stateLocation {
		// 厨房里有股煤气味 有点怕: what to do now comes before where (it
		// had come only with the read-back, after the place).
		q = "这是安全隐患，请先注意安全：" + a + "\n" + q
	}
	if len(buttons) > 0 {
		q += "\n" + flows.Numbered(buttons)
	}
	t.Say(d.lead+q, buttons...)
	return t.Goto(string(stateLocation), d)
}

// Reask implements flows.Reasker: a lone 「？」 while the report waits for
// an answer asks its question again (the read-back, when that is what
// waits), with a word that nothing is lost; it had shown the help text.
func (f RepairFlow) Reask(t *flows.Turn) (bool, error) {
	if _, ok := reportSteps[state(t.State())]; !ok {
		return false, nil
	}
	var d repairDraft
	if err := t.Load(&d); err != nil {
		return false, err
	}
	if state(t.State()) == stateLocation && len(d.Items) == 0 {
		d.lead = "这份报修还没有提交，只差地点了。"
		return true, f.askLocation(t, &d)
	}
	if state(t.State()) == stateOwnSame {
		t.Say("这份报修还没有提交。是不是你已经报修过的那个问题？\n"+flows.Numbered(ownButtons), ownButtons...)
		return true, nil
	}
	return true, f.next(t, &d)
}

// urgentAsked reports whether the report, as typed, asked whether it is
// urgent (这个算急的吗).
func urgentAsked(told string) bool {
	return urgentAskTailRE.MatchString(strings.TrimRight(strings.TrimSpace(told), "。.!！"))
}

// severity is the tier with its deadline rule, for the read-back.
func severity(s flows.Settings, tier Tier) string {
	switch tier {
	case TierUrgent:
		return fmt.Sprintf("紧急（%d 小时内）", s.UrgentDueHours)
	case TierLarge:
		return fmt.Sprintf("大修（%d 小时内）", s.LargeDueHours)
	}
	return "小修（不隔夜）"
}

// locButtonPrefix starts the data of a location's button, before its id.
const locButtonPrefix = "loc:"

// locationButtons offers the candidates of an ambiguous name, or else the
// rooms the reporter owns (a 班主任's classroom).
func (RepairFlow) locationButtons(t *flows.Turn, d *repairDraft) ([]flows.Button, error) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return nil, err
	}
	if d.AskBuilding != "" && d.PlaceText != "" && len(d.Items) == 0 {
		return buildingButtons(locs, d.AskBuilding), nil
	}
	var out []flows.Button
	for _, l := range locs {
		if slices.Contains(d.Candidates, l.ID) || len(d.Candidates) == 0 && l.OwnerID == t.Staff.ID && !saidElsewhere(d.Desc, l) {
			out = append(out, flows.Button{Label: flows.LocationLabel(locs, l.ID), Data: locButtonPrefix + strconv.FormatInt(l.ID, 10)})
		}
	}
	if len(out) > 8 {
		out = out[:8]
	}
	if len(d.Candidates) > 1 && d.Written != "" {
		out = append(out[:min(len(out), 7)], writtenButton(d.Written))
	}
	return out, nil
}

// notReportDoneNumRE is the job a 完成 said in words numbers: 7号单子完成, 7号修好了,
// 完成 7. One of its groups is the number.
var notReportDoneNumRE = rx.MustCompile(`(?:^|[^\d])(\d{1,3})\s*(?:号|单)(?:单子?|那单|那个)?\s*(?:已经|已)?(?:完成|修好|弄好|搞好)|完成\s*(\d{1,3})(?:[^\d]|$)`)

// holdsAny reports whether t's sender is a worker or holds a job he may
// finish (a 总务主任 given a job no trade routes).
func holdsAny(t *flows.Turn) (bool, error) {
	if t.Staff.Has(flows.RoleWorker) {
		return true, nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return false, err
	}
	return holdsDoable(t, rs), nil
}

// Step implements Flow: a photo is taken at any step; otherwise the
// state's entry in reportSteps reads the answer.
func (f RepairFlow) Step(t *flows.Turn) error {
	var d repairDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	if said, ok := meantElse(withoutPuzzled(t.Text)); t.Msg.Button == "" && ok {
		// 啥维修啊 我说的是让家长进来 (the fourteenth user test's host, whose
		// answer to a visitor's card had begun a report): the draft goes,
		// and what they meant is read again, as if no report had begun.
		if err := hazardDraftCancelled(t, &d); err != nil {
			return err
		}
		t.Say("好的，这次报修已取消，没有提交。")
		t.Reread(said)
		return nil
	}
	if t.Msg.Button == "" && recheckSaidRE.MatchString(t.Text) {
		// 小太阳复查不通过 at 在哪里: a hazard's re-check, which Accepts
		// never takes for a report either; the draft goes, and the words
		// are read again for the hazard (user test 26's re-run's H3).
		if err := hazardDraftCancelled(t, &d); err != nil {
			return err
		}
		t.Say("好的，这次报修已取消，没有提交。")
		t.Reread(t.Text)
		return nil
	}
	if t.Msg.Button == "" && notAReportRE.MatchString(withoutPuzzled(t.Text)) {
		// 不是报修，是修好了: the person never meant a report.
		if err := hazardDraftCancelled(t, &d); err != nil {
			return err
		}
		t.Done()
		text := "好的，这次报修已取消，没有提交。"
		if drillAsked(t.Text) {
			// 我不是报修 就问问是不是演练 (user test 34's T6): the
			// question answered, passed on once.
			if d.DrillAsked {
				t.Say(text + "你问是不是演练的事，已经转给总务主任了，他回复后会转给你。" + fireMeanwhile)
				return nil
			}
			_, lead, _, err := passDrillAsk(t, t.Text)
			if err != nil {
				return err
			}
			t.Say(text + "\n" + strings.TrimSuffix(lead, "\n"))
			return nil
		}
		if checkMeantRE.MatchString(t.Text) {
			// 不对 这是安全检查 不是报修 (user test 31, T31): what he said
			// is read again as a check he did, findings and all; one who
			// leads no checks gets the check he owes, or is told none is.
			t.Say(text)
			if d.Told != "" && t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
				t.Reread("刚做了安全检查 " + d.Told)
			} else {
				t.Reread("巡查")
			}
			return nil
		}
		holder, err := holdsAny(t)
		if err != nil {
			return err
		}
		if holder && saysDone(t.Text) {
			// 不是报修 是我修好了 (user test 17's F11, only cancelled): 完成,
			// of his only job straight away, else he is asked which; 不是报修
			// 单杠修好了 7号单子完成 (user test 16's F35, the 总务主任's 完成
			// dropped): 完成 of the job he numbers.
			if d.Photo != "" {
				text += "刚才的照片没有记下，记录完成时请再发一次。"
			}
			t.Say(text)
			done := "完成"
			if m := notReportDoneNumRE.FindStringSubmatch(t.Text); m != nil {
				done += " " + m[1] + m[2]
			}
			t.Reread(done)
			return nil
		}
		if rest := notReportRest(t.Text); holder && rest != "" && takingSaid(rest) {
			// 不是报修 我是接302插座那个活 (user test 27's K9, only
			// cancelled): the taking after it is read as said.
			t.Say(text)
			t.Reread(rest)
			return nil
		}
		if redo, ok := redoMeant(t, &d); ok {
			// 不是新报的 就刚才那个钟 没修好 (user test 27's K22, at the 在哪里
			// of a report her 没修好 had begun): the draft goes, and the
			// repair awaiting her sign-off is sent back with her words.
			t.Say(text)
			t.Reread(redo)
			return nil
		}
		if again, ok := signOffMeant(t, &d); ok {
			t.Say(text) // 不是报修 是说修好了: the job awaiting her 验收 (signoffmeant.go)
			t.Reread(again)
			return nil
		}
		if holder {
			text += "要说哪一单修好了，请回复「完成 单号」，或发送「我的」查看你的任务。"
		}
		t.Say(text)
		return nil
	}
	if img := t.Image(); img != "" {
		d.Photo = img
		if t.Text == "" {
			t.Say("照片收到了。")
			return f.next(t, &d)
		}
	}
	if t.Msg.Button == "" && t.Image() == "" && d.photoOnly() && state(t.State()) == stateLocation && t.Staff.Has(flows.RoleWorker) {
		if answered, err := f.wordsAfterPhoto(t, &d); answered || err != nil {
			return err
		}
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	if t.Msg.Button == "" && state(t.State()) == stateLocation && d.blank() && t.Staff.Has(flows.RoleWorker) {
		// 阅览室空调我看了 压缩机不行了, asked 在哪里 of a report begun
		// with nothing: his job's news, read afresh (saidagain.go).
		if held, err := heldJobMeant(t, t.Text, locs); err != nil || held {
			t.Reread(t.Text)
			return err
		}
	}
	if step, ok := reportSteps[state(t.State())]; ok {
		return step(f, t, &d, locs)
	}
	return f.next(t, &d)
}

// reportStep reads the answer to one of the report's questions, given
// the draft so far and the school's locations.
type reportStep func(f RepairFlow, t *flows.Turn, d *repairDraft, locs []flows.Location) error

// reportSteps is the report's state table.
var reportSteps = map[state]reportStep{
	stateLocation:    RepairFlow.answerLocation,
	stateDescription: RepairFlow.answerDescription,
	stateHeldOrNew:   RepairFlow.answerHeldOrNew,
	stateTrade:       RepairFlow.answerTrade,
	stateConfirm:     RepairFlow.answerConfirm,
	stateOwnSame:     RepairFlow.answerOwnSame,
}

// correctionLeadRE begins a correction typed at the read-back: 改一下 是303,
// 地点是303, 应该是投影仪.
var correctionLeadRE = rx.MustCompile(`^(?:改一下|改成|改为|更正|更正一下|错了|写错了|搞错了|弄错了|不对|(?:地点|位置|地方)(?:不对|错了|写错了))?[\s，,：:!！。]*(?:地点|位置|地方|问题|东西)?(?:就|应该)?(?:是|在)?[\s，,：:]*`)

// notThatRE is what a correction says the place is not: 是楼梯 不是201,
// 在三楼楼梯 不在201.
var notThatRE = rx.MustCompile(`[\s，,]*(?:不是|而不是|不在)\s*\S+$`)

// swapRE is 不是X是Y: 不是灯 是投影仪, and of a place 不是201 是三楼楼梯,
// 不在201 在三楼楼梯.
var swapRE = rx.MustCompile(`^(?:不是|不在)\s*(\S+?)[\s，,]*(?:而)?(?:应该)?(?:是|在)\s*(\S+)$`)

// placeSwapRE is swapRE with a place of several words after the 是:
// 不是201 是二楼走廊东头 楼梯口边上那个暖气片.
var placeSwapRE = rx.MustCompile(`^(?:不是|不在)\s*(\S+?)[\s，,]*(?:而)?(?:应该)?(?:是|在)\s*(\S.*)$`)

// tableHasItRE ends a place said again with a complaint that the table
// has it (user test 17's 「地点就是图书馆阅览室啊 咋说没有呢」): the complaint
// is no part of the place.
var tableHasItRE = rx.MustCompile(`[\s，,。！!]+(?:咋|怎么|为啥|为什么|咋个|怎个)(?:还|又)?(?:说|显示|讲|写|会)?(?:没有|不在|找不到|没得|莫得)\S*$`)

// waitRE begins a correction with a pause: 等下 不是阅览室 是图书馆二楼的办公室.
var waitRE = rx.MustCompile(`^(?:等下|等一下|等等|稍等|哦|噢|啊)[\s，,。!！]*`)

// submitSaidRE is a read-back answered in words that end with 提交: 算了
// 就这样吧，提交 (it had been asked to answer with a number).
var submitSaidRE = rx.MustCompile(`(?:^|[\s，,。])(?:就|直接|确认)?提交(?:吧|了|啦|就行|即可)?[。！!]*$`)

// submitClauseRE is a clause that says to file the report, said in a
// hurry among other words: 快提交, 赶紧报, 报吧, 就这样, 没错, 快派人;
// also said as 交 or 发 the way each region says it: 交了吧, 发出去嘛, and
// the Cantonese 交咗佢 (得，交咗佢: the sixteenth user test's teacher).
var submitClauseRE = rx.MustCompile(`^(?:那|那就|好|好的|对|对的|嗯|嗯嗯)?(?:快|快点|赶紧|赶快|马上|立刻|立即|直接|就|先)?(?:提交|报上去|报|报了|派人|派人来|叫人来|交|交了|交上去|发出去|发过去|(?:提交|交|报|发)咗)(?:佢|它)?(?:吧|啊|呀|了|吧吧|嘛|噻|啦|喇|咯|哈)?$|^(?:就这样|就这么着|没错|没问题|冇问题|对的|是的)(?:吧|了|啊|的)?$`)

// clauseChangeRE marks a clause beside such words that may take them back
// or change the report: 快提交 不对 地点是303, 报吧 先别派人.
var clauseChangeRE = rx.MustCompile(`[不别改换错]|等等|等一下|等下|再说|取消|算了|还没|地点|位置|问题|描述|类别`)

// submitSaid reports whether text, typed at the read-back, says to file
// it: words ending with 提交 (算了 就这样吧，提交), or a clause of
// submitClauseRE among others that change nothing (快提交 我先带学生出去了:
// the eleventh user test's gas leak, which had waited unfiled while the
// teacher led the students out).
func submitSaid(text string) bool {
	text = strings.TrimSpace(parse.Normalize(text))
	if submitSaidRE.MatchString(text) && !strings.ContainsAny(text, "不别") {
		return true
	}
	if utf8.RuneCountInString(text) > 40 {
		return false
	}
	clauses := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(" ，,。.！!~、；;：:", r) })
	said := false
	for _, c := range clauses {
		switch {
		case submitClauseRE.MatchString(c):
			said = true
		case clauseChangeRE.MatchString(c):
			return false
		}
	}
	return said
}

// yesThenRE is a yes to the read-back followed by other words: 确认 不过
// 能不能上午就来修啊.
var yesThenRE = rx.MustCompile(`^(?:确认|确认提交|确定|提交|对|对的|好|好的|可以|没错|是的)(?:吧|的|啊)?[\s，,。！!]+(\S.*)$`)

// whenComeRE are words to the worker about when to come or why it is
// needed soon: 能不能上午就来修, 下午考试要用, 放学后再来.
var whenComeRE = rx.MustCompile(`(?:上午|下午|中午|晚上|今天|明天|放学|下课|尽快|早点|快点|赶紧|马上)[^，,。；;]{0,8}?(?:来|修|弄)|考试要用|上课要用|等着用|要用`)

// changeWordsRE are words that change the report rather than speak to
// the worker: 确认 不过地点是302.
var changeWordsRE = rx.MustCompile(`地点|位置|问题|描述|类别|改|换成|错|取消|算了|等等|等一下|别报|不报|不要`)

// yesWithRemark is the words after a yes at the read-back when they only
// speak to the worker of when to come (whenComeRE), not of a change.
func yesWithRemark(text string) (string, bool) {
	m := yesThenRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || !whenComeRE.MatchString(m[1]) || changeWordsRE.MatchString(m[1]) {
		return "", false
	}
	rest := strings.TrimLeft(remarkLeadRE.ReplaceAllString(m[1], ""), " ，,")
	return flows.Clip(strings.TrimRight(strings.TrimSpace(rest), "。.！!"), MaxNote), true
}

// remarkLeadRE begins such words with a but: 不过, 但是, 就是.
var remarkLeadRE = rx.MustCompile(`^(?:不过|但是|就是|只是|可是)`)

// yesTwiceRE is a yes said twice or thrice in a hurry: 对对, 好好好, 是是.
var yesTwiceRE = rx.MustCompile(`^(?:对|好|是|行|嗯){2,3}(?:的|吧|啊|呀)?$`)

// hurryRE is a clause that only asks for speed: 赶紧的, 快点的, 麻溜的.
var hurryRE = rx.MustCompile(`^(?:赶紧|赶快|快点|快些|快快|麻溜|麻利|快)(?:点|些)?(?:的|吧|啊|呀|哈|嘛|噻)?$`)

// hurriedYes reports whether text, typed at the read-back, is a yes with
// at most a word of hurry beside it: 对对 赶紧的 (user test 16's urgent
// 灯座打火花, asked for a number), 好好 快点的. A hurry alone (这个急 快点)
// may ask for the report to be made urgent, and is not a yes.
func hurriedYes(text string) bool {
	clauses := strings.FieldsFunc(strings.TrimSpace(parse.Normalize(text)), func(r rune) bool { return strings.ContainsRune(" ，,。.！!~、；;", r) })
	if len(clauses) == 0 || len(clauses) > 3 {
		return false
	}
	yes := false
	for _, c := range clauses {
		switch {
		case yesTwiceRE.MatchString(c) || flows.IsWord(c, flows.WordsAssent):
			yes = true
		case !hurryRE.MatchString(c):
			return false
		}
	}
	return yes
}

// descEditRE is a new description typed at the read-back, said to be
// one: 描述改一下：黑板上面那根灯管一直闪 (the sixteenth user test had asked
// for a number), 问题改成 灯管一直闪, 描述：讲台上的灯管在闪, 把问题改为….
// A colon or a word of changing is needed: 问题不大 is no description.
var descEditRE = rx.MustCompile(`^(?:把)?(?:问题描述|描述|问题|情况)(?:(?:改一下|改下|改一改|改改|改成|改为|换成|写成|应该是|应该写)[\s，,：:]*|\s*[：:]\s*)(\S.*)$`)

// descLeadRE is the words that lead into the new description after a
// word of changing: 描述改一下吧，就写天花板漏水 (user test 16 kept 「吧，就写」
// in the description), 改一下，就是…, 改下 写成…, 就：….
var descLeadRE = rx.MustCompile(`^(?:吧|哈|嘛|啊|呀)?[\s，,：:]*(?:就写成|就写|就是|就改成|写成|改成|直接写|就\s*[：:])?[\s，,：:]*`)

// descDropRE is a new description said after taking words out of the old
// one: 又不对了，前面那个吧字去掉，就：天花板漏水 (user test 16 was asked for
// a number), 靠窗两个字删掉，就写天花板漏水. The lead (就写, 就：, 改成) is
// needed: 那个字去掉 alone says nothing of what to write.
var descDropRE = rx.MustCompile(`^[^：:]{0,24}(?:去掉|删掉|删了|去了|不要了?)(?:吧|了)?[\s，,。]+(?:就写成|就写|就改成|写成|改成|直接写|就是|就\s*[：:])[\s，,：:]*(\S.*)$`)

// descriptionSaid is the new description text says to put in, if any.
func descriptionSaid(text string) (string, bool) {
	text = strings.TrimSpace(parse.Normalize(text))
	var desc string
	if m := descEditRE.FindStringSubmatch(text); m != nil {
		desc = strings.TrimSpace(descLeadRE.ReplaceAllString(m[1], ""))
	} else if m := descDropRE.FindStringSubmatch(text); m != nil {
		desc = strings.TrimSpace(m[1])
	} else {
		return "", false
	}
	return desc, desc != "" && !OnlyFiller(desc)
}

// redescribe puts desc in as d's description, read afresh for its trade
// and danger; a description that names no trade (就是一直闪) keeps the
// trade it had.
func (f RepairFlow) redescribe(t *flows.Turn, d *repairDraft, desc string, locs []flows.Location) error {
	if utf8.RuneCountInString(desc) > MaxDescription {
		t.Say(fmt.Sprintf("描述太长了，请控制在 %d 字以内。", MaxDescription))
		return nil
	}
	g := GuessRepair(desc, nil)
	if rd := understand(desc, locs, sender(t, locs)); len(rd.Problems) == 1 {
		g.Hazard = rd.Problems[0].Hazard
	}
	if g.Trade != "" {
		d.Trade, d.Item = "", ""
	}
	d.Desc, d.Tier, d.Hazard, d.Large = desc, d.chosenTier(), "", false
	d.apply(RepairGuess{Trade: g.Trade, Item: g.Item, Large: g.Large, Hazard: g.Hazard}, locs)
	return f.next(t, d)
}

// roomNumberRE is a room said by its number alone (201), in the location
// table or not.
var roomNumberRE = rx.MustCompile(`^[A-Za-z]?\d{2,5}(?:室|房|号|教室)?$`)

// correct reads a correction typed at the read-back instead of a choice:
// a place (改一下 是303) moves the report, 不是灯 是投影仪 changes its thing,
// and a new description replaces it; then the read-back is shown again.
// It reports false when the text is none of these.
func (f RepairFlow) correct(t *flows.Turn, d *repairDraft, locs []flows.Location) (bool, error) {
	text := strings.TrimSpace(parse.Normalize(t.Text))
	text = strings.TrimSpace(waitRE.ReplaceAllString(text, "")) // 等下 不是阅览室 是…
	m := swapRE.FindStringSubmatch(text)
	if m != nil {
		// 不是201 是三楼楼梯: a place said instead of a place is a move, not
		// a new thing to repair.
		if moved, err := f.movePlace(t, d, locs, m[2], true); moved || err != nil {
			return moved, err
		}
		if g := GuessRepair(m[1], locs); g.LocationID != 0 || g.PlaceText != "" || roomNumberRE.MatchString(m[1]) {
			// 不在201 在楼梯那, where the report already is: nothing to
			// swap in its description; the read-back again.
			if p := GuessRepair(m[2], locs); p.LocationID != 0 && p.LocationID == d.LocationID || p.PlaceText != "" && p.PlaceText == d.PlaceText {
				return true, f.next(t, d)
			}
			return false, nil
		}
	}
	if m != nil && d.Desc != "" {
		desc := strings.Replace(d.Desc, m[1], m[2], 1)
		if desc == d.Desc {
			desc = m[2] + "，" + d.Desc
		}
		g := GuessRepair(desc, nil)
		if g.Trade == "" {
			return false, nil
		}
		d.Desc, d.Trade, d.Item, d.Tier, d.Hazard, d.Large = desc, g.Trade, g.Item, d.chosenTier(), g.Hazard, g.Large
		return true, f.next(t, d)
	}
	if rest, ok := rejectsAll(text); ok && rest != "" {
		// 都不是 304: the place shown is wrong and this one is meant.
		return f.movePlace(t, d, locs, rest, true)
	}
	if m := placeSwapRE.FindStringSubmatch(text); m != nil && swapRE.FindStringSubmatch(text) == nil {
		// 不是201 是二楼走廊东头 楼梯口边上那个暖气片: the place said with
		// spaces, and the thing said again after it (user test 26's G3
		// got 「请回复数字选择」). Only when what is denied is a place.
		if g := GuessRepair(m[1], locs); g.LocationID != 0 || g.PlaceText != "" || len(g.LocationCandidates) > 0 || roomNumberRE.MatchString(m[1]) {
			if moved, err := f.movePlace(t, d, locs, m[2], true); moved || err != nil {
				return moved, err
			}
		}
	}
	lead := correctionLeadRE.FindString(text)
	rest := strings.TrimSpace(notThatRE.ReplaceAllString(tableHasItRE.ReplaceAllString(text[len(lead):], ""), ""))
	if rest == "" {
		return false, nil
	}
	// A room number alone (304教室) can only be the place: user test 18's
	// second re-run was asked for a number.
	return f.movePlace(t, d, locs, rest, strings.TrimSpace(lead) != "" || roomNumberRE.MatchString(rest))
}

// movePlace moves the draft to the place text names when text is only a
// place, and shows the read-back again; it reports whether it did. A
// place not in the table is taken only when said as a correction
// (corrected): 地点不对 是楼梯 不是201.
func (f RepairFlow) movePlace(t *flows.Turn, d *repairDraft, locs []flows.Location, text string, corrected bool) (bool, error) {
	g := GuessRepair(text, locs)
	if corrected && g.Trade != "" && (g.LocationID != 0 || g.PlaceText != "") && thingAgain(g, d) {
		// 是二楼走廊东头那个暖气片: the report's own thing, said again with
		// its place, is no new thing to repair.
		g.Trade, g.Item, g.OnlyPlace = "", "", true
	}
	if g.Floor == "" && g.Building == "" && g.LocationID == 0 {
		g.Floor = floorFirst(g.PlaceText) // 二楼走廊东头, 三楼楼梯口
	}
	if corrected && g.LocationID == 0 && g.PlaceText != "" && g.Floor != "" && g.Building == "" {
		// 是二楼走廊东头: a floor's place, in the building the report is
		// in when that building has the floor; else its building is asked.
		b := d.Building
		if l, ok := locationIn(locs, d.LocationID); ok {
			b = l.Building
		}
		d.LocationID, d.Location, d.PlaceText, d.Building, d.Candidates, d.AskBuilding = 0, "", flows.Clip(tidyPlace(g.PlaceText), 60), "", nil, g.Floor
		if b != "" && slices.Contains(buildingsReaching(locs, g.Floor), b) {
			d.Building, d.AskBuilding = b, ""
		}
		return true, f.next(t, d)
	}
	if !corrected && g.Trade == "" && g.LocationID == 0 && g.PlaceText != "" && d.LocationID == 0 && d.PlaceText != "" &&
		g.PlaceText != d.PlaceText && placeWordsFit(d.PlaceText, Repair{LocationName: text}) {
		// 男生宿舍楼3楼 好像是312, after 男生宿舍3楼: the place said more
		// exactly, as written.
		d.PlaceText, d.Building = flows.Clip(tidyPlace(withoutBuilding(strings.TrimSpace(text), g.Building)), 60), g.Building
		return true, f.next(t, d)
	}
	if corrected && g.LocationID != 0 && g.Trade == "" && !namesRoom(text, locs, g.LocationID) {
		// 不是实验楼，是教学楼二楼的: the building (and floor) change and the
		// kind of room stays; the only room of that floor is no answer (it
		// had moved a 男厕所's tap to classroom 201). The old room's kind
		// with the new building is the place, in the table or as written.
		if old, ok := locationIn(locs, d.LocationID); ok && !roomNumberRE.MatchString(old.Room) {
			named, _ := locationIn(locs, g.LocationID)
			kind := old.Room
			if floorWordRE.MatchString(text) {
				kind = floorWordRE.ReplaceAllString(kind, "") // 二楼男厕所 → 男厕所 when the floor is said again
			}
			place := strings.TrimSuffix(strings.TrimSpace(text), "的") + kind
			g = GuessRepair(place, locs)
			if l, ok := locationIn(locs, g.LocationID); !ok || l.Building != named.Building {
				// Not in the table: as said, under the building's 其他地点.
				rest := strings.TrimLeft(strings.TrimPrefix(place, named.Building), "的 ")
				g = RepairGuess{PlaceText: rest, Building: named.Building}
			}
		}
	}
	if corrected && g.LocationID == 0 && g.PlaceText == "" && len(g.LocationCandidates) == 0 && roomNumberRE.MatchString(strings.TrimSpace(text)) {
		// 304教室: a room number the table does not have, in the building
		// the report is in (as a report naming it is filed).
		b := d.Building
		if l, ok := locationIn(locs, d.LocationID); ok {
			b = l.Building
		}
		g = RepairGuess{PlaceText: strings.TrimSpace(text), Building: b}
	}
	if corrected && g.LocationID == 0 && g.PlaceText == "" && len(g.LocationCandidates) == 0 && isRoomName(text) {
		// 地点错了！是化学实验室: a room the table does not have, said as
		// the correction it is, as written.
		g = RepairGuess{PlaceText: strings.TrimSpace(text)}
	}
	if g.LocationID != 0 && g.Trade == "" && g.LocationID != d.LocationID {
		d.keepPlaceThing()
		d.LocationID, d.Location, d.PlaceText, d.Building, d.Candidates = g.LocationID, flows.LocationLabel(locs, g.LocationID), "", g.Building, nil
		return true, f.next(t, d)
	}
	if corrected && g.LocationID != 0 && g.Trade == "" && g.LocationID == d.LocationID {
		// 地点就是图书馆阅览室啊: the place it already has; the read-back
		// again shows it, rather than a bare 请回复数字选择.
		return true, f.next(t, d)
	}
	if corrected && g.LocationID == 0 && g.PlaceText != "" && (g.Trade == "" || g.OnlyPlace) && d.LocationID == 0 &&
		withoutBuilding(g.PlaceText, g.Building) == d.PlaceText {
		// 304教室, where the report already is (其他地点：304): the
		// read-back again, not 请回复数字选择 (user test 18's second
		// re-run, F10). Its building and floor said with it are kept
		// (就是试卷保密室啊 行政楼三楼: 试卷保密室（行政楼三楼）, user test
		// 29's R8).
		if full := tidyPlace(text); full != d.PlaceText && strings.HasPrefix(full, d.PlaceText) && strings.ContainsAny(full, "楼层") {
			d.PlaceText = flows.Clip(full, 60)
		}
		return true, f.next(t, d)
	}
	if corrected && g.LocationID == 0 && g.PlaceText != "" && (g.Trade == "" || g.OnlyPlace) && g.PlaceText != d.PlaceText {
		// 地点不对 是楼梯 不是201: a place not in the table, said as the
		// correction it is.
		d.LocationID, d.Location, d.PlaceText, d.Building, d.Candidates = 0, "", tidyPlace(withoutBuilding(g.PlaceText, g.Building)), g.Building, nil
		return true, f.next(t, d)
	}
	return false, nil
}

// thingAgain reports whether what g reads besides its place is only the
// draft's thing said again (那个暖气片), not another thing to repair.
func thingAgain(g RepairGuess, d *repairDraft) bool {
	if g.Item == "" || !(g.Item == d.Item || strings.Contains(d.Desc, g.Item)) {
		return false
	}
	rest := strings.TrimSpace(g.Description)
	for _, w := range []string{"那个", "这个", "那块", "这块", "的", "边上", "旁边"} {
		rest = strings.TrimSpace(strings.TrimPrefix(rest, w))
	}
	return rest == g.Item
}

// rejectAllRE is an answer to a list of places that says none of them
// is right: 都不是, 两个都不对, 不是教室; what follows is the place, when
// it is said (都不是 是厕所).
var rejectAllRE = rx.MustCompile(`^(?:(?:两个|这两个|这几个|几个)?都不(?:是|对)(?:的)?|(?:都)?没有|不是这(?:两|几)个|(?:也)?不是(?:教室|这里|这些|那个))`)

// rejectsAll reports whether text rejects every place offered, and the
// place it says instead, without 是/在 and the rejections.
func rejectsAll(text string) (string, bool) {
	text = strings.TrimSpace(parse.Normalize(text))
	found := false
	for {
		text = strings.TrimLeft(text, " ，,。.、！!")
		loc := rejectAllRE.FindStringIndex(text)
		if loc == nil {
			break
		}
		found, text = true, text[loc[1]:]
	}
	if !found {
		return "", false
	}
	text = strings.TrimPrefix(strings.TrimPrefix(text, "应该"), "就")
	text = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(text, "是"), "在"), " ，,")
	return strings.TrimRight(text, " 。.！!"), true
}

// floorWordRE is a floor said: 二楼, 2楼, 3层, 2F.
var floorWordRE = rx.MustCompile(`[一二三四五六七八九十\d]+(?:楼|层|F|f)`)

// namesRoom reports whether text names location id by its room or one of
// its aliases, not only by its building or floor.
func namesRoom(text string, locs []flows.Location, id int64) bool {
	l, ok := locationIn(locs, id)
	if !ok {
		return false
	}
	norm := parse.Normalize(text)
	if l.Room != "" && strings.Contains(norm, parse.Normalize(l.Room)) {
		return true
	}
	for _, a := range l.Aliases {
		if strings.Contains(norm, parse.Normalize(a)) {
			return true
		}
	}
	return false
}

// bareNumberRE is a number of one or two digits alone: a choice typed
// where none is offered, never a place.
var bareNumberRE = rx.MustCompile(`^\d{1,2}$`)

// interjections are characters that say nothing of a place: 哈哈, 嗯嗯, 呃.
const interjections = "哈呵嘿嘻嗯啊哦噢喔呃额唉哎呀吧嘛呢么"

// noPlaceWords reports whether an answer to 在哪里 has no words that could
// name a place: an emoji (😂), punctuation (？), laughter (哈哈) — never
// filed as the place 「其他地点：😂」, however often sent.
func noPlaceWords(text string) bool {
	for _, r := range text {
		if unicode.IsLetter(r) && !strings.ContainsRune(interjections, r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// saidBefore is a grumble that the place was said already: 刚说了啊,
// 我不是说了吗, 刚才说了的, 都跟你讲过了. It is never part of a place, before
// it or after it (东门口嘛 刚才说了的).
const saidBefore = `(?:我|我们)?(?:不是|都|早就?)?(?:刚|刚才|刚刚|已经|前面|上面|之前)?(?:都)?(?:跟你|给你)?(?:说|讲|写|告诉你)(?:过|了)+(?:的)?(?:吗|嘛|啊|呀|噻|撒)?`

// saidBeforeRE finds the grumble saidBefore in an answer.
var saidBeforeRE = rx.MustCompile(saidBefore)

// placeFillerLeadRE is what an answer to 在哪里 may begin with that says
// nothing of the place: 就是, 刚说了啊, 我不是说了吗, 还是早上那个地方, 在,
// 是, 那个.
var placeFillerLeadRE = rx.MustCompile(`^(?:` + saidBefore + `|(?:还是|跟|和|同)?(?:早上|上午|下午|中午|昨天|刚才|之前|上次|前面)?(?:报|说|修)?(?:的|过的)?(?:那个|一个|同一个)(?:地方|位置|地点)(?:一样)?|就是|就在|就|应该是|是在|是|在|那个|这个|嗯|啊|呃|哦)[\s，,。.：:！!~～啊呀嘛吧呢哦啦噻撒]*`)

// placeFillerTailRE is what an answer to 在哪里 may end with that says
// nothing of the place: a particle (啊, 呀, 嘛, 噻, 的) or a grumble that it
// was said already (东门口嘛 刚才说了的: the thirteenth user test's guard
// had the place filed as all of it).
var placeFillerTailRE = rx.MustCompile(`(?:[\s，,。.！!~～]*(?:啊|呀|嘛|吧|呢|哦|啦|哈|咯|喽|噻|撒|的|` + saidBefore + `))+[\s，,。.！!~～？?]*$`)

// PlaceWords is an answer to 在哪里 without the filler around the place
// (就是三楼初二年级组办公室啊 is 三楼初二年级组办公室, 刚说了啊 实验楼一楼东头
// is 实验楼一楼东头), or text as it was when nothing else is left: the
// filler is never matched nor stored as the place.
func PlaceWords(text string) string {
	if s := placeWords(text); s != "" {
		return s
	}
	return strings.TrimSpace(text)
}

// OnlyFiller reports whether an answer to 在哪里 is filler with no place
// in it (刚才说了的, 不是说了吗): whoever asked should look for the place,
// or ask for it again, never file the words as one.
func OnlyFiller(text string) bool {
	return strings.TrimSpace(text) != "" && placeWords(text) == ""
}

// placeWords is text without the filler around a place; "" when nothing
// else is left.
func placeWords(text string) string {
	s := strings.TrimSpace(text)
	for range 4 {
		loc := placeFillerLeadRE.FindStringIndex(s)
		if loc == nil || loc[1] == 0 {
			break
		}
		s = strings.TrimSpace(s[loc[1]:])
	}
	if loc := placeFillerTailRE.FindStringIndex(s); loc != nil {
		s = strings.TrimSpace(s[:loc[0]])
	}
	return s
}

// allMeantRE is an answer to 是哪一个 that means every place offered:
// 两个都是, 都是, 都, 全部.
var allMeantRE = rx.MustCompile(`^(?:(?:这|那)?(?:两个|俩|二个|几个|三个|两间|两处|两个屋|两个教室)?(?:都是|全是|全都是|都有|都要|都报|都坏了|都)|全部|都是的|两个|俩都是)(?:的|啊|呀|吧|哈)?[。.！!]*$`)

// inEach makes d one item per location of ids, each with d's problem
// (of one room: 广播都没声 is 广播没声 in each), for one read-back.
func (d *repairDraft) inEach(ids []int64, locs []flows.Location) {
	d.inRooms(ids, nil, "", locs)
}

// inRooms is inEach with rooms the table lacks (also, in building) after
// the locations of ids: 301和302都有, 302 of the table.
// roomsCorrected reads words at a one-place read-back that name several
// rooms with no other trade or thing than the draft's: the draft's
// problem is in each of them (see RepairGuess.rooms).
func roomsCorrected(text string, d *repairDraft, locs []flows.Location, s Sender) (ids []int64, also []string, building string, ok bool) {
	if d.Photo != "" || notThisRoomRE.MatchString(text) {
		return nil, nil, "", false // 不是303 是302: one room for another (correct)
	}
	g := defaultReader().guess(text, locs, s)
	if !g.inRooms() || g.Trade != "" && g.Trade != d.Trade || g.Item != "" && d.Item != "" && !strings.Contains(g.Item, d.Item) && !strings.Contains(d.Item, g.Item) || g.Hazard != "" && d.Hazard == "" {
		return nil, nil, "", false
	}
	ids, also = g.rooms()
	return ids, also, g.AlsoBuilding, true
}

// notThisRoomRE is a room denied: 不是303, 并不在301.
var notThisRoomRE = rx.MustCompile(`不是|不在|并非|而是|改成|改为|换成`)

func (d *repairDraft) inRooms(ids []int64, also []string, building string, locs []flows.Location) {
	desc := ofOneRoom(d.Desc)
	for _, id := range ids {
		d.Items = append(d.Items, draftItem{LocationID: id, Location: flows.LocationLabel(locs, id), Trade: d.Trade, Item: d.Item, Desc: desc, Tier: d.tier(), Hazard: d.Hazard})
	}
	for _, room := range also {
		d.Items = append(d.Items, draftItem{PlaceText: room, Building: building, Trade: d.Trade, Item: d.Item, Desc: desc, Tier: d.tier(), Hazard: d.Hazard})
	}
	d.LocationID, d.Location, d.Candidates, d.Said, d.PlaceText, d.Building = 0, "", nil, "", "", ""
}

// MaxPlaceMisses is how many answers to 在哪里 may find no place before
// the answer is taken as written, under 其他地点: a report is never lost
// because the location table is incomplete.
const MaxPlaceMisses = 2

func (f RepairFlow) answerLocation(t *flows.Turn, d *repairDraft, locs []flows.Location) error {
	buttons, err := f.locationButtons(t, d)
	if err != nil {
		return err
	}
	if d.AskBuilding != "" && d.PlaceText != "" && len(d.Items) == 0 {
		if handled, err := f.answerBuilding(t, d, locs, buttons); handled || err != nil {
			return err
		}
		if buttons, err = f.locationButtons(t, d); err != nil {
			return err
		}
	}
	if data, ok := t.Pick(buttons); ok || len(d.Candidates) > 1 && d.Written != "" && asWrittenRE.MatchString(strings.TrimSpace(t.Text)) {
		if !ok || data == writtenButtonData {
			// 按你写的: the place the table lacks, as written (T9).
			return f.takeWritten(t, d, d.Written, locs)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(data, locButtonPrefix), 10, 64)
		d.LocationID, d.Location, d.Candidates, d.Written = id, flows.LocationLabel(locs, id), nil, ""
		return f.next(t, d)
	}
	if t.Text == "" {
		return f.next(t, d)
	}
	if rest, ok := yesToOnePlace(t, buttons); ok {
		// 对 暖气片不热 冰的 (user test 28's N7): yes to the one place
		// offered, and the problem after it; the whole line had been
		// taken for a place the table lacks.
		id, _ := strconv.ParseInt(strings.TrimPrefix(buttons[0].Data, locButtonPrefix), 10, 64)
		d.LocationID, d.Location, d.Candidates = id, flows.LocationLabel(locs, id), nil
		if rest != "" && d.Desc == "" && len(d.Items) == 0 {
			t.Text = rest
			return f.answerDescription(t, d, locs)
		}
		return f.next(t, d)
	}
	if OnlyFiller(t.Text) && saidBeforeRE.MatchString(t.Text) {
		// 刚才说了的: the place was not in what was said before (it would
		// not have been asked); the grumble is no place and no miss that
		// would file the next one as written. (A bare 是 or 那个 is left
		// to the questions below, as before.)
		t.Say("抱歉，我没能从前面的话里认出地点。这份报修还没有提交：请直接说一下在哪里，比如「302教室」或「实验楼二楼男厕所」；不需要报修了请发送「取消」。")
		return t.Goto(string(stateLocation), d)
	}
	if len(d.Candidates) > 1 && len(d.Items) == 0 && d.Photo == "" && allMeantRE.MatchString(strings.TrimSpace(t.Text)) {
		// 两个都是: every room offered has the problem (user test 27's
		// K14 was told 没有在地点表里找到「两个都是」).
		d.inEach(d.Candidates, locs)
		return f.next(t, d)
	}
	t.Text = PlaceWords(t.Text)
	if len(d.Candidates) > 1 {
		if rest, ok := rejectsAll(t.Text); ok {
			// 都不是 是厕所: none of the rooms offered; the kind of place
			// said goes with the building and floor said before (教学楼
			// 三楼厕所), in the table or as written.
			said := d.Said
			d.Candidates, d.Said = nil, ""
			if rest == "" {
				t.Say("好的，那具体是在哪里？请说一下，比如「教学楼三楼女厕所」「三楼楼梯口」。")
				return t.Goto(string(stateLocation), d)
			}
			g := GuessRepair(rest, locs)
			if g.LocationID == 0 && said != "" {
				g = GuessRepair(said+rest, locs)
				if g.LocationID == 0 && len(g.LocationCandidates) == 0 {
					b := ""
					if sg := GuessRepair(said, locs); len(sg.LocationCandidates) > 0 || sg.LocationID != 0 {
						b = sg.Building
						if l, ok := locationIn(locs, sg.LocationID); ok {
							b = l.Building
						}
					}
					g = RepairGuess{PlaceText: said + rest, Building: b}
				}
			}
			if g.LocationID != 0 || g.PlaceText != "" {
				d.apply(RepairGuess{LocationID: g.LocationID, PlaceText: g.PlaceText, Building: g.Building}, locs)
				return f.next(t, d)
			}
			if (g.Trade == "" || g.OnlyPlace) && (len(g.LocationCandidates) > 1 || d.Written != "") && writtenBuilding(rest, locs) != "" {
				// 都不是 就是教学楼二楼的男厕所: none of the rooms, and a
				// place of a building that names rooms it is not; taken as
				// written (user test 32's T10 was offered the same list).
				return f.takeWritten(t, d, rest, locs)
			}
			t.Text = rest
		}
	}
	// The sender's words (我们班, 就我们班: their own classroom) as a
	// report's would be; it had been filed under 其他地点 as 「我们班」.
	s := sender(t, locs)
	g := defaultReader().guess(t.Text, locs, s)
	rd := understand(t.Text, locs, s)
	if len(rd.Problems) == 1 {
		g = rd.Problems[0]
	}
	if g.PlaceText != "" && (len(rd.Problems) == 0 || g.Trade == "") && !(g.Building != "" && roomNumberRE.MatchString(withoutBuilding(g.PlaceText, g.Building))) {
		// An answer to 「在哪里」 that reports nothing broken is all place:
		// 操场边的小卖部, not 操场边 and a 小卖部. A room the table does not
		// have, read with its building, is that room: 教学楼402啊 初二的 is
		// 402 (user test 26's G21).
		g.PlaceText = strings.TrimRight(strings.TrimSpace(t.Text), "。.，,！!啊呀呢吧那这 ") // 东头楼梯口那: no 那
	}
	if g.inRooms() && len(d.Items) == 0 && d.Photo == "" {
		// 302 303: the problem is in each room named; so it is in 301 of
		// 301和302都有, though the table lacks 301 (user test 29's R2).
		ids, also := g.rooms()
		d.inRooms(ids, also, g.AlsoBuilding, locs)
		return f.next(t, d)
	}
	if Nonsense(t.Text) || g.LocationID == 0 && len(g.LocationCandidates) < 2 && (g.PlaceText == "" || bareNumberRE.MatchString(strings.TrimSpace(t.Text))) &&
		(rd.Intent == IntentDone || rd.Intent == IntentThanks || rd.Intent == IntentGreeting || rd.Intent == IntentProgress ||
			bareNumberRE.MatchString(strings.TrimSpace(t.Text)) || noPlaceWords(t.Text)) {
		// (A bare 「1」 names no room the table has: it had been filed as
		// the place 「其他地点：1」 in the seventh user test.)
		// 搞定了, 谢谢: not a place, and never to be filed as one.
		t.Say(fmt.Sprintf("「%s」不像是地点。这份报修还没有提交：请告诉我在哪里，比如「302教室」或「实验楼二楼男厕所」；不需要报修了请发送「取消」。", flows.Clip(t.Text, 20)))
		return t.Goto(string(stateLocation), d)
	}
	if g.LocationID == 0 && len(g.LocationCandidates) < 2 && g.PlaceText == "" {
		d.Misses++
		if d.Misses < MaxPlaceMisses {
			t.Say(fmt.Sprintf("没有在地点表里找到「%s」。请换个说法，比如门牌号「302」、班级「初二(3)班」或「实验楼二楼男厕所」；"+
				"如果这个地方确实不在地点表里（比如「操场东边的围栏」），请再发一次地点的描述，我会按你写的地点登记。发送「取消」可以放弃。", flows.Clip(t.Text, 20)))
			return t.Goto(string(stateLocation), d)
		}
		g.PlaceText = strings.TrimSpace(t.Text)
		if g.Trade != "" && !g.OnlyPlace && g.Description != t.Text {
			g.PlaceText = strings.TrimSpace(strings.Replace(t.Text, g.Description, "", 1))
			if g.PlaceText == "" {
				g.PlaceText = strings.TrimSpace(t.Text)
			}
		}
	}
	if len(d.Items) > 0 {
		return f.placeSeveral(t, d, g, locs)
	}
	d.apply(g, locs)
	d.Written = ""
	if len(d.Candidates) > 1 && (g.Trade == "" || g.OnlyPlace) {
		d.Written = offerWritten(t.Text, d.Candidates, locs)
	}
	if d.Desc == "" && g.Trade != "" && (g.PlaceText == "" || problemBeside(g)) {
		// 三楼东头走廊 广播喇叭声音太小 (user test 31's T5): the place and
		// the problem in one answer; the problem had been dropped and asked
		// for again.
		d.Desc = flows.Clip(g.Description, MaxDescription)
		d.Wish = joinRemarks(d.Wish, g.Wish)
	}
	d.sharpened(g) // 好像有点问题, then 有个坑堵了 with the place (vague.go)
	return f.next(t, d)
}

// problemBeside reports whether a guess whose place is written out (not
// in the table) also read a problem beside that place: the description
// is what was left once the place was cut, not the whole answer.
func problemBeside(g RepairGuess) bool {
	desc := strings.TrimSpace(g.Description)
	return g.PlaceText != "" && !g.OnlyPlace && desc != "" && !strings.Contains(desc, g.PlaceText) && !strings.Contains(g.PlaceText, desc)
}

// yesToOnePlace reads an answer to 「在哪里」 that offered one place as a
// yes to it (对, 是的, 嗯 就是): ok, and what follows the yes when that
// says what is wrong ("" otherwise). Words after the yes that say nothing
// is wrong (对 不过是后门) are no yes to the place.
func yesToOnePlace(t *flows.Turn, buttons []flows.Button) (rest string, ok bool) {
	if len(buttons) != 1 || t.Msg.Button != "" {
		return "", false
	}
	text := strings.TrimSpace(t.Text)
	first, rest, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(first, "，,。！!"); i > 0 {
		first, rest = first[:i], strings.TrimSpace(first[i:]+" "+rest)
	}
	first = strings.TrimRight(first, "吧啊呀哈")
	if !flows.IsWord(first, flows.WordsAssent) {
		return "", false
	}
	rest = strings.Trim(rest, " ，,。.！!")
	if rest == "" {
		return "", true
	}
	rd := defaultReader()
	if !rd.fault(rd.canonicalize([]rune(parse.Normalize(rest)))) {
		return "", false
	}
	return rest, true
}

func (f RepairFlow) answerDescription(t *flows.Turn, d *repairDraft, locs []flows.Location) error {
	if t.Text == "" {
		t.Say("请用文字简单描述一下问题，比如「课桌腿断了」。")
		return nil
	}
	if utf8.RuneCountInString(t.Text) > MaxDescription {
		t.Say(fmt.Sprintf("描述太长了，请控制在 %d 字以内。", MaxDescription))
		return nil
	}
	if Nonsense(t.Text) {
		// asdfjkl;: never the description of a repair.
		t.Say(fmt.Sprintf("抱歉，没有看懂「%s」。这份报修还没有提交：出了什么问题？请简单描述，比如「课桌腿断了」「灯管不亮」。", flows.Clip(strings.TrimSpace(t.Text), 20)))
		return nil
	}
	if d.Desc == "" && len(d.Items) == 0 {
		// 「发现隐患」 instead of a problem: a hazard to record at the
		// place already known (a scanned room), not a repair.
		var place *flows.Location
		if l, ok := locationIn(locs, d.LocationID); ok {
			place = &l
		}
		if ok, err := t.Handoff(place); ok || err != nil {
			return err
		}
	}
	g := GuessRepair(t.Text, locs)
	if rd := understand(t.Text, locs, sender(t, locs)); len(rd.Problems) == 1 {
		g.Hazard = rd.Problems[0].Hazard
	}
	if g.Trade != "" && d.Desc == "" && d.Item == "" && len(d.Items) == 0 {
		// The place alone was answered first (三楼东头走廊, read as 土建's);
		// the problem says whose it is (广播声音太小: 电教).
		d.Trade = ""
	}
	// 门锁坏了 麻烦师傅今天修好: the request is passed on, not the problem.
	var wish string
	d.Desc, wish = trimChatter(strings.TrimSpace(t.Text), false)
	d.Wish = joinRemarks(d.Wish, wish)
	d.apply(RepairGuess{Trade: g.Trade, Item: g.Item, Large: g.Large, Hazard: g.Hazard}, locs)
	return f.next(t, d)
}

func (f RepairFlow) answerTrade(t *flows.Turn, d *repairDraft, _ []flows.Location) error {
	tr, ok := flows.Trade(""), false
	if t.Msg.Button == "" {
		tr, ok = tradeAnswered(t, d) // 5 地面, 灯一直在闪 (vague.go)
	}
	if !ok {
		if tr, ok = pickTrade(t); !ok {
			return nil
		}
	}
	if len(d.Items) > 0 {
		if d.Ask >= 0 && d.Ask < len(d.Items) {
			d.Items[d.Ask].Trade = tr
		}
		return f.next(t, d)
	}
	d.Trade = tr
	return f.next(t, d)
}

// pickTrade reads a trade by its own name (水暖) or a button; with neither
// it asks again.
func pickTrade(t *flows.Turn) (flows.Trade, bool) {
	for _, tr := range flows.Trades { // the trade's own name: 水暖
		if flows.IsWord(t.Text, []string{tr.Label()}) {
			return tr, true
		}
	}
	data, ok := pick(t, "请回复 1 到 6 中的一个数字。", tradeButtons)
	return flows.Trade(data), ok
}

// tradeCorrected is the trade a short answer at the read-back says the
// report is for (是电的问题, 这是电的问题 不是木工, 应该找电工, 不是木工 是电工
// 的活), or "".
func tradeCorrected(text string) flows.Trade {
	text = strings.TrimSpace(parse.Normalize(text))
	if utf8.RuneCountInString(text) > 20 {
		return ""
	}
	return tradeSaid(text)
}

// answerConfirm reads the read-back's choice; a word of assent (or no
// text at all) submits.
// resignedSubmitRE is a read-back let stand and submitted: 算了就这样吧，
// 提交 (the 算了 gives up correcting it, the 提交 says what to do).
var resignedSubmitRE = rx.MustCompile(`^(?:算了|那|好吧|行吧)?[，,\s]*(?:就这样|就这么着|就这么办)(?:吧|了|算了)?[，,。\s]*(?:提交|确认|确认提交|提交吧|报上去)(?:吧|了)?[。！!]*$`)

func (f RepairFlow) answerConfirm(t *flows.Turn, d *repairDraft, locs []flows.Location) error {
	buttons := confirmButtons
	if len(d.Items) > 0 {
		buttons = severalButtons
	}
	data, ok := t.Pick(buttons)
	if !ok {
		if t.Text != "" && !flows.IsAssent(t.Text) && !hurriedYes(t.Text) && !resignedSubmitRE.MatchString(strings.TrimSpace(t.Text)) {
			if len(d.Items) == 0 && t.Msg.Button == "" {
				if done, err := f.splitDraft(t, d, locs); done || err != nil {
					return err // 这是两个事啊 窗户一个 投影仪一个 分开报 (splitsaid.go)
				}
				if d.Rush && d.Hazard == "" && unrushSaidRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))) {
					// 改小修, 不用这么急: her own haste taken back (rush.go).
					d.Tier, d.Rush, d.Urged = "", false, false
					d.lead = "好的，不按紧急处理了。"
					return f.next(t, d)
				}
				if ids, also, bldg, ok := roomsCorrected(t.Text, d, locs, sender(t, locs)); ok {
					// 301和302暖气不热, 不对 是301和302两个教室 都要修 (user
					// test 33's T4, T5): the same problem in each room
					// named, a job each; 301 had been silently dropped.
					d.inRooms(ids, also, bldg, locs)
					d.lead = "好的，每处各报一单，分别派单。\n"
					return f.next(t, d)
				}
				if g, ok := alsoPlaceSaid(t.Text, d, locs, sender(t, locs)); ok && d.Photo == "" {
					return f.alsoThere(t, d, g, locs) // 301也有问题啊 两个教室都要修
				}
				if p, said, carried := alongSaid(t.Text, d, locs, sender(t, locs)); p != "" {
					// 要紧急的 已经有学生摔了 操场那边也是 (user test 30's T4):
					// the place carried with the danger, and its urgency
					// said to stand.
					if carried {
						d.lead = fmt.Sprintf("%s已经算在这一单里了。", p)
					} else {
						d.addAlong(p, said)
						d.lead = fmt.Sprintf("好的，%s也算在这一单里，一起处理。", p)
					}
					if _, ok := rushSaid(t.Text); ok && d.tier() == TierUrgent {
						d.lead += "已经按紧急维修处理了。"
					}
					return f.next(t, d)
				}
				if done, err := f.tradePlaceCorrected(t, d, locs); done || err != nil {
					return err // 这不是木工的活吧 屋顶漏水 就是图书馆阅览室
				}
				if tr := tradeCorrected(t.Text); tr != "" {
					// 这是电的问题 不是木工, 应该找电工: the trade, as said.
					d.Trade = tr
					return f.next(t, d)
				}
				if desc, ok := descriptionSaid(t.Text); ok {
					return f.redescribe(t, d, desc, locs)
				}
				if rest, dropped, ok := onlyPartSaid(t.Text, d.Desc); ok {
					return f.keepPart(t, d, rest, dropped, locs) // 桌子的事不用修 只报钟 (onlysaid.go)
				}
				if dropped, ok := onlyPartAbsent(t.Text, d.Desc); ok {
					// The desks not on the draft (passed on: request.go).
					d.lead = "好的，" + dropped + "不在这张报修单上，只报修下面这个。\n"
					return f.next(t, d)
				}
				if desc, ok := descriptionWrongSaid(t.Text); ok {
					return f.redescribe(t, d, desc, locs) // 问题写错了 是蹲坑堵了 (summaryfix.go)
				}
				if done, err := f.correct(t, d, locs); done || err != nil {
					return err
				}
				if done, err := f.calm(t, d); done || err != nil {
					return err // 也没那么急 就一道缝 明天修就行 (calm.go)
				}
				if reason, ok := rushSaid(t.Text); ok && !submitSaid(t.Text) {
					if d.tier() == TierUrgent {
						// 改成紧急 where 急 with 明天 made it so (urgedNear).
						d.lead = "已经按紧急维修处理了。"
						return f.next(t, d)
					}
					return f.rush(t, d, reason) // 这个是急事 关系食品安全 要加急
				}
				if reason, ok := rushSaid(t.Text); ok && d.tier() == TierUrgent && !submitSaid(t.Text) {
					// 紧急 紧急 on a draft urgent already: said so, and read
					// back, with what else she said of the fault (已经有学生
					// 摔了 操场那边也是); her words about the reading are
					// none of it (aboutReadingRE).
					if reason != "" && !strings.Contains(d.Desc, reason) {
						d.Desc = flows.Clip(d.Desc+"（"+reason+"）", 200)
					}
					d.lead = "这张报修单已经是紧急维修了。"
					return f.next(t, d)
				}
			}
			if len(d.Items) > 0 && t.Msg.Button == "" {
				// 空调那个先不报了, 去掉第2个: that item dropped, the
				// others read back again.
				if desc, worker, one := oneProblemSaid(t.Text, d.Items); one {
					return f.asOne(t, d, desc, worker, locs) // 不对 就一个问题 … (summaryfix.go)
				}
				if i, kept := itemOnlyKept(t.Text, d.Items); kept {
					return f.keepOnly(t, d, i) // 桌子的事不用修 … 只报钟 (onlykept.go)
				} else if onlyOneUnnamed(t.Text) {
					// 只报一个: which one is not clear.
					t.Say(fmt.Sprintf("报修单上共 %d 项，只报哪一项？请说「只报第几项」，或回复数字选择：\n%s", len(d.Items), flows.Numbered(buttons)), buttons...)
					return nil
				}
				if i, dropped := itemDropped(t.Text, d.Items); dropped {
					return f.dropItem(t, d, i)
				} else if i, fine := itemPlaceFine(t.Text, d.Items); fine {
					return f.dropItem(t, d, i) // 不对 教务处没坏 是303的监控
				} else if dropsAll(t.Text) {
					// 算了不要了, 都不报了: the whole report, not one item.
					data, ok = confirmCancel, true
				} else if i, g, moved := itemPlaceSaid(t.Text, d.Items, locs); moved {
					// 第一个不是走廊 是教学楼三楼女厕: that item's place.
					d.Items[i].movePlace(g, locs)
					return f.nextSeveral(t, d)
				} else if g, moved := allPlaceSaid(t.Text, locs, sender(t, locs)); moved {
					// 不是走廊，两个都是我们303教室里头的: every item's place.
					for i := range d.Items {
						d.Items[i].movePlace(g, locs)
					}
					return f.nextSeveral(t, d)
				} else if dropItemRE.MatchString(t.Text) && strings.Trim(dropItemRE.ReplaceAllString(t.Text, ""), " ，,。.！!吧啦") != "" {
					// 有一个不报了, 第5个删掉: which one is not clear.
					t.Say(fmt.Sprintf("报修单上共 %d 项，要去掉哪一项？请说「去掉第几项」，或回复数字选择：\n%s", len(d.Items), flows.Numbered(buttons)), buttons...)
					return nil
				}
				// 第2个插座是电的问题 不是木工: that item's trade.
				if n, tr := itemTradeSaid(t.Text); n >= 1 && n <= len(d.Items) && tr != "" {
					d.Items[n-1].Trade = tr
					return f.nextSeveral(t, d)
				}
				if done, err := f.calm(t, d); done || err != nil {
					return err // 都不急 明天修就行 (calm.go)
				}
			}
			if !ok && len(d.Items) == 0 && t.Msg.Button == "" {
				// 确认 不过能不能上午就来修啊 下午考试要用 (user test 17's F1,
				// asked for a number): filed, and the words passed on.
				if rest, ok := yesWithRemark(t.Text); ok {
					d.remark = rest
					return f.submit(t, d)
				}
			}
			if !ok && !submitSaid(t.Text) {
				t.Say("请回复数字选择：\n"+flows.Numbered(buttons), buttons...)
				return nil
			}
		}
		if !ok {
			data = confirmSubmit
		}
	}
	switch data {
	case confirmSubmit:
		if len(d.Items) > 0 {
			return f.submitSeveral(t, d)
		}
		cutUrgentSaid(t, d) // 提交 快点来人 学生在上课呢 (powercut.go)
		return f.submit(t, d)
	case confirmEditLocation:
		// The place asked afresh: the candidates of the first answer are
		// no answer any more (they had come back as the same list).
		d.keepPlaceThing()
		d.LocationID, d.Location, d.PlaceText, d.Building, d.Misses, d.Candidates = 0, "", "", "", 0, nil
		return f.next(t, d)
	case confirmEditDescription:
		d.Desc, d.Trade, d.Item, d.Tier, d.Hazard, d.Large = "", "", "", d.chosenTier(), "", false
		return f.next(t, d)
	case confirmEditTrade:
		d.Trade = "" // next asks it, then reads the report back again
		return f.next(t, d)
	}
	if err := hazardDraftCancelled(t, d); err != nil {
		return err
	}
	t.Done()
	t.Say("已取消，这次报修没有提交。")
	return nil
}

// Cancelled implements flows.Canceller: 取消 typed during a report whose
// hazard the leaders were told of tells them it was not filed; the engine
// says the rest.
func (RepairFlow) Cancelled(t *flows.Turn) (bool, error) {
	var d repairDraft
	if _, ok := reportSteps[state(t.State())]; !ok {
		return false, nil
	}
	if err := t.Load(&d); err != nil {
		return false, err
	}
	return false, hazardDraftCancelled(t, &d)
}

// filing is the draft as a Filing.
func (d *repairDraft) filing() Filing {
	return Filing{LocationID: d.LocationID, Trade: d.Trade, Item: d.Item, Description: d.Desc, Photo: d.Photo,
		Tier: d.tier(), Hazard: d.Hazard, PlaceText: d.PlaceText, Building: d.Building, AlertedEarly: d.Alerted, EarlyRef: d.AlertRef, Apart: d.Apart, Calm: d.Calm}
}

func (f RepairFlow) submit(t *flows.Turn, d *repairDraft) error {
	out, err := fileReport(t, d.filing(), d.place())
	if err != nil {
		return err
	}
	if out.Own {
		// Her own open repair: the draft is kept while she is asked.
		return askOwnSame(t, d, out.Repair)
	}
	t.Done()
	switch {
	case out.Merged:
		dup := out.Repair
		t.Say(fmt.Sprintf("这个问题已经有人报修了：%s，%s %s 报修「%s」，目前%s，由%s负责。\n已把你的报修合并进去，并告诉了%s；修好后会通知你。\n如果不是同一个问题，请回复「不是同一个问题 %d」，我会单独派单。",
			dup.Ref, dup.ReporterName, t.When(dup.ReportedAt), mergedWords(dup, d), dup.Status.Label(), workerOrOffice(dup), workerOrOffice(dup), Num(dup)),
			splitButton(dup))
		if out.Escalated {
			why := "你说的情况是安全隐患"
			if d.Hazard == "" {
				why = "你说的情况很急" // 整层停电 in class time (powercut.go)
			}
			text := fmt.Sprintf("%s，这张单已改为紧急，已立即通知%s和%s，%s 前处理。", why, workerOrOffice(dup), toldAbove(t), t.When(dup.DueAt))
			if a := d.Hazard.Advice(); a != "" {
				text += "\n安全提示：" + a
			}
			t.Say(text)
		}
	case out.Reworked:
		r := out.Repair
		text := fmt.Sprintf("这个问题 %s 由%s修好（%s），还没有验收，已按返修退回给%s重新维修，新的期限 %s 前。",
			t.When(out.Again.DoneAt), r.WorkerName, r.Ref, r.WorkerName, t.When(r.DueAt))
		if r.ReporterID == t.Staff.ID {
			text += "修好后会再请你验收。"
		} else {
			text += "修好后会通知你。"
		}
		t.Say(text)
	default:
		r := out.Repair
		text := fmt.Sprintf("报修成功！单号 %s。\n已派给%s，按规定 %s 前修好。修好后会请你验收；发送「我的」可随时查看进度。",
			r.Ref, r.WorkerName, t.When(r.DueAt))
		if prev := out.Again; prev != nil {
			text = fmt.Sprintf("报修成功！单号 %s（返修）。\n这个问题 %s 刚由%s修好过（原单 %s），已按返修派给%s，按规定 %s 前修好。修好后会请你验收；发送「我的」可随时查看进度。",
				r.Ref, t.When(prev.DoneAt), prev.WorkerName, prev.Ref, r.WorkerName, t.When(r.DueAt))
		}
		if r.Tier == TierUrgent {
			text = fmt.Sprintf("报修成功！单号 %s（紧急）。\n已立即通知%s和%s，%s 前处理。", r.Ref, r.WorkerName, toldAbove(t), t.When(r.DueAt))
			if a := d.Hazard.Advice(); a != "" {
				text += "\n安全提示：" + a
			}
			text += "\n修好后会请你验收；发送「我的」可随时查看进度。"
		}
		if remark := joinRemarks(d.Wish, d.remark); remark != "" && r.WorkerID != 0 && r.WorkerID != t.Staff.ID {
			if err := passRemark(t, r, remark); err != nil {
				return err
			}
			text += fmt.Sprintf("\n你说的「%s」已转告%s。", remark, r.WorkerName)
		}
		if r.WorkerID == t.Staff.ID {
			// Routed to the reporter himself: his job card's buttons here
			// too, so that a typed 1 is the 接单 he sees last.
			n := Num(r)
			text = fmt.Sprintf("报修成功！单号 %s%s。\n这单派给了你自己，按规定 %s 前修好；修好后由总务主任验收。\n可回复「接单 %d」「完成 %d」「修不好 %d」。",
				r.Ref, map[bool]string{true: "（紧急）", false: ""}[r.Tier == TierUrgent], t.When(r.DueAt), n, n, n)
			if a := d.Hazard.Advice(); a != "" && r.Tier == TierUrgent {
				text += "\n安全提示：" + a
			}
			t.Say(text, jobButtons(r)...)
			return nil
		}
		t.Say(text)
	}
	return nil
}

// passRemark passes the reporter's words on r to its worker.
func passRemark(t *flows.Turn, r Repair, remark string) error {
	return t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【报修人留言】%s（%s %s）\n%s说：%s", r.Ref, r.Place(), r.Description, t.Staff.Name, remark), Buttons: jobButtons(r)})
}

// workerOrOffice names who is responsible for r.
func workerOrOffice(r Repair) string {
	if r.WorkerName == "" {
		return "总务处"
	}
	return r.WorkerName
}

// splitButton is the reporter's 「不是同一个问题」 on the repair their
// report was merged into.
func splitButton(r Repair) flows.Button {
	return flows.Button{Label: "不是同一个问题", Data: action(verbSplit, r.ID)}
}

// route picks the worker for r and records why; with no route the
// 总务主任 gets it to dispatch by hand.
func route(t *flows.Turn, r *Repair, building string, again *Repair) error {
	cands, err := db(t).RouteCandidates(t.Ctx, t.School.ID, r.Trade, building, t.Now)
	if err != nil {
		return err
	}
	id, reason := ChooseWorker(cands)
	if again != nil {
		// A 返修 goes to whoever fixed it last time, when the route
		// would consider them now: still routed for the place, and on
		// duty when someone is (out of hours the duty roster wins).
		for _, c := range cands {
			if c.StaffID == again.WorkerID && (c.OnDuty || !slices.ContainsFunc(cands, func(x RouteCandidate) bool { return x.OnDuty })) {
				id, reason = c.StaffID, fmt.Sprintf("返修：原单 %s 由%s修，仍派给%s", again.Ref, c.Name, c.Name)
				break
			}
		}
	}
	away := ""
	if id == 0 {
		// The trade's workers away (请假, away.go): another of the trade,
		// or the 总务主任 told why.
		if id, reason, away, err = awayStandIn(t, r.Trade); err != nil {
			return err
		}
	}
	if id == 0 {
		heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
		if err != nil {
			return err
		}
		if len(heads) == 0 {
			return fmt.Errorf("repair at location %d: school %d has no route for %s and no 总务主任", r.LocationID, t.School.ID, r.Trade)
		}
		id, reason = heads[0].ID, fmt.Sprintf("%s（%s），转总务主任%s派单", noRouteReason, r.Trade.Label(), heads[0].Name)
		if away != "" {
			reason = fmt.Sprintf("%s%s请假，没有其他%s师傅，转总务主任%s派单", awayRouteReason, away, r.Trade.Label(), heads[0].Name)
		}
	}
	w, err := t.Tx.StaffByID(t.Ctx, id)
	if err != nil {
		return err
	}
	r.WorkerID, r.WorkerName, r.RouteReason = w.ID, w.Name, reason
	return nil
}

// noRouteReason begins the route reason of a repair no route matched,
// given to the 总务主任 to dispatch by hand.
const noRouteReason = "没有匹配的维修路由"

// noRouteNote tells the 总务主任 why a repair came to them rather than a
// worker: the school set no worker for its trade (a 篮球架 of 综合维修 in
// the tenth user test's demo school had reached 陈主任 with no word why).
// "" when a route or the roster chose the worker.
func noRouteNote(r Repair) string {
	if rest, ok := strings.CutPrefix(r.RouteReason, awayRouteReason); ok {
		away, _, _ := strings.Cut(rest, "请假")
		return fmt.Sprintf("\n（%s请假了，学校没有其他%s师傅，所以这单先派给了你：可以自己接单，或回复「转派 %d」交给合适的师傅。）",
			away, r.Trade.Label(), Num(r))
	}
	if !strings.HasPrefix(r.RouteReason, noRouteReason) {
		return ""
	}
	return fmt.Sprintf("\n（学校还没有给「%s」设置维修人员，所以这单先派给了你：可以自己接单，或回复「转派 %d」交给合适的师傅。在路由表里设好后，这类报修会直接派给维修人员。）",
		r.Trade.Label(), Num(r))
}

// jobButtons are the worker's actions on a job card.
func jobButtons(r Repair) []flows.Button {
	switch r.Status {
	case RepairAssigned:
		return []flows.Button{{Label: "接单", Data: action(verbTake, r.ID)}, {Label: "完成", Data: action(verbDone, r.ID)},
			{Label: "修不好", Data: action(verbBlock, r.ID)}, {Label: "转派", Data: action(verbXfer, r.ID)}}
	case RepairAccepted, RepairDeferred:
		return []flows.Button{{Label: "完成", Data: action(verbDone, r.ID)}, {Label: "修不好", Data: action(verbBlock, r.ID)},
			{Label: "转派", Data: action(verbXfer, r.ID)}, {Label: "改紧急/大修/小修", Data: action(verbReclass, r.ID)}}
	}
	return nil
}

func jobCard(t *flows.Turn, r Repair, title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s\n地点：%s\n问题：%s（%s·%s）\n报修人：%s\n", title, r.Ref, r.Place(), r.Description, r.Trade.Label(), r.Severity(), r.ReporterName)
	if r.Photo != "" {
		b.WriteString("照片：已附\n")
	}
	fmt.Fprintf(&b, "期限：%s 前\n状态：%s", t.When(r.DueAt), statusLabel(t, r))
	if r.WorkerName != "" {
		fmt.Fprintf(&b, "（%s）", r.WorkerName)
	}
	if bs := jobButtons(r); len(bs) > 0 {
		var typed []string
		for _, x := range bs[:min(3, len(bs))] {
			typed = append(typed, fmt.Sprintf("「%s %d」", x.Label, Num(r)))
		}
		b.WriteString("\n可回复" + strings.Join(typed, ""))
	}
	return b.String()
}

// notifyJob tells the worker and updates the maintenance group's card.
func notifyJob(t *flows.Turn, r Repair, title string) error {
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeAssigned, Ref: ref(r),
		Text: jobCard(t, r, title) + noRouteNote(r), Buttons: jobButtons(r), Link: t.Link("/r/" + r.Ref)}); err != nil {
		return err
	}
	return groupCard(t, r)
}

// groupCard posts or edits the repair's card in the maintenance group.
func groupCard(t *flows.Turn, r Repair) error {
	return t.Notify(flows.Notification{ToGroup: flows.GroupMaintenance, Kind: NoticeCard, Ref: ref(r),
		Text: jobCard(t, r, "【报修】"), Buttons: jobButtons(r)})
}

// tellReporter notifies the reporter and the followers.
func tellReporter(t *flows.Turn, r Repair, text string, buttons []flows.Button, followersToo bool) error {
	if r.ReporterID != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: r.ReporterID, Kind: NoticeUpdate, Ref: ref(r), Text: text, Buttons: buttons}); err != nil {
			return err
		}
	}
	if !followersToo {
		return nil
	}
	fs, err := db(t).Followers(t.Ctx, r.ID)
	if err != nil {
		return err
	}
	for _, id := range fs {
		if id == t.Staff.ID {
			continue
		}
		if err := t.Notify(flows.Notification{ToStaff: id, Kind: NoticeUpdate, Ref: ref(r), Text: text}); err != nil {
			return err
		}
	}
	return nil
}

// tellFollowers tells r's followers (those whose own report of the same
// fault was merged into r) of a change to r that matters to them as much
// as to its reporter: it is fixed, not fixed after all, fixed again,
// signed off. Each is told once, in one short line; the one who made the
// change is not told it.
func tellFollowers(t *flows.Turn, r Repair, text string) error {
	return tellFollowersBut(t, r, text, nil)
}

// tellFollowersBut is tellFollowers but for those of skip, told otherwise.
func tellFollowersBut(t *flows.Turn, r Repair, text string, skip []int64) error {
	fs, err := db(t).Followers(t.Ctx, r.ID)
	if err != nil {
		return err
	}
	for _, id := range fs {
		if id == t.Staff.ID || id == r.ReporterID || slices.Contains(skip, id) {
			continue
		}
		if err := t.Notify(flows.Notification{ToStaff: id, Kind: NoticeUpdate, Ref: ref(r), Text: text}); err != nil {
			return err
		}
	}
	return nil
}

// followerDesc is r's description as a follower's line shows it: without
// the words of a 返修 added to it, which are the reporter's and the
// worker's business (the follower's line says it was sent back).
func followerDesc(r Repair) string {
	if i := strings.Index(r.Description, "；返修："); i > 0 {
		return r.Description[:i]
	}
	return r.Description
}

// MineClosedFor is how long a closed repair stays in 我的, so that the
// reporter and the worker see it was signed off.
const MineClosedFor = 3 * 24 * time.Hour

// MineRepairs is how many repairs 我的 lists.
const MineRepairs = 20

// shortDesc is a description shortened to about n characters for a list:
// cut after the last clause or word break (a space or punctuation) in its
// second half, else at n, and marked 「…」; never in the middle of a word
// unmarked (the thirteenth user test's 「我的」 showed 「…麻烦师」).
func shortDesc(s string, n int) string {
	rs := []rune(strings.TrimSpace(s))
	if len(rs) <= n {
		return string(rs)
	}
	cut := n
	for i := n; i > n/2; i-- {
		if strings.ContainsRune(" ，,。；;、！!？?", rs[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(rs[:cut]), " ，,。；;、") + "…"
}

// Mine implements Miner: the person's jobs and reports, and for a
// 分管领导, 校长 or 总务主任 what waits for their decision.
func (RepairFlow) Mine(t *flows.Turn) (string, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-MineClosedFor), MineRepairs)
	if err != nil {
		return "", err
	}
	var waiting []Repair
	if t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		if waiting, err = db(t).RepairsAwaitingDecision(t.Ctx, t.School.ID, t.Now, 20); err != nil {
			return "", err
		}
	}
	// Every number shown picks one job: a short number two jobs shown
	// share for the command (yesterday's 4 and today's) is shown as the
	// full reference. Only what is shown is compared: reading everything
	// the person may act on (candidates) cost 「我的」 a statement of its
	// own (TestRoundTrips), and a typed number that a job not shown
	// shares is asked about anyway (「是哪一个？」).
	all := slices.Concat(rs, waiting)
	pick := func(r Repair, v verb) string { return typedRef(t, r, v, all) }
	var jobs, reports, toSign, closedJobs, closedReports []string
	for _, r := range rs {
		line := fmt.Sprintf("· %s%s %s「%s」%s", urgentMark(r), r.Ref, r.Place(), shortDesc(r.Description, 20), r.Status.Label())
		if to := mergedInto(t, r); to != "" {
			// A duplicate merged by the worker (dupsaid.go): no withdrawal.
			line = fmt.Sprintf("· %s %s「%s」已并入 %s，跟随那张单的进度", r.Ref, r.Place(), shortDesc(r.Description, 20), to)
		} else if r.Status == RepairClosed || r.Status == RepairCancelled {
			line = fmt.Sprintf("· %s %s「%s」%s（%s）", r.Ref, r.Place(), shortDesc(r.Description, 20), r.Status.Label(), t.When(r.ClosedAt))
		}
		if r.Status == RepairClosed || r.Status == RepairCancelled {
			// Signed off (or withdrawn, or merged) lately: listed apart,
			// after the open ones, with when (the fifteenth user test's
			// worker saw two 已验收 jobs of 11月20日 among his open ones
			// under 「按期限排序」).
			if r.WorkerID == t.Staff.ID {
				closedJobs = append(closedJobs, line)
			} else {
				closedReports = append(closedReports, line)
			}
			continue
		}
		if r.Status.Open() {
			line += "，" + t.When(r.DueAt) + " 前"
			if t.Now.After(r.DueAt) {
				line += "（已超时）"
			}
		}
		if r.WorkerID == t.Staff.ID {
			// His job, done and signed off too, is listed once, among his
			// jobs (not 我的报修, unless he reported it: then here too).
			if r.Status != RepairClosed && r.Status != RepairBlocked && mayAct(t, r, verbDone) == "" { // not once done, nor while a leader decides
				line += fmt.Sprintf("［回复「完成 %s」］", pick(r, verbDone))
			}
			jobs = append(jobs, line)
			continue
		}
		if r.WorkerName != "" && r.Status.Open() {
			line += "（" + r.WorkerName + "）"
		}
		if r.Status == RepairDone && r.ReporterID == t.Staff.ID {
			line += fmt.Sprintf("［回复「修好了 %s」或「没修好 %s」］", pick(r, verbOK), pick(r, verbRedo))
		}
		if r.Status == RepairDone && r.ReporterID != t.Staff.ID && mayAct(t, r, verbOK) == "" {
			// Another's report that he signs off (a worker's own, done):
			// not his report, and user test 28's N26 saw it under
			// 【我的报修】 with no word of what he was to do.
			who := fmt.Sprintf("%s报修，%s已修好", r.ReporterName, workerOrOffice(r))
			if selfReported(r) {
				who = r.WorkerName + "自己报修并已修好"
			}
			toSign = append(toSign, fmt.Sprintf("· %s%s %s「%s」%s，请你去看一下［回复「修好了 %s」或「没修好 %s」］",
				urgentMark(r), r.Ref, r.Place(), shortDesc(r.Description, 20), who, pick(r, verbOK), pick(r, verbRedo)))
			continue
		}
		reports = append(reports, line)
	}
	var parts []string
	if len(waiting) > 0 {
		var lines []string
		for _, r := range waiting {
			line := fmt.Sprintf("· %s%s %s「%s」", urgentMark(r), r.Ref, r.Place(), shortDesc(r.Description, 20))
			if r.Status == RepairBlocked {
				line += fmt.Sprintf("修不好：%s（%s，%s）", flows.Clip(r.BlockedReason, 30), r.Recommendation, workerOrOffice(r))
			} else {
				line += fmt.Sprintf("已超时 %s（%s，%s）", formatLate(t.Now.Sub(r.DueAt)), workerOrOffice(r), r.Status.Label())
			}
			lines = append(lines, line+fmt.Sprintf("［回复「处理 %s」］", pick(r, verbLead)))
		}
		if len(lines) > 0 {
			parts = append(parts, "【待我处理的维修】\n"+strings.Join(lines, "\n"))
		}
	}
	if len(toSign) > 0 {
		parts = append(parts, "【待我验收】\n"+strings.Join(toSign, "\n"))
	}
	if len(jobs) > 0 {
		parts = append(parts, "【我的维修任务】（按期限排序）\n"+strings.Join(jobs, "\n")+recentlyClosed(closedJobs))
	} else if len(closedJobs) > 0 {
		parts = append(parts, "【我的维修任务】目前没有要修的。"+recentlyClosed(closedJobs))
	}
	if len(reports) > 0 {
		parts = append(parts, "【我的报修】\n"+strings.Join(reports, "\n")+recentlyClosed(closedReports))
	} else if len(closedReports) > 0 {
		parts = append(parts, "【我的报修】目前没有未完成的。"+recentlyClosed(closedReports))
	}
	return strings.Join(parts, "\n\n"), nil
}

// recentlyClosed is the lines of repairs signed off lately, under their
// own heading, for 我的; "" for none.
func recentlyClosed(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	head := "\n最近已验收的：\n"
	if slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "」"+RepairCancelled.Label()+"（") }) {
		head = "\n最近已验收或撤销的：\n" // a hazard's repair withdrawn when it closed
	} else if slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "」已并入 ") }) {
		head = "\n最近已验收或并单的：\n" // a duplicate merged into another
	}
	return head + strings.Join(lines, "\n")
}

// typedRef is what t.Staff types to name r for v: its short number, or
// its full reference when another repair of all that v may act on has
// the same short number.
func typedRef(t *flows.Turn, r Repair, v verb, all []Repair) string {
	for _, o := range all {
		if o.ID != r.ID && Num(o) == Num(r) && mayAct(t, o, v) == "" && !(v == verbDone && o.Status == RepairBlocked) {
			return r.Ref
		}
	}
	return strconv.Itoa(Num(r))
}

// urgentMark marks an urgent repair in lists.
func urgentMark(r Repair) string {
	if r.Tier == TierUrgent {
		return "【紧急】"
	}
	return ""
}

// locationIn returns the location with id among locs.
func locationIn(locs []flows.Location, id int64) (flows.Location, bool) {
	for _, l := range locs {
		if id != 0 && l.ID == id {
			return l, true
		}
	}
	return flows.Location{}, false
}

// whatRepairRE is someone asking what repair a draft is about, as a way
// of saying they never meant one: 啥维修啊, 什么报修, 修什么修, and in
// Cantonese 唔系报修 (不是报修).
var whatRepairRE = rx.MustCompile(`^(?:啥|什么|哪门子|哪来的|乜嘢|咩)(?:维修|报修|修)|^修(?:啥|什么)修|^唔系(?:要)?(?:报修|维修)`)

// puzzledRE is a puzzled word before what follows: 啥？, 什么？ (user test
// 16's host, whose answer to a visitor's card had begun a report:
// 「啥？不是报修，是门口那个家长送药的事」 was taken for a place).
var puzzledRE = rx.MustCompile(`^(?:啥|什么|哈|嗯|啊|诶|欸|咋)(?:呀|啊)?[？?！!。，,\s]+`)

// withoutPuzzled is text, trimmed, without a puzzled word before it.
func withoutPuzzled(text string) string {
	s := strings.TrimSpace(text)
	if m := puzzledRE.FindString(parse.Normalize(s)); m != "" {
		return strings.TrimSpace(parse.Normalize(s)[len(m):])
	}
	return s
}

// saidInsteadRE begins what the person meant instead of a report: 我说的是,
// 我是说, 我的意思是, Cantonese 我系话.
var saidInsteadRE = rx.MustCompile(`^(?:我说的是|我是说|我的意思是|我意思是|我系话|我是想说|我是要说)[\s，,：:]*`)

// meantStepRE begins a hazard's step said instead of a report: 是复查
// 小太阳那个不通过 (user test 26's re-run's H2, whose draft was only cancelled), 是整改
// 的事; the words are read again whole, for the hazard.
var meantStepRE = rx.MustCompile(`^(?:我)?(?:这)?是(?:在)?(?:说)?(?:复查|整改|隐患)`)

// askOtherRE is an instruction about someone else, 让送菜的进来, 叫他直接开
// 到后厨: never a repair's detail.
var askOtherRE = rx.MustCompile(`^(?:让|叫|请|俾|畀)\p{Han}`)

// meantElse reads a draft report taken back with what was meant instead:
// 啥维修啊 我说的是让家长进来, 不是报修！让送菜的进来 (the fourteenth user
// test's). It returns the words meant, to be read again, and whether the
// text was such; a report taken back with nothing else (不是报修) or with
// more about the repair (不是报修，是修好了) is not.
func meantElse(text string) (string, bool) {
	text = strings.TrimSpace(parse.Normalize(text))
	lead := whatRepairRE.FindString(text)
	if lead == "" {
		lead = notAReportLeadRE.FindString(text)
	}
	if lead == "" {
		return "", false
	}
	rest := strings.TrimLeft(text[len(lead):], "啊呀嘛吗哦啦的了？?！!。，, ")
	if m := saidInsteadRE.FindString(rest); m != "" {
		rest = strings.TrimSpace(rest[len(m):])
	} else if !askOtherRE.MatchString(rest) && !meantStepRE.MatchString(rest) {
		return "", false
	}
	return rest, rest != ""
}

// checkMeantRE says a draft report was a safety check: 这是安全检查,
// 是巡查, 我在做检查.
var checkMeantRE = rx.MustCompile(`(?:是|在做|做的|说的是)(?:考前|期末|节前|假前)?(?:安全大?检查|巡查|巡检|排查|隐患排查|检查)`)

// notAReportLeadRE is notAReportRE's words at the start of a message that
// goes on: 不是报修！让送菜的进来.
var notAReportLeadRE = rx.MustCompile(`^(?:我)?(?:这)?(?:不是|没要|没想|不要|并不是)(?:要)?(?:报修|维修)(?:啊|呀|的)?`)

// notAReportRE is someone saying a draft report is not what they meant:
// 不是报修, 我没要报修, 不报修了, and 我是问情况 不是报修 (once taken
// for a place at 在哪里); 不是新报修 取消 (user test 18's 总务主任, at a
// draft his order to a worker had begun); 不是新报的 (user test 27's K22).
var notAReportRE = rx.MustCompile(`^(?:我)?(?:不是|没要|没想|不要|不用|不想|并不是|没有要)(?:要)?(?:新|新的|再)?报修|^(?:我|这)?(?:不是|不用|不要)(?:要)?(?:新|重新|再)(?:报|提)(?:的|一个|一单)?(?:[\s，,。！!]|$)|^不报修了|^(?:这)?不是报修|^不是(?:要)?报新的|^不是新的|^不是[\s，,]*(?:之前|已经|刚才)报过|[\s，,。](?:这|我)?(?:不是|不要|不用)(?:要)?报修[了的]?[。！!]*$|^我(?:只是|就是|是)(?:问|想问|咨询)`)
