package visit

import "github.com/houqin/houqin/flows"

// Module is 来访登记: the guard's check-in, the list of visitors on site,
// the host's confirmation buttons, and the host timeout, gate-closing and
// personal-data purge jobs. Without a vault (no id_key configured) the
// check-in refuses politely.
func Module(vault *IDVault) flows.Module { return module(VisitFlow{Vault: vault}) }

// ModuleOff is Module with check-in off for the reason why (told to the
// guard, who keeps the paper log); the jobs run as ever.
func ModuleOff(why string) flows.Module { return module(VisitFlow{Off: why}) }

func module(checkIn VisitFlow) flows.Module {
	// The purge runs first, so that no reminder written on the same tick
	// repeats personal data whose retention has just ended.
	return flows.Module{Name: "visit", Flows: []flows.Flow{GateAlertFlow{}, PickupFlow{}, ParcelAckFlow{}, ParcelFlow{}, ParcelAskFlow{}, checkIn, VisitorsFlow{CheckIn: checkIn}, PickFlow{Acts: checkIn}, TurnedAwayFlow{},
		LeaderAskFlow{}, LeaderOrderFlow{}}, Jobs: []flows.Job{
		{Name: "visit-purge", Run: visitPurge},
		{Name: "visit-host-timeout", Run: visitTimeouts},
		{Name: "visit-gate-close", Run: visitGateClose},
	}, Topics: map[string]string{flows.KindArea(NoticeConfirm): "来访"}}
}
