package repair

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// A short number (完成 7, 7也好了, 改紧急 6) is the end of a reference, and
// a worker who has had jobs for a while holds more than one job ending in
// it: the demo's 13-day-old BX-…-007 beside today's BX-…-007, whose card
// printed 「完成 7」 (the re-type of user tests 31 and 32, T11, T49 and its
// new problem 9). Which he means is read as a dispatcher would: by the
// words beside the number (7也好了 厕所那个), else by the one of them he
// has in hand (taken), else by the one given him today, whose card he
// copies, over older ones he has not touched. Only when none of these
// tells them apart is he asked, and then only among the jobs the number
// fits.

// sameNumberMeant is the one of same (several of the writer's jobs that
// share the number he typed) that he means, as above; false when the
// words, the taking and the day do not tell.
func sameNumberMeant(t *flows.Turn, text string, same []Repair) (Repair, bool) {
	if len(same) < 2 {
		return Repair{}, false
	}
	if r, ok := sameNumberNamed(t, text, same); ok {
		return r, true
	}
	if i := onlyOne(same, func(r Repair) bool { return r.WorkerID == t.Staff.ID && r.Status == RepairAccepted }); i >= 0 {
		return same[i], true
	}
	if i := todaysOwn(t, same); i >= 0 {
		return same[i], true
	}
	return Repair{}, false
}

// sameNumberNamed is the one of same that the words beside the number
// name by two characters of its own place or description that none of
// the others has (厕所 of today's 二楼女厕所 job, not the old 303 饮水机
// one); false when they name none or several. Its thing alone does not
// decide: 灯管 is a word of both the old 303 灯 job and today's 301 日光灯
// one, though only the first was filed as 灯.
func sameNumberNamed(t *flows.Turn, text string, same []Repair) (Repair, bool) {
	words := strings.TrimSpace(numbersRE.ReplaceAllString(text, " "))
	if words == "" {
		return Repair{}, false
	}
	return namedAloneBare(words, same)
}

// namedAloneBare is namedAlone by two characters of each repair's place
// or description only, its thing aside: a thing of one character (门 of
// 门牌掉了) is in the words of every door.
func namedAloneBare(text string, rs []Repair) (Repair, bool) {
	bare := make([]Repair, len(rs))
	for i, r := range rs {
		bare[i] = r
		bare[i].Item = ""
	}
	r, ok := namedAlone(text, bare)
	if !ok {
		return Repair{}, false
	}
	return rs[slices.IndexFunc(bare, func(b Repair) bool { return b.ID == r.ID })], true
}

// todaysOwn is the index in same of the writer's own job reported today,
// when it is the only one of today and he has taken none of the older
// ones; -1 otherwise. (A leader's list of two 1s asks, as it promised.)
func todaysOwn(t *flows.Turn, same []Repair) int {
	if slices.ContainsFunc(same, func(r Repair) bool { return r.WorkerID == t.Staff.ID && r.Status == RepairAccepted }) {
		return -1
	}
	i := onlyOne(same, func(r Repair) bool { return reportedToday(t, r) })
	if i < 0 || same[i].WorkerID != t.Staff.ID {
		return -1
	}
	return i
}

// reportedToday reports whether r was reported on the school's today.
func reportedToday(t *flows.Turn, r Repair) bool {
	loc := t.School.Location()
	y1, m1, d1 := r.ReportedAt.In(loc).Date()
	y2, m2, d2 := t.Now.In(loc).Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// onlyOne is the index of the one repair of rs that ok holds for, or -1
// when none or several.
func onlyOne(rs []Repair, ok func(Repair) bool) int {
	hit := -1
	for i, r := range rs {
		if ok(r) {
			if hit >= 0 {
				return -1
			}
			hit = i
		}
	}
	return hit
}

// keyedJobs are the jobs of rs that the words name by a word of their own,
// their thing or two characters of their place or description (nameKeys),
// whether or not another of rs shares it: 厕所 names both the 二楼女厕所
// job and the 实验楼二楼男厕所 one.
func keyedJobs(text string, rs []Repair) []Repair {
	norm := strings.ToLower(parse.Normalize(text))
	var out []Repair
	for _, r := range rs {
		if slices.ContainsFunc(nameKeys(r), func(k string) bool { return strings.Contains(norm, k) }) {
			out = append(out, r)
		}
	}
	return out
}

// finishedNamed reports whether the words also name the job the writer
// has just finished (厕所那个修好了, said again of the toilet he just
// recorded): then they may be of that one, as before.
func finishedNamed(t *flows.Turn, rs []Repair) bool {
	last, ok := justFinished(t, rs)
	return ok && len(keyedJobs(t.Text, []Repair{last})) > 0
}

// sameNumberWords leaves ready, of the writer's repairs sharing the number
// n he typed, the one the words beside it name by its thing or place
// (sameNumberNamed): 完成 7 厕所那个. Words naming none or several change
// nothing.
func sameNumberWords(t *flows.Turn, n int, text string, rs []Repair, items []flows.Item) {
	same := readyNumbered(items, n)
	if len(same) < 2 {
		return
	}
	cands := make([]Repair, len(same))
	for k, i := range same {
		cands[k] = rs[i]
	}
	r, ok := sameNumberNamed(t, text, cands)
	if !ok {
		return
	}
	for _, i := range same {
		items[i].Ready = rs[i].ID == r.ID
	}
}
