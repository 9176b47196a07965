package repair

import (
	"strconv"
	"testing"

	"github.com/houqin/houqin/flows"
)

// benchRooms is a district-sized school of 300 rooms in one building on
// three floors, as `houqin bench` makes.
func benchRooms() []flows.Location {
	locs := make([]flows.Location, 300)
	for i := range locs {
		locs[i] = flows.Location{ID: int64(i + 1), SchoolID: 1, Building: "教学楼", Floor: strconv.Itoa(1 + i/100), Room: strconv.Itoa(101 + i), Active: true}
	}
	return locs
}

// BenchmarkUnderstand300Rooms reads one report against 300 rooms, as every
// report of the bench's school is read:
//
//	go test -run '^$' -bench Understand300Rooms -benchmem ./flows/repair/
func BenchmarkUnderstand300Rooms(b *testing.B) {
	locs := benchRooms()
	msgs := []string{"302教室第三排课桌腿断了", "教学楼2楼215 后门门锁坏了", "118的纱窗破了个洞"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if rd := Understand(msgs[i%len(msgs)], locs, Sender{}); len(rd.Problems) != 1 || rd.Problems[0].LocationID == 0 {
			b.Fatalf("%q: %+v", msgs[i%len(msgs)], rd)
		}
	}
}
