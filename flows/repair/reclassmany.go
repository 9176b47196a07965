package repair

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A leader changing the tier of every open job of one place in one
// message (user test 32's T27: 「礼堂那边的活都改成紧急 两点家长会就开始
// 了 抓紧」, with two 礼堂 jobs open, was asked which of them; with one, the
// reason came out as 「礼堂那边的活都 两点家长会就开始了 抓紧」). When the
// words say all of them (都, 全部, 这几个) and name a place with two or
// more open jobs, each is changed, with the words besides the place and
// the change as the reason, and one reply names them all.

// placeJobsWordRE is what a clause naming the jobs of a place says
// besides the place (礼堂那边的活都, 把礼堂的报修全部, 礼堂那几个), or a
// clause that only says all of them (都, 全部).
var placeJobsWordRE = rx.MustCompile(`^把?(?:那边|这边|那里|这里|那块|里面|里)?的?(?:活儿?|单子?|报修|事儿?|东西|那几个|这几个|那几单|这几单|几个|几单)?(?:都|全部|全都|所有的?)?(?:吧|了)?$`)

// reclassPlaceSaid reads a leader's tier change of all the open jobs of
// the place his words name; false when the words name no such place with
// two or more open jobs, or say no "all".
func reclassPlaceSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false, nil
	}
	word := leaderReclassTier(text)
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if word == "" || !allJobsSaidRE.MatchString(norm) || reclassNumSaidRE.MatchString(norm) {
		return false, nil
	}
	to := ParseTier(typedArgs["改"+word][0])
	rs, err := candidates(t)
	if err != nil {
		return false, err
	}
	var named []Repair
	for _, r := range rs {
		if !r.Status.Open() || r.LocationName == "" || mayAct(t, r, verbReclass) != "" {
			continue
		}
		if (strings.Contains(norm, strings.ToLower(r.LocationName)) || placeNamed(norm, r.LocationName)) && roomFits(norm, r) {
			named = append(named, r)
		}
	}
	if len(named) < 2 {
		return false, nil // one or none: the words for one job read it
	}
	slices.SortFunc(named, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	return true, reclassJobs(t, named, to, dropUrging(placeReason(text, named[0].LocationName)))
}

// reclassJobs changes each of named to tier to for why (a leader's
// words on several jobs at once), with the time his words name as their
// deadline (rushBy), tells those concerned, and says which jobs it
// changed, by ref, place and thing, and whom it told.
func reclassJobs(t *flows.Turn, named []Repair, to Tier, why string) error {
	by := rushBy(t, to)
	var changed, already []Repair
	var told []string
	for _, r := range named {
		if r.Tier == to {
			already = append(already, r)
			continue
		}
		r, _, ok, err := changeTier(t, r, to, why, by)
		if err != nil || !ok {
			return err
		}
		changed = append(changed, r)
		// By name, each once: the reporter (not when it is the worker
		// himself) and the worker.
		for _, p := range []struct {
			id   int64
			name string
		}{{r.ReporterID, r.ReporterName}, {r.WorkerID, r.WorkerName}} {
			if p.id != 0 && p.id != t.Staff.ID && p.name != "" && !slices.Contains(told, p.name) {
				told = append(told, p.name)
			}
		}
	}
	t.Done()
	var lines []string
	if len(changed) > 0 {
		lines = append(lines, fmt.Sprintf("已把这 %d 单改为%s：", len(changed), to.Label()))
		for _, r := range changed {
			lines = append(lines, fmt.Sprintf("· %s %s「%s」，新的期限 %s", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.When(r.DueAt)))
		}
	}
	if len(already) > 0 {
		lines = append(lines, fmt.Sprintf("这 %d 单本来就是%s：", len(already), to.Label()))
		for _, r := range already {
			lines = append(lines, fmt.Sprintf("· %s %s「%s」，期限 %s", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.When(r.DueAt)))
		}
	}
	if len(changed) > 0 && !by.IsZero() {
		// The time he named, said once for all of them (rushby.go): each
		// line has its deadline, his time or the rule's when sooner.
		if by.After(t.Now) {
			lines[0] = strings.TrimSuffix(lines[0], "：") + fmt.Sprintf("，都在你说的 %s 前：", t.When(by))
		} else {
			lines = append(lines, rushByNote(t, changed[0], by))
		}
	}
	if len(told) > 0 {
		names := told[0]
		if n := len(told); n > 1 {
			names = strings.Join(told[:n-1], "、") + "和" + told[n-1]
		}
		lines = append(lines, "已告知"+names+"。")
	}
	t.Say(strings.Join(lines, "\n"))
	return nil
}

