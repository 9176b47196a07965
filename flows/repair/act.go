package repair

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Prefix implements Actor.
func (RepairFlow) Prefix() string { return actorPrefix }

// typedVerbs are the words of the typed commands (接单 7) and their verbs.
var typedVerbs = map[string]verb{
	"接单": verbTake, "接": verbTake, "完成": verbDone, "修不好": verbBlock, "转派": verbXfer, "确认修好": verbOK,
	"修好了": verbOK, "没修好": verbRedo, "处理": verbLead, "改大修": verbReclass, "改小修": verbReclass,
	"改紧急": verbReclass, "不是同一个问题": verbSplit, "加入地点表": verbPlace, "说明": verbNote,
	"撤销": verbCancel, "撤销报修": verbCancel, "撤回": verbCancel,
	"催": verbNudge, "催一下": verbNudge, "催办": verbNudge, "留言": verbTell,
}

// typedArgs are the arguments a typed command's word carries: 改紧急 7 is
// 改紧急/大修/小修 with the tier chosen.
var typedArgs = map[string][]string{
	"改紧急": {string(TierUrgent)}, "改大修": {string(TierLarge)}, "改小修": {string(TierSmall)},
}

// typedWords are typedVerbs' words, for flows.ReadCommand.
var typedWords = slices.Collect(maps.Keys(typedVerbs))

// Typed implements Actor: 接单 1, 完成 1, 修不好 1, 转派 1, 修好了 1,
// 没修好 1, 处理 1 (a leader's decision), where 1 is the number people see:
// the sequence of the BX reference (BX-20261129-001 is 1), resolved
// against the writer's repairs by flows.ChooseItem; the full reference
// (接单 BX-20261129-001) always works. Without a number the command acts on
// the writer's only repair it fits, or lists those it fits; when it fits
// none, the text is left for the flows to read (「修好了」 may be news).
func (RepairFlow) Typed(t *flows.Turn, text string) (string, bool) {
	if unrushAtReadBack(t, text) {
		return "", false // 改小修 of the draft made urgent by her 急 (rush.go)
	}
	data, ok := typed(t, text)
	if ok && data != "" && t.Flow() == followUpName && t.State() == string(stateActPick) {
		t.Done() // 接单 4 typed while asked which: the question is answered
	}
	return data, ok
}

// typed is Typed without regard to a pending askWhich.
func typed(t *flows.Turn, text string) (string, bool) {
	if data, ok := scanTyped(text); ok { // 扫码报修, see scan.go
		return data, true
	}
	if data, ok := notSameSaid(t, text); ok {
		return data, true // 不是一回事哦 我说的是讲台上面那根一直在闪 (notsame.go)
	}
	if data, ok := undoXferSaid(t, strings.ToLower(parse.Normalize(strings.TrimSpace(text))), true); ok {
		return data, true // 不对不对 我没说给王师傅 撤回 (handover.go)
	}
	if data, ok := undoDoneSaid(t, text); ok {
		return data, true // 哎呀点错了…撤回撤回, 撤回 (undo.go)
	}
	if data, ok := retakeSaid(t, text); ok {
		return data, true // 搞错了 我接的是今天301日光灯那个 不是303的 (retake.go)
	}
	if data, ok := undoRedoSaid(t, text); ok {
		return data, true // 撤销, 点错了, right after her 没修好 (undo.go)
	}
	if data, ok := reporterAsked(t, text); ok {
		return data, true // 是哪个师傅来修, 师傅电话多少, a photo right after her report (reporter.go)
	}
	if data, ok := noteReplySaid(t, text); ok {
		return data, true // 好的，谢谢师傅; 明天下午几点来？ right after his 说明 (notereply.go)
	}
	if data, ok := dupSaid(t, text); ok {
		return data, true // 2和3是同一个暖气片 两个老师报重了 都接了 (dupsaid.go)
	}
	if data, ok := takeLeaveSaid(t, text); ok {
		return data, true // 暖气那个我接了 305的 得先去库房领个阀门 厕所那个一会儿去 (takeleave.go)
	}
	if heldTakeSaid(t, text) {
		return "", true // 窗户和门牌都接了, both his already (heldtake.go)
	}
	if data, ok := takeMany(t, text); ok {
		return data, true // 接单 3 6, 两个都接
	}
	if data, ok := takeThingsSaid(t, text); ok {
		return data, true // 课桌我去紧一下 窗户也接了
	}
	if data, ok := takeWordsSaid(t, text); ok {
		return data, true // 303那两个灯的活我都接了 马上过去 (taking.go)
	}
	if done, err := numbersDoneSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 三楼是跳闸了 … 4号5号都好了, 完成4 完成5 (numsdone.go)
	}
	if data, ok := placeAddSaid(t, text); ok {
		return data, true // 篮球场那个地点加到地点表里吧 (placeadd.go)
	}
	if done, err := placeManySaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 301 305 试卷保密室 这几个都加到地点表里 (placemany.go)
	}
	if placesWaitingSaid(t, text) {
		return "", true // 待补地点: every written place waiting for the table (placeadd.go)
	}
	if t.Idle() {
		if data, ok := signedAgainSaid(t, text); ok {
			return data, true // 配电箱修好了 3分, said again once signed off (signedagain.go)
		}
		if againSaid(t, text) {
			return "", true // 跳过, 刚说了 锁有点涩 after the rating was closed (signedagain.go)
		}
		if commentAfterSaid(t, text) {
			return "", true // 就是来得有点晚, after a sign-off that asked nothing (remark.go)
		}
	}
	if cannotCheckSaid(t, text) {
		return "", true // 男厕所那个我咋个去看嘛: she need not (signoff.go)
	}
	if data, ok := nearFaultSaid(t, text); ok {
		return data, true // 桌子换了张新的 行 旁边那张也有点松 (nearfault.go)
	}
	if data, ok := signOffSaid(t, text); ok {
		return data, true // 门和凳子都好了 谢谢王师傅, 修好了 1 2
	}
	if data, ok := autoSignedSaid(t, text); ok {
		return data, true // 插座也好了 5分, of one signed off by itself (autosigned.go)
	}
	if earlySignOffSaid(t, text) {
		return "", true // 302的钟好了, before its worker recorded it done (signoff.go)
	}
	if data, ok := earlyRatingSaid(t, text); ok {
		return data, true // 5分, 给师傅五星好评 outside the rating question (earlyrate.go)
	}
	if done, err := approveNamedSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 303的钟和灯都批了 买吧 三天内弄好 (approvemany.go)
	}
	if done, err := fixedNamedSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 302投影仪那个 吴老师说其实修好了 不用外修 (fixedback.go)
	}
	if done, err := reclassPlaceSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 礼堂那边的活都改成紧急 两点家长会就开始了 (reclassmany.go)
	}
	if done, err := prioritySaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 201 301 302这几个考场的报修优先 八点前必须弄好 (priority.go)
	}
	if done, err := dueOrderSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 302的灯下午三点前必须修好 (dueorder.go)
	}
	if done, err := tierPlaceAsked(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时查不到，请稍后再试。")
		}
		return "", true // 礼堂那边的活都改成紧急了吗 (reclassmany.go)
	}
	if leaderAsks(t, text) {
		return "", true // 孙师傅手上有哪些活, 有超时的报修吗 (leaders.go)
	}
	if othersOpenAsked(t, text) {
		return "", true // a teacher's 我是问全校 还有哪些没修好的 (leaders.go)
	}
	if handedOnSaid(t, text) {
		return "", true // 那漏水那个呢？转了没有: already with 陈主任 (handover.go)
	}
	if data, ok := offSickSaid(t, text); ok {
		return data, true // 发烧了在医院输液…手上的活儿能不能先让别人干 (handover.go)
	}
	if data, ok := awaySaid(t, text); ok {
		return data, true // 我今天病了，请个假; 我回来了 (away.go)
	}
	if outsideSaid(t, text) {
		return "", true // 外包, once his 修不好 is with the leaders (outside.go)
	}
	if data, ok := goingHeldSaid(t, text); ok {
		return data, true // 插座的我去了, of his job waiting, held or done (goingheld.go)
	}
	if askFirstSaid(t, text) {
		return "", true // 等我问问, 我问问再说: a pause, acknowledged (askfirst.go)
	}
	if done, err := misfiledDeferSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 搞错了 不是图书馆 是302那个要延 (misfiled.go)
	}
	if done, err := mixedDoneBlockedSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 302投影仪也调好了 … 图书馆那个投影仪修不好 得找厂家来修 (mixeddone.go)
	}
	if done, err := reasonAfterSaid(t, text); done || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 灯泡换了还是不亮 主板可能坏了 得厂家来, right after his 修不好 (reasonafter.go)
	}
	c, ok := flows.ReadCommand(text, typedWords)
	natural, partly, narrow := false, false, false
	redoNumbered := false // 没修好 N said with more words
	approval := false     // an approval said in words (批准采购 三天)
	var xferTo []string   // 转给孙师傅: the worker named, and the trade said
	var extra []string    // 申请延期: the verb's argument, read from the words
	if !ok {
		if m := trailingCommandRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			c, ok = flows.ReadCommand(m[1], typedWords) // 没带手机拍 完成 11
		}
	}
	if !ok {
		if m := blockNumRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			// 修不好 6 灯管没货了得等采购: job 6, the words its reason.
			n, _ := strconv.Atoi(m[1])
			c, ok = flows.Command{Word: "修不好", Num: n}, true
		}
	}
	if !ok {
		if m := takeNumRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil && t.Staff.Has(flows.RoleWorker) {
			// 接单 2 我四十分钟后到 让人先关总阀: job 2 taken, the words
			// passed to the reporter (takeRemark).
			n, _ := strconv.Atoi(m[1])
			c, ok = flows.Command{Word: "接单", Num: n}, true
		}
	}
	if !ok {
		if m := doneNumRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			// [图片] 完成 5 加了斜撑 稳当了: job 5, the words what was done.
			n, _ := strconv.Atoi(m[1])
			c, ok = flows.Command{Word: "完成", Num: n}, true
		}
	}
	if !ok && t.Staff.Has(flows.RoleWorker) && t.Idle() && doneNamedRE.MatchString(strings.TrimSpace(text)) {
		// [图片] 完成 操场那个: 完成 of the job the words name (user test
		// 16's F79, not understood and the photo thrown away).
		c, ok, natural, narrow = flows.Command{Word: "完成"}, true, true, true
	}
	if !ok && t.Staff.Has(flows.RoleWorker) && t.Idle() {
		// 完成 广播, 接单 灯: the job named by its thing or place as a
		// command's argument, where a number would be; with three 广播
		// jobs they are listed, numbered, to choose from (it had been not
		// understood, and only the full reference did).
		if m := cmdNamedRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil && namesAny(t, m[2]) {
			c, ok, natural, narrow = flows.Command{Word: m[1]}, true, true, true
		} else if m := doneNamedAfterRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil && namesAny(t, m[1]) {
			// 应急灯那单完成 (user test 34's T28, not understood): the word
			// for the job first, then 完成 (numsdone.go).
			c, ok, natural, narrow = flows.Command{Word: "完成"}, true, true, true
		}
	}
	if !ok {
		if m := xferNumRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			// 转派 7 给周师傅: job 7, to him.
			n, _ := strconv.Atoi(m[1])
			c, ok = flows.Command{Word: "转派", Num: n}, true
			xferTo = []string{m[2], ""}
		}
	}
	if !ok {
		if m := xferNumAloneRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil && t.Staff.Has(flows.RoleWorker) {
			// 1号单子也转派，我这两天都来不了: 转派 of job 1, whom to asked
			// (user test 16's F6 was asked 新情况 or 新的报修).
			n, _ := strconv.Atoi(m[1])
			c, ok = flows.Command{Word: "转派", Num: n}, true
		}
	}
	if !ok {
		c, ok = readNoteCommand(text) // 说明 6 明天再来修
	}
	if !ok {
		c, ok = readTellCommand(text) // 留言 6 不急
	}
	if !ok {
		// 收到, 好的 马上去: a worker taking a new job in their own words;
		// 修好了，谢谢师傅: a reporter signing a repair off. Each is taken
		// only while such a repair awaits them.
		switch {
		case !t.Idle():
			return "", false
		case t.Staff.Has(flows.RoleWorker) && workerDoneRE.MatchString(strings.TrimSpace(text)):
			c, natural = flows.Command{Word: "完成"}, true // 4号好了 信号线松了
		case t.Staff.Has(flows.RoleWorker) && doneLeadRE.MatchString(strings.TrimSpace(text)):
			// 好了 就是主机电源插头被踢掉了: his job done, then what it was.
			c, natural = flows.Command{Word: "完成"}, true
		case t.Staff.Has(flows.RoleWorker) && reclassSaidRE.MatchString(text):
			// 两点前肯定装不上，玻璃要去外面配，这单改成大修吧: 改大修 of
			// the job, the rest its reason (askReclassWhy).
			c, natural, narrow = flows.Command{Word: "改" + reclassSaidRE.FindStringSubmatch(text)[1]}, true, true
		case t.Staff.Has(flows.RoleWorker) && deferAskRE.MatchString(text):
			// 今天肯定弄不完 能不能延到明天下午: a later deadline is the
			// leaders' to give, so it goes to them as 修不好 does.
			c, natural, narrow = flows.Command{Word: "修不好"}, true, true
			extra = []string{deferAsked}
		case t.Staff.Has(flows.RoleWorker) && workerTakeSaidRE.MatchString(strings.TrimSpace(text)) && !remarkReports(text, t.Staff.Roles) && !remarkRefuses(text) && !notHisRE.MatchString(text):
			c, natural, narrow = flows.Command{Word: "接单"}, true, true // 图书馆空调那个我接了
		case t.Staff.Has(flows.RoleWorker) && workerTakes(text):
			c, natural = flows.Command{Word: "接单"}, true
		case t.Staff.Has(flows.RoleWorker) && ackSaysFirst(text):
			c, natural = flows.Command{Word: "接单"}, true // 收到收到 马上过去，先把总闸拉了
		case t.Staff.Has(flows.RoleWorker) && takeSaidLast(text):
			c, natural = flows.Command{Word: "接单"}, true // 收到 王师傅病了是吧 这个我去看看 接了
		case noticeTakeSaid(t, text):
			c, natural, narrow = flows.Command{Word: "接单"}, true, true // 又咋了 我看看, under a 【返修】 notice
		case t.Staff.Has(flows.RoleWorker) && takeNamedLast(t, text):
			c, natural, narrow = flows.Command{Word: "接单"}, true, true // 不是 我说的是三楼女厕蹲坑那个 接单
		case t.Staff.Has(flows.RoleWorker) && xferSaidRE.MatchString(text):
			// 2号那个插座不归我管啊，是电工的活，转给孙师傅: 转派 to him.
			c, natural, narrow = flows.Command{Word: "转派"}, true, true
			xferTo = []string{xferSaidName(text), string(tradeSaid(text))}
			if strings.HasSuffix(xferTo[0], "主任") {
				xferTo = []string{giveBack, ""} // 还给陈主任: he routes it again
			}
		case t.Staff.Has(flows.RoleWorker) && doneBesideNotMine(text):
			// 宿舍二楼的插线板都收了 换了墙插 纸箱子和灭火器那不归我管啊
			// (user test 33's T39, handed on whole with his photo lost):
			// his part done; what is not his is no job of his to hand on.
			c, natural = flows.Command{Word: "完成"}, true
		case t.Staff.Has(flows.RoleWorker) && (giveBackRE.MatchString(text) || cannotGo(text)):
			// 空调我不会修啊 这不是我的活 退回去: 转派 back to the 总务主任,
			// who routes it again.
			c, natural, narrow = flows.Command{Word: "转派"}, true, true
			xferTo = []string{giveBack, string(refusedTrade(text, t.Staff))}
		case t.Staff.Has(flows.RoleWorker) && blockReasonRE.MatchString(text) && !blockedWords.MatchString(text):
			// 303那个灯 灯管没货了得等采购: 修不好 for the job the words
			// name, the words its reason.
			c, natural, narrow = flows.Command{Word: "修不好"}, true, true
		case t.Staff.Has(flows.RoleWorker) && blockedWords.MatchString(text) && waitsOnLeaders(t, text):
			// 老电波钟收不到信号 … 建议换新的, of the clock waiting for the
			// leaders already (user test 27's K24, not understood): more of
			// why, for them (addToBlock).
			c, natural = flows.Command{Word: "说明"}, true
		case t.Staff.Has(flows.RoleWorker) && blockedWords.MatchString(text):
			c, natural, narrow = flows.Command{Word: "修不好"}, true, true // 这个修不了，得换新的; 图书馆那台投影…: that one
		case takesBackRedo(text):
			// 是修好了 我点错了: a 没修好 taken back (undo.go).
			c, natural = flows.Command{Word: takeBackWord}, true
		case signsOff(text):
			c, natural, narrow = flows.Command{Word: "修好了"}, true, true // 水龙头也不滴了: that one
		case notFixedRE.MatchString(withoutServiceRemarks(text)):
			// 还是不亮 (第一次没弄好 said with 这回可以了 is no 没修好);
			// 饮水机还是在滴水: that one, of several awaiting her (the
			// fifteenth user test's was asked which of three).
			c, natural, narrow = flows.Command{Word: "没修好"}, true, true
			if m := notFixedNumRE.FindStringSubmatch(text); m != nil {
				// 没修好 1 还有点味道: the number names the repair (it had
				// been dropped, and 催 sent about another job).
				c.Num, _ = strconv.Atoi(m[1])
				redoNumbered = true
			}
		case rejectsDone(t, text):
			// 钟是走了 但是慢了五六分钟 这不行啊, under the clock's 请验收
			// (user test 27's K21 had begun a new report): 没修好 of it.
			c, natural, narrow = flows.Command{Word: "没修好"}, true, true
		case partlyFixedRE.MatchString(withoutServiceRemarks(text)):
			// 投影是能亮了，就是画面有点发黄: fixed or not is theirs to say.
			c, natural, partly, narrow = flows.Command{Word: "修好了"}, true, true, true
		case t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && leaderReclassTier(text) != "":
			// 保密室门锁那个单子改成紧急, 7号单改紧急, 307玻璃那个不算紧急
			// 明天修就行 (user test 31's T9, T10, T40, not understood): the
			// tier change of the job the words name.
			c, natural, narrow = flows.Command{Word: "改" + leaderReclassTier(text)}, true, true
			if m := reclassNumSaidRE.FindStringSubmatch(text); m != nil {
				c.Num, _ = strconv.Atoi(m[1]) // 改小修 1 先不急: job 1
			}
		case t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && approvalSaid(text):
			// 同意采购; 扶手那个同意找外面焊 三天内弄好; 饮水机加热管同意买:
			// the repair the words name, when they name one.
			c, natural, narrow = flows.Command{Word: "处理"}, true, true
			approval = true
		case t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && refuseSaid(text):
			// 不批 自己想办法: the job awaiting a decision, back to its
			// worker (refuse.go).
			c, natural, narrow = flows.Command{Word: "处理"}, true, true
			approval = true
		case t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && defersThing(text):
			// 投影仪那个先缓缓 等下学期统一换新的: 暂缓 for the job named.
			c, natural, narrow = flows.Command{Word: "处理"}, true, true
		case t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && whoGoesRE.MatchString(text) && reassignSaid(text) == "":
			// 王师傅请假了 围墙那个紧急的谁去弄: whom to, asked (leadsend.go).
			c, natural, narrow = flows.Command{Word: "处理"}, true, true
			extra = []string{askWhoArg}
		case t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && reassignSaid(text) != "" && !orderDoneRE.MatchString(text) && !newJobLet(t, text):
			c, natural, narrow = flows.Command{Word: "处理"}, true, true // 4号转给王师傅吧, 图书馆二楼空调那单改派给王师傅
		case nudgeSaidRE.MatchString(text):
			// 4号催一下周师傅; 催催他 明天考场后门得锁上啊 (user test 17's F4
			// asked which of four): the repair the words name, if they do.
			c, natural, narrow = flows.Command{Word: "催"}, true, true
		case nudgeOfThingRE.MatchString(text) && !t.Staff.Has(flows.RoleWorker):
			// 饮水机漏水那个帮我催下周师傅 (user test 17's F19 had started
			// a new report): 催 the repair its words name.
			c, natural, narrow = flows.Command{Word: "催"}, true, true
		case (reporterTellsRE.MatchString(text) || reporterAddsRE.MatchString(strings.TrimSpace(text))) && !t.Staff.Has(flows.RoleWorker) && intentOf(text, Sender{Roles: t.Staff.Roles}) != IntentReport:
			c, natural = flows.Command{Word: "留言"}, true // 201门那个不急 明天白天修就行; 补充一下 是靠窗那排的灯 (reporter.go)
		case noCheckRE.MatchString(text) && !t.Staff.Has(flows.RoleWorker):
			// 椅子那个不用验了 本来就是我自己修的: signed off, no score
			// asked (selfsigned.go).
			c, natural = flows.Command{Word: "修好了"}, true
			extra = []string{noRateArg}
		case withdrawRE.MatchString(text):
			c, natural = flows.Command{Word: "撤销"}, true // 303饮水机不用修了
		case t.Staff.Has(flows.RoleWorker) && doneClickRE.MatchString(strings.TrimSpace(text)):
			// 好吧 那我再点一下完成, 她点错了是吧 那就算完成 (user test 17's
			// F15/F22, under a 【更正】 card): 完成.
			c, natural = flows.Command{Word: "完成"}, true
		case t.Staff.Has(flows.RoleWorker) && causeTellsDoneRE.MatchString(text) && !partNotDoneRE.MatchString(text) && !blockedWords.MatchString(text):
			// 电暖器那个是自然坏的 用久了 (user test 30's T19, passed on as a
			// note): the cause of a job, told as its completion's is.
			c, natural, narrow = flows.Command{Word: "完成"}, true, true
		case t.Staff.Has(flows.RoleWorker) && tellReporterRE.MatchString(strings.TrimSpace(text)) && !saysDone(text):
			c, natural = flows.Command{Word: "说明"}, true // 跟赵老师说一声 总阀在一楼楼梯底下
		case t.Staff.Has(flows.RoleWorker) && workerNotes(text) && !saysDone(text) && intentOf(text, Sender{Roles: t.Staff.Roles}) != IntentDone:
			// (拧紧了 肥皂水试过不漏了 is no note but the job done: the
			// flows read it.)
			c, natural = flows.Command{Word: "说明"}, true // 明天再来修，今天没带梯子
		default:
			return "", false
		}
	}
	if natural && c.Num == 0 {
		// 2号单今天肯定修不好: the number the person was shown.
		if m := progressNumRE.FindStringSubmatchIndex(text); m != nil {
			if next, _ := utf8.DecodeRuneInString(text[m[1]:]); !strings.ContainsRune("楼栋房室院馆门窗床柜", next) {
				c.Num, _ = strconv.Atoi(text[m[2]:m[3]])
			}
		}
	}
	v := typedVerbs[c.Word]
	if c.Word == takeBackWord {
		v = verbUnredo // said only, never a typed command
	}
	args := typedArgs[c.Word]
	if xferTo != nil {
		args = xferTo
	}
	if extra != nil {
		args = extra
	}
	rs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到你的报修，请稍后再试。")
		return "", true
	}
	items := make([]flows.Item, len(rs))
	for i, r := range rs {
		items[i] = flows.Item{ID: r.ID, Ref: r.Ref, Line: fmt.Sprintf("%s「%s」%s", r.Place(), jobWords(r, 20), r.Status.Label()),
			Ready: mayAct(t, r, v) == "", Data: action(v, r.ID, args...)}
	}
	if v == verbDone {
		// A 修不好 of his own he may take back by 完成 (unblock.go), but
		// 完成 2 is first of an open job numbered 2, as its card showed.
		for i, r := range rs {
			if r.Status == RepairBlocked && items[i].Ready && slices.ContainsFunc(rs, func(o Repair) bool {
				return o.ID != r.ID && Num(o) == Num(r) && o.Status != RepairBlocked && mayAct(t, o, v) == ""
			}) {
				items[i].Ready = false
			}
		}
	}
	if v == verbNote && natural {
		return noteTarget(t, rs, items)
	}
	if (v == verbCancel || v == verbTell) && natural || narrow {
		about := text
		var going []string
		if v == verbXfer || v == verbBlock {
			// 我在303饮水机这 化学实验室燃气的我去不了: where he is is not
			// the job he hands on; nor is 燃气那个我过去了, the job he
			// goes to, said beside 饮水机的不是我的活.
			about, going = withoutGoing(t, withoutWhereAt(text))
		}
		if v == verbBlock {
			if len(going) > 0 && !slices.ContainsFunc(going, func(c string) bool { return !lookedRE.MatchString(c) }) {
				// 篮球场围墙那个我去看了，裂得太凶了…我一个人搞不定: the job
				// he went to look at is the one he cannot do.
				about, going = withoutWhereAt(text), nil
			}
			about = blockedJobWords(about) // 这个我弄不了，墙里头的线都烧化了: not a 墙 job
			if pointsAtJobRE.MatchString(about) {
				thisJob(t, rs, items) // 这个, right after he took one: that one
			}
			takenOfPlace(t, about, rs, items) // 就303漏水那单，修不好: the 303 leak he took
			if natural && c.Num == 0 {
				if r, ok := namedWithLeaders(t, about, rs, items); ok {
					// 图书馆那个暖气管子得等天暖和了才能焊 现在弄不了, of
					// the library job already with the leaders: more of
					// why, on that job, not a 修不好 of another (user test
					// 33's T20 was asked the reason for 301).
					return action(verbNote, r.ID), true // addToBlock, by 说明's path
				}
			}
		}
		if v == verbLead && natural {
			if why := decidedElsewhere(t, text, rs, items); why != "" {
				t.Say(why) // 303饮水机那单我批了, decided already: not the others listed
				return "", true
			}
			narrowDecision(t, text, rs, items) // 302的阀门同意买: the 302 job its worker needs a valve for
		}
		if (v == verbTake || v == verbLead && slices.Contains(args, askWhoArg)) && natural && slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) &&
			intentOf(about, Sender{Roles: t.Staff.Roles}) != IntentReport && namesNoneOpen(t, v, about, rs) {
			return "", true // 围墙的我去了, with no job of the wall
		}
		blocked, also := false, []string(nil)
		if v == verbBlock && natural {
			blocked, also = blockedOfThing(t, about, rs, items)
			args = append(slices.Clip(args), also...)
		}
		if blocked {
			// 暖气我看了 不是管子的问题 … 我这修不了: the 暖气 jobs, not the
			// pipe (blockmany.go).
		} else if v == verbTake && natural {
			if narrowTaking(t, about, rs, items) { // 蹲坑那个我现在去 水龙头和饮水机下午弄: the 蹲坑 one
				return "", true // taken already
			}
		} else {
			narrowByText(t, about, rs, items) // 303饮水机不用修了, 图书馆空调那个我接了: that one
		}
		if len(going) > 0 {
			if id := keepGoing(t, going, rs, items); id != 0 {
				args = append(slices.Clip(args), takeFirst+strconv.FormatInt(id, 10))
				for i := range items {
					items[i].Data = action(v, rs[i].ID, args...)
				}
			}
		}
		if v == verbBlock && c.Num == 0 {
			// 对 延到明天吧 阀门明天上午去买, right after his words on
			// 302: the job his last message named and houqin's reply was
			// about, not another (user test 33's T15 filed it on 图书馆).
			thisJob(t, rs, items)
		}
		if (v == verbXfer || v == verbBlock) && c.Num == 0 {
			// 3号单延到明天 等阀门: the number names the job, whatever
			// else the words name (user test 33's T17).
			if thing, ok := namesNoneHeld(t, about, rs, items); ok && (v == verbXfer || !justTalkedOfReady(t, thing, rs, items)) {
				if said := heldElsewhere(t, about); said != "" {
					t.Say(said) // 302玻璃我去不了, of the job handed on from him
					return "", true
				}
				t.Say(fmt.Sprintf("你手上没有「%s」的单子，所以没有转派或上报。如果是说别的单子，请回复「转派 编号」或「修不好 编号」；发送「我的」可以查看你的事项。", thing))
				return "", true
			}
		}
	}
	if v == verbLead && natural {
		rereassignLast(t, rs, items) // 王师傅忙不过来 让马师傅去修: the job awaiting a decision
	}
	if approval {
		// 批准采购 三天 naming no job: the job awaiting a decision, or the
		// one he approved already (leaders.go).
		if said, done := approvalNarrowed(t, rs, items); done {
			t.Say(said)
			return "", true
		}
	}
	if natural && c.Word == "没修好" && !redoNumbered && !slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
		if againSaidRE.MatchString(text) && !notFixedOnlyRE.MatchString(text) && !nudgeRE.MatchString(text) {
			// 初二4班饮水机又漏水了: a report of a fault (come back, or
			// still open: the report merges it), not 催 (it had listed
			// the reporter's four unrelated repairs to 催).
			return "", false
		}
		if namesNoneStrictly(t, text, rs) && intentOf(text, Sender{Roles: t.Staff.Roles}) == IntentReport {
			// 办公室那个电暖器有股烧焦的味道 刚刚还冒烟了: a thing none of
			// her repairs is about, its fault said (还 is "also" here): a
			// new report, not 催 of four unrelated ones (user test 30's T7).
			return "", false
		}
		// 303后门那个锁还是坏的啊 都十天了: not a finished repair that
		// failed, but an open one still waited for: 催.
		c, v = flows.Command{Word: "催", Num: c.Num}, verbNudge
		for i, r := range rs {
			items[i].Ready, items[i].Data = mayAct(t, r, v) == "" && r.ReporterID == t.Staff.ID, action(v, r.ID)
		}
		narrowByWords(t, rs, items)
		if nudgeElsewhere(t, text, rs, items) {
			// 楼梯口桌椅是搬走了 但又堆了几箱废卷子 还是不行: a hazard's
			// re-check at another place, not 催 of her 303 window (user
			// test 27's K53).
			return "", false
		}
	}
	if natural && c.Word == "修好了" && withdrawRE.MatchString(text) && !slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
		// 灯又自己好了, before any worker said it was done: nothing to
		// sign off, but the report not needed any more (撤销, confirmed).
		c, v = flows.Command{Word: "撤销", Num: c.Num}, verbCancel
		for i, r := range rs {
			items[i].Ready, items[i].Data = mayAct(t, r, v) == "" && r.ReporterID == t.Staff.ID, action(v, r.ID)
		}
		narrowByWords(t, rs, items)
	}
	if natural && v == verbCancel && c.Ref == "" && c.Num == 0 {
		withdrawNamedOnly(t, text, rs, items) // 宿舍那个报修单…关了吧: never five old jobs of 303 (withdrawnamed.go)
	}
	if natural && !redoNumbered && !slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
		if v == verbLead && approvalSaid(text) {
			// 303饮水机那单我批了 with nothing of it awaiting this leader:
			// told why nothing was recorded, never thanked for it.
			t.Say(approvalUnheld(t, text, rs))
			return "", true
		}
		if v == verbDone {
			for _, r := range rs {
				if r.WorkerID == t.Staff.ID && r.Status == RepairDone && redoUndoneLast(t, r) {
					// 好吧 那我再点一下完成, under the 【更正】 of a 没修好
					// taken back: it is done already (undo.go).
					t.Say(mayAct(t, r, verbDone))
					return "", true
				}
			}
		}
		if v == verbTake && c.Num == 0 && workerTakes(text) {
			if r, ok := justTaken(t, rs); ok {
				// 好 我去, right after his 接单 (user test 18's second
				// re-run, N7, was not understood): an acknowledgement.
				t.Say(fmt.Sprintf("好的，辛苦了！%s（%s「%s」）修好后回复「完成 %d」就行。", r.Ref, r.Place(), jobWords(r, 12), Num(r)))
				return "", true
			}
		}
		if v == verbCancel {
			if said, err := selfFixedTold(t, c, text, rs); err != nil || said != "" {
				if err != nil {
					said = "暂时记不下来，请稍后再试。"
				}
				t.Say(said) // 9号不用修了 老师自己修好了, said by its worker
				return "", true
			}
			if said := withdrawnNone(t, text, rs); said != "" {
				t.Say(said) // 宿舍那个报修单…关了吧, of the job waiting for his 验收
				return "", true
			}
			if said := endedAlready(t, text, rs); said != "" {
				t.Say(said) // 那个报修单是不是还挂着 关了吧, of one withdrawn already
				return "", true
			}
			if said := withdrawnNothing(t, text); said != "" {
				t.Say(said) // 不用修了, with nothing of hers to withdraw (withdrawnamed.go)
				return "", true
			}
		}
		return "", false // 收到 said of something else
	}
	if natural && v == verbBlock && c.Num == 0 {
		// 修不好 要买配件, said again of a job already with the leaders:
		// the one job still open to 修不好 is not what the words mean
		// (the twelfth user test's re-run had it escalated silently).
		// 行 那就延到明天, right after his words on another job that is
		// still open: that job (justTalkedOfReady), not the one held.
		if held := heldBlocked(t, rs); held != nil && !namesAny(t, text) && !justTalkedOfReady(t, "", rs, items) {
			ready := ""
			for i, it := range items {
				if it.Ready {
					ready = fmt.Sprintf("；如果说的是 %s（%s「%s」），请回复「修不好 %d 原因」", rs[i].Ref, rs[i].Place(), flows.Clip(rs[i].Description, 12), Num(rs[i]))
					break
				}
			}
			t.Say(fmt.Sprintf("%s（%s「%s」）已经报给领导处理了，领导决定后会通知你%s。", held.Ref, held.Place(), jobWords(*held, 12), ready))
			return "", true
		}
	}
	if natural && v == verbTake && c.Num == 0 && c.Word == "接单" {
		takeNoticedUrgent(t, rs, items, takeSaidLast(text) || noticeTakeSaid(t, text) && noticedPersonal(t, rs)) // 收到收到 马上过去 under a 【紧急维修】 card: that job
	}
	if natural && v == verbXfer && c.Num == 0 && thisOneRE.MatchString(strings.TrimSpace(text)) {
		handOnNoticed(t, rs, items) // 这个不是我的 给小王吧 under a 【转派任务】 card: that job
	}
	if c.Num > 0 && c.Ref == "" {
		if t.Msg.Button == "" {
			// 说明 6 李老师麻烦过来开下301的门: the 6 at 301, whatever card
			// was shown last.
			sameNumberPlaced(t, c.Num, text, rs, items)
			sameNumberWords(t, c.Num, text, rs, items) // 完成 7 厕所那个: the 7 at the toilet
		}
		sameNumberShown(t, c.Num, rs, items) // 接单 4 as the card printed it, with another 4 of last week
	}
	if natural && c.Num == 0 && c.Ref == "" && (v == verbOK || v == verbRedo) {
		narrowToNoticed(t, rs, items) // 箱门还是有点麻手 没弄好啊, right after its 请验收 (noticed.go)
	}
	if natural && c.Num == 0 && c.Ref == "" && !namesAny(t, text) {
		// (Words naming a place or thing, 303暖气接了, pick by what they
		// name, not by the job just talked about.)
		if r, ok := talkedAboutJob(t, rs); ok && v == verbTake && r.Status == RepairAccepted && r.WorkerID == t.Staff.ID && recentWord(t, r) != "" {
			// 接了, right after his words on a job took it (user test 29's
			// R17/R18): an acknowledgement, not a list of the others. (接了
			// after a plain 接单 may be of another job: asked, as before.)
			t.Say(fmt.Sprintf("好的，%s（%s「%s」）已经在你手上了，修好后回复「完成 %d」就行。", r.Ref, r.Place(), jobWords(r, 12), Num(r)), jobButtons(r)...)
			return "", true
		}
		narrowTo(t, rs, items, talkedAboutJob) // 接了, right after his words on the 保密室 lock: that job
	}
	if asked, err := askWhich(t, c, rs, items); asked || err != nil {
		if err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return "", true // 接了 with three jobs waiting: which one (pick.go)
	}
	it, ok, none := flows.ChooseItem(t, c, items, "报修")
	switch {
	case none:
		return "", false
	case !ok:
		return "", true
	case partly:
		n := flows.RefSeq(it.Ref)
		t.Say(fmt.Sprintf("是说 %s 修好了吗？可以用了请回复「修好了 %d」验收（还可以打分、写意见）；还有问题请回复「没修好 %d」，并说一下哪里不行。", it.Ref, n, n))
		return "", true
	}
	return action(v, it.ID, args...), true
}

