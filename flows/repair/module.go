package repair

import "github.com/houqin/houqin/flows"

// Module is 报修: the report flow, the follow-up questions of the worker's
// and the leader's buttons, and the deadline reminders, escalations and
// auto-confirmation.
func Module() flows.Module {
	return flows.Module{Name: "repair", Flows: []flows.Flow{RepairFlow{}, followUp{}, DutyAskFlow{}}, Jobs: []flows.Job{{Name: "repairs", Run: repairTick}},
		Topics: map[string]string{flows.KindArea(NoticeAssigned): "报修"}}
}
