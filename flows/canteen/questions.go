package canteen

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// Questions is the canteen's questions answered from its records, one
// message each: 「今天中午的样留了没有」 (the day's batches and the meals
// still without one), 「昨天的留样可以倒了吗」 (what may be disposed of now),
// 「冰箱里现在还有哪些留样」 (the batches still kept, and from when each may
// be disposed of), 「今天中午吃什么」「明天的菜谱是什么」 (the menu),
// 「今天中午陪餐是谁去的」「这个月陪餐几次了」 (陪餐, see accompanyread.go).
// Samples are for the canteen, the 总务主任 and the school's leaders; it
// keeps no state. A question is never
// a 留样 record (SampleFlow does not accept one), and asked in the middle
// of one, it is answered without losing the record's draft.
type Questions struct{}

// Name implements flows.Flow.
func (Questions) Name() string { return "canteen_questions" }

// Title implements flows.Flow.
func (Questions) Title() string { return "留样查询" }

// Triggers implements flows.Flow: it starts only from questions (Accepts).
func (Questions) Triggers() []string { return nil }

// Allowed implements flows.Flow: anyone may ask the menu; the samples'
// records are answered only to mayReadSamples.
func (Questions) Allowed(flows.Staff) bool { return true }

// mayReadSamples is who is told about samples and their disposal: the
// canteen, the 总务主任 and the school's leaders.
func mayReadSamples(s flows.Staff) bool {
	return s.Has(flows.RoleCanteen, flows.RoleHead, flows.RoleLeader, flows.RolePrincipal)
}

var (
	// questionEndRE is a message that asks rather than tells, by how it
	// ends: 留了没有, 可以倒了吗, 是什么, 吃什么, 菜单定了没, and the spoken
	// yes-or-no question 能扔了不, 可以倒不 (the fourteenth user test), and
	// 咋整, 咋办 (user test 17: 她手机没装这个 咋整), and 怎么样, 情况 (user
	// test 29c's principal: 今天食堂留样情况怎么样, answered with the whole
	// digest when only the canteen's line was asked).
	questionEndRE = rx.MustCompile(`(?:吗|呢|了没有?|没有呀|是什么|是啥|吃什么|吃啥|什么菜|哪些|怎么办?|咋办|咋整|咋弄|怎么整|怎么弄|为什么|几点|了不|(?:能|可以|该)\p{Han}{1,3}不|(?:情况)?(?:怎么样|咋样|怎样|如何)了?|情况(?:呢|啊|呀)?)[？?!！。~～]*$|[？?]\s*$`)
	// questionWordRE is one by the words 哪些, 有没有, 几份, 多少 anywhere
	// (冰箱里现在还有哪些留样, 还有几份没处理): no record or menu has them;
	// 留没留 (user test 17: 今天早饭的样到底留没留).
	questionWordRE = rx.MustCompile(`哪些|有没有|几份|多少|谁|行不行|可不可以|能不能|可以不|留没留|留没有留`)
)

// isQuestion reports whether text asks something.
func isQuestion(text string) bool {
	s := strings.TrimSpace(text)
	return questionEndRE.MatchString(s) || questionWordRE.MatchString(s)
}

var (
	// disposeAskRE asks what may be thrown away: 可以倒了吗, 能扔了吗, 到期了吗.
	disposeAskRE = rx.MustCompile(`(?:倒|扔|丢|处理|销毁|清理|到期|满48)`)
	// menuAskRE asks the menu: 吃什么, 菜谱, 菜单, 什么菜.
	menuAskRE = rx.MustCompile(`吃什么|吃啥|菜谱|食谱|菜单|什么菜|哪些菜|啥菜`)
	// sampleAskRE asks about samples: 留样, 样留了, 留了样, and 样 said
	// alone after 的 or 哪些 (user test 17: 冰箱里现在还剩哪些样, 几顿饭的样
	// 都留齐了没, 早饭的样到底留没留), not 样子 or 样式.
	sampleAskRE = rx.MustCompile(`留样|样留|留了样|留过样|样品|(?:哪些|几份|的)样(?:$|[^子式本板])`)
	// keptAskRE asks which samples are still kept: 冰箱里还有哪些留样,
	// 还剩几份, 哪些还没处理 (but 还有哪餐没留样 asks about the records).
	keptAskRE = rx.MustCompile(`冰箱里|柜里|柜子里|还(?:有|剩|留着|存着|在)|剩下|剩(?:几|多少)|没(?:有)?(?:处理|倒|扔)|未处理|存着`)
	// recordAskRE asks whether samples were kept at all: 没留样, 留了没.
	recordAskRE = rx.MustCompile(`没(?:有)?留|未留|漏留|留了没`)
	// dayWordRE reads the day a question is about.
	dayWordRE = rx.MustCompile(`前天|昨天|昨日|昨儿个|昨儿|今天|今日|今儿个|今个儿|今儿|明天|明日|明儿个|明个儿|明儿|后天`)
)

