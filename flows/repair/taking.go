package repair

import (
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker taking jobs in his own words, the taking anywhere in the
// message and the jobs named by their place or thing (the thirteenth
// user test's workers, none understood):
//
//	303那两个灯的活我都接了 马上过去 (both light jobs at 303),
//	玻璃的活我看到了 在路上 十分钟到 (the glass job, coming in ten minutes),
//	我上礼拜请假回老家了今天才回来 厕所水龙头跟303饮水机下午一起弄 (both).
//
// Every job named must be one of his waiting to be taken; a count word
// (两个, 都, 一起) lets one name fit several. What he says of when he
// comes goes to each reporter with the taking (takeRemark).

// takingRE is words of taking or coming to jobs: 我都接了, 在路上, 马上
// 过去, 十分钟到, 下午一起弄; 我一起接了, 接303后门锁那单, 我去弄 and
// 明天一定弄好 (the fifteenth user test's, not understood or read as done);
// 先接了 (user test 16's 「操场下水口那个我现在过去通 先接了」); 我是接302插座
// 那个活 (user test 27's K9).
//
// 校门口结冰的我带人去撒盐了 窗户的下午弄 (user test 30's T10: the window,
// said with when, was not taken).
var takingRE = rx.MustCompile(lookGoing + `|我?带人(?:去|过去)|(?:上午|下午|中午|晚上|明天|待会儿?|等会儿?|一会儿?)(?:就|再)?(?:弄|修|搞|处理|换)(?:[\s，,。！!吧]|$)|(?:今天|明天|下午|上午|中午|晚上|待会儿?|等会儿?|一会儿?)\p{Han}{0,3}?(?:肯定|一定|保证|争取|就能|能|会)(?:搞定|弄好|修好|弄完|修完|搞好|换好)(?:[^了啦]|$)|(?:我|都|也|先)(?:一起|一块儿?|一并|顺便)?接了|^(?:我(?:是|来|去|要|先)?)?接(?:\d{3,4}|\p{Han})[^，,。！!]{0,12}?(?:[那这](?:个|单|一单|单子|个单子)的?|的)(?:活儿?)?(?:吧|了)?$|我(?:这就|马上|现在)?去(?:弄|修|搞|换)(?:一下|下)?(?:[\s，,。！!吧]|$)|在路上|马上(?:过去|过来|就?到|去|来)|这就(?:过去|去|来)|[\d一二三四五六七八九十两半]+\s*(?:分钟|个钟头|个小时|小时)(?:就|内|以内|之内)?(?:到|过来|过去)|(?:上午|下午|中午|晚上|明天|待会儿?|等会儿?|一会儿?)(?:就|再)?(?:一起|一块儿?)?(?:去|来|过来|过去)(?:弄|修|搞|处理|换|看|[\s，,。！!吧哈]|$)|(?:上午|下午|中午|晚上|明天|待会儿?|等会儿?|一会儿?)(?:就|再)?(?:一起|一块儿?)(?:弄|修|搞|处理|换|看)`)

// lookGoing is going somewhere to look into the jobs: 广播的事我去机房看看
// (user test 27's K17, only passed on). Where he goes is not where the
// jobs are.
const lookGoing = `我(?:这就|马上|现在|先)?(?:去|到)\p{Han}{0,4}?(?:看看|看一下|瞧瞧|查查|查一下|检查一下)`

var lookGoingRE = rx.MustCompile(lookGoing)

// surmiseRE is what a worker supposes the fault is: 可能是功放的问题.
var surmiseRE = rx.MustCompile(`^(?:可能|应该|估计|怀疑|大概|也许|八成)`)

// notTakingRE is words that refuse, hand on or cannot: no taking.
var notTakingRE = rx.MustCompile(`不接|接不了|没接|不去|去不了|来不了|不来|不弄|不修|修不|弄不`)

// countRE is a count word that lets one name fit several jobs: 那两个灯,
// 都接了, 一起弄; 广播的事, the matter of every 广播 job.
// countEachRE is a count word that may make one thing several jobs even
// when things are joined by 和: 两个灯和插座都接了. A bare 都 or 一起 of
// 窗户和门锁都接了 counts the things joined, one job each (it had taken
// every door lock, the demo's old ones too).
var countEachRE = rx.MustCompile(`[两二三四几]个|全部|的事`)

var countRE = rx.MustCompile(`[两二三四几]个|都|一起|一块|全部|的事`)

// ackPieceRE is a piece that only says he took or saw the job (303那两个灯
// 的活我都接了, 玻璃的活我看到了, 接302门锁那单): no remark for the reporter.
var ackPieceRE = rx.MustCompile(`(?:我|都|也|先)*(?:一起|一块儿?|一并|顺便)?(?:接了|看到了|收到了|知道了)$|^(?:我(?:是|来|去|要|先)?)?接(?:\d{3,4}|\p{Han})[^，,。！!]{0,12}?(?:[那这](?:个|单|一单|单子|个单子)的?|的)(?:活儿?)?(?:吧|了)?$`)

// takeWordsSaid reads a worker's taking in his own words (see above) as
// 接单 of the jobs named.
func takeWordsSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	norm := parse.Normalize(strings.TrimSpace(text))
	if workerTakeSaidRE.MatchString(strings.TrimSpace(text)) {
		return "", false // 302插座那个我马上过去: typed reads it (workerTakeSaidRE)
	}
	if !takingRE.MatchString(norm) || notTakingRE.MatchString(norm) || saysDone(text) ||
		giveBackRE.MatchString(norm) || xferSaidRE.MatchString(norm) || blockedWords.MatchString(norm) {
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
	var pool, held []Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && mayAct(t, r, verbTake) == "" {
			pool = append(pool, r)
		}
		if r.WorkerID == t.Staff.ID && r.Status == RepairAccepted {
			held = append(held, r)
		}
	}
	if len(pool) == 0 {
		return "", false
	}
	many := countRE.MatchString(norm)
	// 窗户和门锁都接了: the 都 counts the things joined, one job each.
	joined := strings.ContainsAny(norm, "和跟、") && !countEachRE.MatchString(norm)
	segs := strings.FieldsFunc(norm, func(r rune) bool { return strings.ContainsRune("，,。；;！! 、和跟", r) })
	// 暖气那几个单子我都接了 302 303 304 305 (user test 30's T9): the rooms
	// said alone are the rooms of the thing named, not every job there
	// (303's 饮水机 had been taken too).
	things, rooms := namedThings(segs, locs)
	var ids []string
	for _, seg := range segs {
		if surmiseRE.MatchString(seg) {
			continue // 可能是功放的问题: what he supposes, no job
		}
		seg = lookGoingRE.ReplaceAllString(seg, "") // 我去机房看看: not the jobs' place
		g := GuessRepair(seg, locs)
		if r, ok := takenNamed(seg, held); ok && samePlace(r, g) {
			// 窗户和门锁都接了, the 窗户 job his already: that one, not
			// the demo's old 窗户 job still waiting (heldtake.go). (接302
			// 门锁那单, holding 303's 后门锁, names another place.)
			continue
		}
		low := strings.ToLower(seg)
		var hit []Repair
		if g.LocationID == 0 && g.Item == "" && g.PlaceText == "" {
			// 打火那个我马上到 (user test 27's K8, begun as a new hazard
			// report): a job named by its fault alone.
			hit = faultNamed(seg, pool)
			if len(hit) == 0 {
				continue // 在路上, 我上礼拜请假回老家了: no job named
			}
		}
		for _, r := range pool {
			if len(hit) > 0 && g.LocationID == 0 && g.Item == "" && g.PlaceText == "" {
				break
			}
			if g.LocationID != 0 && g.LocationID != r.LocationID {
				continue
			}
			if g.LocationID == 0 && g.PlaceText != "" && !strings.Contains(r.PlaceText, g.PlaceText) {
				continue // 操场下水口那个: a place not in the table, as the job's (user test 16's F76)
			}
			// 303锁我现在就过去 names the job at 303 filed as 后门锁坏了 (its
			// thing 后门) by the 锁 its words tell (user test 27's K7); with
			// no place said, 锁的活 is left to the notice it answers.
			if g.Item == "" || matches(r, RepairGuess{Item: g.Item}) && r.Item != "" || namesThing(low, r.Item) || namesDescribed(low, r.Description) ||
				g.LocationID != 0 && strings.Contains(r.Description, g.Item) {
				hit = append(hit, r)
			}
		}
		if g.Item == "" && g.LocationID != 0 && len(things) > 0 && roomsOnlyRE.MatchString(seg) {
			hit = slices.DeleteFunc(hit, func(r Repair) bool { return !ofThings(r, things) })
		}
		if g.Item != "" && g.LocationID == 0 && g.PlaceText == "" && len(rooms) > 0 {
			// 302 303 暖气的我都接了: the 暖气 jobs of those rooms only.
			hit = slices.DeleteFunc(hit, func(r Repair) bool { return !slices.Contains(rooms, r.LocationID) })
		}
		if len(hit) > 1 && (!many || joined) {
			if r, ok := namedAlone(seg, hit); ok {
				hit = []Repair{r}
			}
		}
		if len(hit) > 1 && joined {
			if r, ok := namedAloneBare(seg, hit); ok {
				hit = []Repair{r} // 后门锁 of 门牌跟后门锁我都接了, beside 门牌掉了 (its thing 门)
			}
		}
		if len(hit) > 1 && joined {
			return "", false // 门锁 of 窗户和门锁都接了, with three door locks waiting: which, unclear
		}
		if len(hit) == 0 || len(hit) > 1 && !many {
			return "", false // a thing he holds no job of, or which one unclear
		}
		for _, r := range hit {
			if id := strconv.FormatInt(r.ID, 10); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return "", false
	}
	id, _ := strconv.ParseInt(ids[0], 10, 64)
	return action(verbTake, id, append(append([]string{takeAlso}, ids[1:]...), takenInWords)...), true
}

// namedThings are the things the pieces of a message name with no place
// (暖气那几个单子我都接了), what its pieces naming a place alone are of;
// and the places those pieces name (302 303), where the things are.
func namedThings(segs []string, locs []flows.Location) (things []string, rooms []int64) {
	for _, seg := range segs {
		g := GuessRepair(seg, locs)
		switch {
		case g.Item != "" && g.LocationID == 0 && g.PlaceText == "" && !slices.Contains(things, g.Item):
			things = append(things, g.Item)
		case g.Item == "" && g.LocationID != 0 && roomsOnlyRE.MatchString(seg) && !slices.Contains(rooms, g.LocationID):
			rooms = append(rooms, g.LocationID)
		}
	}
	return things, rooms
}

// ofThings reports whether r is a job of one of things.
func ofThings(r Repair, things []string) bool {
	for _, th := range things {
		if r.Item != "" && matches(r, RepairGuess{Item: th}) || namesThing(strings.ToLower(th), r.Item) ||
			strings.Contains(r.Description, th) {
			return true
		}
	}
	return false
}

// roomsOnlyRE is a piece that is only room numbers (302, 302-305): which
// jobs, no words for the reporter.
var roomsOnlyRE = rx.MustCompile(`^\d{3,4}(?:\s*(?:-|~|到|至)\s*\d{3,4})?(?:的)?$`)

// takenInWords ends take's arguments when the taking was said in words
// (takeWordsSaid): his words of when he comes are passed on.
const takenInWords = "said"

// takingRemark is what a worker taking jobs in his own words says of when
// he comes (马上过去, 在路上 十分钟到), less the pieces that only say he took
// them; "" when nothing is left.
func takingRemark(text string) string {
	norm := parse.Normalize(strings.TrimSpace(text))
	if !takingRE.MatchString(norm) {
		return ""
	}
	var keep []string
	for _, p := range strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；; ", r) }) {
		if !ackPieceRE.MatchString(p) && !roomsOnlyRE.MatchString(p) {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " ")
}

// takeLastRE is a closing piece that takes the job: 接了, 我接了, 先接了,
// 这单我接了.
var takeLastRE = rx.MustCompile(`^(?:这个|这单|那我|我|先|就)*接(?:了|单了?|啦)$`)

// takeSaidLast reports whether a worker's message ends with his taking
// after words on the job that point at it (这个), as user test 16's
// 周师傅 answered a 【转派任务】 notice: 「收到 王师傅病了是吧 这个我去看看
// 接了」. Words that refuse, hand on, say it done or cannot do it make
// no taking; nor does a closing 接了 with no 这个 (which job is then the
// notice's only if it is urgent: takeNoticedUrgent).
func takeSaidLast(text string) bool {
	parts, _, ok := takingLast(text)
	return ok && slices.ContainsFunc(parts[:len(parts)-1], func(p string) bool { return pointsAtJobRE.MatchString(p) })
}

// takingLast splits a message that ends with a taking (接单, 接了) into its
// clauses, and the words before the taking, normalised; false when it
// does not end so, or the words before refuse, hand on, say it done or
// cannot do it. takeSaidLast and takeNamedLast read which job it is.
func takingLast(text string) (parts []string, rest string, ok bool) {
	parts = strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) < 2 || len(parts) > 5 || !takeLastRE.MatchString(parts[len(parts)-1]) {
		return nil, "", false
	}
	rest = parse.Normalize(strings.Join(parts[:len(parts)-1], "，"))
	if giveBackRE.MatchString(rest) || cannotGo(rest) || xferSaidRE.MatchString(rest) || blockedWords.MatchString(rest) ||
		notTakingRE.MatchString(rest) || saysDone(rest) {
		return nil, "", false
	}
	return parts, rest, true
}

