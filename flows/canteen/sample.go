package canteen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// Food samples (留样) and accompanied meals (陪餐): the rules of
// 学校食品安全与营养健康管理规定 and GB 31654-2021, with the numbers taken
// from the school's Settings.

// ParseMeal reads a meal name (早餐, 中饭, 夜宵, lunch ...) or key, with
// the default words (flows/lexicon, kind meal).
func ParseMeal(s string) (string, bool) { return defaultVocab().parse(s) }

// parse is ParseMeal with m's words.
func (m *vocab) parse(s string) (string, bool) {
	k, ok := m.key[strings.ToLower(strings.TrimSpace(s))]
	return k, ok
}

// leadingMeal strips a meal name (optionally after 今天 or 昨天) from the
// start of text: "昨天晚餐 红烧肉 130g" → dinner, -1 day, "红烧肉 130g".
// A meal word that is also a dish's name (点心, 早点) is the dish where the
// text says so: "点心 130g", "点心、白粥".
func leadingMeal(text string) (meal string, dayOffset int, rest string, ok bool) {
	return defaultVocab().leading(text)
}

// leading is leadingMeal with m's words.
func (m *vocab) leading(text string) (meal string, dayOffset int, rest string, ok bool) {
	s := strings.TrimSpace(text)
	for _, p := range leadingDays {
		if r, found := strings.CutPrefix(s, p.word); found {
			s, dayOffset = strings.TrimSpace(r), p.offset
			break
		}
	}
	for _, mw := range m.words {
		w, k := mw.word, mw.key
		// EqualFold on the bytes the word takes, not HasPrefix on
		// ToLower(s): lower-casing can change lengths (the Kelvin sign K
		// becomes k), and s[len(w):] would then cut a character in two.
		if len(s) < len(w) || !strings.EqualFold(s[:len(w)], w) {
			continue
		}
		if namesDish(s[len(w):]) {
			break
		}
		return k, dayOffset, strings.TrimLeft(strings.TrimSpace(s[len(w):]), ":：,，\n "), true
	}
	return "", 0, text, false
}

// leadingDays are the days a record's meal may be said with, the longer
// words first (今儿个 before 今儿): 今天, and the northern 今儿.
var leadingDays = []struct {
	word   string
	offset int
}{{"今儿个", 0}, {"今个儿", 0}, {"今天", 0}, {"今日", 0}, {"今儿", 0}, {"昨儿个", -1}, {"昨天", -1}, {"昨日", -1}, {"昨儿", -1}}

// namesDish reports whether what follows a meal word makes the word a
// dish's name: 、 (a list of dishes), or nothing but a weight on its line.
func namesDish(after string) bool {
	if strings.HasPrefix(after, "、") {
		return true
	}
	line, _, _ := strings.Cut(strings.TrimLeft(after, " :：,，"), "\n")
	_, ok := bareGrams(line)
	return ok
}

// DefaultMeal is the meal a record made at now most likely belongs to: the
// latest of the school's meals that starts within the next two hours
// (samples are taken while the food is prepared and served), or the day's
// first meal early in the morning. In the small hours (before 04:00) it
// is the day's last meal, the one just past: a record made then is a late
// one of yesterday's (justPast gives the day).
func DefaultMeal(st flows.Settings, now time.Time, loc *time.Location) string {
	meals := slices.Clone(st.Meals)
	slices.SortFunc(meals, func(a, b flows.Meal) int { return int(a.Starts - b.Starts) })
	n := now.In(loc)
	c := flows.Clock(n.Hour()*60 + n.Minute())
	if len(meals) == 0 {
		switch {
		case c < smallHoursEnd:
			return flows.MealDinner
		case c < 10*60:
			return flows.MealBreakfast
		case c < 15*60:
			return flows.MealLunch
		}
		return flows.MealDinner
	}
	if c < smallHoursEnd {
		return meals[len(meals)-1].Key
	}
	pick := meals[0].Key
	for _, m := range meals {
		if m.Starts-120 <= c {
			pick = m.Key
		}
	}
	return pick
}

// smallHoursEnd ends the small hours (flows.SmallHoursEnd) as a clock.
const smallHoursEnd = flows.Clock(flows.SmallHoursEnd * 60)

// inSmallHours reports whether now is in the small hours at the school.
func inSmallHours(now time.Time, loc *time.Location) bool {
	n := now.In(loc)
	return flows.Clock(n.Hour()*60+n.Minute()) < smallHoursEnd
}

// todaySaidRE is a message that says the day is today (今天中午, 今儿的早饭).
var todaySaidRE = rx.MustCompile(`今天|今日|今儿|今个|今早|今晚|(?i:today)`)

