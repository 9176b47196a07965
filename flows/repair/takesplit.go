package repair

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker holding several jobs may take one in his own words and say in
// the same breath when he does the others: user test 18's 「蹲坑那个我现在去
// 水龙头和饮水机下午弄」 (F27) took the 水龙头 job, the whole message read
// for the job, and told its reporter 「水龙头和饮水机下午弄」. The job taken
// is the one named before the words of going; the words after it, when
// they name other jobs of his, are his word on those, told to their
// reporters.

// takingClause is, of a worker's taking in his own words followed by more
// words (蹲坑那个我现在去 水龙头和饮水机下午弄), the words up to the taking,
// and whether there were words after it.
func takingClause(text string) (string, bool) {
	text = strings.TrimSpace(text)
	m := workerTakeSaidRE.FindStringSubmatchIndex(text)
	if m == nil || m[2] < 0 || m[2] == m[3] {
		return text, false
	}
	return strings.TrimSpace(text[:m[2]]), true
}

// narrowTaking leaves ready, of the jobs a worker's taking in his own
// words could mean, those the taking clause names; when the clause names
// none of them, the whole message decides, as before. Words that name a
// job he has taken already, and none other, are answered so (不是 我说的是
// 三楼女厕蹲坑那个 接单, with the 蹲坑 job his: it had asked which of the
// others); it reports whether it answered.
func narrowTaking(t *flows.Turn, text string, rs []Repair, items []flows.Item) bool {
	clause, more := takingClause(text)
	if more {
		trial := slices.Clone(items)
		narrowByText(t, clause, rs, trial)
		before, after := readyCount(items), readyCount(trial)
		if after > 0 && after < before {
			copy(items, trial)
			return false
		}
	}
	before := readyCount(items)
	narrowByText(t, text, rs, items)
	if readyCount(items) < before {
		return false // the words narrowed it
	}
	var held []Repair
	for i, r := range rs {
		if items[i].Ready || r.WorkerID == t.Staff.ID && r.Status == RepairAccepted {
			held = append(held, r)
		}
	}
	if r, ok := namedAlone(text, held); ok && r.Status == RepairAccepted && r.WorkerID == t.Staff.ID {
		t.Say(mayAct(t, r, verbTake))
		return true
	}
	return false
}

func readyCount(items []flows.Item) int {
	n := 0
	for _, it := range items {
		if it.Ready {
			n++
		}
	}
	return n
}

// remarkOfOthers is, of the jobs the worker holds besides r, those his
// remark with a taking names (水龙头和饮水机下午弄), when it names no thing
// of r: the remark is then his word on them, not on the job he takes.
func remarkOfOthers(t *flows.Turn, r Repair, remark string) []Repair {
	if remark == "" || !t.Staff.Has(flows.RoleWorker) {
		return nil
	}
	norm := strings.ToLower(parse.Normalize(remark))
	if namesThing(norm, r.Item) || namesDescribed(norm, r.Description) {
		return nil
	}
	rs, err := candidates(t)
	if err != nil {
		return nil
	}
	var named []Repair
	for _, o := range rs {
		if o.ID == r.ID || o.WorkerID != t.Staff.ID || mayAct(t, o, verbNote) != "" {
			continue
		}
		if r.Item != "" && o.Item != "" && (namesThing(r.Item, o.Item) || namesThing(o.Item, r.Item)) {
			// Two radiators (暖气, 暖气片): 302暖气接了 去放了气 is said of
			// the one taken; words fitting both are not the other's.
			continue
		}
		if namesThing(norm, o.Item) || namesDescribed(norm, o.Description) {
			named = append(named, o)
		}
	}
	return named
}

// remarkClauseRE separates the clauses of a worker's remark: 马上过去
// 暖气片那个下午弄 is two, one on each job.
var remarkClauseRE = rx.MustCompile(`[\s，,；;。.！!]+`)

// remarkByJob splits a remark made with a taking, which names other jobs
// of his (others), into its clauses by job (user test 27's 「三楼女厕那个
// 水管我接了 马上过去 暖气片那个下午弄」 told the radiator's reporter
// 「马上过去 …」, which was said of the pipe): a clause that names jobs is
// on them; one that names none is on the job of the clause before it, or,
// first, on r, the job taken. own is what is on r; each[i] what is on
// others[i], "" when nothing.
func remarkByJob(remark string, others []Repair) (own string, each []string) {
	each = make([]string, len(others))
	var mine []string
	parts := make([][]string, len(others))
	current := []int{} // nil: r
	for _, c := range remarkClauseRE.Split(strings.TrimSpace(remark), -1) {
		if c == "" {
			continue
		}
		norm := strings.ToLower(parse.Normalize(c))
		var named []int
		for i, o := range others {
			if namesThing(norm, o.Item) || namesDescribed(norm, o.Description) {
				named = append(named, i)
			}
		}
		if len(named) > 0 {
			current = named
		}
		if len(current) == 0 {
			mine = append(mine, c)
			continue
		}
		for _, i := range current {
			parts[i] = append(parts[i], c)
		}
	}
	for i, p := range parts {
		each[i] = strings.Join(p, " ")
	}
	return strings.Join(mine, " "), each
}

// takeTellingOthers passes to the reporters of the other jobs the remark
// names the clauses on them (remarkByJob), then takes r with the clauses
// on it, saying so.
func takeTellingOthers(t *flows.Turn, r Repair, remark string, others []Repair) error {
	own, each := remarkByJob(remark, others)
	// Jobs told the same words are named together: 水龙头和饮水机下午弄.
	var saids []string
	refs := map[string][]string{}
	for i, o := range others {
		said := flows.Clip(strings.TrimRight(each[i], "。.！!，, "), MaxNote)
		if said == "" {
			continue
		}
		if _, err := passNote(t, o, said); err != nil {
			return err
		}
		if !slices.Contains(saids, said) {
			saids = append(saids, said)
		}
		refs[said] = append(refs[said], fmt.Sprintf("%s（%s「%s」）", o.Ref, o.Place(), jobWords(o, 12)))
	}
	told := make([]string, len(saids))
	n := 0
	for i, said := range saids {
		told[i] = fmt.Sprintf("「%s」已转告 %s的报修人", said, strings.Join(refs[said], "、"))
		n += len(refs[said])
	}
	also := fmt.Sprintf("另外，%s，这些单子的期限不变。", strings.Join(told, "；"))
	if n == 1 {
		also = fmt.Sprintf("另外，%s，这单的期限不变。", told[0])
	}
	return takeOneTelling(t, r, own, also)
}

// takeNamedLast reports whether a worker's message ends with his taking
// (接单, 接了) after words that name the job by its place or thing: user
// test 18's 「不是 我说的是三楼女厕蹲坑那个 接单」 (F28), said to correct a
// taking of another job, was not understood. Words that refuse, hand on,
// say it done or cannot do it make no taking; which job is narrowed by
// the words (narrowTaking).
func takeNamedLast(t *flows.Turn, text string) bool {
	_, rest, ok := takingLast(text)
	if !ok {
		return false
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false
	}
	g := GuessRepair(rest, locs)
	return g.LocationID != 0 || g.Item != "" || g.PlaceText != ""
}