// dayOffsets are dayWordRE's days.
var dayOffsets = map[string]int{"前天": -2, "昨天": -1, "昨日": -1, "昨儿个": -1, "昨儿": -1, "今天": 0, "今日": 0, "今儿个": 0, "今个儿": 0, "今儿": 0,
	"明天": 1, "明日": 1, "明儿个": 1, "明个儿": 1, "明儿": 1, "后天": 2}

// Answers implements flows.Answerer: it only answers questions.
func (Questions) Answers() {}

// Accepts implements flows.Acceptor: a question about samples, their
// disposal or the menu.
func (Questions) Accepts(t *flows.Turn) bool {
	if asksAccompanied(t.Text) {
		return true // 这周陪餐记录, 这个月陪餐几次了: no question's ending
	}
	if missedSaid(t) {
		return true // 早饭的样忘留了 咋办嘛: before 报修 reads it as a fault
	}
	if cancelSaid(t.Text) && t.Idle() && (sampleAskRE.MatchString(t.Text) || accompanyAskRE.MatchString(t.Text)) {
		return true // 我不是在留样 取消, with nothing in progress
	}
	if !isQuestion(t.Text) {
		return false
	}
	return menuAskRE.MatchString(t.Text) || sampleAskRE.MatchString(t.Text) || accompanyAskRE.MatchString(t.Text)
}

var (
	// accompanyAskRE asks about 陪餐: 今天中午陪餐是谁去的.
	accompanyAskRE = rx.MustCompile(`陪餐|陪吃`)
	// standInAskRE asks whether someone else may log the samples: 晚上留样让小李登记行不行,
	// 留样的事让帮厨刘姐替我弄 (user test 17, the cook going on leave).
	standInAskRE = rx.MustCompile(`(?:让|叫|请|找)[^，,。\s]{1,6}(?:帮忙|帮我|替我|代我|代)?(?:登记|记录|记一下|留样|录)|(?:替|代|帮)(?:我)?(?:登记|记录|留样|弄|做|搞|管)`)
)

// Aside implements flows.Aside: a question about the menu or the samples
// asked in the middle of another module's conversation (「今天早饭吃啥 菜单
// 定了没」 while a repair report asks where) is answered, and that
// conversation goes on. It must end as a question does (吗, 了没, 吃啥,
// ？): a word like 有没有 inside a repair's description is no question to
// us. The canteen's own flows answer questions themselves.
func (Questions) Aside(t *flows.Turn) (bool, error) {
	switch t.Flow() {
	case SampleFlow{}.Name(), AccompanyFlow{}.Name(), MenuFlow{}.Name():
		return false, nil
	}
	s := strings.TrimSpace(t.Text)
	if !questionEndRE.MatchString(s) || vocabFor(t).aboutTheFridge(s) {
		return false, nil
	}
	if !menuAskRE.MatchString(s) && !sampleAskRE.MatchString(s) {
		return false, nil
	}
	return true, answerQuestion(t)
}

// Start implements flows.Flow.
func (f Questions) Start(t *flows.Turn) error {
	t.Done()
	return answerQuestion(t)
}

// Step implements flows.Flow; Start ends the flow, so there is no step.
func (f Questions) Step(t *flows.Turn) error { return f.Start(t) }

