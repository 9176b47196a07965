package canteen

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A canteen issue handled, told by the 总务主任 in words (the fifteenth
// user test: after the 【食堂问题】 of a leader's 陪餐, 「回锅肉太肥那个事我已经
// 跟食堂说了，以后买瘦一点的肉，这个事处理完了」 was answered 「不客气，谢谢你的
// 肯定！」 and nothing was recorded). The words are kept as the issue's
// handling and the leader who raised it hears of it.

// verbHandled records the typed handling of the canteen issue of a 陪餐
// record (its id): the words of the message are the handling.
const verbHandled verb = "handled"

// KindCanteenHandled tells the leader who raised a canteen issue how the
// 总务主任 handled it.
const KindCanteenHandled = "canteen.handled"

// issueDays is how far back an open canteen issue is looked for.
const issueDays = 30

var (
	// handledRE says an issue was dealt with: 处理完了, 解决了, 已经跟食堂
	// 说了, 食堂已经改了.
	handledRE = rx.MustCompile(`处理完了|处理好了|处理过了|已经?处理了?|解决了|搞定了|落实了|整改了|` +
		`(?:跟|和|给|告诉|通知|提醒)了?(?:食堂|厨房|师傅|大师傅)(?:那边)?(?:说|讲|反映|交代|强调|提)?(?:过|了)+|` +
		`(?:食堂|厨房)(?:那边)?(?:已经)?(?:改了|改过了|调整了|换了)`)
	// issueWordRE names a canteen issue without its dish: 食堂问题, 陪餐
	// 反映的, 那个事.
	issueWordRE = rx.MustCompile(`食堂(?:的)?问题|陪餐|反映的|那个事|这个事|那件事|这件事`)
)

// handledIssue reads text from the 总务主任 as the handling of an open
// canteen issue: the issue whose opinion names a dish the words name, or,
// naming none, the only one open when the words speak of an issue. It
// answers itself ("", true) when several issues fit.
func handledIssue(t *flows.Turn, text string) (string, bool) {
	s := parse.Normalize(text)
	if !t.Staff.Has(flows.RoleHead) || isQuestion(s) {
		return "", false
	}
	told := toldCook(t, s) // 我跟钱阿姨说了
	if !told && !handledRE.MatchString(s) {
		return "", false
	}
	issues, err := recentIssues(t)
	if err != nil || len(issues) == 0 {
		return "", false
	}
	var open, named, done []AccompaniedMeal
	for _, a := range issues {
		switch {
		case !a.HandledAt.IsZero() && issueNamed(a, s):
			done = append(done, a)
		case a.HandledAt.IsZero():
			open = append(open, a)
			if issueNamed(a, s) {
				named = append(named, a)
			}
		}
	}
	if len(named) == 0 && len(done) > 0 {
		// Said again: its handling is recorded already.
		a := done[len(done)-1]
		t.Say(fmt.Sprintf("这个食堂问题的处理情况已经记过了：\n%s\n处理：%s", issueLine(t, a), a.HandledNote))
		return "", true
	}
	if len(named) == 0 || told || issueWordRE.MatchString(s) {
		// 牛肉少放盐 鸡块份量给足: each issue named by part of its dish,
		// beside those named by a whole one (鸡块 was a dish of its
		// record, 牛肉 only part of 土豆烧牛肉: user test 18's N19 had
		// only the first recorded).
		for _, a := range open {
			if !slices.ContainsFunc(named, func(n AccompaniedMeal) bool { return n.ID == a.ID }) && issueNamedByPart(a, s) {
				named = append(named, a)
			}
		}
		if len(named) > 1 && (issueWordRE.MatchString(s) || told) {
			// 食堂的问题我跟钱阿姨说了 牛肉少放盐 鸡块份量给足: the issues,
			// each named, are handled together.
			ids := make([]int64, len(named))
			for i, a := range named {
				ids[i] = a.ID
			}
			if data := handledAction(ids); len(data) <= flows.MaxActionData {
				return data, true
			}
		}
	}
	if len(named) == 0 && len(open) == 1 && issueWordRE.MatchString(s) {
		named = open
	}
	switch {
	case len(named) == 0 && len(open) > 1 && issueWordRE.MatchString(s):
		// 食堂的问题我跟钱阿姨说了: which of them is asked, never a repair.
		lines := make([]string, len(open))
		for i, a := range open {
			lines[i] = "· " + issueLine(t, a)
		}
		t.Say(fmt.Sprintf("现在有 %d 个食堂问题等着记处理情况，还没有记下：\n%s\n请连问题里的说法（如菜名）一起再说一次，如「%s」；几个一起处理的，每个的说法都带上即可。",
			len(open), strings.Join(lines, "\n"), issueExample(open[0])))
		return "", true
	case len(named) == 0:
		return "", false
	case len(named) == 1:
		return action(verbHandled, named[0].ID), true
	}
	lines := make([]string, len(named))
	for i, a := range named {
		lines[i] = "· " + issueLine(t, a)
	}
	t.Say("有几个食堂问题都对得上，没有记下：\n" + strings.Join(lines, "\n") + "\n请连问题里的说法（如菜名和「太咸」）一起再说一次处理情况。")
	return "", true
}

// judgedRE is what an opinion's clause judges, before the judgment: 回锅肉
// of 回锅肉有点肥, 米饭 of 米饭太硬了.
var judgedRE = rx.MustCompile(`^(\p{Han}{2,8}?)(?:的)?(?:有点|有些|有一点|太|很|挺|偏|比较|不够|稍微|特别|非常|不太|不|没)`)

// issueNamed reports whether s names a dish that a's opinion is about: a
// dish of the record, or what a clause of the opinion judges (the dishes
// may not say it: the fifteenth user test's had been stored wrong).
func issueNamed(a AccompaniedMeal, s string) bool {
	for _, d := range a.Dishes {
		if d != "" && strings.Contains(s, d) && strings.Contains(a.Note, d) {
			return true
		}
	}
	for _, c := range commentSepRE.Split(strings.ReplaceAll(a.Note, "；", " "), -1) {
		if m := judgedRE.FindStringSubmatch(c); m != nil && strings.Contains(s, m[1]) {
			return true
		}
	}
	return issueTopicNamed(a, s)
}

// topicRE is the issue spoken of as X的事, X那个事, X的问题: 汤凉的事 (user
// test 31's T37: 刘副校长's 「汤是凉的」, whose 汤 is too short for
// judgedRE, and 「汤凉的事跟食堂说过了」 was not understood).
var topicRE = rx.MustCompile(`(\p{Han}{1,8}?)(?:的|那个|这个|那件|这件)(?:事情?|问题)`)

// topicFiller are the characters of X的事 that say nothing of the issue.
const topicFiller = "的了是有点太很挺也都还就那这个件事情问题食堂陪餐反映说"

// issueTopicNamed reports whether s speaks of a's opinion as X的事 (see
// topicRE), most of X's own characters being in the opinion: 汤凉 of 汤是
// 凉的, never 三楼灯 of it.
func issueTopicNamed(a AccompaniedMeal, s string) bool {
	for _, m := range topicRE.FindAllStringSubmatch(s, -1) {
		own, in := 0, 0
		for _, r := range m[1] {
			if strings.ContainsRune(topicFiller, r) {
				continue
			}
			own++
			if strings.ContainsRune(a.Note, r) {
				in++
			}
		}
		if own > 0 && 2*in >= own+1 {
			return true
		}
	}
	return false
}

// recentIssues lists the school's 陪餐 records passed on as canteen
// issues, handled or not, of the last issueDays days.
func recentIssues(t *flows.Turn) ([]AccompaniedMeal, error) {
	today := CivilDay(t.Now, t.School.Location())
	ms, err := db(t).AccompaniedMeals(t.Ctx, t.School.ID, today.AddDate(0, 0, -issueDays), today)
	if err != nil {
		return nil, err
	}
	var out []AccompaniedMeal
	for _, a := range ms {
		if a.Issue {
			out = append(out, a)
		}
	}
	return out, nil
}

// issueLine is a canteen issue as the 总务主任 reads it: who, which meal,
// what.
func issueLine(t *flows.Turn, a AccompaniedMeal) string {
	return fmt.Sprintf("%s陪餐（%s%s）反映：%s", a.StaffName, dayLabel(a.Day, CivilDay(t.Now, t.School.Location())), flows.MealLabel(a.Meal), flows.Clip(a.Note, 40))
}

// handleIssue records the message's words as the handling of the canteen
// issues ids (one, or several said together) and tells each leader who
// raised one.
func handleIssue(t *flows.Turn, ids ...int64) error {
	note := flows.Clip(strings.TrimSpace(t.Text), 300)
	if t.Msg.Button != "" || note == "" || !t.Staff.Has(flows.RoleHead) {
		t.Say(flows.ExpiredButton)
		return nil
	}
	issues, err := recentIssues(t)
	if err != nil {
		return err
	}
	var handled []AccompaniedMeal
	var told []string
	for _, id := range ids {
		var a AccompaniedMeal
		for _, o := range issues {
			if o.ID == id && o.HandledAt.IsZero() {
				a = o
			}
		}
		if a.ID == 0 {
			continue
		}
		switch err := db(t).HandleCanteenIssue(t.Ctx, id, t.Staff.ID, note, t.Now); {
		case errors.Is(err, flows.ErrConflict):
			continue
		case err != nil:
			return err
		}
		handled = append(handled, a)
		if a.StaffID != t.Staff.ID {
			if err := t.Notify(flows.Notification{ToStaff: a.StaffID, Kind: KindCanteenHandled, Ref: flows.Ref(refAccompany, a.ID),
				Text: fmt.Sprintf("【食堂问题处理】你%s%s陪餐反映的「%s」，%s已处理：%s", dayLabel(a.Day, CivilDay(t.Now, t.School.Location())), flows.MealLabel(a.Meal), flows.Clip(a.Note, 60), t.Staff.Name, note)}); err != nil {
				return err
			}
			if !slices.Contains(told, a.StaffName) {
				told = append(told, a.StaffName)
			}
		}
	}
	if len(handled) == 0 {
		t.Say("这个食堂问题已经记过处理情况了。")
		return nil
	}
	toldLine := ""
	if len(told) > 0 {
		toldLine = "已告诉" + strings.Join(told, "、") + "。"
	}
	if len(handled) == 1 {
		t.Say(fmt.Sprintf("好的，已记下这个食堂问题的处理情况：\n%s\n处理：%s\n%s", issueLine(t, handled[0]), note, toldLine))
		return nil
	}
	lines := make([]string, len(handled))
	for i, a := range handled {
		lines[i] = "· " + issueLine(t, a)
	}
	t.Say(fmt.Sprintf("好的，已记下这 %d 个食堂问题的处理情况：\n%s\n处理：%s\n%s", len(handled), strings.Join(lines, "\n"), note, toldLine))
	return nil
}

// issuesMine is the canteen issues of the last issueDays days not yet
// handled, as the 总务主任's 「我的」 lists them, with how to record the
// handling; "" when there are none. A 【食堂问题】 is closed by its
// handling said in words (handledIssue), and until then it waits here
// (user test 31's T37: 陈主任's 「我的」 did not show it, and nothing said
// how to close it).
func issuesMine(t *flows.Turn) (string, error) {
	issues, err := recentIssues(t)
	if err != nil {
		return "", err
	}
	var open []AccompaniedMeal
	for _, a := range issues {
		if a.HandledAt.IsZero() {
			open = append(open, a)
		}
	}
	if len(open) == 0 {
		return "", nil
	}
	lines := []string{"【待跟进的食堂问题】"}
	for _, a := range open {
		lines = append(lines, "· "+issueLine(t, a))
	}
	lines = append(lines, fmt.Sprintf("处理好后，直接说处理情况即可，如「%s」，我会记下并告诉反映问题的领导。", issueExample(open[0])))
	return strings.Join(lines, "\n"), nil
}
