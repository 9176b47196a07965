package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker tells jobs done by the short numbers he was shown, anywhere in
// his words: 「三楼是跳闸了 闸已经推上去了 4号5号都好了」, 「完成4 完成5」,
// 「1号2号都完成了」, 「还有5号也好了 同一个闸」, 「王老师返修那个5号也是这个
// 插座的事 一起好了」. User test 34 (T18–T21, T27, T29) had begun closing an
// old job he never named (the 303 light: 「这句话说到 6 单」), finished 4
// and silently dropped 5, or not understood. The numbers name exactly the
// jobs recorded, one after the other; nothing else is closed.

// heldNumRE is one short job number in a worker's words: 5号 (not 1号楼, a
// building), 完成4, or the first of a list 4和5两单 / 4、5号.
var heldNumRE = rx.MustCompile(`完成\s*(\d{1,3})|(\d{1,3})\s*号(楼|房|门|线|床|柜|位|机|窗|桌|座)?|(\d{1,2})\s*(?:[和跟、]|还有)\s*(\d{1,2})\s*(?:号|[两俩]?单)`)

// numDoneWordRE is words telling a job done: 好了, 修好了, 都完成了, 搞定了,
// 一起好了, 亮了, 有电了 (after its number or in the same message).
var numDoneWordRE = rx.MustCompile(`(?:好了|修好|弄好|搞好|换好|处理好|搞定|完成|亮了|通了|有电了|来电了|不漏了)`)

// numNotDoneRE is a number's clause that tells it not done: 4号还没好,
// 5号修不了, 6号明天弄.
var numNotDoneRE = rx.MustCompile(`没(?:修|弄|好|完|换|搞|处理)|不好|不了|明天|下午再|等(?:配件|采购)|[吗？?]`)

// numAskRE is a number's clause that asks: 5号呢.
var numAskRE = rx.MustCompile(`[吗呢？?]`)

// numDoneOnlyRE is what a clause says beyond its numbers when it only
// tells them done: 都好了, 也好了, 一起好了, 都完成了, 还有.
var numDoneOnlyRE = rx.MustCompile(`^(?:还有|那个|这个|和|跟|、|单|两单|俩|[都也全]|一起|已经|都已经|也已经|[弄修搞换处理]|好了|完成了?|搞定了|亮了|通了|的|[了啊呀吧哈])*$`)

// heldJobNumbers are the short job numbers text names (heldNumRE), each once,
// in order, and whether any was found.
func heldJobNumbers(text string) []int {
	var nums []int
	add := func(s string) {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && !containsInt(nums, n) {
			nums = append(nums, n)
		}
	}
	for _, m := range heldNumRE.FindAllStringSubmatch(text, -1) {
		switch {
		case m[1] != "":
			add(m[1])
		case m[2] != "" && m[3] == "":
			add(m[2])
		case m[4] != "":
			add(m[4])
			add(m[5])
		}
	}
	return nums
}

func containsInt(s []int, n int) bool {
	for _, v := range s {
		if v == n {
			return true
		}
	}
	return false
}

// numbersHeld are his jobs he may finish that nums name, one each; false
// when a number names none of them or two (a clash of short numbers is
// asked as before).
func numbersHeld(t *flows.Turn, nums []int) ([]Repair, bool, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return nil, false, err
	}
	var jobs []Repair
	for _, n := range nums {
		var hit []Repair
		for _, r := range rs {
			if r.WorkerID == t.Staff.ID && Num(r) == n && mayAct(t, r, verbDone) == "" {
				hit = append(hit, r)
			}
		}
		if len(hit) != 1 {
			return nil, false, nil
		}
		jobs = append(jobs, hit[0])
	}
	return jobs, true, nil
}