// answerQuestion answers a canteen question (see Questions).
func answerQuestion(t *flows.Turn) error {
	loc := t.School.Location()
	today := CivilDay(t.Now, loc)
	day, meal := today, ""
	if w := dayWordRE.FindString(t.Text); w != "" {
		day = today.AddDate(0, 0, dayOffsets[w])
	}
	m := vocabFor(t)
	for _, mw := range m.words {
		if strings.Contains(strings.ToLower(t.Text), mw.word) {
			meal = mw.key
			break
		}
	}
	if cancelSaid(t.Text) && t.Idle() {
		t.Say("好的，现在没有在记录什么，不用取消。")
		return nil
	}
	if meal, off, _, ok := m.missed(t.Text); ok && missedSaid(t) {
		off, _ = justPast(t, off, t.Text)
		return SampleFlow{}.missedSample(t, meal, off)
	}
	switch {
	case sampleAskRE.MatchString(t.Text) && standInAskRE.MatchString(t.Text):
		t.Say("可以的：在这里绑定了食堂身份的人都能登记留样，发送「留样」就能开始。如果对方还没有绑定食堂身份，请" + headName(t) + "先把对方加进来（在聊天里我没法添加人员），加好后对方用自己的手机就能登记。")
		return nil
	case asksAccompanied(t.Text):
		return answerAccompanied(t)
	case menuAskRE.MatchString(t.Text) && !sampleAskRE.MatchString(t.Text):
		return answerMenu(t, day, today, meal)
	case !mayReadSamples(t.Staff):
		t.Say("留样记录只对食堂、总务主任和校领导开放。菜谱可以问我，比如「今天中午吃什么」。")
		return nil
	case keptAskRE.MatchString(t.Text) && !recordAskRE.MatchString(t.Text):
		return answerKept(t)
	case disposeAskRE.MatchString(t.Text) && meal != "":
		return answerMealDisposal(t, day, today, meal)
	case disposeAskRE.MatchString(t.Text):
		return answerDisposal(t)
	}
	return answerSamples(t, day, today, meal)
}

// served is the meals the calendar serves on day, or just meal when one
// was named.
func served(t *flows.Turn, day time.Time, meal string) ([]string, error) {
	if meal != "" {
		return []string{meal}, nil
	}
	cal, err := db(t).MealCalendar(t.Ctx, t.School.ID, day, day)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range cal.On(day, t.School.Settings.Meals).Meals {
		out = append(out, m.Key)
	}
	return out, nil
}

// answerSamples lists a day's batches, and the served meals without one.
func answerSamples(t *flows.Turn, day, today time.Time, meal string) error {
	batches, err := db(t).SampleBatches(t.Ctx, t.School.ID, day)
	if err != nil {
		return err
	}
	meals, err := served(t, day, meal)
	if err != nil {
		return err
	}
	what := dayLabel(day, today)
	var lines []string
	done := map[string]bool{}
	for _, b := range batches {
		if meal != "" && b.Meal != meal {
			continue
		}
		done[b.Meal] = true
		line := fmt.Sprintf("· %s%s已留样（编号 %d）：%s，%s 留存，%s", what, flows.MealLabel(b.Meal), b.Num(), b.Dishes(), t.When(b.StoredAt), b.StaffName)
		if !b.DisposedAt.IsZero() {
			line += "；已处理"
		}
		lines = append(lines, line)
	}
	// A meal still without a batch is missing once it has begun (or its
	// day is past); before, it is still to come.
	var missing, coming []string
	loc := t.School.Location()
	for _, k := range meals {
		if done[k] {
			continue
		}
		starts := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
		for _, m := range t.School.Settings.Meals {
			if m.Key == k {
				starts = m.Starts.On(starts, loc)
			}
		}
		if t.Now.Before(starts) {
			coming = append(coming, flows.MealLabel(k))
		} else {
			missing = append(missing, flows.MealLabel(k))
		}
	}
	if len(lines) == 0 && len(meals) == 0 {
		t.Say(what + "没有供餐安排，也没有留样记录。")
		return nil
	}
	if len(missing) > 0 {
		lines = append(lines, fmt.Sprintf("· %s还没有留样记录：%s。留样后请发送「留样 %s%s」记录。", what, strings.Join(missing, "、"), dayWord(day, today), missing[0]))
	}
	if len(coming) > 0 {
		lines = append(lines, fmt.Sprintf("· %s还没开餐，开餐后记得留样。", strings.Join(coming, "、")))
	}
	t.Say(strings.Join(lines, "\n"))
	return nil
}

