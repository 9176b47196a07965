package repair

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

// A worker's one message about several of his jobs, some done and some
// that cannot be done (user test 32's T18): 礼堂麦克风弄好了 换了根线
// 302投影仪也调好了 清了下镜头 图书馆那个投影仪修不好 得找厂家来修. Each
// job named gets its own part of the words (heldSeveralDone's split):
// a part saying it cannot be done is that job's 修不好, reported to the
// leaders with that part alone as the reason; the parts saying done are
// recorded done one after another, as heldSeveralDone does. (It had
// escalated the fixed 302 projector with the whole message as the reason,
// and recorded neither job done.)

// mixedDoneBlockedSaid handles a worker's words telling at least one of
// his jobs done and at least one that cannot be done, every part of the
// words about a job named by what only it has. It does nothing otherwise.
func mixedDoneBlockedSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return false, nil
	}
	if !blockedWords.MatchString(text) || !saysDone(text) {
		return false, nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return false, err
	}
	var held []Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && (mayAct(t, r, verbDone) == "" || mayAct(t, r, verbBlock) == "") {
			held = append(held, r)
		}
	}
	if len(held) < 2 {
		return false, nil
	}
	parts, order, ok := jobParts(withoutSwapLead(text), held)
	if !ok || len(order) < 2 {
		return false, nil
	}
	var done, blocked []Repair
	for _, r := range order {
		p := parts[strconv.FormatInt(r.ID, 10)]
		switch {
		case blockedWords.MatchString(p):
			if mayAct(t, r, verbBlock) != "" {
				return false, nil
			}
			blocked = append(blocked, r)
		case saysDone(p) || allDoneSaidRE.MatchString(parse.Normalize(text)):
			if mayAct(t, r, verbDone) != "" {
				return false, nil
			}
			done = append(done, r)
		default:
			return false, nil // a part that says neither: asked as before
		}
	}
	if len(done) == 0 || len(blocked) == 0 {
		return false, nil
	}
	for _, r := range blocked {
		why := flows.Clip(tidyReason(parts[strconv.FormatInt(r.ID, 10)]), 300)
		need := needNamed(why)
		if need == "" {
			need = "其他原因"
		}
		moved := false
		if was, ok := swappedBlock(done, blocked); ok {
			// 不对 302投影仪是修好了 修不好的是图书馆那个: the 修不好 he
			// reported of the job now told done was meant for this one,
			// its reason with it, unless he gives this one its own.
			if own := ownBlockReason(parts[strconv.FormatInt(r.ID, 10)]); own != "" {
				why = flows.Clip(own, 300)
				if need = needNamed(own); need == "" {
					need = was.Recommendation
				}
			} else {
				why, need, moved = was.BlockedReason, was.Recommendation, true
			}
		}
		if err := blockRepair(t, r, need, why); err != nil {
			return true, err
		}
		if moved {
			t.Say(fmt.Sprintf("修不好的原因按你刚才报的「%s」（%s）；还有别的情况直接发给我，我会补充进去。", why, need))
		}
	}
	fixes := make(map[string]string, len(done))
	var rest []string
	for i, r := range done {
		id := strconv.FormatInt(r.ID, 10)
		fixes[id] = flows.Clip(strings.TrimRight(parts[id], "。.！! "), MaxNote)
		if i > 0 {
			rest = append(rest, id)
		}
	}
	r := done[0]
	a := followUpData{ID: r.ID, Fix: fixes[strconv.FormatInt(r.ID, 10)], Next: strings.Join(rest, ","), Fixes: fixes}
	if len(done) == 1 {
		a.Next, a.Fixes = "", nil
	}
	if cause, note, ok := causeSaid(a.Fix); ok {
		return true, finishOrAskPhoto(t, r, a, cause, note)
	}
	lead := fmt.Sprintf("这句话说到 %d 单修好了，一单一单记录。先记 %s（%s %s）", len(done), r.Ref, r.Place(), jobWords(r, 20))
	if len(done) == 1 {
		lead = fmt.Sprintf("%s（%s %s）修好了", r.Ref, r.Place(), jobWords(r, 20))
	}
	t.Say(fmt.Sprintf("%s：请选择损坏原因：\n%s", lead, flows.Numbered(causeButtons)), causeButtons...)
	return true, ask(t, stateDoneCause, a)
}