// numbersDoneSaid finishes the jobs a worker's words name by their short
// numbers and tell done (see above), and reports whether it did. A single
// number is taken only inside his words (「5号好了」 and 「完成 5」 are the
// commands' own); a clause that tells a number not done leaves the whole
// message to be read as before.
func numbersDoneSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return false, nil
	}
	text = strings.TrimSpace(text)
	if !numDoneWordRE.MatchString(text) {
		return false, nil
	}
	if selfFixedRE.MatchString(text) || withdrawRE.MatchString(text) {
		return false, nil // 3号不用修了 老师自己修好了: not his fix (selfFixedTold)
	}
	var nums, notDone []int
	var fix []string
	for _, c := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) }) {
		if heldNumRE.MatchString(c) {
			if numNotDoneRE.MatchString(c) {
				// 2号还没弄 3号好了: 3 alone is done.
				notDone = append(notDone, heldJobNumbers(c)...)
				continue
			}
			if !numDoneWordRE.MatchString(c) && numAskRE.MatchString(c) {
				return false, nil // 5号呢 也好了吗
			}
			nums = append(nums, heldJobNumbers(c)...)
			continue
		}
		if numDoneOnlyRE.MatchString(c) {
			continue
		}
		fix = append(fix, c)
	}
	nums = slices.DeleteFunc(nums, func(n int) bool { return containsInt(notDone, n) })
	slices.Sort(nums)
	nums = slices.Compact(nums)
	if len(nums) == 0 {
		return false, nil
	}
	if len(nums) == 1 && len(notDone) == 0 && (workerDoneRE.MatchString(text) || strings.HasPrefix(text, "完成") || !strings.Contains(text, "号")) {
		return false, nil // 5号好了, 完成 5: the commands' own
	}
	jobs, ok, err := numbersHeld(t, nums)
	if err != nil {
		return false, err
	}
	if !ok {
		// 4号5号都好了 with no job 4 or 5 of his: said so, and nothing
		// else is offered to finish (the re-type of user test 34, N1:
		// every open job of his was offered, and the unfixed 303 light
		// was recorded done).
		return numbersNotHeld(t, nums)
	}
	said := flows.Clip(strings.TrimRight(strings.Join(fix, " "), "。.！! "), MaxNote)
	if len(jobs) == 1 {
		return true, askCauseFixed(t, jobs[0], said)
	}
	fixes := make(map[string]string, len(jobs))
	for _, r := range jobs {
		fixes[strconv.FormatInt(r.ID, 10)] = said
	}
	return true, doneOneByOne(t, jobs, fixes)
}

// doneNamedAfterRE is a job named by its thing or place, then 完成: 应急灯
// 那单完成, 302插座那个也完成了, 烟感的单子完成 (cmdNamedRE with the word
// first); namesAny checks the words name a thing or place.
var doneNamedAfterRE = rx.MustCompile(`^((?:\d{3,4})?\p{Han}{1,10}?)(?:那个|那单|那边|的)(?:单子|活)?[，,\s]*(?:也|已经|也已经)?(?:完成|搞定)(?:了|啦|吧)?[。！!]*$`)

// floorSaidRE is a floor said: 一楼, 2楼 (not 1号楼, a building, nor 教学楼).
var floorSaidRE = rx.MustCompile(`(?:^|[^号\d])([一二三四五六七八九1-9])\s*楼(?:[^房]|$)`)

// roomFloorRE is a room number, whose first digit is its floor: 303.
var roomFloorRE = rx.MustCompile(`(?:^|\D)([1-9])\d{2}(?:\D|$)`)

// floorOf is the floor words say, 1 to 9, or 0 when they say none.
func floorOf(s string) int {
	if m := floorSaidRE.FindStringSubmatch(s); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n
		}
		return strings.Index("一二三四五六七八九", m[1])/len("一") + 1
	}
	if m := roomFloorRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// onFloorSaid are the jobs of rs not known to be on another floor than
// the one words say: 一楼安全出口那个灯管也换了 is not of 303's 灯 (user
// test 34's T26). Every job when the words say no floor.
func onFloorSaid(words string, rs []Repair) []Repair {
	f := floorOf(words)
	if f == 0 {
		return rs
	}
	var on []Repair
	for _, r := range rs {
		if g := floorOf(r.LocationName + " " + r.PlaceText); g == 0 || g == f {
			on = append(on, r)
		}
	}
	return on
}

