package canteen

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// AccompanyFlow is 陪餐: the school leader on duty records the meal eaten
// with the students — meal, dishes, ratings of 口味, 份量 and 卫生, a note
// and a photo — and may pass a problem to the 总务主任 as a canteen issue.
type AccompanyFlow struct{}

// Name implements Flow.
func (AccompanyFlow) Name() string { return "accompany" }

// Title implements Flow.
func (AccompanyFlow) Title() string { return "陪餐" }

// Triggers implements Flow. The first is the word the menu shows.
func (AccompanyFlow) Triggers() []string { return []string{"陪餐", "陪餐记录", "accompany"} }

// Allowed implements Flow: 校长, 分管领导 and 总务主任 eat with the students.
func (AccompanyFlow) Allowed(s flows.Staff) bool {
	return s.Has(flows.RolePrincipal, flows.RoleLeader, flows.RoleHead)
}

type accompanyDraft struct {
	Day     string   `json:"day"`
	Meal    string   `json:"meal"`
	Menu    []string `json:"menu,omitempty"`
	Dishes  []string `json:"dishes,omitempty"`
	Ratings [3]int   `json:"ratings"`
	Note    string   `json:"note,omitempty"`
	Photo   string   `json:"photo,omitempty"`
	// Sampled is set when the meal had no menu and Menu is the dishes of
	// its 留样 records instead (user test 27's K44).
	Sampled bool `json:"sampled,omitempty"`
	// NoNote is set when the sentence that began the record said there
	// is nothing to report (没啥意见, 都挺好): the note is not asked for.
	NoNote bool `json:"no_note,omitempty"`
	// Canteen is what the leader asked to be told to the canteen's people
	// directly, no 总务主任 follow-up (跟食堂说一下少放点盐就行): they are
	// told when the record is made.
	Canteen string `json:"canteen,omitempty"`
	// With is who else ate the meal, as said beside the dishes (家委会孙丽
	// 也一起吃的: user test 32's T46 saved it as a dish); it is kept with
	// the note of the record.
	With string `json:"with,omitempty"`
}

func (d *accompanyDraft) sample() *sampleDraft { return &sampleDraft{Day: d.Day, Meal: d.Meal} }

func (d *accompanyDraft) setMeal(t *flows.Turn, meal string, off int) error {
	s := d.sample()
	if err := s.setMeal(t, meal, off); err != nil {
		return err
	}
	d.Day, d.Meal, d.Menu, d.Sampled = s.Day, s.Meal, s.Menu, false
	if len(d.Menu) > 0 {
		return nil
	}
	// No menu: the dishes the canteen kept samples of for the meal are
	// what was served (user test 27's K44 was asked to type them).
	batches, err := s.earlier(t)
	if err != nil {
		return err
	}
	for _, b := range batches {
		for _, it := range b.Items {
			if !slices.Contains(d.Menu, it.Dish) {
				d.Menu = append(d.Menu, it.Dish)
			}
		}
	}
	d.Sampled = len(d.Menu) > 0
	return nil
}

// menuLine shows the dishes the meal had: its menu, or those of its
// 留样 records when it had none.
func (d *accompanyDraft) menuLine() string {
	if d.Sampled {
		return "这一餐没有录入菜单，留样记录里的菜是：" + strings.Join(d.Menu, "、")
	}
	return "菜单是：" + strings.Join(d.Menu, "、")
}

var (
	byMenuButton = button("按菜单", choiceByMenu)
	issueButtons = []flows.Button{button("交总务主任跟进", choiceIssue), button("只记录，不用跟进", choiceNote)}
)

// Accepts implements Acceptor: a leader telling of the meal eaten with
// the students in a sentence (今天中午陪餐了 鸡块不错 青菜有点咸) starts a
// record; praise in it is feedback, not thanks.
func (AccompanyFlow) Accepts(t *flows.Turn) bool {
	_, _, ok := accompanySaid(t.Text)
	return ok && !isQuestion(t.Text)
}

var (
	// accompanySaidRE is a sentence telling of 陪餐: what comes before
	// (the day and the meal) and after (the comments).
	// Besides 陪餐 itself, eating with the students is one (陪学生吃了午饭,
	// 在食堂跟学生一起吃的, 和孩子们一起吃的饭): a meal said after 吃 is
	// the third group. The students may be named by their grade or class
	// (the fourteenth user test: 中午跟初二学生一块吃的).
	accompanySaidRE = rx.MustCompile(`^([^\n，,。]{0,12}?)(?:去|在食堂)?(?:陪(?:了)?餐(?:了|过了|完了|结束了)?` +
		`|(?:陪(?:着)?|(?:在食堂)?(?:跟|和|与|同))(?:初[一二三]|高[一二三]|[一二三四五六]年级|[一二三四五六七八九十\d]{1,2}班|的)*(?:学生|孩子|同学|小朋友)们?(?:一起|一块儿?)?(?:在食堂)?(?:吃|用|就)(?:了|的|过)?(早饭|午饭|中饭|晚饭|早餐|午餐|晚餐)?(?:饭|餐)?(?:的|了)?)` +
		`[\s，,。:：！!]*(.*)$`)
	// accompanyFillerRE is a comment that only says where and with whom:
	// 在食堂跟学生一起吃的.
	// The students may be named by their grade or class (user test 27's
	// K44: 跟初二学生一块吃的 was kept as an opinion).
	accompanyFillerRE = rx.MustCompile(`^(?:在食堂|和|跟|与|同)?(?:在食堂)?(?:和|跟|与|同)?(?:初[一二三]|高[一二三]|[一二三四五六]年级|[一二三四五六七八九十\d]{1,2}班|的)*(?:学生|孩子|同学|小朋友|娃娃|娃)?(?:们)?(?:一起|一块儿?)(?:在食堂)?(?:吃的|吃了|吃饭|用餐|就餐)(?:的)?$|^在食堂(?:吃的|吃了|用餐|就餐)$`)
	// accompanyKindRE is 陪餐 said again among the comments, naming the
	// record's kind (user test 26: 中午跟学生一块吃的饺子 陪餐 挺好吃 stored
	// 陪餐 as a dish): never a dish or an opinion.
	accompanyKindRE = rx.MustCompile(`^(?:是|算|算是)?陪(?:了)?餐(?:了|的|记录)?$`)
	// commentSepRE separates comments: spaces and punctuation.
	commentSepRE = rx.MustCompile(`[\s，,。；;！!、]+`)
)

// accompanySaid reads a sentence telling of 陪餐 not begun by its trigger:
// the words before 陪餐 (the meal, read by vocab.leading) and the
// comments after it, joined by 「；」. ok is false when text is no such
// sentence.
func accompanySaid(text string) (before, comments string, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if strings.Contains(s, "\n") {
		return "", "", false
	}
	if rest, ok := strings.CutPrefix(s, "陪餐"); ok {
		// 陪餐 中午 按菜单 宫保鸡丁有点辣 口味4 份量5 卫生5 (the fourteenth
		// user test): begun by the trigger, the rest is read as the
		// comments of such a sentence when it holds scores or an opinion;
		// else (陪餐 午餐 红烧肉、米饭) as the trigger's words.
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "记录"), "了")
		var cs []string
		for _, c := range commentSepRE.Split(rest, -1) {
			if c != "" {
				cs = append(cs, c)
			}
		}
		if _, r := takeRatings(cs); r[0] == 0 && !slices.ContainsFunc(cs, judgmentRE.MatchString) {
			return "", "", false
		}
		return "", strings.Join(cs, "；"), true
	}
	if _, rest, ok := leadCompanion(s); ok {
		s = rest // 今天中午我和家委会孙丽一起陪餐 …: who else ate, cut (leadCompanion)
	}
	m := accompanySaidRE.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	var cs []string
	if m[2] != "" {
		cs = append(cs, m[2]) // 陪学生吃了午饭: the meal, read as one said after 陪餐
	}
	for _, c := range commentSepRE.Split(m[3], -1) {
		if c != "" && !accompanyFillerRE.MatchString(c) && !accompanyKindRE.MatchString(c) {
			cs = append(cs, c)
		}
	}
	return strings.TrimSpace(peicanAskRE.ReplaceAllString(strings.TrimSpace(m[1]), "")), strings.Join(cs, "；"), true
}

// peicanAskRE is asking for a record before 陪餐, naming neither a meal nor
// a dish: 记一下陪餐, 帮我登记个陪餐, 记录一下今天中午陪餐.
// 我是要登记 too; the longer words first (记录 is not 记 and a dish 录).
var peicanAskRE = rx.MustCompile(`^(?:我们?)?(?:是|就是)?(?:请|麻烦)?(?:帮我|给我|帮忙)?(?:是)?(?:我要|我想|要|想|想要)?(?:补)?(?:记录一下|记录下|记录个|记录|登记一下|登记下|登记个|登记一个|登记|记一下|记下|记个|记一个|记|录一下|录个|填一下|填个|报一下)\s*`)

// mealFixRE and mealEndRE are what may stand around a meal said alone, as
// the meal of the record or a correction of it: 不对 是午餐, 应该是晚饭,
// 今天中午的, 是中午那顿.
var (
	mealFixRE = rx.MustCompile(`^(?:(?:不对|不是|错了|搞错了|弄错了|说错了|写错了|记错了)[\s，,。！!]*)?(?:是|就是|应该是|其实是|改成|改为|换成|是在)?\s*`)
	mealEndRE = rx.MustCompile(`\s*(?:的|那顿饭?|那餐|吃的)?\s*(?:的)?(?:陪餐)?(?:吧|啊)?[。！!]*$`)
)

