package canteen

import (
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Words that are never dishes, wherever dishes are read from free text
// (a menu, a 陪餐 record, a sample record): what people type to save a
// draft or go on (好的保存, 行 就这样, 没问题 提交吧), what they say to ask
// for a record (我是要登记, 帮我记一下), and what they think of a meal
// (有点咸, 凉了, 鱼刺有点多).

// commandWords save a draft or let it go on as it is. fillerWords may
// stand around them (那就保存吧, 直接提交) but say nothing alone.
var (
	commandWords = []string{"确认保存", "确认提交", "确认无误", "确认", "确定", "保存", "存上", "存好", "提交", "上传", "发送", "登记", "记录",
		"好的", "好滴", "好嘞", "好", "行", "可以", "对的", "对", "是的", "没错", "没问题", "无误", "就这样", "这样就行", "就这些", "ok", "嗯嗯", "嗯",
		// The same yes in the country's regional words (河南 中, 四川 要得 and
		// 对头, 东北 妥, 北方 得嘞, 成): a cook's 「中」 saves the menu read back.
		"中", "得", "要得", "对头", "嗯呐", "成", "妥", "妥妥的", "没毛病", "阔以", "没得问题", "冇问题", "莫得问题", "巴适"}
	fillerWords = []string{"那就", "那", "就", "直接", "帮我", "给我", "一下", "下", "吧", "了", "啊", "呀", "啦", "哈", "哦", "呗", "嘞", "咧", "哒", "可以了", "就行", "就好"}
)

// commandOnly reports whether text is only command words (commandWords),
// one or several, with fillers around them: 好的保存, 行 就这样, 可以 保存吧,
// 就这样吧 确认. Such a message is never a dish.
func commandOnly(text string) bool {
	s := strings.ToLower(strings.TrimSpace(parse.Normalize(text)))
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t，,。.！!~～、；;", r) {
			return -1
		}
		return r
	}, s)
	if s == "" || utf8.RuneCountInString(s) > 24 {
		return false
	}
	return wordsOnly(s, false)
}

// wordsOnly reports whether s is a run of command and filler words with at
// least one command word (or had one before, said).
func wordsOnly(s string, said bool) bool {
	if s == "" {
		return said
	}
	for _, w := range commandWords {
		if rest, ok := strings.CutPrefix(s, w); ok && wordsOnly(rest, true) {
			return true
		}
	}
	for _, w := range fillerWords {
		if rest, ok := strings.CutPrefix(s, w); ok && wordsOnly(rest, said) {
			return true
		}
	}
	return false
}

// intentRE is asking for a record, naming no dish: 我是要登记, 帮我记一下,
// 我想补录一个, 就是要记录. Longer words come first: 记录 is not 记 and 录.
var intentRE = rx.MustCompile(`^(?:我们?|咱们?)?(?:是|就是|只是|其实是)?(?:请|麻烦)?(?:你)?(?:帮我|给我|帮忙|替我)?(?:是)?(?:要|想|想要|需要|来|得)?(?:补|再)?` +
	`(?:登记一下|登记下|登记个|登记一个|登记|记录一下|记录下|记录个|记录|记一下|记下|记个|记一个|记|录一下|录个|录入|录|填一下|填个|填|报一下|报个|报)?` +
	`(?:一下|个|一个|下)?(?:的)?$`)

// intentOnly reports whether text only asks for a record (intentRE) or
// says who ate when (whoWhenRE): 我是要登记, 我要, 帮我记一下.
func intentOnly(text string) bool {
	s := strings.TrimSpace(parse.Normalize(text))
	return s == "" || intentRE.MatchString(s) || whoWhenRE.MatchString(s) || commandOnly(s)
}

// judgmentRE is what makes a comment on a meal a judgment rather than a
// dish: a taste, a portion, a temperature, cleanliness, praise or a
// warning (咸, 淡, 不错, 凉了, 量少, 鱼刺有点多, 小孩子吃要注意). Words that
// are also in dishes' names (凉拌, 香菇, 油条, 生菜, 甜品) count only with a
// degree or an ending: 有点凉, 凉了, 太油.
var judgmentRE = rx.MustCompile(`(?:有点|有些|有一点|太|很|挺|蛮|偏|比较|不够|稍微|稍|略|特别|非常|真|更)(?:咸|淡|辣|甜|酸|苦|油|腻|硬|软|凉|冷|烫|少|多|干|稀|生|老|贵|好|差|肥|瘦|柴|腥|膻|糊|焦|厚|薄|粗|黏|粘|散|碎)` +
	// 饺子皮有点厚 (user test 34's T59 became a dish), 皮厚, 馅太少.
	`|(?:皮|馅|馅儿|面皮|汤底)(?:太|有点|有些|偏|比较|很|挺)?(?:厚|薄|硬|软|少|咸|淡|破)` +
	`|(?:咸|淡|辣|甜|酸|苦|油|腻|硬|软|凉|冷|少|多|干|稀|糊|烂|焦|肥|柴|腥)了|咸淡|油腻|不错|好吃|难吃|一般|还行|还可以|可以的|满意|干净|不卫生|卫生|` +
	`味道|口味|口感|份量|分量|量少|量足|量大|量够|量不够|给的|给得|打的|打得|不新鲜|新鲜|没熟|夹生|没煮熟|有异物|异物|头发|虫|鱼刺|刺多|骨头|` +
	`注意|建议|希望|应该|需要|要求|问题|正常|剩|浪费|吃光|光盘|爱吃|喜欢|不爱|长身体|温度|热乎|热的|凉的|冷的|[好差棒赞]$|^(?:好|棒|赞|挺好|很好|不错)`)

