package flowtest

import (
	"time"

	"github.com/houqin/houqin/flows"
)

// Person is one member of the seeded school's staff.
type Person struct {
	Name   string
	Roles  []flows.Role
	Trades []flows.Trade
}

// People are the staff of the seeded school 一中, the same people as the
// PostgreSQL suite's (store/storetest), so transcripts read alike.
var People = []Person{
	{"张校长", []flows.Role{flows.RolePrincipal}, nil},
	{"刘副校长", []flows.Role{flows.RoleLeader}, nil},
	{"陈主任", []flows.Role{flows.RoleHead}, nil},
	{"李老师", []flows.Role{flows.RoleTeacher}, nil},
	{"王老师", []flows.Role{flows.RoleTeacher}, nil},
	{"王师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradeCarpentry}},
	{"马师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradeCarpentry}},
	{"孙师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradeElectrical}},
	{"周师傅", []flows.Role{flows.RoleWorker}, []flows.Trade{flows.TradePlumbing}},
	{"老郑", []flows.Role{flows.RoleGuard}, nil},
	{"钱阿姨", []flows.Role{flows.RoleCanteen}, nil},
}

// Start is the seeded world's first moment: Friday 2026-11-20 08:00 in
// Asia/Shanghai.
var Start = time.Date(2026, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))

// Seed adds the school 一中 to c with People (each bound on the console
// channel under their own name), the classrooms 302 (初二(3)班, owned by
// 李老师) and 303 (初二(4)班) of 教学楼, and 实验楼's 二楼男厕所. It returns
// the school.
func Seed(c *Core) flows.School {
	s := c.AddSchool("一中")
	for _, p := range People {
		st := c.AddStaff(flows.Staff{SchoolID: s.ID, Name: p.Name, Roles: p.Roles, Trades: p.Trades})
		c.Bind(flows.ChannelConsole, p.Name, st)
	}
	owner, _ := c.StaffNamed("李老师")
	c.AddLocation(flows.Location{SchoolID: s.ID, Building: "教学楼", Floor: "3", Room: "302", Aliases: []string{"初二(3)班"}, OwnerID: owner.ID})
	c.AddLocation(flows.Location{SchoolID: s.ID, Building: "教学楼", Floor: "3", Room: "303", Aliases: []string{"初二(4)班"}})
	c.AddLocation(flows.Location{SchoolID: s.ID, Building: "实验楼", Floor: "2", Room: "二楼男厕所"})
	return s
}
