package repair_test

import (
	"context"
	"testing"

	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/repair/repairtest"
)

// The in-memory Store keeps the contract the PostgreSQL store keeps
// (store/repair_test.go runs the same).
func TestFakeKeepsTheContract(t *testing.T) {
	s, core, school := repair.ContractWorld(t)
	rooms := map[string]string{"302": "302", "303": "303", "toilet": "二楼男厕所"}
	repairtest.Contract(t, repairtest.World{
		Do:     func(fn func(repair.Store) error) error { return fn(s) },
		School: school.ID,
		Staff: func(name string) int64 {
			st, err := core.StaffNamed(name)
			if err != nil {
				t.Fatal(err)
			}
			return st.ID
		},
		Location: func(key string) int64 {
			ls, _ := core.Locations(context.Background(), school.ID)
			for _, l := range ls {
				if l.Room == rooms[key] {
					return l.ID
				}
			}
			t.Fatalf("no location %s", key)
			return 0
		},
	})
}
