package repair

import (
	"context"
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

// Messages about repairs that are not reports: a question about progress,
// thanks, a worker's 「X好了」. None of them starts a draft.

// matches reports whether repair r is what guess g names: its trade, its
// thing (灯 is 灯管) and its place, each where g names one.
func matches(r Repair, g RepairGuess) bool {
	return (g.Trade == "" || g.Trade == r.Trade) &&
		(g.Item == "" || r.Item == "" || strings.Contains(g.Item, r.Item) || strings.Contains(r.Item, g.Item)) &&
		(g.LocationID == 0 || g.LocationID == r.LocationID)
}

// firstProblem is the reading's first problem, or none.
func firstProblem(rd Reading) RepairGuess {
	if len(rd.Problems) > 0 {
		return rd.Problems[0]
	}
	return RepairGuess{}
}

// myReports are the unclosed repairs t.Staff reported or follows.
func myReports(t *flows.Turn) ([]Repair, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-MineClosedFor), 20)
	if err != nil {
		return nil, err
	}
	var out []Repair
	for _, r := range rs {
		if r.WorkerID != t.Staff.ID && r.Status != RepairClosed {
			out = append(out, r)
		}
	}
	return out, nil
}

// statusLine is one repair's progress for its reporter.
func statusLine(t *flows.Turn, r Repair) string {
	line := fmt.Sprintf("%s（%s %s）%s", r.Ref, r.Place(), statusWords(r, 20), r.Status.Label())
	switch {
	case r.Status == RepairDone:
		line += fmt.Sprintf("，%s已修好，等你验收：回复「修好了 %d」或「没修好 %d」", workerOrOffice(r), Num(r), Num(r))
	case r.Status.Open():
		line += fmt.Sprintf("，由%s负责，%s 前修好", workerOrOffice(r), t.When(r.DueAt))
		if t.Now.After(r.DueAt) {
			line += "（已超时，已上报分管领导督办）"
		}
	}
	return line
}

// sharedPairs counts the pairs of Chinese characters of a repair's
// description that norm says too, fault words included (灯不亮 shares 灯不
// and 不亮 with 有盏灯不亮, nothing with 前面灯管一闪一闪的): how closely a
// question describes the repair, to pick one of several that fit.
func sharedPairs(norm, desc string) int {
	rs := []rune(desc)
	n := 0
	for i := 0; i+1 < len(rs); i++ {
		if unicode.Is(unicode.Han, rs[i]) && unicode.Is(unicode.Han, rs[i+1]) && strings.Contains(norm, string(rs[i:i+2])) {
			n++
		}
	}
	return n
}

// answerProgress answers 「上周报的灯修好了吗？」 with the status of the
// matching report, or lists the person's reports.
func answerProgress(t *flows.Turn, rd Reading) error {
	rs, err := myReports(t)
	if err != nil {
		return err
	}
	leader := t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead)
	if leader {
		if done, err := answerToday(t); done || err != nil {
			return err // 今天报修的都怎么样了: today's, whatever their state
		}
		// 4号漏水怎么十天了还没人管: a leader asks about the school's
		// repairs, not only their own reports.
		all, err := candidates(t)
		if err != nil {
			return err
		}
		for _, r := range all {
			if r.Status != RepairClosed && !slices.ContainsFunc(rs, func(x Repair) bool { return x.ID == r.ID }) {
				rs = append(rs, r)
			}
		}
	}
	if said, err := hazardRepairAsked(t, rd, rs); said || err != nil {
		return err
	}
	if leader {
		if said, err := placeStanding(t, rd, rs); said || err != nil {
			return err // 礼堂那边准备得怎么样了 周四汇演灯和话筒能用吗
		}
	}
	g := firstProblem(rd)
	num := 0
	if m := progressNumRE.FindStringSubmatchIndex(t.Text); m != nil {
		// 4号 is the repair, 4号楼 a building.
		if next, _ := utf8.DecodeRuneInString(t.Text[m[1]:]); !strings.ContainsRune("楼栋房室院馆门窗床柜", next) {
			num, _ = strconv.Atoi(t.Text[m[2]:m[3]])
		}
	}
	if leader && num == 0 {
		if said, err := groupOverview(t, g, rs); said || err != nil {
			return err // 考场都弄好了吗 明天就考试了
		}
	}
	// A plural question (几个灯都修好了吗) is not narrowed to one job by a
	// word its description shares.
	plural := pluralAskRE.MatchString(strings.ToLower(parse.Normalize(t.Text)))
	if said, err := requestAsked(t, rs); said || err != nil {
		return err // 302的桌子还差两张 什么时候送来？: the 总务's to bring
	}
	if len(rs) == 0 {
		t.Say("你目前没有未完成的报修。如果有东西坏了，直接告诉我地点和问题就可以，比如「302教室灯不亮」。")
		return nil
	}
	var hit []Repair
	for _, r := range rs {
		if num > 0 && Num(r) != num {
			continue
		}
		if num > 0 || matches(r, g) {
			hit = append(hit, r)
		}
	}
	if plural && leader && num == 0 && g.Item != "" {
		// 门锁都修好了吗: every lock, 后门锁坏了 too, whose item was read
		// as 后门.
		norm := strings.ToLower(parse.Normalize(t.Text))
		for _, r := range rs {
			if !slices.ContainsFunc(hit, func(x Repair) bool { return x.ID == r.ID }) && strings.Contains(r.Description, g.Item) && (g.LocationID == 0 || g.LocationID == r.LocationID) && namesDescribed(norm, r.Description) {
				hit = append(hit, r)
			}
		}
	}
	if len(hit) == 0 && num == 0 && !(leader && plural) {
		// 上次配电箱的修好没: the thing named, in the repair's own words.
		norm := strings.ToLower(parse.Normalize(t.Text))
		for _, r := range rs {
			if namesDescribed(norm, r.Description) && (g.LocationID == 0 || g.LocationID == r.LocationID) {
				hit = append(hit, r)
			}
		}
	}
	if len(hit) == 0 && num == 0 && g.Item != "" {
		// 302的阀门买了没 (user test 33): the thing its worker's reason
		// names (阀门坏了 需要配件), not the job's own words (暖气不热).
		for _, r := range rs {
			if strings.Contains(r.BlockedReason, g.Item) && (g.LocationID == 0 || g.LocationID == r.LocationID) {
				hit = append(hit, r)
			}
		}
	}
	if len(hit) == 0 && len(rs) == 1 && g.Trade == "" && g.LocationID == 0 && g.Item == "" {
		hit = rs // 能不能快点修: their only repair
	}
	if cuts := powerCutJobs(t.Text, rs); num == 0 && len(cuts) > 0 {
		hit, plural = cuts, true // 停电的事处理得怎么样了: every cut (powercut.go)
	}
	if len(hit) > 1 && num == 0 && !plural {
		// 303那个灯不亮的…催一下孙师傅 with two lights at 303 (有盏灯不亮,
		// 前面灯管一闪一闪): the fault said picks the one it describes (the
		// sixteenth round's re-run had listed every open repair).
		norm := strings.ToLower(parse.Normalize(t.Text))
		best, bestN, tie := Repair{}, 0, false
		for _, r := range hit {
			switch n := sharedPairs(norm, r.Description); {
			case n > bestN:
				best, bestN, tie = r, n, false
			case n == bestN:
				tie = true
			}
		}
		if bestN > 0 && !tie {
			hit = []Repair{best}
		}
	}
	if leader && len(hit) > 0 {
		if said, err := placeReady(t, hit); said || err != nil {
			return err // 礼堂那边准备得怎么样了 周四汇演灯和话筒能用吗
		}
	}
	if len(hit) == 1 {
		return tellStatus(t, hit[0])
	}
	if len(hit) > 1 && len(hit) < len(rs) {
		// Several fit what was said: those, each with its number, not
		// every open repair of the school.
		lines := make([]string, len(hit))
		for i, r := range hit {
			lines[i] = fmt.Sprintf("· %s", statusLine(t, r))
		}
		text := fmt.Sprintf("有 %d 个报修对得上：\n%s", len(hit), strings.Join(lines, "\n"))
		if nudgeRE.MatchString(t.Text) {
			text += "\n要催哪一个？请回复「催 编号」，如「催 " + strconv.Itoa(Num(hit[0])) + "」。"
		}
		t.Say(text)
		return nil
	}
	lines := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = "· " + statusLine(t, r)
	}
	head := "你目前的报修："
	if leader {
		head = "目前未完成的报修："
	}
	if len(hit) == 0 && (g.Trade != "" || g.LocationID != 0) {
		head = "没有找到对得上的报修，你目前的报修有："
	}
	t.Say(head + "\n" + strings.Join(lines, "\n"))
	return nil
}

