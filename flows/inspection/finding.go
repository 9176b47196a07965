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

// findingDraft is a hazard being described, on a check's item or with
// 「发现隐患」: the answers so far.
type findingDraft struct {
	CheckID    int64  `json:"check,omitempty"`
	Seq        int    `json:"seq,omitempty"`
	Item       string `json:"item,omitempty"`
	LocationID int64  `json:"loc,omitempty"`
	Place      string `json:"place,omitempty"`
	Desc       string `json:"desc,omitempty"`
	Photo      string `json:"photo,omitempty"`
	NoPhoto    bool   `json:"no_photo,omitempty"`
	Level      Level  `json:"level,omitempty"`
	Handle     string `json:"handle,omitempty"`
	// Worker is the worker the finder named for the repair (叫周师傅), ""
	// for none: the repair goes to that worker, not the route's.
	Worker string      `json:"worker,omitempty"`
	Trade  flows.Trade `json:"trade,omitempty"`
	// Rectifier is whom the finder named to deal with a finding that
	// needs no repair (不用修 王师傅叫几个人搬走就行, 让陈主任今天清走), ""
	// for none: the 整改 goes to them, not to the room's owner or the
	// 总务主任 (user test 27's K49).
	Rectifier string `json:"rectifier,omitempty"`
	// Reported is set when the finder said the fault is reported already
	// (已经报修了, 已经有报修单了 别重复报), and Linked is then the open
	// repair at the place it is (reportedRepair), 0 while none was found:
	// the hazard is linked to that repair, never filed as a second one
	// (user test 29's R33 filed the 303 camera twice). LinkTried is set
	// once it was looked for.
	Reported  bool  `json:"reported,omitempty"`
	Linked    int64 `json:"linked,omitempty"`
	LinkTried bool  `json:"link_tried,omitempty"`
	// Next are the other findings told in the same message (扶手松了 还有
	// 安全出口被纸箱挡了), each filed as its own hazard after this one,
	// and NextHandle how each is to be dealt with when already said ("" when
	// not): one hazard per finding, each with its own 整改.
	Next       []string `json:"next,omitempty"`
	NextHandle []string `json:"next_handle,omitempty"`
	// NextWorker and NextRectifier are, when NextHandle is set, the worker
	// or the person each was given to in the same words (插线板让孙师傅去弄
	// 纸箱子让宿管清掉 灭火器我自己去换, user test 33's T26), "" for none.
	NextWorker    []string `json:"next_worker,omitempty"`
	NextRectifier []string `json:"next_rectifier,omitempty"`
	// Given is set when Rectifier was given this finding by a clause of
	// its own among several (纸箱子让宿管清掉): a name the school lacks is
	// then said, not passed over (a name in passing, 我去叫司机挪车, is).
	Given bool `json:"given,omitempty"`
	// Filed are the refs of the hazards told before this one in the same
	// message and filed already: 取消 now leaves them filed, and says so.
	Filed []string `json:"filed,omitempty"`
	// Due is the deadline the finder said (明天之前弄好), zero for none:
	// see dueOf.
	Due time.Time `json:"due,omitzero"`
	// DueVague is a deadline said by an event with no date houqin knows
	// (考试前), "" for none: the level's rule sets the deadline, and the
	// finder is told so (dueVagueNote).
	DueVague string `json:"due_vague,omitempty"`
	// Misses counts the replies in a row that answered none of the
	// questions: from the second, the way on or out is said with the
	// question (user test 18's guard was asked the same question five
	// times, N6).
	Misses int `json:"misses,omitempty"`
	// asked is the question a reader puts again when the reply did not
	// answer it (reask); readFinding says it, after what it answers of
	// the reply first. Never saved.
	asked *reasked
}

// reasked is a question to put again: its text and buttons.
type reasked struct {
	text string
	bs   []flows.Button
}

// reask keeps the question a reader puts again for readFinding to say.
func (d *findingDraft) reask(text string, bs ...flows.Button) {
	d.asked = &reasked{text: text, bs: bs}
}

// sideReader reads a reply that answered none of a finding's questions
// for what it says instead (其他都正常 in a round), and returns what to
// say of it before the question is put again; "" when it read nothing.
type sideReader func(t *flows.Turn, d *findingDraft) (string, error)

// readFinding reads the reply to the finding question waiting in t's
// state. A reply that answers none is read for what it says instead (side,
// then a photo sent again, then a 提交 or 好了 said before the finding is
// complete), and the question put again after what was read of it; the
// second reply in a row that is no answer at all is told how to go on or
// leave, never only asked the same again.
func readFinding(t *flows.Turn, d *findingDraft, side sideReader) (bool, error) {
	d.asked = nil
	ok, err := findingSteps[t.State()](t, d)
	if err != nil || ok {
		d.Misses = 0
		return ok, err
	}
	q := d.asked
	if q == nil {
		return false, nil
	}
	said := ""
	if side != nil {
		if said, err = side(t, d); err != nil {
			return false, err
		}
	}
	// What the round's reader took (其他都正常) answers the round: the
	// person is on track. Anything else is no answer, even when said back.
	answered := said != ""
	switch {
	case answered:
	case t.Image() != "" && t.State() != stateFindPhoto:
		// The photo sent again with the problem's words: it is kept when
		// none was, and the question is still wanted.
		if d.Photo == "" {
			takePhoto(t, d)
		}
		said = "照片收到了，问题已经记下了。"
	case finishSaidRE.MatchString(strings.TrimSpace(t.Text)) || flows.IsAssent(t.Text):
		// 提交, 好了: finished, as the person thinks; one answer is still
		// wanted before the hazard can be filed.
		said = "这个隐患还差一步才能登记。"
	}
	if !answered {
		d.Misses++
	}
	text := q.text
	if said != "" {
		text = said + "\n" + text
	}
	if d.Misses >= 2 {
		text += "\n" + wayOut(d)
	}
	t.Say(text, q.bs...)
	return false, nil
}

// finishSaidRE is a reply saying the person is done: 好了, 完成了, 就这些.
var finishSaidRE = rx.MustCompile(`^(?:好了|完了|完成了?|弄完了|搞定了?|就这些了?|就这样吧?|没了|没别的了|发了|提交了)(?:啊|吧|哈|呀)?[。!！~～]*$`)

// wayOut tells how to go on without answering, or leave: a round pauses
// (its items recorded so far are kept) or leaves this finding unfiled; a
// hazard reported on its own is cancelled.
func wayOut(d *findingDraft) string {
	if d.CheckID != 0 {
		return "如果现在不方便回答，可以回复「暂停」先停下巡查（已记录的都会保存），或回复「取消」不登记这一项的问题。"
	}
	return "如果不想登记这个隐患了，请回复「取消」。"
}

// findingsApart splits a finding's words into the findings they tell,
// joined by 还有, 另外 or a semicolon (alsoRE, as a round's reply is read):
// the fourteenth user test's 「教学楼二楼楼梯扶手松了一晃一晃的 还有化学实验室
// 门口堆了一堆纸箱子把安全出口挡了」 was filed as one hazard at the stairs.
// Each part must tell a problem of its own, long enough to say where and
// what; otherwise the words are one finding (扶手还有点晃).
func findingsApart(text string) []string {
	parts := alsoRE.Split(strings.TrimSpace(text), -1)
	if len(parts) < 2 {
		return nil
	}
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		plain := negatedRE.ReplaceAllString(p, "正常")
		if utf8.RuneCountInString(p) < 6 || !(troubleRE.MatchString(plain) || saysDanger(p) || fireKitFault(p) || repair.IsBlockedPassage(p)) {
			return nil
		}
		out = append(out, p)
	}
	return out
}

// handleSaid is how one clause says a finding is dealt with: by a worker
// (扶手得修), by whoever is in charge (箱子让实验员搬走就行), or "".
func handleSaid(c string) string {
	h, _, _ := handleGiven(c)
	return h
}

// selfDoesRE is the writer taking a finding on himself: 灭火器我自己去换,
// 这个我来弄, 我去处理.
var selfDoesRE = rx.MustCompile(`我自己|我亲自|我来(?:弄|换|处理|搞|清|整改|负责)?|我(?:去|过去)(?:弄|换|处理|搞|清|搬|挪|整改)`)

// selfRectifier stands, in NextRectifier, for the writer himself.
const selfRectifier = "我"

// handleGiven is how one clause says a finding is dealt with (handleSaid)
// and by whom: the worker named to mend it (插线板让孙师傅去弄), or the
// person it is left to (纸箱子让宿管清掉; 灭火器我自己去换: selfRectifier).
func handleGiven(c string) (handle, worker, rectifier string) {
	switch {
	case noWorkerRE.MatchString(c) || clearOnlyRE.MatchString(c):
		return handleSelf, "", namedRectifier(c)
	case workerRE.MatchString(c) || repairSaidRE.MatchString(c) && !notDoneRE.MatchString(c):
		return handleRepair, namedWorker(c), ""
	case notDoneRE.MatchString(c):
		return "", "", ""
	case selfDoesRE.MatchString(c):
		return handleSelf, "", selfRectifier
	case namedWorker(c) != "":
		return handleRepair, namedWorker(c), ""
	case clearedByRE.MatchString(c) || namedRectifier(c) != "":
		return handleSelf, "", namedRectifier(c)
	}
	return "", "", ""
}