// dishNotRE is in a comment that cannot be a dish's name: no person, no verb of
// speech or feeling, short.
var dishNotRE = rx.MustCompile(`[我你他她们]|吃|喝|说|觉得|感觉|看|都|也|就是|但|不过|还是|孩子|学生|同学|小朋友|老师|今天|中午|晚上|早上|食堂`)

// dishLike reports whether a comment of a 陪餐 sentence reads as a dish
// eaten: a short noun with no judgment in it (红烧鱼, 米饭, 豆芽).
func dishLike(c string) bool {
	n := utf8.RuneCountInString(c)
	return n >= 1 && n <= 12 && !judgmentRE.MatchString(c) && !dishNotRE.MatchString(c) &&
		!strings.ContainsAny(c, "0123456789") && !intentOnly(c)
}

// ateRE begins the dishes eaten in a comment: 吃了米饭, 吃的红烧肉, 有.
var ateRE = rx.MustCompile(`^(?:菜(?:是|有)|吃(?:了|的|过)?(?:是|有)?|有|主要是|主要吃了?)\s*`)

// notEatenRE is a comment saying what was not eaten (the thirteenth user
// test: 吃的宫保鸡丁豆腐土豆丝 没喝汤): 没喝汤, 米饭没吃, 汤没有喝. It says
// which dishes, not what the meal was like, so it is no note. 没吃饱 and
// 没吃完 (notEatenJudgedRE) still are.
var (
	notEatenRE       = rx.MustCompile(`^(?:我|自己|我自己)?(?:没有|没|不)(?:喝|吃|尝)(?:过|了)?(\p{Han}{1,6}?)(?:了|的|哈|嘛)?$|^(\p{Han}{1,6}?)(?:我|自己|我自己)?(?:都|也)?(?:没有|没|不)(?:喝|吃|尝)(?:过|了)?(?:了|的|哈|嘛)?$`)
	notEatenJudgedRE = rx.MustCompile(`^(?:饱|完|好|下|惯|够|上|到|出)`)
)

// notEaten reports whether comment c only says a dish was not eaten.
func notEaten(c string) bool {
	m := notEatenRE.FindStringSubmatch(c)
	if m == nil {
		return false
	}
	what := m[1] + m[2]
	return what != "" && !notEatenJudgedRE.MatchString(what) && !judgmentRE.MatchString(what)
}

// splitDishes takes the dishes eaten out of the comments of a 陪餐
// sentence (吃了米饭；红烧鱼；豆芽；鱼刺有点多): the comments that read as
// dishes (dishLike, after 吃了 or 吃的 if any) are dishes, the others the
// note, each joined by 「；」 as given. A comment that names a dish of the
// menu and judges it (鸡块不错) is a note.
func splitDishes(comments string) (dishes []string, note string) {
	var notes []string
	for _, c := range strings.Split(comments, "；") {
		if c == "" {
			continue
		}
		if notEaten(c) {
			continue // 没喝汤: which dishes, not a judgment
		}
		d := ateRE.ReplaceAllString(c, "")
		if d != "" && dishLike(d) && !judgmentRE.MatchString(c) { // 有点咸: no dish 「点咸」 after 有
			if parts := andRE.Split(d, -1); len(parts) == 2 && utf8.RuneCountInString(parts[0]) >= 2 && utf8.RuneCountInString(parts[1]) >= 2 {
				// 吃了冬至饺子和汤圆 (user test 34's T59): two dishes.
				dishes = append(dishes, parts...)
				continue
			}
			dishes = append(dishes, d)
			continue
		}
		notes = append(notes, c)
	}
	return dishes, strings.Join(notes, "；")
}

// disposalWords reports whether a dish's name as typed is the words of a
// disposal (已处理, 处理了, 倒掉了, 留样已处理): never a dish.
func disposalWords(name string) bool {
	s := strings.TrimSpace(parse.Normalize(name))
	if _, ok := flows.ReadCommand(s, typedWords); ok {
		return true
	}
	return disposedRE.MatchString(s)
}

// cancelInsideRE is 取消 ending a sentence that denies what is being
// recorded (user test 17: 啥呀 我不是在留样 取消, at the dishes asked for):
// a no before it (不是, 不要, 不记, 搞错了, 啥呀), then 取消 alone at the end.
var (
	cancelDenyRE = rx.MustCompile(`不是|不要|不用|不记|不登|没要|搞错|弄错|错了|算了|啥呀|什么呀|干嘛`)
	cancelEndRE  = rx.MustCompile(`[\s，,。.!！、]\s*(?:那就|就|直接|给我|帮我)?取消(?:掉|了)?(?:吧|啊|哈|呀)?[。.!！~～]*$`)
)

// cancelSaid reports whether text says no to the record and ends with
// 取消: the canteen's question cancelled, never a dish or a new record.
func cancelSaid(text string) bool {
	s := strings.TrimSpace(parse.Normalize(text))
	loc := cancelEndRE.FindStringIndex(s)
	return loc != nil && cancelDenyRE.MatchString(s[:loc[0]])
}

// cancelledInside ends the canteen conversation cancelled by cancelSaid,
// saying what was kept: nothing.
func cancelledInside(t *flows.Turn, kept string) error {
	t.Done()
	t.Say("好的，已取消，" + kept + "。")
	return nil
}