// placeReady answers a leader asking how a place stands, its open jobs
// hit (all at one place, which the words name): those, each flagged when
// its deadline is not before the day the words say (周四汇演), with the
// jobs there finished in the last week (user test 28's N41 was told the
// lights alone, not that the microphones were fixed, nor that the lights
// were due the evening of the show). It reports whether it answered:
// not when nothing there was finished and no day is said.
func placeReady(t *flows.Turn, hit []Repair) (bool, error) {
	place := hit[0].LocationName
	norm := strings.ToLower(parse.Normalize(t.Text))
	if slices.ContainsFunc(hit, func(r Repair) bool { return r.LocationName != place }) || !placeNamed(norm, strings.TrimPrefix(place, "其他地点：")) {
		return false, nil
	}
	var done []Repair
	if rr, ok := db(t).(RecentReader); ok {
		rs, err := rr.FinishedRepairsAt(t.Ctx, t.School.ID, hit[0].LocationID, t.Now.AddDate(0, 0, -7))
		if err != nil {
			return false, err
		}
		for _, r := range rs {
			if r.LocationName == place && !slices.ContainsFunc(hit, func(x Repair) bool { return x.ID == r.ID }) {
				done = append(done, r)
			}
		}
	}
	event, day := eventDay(t)
	if len(done) == 0 && event.IsZero() {
		return false, nil
	}
	var lines []string
	for _, r := range hit {
		line := "· " + statusLine(t, r)
		if !event.IsZero() && r.Status != RepairDone && !r.DueAt.Before(event) {
			line += fmt.Sprintf("（期限不早于你说的%s，可能赶不上；要催可以回复「催 %d」）", day, Num(r))
		}
		lines = append(lines, line)
	}
	for _, r := range done {
		lines = append(lines, fmt.Sprintf("· %s（%s %s）%s", r.Ref, r.Place(), jobWords(r, 20), r.Status.Label()))
	}
	t.Say(fmt.Sprintf("%s的报修：\n%s", shownPlace(place), strings.Join(lines, "\n")))
	return true, nil
}

// tellStatus answers a question about r: its status, its worker's latest
// word, why it cannot be mended and the leader's decision, and, for
// words urging it, 催 (at most once a day) or how to.
func tellStatus(t *flows.Turn, r Repair) error {
	text := statusLine(t, r) + "。"
	if r.ReporterID == t.Staff.ID {
		text = "你报修的 " + text
	}
	note, at, ok, err := latestNote(t, r)
	if err != nil {
		return err
	}
	if ok {
		text += fmt.Sprintf("\n最新进度：%s说「%s」（%s）。", workerOrOffice(r), note, t.When(at))
	}
	if r.BlockedReason != "" {
		// 那个灯泡到底买了没有: what was missing, and what the leader
		// decided about it, are what such a question asks.
		text += "\n修不好的原因：" + strings.TrimRight(r.BlockedReason, "。.！!")
		if r.Recommendation != "" && !strings.Contains(r.BlockedReason, r.Recommendation) {
			text += "（" + r.Recommendation + "）"
		}
		text += "。"
		if r.Decision != "" { // while none, the status says 待领导处理
			text += "\n领导的处理：" + r.Decision + "。"
		}
	}
	if nudgeRE.MatchString(t.Text) && r.Status.Open() && r.Status != RepairDone && r.WorkerID != 0 {
		told, err := nudge(t, r)
		if err != nil {
			return err
		}
		if told {
			text += "\n已提醒" + r.WorkerName + "尽快处理。"
		} else {
			text += "\n今天已经提醒过" + r.WorkerName + "了；超过期限会自动上报分管领导督办。"
		}
	}
	if !nudgeRE.MatchString(t.Text) && waitedTooLongRE.MatchString(t.Text) && r.ReporterID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone && r.WorkerID != 0 {
		// 到底啥时候能修好？学生都没法坐了: a complaint of waiting, which
		// 催 can pass on.
		text += fmt.Sprintf("\n要催一下%s的话，请回复「催 %d」。", r.WorkerName, Num(r))
	}
	t.Say(text)
	return nil
}

