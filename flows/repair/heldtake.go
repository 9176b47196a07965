package repair

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Taking in words resolves the things named against the jobs still to be
// taken; a worker who says so of jobs he has taken already (窗户和门牌都接了,
// both taken a moment before; the re-type of user tests 31 and 32's new
// problem 5) then had each word matched to some other job of the same
// thing, or of a thing sharing a character (门 of 门牌 took three door
// locks, two of them the demo's 13-day-old ones). Words whose every thing
// is a job in his hands are told so, and nothing is taken.

// heldTakeRE is taking said of one or more things, joined by 和: 窗户和门牌
// 都接了, 门牌那个我也接了, 窗户那单我接了.
var heldTakeRE = rx.MustCompile(`^((?:\p{Han}{1,8}?[和跟、])*\p{Han}{1,8}?)(?:那个|那单|这个|这单|的活|这(?:两|几)个|两个|那几个)?(?:我也|我都|我|也|都)*(?:接了|接单了|已经接了)(?:吧|了|啊|呀)?[。！!]*$`)

// heldTakeSaid answers words taking jobs that are all in the worker's
// hands already (see above), and reports whether it did.
func heldTakeSaid(t *flows.Turn, text string) bool {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return false
	}
	m := heldTakeRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return false
	}
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	var held []Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status == RepairAccepted {
			held = append(held, r)
		}
	}
	if len(held) == 0 {
		return false
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false
	}
	var named []Repair
	for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return strings.ContainsRune("和跟、", r) }) {
		r, ok := takenNamed(p, held)
		ok = ok && samePlace(r, GuessRepair(p, locs))
		if !ok || slices.ContainsFunc(named, func(o Repair) bool { return o.ID == r.ID }) {
			return false // a thing not in his hands, or said twice: read as before
		}
		named = append(named, r)
	}
	var b strings.Builder
	if len(named) == 1 {
		r := named[0]
		fmt.Fprintf(&b, "%s（%s「%s」）已经是你接的单了，不用再接。修好后回复「完成 %d」就行。", r.Ref, r.LocationName, jobWords(r, 12), Num(r))
	} else {
		fmt.Fprintf(&b, "这%s单都已经是你接的了，不用再接：", countWord(len(named)))
		var done []string
		for _, r := range named {
			fmt.Fprintf(&b, "\n· %s %s「%s」", r.Ref, r.LocationName, jobWords(r, 12))
			done = append(done, fmt.Sprintf("「完成 %d」", Num(r)))
		}
		fmt.Fprintf(&b, "\n修好后分别回复%s就行。", strings.Join(done, ""))
	}
	b.WriteString("如果说的是别的单子，请回复「接单 编号」；发送「我的」可以查看你的任务。")
	t.Say(b.String())
	return true
}

// takenNamed is the one job of held that part names by two characters of
// its place or description, or by its whole thing of two characters or
// more: 门牌 of 305「门牌掉了」, but not 门锁, whose 门 is the thing of
// every door job.
func takenNamed(part string, held []Repair) (Repair, bool) {
	norm := strings.ToLower(parse.Normalize(part))
	i := onlyOne(held, func(r Repair) bool {
		if utf8.RuneCountInString(r.Item) >= 2 && strings.Contains(norm, r.Item) {
			return true
		}
		bare := r
		bare.Item = ""
		return slices.ContainsFunc(nameKeys(bare), func(k string) bool { return strings.Contains(norm, k) })
	})
	if i < 0 {
		return Repair{}, false
	}
	return held[i], true
}

// samePlace reports whether the place g read, if any, is r's: words naming
// no place fit any job.
func samePlace(r Repair, g RepairGuess) bool {
	return (g.LocationID == 0 || g.LocationID == r.LocationID) && (g.LocationID != 0 || g.PlaceText == "" || atPlace(r, g.PlaceText))
}
