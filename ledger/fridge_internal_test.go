package ledger

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows/canteen"
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