// answerDisposal lists the batches that may be disposed of now, or when
// the next one may.
func answerDisposal(t *flows.Turn) error {
	due, err := db(t).SamplesDue(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return err
	}
	if len(due) == 0 {
		t.Say(fmt.Sprintf("现在没有可以处理的留样：每份留样要冷藏满 %d 小时才能处理，到时间会提醒你。", t.School.Settings.RetentionHours))
		return nil
	}
	lines := []string{"可以处理的留样："}
	for _, b := range due {
		lines = append(lines, fmt.Sprintf("· %s（%s），%s 已满 %d 小时", b.Label(), b.Dishes(), t.When(b.DisposeAfter), t.School.Settings.RetentionHours))
	}
	lines = append(lines, fmt.Sprintf("处理后请回复「已处理 %d」这样的编号。", due[0].Num()))
	t.Say(strings.Join(lines, "\n"))
	return nil
}

// answerMealDisposal answers whether one meal's samples may be thrown
// away (早上那份留样能扔了不): each of that day's batches of the meal not
// yet disposed of, may go now or from when. A meal with none is answered
// as the question without a meal is.
func answerMealDisposal(t *flows.Turn, day, today time.Time, meal string) error {
	batches, err := db(t).SampleBatches(t.Ctx, t.School.ID, day)
	if err != nil {
		return err
	}
	hours := t.School.Settings.RetentionHours
	var lines []string
	for _, b := range batches {
		switch {
		case b.Meal != meal:
		case !b.DisposedAt.IsZero():
			lines = append(lines, fmt.Sprintf("· %s已由%s%s。", b.Label(), b.DisposedByName, disposedWhen(t, b)))
		case t.Now.Before(b.DisposeAfter):
			lines = append(lines, fmt.Sprintf("· %s还不能扔：要冷藏满 %d 小时，%s 以后才可以处理，到时会提醒你。", b.Label(), hours, t.When(b.DisposeAfter)))
		default:
			lines = append(lines, fmt.Sprintf("· %s已满 %d 小时，可以处理了；倒掉后请回复「已处理 %d」。", b.Label(), hours, b.Num()))
		}
	}
	switch len(lines) {
	case 0:
		return answerDisposal(t)
	case 1:
		t.Say(strings.TrimPrefix(lines[0], "· "))
	default:
		t.Say(strings.Join(lines, "\n"))
	}
	return nil
}

// answerKept lists the batches still kept (not disposed of), oldest
// first: those whose retention is over may be disposed of now, the
// others from when.
func answerKept(t *flows.Turn) error {
	kept, err := keptBatches(t)
	if err != nil {
		return err
	}
	if len(kept) == 0 {
		t.Say("现在没有还在冷藏的留样：记录过的留样都已经处理了。")
		return nil
	}
	hours := t.School.Settings.RetentionHours
	lines := []string{fmt.Sprintf("现在还在冷藏的留样有 %d 批：", len(kept))}
	for _, b := range kept {
		line := fmt.Sprintf("· %s：%s", b.Label(), b.Dishes())
		if t.Now.Before(b.DisposeAfter) {
			line += fmt.Sprintf("；%s 以后可以处理", t.When(b.DisposeAfter))
		} else {
			line += fmt.Sprintf("；已满 %d 小时，可以处理，处理后回复「已处理 %s」", hours, disposeName(b, kept))
		}
		lines = append(lines, line)
	}
	t.Say(strings.Join(lines, "\n"))
	return nil
}

// disposeName is how 「已处理 …」 names b among the batches listed with it:
// its number, or its full reference when another has the same number.
func disposeName(b SampleBatch, listed []SampleBatch) string {
	if slices.ContainsFunc(listed, func(x SampleBatch) bool { return x.ID != b.ID && x.Num() == b.Num() }) {
		return b.Ref()
	}
	return strconv.Itoa(b.Num())
}

