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

// A leader asking how things stand (user test 28's N40 and N41): the
// repairs and the hazards in one reply, and, asked whether they will be
// done before a day or an event (汇演前能弄完吗), a short answer from the
// deadlines, never a date houqin does not know.

// openHazards are the school's open hazards, and whether the store can
// read them (HazardLister).
func openHazards(t *flows.Turn) ([]HazardBrief, bool, error) {
	hl, ok := db(t).(HazardLister)
	if !ok {
		return nil, false, nil
	}
	hs, err := hl.OpenHazardBriefs(t.Ctx, t.School.ID)
	return hs, true, err
}

// hazardLine is one open hazard for a leader's list.
func hazardLine(t *flows.Turn, h HazardBrief) string {
	s := fmt.Sprintf("%s %s「%s」%s（%s），期限 %s", h.Ref, h.Place, flows.ClipWords(h.Description, 20), h.Status, h.Level, t.When(h.DueAt))
	if !h.Fixed && h.DueAt.Before(t.Now) {
		s += "（已超期 " + flows.LateText(t.Now.Sub(h.DueAt)) + "）"
	}
	if h.Responsible != "" {
		s += "，" + h.Responsible
	}
	return s
}

// hazardsShown bounds the hazards a leader's list of repairs shows.
const hazardsShown = 5

// hazardSummary is the hazards' part of a leader's 报修和隐患都啥情况.
func hazardSummary(t *flows.Turn, hs []HazardBrief) string {
	if len(hs) == 0 {
		return "\n隐患：目前没有没整改完的隐患。"
	}
	late, fixed := 0, 0
	for _, h := range hs {
		switch {
		case h.Fixed:
			fixed++
		case h.DueAt.Before(t.Now):
			late++
		}
	}
	head := fmt.Sprintf("\n隐患：目前有 %d 个还没闭环", len(hs))
	var parts []string
	if late > 0 {
		parts = append(parts, fmt.Sprintf("%d 个已超期", late))
	}
	if fixed > 0 {
		parts = append(parts, fmt.Sprintf("%d 个已整改、等复查", fixed))
	}
	if len(parts) > 0 {
		head += "，其中 " + strings.Join(parts, "，")
	}
	lines := make([]string, 0, hazardsShown)
	for _, h := range hs[:min(len(hs), hazardsShown)] {
		lines = append(lines, "· "+hazardLine(t, h))
	}
	s := head + "：\n" + strings.Join(lines, "\n")
	if len(hs) > hazardsShown {
		s += fmt.Sprintf("\n（只列出最早的 %d 个，全部请发送「还有哪些隐患没整改完」）", hazardsShown)
	}
	return s
}

// beforeAskRE asks whether the work will be done before a day or an
// event: 汇演前能弄完吗, 周四之前能修好吗, 开学前来得及吗.
var beforeAskRE = rx.MustCompile(`(?:之前|以前|前)(?:都|全|全部)?(?:能|可以|会|来得及|赶得上|能不能)?(?:弄|修|整改|搞|做|处理|收拾)?(?:完|好|定)(?:吗|不|没|么)|(?:之前|以前|前)(?:都|全)?(?:来得及|赶得上|赶得及)`)

// listWordRE names the repairs or hazards as a whole: 报修和隐患周四之前
// 能弄完吗.
var listWordRE = rx.MustCompile(`报修|隐患|单子|工单|维修`)

// eventWordRE is the event said before 前: 汇演 of 汇演前能弄完吗.
var eventWordRE = rx.MustCompile(`(\p{Han}{2})(?:之前|以前|前)`)