// handlesApart reads an answer to 需要维修师傅来修吗 that says, clause by
// clause, how this finding and the ones told with it are each dealt with
// (扶手得修 箱子让实验员搬走就行): a clause goes to the finding it shares
// the most words with. It returns this finding's way, and fills
// d.NextHandle for the others; "" when the clauses do not say this one's.
func handlesApart(text string, d *findingDraft) string {
	descs := append([]string{d.Desc}, d.Next...)
	said := make([]string, len(descs))
	workers, rectifiers := make([]string, len(descs)), make([]string, len(descs))
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		h, worker, rectifier := handleGiven(c)
		if h == "" {
			continue
		}
		best, score, tie := -1, 0, false
		for i, desc := range descs {
			n := sharedWords(c, desc)
			switch {
			case n > score:
				best, score, tie = i, n, false
			case n == score && n > 0:
				tie = true
			}
		}
		if best < 0 || tie {
			continue
		}
		said[best], workers[best], rectifiers[best] = h, worker, rectifier
	}
	if said[0] == "" {
		return ""
	}
	d.NextHandle = slices.Clone(said[1:])
	d.NextWorker, d.NextRectifier = slices.Clone(workers[1:]), slices.Clone(rectifiers[1:])
	d.Worker, d.Rectifier = workers[0], rectifiers[0]
	d.Given = d.Rectifier != ""
	return said[0]
}

// The states of describing a finding, shared by CheckFlow and HazardFlow.
const (
	stateFindDesc   = "f.desc"
	stateFindPhoto  = "f.photo"
	stateFindPlace  = "f.place"
	stateFindRoom   = "f.room" // a repair needs a room houqin knows
	stateFindLevel  = "f.level"
	stateFindHandle = "f.handle"
	stateFindTrade  = "f.trade"
)

// How a finding is dealt with.
const (
	handleRepair = "repair" // a worker repairs it: a linked repair is filed
	handleSelf   = "self"   // the room's owner or the 总务主任 rectifies it
	handleSpot   = "spot"   // the finder rectified it on the spot: recorded rectified, re-checked by the 总务主任
)

// onSpotRE is a finding rectified as it was found: 当场就整改完了, 已经喊
// 司机挪走了, 我顺手清理了 (the fourteenth user test's guard's 「不用修
// 当场就整改完了」 still gave the 总务主任 a 整改 task).
var onSpotRE = rx.MustCompile(`(?:当场|现场|顺手|随手|马上|立马|已经|已)就?(?:叫人|喊人|让人|找人|喊司机|叫司机|让司机)?(?:整改|处理|弄|挪|移|清理|清|搬|拿|收拾|解决|搞定|关|锁)(?:完|好|走|掉|开|上|干净)?了`)

// spotSaid reports whether s tells the finding rectified on the spot, in
// a clause that denies nothing (还没处理 is not).
func spotSaid(s string) bool {
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		if onSpotRE.MatchString(c) && !notDoneRE.MatchString(c) {
			return true
		}
	}
	return false
}

// MaxDescription bounds a hazard description, in characters.
const MaxDescription = 300

var (
	wordsNoPhoto = []string{"无照片", "没有照片", "没照片", "不拍", "没拍", "没拍照", "跳过", "无", "没有", "skip"}
	wordsNoRoom  = []string{"不报修", "不用报修", "无法确定", "跳过"}
	// wordsNoRepair are a bare no to 需要维修师傅来修吗 (user test 18's
	// guard's 「无」 was asked again, N6).
	wordsNoRepair = []string{"无", "没有", "没", "不", "否", "没必要", "用不着"}
)

// The finding's answers in people's words.
var (
	// cannotPhotoRE is a photo that cannot be taken: 太黑了拍不清, 没法拍.
	cannotPhotoRE = rx.MustCompile(`拍不了|拍不清|拍不到|拍不出|没法拍|不能拍|不好拍|不方便拍|没办法拍|不拍了|就不拍|先不拍|手机(?:快|都)?没电|没带手机`)
	// noPhotoSaidRE is no photo said first, then more: 没拍 车我已经让人挪走了.
	noPhotoSaidRE = rx.MustCompile(`^(?:没有?拍(?:照片?)?|没有?照片|无照片|不拍了?)(?:了|啊|呀)?(?:[\s，,。；;]+(\S.*))?$`)
	// levelSaidRE is a level said with a word around it: 一般吧, 算一般, 较大的.
	levelSaidRE = rx.MustCompile(`^(?:我觉得|应该|感觉)?(?:算是|算|是)?(一般|较大|重大|紧急)(?:隐患)?(?:的|吧|啊|呀)*[。！!~～]*$`)
	// seriousSaidRE is a level said as 严重: 挺严重的吧, 很严重 (重大), or
	// 有点严重, 比较严重 (较大).
	// urgentSaidRE is the finder saying it must be dealt with at once,
	// which is what 紧急 says (正危及安全，需马上处置): user test 32's
	// 「挺危险的 马上要处理」 was asked for 1 to 4 again.
	urgentSaidRE = rx.MustCompile(`(?:马上|立即|立刻|赶紧|赶快|现在就)(?:就)?(?:要|得|需要|必须)?(?:处理|处置|解决|整改|弄|管)|随时(?:会|可能)(?:出事|伤到|砸到|倒)|要出人命`)
	// notAtOnceRE denies the haste: 不用马上处理, 不急.
	notAtOnceRE = rx.MustCompile(`不用|不必|不需要|没必要|不急|不着急`)
	// dangerSaidRE is the finder calling it dangerous: as 严重, 重大
	// (有点 or 比较 危险 is 较大).
	dangerSaidRE  = rx.MustCompile(`^(?:我觉得|感觉|应该)?(?:算是|是)?(?:挺|很|非常|特别|太|蛮|相当|超)?(有点|比较)?危险`)
	seriousSaidRE = rx.MustCompile(`^(?:我觉得|感觉|应该)?(?:算是|是)?(?:挺|很|非常|特别|太|蛮|相当|超)?(有点|比较)?严重`)
	// levelWhyRE is a level said first and then why, or how it is dealt
	// with, after a pause: 较大 容易伤到学生, 一般吧，挪走就行.
	// The level may be its number: 「1 已经关好了，不用整改」 (the sixteenth
	// user test's guard).
	levelWhyRE = rx.MustCompile(`^(?:我觉得|应该|感觉)?(?:算是|算|是)?(一般|较大|重大|紧急|[1-4])(?:隐患)?(?:的|吧|啊|呀)*[\s，,。；;！!~～]+(\S.*)$`)
	// clearOnlyRE is a finding someone clears away, no worker needed:
	// 挪走就行, 搬开就好, 清理一下就可以.
	clearOnlyRE = rx.MustCompile(`(?:挪|搬|移|清|拖|收|拿)(?:走|开|掉|理|理一下|一下)[^，,。]{0,4}(?:就行|就好|就可以|就完了)`)
	// clearedByRE is someone named to clear it away: 让陈主任今天清走 (user
	// test 26's G36), 叫保洁马上搬走; a 师傅 named so is a repair.
	clearedByRE = rx.MustCompile(`(?:让|叫|找|请|派)[^，,。\s师]{1,4}?(?:今天|明天|马上|尽快|赶紧|赶快|下午|上午|晚上)?(?:清走|挪走|搬走|移走|拖走|拿走|运走|清掉|清理掉?|挪开|搬开|移开)`)
	// noWorkerRE is no repair needed: 不用修, 不需要修, 不用修 挪走就行.
	// 不用不用 (the sixteenth user test's guard) says it twice; 不用师傅修
	// (user test 17's 总务主任, F37) names who is not needed.
	noWorkerRE = rx.MustCompile(`^(?:不用|不需要|不要|无需|没必要|用不着)+(?:(?:找|叫|请)?(?:师傅|工人)(?:来)?)?(?:维?修|报修)?(?:的|吧|了)*(?:[\s，,。！!].*)?$`)
	// workerRE is a repair needed: 需要, 要修, 需要修.
	workerRE = rx.MustCompile(`^(?:需要|要|得)(?:维?修|报修|师傅来修|师傅)?(?:的|吧|啊|一下)*(?:[。！!]*$|[\s，,]+(?:叫|找|让|请|派)\S*(?:师傅|电工|木工|水工|水电工|来))`)
	// yesTwiceRE is a repair needed said twice, and maybe why: the
	// sixteenth user test's guard's 「要的要的 我又修不来」, 需要需要.
	yesTwiceRE = rx.MustCompile(`^(?:需要|要)的?[\s，,]*(?:需要|要)的?(?:[\s，,。！!～~]+(.*))?$`)
	// cannotMendRE is the finder saying he cannot mend it himself: 我又修
	// 不来, 我弄不了, 自己搞不定 — a worker is needed.
	cannotMendRE = rx.MustCompile(`^(?:我|我们|自己|我自己)?(?:又|也|可)?(?:修|弄|搞)不(?:来|了|好|定)(?:的|啊|呀|嘛|哦)*$`)
	// roomlessRE says the place has no room: 操场哪有房间号啊, 室外的.
	roomlessRE = rx.MustCompile(`(?:哪有|哪来的?|没有|没|不是)(?:什么)?(?:房间|门牌|教室)|室外|户外|露天`)
)

