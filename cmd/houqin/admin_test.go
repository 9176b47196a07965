package main

import (
	"slices"
	"testing"

	"github.com/houqin/houqin/flows"
)

func TestParseRolesAndTrades(t *testing.T) {
	roles, err := parseRoles("teacher,门卫、 leader")
	if want := []flows.Role{flows.RoleTeacher, flows.RoleGuard, flows.RoleLeader}; err != nil || !slices.Equal(roles, want) {
		t.Errorf("parseRoles = %v, %v; want %v", roles, err, want)
	}
	trades, err := parseTrades("carpentry，电工;av")
	if want := []flows.Trade{flows.TradeCarpentry, flows.TradeElectrical, flows.TradeAV}; err != nil || !slices.Equal(trades, want) {
		t.Errorf("parseTrades = %v, %v; want %v", trades, err, want)
	}
	for _, c := range []struct {
		got  error
		want string
	}{
		{second(parseRoles("janitor")), `unknown role "janitor" (roles: teacher, guard, canteen, worker, head, leader, principal, admin)`},
		{second(parseRoles(" , ")), "at least one role is required"},
		{second(parseTrades("welding")), `unknown trade "welding" (trades: carpentry, electrical, plumbing, av, building, general)`},
	} {
		if c.got == nil || c.got.Error() != c.want {
			t.Errorf("got %v, want %q", c.got, c.want)
		}
	}
	if ts, err := parseTrades(""); err != nil || len(ts) != 0 {
		t.Errorf("parseTrades(\"\") = %v, %v; want none", ts, err)
	}
}

func second[T any](_ T, err error) error { return err }
