package flows_test

import (
	"errors"
	"testing"

	"github.com/houqin/houqin/flows"
)

func TestStaffValidate(t *testing.T) {
	worker := []flows.Role{flows.RoleWorker}
	teacher := []flows.Role{flows.RoleTeacher}
	carpentry := []flows.Trade{flows.TradeCarpentry}
	for _, c := range []struct {
		s        flows.Staff
		ok       bool
		noWorker bool
	}{
		{flows.Staff{Name: "王师傅", Roles: worker, Trades: carpentry}, true, false},
		{flows.Staff{Name: "王师傅", Roles: []flows.Role{flows.RoleGuard, flows.RoleWorker}, Trades: carpentry}, true, false},
		{flows.Staff{Name: "李老师", Roles: teacher}, true, false},
		{flows.Staff{Name: "王师傅", Roles: worker}, true, false}, // a worker without a trade gets what is dispatched to them
		{flows.Staff{Name: "李老师", Roles: teacher, Trades: carpentry}, false, true},
		{flows.Staff{Name: " ", Roles: teacher}, false, false},
		{flows.Staff{Name: "李老师"}, false, false},
	} {
		err := c.s.Validate()
		if (err == nil) != c.ok || errors.Is(err, flows.ErrTradeNotWorker) != c.noWorker || (err != nil && !errors.Is(err, flows.ErrInvalid)) {
			t.Errorf("%+v.Validate() = %v", c.s, err)
		}
	}
}
