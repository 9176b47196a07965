// Package repair is 报修: a teacher's report, in one message or step by
// step, routed to the right worker under the rule 小修不隔夜、大修不隔天;
// the worker's 接单, 完成, 修不好, 转派 and 改大修/小修; the leader's
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
