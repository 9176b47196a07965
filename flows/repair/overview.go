package repair

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// pluralAskRE marks a question about several repairs at once: 考场都弄好了
// 吗, 所有考场, 这两天报的那些, 哪些, 几个, 多少. Such a question is never
// answered with one job picked by a stray word (user test 29's R28 and R29:
// 考试 of 保密室's 「明天考试要用」 and 怎么 of 「这怎么搞」 had each picked one).
//
// 都 counts only before how things stand (都弄好了吗, 都怎么样了), not as
// 已经 (都拖了十天了).
var pluralAskRE = rx.MustCompile(`都(?:已经|已)?(?:弄|修|处理|搞|整|怎么|咋|好|完|能用|正常|没问题|准备)|所有|全部|那些|这些|哪些|几个|几单|多少|各个|每个|各考场|各教室|各班`)

// roomGroupRE names a kind of room as a group rather than a place: 考场,
// 教室, 班级. No school's location table calls a room 考场.
var roomGroupRE = rx.MustCompile(`考场|考室|教室|课室|班级|各班`)

// openOnlyRE asks only what is not done yet (还有哪些没修好的): the open
// list answers it.
var openOnlyRE = rx.MustCompile(`没修好|没修完|没弄好|没弄完|没处理|未完成|没完成|还剩|压着|没人管|拖着`)

// examWordRE is what ties a repair to the exams by its own words: 考场,
// 考试, 试卷, 听力.
var examWordRE = rx.MustCompile(`考场|考试|考室|试卷|听力|监考`)

// overviewSince is how far back finished repairs are shown in an overview.
const overviewSince = 7 * 24 * time.Hour

// maxOverviewLines is how many repairs one overview lists.
const maxOverviewLines = 8