// answerThanks acknowledges thanks or praise; where the person has a
// finished repair waiting for their sign-off, the words are kept as its
// rating comment and its worker hears them.
func answerThanks(t *flows.Turn, rd Reading, text string) error {
	rs, err := myReports(t)
	if err != nil {
		return err
	}
	g := firstProblem(rd)
	var done []Repair
	for _, r := range rs {
		if r.Status == RepairDone && r.ReporterID == t.Staff.ID && matches(r, g) {
			done = append(done, r)
		}
	}
	if len(done) == 0 {
		if r, ok := notDoneYet(t, rs, g, text); ok {
			// 这回可以了 插得很紧 给四分吧 (user test 16): a sign-off and a
			// score for a redo its worker has not yet reported done; a
			// thank-you would read as taken.
			t.Say(fmt.Sprintf("%s（%s %s）%s还在维修，还没有报完成；修好后会请你验收，到时再打分就行。", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), workerOrOffice(r)))
			return nil
		}
	}
	if len(done) != 1 {
		if t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && (decisionWordsRE.MatchString(text) || approvalSaid(text)) {
			// 那单我批了 三天内弄好: a leader's decision, whose words
			// named no job of his to decide; a thank-you would read as
			// done.
			t.Say("没有找到你要批准的报修，所以还没有记下。需要处理修不好的报修时，请回复「处理 编号」；发送「我的」可以查看你的事项。")
			return nil
		}
		if commentAfterSaid(t, text) {
			return nil // 师傅修得很好，但是地上弄得很脏, after a sign-off that asked nothing (remark.go)
		}
		if said, err := complaintAfter(t, text); said || err != nil {
			return err // 返工了一次 希望下次一次修好 (complaint.go)
		}
		if to, ok, err := thankedColleague(t, text); err != nil {
			return err
		} else if ok {
			// 准考证我让学生自己去门卫拿了 谢谢老郑 (user test 31's T36):
			// thanks for a colleague, not for houqin.
			if _, err := flows.PassOn(t, to, text); err != nil {
				return err
			}
			t.Say("好的，已转告" + to.Name + "。")
			return nil
		}
		if relayed, err := flows.RelayReply(t, text); relayed || err != nil {
			// 好 辛苦了 搬完说一声, answering a colleague's words passed
			// on (user test 31's T21): theirs, not thanks for houqin.
			return err
		}
		t.Say("不客气，谢谢你的肯定！有需要随时找我。")
		return nil
	}
	r := done[0]
	if to, ok, err := thankedColleague(t, text); err != nil {
		return err
	} else if ok && to.ID != r.WorkerID {
		// 谢谢老郑 with a repair of hers done and waiting: thanks for the
		// guard, not a comment on the repair for its worker (re-typing
		// user test 31's T36, which went into the repair's rating).
		if _, err := flows.PassOn(t, to, text); err != nil {
			return err
		}
		t.Say("好的，已转告" + to.Name + "。")
		return nil
	}
	r.RatingComment = flows.Clip(text, 200)
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: r.Status, To: r.Status, Note: r.RatingComment}); err != nil {
		return err
	}
	if r.WorkerID != 0 && r.WorkerID != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("%s（%s %s）的报修人%s说：「%s」", r.Ref, r.Place(), r.Description, t.Staff.Name, r.RatingComment)}); err != nil {
			return err
		}
	}
	t.Say(fmt.Sprintf("谢谢你的肯定！已把这句话记在 %s 的评价里，并转告了%s。\n这次维修修好了吗？回复「修好了 %d」验收，或「没修好 %d」。", r.Ref, workerOrOffice(r), Num(r), Num(r)),
		flows.Button{Label: "确认修好", Data: action(verbOK, r.ID)}, flows.Button{Label: "没修好", Data: action(verbRedo, r.ID)})
	return nil
}

// thanksToRE is a word of thanks said to someone named right after it:
// 谢谢老郑, 感谢陈主任, 辛苦钱阿姨了.
var thanksToRE = rx.MustCompile(`(?:谢谢|感谢|多谢|谢了|辛苦)(?:一下|你|您)?`)

// thankedColleague is the colleague, not the writer, whom the writer's
// thanks name (谢谢老郑), and whether there is one.
func thankedColleague(t *flows.Turn, text string) (flows.Staff, bool, error) {
	norm := strings.TrimSpace(parse.Normalize(text))
	for _, m := range thanksToRE.FindAllStringIndex(norm, -1) {
		s, n, err := flows.NamedColleague(t, norm[m[1]:])
		if err != nil {
			return flows.Staff{}, false, err
		}
		if n > 0 && s.ID != t.Staff.ID {
			return s, true, nil
		}
	}
	return flows.Staff{}, false, nil
}

// hazardRepairAsked answers a question about a hazard whose linked repair
// (隐患整改：…) is finished, asked by its reporter: 单杠那个隐患不是已经弄
// 好了吗 咋个还显示待整改 (user test 16 was told 「没有找到对得上的报修」).
// The repair's 完成 is the hazard's rectification; its re-check follows.
// It reports false, saying nothing, when the words are not of a hazard
// or fit no such repair, or a repair still open (rs) fits them.
func hazardRepairAsked(t *flows.Turn, rd Reading, open []Repair) (bool, error) {
	if !strings.Contains(t.Text, "隐患") && !strings.Contains(t.Text, "整改") {
		return false, nil
	}
	g := firstProblem(rd)
	norm := strings.ToLower(parse.Normalize(t.Text))
	fits := func(r Repair) bool {
		return strings.HasPrefix(r.Description, hazardRepairPrefix) && (matches(r, g) && (g.Item != "" || g.LocationID != 0) || namesDescribed(norm, strings.TrimPrefix(r.Description, hazardRepairPrefix)))
	}
	if slices.ContainsFunc(open, func(r Repair) bool { return fits(r) && r.Status != RepairDone }) {
		return false, nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-MineClosedFor), 20)
	if err != nil {
		return false, err
	}
	var hit []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && (r.Status == RepairDone || r.Status == RepairClosed) && fits(r) {
			hit = append(hit, r)
		}
	}
	if len(hit) != 1 {
		return false, nil
	}
	r := hit[0]
	t.Say(fmt.Sprintf("这个隐患的整改报修 %s（%s）已由%s修好（%s）。维修单修好就算整改完成，隐患会转为「已整改·待复查」，复查通过后闭环。",
		r.Ref, flows.Clip(strings.TrimPrefix(r.Description, hazardRepairPrefix), 20), workerOrOffice(r), t.When(r.DoneAt)))
	return true, nil
}

// notDoneYet is the one repair of the writer's, still being mended, that
// words signing off or scoring (signOffWordsRE, a score) may be about,
// when they fit only one.
func notDoneYet(t *flows.Turn, rs []Repair, g RepairGuess, text string) (Repair, bool) {
	norm := strings.ToLower(parse.Normalize(text))
	if !signOffWordsRE.MatchString(norm) && !signOffRatingRE.MatchString(norm) {
		return Repair{}, false
	}
	var open []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone && matches(r, g) {
			open = append(open, r)
		}
	}
	if len(open) != 1 {
		return Repair{}, false
	}
	return open[0], true
}

// holdsDoable reports whether one of rs is a job t's sender holds and may
// finish: a 总务主任 given a job no trade routes (user test 16's F34, the
// 单杠 焊牢了 became a new report) finishes it in words as workers do.
func holdsDoable(t *flows.Turn, rs []Repair) bool {
	return slices.ContainsFunc(rs, func(r Repair) bool {
		return r.WorkerID == t.Staff.ID && mayAct(t, r, verbDone) == ""
	})
}