// partDoneRE is a clause of a worker telling what he did, done: 插线板都收了,
// 换了墙插, 线接好了. A clause that denies or asks is none.
var partDoneRE = rx.MustCompile(`^[^没不未吗么？?]{0,16}?(?:都|已经|已|也)?(?:收了|撤了|拆了|换了|装了|接了|修了|(?:接|弄|修|换|装|收|撤|拆)好了?|搞定了?)`)

// doneBesideNotMine reports whether text tells, in clauses of their own,
// work done and something else not the worker's (不归我管, giveBackRE):
// his job done, not handed on.
func doneBesideNotMine(text string) bool {
	notMine, done := false, false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		switch {
		case c == "":
		case giveBackRE.MatchString(c):
			notMine = true
		case partDoneRE.MatchString(c):
			done = true
		}
	}
	return notMine && done
}

// xferSaidRE is a worker handing a job on in words to someone he names:
// 转给孙师傅, 转派给周师傅吧; 转回给周师傅吧, 还给周师傅 and 给回孙师傅
// name whom too (the twelfth user test's 转回给 had gone to the 总务主任);
// 退给陈主任 is handing it back (giveBack); 门锁那个给陈主任嘛 (user test
// 16's F21) names the job, then whom.
//
// The colleague may be named as colleagues call each other, 老周 or 小王
// for 周师傅 and 王师傅, and the job given by 给 leading the words (给老周吧)
// or by who is to do it (这个让周师傅弄, 叫老孙来修): the re-run of user
// test 16's F8/F11 were not understood.
var xferSaidRE = rx.MustCompile(`(?:转(?:派|回|交)?给|(?:交|退|给|转)?还给|给回|交回给?|退给|(?:那个|那单|这个|这单|^|[，,。\s])给)\s*(\p{Han}{1,3}?(?:师傅|老师|主任)|[老小][^\P{Han}师])|(?:让|叫|请|喊|找)\s*(\p{Han}{1,3}?(?:师傅|老师|主任)|[老小][^\P{Han}师])\s*(?:过来|过去|来|去)?(?:弄|修|搞|干|做|处理|接手|负责)|` +
	// 这个应该是王师傅的活 (user test 28's AV teacher, given a door lock by
	// mistake): whose trade it is.
	`(?:应该|本来|本该|该)(?:是|归|由)\s*(\p{Han}{1,3}?(?:师傅|老师|主任)|[老小][^\P{Han}师])\s*的?(?:活儿?|事儿?|单子?)|(?:应该|本来|本该|该)(?:是|归|由)\s*(\p{Han}{1,3}?(?:师傅|老师|主任)|[老小][^\P{Han}师])\s*(?:管|修|弄|负责)`)

// xferSaidName is whom xferSaidRE's match in text names.
func xferSaidName(text string) string {
	m := xferSaidRE.FindStringSubmatch(text)
	for _, name := range m[min(1, len(m)):] {
		if name != "" {
			return name
		}
	}
	return ""
}

// xferNumRE is 转派 with the job's number and whom to: 转派 7 给周师傅,
// 7号转给孙师傅, and 转派 3 孙师傅 (user test 18's 总务主任, whose notice
// shows 「转派 3」, not understood).
var xferNumRE = rx.MustCompile(`^(?:转派|转)\s*(\d{1,3})\s*号?(?:单)?\s*(?:给|到)?\s*(\p{Han}{1,3}?(?:师傅|老师|主任))(?:吧|了)?[。！!]*$`)

// xferNumAloneRE is a job's number then 转派 with no one named, and
// maybe why after it: 1号单子也转派，我这两天都来不了, 3号转出去吧.
var xferNumAloneRE = rx.MustCompile(`^(\d{1,3})\s*号?\s*(?:单子?|那单|那个)?\s*(?:也|都|就)?\s*(?:转派|转出去|转给别人|转别人)(?:吧|了|一下)?(?:[，,。；;\s]|$)`)

// giveBackRE is a worker handing a job back, not his trade: 退回去,
// 叫别人吧 (user test 16's F17: 锁芯这种我不太会 叫别人吧),
// 这不是我的活, 不归我管 (with no one named: xferSaidRE is that).
var giveBackRE = rx.MustCompile(`退回去|退回给|退给主任|退回|不是我的活|不归我管|不是我这个工种|我不会修|转给别人|给别人(?:修|弄|去|吧)|换个人|换别人|[叫找让喊]别人(?:来|去)?(?:修|弄|搞|干|吧)`)

// giveBack is askTransferee's argument for a job given back to the
// 总务主任 (giveBackRE).
const giveBack = "@总务主任"

// tradeSaidRE is a trade said of a job: 是电工的活, 归水暖管, 电的问题.
var tradeSaidRE = rx.MustCompile(`(木工|电工|水暖|电教|土建|电)的(?:活|事|问题)|归(木工|电工|水暖|电教|土建)`)

// tradeIsRE is a trade said to be a job's, not after 不: 是电工, 该水暖修;
// nor the worker's own, 我是电工 (user test 28's 「…怎么派给我了 我是管音响的
// 这个应该是王师傅的活」 said why it was not his, not the job's trade).
var tradeIsRE = rx.MustCompile(`(?:^|[^不我])(?:是|归|该|找)(木工|电工|水暖|电教|土建)`)

// tradeSaid is the trade tradeSaidRE finds in text, or "".
func tradeSaid(text string) flows.Trade {
	m := tradeSaidRE.FindStringSubmatch(text)
	if m == nil {
		m = tradeIsRE.FindStringSubmatch(text) // 不是木工 是电工
		if m == nil {
			return ""
		}
		m = append(m, "")
	}
	label := m[1] + m[2]
	if label == "电" {
		return flows.TradeElectrical // 是电的问题
	}
	for _, tr := range flows.Trades {
		if tr.Label() == label {
			return tr
		}
	}
	return ""
}

// workerDoneRE is a worker telling a job done by its number: 4号好了,
// 6号单修好了 (what follows is the cause, asked next).
var workerDoneRE = rx.MustCompile(`^\d{1,3}\s*号(?:单|的)?\s*(?:已经)?(?:好了|修好了|弄好了|搞定了|换好了|完成了|处理好了)`)

// workerDoneNoteRE is workerDoneRE with what was done after it: 3号好了
// 镇流器坏了换了个, 2号好了 加了斜撑; the words go to the reporter, as
// those after 完成 5 do.
var workerDoneNoteRE = rx.MustCompile(workerDoneRE.String() + `[，,。.！!\s]+(\S.*)$`)

// notHisRE is words saying a job is not his: 那个不算我的, 不归我.
var notHisRE = rx.MustCompile(`不(?:算|归|是)我`)

// workerTakeSaidRE is a worker taking a job named by its place or thing:
// 图书馆空调那个我接了, 食堂那个我马上过去, 201投影我现在过去看,
// 303窗户玻璃我马上去 先用胶带贴上 (what he does first is his to say);
// 302暖气接了 去放了气 (user test 28's N12: 接了 without 我, not 都接了,
// which is several jobs' words); 语文组玻璃
// 那个我来了 先用胶带贴上了 (N37: he is there); 302窗户那个也算我的, 门锁
// 那个也归我 (user test 30's T11, not understood).
//
// 来了来了 女厕那个我马上过去 begins with words of taking; 年级组办公室门锁
// 那个单子我接了，估计要换锁芯 ends with his word on the job, passed on to
// the reporter (takeRemark).
var workerTakeSaidRE = rx.MustCompile(`^(?:(?:来了|好的|好嘞|好|收到|行|嗯|ok)[了啊呀]*[，,\s！!]*)*(?:\d{3,4})?(?:\p{Han}{2,12}?(?:那个|那边|的)?(?:单子|那单|单)?[，,\s]*(?:我接了|我接|我来了|我来接|我去修|我来修|交给我|也?(?:算|归|是)我的|也?归我|我(?:马上|这就|现在)(?:过去|去))|\p{Han}{1,11}?[^\P{Han}都也全我人]接了)(?:看看|看一下|看)?(?:吧|了|啊)?(?:[，,\s]+([^。！!]{1,40}?))?[。！!]*$`)