// beforeAnswer is the answer to beforeAskRE from the deadlines of the open
// repairs rs and hazards hs, or "" when the words do not ask it. A day
// said (周四前) is counted against; an event it cannot date (汇演) is
// answered with what is due by when.
func beforeAnswer(t *flows.Turn, rs []Repair, hs []HazardBrief) string {
	if !beforeAskRE.MatchString(t.Text) {
		return ""
	}
	type due struct {
		ref string
		at  time.Time
	}
	var dues []due
	for _, r := range rs {
		if r.Status.Open() && r.Status != RepairDone {
			dues = append(dues, due{r.Ref, r.DueAt})
		}
	}
	for _, h := range hs {
		if !h.Fixed {
			dues = append(dues, due{h.Ref, h.DueAt})
		}
	}
	if len(dues) == 0 {
		return "\n都已修好或整改完，只等验收、复查。"
	}
	loc := t.School.Location()
	now := t.Now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	late := 0
	for _, d := range dues {
		if d.at.Before(t.Now) {
			late++
		}
	}
	if n, said, ok := dateDaysOf(t, t.Text); ok {
		event := today.AddDate(0, 0, n)
		var after []string
		for _, d := range dues {
			if !d.at.Before(event) {
				after = append(after, d.ref)
			}
		}
		s := "\n" + said + "按期限："
		switch {
		case len(after) == 0:
			s += fmt.Sprintf("没修好的 %d 项期限都在这天之前", len(dues))
		case len(after) == len(dues):
			s += fmt.Sprintf("没修好的 %d 项期限都在这天当天或更晚，可能赶不上：%s", len(dues), strings.Join(after, "、"))
		default:
			s += fmt.Sprintf("%d 项期限在这天之前，%d 项期限在这天当天或更晚，可能赶不上：%s", len(dues)-len(after), len(after), strings.Join(after, "、"))
		}
		if late > 0 {
			s += fmt.Sprintf("；已超时 %d 项，要抓紧", late)
		}
		return s + "。"
	}
	var todayN, tomorrowN, laterN int
	for _, d := range dues {
		switch {
		case d.at.Before(t.Now):
		case d.at.Before(today.AddDate(0, 0, 1)):
			todayN++
		case d.at.Before(today.AddDate(0, 0, 2)):
			tomorrowN++
		default:
			laterN++
		}
	}
	event := "那个时间"
	if m := eventWordRE.FindStringSubmatch(t.Text); m != nil && !strings.ContainsAny(m[1], "之以") {
		event = m[1]
	}
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{late, "已超时"}, {todayN, "今天到期"}, {tomorrowN, "明天到期"}, {laterN, "更晚到期"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 项", p.word, p.n))
		}
	}
	last := dues[0]
	for _, d := range dues {
		if d.at.After(last.at) {
			last = d
		}
	}
	return fmt.Sprintf("\n我不知道%s是哪天，按期限看：没修好、没整改完的 %d 项里，%s；最晚的是 %s，期限 %s。说一下日期（比如「周四前能弄完吗」），我按那天核对。",
		event, len(dues), strings.Join(parts, "，"), last.ref, t.When(last.at))
}

// placeWideRE asks how a place stands, not of one thing there: 礼堂那边
// 准备得怎么样了, 图书馆啥情况, 操场那块弄得咋样.
var placeWideRE = rx.MustCompile(`那边|这边|那儿|那里|那块|情况|准备`)

// howAskRE asks how something stands without naming the place's whole:
// 怎么样了, 咋样, 能用吗 — of a place when no thing is named.
var howAskRE = rx.MustCompile(`怎么样|咋样|能用吗|能不能用`)

// thingsNamed are the things the words name, one per piece: 灯 and 话筒
// of 周四汇演灯和话筒能用吗.
func thingsNamed(text string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("和跟与及、，,。 ；;？?", r) }) {
		if it := GuessRepair(p, nil).Item; it != "" && !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out
}

// aboutThing reports whether r is of the thing named.
func aboutThing(r Repair, thing string) bool {
	return strings.Contains(r.Description, thing) || r.Item != "" && (strings.Contains(r.Item, thing) || strings.Contains(thing, r.Item))
}