// mealOnly reads a message that names a meal and nothing else, with the
// words of a correction around it: 午饭, 不对 是午餐, 应该是晚饭, 今天中午的.
func mealOnly(words *vocab, text string) (meal string, off int, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	s = mealEndRE.ReplaceAllString(mealFixRE.ReplaceAllString(s, ""), "")
	if s == "" {
		return "", 0, false
	}
	meal, off, rest, ok := words.leading(s)
	if !ok || rest != "" {
		return "", 0, false
	}
	return meal, off, true
}

// byMenuCommentRE is a comment of a 陪餐 sentence that says every dish of
// the menu was eaten: 菜都吃了, 每样都尝了, 菜就按菜单.
var byMenuCommentRE = rx.MustCompile(`^(?:菜|饭菜|每样菜?|每个菜|每道菜|所有的?菜)?(?:都|全)(?:吃了|吃过了|吃的|尝了|尝过了)$|^(?:菜|吃的)?(?:就|都)?(?:按|同|跟|和)菜单(?:吃的|来|的|一样|上的)?吧?$`)

// menuAssentRE is a yes to the dishes shown (吃的就是这些的话回复「按菜单」):
// 对 就这些, 是的, 没错 都吃了, 就是这几样 (user test 29's R38 was asked to
// type the dishes).
var menuAssentRE = rx.MustCompile(`^(?:(?:对|是|嗯|没错|对的|是的|好|好的|行|可以|没问题)(?:的|啊|呀|吧|了)?[\s，,。！!]*)+(?:(?:就|都|也)?(?:是)?(?:这些|这几样|这几个菜?|这几道菜?|这些菜)(?:了|吧|啊|呀|哈)?|都吃了|都有|都吃过了)?[。！!~～]*$|^(?:就|都)(?:是)?(?:这些|这几样|这几个菜?|这几道菜?|这些菜)(?:了|吧|啊|呀|哈)?[。！!~～]*$`)

// staples are served at most meals: a comment on them says nothing of
// which menu was eaten.
var staples = []string{"米饭", "馒头", "花卷", "面条", "白粥", "稀饭", "粥"}

// namesMenuDish reports whether the comments name a dish of the menu
// other than a staple: 土豆烧鸡有点咸 of a menu with 土豆烧鸡.
func namesMenuDish(note string, menu []string) bool {
	for _, dish := range menu {
		if len([]rune(dish)) >= 2 && !slices.Contains(staples, dish) && strings.Contains(note, dish) {
			return true
		}
	}
	return false
}

// whoWhenRE is what may stand between the meal and 陪餐 naming no dish:
// 中午我陪餐了, 今天中午我们也去陪餐了.
var whoWhenRE = rx.MustCompile(`^(?:我们?|咱们?|今天|刚才?|已经|也|都|去|一起)+$`)

// mealReplyRE is a reply that names the meal only: 是中午的, 就是午餐.
var mealReplyRE = rx.MustCompile(`^(?:是|就是|应该是|是在)?\s*(.+?)\s*(?:的|那顿|那顿饭|吃的)?[。！!]*$`)

// Start implements Flow.
func (f AccompanyFlow) Start(t *flows.Turn) error {
	// The longest trigger is cut first: 「陪餐记录」 cut as 「陪餐」 left
	// 「记录」 to be read as a dish.
	triggers := slices.Clone(f.Triggers())
	slices.SortStableFunc(triggers, func(a, b string) int { return len(b) - len(a) })
	text := flows.StripTrigger(t.Text, triggers)
	d := accompanyDraft{Photo: t.Image()}
	byMenu := false
	eaten := ""
	if who, _, ok := leadCompanion(strings.TrimSpace(parse.Normalize(t.Text))); ok {
		d.With = who
	}
	if before, comments, ok := accompanySaid(t.Text); ok {
		// 记一下陪餐 午饭: the meal said after 陪餐 is the meal, no opinion;
		// 今天中午陪学生吃了午饭: the meal said twice.
		first, more, _ := strings.Cut(comments, "；")
		if meal, off, ok := mealOnly(vocabFor(t), first); ok {
			if _, _, _, said := vocabFor(t).leading(before); !said {
				before = strings.TrimSpace(before + " " + mealKeyWord(meal, off))
			}
			comments = more
		}
		var note string
		note, byMenu, d.Ratings, d.NoNote = splitComments(comments)
		// 晚饭我陪餐 吃了米饭 红烧鱼 豆芽: the dishes eaten, not an opinion.
		dishes, note := splitDishes(note)
		if praiseOnly(note) {
			// 都挺好 打5 5 5: praise of the whole meal, nothing to follow up.
			note, d.NoNote = "", true
		}
		d.NoNote = d.NoNote && note == ""
		eaten = strings.Join(dishes, "、")
		text, d.Note = before, flows.Clip(note, 300)
	}
	meal, off, rest, ok := vocabFor(t).leading(text)
	if !ok {
		meal = DefaultMeal(t.School.Settings, t.Now, t.School.Location())
	}
	if intentOnly(rest) {
		rest = "" // 中午我陪餐了, 我是要登记陪餐: who ate, or asking; no dish
	}
	if rest == "" && !byMenu {
		rest = eaten
	}
	if err := d.setMeal(t, meal, off); err != nil {
		return err
	}
	intro := "好的，记录" + d.sample().what(t) + "的陪餐。"
	switch {
	case !ok:
		intro += "（如果不是" + flows.MealLabel(meal) + "，请回复「早餐」「午餐」「晚餐」或「加餐」更正。）"
	case movedToYesterday(t, off, d.sample().day()):
		intro += smallHoursNote(meal)
	}
	if d.Note != "" {
		intro += "\n记下了你的意见：" + d.Note + "。"
	}
	if rest != "" {
		t.Say(intro)
		return f.dishes(t, &d, rest)
	}
	if byMenu {
		t.Say(intro)
		return f.dishes(t, &d, wordsByMenu[0])
	}
	if len(d.Menu) > 0 && namesMenuDish(d.Note, d.Menu) {
		// 中午我陪餐了 菜挺好的 就是土豆烧鸡有点咸: the comments speak of
		// the meal's menu, so the menu is what was eaten.
		t.Say(intro)
		return f.dishes(t, &d, wordsByMenu[0])
	}
	if len(d.Menu) > 0 {
		t.Say(fmt.Sprintf("%s\n%s。吃的就是这些的话回复「按菜单」，否则请写出吃了哪些菜（用顿号或逗号分开）。",
			intro, d.menuLine()), byMenuButton)
	} else {
		t.Say(intro + "\n吃了哪些菜？请用顿号或逗号分开，如「红烧肉、清炒菜心、米饭」。")
	}
	return goTo(t, stateDishes, d)
}

// Step implements Flow. A photo alone is kept in every state (and after
// the ratings it ends the record: the photo is the note); anything else
// goes to the state's own step in accompanySteps.
func (f AccompanyFlow) Step(t *flows.Turn) error {
	var d accompanyDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	if img := t.Image(); img != "" {
		d.Photo = img
		if t.Text == "" {
			t.Say("照片收到了。")
			if state(t.State()) == stateNote {
				return f.submit(t, &d, false)
			}
			return t.Goto(t.State(), d)
		}
	}
	if cancelSaid(t.Text) && t.Msg.Button == "" {
		return cancelledInside(t, "没有保存任何内容")
	}
	if meal, off, ok := mealOnly(vocabFor(t), t.Text); ok && t.Msg.Button == "" {
		return f.changeMeal(t, &d, meal, off, false) // 不对 是午餐
	}
	if meal, off, byMenu, ok := mealCorrection(vocabFor(t), t.Text); ok && t.Msg.Button == "" {
		return f.changeMeal(t, &d, meal, off, byMenu) // 是午餐 不是早餐 菜就按菜单
	}
	if _, _, said := accompanySaid(t.Text); said && state(t.State()) == stateDishes && t.Msg.Button == "" && !isQuestion(t.Text) {
		// 我是要登记陪餐 while the dishes are asked for: the record begun
		// again from what the sentence says, never a dish of its words.
		return f.Start(t)
	}
	step, ok := accompanySteps[state(t.State())]
	if !ok { // a state this version does not know
		t.Done()
		return nil
	}
	return step(f, t, &d)
}

// mealKeyWord is the words naming a meal of a day as leading reads them.
func mealKeyWord(meal string, off int) string {
	if off == -1 {
		return "昨天" + flows.MealLabel(meal)
	}
	return flows.MealLabel(meal)
}

// mealNotRE is a part of a correction that says which meal it was not: 不是早餐, 不是早饭的.
var mealNotRE = rx.MustCompile(`^(?:不是|并不是|不)(.+?)(?:的)?$`)

// mealCorrection reads a correction of the meal that says more than the
// meal (mealOnly): the meal it was not (是午餐 不是早餐) and that the dishes
// were the menu's (午饭 菜按菜单, 不是早餐 是晚饭 按菜单吃的). ok is false
// unless every part is one of these and one names the meal.
func mealCorrection(words *vocab, text string) (meal string, off int, byMenu, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	parts := commentSepRE.Split(s, -1)
	if len(parts) < 2 || len(parts) > 5 {
		return "", 0, false, false
	}
	for _, p := range parts {
		if p == "" {
			continue
		}
		if m := mealNotRE.FindStringSubmatch(p); m != nil {
			if _, _, rest, said := words.leading(m[1]); said && rest == "" {
				continue // 不是早餐: what it was not
			}
		}
		if slices.Contains(wordsByMenu, p) || byMenuCommentRE.MatchString(p) {
			byMenu = true
			continue
		}
		m, o, said := mealOnly(words, p)
		if !said || ok && m != meal {
			if !said && mealFixRE.ReplaceAllString(p, "") == "" {
				continue // 不对
			}
			return "", 0, false, false
		}
		meal, off, ok = m, o, true
	}
	return meal, off, byMenu, ok
}