// doneClickRE is a worker saying he marks a job done, at the end of his
// words: 我再点一下完成, 那就算完成, 记完成吧 (not 还没完成, 完成不了).
var doneClickRE = rx.MustCompile(`(?:点|按|算|记)(?:一下|下|个)?完成(?:吧|了|啊|哈)?[。！!]*$`)

// takeNumRE is 接单 with the job's number and words after it: user test
// 17's 「接单 2 我四十分钟后到 让人先关总阀」 under an urgent card, not
// understood; the words are his word to the reporter. More numbers (接单
// 3 4, 接单 3 和 4) are several jobs taken, no words (takeMany).
var takeNumRE = rx.MustCompile(`^接单\s*(\d{1,3})(?:\s*号)?[，,：:\s]+([^\d\s，,、和跟及号].*|\d+\s*(?:分钟|个?小时|个钟头|点).*)$`)

// takeRemark is a worker's word on the job he takes in his own words,
// after the taking (先去把闸拉了, 估计要换锁芯), or "".
func takeRemark(t *flows.Turn) string {
	if t.Msg.Button != "" {
		return ""
	}
	if m := takeNumRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil {
		return strings.TrimSpace(m[2]) // 接单 2 我四十分钟后到
	}
	if m := workerTakeSaidRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil {
		return strings.TrimSpace(m[1])
	}
	if remark, ok := ackThenRemark(t.Text); ok {
		return remark // 收到 马上过去，先把总闸拉了
	}
	return noticeGoingRemark(t) // 行 锁的活我也能干 下午去: 下午去
}

// remarkReports reports whether the words after a taking report a fault
// of their own (302灯那个我马上过去 303门锁也坏了), which is no remark.
func remarkReports(text string, roles []flows.Role) bool {
	m := workerTakeSaidRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil || m[1] == "" || strings.HasPrefix(m[1], "先") {
		return false
	}
	if g := GuessRepair(m[1], nil); g.Item != "" && strings.Contains(strings.TrimSuffix(strings.TrimSpace(text), m[1]), g.Item) {
		// 楼梯口玻璃我接了 … 玻璃得去买: the thing taken, told more of.
		return false
	}
	return intentOf(m[1], Sender{Roles: roles}) == IntentReport
}

// doneLeadRE is a worker's message that begins with his job done and goes
// on to what it was: 好了 就是主机电源插头被踢掉了, 弄好了，是保险丝烧了.
var doneLeadRE = rx.MustCompile(`^(?:已经)?(?:好了|好啦|弄好了|修好了|搞定了|搞好了|处理好了|ok了)[，,。.！!\s]+(?:就是|是|原来是|原因是)?\s*(\S.*)$`)

// deferAskRE is a worker asking for more time on a job: 能不能延到明天下午,
// 申请延期两天, 今天弄不完 推迟到明天.
var deferAskRE = rx.MustCompile(`(?:能不能|能否|可不可以|可以|想|申请|要|得|需要)?(?:延期|延后|延到|延迟|延长|推迟|推到|往后推|宽限)|(?:今天|今天肯定|今天怕是|今天可能)(?:弄|修|干|做|装|搞)不完`)

// deferAsked is askNeed's argument for a later deadline asked (deferAskRE).
const deferAsked = "@延期"

// whereAtRE is a worker saying where he is now: 我在303饮水机这, 我正在
// 食堂修水管呢.
var whereAtRE = rx.MustCompile(`我(?:正|现在|还|人)?在[^，,。；;！!\s]{1,14}?(?:这儿|这里|这边|这|那儿|那边|那里|忙|修|弄|干活)(?:呢|呀|啊|着)?`)

// withoutWhereAt is text less where the worker says he is.
func withoutWhereAt(text string) string {
	return whereAtRE.ReplaceAllString(text, " ")
}

// goingClauseRE is a clause of a worker going to a job, taking it or
// doing it: 燃气那个我过去了, 饮水机那个我去修, 302灯我马上去, 303饮水机我
// 明天去.
var goingClauseRE = rx.MustCompile(`我(?:马上|这就|现在|已经|先|立马|立刻|明天|明早|下午|上午|中午|晚上|待会儿?|等会儿?|一会儿?|回头)?(?:再|就)?(?:过去了|过去|去了|在路上了?|接了|来接|去修|来修|去弄|来弄|去看看|去看|去处理|来处理|马上过去|马上去|马上到|这就去|去)(?:看看|看一下|一下)?(?:了|吧|啊|哈)?$`)

// withoutGoing is text less its clauses of the worker going to, taking or
// doing a job he names (燃气那个我过去了), and those clauses. A clause
// that says he cannot (去不了) is no going, nor one naming no job.
func withoutGoing(t *flows.Turn, text string) (string, []string) {
	clauses := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。；;！! 、", r) })
	if len(clauses) < 2 {
		return text, nil
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return text, nil
	}
	var rest, going []string
	for _, c := range clauses {
		g := GuessRepair(c, locs)
		if goingClauseRE.MatchString(c) && !strings.Contains(c, "不") && (g.Item != "" || g.LocationID != 0 || g.Trade != "") {
			going = append(going, c)
			continue
		}
		rest = append(rest, c)
	}
	if len(going) == 0 || len(rest) == 0 {
		return text, nil
	}
	return strings.Join(rest, " "), going
}

// goneThenDone reports whether the going clause opens the words and the
// rest, naming no place, tells what was done there: 302暖气我去弄了 阀门堵
// 了 清了一下 现在都热了 (user test 28's N42) is that one job done, not
// another (男厕水龙头阀芯换了 不滴了 303饮水机我明天去 is two).
func goneThenDone(text, rest string, going []string, locs []flows.Location) bool {
	if len(going) != 1 || !strings.HasPrefix(strings.TrimSpace(text), going[0]) {
		return false
	}
	g := GuessRepair(rest, locs)
	return g.LocationID == 0 && g.PlaceText == ""
}

// takeFirst prefixes the argument of a 转派 or 修不好 said in words that
// names the job the worker said, in the same message, he goes to: taken
// first (燃气那个我过去了 饮水机的不是我的活).
const takeFirst = "+take"

// keepGoing makes the jobs the going clauses name not ready for the verb
// (a job he says he goes to is never moved), and returns the one of them
// he may take, or 0.
func keepGoing(t *flows.Turn, going []string, rs []Repair, items []flows.Item) int64 {
	all := make([]flows.Item, len(rs))
	for i := range rs {
		all[i] = flows.Item{ID: rs[i].ID, Ready: rs[i].WorkerID == t.Staff.ID || mayAct(t, rs[i], verbTake) == ""}
	}
	before := 0
	for _, it := range all {
		if it.Ready {
			before++
		}
	}
	narrowByText(t, strings.Join(going, " "), rs, all)
	var named []int
	for i, it := range all {
		if it.Ready {
			named = append(named, i)
		}
	}
	if len(named) == 0 || len(named) == before {
		return 0 // the words name no one job of his
	}
	for _, i := range named {
		items[i].Ready = false
	}
	if len(named) == 1 && mayAct(t, rs[named[0]], verbTake) == "" {
		return rs[named[0]].ID
	}
	return 0
}

// cannotGoRE is a worker saying he cannot go to a job: 燃气的我去不了,
// 我走不开; said with a later time (今天去不了 明天上午去) it is no
// refusal but a later visit.
var (
	cannotGoRE = rx.MustCompile(`去不了|过不去|走不开|去不成`)
	laterRE    = rx.MustCompile(`明天|后天|下午|晚上|晚点|等会|待会|回头|下周|过两天|改天`)
)

func cannotGo(text string) bool { return cannotGoRE.MatchString(text) && !laterRE.MatchString(text) }

// remarkRefuses reports whether the words after a taking hand a job on
// or refuse it (燃气那个我马上去 饮水机的转给别人吧): the message is then
// no taking with a remark, but two intents about two jobs.
func remarkRefuses(text string) bool {
	m := workerTakeSaidRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil || m[1] == "" {
		return false
	}
	return giveBackRE.MatchString(m[1]) || cannotGo(m[1]) || xferSaidRE.MatchString(m[1]) || blockedWords.MatchString(m[1])
}

// namesNoneHeld is the thing words name when no job left to act on has
// it (化学实验室燃气的我去不了, with no gas job held), and whether so.
func namesNoneHeld(t *flows.Turn, text string, rs []Repair, items []flows.Item) (string, bool) {
	return namesNoneOf(t, text, rs, func(i int) bool { return items[i].Ready })
}

// namesNoneOf is the thing or the place outside the location table words
// name (燃气, 围墙) when none of the jobs of rs that counts has it, and
// whether so.
func namesNoneOf(t *flows.Turn, text string, rs []Repair, counts func(i int) bool) (string, bool) {
	return namesNone(t, text, rs, counts, false)
}

// namesNoneStrictly is namesNoneOf where the words read a thing of their
// own: a job of another thing is not theirs for a character the two
// share. Only for a new fault said where a 催 was read, whose thing alone
// says which: a worker's 锁芯 for the 门锁 he holds still takes it.
func namesNoneStrictly(t *flows.Turn, text string, rs []Repair) bool {
	_, none := namesNone(t, text, rs, func(int) bool { return true }, true)
	return none
}

func namesNone(t *flows.Turn, text string, rs []Repair, counts func(i int) bool, strict bool) (string, bool) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return "", false
	}
	g := GuessRepair(text, locs)
	thing := g.Item
	if thing == "" && g.LocationID == 0 {
		thing = g.PlaceText // 围墙那个紧急的谁去弄: a place no room of the table
	}
	if thing == "" {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(text))
	for i := range rs {
		if !counts(i) {
			continue
		}
		if hasThing(rs[i], g) {
			return "", false
		}
		if strict && g.Item != "" && rs[i].Item != "" {
			// Two things read: a shared character is no match (电暖器 is
			// not the 暖气 of her three heating jobs, user test 30b's T7).
			continue
		}
		if namesThing(norm, rs[i].Item) || namesDescribed(norm, rs[i].Description) {
			return "", false
		}
	}
	return thing, true
}

// namesNoneOpen answers a leader's 处理 or a worker's 接单 in words that
// name a thing (围墙那个紧急的谁去弄, 围墙的我去了) no open job of rs has,
// and reports whether it did: another job, ready to act on, is never
// chosen for them (user test 18's re-run gave the library's tiles to
// reassign, and took them). Words that report a fault (302的插座冒火花了
// 我来修) are left to the report.
func namesNoneOpen(t *flows.Turn, v verb, text string, rs []Repair) bool {
	thing, ok := namesNoneOf(t, text, rs, func(i int) bool {
		return rs[i].Status.Open() && (v != verbTake || rs[i].WorkerID == t.Staff.ID || mayAct(t, rs[i], verbTake) == "")
	})
	if !ok {
		return false
	}
	if v == verbTake {
		t.Say(fmt.Sprintf("你手上没有「%s」的单子，所以没有接单。如果是说别的单子，请回复「接单 编号」；发送「我的」可以查看你的事项。", thing))
		return true
	}
	t.Say(fmt.Sprintf("现在没有「%s」的未完成报修，所以没有改派或处理。如果还没有人报修，可以直接发送地点和问题报修；要处理别的单子，请回复「处理 编号」。", thing))
	return true
}

// heldElsewhere answers a worker who cannot go to a job that is no
// longer his (user test 18's third re-run, N21: 王师傅, away, said
// 「我在老家呢 302玻璃我去不了」 of the 302 glass job handed to 陈主任 and was
// told only that he held no 玻璃 job): the one open job of the place and
// thing the words name, which someone else now holds or the leaders have,
// is named with who has it. "" when the words name no such one job.
func heldElsewhere(t *flows.Turn, text string) string {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return ""
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 || g.Item == "" {
		return ""
	}
	open, err := db(t).OpenRepairsAt(t.Ctx, t.School.ID, g.LocationID)
	if err != nil {
		return ""
	}
	open = slices.DeleteFunc(open, func(r Repair) bool { return r.WorkerID == t.Staff.ID || !hasThing(r, g) })
	if len(open) != 1 {
		return ""
	}
	r := open[0]
	who := "现在由领导安排"
	if r.WorkerID != 0 {
		name := r.WorkerName
		if name == "" {
			s, err := t.Tx.StaffByID(t.Ctx, r.WorkerID)
			if err != nil {
				return ""
			}
			name = s.Name
		}
		who = "现在由" + name + "负责"
	}
	return fmt.Sprintf("%s（%s %s）已经不在你手上了，%s，你不用再处理。", r.Ref, r.Place(), jobWords(r, 20), who)
}

// hasThing reports whether r has the thing g names, or is at the place
// outside the location table it names, whatever its trade (a lock's job
// handed to the electrician is still the lock's).
func hasThing(r Repair, g RepairGuess) bool {
	if g.LocationID != 0 && g.LocationID != r.LocationID {
		return false
	}
	if g.Item != "" {
		return r.Item != "" && (strings.Contains(g.Item, r.Item) || strings.Contains(r.Item, g.Item)) || strings.Contains(r.Description, g.Item)
	}
	return g.PlaceText != "" && atPlace(r, g.PlaceText)
}

// matchesAt is matches with the place said outside the location table
// too (围墙 is not the tiles at 图书馆门口, both 土建).
func matchesAt(r Repair, g RepairGuess) bool {
	return matches(r, g) && (g.LocationID != 0 || g.PlaceText == "" || atPlace(r, g.PlaceText))
}

// workerAcks are a worker's words for taking a job, a reply's parts each
// one of them (收到，马上去).
var workerAcks = []string{"收到", "好", "好的", "ok", "知道了", "明白", "马上去", "马上到", "马上", "这就去", "这就来",
	"马上过去", "现在过去", "去了", "在路上", "接了", "我去", "我来", "行",
	"我去看看", "去看看", "马上去看", "这就去看", "我去看一下", "过去看看", "我过去看看", "我看看",
	"我这就去", "我马上去", "我现在去", "我马上过去", "我这就过去", "这就过去", "马上来", "我马上到"}

// workerTakes reports whether text is a worker acknowledging a job.
func workerTakes(text string) bool {
	parts := strings.FieldsFunc(strings.ToLower(parse.Normalize(text)), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) == 0 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if !slices.Contains(workerAcks, strings.TrimRight(p, "吧啊呀哈了")) && !slices.Contains(workerAcks, p) {
			return false
		}
	}
	return true
}

// takeNoticedUrgent leaves ready, of several jobs a worker's 收到 could
// take, only the urgent one whose notice, with its 接单 button, is the last
// thing he was shown: words of coming said right under a 【紧急维修】 card
// answer it (the fifteenth user test's 「收到收到 马上过去，先把实验室总闸
// 拉了」). An ordinary job's card decides nothing: 接了 with three jobs
// waiting is still asked which; unless the words point at it, the words
// around a closing 接了 (pointed: user test 16's 「收到 王师傅病了是吧 这个
// 我去看看 接了」 under a 【转派任务】 card).
func takeNoticedUrgent(t *flows.Turn, rs []Repair, items []flows.Item, pointed bool) {
	i := noticedWith(t, rs, verbTake)
	if i < 0 || !items[i].Ready || rs[i].Tier != TierUrgent && !pointed {
		return
	}
	for j := range items {
		items[j].Ready = j == i
	}
}

// noticedWith is the index in rs of the job whose notice, the last thing
// the writer was shown, offered the button of verb v; -1 when his own
// last reply carried the buttons (not a notice) or no job of rs fits.
func noticedWith(t *flows.Turn, rs []Repair, v verb) int {
	if t.Replied() != nil {
		return -1
	}
	var id int64
	for _, b := range t.Offered() {
		if a, ok := flows.ParseAction(b.Data); ok && a.Prefix == actorPrefix && verb(a.Verb) == v {
			id = a.ID
		}
	}
	if id == 0 {
		return -1
	}
	return slices.IndexFunc(rs, func(r Repair) bool { return r.ID == id })
}

// thisOneRE leads words about the job in front of them: 这个不是我的,
// 这单给老周.
var thisOneRE = rx.MustCompile(`^(?:这|那)(?:个|单|一单|活|个活)`)

// handOnNoticed leaves ready, of several jobs a worker's 转派 in words
// could hand on, the one whose card, with its 转派 button, is the last
// thing he was shown, when his words point at one (这个不是我的 给小王吧
// right under the 【转派任务】 card of a job just handed to him).
func handOnNoticed(t *flows.Turn, rs []Repair, items []flows.Item) {
	i := noticedWith(t, rs, verbXfer)
	if i < 0 || !items[i].Ready {
		return
	}
	for j := range items {
		items[j].Ready = j == i
	}
}

// ackThenRemark splits a worker's message that begins with words of taking
// and goes on to what he does first (收到收到 马上过去，先把总闸拉了, the
// fifteenth user test's F10, not understood): the remark after the
// acknowledgement, and whether the message is such. A doubled ack
// (收到收到) is one; a remark that reports a fault, hands the job on or
// says it done makes no taking.
func ackThenRemark(text string) (string, bool) {
	parts := strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) < 2 || len(parts) > 4 {
		return "", false
	}
	acks := 0
	for _, p := range parts {
		if !isAck(strings.ToLower(parse.Normalize(p))) {
			break
		}
		acks++
	}
	if acks == 0 || acks == len(parts) {
		return "", false
	}
	remark := strings.Join(parts[acks:], "，")
	norm := parse.Normalize(remark)
	// 先把总闸拉了, and 我先去把二楼的闸拉了 after a bare 马上过去 (user
	// test 16's F15): what he does first.
	if !strings.HasPrefix(strings.TrimPrefix(remark, "我"), "先") && !comingInRE.MatchString(norm) || giveBackRE.MatchString(norm) || cannotGo(norm) || xferSaidRE.MatchString(norm) ||
		blockedWords.MatchString(norm) || notTakingRE.MatchString(norm) || saysDone(remark) {
		return "", false
	}
	return remark, true
}

// comingInRE is when he comes, in a while: 得四十分钟才能到, 半小时后到
// (user test 17's 「收到 我在外面拉材料 得四十分钟才能到 先叫人把…总阀关了」
// under an urgent card, not understood).
var comingInRE = rx.MustCompile(`[\d一二三四五六七八九十两半]+\s*(?:分钟|个钟头|个小时|小时)[^，,。！!\s]{0,3}?(?:到|过来|过去)`)

// isAck reports whether p is one of workerAcks, or one said twice (收到收到).
func isAck(p string) bool {
	p = strings.TrimRight(p, "吧啊呀哈了")
	if slices.Contains(workerAcks, p) {
		return true
	}
	rs := []rune(p)
	half := len(rs) / 2
	return len(rs)%2 == 0 && half > 0 && string(rs[:half]) == string(rs[half:]) && slices.Contains(workerAcks, string(rs[:half]))
}

// fixedThingRE is a fixed word after the thing or place it is about:
// 门好了, 303灯亮了, 插座好了, 能关上了. Its first group is what comes
// before the word, which must not negate it (fixedThing).
var fixedThingRE = rx.MustCompile(`^((?:\d{3,4})?\p{Han}{0,4})(?:修好了|好了|亮了|通了|能用了|不漏了|不滴了|不闪了|不堵了|不晃了|不响了|正常了|能关上了|能打开了|能开了)$`)

// fixedThing reports whether part is a fixed word after its thing
// (fixedThingRE), not a fault said with it: 「投影仪不亮了」「水管不通了」
// 「还没修好了」 end in 亮了, 通了, 修好了 too, and were read as a sign-off of
// whatever repair awaited the writer (a teacher reporting a new fault
// signed off her unrelated socket repair, found beside the thirteenth
// user test).
func fixedThing(part string) bool {
	m := fixedThingRE.FindStringSubmatch(part)
	if m == nil {
		return false
	}
	// Anywhere before it: 「还没修好了」 splits as 还没修 + 好了.
	return !strings.ContainsAny(m[1], "不没未")
}

// partlyFixedRE is a reporter saying a repair half works: 能亮了，就是…,
// 能用了 但是 ….
var partlyFixedRE = rx.MustCompile(`(?:能亮了|亮了|能用了|可以用了|好了|能开了|能关上了|不漏了|通了)[，,\s]*(?:就是|但是|不过|可是|只是|还是有点|还有点)`)

// withoutServiceRemarks is text less its words on the service (就是地上还湿着).
func withoutServiceRemarks(text string) string {
	rest, _ := cutServiceRemarks(text)
	return rest
}

// Words a reporter signs a repair off with: one that says it works, and
// perhaps thanks (修好了，谢谢师傅; 好了).
var (
	fixedWords = []string{"修好了", "修好啦", "好了", "好啦", "可以了", "能用了", "亮了", "通了", "正常了", "没问题了", "没事了", "不漏了", "不堵了", "不滴了", "不闪了", "不晃了", "不响了",
		"行", "行了", "没问题", "挺好的",
		// 可以 alone, 没啥问题, and 行 as pinyin input mistypes it (形, user
		// test 29c's V22).
		"可以", "可以的", "挺好", "没啥问题", "没什么问题", "没毛病", "形", "形了"}
	// seenWords come with a sign-off and say nothing more: 看了 好了 谢谢.
	seenWords   = []string{"看了", "看过了", "我看了", "去看了", "嗯", "嗯嗯", "确实", "是的"}
	thanksWords = []string{"谢谢", "谢谢师傅", "谢谢您", "谢谢你", "辛苦了", "辛苦啦", "辛苦", "师傅辛苦了", "感谢", "多谢"}
)

// replacedRE is a thing said replaced, which is fixed: 换了张新的, 换新的了,
// 已经换好了 (user test 29's 「桌子看到了 换了张新的 行」, R40), after the
// thing it is said of: 桌子换新的了, 那个303的桌子已经换了一张新的了 (user test
// 29c's V20, V21).
var replacedRE = rx.MustCompile(`^` + signThing + `(?:已经|都)?(?:给)?换(?:了|好了|成)(?:一)?[张个把只块根台套]?(?:新的|好的)(?:了)?$|^` + signThing + `(?:已经|都)?换(?:新的?|好)了$`)

