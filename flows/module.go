package flows

import "strings"

// Module is one capability (报修, 来访, 留样 ...) as the engine and the
// scheduler see it: the conversations it offers and the time-driven work
// it needs. Each capability package has a Module constructor; cmd/houqin
// lists them, in order, in one place.
type Module struct {
	Name string
	// Flows are the module's conversations in menu order. A Flow that is
	// also an Actor handles the buttons on the module's notifications.
	Flows []Flow
	// Jobs run on every scheduler tick for every active school.
	Jobs []Job
	// Topics names, in Chinese, each area of the notification kinds the
	// module sends ("repair" of "repair.assigned" → 报修), for channels
	// that label a message by its subject (a WeChat template's field).
	Topics map[string]string
}

// KindArea is the area of a notification kind: "repair" of
// "repair.assigned". Notification kinds are written "area.event".
func KindArea(kind string) string {
	area, _, _ := strings.Cut(kind, ".")
	return area
}

// Topics returns the Chinese topic of a notification kind by the modules'
// Topics, or "" for a kind no module names.
func Topics(mods []Module) func(kind string) string {
	return func(kind string) string {
		area := KindArea(kind)
		for _, m := range mods {
			if t, ok := m.Topics[area]; ok {
				return t
			}
		}
		return ""
	}
}

// ModuleFlows lists the flows of mods in order. The order matters for free
// text: the first Answerer (a flow that only answers questions) that
// accepts a message starts its flow, else the first other Acceptor.
func ModuleFlows(mods []Module) []Flow {
	var fs []Flow
	for _, m := range mods {
		fs = append(fs, m.Flows...)
	}
	return fs
}

// ModuleJobs lists the jobs of mods in order.
func ModuleJobs(mods []Module) []Job {
	var js []Job
	for _, m := range mods {
		js = append(js, m.Jobs...)
	}
	return js
}