// changeMeal moves the record to another meal, said alone in any state
// (不对 是午餐, 应该是晚饭): dishes taken from the old meal's menu become
// the new one's (or are asked for when it has none); dishes typed stay,
// unless the correction says the menu was eaten (menuSaid: 是午餐 菜就按
// 菜单). The question of the state is asked again; what was answered is
// kept.
func (f AccompanyFlow) changeMeal(t *flows.Turn, d *accompanyDraft, meal string, off int, menuSaid bool) error {
	old := slices.Clone(d.Menu)
	if err := d.setMeal(t, meal, off); err != nil {
		return err
	}
	what := d.sample().what(t)
	if menuSaid && state(t.State()) == stateDishes {
		t.Say("好的，改为记录" + what + "的陪餐。")
		return f.dishes(t, d, wordsByMenu[0])
	}
	byMenu := len(d.Dishes) > 0 && slices.Equal(d.Dishes, old)
	if menuSaid {
		byMenu = len(d.Menu) > 0
		if !byMenu {
			d.Dishes = nil // asked for below
		}
	}
	switch {
	case state(t.State()) == stateDishes || len(d.Dishes) == 0 || byMenu && len(d.Menu) == 0:
		d.Dishes = nil
		if len(d.Menu) > 0 {
			t.Say(fmt.Sprintf("好的，改为记录%s的陪餐。\n%s。吃的就是这些的话回复「按菜单」，否则请写出吃了哪些菜（用顿号或逗号分开）。",
				what, d.menuLine()), byMenuButton)
		} else {
			t.Say("好的，改为记录" + what + "的陪餐。吃了哪些菜？请用顿号或逗号分开，如「红烧肉、清炒菜心、米饭」。")
		}
		return goTo(t, stateDishes, d)
	case byMenu:
		d.Dishes = slices.Clone(d.Menu)
		t.Say(fmt.Sprintf("好的，改为记录%s的陪餐，菜品按%s的菜单：%s。", what, what, strings.Join(d.Dishes, "、")))
	default:
		t.Say("好的，改为记录" + what + "的陪餐。")
	}
	switch state(t.State()) {
	case stateRatings:
		t.Say("请为口味、份量、卫生打分（1–5 分，5 分最好），按顺序回复三个数字，如「5 4 5」。")
	case stateNote:
		t.Say("有什么意见或发现的问题吗？没有请回复「无」。也可以发一张照片。")
	case stateIssue:
		t.Say("你的意见："+d.Note+"。\n这个问题需要交给总务主任作为食堂问题跟进吗？\n"+flows.Numbered(issueButtons), issueButtons...)
	}
	return t.Goto(t.State(), d)
}

// accompanyStep handles a message in one state of 陪餐, as sampleStep.
type accompanyStep func(f AccompanyFlow, t *flows.Turn, d *accompanyDraft) error

// accompanySteps is 陪餐's state table.
var accompanySteps = map[state]accompanyStep{
	stateDishes:  AccompanyFlow.stepDishes,
	stateRatings: AccompanyFlow.stepRatings,
	stateNote:    AccompanyFlow.stepNote,
	stateIssue:   AccompanyFlow.stepIssue,
}

// stepDishes reads the dishes eaten, or another meal. Scores typed before
// the dishes are kept, and the dishes asked for again.
func (f AccompanyFlow) stepDishes(t *flows.Turn, d *accompanyDraft) error {
	if r, ok := parseRatings(t.Text); ok && !tapped(t, choiceByMenu) {
		d.Ratings = r
		t.Say(fmt.Sprintf("评分记下了：口味 %d、份量 %d、卫生 %d。", r[0], r[1], r[2]))
		f.askDishes(t, d)
		return goTo(t, stateDishes, d)
	}
	if m := mealReplyRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil && m[1] != t.Text {
		// 是中午的: the meal only, not a dish
		if meal, off, rest, ok := vocabFor(t).leading(m[1]); ok && rest == "" {
			if err := d.setMeal(t, meal, off); err != nil {
				return err
			}
			if len(d.Menu) > 0 {
				t.Say(fmt.Sprintf("好的，是%s。\n%s。吃的就是这些的话回复「按菜单」，否则请写出吃了哪些菜（用顿号或逗号分开）。",
					d.sample().what(t), d.menuLine()), byMenuButton)
			} else {
				t.Say("好的，是" + d.sample().what(t) + "。吃了哪些菜？请用顿号或逗号分开。")
			}
			return goTo(t, stateDishes, d)
		}
	}
	if meal, off, rest, ok := vocabFor(t).leading(t.Text); ok {
		if err := d.setMeal(t, meal, off); err != nil {
			return err
		}
		t.Say("好的，改为" + d.sample().what(t) + "。")
		if rest == "" {
			t.Say("吃了哪些菜？")
			return goTo(t, stateDishes, d)
		}
		return f.dishes(t, d, rest)
	}
	return f.dishes(t, d, t.Text)
}

// stepRatings reads the three scores.
func (f AccompanyFlow) stepRatings(t *flows.Turn, d *accompanyDraft) error {
	if r, after, ok := leadingRatings(t.Text); ok && after != "" {
		// 五 五 四 粥熬得有点稀: the scores, and the opinion after them;
		// words about the dishes correct them (accompanyfix.go), and the
		// opinion said when the record began is kept beside a new one.
		d.Ratings = r
		before, dishes := d.Note, slices.Clone(d.Dishes)
		after = d.dishTalk(after)
		if !slices.Equal(dishes, d.Dishes) {
			t.Say("好的，菜品改为：" + strings.Join(d.Dishes, "、") + "。")
		}
		if after == "" {
			return f.rated(t, d)
		}
		switch note, _, _, none := splitComments(after); {
		case none && note == "" || praiseOnly(note):
			d.NoNote = d.Note == "" // 5 5 5 没意见, 4 4 5 挺好的
		case note != "" && before != "" && !strings.Contains(d.Note, note):
			d.Note = flows.Clip(joinNote(d.Note, note), 300)
		case note != "":
			d.Note = flows.Clip(note, 300)
		}
		return f.rated(t, d)
	}
	if t.Msg.Button == "" {
		// 口味4 份量5 卫生5 米饭有点硬 家长提的 (user test 32's T49): the
		// scores by their labels, and the opinion beside them.
		var cs []string
		for _, c := range commentSepRE.Split(strings.TrimSpace(parse.Normalize(t.Text)), -1) {
			if c != "" {
				cs = append(cs, c)
			}
		}
		if rest, r, ok := labelledRatings(cs); ok && len(rest) > 0 {
			d.Ratings = r
			switch note, _, _, none := splitComments(strings.Join(rest, "；")); {
			case none && note == "" || praiseOnly(note):
				d.NoNote = true
			case note != "":
				d.Note = flows.Clip(note, 300)
			}
			return f.rated(t, d)
		}
	}
	r, ok := parseRatings(t.Text)
	if !ok && len(d.Menu) > 0 && (tapped(t, choiceByMenu) || ateMenuRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text)))) {
		// 按菜单, the word offered for the dishes, or 菜写错了 就是按菜单那几个
		// 菜 (user test 32's T47, T48): the dishes are the menu's, said
		// after they were read back.
		d.Dishes = slices.Clone(d.Menu)
		t.Say(fmt.Sprintf("好的，菜品改为：%s。\n请为口味、份量、卫生打分（1–5 分，5 分最好），按顺序回复三个数字，如「5 4 5」。", strings.Join(d.Dishes, "、")))
		return nil
	}
	if !ok && t.Msg.Button == "" {
		if dishes, ok := dishesRedone(t.Text); ok {
			// 不对 菜名多了字 就四个：回锅肉、麻婆豆腐、炒莲白、米饭 (user
			// test 16): the dishes replaced, the scores asked again.
			d.Dishes = dishes
			t.Say(fmt.Sprintf("好的，菜品改为：%s。\n请为口味、份量、卫生打分（1–5 分，5 分最好），按顺序回复三个数字，如「5 4 5」。", strings.Join(dishes, "、")))
			return nil
		}
	}
	if !ok {
		t.Say("请按口味、份量、卫生的顺序回复三个 1–5 的分数，如「5 4 5」；三项一样可以回复「都是5分」。")
		return nil
	}
	d.Ratings = r
	return f.rated(t, d)
}

// rated asks for a note, or whether the 总务主任 follows up the note said
// when the record began.
func (f AccompanyFlow) rated(t *flows.Turn, d *accompanyDraft) error {
	if d.Note != "" { // said when the record began
		if asksFollowUp(t, d.Note) {
			return f.handOver(t, d)
		}
		t.Say("你的意见："+d.Note+"。\n这个问题需要交给总务主任作为食堂问题跟进吗？\n"+flows.Numbered(issueButtons), issueButtons...)
		return goTo(t, stateIssue, d)
	}
	if d.NoNote { // 没啥意见, said when the record began
		return f.submit(t, d, false)
	}
	t.Say("有什么意见或发现的问题吗？没有请回复「无」。也可以发一张照片。")
	return goTo(t, stateNote, d)
}

// wordsNothing answer 陪餐's question for a note: nothing to report.
var wordsNothing = []string{"无", "没有", "跳过", "没问题", "很好", "skip"}