// thingSeenRE is the thing said seen, which says nothing more: 桌子看到了,
// 灯我看过了, 那个303的桌子我刚去看了一下 (user test 29c's V21).
var thingSeenRE = rx.MustCompile(`^` + signThing + `(?:我)?(?:刚|刚才|已经|也)?(?:去|过去)?(?:看到了|看过了|看了)(?:一下|一眼|下)?$`)

// signThing is the thing or room a sign-off's words are said of, before
// them: 桌子, 303的桌子, 那个303的桌子. Never a negation (没, 不): 没换新的.
const signThing = `(?:那个|这个)?(?:\d{3,4})?(?:的)?(?:[^\P{Han}不没未还]{1,4}?)?`

// signOffJoinRE finds where a sign-off typed without a break (by voice)
// joins its parts: after 看了一下, before 没啥问题: 「那个303的桌子
// 我刚去看了一下已经换了一张新的了没啥问题」 is three parts.
var signOffJoinRE = rx.MustCompile(`(看了一下|看了一眼|看过了|看到了)|(没啥问题|没什么问题|没毛病)`)

// noProblemRE is 没问题 said, whose 没 is no 了没 question: 新的了没啥问题.
var noProblemRE = rx.MustCompile(`没(?:啥|什么)?问题|没毛病`)

// splitSignOffJoins puts a break at each of signOffJoinRE's joins.
func splitSignOffJoins(s string) string {
	return signOffJoinRE.ReplaceAllStringFunc(s, func(m string) string {
		if m == "看了一下" || m == "看了一眼" || m == "看过了" || m == "看到了" {
			return m + " "
		}
		return " " + m
	})
}

// notFixedNumRE is 没修好 followed by a repair's number: 没修好 1 还有点味道.
var notFixedNumRE = rx.MustCompile(`没修好\s*(\d{1,3})(?:\D|$)`)

// signsOff reports whether text says a repair works now, and nothing
// more than thanks besides.
func signsOff(text string) bool {
	if asksAnywhereRE.MatchString(noProblemRE.ReplaceAllString(parse.Normalize(text), " ")) {
		return false // 修好了没？: a question, never a sign-off
	}
	parts := strings.FieldsFunc(splitSignOffJoins(parse.Normalize(text)), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) == 0 || len(parts) > 3 {
		return false
	}
	fixed := false
	for _, p := range parts {
		switch {
		case slices.Contains(fixedWords, p) || fixedThing(p) || replacedRE.MatchString(p):
			fixed = true
		case slices.Contains(thanksWords, p), slices.Contains(seenWords, p), strings.HasPrefix(p, "谢谢"), thingSeenRE.MatchString(p):
		default:
			return false
		}
	}
	return fixed
}

// candidates are the repairs a typed command may name: those the writer
// reported, follows or works on (and those closed lately), and for
// workers and leaders every open repair of the school they have a part in,
// newest first.
func candidates(t *flows.Turn) ([]Repair, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-MineClosedFor), 100)
	if err != nil {
		return nil, err
	}
	if t.Staff.Has(flows.RoleWorker, flows.RoleHead, flows.RoleLeader, flows.RolePrincipal, flows.RoleAdmin) {
		open, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
		if err != nil {
			return nil, err
		}
		for _, r := range open {
			if slices.ContainsFunc(rs, func(x Repair) bool { return x.ID == r.ID }) {
				continue
			}
			if ok, err := concerns(t, r); err != nil {
				return nil, err
			} else if ok {
				rs = append(rs, r)
			}
		}
	}
	slices.SortFunc(rs, func(a, b Repair) int { return cmp.Compare(b.ID, a.ID) })
	return rs, nil
}

// Num is the number people see and type for a repair: its BX reference's
// sequence (see flows.RefSeq).
func Num(r Repair) int {
	if n := flows.RefSeq(r.Ref); n > 0 {
		return n
	}
	return int(r.ID)
}

// Act implements Actor: it checks the button (ParseAction), finds the
// repair in the writer's school, asks mayAct, and runs the verb's act.
func (f RepairFlow) Act(t *flows.Turn, data string) error {
	if scene, ok := strings.CutPrefix(data, scanData); ok {
		return f.scan(t, scene)
	}
	if what, ok := strings.CutPrefix(data, awayData); ok {
		return actAway(t, what)
	}
	a, ok := flows.ParseAction(data)
	if !ok {
		t.Say(flows.ExpiredButton)
		return nil
	}
	r, err := db(t).Repair(t.Ctx, a.ID)
	if errors.Is(err, flows.ErrNotFound) || err == nil && r.SchoolID != t.School.ID {
		t.Say("没有找到这条报修。")
		return nil
	}
	if err != nil {
		return err
	}
	if ok, err := concerns(t, r); err != nil || !ok {
		// Someone with no part in this repair learns nothing from its
		// number, not even that it exists (issue: enumerating repairs by
		// 「接单 N」).
		if err == nil {
			t.Say("没有找到这条报修。")
		}
		return err
	}
	v := verb(a.Verb)
	if v == verbRedo && r.Status == RepairClosed && t.Msg.Button == "" && ratingAsked(t, r) {
		// 没修好 1 typed at the rating question of the sign-off just made:
		// the sign-off taken back, then a 没修好 (undo.go). The old
		// notification's 没修好 button stays an old button.
		return undoSignOff(t, r)
	}
	if v == verbOK && r.Status == RepairClosed && r.AutoConfirmed && r.ReporterID == t.Staff.ID {
		// 好了 5分, read while the job waited for her and signed off by
		// itself since: her score still taken (autosigned.go).
		return rateAutoSigned(t, r, a.Args)
	}
	if msg := mayAct(t, r, v); msg != "" {
		t.Say(msg)
		return nil
	}
	act, ok := acts[v]
	if !ok {
		t.Say(flows.ExpiredButton)
		return nil
	}
	args := a.Args
	if n := len(args); n > 0 && strings.HasPrefix(args[n-1], takeFirst) {
		// 燃气那个我过去了 饮水机的不是我的活: the job he goes to is
		// taken first.
		if err := takeGoing(t, strings.TrimPrefix(args[n-1], takeFirst)); err != nil {
			return err
		}
		args = args[:n-1]
	}
	return act(t, r, args)
}

// takeGoing takes the job of id (a takeFirst argument) when the writer
// still may.
func takeGoing(t *flows.Turn, id string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil
	}
	o, err := db(t).Repair(t.Ctx, n)
	if errors.Is(err, flows.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ok, err := concerns(t, o); err != nil || !ok || o.SchoolID != t.School.ID || mayAct(t, o, verbTake) != "" {
		return err
	}
	return takeOneSaying(t, o, "")
}

// actFn does a verb to repair r, which t.Staff may: at once, or by asking
// the first of followUp's questions.
type actFn func(t *flows.Turn, r Repair, args []string) error

// acts is the Actor's table: what each verb does.
var acts = map[verb]actFn{
	verbTake:    take,
	verbDone:    askCause,
	verbBlock:   askNeed,
	verbXfer:    askTransferee,
	verbReclass: askReclassWhy,
	verbLead:    askDecision,
	verbOK:      confirmRepair,
	verbRedo:    askRedoWhy,
	verbRate:    rate,
	verbSplit:   splitOff,
	verbPlace:   addPlace,
	verbNote:    noteJob,
	verbCancel:  askWithdraw,
	verbNudge:   nudgeNow,
	verbTell:    tellWorker,
	verbUnredo:  takeBackRedo,
	verbUndone:  undoDone,
	verbUnxfer:  undoXfer,
	verbRetake:  retake,
	verbPhoto:   photoAfter,
	verbStatus:  func(t *flows.Turn, r Repair, _ []string) error { return tellStatus(t, r) },
}

func askCause(t *flows.Turn, r Repair, _ []string) error {
	fix := ""
	if m := doneLeadRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil && t.Msg.Button == "" {
		fix = flows.Clip(strings.TrimRight(m[1], "。.！!"), MaxNote) // 好了 就是插头被踢掉了
	} else if m := doneNumRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil && t.Msg.Button == "" {
		fix = flows.Clip(strings.TrimRight(m[2], "。.！!"), MaxNote) // 完成 5 加了斜撑
	} else if m := workerDoneNoteRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil && t.Msg.Button == "" {
		fix = flows.Clip(strings.TrimRight(m[1], "。.！!"), MaxNote) // 3号好了 镇流器坏了换了个
	} else if t.Msg.Button == "" && doneBesideNotMine(t.Text) {
		// 插线板都收了 换了墙插 纸箱子和灭火器那不归我管啊: all his words
		// go to the reporter, what is not his with what he did.
		fix = flows.Clip(strings.TrimRight(strings.TrimSpace(t.Text), "。.！!"), MaxNote)
	}
	return askCauseFixed(t, r, fix)
}

// askCauseFixed is 完成 told with what was done in the worker's words
// (fix, or ""), which go to the reporter when the job is recorded done.
func askCauseFixed(t *flows.Turn, r Repair, fix string) error {
	return askCauseFixedPhoto(t, r, fix, "")
}

// askCauseFixedPhoto is askCauseFixed with the photo sent with the words
// before a question about which job (user test 17's F3 was asked for it
// again after 「303的」).
func askCauseFixedPhoto(t *flows.Turn, r Repair, fix, photo string) error {
	img := t.Image()
	if img == "" {
		img = photoBeforeWords(t)
	}
	if img == "" {
		img = photo
	}
	if notDamageJob(r) {
		// 还要加两张桌子 done: nothing was broken, so no 损坏原因 is asked
		// (user test 33's T23; notdamage.go).
		return finishOrAskPhoto(t, r, followUpData{ID: r.ID, Photo: img, Fix: fix}, "", "")
	}
	if cause, note, ok := finishBeforeSlip(t, r); ok {
		// The 没修好 was a slip, taken back: finished as he said before
		// (slip.go).
		return finishThen(t, r, followUpData{ID: r.ID, Photo: img, Fix: fix}, cause, note, img)
	}
	if cause, note, ok := causeSaid(t.Text); ok && t.Msg.Button == "" {
		// 讲台抽屉弄好了 是娃儿硬拽坏的 滑轨掉了: the cause told already is
		// not asked again (the thirteenth user test's worker was).
		return finishOrAskPhoto(t, r, followUpData{ID: r.ID, Photo: img, Fix: fix}, cause, note)
	}
	if cause, note, ok := causeSaid(fix); ok && fix != "" {
		// 插线板是老化烧的, said with the job done before the question
		// which job (user test 18's F39 was asked the cause again).
		return finishOrAskPhoto(t, r, followUpData{ID: r.ID, Photo: img, Fix: fix}, cause, note)
	}
	if img != "" {
		// 「[图片] 完成 1」: the photo of the finished work came with 完成,
		// or just before it.
		t.Say(fmt.Sprintf("照片收到了。%s 请选择损坏原因：\n%s", r.Ref, flows.Numbered(causeButtons)), causeButtons...)
		return ask(t, stateDoneCause, followUpData{ID: r.ID, Photo: img, Fix: fix})
	}
	t.Say(causeQuestion(t, r), causeButtons...)
	return ask(t, stateDoneCause, followUpData{ID: r.ID, Fix: fix})
}

// causeSaid is the cause a worker's words telling a job done give with
// it: 人为 by a clause that says who broke it (是娃儿硬拽坏的, the damage
// note), or 自然 by one of wear (灯管老化了); ok false when they give none,
// or both.
func causeSaid(text string) (Cause, string, bool) {
	var damage, wear []string
	for _, c := range strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) }) {
		switch {
		case notDamage(c) || noDamageRE.MatchString(c):
			wear = append(wear, c)
		case damageRE.MatchString(c):
			damage = append(damage, strings.TrimLeft(c, "是就原来因为"))
		case wearRE.MatchString(c) && !strings.Contains(c, "不是"):
			wear = append(wear, c)
		}
	}
	switch {
	case len(damage) > 0 && len(wear) == 0:
		note := strings.Join(damage, " ")
		if where := damageWhere(text); where != "" && !strings.Contains(note, where) && !classRE.MatchString(note) && !gradeRE.MatchString(note) {
			// 312学生电热毯线烧了 … 学生违规用的: which pupils is the room
			// or class said in another clause (user test 26's re-run's H4 kept only
			// 学生违规用的 for the 赔偿台账).
			note = where + note
		}
		return CauseDamage, flows.Clip(note, 200), true
	case len(wear) > 0 && len(damage) == 0:
		return CauseWear, "", true
	}
	return "", "", false
}

// damageWhereRE is a class (初二(3)班) said at the start of a clause, or
// a room number there (312 in 312学生…, not a job's number: 完成 312,
// 12号): its first or second group.
var damageWhereRE = rx.MustCompile(`(?:^|[\s，,。；;！!])(?:([初高]?[一二三四五六七八九0-9]+[（(]?[0-9一二三四五六七八九十]+[)）]?班)|([0-9]{3,4})[^\s，,。；;！!0-9号单])`)

// damageWhere is the class or room the words name first, or "".
func damageWhere(text string) string {
	if m := damageWhereRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		return m[1] + m[2]
	}
	return ""
}

func askNeed(t *flows.Turn, r Repair, args []string) error {
	if len(args) > 0 && args[0] == deferAsked && t.Msg.Button == "" {
		// 能不能延到明天下午: the leaders decide (暂缓 or 批准 with a date).
		return blockRepair(t, r, needDefer, flows.Clip(strings.TrimSpace(t.Text), 300))
	}
	if len(args) > 0 && args[0] == deferAsked {
		// [申请延期] under his words 明天才能弄好 (laterButtons): those
		// words are the reason.
		why, _, _, err := latestNote(t, r)
		if err != nil {
			return err
		}
		if why == "" {
			why = "维修人员申请延期"
		}
		return blockRepair(t, r, needDefer, flows.Clip(why, 300))
	}
	a := followUpData{ID: r.ID, Next: alsoBlocked(args)}
	note, need := blockSaid(t.Text)
	if t.Msg.Button == "" && need != "" {
		return blockRepairs(t, r, a.Next, need, note) // 灯管没货了得等采购: 需要采购
	}
	if t.Msg.Button == "" && note != "" {
		a.Note = note
	} else if _, command := flows.ReadCommand(t.Text, typedWords); t.Msg.Button == "" && !command && blockedWords.MatchString(t.Text) {
		said := strings.TrimSpace(t.Text)
		if m := blockTrailRE.FindStringSubmatch(said); m != nil {
			said = m[1] // 这个锁修不好 修不好2: less the command
		}
		a.Note = flows.Clip(tidyReason(said), 300) // 这个修不了，得换新的: the situation, told already
		if leaderBuysRE.MatchString(said) && !needOutsideRE.MatchString(said) {
			// 得换个新的电波钟 这个得领导定 买不买: the leaders to buy it.
			return blockRepairs(t, r, a.Next, "需要采购", a.Note)
		}
		if buySaidRE.MatchString(said) && !needOutsideRE.MatchString(said) && !needPartRE.MatchString(said) {
			// 202灯管闪是镇流器坏了 得换个新的 仓库没有要买: bought, as
			// the words say (user test 29's R15 was asked the reason).
			return blockRepairs(t, r, a.Next, "需要采购", a.Note)
		}
		if needOutsideRE.MatchString(said) && !needBuyRE.MatchString(said) && !needPartRE.MatchString(said) && !renewRE.MatchString(said) {
			// 要请外面的电工队来, 得找施工队重新砌: 外包, plain from the
			// words (得换整个的 要找外面的人来 may be either: asked).
			return blockRepairs(t, r, a.Next, "需要外包维修", a.Note)
		}
		if needNamed(said) == "需要配件" && !renewRE.MatchString(said) {
			return blockRepairs(t, r, a.Next, "需要配件", a.Note) // 302的玻璃今天装不了 要配玻璃
		}
	}
	if a.Next != "" {
		// 四个都是: one question for them all (blockmany.go).
		n := strings.Count(a.Next, ",") + 2
		t.Say(fmt.Sprintf("这 %d 单（%s 等）修不好的原因是？（%d 单一起上报）\n%s", n, r.Ref, n, flows.Numbered(recButtons)), recButtons...)
		return ask(t, stateBlockRec, a)
	}
	t.Say(fmt.Sprintf("%s 修不好的原因是？\n%s", r.Ref, flows.Numbered(recButtons)), recButtons...)
	return ask(t, stateBlockRec, a)
}

// blockedJobWords is what of a worker's 修不好 in words names the job: the
// words before he says he cannot, when they name it or point at it (这个
// 我弄不了; 篮球场围墙那个我去看了…得找施工队), for what follows is the
// reason (墙里头的线都烧化了 names no job of his: the fifteenth user
// test's F11 was told 你手上没有「墙」的单子). Words that say nothing
// before it are kept whole.
func blockedJobWords(text string) string {
	m := blockedWords.FindStringIndex(text)
	if m == nil {
		return text
	}
	before := strings.TrimSpace(text[:m[0]])
	if cs := strings.FieldsFunc(before, func(r rune) bool { return strings.ContainsRune("，,。；; ", r) }); len(cs) > 1 && pointsAtJobRE.MatchString(cs[len(cs)-1]) {
		// 看过了 是楼顶防水层裂了 … 这个得请外面防水公司来做: what he
		// found before (防水层) is the reason; 这个 is the job (user test
		// 16's F10 was told 你手上没有「防水层」的单子).
		return cs[len(cs)-1]
	}
	if pointsAtJobRE.MatchString(before) || GuessRepair(before, nil).Item != "" || placeNumRE.MatchString(before) {
		return before
	}
	return text
}

// thisJob leaves ready, of several, only the job the writer's last reply
// was about (justTalkedAbout), when 这个 points at it.
func thisJob(t *flows.Turn, rs []Repair, items []flows.Item) {
	narrowTo(t, rs, items, justTalkedAbout)
}

// narrowTo leaves ready, of several ready items (rs[i] is items[i]'s
// repair), only the one pick chooses among them; nothing changes when
// fewer than two are ready or pick chooses none.
func narrowTo(t *flows.Turn, rs []Repair, items []flows.Item, pick func(*flows.Turn, []Repair) (Repair, bool)) {
	var ready []Repair
	for i, it := range items {
		if it.Ready {
			ready = append(ready, rs[i])
		}
	}
	if len(ready) < 2 {
		return
	}
	r, ok := pick(t, ready)
	if !ok {
		return
	}
	for i := range items {
		items[i].Ready = items[i].Ready && rs[i].ID == r.ID
	}
}

// lookedRE is a worker saying he has been to look at a job: 我去看了,
// 我看过了.
var lookedRE = rx.MustCompile(`(?:去|过去)?看(?:了|过了?)(?:吧|啊|哈)?$`)

// namedWithLeaders is the one job of the worker's that the words name by
// what only it has, when it waits for the leaders (his 修不好 or 申请延期)
// and none of the jobs still open to 修不好 is named.
func namedWithLeaders(t *flows.Turn, text string, rs []Repair, items []flows.Item) (Repair, bool) {
	r, ok := namedAlone(text, rs)
	if !ok || r.Status != RepairBlocked || r.WorkerID != t.Staff.ID || r.Decision != "" {
		return Repair{}, false
	}
	for i, it := range items {
		if it.Ready && rs[i].ID == r.ID {
			return Repair{}, false
		}
	}
	return r, true
}

// justTalkedOfReady reports whether, of the jobs still ready, one is the
// job houqin's last reply was about (justTalkedAbout) and thing, what the
// words name that no job of his is, is no place: 阀门 of 302's valve,
// said right after his words on 302, is a part of that job.
func justTalkedOfReady(t *flows.Turn, thing string, rs []Repair, items []flows.Item) bool {
	if placeNumRE.MatchString(thing) || strings.ContainsAny(thing, "楼室馆堂场厕房") {
		return false
	}
	r, ok := justTalkedAbout(t, rs)
	if !ok {
		return false
	}
	for i, it := range items {
		if it.Ready && rs[i].ID == r.ID {
			return true
		}
	}
	return false
}

// pointsAtJobRE is words pointing at the job in hand: 这个, 这单, 这活.
var pointsAtJobRE = rx.MustCompile(`^(?:这|那)(?:个|单|一单|活|个活|个单子)?(?:[我他]|[，,\s]|$)`)

// placeNumRE is a room number: 303.
var placeNumRE = rx.MustCompile(`\d{3,4}`)

// renewRE is a thing to be replaced whole, which may be bought rather
// than mended outside: 得换整个的, 要换新的, 需要更换.
var renewRE = rx.MustCompile(`换整|整个换|换新|更换|换个新`)

// trailingCommandRE is a worker's typed command after a few words that
// change nothing it does: 没带手机拍 完成 11 (said even inside another
// question, such as a hazard's photo step).
var trailingCommandRE = rx.MustCompile(`^\p{Han}[^\d]{0,15}?[，,。；;\s]+((?:完成|接单|修不好|转派)\s*\d{1,3}\s*号?)[。！!]*$`)

// doneNamedRE is 完成 with the job named by its place or thing instead of
// its number: 完成 操场那个, 完成 302插座的.
var doneNamedRE = rx.MustCompile(`^完成\s*(?:\d{3,4})?\p{Han}{1,8}?(?:那个|那单|那边|的)(?:单子)?[。！!]*$`)

// cmdNamedRE is 完成 or 接单 with a word for the job instead of its
// number: 完成 广播, 接单 303灯, 完成广播的; namesAny checks the word names
// a thing or place.
var cmdNamedRE = rx.MustCompile(`^(完成|接单)\s*((?:\d{3,4})?\p{Han}{1,8}?)(?:那个|那单|那边|的)?(?:单子|活)?[。！!]*$`)

// blockNumRE is 修不好 with the job's number and the reason after it:
// 修不好 6 灯管没货了得等采购.
var blockNumRE = rx.MustCompile(`^修不好\s*(\d{1,3})(?:\s*号)?[，,：:\s]+(\S.*)$`)

