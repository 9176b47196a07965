package repair

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// A reporter whose repair is still open may say again what is wrong,
// naming no place: the re-run of user test 18 had 赵老师, her 配电箱 job
// just sent back (没修好), write 「刚才说了啊 箱门摸着麻手」. It began a new
// urgent report asking 在哪里 (and alerting the leaders of a second
// hazard), and the stray draft then swallowed her rating as its place.
// Words that fit her own open job closely — its trade, and the words of
// its description (her 返修 words are part of it) — are a follow-up of
// that job: its worker is urged (催) with her words, and nothing is
// filed. A report that names a place goes on as any (she knows where a
// new fault is), and so do words that share only a thing with her job
// (灯管一闪一闪的 beside 有盏灯不亮 asks stateOwnSame at the read-back).

// sameWordsPairs is how many pairs of characters of an open job's
// description a placeless report must repeat to be read as that job's
// follow-up.
const sameWordsPairs = 2

// ownJobAgain answers a placeless report that says again what one of the
// writer's own open repairs is about (see above), and reports whether it
// did.
func ownJobAgain(t *flows.Turn, g RepairGuess, text string) (bool, error) {
	if g.LocationID != 0 || g.PlaceText != "" || len(g.LocationCandidates) > 0 || g.Trade == "" || t.Image() != "" {
		return false, nil
	}
	rs, err := myReports(t)
	if err != nil {
		return false, err
	}
	norm := strings.ToLower(parse.Normalize(text))
	var hit []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone && r.WorkerID != 0 &&
			r.Trade == g.Trade && sharedPairs(norm, r.Description) >= sameWordsPairs {
			hit = append(hit, r)
		}
	}
	if len(hit) != 1 {
		return false, nil
	}
	r := hit[0]
	t.Done()
	told, err := nudge(t, r)
	if err != nil {
		return true, err
	}
	tell := fmt.Sprintf("已提醒%s尽快处理，也转告了你的话。", r.WorkerName)
	if !told {
		tell = fmt.Sprintf("今天已经提醒过%s了，超过期限会自动上报分管领导督办。", r.WorkerName)
	}
	t.Say(fmt.Sprintf("你说的是已报修的 %s，所以没有另开新单。%s\n如果是别处新的问题，请连同地点再发一次。", statusLine(t, r), tell))
	return true, nil
}

// A worker who began a report by the menu (报修, or its number typed as
// the answer to some other question: the re-run of user test 18's 孙师傅
// typed 「1」 and was asked 在哪里) and then writes of a job he holds
// (阅览室空调我看了 压缩机不行了 得厂家来修) means that job, not the empty
// draft: the draft had read his words as its place and problem, a new
// report of the air conditioner he was mending.

// blank reports whether d holds nothing yet: no place, problem or photo.
func (d *repairDraft) blank() bool {
	return d.Photo == "" && d.Desc == "" && d.Item == "" && !d.located() && len(d.Items) == 0
}

// heldJobMeant reports whether text, from a worker, names a job he holds
// and has not finished.
func heldJobMeant(t *flows.Turn, text string, locs []flows.Location) (bool, error) {
	rd := understand(text, locs, sender(t, locs))
	if len(rd.Problems) == 0 {
		return false, nil
	}
	rs, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return false, err
	}
	var held []Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone {
			held = append(held, r)
		}
	}
	return len(heldNamed(text, rd, held)) > 0, nil
}