// answerWorkerDone finishes the worker's matching open job (「灯管换好了」):
// with one, it asks 完成's question; with several it lists them.
func answerWorkerDone(t *flows.Turn, rd Reading) error {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return err
	}
	if !t.Staff.Has(flows.RoleWorker) && !holdsDoable(t, rs) {
		return answerProgress(t, rd)
	}
	g := firstProblem(rd)
	var jobs, hit []Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && mayAct(t, r, verbDone) == "" {
			jobs = append(jobs, r)
			if matches(r, g) {
				hit = append(hit, r)
			}
		}
	}
	if len(jobs) == 0 {
		t.Say("你目前没有要完成的维修任务。如果是要报修，请告诉我地点和问题。")
		return nil
	}
	if m := numberDoneRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil && len(jobs) > 1 {
		// 11也好了 同一个灯, the first of two lamp jobs done: the number he
		// was shown names the job, not an old 303 灯 job (user test 31's
		// T49). A number two of his jobs share is asked as before.
		n, _ := strconv.Atoi(m[1])
		var numbered []Repair
		for _, r := range jobs {
			if Num(r) == n {
				numbered = append(numbered, r)
			}
		}
		if len(numbered) == 1 {
			return askCauseFixed(t, numbered[0], "")
		}
		if r, ok := sameNumberMeant(t, t.Text, numbered); ok {
			// 7也好了 厕所那个, with today's 7 at the toilet and the demo's
			// old 7 at 303's 饮水机: the words, the taking or the day tell
			// which (samenum.go).
			return askCauseFixed(t, r, "")
		}
		if len(numbered) > 1 {
			// Asked among the jobs the number fits only, never taken for
			// another just finished.
			buttons, ids := jobChoices(numbered)
			t.Say(fmt.Sprintf("你手上有 %d 单编号为 %d，是哪一单修好了？\n%s", len(numbered), n, flows.Numbered(buttons)), buttons...)
			return ask(t, stateDonePick, followUpData{Choice: strings.Join(ids, ","), Photo: t.Image()})
		}
	}
	if len(jobs) > 1 {
		// 锅炉修好了 302到305暖气都热了 都是自然的, 303 304 305的也好了: a job
		// in each room said (roomsdone.go).
		if ok, err := roomsDoneSaid(t, t.Text, jobs); ok || err != nil {
			return err
		}
	}
	if g.Item == "" && g.LocationID == 0 && g.PlaceText == "" && t.Image() == "" {
		// (A notice since, a new job or one sent back, is what they are
		// about then: asked or matched as before.)
		if _, ok := justTalkedAbout(t, jobs); !ok && (t.Offered() == nil || t.Replied() != nil) {
			if r, ok := namedOtherDone(t, t.Text, jobs); ok {
				// 厕所那个呢 也修好了啊, 王老师那个也一样 也好了, just after
				// another finished: the job they name (mixeddone.go).
				return askCauseFixed(t, r, "")
			}
			if named := keyedJobs(t.Text, jobs); len(named) > 0 && !finishedNamed(t, rs) {
				// 厕所那个呢 也修好了啊, just after the 304 暖气, with today's
				// 女厕 job taken and the demo's old 男厕 one: words naming a
				// job of his still to finish are of that job, never the
				// one just finished (the re-type's ut32 T24): the one he has
				// taken, else asked among those they name.
				if i := onlyOne(named, func(r Repair) bool { return r.Status == RepairAccepted }); i >= 0 {
					return askCauseFixed(t, named[i], "")
				}
				if len(named) == 1 {
					return askCauseFixed(t, named[0], "")
				}
				buttons, ids := jobChoices(named)
				t.Say(fmt.Sprintf("你手上有 %d 单都对得上，是哪一单修好了？\n%s", len(named), flows.Numbered(buttons)), buttons...)
				return ask(t, stateDonePick, followUpData{Choice: strings.Join(ids, ","), Photo: t.Image()})
			}
			if r, ok := justFinished(t, rs); ok {
				// 已经修好了啊 完成, naming nothing, a moment after he
				// finished the 303 desk: that one, recorded already; never
				// the 保密室 lock he still had to buy a 锁芯 for (the
				// re-run of user test 29's R22).
				t.Say(fmt.Sprintf("%s（%s「%s」）刚才已经记完成了，已请%s验收。如果是另一单也修好了，请回复「完成 编号」；发送「我的」可以查看你的任务。",
					r.Ref, r.Place(), jobWords(r, 12), r.ReporterName))
				return nil
			}
		}
	}
	if len(jobs) > 1 {
		// 二楼走廊暖气片…换了 不漏了 办公室暖气不热是里面有空气 放完气就
		// 热了 俩都弄好了: two jobs, each told by its own words (own.go).
		if ok, err := heldSeveralDone(t, t.Text, jobs); ok || err != nil {
			return err
		}
		if ok, err := groupsDoneSaid(t, t.Text, jobs); ok || err != nil {
			return err // 305暖气换了阀门 好了 二楼厕所冲水也修好了, of two 305 reports (mixeddone.go)
		}
	}
	if len(hit) == 0 && g.Trade != "" {
		// 201的门弄好了: the place and the thing say which job, whatever
		// trade the words alone suggest (a door is carpentry's or general's).
		loose := g
		loose.Trade = ""
		for _, r := range jobs {
			if matches(r, loose) {
				hit = append(hit, r)
			}
		}
	}
	norm := strings.ToLower(parse.Normalize(t.Text))
	if g.LocationID == 0 && g.PlaceText != "" {
		// 东门路灯换了个灯泡 亮了, with lights at 303 and at 其他地点：东门口:
		// a place the words name outside the table decides between jobs,
		// and a job elsewhere is never one they finish.
		hit = slices.DeleteFunc(hit, func(r Repair) bool { return !atPlace(r, g.PlaceText) })
		if len(hit) == 0 {
			for _, r := range jobs {
				// 301的灯管换了个新的 好了, of the 301 job filed as 日光灯
				// (user test 31's T20): the place and the trade name it
				// when his word for the thing is not the reporter's.
				if atPlace(r, g.PlaceText) && (g.Item == "" || namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || g.Trade != "" && g.Trade == r.Trade) {
					hit = append(hit, r)
				}
			}
		}
	}
	if len(hit) == 0 || severalRE.MatchString(norm) {
		// 303后门的锁换好了 (the job's 门锁 by a part of it), 302后门和
		// 讲台凳子都弄好了 (two jobs by their things): each job whose thing
		// the words name, at the place they name. 302的锁弄好了 names the
		// 302 job filed as 后门 by the 锁 its description tells (302后门那个
		// 门锁坏了; the fifteenth user test's F9 had listed both locks).
		var named []Repair
		for _, r := range jobs {
			if (namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || g.Item != "" && strings.Contains(r.Description, g.Item)) && (g.LocationID == 0 || g.LocationID == r.LocationID) &&
				(g.LocationID != 0 || g.PlaceText == "" || atPlace(r, g.PlaceText)) {
				named = append(named, r)
			}
		}
		// Words that name no place or thing fit every job; the one whose
		// description they share then is the one (user test 16's 下水口
		// 掏出来一大坨树叶和泥巴 水已经排干净了: the 操场 下水口 job, not
		// two jobs for its 树叶和泥巴).
		vague := len(hit) == len(jobs) && g.Item == "" && g.LocationID == 0 && g.PlaceText == ""
		if len(named) > 0 && (len(hit) == 0 || len(named) > len(hit) || vague && len(named) < len(hit)) {
			hit = named
		}
		if r, ok := countedOfOne(norm, hit); ok {
			// 换了电池好了 两个都有声了, the job being 话筒两个没声音 (user
			// test 28's N5 began the projector job too): the count is of
			// that job's things, not of jobs.
			hit = []Repair{r}
		}
		if len(hit) > 1 && alsoOneDone(norm) {
			// 303的钟换了电池也好了, with a clock and a lamp at 303 (user
			// test 27's K11 began the lamp): 也 tells one more job done,
			// the one its head word names (钟 of 电子钟).
			var head []Repair
			for _, r := range hit {
				if namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || namesHead(norm, r.Item) {
					head = append(head, r)
				}
			}
			if len(head) == 1 {
				hit = head
			} else if last, ok := justFinished(t, rs); ok && len(head) == 0 && g.Item == "" {
				// 303的也好了, naming nothing, just after 302's 暖气: 303's
				// 暖气, the thing he has been talking about, not 303's
				// old 饮水机 (user test 30b's T46).
				same := slices.DeleteFunc(slices.Clone(hit), func(r Repair) bool { return r.Item == "" || r.Item != last.Item })
				if len(same) == 1 {
					hit = same
				}
			}
		}
	}
	if len(hit) != 1 && !severalRE.MatchString(norm) {
		// 303漏水修好了 换了个阀门, with a light and a leak in 303 (the
		// re-run of user test 16's F8/F11): the fault the words share with
		// one job's description alone, of those at the place they name.
		pool := hit
		if len(pool) == 0 {
			pool = slices.DeleteFunc(slices.Clone(jobs), func(r Repair) bool {
				return g.LocationID != 0 && r.LocationID != g.LocationID || g.LocationID == 0 && g.PlaceText != "" && !atPlace(r, g.PlaceText)
			})
		}
		if r, ok := describedAlone(norm, pool); ok {
			hit = []Repair{r}
		}
	}
	if len(hit) == 0 && g.LocationID != 0 && g.Item != "" {
		// 303锁换了个新锁芯 能锁上了, with 303's 后门锁坏了 (user test 27's
		// K33 asked which): a part of the thing (锁 of 锁芯) of the one job
		// at the place the words name.
		var at []Repair
		for _, r := range jobs {
			if r.LocationID == g.LocationID {
				at = append(at, r)
			}
		}
		if len(at) == 1 && partOfThing(g.Item, at[0]) {
			hit = at
		}
	}
	fix := ""
	if rd.HowFixed || partRenewedRE.MatchString(t.Text) || doneTold(t.Text) {
		// 信号线松了 插紧就好了, 锁芯换了个新的: what was done, for the
		// reporter.
		fix = flows.Clip(strings.TrimRight(strings.TrimSpace(t.Text), "。.！!"), MaxNote)
	}
	if len(hit) == 1 {
		if (noDamageRE.MatchString(t.Text) || notDamage(t.Text)) && t.Image() == "" {
			// 漏保跳了，推上去就有电了，不是坏了: done, and the cause
			// told already (nothing broken).
			return finishOrAskPhoto(t, hit[0], followUpData{ID: hit[0].ID, Fix: fix}, CauseWear, "")
		}
		return askCauseFixed(t, hit[0], fix)
	}
	if severalRE.MatchString(norm) && len(hit) > 1 {
		// 篮球架加固好了 … 扶手也焊牢了: each job named is recorded, one
		// after the other, the first now.
		var rest []string
		for _, r := range hit[1:] {
			rest = append(rest, strconv.FormatInt(r.ID, 10))
		}
		r := hit[0]
		t.Say(fmt.Sprintf("这句话说到 %d 单，一单一单记录。先记 %s（%s %s）：请选择损坏原因：\n%s", len(hit), r.Ref, r.Place(), jobWords(r, 20), flows.Numbered(causeButtons)), causeButtons...)
		return ask(t, stateDoneCause, followUpData{ID: r.ID, Fix: fix, Next: strings.Join(rest, ",")})
	}
	if len(hit) > 1 && !severalRE.MatchString(norm) {
		// 女厕水龙头换了阀芯 好了, with 男厕's and 女厕's taps: the one
		// the words name by what only it has.
		if r, ok := namedAlone(t.Text, hit); ok {
			return askCauseFixed(t, r, fix)
		}
	}
	if len(hit) > 1 && g.Item == "" && g.LocationID == 0 && g.PlaceText == "" {
		// 已经修好了啊 完成, right after his words on the 303 desk, with the
		// 保密室 lock taken and still to buy a 锁芯 for (user test 29's R22
		// finished the lock): words naming nothing are of the job the
		// conversation is on, before any other guess.
		if r, ok := justTalkedAbout(t, hit); ok {
			return askCauseFixed(t, r, fix)
		}
	}
	if len(hit) > 1 {
		// 好嘛 我拿个新面板去换 换好了, right after the socket job came back
		// to him (没修好; rr16 N3 had finished the fridge job he had taken):
		// the one job sent back and not taken again, of those the words fit.
		var back []Repair
		for _, r := range hit {
			if r.Reopens > 0 && r.Status == RepairAssigned {
				back = append(back, r)
			}
		}
		if len(back) == 1 {
			return askCauseFixed(t, back[0], fix)
		}
	}
	if len(hit) > 1 {
		// 换了个阀芯 好了, after 接单 12: the one job he has taken, of
		// those the words fit.
		var taken []Repair
		for _, r := range hit {
			if r.Status == RepairAccepted {
				taken = append(taken, r)
			}
		}
		if len(taken) == 1 {
			return askCauseFixed(t, taken[0], fix)
		}
	}
	if (len(hit) == 0 || len(hit) == len(jobs)) && (g.Item == "" || len(hit) == 0 && partPutInRE.MatchString(norm)) && g.LocationID == 0 && g.PlaceText == "" {
		// (灯泡烧了 …拿了个备用的换上 现在能亮了, a part put in that is no
		// job's thing, right after 接单 of a projector job: that job; user
		// test 17's F2 was told nothing matched. 窗户修好了 after 接单 of a
		// lock job is not it.)
		// 已经修好了噻, naming nothing, right after his words on one job
		// (or its taking): that job.
		if r, ok := justTalkedAbout(t, jobs); ok {
			return askCauseFixed(t, r, fix)
		}
	}
	if len(hit) == 0 && g.Item != "" && g.LocationID != 0 && !slices.ContainsFunc(jobs, func(r Repair) bool { return r.LocationID == g.LocationID }) {
		// 考前各个考场投影我都过了一遍 就201遥控器没电了 电池我已经换好了
		// (user test 17's F26, offered to close the 图书馆 projector job):
		// a small thing done on the spot, at a place none of his jobs is
		// at; nothing to close.
		what := g.Item
		if g.LocationID != 0 {
			if locs, err := t.Tx.Locations(t.Ctx, t.School.ID); err == nil {
				what = flows.LocationLabel(locs, g.LocationID) + "的" + g.Item // 教学楼201的遥控器
			}
		}
		t.Say(fmt.Sprintf("好的，辛苦了！%s不在你手上的维修单里，不用记录完成。如果说的是你手上的哪一单，请回复「完成 单号」；发送「我的」可以查看你的任务。", what))
		return nil
	}
	list := hit
	head := fmt.Sprintf("你手上有 %d 单都对得上，是哪一单修好了？", len(hit))
	switch {
	case len(hit) == 0 && len(jobs) == 1:
		list, head = jobs, "没有找到和这句话对得上的任务。如果是下面这一单修好了，请回复 1；不是的话请发送「取消」。"
	case len(hit) == 0:
		list, head = jobs, "没有找到和这句话对得上的任务。是你手上的哪一单修好了？"
	}
	buttons, ids := jobChoices(list)
	t.Say(head+"\n"+flows.Numbered(buttons), buttons...)
	return ask(t, stateDonePick, followUpData{Fix: fix, Choice: strings.Join(ids, ","), Photo: t.Image()})
}