// groupOverview answers a leader's plural question about a group of
// repairs that names no place in the location table and no thing (考场都
// 弄好了吗, 我是问所有考场 这两天报的那些修的怎么样了): each repair of the
// group one short line, open ones first, then those finished in the last
// week. open is the school's repairs not signed off. It reports whether it
// answered.
//
// The group is decided by the words, as no location is called 考场: a
// kind of room (考场, 教室, 班级) is the repairs at a numbered room (教学楼
// 303, 202) together with those whose own words name the exams (试卷保密室
// 的门锁, 明天考试要用), since in exam week every classroom is an exam
// room; any other plural question (所有, 这两天报的那些, 都) is the whole
// school's. Either way the open ones are shown whatever their age (an old
// one still open matters more than a new one), the finished ones only of
// the last week, however the question counts its days.
func groupOverview(t *flows.Turn, g RepairGuess, open []Repair) (bool, error) {
	norm := strings.ToLower(parse.Normalize(t.Text))
	if !pluralAskRE.MatchString(norm) || openOnlyRE.MatchString(norm) ||
		g.LocationID != 0 || g.Trade != "" || g.Item != "" || namesStaff(t, norm) {
		return false, nil
	}
	group, label := func(Repair) bool { return true }, "全校的报修"
	if roomGroupRE.MatchString(norm) {
		word := roomGroupRE.FindString(norm)
		group = func(r Repair) bool {
			return numberedRoom(r) || examWordRE.MatchString(r.Description) || examWordRE.MatchString(r.PlaceText)
		}
		label = word + "（各教室和考试用的地方）的报修"
	} else if g.PlaceText != "" && !wholeSchoolRE.MatchString(g.PlaceText) {
		return false, nil // 操场那边的都修好了吗: a place, answered by its own words
	}
	var rs []Repair
	for _, r := range open {
		if r.Status != RepairClosed && r.Status != RepairCancelled && group(r) {
			rs = append(rs, r)
		}
	}
	if rr, ok := flows.StoreOf[Store](t).(ReportedReader); ok {
		done, err := rr.RepairsReported(t.Ctx, t.School.ID, t.Now.Add(-overviewSince), t.Now.Add(time.Minute))
		if err != nil {
			return false, err
		}
		for _, r := range done {
			if r.Status != RepairCancelled && group(r) && !slices.ContainsFunc(rs, func(x Repair) bool { return x.ID == r.ID }) {
				rs = append(rs, r)
			}
		}
	}
	if len(rs) == 0 {
		t.Say(fmt.Sprintf("%s：没有未完成的，近一周也没有修好的。如果有东西坏了，直接告诉我地点和问题就可以。", label))
		return true, nil
	}
	rank := func(r Repair) int {
		switch {
		case r.Status == RepairClosed:
			return 2
		case r.Status == RepairDone:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(rs, func(a, b Repair) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return b.ReportedAt.Compare(a.ReportedAt)
	})
	pending, finished := 0, 0
	for _, r := range rs {
		if rank(r) == 0 {
			pending++
		} else {
			finished++
		}
	}
	head := fmt.Sprintf("%s：未完成 %d 单", label, pending)
	switch {
	case pending == 0:
		head = fmt.Sprintf("%s都修好了：近一周修好 %d 单", label, finished)
	case finished > 0:
		head += fmt.Sprintf("，近一周修好 %d 单", finished)
	}
	lines := []string{head + "。"}
	for i, r := range rs {
		if i == maxOverviewLines {
			// 「我的」 lists a leader's own matters, not the school's: the
			// question that lists every open repair is named instead.
			if hidden := pending - i; hidden > 0 {
				lines = append(lines, fmt.Sprintf("还有 %d 单没列出；要看全部未完成的，请发送「全校还有哪些没修好的」。", len(rs)-i))
			} else {
				lines = append(lines, fmt.Sprintf("还有 %d 单近一周修好的没列出。", len(rs)-i))
			}
			break
		}
		lines = append(lines, "· "+overviewLine(t, r))
	}
	t.Say(strings.Join(lines, "\n"))
	return true, nil
}

// overviewLine is one repair of an overview: place, fault, and its state
// in a word (待接单, 维修中, 等配件, 等外修, 返修, 已修好待验收, 已验收), with
// who holds it and by when while it is open.
func overviewLine(t *flows.Turn, r Repair) string {
	line := fmt.Sprintf("%s「%s」%s", r.Place(), jobWords(r, 14), briefStatus(r))
	if r.Status.Open() && r.Status != RepairDone {
		line += fmt.Sprintf("，%s负责，%s 前", workerOrOffice(r), t.When(r.DueAt))
		if t.Now.After(r.DueAt) {
			line += "（已超时）"
		}
	}
	return line
}

// briefStatus is r's state in a word a leader reads at a glance: what an
// approved 修不好 waits for (外修, 配件), and 返修 for a job sent back.
func briefStatus(r Repair) string {
	waits := ""
	switch {
	case strings.Contains(r.Decision, "外包") || r.Recommendation == needOutside:
		waits = "等外修"
	case strings.Contains(r.Decision, "配件") || strings.Contains(r.Decision, "采购") ||
		r.Recommendation == "需要配件" || r.Recommendation == "需要采购":
		waits = "等配件"
	}
	again := r.Reopens > 0 || strings.HasPrefix(r.RouteReason, "返修")
	switch r.Status {
	case RepairBlocked:
		if waits != "" {
			return waits + "·待领导处理"
		}
		return "修不好·待领导处理"
	case RepairAccepted, RepairAssigned:
		if waits != "" && strings.HasPrefix(r.Decision, decisionApproved) {
			return waits
		}
		if again {
			return "返修·" + r.Status.Label()
		}
		return r.Status.Label()
	case RepairDone:
		return "已修好待验收"
	}
	return r.Status.Label()
}

// numberedRoom reports whether r is at a numbered room (303, 202): a
// classroom, so an exam room in exam week.
func numberedRoom(r Repair) bool {
	return strings.ContainsFunc(strings.TrimPrefix(r.LocationName, "其他地点："), unicode.IsDigit)
}

// namesStaff reports whether norm names one of the school's workers (孙师傅
// 那边还剩几个活): a question about that person's jobs, not a group's.
func namesStaff(t *flows.Turn, norm string) bool {
	people, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleWorker)
	if err != nil {
		return false
	}
	for _, p := range people {
		if utf8Len(p.Name) >= 2 && strings.Contains(norm, strings.ToLower(p.Name)) && p.ID != t.Staff.ID {
			return true
		}
	}
	return false
}
