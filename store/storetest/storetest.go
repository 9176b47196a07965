// Package storetest gives tests a migrated PostgreSQL database (from
// store/pglocal/pgtest) and a small seeded school to work in.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
)

// Open returns a fresh, migrated database for one test.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	db, _ := OpenURL(tb)
	return db
}

// OpenURL is Open that also returns the database's URL, for a test that
// opens a second handle on the same database (a second instance).
func OpenURL(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	ctx := context.Background()
	url := pgtest.NewDB(tb)
	db, err := store.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db, url
}

// School is a seeded school: staff and locations by name.
type School struct {
	flows.School
	Staff map[string]flows.Staff
	Locs  map[string]flows.Location
}

// People is the default staff of a seeded school: the same people as the
// in-memory conversation tests' (flowtest.People), so both read alike.
var People = flowtest.People

// Seed creates a school with People, three rooms (教学楼302 a.k.a.
// 初二(3)班 owned by 李老师, 教学楼303, 实验楼二楼男厕所), routes for carpentry
// (王师傅), electrical (孙师傅) and plumbing (周师傅), and binds every
// person's console account (external id = staff id).
func Seed(tb testing.TB, db *store.DB, name string) School {
	tb.Helper()
	ctx := context.Background()
	s, err := db.AddSchool(ctx, name, "Asia/Shanghai", flows.DefaultSettings())
	if err != nil {
		tb.Fatal(err)
	}
	out := School{School: s, Staff: map[string]flows.Staff{}, Locs: map[string]flows.Location{}}
	for _, p := range People {
		st, err := db.AddStaff(ctx, flows.Staff{SchoolID: s.ID, Name: p.Name, Roles: p.Roles, Trades: p.Trades})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := db.BindConsole(ctx, st.ID, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			tb.Fatal(err)
		}
		out.Staff[p.Name] = st
	}
	for key, l := range map[string]flows.Location{
		"302":    {Building: "教学楼", Floor: "3", Room: "302", Aliases: []string{"初二(3)班"}, OwnerID: out.Staff["李老师"].ID},
		"303":    {Building: "教学楼", Floor: "3", Room: "303", Aliases: []string{"初二(4)班"}},
		"toilet": {Building: "实验楼", Floor: "2", Room: "二楼男厕所"},
	} {
		l.SchoolID = s.ID
		nl, err := db.AddLocation(ctx, l)
		if err != nil {
			tb.Fatal(err)
		}
		out.Locs[key] = nl
	}
	for trade, who := range map[flows.Trade]string{flows.TradeCarpentry: "王师傅", flows.TradeElectrical: "孙师傅", flows.TradePlumbing: "周师傅"} {
		if _, err := db.AddRoute(ctx, s.ID, trade, "", out.Staff[who].ID, 1); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}