// numberDoneRE is a job's short number opening words of it done: 11也好了,
// 2号也修好了, 5那单好了. (A room, 303也好了, has three digits or more.)
var numberDoneRE = rx.MustCompile(`^(\d{1,2})\s*号?(?:单|那单|那个)?\s*(?:也|都|已经|也已经)?(?:弄|修|换|搞)?好了`)

// partPutInRE is a part said put in: 换上, 换了, 装上, 备用的.
var partPutInRE = rx.MustCompile(`换上|换了|换好|装上|备用的`)

// partRenewedRE is a part said replaced with a new one, which is what
// was done: 锁芯换了个新的, 换了新的灯管 (the fifteenth user test's F9).
var partRenewedRE = rx.MustCompile(`换(?:了|上了|成了)(?:个|一个|根|一根|只|块|套|副|把)?新`)

// describedAlone is the one repair of rs whose description shares two
// characters with norm, fault words too (漏水 beside 不亮), that no other of
// rs has; false when none or several do.
func describedAlone(norm string, rs []Repair) (Repair, bool) {
	if len(rs) < 2 {
		return Repair{}, false
	}
	pairs := make([]map[string]bool, len(rs))
	for i, r := range rs {
		pairs[i] = map[string]bool{}
		d := []rune(r.Description)
		for j := 0; j+1 < len(d); j++ {
			if unicode.Is(unicode.Han, d[j]) && unicode.Is(unicode.Han, d[j+1]) {
				pairs[i][string(d[j:j+2])] = true
			}
		}
	}
	shared := func(p string, i int) bool {
		for j := range pairs {
			if j != i && pairs[j][p] {
				return true
			}
		}
		return false
	}
	found := -1
	for i := range rs {
		for p := range pairs[i] {
			if !strings.Contains(norm, p) || shared(p, i) {
				continue
			}
			if found >= 0 && found != i {
				return Repair{}, false
			}
			found = i
		}
	}
	if found < 0 {
		return Repair{}, false
	}
	return rs[found], true
}