// doneNumRE is 完成 with the job's number and what was done after it: 完成
// 5 加了斜撑 稳当了 (the twelfth user test's, sent with the photo, was not
// understood and the photo lost).
var doneNumRE = rx.MustCompile(`^完成\s*(\d{1,3})(?:\s*号)?[，,：:\s]+(\S.*)$`)

// blockReasonRE is a reason a job waits on without 修不好 said: 灯管没货了
// 得等采购, 缺配件.
var blockReasonRE = rx.MustCompile(`没货|缺货|断货|(?:得|要|需要)?等采购|(?:得|要|需要)采购|(?:得|要|需要)?等配件|缺配件|没配件|配件没到|` + outOfStock + `|` + partOrdered)

// outOfStock is the school's store without the part, or a new one to be
// bought (not by him on his way: 下午去买 is his word on the job):
// 库房没有了得买新的, 库里没有 只能买个新的, 学校没库存 (the twelfth user
// test's worker had only been passed on to the teacher).
// buySaidRE is buying said in so many words with a 修不好: 仓库没有要买,
// 得去买一个, 需要采购.
var buySaidRE = rx.MustCompile(`(?:得|要|需要|只能)(?:去|再)?(?:买|采购)|(?:库房|仓库|库里)(?:里)?(?:也)?(?:没有|没得|没)(?:了)?[\s，,]*(?:要|得)?(?:去)?(?:买|采购)`)

const outOfStock = `(?:库房|仓库|库里|库存)(?:里)?(?:也)?(?:没有|没得|没|缺)(?:了|货|这个|这种|备件|配件|存货|[\s，,。]|$)|没(?:有)?库存|库存不够|(?:得|要|需要|只能)(?:重新|另)?(?:买|采购)(?:个|一个|只|根|台|套)?新的|(?:得|需要|只能)重新买`

// partOrdered is a part ordered and waited for: 已经找厂家订了 下周才到货,
// 厂家下周发货 (the eighth user test's worker, reminded of his overdue job).
const partOrdered = `已经(?:找\p{Han}{1,4})?订了|订了货|下单了|(?:才|还没|没)(?:到货|发货|到)|等(?:到货|发货|货)|(?:下周|明天|后天|过几天|下个?礼拜|下个?星期)(?:才)?(?:能)?(?:到货|发货|到)`

var partOrderedRE = rx.MustCompile(partOrdered)

// blockSaid is the reason a worker gave with 修不好 (修不好 6 灯管没货了,
// 灯管没货了得等采购), and whether the need is plain from it.
func blockSaid(text string) (note, need string) {
	text = strings.TrimSpace(text)
	switch m := blockNumRE.FindStringSubmatch(text); {
	case m != nil:
		note = m[2]
	case blockTrailRE.MatchString(text) && blockReasonRE.MatchString(text):
		// 锁芯库房没得了 要买 修不好5: the reason before the command.
		note = blockTrailRE.FindStringSubmatch(text)[1]
	case blockReasonRE.MatchString(text) && !blockedWords.MatchString(text):
		note = text
	default:
		return "", ""
	}
	switch {
	case partOrderedRE.MatchString(note):
		need = "需要配件" // 找厂家订了: the part, not the maker's repair
	case needOutsideRE.MatchString(note):
		need = "需要外包维修"
	case needBuyRE.MatchString(note):
		need = "需要采购"
	case needPartRE.MatchString(note):
		need = "需要配件"
	}
	return flows.Clip(tidyReason(note), 300), need
}

// blockTrailRE is a reason with 修不好 N after it: 锁芯库房没得了 要买 修不好5.
var blockTrailRE = rx.MustCompile(`^(\S.*?)[，,。；;\s]*修不好\s*\d{1,3}\s*号?[。！!]*$`)

// dialectReason are words of a reason said in dialect, as the leaders
// read them: 没得 is 没有.
var dialectReason = strings.NewReplacer("没得", "没有")

// tidyReason is a worker's reason as the leaders read it: dialect said
// plainly, its pieces joined by commas (锁芯库房没有了，要买).
func tidyReason(s string) string {
	pieces := strings.Fields(dialectReason.Replace(strings.TrimSpace(s)))
	return strings.Join(pieces, "，")
}

// blockedWords say a job cannot be done as it is: 修不了, 得换新的; 我一个人
// 搞不定, 得找施工队重新砌 (the fifteenth user test's F13, only relayed);
// 我一个人整不了, 得请外面防水公司来做 (user test 16's F10); a new one
// to buy, or the leaders to decide: 得换个新的电波钟 这个得领导定 买不买,
// 建议换新的 (user test 27's K23, K24, not understood).
var blockedWords = rx.MustCompile(`修不了|修不好|(?:得|要|需要|只能)换(?:个|一个|只|台|套)新|` + leaderBuys + `|没法修|修不成|[焊弄搞装整]不了|[搞弄整]不定|(?:要|得|需要|只能)(?:找|请|叫)(?:施工队|工程队|电工队|专业的?(?:人|队|公司)|\p{Han}{0,4}公司)|得换新|要换新|需要换新|只能换新|得更换|需要更换|要更换|得整个换|得换整|要换整|(?:要|得|需要)找外面|(?:要|得|需要)请外面|(?:要|得|需要)找厂家|(?:要|得|需要|只能)(?:让|请|叫|等)?厂家(?:的人)?(?:来|上门)`)

// waitsOnLeaders reports whether the job of his that words saying it
// cannot be done name is one already waiting for the leaders (修不好), and
// no job he may still say so of is named.
func waitsOnLeaders(t *flows.Turn, text string) bool {
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	norm := strings.ToLower(parse.Normalize(text))
	n := 0
	for _, r := range rs {
		if r.WorkerID != t.Staff.ID || !(namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || namesHead(norm, r.Item)) {
			continue
		}
		if mayAct(t, r, verbBlock) == "" {
			return false
		}
		if r.Status == RepairBlocked {
			n++
		}
	}
	return n == 1
}

// leaderBuys is a new one asked of the leaders, to buy: 建议换新的, 这个得
// 领导定 买不买 (user test 27's K23, K24): 需要采购, with no question.
const leaderBuys = `(?:得|要|需要|请|等)领导(?:来)?(?:定|决定|拍板|批|说了算)|买不买|换不换|建议(?:换|买|采购|更换)`

var leaderBuysRE = rx.MustCompile(leaderBuys)

func askTransferee(t *flows.Turn, r Repair, args []string) error {
	buttons, err := workerButtons(t, r)
	if err != nil {
		return err
	}
	if len(args) > 0 && args[0] == offSick {
		return handOverSick(t, r, args[1:]) // 发烧了…让别人干: all back to the 总务主任
	}
	if len(args) > 0 && args[0] == giveBack {
		// 饮水机的不是我的活 我不会修水: to the trade's worker by the
		// routes, when the words or the job say a trade not his.
		if id, err := rerouteAway(t, r, args[1:]); err != nil || id != 0 {
			if err != nil {
				return err
			}
			return reassign(t, r, id, false)
		}
		heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
		if err != nil {
			return err
		}
		for _, h := range heads {
			if h.ID == t.Staff.ID {
				continue
			}
			return reassign(t, r, h.ID, false) // 已把 … 转派给陈主任: he routes it again
		}
		args = nil // no 总务主任: to whom, among the workers
	}
	if len(args) > 0 && args[0] != "" {
		if r.WorkerID != 0 && r.WorkerName != "" && namesPerson(args[0], r.WorkerName) {
			// 302玻璃让孙师傅去弄, the glass his already (the re-run of user
			// test 18's N5 was told 没有找到可以转派的孙师傅 and asked
			// 转派给谁): nothing to change; 催 offered.
			t.Say(fmt.Sprintf("%s（%s「%s」）已经在%s手上了（%s，期限 %s），不用再转派。需要催他的话，请回复「催 %d」。",
				r.Ref, r.Place(), jobWords(r, 20), r.WorkerName, r.Status.Label(), t.When(r.DueAt), Num(r)))
			return nil
		}
		// 转给孙师傅 (args: the name, and the trade said or ""): to him,
		// as the trade said when it is one.
		for _, b := range buttons {
			label, _, _ := strings.Cut(b.Label, "（")
			if !namesPerson(args[0], label) {
				continue // 老周 is 周师傅 (handover.go)
			}
			id, _ := strconv.ParseInt(b.Data, 10, 64)
			if len(args) > 1 && args[1] != "" && flows.Trade(args[1]) != r.Trade && slices.Contains(flows.Trades, flows.Trade(args[1])) {
				r.Trade = flows.Trade(args[1])
			}
			return reassign(t, r, id, false)
		}
		t.Say(fmt.Sprintf("没有找到可以转派的「%s」。", args[0]))
	}
	if len(buttons) == 0 {
		t.Say("没有其他可以转派的维修人员，请联系总务主任。")
		return nil
	}
	t.Say("转派给谁？\n"+flows.Numbered(buttons), buttons...)
	return ask(t, stateXferTo, followUpData{ID: r.ID})
}

// refusedTrade is the trade a worker's refusal says the job is (是电工的
// 活, 我不会修水: 水暖), when it is not one of his; else "".
func refusedTrade(text string, s flows.Staff) flows.Trade {
	tr := tradeSaid(text)
	if tr == "" {
		if m := cannotMendRE.FindStringSubmatch(text); m != nil {
			tr = map[string]flows.Trade{"水": flows.TradePlumbing, "水管": flows.TradePlumbing, "电": flows.TradeElectrical,
				"电路": flows.TradeElectrical, "门": flows.TradeCarpentry, "锁": flows.TradeCarpentry, "木头": flows.TradeCarpentry,
				"电脑": flows.TradeAV, "投影": flows.TradeAV}[m[1]]
		}
	}
	if containsTrade(s.Trades, tr) {
		return ""
	}
	return tr
}

// cannotMendRE is a worker saying what he cannot mend: 我不会修水, 不会弄电.
var cannotMendRE = rx.MustCompile(`不会(?:修|弄|搞)(水管|水|电路|电脑|电|门|锁|木头|投影)`)

// rerouteAway is the worker the routes give r's trade (or the trade said,
// args[0]) to, other than the worker handing it back; 0 when the trade is
// his own or no one else is routed for it.
func rerouteAway(t *flows.Turn, r Repair, args []string) (int64, error) {
	if strings.HasPrefix(r.Decision, "改派给") {
		return 0, nil // a leader chose him: the 总务主任 chooses again
	}
	tr := r.Trade
	if len(args) > 0 && args[0] != "" {
		tr = flows.Trade(args[0])
	}
	if tr == "" || containsTrade(t.Staff.Trades, tr) && (len(args) == 0 || args[0] == "") {
		return 0, nil
	}
	building := ""
	if r.LocationID != 0 {
		if loc, err := t.Tx.LocationByID(t.Ctx, r.LocationID); err == nil {
			building = loc.Building
		}
	}
	cands, err := db(t).RouteCandidates(t.Ctx, t.School.ID, tr, building, t.Now)
	if err != nil {
		return 0, err
	}
	// Never back to the worker who has just handed it on (燃气的我去不了
	// 转给孙师傅吧): he said he cannot.
	handedOn := strings.TrimSuffix(strings.TrimPrefix(r.RouteReason, "由"), "转派")
	cands = slices.DeleteFunc(cands, func(c RouteCandidate) bool {
		return c.StaffID == t.Staff.ID || handedOn != "" && handedOn != r.RouteReason && c.Name == handedOn
	})
	id, _ := ChooseWorker(cands)
	return id, nil
}

// askReclassWhy asks why r changes to the tier of the command (改紧急 7),
// or first which tier (the button).
func askReclassWhy(t *flows.Turn, r Repair, args []string) error {
	if len(args) > 0 {
		to, note := tierForTomorrow(t, r, ParseTier(args[0]))
		unrush := t.Msg.Button == "" && leaderUnrushRE.MatchString(parse.Normalize(t.Text))
		if r.Tier != TierUrgent && unrush && (to == TierSmall || to == r.Tier) {
			// 不算紧急 of a job that is not: nothing to change.
			t.Say(fmt.Sprintf("%s 现在是%s，不是紧急报修，期限是 %s 前，不用改。", r.Ref, r.Severity(), t.When(r.DueAt)))
			return nil
		}
		if to == r.Tier {
			t.Say(fmt.Sprintf("%s 已经是%s了。", r.Ref, r.Severity()))
			return nil
		}
		if why := reclassReason(t); why != "" {
			return reclassifySaying(t, r, to, flows.Clip(why, 200), note) // 玻璃要去外面配，这单改成大修吧
		}
		if why, err := orderedReason(t, r); err != nil {
			return err
		} else if why != "" {
			// 试卷明天就到: said with his order a moment ago (user test
			// 31's T11 was asked again, also after picking the job of
			// two numbered 7, his typed 「1」 read as its button).
			return reclassifySaying(t, r, to, flows.Clip(why, 200), note)
		}
		t.Say(fmt.Sprintf("把 %s 从%s改为%s，请说明原因：", r.Ref, r.Severity(), to.Label()))
		return ask(t, stateReclassWhy, followUpData{ID: r.ID, Choice: string(to)})
	}
	buttons := tierButtons(r)
	t.Say(fmt.Sprintf("%s 现在是%s，改为：\n%s", r.Ref, r.Severity(), flows.Numbered(buttons)), buttons...)
	return ask(t, stateReclassTier, followUpData{ID: r.ID})
}

// reclassSaidRE is a worker asking in words for his job's tier changed:
// 这单改成大修吧, 改为小修, 算大修 (the fifteenth user test's F25 began a
// new report). Its group is the tier's word.
var reclassSaidRE = rx.MustCompile(`(?:这单|这个|这个单子|这活)?(?:改成|改为|改到|改|算|转成|转为|按)(大修|小修|紧急)(?:吧|了|啊|哈|嘛|来算|算)?`)

// leaderReclassRE is a leader changing a job's tier in words, the job
// named before or after (保密室门锁那个单子改成紧急, 7号单改紧急); its
// first group is the tier's word. leaderUnrushRE says a job is not
// urgent (307玻璃那个不算紧急 明天修就行): 改小修. A bare 不急 is a
// reporter's 留言 (reporter.go), not this.
var (
	leaderReclassRE = rx.MustCompile(`(?:改成|改为|改到|改|转成|转为|升为|升成|调成|调为|按|算)(紧急|大修|小修)`)
	leaderUnrushRE  = rx.MustCompile(`(?:不算|不是|不属于|算不上|不用算|不用按|没那么|不那么|不用那么|没有那么)(?:紧急|急)`)
	// reclassJobRE is the job named before the change: 保密室门锁那个单子,
	// 307玻璃那个, 7号单.
	reclassJobRE = rx.MustCompile(`^[^，,。；;\s]{0,16}?(?:那个单子|这个单子|那张单子?|那单|这单|的单子|那个|这个)|^\s*\d{1,3}\s*号(?:单子?|报修)?`)
)

// reclassAskedRE is a question about a job's tier rather than its change:
// 要不要改成紧急, 307玻璃那个算紧急吗, 能不能按大修. (A leading ？, as in
// 「？我是说保密室门锁那个单子改成紧急」, is no question.)
var reclassAskedRE = rx.MustCompile(`要不要|该不该|需不需要|需要不需要|用不用|是不是|是否|能不能|可不可以|行不行|吗\s*[？?]?\s*$|[？?]\s*$`)

// leaderReclassTier is the tier word a leader's words change a job to
// (see leaderReclassRE), or "".
func leaderReclassTier(text string) string {
	norm := parse.Normalize(strings.TrimSpace(text))
	if reclassAskedRE.MatchString(norm) {
		return "" // 保密室门锁那个要不要改成紧急: asked, not changed
	}
	if leaderUnrushRE.MatchString(norm) {
		if m := leaderReclassRE.FindStringSubmatch(leaderUnrushRE.ReplaceAllString(norm, "")); m != nil && m[1] != "紧急" {
			return m[1] // 不算紧急 改大修吧
		}
		return "小修"
	}
	if m := leaderReclassRE.FindStringSubmatch(norm); m != nil {
		return m[1]
	}
	return ""
}

// reclassReason is what a worker said with his tier change besides the
// change itself (两点前肯定装不上，玻璃要去外面配), or "" when he said
// only the change (改大修 1) or tapped it. The words that name the job
// (307玻璃那个) are no reason.
func reclassReason(t *flows.Turn) string {
	if t.Msg.Button != "" {
		return ""
	}
	text := strings.TrimSpace(t.Text)
	if m := reclassChangeRE.FindStringIndex(text); m != nil {
		// 把保密室门锁那单升为紧急 试卷明天就到: the words after the change,
		// when there are enough of them, with nothing of the job before.
		after := strings.Trim(reclassNumRE.ReplaceAllString(text[m[1]:], ""), " ，,。.！!；;？?")
		if utf8.RuneCountInString(after) >= 4 {
			return after
		}
	}
	rest := leaderUnrushRE.ReplaceAllString(text, "")
	rest = reclassSaidRE.ReplaceAllString(rest, "") // with its 这单
	rest = reclassChangeRE.ReplaceAllString(rest, "")
	rest = strings.TrimPrefix(strings.TrimSpace(rest), "把")
	rest = reclassJobRE.ReplaceAllString(strings.TrimSpace(rest), "")
	rest = reclassNumRE.ReplaceAllString(rest, "")
	rest = strings.Trim(rest, " ，,。.！!；;？?")
	if utf8.RuneCountInString(rest) < 4 {
		return ""
	}
	return rest
}

// reclassChangeRE is the tier change said, with the words that end it:
// 不算紧急, 改成紧急吧, 升为紧急, 按紧急处理.
var reclassChangeRE = rx.MustCompile(`(?:不算|不是|不属于|算不上|不用算|不用按|没那么|不那么|不用那么|没有那么)(?:紧急|急)|(?:改成|改为|改到|改|转成|转为|升为|升成|调成|调为|按|算)(?:紧急|大修|小修)(?:来处理|处理|来算|算|吧|了|啊|哈|嘛)*`)

// reclassNumSaidRE is a job's short number right after the tier word,
// words following: 改小修 1 先不急 (a typed command has no words after
// it). Two digits at most, so 改紧急 307 玻璃碎了 names no job 307.
var reclassNumSaidRE = rx.MustCompile(`(?:紧急|大修|小修)\s*(\d{1,2})(?:\s|[，,。]|$)`)

// reclassNumRE is the job's number left before the reason once the
// words naming the job are gone: 7, 2号单 (302窗户那个2号单改成紧急 考场要用).
var reclassNumRE = rx.MustCompile(`^\s*\d{1,3}\s*(?:号(?:单子?|报修)?)?`)

// orderedReason is the writer's own words on r, his order (领导交代)
// passed to its worker within NoteReplyWindow, which give the reason of a
// tier change he asks for now; "" when there are none.
func orderedReason(t *flows.Turn, r Repair) (string, error) {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return "", nil
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return "", err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if e := evs[i]; e.Kind == EventOrdered && e.ActorID == t.Staff.ID && t.Now.Sub(e.At) <= NoteReplyWindow {
			return e.Note, nil
		}
	}
	return "", nil
}

// tomorrowSaidRE says a job mended tomorrow is soon enough: 明天修就行,
// 明天再弄, 明早修好就行, 明天上午去换.
var tomorrowSaidRE = rx.MustCompile(`(?:明天|明早|明日|明儿)(?:白天|上午|下午|早上|一早)?(?:再|去|来|找人)*(?:修|弄|换|处理|搞|装)`)

// tierForTomorrow is the tier a change to tier to makes of r when the
// words say tomorrow is soon enough (307玻璃那个不算紧急 明天修就行, user
// test 31's T40), with what the leader is told of the rules; to and ""
// otherwise. 小修不隔夜: a 小修 the rules make due today contradicts
// 明天修就行, so a change asked only as 不算紧急 becomes the 大修 the
// rules make due tomorrow, and the 小修 offered; a 小修 asked for by name
// stays one, and the 大修 is offered.
func tierForTomorrow(t *flows.Turn, r Repair, to Tier) (Tier, string) {
	norm := parse.Normalize(t.Text)
	if to != TierSmall || t.Msg.Button != "" || !tomorrowSaidRE.MatchString(norm) {
		return to, ""
	}
	loc := t.School.Location()
	small := RepairDue(t.School.Settings, loc, r.ReportedAt, TierSmall)
	large := RepairDue(t.School.Settings, loc, r.ReportedAt, TierLarge)
	afterToday := func(due time.Time) bool {
		y, m, d := t.Now.In(loc).AddDate(0, 0, 1).Date()
		return !due.In(loc).Before(time.Date(y, m, d, 0, 0, 0, 0, loc))
	}
	if afterToday(small) || !afterToday(large) {
		return to, "" // reported after the evening cutoff: 小修 is due tomorrow morning
	}
	if leaderReclassRE.MatchString(leaderUnrushRE.ReplaceAllString(norm, "")) {
		// 改小修 明天修就行: as asked, with the rule said.
		return TierSmall, fmt.Sprintf("按规定小修不隔夜，要在 %s 前修好；如果明天再修，请回复「改大修 %d」（大修的期限是 %s）。",
			t.When(small), Num(r), t.When(large))
	}
	return TierLarge, fmt.Sprintf("按规定小修不隔夜，要在 %s 前修好；你说明天修就行，所以按大修算。如果今天就修，请回复「改小修 %d」。",
		t.When(small), Num(r))
}

// tierButtons are the tiers r can change to.
func tierButtons(r Repair) []flows.Button {
	var out []flows.Button
	for _, tier := range Tiers {
		if tier != r.Tier {
			out = append(out, flows.Button{Label: tier.Label(), Data: string(tier)})
		}
	}
	return out
}