// justPast is the day of a meal said with no day (dayOffset 0 and no
// 今天 in text). The rule: in the small hours (before 04:00) a meal
// said without a day is the meal of the day that just ended, yesterday's:
// at 00:26, right after houqin's 「昨天午餐…还没有留样记录」 reminder,
// 「中午留样…」 and 「中午陪餐了…」 are late records of the lunch eaten
// twelve hours ago, not of one that has not been cooked (user test 28's
// P5). From 04:00 the kitchen starts on breakfast, and today's meals are
// meant. moved reports whether the rule changed the day, for the reply to
// say so.
func justPast(t *flows.Turn, dayOffset int, text string) (off int, moved bool) {
	if dayOffset != 0 || todaySaidRE.MatchString(text) || !inSmallHours(t.Now, t.School.Location()) {
		return dayOffset, false
	}
	return -1, true
}

// movedToYesterday reports whether justPast moved a meal said with
// dayOffset to day.
func movedToYesterday(t *flows.Turn, dayOffset int, day time.Time) bool {
	return dayOffset == 0 && !day.Equal(CivilDay(t.Now, t.School.Location()))
}

// smallHoursNote is what the reply adds when justPast moved a meal to
// yesterday: which day it took, and how to say today's.
func smallHoursNote(meal string) string {
	return "（现在是凌晨，没说哪天就按刚过去的这一餐记；如果是今天的，请回复「今天" + flows.MealLabel(meal) + "」。）"
}

// CivilDay is the school-local calendar date of t, as midnight UTC: the
// form dates take in the store (a PostgreSQL date) and in sample records.
func CivilDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// mealDayLabel is dayLabel for a meal's day said to someone at now: in
// the small hours 昨天 is spelt with its date, 昨天（11月23日）, since
// people still call the day that just ended 今天.
func mealDayLabel(day time.Time, now time.Time, loc *time.Location) string {
	today := CivilDay(now, loc)
	l := dayLabel(day, today)
	if l == "昨天" && inSmallHours(now, loc) {
		l += fmt.Sprintf("（%d月%d日）", day.Month(), day.Day())
	}
	return l
}

// dayLabel names a civil day relative to today: 今天, 昨天, 11月18日.
func dayLabel(day, today time.Time) string {
	switch int(today.Sub(day).Hours() / 24) {
	case 0:
		return "今天"
	case 1:
		return "昨天"
	case -1:
		return "明天"
	}
	return fmt.Sprintf("%d月%d日", day.Month(), day.Day())
}

// SampleItem is one dish of a sample batch. Grams is 0 while a flow still
// waits for the weight.
type SampleItem struct {
	Dish  string `json:"dish"`
	Grams int    `json:"g,omitempty"`
}

// SampleBatch is the samples kept from one meal, logged at once: who, when,
// the fridge temperature, and the earliest time they may be disposed of.
type SampleBatch struct {
	ID              int64
	Seq             int // the number people type (Num): the smallest no other batch of its day nor one still in the fridge had when it was stored
	SchoolID        int64
	Day             time.Time // civil date (see CivilDay)
	Meal            string    // a meal key
	StaffID         int64
	StaffName       string
	Items           []SampleItem
	FridgeC         float64
	Photo           string
	StoredAt        time.Time
	DisposeAfter    time.Time // StoredAt + RetentionHours
	Violation       string    // the rules broken, as recorded; "" when compliant
	ViolationReason string    // why, in the words of the person who logged it
	MissingDishes   []string  // dishes on the menu that were not sampled
	DisposedAt      time.Time // zero until disposal is confirmed
	DisposedBy      int64
	DisposedByName  string
	DisposedEarly   bool // disposed of before DisposeAfter: a violation of the retention rule
	// DisposalEnteredAt is when a disposal told late was entered (zero:
	// entered as it was done); DisposalSaid is then its time as the cook
	// said it (11月22日下午), "" when she said none, and DisposedAt the
	// time as well as it is known (see disposalTold).
	DisposalEnteredAt time.Time
	DisposalSaid      string
	// MovedAt is when the batch was last moved to another fridge, at
	// MovedC (zero when never): FridgeC stays what was read when it was
	// stored, for the 留样记录.
	MovedAt time.Time
	MovedC  float64
	MovedBy int64
}

// Label names the batch for chat: 11月20日午餐留样（编号 2）.
func (b SampleBatch) Label() string {
	return fmt.Sprintf("%d月%d日%s留样（编号 %d）", b.Day.Month(), b.Day.Day(), flows.MealLabel(b.Meal), b.Num())
}

