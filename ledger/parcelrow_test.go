package ledger

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows/visit"
)

// TestParcelVisitRow: a parcel left at the gate (visit.ParcelFlow) is a
// line of the 来访登记簿 that reads as a delivery kept at the gate, with
// no document and nobody let in (user test 28's K39).
func TestParcelVisitRow(t *testing.T) {
	at := time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC)
	v := visit.Visit{Name: "顺丰快递员", IDType: visit.IDNone, Org: "顺丰", Purpose: "送货", PurposeNote: "快递代收",
		HostName: "陈主任", Party: 1, Status: visit.VisitKept, ArrivedAt: at, LeftAt: at, DecidedAt: at,
		Decision: "快递放门卫室代收，已通知陈主任取件", GuardName: "老郑"}
	row := visitRow(v, time.UTC, styles{})
	for i, want := range map[int]string{2: "顺丰快递员", 3: "无证件", 7: "送货（快递代收）", 8: "陈主任", 11: "留在门卫处，未入校（快递放门卫室代收，已通知陈主任取件）"} {
		if got, _ := row[i].(string); got != want {
			t.Errorf("column %d: got %q, want %q", i, got, want)
		}
	}
}