// leaderReassignRE is a leader giving a job to a named worker: 4号转给王师傅吧;
// (leaderGiveRE also: 那个单子还是给王师傅, back to whom it was with);
// leaderLetRE the same said as who does it: 先给孙师傅弄一下, 让孙师傅去修.
// (leaderGiveRE: 给王师傅，中午就是他焊的, a reason after it, was asked
// again at the decision menu in the fifteenth user test.)
var (
	leaderReassignRE = rx.MustCompile(`(?:转给|改派给|改派|改给|派给|交给|换成|换)\s*(\p{Han}{1,3}?(?:师傅|老师|工))`)
	leaderGiveRE     = rx.MustCompile(`^(?:那就|那)?(?:给|交给)\s*(\p{Han}{1,3}?(?:师傅|老师|工))(?:吧|了|啊)?(?:[。！!]*$|[，,；;\s]+\S)|(?:还是|仍然|仍旧|改回|还回)(?:给|交给|归|让)\s*(\p{Han}{1,3}?(?:师傅|老师|工))(?:吧|了|啊|来修|修|弄)?[。！!]*$`)
	leaderLetRE      = rx.MustCompile(`(?:给|让|叫|请|找)\s*(\p{Han}{1,3}?(?:师傅|老师|工))\s*(?:先|去|来|过去)?\s*(?:弄|修|看|处理|搞|干|接)`)
)

// newJobLet reports whether a leader's 让王师傅先修一下 is said of a thing
// no open job is about, which the words report: 302的门让王师傅先修一下，
// 下午有公开课 (p20lead) was asked which of five jobs to 改派. Words that
// give a job (转给, 改派) are never a new one.
func newJobLet(t *flows.Turn, text string) bool {
	if leaderReassignRE.MatchString(text) || leaderLetRE.FindStringIndex(text) == nil ||
		intentOf(text, Sender{Roles: t.Staff.Roles}) != IntentReport {
		return false
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 && g.PlaceText == "" && g.Item == "" {
		return false // 让孙师傅去修: of the job at hand
	}
	rs, err := openRepairs(t)
	if err != nil {
		return false
	}
	return !slices.ContainsFunc(rs, func(r Repair) bool {
		return matches(r, g) && (g.PlaceText == "" || g.LocationID != 0)
	})
}

// reassignSaid returns the worker's name a leader gives a job to in words,
// or "".
func reassignSaid(text string) string {
	if m := leaderReassignRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	if m := leaderLetRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	if m := leaderGiveRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		// 给王师傅, at the decision question; 303后门锁那个单子还是给王师傅,
		// a job given back to whom it was with (user test 28).
		return m[1] + m[2]
	}
	if name := sentSaid(text); name != "" {
		return name // 换个人 让周师傅去 (leaders.go)
	}
	return sentToDo(text) // 让孙师傅先去把碎玻璃清了 (leadsend.go)
}

// reassignNamed gives r to the worker named in a leader's words (4号转给王
// 师傅吧, 周师傅请假了 先给孙师傅弄一下) when exactly one other worker of
// the school has that name; it reports whether it did.
func reassignNamed(t *flows.Turn, r Repair) (bool, error) {
	name := reassignSaid(t.Text)
	if t.Msg.Button != "" || name == "" {
		return false, nil
	}
	ws, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleWorker)
	if err != nil {
		return false, err
	}
	var hit []flows.Staff
	for _, w := range ws {
		if w.Name == name || strings.HasPrefix(w.Name, strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "师傅"), "老师"), "工")) {
			hit = append(hit, w)
		}
	}
	if len(hit) != 1 || hit[0].ID == r.WorkerID {
		return false, nil
	}
	return true, reassign(t, r, hit[0].ID, true)
}

// nudgeElsewhere reports whether text, read as 催 of the ready jobs of
// items, names a place in words (楼梯口) none of them is at, and names
// none of them by its own words: it is about something else.
func nudgeElsewhere(t *flows.Turn, text string, rs []Repair, items []flows.Item) bool {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false
	}
	g := GuessRepair(text, locs)
	if g.PlaceText == "" || g.LocationID != 0 {
		return false
	}
	norm := strings.ToLower(parse.Normalize(text))
	for i, r := range rs {
		if items[i].Ready && (atPlace(r, g.PlaceText) || namesDescribed(norm, r.Description)) {
			return false
		}
	}
	return true
}

// nudgeSaidRE is 催 with the job's number: 4号催一下周师傅, 催一下4号.
var nudgeSaidRE = rx.MustCompile(`^(?:\d{1,3}\s*号(?:单|的|那个)?\s*)?催(?:一下|一催|催)?(?:\s*\d{1,3}\s*号)?`)

// nudgeOfThingRE is 催 after the repair's words: 饮水机漏水那个帮我催下周师傅,
// 303灯那单催一下, 投影仪的麻烦催催.
var nudgeOfThingRE = rx.MustCompile(`\p{Han}(?:那个|那单|那件事?|的)[，,\s]*(?:帮我|帮忙|麻烦你?|给我|你)?(?:再)?催(?:一下|下|一催|催)?`)

// nudgeNow is 催: the worker told at once (once a day per repair).
func nudgeNow(t *flows.Turn, r Repair, _ []string) error {
	told, err := nudge(t, r)
	if err != nil {
		return err
	}
	if told {
		passed := ""
		if nudgeWords(t) != "" {
			passed = "，也转告了你的话"
		}
		t.Say(fmt.Sprintf("已提醒%s尽快处理 %s（%s %s），期限 %s%s。", r.WorkerName, r.Ref, r.Place(), jobWords(r, 20), t.When(r.DueAt), passed))
		return nil
	}
	t.Say(fmt.Sprintf("今天已经提醒过%s了；%s 的期限是 %s，超过会自动上报分管领导督办。%s说明情况后，我会转告你。", r.WorkerName, r.Ref, t.When(r.DueAt), r.WorkerName))
	return nil
}

// jobLeadRE is a job's number the words of a decision begin with: 3号先
// 不修了, 3号单子同意采购; not a date (3号之前修好).
var jobLeadRE = rx.MustCompile(`^\s*\d{1,3}\s*号(?:单子?)?(?:[\s，,]|先|那个|那单|这个|同意|批准|暂缓|不)`)

func askDecision(t *flows.Turn, r Repair, args []string) error {
	if slices.Contains(args, askWhoArg) {
		return askWhoGoes(t, r) // 围墙那个紧急的谁去弄 (leadsend.go)
	}
	if done, err := reassignNamed(t, r); done || err != nil {
		return err // 4号转给王师傅吧: the worker named, when the school has them
	}
	if name := reassignSaid(t.Text); t.Msg.Button == "" && name != "" && r.WorkerID != 0 {
		// 叫孙师傅去看一下三楼的灯 when 孙师傅 has the job already: the
		// leader's words are for him, not a change of worker.
		if w, ok, err := workerNamed(t, name); err != nil {
			return err
		} else if ok && w.ID == r.WorkerID {
			return relayOrder(t, r, t.Text)
		}
	}
	// 3号先不修了 等放假再说: the job's number, not the 3rd (p20lead).
	said := jobLeadRE.ReplaceAllString(t.Text, "")
	if t.Msg.Button == "" && defersThing(t.Text) {
		// 投影仪那个先缓缓 等下学期统一换新的: 暂缓, its reason the rest
		// of the words; how long is asked unless said.
		a := followUpData{ID: r.ID, Choice: string(decisionDefer), Note: deferReason(t.Text)}
		if a.Note == "" {
			t.Say(leadSummary(t, r) + "\n暂缓处理。请说明暂缓的原因（会如实告诉报修人）：")
			return ask(t, stateLeadNote, a)
		}
		if due, ok := whenSaid(t, said); ok {
			return decideBy(t, r, a, due)
		}
		if due, ok := seasonDue(t, said); ok && nextTermRE.MatchString(said) {
			// 先缓一缓 … 下学期统一换新的 (user test 30's T41 was asked
			// 「预计几天后处理？」 again): the season said is when.
			return decideBy(t, r, a, due)
		}
		t.Say(leadSummary(t, r) + "\n暂缓处理，原因：" + a.Note + "\n" + deferDaysPrompt)
		return ask(t, stateLeadDays, a)
	}
	if t.Msg.Button == "" && refuseSaid(t.Text) {
		return refuseDecided(t, r) // 不批 自己想办法 (refuse.go)
	}
	if t.Msg.Button == "" && approvalSaid(t.Text) {
		// 同意采购: the approval, said; only how long is asked, unless
		// it was said too (三天内弄好, 明天装好, 今天务必装上 明天考试).
		if due, ok := dueSaid(t, said); ok {
			return decideBy(t, r, approving(t, r.ID), due)
		}
		n, ok := daysAhead(said)
		if !ok {
			n, ok = dateDays(t, said)
		}
		if ok {
			return decide(t, r, approving(t, r.ID), n)
		}
		if due, ok := termDue(t, said); ok {
			return decideBy(t, r, approving(t, r.ID), due) // 元旦汇演前一定要装好 (user test 30's T51)
		}
		t.Say(leadSummary(t, r) + "\n批准外修或采购，预计几天内修好？请回复天数（1–60）。")
		return ask(t, stateLeadDays, approving(t, r.ID))
	}
	t.Say(leadSummary(t, r)+"\n请选择处理方式：\n"+flows.Numbered(leadButtons), leadButtons...)
	return ask(t, stateLeadChoose, followUpData{ID: r.ID})
}

// approving is the approval of job id a leader's words give: what they
// say more (approvalWords), and what they approve (外包, 采购) when said.
func approving(t *flows.Turn, id int64) followUpData {
	a := followUpData{ID: id, Choice: string(decisionApprove), Note: approvalWords(t)}
	if t.Msg.Button == "" {
		a.What = saidApproved(t.Text)
	}
	return a
}

// approvalWords are a leader's words of an approval when they say more
// than the approval (图书馆投影仪返厂同意 让吴老师联系厂家 两周), passed on
// to the worker as said; "" for a bare 同意采购.
func approvalWords(t *flows.Turn) string {
	text := strings.TrimSpace(t.Text)
	if t.Msg.Button != "" || leaderApproves.MatchString(text) || approveWordsRE.MatchString(text) || approveBareRE.MatchString(text) {
		return ""
	}
	return flows.Clip(text, 200)
}

// leaderApproves is a leader approving what a worker could not do, said
// with what is approved (同意采购, 批准外修, 可以 找外面的人修): a bare 可以
// may be meant for a visitor waiting at the gate.
var leaderApproves = rx.MustCompile(`^(?:同意|批准|可以)[，,\s]*(?:采购|外包|外修|购买|买新的|换新的|找外面的人修|请外面的人修)(?:吧|了)?[。！!]*$`)

// leaderApprovesSaid is an approval said with more around it: 楼梯扶手那个
// 同意找外面焊 三天内弄好, 饮水机那个同意让厂家来修, 图书馆投影仪返厂同意
// 让吴老师联系厂家 两周, 303饮水机那个漏了十天了？直接换台新的吧 (the
// eighth user test's principal: buying a new one is approving 采购).
var leaderApprovesSaid = rx.MustCompile(`(?:返厂|外修|外包|采购)(?:的事)?\s*(?:同意|批准)|(?:同意|批准|可以)[^，。,；;]{0,3}?(?:找外面|请外面|外包|外修|返厂|采购|购买|买新|换新|找厂家|让厂家|请厂家|买(?:吧|了|个|一个|新的)?(?:$|[\s，,。；;]))|直接(?:换|买)(?:台|个|一台|一个)?新的|(?:换|买)(?:台|个|一台|一个)新的吧`)

// daysSaidRE is how long, said with an approval: 三天内, 3天, 一个礼拜.
// 四十来天, 二十多天, 十天左右 are about that many (the fourteenth user
// test's 分管领导: 「寒假以后吧 大概四十来天」).
var daysSaidRE = rx.MustCompile(`((?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:来|多|把)?\s*天|一个?礼拜|一个?星期|一周|两周|两个礼拜|两个星期|半个月|一个月|两个月)`)

// daysAhead is how long is given, said with an approval (三天内弄好), not
// how long it has been (漏了十天了, 都一周了: the eighth user test's
// principal, whose 十天 became the new deadline).
func daysAhead(text string) (int, bool) {
	for _, m := range daysSaidRE.FindAllStringSubmatchIndex(text, -1) {
		before, _ := utf8.DecodeLastRuneInString(text[:m[0]])
		after, _ := utf8.DecodeRuneInString(text[m[1]:])
		if before == '了' || before == '都' || before == '已' || after == '了' {
			continue
		}
		return parseDays(text[m[2]:m[3]])
	}
	return 0, false
}

func askRedoWhy(t *flows.Turn, r Repair, _ []string) error {
	if _, command := flows.ReadCommand(t.Text, typedWords); t.Msg.Button == "" && !command && (notFixedRE.MatchString(t.Text) || rejectedRE.MatchString(t.Text)) {
		return reopen(t, r, flows.Clip(t.Text, 200)) // 还是不亮: what is wrong, told already
	}
	if words := t.ButtonWords(); words != "" {
		return reopen(t, r, flows.Clip(words, 200)) // 2 靠窗那组: 没修好, and where
	}
	t.Say("哪里还没修好？请简单说明（或回复「跳过」）。")
	return ask(t, stateRedoWhy, followUpData{ID: r.ID})
}

// waitedRemarkRE is a remark beside a sign-off that the repair was slow
// in coming: 等了好久, 太慢了, 拖了三天, 来得有点晚.
var waitedRemarkRE = rx.MustCompile(`等了|好久|太久|很久|慢|拖了|晚了|(?:有点|有些|太|很|这么|比较)晚`)

// notFixedRE says a repair marked done is not: 还是不亮, 又漏了, 没修好;
// the fault said still there, 还在滴, 还是有点渗水, 还漏, 灯没好 (the
// eleventh user test's 「接头那还在滴」 had opened a new report); or never
// mended at all, 根本没修, 压根没人来, 根本没人来修 (the fifteenth's 「插座根本
// 没修啊，电工队都还没来，咋个就完成了？」 was not understood); 还是松垮垮的,
// 还是晃 (user test 16's 「插座我试了下 还是松垮垮的 插头一碰就掉」 had
// opened a new report). Half of it mended is not mended: 只好了一半, 一半
// 亮一半不亮, 才修好两个; nor is a radiator still cold: 后面靠窗的还是凉的
// (user test 28's N16 had been signed off, 好了 read in 只好了一半).
var notFixedRE = rx.MustCompile(`(?:根本|压根儿?)没(?:有)?(?:人)?(?:来)?(?:修|弄|换|人来)|还是(?:不|没|坏|漏|堵|一样|老样子|有问题|松|晃|掉|滴|渗|响|卡|凉|冷|冰|黑)|` +
	`(?:修|弄)?好了?一半|一半(?:好|亮|热|通|能|没|不|还)|(?:只|才)(?:修|弄)?好了?(?:一|两|几|部分)|又(?:坏|不|漏|堵|掉|松)|没修好|没有修好|还没好|还不行|还没修好|仍然(?:不|没)|依然(?:不|没)|老样子|跟原来一样|和原来一样|没弄好|没搞好|没整好|还(?:是|在)一?闪|` +
	`还(?:在|是在|是有点|有点|是一直|一直|在一直)?(?:滴|漏|渗|响|晃|堵|坏着|冒烟|冒水|冒火|跳闸|打火|不亮|不通|不出水|有味|有股味|凉|冰|不热)|没好(?:$|[^好意])|` +
	// A radiator barely warm (user test 30's T22): 还是温温的, 还不怎么热,
	// 还是一点都不热.
	// (Without 还, 不怎么热 is how a new report says it: 303 304
	// 305暖气都不怎么热.)
	`还是?(?:温温?的|温吞|不(?:怎么|太|够|大)热|一点(?:都|也)不热)|` +
	// 冰还没清干净, 没扫完 (user test 30's T43, its nearby words).
	// Without 还 it is a new report's words: 校门口的冰没清干净.
	`还没(?:有)?(?:清|扫|铲|拖|擦|清理|打扫|收拾|弄|处理)(?:得)?干净|还没(?:有)?(?:清|扫|铲)完`)

// againSaidRE is the fault said to have happened again (又漏水了), and
// notFixedOnlyRE the words that only a repair still waited for says
// (还是坏的, 怎么还没修): with the first and none of the second, a
// message is a report.
var (
	againSaidRE    = rx.MustCompile(`又(?:坏|不|漏|堵|掉|松)`)
	notFixedOnlyRE = rx.MustCompile(`还是|没修好|没有修好|还没|还不行|仍然|依然|老样子|原来一样|没弄好|没搞好|没整好|怎么`)
)

// rate records the score of the button's argument and asks for a comment.
func rate(t *flows.Turn, r Repair, args []string) error {
	n := 0
	if len(args) > 0 {
		n, _ = strconv.Atoi(args[0])
	}
	also := ""
	if len(args) > 2 && args[1] == takeAlso {
		also = strings.Join(args[2:], ",") // the others signed off with r
	}
	if n < 1 || n > 5 {
		t.Say("请打 1 到 5 分。", rateButtons(r.ID, also)...)
		return nil
	}
	r.Rating = n
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: r.Status, To: r.Status, Note: strconv.Itoa(n)}); err != nil {
		return err
	}
	refs := []string{r.Ref}
	if also != "" {
		// 5 at 「请为这两次维修打分」: each one's score.
		others, err := rateOthers(t, also, n)
		if err != nil {
			return err
		}
		refs = append(others, r.Ref)
	}
	switch {
	case n <= 2:
		// 两分吧 (user test 18's F8): sorry, not thanks.
		t.Say(ratedLineOf(refs, n) + "哪里不满意，可以直接说，我会记下来；没有的话回复「跳过」结束。")
	case n == 3:
		t.Say(ratedLineOf(refs, n) + "哪里可以做得更好，可以直接说；没有的话回复「跳过」结束。")
	case len(refs) > 1:
		t.Say(ratedLineOf(refs, n) + "还有什么想说的吗？（直接回复，或回复「跳过」结束）")
	default:
		t.Say(fmt.Sprintf("谢谢你的 %d 分！还有什么想说的吗？（直接回复，或回复「跳过」结束）", n))
	}
	return ask(t, stateRateComment, followUpData{ID: r.ID})
}

// decidedBy is the name of the leader who made a decision (批准外修（陈主任）,
// 暂缓：…（刘副校长）), or "" when it does not say.
// decisionParts is a decision without the name of the leader who made
// it, and the name: 「暂缓：等寒假（陈主任）」 is 「暂缓：等寒假」 and 陈主任.
// Its first 「：」 reads as 「，」 after another colon (暂缓，等寒假).
func decisionParts(decision string) (what, who string) {
	who = decidedBy(decision)
	what = strings.Replace(strings.TrimSuffix(decision, "（"+who+"）"), "：", "，", 1)
	return what, who
}

// eventsReader is the optional trail a store keeps of each repair
// (PageStore's RepairEvents).
type eventsReader interface {
	RepairEvents(ctx context.Context, repairID int64) ([]RepairEvent, error)
}

// decidedAt is when r's decision was made, from the repair's trail; zero
// when the store keeps none.
func decidedAt(t *flows.Turn, r Repair) time.Time {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return time.Time{}
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return time.Time{}
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if k := evs[i].Kind; k == EventDecided || k == EventTransferred {
			return evs[i].At
		}
	}
	return time.Time{}
}

func decidedBy(decision string) string {
	if !strings.HasSuffix(decision, "）") {
		return ""
	}
	i := strings.LastIndex(decision, "（")
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(decision[i+len("（"):], "）")
}

// concerns reports whether t.Staff has a part in r: its reporter, its
// worker, a worker of its trade (who may take it), a leader or dispatcher,
// or a follower.
func concerns(t *flows.Turn, r Repair) (bool, error) {
	s := t.Staff
	if r.ReporterID == s.ID || r.WorkerID == s.ID || handedOnBy(r, s) || s.Has(flows.RoleHead, flows.RoleAdmin, flows.RoleLeader, flows.RolePrincipal) ||
		s.Has(flows.RoleWorker) && (containsTrade(s.Trades, r.Trade) || containsTrade(s.Trades, flows.TradeGeneral)) {
		return true, nil
	}
	fs, err := db(t).Followers(t.Ctx, r.ID)
	if err != nil {
		return false, err
	}
	return slices.Contains(fs, s.ID), nil
}

