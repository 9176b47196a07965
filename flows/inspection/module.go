package inspection

import "github.com/houqin/houqin/flows"

// Module is 巡查 · 隐患排查: doing checks by chat (巡查), reporting a hazard
// at any time (发现隐患) with the buttons that follow it to 整改 and 复查,
// and the jobs — check reminders and missed checks, rectification
// reminders and escalation, equipment expiry, and the monthly safety
// report to the principal, whose page link makes.
func Module(link ReportLink) flows.Module {
	return flows.Module{Name: "inspection", Flows: []flows.Flow{CheckFlow{}, RoundTold{}, HazardFlow{}, FixFlow{}, ReportFlow{link: link}}, Jobs: []flows.Job{
		{Name: "inspection-checks", Run: checkTick},
		{Name: "inspection-hazards", Run: hazardTick},
		{Name: "inspection-equipment", Run: equipmentTick},
		{Name: "inspection-report", Run: func(t *flows.Turn) error { return reportTick(t, link) }},
	}, Topics: map[string]string{flows.KindArea(KindAssigned): "安全隐患", flows.KindArea(KindCheckReminder): "安全检查",
		flows.KindArea(KindExpiry): "消防器材", flows.KindArea(KindReport): "安全月报"}}
}