// stepNote takes a note, or 无 to record the meal without one.
func (f AccompanyFlow) stepNote(t *flows.Turn, d *accompanyDraft) error {
	if t.Text == "" || flows.IsWord(t.Text, wordsNothing) {
		return f.submit(t, d, false)
	}
	d.Note = flows.Clip(t.Text, 300)
	if asksFollowUp(t, d.Note) {
		return f.handOver(t, d)
	}
	t.Say("这个问题需要交给总务主任作为食堂问题跟进吗？\n"+flows.Numbered(issueButtons), issueButtons...)
	return goTo(t, stateIssue, d)
}

// canteenToldRE is an opinion that already asks for the canteen to hear
// it or act (the fifteenth user test: …娃娃们都剩下了，跟食堂说一下): 跟食堂
// 说一下, 让食堂改, 告诉食堂, 食堂要注意.
var canteenToldRE = rx.MustCompile(`(?:跟|和|给|让|叫|请|告诉|通知|提醒)\s*(?:食堂|厨房|师傅|大师傅|炊事员)(?:那边)?\s*(?:说一下|说一声|说说|讲一下|讲讲|反映|改|注意|调整|换|少放|多放|提一下|提个醒)|(?:食堂|厨房)(?:那边)?(?:要|得|需要|应该)?(?:改一下|改改|注意一下|注意点|调整一下)`)

// asksFollowUp reports whether a 陪餐 opinion already asks for it to be
// passed on: to the canteen (canteenToldRE) or to the 总务主任 (headTold).
// It is then handed over without asking whether to.
func asksFollowUp(t *flows.Turn, note string) bool {
	s := parse.Normalize(note)
	return canteenToldRE.MatchString(s) || headTold(t, s)
}

// handOver records the meal with its opinion handed to the 总务主任, as the
// opinion itself asked, and says why it was not asked.
func (f AccompanyFlow) handOver(t *flows.Turn, d *accompanyDraft) error {
	t.Say("你的意见里说了要转告食堂，已直接交总务主任跟进。")
	return f.submit(t, d, true)
}

// stepIssue asks whether the 总务主任 follows the note up, and records the meal.
func (f AccompanyFlow) stepIssue(t *flows.Turn, d *accompanyDraft) error {
	c, words, ok := t.PickWords(issueButtons)
	if ok && words != "" && !handedOverRE.MatchString(words) {
		// 1 让食堂把米饭煮软点: the choice, and a word for the 总务主任
		// kept with the opinion (so is 2 …, for the record).
		d.Note = flows.Clip(strings.TrimSpace(d.Note+"；"+words), 300)
	}
	if !ok && t.Msg.Button == "" {
		if done, err := f.corrected(t, d); done || err != nil {
			return err // 菜品搞错了，吃的就是中午那几个菜，意见是回锅肉太肥了
		}
	}
	if !ok {
		switch {
		case handedOverRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))):
			// 交给陈主任: yes, the one to hand it to named.
			c = string(choiceIssue)
		case flows.IsWord(t.Text, issueNoWords),
			justNoteRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))):
			// 不用 就记一下: 只记录 (the sixth user test).
			c = string(choiceNote)
		case flows.IsWord(t.Text, issueYesWords):
			// 要的: yes, as a leader says it (the fourth user test).
			c = string(choiceIssue)
		case leadingAnswer(t.Text, issueYesWords, issueNoWords) != "":
			// 要 让陈主任盯一下: yes, and the rest a word for the 总务主任
			// (the tenth user test); 不用 食堂已经改了: no, likewise.
			rest, _ := flows.LeadingWord(t.Text, issueYesWords)
			c = string(choiceIssue)
			if rest == "" {
				rest, _ = flows.LeadingWord(t.Text, issueNoWords)
				c = string(choiceNote)
			}
			if rest != "" && !handedOverRE.MatchString(rest) {
				// 要得，交给陈主任: the hand-over named is no word for him.
				d.Note = flows.Clip(strings.TrimSpace(d.Note+"；"+rest), 300)
			}
		case canteenTold(t, d, t.Text):
			// 跟食堂说一下少放点盐就行 不用搞那么正式 (user test 29's
			// R39): the canteen told directly, no 总务主任 follow-up.
			c = string(choiceNote)
		case headTold(t, t.Text):
			// 让老陈跟食堂说一声 (the fourteenth user test's principal): the
			// 总务主任 asked to act is 交总务主任跟进, the words his to read.
			c = string(choiceIssue)
			d.Note = flows.Clip(strings.TrimSpace(d.Note+"；"+wordsForHead(t.Text)), 300)
		case passOnRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))):
			// 叫食堂改一下: yes, someone else asked to act; the follow-up is
			// what it asks for.
			c = string(choiceIssue)
		default:
			t.Say("请回复 1（交总务主任跟进）或 2（只记录）。", issueButtons...)
			return nil
		}
	}
	return f.submit(t, d, choice(c) == choiceIssue)
}

var (
	// dishesWrongRE says the dishes recorded are wrong: 菜品搞错了, 菜不对.
	dishesWrongRE = rx.MustCompile(`(?:菜品|菜名|菜)(?:写|记|弄|搞)?(?:错了|不对)`)
	// ateMenuRE says what was eaten is the meal's menu: 吃的就是中午那几个菜,
	// 就是菜单上的, 按菜单.
	ateMenuRE = rx.MustCompile(`(?:吃的)?(?:就是|都是|是)(?:今天)?(?:早上|中午|晚上|早饭|午饭|晚饭|早餐|午餐|晚餐)?(?:的)?(?:那几个菜|那几样|那些菜|这几个菜|那几道菜|菜单上的菜?|菜单的菜|菜单上那些)|按菜单`)
	// opinionSaidRE is the opinion said again: 意见是回锅肉太肥了.
	opinionSaidRE = rx.MustCompile(`(?:意见|问题)(?:应该)?(?:是|为|：|:)\s*(.+)$`)
)

// corrected reads a correction of the record said at the follow-up
// question (the fifteenth user test: 菜品搞错了，吃的就是中午那几个菜，意见是
// 回锅肉太肥了): the dishes, the menu's; the opinion, as said again. The
// record is read back and the question asked again; done is false when
// text is no such correction.
func (f AccompanyFlow) corrected(t *flows.Turn, d *accompanyDraft) (done bool, err error) {
	s := strings.TrimSpace(parse.Normalize(t.Text))
	menu := ateMenuRE.MatchString(s)
	opinion := ""
	if m := opinionSaidRE.FindStringSubmatch(s); m != nil {
		opinion = strings.TrimRight(strings.TrimSpace(m[1]), "。！!")
	}
	if !menu && opinion == "" && !dishesWrongRE.MatchString(s) {
		return false, nil
	}
	if opinion != "" {
		d.Note = flows.Clip(opinion, 300)
	}
	if !menu || len(d.Menu) == 0 {
		// 菜品搞错了 alone, or the menu meant and none entered: which dishes.
		lead := "好的，意见改为：" + d.Note + "。"
		if opinion == "" {
			lead = "好的。"
		}
		if menu {
			lead += "没有找到" + d.sample().what(t) + "的菜单。"
		}
		t.Say(lead)
		f.askDishes(t, d)
		return true, goTo(t, stateDishes, d)
	}
	d.Dishes = slices.Clone(d.Menu)
	t.Say(fmt.Sprintf("好的，已改正。\n菜品：%s。\n你的意见：%s。\n这个问题需要交给总务主任作为食堂问题跟进吗？\n%s",
		strings.Join(d.Dishes, "、"), d.Note, flows.Numbered(issueButtons)), issueButtons...)
	return true, goTo(t, stateIssue, d)
}

// issueYesWords and issueNoWords answer whether the 总务主任 follows a
// 陪餐 note up.
var (
	issueYesWords = []string{"是", "要", "需要", "好", "跟进", "要的", "需要的", "是的", "好的", "要吧", "要跟进", "需要跟进", "跟进一下", "交给他", "交吧", "可以", "行",
		"要得", "对头", "中", "行嘞", "好嘞", "可以的", "嗯"}
	// handedOverRE is the follow-up handed to someone named, and nothing
	// else (the fifteenth user test: 要得，交给陈主任).
	handedOverRE = rx.MustCompile(`^(?:就|那就)?(?:交给|转给|交)[^\s，,。]{1,6}?(?:吧|了|处理吧?|跟进吧?|去办吧?)?[。!！]*$`)
	issueNoWords = []string{"否", "不", "不用", "不需要", "不要", "不用了", "不要了", "不用跟进", "不需要跟进", "算了"}
)

// leadingAnswer is the words after an answer said first (要 让陈主任盯一下),
// when the answer is one of yes or of no and the words say nothing of
// the other (要 算了 不用了 is no answer); else "".
func leadingAnswer(text string, yes, no []string) string {
	for _, pair := range [][2][]string{{yes, no}, {no, yes}} {
		rest, ok := flows.LeadingWord(text, pair[0])
		if !ok || rest == "" {
			continue
		}
		for _, w := range pair[1] {
			if len([]rune(w)) > 1 && strings.Contains(rest, w) {
				return ""
			}
		}
		return rest
	}
	return ""
}

// justNoteRE is 只记录 in a leader's words: 不用 就记一下, 记下就行, 只记录.
// Said the other way round too (the fourteenth user test): 记一下就行 不用跟进.
var justNoteRE = rx.MustCompile(`^(?:(?:不用|不需要|不要|不必)(?:跟进)?了?[\s，,。]*)?(?:就|只|先)?(?:记一下|记下来?|记录一下|记录|记着)(?:就行|就好|就可以)?了?吧?(?:[\s，,。]*(?:不用|不需要|不要|不必)(?:跟进|管|处理)?了?)?[。！!]*$`)

