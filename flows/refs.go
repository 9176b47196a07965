package flows

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// Visible numbers. The numbers people type in commands (「接单 1」「离校 2」
// 「已处理 3」) are the numbers they were shown, never database ids: an
// item's number is the sequence of its daily reference (BX-20261129-001 is
// 1, YH-20261129-002 is 2), which restarts every day in every school. So
// a number alone can name several items (today's 1 and yesterday's 1): a
// command is resolved against the items the writer has a part in, those
// they may do the command to now first (ChooseItem); when two of them
// share the number houqin asks which, showing the full references, and the
// full reference (「接单 BX-20261129-001」) always names one item. A number
// that names none of the writer's items is refused without saying whether
// another person's or another school's item has it.

// refSeqRE reads the sequence at the end of a daily reference.
var refSeqRE = rx.MustCompile(`^[A-Z]{1,4}-\d{8}-(\d{1,6})$`)

// RefSeq returns the number people see for a daily reference
// (BX-20261129-007 → 7), or 0 for anything else.
func RefSeq(ref string) int {
	m := refSeqRE.FindStringSubmatch(ref)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// DayRef makes a daily reference: prefix, the local date and a sequence of
// at least three digits (DayRef("FK", "20261129", 1) = FK-20261129-001).
func DayRef(prefix, date string, seq int) string {
	return fmt.Sprintf("%s-%s-%03d", prefix, date, seq)
}

// Command is a typed command: its word and what it names — a number, a full
// reference, or nothing.
type Command struct {
	Word string
	Num  int    // 0 when none was typed
	Ref  string // a full reference, upper-cased, when one was typed
}

// ReadCommand reads 「WORD」, 「WORD 3」, 「WORD #3」, 「WORD 第3号」 and
// 「WORD BX-20261129-003」 for one of words (the longest that fits).
func ReadCommand(text string, words []string) (Command, bool) {
	text = strings.TrimRight(strings.TrimSpace(text), "。.!！")
	ws := slices.Clone(words)
	slices.SortFunc(ws, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, w := range ws {
		rest, ok := strings.CutPrefix(text, w)
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		if rest == "" {
			return Command{Word: w}, true
		}
		if m := commandRefRE.FindStringSubmatch(rest); m != nil {
			if m[1] != "" {
				return Command{Word: w, Ref: strings.ToUpper(m[1])}, true
			}
			n, err := strconv.Atoi(m[2])
			if err == nil && n > 0 {
				return Command{Word: w, Num: n}, true
			}
		}
		return Command{}, false
	}
	return Command{}, false
}

var commandRefRE = rx.MustCompile(`^(?:([A-Za-z]{1,4}-\d{8}-\d{1,6})|(?:第\s*)?[#＃]?\s*(\d{1,6})\s*号?)$`)

// Item is one of the writer's items a typed command may name.
type Item struct {
	ID    int64
	Ref   string // the full reference, e.g. BX-20261129-001
	Line  string // how it is listed: where and what
	Ready bool   // the writer may do the command to it now
	// Data, when the caller gives it, is the button data that does the
	// command to this item: a list ChooseItem answers with then comes with
	// a button per item (tapped, or its number typed) instead of asking
	// for the full reference to be typed.
	Data string
	// Label, when set, names the item on its button instead of its full
	// reference and Line (12月1日早餐 for a food sample, whose reference
	// the writer need not know); labels that would be alike fall back to
	// the reference and Line.
	Label string
}

// Seq is the item's visible number.
func (it Item) Seq() int { return RefSeq(it.Ref) }

// ChooseItem picks the item a command names among the writer's items:
//
//   - a full reference: that item;
//   - a number: the items with that number, the ready ones first; one is
//     the choice, several are listed with their full references to choose
//     from;
//   - no number: the only ready item, or the ready ones listed.
//
// When it cannot pick one it answers (t.Say) and returns ok=false; when
// nothing fits a command without a number it says nothing and returns
// ok=false with none=true, so the text can be read as something else.
// noun names the kind of item in the answers (报修, 访客 ...).
func ChooseItem(t *Turn, c Command, items []Item, noun string) (it Item, ok, none bool) {
	var pool []Item
	switch {
	case c.Ref != "":
		for _, x := range items {
			if strings.EqualFold(x.Ref, c.Ref) {
				return x, true, false
			}
		}
		t.Say(fmt.Sprintf("没有找到你的%s %s，请核对编号。发送「我的」可以查看你的事项。", noun, c.Ref))
		return Item{}, false, false
	case c.Num > 0:
		var ready, rest []Item
		for _, x := range items {
			if x.Seq() != c.Num {
				continue
			}
			if x.Ready {
				ready = append(ready, x)
			} else {
				rest = append(rest, x)
			}
		}
		pool = ready
		if len(pool) == 0 && len(rest) > 0 {
			// None may take the command now: the newest one, so that the
			// answer says why (already taken, already closed ...).
			pool = rest[:1]
		}
		if len(pool) == 0 {
			t.Say(fmt.Sprintf("没有找到你的编号为 %d 的%s，请核对编号。发送「我的」可以查看你的事项。", c.Num, noun))
			t.missing = c.Word // 打错了 是5 next (Turn.numberFixed)
			return Item{}, false, false
		}
	default:
		for _, x := range items {
			if x.Ready {
				pool = append(pool, x)
			}
		}
		if len(pool) == 0 {
			return Item{}, false, true
		}
	}
	if len(pool) == 1 {
		return pool[0], true, false
	}
	if !slices.ContainsFunc(pool, func(x Item) bool { return x.Data == "" }) {
		// 处理 4 with two 4s (yesterday's and today's): a choice by button.
		buttons := make([]Button, len(pool))
		labels := map[string]bool{}
		for _, x := range pool {
			labels[x.Label] = true
		}
		for i, x := range pool {
			buttons[i] = Button{Label: x.Ref + " " + x.Line, Data: x.Data}
			if x.Label != "" && len(labels) == len(pool) {
				buttons[i].Label = x.Label
			}
		}
		head := fmt.Sprintf("你有 %d 个%s可以「%s」，是哪一个？", len(pool), noun, c.Word)
		if c.Num > 0 {
			head = fmt.Sprintf("你有 %d 个编号为 %d 的%s，是哪一个？", len(pool), c.Num, noun)
		}
		t.Say(head+"\n"+Numbered(buttons), buttons...)
		return Item{}, false, false
	}
	var b strings.Builder
	if c.Num > 0 {
		fmt.Fprintf(&b, "你有 %d 个编号为 %d 的%s，请回复完整编号：", len(pool), c.Num, noun)
		for _, x := range pool {
			fmt.Fprintf(&b, "\n· %s %s → 回复「%s %s」", x.Ref, x.Line, c.Word, x.Ref)
		}
	} else {
		fmt.Fprintf(&b, "你有 %d 个%s可以「%s」，请回复带编号的命令：", len(pool), noun, c.Word)
		seen := map[int]int{}
		for _, x := range pool {
			seen[x.Seq()]++
		}
		for _, x := range pool {
			name := strconv.Itoa(x.Seq())
			if seen[x.Seq()] > 1 || x.Seq() == 0 {
				name = x.Ref
			}
			fmt.Fprintf(&b, "\n· %s %s → 回复「%s %s」", x.Ref, x.Line, c.Word, name)
		}
	}
	t.Say(b.String())
	return Item{}, false, false
}

// numberFixRE is a number typed again as the one meant: 哦打错了 是5, 输错了
// 应该是5, 不是55 是5, 是5号. Some word of the correction (错, 不对, 是)
// must be said: a bare number is a choice.
var numberFixRE = rx.MustCompile(`^(?:哦|噢|啊|呃|嗯|哎|唉|不好意思|抱歉)?[\s，,。.!！]*(?:我)?(?:(?:打|输|写|按|搞|弄|说)?错了?|不对)?[\s，,。.!！]*(?:不是\d+(?:号)?)?[\s，,。]*(?:是|应该是|应是|改成|改为|换成)?(?:第)?(\d{1,4})(?:号|单)?[\s。.！!啊呀哈]*$`)

// numberFixed reads text as the writer's fix of the number of the command
// that found nothing just before (Turn.missed): that command with the
// number meant, ok. Only outside a conversation, where the command was.
func (t *Turn) numberFixed(text string) (string, bool) {
	if t.missed == "" || t.flow != "" || t.Msg.Button != "" {
		return "", false
	}
	s := strings.TrimSpace(text)
	m := numberFixRE.FindStringSubmatch(s)
	if m == nil || !strings.ContainsAny(strings.TrimSuffix(s, m[1]), "错对是成为") {
		return "", false
	}
	return t.missed + " " + m[1], true
}