func levelButtons() []flows.Button {
	return []flows.Button{
		{Label: "一般", Data: string(LevelGeneral)},
		{Label: "较大", Data: string(LevelMajor)},
		{Label: "重大", Data: string(LevelSerious)},
		{Label: "紧急", Data: string(LevelUrgent)},
	}
}

const levelQuestion = "隐患等级是？\n1. 一般\n2. 较大\n3. 重大（立即报告分管领导和校长）\n4. 紧急（正危及安全，需马上处置，同样立即报告）"

// handleButtons are the answers to 需要维修师傅来修吗: a repair first, with
// the trade guessed; for a blocked passage, which someone clears and no
// worker repairs, 不需要维修 first.
func handleButtons(d *findingDraft) []flows.Button {
	fix := "需要维修（自动报修）"
	if d.Trade != "" {
		fix = "需要维修（自动报修：" + d.Trade.Label() + "）"
	}
	// The same order for every finding, so that 「1」 and 「2」 always mean
	// the same (the third user test was given 1 = 不需要 for a blocked
	// passage and 1 = 需要 for anything else); a blocked passage guesses
	// no trade.
	return []flows.Button{{Label: fix, Data: handleRepair}, {Label: "不需要维修（由负责人整改）", Data: handleSelf}}
}

// blockedPassage reports whether the finding is a fire-safety passage
// obstructed (repair.IsBlockedPassage): said so, or said of a check item
// about one (「停了好几辆电动车」 on 消防通道畅通、无车辆或杂物占用).
func (d *findingDraft) blockedPassage() bool {
	if repair.IsBlockedPassage(d.Desc) {
		return true
	}
	return d.Item != "" && repair.IsBlockedPassage(d.Item) && repair.IsBlockedPassage("消防通道"+d.Desc)
}

func tradeButtons() []flows.Button {
	out := make([]flows.Button, len(flows.Trades))
	for i, tr := range flows.Trades {
		out[i] = flows.Button{Label: tr.Label(), Data: string(tr)}
	}
	return out
}

// findingSteps read one answer into the draft; false means the answer did
// not do, and the step has said what is wanted instead.
var findingSteps = map[string]func(t *flows.Turn, d *findingDraft) (bool, error){
	stateFindDesc:   readDesc,
	stateFindPhoto:  readPhoto,
	stateFindPlace:  readPlace,
	stateFindRoom:   readRoom,
	stateFindLevel:  readLevel,
	stateFindHandle: readHandle,
	stateFindTrade:  readTrade,
}

func isFindingState(s string) bool { _, ok := findingSteps[s]; return ok }

// takePhoto keeps a photo sent with any answer.
func takePhoto(t *flows.Turn, d *findingDraft) {
	if img := t.Image(); img != "" {
		d.Photo, d.NoPhoto = img, false
	}
}

// describe fills the description (and, when it names one, the place).
func describe(t *flows.Turn, d *findingDraft, text string) error {
	// 那我直接说查到的问题 …: the words it is told in are no part of
	// the finding (user test 27's K47); how it is to be dealt with is
	// read from them all the same (saidWithFinding).
	d.Desc = flows.Clip(repair.TrimChatter(text), MaxDescription)
	if text == "" {
		return nil
	}
	if d.LocationID != 0 {
		// The item's own room said again (礼堂东侧安全出口指示灯不亮 on a
		// check of the 礼堂, user test 32): kept apart, as when guessed.
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return err
		}
		if g := repair.GuessRepair(text, locs); g.LocationID == d.LocationID && g.Description != "" && !placeCutRE.MatchString(g.Description) {
			d.Desc = flows.Clip(g.Description, MaxDescription)
		}
		return nil
	}
	if d.Place != "" {
		return nil
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	if place, ok := besidePlace(text, locs); ok {
		d.Place = place // 201隔壁有间教室灯没关: beside 201, not 201
		return nil
	}
	g := repair.GuessRepair(text, locs)
	if place, ok := floorSaid(text, locs, g.LocationID); ok {
		// 实验楼一楼窗户玻璃碎了: a floor of a building with no room
		// there (or none guessed) is the place as said, not another
		// floor's room.
		d.Place = place
		return nil
	}
	switch {
	case g.LocationID != 0:
		// The place is kept apart: 「实验楼二楼男厕所的灯不亮」 is 灯不亮 there.
		d.LocationID, d.Place = g.LocationID, flows.LocationLabel(locs, g.LocationID)
		if g.Description != "" && !placeCutRE.MatchString(g.Description) {
			d.Desc = flows.Clip(g.Description, MaxDescription)
		}
	case g.PlaceText != "" && len(g.LocationCandidates) == 0:
		d.Place = flows.Clip(g.PlaceText, 40) // 操场有积水: a place no room is, as said
	case len(g.LocationCandidates) == 0:
		if m := roomWordRE.FindStringSubmatch(text); m != nil {
			// 初一办公室有人用小太阳电暖器…: a room the table does not
			// name, as said (user test 26's G37 was asked 在哪里).
			d.Place = m[1]
		} else if m := numberedBuildingRE.FindStringSubmatch(text); m != nil {
			// 刚查宿舍 3号楼208有人用电暖器: a building the table does not
			// name, by its number, as said (user test 33's T9 was asked
			// 在哪里 after the photo).
			d.Place = m[1] + m[2] + m[3]
		} else if m := doorSpotRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			// 门口台阶结冰了 很滑: the door's steps, as said (user test
			// 28's N18 was asked 在哪里 after the photo).
			d.Place = m[1] + m[2]
		}
	}
	return nil
}

// roomWordRE is a room named by its use at the start of a finding's
// words: 初一办公室, 体育组办公室, 二楼会议室.
var roomWordRE = rx.MustCompile(`^(?:我们|他们|咱们)?((?:\p{Han}|[0-9]){1,6}?(?:办公室|会议室|教研室|值班室|阅览室|休息室|仓库|库房|配电室|锅炉房))`)

// numberedBuildingRE is a building named by its number, perhaps with
// a floor (3号楼一楼) or
// its use before it and a room after it: 宿舍 3号楼208, 5栋302, 男生宿舍二号楼.
// Its groups are the use, the building and the room.
var numberedBuildingRE = rx.MustCompile(`((?:男生|女生|学生|教师|教工)?宿舍(?:楼)?)?[\s的]*((?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:号宿舍楼|号楼|栋|幢|号公寓))(?:的)?(\d{3,4}(?:室|房间|寝室|宿舍)?|(?:\d{1,2}|[一二三四五六七八九十])(?:楼|层))?`)

// doorSpotRE is a spot by a door said at the start of a finding's words,
// which names no place of the table: 门口台阶, 后门口的地面, 大门口那块.
var doorSpotRE = rx.MustCompile(`^((?:[东南西北正侧后前大校]{1,2})?门口)(?:的)?(台阶|坡道|路面|地面|过道|通道|雨棚|地垫)?`)

// placeCutRE begins what is left of a finding's words when its place was
// cut from the middle of a word: 「大门口台阶结冰了」 at 校门 (alias 大门) left
// 「口台阶结冰了」 (user test 26's G12); the words are then kept whole.
var placeCutRE = rx.MustCompile(`^[口边旁]`)

// floorWordRE is a floor said after a building's name: 一楼, 3层.
var floorWordRE = rx.MustCompile(`^([一二三四五六七八九十]|[0-9]{1,2})(?:楼|层)`)

// floorSpotRE is a floor's common part said after the floor: 三楼消防通道,
// 二楼走廊, 一楼楼梯口 — a place of the floor that is no room.
var floorSpotRE = rx.MustCompile(`^的?((?:东|西|南|北)?(?:侧|头|边)?(?:消防通道|安全通道|安全出口|走廊|楼道|过道|楼梯口|楼梯间|楼梯|通道|平台|大厅|门厅))`)

// roomNamed reports whether text names the room id (0 for none) of locs
// by its name: 实验楼三楼物理实验室门口.
func roomNamed(text string, locs []flows.Location, id int64) bool {
	for _, l := range locs {
		if l.ID == id && id != 0 && l.Room != "" && strings.Contains(text, l.Room) {
			return true
		}
	}
	return false
}

