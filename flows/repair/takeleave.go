package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker taking some jobs by name while leaving something else for
// later, in one message (user test 32's T12 「暖气那个我接了 305的 得先去库房
// 领个阀门 厕所那个一会儿去」 asked which of three and dropped his word;
// T16 「接了 302窗户和305门牌 还有礼堂椅子我一会儿搬」 was not understood):
// the jobs named are taken, the clauses that name none of them are his
// word to their reporters (说明), and what is left for later is not
// taken: a job of his stays waiting, anything else (a task a leader gave)
// is acknowledged only.

// leaveClauseRE is a clause leaving something for later: 厕所那个一会儿去,
// 还有礼堂椅子我一会儿搬, 水龙头下午弄.
var leaveClauseRE = rx.MustCompile(`^(?:还有|另外|然后)?(\p{Han}{1,10}?)(?:那个|那边|那单|的)?(?:我)?(?:一会儿?|待会儿?|等会儿?|回头|晚点|过会儿?|稍后|下午|晚上|明天)(?:再)?(?:去|弄|修|过去|搞|看|处理|搬|装|换)(?:看|一下)?(?:吧|了|啊)?$`)

// leaveTakeRE is a clause taking jobs: 暖气那个我接了 (the jobs before it),
// 接了 (those after it), 302窗户我接了.
var leaveTakeRE = rx.MustCompile(`^(?:(\S{1,16}?)(?:那个|那边|那单|的)?)?(?:我)?(?:先|都)?接(?:了|单了?|啦)$`)

// placeClauseRE is a clause that only gives a room: 305的.
var placeClauseRE = rx.MustCompile(`^(\d{3,4})(?:的|那个|那边|教室)?$`)

// leaveLeadRE is the words that join a clause left for later: 还有.
var leaveLeadRE = rx.MustCompile(`^(?:还有|另外|然后)`)

// partSplitRE splits things said together: 302窗户和305门牌.
var partSplitRE = rx.MustCompile(`[和跟、及]`)

// takeLeaveNoted is take's last argument when the words are read by
// takeLeaving: his word is leftRemark's.
const takeLeaveNoted = "leave"

