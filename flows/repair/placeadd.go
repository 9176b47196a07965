package repair

import (
	"regexp"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// placeAddRE is the 总务主任 asking in words for a place written in a
// report to be added to the location table (加入地点表 typed with a
// number is the command): 篮球场那个地点加到地点表里吧, 加进地点表,
// 把这个地点加上; the name he calls it, if any, before 那个/这个/地点.
var placeAddRE = regexp.MustCompile(`^(?:把|将)?(\p{Han}{2,8}?)?(?:那个|这个)?(?:地点|地方)?(?:也)?(?:加到|加进|加入|放进|放到|添到|添加到|补进|补到)(?:了)?地点表(?:里|里面|中)?(?:去)?(?:吧|啊|哈|一下)?[。！!]*$|^(?:把|将)?(\p{Han}{2,8}?)?(?:那个|这个)(?:地点|地方)(?:也)?(?:加进去|加上|添上|补上)(?:吧|啊|哈|一下)?[。！!]*$`)

// placeAddSaid reads placeAddRE: the repair whose written place the words
// name (or the only one waiting to be added), to be added under the name
// he gives when the written place begins with it (篮球场 of 篮球场边上,
// the fifteenth user test's 总务主任 calling it so), else as written.
func placeAddSaid(t *flows.Turn, text string) (string, bool) {
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
