package inspection

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A leader says only that he goes round one building, naming nothing to
// look at: 「消防演练前我巡一下教学楼」 (user test 34's T1, 没看懂; his next
// line, 「二楼应急灯不亮…」, was then asked 在哪里). It is a check of that
// place with the usual items: a fire drill's (消防通道, 灭火器, 应急灯) when
// the words are of one, else the points of every safety check. What he
// finds there is filed there (openPlaceRound).

// placeOnlyRE is the whole message: 消防演练前我巡一下教学楼, 我去实验楼转一圈,
// 演练前我先去宿舍楼看看, 我去巡查一下食堂. Its groups are when (消防演练前)
// and the place, said after the going (巡一下教学楼) or before it (去实验楼
// 转一圈).
var placeOnlyRE = rx.MustCompile(`^(?:今天|现在|下午|上午|晚上|一会儿?|等会儿?|待会儿?)?(\p{Han}{1,6}?(?:之)?前)?(?:我|我们)?(?:先|现在|这就|马上|准备|要|打算|再|去)*(?:带人|带队)?(?:(?:巡查|巡视|巡检|检查|巡|查|转|走)(?:一下|一遍|一圈|一趟)?(?:去)?([^查看一下\P{Han}]\p{Han}{1,7}?)|去(\p{Han}{2,8}?)(?:里|里面|那边|那儿)?(?:转一圈|转一转|转转|走一圈|看一圈|看看|绕一圈|巡一圈|巡一遍|巡一下|巡查一下|巡查|巡视一下|查一圈|查一遍|查一下|查查|检查一下))去?(?:吧|了|啦)?[。！!~～]*$`)

// buildingEndRE ends a place a round may cover: 教学楼, 图书馆, 食堂, 操场,
// 实验室, 宿舍.
var buildingEndRE = rx.MustCompile(`(?:楼|馆|堂|场|室|区|部|房|宿舍|校园|园)$`)

// drillRE is words of a fire drill or fire safety.
var drillRE = rx.MustCompile(`消防|演练|防火|疏散`)

// placeOnlyRound reads a leader's round of one place naming nothing to
// look at (see above): the items, the title and the place.
func placeOnlyRound(text string) (names []string, title, place string, ok bool) {
	s := strings.TrimSpace(text)
	m := placeOnlyRE.FindStringSubmatch(s)
	if m == nil {
		return nil, "", "", false
	}
	place = m[2] + m[3]
	if !buildingEndRE.MatchString(place) {
		return nil, "", "", false
	}
	if drillRE.MatchString(m[1]) {
		return []string{"消防通道", "灭火器", "应急灯"}, place + "消防安全检查", place, true
	}
	return []string{"消防通道", "灭火器", "用电", "门窗"}, place + "安全检查", place, true
}

// startPlaceOnlyRound opens placeOnlyRound's check, saying what its items
// are and that findings may be sent as they come.
func (f CheckFlow) startPlaceOnlyRound(t *flows.Turn, names []string, title, place string) error {
	intro := fmt.Sprintf("好的，%s的检查按常用的 %d 项（%s）列成临时清单，不影响当天的例行巡查。发现问题直接发给我，比如「二楼应急灯不亮」，会记在%s。",
		place, len(names), strings.Join(names, "、"), place)
	return f.openPlaceRound(t, names, title, place, intro)
}

// placeOnlySaid reports whether a leader's text is placeOnlyRound's.
func placeOnlySaid(s flows.Staff, text string) bool {
	if !s.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
		return false
	}
	_, _, _, ok := placeOnlyRound(text)
	return ok
}

// floorLeadRE begins a finding with the floor it is on: 二楼, 3楼, 三层.
var floorLeadRE = rx.MustCompile(`^([一二三四五六七八九十\d]{1,2}(?:楼|层))`)

// floorOfRound is the place of a finding told in a round of a building
// (place, no room of the list): the building and the floor the finding
// begins with (教学楼 and 二楼应急灯不亮 are 教学楼二楼), else place.
func floorOfRound(locationID int64, place, finding string) string {
	m := floorLeadRE.FindStringSubmatch(strings.TrimSpace(finding))
	if locationID != 0 || m == nil || !buildingEndRE.MatchString(place) || floorLeadRE.MatchString(place) {
		return place
	}
	return place + m[1]
}

// roomOrAliasNamed reports whether place names the room of location id itself
// (its room or an alias), not only its building: 实验楼 is no room of it,
// though the list has one room there.
func roomOrAliasNamed(place string, locs []flows.Location, id int64) bool {
	for _, l := range locs {
		if l.ID != id {
			continue
		}
		if l.Room != "" && strings.Contains(place, l.Room) {
			return true
		}
		for _, a := range l.Aliases {
			if a != "" && strings.Contains(place, a) {
				return true
			}
		}
	}
	return false
}