// floorSaid is the place 「building + floor」 when text names a building
// of locs with a floor (实验楼一楼) and the guessed room (id, 0 for none)
// is not on that floor of it, or no room is guessed and the floor has
// none; false when no floor is said, the guess agrees, or a room of the
// floor is still to be asked.
func floorSaid(text string, locs []flows.Location, id int64) (string, bool) {
	for _, l := range locs {
		if l.Building == "" {
			continue
		}
		i := strings.Index(text, l.Building)
		if i < 0 {
			continue
		}
		m := floorWordRE.FindStringSubmatch(text[i+len(l.Building):])
		if m == nil {
			continue
		}
		n, ok := itemNumber(m[1])
		if !ok {
			continue
		}
		if sp := floorSpotRE.FindStringSubmatch(text[i+len(l.Building)+len(m[0]):]); sp != nil && !roomNamed(text, locs, id) {
			// 实验楼三楼消防通道: the floor's passage, not its one room
			// (user test 18's hazard was filed in 物理实验室, F61).
			return l.Building + m[0] + sp[1], true
		}
		for _, g := range locs {
			if g.Building == l.Building && g.Floor == strconv.Itoa(n) && (id == 0 || g.ID == id) {
				// 实验楼二楼男厕所: the guess is on the floor said; or no
				// guess and rooms on that floor: which one is asked.
				return "", false
			}
		}
		return l.Building + m[0], true
	}
	return "", false
}

// besideRoomRE is a room named only as the neighbour of the place: 201隔壁,
// 302旁边那间, 实验室对面. The sixteenth user test's guard said 「教学楼二楼
// 具体哪间记不得了 好像是201隔壁」 and the hazard was filed at 201, whose
// class teacher was then made responsible for another room's light.
var besideRoomRE = rx.MustCompile(`([A-Za-z]?[0-9]{3,4}|[\p{Han}]{1,6}?(?:室|教室|办公室|厕所|宿舍))(?:教室|房间|室)?的?(隔壁|旁边|对面|斜对面|附近|边上)`)

// besidePlace is the place as written when text names a room only as the
// neighbour of the place (besideRoomRE): the building and floor said with
// it, and 「201隔壁」, never the room itself; false when no neighbour is said.
func besidePlace(text string, locs []flows.Location) (string, bool) {
	m := besideRoomRE.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	near := m[1] + m[2]
	for _, l := range locs {
		if l.Building == "" {
			continue
		}
		i := strings.Index(text, l.Building)
		if i < 0 {
			continue
		}
		where := l.Building
		if f := floorWordRE.FindString(text[i+len(l.Building):]); f != "" {
			where += f
		}
		if strings.Contains(where, near) {
			break
		}
		return flows.Clip(where+" "+near, 40), true
	}
	return flows.Clip(near, 40), true
}

func readDesc(t *flows.Turn, d *findingDraft) (bool, error) {
	takePhoto(t, d)
	if t.Text == "" {
		return d.Photo != "", nil // a photo alone: ask for the words next
	}
	if err := describe(t, d, t.Text); err != nil {
		return false, err
	}
	if len(d.Next) == 0 {
		saidWithFinding(d, t.Text) // 一般隐患 不用修, told with the problem
	}
	return true, nil
}

func readPhoto(t *flows.Turn, d *findingDraft) (bool, error) {
	takePhoto(t, d)
	switch {
	case d.Photo != "":
		if t.Text != "" && !strings.Contains(d.Desc, t.Text) {
			d.Desc = flows.Clip(d.Desc+"；"+t.Text, MaxDescription)
		}
		return true, nil
	case flows.IsWord(t.Text, wordsNoPhoto):
		d.NoPhoto = true
		return true, nil
	case cannotPhotoRE.MatchString(t.Text):
		// 天黑了拍不清楚: a reason the photo cannot be taken, answered
		// before the next question, not passed over.
		d.NoPhoto = true
		t.Say("好的，拍不了没关系，没有照片也可以登记。")
		return true, nil
	case noPhotoSaidRE.MatchString(t.Text):
		// 没拍 车我已经让人挪走了: no photo, and what followed is kept
		// with the description (the person in charge reads it).
		d.NoPhoto = true
		// 无照片 我在开会 (user test 34's T3): why there is no photo is
		// neither the place nor any part of the problem.
		if rest := withoutBusy(noPhotoSaidRE.FindStringSubmatch(t.Text)[1]); rest != "" {
			// 没拍 就在教学楼西头楼梯口 (user test 27's K48, then asked
			// 在哪里？): the place, when it is one and none is known yet.
			if d.LocationID == 0 && d.Place == "" {
				if ok, err := placeAfterPhoto(t, d, rest); ok || err != nil {
					return ok, err
				}
			}
			d.Desc = flows.Clip(d.Desc+"；"+rest, MaxDescription)
		}
		return true, nil
	case strings.TrimSpace(t.Text) != "" && withoutBusy(t.Text) == "":
		// 我在开会 没空 (user test 34): no photo now, and why; not asked
		// for one again.
		d.NoPhoto = true
		t.Say("好的，没有照片也可以登记。")
		return true, nil
	case spotSaid(t.Text):
		// 灯已经关了 拍啥子嘛 这个算正常 (the sixteenth user test's guard,
		// asked twice for a photo): dealt with as found, there is nothing
		// left to photograph; it is recorded rectified on the spot.
		d.NoPhoto, d.Handle = true, handleSpot
		t.Say("好的，已经当场处理了，不用拍照，按「当场整改」登记。")
		return true, nil
	}
	if said := strings.TrimSpace(t.Text); utf8.RuneCountInString(said) >= 8 {
		// 还有一楼东头那个安全出口的牌子不亮了 黑的, typed while the photo
		// was asked (the re-type of user test 34, N4: it was asked for the
		// photo again, and the second finding was never recorded nor said
		// to be): told plainly that those words are not recorded yet.
		d.reask(fmt.Sprintf("「%s」这句还没有记下：现在这一项还在等照片。请先发照片或回复「无照片」，这一项登记完后，再把这句发一次。", flows.ClipWords(said, 20)))
		return false, nil
	}
	d.reask("请拍一张现场照片发过来；实在拍不了请回复「无照片」。")
	return false, nil
}

func readPlace(t *flows.Turn, d *findingDraft) (bool, error) {
	takePhoto(t, d)
	if t.Text == "" {
		d.reask("请用文字说一下地点，比如「教学楼302」或「操场东侧围墙」。")
		return false, nil
	}
	if repair.OnlyFiller(t.Text) {
		// 刚才说了的: the place was not found in what was said before
		// (it would not have been asked), and the grumble is no place.
		d.reask("抱歉，我没能从前面的话里认出地点。请直接说一下地点的名称，比如「教学楼302」或「操场东侧围墙」。")
		return false, nil
	}
	// 刚说了啊 实验楼一楼东头, 东门口嘛 刚才说了的: the place without the
	// words around it, which had been stored as part of it.
	t.Text = repair.PlaceWords(t.Text)
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	if placeKnown(d, t.Text, locs) {
		return true, nil
	}
	if _, err := strconv.Atoi(t.Text); err == nil || flows.IsWord(t.Text, notPlaces) || levelSaidRE.MatchString(t.Text) ||
		workerRE.MatchString(t.Text) || noWorkerRE.MatchString(t.Text) || isAllFine(t.Text) || othersFineRE.MatchString(t.Text) {
		// 「一般」 or 「不需要」: the answer to a question not asked yet;
		// 其他都正常, the round's (N6: it had become the hazard's place).
		d.reask("请说地点的名称，比如「教学楼302」或「操场东侧围墙」。")
		return false, nil
	}
	d.Place = flows.Clip(t.Text, 40)
	return true, nil
}

// placeKnown puts the place text names into d when the location table
// knows it (教学楼302, or 302门口 beside a room of it), and reports
// whether it did.
func placeKnown(d *findingDraft, text string, locs []flows.Location) bool {
	if place, ok := besidePlace(text, locs); ok {
		d.LocationID, d.Place = 0, place
		return true
	}
	if g := repair.GuessRepair(text, locs); g.LocationID != 0 {
		if place, ok := floorSaid(text, locs, g.LocationID); ok {
			// 实验楼一楼 asked 在哪里: the floor as said, not the
			// building's only known room, on another floor.
			d.LocationID, d.Place = 0, flows.Clip(place, 40)
			return true
		}
		if i := slices.IndexFunc(locs, func(l flows.Location) bool { return l.ID == g.LocationID }); i >= 0 && otherRoomSaid(text, locs[i]) {
			// 教学楼二楼教务处: an office the table lacks on the floor of
			// room 201, kept as said (user test 28: the hazard went to
			// 201's class teacher, the match never shown).
			d.LocationID, d.Place = 0, flows.Clip(strings.TrimSpace(text), 40)
			return true
		}
		d.LocationID, d.Place = g.LocationID, flows.LocationLabel(locs, g.LocationID)
		return true
	}
	return false
}

// placeAfterPhoto reads what follows no photo (没拍 就在教学楼西头楼梯口) as
// the finding's place when it is only a place: one the table knows, or
// one written out (教学楼西头楼梯口) that is only a place.
// It reports whether it did.
func placeAfterPhoto(t *flows.Turn, d *findingDraft, text string) (bool, error) {
	text = repair.PlaceWords(text)
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	g := repair.GuessRepair(text, locs)
	if !g.OnlyPlace && (g.Trade != "" || g.Item != "") {
		return false, nil // 没拍 灯管也碎了: more of the problem
	}
	if placeKnown(d, text, locs) {
		return true, nil
	}
	if g.PlaceText != "" && (g.OnlyPlace || g.Building != "") {
		d.Place = flows.Clip(text, 40)
		return true, nil
	}
	return false, nil
}