// placeReason is the reason said with a tier change of a place's jobs:
// the clauses of text besides the change and those naming the jobs, as
// said (两点家长会就开始了 抓紧); "" when none is left.
func placeReason(text, place string) string {
	s := reclassChangeRE.ReplaceAllString(parse.Normalize(strings.TrimSpace(text)), " ")
	var kept []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) }) {
		if placeJobsWordRE.MatchString(strings.Replace(c, place, "", 1)) || utf8.RuneCountInString(c) < 2 {
			continue
		}
		kept = append(kept, c)
	}
	return flows.Clip(strings.Join(kept, " "), 200)
}

// A leader asking whether the jobs of a place have the tier he ordered
// (「礼堂那边的活都改成紧急了吗」, right after 「礼堂那边的活都改成紧急」) was not
// understood (the last session's helpers). The question is answered with
// each open job of the place, its tier and deadline, and nothing changes;
// the order without the question is still reclassPlaceSaid's.

// tierAskedRE is a question about a tier: 改成紧急了吗, 都是紧急的了吧？,
// 是不是都紧急了, 改了没有.
var tierAskedRE = rx.MustCompile(`(?:吗|么|没有?|了没|了吧)\s*[？?]?\s*$|[？?]\s*$|是不是|有没有`)

// tierWordRE is the tier a question asks about.
var tierWordRE = rx.MustCompile(`紧急|加急|大修|小修`)

// tierPlaceAsked answers a leader's question whether the open jobs of the
// place his words name are of the tier he says (see above); false when
// the words ask no such thing or name no place with an open job.
func tierPlaceAsked(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	m := tierWordRE.FindString(norm)
	if m == "" || !tierAskedRE.MatchString(norm) || reclassNumSaidRE.MatchString(norm) || leaderReclassTier(text) != "" {
		// 302玻璃那个不算紧急 明天再修吧: an order, not a question
		return false, nil
	}
	asked := TierUrgent
	switch m {
	case "大修":
		asked = TierLarge
	case "小修":
		asked = TierSmall
	}
	rs, err := candidates(t)
	if err != nil {
		return false, err
	}
	var named []Repair
	for _, r := range rs {
		if !r.Status.Open() || r.LocationName == "" {
			continue
		}
		if (strings.Contains(norm, strings.ToLower(r.LocationName)) || placeNamed(norm, r.LocationName)) && roomFits(norm, r) {
			named = append(named, r)
		}
	}
	if len(named) == 0 {
		return false, nil
	}
	slices.SortFunc(named, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	t.Done()
	lines := []string{fmt.Sprintf("%s现在还有 %d 单没修完：", named[0].Place(), len(named))}
	var not []string
	for _, r := range named {
		lines = append(lines, fmt.Sprintf("· %s「%s」%s，期限 %s（%s，%s）", r.Ref, flows.ClipWords(firstDescription(r), 20),
			r.Tier.Label(), t.When(r.DueAt), workerOrOffice(r), r.Status.Label()))
		if r.Tier != asked {
			not = append(not, fmt.Sprintf("「改%s %d」", asked.Label(), Num(r)))
		}
	}
	switch {
	case len(not) == 0 && len(named) == 1:
		lines = append(lines, fmt.Sprintf("已经是%s了。", asked.Label()))
	case len(not) == 0:
		lines = append(lines, fmt.Sprintf("都已经是%s了。", asked.Label()))
	case len(named) == 1:
		lines = append(lines, fmt.Sprintf("还不是%s；要改的话请回复%s。", asked.Label(), not[0]))
	default:
		lines = append(lines, fmt.Sprintf("其中 %d 单还不是%s；要改的话请回复%s。", len(not), asked.Label(), strings.Join(not, "")))
	}
	t.Say(strings.Join(lines, "\n"))
	return true, nil
}