// heldNamedDone reports whether text is a worker telling done a job he
// holds and may finish, named by its thing or its words: 「实验楼烟感是探头
// 灰太多 清了就不叫了 二楼办公室饮水机加热管也换了 热了」 is the smoke alarm
// and the dispenser done, not his comment on the job he reported and saw
// signed off (user test 34's T34 kept it as that job's 评价).
func heldNamedDone(t *flows.Turn, text string) bool {
	if !t.Staff.Has(flows.RoleWorker) || !saysDone(text) {
		return false
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return false
	}
	norm := strings.ToLower(parse.Normalize(text))
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && mayAct(t, r, verbDone) == "" && (namesThing(norm, r.Item) || namesDescribed(norm, r.Description)) {
			return true
		}
	}
	return false
}

// numbersMeant answers, asked the cause of r, words that name other jobs
// by their short numbers instead: 「不对 303的灯我还没修呢 只有4和5两单」,
// 「不是烟感 是5号」 (user test 34's T19 began another wrong job, T30 asked
// for 1 or 2 again). Those jobs are recorded one after the other in place
// of r and of the rest the first words named; r is not recorded unless
// its number is among them. It reports whether it answered.
func numbersMeant(t *flows.Turn, r Repair, a followUpData) (bool, error) {
	nums := heldJobNumbers(t.Text)
	if len(nums) == 0 || len(nums) == 1 && nums[0] == Num(r) {
		return false, nil
	}
	jobs, ok, err := numbersHeld(t, nums)
	if err != nil || !ok {
		return false, err
	}
	var next []string
	for _, o := range jobs[1:] {
		next = append(next, strconv.FormatInt(o.ID, 10))
	}
	o := jobs[0]
	lead := fmt.Sprintf("好的，%s 先不记。", r.Ref)
	if slices.ContainsFunc(jobs, func(j Repair) bool { return j.ID == r.ID }) {
		lead = "好的。"
	}
	if len(jobs) > 1 {
		lead += fmt.Sprintf("改记这 %d 单：%s，一单一单记录。先记 %s", len(jobs), roomJobs(jobs), o.Ref)
	} else {
		lead += fmt.Sprintf("改记 %s（%s %s）", o.Ref, o.LocationName, jobWords(o, 20))
	}
	t.Say(lead+"：请选择损坏原因：\n"+flows.Numbered(causeButtons), causeButtons...)
	return true, t.Goto(string(stateDoneCause), followUpData{ID: o.ID, Photo: a.Photo, Fix: a.Fix, Next: strings.Join(next, ",")})
}

// numbersNotHeld tells a worker which of the short numbers nums name no
// job of his that he may finish, with the numbers of those he may, and
// reports whether it did; false when every number names some job (two
// of one number are asked as before).
func numbersNotHeld(t *flows.Turn, nums []int) (bool, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return false, err
	}
	var missing []string
	for _, n := range nums {
		if !slices.ContainsFunc(rs, func(r Repair) bool {
			return r.WorkerID == t.Staff.ID && Num(r) == n && mayAct(t, r, verbDone) == ""
		}) {
			missing = append(missing, strconv.Itoa(n))
		}
	}
	if len(missing) == 0 {
		return false, nil
	}
	var mine []string
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && mayAct(t, r, verbDone) == "" {
			mine = append(mine, fmt.Sprintf("· %d 号 %s（%s「%s」）", Num(r), r.Ref, r.Place(), jobWords(r, 12)))
		}
	}
	text := fmt.Sprintf("你手上没有编号为 %s 的单子可以记完成，这次什么都没有记。", strings.Join(missing, "、"))
	if len(mine) > 0 {
		text += "你现在可以记完成的单子：\n" + strings.Join(mine, "\n") + "\n修好了请回复「完成 编号」。"
	}
	t.Say(text)
	return true, nil
}