// tellCanteenRE is a leader asking for the canteen's people to be told
// directly: 跟食堂说一下少放点盐就行, 给厨房提个醒, 告诉钱阿姨 鸡块切小点.
// Its groups: whom (after 跟, or after 告诉), and what to tell them.
var tellCanteenRE = rx.MustCompile(`^(?:你|就|那就|帮我|麻烦)?(?:(?:跟|和|给)\s*(\p{Han}{1,6}?)\s*(?:那边|的人)?\s*(?:说一声|说一下|说下|说说|讲一声|讲一下|讲讲|提一下|提个醒|提醒一下|打个招呼|带个话|带句话|说|讲)[\s，,。:：]*|(?:告诉|通知|提醒)\s*(\p{Han}{1,6}?)(?:那边|的人)?(?:一声|一下|下)?(?:[\s，,。:：]+|$))(.*)$`)

// informalRE is a clause saying it need not be formal: 不用搞那么正式,
// 不用跟进, 口头说说就行.
var informalRE = rx.MustCompile(`^(?:就|也)?(?:不用|不需要|不必|没必要|别)(?:搞|弄|整|走)?(?:得)?(?:那么|太|这么)?(?:正式|跟进|上报|交|流程|记录|麻烦)|^(?:口头|私下)`)

// enoughRE ends a request with how little it asks: 就行, 就好了, 就可以.
var enoughRE = rx.MustCompile(`(?:就行|就好|就可以|就成)(?:了|啦|吧)?[。！!]*$`)

// canteenTold reports whether text asks for the canteen's people to be
// told the note directly (tellCanteenRE, of the canteen by its name, a
// word for its people or a cook's name) and keeps what to tell them in
// d.Canteen: the words said, without how informal it is, or the note.
func canteenTold(t *flows.Turn, d *accompanyDraft, text string) bool {
	m := tellCanteenRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || !isCook(t, m[1]+m[2]) {
		return false
	}
	var keep []string
	for _, c := range commentSepRE.Split(m[3], -1) {
		c = strings.TrimSpace(enoughRE.ReplaceAllString(strings.TrimSpace(c), ""))
		if c != "" && !informalRE.MatchString(c) {
			keep = append(keep, c)
		}
	}
	d.Canteen = strings.Join(keep, "，")
	if d.Canteen == "" {
		d.Canteen = d.Note
	}
	d.Canteen = flows.Clip(d.Canteen, 300)
	return d.Canteen != ""
}

// isCook reports whether who names the canteen or its people: 食堂, 厨房,
// 食堂的阿姨, or a canteen staff member's name (钱阿姨).
func isCook(t *flows.Turn, who string) bool {
	who = strings.TrimPrefix(strings.TrimPrefix(who, "食堂"), "的")
	if who == "" || slices.Contains(cookWords, who) || who == "后厨" {
		return true
	}
	cooks, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleCanteen)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(cooks, func(c flows.Staff) bool { return strings.Contains(c.Name, who) || strings.Contains(who, c.Name) })
}

// headToldRE is the 总务主任 asked to act, by one of the names headNames
// gives (%s): 让老陈跟食堂说一声, 叫陈主任盯一下, 交给总务处理, 跟陈主任说一声.
const headToldRE = `(?:让|叫|请|找|交给|告诉|通知|跟|和)\s*(?:%s)\s*(?:去|来|再)?(?:跟|和|给|找|盯|管|处理|跟进|说|讲|提醒|通知|落实|反映|看)`

// headTold reports whether text asks the school's 总务主任 to act on the
// note: by his title (总务主任, 主任, 总务), his name, or his surname the
// way colleagues say it (老陈, 陈主任).
func headTold(t *flows.Turn, text string) bool {
	names := []string{"总务主任", "总务处", "总务", "主任"}
	if heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead); err == nil {
		for _, h := range heads {
			names = append(names, regexp.QuoteMeta(h.Name))
			if sur, _ := utf8.DecodeRuneInString(h.Name); sur != utf8.RuneError && unicode.Is(unicode.Han, sur) {
				names = append(names, "老"+string(sur), "小"+string(sur), string(sur)+"主任")
			}
		}
	}
	return rx.MustCompile(fmt.Sprintf(headToldRE, strings.Join(names, "|"))).MatchString(text)
}

// tellHeadRE is a leader asking for the 总务主任 to be told, before what
// to tell him (user test 16: 跟陈主任说一声 让厨房少放点盐).
var tellHeadRE = rx.MustCompile(`^(?:跟|和|给|告诉|通知)[^\s，,。]{1,5}?(?:说一声|说一下|说下|讲一声|讲一下|带个话|带句话)[\s，,。:：]*`)

// wordsForHead is what text asks the 总务主任 to pass on: the words after
// a request to tell him, or all of it.
func wordsForHead(text string) string {
	s := strings.TrimSpace(text)
	if rest := tellHeadRE.ReplaceAllString(s, ""); rest != "" {
		return rest
	}
	return s
}

// passOnRE is a leader asking for the opinion to be passed on, which is
// the 总务主任's follow-up (the fourteenth user test: 让老陈跟食堂说一声):
// 让, 叫 or 请 someone, then 说, 跟进, 处理, 盯 or 改.
var passOnRE = rx.MustCompile(`^(?:让|叫|请|交给|转给|告诉)[^\s，,。]{0,8}?(?:说一声|说一下|说说|讲一下|讲讲|跟进|处理|盯一下|盯着|看一下|改一下|改改|注意)`)

// ratingItemRE is a comment that is a score or three: 5, 554, 5分, 五.
// A particle may end it (user test 30, T32: 打分5 5 4吧).
var ratingItemRE = rx.MustCompile(`^[1-5一二三四五]分?` + scoreEnd + `$|^[1-5]{3}` + scoreEnd + `$`)

// scoreEnd is a particle after a score: 4吧, 5啊.
const scoreEnd = `(?:吧|啊|呀|哈|的|哦)?`

// scoreEndRE is scoreEnd at the end of a comment.
var scoreEndRE = rx.MustCompile(scoreEnd + `$`)

// labelledRatingRE is a score said with what it scores: 口味4, 份量：5,
// 卫生5分, 味道打4 (the fourteenth user test: 口味4 份量5 卫生5). The
// groups: the label, the score.
// A particle may end it (user test 26: 卫生4吧).
var labelledRatingRE = rx.MustCompile(`^(口味|味道|口感|份量|分量|量|卫生)\s*[:：]?\s*(?:打|给|是)?\s*([1-5一二三四五])\s*分?(?:吧|啊|呀|哈|的)?$`)

// ratingLabels are the labels of labelledRatingRE by the place of their
// score: taste, portion, hygiene.
var ratingLabels = map[string]int{"口味": 0, "味道": 0, "口感": 0, "份量": 1, "分量": 1, "量": 1, "卫生": 2}

// labelledRatings takes the three scores said with their labels out of
// comments, wherever they stand; ok is false unless all three are there.
func labelledRatings(cs []string) (rest []string, r [3]int, ok bool) {
	for _, c := range cs {
		m := labelledRatingRE.FindStringSubmatch(c)
		if m == nil {
			rest = append(rest, c)
			continue
		}
		v, _ := parseRatings(m[2] + m[2] + m[2])
		r[ratingLabels[m[1]]] = v[0]
	}
	return rest, r, r[0] != 0 && r[1] != 0 && r[2] != 0
}

// scoreDigits is the scores of a run of ratingItemRE comments, written
// together (5, 5, 四: 554); n counts them.
func scoreDigits(c string) (digits string, n int) {
	c = strings.TrimSuffix(scoreEndRE.ReplaceAllString(c, ""), "分")
	return c, utf8.RuneCountInString(c)
}

// ratingLeadRE is what a leader says before the scores: 打5 5 5, 打分554,
// 评分：5 4 5, 给5 5 4.
var ratingLeadRE = rx.MustCompile(`^(?:打分|评分|分数|得分|打|给)(?:是|为|了)?[:：]?`)

// noOpinionRE is a comment that says there is nothing to report: 没啥意见,
// 没意见, 没什么问题, 没毛病. praiseRE is praise of the whole meal naming
// nothing (都挺好, 很好, 不错, 都满意, 还行): said alone, no opinion
// either, and nothing for the 总务主任 to follow up.
var (
	noOpinionRE = rx.MustCompile(`^(?:都|也|我|其他|别的)?(?:没啥|没什么|没有什么|没有|没|无)(?:啥|什么)?(?:意见|问题|毛病|建议|要说的|可说的)(?:了|的|啊|吧)?$|^无$`)
	praiseRE    = rx.MustCompile(`^(?:总体|整体|总的来说|总之)?(?:都|也|全都)?(?:挺|很|蛮|还|非常|比较|特别|真)?(?:好|不错|满意|可以|好吃|行)(?:的|了|啊|呀|吧)?$`)
)