// floorSaidRE is a floor said anywhere: 二楼, 2层, 楼上.
var floorSaidRE = rx.MustCompile(`[一二三四五六七八九十\d]{1,2}\s*(?:楼|层)|楼上|楼下|底楼`)

// roomNounRE ends the name of a room of another kind than a location's:
// 教务处, 语文组办公室, 档案室, 财务科.
var roomNounRE = rx.MustCompile(`\p{Han}{1,8}(?:处|办公室|室|组|科|办|中心|仓库|库房)$`)

// otherRoomSaid reports whether text, matched to l, names a room of its own
// that l is not: what is left of it without l's building, room, aliases
// and a floor is the name of an office or room (教学楼二楼教务处 matched to
// 201, the only room of its floor the table has).
func otherRoomSaid(text string, l flows.Location) bool {
	rest := strings.TrimSpace(text)
	for _, w := range append([]string{l.Building, l.Room}, l.Aliases...) {
		if w != "" {
			rest = strings.ReplaceAll(rest, w, "")
		}
	}
	rest = floorSaidRE.ReplaceAllString(rest, "")
	rest = strings.Trim(rest, " 的在那个这")
	return roomNounRE.MatchString(rest)
}

// takeScanned puts a scanned room (扫码报修 code, see flows.PlaceTaker)
// into a finding's draft as its place, replacing a place said in words:
// the room was scanned where the finder stands.
func takeScanned(t *flows.Turn, d *findingDraft, l flows.Location) {
	d.LocationID, d.Place = l.ID, l.Label()
	t.Say("已扫码记下地点：" + l.Label() + "。")
}

// notPlaces are answers to the finding's other questions, never a place.
var notPlaces = []string{"一般", "较大", "重大", "紧急", "需要", "不需要", "需要维修", "不需要维修", "是", "否", "好", "好的", "没有", "无", "不知道"}