// atPlace reports whether repair r is at place, a place said outside the
// location table (东门): its place or its description says it (其他地点：
// 东门口, 隐患整改：东门口那个路灯不亮), or the place said is longer than a
// 其他地点 written shorter (东门口 for 其他地点：东门).
func atPlace(r Repair, place string) bool {
	place = strings.ToLower(parse.Normalize(place))
	name := strings.ToLower(parse.Normalize(r.LocationName))
	if strings.Contains(name, place) || strings.Contains(strings.ToLower(parse.Normalize(r.Description)), place) {
		return true
	}
	if _, free, ok := strings.Cut(name, OtherRoom+"："); ok && utf8.RuneCountInString(free) >= 2 {
		return strings.Contains(place, free)
	}
	return false
}

// JustFinishedWithin is how soon after a 完成 words naming nothing that
// tell a job done are of the job just finished.
const JustFinishedWithin = 10 * time.Minute

// justFinished is the job of rs the writer finished last, within
// JustFinishedWithin, if any.
func justFinished(t *flows.Turn, rs []Repair) (Repair, bool) {
	var last Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status == RepairDone && t.Now.Sub(r.DoneAt) < JustFinishedWithin && r.DoneAt.After(last.DoneAt) {
			last = r
		}
	}
	return last, last.ID != 0
}

// justTalkedAbout is the one job of rs whose 完成 the writer was last
// offered (his words on it just passed on, or it just taken), if any.
func justTalkedAbout(t *flows.Turn, rs []Repair) (Repair, bool) {
	for _, b := range t.Replied() {
		a, ok := flows.ParseAction(b.Data)
		if !ok || verb(a.Verb) != verbDone {
			continue
		}
		for _, r := range rs {
			if r.ID == a.ID {
				return r, true
			}
		}
	}
	return Repair{}, false
}

// partOfThing reports whether item, a thing the words name, has a
// character that r's thing or description names as its own (锁 of 锁芯 in
// 后门锁坏了), suffixes and positions aside.
func partOfThing(item string, r Repair) bool {
	for _, c := range item {
		if strings.ContainsRune(thingSuffixes, c) || strings.ContainsRune(positionRunes, c) || strings.ContainsRune(plainRunes, c) {
			continue
		}
		if strings.ContainsRune(r.Item, c) || strings.ContainsRune(r.Description, c) {
			return true
		}
	}
	return false
}

// alsoDoneRE is one more job told done: 也好了, 扶手也焊牢了.
var alsoDoneRE = rx.MustCompile(`也(?:弄|修|换|搞)?好了|也\p{Han}{1,2}(?:好|牢|通|紧|亮)了`)

// countWordRE is a count of things: 两个, 2个, 俩, 三盏.
var countWordRE = rx.MustCompile(`([两二三四五2-5])\s*(?:个|盏|只|台|组|处|根)|(俩)`)

