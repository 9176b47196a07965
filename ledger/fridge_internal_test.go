package ledger

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows/canteen"
	"github.com/xuri/excelize/v2"
)

// A batch moved to another fridge shows the temperature read when it was
// stored and the move beside it, never the new one in its place.
func TestFridgeCellShowsMove(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	b := canteen.SampleBatch{FridgeC: 3}
	if got := fridgeCell(b, loc); got != "3.0" {
		t.Errorf("not moved: %q", got)
	}
	b.MovedC, b.MovedAt = 4.5, time.Date(2026, 11, 20, 7, 50, 0, 0, time.UTC)
	if got, want := fridgeCell(b, loc), "3.0（11月20日 15:50 移至 4.5℃ 的冰箱）"; got != want {
		t.Errorf("moved: %q, want %q", got, want)
	}
}

// A disposal told late shows the time as the cook said it, or that she
// said none, with when it was entered; never the entry as the disposal's.
func TestDisposalCellToldLate(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	entered := time.Date(2026, 12, 2, 3, 11, 0, 0, time.UTC)
	for _, c := range []struct {
		said, want string
	}{
		{"11月22日下午", "11月22日下午（12月2日 11:11 补记）"},
		{"", "未说明具体时间（12月2日 11:11 补记）"},
	} {
		b := canteen.SampleBatch{DisposedAt: entered, DisposalEnteredAt: entered, DisposalSaid: c.said}
		cell, ok := disposalCell(b, loc, bookStyles).(excelize.Cell)
		if !ok || cell.Value != c.want {
			t.Errorf("said %q: cell %#v, want %q", c.said, cell, c.want)
		}
	}
	if cell, ok := disposalCell(canteen.SampleBatch{DisposedAt: entered}, loc, bookStyles).(excelize.Cell); !ok || cell.StyleID != bookStyles.date {
		t.Errorf("disposed as it was done: cell %#v, want the date itself", cell)
	}
}
