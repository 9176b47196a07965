package visit

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestOfficeParcelTranscripts: a parcel for an office (testdata/office),
// in a school whose table has 教务处, owned by 陈主任, and 总务处, which
// nobody owns, and 团委 (团委办公室), owned by 王老师: the owner is told, or
// the guard is told to phone.
func TestOfficeParcelTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/office/*.txt", func(t *testing.T) *flowtest.World {
		fw, w := newWorld(t, testVault(t))
		chen, err := w.StaffNamed("陈主任")
		if err != nil {
			t.Fatal(err)
		}
		w.AddLocation(flows.Location{SchoolID: chen.SchoolID, Building: "行政楼", Floor: "2", Room: "教务处", OwnerID: chen.ID, Active: true})
		w.AddLocation(flows.Location{SchoolID: chen.SchoolID, Building: "行政楼", Floor: "2", Room: "总务处", Active: true})
		wang, err := w.StaffNamed("王老师")
		if err != nil {
			t.Fatal(err)
		}
		w.AddLocation(flows.Location{SchoolID: chen.SchoolID, Building: "行政楼", Floor: "3", Room: "团委办公室", Aliases: []string{"团委"}, OwnerID: wang.ID, Active: true})
		return fw
	})
}