// A correction that swaps which job is which (user test 32's T19): 吴老师
// had the fixed 302 projector reported 修不好 by mistake and wrote 「不对
// 302投影仪是修好了 修不好的是图书馆那个 我的」. houqin asked the 图书馆
// job's reason and later sent the whole sentence to three people as the
// official reason (「原因：不对，302投影仪是修好了…」), and the 302 job
// stayed with the leaders. Read as a mixed message, the lead putting it
// right (不对) is no job's part; the job told done is his own 修不好, taken
// back when it is recorded done (unblock.go); and the job now said to be
// the one he cannot fix gets the reason he gave with that 修不好, unless
// its part of the words gives one of its own (the words that only say
// which job it is never become the reason).

// swapLeadRE is a piece of words that only puts right what was said
// before: 不对, 不对不对, 搞错了, 刚才说错了, 说反了.
var swapLeadRE = rx.MustCompile(`^(?:哎呀|哎|啊|哦|呃|额)?(?:刚才|刚刚|之前)?(?:不对(?:不对)?|错了|[搞弄说记写点报]错了|[搞弄说记报]反了)(?:了|啊|呀|哈)?$`)

// withoutSwapLead is text less its leading pieces that only put right
// what was said before (swapLeadRE).
func withoutSwapLead(text string) string {
	s := strings.TrimSpace(text)
	for {
		i := strings.IndexFunc(s, func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) })
		if i < 0 || !swapLeadRE.MatchString(s[:i]) {
			return s
		}
		s = strings.TrimLeft(s[i:], "，,。；; ！!")
	}
}

// swappedBlock is, of the jobs told done, the one waiting for the leaders
// on his own 修不好, when one job only is told he cannot fix: the 修不好
// was meant for that one.
func swappedBlock(done, blocked []Repair) (Repair, bool) {
	if len(blocked) != 1 {
		return Repair{}, false
	}
	for _, r := range done {
		if r.Status == RepairBlocked && r.BlockedReason != "" {
			return r, true
		}
	}
	return Repair{}, false
}

// blockFrameRE is a piece of words that only says which job cannot be
// fixed: 修不好的是图书馆那个, 图书馆那台才是修不好的, 图书馆那个投影仪修不好.
var blockFrameRE = rx.MustCompile(`^(?:` + cannotFix + `)的?(?:是|才是|应该是)|(?:` + cannotFix + `)(?:的|了|啊|呀)?$`)

// cannotFix is the words saying a job cannot be fixed, in blockFrameRE.
const cannotFix = `修不好|修不了|弄不好|弄不了|搞不定|搞不好|整不好|没法修|修不成`

// ownBlockReason is a job's part of a swapping correction less the pieces
// that only say which job it is (blockFrameRE) and those too short to say
// anything (我的): the reason it gives, or "".
func ownBlockReason(part string) string {
	var keep []string
	for _, c := range strings.FieldsFunc(part, func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) }) {
		if blockFrameRE.MatchString(c) || utf8.RuneCountInString(c) < 3 {
			continue
		}
		keep = append(keep, c)
	}
	return tidyReason(strings.Join(keep, " "))
}

// jobParts cuts a worker's words at commas and spaces and gives each
// piece to the job of held the piece, or the last one before it, names by
// what only that job has (namedAlone); the words that tell all of them
// done (俩都弄好了) are left out. It fails when a piece comes before any
// job is named. order is the jobs in the order named.
func jobParts(text string, held []Repair) (parts map[string]string, order []Repair, ok bool) {
	parts = make(map[string]string, len(held))
	cur := ""
	for _, c := range strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) }) {
		if roomElsewhere(c, held) {
			return nil, nil, false // 302投影仪也调好了 with no job of his at 302: not his
		}
		if r, ok := namedByRoom(c, held); ok {
			cur = strconv.FormatInt(r.ID, 10)
			if _, seen := parts[cur]; !seen {
				order = append(order, r)
				parts[cur] = ""
			}
		}
		if cur == "" {
			return nil, nil, false
		}
		if c = withoutAllDone(c); c != "" {
			parts[cur] = strings.TrimSpace(parts[cur] + " " + c)
		}
	}
	return parts, order, true
}

// namedByRoom is the job of held a piece of words names: by the room
// number it says (302投影仪也调好了, of two projector jobs), when one job
// only is in that room, or else by what only it has (namedAlone).
func namedByRoom(text string, held []Repair) (Repair, bool) {
	for _, num := range placeNumRE.FindAllString(text, -1) {
		var in []Repair
		for _, r := range held {
			if strings.Contains(r.LocationName, num) {
				in = append(in, r)
			}
		}
		if len(in) == 1 {
			return in[0], true
		}
		if len(in) > 1 {
			if r, ok := namedAlone(text, in); ok {
				return r, true
			}
		}
	}
	return namedAlone(text, held)
}