// countedOfOne is the one job of rs whose description says as many things
// as norm counts (两个都有声了 of 话筒两个没声音), when norm names no
// several things otherwise (门和凳子, two rooms): the count is of that
// job's things.
func countedOfOne(norm string, rs []Repair) (Repair, bool) {
	said := countOf(norm)
	if said == 0 || len(rs) < 2 || severalRE.MatchString(allDoneRE.ReplaceAllString(severalCountRE.ReplaceAllString(norm, "，"), "")) {
		return Repair{}, false
	}
	var found []Repair
	for _, r := range rs {
		if countOf(strings.ToLower(parse.Normalize(r.Description))) == said {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return Repair{}, false
	}
	return found[0], true
}

// severalCountRE is a count saying all of them work again: 两个都有声了.
var severalCountRE = rx.MustCompile(`都(?:有声|有声音|有电|有水|亮|通|能用|正常|不漏|不滴|不响|不闪)了`)

// countOf is the count of things text says (countWordRE), or 0.
func countOf(text string) int {
	m := countWordRE.FindStringSubmatch(text)
	switch {
	case m == nil:
		return 0
	case m[2] != "":
		return 2
	}
	n, _ := parse.ParseChoice(m[1], 9)
	return n
}

// alsoOneDone reports whether norm tells one more job done (alsoDoneRE)
// and names no several things otherwise (severalRE).
func alsoOneDone(norm string) bool {
	return alsoDoneRE.MatchString(norm) && !severalRE.MatchString(alsoDoneRE.ReplaceAllString(norm, "，"))
}

// namesHead reports whether norm names item by its last character, when
// that is the thing itself (钟 of 电子钟), not a suffix or a position.
func namesHead(norm, item string) bool {
	rs := []rune(item)
	if len(rs) < 2 {
		return false
	}
	last := rs[len(rs)-1]
	norm = strings.NewReplacer("分钟", "", "钟头", "").Replace(norm) // 十分钟 names no clock
	return !strings.ContainsRune(thingSuffixes, last) && !strings.ContainsRune(positionRunes, last) && strings.ContainsRune(norm, last)
}

// severalRE is words naming several things at once: 后门和讲台凳子都弄好了.
//
// 扶手也焊牢了 after 篮球架加固好了: a second job told done by its own work.
//
// 302 303广播都有声了 (user test 27's K18): two rooms, and all of them told
// working again by what they give.
//
// 操场路灯那两个单子是一回事 灯泡换了 好了 (user test 31's T48): two jobs of
// one fault, both done; 放了气现在热乎了 两个老师报的是一个 (user test 32's
// T25) too.
var severalRE = rx.MustCompile(`[两俩](?:个)?(?:单子|单|活儿?|任务)|(?:是|算)(?:一回事|同一个(?:问题|事|东西)?)|报重了?|重复(?:报)?的|报的是(?:同一个|一个|一回事)|\p{Han}[和跟、]\p{Han}|都(?:弄|修|换|搞|处理)?好了|也(?:弄|修|换|搞)?好了|也\p{Han}{1,2}(?:好|牢|通|紧|亮)了|` +
	`都(?:有声|有声音|有电|有水|亮|通|能用|正常|不漏|不滴|不响|不闪)了|\d{3,4}\s*[和跟、，,\s]\s*\d{3,4}`)

// jobChoices are buttons to choose one of rs by, and their data: each
// repair's id.
func jobChoices(rs []Repair) ([]flows.Button, []string) {
	buttons := make([]flows.Button, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = strconv.FormatInt(r.ID, 10)
		buttons[i] = flows.Button{Label: fmt.Sprintf("%s %s「%s」", r.Ref, r.Place(), jobWords(r, 12)), Data: ids[i]}
	}
	return buttons, ids
}

// chosenJobs loads the repairs a question offered (jobChoices' ids,
// comma-separated), as they are now.
func chosenJobs(t *flows.Turn, ids string) ([]Repair, error) {
	var rs []Repair
	for _, s := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			continue
		}
		r, err := db(t).Repair(t.Ctx, id)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// answerDonePick takes which job a worker's 「X好了」 was about, and asks
// its cause as 完成 does.
func answerDonePick(t *flows.Turn, a followUpData) error {
	rs, err := chosenJobs(t, a.Choice)
	if err != nil {
		return err
	}
	buttons, _ := jobChoices(rs)
	if t.Msg.Button == "" && notThisOneRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))) {
		// 不是那个 取消 (user test 17's F27, asked again): none of them.
		t.Done()
		t.Say("好的，已取消，没有记录哪一单完成。")
		return nil
	}
	if _, ok := t.Pick(buttons); !ok && t.Msg.Button == "" && t.Text != "" {
		// 门锁修好了 after 窗户修好了 matched no job: the job told again,
		// in other words, is read afresh.
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return err
		}
		rd := understand(t.Text, locs, sender(t, locs))
		if rd.Intent == IntentDone {
			t.Done()
			return answerWorkerDone(t, rd)
		}
		if utf8.RuneCountInString(t.Text) >= 8 && !correctionRE.MatchString(t.Text) && otherMatter(t.Text) {
			// 图书馆那个屋顶我去看了 … 得找外面施工队, sent while asked which
			// job is done (user test 27's K34): another matter, read
			// afresh; the question is set aside.
			t.Say("好的，「是哪一单修好了」先放一放，先办你说的这件事。要记哪一单修好了，请再回复「完成 单号」。")
			t.Reread(t.Text)
			return nil
		}
	}
	if t.Msg.Button == "" && saidOtherRE.MatchString(t.Text) && !strings.ContainsAny(t.Text, "0123456789") &&
		!slices.ContainsFunc(rs, func(r Repair) bool { return r.Item != "" && strings.Contains(t.Text, r.Item) }) {
		// 不是这个 我说的是撒盐: none of his jobs is done; nothing is
		// recorded, and the question ends (user test 33's T32).
		t.Done()
		if len(rs) == 1 {
			t.Say(fmt.Sprintf("好的，%s 没有记完成。", rs[0].Ref))
		} else {
			t.Say("好的，这几单都没有记完成。")
		}
		return nil
	}
	choice, ok := pick(t, "是哪一单修好了？请回复数字选择，或发送「取消」。", buttons)
	if !ok {
		return nil
	}
	for _, r := range rs {
		if strconv.FormatInt(r.ID, 10) != choice {
			continue
		}
		if msg := mayAct(t, r, verbDone); msg != "" {
			t.Done()
			t.Say(msg)
			return nil
		}
		return askCauseFixedPhoto(t, r, a.Fix, a.Photo)
	}
	t.Done()
	return nil
}

// otherMatter reports whether a worker's words do something else with his
// jobs than tell one done: cannot, hand on, take or tell the reporter.
func otherMatter(text string) bool {
	norm := parse.Normalize(strings.TrimSpace(text))
	return blockedWords.MatchString(norm) || giveBackRE.MatchString(norm) || xferSaidRE.MatchString(norm) ||
		takingRE.MatchString(norm) || workerNotes(text)
}

// notThisOneRE is none of the jobs offered, said with 取消 or 都不是: 不是那个
// 取消, 都不是, 不是这单 算了.
var notThisOneRE = rx.MustCompile(`^(?:不是(?:那个|这个|那单|这单|那一单|这一单)?|都不是|哪个都不是)[，,。\s]*(?:取消|算了|不用了)[。！!]*$|^(?:都不是|哪个都不是)[。！!]*$`)

// progressNumRE is a repair named by its number in a question: 4号漏水.
var progressNumRE = rx.MustCompile(`(?:^|[^\d])(\d{1,3})\s*号(?:单|报修)?`)

// waitedTooLongRE is a reporter's question that complains of the wait:
// 到底啥时候能修好, 咋个还没修, 学生都没法坐了, 等了好几天了, 坏了快半个月
// 了 还修不修了 (user test 17).
var waitedTooLongRE = rx.MustCompile(`到底|究竟|咋个还|怎么还|咋还|都没法|没法(?:上课|用|坐)|等了(?:好|很)?(?:久|几天|半天)|好几天了|急死|(?:[几十两三四五六七八九]|好几|半个|一个|两个)(?:天|个?礼拜|个?星期|周|个?月)了|修不修`)