// splitComments takes out of the comments of a 陪餐 sentence what is no
// comment: 按菜单 (the dishes eaten), three scores (5 5 4 or 554, 口味,
// 份量, 卫生 in the order asked; 打5 5 5, 都打5分, 三个5 anywhere, bare
// ones at the end) and the words that say there is nothing to report
// (没啥意见), which set none. ratings is zero without scores.
func splitComments(comments string) (note string, byMenu bool, ratings [3]int, none bool) {
	var cs []string
	for _, c := range strings.Split(comments, "；") {
		switch {
		case slices.Contains(wordsByMenu, c) || byMenuCommentRE.MatchString(c):
			byMenu = true
		case noOpinionRE.MatchString(c):
			none = true
		default:
			if len(cs) > 0 {
				// 挺好吃 就是饺子汤有点凉了 (user test 26): 就是 links the
				// complaint to the praise; the opinion is what follows it.
				if rest := opinionLinkRE.ReplaceAllString(c, ""); rest != "" {
					c = rest
				}
			}
			cs = append(cs, c)
		}
	}
	cs, ratings = takeRatings(cs)
	if ratings[0] != 0 {
		// 味道不错；分量够；卫生也行 beside the scores: what the scores
		// say, no opinion to keep (user test 30, T32).
		cs = slices.DeleteFunc(cs, aspectPraiseRE.MatchString)
	}
	return strings.Join(cs, "；"), byMenu, ratings, none
}

// aspectPraiseRE is praise of one of the scored aspects, naming no dish:
// 味道不错, 分量够, 卫生也行, 量挺足的.
var aspectPraiseRE = rx.MustCompile(`^(?:味道|口味|口感|分量|份量|量|卫生)(?:也|都|还|挺|很|蛮|比较|非常|特别|真|算)*` +
	`(?:不错|好|可以|行|够|足|够了|足够|挺足|还行|还可以|干净|满意|合适|正好|刚好|没问题)(?:的|了|啊|吧|呀)?$`)

// opinionLinkRE is the word that joins a complaint to what was said
// before it: 就是, 只是, 不过, 但是.
var opinionLinkRE = rx.MustCompile(`^(?:就是|只是|但是|可是|不过)\s*`)

// praiseOnly reports whether a note is only praise of the whole meal
// (都挺好, 还行): no opinion to keep or to follow up.
func praiseOnly(note string) bool {
	if note == "" {
		return false
	}
	for _, c := range strings.Split(note, "；") {
		if !praiseRE.MatchString(c) {
			return false
		}
	}
	return true
}

// takeRatings takes three scores out of comments: a run of them begun by
// a word of scoring (打5；5；5, 打分554) anywhere, one score for all three
// (都打5分, 三个5), or bare ones at the end (5；5；4).
func takeRatings(cs []string) ([]string, [3]int) {
	if rest, r, ok := labelledRatings(cs); ok {
		return rest, r // 口味4；份量5；卫生5
	}
	for i, c := range cs {
		if r, ok := parseSameRating(strings.TrimPrefix(c, "我")); ok {
			// 都5分；卫生4分, 卫生4分；其他都5分: one score for all, and
			// the scores said apart for some.
			var rest []string
			for _, x := range slices.Delete(slices.Clone(cs), i, i+1) {
				if m := labelledRatingRE.FindStringSubmatch(x); m != nil {
					v, _ := parseRatings(m[2] + m[2] + m[2])
					r[ratingLabels[m[1]]] = v[0]
					continue
				}
				rest = append(rest, x)
			}
			return rest, r
		}
	}
	run := func(i int, lead bool) (int, string) { // the end of the run of scores from i, its digits
		digits, n := "", 0
		j := i
		for j < len(cs) && n < 3 {
			c := cs[j]
			if j == i && lead {
				c = ratingLeadRE.ReplaceAllString(c, "")
			}
			if !ratingItemRE.MatchString(c) {
				break
			}
			d, k := scoreDigits(c)
			digits, n = digits+d, n+k
			j++
		}
		if n != 3 {
			return j, ""
		}
		return j, digits
	}
	for i, c := range cs {
		if !ratingLeadRE.MatchString(c) || ratingLeadRE.ReplaceAllString(c, "") == "" && i+1 == len(cs) {
			continue
		}
		start := i
		if ratingLeadRE.ReplaceAllString(c, "") == "" { // 打分；5；5；4
			start = i + 1
		}
		if j, digits := run(start, start == i); digits != "" {
			if r, ok := parseRatings(digits); ok {
				return slices.Delete(slices.Clone(cs), i, j), r
			}
		}
	}
	n := len(cs)
	digits, k := "", 0
	for n > 0 && k < 3 && ratingItemRE.MatchString(cs[n-1]) {
		d, dk := scoreDigits(cs[n-1])
		digits, k = d+digits, k+dk
		n--
	}
	if r, ok := parseRatings(digits); ok && k == 3 {
		return cs[:n], r
	}
	return cs, [3]int{}
}

// leadingRatings reads the three scores at the start of an answer, with
// the words after them (五 五 四 粥熬得有点稀, the fourteenth user test:
// the opinion had been dropped and asked for again). ok is false when
// the answer does not begin with three scores.
func leadingRatings(text string) (r [3]int, after string, ok bool) {
	cs := commentSepRE.Split(strings.TrimSpace(parse.Normalize(text)), -1)
	j := 0
	if len(cs) > 0 && ratingLeadRE.MatchString(cs[0]) {
		if cs[0] = ratingLeadRE.ReplaceAllString(cs[0], ""); cs[0] == "" {
			j = 1 // 打分 5 5 4 …
		}
	}
	digits, n := "", 0
	for j < len(cs) && n < 3 && ratingItemRE.MatchString(cs[j]) {
		d, k := scoreDigits(cs[j])
		digits, n = digits+d, n+k
		j++
	}
	if n != 3 {
		return r, "", false
	}
	r, ok = parseRatings(digits)
	return r, strings.Join(cs[j:], "；"), ok
}

func (f AccompanyFlow) dishes(t *flows.Turn, d *accompanyDraft, text string) error {
	if rest, with := cutCompanions(text); with != "" {
		// 对 就这些 家委会孙丽也一起吃的: who ate too is no dish.
		d.With = joinWith(d.With, with)
		if rest == "" {
			t.Say("记下了：" + with + "也一起陪餐。")
			f.askDishes(t, d)
			return goTo(t, stateDishes, d)
		}
		text = rest
	}
	byMenu := tapped(t, choiceByMenu) || slices.ContainsFunc(wordsByMenu, func(w string) bool { return strings.HasPrefix(text, w) }) ||
		len(d.Menu) > 0 && menuAssentRE.MatchString(strings.TrimSpace(parse.Normalize(text)))
	switch {
	case byMenu && len(d.Menu) > 0:
		d.Dishes = slices.Clone(d.Menu)
	case byMenu:
		t.Say("没有找到" + d.sample().what(t) + "的菜单，请写出吃了哪些菜，用顿号或逗号分开，如「红烧肉、清炒菜心、米饭」。")
		return goTo(t, stateDishes, d)
	default:
		text, sameAsSample := cutSameAsSample(text)
		var note string
		d.Dishes, note = dishesAndNote(text)
		if sameAsSample && len(d.Dishes) == 0 {
			// 跟钱阿姨留样那几样一样 alone: the dishes of the meal's sample.
			sampled, err := sampledDishes(t, d)
			if err != nil {
				return err
			}
			d.Dishes = sampled
			if len(sampled) == 0 {
				t.Say("没有找到" + d.sample().what(t) + "的留样记录，请写出吃了哪些菜，用顿号或逗号分开，如「红烧肉、清炒菜心、米饭」。")
				return goTo(t, stateDishes, d)
			}
		}
		d.Dishes = splitGlued(d.Dishes, d.Menu) // 包子豆浆鸡蛋: 包子、豆浆、鸡蛋
		if len(d.Dishes) > 0 && !sameAsSample {
			sampled, err := sampledDishes(t, d)
			if err != nil {
				return err
			}
			d.Dishes = asSampled(d.Dishes, sampled) // 饺子: 猪肉白菜饺子、三鲜饺子
		}
		if note != "" {
			// 米饭 红烧鱼 鱼刺有点多: the judgment is the note.
			d.Note = flows.Clip(strings.TrimPrefix(d.Note+"；"+note, "；"), 300)
			if len(d.Dishes) == 0 {
				t.Say("记下了你的意见：" + note + "。")
				f.askDishes(t, d)
				return goTo(t, stateDishes, d)
			}
		}
	}
	if len(d.Dishes) == 0 {
		t.Say("没看懂吃了哪些菜，请写菜名，用顿号或逗号分开，如「红烧肉、清炒菜心、米饭」。")
		return goTo(t, stateDishes, d)
	}
	with := ""
	if d.With != "" {
		with = "\n同去陪餐：" + d.With + "。"
	}
	if d.Ratings[0] != 0 { // given when the record began
		said := fmt.Sprintf("菜品：%s。%s\n评分：口味 %d、份量 %d、卫生 %d。", strings.Join(d.Dishes, "、"), with, d.Ratings[0], d.Ratings[1], d.Ratings[2])
		if d.Note == "" && d.NoNote {
			t.Say(said)
			return f.submit(t, d, false)
		}
		if d.Note == "" {
			t.Say(said + "\n有什么意见或发现的问题吗？没有请回复「无」。也可以发一张照片。")
			return goTo(t, stateNote, d)
		}
		if asksFollowUp(t, d.Note) {
			t.Say(said)
			return f.handOver(t, d)
		}
		t.Say(said+"\n你的意见需要交给总务主任作为食堂问题跟进吗？\n"+flows.Numbered(issueButtons), issueButtons...)
		return goTo(t, stateIssue, d)
	}
	t.Say(fmt.Sprintf("菜品：%s。%s\n请为口味、份量、卫生打分（1–5 分，5 分最好），按顺序回复三个数字，如「5 4 5」。", strings.Join(d.Dishes, "、"), with))
	return goTo(t, stateRatings, d)
}

