package repair

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// onlyKeptRE is one item of a read-back of several said to be the only
// one to report: 只报钟, 只修灯就行, 就报灯吧, 光报窗户 (user test 31's T42:
// 「桌子的事不用修 我跟陈主任说 只报钟」 was asked for a number). Its group
// is the item as said.
var onlyKeptRE = rx.MustCompile(`^(?:那|那就|还是)?(?:就只|只|只要|光|仅|就)(?:报修|报|修|提交|要|留)(?:一下)?(?:那个|这个)?(.+?)(?:那个|这个|那一项|这一项|的事|的)?(?:就行了?|就好|就可以了?|吧|了|啊|呀)*$`)

// itemOnlyKept reads which item of a read-back of several the person
// keeps alone (see onlyKeptRE): the item's index, when exactly one is
// named in a clause that says so.
func itemOnlyKept(text string, items []draftItem) (int, bool) {
	for _, c := range strings.FieldsFunc(parse.Normalize(strings.TrimSpace(text)), func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) }) {
		m := onlyKeptRE.FindStringSubmatch(c)
		if m == nil {
			continue
		}
		said := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(m[1]), "那个"), "的")
		if n := itemNumRE.FindStringSubmatch(said); n != nil { // 只报第一个
			if i, ok := parse.ParseChoice(n[1], 9); ok && i >= 1 && i <= len(items) {
				return i - 1, true
			}
			return 0, false
		}
		found := -1
		for i, it := range items {
			// The thing as said (钟 for 挂钟, 灯 for 灯管), never more words
			// (光修灯不够 says no item alone).
			if !(it.Item != "" && strings.Contains(said, it.Item) && utf8.RuneCountInString(said)-utf8.RuneCountInString(it.Item) <= 1 || strings.Contains(it.Desc, said)) {
				continue
			}
			if found >= 0 {
				return 0, false // two named: which one is not clear
			}
			found = i
		}
		return found, found >= 0
	}
	return 0, false
}

// onlyOneRE is one item said without naming it: 一个, 其中一项.
var onlyOneRE = rx.MustCompile(`^(?:其中|里面|这里面)?(?:的)?(?:一|1)(?:个|项|样|件|条)$`)

// onlyOneUnnamed reports whether text keeps one item alone without saying
// which (只报一个, 只修其中一项): which one is asked.
func onlyOneUnnamed(text string) bool {
	for _, c := range strings.FieldsFunc(parse.Normalize(strings.TrimSpace(text)), func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) }) {
		if m := onlyKeptRE.FindStringSubmatch(c); m != nil && onlyOneRE.MatchString(strings.TrimSpace(m[1])) {
			return true
		}
	}
	return false
}

// keepOnly reports item i of d alone: the others are taken off and it is
// read back as a report of one problem, with what the reporter said for
// the worker (留言) kept.
func (f RepairFlow) keepOnly(t *flows.Turn, d *repairDraft, i int) error {
	it := d.Items[i]
	*d = repairDraft{LocationID: it.LocationID, Location: it.Location, PlaceText: it.PlaceText, Building: it.Building,
		Trade: it.Trade, Item: it.Item, Desc: it.Desc, Tier: it.Tier, Hazard: it.Hazard, Photo: d.Photo,
		Wish: d.Wish, Told: d.Told, // 是不是电池没装好: her words to the worker stay
		lead: fmt.Sprintf("好的，只报「%s」，其他的不报了。\n", flows.Clip(it.Desc, 20))}
	return f.next(t, d)
}