// faultNamed are the jobs of rs whose description says the fault (symptom
// group) seg names, when seg names one: 打火那个 is the socket that 打火了,
// 漏水的 the dispenser 漏水了.
func faultNamed(seg string, rs []Repair) []Repair {
	s := symptomOf(seg)
	if s == "" {
		return nil
	}
	var out []Repair
	for _, r := range rs {
		if slices.Contains(symptomsOf(r.Description), s) {
			out = append(out, r)
		}
	}
	return out
}

// notReportRest is what follows a leading 不是报修 (notAReportRE), trimmed;
// "" when the words do not begin so.
func notReportRest(text string) string {
	text = strings.TrimSpace(text)
	m := notAReportRE.FindStringIndex(text)
	if m == nil || m[0] != 0 {
		return ""
	}
	return strings.TrimLeft(text[m[1]:], " ，,。.！!、")
}

// takingSaid reports whether a worker's words take or go to a job
// (takingRE, workerTakeSaidRE, goingClause), refusing nothing.
func takingSaid(text string) bool {
	norm := parse.Normalize(strings.TrimSpace(text))
	if notTakingRE.MatchString(norm) || saysDone(text) {
		return false
	}
	return takingRE.MatchString(norm) || workerTakeSaidRE.MatchString(strings.TrimSpace(text)) || goingClause(text) != ""
}

// remarkOn is the part of a remark on jobs taken together that is on r:
// the clauses that name r, or name none of taken (user test 27's 「302桌子
// 的都接了 303锁我现在就过去」 told the desks' reporter 「303锁我现在就过去」).
func remarkOn(remark string, r Repair, taken []Repair) string {
	if len(taken) < 2 {
		return remark
	}
	var keep []string
	for _, c := range remarkClauseRE.Split(strings.TrimSpace(remark), -1) {
		if c == "" {
			continue
		}
		norm := strings.ToLower(parse.Normalize(c))
		names := func(o Repair) bool {
			g := GuessRepair(norm, nil)
			return namesThing(norm, o.Item) || namesDescribed(norm, o.Description) || g.Item != "" && strings.Contains(o.Description, g.Item)
		}
		if names(r) || !slices.ContainsFunc(taken, names) {
			keep = append(keep, c)
		}
	}
	return strings.Join(keep, " ")
}