// takeLeaveSaid reads such a message from a worker and returns the
// action taking the jobs it names.
func takeLeaveSaid(t *flows.Turn, text string) (string, bool) {
	picking := t.Flow() == followUpName && t.State() == string(stateActPick)
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() && !picking {
		return "", false
	}
	read, ok := readTakeLeave(text)
	if !ok {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	waiting := slices.DeleteFunc(rs, func(r Repair) bool { return mayAct(t, r, verbTake) != "" })
	var taken []Repair
	for _, p := range read.parts {
		pool := namedJobs(p, read.place, waiting)
		if len(pool) == 0 {
			return "", false // a thing of no job waiting: the other readings
		}
		for i := range pool[1:] {
			if pool[i+1].LocationID != pool[0].LocationID || pool[i+1].PlaceText != pool[0].PlaceText || !oneFault(pool[0], pool[i+1]) {
				return "", false // two jobs the words fit: which (askWhich)
			}
		}
		for _, r := range pool {
			if !slices.ContainsFunc(taken, func(x Repair) bool { return x.ID == r.ID }) {
				taken = append(taken, r)
			}
		}
	}
	if len(taken) == 0 {
		return "", false
	}
	if len(taken) == 1 && !picking && !slices.ContainsFunc(read.left, func(l string) bool {
		return len(namedJobs(leaveClauseRE.FindStringSubmatch(l)[1], "", waiting)) == 0
	}) {
		// 三楼女厕那个水管我接了 马上过去 暖气片那个下午弄: one job taken
		// and jobs left, which the words on the taking already read
		// (takesplit.go), passing 暖气片那个下午弄 to its reporter.
		return "", false
	}
	if picking {
		t.Done()
	}
	for _, l := range read.left {
		thing := leaveClauseRE.FindStringSubmatch(l)[1]
		pool := namedJobs(thing, "", waiting)
		if len(pool) == 0 {
			pool = slices.DeleteFunc(slices.Clone(waiting), func(r Repair) bool { return !atPlace(r, thing) }) // 厕所那个: the job at 二楼厕所
		}
		pool = slices.DeleteFunc(pool, func(r Repair) bool { return slices.ContainsFunc(taken, func(x Repair) bool { return x.ID == r.ID }) })
		switch {
		case len(pool) == 1:
			t.Say(fmt.Sprintf("%s那个（%s %s「%s」）先不接，去的时候回复「接单 %d」。", thing, pool[0].Ref, pool[0].Place(), jobWords(pool[0], 12), Num(pool[0])))
		case len(pool) == 0:
			t.Say(fmt.Sprintf("好的。「%s」不是报修单，这里就不登记了。", leaveLeadRE.ReplaceAllString(l, ""))) // 礼堂椅子我一会儿搬: a task, not a job
		}
	}
	ids := []string{takeAlso}
	for _, r := range taken[1:] {
		ids = append(ids, strconv.FormatInt(r.ID, 10))
	}
	if len(ids) == 1 {
		ids = nil
	}
	return action(verbTake, taken[0].ID, append(ids, takeLeaveNoted)...), true
}

// takeLeave is a message read by readTakeLeave: the things taken, a room
// said apart (305的), the words on them and the things left for later.
type takeLeave struct {
	parts []string
	place string
	note  []string
	left  []string // whole clauses (leaveClauseRE)
}

// readTakeLeave splits a worker's message into its clauses; it reads it
// only with one clause taking, naming things, and one leaving.
func readTakeLeave(text string) (takeLeave, bool) {
	var read takeLeave
	clauses := strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) })
	takes, after := 0, false
	for _, c := range clauses {
		switch {
		case leaveTakeRE.MatchString(c):
			takes++
			head := leaveTakeRE.FindStringSubmatch(c)[1]
			if head == "" {
				after = true // 接了 302窗户和305门牌
				continue
			}
			read.parts = append(read.parts, partSplitRE.Split(head, -1)...)
		case leaveClauseRE.MatchString(c):
			read.left = append(read.left, c)
		case placeClauseRE.MatchString(c) && read.place == "":
			read.place = placeClauseRE.FindStringSubmatch(c)[1]
		case after && len(read.parts) == 0:
			read.parts = partSplitRE.Split(c, -1)
		default:
			read.note = append(read.note, c)
		}
	}
	if takes != 1 || len(read.left) == 0 || len(read.parts) == 0 {
		return read, false
	}
	return read, true
}

// namedJobs is the jobs of rs the words name by their thing, at the room
// they say (or place, said apart).
func namedJobs(words, place string, rs []Repair) []Repair {
	norm := strings.ToLower(parse.Normalize(words))
	if m := leadRoomRE.FindStringSubmatch(norm); m != nil {
		place, norm = m[1], m[2]
	}
	if norm == "" {
		return nil
	}
	var named []Repair
	for _, r := range rs {
		if (namesThing(norm, r.Item) || namesDescribed(norm, r.Description)) && (place == "" || atPlace(r, place)) {
			named = append(named, r)
		}
	}
	return named
}

// leadRoomRE is a room said before a thing: 302窗户.
var leadRoomRE = rx.MustCompile(`^(\d{3,4})(?:的)?(.*)$`)

// leftRemark is the worker's word in a message read by readTakeLeave:
// its clauses that neither take, leave nor give a room.
func leftRemark(text string) string {
	read, ok := readTakeLeave(text)
	if !ok {
		return ""
	}
	return strings.Join(read.note, " ")
}

// accessAskRE is a worker's word that he cannot get in or asks for a key:
// 谁有礼堂钥匙啊, 门锁着进不去, 谁来开下门.
var accessAskRE = rx.MustCompile(`钥匙|进不去|门锁着|锁着门|(?:开|开一?下|开个)门`)

// askHeads passes a worker's need on the job he reported himself (a key,
// the door opened) to the 总务主任, who holds the keys, and returns whom
// it was told ("" for no one).
func askHeads(t *flows.Turn, r Repair, remark string) (string, error) {
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return "", err
	}
	var names []string
	for _, h := range heads {
		if h.ID == t.Staff.ID {
			continue
		}
		if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【维修求助】%s接了 %s（%s %s），他说：「%s」\n请帮忙安排开门或送钥匙。", t.Staff.Name, r.Ref, r.Place(), r.Description, remark)}); err != nil {
			return "", err
		}
		names = append(names, h.Name)
	}
	if len(names) == 0 {
		return "", nil
	}
	return "总务主任" + strings.Join(names, "、"), nil
}
