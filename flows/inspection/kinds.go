package inspection

// Kinds of notification this capability sends (flows.Notification.Kind,
// which channels map to message templates).
const (
	KindAssigned      = "hazard.assigned"  // to the person responsible for a new hazard
	KindAlert         = "hazard.alert"     // to leaders: a serious (or 较大) hazard
	KindRecheck       = "hazard.recheck"   // to whoever re-checks a rectified hazard
	KindUpdate        = "hazard.update"    // to the people concerned: closed, reopened
	KindReminder      = "hazard.reminder"  // before a rectification deadline
	KindEscalated     = "hazard.escalated" // a deadline passed
	KindCheckOpened   = "check.opened"     // a long window (a month, a term) opened
	KindCheckReminder = "check.reminder"   // a window closes soon and the check is not done
	KindCheckMissed   = "check.missed"     // a window closed without the check
	KindExpiry        = "equipment.expiry" // equipment expires within ExpiryWarnDays
	KindReport        = "safety.report"    // the monthly safety report (安全月报)
	KindReportLink    = "safety.link"      // a fresh link to the report's page, asked for (「安全月报」)
)

// The kinds of item notifications name in their refs (flows.Ref):
// "hazard:12", a plan's checks "check:3", a school's equipment register
// and its monthly report.
const (
	RefKind      = "hazard"
	RefCheck     = "check"
	RefEquipment = "equipment"
	RefReport    = "safety-report"
)

// The button-data prefixes of the two actors: hazards (隐患) and checks (巡查).
const (
	ActorPrefix = "yh"
	CheckPrefix = "xc"
)

// Verb is what a notification button does.
type Verb string

// Button verbs.
const (
	VerbFix      Verb = "fix"      // 整改完成 (hazard)
	VerbPass     Verb = "pass"     // 复查通过 (hazard)
	VerbFail     Verb = "fail"     // 复查不通过 (hazard)
	VerbGive     Verb = "give"     // a leader hands a hazard to someone (hazard; its argument is the staff id)
	VerbUndo     Verb = "undo"     // a 整改 just recorded taken back (hazard)
	VerbRelay    Verb = "relay"    // a leader's instruction on a hazard, passed on (hazard)
	VerbDrop     Verb = "drop"     // a hazard whose repair another worker holds, let go (hazard)
	VerbProgress Verb = "progress" // a rectification's progress, told before it is done (hazard)
	VerbNote     Verb = "note"     // a re-checker's words on a hazard they already sent back (hazard)
	VerbStart    Verb = "start"    // 开始检查 (check: the plan, and the room of a room owner's check)
	VerbAmend    Verb = "amend"    // 不对 1有问题 right after a check was done: that item corrected (check; typed only)
)
