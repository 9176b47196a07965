package flows_test

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// The core's own conversations (binding, the menu, help, cancel, words it
// does not understand) as golden transcripts, with no capability modules.
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World {
		c := flowtest.NewCore()
		s := flowtest.Seed(c)
		newcomer := c.AddStaff(flows.Staff{SchoolID: s.ID, Name: "新老师", Roles: []flows.Role{flows.RoleTeacher}})
		c.Invite("7K3M9QXA", newcomer, flowtest.Start, flowtest.Start.AddDate(0, 0, 7))
		c.Invite("OLDCODE2", newcomer, flowtest.Start.AddDate(0, 0, -8), flowtest.Start.AddDate(0, 0, -1))
		li, _ := c.StaffNamed("李老师")
		c.Invite("LI2NDACC", li, flowtest.Start, flowtest.Start.AddDate(0, 0, 7))
		chen, _ := c.StaffNamed("陈主任")
		c.Invite("HEAD2ACC", chen, flowtest.Start, flowtest.Start.AddDate(0, 0, 7))
		return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: c}, Modules: []flows.Module{flows.Housekeeping()}}
	})
}
