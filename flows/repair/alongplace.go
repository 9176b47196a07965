package repair

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A danger at two places at once (user test 30's T3/T4: 「校门口和操场那条路
// 都结冰了 刚才有个学生滑倒了 赶紧撒点盐」 was filed at 校门 alone, and 「操场那
// 边也是」 added nothing). A school sends one worker with the salt to both
// and wants one urgent alert to the leaders and one sign-off, not a job
// per stretch of path: so the danger stays one job, at the place the
// table knows (which routes it and which later words match), and the
// other place, which the table lacks, is named with it. The read-back
// shows both (另一处); the job's problem, which workers, leaders and the
// ledger read, names the other place too, written in if the report did
// not (the draft's Along is not stored with the job). A room of a
// building said to have it too is still a job of its own (alsoroom.go):
// a classroom's teacher signs off her own room.

// alongOf is the other place text names besides d's, for a danger: one
// the location table lacks (操场那条路's 操场), said with the place found.
// "" for none.
func alongOf(text string, d *repairDraft, locs []flows.Location, s Sender) string {
	if d.Hazard == "" || !d.located() {
		return ""
	}
	rest := parse.Normalize(text)
	names := []string{d.PlaceText}
	if l, ok := locationIn(locs, d.LocationID); ok {
		names = append(names, l.Room, l.Building+l.Room)
		names = append(names, l.Aliases...)
	}
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	cut := false
	for _, n := range names {
		if n != "" && strings.Contains(rest, n) {
			rest, cut = strings.ReplaceAll(rest, n, " "), true
		}
	}
	if !cut {
		return "" // the place was not said here (asked, or its own words)
	}
	g := defaultReader().guess(rest, locs, s)
	if g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.PlaceText == "" || g.Building != "" || g.Floor != "" {
		return ""
	}
	p := strings.Trim(tidyPlace(g.PlaceText), "口和与跟及 ")
	if len([]rune(p)) < 2 || d.PlaceText != "" && (strings.Contains(d.PlaceText, p) || strings.Contains(p, d.PlaceText)) {
		return "" // 楼梯 of 东边那个楼梯 二楼到三楼那段: the same place
	}
	return p
}

// alongSaidRE is another place said, on the read-back of a danger, to
// have it too: 操场那边也是, 还有操场那条路也结冰了, 操场也一样.
var alongSaidRE = rx.MustCompile(`(?:^|[\s，,。！!])(?:还有|另外)?[\s，,]*(([^\s，,。！!也]{2,12}?)(?:那边|那里|那儿|这边|那块|那条路|那段路)?)(?:也|同样)(?:是|一样|有|结冰了?|滑|积水了?|这样|要撒盐|得撒盐|要处理)`)

// alongSaid is the place words on a danger's read-back add to it (see
// alongSaidRE), and the words that said it (操场那边也结冰了): not d's own, not a
// room of the table (alsoroom.go makes that a job of its own). carried is
// set when the place is one d carries already. "" for none.
func alongSaid(text string, d *repairDraft, locs []flows.Location, s Sender) (p, said string, carried bool) {
	if d.Hazard == "" || !d.located() || len(d.Items) > 0 {
		return "", "", false
	}
	m := alongSaidRE.FindStringSubmatch(parse.Normalize(strings.TrimSpace(text)))
	if m == nil {
		return "", "", false
	}
	g := defaultReader().guess(m[2], locs, s)
	if g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.PlaceText == "" || g.Building != "" || g.Floor != "" || g.Item != "" {
		return "", "", false
	}
	p = tidyPlace(g.PlaceText)
	if d.PlaceText != "" && (strings.Contains(d.PlaceText, p) || strings.Contains(p, d.PlaceText)) {
		return "", "", false
	}
	return p, strings.Trim(m[0], " ，,。！!"), slices.Contains(d.Along, p)
}

// addAlong carries place p with d's danger, and in its problem, as said,
// when the problem does not name it.
func (d *repairDraft) addAlong(p, said string) {
	d.Along = append(d.Along, p)
	if !strings.Contains(d.Desc, p) {
		d.Desc = flows.Clip(d.Desc+"；"+said, MaxDescription)
	}
}

// alongLine is the read-back's line naming the other places carried.
// Only those its problem still names are: a new description that drops
// one leaves it to the words (改描述 is how the job's text is put right).
func (d *repairDraft) alongLine() string {
	var named []string
	for _, p := range d.Along {
		if strings.Contains(d.Desc, p) {
			named = append(named, p)
		}
	}
	if len(named) == 0 {
		return ""
	}
	return fmt.Sprintf("\n另一处：%s（同一单，派给同一位维修人员一起处理）", strings.Join(named, "、"))
}