// mayAct returns why t.Staff may not do verb to r, or "".
func mayAct(t *flows.Turn, r Repair, v verb) string {
	dispatcher := t.Staff.Has(flows.RoleHead, flows.RoleAdmin)
	switch v {
	case verbTake:
		if r.Status == RepairAccepted && r.WorkerID == t.Staff.ID {
			return fmt.Sprintf("你已经接了 %s，修好后回复「完成 %d」。", r.Ref, Num(r))
		}
		if r.Status != RepairAssigned {
			return fmt.Sprintf("%s 目前%s，不能接单。", r.Ref, r.Status.Label())
		}
		if strings.HasPrefix(r.Decision, "改派给") && r.WorkerID != t.Staff.ID && !dispatcher {
			// A leader gave it to someone: another of the trade does not
			// take it from them (the one it was taken from least of all).
			what, who := decisionParts(r.Decision)
			if who == "" {
				who = "领导"
			}
			return fmt.Sprintf("%s 已由%s%s，无法接单。如需协助请联系总务主任。", r.Ref, who, what)
		}
		if r.WorkerID == t.Staff.ID || dispatcher || t.Staff.Has(flows.RoleWorker) && (containsTrade(t.Staff.Trades, r.Trade) || containsTrade(t.Staff.Trades, flows.TradeGeneral)) {
			return ""
		}
		return "这个任务不是派给你的，无法接单。如需协助请联系总务主任。"
	case verbDone, verbBlock, verbXfer, verbReclass:
		leader := v == verbReclass && t.Staff.Has(flows.RoleLeader, flows.RolePrincipal)
		if r.WorkerID != t.Staff.ID && !dispatcher && !leader {
			return "这个任务不是派给你的，无法操作。"
		}
		if v == verbDone && r.Status == RepairDone && r.WorkerID == t.Staff.ID {
			// 完成 again (a 没修好 taken back may have put it back to
			// done): nothing to do but wait.
			signer := r.ReporterName
			if selfReported(r) {
				signer = "总务主任"
			}
			return fmt.Sprintf("%s 已经记完成了，正在等%s验收，不用再点。", r.Ref, signer)
		}
		if r.Status == RepairBlocked && v == verbBlock {
			// 修不好 6, said again once reported (user test 18's second
			// re-run, N11, was told 不能这样操作).
			return fmt.Sprintf("%s（%s「%s」）已经上报分管领导了，正等领导决定，决定后会通知你。有新的情况直接发给我，我会补充进去。", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20))
		}
		if v == verbDone && mayUnblock(t, r) {
			return "" // 302的投影仪其实修好了 刚才弄错了, of his own 修不好 (unblock.go)
		}
		if !r.Status.Open() || r.Status == RepairBlocked && v != verbXfer {
			return fmt.Sprintf("%s 目前%s，不能这样操作。", r.Ref, r.Status.Label())
		}
		if r.Status == RepairBlocked {
			return fmt.Sprintf("%s 正等分管领导处理，暂时不能转派。", r.Ref)
		}
	case verbLead:
		if !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
			return "只有分管领导、校长或总务主任可以处理上报的维修。"
		}
		if !r.Status.Open() {
			return fmt.Sprintf("%s 目前%s，不需要处理。", r.Ref, r.Status.Label())
		}
		if r.Decision != "" && r.Status != RepairBlocked && t.Now.Before(r.DueAt) && r.WorkerID != t.Staff.ID {
			// (A job handed back to him is his to route again.)
			// Another leader decided and the new deadline stands: a
			// second 处理 would overwrite the decision unseen. He is told
			// who decided what, and when.
			what, decider := decisionParts(r.Decision)
			if ownReassign(t, r) && r.Status != RepairAssigned {
				// His own 改派, taken: the job is the new worker's, who
				// says 修不好 if he cannot (which asks the leaders again).
				// Not taken yet, he may give it to someone else (user test
				// 28's 总务主任 had sent a lock to the AV teacher by mistake
				// and was refused 「处理 5」).
				return fmt.Sprintf("%s 你已经%s，期限 %s，现在不需要再处理。", r.Ref, what, t.When(r.DueAt))
			}
			if decider != t.Staff.Name {
				who, by := "作出决定的领导", "已经处理过了"
				if decider != "" {
					who, by = decider, decider+"已经处理过了"
					if at := decidedAt(t, r); !at.IsZero() {
						by = decider + "已于" + t.When(at) + " 处理过了"
					}
				}
				return fmt.Sprintf("%s %s：%s，期限 %s。你不用再处理；如需改变，请先和%s商量。", r.Ref, by, what, t.When(r.DueAt), who)
			}
			// His own decision to approve or defer: he may change it.
		}
	case verbOK, verbRedo:
		if selfReported(r) {
			// A worker's own report of his own job is signed off by the
			// 总务主任, not by him (see finishDone).
			if !dispatcher {
				return fmt.Sprintf("%s 是你自己报修、自己修好的，由总务主任验收。", r.Ref)
			}
		} else if r.ReporterID != t.Staff.ID {
			return "只有报修人可以验收这次维修。"
		}
		if r.Status == RepairClosed && v == verbRedo {
			// 没修好 1 after it was signed off: what to do now.
			return fmt.Sprintf("%s 已经验收了。如果问题又出现了，请直接说一下，比如「%s%s 又出现了」，我会按返修重新派给%s。",
				r.Ref, r.Place(), jobWords(r, 12), workerOrOffice(r))
		}
		if r.Status != RepairDone && v == verbOK && mayTakeBackRedo(t, r) == "" {
			// 修好了 5 just after a 没修好 sent by mistake (undo.go).
			return fmt.Sprintf("%s 已按返修退回给%s，他回复「完成」后会再请你验收。如果刚才的「没修好」是点错了，请回复「点错了 其实修好了」，我会告诉%s不用返修。", r.Ref, r.WorkerName, r.WorkerName)
		}
		if r.Status == RepairClosed && r.AutoConfirmed {
			return fmt.Sprintf("%s 完成后 %d 天没有验收，已于 %s 自动验收了，不用再验收。", r.Ref, t.School.Settings.AutoConfirmDays, t.When(r.ClosedAt))
		}
		if r.Status != RepairDone {
			return fmt.Sprintf("%s 目前%s，不需要验收。", r.Ref, r.Status.Label())
		}
	case verbSplit:
		if r.Status == RepairClosed {
			return fmt.Sprintf("%s 已经验收了。如果你的问题还在，请重新报修。", r.Ref)
		}
	case verbNudge:
		if r.ReporterID != t.Staff.ID && !dispatcher && !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal) {
			return "只有报修人或领导可以催办这条报修。"
		}
		if !r.Status.Open() || r.WorkerID == 0 {
			return fmt.Sprintf("%s 目前%s，不用催了。", r.Ref, r.Status.Label())
		}
	case verbUnredo:
		return mayTakeBackRedo(t, r)
	case verbUndone:
		return mayUndoDone(t, r)
	case verbUnxfer:
		return mayUndoXfer(t, r)
	case verbRetake:
		return mayRetake(t, r)
	case verbStatus:
		if r.ReporterID != t.Staff.ID {
			return "只有报修人可以这样查询。"
		}
	case verbPhoto:
		if r.ReporterID != t.Staff.ID || !r.Status.Open() || r.Photo != "" || t.Image() == "" {
			return fmt.Sprintf("%s 不能再补照片了。", r.Ref)
		}
	case verbTell:
		if r.ReporterID != t.Staff.ID {
			return "只有报修人可以给这条报修留言。"
		}
		if !r.Status.Open() && r.Status != RepairDone || r.WorkerID == 0 {
			// Done, it awaits her sign-off: what is still owed (钥匙还没
			// 给我) may yet reach the worker.
			return fmt.Sprintf("%s 目前%s，不用留言了。", r.Ref, r.Status.Label())
		}
	case verbCancel:
		if r.ReporterID != t.Staff.ID && !dispatcher {
			return "只有报修人或总务主任可以撤销这条报修。"
		}
		if !r.Status.Open() {
			return fmt.Sprintf("%s 目前%s，不能撤销了。", r.Ref, r.Status.Label())
		}
		if strings.HasPrefix(r.Description, hazardRepairPrefix) {
			return fmt.Sprintf("%s 是隐患整改的维修单，不能撤销；请联系总务主任。", r.Ref)
		}
	case verbNote:
		if r.WorkerID != t.Staff.ID && !dispatcher {
			return "这个任务不是派给你的，无法说明进度。"
		}
		if !r.Status.Open() || r.Status == RepairDone {
			return fmt.Sprintf("%s 目前%s，不用再说明进度了。", r.Ref, r.Status.Label())
		}
	case verbPlace:
		if !dispatcher {
			return "只有总务主任可以修改地点表。"
		}
		if r.PlaceText == "" {
			return fmt.Sprintf("%s 的地点已经在地点表里了。", r.Ref)
		}
	case verbRate:
		if selfReported(r) && !dispatcher {
			return fmt.Sprintf("%s 是你自己报修、自己修好的，由总务主任验收评分。", r.Ref)
		} else if !selfReported(r) && r.ReporterID != t.Staff.ID {
			return "只有报修人可以评分。"
		}
		if r.Status != RepairClosed || r.Rating != 0 {
			return "这次维修已经评过分了，谢谢！"
		}
	}
	return ""
}

func containsTrade(ts []flows.Trade, t flows.Trade) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// takeManyRE is several jobs taken at once: 接单 3 6, 接3和6.
var takeManyRE = rx.MustCompile(`^(?:接单|接)\s*(\d{1,3}(?:\s*(?:[、,，和跟]|\s)\s*\d{1,3})+)\s*$`)

// takeSaidRE is a worker taking jobs by their numbers in words: 6和2我都接了,
// 5号那个锁我接了 (the thing said with a number goes with it).
var takeSaidRE = rx.MustCompile(`^(\d{1,3}(?:\s*号)?(?:\s*(?:[、,，和跟]|\s)\s*\d{1,3}(?:\s*号)?)*)\s*(?:号)?(?:单|的)?(?:那个|那单|这个)?\p{Han}{0,4}?[，,\s]*我?(?:都|也)?(?:接了|接|来接|来修|去修)(?:吧|了|啊)?[。！!]*$`)

// roomNumberSaid reports whether the numbers a worker said with his
// taking are one room number (three or four digits, no 号): 303桌子那个.
func roomNumberSaid(nums string) bool {
	return saidRoomRE.MatchString(strings.TrimSpace(nums))
}

var saidRoomRE = rx.MustCompile(`^\d{3,4}$`)

// takeAllRE is every job waiting taken at once: 两个都接, 都接了, 全接,
// 两单都接, 俩我都接了.
var takeAllRE = rx.MustCompile(`^(?:这|那)?(?:(?:([两二三四五六七八九2-9])(?:个|单)|(俩))(?:我)?)?(?:都|全都|全)接(?:了|单|吧)?[。！!]*$`)

// takeMany reads 接单 3 6 and 两个都接 from a worker: the jobs waiting for
// them with those numbers (or all of them, when their count is said or
// not), as one action on the first that carries the others (take). A
// count or numbers that fit the which-one list houqin last showed (「你有
// 2 个报修可以「接单」」, walked away from: user test 29b's S1) mean that
// list's jobs, not all those waiting.
func takeMany(t *flows.Turn, text string) (string, bool) {
	text = strings.TrimSpace(text)
	var nums []int
	all, count := false, 0
	m := takeManyRE.FindStringSubmatch(text)
	command := m != nil // 接单 3 6 names jobs, never a list's rows
	said := false
	if m == nil && t.Staff.Has(flows.RoleWorker) && t.Idle() {
		m = takeSaidRE.FindStringSubmatch(text) // 6和2我都接了, 5号那个锁我接了
		said = m != nil
	}
	if m != nil {
		for _, f := range numbersRE.FindAllString(m[1], -1) {
			n, _ := strconv.Atoi(f)
			nums = append(nums, n)
		}
	} else if m := takeAllRE.FindStringSubmatch(text); m != nil && t.Staff.Has(flows.RoleWorker) && t.Idle() {
		all = true
		if m[1] != "" {
			count, _ = parse.ParseChoice(m[1], 9)
		} else if m[2] != "" {
			count = 2
		}
	} else {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到你的报修，请稍后再试。")
		return "", true
	}
	var ids []string
	for _, r := range rs {
		if mayAct(t, r, verbTake) != "" {
			continue
		}
		if all || slices.Contains(nums, Num(r)) {
			ids = append(ids, strconv.FormatInt(r.ID, 10))
		}
	}
	shown := shownTakeList(t, rs)
	switch {
	case all && count > 0 && count != len(ids) && len(shown) == count:
		ids = shown // 两个都接了, of the two just listed
	case !all && !command && len(ids) != len(nums) && len(shown) > 0:
		if picked := listPositions(nums, len(shown)); picked != nil {
			ids = ids[:0] // 1和2都接, 12都接了: the list's 1 and 2
			for _, i := range picked {
				ids = append(ids, shown[i])
			}
			nums = picked
		}
	}
	switch {
	case len(ids) == 0 && all:
		return "", false // 都接了 said of something else
	case len(ids) == 0 && said && roomNumberSaid(m[1]):
		// 303桌子那个我接了 (user test 29c's V19): 303 is the room, not a
		// job's number; the job is named by its place and thing
		// (takeWordsSaid).
		return "", false
	case len(ids) == 0 && m != nil && slices.ContainsFunc(nums, func(n int) bool { return n >= 100 }):
		return "", false // 302 303 暖气的我都接了: rooms, not job numbers (takeWordsSaid)
	case len(ids) == 0:
		t.Say("没有找到可以接的这些单。发送「我的」可以查看你的任务。")
		return "", true
	case all && count > 0 && count != len(ids):
		t.Say(fmt.Sprintf("你现在有 %d 单可以接，不是 %d 单。请回复「接单 单号」逐个接，或发送「我的」查看。", len(ids), count))
		return "", true
	case !all && len(ids) != len(nums):
		t.Say("有的单号对不上（不是你能接的单，或已经接过了）。请发送「我的」查看，再回复「接单 单号」。")
		return "", true
	}
	id, _ := strconv.ParseInt(ids[0], 10, 64)
	return action(verbTake, id, append([]string{takeAlso}, ids[1:]...)...), true
}

// shownTakeList is the jobs of the which-one list houqin last showed the
// writer (askWhich's buttons, whose data are the jobs' ids), in its
// order, when every one of them may be taken by them now; else nil.
func shownTakeList(t *flows.Turn, rs []Repair) []string {
	buttons, _ := t.LastShown()
	if len(buttons) < 2 {
		return nil
	}
	var ids []string
	for _, b := range buttons {
		i := slices.IndexFunc(rs, func(r Repair) bool { return strconv.FormatInt(r.ID, 10) == b.Data })
		if i < 0 || mayAct(t, rs[i], verbTake) != "" {
			return nil
		}
		ids = append(ids, b.Data)
	}
	return ids
}

// listPositions reads numbers said of a list of n as its positions
// (0-based): 1和2 of two, and 12 of a list shorter than ten, digit by
// digit. It returns nil unless every one is in the list, once.
func listPositions(nums []int, n int) []int {
	if len(nums) == 1 && n < 10 && nums[0] >= 10 {
		s := strconv.Itoa(nums[0]) // 12都接了
		nums = nil
		for _, c := range s {
			nums = append(nums, int(c-'0'))
		}
	}
	if len(nums) < 2 {
		return nil
	}
	var picked []int
	for _, k := range nums {
		if k < 1 || k > n || slices.Contains(picked, k-1) {
			return nil
		}
		picked = append(picked, k-1)
	}
	return picked
}

// takeClauseRE is one job taken in words, named by its thing or place:
// 课桌我去紧一下, 窗户也接了, 楼梯扶手我去紧一下.
var takeClauseRE = rx.MustCompile(`^(?:\d{3,4})?\p{Han}{1,10}?(?:那个|那边|那里)?(?:我也|我都|我|也|都)?(?:马上|这就|现在)?(?:去|来|过去)?(?:接了|接单|接|紧一下|修一下|弄一下|看一下|看看|修|弄|处理)(?:一下)?(?:吧|了|啊)?[。！!]*$`)

// takeBothRE is several jobs taken at once, named by their things or
// places joined by 和: 篮球架和扶手我都接了.
var takeBothRE = rx.MustCompile(`^((?:\p{Han}{1,8}?[和跟、])+\p{Han}{1,8}?)(?:这(?:两|几)个|两个|那几个)?我?都(?:接了|接|来修|去修)(?:吧|了|啊)?[。！!]*$`)

// takeThingsSaid reads several jobs taken in one message, each named by
// its thing or place (楼梯扶手我去紧一下 篮球架也接了): taken when each part
// names exactly one job the worker may take, and no two the same.
func takeThingsSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() {
		return "", false
	}
	var parts []string
	if m := takeBothRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		parts = strings.FieldsFunc(m[1], func(r rune) bool { return strings.ContainsRune("和跟、", r) }) // 篮球架和扶手我都接了
	} else {
		parts = strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；; 、", r) })
		for _, p := range parts {
			if !takeClauseRE.MatchString(p) {
				return "", false
			}
		}
	}
	if len(parts) < 2 || len(parts) > 4 {
		return "", false
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var ids []string
	for _, p := range parts {
		g := GuessRepair(p, locs)
		if g.LocationID == 0 && g.Trade == "" && g.Item == "" {
			return "", false
		}
		var hit []string
		var hitJobs []Repair
		for _, r := range rs {
			if mayAct(t, r, verbTake) == "" && matches(r, g) {
				hit = append(hit, strconv.FormatInt(r.ID, 10))
				hitJobs = append(hitJobs, r)
			}
		}
		if len(hit) > 1 {
			// 门牌, with 305's 门牌 and 303's 后门锁 (user test 32's T17
			// took both, and the 窗户 too): the one the word names by what
			// only it has.
			if r, ok := namedAlone(p, hitJobs); ok {
				hit = []string{strconv.FormatInt(r.ID, 10)}
			}
		}
		if len(hit) != 1 || slices.Contains(ids, hit[0]) {
			return "", false
		}
		ids = append(ids, hit[0])
	}
	id, _ := strconv.ParseInt(ids[0], 10, 64)
	return action(verbTake, id, append([]string{takeAlso}, ids[1:]...)...), true
}

// numbersRE finds the numbers of 接单 3 6.
var numbersRE = rx.MustCompile(`\d{1,3}`)

// takeAlso begins take's arguments that name more jobs taken with it.
const takeAlso = "also"

// take is 接单: r, and the jobs its arguments name after takeAlso.
func take(t *flows.Turn, r Repair, args []string) error {
	takeOne := takeOne
	if n := len(args); n > 0 && (args[n-1] == takenInWords || args[n-1] == takeLeaveNoted) {
		// 玻璃的活我看到了 在路上 十分钟到: what he says of when he comes
		// goes to each reporter (taking.go); 得先去库房领个阀门, said
		// with 厕所那个一会儿去, too (takeleave.go).
		words := takingRemark
		if args[n-1] == takeLeaveNoted {
			words = leftRemark
		}
		args = args[:n-1]
		remark := ""
		if t.Msg.Button == "" {
			remark = words(t.Text)
		}
		taken := []Repair{r}
		if len(args) > 1 && args[0] == takeAlso {
			for _, a := range args[1:] {
				if id, err := strconv.ParseInt(a, 10, 64); err == nil {
					if o, err := db(t).Repair(t.Ctx, id); err == nil {
						taken = append(taken, o)
					}
				}
			}
		}
		takeOne = func(t *flows.Turn, r Repair) error { return takeOneSaying(t, r, remarkOn(remark, r, taken)) }
	}
	if len(args) > 0 && args[0] == takeAlso {
		if err := takeOne(t, r); err != nil {
			return err
		}
		taken := []Repair{r}
		for _, a := range args[1:] {
			id, err := strconv.ParseInt(a, 10, 64)
			if err != nil {
				continue
			}
			o, err := db(t).Repair(t.Ctx, id)
			if err != nil {
				return err
			}
			if ok, err := concerns(t, o); err != nil || !ok || o.SchoolID != t.School.ID {
				if err != nil {
					return err
				}
				continue
			}
			if msg := mayAct(t, o, verbTake); msg != "" {
				t.Say(msg)
				continue
			}
			if err := takeOne(t, o); err != nil {
				return err
			}
			taken = append(taken, o)
		}
		return answerOrderAsk(t, taken) // 我都接了 先弄哪个: a question to houqin
	}
	if err := takeOne(t, r); err != nil {
		return err
	}
	return answerOrderAsk(t, []Repair{r})
}

func takeOne(t *flows.Turn, r Repair) error {
	remark := takeRemark(t)
	if others := remarkOfOthers(t, r, remark); len(others) > 0 {
		return takeTellingOthers(t, r, remark, others) // 水龙头和饮水机下午弄: of the others
	}
	return takeOneSaying(t, r, remark)
}

// takeOneSaying takes r; remark, when there is one, is the worker's word
// on it, kept and told to the reporter with the taking.
func takeOneSaying(t *flows.Turn, r Repair, remark string) error {
	return takeOneTelling(t, r, remark, "")
}

// laterOffer is, when the worker's word on a job he takes puts its work on
// a day after its deadline (明天换新玻璃 on an urgent job due tonight: user
// test 28's N37), the offer to ask the leaders for more time, in the words
// that ask it (deferAskRE); else "".
func laterOffer(t *flows.Turn, r Repair, remark string) string {
	days, _, ok := dateDaysOf(t, remark)
	if remark == "" || !ok || days < 1 {
		return ""
	}
	loc := t.School.Location()
	now := t.Now.In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day()+days, 0, 0, 0, 0, loc)
	if !day.After(r.DueAt) {
		return ""
	}
	when := dateWordsRE.FindString(remark)
	return fmt.Sprintf("\n如果要%s才能弄完，请选「%d 申请延期」，我会把你说的情况报给领导，由领导决定新的期限。", when, len(jobButtons(r))+1)
}

// laterButtons is r's buttons, and, when laterOffer offers it, the button
// that asks the leaders for more time with the worker's words as the
// reason (askNeed): a choice to make, not a phrase to type (user test
// 33's T14 was told to reply 「能不能延到明天」).
func laterButtons(t *flows.Turn, r Repair, remark string) []flows.Button {
	bs := jobButtons(r)
	if laterOffer(t, r, remark) == "" || len(bs) == 0 {
		return bs
	}
	return append(bs, flows.Button{Label: "申请延期", Data: action(verbBlock, r.ID, deferAsked)})
}

// takeOneTelling is takeOneSaying with also, a sentence on other jobs,
// said with the taking.
func takeOneTelling(t *flows.Turn, r Repair, remark, also string) error {
	// 先弄哪个 asks houqin (answerOrderAsk), not the reporter.
	remark = flows.Clip(strings.TrimRight(withoutOrderAsk(remark), "。.！!，, "), MaxNote)
	from := r.Status
	note := ""
	if r.WorkerID != t.Staff.ID && t.Staff.Has(flows.RoleWorker) {
		note = "由" + t.Staff.Name + "接单（原派给" + r.WorkerName + "）"
		if r.WorkerID != 0 {
			if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
				Text: fmt.Sprintf("%s（%s %s）已由%s接单，你不用再处理。", r.Ref, r.Place(), r.Description, t.Staff.Name)}); err != nil {
				return err
			}
		}
		r.WorkerID, r.WorkerName = t.Staff.ID, t.Staff.Name
	}
	r.Status, r.AcceptedAt = RepairAccepted, t.Now
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventAccepted, From: from, To: r.Status, Note: note}); err != nil {
		return err
	}
	told := fmt.Sprintf("你报修的 %s（%s %s）%s已接单，%s 前修好。", r.Ref, r.Place(), r.Description, r.WorkerName, t.When(r.DueAt))
	due := fmt.Sprintf("请在 %s 前完成。", t.When(r.DueAt))
	if t.Now.After(r.DueAt) {
		// A deadline already past is told as overdue, never as one to meet.
		told = fmt.Sprintf("你报修的 %s（%s %s）%s已接单；这单已超过期限（%s），会尽快修好。", r.Ref, r.Place(), r.Description, r.WorkerName, t.When(r.DueAt))
		due = fmt.Sprintf("已超过期限（%s），请尽快完成。", t.When(r.DueAt))
	}
	passed := ""
	if remark != "" {
		if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventNoted, From: r.Status, To: r.Status, Note: remark}); err != nil {
			return err
		}
		told += fmt.Sprintf("\n%s说：%s", t.Staff.Name, remark)
		passed = fmt.Sprintf("已转告报修人：「%s」。", remark)
		if r.ReporterID == t.Staff.ID {
			// His own report: there is no one to tell (user test 28's N4).
			passed = fmt.Sprintf("你说的「%s」已记在单子上。", remark)
			if accessAskRE.MatchString(remark) {
				// 谁有礼堂钥匙啊 门锁着进不去 (user test 32's T15): the
				// 总务主任 holds the keys; noted on the job it reached
				// no one.
				heads, err := askHeads(t, r, remark)
				if err != nil {
					return err
				}
				if heads != "" {
					passed = fmt.Sprintf("你说的「%s」已转告%s，请他安排开门。", remark, heads)
				}
			}
		}
	}
	if remark != "" {
		// 要拆墙板 叫王师傅过来帮我一下: 王师傅 is asked (helpask.go).
		help, err := askHelp(t, r, remark)
		if err != nil {
			return err
		}
		passed += help
	}
	if err := tellReporter(t, r, told, nil, false); err != nil {
		return err
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	if also != "" {
		also = "\n" + also
	}
	also = laterOffer(t, r, remark) + also
	t.Say(fmt.Sprintf("已接单 %s，%s%s修好后回复「完成 %d」。%s", r.Ref, due, passed, Num(r), also), laterButtons(t, r, remark)...)
	return nil
}