// Num is the number people see and type for a batch (「已处理 2」): its
// Seq (the id of a batch read without one).
func (b SampleBatch) Num() int {
	if b.Seq > 0 {
		return b.Seq
	}
	return int(b.ID)
}

// Ref is the batch's full reference, LY-20261120-002 (留样), which names
// it when two days' batches share a number.
func (b SampleBatch) Ref() string {
	return flows.DayRef(RefPrefix, b.Day.Format("20060102"), b.Num())
}

// RefPrefix begins a sample batch's reference.
const RefPrefix = "LY"

// Dishes lists the batch's dishes with weights: 红烧肉 130 克、米饭 150 克.
func (b SampleBatch) Dishes() string { return dishList(b.Items) }

func dishList(items []SampleItem) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = fmt.Sprintf("%s %d 克", it.Dish, it.Grams)
	}
	return strings.Join(parts, "、")
}

// AccompaniedMeal is a school leader's record of a meal eaten with the
// students (陪餐).
type AccompaniedMeal struct {
	ID         int64
	SchoolID   int64
	Day        time.Time // civil date
	Meal       string
	StaffID    int64
	StaffName  string
	Dishes     []string
	Taste      int // 口味 1–5
	Portion    int // 份量 1–5
	Hygiene    int // 卫生 1–5
	Note       string
	Photo      string
	Issue      bool // the note was passed to the 总务主任 as a canteen issue
	RecordedAt time.Time
	// The issue's handling as the 总务主任 told it (HandleCanteenIssue):
	// what was done, by whom and when; HandledAt is zero while it is open.
	HandledNote string
	HandledBy   int64
	HandledAt   time.Time
}

// MaxSampleGrams is the heaviest sample houqin believes: a sample box holds
// a few hundred grams, so more is a typo (an extra 0, or 斤 for 两).
const MaxSampleGrams = 1000

// SampleWeightOK reports whether a dish's sample meets the school's minimum.
func SampleWeightOK(st flows.Settings, grams int) bool { return grams >= st.SampleMinGrams }

// FridgeTempOK reports whether the sample fridge is within the school's range.
func FridgeTempOK(st flows.Settings, c float64) bool { return c >= st.FridgeMinC && c <= st.FridgeMaxC }

// SampleDisposeAfter is the earliest time samples stored at stored may be disposed of.
func SampleDisposeAfter(st flows.Settings, stored time.Time) time.Time {
	return stored.Add(time.Duration(st.RetentionHours) * time.Hour)
}

// The rules, as the bot explains them.
func ruleWeight(st flows.Settings) string {
	return fmt.Sprintf("按《学校食品安全与营养健康管理规定》，每个菜品留样不少于 %d 克", st.SampleMinGrams)
}

func ruleFridge(st flows.Settings) string {
	return fmt.Sprintf("按规定，留样要密封后放在专用冷藏设备中，温度保持在 %s–%s℃", fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC))
}

func ruleRetention(st flows.Settings) string {
	return fmt.Sprintf("按《学校食品安全与营养健康管理规定》，留样应冷藏保存 %d 小时以上", st.RetentionHours)
}

func fmtC(c float64) string { return strconv.FormatFloat(c, 'f', -1, 64) }

// weightProblems describes each dish under the minimum, e.g.
// "清炒菜心 118 克（不足 125 克）".
func weightProblems(st flows.Settings, items []SampleItem) []string {
	var out []string
	for _, it := range items {
		if it.Grams > 0 && !SampleWeightOK(st, it.Grams) {
			out = append(out, fmt.Sprintf("%s %d 克（不足 %d 克）", it.Dish, it.Grams, st.SampleMinGrams))
		}
	}
	return out
}

// fridgeProblem describes a temperature out of range, or "".
func fridgeProblem(st flows.Settings, c *float64) string {
	if c == nil || FridgeTempOK(st, *c) {
		return ""
	}
	return fmt.Sprintf("冷藏温度 %s℃（应为 %s–%s℃）", fmtC(*c), fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC))
}

// unsampled lists the menu dishes no item matches; a match is either name
// containing the other (菜心 for 清炒菜心). A menu line that is only
// condiments (醋、蒜 served with 饺子) owes no sample (condimentOnly).
func unsampled(menu []string, items []SampleItem) []string {
	var out []string
	for _, m := range menu {
		if condimentOnly(m) {
			continue
		}
		if !slices.ContainsFunc(items, func(it SampleItem) bool {
			return strings.Contains(it.Dish, m) || strings.Contains(m, it.Dish)
		}) {
			out = append(out, m)
		}
	}
	return out
}