func readRoom(t *flows.Turn, d *findingDraft) (bool, error) {
	if flows.IsWord(t.Text, wordsNoRoom) || noWorkerRE.MatchString(t.Text) {
		d.Handle = handleSelf
		return true, nil
	}
	if roomlessRE.MatchString(t.Text) {
		// 操场哪有房间号啊: a place without a room is not repaired by a
		// work order; the person in charge sees to it.
		d.Handle = handleSelf
		t.Say(fmt.Sprintf("好的，「%s」没有房间号，这次就不报修了，由负责人安排整改。", d.Place))
		return true, nil
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	g := repair.GuessRepair(t.Text, locs)
	if _, other := floorSaid(t.Text, locs, g.LocationID); g.LocationID == 0 || other {
		// 实验楼一楼 when the building's only known room is upstairs:
		// no room of the table, not that one.
		d.reask(fmt.Sprintf("没有找到「%s」这个房间。请换个说法，比如门牌号「302」或「实验楼二楼男厕所」；不报修请回复「不报修」，由负责人整改。", flows.Clip(t.Text, 20)))
		return false, nil
	}
	d.LocationID = g.LocationID
	if d.Place == "" {
		d.Place = flows.LocationLabel(locs, g.LocationID)
	}
	return true, nil
}

func readLevel(t *flows.Turn, d *findingDraft) (bool, error) {
	data, ok := t.Pick(levelButtons())
	if m := levelSaidRE.FindStringSubmatch(t.Text); !ok && m != nil && t.Msg.Button == "" {
		data, ok = flows.MatchButton(levelButtons(), m[1], true)
	}
	if m := levelWhyRE.FindStringSubmatch(t.Text); !ok && m != nil && t.Msg.Button == "" {
		// The reason is the finder's own judgement, not the hazard's
		// description; but 不用修 or 挪走就行 answers the next question too.
		data, ok = flows.MatchButton(levelButtons(), m[1], true)
		if n, err := strconv.Atoi(m[1]); err == nil {
			data, ok = levelButtons()[n-1].Data, true
		}
		switch {
		case !ok || d.Handle != "":
		case spotSaid(m[2]):
			// 已经关好了，不用整改: rectified as found; what was done is
			// kept with the description for whoever re-checks it.
			d.Handle = handleSpot
			d.Desc = flows.Clip(d.Desc+"；"+m[2], MaxDescription)
		default:
			handleInWords(d, m[2])
		}
	}
	if !ok && t.Msg.Button == "" && urgentSaidRE.MatchString(t.Text) && !notAtOnceRE.MatchString(t.Text) {
		data, ok = string(LevelUrgent), true
		if d.Handle == "" {
			handleInWords(d, t.Text)
		}
		t.Say(fmt.Sprintf("好的，按「%s」隐患登记%s。", LevelUrgent.Label(), handleSaidBack(d)))
	}
	if l, said := levelInWords(t.Text); !ok && said && t.Msg.Button == "" {
		// 挺大的 算较大吧, 我也说不好 一般吧应该: one level named in a
		// sentence, not denied, is the level; it is said back. It comes
		// before 严重 and 危险, which only suggest one: 「挺严重的 还开着
		// 算紧急吧」 was taken as 重大 (user test 33, T10).
		data, ok = string(l), true
		if d.Handle == "" {
			handleInWords(d, t.Text)
		}
		t.Say(fmt.Sprintf("好的，按「%s」隐患登记%s。", l.Label(), handleSaidBack(d)))
	}
	for _, re := range []*rx.Regexp{dangerSaidRE, seriousSaidRE} {
		m := re.FindStringSubmatch(t.Text)
		if ok || m == nil || t.Msg.Button != "" {
			continue
		}
		// 挺严重的吧, 挺危险的: 严重 is what 重大 means on this scale (一般
		// and 较大 are the lesser ones), and a serious hazard
		// under-reported is worse than the leaders told of one too many;
		// 有点/比较严重 is 较大. The level taken is said, so the finder can
		// see it.
		data, ok = string(LevelSerious), true
		if m[1] != "" {
			data = string(LevelMajor)
		}
		if d.Handle == "" {
			handleInWords(d, t.Text)
		}
		t.Say(fmt.Sprintf("好的，按「%s」隐患登记%s。", Level(data).Label(), handleSaidBack(d)))
	}
	if !ok && d.Place != "" && (repair.PlaceWords(t.Text) == d.Place || repair.OnlyFiller(t.Text)) {
		// 东门口嘛 刚才说了的, told where though not asked (the place was
		// in the finding): it is known, and the level is still wanted.
		t.Say(fmt.Sprintf("好的，地点已经记下了：%s。", d.Place))
	}
	if !ok {
		d.reask("请回复 1 到 4 选择等级。\n"+strings.TrimPrefix(levelQuestion, "隐患等级是？\n"), levelButtons()...)
		return false, nil
	}
	if r := namedRectifier(t.Text); r != "" && d.Rectifier == "" && t.Msg.Button == "" {
		// 较大 明天之前必须清走 让吴老师他们搬 (user test 28): whom it is
		// left to, said with the level before the repair question; kept
		// for a hazard that needs no worker.
		d.Rectifier = r
	}
	if who, assigned := rectifierGiven(t.Text); assigned && d.Handle == "" && t.Msg.Button == "" {
		// 一般 交给陈主任整改 (user test 31, T32): left to him, no worker;
		// not asked 需要维修师傅来修吗.
		d.Handle, d.Rectifier = handleSelf, who
	}
	d.Level = Level(data)
	return true, nil
}

// levelWordRE is a level named anywhere in words, with what may deny it
// just before (不是, 不算, 没).
var levelWordRE = rx.MustCompile(`(不是|不算|算不上|没有?|不)?(一般|较大|重大|紧急)`)

// levelInWords returns the one level s names, when it names exactly one
// and denies none (不算重大 一般吧 names 一般 only; 不是一般 is no level).
func levelInWords(s string) (Level, bool) {
	var found Level
	for _, m := range levelWordRE.FindAllStringSubmatch(s, -1) {
		if m[1] != "" {
			return "", false
		}
		l := Level("")
		for _, b := range levelButtons() {
			if b.Label == m[2] {
				l = Level(b.Data)
			}
		}
		if found != "" && found != l {
			return "", false
		}
		found = l
	}
	return found, found != ""
}

// repairSaidRE is a repair asked for in a sentence: 得找人砌上, 扶手得修,
// 要叫电工来, 需要找师傅焊一下 (the fourteenth user test's guard and
// teacher were asked 「请回复 1 或 2」).
var repairSaidRE = rx.MustCompile(`(?:得|要|需要|必须|还得|只能)(?:找|叫|请|派)(?:个|人|\p{Han}?师傅|工人|电工|木工|水工|瓦工|泥瓦工|焊工)|(?:得|需要|必须|还得|只能)(?:维?修|报修|焊|砌|补)`)

// workerNamedRE is a worker named for the repair: 叫周师傅, 找王师傅来通一下.
var workerNamedRE = rx.MustCompile(`(?:叫|找|让|请|派)(\p{Han}师傅)`)

// handleInWords reads, in what was said with the level, whether a worker
// is needed: user test 16's guard said 「较大吧 消防通道不能堵的 我去叫司机
// 挪车 不用修」 and 「一般 但要找周师傅来通一下下水口」 and was asked 需要维修吗
// again. Each clause is read: one saying no repair (不用修, 挪走就行) or one
// asking for a worker (要找周师傅, 要找师傅来焊一下); both, or neither, leave
// the question to be asked.
func handleInWords(d *findingDraft, s string) {
	self, fix := false, false
	for _, c := range clauseSepRE.Split(s, -1) {
		c = strings.TrimPrefix(strings.TrimPrefix(c, "但"), "但是")
		switch {
		case c == "":
		case noWorkerRE.MatchString(c) || clearOnlyRE.MatchString(c) || clearedByRE.MatchString(c):
			self = true
		case repairSaidRE.MatchString(c) && !notDoneRE.MatchString(c), workerRE.MatchString(c):
			fix = true // 要找师傅来焊一下; 一般 要修 (a bare 要修 clause)
		}
	}
	switch {
	case self && !fix:
		d.Handle = handleSelf
		d.Rectifier = namedRectifier(s)
	case fix && !self:
		d.Handle = handleRepair
		d.Worker = namedWorker(s)
	}
}

// namedWorker is the worker named in s (叫周师傅), or "".
func namedWorker(s string) string {
	if m := workerNamedRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// handleSaidBack says back how the hazard is dealt with when it was said
// with its level, so the finder sees the question is answered.
func handleSaidBack(d *findingDraft) string {
	switch {
	case d.Handle == handleSelf:
		return "，不需要维修"
	case d.Handle == handleRepair && d.Worker != "":
		return "，请" + d.Worker + "来修"
	case d.Handle == handleRepair:
		return "，需要维修"
	}
	return ""
}

func readHandle(t *flows.Turn, d *findingDraft) (bool, error) {
	bs := handleButtons(d)
	data, words, ok := t.PickWords(bs)
	if ok && words != "" && d.CheckID != 0 && (slices.ContainsFunc(wordsProblem, func(w string) bool { return strings.Contains(words, w) }) || flows.IsWord(words, []string{"正常", "没问题"})) {
		// 2 有问题 in a round: its item's, not this question's (checkflow.go).
		data, words, ok = "", "", false
	}
	if ok && words != "" && !strings.Contains(d.Desc, words) {
		// 2 不用修 关掉就行: the words go with the hazard, for whoever
		// deals with it (user test 28's N23 was asked again).
		d.Desc = strings.TrimRight(d.Desc, "。.！! ") + "；" + words
	}
	r, named, err := namedRepair(t, d, t.Text)
	if err != nil {
		return false, err
	}
	switch {
	case ok || t.Msg.Button != "":
	case named:
		// 是 BX-20261120-001 那张: the repair open at the place named.
		data, ok = handleRepair, true
		d.Reported, d.LinkTried, d.Linked = true, true, r.ID
	case alreadyReportedRE.MatchString(t.Text) && !notReportedRE.MatchString(t.Text):
		// 已经有报修单了 别重复报: a repair, the one already open
		// (advanceFinding looks for it).
		data, ok = handleRepair, true
		d.Reported, d.LinkTried = true, false
	case spotSaid(t.Text):
		data, ok = handleSpot, true
	case len(d.Next) > 0 && handlesApart(t.Text, d) != "":
		data, ok = handlesApart(t.Text, d), true
		// Each was given to whom its own clause names (handlesApart).
		d.Handle = data
		if d.Rectifier == selfRectifier {
			d.Rectifier = t.Staff.Name
		}
		return true, nil
	case noWorkerRE.MatchString(t.Text) || clearOnlyRE.MatchString(t.Text) || flows.IsWord(t.Text, wordsNoRepair):
		data, ok = handleSelf, true
	case workerRE.MatchString(t.Text) || cannotMendRE.MatchString(t.Text):
		data, ok = handleRepair, true
	case yesTwice(t.Text):
		data, ok = handleRepair, true
	case repairSaidRE.MatchString(t.Text) && !notDoneRE.MatchString(t.Text):
		data, ok = handleRepair, true
	}
	if !ok {
		short := map[string]string{handleRepair: "需要维修", handleSelf: "不需要维修"}
		d.reask(fmt.Sprintf("请回复 1（%s）或 2（%s）。", short[bs[0].Data], short[bs[1].Data]), bs...)
		return false, nil
	}
	d.Handle = data
	switch data {
	case handleRepair:
		d.Worker = namedWorker(t.Text)
	case handleSelf:
		if r := namedRectifier(t.Text); r != "" {
			d.Rectifier = r // else whom the level's words named stays
		}
	}
	return true, nil
}

// rectifierNamedRE is someone named, by surname and title, to deal with a
// finding: as who acts (王师傅叫几个人搬走就行, 陈主任安排一下) or as whom
// it is left to (让陈主任今天清走, 交给赵老师处理, 让吴老师他们搬). Its group
// is the name.
var rectifierNamedRE = rx.MustCompile(`(?:^|[\s，,。；;]|让|叫|找|请|派|由|交给)(\p{Han}(?:师傅|老师|主任))(?:他们|她们)?(?:来|去|负责|安排|叫|让|找|喊|带|今天|明天|马上|尽快|下午|上午|搬|清|挪|收拾|处理)`)

// rectifierPlainRE is someone named by their plain name as whom a
// finding is left to (让老郑今天挪走, 交给钱阿姨处理, 叫门卫老郑去清一下):
// a staff member's name in the directory need not have a title. Its
// group is the words that may hold the name; rectifierOf finds whom.
var rectifierPlainRE = rx.MustCompile(`(?:让|叫|找|请|派|由|交给|安排)(\p{Han}{2,5}?)(?:来|去|负责|安排|今天|明天|马上|尽快|下午|上午|晚上|处理|整改|清|挪|搬|收|弄|搞|拿|拖|移)`)

// namedRectifier is the person s names to deal with a finding that needs
// no repair, or "" (不用师傅修 names nobody: 用师傅 is no one's name, and
// staffNamed finds none when the hazard is filed; nor is 几个人 in 叫几个人
// 搬走).
func namedRectifier(s string) string {
	if m := rectifierNamedRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	if m := rectifierPlainRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	// 不用维修 老郑负责 (user test 34's T4): the name before 负责.
	return ownerClause(s)
}

// yesTwice reports whether s is 要的要的 with, after it, nothing or a
// reason that denies no repair (要的要的 我又修不来; not 要的要的 不用修).
func yesTwice(s string) bool {
	m := yesTwiceRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return false
	}
	return m[1] == "" || cannotMendRE.MatchString(m[1]) || !notDoneRE.MatchString(m[1])
}

func readTrade(t *flows.Turn, d *findingDraft) (bool, error) {
	data, ok := t.Pick(tradeButtons())
	if !ok {
		d.reask("请回复数字选择维修类别：\n"+flows.Numbered(tradeButtons()), tradeButtons()...)
		return false, nil
	}
	d.Trade = flows.Trade(data)
	return true, nil
}

// advanceFinding asks for the first thing the draft still lacks and
// returns the state that waits for it, or files the hazard and returns it.
func advanceFinding(t *flows.Turn, d *findingDraft) (string, *Hazard, error) {
	if d.Trade == "" && d.Desc != "" && !d.blockedPassage() {
		// A blocked passage needs no trade: 消防通道 is not the plumber's.
		d.Trade = repair.GuessRepair(d.Desc, nil).Trade
	}
	switch {
	case d.Desc == "":
		q := "请简单说明发现的问题，比如「灭火器压力不足」「消防通道堆放杂物」，可以同时发照片。"
		if d.Photo != "" {
			q = "照片收到了。请再用一句话说明问题，比如「灭火器压力不足」。"
		}
		t.Say(q)
		return stateFindDesc, nil, nil
	case d.Photo == "" && !d.NoPhoto:
		t.Say("请拍一张现场照片发过来，方便整改和复查；实在拍不了请回复「无照片」。")
		return stateFindPhoto, nil, nil
	case d.LocationID == 0 && d.Place == "":
		t.Say("在哪里？请说一下地点，比如「教学楼302」「实验楼二楼男厕所」或「操场东侧围墙」。")
		return stateFindPlace, nil, nil
	case d.Level == "":
		t.Say(levelQuestion, levelButtons()...)
		return stateFindLevel, nil, nil
	}
	note, err := linkReported(t, d)
	if err != nil {
		return "", nil, err
	}
	switch {
	case d.Handle == "":
		bs := handleButtons(d)
		t.Say(note+"需要维修师傅来修吗？\n"+flows.Numbered(bs), bs...)
		return stateFindHandle, nil, nil
	case d.Handle == handleRepair && d.Trade == "":
		t.Say("属于哪一类维修？\n"+flows.Numbered(tradeButtons()), tradeButtons()...)
		return stateFindTrade, nil, nil
	case d.Handle == handleRepair && d.LocationID == 0 && d.Place == "":
		// Not asked any more (the place is asked before); a conversation
		// saved at this question still gets it.
		t.Say("维修单要派到具体的地点，请告诉我在哪里，比如「教学楼302」或「操场东侧围墙」；不报修请回复「不报修」，由负责人整改。")
		return stateFindRoom, nil, nil
	}
	if note := dueVagueNote(d); note != "" {
		t.Say(note)
	}
	h, err := fileHazard(t, d)
	return "", &h, err
}

// alreadyReportedRE says a fault is reported already, or being repaired:
// 已经报修了, 报过修了, 已经有报修单了, 别重复报, 已经在修了, 厂家在弄.
var alreadyReportedRE = rx.MustCompile(`(?:已经|已|早就?|之前|前面|刚才|刚刚?)(?:有人)?(?:报修|报了修|报过修?|提交?了?报修|报上去)|(?:已经|已)?有(?:了)?(?:报修单|维修单|报修|单子)|报修单(?:已经)?有了|报过(?:修)?了|报修过了|(?:别|不用|不要|不必)(?:再)?重复(?:报|提交)|(?:已经|正)在(?:修|维修|弄|处理)|(?:厂家|师傅|厂里|外包)(?:已经|正)?在(?:修|弄|处理|维修)`)

// notReportedRE denies a report: 还没报修, 没有报修单.
var notReportedRE = rx.MustCompile(`(?:还)?没(?:有)?(?:人)?(?:报修|报过|报修单)|没人报`)

// linkReported looks, once, for the open repair a finding said to be
// reported already is (d.Reported, or its words say so) and links the
// finding to it: the hazard is then rectified by that repair. When the
// finder said so answering 需要维修师傅来修吗 and there is none, the
// question is put again after the returned note, which says so.
func linkReported(t *flows.Turn, d *findingDraft) (string, error) {
	if d.LinkTried || d.Linked != 0 || d.Level == "" || d.Handle != "" && d.Handle != handleRepair {
		return "", nil
	}
	if !d.Reported && !(alreadyReportedRE.MatchString(d.Desc) && !notReportedRE.MatchString(d.Desc)) {
		return "", nil
	}
	d.LinkTried = true
	r, ok, several, err := reportedRepair(t, d)
	if err != nil || ok {
		if ok {
			d.Handle, d.Linked = handleRepair, r.ID
		}
		return "", err
	}
	if !d.Reported {
		return "", nil // only the words said so: asked as any finding
	}
	d.Handle = ""
	if len(several) > 1 {
		// Which of them it is, by its ref (readHandle reads it).
		var b strings.Builder
		fmt.Fprintf(&b, "%s有几张正在维修的报修单：", d.placeName(t))
		for i, r := range several {
			if i > 0 {
				b.WriteString("、")
			}
			fmt.Fprintf(&b, "%s「%s」", r.Ref, r.Description)
		}
		fmt.Fprintf(&b, "。是其中一张的话请回复它的单号，如「%s」；都不是的话：\n", several[0].Ref)
		return b.String(), nil
	}
	return "没有找到" + d.placeName(t) + "正在维修的报修单，可能报在别的地点或已经修完了。\n", nil
}

// repairRefRE is a repair's ref typed in words: BX-20261120-001.
var repairRefRE = rx.MustCompile(`(?i)BX-?[0-9]{8}-?[0-9]{3}`)

// namedRepair is the open repair at the finding's place whose ref text
// names (是 BX-20261120-001 那张), when there is one.
func namedRepair(t *flows.Turn, d *findingDraft, text string) (repair.Repair, bool, error) {
	ref := repairRefRE.FindString(text)
	if ref == "" || d.LocationID == 0 {
		return repair.Repair{}, false, nil
	}
	ref = strings.ReplaceAll(strings.ToUpper(ref), "-", "")
	rs, err := flows.StoreOf[repair.Store](t).OpenRepairsAt(t.Ctx, t.School.ID, d.LocationID)
	for _, r := range rs {
		if strings.ReplaceAll(r.Ref, "-", "") == ref {
			return r, true, err
		}
	}
	return repair.Repair{}, false, err
}

// placeName is the finding's place as told to the finder.
func (d *findingDraft) placeName(t *flows.Turn) string {
	if d.Place != "" {
		return d.Place
	}
	return "这里"
}

// reportedRepair is the open repair at the finding's place that is its
// fault: of its trade or sharing its words (监控 of 监控坏了 厂家在弄 and
// 监控摄像头坏了), the one such repair, or the one sharing the most words.
// A place outside the table gives none, and several repairs alike none
// but them, in several.
func reportedRepair(t *flows.Turn, d *findingDraft) (r repair.Repair, ok bool, several []repair.Repair, err error) {
	store := flows.StoreOf[repair.Store](t)
	locID, place := d.LocationID, ""
	if locID == 0 {
		// A place not in the table (操场东边): a repair reported there is
		// filed under the school's 「其他地点」 with the place as written
		// (user test 31, T50/T51: 「已经报过修了 就刚才那个单子」 was not
		// found, and a duplicate repair was filed for the same lamp).
		place = strings.TrimSpace(d.Place)
		if place == "" {
			return repair.Repair{}, false, nil, nil
		}
		other, err := store.OtherLocation(t.Ctx, t.School.ID, "")
		if err != nil {
			return repair.Repair{}, false, nil, err
		}
		locID = other.ID
	}
	rs, err := store.OpenRepairsAt(t.Ctx, t.School.ID, locID)
	if err != nil {
		return repair.Repair{}, false, nil, err
	}
	var fit []repair.Repair
	for _, r := range rs {
		if r.Status.Open() && samePlaceText(r.PlaceText, place) && (d.Trade != "" && r.Trade == d.Trade || sharedWords(d.Desc, r.Description) > 0) {
			fit = append(fit, r)
		}
	}
	if len(fit) == 1 {
		return fit[0], true, nil, nil
	}
	best, score, tie := -1, 0, false
	for i, r := range fit {
		switch n := sharedWords(d.Desc, r.Description); {
		case n > score:
			best, score, tie = i, n, false
		case n == score:
			tie = true
		}
	}
	if best < 0 || tie {
		return repair.Repair{}, false, fit, nil
	}
	return fit[best], true, nil, nil
}

// samePlaceText reports whether a repair's place as written (其他地点：
// 操场东边) is the finding's: both none (a place in the table), or the
// same words, one holding the other (操场东边, 操场东边路灯旁).
func samePlaceText(repairPlace, place string) bool {
	a, b := strings.TrimSpace(repairPlace), strings.TrimSpace(place)
	if a == "" || b == "" {
		return a == b
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// stepFinding reads the answer of a finding state and moves the draft on.
func stepFinding(t *flows.Turn, d *findingDraft, side sideReader) (string, *Hazard, error) {
	noteDue(t, d)
	if alreadyReportedRE.MatchString(t.Text) && !notReportedRE.MatchString(t.Text) {
		d.Reported = true // 一般 已经报修了: said with another answer
	}
	ok, err := readFinding(t, d, side)
	if err != nil || !ok {
		return t.State(), nil, err
	}
	return advanceFinding(t, d)
}

// fileHazard records the finding, finds who rectifies it (a linked
// repair's worker, the room's owner, or the 总务主任) and tells them, and
// the leaders at once when it is serious.
func fileHazard(t *flows.Turn, d *findingDraft) (Hazard, error) {
	rules, err := db(t).LevelRules(t.Ctx, t.School.ID)
	if err != nil {
		return Hazard{}, err
	}
	loc := t.School.Location()
	ref, err := db(t).NextHazardRef(t.Ctx, t.School.ID, t.Now.In(loc))
	if err != nil {
		return Hazard{}, err
	}
	h := Hazard{SchoolID: t.School.ID, Ref: ref, CheckID: d.CheckID, ItemSeq: d.Seq, LocationID: d.LocationID, Place: d.Place,
		Description: d.Desc, Photo: d.Photo, Level: d.Level, Status: HazardOpen, FinderID: t.Staff.ID, FinderName: t.Staff.Name,
		FoundAt: t.Now, DueAt: dueOf(t, rules.Due(t.School.Settings, loc, t.Now, d.Level), d), Item: d.Item}
	if d.CheckID != 0 {
		c, err := db(t).Check(t.Ctx, d.CheckID)
		if err != nil {
			return Hazard{}, err
		}
		h.PlanName = c.PlanName
	}
	note := "由" + t.Staff.Name + "发现"
	if d.Handle == handleRepair {
		f := repair.Filing{LocationID: d.LocationID, Trade: d.Trade, Item: d.Item, Into: d.Linked,
			Description: "隐患整改：" + d.Desc, Photo: d.Photo, Tier: repairTier(d.Level),
			LeadersTold: d.Level.Serious()} // alertLeaders tells them, with the repair
		w, err := workerOfName(t, d.Worker)
		if err != nil {
			return Hazard{}, err
		}
		f.WorkerID = w.ID
		if d.LocationID == 0 {
			// 围墙, 学校后门: a place not in the location table is repaired
			// under 其他地点 as written, as a repair reported by chat is.
			f.PlaceText = d.Place
		}
		r, existing, err := repair.File(t, f)
		if err != nil {
			return Hazard{}, err
		}
		h.RepairID, h.RepairRef, h.ResponsibleID, h.ResponsibleName = r.ID, r.Ref, r.WorkerID, r.WorkerName
		note += "，报修 " + r.Ref
		if existing {
			note += "（已有的报修单）"
			// The repair already open is the rectification: a later
			// deadline of it holds, not a sooner, contradictory one
			// (user test 29's R33: 今天 07:30 for a job approved till
			// 12月5日), unless the finder said one.
			h.RepairOpen = true
			if d.Due.IsZero() && r.DueAt.After(h.DueAt) {
				h.DueAt = r.DueAt
			}
		}
	} else if d.Handle == handleSpot {
		h.ResponsibleID, h.ResponsibleName = t.Staff.ID, t.Staff.Name
	} else if s, ok := rectifierOf(t, d); ok {
		h.ResponsibleID, h.ResponsibleName = s.ID, s.Name
	} else if err := chooseResponsible(t, &h); err != nil {
		return Hazard{}, err
	} else if d.Given && d.Rectifier != "" && d.Handle == handleSelf {
		// 纸箱子让宿管清掉 in a school with no one called so (user test
		// 33's T26): said, with how to give it to someone else.
		who := h.ResponsibleName
		if h.ResponsibleID == t.Staff.ID {
			who = "你"
		}
		t.Say(fmt.Sprintf("学校名单里没有找到「%s」，「%s」先由%s负责整改；要交给别人，说一声交给谁就行。", d.Rectifier, listDesc(d.Desc), who))
	}
	if err := db(t).CreateHazard(t.Ctx, &h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventFound, To: HazardOpen,
		Note: note}); err != nil {
		return Hazard{}, err
	}
	if d.Handle == handleSpot {
		// Rectified as found: recorded so, by the finder, and re-checked
		// by someone else (askRecheck: the 总务主任), as any rectification
		// the finder did himself.
		const spot = "发现人当场整改"
		h.Status, h.FixedAt, h.FixedBy, h.FixNote = HazardFixed, t.Now, t.Staff.ID, spot
		if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventFixed, From: HazardOpen, To: h.Status, Note: spot}); err != nil {
			return Hazard{}, err
		}
		if _, err := askRecheck(t, h, t.Staff.Name); err != nil {
			return Hazard{}, err
		}
	}
	// A linked repair's worker has the repair's job card, and its 完成
	// rectifies the hazard (hazardTick): one job, one set of reminders.
	if h.ResponsibleID != t.Staff.ID && h.RepairID == 0 {
		if err := t.Notify(flows.Notification{ToStaff: h.ResponsibleID, Kind: KindAssigned, Ref: hazardRef(h.ID),
			Text: hazardCard(t, h, "【隐患整改】") + fixHint(h), Buttons: fixButtons(h)}); err != nil {
			return Hazard{}, err
		}
	}
	if err := alertLeaders(t, h); err != nil {
		return Hazard{}, err
	}
	return h, nil
}