func confirmRepair(t *flows.Turn, r Repair, args []string) error {
	if n := len(args); n > 0 && args[n-1] == noRateArg {
		return signedOffUnchecked(t, r) // 不用验了 (selfsigned.go)
	}
	if n := len(args); n > 0 && args[n-1] == nearArg {
		// 行 旁边那张也有点松: signed off, the neighbour read back as a
		// new report (nearfault.go).
		if err := signOff(t, r); err != nil {
			return err
		}
		return reportNear(t, r)
	}
	rated := ""
	if len(args) > 0 {
		if n, ok := strings.CutPrefix(args[len(args)-1], rateArg); ok {
			rated, args = n, args[:len(args)-1] // 给4分吧, said with it
		}
	}
	other, otherSaid := int64(0), false
	if len(args) > 0 {
		if n, ok := strings.CutPrefix(args[0], otherArg); ok {
			// 灯亮了 可饮水机还在漏水: the fountain answered after (signoff.go).
			other, otherSaid = parseID(n), true
			args = args[1:]
		}
	}
	redo := int64(0)
	if len(args) > 0 {
		if n, ok := strings.CutPrefix(args[0], redoArg); ok {
			// 后门锁好了，饮水机还是在滴水: the other sent back (signoff.go).
			redo, _ = strconv.ParseInt(n, 10, 64)
			args = args[1:]
		}
	}
	var others []Repair
	if len(args) > 0 && args[0] == takeAlso {
		// 门和凳子都好了: the others named with r, signed off first; r's
		// rating is asked (said with them, it is each one's).
		for _, a := range args[1:] {
			id, _ := strconv.ParseInt(a, 10, 64)
			o, err := db(t).Repair(t.Ctx, id)
			if err != nil || o.SchoolID != t.School.ID || mayAct(t, o, verbOK) != "" {
				continue
			}
			if err := signOff(t, o); err != nil {
				return err
			}
			others = append(others, o)
		}
	}
	if err := signOff(t, r); err != nil {
		return err
	}
	if redo != 0 {
		if err := sendBackSaid(t, redo); err != nil {
			return err
		}
	}
	// 篮球架那个我还没去操场看: the one left out is said to wait for her.
	later, err := uncheckedNote(t, append(others, r))
	if err != nil {
		return err
	}
	if otherSaid {
		note, err := otherThingNote(t, other)
		if err != nil {
			return err
		}
		later += note
	}
	// 不漏了 就是地上还湿着: the words on the service kept as each one's
	// comment.
	remark := ""
	if t.Msg.Button == "" {
		_, remark = cutServiceRemarks(strings.TrimSpace(t.Text))
		remark = joinRemarks(remark, mildRemarks(t.Text)) // 锁有点涩
		if remark == "" && rated != "" && pleasedRE.MatchString(strings.TrimSpace(t.Text)) {
			// 三楼电来了 孙师傅来得挺快的 很满意 (user test 34's T35): the
			// 5 read from 很满意, and her words its comment, asked no more.
			remark = strings.TrimSpace(t.Text)
		}
	}
	var refs []string
	for _, o := range append(others, r) {
		o, err := db(t).Repair(t.Ctx, o.ID) // as signOff left it
		if err != nil {
			return err
		}
		if n, _ := strconv.Atoi(rated); n >= 1 && n <= 5 && o.ID != r.ID {
			o.Rating = n
			if err := db(t).UpdateRepair(t.Ctx, o, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: o.Status, To: o.Status, Note: rated}); err != nil {
				return err
			}
		}
		if remark != "" {
			o.RatingComment = flows.Clip(remark, 200)
			if err := db(t).UpdateRepair(t.Ctx, o, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: o.Status, To: o.Status, Note: o.RatingComment}); err != nil {
				return err
			}
		}
		refs = append(refs, o.Ref)
	}
	said := ""
	if remark != "" {
		said = fmt.Sprintf("你说的「%s」也记下了。", flows.Clip(remark, 40))
		if waitedRemarkRE.MatchString(remark) {
			// 就是等了好久哦 (user test 16): a complaint, not praise to
			// thank for.
			said = fmt.Sprintf("让你久等了，抱歉！你说的「%s」也记下了。", flows.Clip(remark, 40))
		} else if reworkRemarkRE.MatchString(remark) {
			// 折腾两回 (user test 18's F4): a rework complained of.
			said = fmt.Sprintf("这次让你费心了，抱歉！你说的「%s」也记下了。", flows.Clip(remark, 40))
		}
	}
	said += later
	if rated != "" {
		r, err := db(t).Repair(t.Ctx, r.ID)
		if err != nil {
			return err
		}
		if len(refs) > 1 {
			// 303灯和饮水机都好了 打3分: both signed off, both rated.
			n, _ := strconv.Atoi(rated)
			if n < 1 || n > 5 {
				return rate(t, r, []string{rated})
			}
			r.Rating = n
			if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: r.Status, To: r.Status, Note: rated}); err != nil {
				return err
			}
			t.Say(fmt.Sprintf("%s 都已验收，每张都记了 %d 分，谢谢！%s还有什么想说的吗？（直接回复，或回复「跳过」结束）", strings.Join(refs, "、"), n, said))
			return ask(t, stateRateComment, followUpData{ID: r.ID})
		}
		if n, _ := strconv.Atoi(rated); n >= 1 && n <= 5 && remark != "" {
			// 后门锁修好了 3分 锁有点涩: score and words both given.
			return rateWithRemark(t, r, n, r.Ref+" 已验收。", said)
		}
		if n, _ := strconv.Atoi(rated); n >= 4 && t.Msg.Button == "" && thankedRE.MatchString(t.Text) {
			// 厕所水管修好了 谢谢周师傅 5分 (user test 28's Q1): thanks and
			// a good score in one message say all she meant; 还有什么想说的
			// 吗 would only leave a needless question open. Words on the
			// job she adds later are still its comment (commentAfterSaid).
			return rateWithRemark(t, r, n, r.Ref+" 已验收。", said)
		}
		t.Say(fmt.Sprintf("%s 已验收，谢谢！%s", r.Ref, said))
		return rate(t, r, []string{rated})
	}
	if len(refs) > 1 {
		// 广播我试了下没杂音了 好了, of 301's and 302's (user test 29b's
		// S3): one line for all, and one score asked for all, which each
		// of them gets (rate).
		t.Say(fmt.Sprintf("%s 都已验收，谢谢！%s请为这%s次维修打分（1–5 分，5 分最好）：", strings.Join(refs, "、"), said, countWord(len(refs))),
			rateButtons(r.ID, idList(others))...)
		return ask(t, stateRate, followUpData{ID: r.ID, Also: idList(others)})
	}
	t.Say(fmt.Sprintf("%s 已验收，谢谢！%s请为这次维修打分（1–5 分，5 分最好）：", r.Ref, said), rateButtons(r.ID, "")...)
	return ask(t, stateRate, followUpData{ID: r.ID, Also: idList(others)})
}

// countWord is a small count in words, as said before a measure word
// (这两次, 三单): 两 for 2.
func countWord(n int) string {
	if n >= 2 && n <= 9 {
		return []string{"两", "三", "四", "五", "六", "七", "八", "九"}[n-2]
	}
	return strconv.Itoa(n)
}

// thankedRE is thanks said to the worker: 谢谢周师傅, 师傅辛苦了, 感谢.
var thankedRE = rx.MustCompile(`谢谢|感谢|多谢|谢了|辛苦`)

// signOff closes r as its reporter's 验收, and tells its worker and group.
func signOff(t *flows.Turn, r Repair) error { return signOffTelling(t, r, true) }

// signOffTelling signs off r, telling its worker when tellWorker (not when
// another notice of the same message already did).
func signOffTelling(t *flows.Turn, r Repair, tellWorker bool) error {
	from := r.Status
	r.Status, r.ClosedAt = RepairClosed, t.Now
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventConfirmed, From: from, To: r.Status}); err != nil {
		return err
	}
	if tellWorker {
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("%s 已由%s验收通过，辛苦了！", r.Ref, t.Staff.Name)}); err != nil {
			return err
		}
	}
	if err := tellFollowers(t, r, fmt.Sprintf("你关注的 %s（%s %s）已由%s验收通过，这次维修结束了。", r.Ref, r.Place(), followerDesc(r), t.Staff.Name)); err != nil {
		return err
	}
	return groupCard(t, r)
}

// rateButtons are the scores 1–5 for repair id; also, when not "", the
// ids (comma-separated) of the repairs signed off with it, which the
// same score rates (rate).
func rateButtons(id int64, also string) []flows.Button {
	out := make([]flows.Button, 5)
	for i := range out {
		out[i] = flows.Button{Label: strconv.Itoa(i+1) + "分", Data: action(verbRate, id, rateArgs(i+1, also)...)}
	}
	return out
}

// rateArgs are rate's arguments for score n, with the ids of also (as
// rateButtons takes them) after takeAlso.
func rateArgs(n int, also string) []string {
	args := []string{strconv.Itoa(n)}
	if also != "" {
		args = append(args, takeAlso)
		args = append(args, strings.Split(also, ",")...)
	}
	return args
}

// splitOff makes the report t.Staff had merged into r its own job: 不是同一个问题.
func splitOff(t *flows.Turn, r Repair, _ []string) error {
	report, err := db(t).FollowerReport(t.Ctx, r.ID, t.Staff.ID)
	if isNotFound(err) || err == nil && report == "" {
		t.Say(fmt.Sprintf("你的报修没有合并到 %s，不需要拆开。如有新问题，直接告诉我地点和问题。", r.Ref))
		return nil
	}
	if err != nil {
		return err
	}
	if err := db(t).RemoveFollower(t.Ctx, r.ID, t.Staff.ID); err != nil {
		return err
	}
	desc := report
	if meant := meantFault(t.Text); meant != "" && t.Msg.Button == "" {
		// 不是一回事哦 … 我说的是讲台上面那根一直在闪: which one, in her words.
		desc = flows.Clip(report+"（"+meant+"）", MaxDescription)
	}
	// The place as written goes with it: a report at 其他地点：操场东边
	// split off had been filed at a bare 其他地点 (seen with user test
	// 31's T48), which no word of the place could name again.
	f := Filing{LocationID: r.LocationID, PlaceText: r.PlaceText, Trade: r.Trade, Description: desc, Tier: TierSmall}
	if b, _, ok := strings.Cut(r.LocationName, "其他地点："); ok && r.PlaceText != "" {
		f.Building = b // 教学楼其他地点：305 stays the teaching building's (it became 「其他地点：305」)
	}
	if place, rest, ok := cutPlaceSplit(report); ok {
		f.PlaceText, f.Description = place, rest // 307 308 (powercut.go)
	}
	if rd := understand(report, nil, sender(t, nil)); len(rd.Problems) > 0 {
		g := rd.Problems[0]
		if g.Trade != "" {
			f.Trade = g.Trade
		}
		f.Item, f.Tier, f.Hazard = g.Item, g.Tier(), g.Hazard
	}
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventSplit, From: r.Status, To: r.Status,
		Note: t.Staff.Name + "：" + report}); err != nil {
		return err
	}
	n, err := create(t, f, "", nil)
	if err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已把你的报修「%s」从 %s 拆出来单独派单：单号 %s，派给%s，%s 前修好。", desc, r.Ref, n.Ref, n.WorkerName, t.When(n.DueAt)))
	return nil
}

// addPlace adds r's free-text place to the location table and files r,
// and every other open repair written with the same place, under it:
// 加入地点表.
// A name given in words (篮球场 of 篮球场边上, placeadd.go) is the name
// added; the other repairs moved are those written with the same place.
//
// With no name given (the 【地点表缺少地点】 button, 「加入地点表 3」) the
// 总务主任 is first shown the place as written and asked to confirm it
// or give the proper name (statePlaceName): a teacher's 「操场东边」 is
// seldom the name the table should keep (p20lead). A name that begins
// with one of the school's buildings (实验楼201) is that building's room.
func addPlace(t *flows.Turn, r Repair, args []string) error {
	if len(args) == 0 || args[0] == "" {
		t.Say(fmt.Sprintf("%s 报修时写的地点是「%s」。按这个名字加入地点表请回复「确认」；要用更准确的名字，请直接回复名字，如「实验楼201」「操场东侧围栏」。", r.Ref, r.PlaceText))
		return ask(t, statePlaceName, followUpData{ID: r.ID})
	}
	a, err := placeMoved(t, r, args[0])
	if err != nil {
		return err
	}
	refs := strings.Join(a.refs, "、")
	switch {
	case a.had:
		t.Say(fmt.Sprintf("地点表里本来就有「%s」，%s 的地点已改过来了。", a.name, refs))
	case a.name != a.place:
		t.Say(fmt.Sprintf("已把「%s」（报修时写的「%s」）加入地点表，%s 也已改到这个地点。以后报修可以直接说「%s」。", a.name, a.place, refs, a.name))
	default:
		t.Say(fmt.Sprintf("已把「%s」加入地点表，%s 也已改到这个地点。以后报修可以直接说「%s」。", a.place, refs, a.place))
	}
	return nil
}

// placeAdded is what adding a repair's written place did: the name the
// table now has (name), the place as written (place), the repairs moved
// to it (refs), and whether the table had it already (had).
type placeAdded struct {
	name, place string
	refs        []string
	had         bool
}

// placeMoved adds r's written place to the location table under name
// and moves r, and every other open repair written with the same place,
// to it: the work of addPlace, told by its caller.
func placeMoved(t *flows.Turn, r Repair, given string) (placeAdded, error) {
	other, err := t.Tx.LocationByID(t.Ctx, r.LocationID)
	if err != nil {
		return placeAdded{}, err
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return placeAdded{}, err
	}
	building, name := placeName(locs, other.Building, given)
	// 图书馆其他地点：阅览室 where the table has 图书馆阅览室 (user test 17's
	// F36): the repair moves there, and nothing is added.
	had := slices.ContainsFunc(locs, func(l flows.Location) bool { return l.Building == building && l.Room == name })
	loc, err := db(t).AddPlace(t.Ctx, t.School.ID, building, name)
	if err != nil {
		return placeAdded{}, err
	}
	place := r.PlaceText
	moved := []Repair{r}
	open, err := db(t).OpenRepairsAt(t.Ctx, t.School.ID, other.ID)
	if err != nil {
		return placeAdded{}, err
	}
	for _, o := range open {
		if o.ID != r.ID && o.PlaceText == place {
			moved = append(moved, o)
		}
	}
	a := placeAdded{name: loc.Name(), place: place, had: had}
	for _, m := range moved {
		if m.ID != r.ID {
			if m, err = db(t).Repair(t.Ctx, m.ID); err != nil {
				return placeAdded{}, err
			}
		}
		m.LocationID, m.PlaceText = loc.ID, ""
		if err := db(t).UpdateRepair(t.Ctx, m, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventPlaceAdded, From: m.Status, To: m.Status,
			Note: "加入地点表：" + loc.Name()}); err != nil {
			return placeAdded{}, err
		}
		a.refs = append(a.refs, m.Ref)
	}
	return a, nil
}

// placeName is the building and room a name given for a written place
// stands for: a name that begins with a building of the school's table
// (实验楼201, 图书馆阅览室) is its room; any other (篮球场) is a room of
// building, the written place's own.
func placeName(locs []flows.Location, building, name string) (string, string) {
	best := ""
	for _, l := range locs {
		if l.Building != "" && len(l.Building) > len(best) && strings.HasPrefix(name, l.Building) && len(name) > len(l.Building) {
			best = l.Building
		}
	}
	if best == "" {
		return building, name
	}
	return best, strings.TrimLeft(strings.TrimPrefix(name, best), "的 ")
}

// placeNameMax is how many characters a place's name given in words may
// have: it travels in the action's data (flows.MaxActionData).
const placeNameMax = 12

// placeNameRE is an answer that is a place's name: letters, digits and
// the marks names use, no question.
var placeNameRE = rx.MustCompile(`^[\p{Han}A-Za-z0-9()（）\-·#]+$`)

// answerPlaceName reads the 总务主任's answer to 加入地点表's question: yes
// to the place as written, or the name to add it under.
func answerPlaceName(t *flows.Turn, r Repair, _ followUpData) error {
	text := strings.TrimSpace(parse.Normalize(t.Text))
	if t.Msg.Button == "" && (flows.IsAssent(text) || flows.IsWord(strings.TrimRight(text, "吧啊呀。！!"), []string{"就这个", "就用这个", "按这个", "用这个", "就这样", "原来的", "按原来的", "不用改"})) {
		t.Done()
		return addPlace(t, r, []string{r.PlaceText})
	}
	name := placeNameLeadRE.ReplaceAllString(text, "")
	name = strings.TrimRight(name, "吧啊呀。！!")
	if !placeNameRE.MatchString(name) || utf8.RuneCountInString(name) < 2 {
		t.Say(fmt.Sprintf("请回复「确认」按「%s」加入地点表，或直接回复正确的地点名称，如「实验楼201」。", r.PlaceText))
		return nil
	}
	if utf8.RuneCountInString(name) > placeNameMax {
		t.Say(fmt.Sprintf("地点名称请不超过 %d 个字，如「实验楼201」。", placeNameMax))
		return nil
	}
	t.Done()
	return addPlace(t, r, []string{name})
}

// placeNameLeadRE begins an answer that gives the name: 改成, 叫, 应该是.
var placeNameLeadRE = rx.MustCompile(`^(?:不对|不是)?[，,\s]*(?:改成|改为|写成|叫做?|名字叫|就叫|应该是|应该叫|是|用|按)[：:\s]*`)

// heldBlocked is a job of t.Staff's already reported 修不好 and waiting
// for the leaders, or nil.
func heldBlocked(t *flows.Turn, rs []Repair) *Repair {
	for i := range rs {
		if rs[i].WorkerID == t.Staff.ID && rs[i].Status == RepairBlocked {
			return &rs[i]
		}
	}
	return nil
}

// namesAny reports whether text names a place, trade or thing a job could
// be told by.
func namesAny(t *flows.Turn, text string) bool {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return true // cannot tell: leave it to the narrowing
	}
	g := GuessRepair(text, locs)
	return g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.Item != "" || g.PlaceText != ""
}

// ackSaysFirst reports whether text is words of taking and what he does
// first (ackThenRemark).
func ackSaysFirst(text string) bool {
	_, ok := ackThenRemark(text)
	return ok
}

// parseID is a repair's id as an argument carries it; 0 when none.
func parseID(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

// otherThingNote answers, beside a sign-off, the other thing said not to
// be fixed (灯亮了 可饮水机还在漏水): the status of her repair of it (id),
// with 催 offered, or how to report it when she has none.
func otherThingNote(t *flows.Turn, id int64) (string, error) {
	if id == 0 {
		return "你说的另一处没修好的，不是这一单；如果还没报修，请直接发给我地点和情况。", nil
	}
	o, err := db(t).Repair(t.Ctx, id)
	if err != nil {
		return "", err
	}
	if o.SchoolID != t.School.ID || o.ReporterID != t.Staff.ID || !o.Status.Open() || o.Status == RepairDone {
		return "", nil
	}
	note := "你说的那一处是另一单：" + statusLine(t, o) + "。"
	if o.WorkerID != 0 {
		note += fmt.Sprintf("要催一下%s的话，请回复「催 %d」。", o.WorkerName, Num(o))
	}
	return note, nil
}

// justTaken is the job of rs the worker took most lately, within the hour
// before now and still being mended: the job a bare 好 我去 is about.
func justTaken(t *flows.Turn, rs []Repair) (Repair, bool) {
	var last Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status == RepairAccepted && t.Now.Sub(r.AcceptedAt) < time.Hour && r.AcceptedAt.After(last.AcceptedAt) {
			last = r
		}
	}
	return last, last.ID != 0
}

// ownReassign reports whether r's decision is t.Staff's own 改派, which he
// may make again while the worker has not taken the job (mayAct).
func ownReassign(t *flows.Turn, r Repair) bool {
	what, decider := decisionParts(r.Decision)
	return r.Decision != "" && decider == t.Staff.Name && strings.HasPrefix(what, "改派给")
}

// rereassignLast leaves a job the leader handed on himself ready for his
// words only when no job awaiting a decision is: 王师傅忙不过来 让马师傅
// 去修 is of the job its worker could not fix, not of one he handed on
// before and may hand on again (「303后门锁那个单子还是给王师傅」 names it).
func rereassignLast(t *flows.Turn, rs []Repair, items []flows.Item) {
	fresh := false
	for i := range items {
		fresh = fresh || items[i].Ready && !ownReassign(t, rs[i])
	}
	if !fresh {
		return
	}
	for i := range items {
		items[i].Ready = items[i].Ready && !ownReassign(t, rs[i])
	}
}
