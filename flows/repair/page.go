package repair

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
)

// The job page (/r/{ref}, package web) shows a repair to the people who
// have a part in it, with the buttons they may press. The buttons are the
// Actor's own button data, so pressing one on the page goes through
// Engine.Handle exactly as a tap in chat does, and the same checks (Act's
// concerns and mayAct) decide again at that moment.

// PageStore is what the job page reads: the transaction (or the pool), as
// this capability's Store, with a repair by reference and its trail.
type PageStore interface {
	flows.Tx
	Store
	// RepairByRef returns a school's repair by reference, or ErrNotFound.
	RepairByRef(ctx context.Context, schoolID int64, ref string) (Repair, error)
	// RepairEvents returns a repair's audit trail, oldest first.
	RepairEvents(ctx context.Context, repairID int64) ([]RepairEvent, error)
}

// Page is a repair as one viewer sees it.
type Page struct {
	Repair  Repair
	Events  []RepairEvent
	Actions []flows.Button // what the viewer may do now, as the Actor's button data
}

// LoadPage reads repair ref of school for viewer. It returns
// flows.ErrNotFound both when there is no such repair and when the viewer
// has no part in it, so that the page never tells a stranger that a
// reference exists.
func LoadPage(ctx context.Context, tx PageStore, school flows.School, viewer flows.Staff, ref string, now time.Time) (Page, error) {
	if viewer.SchoolID != school.ID || !viewer.Active {
		return Page{}, flows.ErrNotFound
	}
	r, err := tx.RepairByRef(ctx, school.ID, ref)
	if err != nil {
		return Page{}, err
	}
	t := &flows.Turn{Ctx: ctx, Tx: tx, Now: now, School: school, Staff: viewer}
	ok, err := concerns(t, r)
	if err != nil {
		return Page{}, err
	}
	if !ok {
		return Page{}, flows.ErrNotFound
	}
	evs, err := tx.RepairEvents(ctx, r.ID)
	if err != nil {
		return Page{}, err
	}
	// The photo kept for a 没修好 taken back is the trail's bookkeeping,
	// its note a chat reference no one reads.
	evs = slices.DeleteFunc(evs, func(e RepairEvent) bool { return e.Kind == EventDonePhotoKept })
	return Page{Repair: r, Events: evs, Actions: pageActions(t, r)}, nil
}

// pageVerbs are the verbs offered on the page, in the order shown.
var pageVerbs = []struct {
	v     verb
	label string
}{
	{verbTake, "接单"}, {verbDone, "完成"}, {verbBlock, "修不好"}, {verbXfer, "转派"}, {verbReclass, ""},
	{verbLead, "处理"}, {verbOK, "确认修好（验收）"}, {verbRedo, "没修好"},
}

// pageActions lists the buttons t.Staff may press on r now.
func pageActions(t *flows.Turn, r Repair) []flows.Button {
	var out []flows.Button
	for _, pv := range pageVerbs {
		if mayAct(t, r, pv.v) != "" {
			continue
		}
		label := pv.label
		if pv.v == verbReclass {
			label = "改紧急/大修/小修" // the page, like the card, then asks which
		}
		out = append(out, flows.Button{Label: label, Data: action(pv.v, r.ID)})
	}
	if mayAct(t, r, verbRate) == "" {
		out = append(out, rateButtons(r.ID, "")...)
	}
	return out
}

// Label is the event's name on the job page: 报修, 接单, 完成 ...
func (k EventKind) Label() string {
	switch k {
	case EventReported:
		return "报修"
	case EventAccepted:
		return "接单"
	case EventDone:
		return "完成维修"
	case EventBlocked:
		return "修不好，上报"
	case EventTransferred:
		return "转派"
	case EventReclassified:
		return "改大修/小修"
	case EventDecided:
		return "领导处理"
	case EventReopened:
		return "验收未通过，重修"
	case EventConfirmed:
		return "验收通过"
	case EventAutoConfirmed:
		return "到期自动验收"
	case EventUnconfirmed:
		return "报修人撤回验收"
	case EventUndone:
		return "维修人员撤回完成"
	case EventUntaken:
		return "维修人员撤回接错的单"
	case EventUnblocked:
		return "维修人员撤回修不好（已修好）"
	case EventRedoUndone:
		return "报修人撤回没修好"
	case EventDonePhotoKept:
		return "返修前的完工照片（存档）" // not shown on the job page (LoadPage)
	case EventRated:
		return "评分"
	case EventCommented:
		return "评价"
	case EventNoted:
		return "维修进度说明"
	case EventCancelled:
		return "撤销报修"
	case EventMergedInto:
		return "与另一张报修单重复，已并入"
	case EventMessaged:
		return "报修人留言"
	case EventNudged:
		return "催修"
	case EventOrdered:
		return "领导交代"
	}
	return string(k)
}

// IsRepairRef reports whether s looks like a repair reference
// (BX-20261120-007), so a page can refuse anything else before reading.
func IsRepairRef(s string) bool {
	if len(s) < 4 || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// RatingText is a rating as shown: 「4 分」, or "" when not rated.
func RatingText(r Repair) string {
	if r.Rating == 0 {
		return ""
	}
	return strconv.Itoa(r.Rating) + " 分"
}