var (
	// dishesLeadRE is what leads up to the dishes eaten and is no part of
	// the first (user test 16: 就是回锅肉 麻婆豆腐 … stored 「就是回锅肉」):
	// 就是, 吃的是, 就四个：, 四样：.
	dishesLeadRE = rx.MustCompile(`^(?:(?:(?:吃的|吃了|菜)?(?:就是|都是)|吃的是|吃了|就)(?:这)?\s*(?:[两三四五六七八九十\d]{1,2}\s*(?:个|样|道)(?:菜)?)?|[两三四五六七八九十\d]{1,2}\s*(?:个|样|道)(?:菜)?\s*[:：])\s*[:：]?\s*`)
	// sameAsSampleRE is the dishes said to be those of the meal's sample
	// (user test 16: 跟钱阿姨留样那几样一样): 跟留样的一样, 和留样的菜一样.
	sameAsSampleRE = rx.MustCompile(`(?:跟|和|同|与)[^\s，,。；;]{0,6}?(?:留样|留的样)[^\s，,。；;]{0,6}?(?:一样|相同|一致)(?:的|哈|嘛|啊)?`)
)

// cutSameAsSample takes the words that lead up to the dishes
// (dishesLeadRE) and a remark that they are those of the sample
// (sameAsSampleRE) out of text; same is whether it was there.
func cutSameAsSample(text string) (rest string, same bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if loc := sameAsSampleRE.FindStringIndex(s); loc != nil {
		s, same = strings.TrimSpace(s[:loc[0]]+" "+s[loc[1]:]), true
	}
	s = strings.Trim(s, " ，,。；;")
	return dishesLeadRE.ReplaceAllString(s, ""), same
}

// sampledDishes is the dishes of the samples kept of the record's meal
// and day, none when none was kept.
func sampledDishes(t *flows.Turn, d *accompanyDraft) ([]string, error) {
	bs, err := db(t).SampleBatches(t.Ctx, t.School.ID, d.sample().day())
	if err != nil {
		return nil, err
	}
	var dishes []string
	for _, b := range bs {
		if b.Meal != d.Meal {
			continue
		}
		for _, it := range b.Items {
			if !slices.Contains(dishes, it.Dish) {
				dishes = append(dishes, it.Dish)
			}
		}
	}
	return dishes, nil
}

