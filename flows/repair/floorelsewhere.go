package repair

import (
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// floorAfterRE is a floor said right after a building: 三楼, 3楼, 二层.
var floorAfterRE = rx.MustCompile(`^(?:的)?([一二三四五六七八九十\d]{1,2}(?:楼|层))`)

// floorElsewhere is the span of a building and the floor said after it
// (m's building, then 三楼) when no location of best is on that floor:
// 实验楼三楼 when the table has only 实验楼's 二楼男厕所. A location whose
// floor is not known may be on it.
func floorElsewhere(c canon, m locMatch, locs []flows.Location, best []int) (span, bool) {
	if m.building.end == 0 || m.floor.end > 0 || m.building.end >= len(c.r) {
		return span{}, false
	}
	f := floorAfterRE.FindStringSubmatch(string(c.r[m.building.end:]))
	if f == nil {
		return span{}, false
	}
	said, ok := floorNumber(f[1])
	if !ok {
		return span{}, false
	}
	for _, i := range best {
		if n, ok := floorNumber(locs[i].Floor); !ok || n == said {
			return span{}, false
		}
	}
	return span{m.building.start, m.building.end + len([]rune(f[0]))}, true
}
