package canteen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// What a cook says was kept by what was not (user test 29c: at the
// read-back that named the menu's 「饺子」「醋」「蒜」 as not sampled,
// 「除了醋和蒜都留了」 got no answer): everything but the things named was
// kept. The things named are taken off the record (a condiment needs no
// sample; another dish left out stays in the read-back's 漏留样 warning);
// the menu's other dishes not yet listed were kept too, so their weights
// are asked.

// exceptKeptRE is 除了醋和蒜都留了, 醋和蒜以外都留了, 除了汤 其他的都留样了,
// 除调料外全都留了. Group 1 or 2 is the things not kept. 都没留 is never
// it: the 留 must not follow 没 or 不.
var exceptKeptRE = rx.MustCompile(`^(?:除了|除去|除开|除)\s*([^\s，,。；;\d]{1,20}?)\s*(?:以外|之外|外)?` + exceptKeptTail +
	`|^([^\s，,。；;\d]{1,20}?)\s*(?:以外|之外)` + exceptKeptTail)

const exceptKeptTail = `[\s，,]*(?:别的|其他的?|其它的?|其余的?|剩下的?)?\s*(?:菜)?\s*(?:都|全|全都|全部|都有)\s*(?:留了|留样了|留过了|留过样了|留好了|留下了|留着了?|留着呢|有留样?|留|留样)(?:的|了|啊|哈|呀|呢)*[。.!！~～]*$`

// condimentWordRE is a word for condiments in general, not one of them.
var condimentWordRE = rx.MustCompile(`^(?:调料|蘸料|佐料|小料|调味料|调味品|蘸水|配料)$`)

// exceptKept reads exceptKeptRE: the things named as not kept, or ok
// false.
func exceptKept(text string) ([]string, bool) {
	m := exceptKeptRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil {
		return nil, false
	}
	what := m[1] + m[2]
	var out []string
	for _, part := range keepOnlyParts.Split(what, -1) {
		if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
			out = append(out, part)
		}
	}
	return out, len(out) > 0
}

// exceptKeptStep answers exceptKept at the dishes or the read-back: each
// thing named is taken off the record (or said to be no sample), the
// menu's other dishes not yet listed are added for their weights, and
// the record goes on. done is false for anything else.
func (f SampleFlow) exceptKeptStep(t *flows.Turn, d *sampleDraft) (done bool, err error) {
	if t.Msg.Button != "" {
		return false, nil
	}
	except, ok := exceptKept(t.Text)
	if !ok {
		return false, nil
	}
	if err := f.exceptKeptSaid(t, d, except); err != nil {
		return true, err
	}
	return true, f.next(t, d)
}

// exceptKeptClause finds an exceptKept clause among the words of a
// record (冬至饺子留样 猪肉白菜饺子150 除了醋和蒜都留了 冰箱4度): the things
// named and the text without the clause, or ok false.
func exceptKeptClause(text string) (except []string, rest string, ok bool) {
	for _, chunk := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(" \n，,。；;", r) }) {
		if except, ok := exceptKept(chunk); ok {
			return except, strings.Replace(text, chunk, " ", 1), true
		}
	}
	return nil, text, false
}

// exceptKeptSaid takes the things named as not kept off the record, adds
// the menu's other dishes not listed (their weights to be asked), and
// says so.
func (f SampleFlow) exceptKeptSaid(t *flows.Turn, d *sampleDraft, except []string) error {
	var condiments, left []string
	for _, what := range except {
		if i := listedAs(d.Dishes, what, nil); i >= 0 {
			what = d.Dishes[i].Dish
			d.Dishes = slices.Delete(d.Dishes, i, i+1)
		}
		if condimentOnly(what) {
			condiments = append(condiments, what)
		} else {
			left = append(left, what)
		}
	}
	excepted := func(dish string) bool {
		return slices.ContainsFunc(except, func(w string) bool { return strings.Contains(dish, w) || strings.Contains(w, dish) })
	}
	earlier, err := d.earlier(t)
	if err != nil {
		return err
	}
	for _, m := range d.unsampled(earlier) {
		if !excepted(m) && !condimentOnly(m) {
			d.Dishes = append(d.Dishes, SampleItem{Dish: m}) // kept too: its weight is asked
		}
	}
	var b strings.Builder
	b.WriteString("好的，")
	if len(condiments) > 0 {
		if slices.ContainsFunc(condiments, condimentWordRE.MatchString) {
			fmt.Fprintf(&b, "%s不用留样", strings.Join(condiments, "和")) // 除了调料: no 「调料」是调料
		} else {
			fmt.Fprintf(&b, "%s是调料，不用留样", strings.Join(condiments, "和"))
		}
	}
	if len(left) > 0 {
		if len(condiments) > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "「%s」记为没有留样", strings.Join(left, "」「"))
	}
	b.WriteString("，其他的都记为已留样。")
	t.Say(b.String())
	return nil
}