// placeStanding answers a leader asking how a place stands (礼堂那边准备
// 得怎么样了 周四汇演灯和话筒能用吗): the open repairs there, those there
// finished in the last week, its open hazards, the things named that
// have none there (with an open repair of them elsewhere), and, when a
// day is said, the jobs due on or after it flagged. It reports false,
// saying nothing, when the words name no place or ask of one thing only.
// (User test 28's N41 was told 「没有找到对得上的报修」 and the school's
// whole list: 话筒 was read as the thing, and no 话筒 job was at 礼堂.)
func placeStanding(t *flows.Turn, rd Reading, open []Repair) (bool, error) {
	norm := strings.ToLower(parse.Normalize(t.Text))
	things := thingsNamed(t.Text)
	if !placeWideRE.MatchString(norm) && len(things) < 2 && !(len(things) == 0 && howAskRE.MatchString(norm)) {
		return false, nil
	}
	g := firstProblem(rd)
	locID, place := g.LocationID, ""
	if locID != 0 {
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return false, err
		}
		for _, l := range locs {
			if l.ID == locID {
				place = l.Label()
			}
		}
	} else {
		for _, r := range open {
			bare := strings.TrimPrefix(r.LocationName, "其他地点：")
			if utf8Len(bare) >= 2 && (strings.Contains(norm, strings.ToLower(bare)) || placeNamed(norm, bare)) {
				locID, place = r.LocationID, r.LocationName
				break
			}
		}
	}
	if place == "" && g.PlaceText != "" && !wholeSchoolRE.MatchString(g.PlaceText) {
		place = g.PlaceText // 操场那边怎么样了: a place no repair is at
		if p := sideWordRE.ReplaceAllString(place, ""); p != "" {
			place = p
		}
	}
	if place == "" {
		return false, nil
	}
	bare := strings.Replace(place, "其他地点：", "", 1)
	if i := strings.Index(bare, "（"); i > 0 {
		bare = bare[:i] // 礼堂 of 礼堂（大礼堂）
	}
	at := func(r Repair) bool {
		if g.LocationID != 0 {
			return r.LocationID == locID
		}
		return r.LocationName == place
	}
	var here []Repair
	for _, r := range open {
		if at(r) {
			here = append(here, r)
		}
	}
	if rr, ok := db(t).(RecentReader); ok {
		rs, err := rr.FinishedRepairsAt(t.Ctx, t.School.ID, locID, t.Now.AddDate(0, 0, -7))
		if err != nil {
			return false, err
		}
		for _, r := range rs {
			if at(r) && !slices.ContainsFunc(here, func(x Repair) bool { return x.ID == r.ID }) {
				here = append(here, r)
			}
		}
	}
	hs, _, err := openHazards(t)
	if err != nil {
		return false, err
	}
	var hazards []HazardBrief
	for _, h := range hs {
		if g.LocationID != 0 && h.LocationID == locID || strings.Contains(h.Place, bare) || strings.Contains(h.Description, bare) {
			hazards = append(hazards, h)
		}
	}
	event, day := eventDay(t)
	line := func(r Repair) string {
		s := "· " + statusLine(t, r)
		if !r.Status.Open() {
			s = fmt.Sprintf("· %s（%s %s）%s", r.Ref, r.Place(), flows.ClipWords(r.Description, 20), r.Status.Label())
		}
		if !event.IsZero() && r.Status.Open() && r.Status != RepairDone && !r.DueAt.Before(event) {
			s += fmt.Sprintf("（期限不早于你说的%s，可能赶不上；要催可以回复「催 %d」）", day, Num(r))
		}
		return s
	}
	var lines []string
	for _, r := range here {
		lines = append(lines, line(r))
	}
	for _, h := range hazards {
		s := "· 隐患 " + hazardLine(t, h)
		if !event.IsZero() && !h.Fixed && !h.DueAt.Before(event) {
			s += fmt.Sprintf("（期限不早于你说的%s，可能赶不上）", day)
		}
		lines = append(lines, s)
	}
	var missing []string
	for _, th := range things {
		if slices.ContainsFunc(here, func(r Repair) bool { return aboutThing(r, th) }) {
			continue
		}
		var elsewhere []Repair
		for _, r := range open {
			if !at(r) && aboutThing(r, th) {
				elsewhere = append(elsewhere, r)
			}
		}
		if len(elsewhere) == 0 || len(elsewhere) > 2 {
			missing = append(missing, th)
			continue
		}
		for _, r := range elsewhere {
			lines = append(lines, line(r)+"（不在"+bare+"）")
		}
	}
	// The answer first (user test 32's T30: 「礼堂那边都弄好了吗」 was given
	// the list with no word on whether anything is left): how many are
	// still to do, or that all is done, those waiting only for a sign-off
	// or a re-check counted as done.
	left := 0
	for _, r := range here {
		if r.Status.Open() && r.Status != RepairDone {
			left++
		}
	}
	for _, h := range hazards {
		if !h.Fixed {
			left++
		}
	}
	var text string
	switch {
	case len(lines) == 0:
		text = bare + "目前没有未完成的报修和隐患，最近一周也没有修过的报修。"
	case len(here)+len(hazards) > 0 && left == 0:
		text = bare + "的报修和隐患都已处理好了（有的还等报修人验收或复查）：\n" + strings.Join(lines, "\n")
	case left > 0:
		text = fmt.Sprintf("%s还有 %d 项没有处理好：\n%s", bare, left, strings.Join(lines, "\n"))
	default:
		text = bare + "的情况：\n" + strings.Join(lines, "\n")
	}
	if len(missing) > 0 {
		text += "\n" + strings.Join(missing, "、") + "：最近一周没有相关的报修或隐患。"
	}
	t.Say(text)
	return true, nil
}

// wholeSchoolRE is the school as a whole said where a place would be:
// 学校这边, 全校, 校园里.
var wholeSchoolRE = rx.MustCompile(`学校|全校|校园|咱们|我们`)

func utf8Len(s string) int { return len([]rune(s)) }