// nudgeRE is a reporter asking for haste: 能不能快点修, 催一下, and
// demanding it done by a time (今晚一定要修好啊: user test 27's K5).
var nudgeRE = rx.MustCompile(`快点|快来|尽快|赶紧|抓紧|早点|催|(?:一定|必须|务必)(?:要|得)?(?:今天|今晚|明早|明天|马上|现在)?(?:修好|弄好|搞好|修|弄)`)

// urgedOwn reads a report that urges an open repair of the sender's
// instead (user test 27's K5: 「今晚一定要修好啊 放试卷的 锁不上出了事谁负责」,
// from the teacher whose lock report was open, was taken for a new one):
// words urging haste (nudgeRE) whose problem is that of exactly one of
// her open repairs, at no other place, are a 催 of it, her words passed
// on to its worker (tellStatus). It reports whether it answered.
func urgedOwn(t *flows.Turn, rd Reading, text string) (bool, error) {
	if !nudgeRE.MatchString(text) || noRushRE.MatchString(text) || len(rd.Problems) != 1 || t.Staff.Has(flows.RoleWorker) {
		return false, nil
	}
	g := firstProblem(rd)
	if g.Trade == "" && g.Item == "" || g.PlaceText != "" {
		return false, nil
	}
	rs, err := myReports(t)
	if err != nil {
		return false, err
	}
	var hit []Repair
	for _, r := range rs {
		// 锁不上 is the job 后门锁坏了 (its item read as 后门).
		// A fault said without its thing is hers only in her words
		// (冲水坏了 is not her radiator's, though both are 水暖).
		said := urgesNamed(r, g) || matches(r, RepairGuess{Trade: g.Trade, LocationID: g.LocationID}) && g.Item != "" && strings.Contains(r.Description, g.Item)
		if r.Status.Open() && r.Status != RepairDone && said {
			hit = append(hit, r)
		}
	}
	if len(hit) != 1 {
		return false, nil
	}
	t.Done()
	return true, tellStatus(t, hit[0])
}

// nudge tells r's worker that its reporter asked for haste, once a day
// per repair (a claimed job key): 「催一下」 sent five times is one message.
// It reports whether the worker was told now. Who asked is kept on the
// job's trail, once a day each, whether or not the worker was told now
// (a leader asking after the reporter did still waits for the answer),
// so that the worker's next word on the job (说明) goes to them too (see
// chasersOf).
func nudge(t *flows.Turn, r Repair) (bool, error) {
	day := t.Now.In(t.School.Location()).Format("2006-01-02")
	if first, err := t.Tx.ClaimJob(t.Ctx, fmt.Sprintf("repair-nudged-by:%d:%s:%d", r.ID, day, t.Staff.ID), t.Now); err != nil {
		return false, err
	} else if first {
		// (Read again, locked: r may come from a list.)
		cur, err := db(t).Repair(t.Ctx, r.ID)
		if err != nil {
			return false, err
		}
		if err := db(t).UpdateRepair(t.Ctx, cur, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventNudged, From: cur.Status, To: cur.Status}); err != nil {
			return false, err
		}
	}
	ok, err := t.Tx.ClaimJob(t.Ctx, fmt.Sprintf("repair-nudge:%d:%s", r.ID, day), t.Now)
	if err != nil || !ok {
		return false, err
	}
	due := t.When(r.DueAt) + " 前"
	if t.Now.After(r.DueAt) {
		due = t.When(r.DueAt) + "，已超时"
	}
	said := ""
	if words := nudgeWords(t); words != "" {
		said = fmt.Sprintf("\n%s说：%s\n", t.Staff.Name, words)
	}
	return true, t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【催修】%s问 %s（%s %s）什么时候能修好（期限 %s）。%s修好后回复「完成 %d」；有情况可以回复「说明 %d …」，我会转告。",
			t.Staff.Name, r.Ref, r.Place(), r.Description, due, said, Num(r), Num(r)),
		Buttons: jobButtons(r)})
}

// nudgeWords are the words of a 催 passed on with it: 能不能快点，学生要用
// says why she urges, which is hers to tell him (user test 17's F32); a
// bare 催 1 says nothing more, and "" is returned.
func nudgeWords(t *flows.Turn) string {
	words := strings.TrimSpace(t.Text)
	if t.Msg.Button != "" || strings.Contains(words, "催") || utf8.RuneCountInString(words) < 4 {
		return ""
	}
	return flows.Clip(words, MaxNote)
}

// latestNote is the worker's latest word on r (说明), when the store keeps
// events.
func latestNote(t *flows.Turn, r Repair) (string, time.Time, bool, error) {
	es, ok := t.Tx.(interface {
		RepairEvents(ctx context.Context, repairID int64) ([]RepairEvent, error)
	})
	if !ok {
		return "", time.Time{}, false, nil
	}
	evs, err := es.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return "", time.Time{}, false, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		switch {
		case evs[i].Kind == EventTransferred:
			// 1号单子也转派，我这两天都来不了: a word said before the job
			// changed hands is no progress of its new worker's (user test
			// 16 had it said by 周师傅, who took it after 王师傅 said it).
			return "", time.Time{}, false, nil
		case evs[i].Kind == EventNoted && evs[i].ActorID == r.WorkerID:
			return evs[i].Note, evs[i].At, true, nil
		}
	}
	return "", time.Time{}, false, nil
}

// eventDay is the day the writer's words name (周四, 明天), at its start in
// the school's zone, and the words that named it; zero and "" when none.
func eventDay(t *flows.Turn) (time.Time, string) {
	n, ok := weekEndDays(t, t.Text)
	if !ok {
		var said string
		if n, said, ok = dateDaysOf(t, t.Text); !ok {
			return time.Time{}, "" // 周四 said on a Thursday is today, n 0
		}
		t.Say(said)
	}
	loc := t.School.Location()
	d := t.Now.In(loc).AddDate(0, 0, n)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), dateWordsRE.FindString(t.Text)
}

// urgesNamed reports whether problem g, said with words urging haste, is
// open job r: of its trade and thing, at its place when a place is said,
// and, when no thing is named (冲水坏了), describing it in some of its
// words. Only then is it a 催 of r; a fault r is not about is a new
// report (user test 32's T7: the toilet 「二楼厕所冲水坏了 … 赶紧修一下吧」
// was taken for a 催 of her radiator, both 水暖).
func urgesNamed(r Repair, g RepairGuess) bool {
	if !matchesAt(r, g) {
		return false
	}
	if g.LocationID != 0 || g.PlaceText != "" || g.Item != "" && r.Item != "" {
		return true
	}
	return sharedPairs(strings.ToLower(parse.Normalize(g.Description)), r.Description) > 0
}