// roomElsewhere reports whether words name a room number none of held is
// at.
func roomElsewhere(text string, held []Repair) bool {
	for _, num := range placeNumRE.FindAllString(text, -1) {
		if !slices.ContainsFunc(held, func(r Repair) bool { return strings.Contains(r.LocationName, num) }) {
			return true
		}
	}
	return false
}

// groupsDoneSaid records the jobs a worker's words tell done when a part
// of them names two reports of one fault (user test 32's T23: 「305暖气换了
// 阀门 好了 二楼厕所冲水也修好了 两个都完事了」, with 李老师's and 王老师's
// reports of the 305 radiator and 李老师's toilet): the part of each job
// group goes to every job of it, the radiator's to both its reports, and
// the toilet is recorded too (it had recorded the two radiator reports
// and left the toilet). Each part must say done, or the words say all
// are; it does nothing unless two groups or more are named and one of
// them has several jobs (one job each is heldSeveralDone's).
func groupsDoneSaid(t *flows.Turn, text string, held []Repair) (bool, error) {
	type group struct {
		jobs []Repair
		part string
	}
	var groups []*group
	var cur *group
	for _, c := range strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) }) {
		if roomElsewhere(c, held) {
			return false, nil
		}
		if js := namedGroup(c, held); js != nil {
			cur = nil
			for _, g := range groups {
				if g.jobs[0].ID == js[0].ID {
					cur = g
				}
			}
			if cur == nil {
				cur = &group{jobs: js}
				groups = append(groups, cur)
			}
		}
		if cur == nil {
			return false, nil
		}
		if c = withoutAllDone(c); c != "" {
			cur.part = strings.TrimSpace(cur.part + " " + c)
		}
	}
	if len(groups) < 2 || !slices.ContainsFunc(groups, func(g *group) bool { return len(g.jobs) > 1 }) {
		return false, nil
	}
	all := allDoneSaidRE.MatchString(parse.Normalize(text))
	fixes := map[string]string{}
	var ready []Repair
	for _, g := range groups {
		if !all && !saysDone(g.part) {
			return false, nil
		}
		for _, r := range g.jobs {
			if mayAct(t, r, verbDone) != "" || slices.ContainsFunc(ready, func(x Repair) bool { return x.ID == r.ID }) {
				continue
			}
			ready = append(ready, r)
			fixes[strconv.FormatInt(r.ID, 10)] = flows.Clip(strings.TrimRight(g.part, "。.！! "), MaxNote)
		}
	}
	if len(ready) < 2 {
		return false, nil
	}
	return true, doneOneByOne(t, ready, fixes)
}

// namedGroup is the jobs of held a piece of words names: the one it names
// by its room or by what only it has (namedByRoom), or else every job
// whose thing or description it names when they are all at one place and
// of one trade (two reports of one fault: 暖气片不热, 暖气不太热); nil
// otherwise.
func namedGroup(text string, held []Repair) []Repair {
	if r, ok := namedByRoom(text, held); ok {
		return []Repair{r}
	}
	norm := strings.ToLower(parse.Normalize(text))
	rooms := placeNumRE.FindAllString(text, -1)
	var out []Repair
	for _, r := range held {
		if !(namesThing(norm, r.Item) || namesDescribed(norm, r.Description)) {
			continue
		}
		if len(rooms) > 0 && !slices.ContainsFunc(rooms, func(n string) bool { return strings.Contains(r.LocationName, n) }) {
			continue
		}
		out = append(out, r)
	}
	if len(out) < 2 {
		return nil
	}
	for _, r := range out[1:] {
		if r.LocationName != out[0].LocationName || r.Trade != out[0].Trade {
			return nil
		}
	}
	return out
}

// namedOtherDone is, when a worker says one more job done right after he
// finished one (厕所那个呢 也修好了啊, user test 32's T24; 王老师那个也一样
// 也好了, T26), the job of his still to finish the words name: by what
// only it has, or by its reporter's name when one job of his is hers.
func namedOtherDone(t *flows.Turn, text string, jobs []Repair) (Repair, bool) {
	if r, ok := namedAlone(text, jobs); ok {
		return r, true
	}
	var hers []Repair
	for _, r := range jobs {
		if r.ReporterName != "" && r.ReporterName != t.Staff.Name && strings.Contains(text, r.ReporterName) {
			hers = append(hers, r)
		}
	}
	if len(hers) == 1 {
		return hers[0], true
	}
	return Repair{}, false
}
