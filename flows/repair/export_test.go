package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// ContractWorld gives the external test package the in-memory Store on
// flowtest's seeded school, for repairtest.Contract.
func ContractWorld(t testing.TB) (Store, *flowtest.Core, flows.School) {
	w := newWorld(t)
	return w.fakeStore, w.Core, w.school
}
