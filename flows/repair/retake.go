package repair

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker whose 接单 took the wrong job says so and names the right one:
// 「搞错了 我接的是今天301日光灯那个 不是303的」 (user test 31's T13, not
// understood; the old 303 job stayed 维修中 and its reporter had been told
// he took it). The job taken by mistake goes back to 待接单 with him, its
// reporter told it was a mistake; the job he names is taken.

// retakeSaidRE is words saying the job taken was the wrong one and which
// he meant: 搞错了 我接的是今天301日光灯那个 不是303的, 接错了 应该是301那单,
// 不对 我要接的是301的灯. The words after 是 name the job meant (up to a
// 不是 that names the wrong one).
var retakeSaidRE = rx.MustCompile(`^(?:搞错了|弄错了|接错了|点错了|说错了|错了|不对)[啊呀了]*[\s，,。！!]*(?:不对[\s，,。！!]*)?(?:我)?(?:要接的|接的|说的|想接的)?(?:是|应该是)(.+?)(?:[\s，,]*不是.*)?$`)

// RetakeWindow is how soon after a 接单 it may be said to be of the wrong
// job and put back.
const RetakeWindow = 30 * time.Minute

// retakeSaid reads retakeSaidRE of a worker who took a job a moment ago
// and names another he may take: 撤回 of the one, 接单 of the other.
func retakeSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	m := retakeSaidRE.FindStringSubmatch(parse.Normalize(strings.TrimSpace(text)))
	if m == nil {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var last Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status == RepairAccepted && t.Now.Sub(r.AcceptedAt) <= RetakeWindow && r.AcceptedAt.After(last.AcceptedAt) {
			last = r
		}
	}
	if last.ID == 0 {
		return "", false
	}
	if held, ok := placedAlone(t, strings.TrimSpace(m[1]), []Repair{last}); ok && !placedBesides(t, strings.TrimSpace(m[1]), held, rs) {
		// 搞错了 我接的是今天301日光灯那个 不是303的 while he holds the 301
		// job: what he meant is what he has (re-typing user test 31's T13
		// dropped 301 and took the 303 job by its 灯).
		t.Say(fmt.Sprintf("%s（%s「%s」）已经在你手上了，不用改；修好后回复「完成 %d」。", held.Ref, held.Place(), flows.ClipWords(firstDescription(held), 20), Num(held)))
		return "", true
	}
	var others []Repair
	for _, r := range rs {
		if r.ID != last.ID && r.WorkerID == t.Staff.ID && (mayAct(t, r, verbTake) == "" || r.Status == RepairAccepted) {
			others = append(others, r)
		}
	}
	// The job meant is another than the one taken: 今天301日光灯那个 is
	// read among the others, where the 灯 of the old 303 job taken does
	// not make it two.
	meant, ok := pickedByText(t, strings.TrimSpace(m[1]), others)
	if !ok {
		meant, ok = placedAlone(t, strings.TrimSpace(m[1]), others) // 应该是301那单: the one at 其他地点：301
	}
	if !ok {
		return "", false // the words name none of the others: read as before
	}
	return action(verbRetake, last.ID, strconv.FormatInt(meant.ID, 10)), true
}

// mayRetake is why t.Staff may not put r back as taken by mistake, or "".
func mayRetake(t *flows.Turn, r Repair) string {
	switch {
	case r.WorkerID != t.Staff.ID:
		return "只有接单的维修人员本人可以撤回接单。"
	case r.Status != RepairAccepted:
		return fmt.Sprintf("%s 目前%s，没有要撤回的接单。", r.Ref, r.Status.Label())
	case t.Now.Sub(r.AcceptedAt) > RetakeWindow:
		return fmt.Sprintf("%s 接单已经超过 %d 分钟，不能撤回了；如果不是你的活，请回复「转派 %d」。", r.Ref, int(RetakeWindow.Minutes()), Num(r))
	}
	return ""
}

// retake puts r, taken by mistake, back to 待接单 with t.Staff, tells its
// reporter and followers, and takes the job args[0] names instead.
func retake(t *flows.Turn, r Repair, args []string) error {
	t.Done()
	r.Status, r.AcceptedAt = RepairAssigned, time.Time{}
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventUntaken, From: RepairAccepted, To: RepairAssigned,
		Note: "维修人员更正：接错了单：" + flows.Clip(strings.TrimSpace(t.Text), 100)}); err != nil {
		return err
	}
	if err := tellReporter(t, r, fmt.Sprintf("【更正】你报修的 %s（%s %s）刚才说%s已接单，是他接错了单（他要接的是另一单），请忽略刚才那条消息。这单仍由%s负责，会照常处理。",
		r.Ref, r.Place(), r.Description, t.Staff.Name, t.Staff.Name), nil, false); err != nil {
		return err
	}
	if err := tellFollowers(t, r, fmt.Sprintf("更正：你关注的 %s（%s %s）刚才的「已接单」是接错了，已撤回，仍待接单。", r.Ref, r.Place(), followerDesc(r))); err != nil {
		return err
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已撤回 %s（%s「%s」）的接单，这单仍待你接单；也告诉了报修人%s是接错了。", r.Ref, r.Place(), jobWords(r, 20), r.ReporterName))
	if len(args) == 0 {
		return nil
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return nil
	}
	o, err := db(t).Repair(t.Ctx, id)
	if err != nil {
		return err
	}
	if ok, err := concerns(t, o); err != nil || !ok || o.SchoolID != t.School.ID {
		return err
	}
	if o.Status == RepairAccepted && o.WorkerID == t.Staff.ID {
		t.Say(fmt.Sprintf("%s（%s「%s」）已经在你手上了，修好后回复「完成 %d」。", o.Ref, o.Place(), jobWords(o, 20), Num(o)), jobButtons(o)...)
		return nil
	}
	if msg := mayAct(t, o, verbTake); msg != "" {
		t.Say(msg)
		return nil
	}
	return takeOneSaying(t, o, "")
}

// placedBesides reports whether the place text names holds another of
// his open jobs than r: then the place alone does not say it is r.
func placedBesides(t *flows.Turn, text string, r Repair, rs []Repair) bool {
	var others []Repair
	for _, o := range rs {
		if o.ID != r.ID && o.WorkerID == t.Staff.ID && o.Status.Open() && o.LocationID == r.LocationID && o.PlaceText == r.PlaceText {
			others = append(others, o)
		}
	}
	_, ok := placedAlone(t, text, others)
	return ok
}

// placedAlone is the one repair of rs at the place text names, in the
// location table or outside it (301 of 其他地点：301), if only one is.
func placedAlone(t *flows.Turn, text string, rs []Repair) (Repair, bool) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return Repair{}, false
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 && g.PlaceText == "" {
		return Repair{}, false
	}
	var at []Repair
	for _, r := range rs {
		if g.LocationID != 0 && r.LocationID == g.LocationID || g.LocationID == 0 && atPlace(r, g.PlaceText) {
			at = append(at, r)
		}
	}
	if len(at) != 1 {
		return Repair{}, false
	}
	return at[0], true
}
