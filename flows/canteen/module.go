package canteen

import "github.com/houqin/houqin/flows"

// Module is the canteen: 留样 (food samples, their disposal and the
// missing-sample alert) and 陪餐 (the leader's accompanied meal).
func Module() flows.Module {
	return flows.Module{Name: "canteen", Flows: []flows.Flow{SampleFlow{}, AccompanyFlow{}, MenuFlow{}, FridgeWarm{}, Questions{}}, Jobs: []flows.Job{{Name: "samples", Run: sampleTick}},
		Topics: map[string]string{flows.KindArea(KindSampleViolation): "留样", flows.KindArea(KindCanteenIssue): "陪餐"}}
}
