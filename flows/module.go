package flows

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
}

// ModuleFlows lists the flows of mods in order. The order matters for free
// text: the first Acceptor that accepts a message starts its flow.
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