// keptBatches lists the school's batches not disposed of, the oldest
// retention end first: every batch due, and those of the days a batch
// still within its retention may belong to.
func keptBatches(t *flows.Turn) ([]SampleBatch, error) {
	kept, err := db(t).SamplesDue(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return nil, err
	}
	loc := t.School.Location()
	days := max(CommandDays, t.School.Settings.RetentionHours/24+CommandDays)
	for d := range days + 1 {
		bs, err := db(t).SampleBatches(t.Ctx, t.School.ID, CivilDay(t.Now.AddDate(0, 0, -d), loc))
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			if b.DisposedAt.IsZero() && !slices.ContainsFunc(kept, func(x SampleBatch) bool { return x.ID == b.ID }) {
				kept = append(kept, b)
			}
		}
	}
	slices.SortStableFunc(kept, func(a, b SampleBatch) int {
		return cmp.Or(a.DisposeAfter.Compare(b.DisposeAfter), cmp.Compare(a.ID, b.ID))
	})
	return kept, nil
}

// answerMenu shows a day's menu, of one meal or of every meal served.
func answerMenu(t *flows.Turn, day, today time.Time, meal string) error {
	meals, err := served(t, day, meal)
	if err != nil {
		return err
	}
	what := dayLabel(day, today)
	var lines []string
	unset, firstUnset := 0, ""
	for _, k := range meals {
		dishes, err := db(t).Menu(t.Ctx, t.School.ID, day, k)
		if err != nil && !errors.Is(err, flows.ErrNotFound) {
			return err
		}
		if len(dishes) == 0 {
			lines = append(lines, fmt.Sprintf("· %s：还没有录入菜谱", flows.MealLabel(k)))
			if unset++; unset == 1 {
				firstUnset = k
			}
			continue
		}
		lines = append(lines, fmt.Sprintf("· %s：%s", flows.MealLabel(k), strings.Join(dishes, "、")))
	}
	if len(lines) == 0 {
		t.Say(what + "没有供餐安排。")
		return nil
	}
	text := what + "的菜谱：\n" + strings.Join(lines, "\n")
	if unset > 0 && (MenuFlow{}).Allowed(t.Staff) {
		example := "红烧肉、番茄炒蛋、米饭"
		switch firstUnset {
		case flows.MealBreakfast:
			example = "包子、小米粥、煮鸡蛋"
		case flows.MealSnack:
			example = "水果、酸奶"
		}
		text += fmt.Sprintf("\n要录入的话，请发送「%s%s：%s」这样的一条消息。", menuDayWord(day, today), flows.MealLabel(firstUnset), example)
	}
	t.Say(text)
	return nil
}

// dayWord is the word 「留样 …」 takes for a day before a meal: 昨天 for
// yesterday, nothing for today.
func dayWord(day, today time.Time) string {
	if day.Equal(today.AddDate(0, 0, -1)) {
		return "昨天"
	}
	return ""
}

// menuDayWord is how a menu message names day: 今天, 明天, or its date.
func menuDayWord(day, today time.Time) string {
	switch {
	case day.Equal(today):
		return "今天"
	case day.Equal(today.AddDate(0, 0, 1)):
		return "明天"
	}
	return fmt.Sprintf("%d月%d日", day.Month(), day.Day())
}

// headName is how a cook is told to ask the 总务主任: by his name when
// the school has one (陈主任), else by the title.
func headName(t *flows.Turn) string {
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	switch {
	case err != nil || len(heads) != 1 || heads[0].Name == "":
		return "总务主任"
	case strings.Contains(heads[0].Name, "主任"):
		return heads[0].Name
	}
	return "总务主任" + heads[0].Name
}

// missedSaid reports whether a cook says a meal's sample was not kept,
// naming the meal (user test 17: 今天早上太忙 早饭的样忘留了 包子稀饭都发完了
// 补不了了 咋办嘛, which 报修, asked before the canteen, took as a fault
// and asked 在哪里): answered here, as an answerer is asked first.
func missedSaid(t *flows.Turn) bool {
	_, _, has, ok := vocabFor(t).missed(t.Text)
	return ok && has && (SampleFlow{}).Allowed(t.Staff)
}
