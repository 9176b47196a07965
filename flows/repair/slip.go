package repair

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
)

// A 没修好 sent by mistake and taken back (undo.go) leaves the job with its
// worker, to be marked done again; the 返修 had cleared his finish. His
// 完成 then is an ordinary completion, not a rework's: the cause and the
// damage note he gave before the slip (kept in the trail's 完成 event)
// are recorded again, not asked again (user test 17's F16/F23 were asked
// both, and the photo, after 「那就算完成」), and the followers hear it
// fixed, not fixed again. Only a photo sent now goes with it: the one
// sent before the slip is not in the trail.

// finishBeforeSlip is the cause and damage note r was finished with
// before a 没修好 that was then taken back; ok false when r was not sent
// back, or sent back for good, or the store keeps no trail.
func finishBeforeSlip(t *flows.Turn, r Repair) (cause Cause, note string, ok bool) {
	if r.Reopens == 0 || r.Status != RepairAssigned && r.Status != RepairAccepted {
		return "", "", false
	}
	er, isReader := t.Tx.(eventsReader)
	if !isReader {
		return "", "", false
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return "", "", false
	}
	back := -1
	for i, e := range evs {
		if e.Kind == EventReopened {
			back = i
		}
	}
	if back < 0 || !slices.ContainsFunc(evs[back+1:], redoTakenBack) {
		return "", "", false
	}
	for i := back - 1; i >= 0; i-- {
		if evs[i].Kind == EventDone {
			return doneNoteCause(evs[i].Note)
		}
	}
	return "", "", false
}

// redoTakenBack reports whether e is a 没修好 taken back (takeBackRedo's
// 更正, kept as a word to the worker).
func redoTakenBack(e RepairEvent) bool {
	return e.Kind == EventMessaged && strings.Contains(e.Note, "更正") && strings.Contains(e.Note, "「没修好」")
}

// doneNoteCause reads the cause and damage note back from a 完成 event's
// note, as finishDone writes it: the cause's label, then 「：」 and the
// note for 人为损坏, then 「；」 and the worker's words, if any.
func doneNoteCause(note string) (Cause, string, bool) {
	for _, c := range []Cause{CauseWear, CauseDamage} {
		rest, ok := strings.CutPrefix(note, c.Label())
		if !ok {
			continue
		}
		if c == CauseWear {
			return c, "", true
		}
		damage, ok := strings.CutPrefix(rest, "：")
		if !ok {
			return "", "", false
		}
		damage, _, _ = strings.Cut(damage, "；")
		return c, damage, damage != ""
	}
	return "", "", false
}