// workerOfName is the one active worker of the school called name (周师傅,
// or 周 of 周师傅 when the roster says 周建国), or none: a name that fits no
// worker, or several, leaves the repair to the route.
func workerOfName(t *flows.Turn, name string) (flows.Staff, error) {
	if name == "" {
		return flows.Staff{}, nil
	}
	ws, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleWorker)
	if err != nil {
		return flows.Staff{}, err
	}
	var hit []flows.Staff
	for _, w := range ws {
		if w.Active && (w.Name == name || strings.HasPrefix(w.Name, strings.TrimSuffix(name, "师傅"))) {
			hit = append(hit, w)
		}
	}
	if len(hit) != 1 {
		return flows.Staff{}, nil
	}
	return hit[0], nil
}

// rectifierOf is the one active staff member the finder named to deal
// with the finding (Rectifier), when there is one.
func rectifierOf(t *flows.Turn, d *findingDraft) (flows.Staff, bool) {
	if d.Rectifier == "" {
		return flows.Staff{}, false
	}
	// 门卫老郑: the name may come after what the person is; the longest
	// ending of the words that names one staff member is the one.
	for i := range d.Rectifier {
		if who := d.Rectifier[i:]; utf8.RuneCountInString(who) >= 2 {
			if s, ok := staffNamed(t, who); ok {
				return s, true
			}
		}
	}
	return flows.Staff{}, false
}

