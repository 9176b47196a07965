package repair

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker's explanation sent right after his 修不好 was reported (user
// test 32's T20): 吴老师 chose 「3 需要外包维修」, the job went to the
// leaders at once, and his next message, 「灯泡换了还是不亮 主板可能坏了
// 得厂家来」, was read as a 修不好 of a 灯泡 job he did not hold
// (「你手上没有「灯泡」的单子…」). Words that explain, sent while the
// 修不好 he reported a moment ago is still his latest doing on the job
// and no leader has decided it, are more of its reason: added to it (an
// event on the repair) and passed to the leaders and the reporter who
// were told of it (addToBlock). A new report sent then (「302的灯也不亮了」)
// names a place, or another thing as broken too, and is left alone.

// reasonAfterWindow is how long after his 修不好 a worker's explanation
// is taken as its reason without naming the job.
const reasonAfterWindow = 15 * time.Minute

// reasonLeadRE leads words said as the reason: 原因是, 因为, 主要是.
var reasonLeadRE = rx.MustCompile(`^(?:修不好的?)?(?:原因(?:是|：|:)?|是因为|因为|主要是)[，,：:\s]*`)

// explainsRE is words that explain why a job cannot be done: what was
// tried and did not help (灯泡换了还是不亮), what is broken inside (主板可能
// 坏了), a part or a maker needed (配件没货, 得厂家来).
var explainsRE = rx.MustCompile(`还是(?:不|没)|也(?:不行|没用)|没用|不管用|试了|查了|检查了|可能|估计|应该是|怀疑|[坏烧断裂漏]了|老化|没货|买不到|配不到|停产|主板|线路|电路|零件|配件|厂家|售后|返厂|外包|采购`)

// whyCannotRE is words that only an explanation says: what was tried
// and did not help, a part or a maker needed.
var whyCannotRE = rx.MustCompile(`还是(?:不|没)|也(?:不行|没用)|没用|不管用|试了|[换修拆查]了.{0,6}(?:还是|也)|没货|买不到|配不到|停产|厂家|售后|返厂|外包|采购|配件|零件`)

// alsoBrokenRE is words telling another thing broken too: 也不亮了, 又坏了,
// 还有一个; not what was tried failing too (换了个灯泡也没用, 也不行).
var alsoBrokenRE = rx.MustCompile(`也(?:不[亮转响通出热凉冷动开关]|不能|没[电水声气信反]|坏|漏|破|裂|掉|堵|松|有问题)|又(?:不|坏|漏|破|裂|掉|堵)|还有一?[个处台张把间]|另外`)

// reasonAfterSaid takes a worker's explanation right after his 修不好
// (see above) as more of its reason. It does nothing unless such a
// 修不好 is waiting and the words explain it without naming elsewhere.
func reasonAfterSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return false, nil
	}
	s := strings.TrimSpace(text)
	if _, cmd := flows.ReadCommand(s, typedWords); cmd || slices.ContainsFunc(typedWords, func(w string) bool { return strings.HasPrefix(s, w) }) {
		return false, nil // 修不好 3 灯管没货了: a command, its words its own
	}
	r, ok, err := justBlocked(t)
	if err != nil || !ok {
		return false, err
	}
	norm := strings.ToLower(parse.Normalize(s))
	lead := reasonLeadRE.FindString(norm)
	if lead == "" && !explainsRE.MatchString(norm) {
		return false, nil
	}
	if first := strings.FieldsFunc(norm, isClauseSep); len(first) == 0 || swapLeadRE.MatchString(first[0]) || namesElsewhere(t, norm, r) {
		// 说反了 图书馆那个修不好…: a correction of which job, not more
		// of why (mixeddone.go).
		return false, nil
	}
	if lead == "" && !whyCannotRE.MatchString(norm) && !blockedWords.MatchString(norm) && intentOf(s, Sender{Roles: t.Staff.Roles}) == IntentReport {
		if locs, err := t.Tx.Locations(t.Ctx, t.School.ID); err == nil {
			if g := GuessRepair(norm, locs); g.Item != "" && !namesThing(norm, r.Item) {
				return false, nil // 图书馆的灯可能坏了: another thing broken, a report
			}
		}
	}
	why := s
	if lead != "" {
		why = strings.TrimSpace(string([]rune(norm)[len([]rune(lead)):]))
	}
	if why == "" {
		return false, nil
	}
	return true, addToBlock(t, r, why)
}