// asSampled names the dishes said by the meal's sampled dishes they stand
// for (user test 30, T32: 饺子 eaten when 猪肉白菜饺子 and 三鲜饺子 were
// kept): the one said; else those whose name ends with it, all of them
// (饺子: both; 汤 for 紫菜蛋汤), as a leader says the kind for the dishes
// of that kind; else the one sampled dish that begins with it (三鲜:
// 三鲜饺子; not 白菜 for 猪肉白菜饺子, which may be a dish of its own).
// A dish said that names none is kept as said: the sample may miss a
// dish (that is the 留样's own check), and what was eaten is his to say.
func asSampled(said, sampled []string) []string {
	var out []string
	add := func(d string) {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, d := range said {
		if slices.Contains(sampled, d) {
			add(d)
			continue
		}
		if parts := andRE.Split(d, -1); len(parts) > 1 && !slices.Contains(parts, "") {
			// 饺子和米饭: two dishes, when each names a sampled one.
			named := asSampled(parts, sampled)
			if !slices.ContainsFunc(named, func(n string) bool { return !slices.Contains(sampled, n) }) {
				for _, n := range named {
					add(n)
				}
				continue
			}
		}
		var ends, holds []string
		for _, s := range sampled {
			switch {
			case strings.HasSuffix(s, d):
				ends = append(ends, s)
			case strings.HasPrefix(s, d):
				holds = append(holds, s)
			}
		}
		switch {
		case len(ends) > 0:
			for _, s := range ends {
				add(s)
			}
		case len(holds) == 1 && utf8.RuneCountInString(d) >= 2:
			add(holds[0])
		default:
			add(d)
		}
	}
	return out
}

// andRE joins two dishes said as one: 饺子和米饭.
var andRE = rx.MustCompile(`和|跟|还有|加`)

// dishesRedoRE is a remark that the dishes recorded are wrong, said
// before them again: 不对, 菜名多了字, 菜品写错了.
var dishesRedoRE = rx.MustCompile(`^(?:(?:不对|错了|搞错了|弄错了|写错了|记错了|(?:菜品|菜名|菜)(?:写|记|弄|搞)?(?:错了|不对|有误|多了?[一两几\d]?个?字|少了?[一两几\d]?个?字|多写了|写多了))[\s，,。:：!！]*)+`)

// dishesRedone reads the dishes said again after such a remark; ok is
// false when text is none, or says anything but dishes.
func dishesRedone(text string) ([]string, bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	loc := dishesRedoRE.FindStringIndex(s)
	if loc == nil || loc[1] == len(s) {
		return nil, false
	}
	rest, _ := cutSameAsSample(s[loc[1]:])
	dishes, note := dishesAndNote(rest)
	if note != "" || len(dishes) == 0 {
		return nil, false
	}
	return dishes, true
}

// askDishes asks which dishes were eaten, offering the menu when there is one.
func (f AccompanyFlow) askDishes(t *flows.Turn, d *accompanyDraft) {
	if len(d.Menu) > 0 {
		t.Say(fmt.Sprintf("吃了哪些菜？%s。吃的就是这些的话回复「按菜单」，否则请写出菜名（用顿号或逗号分开）。", d.menuLine()), byMenuButton)
		return
	}
	t.Say("吃了哪些菜？请用顿号或逗号分开，如「红烧肉、清炒菜心、米饭」。")
}

// dishesAndNote reads the dishes typed for a 陪餐 record; when some of
// what was typed judges the meal (鱼刺有点多 小孩子吃要注意), that is the
// note, and only the parts that read as dishes are dishes (splitDishes).
func dishesAndNote(text string) (dishes []string, note string) {
	parts := commentSepRE.Split(strings.TrimSpace(parse.Normalize(text)), -1)
	if !slices.ContainsFunc(parts, judgmentRE.MatchString) {
		return dishNames(text), ""
	}
	ds, note := splitDishes(strings.Join(parts, "；"))
	return dishNames(strings.Join(ds, "、")), note
}

// commonDishes are dishes most canteens serve, by which dishes typed
// without a space between them are told apart (splitGlued).
var commonDishes = []string{"包子", "肉包", "菜包", "馒头", "花卷", "油条", "烧饼", "饼", "豆浆", "牛奶", "酸奶", "鸡蛋", "茶叶蛋", "煮鸡蛋", "荷包蛋", "咸鸭蛋",
	"稀饭", "白粥", "小米粥", "八宝粥", "粥", "米饭", "面条", "饺子", "馄饨", "咸菜", "榨菜", "水果", "苹果", "香蕉"}

// splitGlued splits a dish typed as several glued together (包子豆浆鸡蛋)
// into them, when it is wholly two or more dishes of the menu or of
// commonDishes; any other name is kept as typed (鸡蛋汤, 番茄炒蛋). Run
// together with the menu's dishes (the thirteenth user test: 宫保鸡丁豆腐
// 土豆丝 of a menu with 宫保鸡丁 and 麻婆豆腐), a part may also be a menu
// dish said short (豆腐: the one menu dish with it, 麻婆豆腐) or a dish not
// on the menu (土豆丝, kept as said), when two or more parts are known and
// one of them is a menu dish said whole.
func splitGlued(dishes, menu []string) []string {
	known := append(slices.Clone(menu), commonDishes...)
	slices.SortStableFunc(known, func(a, b string) int { return len(b) - len(a) }) // longest first: 茶叶蛋 before 鸡蛋
	// short is a menu dish said short: a part of two or more characters
	// in exactly one menu dish.
	short := func(s string) (string, bool) {
		found := ""
		for _, m := range menu {
			if strings.Contains(m, s) {
				if found != "" && found != m {
					return "", false
				}
				found = m
			}
		}
		return found, found != ""
	}
	// split parses s as known dishes, menu dishes said short (loose) and
	// at most two unknown parts of two to five characters (loose); known
	// counts the parts that are dishes known.
	var split func(s string, loose bool, unknown int) (parts []string, known int, ok bool)
	split = func(s string, loose bool, unknown int) ([]string, int, bool) {
		if s == "" {
			return []string{}, 0, true
		}
		for _, k := range known {
			if rest, ok := strings.CutPrefix(s, k); ok && k != "" {
				if more, n, ok := split(rest, loose, unknown); ok {
					return append([]string{k}, more...), n + 1, true
				}
			}
		}
		if !loose {
			return nil, 0, false
		}
		rs := []rune(s)
		for n := min(len(rs), 6); n >= 2; n-- {
			if m, ok := short(string(rs[:n])); ok {
				if more, k, ok := split(string(rs[n:]), loose, unknown); ok {
					return append([]string{m}, more...), k + 1, true
				}
			}
		}
		if unknown >= 2 {
			return nil, 0, false
		}
		for n := 2; n <= min(len(rs), 5); n++ {
			if more, k, ok := split(string(rs[n:]), loose, unknown+1); ok {
				return append([]string{string(rs[:n])}, more...), k, true
			}
		}
		return nil, 0, false
	}
	var out []string
	for _, d := range dishes {
		parts, _, ok := split(d, false, 0)
		if !ok || len(parts) < 2 {
			if slices.Contains(menu, d) {
				parts = nil
			} else if p, n, ok := split(d, true, 0); ok && n >= 2 && len(p) > 1 && slices.ContainsFunc(menu, func(m string) bool { return strings.Contains(d, m) }) {
				// A menu dish said whole among them (宫保鸡丁): 番茄鸡蛋 is
				// not 番茄蛋花汤 and 鸡蛋.
				parts = p
			} else {
				parts = nil
			}
		}
		if len(parts) > 1 {
			for _, p := range parts {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
			continue
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// alsoLeadRE joins the last dish to the others, no part of its name (user
// test 17: 鸡块 莴笋丝 番茄蛋汤 还有米饭 is 米饭, not 「还有米饭」).
var alsoLeadRE = rx.MustCompile(`^(?:还有|以及|外加|另外还有|另外|再加上|再加|加上)`)

// mealPointerRE points at the meal before its dishes are named, no dish
// itself: 就食堂今天中午那几个 白菜粉条 鸡块 米饭 (user test 28's N32; its
// count is gone by now), 就是今天午饭那些.
var mealPointerRE = rx.MustCompile(`^(?:就是|就|是|也就)?(?:食堂|今天|今儿|中午|早上|晚上|早饭|午饭|晚饭|早餐|午餐|晚餐|吃的|做的|的)*(?:那|这)(?:几个|几样|几道|些|个)?$`)

// dishNames reads dish names, ignoring any weights typed with them, and
// the words that are never dishes: 好的保存, 我是要登记 (commandOnly,
// intentOnly).
func dishNames(text string) []string {
	ds, _ := parse.ParseDishes(text)
	var out []string
	for _, x := range ds {
		if intentOnly(x.Name) {
			continue
		}
		names := []string{x.Name}
		if !x.HasWeight {
			// 回锅肉 番茄炒蛋 米饭 冬瓜汤 (the fifteenth user test): dishes
			// typed with spaces between them are as many dishes.
			names = strings.Fields(x.Name)
		}
		for _, n := range names {
			if n = alsoLeadRE.ReplaceAllString(n, ""); n == "" || mealPointerRE.MatchString(n) {
				continue // 番茄蛋汤 还有 米饭: the 还有 alone; 就食堂今天中午那几个
			}
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// sameRatingRE is one score for all three: 都是5分, 全部4分, 三项都5,
// 都打5分, 三个5, 全给5分, 满分.
// The others may be said (卫生4分 其他都5分).
var sameRatingRE = rx.MustCompile(`^(?:(?:其他|其余|其它|别的|另外)(?:的|两项|两个|俩)?)?(?:都是|全是|全部|全都|都|全|三项都|三个都|三项|三个|一律|各)(?:打了?|给了?|是|打的|给的)?\s*([1-5一二三四五])\s*(?:个)?分?(?:吧)?$|^(?:都是|全部|都|全)?(?:打|给)?满分$`)

// parseSameRating reads one score for all three (sameRatingRE) only.
func parseSameRating(text string) ([3]int, bool) {
	if !sameRatingRE.MatchString(strings.TrimRight(parse.Normalize(strings.TrimSpace(text)), "。！!~ ")) {
		return [3]int{}, false
	}
	return parseRatings(text)
}

// parseRatings reads three scores from 1 to 5: "5 4 5", "545", "口味5 份量4
// 卫生5", or one for all three: 都是5分, 满分.
func parseRatings(text string) ([3]int, bool) {
	if m := sameRatingRE.FindStringSubmatch(strings.TrimRight(parse.Normalize(strings.TrimSpace(text)), "。！!~ ")); m != nil {
		v := 5
		if m[1] != "" {
			if n, err := strconv.Atoi(m[1]); err == nil {
				v = n
			} else {
				v = strings.Index("一二三四五", m[1])/len("一") + 1
			}
		}
		return [3]int{v, v, v}, true
	}
	var r [3]int
	n := 0
	for _, c := range parse.Normalize(text) {
		v := -1
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case strings.ContainsRune("一二三四五", c):
			v = strings.IndexRune("一二三四五", c)/len("一") + 1
		default:
			continue
		}
		if v < 1 || v > 5 || n == 3 {
			return r, false
		}
		r[n] = v
		n++
	}
	return r, n == 3
}

func (f AccompanyFlow) submit(t *flows.Turn, d *accompanyDraft, issue bool) error {
	t.Done()
	day, _ := time.Parse(time.DateOnly, d.Day)
	a := AccompaniedMeal{SchoolID: t.School.ID, Day: day, Meal: d.Meal, StaffID: t.Staff.ID, StaffName: t.Staff.Name,
		Dishes: d.Dishes, Taste: d.Ratings[0], Portion: d.Ratings[1], Hygiene: d.Ratings[2], Note: withNote(d.Note, d.With), Photo: d.Photo,
		Issue: issue, RecordedAt: t.Now}
	if err := db(t).CreateAccompaniedMeal(t.Ctx, &a); err != nil {
		return err
	}
	what := d.sample().what(t)
	scores := fmt.Sprintf("口味 %d、份量 %d、卫生 %d", a.Taste, a.Portion, a.Hygiene)
	told := ""
	if issue {
		text := fmt.Sprintf("【食堂问题】%s陪餐（%s）反映：%s\n菜品：%s\n评分：%s\n请跟进处理。",
			t.Staff.Name, what, a.Note, strings.Join(a.Dishes, "、"), scores)
		n, err := t.NotifyOthers([]flows.Role{flows.RoleHead}, flows.Notification{Kind: KindCanteenIssue, Ref: flows.Ref(refAccompany, a.ID), Text: text})
		if err != nil {
			return err
		}
		if n > 0 {
			told = "问题已交总务主任跟进。"
		} else {
			told = "已记为食堂问题。"
		}
	}
	if !issue && d.Canteen != "" {
		text := fmt.Sprintf("【陪餐意见】%s陪餐（%s）：%s。", t.Staff.Name, what, strings.TrimRight(a.Note, "。！!"))
		if d.Canteen != a.Note {
			text += fmt.Sprintf("\n%s让转告食堂：%s。", t.Staff.Name, d.Canteen)
		}
		n, err := t.NotifyOthers([]flows.Role{flows.RoleCanteen}, flows.Notification{Kind: KindCanteenRemark, Ref: flows.Ref(refAccompany, a.ID), Text: text})
		if err != nil {
			return err
		}
		if n > 0 {
			told = "已转告食堂：" + d.Canteen + "（不作为食堂问题跟进）。"
		} else {
			told = "学校还没有食堂人员的账号，请当面转告食堂。"
		}
	}
	t.Say(fmt.Sprintf("陪餐已记录：%s，%s。%s谢谢！", what, scores, told))
	return nil
}

// leadCompanionRE is who else ate, said right before 陪餐: 我和家委会
// 孙丽一起陪餐 (user test 32's T45 was 「没有看懂」: the words before 陪餐
// were more than the sentence allows). The first group is who.
var leadCompanionRE = rx.MustCompile(`(?:我|我们)?(?:和|跟|与|同)(\p{Han}{2,12}?)(?:一起|一块儿?|一同)(陪餐)`)

// studentsRE names the students eaten with, who are no companion.
var studentsRE = rx.MustCompile(`学生|孩子|同学|小朋友|娃`)

// leadCompanion cuts who else ate from before 陪餐 in s: who, and s
// without them (今天中午陪餐 …).
func leadCompanion(s string) (who, rest string, ok bool) {
	m := leadCompanionRE.FindStringSubmatchIndex(s)
	if m == nil || notCompanions.MatchString(s[m[2]:m[3]]) || studentsRE.MatchString(s[m[2]:m[3]]) {
		return "", s, false
	}
	return s[m[2]:m[3]], s[:m[0]] + s[m[4]:], true
}

// companionRE is a part of a 陪餐 reply that says who else ate: 家委会孙丽
// 也一起吃的, 和家长代表一起吃的, 孙丽也陪餐了. Its first or second group is
// who.
var companionRE = rx.MustCompile(`^(?:(?:我)?(?:和|跟|与|同)(\p{Han}{2,12}?)|(\p{Han}{2,12}?)(?:也|都|还)?)(?:一起|一块儿?|一同)?(?:吃的|吃了|吃的饭|陪餐了?|陪的餐?|陪着吃的)(?:饭)?[。！!~～]*$`)

// notCompanions are what companionRE's who may read that is no person:
// 菜都, 饭菜也 (菜都一起吃了).
var notCompanions = rx.MustCompile(`菜|饭|汤|这些|都|全|每样|那几|我们?$`)

// cutCompanions cuts from text the parts (between spaces and commas) that
// say who else ate, and returns the rest and who, joined with 、.
func cutCompanions(text string) (rest, with string) {
	parts := strings.FieldsFunc(strings.TrimSpace(parse.Normalize(text)), func(r rune) bool { return strings.ContainsRune(" ，,；;。", r) })
	var keep, who []string
	for _, p := range parts {
		m := companionRE.FindStringSubmatch(p)
		name := ""
		if m != nil {
			name = m[1] + m[2]
		}
		if name == "" || notCompanions.MatchString(name) || !strings.Contains(p, "一起") && !strings.Contains(p, "一块") && !strings.Contains(p, "一同") && !strings.Contains(p, "陪") {
			keep = append(keep, p)
			continue
		}
		who = append(who, name)
	}
	if len(who) == 0 {
		return text, ""
	}
	return strings.Join(keep, " "), strings.Join(who, "、")
}

// joinWith adds who to those already said, once each.
func joinWith(said, who string) string {
	if said == "" || strings.Contains(said, who) {
		return cmp.Or(said, who)
	}
	return said + "、" + who
}

// withNote is the note kept on the record: the opinion, and who else ate.
func withNote(note, with string) string {
	if with == "" {
		return note
	}
	if note == "" {
		return "同去陪餐：" + with
	}
	return flows.Clip(note+"（同去陪餐："+with+"）", 300)
}
