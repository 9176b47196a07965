package visit

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// ParcelAskFlow answers a colleague who asks whether a parcel came to the
// gate for them or for an office (user test 30b: 王老师's 「团委的快递到了没」
// was answered with her repairs, 「我的快递还在门卫吗」 and 「快递拿了吗 我还没
// 去」 were not understood). The gate log has every parcel and drop-off the
// guard took in (logParcel, dropOffTold): those of the last week for the
// one asked about are listed; picking one up is not logged, so the answer
// says so rather than guess.
type ParcelAskFlow struct{}

// Name implements Flow.
func (ParcelAskFlow) Name() string { return "visit.parcel_ask" }

// Title implements Flow.
func (ParcelAskFlow) Title() string { return "查询门卫代收" }

// Triggers implements Flow: none; it answers a question only.
func (ParcelAskFlow) Triggers() []string { return nil }

// Allowed implements Flow: the staff the gate keeps parcels for. A
// guard's words about a parcel are ParcelFlow's.
func (ParcelAskFlow) Allowed(s flows.Staff) bool { return !s.Has(flows.RoleGuard) }

// Answers implements flows.Answerer: asked before a repair, which took
// 「快递到了没」 for a question about the asker's repairs.
func (ParcelAskFlow) Answers() {}

// parcelAskWindow is how far back the gate log is read.
const parcelAskWindow = 7 * 24 * time.Hour

var (
	// parcelQuestionRE asks whether a parcel came, waits or was taken:
	// 到了没, 到了吗, 有没有我的快递, 还在门卫吗, 拿了吗, 在哪.
	parcelQuestionRE = rx.MustCompile(`到了?没|到没到|到了?吗|来了?没|来了?吗|有没有|有吗|在不在|还在|在哪|在门卫|拿了?吗|取了?吗|拿了?没|取了?没|收到了?吗|收到没|[吗没呢么嘛？?]\s*$`)
	// parcelThingRE is a parcel service's thing, not a parcel: 快递柜坏了
	// is a repair, 快递点在哪 is no parcel of theirs.
	parcelThingRE = rx.MustCompile(`快递(?:柜|架|箱子?坏|点|站|车|费|单号|公司|电话)`)
)

// Accepts implements flows.Acceptor: a parcel named and asked about, or
// one to send (parcelOutRE: 顺丰几点来收, answered as for a guard); not a
// courier at the door or the parcel locker.
func (ParcelAskFlow) Accepts(t *flows.Turn) bool {
	s := parcelWords(parse.Normalize(t.Text))
	if !parcelRE.MatchString(s) || parcelThingRE.MatchString(s) || parcelEnterRE.MatchString(s) {
		return false
	}
	return parcelOutRE.MatchString(s) || parcelQuestionRE.MatchString(s)
}

// Start implements Flow: the parcels logged for the one asked about (an
// office's owner or head, a colleague named, or the asker) are listed.
func (ParcelAskFlow) Start(t *flows.Turn) error {
	t.Done()
	s := parcelWords(parse.Normalize(t.Text))
	if parcelOutRE.MatchString(s) {
		t.Say("寄件不经过门卫登记，我这里也查不到快递几点来收。请直接联系快递员，约好上门取件的时间。")
		return nil
	}
	whose, lead := t.Staff, ""
	if office := officeNamed(t, s); office != "" {
		host, listed, found, err := officeHost(t, office)
		if err != nil {
			return err
		}
		switch {
		case !found && listed:
			// Nobody to tell of the office's parcels: the guard asks
			// whom, who may have named the asker; hers are listed.
			lead = fmt.Sprintf("「%s」在地点表里没有登记负责人，%s的快递门卫会问清交给谁再通知。", office, office)
		case !found:
			lead = fmt.Sprintf("地点表里没有「%s」，%s的快递门卫会问清交给谁再通知。", office, office)
		case host.ID == t.Staff.ID:
			lead = fmt.Sprintf("%s的快递，门卫会通知你（地点表里%s的负责人）。", office, office)
		default:
			whose = host
			lead = fmt.Sprintf("%s的快递，门卫会通知%s的负责人%s。", office, office, host.Name)
		}
	} else if m := parcelForRE.FindStringSubmatch(s); m != nil && !strings.HasPrefix(s, "我") {
		// 李老师的快递到了没: the colleague named, if one fits.
		if host, _, ok, err := hostNamed(t, s); err != nil {
			return err
		} else if ok {
			whose = host
		}
	}
	visits, err := db(t).VisitsSince(t.Ctx, t.School.ID, t.Now.Add(-parcelAskWindow))
	if err != nil {
		return err
	}
	var lines []string
	for _, v := range visits {
		if v.HostID != whose.ID || v.Status != VisitKept || v.IDType != IDNone {
			continue
		}
		switch {
		case v.PurposeNote == parcelNote:
			lines = append(lines, fmt.Sprintf("· %s %s快递", t.When(v.ArrivedAt), v.Org))
		case v.Purpose == dropOffPurpose:
			lines = append(lines, fmt.Sprintf("· %s %s送来的%s", t.When(v.ArrivedAt), v.Name, strings.TrimPrefix(v.PurposeNote, "送")))
		}
	}
	you := "你"
	if whose.ID != t.Staff.ID {
		you = whose.Name
	}
	if len(lines) == 0 {
		t.Say(fmt.Sprintf("%s最近 7 天门卫没有登记给%s的快递或代收的东西。快递放到门卫室时，门卫会发消息通知%s；着急的话可以直接问门卫%s。", lead, you, you, guardsNamed(t)))
		return nil
	}
	all := "都"
	if len(lines) == 1 {
		all = ""
	}
	t.Say(fmt.Sprintf("%s最近 7 天门卫登记了给%s的 %d 件，%s放在门卫室，当时已通知%s：\n%s\n取件时门卫不登记，取没取我这里查不到；还没取的话请到门卫室领取。",
		lead, you, len(lines), all, you, strings.Join(lines, "\n")))
	return nil
}

// Step implements Flow: the answer keeps no conversation.
func (f ParcelAskFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}

// guardsNamed names the school's guards for a colleague to ask: 老郑, or
// "" when none is listed.
func guardsNamed(t *flows.Turn) string {
	gs, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleGuard)
	if err != nil || len(gs) == 0 {
		return ""
	}
	var names []string
	for _, g := range gs {
		names = append(names, g.Name)
	}
	return "（" + strings.Join(names, "、") + "）"
}