// justBlocked is the job t.Staff reported 修不好 a moment ago: waiting
// for the leaders, undecided, not a request for a later deadline, its
// latest step his 修不好 (within reasonAfterWindow), with only events that
// change nothing since (his words added, an overdue escalation); and no
// report of his made after it.
func justBlocked(t *flows.Turn) (Repair, bool, error) {
	er, has := t.Tx.(eventsReader)
	if !has {
		return Repair{}, false, nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 50)
	if err != nil {
		return Repair{}, false, err
	}
	var last Repair
	var lastAt time.Time
	for _, r := range rs {
		if r.Status != RepairBlocked || r.WorkerID != t.Staff.ID || r.Recommendation == needDefer {
			// (Not mayUnblock: a job decided before, 批准采购, and
			// reported 修不好 again keeps that old decision, user test
			// 32's 图书馆 projector; a decision since his 修不好 is seen
			// in the trail below.)
			continue
		}
		evs, err := er.RepairEvents(t.Ctx, r.ID)
		if err != nil {
			return Repair{}, false, err
		}
		i := len(evs) - 1
		for i >= 0 && evs[i].Kind != EventBlocked && evs[i].Kind != EventDecided && evs[i].From == evs[i].To {
			// His words added since, a 催修, a reporter's 留言: events
			// that change nothing of the job since his 修不好.
			i--
		}
		if i < 0 || evs[i].Kind != EventBlocked || evs[i].ActorID != t.Staff.ID || t.Now.Sub(evs[i].At) > reasonAfterWindow {
			continue
		}
		if evs[i].At.After(lastAt) {
			last, lastAt = r, evs[i].At
		}
	}
	if last.ID == 0 {
		return Repair{}, false, nil
	}
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.ID != last.ID && !r.ReportedAt.Before(lastAt) {
			return Repair{}, false, nil // a report of his since: the words may be of that
		}
	}
	return last, true, nil
}

// namesElsewhere reports whether words (normalised) name a room or place
// other than r's, or tell another thing broken too: a new report, not
// r's reason.
func namesElsewhere(t *flows.Turn, norm string, r Repair) bool {
	for _, n := range placeNumRE.FindAllString(norm, -1) {
		if !atPlace(r, n) {
			return true
		}
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return true
	}
	g := GuessRepair(norm, locs)
	if g.LocationID != 0 && g.LocationID != r.LocationID || slices.ContainsFunc(g.LocationCandidates, func(id int64) bool { return id != r.LocationID }) {
		return true
	}
	if alsoBrokenRE.MatchString(norm) && g.Item != "" && !namesThing(norm, r.Item) {
		return true // 饮水机也坏了: another thing, not what is wrong with r
	}
	if saysJob(norm, r) {
		return false
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 50)
	if err != nil {
		return true
	}
	// 灯管可能是镇流器的问题 明天上门换, of his 303 灯 job: not the 空调
	// he reported 修不好.
	return slices.ContainsFunc(rs, func(o Repair) bool { return o.ID != r.ID && o.Status.Open() && saysJob(norm, o) })
}

// saysJob reports whether words (normalised) name r by its thing or its
// description.
func saysJob(norm string, r Repair) bool {
	return namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || namesHead(norm, r.Item)
}

// reasonAside takes words saying why the job he just reported cannot be
// done (blockedWords) as more of its reason while the cause of another
// job is asked (stateDoneCause): 「灯泡换了还是不亮 主板可能坏了 得厂家来」
// asked the cause of the 302 projector he swapped his 修不好 from
// (mixeddone.go) is not how the projector broke. The cause of r is asked
// again. It reports whether it did.
func reasonAside(t *flows.Turn, r Repair, a followUpData) (bool, error) {
	if state(t.State()) != stateDoneCause || t.Msg.Button != "" || !blockedWords.MatchString(t.Text) {
		return false, nil
	}
	o, ok, err := justBlocked(t)
	if err != nil || !ok || o.ID == r.ID {
		return false, err
	}
	if err := addToBlock(t, o, strings.TrimSpace(t.Text)); err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("%s（%s %s）修好了，还要请你选择它的损坏原因：\n%s", r.Ref, r.Place(), jobWords(r, 20), flows.Numbered(causeButtons)), causeButtons...)
	return true, ask(t, stateDoneCause, a)
}

// isClauseSep reports whether r separates clauses of a message.
func isClauseSep(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) }
