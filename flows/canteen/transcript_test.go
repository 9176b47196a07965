package canteen_test

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/repair/repairtest"
)

// world is one transaction of the canteen's transcripts: the core fake and
// the canteen's, so flows.StoreOf finds canteen.Store in it.
type world struct {
	*flowtest.Core
	*fakeCanteen
	words map[int64][]lexicon.Entry // schools' own words (houqin lexicon add)
}

// Lexicon implements lexicon.Store, as the store does.
func (w world) Lexicon(_ context.Context, schoolID int64) ([]lexicon.Entry, error) {
	return w.words[schoolID], nil
}

// Monday is the first day with menus in the seeded world: the canteen
// publishes the next week's menu, so the Friday of flowtest.Start has none.
var Monday = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// newWorld is the seeded school 一中 with the canteen module and the
// menus of Monday 2026-11-23; settings, when given, change the school's
// rules before the script starts.
func newWorld(t *testing.T, settings ...func(*flows.Settings)) *flowtest.World {
	c := flowtest.NewCore()
	s := flowtest.Seed(c)
	for _, set := range settings {
		set(&c.Schools[0].Settings)
	}
	f := newFakeCanteen(c)
	for meal, dishes := range map[string][]string{
		flows.MealLunch:  {"红烧肉", "清炒菜心", "米饭", "紫菜蛋汤"},
		flows.MealDinner: {"宫保鸡丁", "炒白菜", "米饭", "冬瓜汤"},
	} {
		if _, err := f.SetMenu(context.Background(), s.ID, Monday, meal, dishes, flowtest.Start); err != nil {
			t.Fatal(err)
		}
	}
	return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: world{c, f, nil}}, Modules: []flows.Module{canteen.Module()}}
}

// 留样 and 陪餐 as golden transcripts (testdata/*.txt; -update rewrites them).
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World { return newWorld(t) })
}

// TestBesideRepairTranscripts: the canteen's flows beside the repair
// module, as serve runs them (testdata/withrepair).
func TestBesideRepairTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/withrepair/*.txt", besideRepair)
}

// besideRepair is the canteen's world with the repair module registered
// before it, as serve registers them.
func besideRepair(t *testing.T) *flowtest.World {
	w := newWorld(t)
	w.Modules = append([]flows.Module{repair.Module()}, w.Modules...) // serve registers repair first
	w.Store.(*flowtest.Store).Tx = repairWorld{world: w.Store.(*flowtest.Store).Tx.(world)}
	return w
}

// TestBesideRepairKitchenTranscripts: beside repair, in a school whose
// location table has the canteen's kitchen (食堂 后厨), where a cook's
// sample fridge is reported (testdata/withkitchen; rr16 F58).
func TestBesideRepairKitchenTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/withkitchen/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		w.Core.AddLocation(flows.Location{SchoolID: w.Core.Schools[0].ID, Building: "食堂", Room: "后厨", Active: true})
		w.Modules = append([]flows.Module{repair.Module()}, w.Modules...)
		w.Store.(*flowtest.Store).Tx = repairWorld{world: w.Store.(*flowtest.Store).Tx.(world)}
		return w
	})
}

// repairWorld is this module's world with a school that has no repairs
// (repairtest.NoRepairs), as repair finds it in serve.
type repairWorld struct {
	world
	repairtest.NoRepairs
}

// A school whose canteen serves lunch only owes samples for lunch only.
func TestTranscriptsLunchOnly(t *testing.T) {
	flowtest.Run(t, "testdata/lunch-only/*.txt", func(t *testing.T) *flowtest.World {
		return newWorld(t, func(st *flows.Settings) {
			st.Meals = []flows.Meal{{Key: flows.MealLunch, Starts: 11*60 + 50, Ends: 12*60 + 40}}
		})
	})
}

// A school's own meal word (houqin lexicon add --kind meal 午点 snack) and
// fridge word (--kind fridge 留样箱): 一中 added them, 二中 (a second school
// with a cook, 二中食堂) did not.
func TestTranscriptsSchoolWords(t *testing.T) {
	flowtest.Run(t, "testdata/lexicon/*.txt", func(t *testing.T) *flowtest.World {
		fw := newWorld(t)
		c := fw.Core
		other := c.AddSchool("二中")
		c.Bind(flows.ChannelConsole, "二中食堂", c.AddStaff(flows.Staff{SchoolID: other.ID, Name: "二中食堂", Roles: []flows.Role{flows.RoleCanteen}}))
		w := fw.Store.(*flowtest.Store).Tx.(world)
		w.words = map[int64][]lexicon.Entry{c.Schools[0].ID: {
			{Kind: lexicon.Meal, Word: "午点", Value: flows.MealSnack},
			{Kind: lexicon.Fridge, Word: "留样箱"},
		}}
		fw.Store.(*flowtest.Store).Tx = w
		return fw
	})
}
