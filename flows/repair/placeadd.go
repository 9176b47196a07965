package repair

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// placeAddRE is the 总务主任 asking in words for a place written in a
// report to be added to the location table (加入地点表 typed with a
// number is the command): 篮球场那个地点加到地点表里吧, 加进地点表,
// 把这个地点加上; the name he calls it, if any, before 那个/这个/地点.
var placeAddRE = rx.MustCompile(`^(?:把|将)?(\p{Han}{2,8}?)?(?:那个|这个)?(?:地点|地方)?(?:也)?(?:加到|加进|加入|放进|放到|添到|添加到|补进|补到)(?:了)?地点表(?:里|里面|中)?(?:去)?(?:吧|啊|哈|一下)?[。！!]*$|^(?:把|将)?(\p{Han}{2,8}?)?(?:那个|这个)(?:地点|地方)(?:也)?(?:加进去|加上|添上|补上)(?:吧|啊|哈|一下)?[。！!]*$`)

// placeAddSaid reads placeAddRE: the repair whose written place the words
// name (or the only one waiting to be added), to be added under the name
// he gives when the written place begins with it (篮球场 of 篮球场边上,
// the fifteenth user test's 总务主任 calling it so), else as written.
func placeAddSaid(t *flows.Turn, text string) (string, bool) {
	if data, ok := placeFixSaid(t, text); ok {
		return data, true
	}
	if data, ok := placeNamedSaid(t, text); ok {
		return data, true
	}
	m := placeAddRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || !t.Idle() {
		return "", false
	}
	name := m[1] + m[2]
	name = strings.TrimSuffix(strings.TrimSuffix(name, "的"), "那")
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var waiting, named []Repair
	for _, r := range rs {
		if r.PlaceText == "" || mayAct(t, r, verbPlace) != "" {
			continue
		}
		waiting = append(waiting, r)
		if name != "" && strings.Contains(r.PlaceText, name) {
			named = append(named, r)
		}
	}
	if name == "" && len(waiting) == 1 {
		named = waiting
	}
	if len(named) != 1 {
		return "", false // Typed reads it again, as 加入地点表 asks which
	}
	r := named[0]
	if name == "" || !strings.HasPrefix(r.PlaceText, name) || len([]rune(name)) < 2 {
		return action(verbPlace, r.ID), true
	}
	return action(verbPlace, r.ID, name), true
}

// placeFixRE is the 总务主任 saying a written place is one the table has,
// and asking for the repair to be moved to it: 4号单那个阅览室就是图书馆阅览室
// 地点表里本来就有 帮我把地点改过来 (user test 17's F36): the job's number,
// if said, and the place as the table names it.
var placeFixRE = rx.MustCompile(`^(?:(\d{1,3})\s*号(?:单)?)?[^，,。；;\s]*?(?:就是|其实是|应该是)(\p{Han}{2,12}?)(?:啊|呀|嘛)?[\s，,。].*(?:改过来|改一下|改掉|改好|改正|更正|改成这个|改到这个)`)

// placeFixSaid reads placeFixRE: 加入地点表 of the repair whose written
// place the words name (by its number too, when said), when the place
// said holds that written place under its building (图书馆阅览室 for 图书馆
// 其他地点：阅览室), so that the repair moves to the table's place.
func placeFixSaid(t *flows.Turn, text string) (string, bool) {
	m := placeFixRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || !t.Idle() {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var named []Repair
	for _, r := range rs {
		if r.PlaceText == "" || mayAct(t, r, verbPlace) != "" || !strings.Contains(m[2], r.PlaceText) {
			continue
		}
		if m[1] != "" && strconv.Itoa(Num(r)) != m[1] {
			continue
		}
		named = append(named, r)
	}
	if len(named) != 1 {
		return "", false
	}
	return action(verbPlace, named[0].ID, m[2]), true
}

// placeNamedRE is 加入地点表 N with the name to add the place under, in
// the same message: 加入地点表 3 实验楼201, 加入地点表 3，名字叫操场东侧围栏
// (p20lead).
var placeNamedRE = rx.MustCompile(`^(?:加入|加到|加进)地点表\s*(?:第\s*)?(\d{1,3})\s*号?\s*[，,：:\s]*(?:(?:名字|名称)?(?:叫做?|写成|改成|改为|用|按)[：:\s]*)?(\S.*?)[。！!]*$`)

// placeNamedSaid reads placeNamedRE: 加入地点表 of the repair numbered,
// under the name said; the name is checked as an answer to the question
// would be (answerPlaceName).
func placeNamedSaid(t *flows.Turn, text string) (string, bool) {
	m := placeNamedRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || !placeNameRE.MatchString(m[2]) || utf8.RuneCountInString(m[2]) < 2 || utf8.RuneCountInString(m[2]) > placeNameMax {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	for _, r := range rs {
		if strconv.Itoa(Num(r)) == m[1] && r.PlaceText != "" {
			return action(verbPlace, r.ID, m[2]), true
		}
	}
	return "", false
}

// placesWaitingRE asks which written places wait to be added to the
// location table: 待补地点, 缺少的地点, 地点表缺哪些地点, 哪些地点不在地点表里.
// The day's one 【地点表缺少地点】 notice tells the 总务主任 so (askAddPlace).
var placesWaitingRE = rx.MustCompile(`^(?:待补(?:的)?地点|(?:地点表)?(?:缺少|缺)(?:的|了)?(?:哪些)?地点(?:有哪些)?|哪些地点不在地点表(?:里|里面)?)[吗呢？?。]*$`)

// placesWaitingSaid answers placesWaitingRE for the 总务主任: each open
// repair whose place is written, not in the table, with the number to
// add it by.
func placesWaitingSaid(t *flows.Turn, text string) bool {
	if !t.Idle() || t.Msg.Button != "" || !placesWaitingRE.MatchString(strings.TrimSpace(parse.Normalize(text))) {
		return false
	}
	if !t.Staff.Has(flows.RoleHead, flows.RoleAdmin) {
		t.Say("地点表由总务主任维护；地点不在表里的报修照样会派单。")
		return true
	}
	rs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到，请稍后再试。")
		return true
	}
	var lines []string
	first := 0
	seen := map[string]bool{}
	for _, r := range rs {
		if r.PlaceText == "" || mayAct(t, r, verbPlace) != "" || seen[r.PlaceText] {
			continue
		}
		seen[r.PlaceText] = true
		if first == 0 {
			first = Num(r)
		}
		lines = append(lines, fmt.Sprintf("· 「%s」（%s %s报修）：回复「加入地点表 %d」", r.PlaceText, r.Ref, r.ReporterName, Num(r)))
	}
	if len(lines) == 0 {
		t.Say("现在没有等着加入地点表的地点。")
		return true
	}
	t.Say(fmt.Sprintf("这些报修写的地点不在地点表里（%d 个）：\n%s\n加入时可以改成更准确的名字，如「加入地点表 %d 实验楼201」。", len(lines), strings.Join(lines, "\n"), first))
	return true
}
