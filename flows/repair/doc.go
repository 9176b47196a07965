// Package repair is 报修: a teacher's report, in one message or step by
// step (several problems in one message are one job each), routed to the
// right worker under the rule 小修不隔夜、大修不隔天 and, for a hazard
// (紧急), at once to the worker and the leaders with a short deadline;
// the worker's 接单, 完成, 修不好, 转派 and 改紧急/大修/小修; the leader's
// decision when a repair cannot be done; the reporter's 验收 and rating;
// and the reminders, escalations and auto-confirmation that keep every
// repair moving.
//
// The package is laid out by what each part does:
//
//	repair.go    Repair, its statuses and state machine (CanMove), causes,
//	             event kinds, the deadline rule (RepairDue) and routing
//	             (ChooseWorker)
//	names.go     the words it writes outside itself: states, verbs,
//	             notification kinds, the item reference
//	flow.go      RepairFlow, the report, with its state table; 我的
//	several.go   several problems in one message, one read-back
//	intents.go   progress questions, thanks, a worker's 「X好了」
//	file.go      filing a report: duplicates, 其他地点, the urgent alert
//	fault.go     sameFault, when a report is an open repair's fault
//	understand.go the interface to reading free text (Understand)
//	act.go       the Actor: typed commands, who may do what, button actions
//	followup.go  followUp, the questions a button leads to, with its state
//	             table, and the changes they end in
//	jobs.go      the scheduler's work
//	parse.go     GuessRepair, reading place, trade and severity from text
//	store.go     Store, what it needs of the database
//
// Conversations are tested as golden transcripts (testdata/*.txt) on an
// in-memory Store that keeps repairtest.Contract, as the PostgreSQL one
// does.
package repair
