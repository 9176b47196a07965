package store

import (
	"reflect"
	"testing"
)

// TestRepairRowFields: repairRow.fields lists every field once, in the
// struct's order, which selectRepairRows checks a query's columns against
// by the fields' db tags; a field added, moved or left out of the list
// would scan columns into the wrong fields.
func TestRepairRowFields(t *testing.T) {
	var r repairRow
	v := reflect.ValueOf(&r).Elem()
	got := r.fields()
	if len(got) != v.NumField() || len(repairRowColumns) != v.NumField() {
		t.Fatalf("fields() has %d pointers and repairRowColumns %d names for %d fields", len(got), len(repairRowColumns), v.NumField())
	}
	for i, p := range got {
		if want := v.Field(i).Addr().Interface(); p != want {
			t.Errorf("fields()[%d] is not a pointer to %s", i, v.Type().Field(i).Name)
		}
	}
	if repairRowColumns[0] != "id" || repairRowColumns[len(repairRowColumns)-1] != "worker_name" {
		t.Errorf("repairRowColumns = %q", repairRowColumns)
	}
}