// repairTier is the tier of a hazard's repair: a 重大 or 紧急 hazard is
// reported to the leaders at once and rectified within hours, so its
// repair is urgent (the worker is told at once, day or night), never a
// 小修 that may wait until the next morning; a lesser one is a 小修.
func repairTier(l Level) repair.Tier {
	if l.Serious() {
		return repair.TierUrgent
	}
	return repair.TierSmall
}

// chooseResponsible gives a hazard that needs no worker to the room's
// owner, or else to the 总务主任 (or, in a school without one, to whoever
// found it).
func chooseResponsible(t *flows.Turn, h *Hazard) error {
	if h.LocationID != 0 {
		l, err := t.Tx.LocationByID(t.Ctx, h.LocationID)
		if err != nil {
			return err
		}
		if l.OwnerID != 0 {
			s, err := t.Tx.StaffByID(t.Ctx, l.OwnerID)
			if err != nil {
				return err
			}
			if s.Active {
				h.ResponsibleID, h.ResponsibleName = s.ID, s.Name
				return nil
			}
		}
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	if len(heads) == 0 {
		h.ResponsibleID, h.ResponsibleName = t.Staff.ID, t.Staff.Name
		return nil
	}
	h.ResponsibleID, h.ResponsibleName = heads[0].ID, heads[0].Name
	return nil
}

// alertLeaders tells the 分管领导 and the 校长 of a serious hazard at once,
// and the 总务主任 of any hazard above 一般 (not whoever is already told).
func alertLeaders(t *flows.Turn, h Hazard) error {
	var roles []flows.Role
	switch {
	case h.Level.Serious():
		roles = []flows.Role{flows.RoleLeader, flows.RolePrincipal, flows.RoleHead}
	case h.Level == LevelMajor:
		roles = []flows.Role{flows.RoleHead}
	default:
		return nil
	}
	title := fmt.Sprintf("【%s隐患·请关注】", h.Level.Label())
	if h.Level.Serious() {
		title = fmt.Sprintf("【%s隐患·请立即关注】", h.Level.Label())
	}
	told := map[int64]bool{t.Staff.ID: true, h.ResponsibleID: true}
	_, err := t.NotifyRolesExcept(roles, told, flows.Notification{Kind: KindAlert, Ref: hazardRef(h.ID), Text: hazardCard(t, h, title)})
	return err
}

// hazardRef names a hazard for notifications and group cards.
func hazardRef(id int64) string { return flows.Ref(RefKind, id) }

// hazardCard is a hazard as its responsible person and the leaders read it.
func hazardCard(t *flows.Turn, h Hazard, title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s（%s）\n地点：%s\n问题：%s\n", title, h.Ref, h.Level.Label(), h.Where(), h.Description)
	if h.PlanName != "" {
		fmt.Fprintf(&b, "来源：%s", h.PlanName)
		if h.ItemSeq > 0 {
			fmt.Fprintf(&b, " 第%d项", h.ItemSeq)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "发现人：%s（%s）\n", h.FinderName, t.When(h.FoundAt))
	if h.Photo != "" {
		b.WriteString("照片：已附\n")
	}
	fmt.Fprintf(&b, "整改责任人：%s\n整改期限：%s 前", h.ResponsibleName, t.When(h.DueAt))
	if h.RepairRef != "" {
		fmt.Fprintf(&b, "\n已报修：%s", h.RepairRef)
	}
	return b.String()
}

// fixHint says how to report the rectification.
func fixHint(h Hazard) string {
	return fmt.Sprintf("\n整改后请回复「整改完成 %d」并附一张整改后的照片。", Num(h))
}

func fixButtons(h Hazard) []flows.Button {
	return []flows.Button{{Label: "整改完成", Data: flows.Action{Prefix: ActorPrefix, Verb: string(VerbFix), ID: h.ID}.String()}}
}

func recheckButtons(h Hazard) []flows.Button {
	return []flows.Button{
		{Label: "复查通过", Data: flows.Action{Prefix: ActorPrefix, Verb: string(VerbPass), ID: h.ID}.String()},
		{Label: "复查不通过", Data: flows.Action{Prefix: ActorPrefix, Verb: string(VerbFail), ID: h.ID}.String()},
	}
}

// idText is an id as typed in a command: 整改完成 12.
func idText(id int64) string { return strconv.FormatInt(id, 10) }
