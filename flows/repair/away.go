package repair

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker off sick or away (我今天病了，请个假; 身体不舒服今天不来了; 明天
// 上午请假) is recorded as away on the duty roster, for the rest of the day
// or the half-day or days he named, and the 总务主任 is told. Meanwhile
// routing passes him by, as it prefers whoever is on duty (the store's
// RouteCandidates leaves out whoever is away): a new job of his trade goes
// to another worker of the trade, routed or not, or, with none, to the
// 总务主任, whose job card says why. The jobs he already holds stay his:
// he may be back tomorrow, and the 总务主任, told which they are, hands on
// those that cannot wait (转派 N), as he would if the worker had phoned.
// 我回来了 or 销假 ends the absence early. Asking for his jobs to be
// handed on as well (手上的活让别人干) is handOverSick, which records the
// absence too.

// Away is a staff member's absence: from Starts until Ends.
type Away struct {
	ID       int64
	SchoolID int64
	StaffID  int64
	Name     string // read with it, never written through it
	Starts   time.Time
	Ends     time.Time
	Note     string // his words
}

// AwayStore is implemented by a Store that keeps absences (the duty
// roster's 请假 rows). Without it an absence is not recorded and the worker
// is asked to tell the 总务主任 himself.
type AwayStore interface {
	// AddAway records staffID away from starts until ends, with note; it
	// returns the absence's id.
	AddAway(ctx context.Context, schoolID, staffID int64, starts, ends time.Time, note string) (int64, error)
	// EndAway ends staffID's absences under way at at, at at; one not
	// begun yet (明天上午请假, then 销假 today) stays. It returns how many
	// it ended.
	EndAway(ctx context.Context, staffID int64, at time.Time) (int, error)
	// Aways lists a school's absences that end after since, earliest
	// first.
	Aways(ctx context.Context, schoolID int64, since time.Time) ([]Away, error)
}

// awayData is the actor data of an absence said (awayOn) or ended
// (awayOff); the words are read again from the message.
const awayData = actorPrefix + ":away:"

const (
	awayOn  = "on"
	awayOff = "off"
)

// Words of an absence: 请假 said, or being ill or having something to do
// with not coming.
var (
	leaveRE      = rx.MustCompile(`请.{0,3}假|休假|病假|事假|调休|轮休|(?:今天|明天|后天)我?(?:休息|不上班)`)
	leaveFormRE  = rx.MustCompile(`请假(?:条|单|表|手续|流程)`) // 请假条我放你桌上了: the paper, no absence said
	familyRE     = rx.MustCompile(`老婆|老公|老妈|老爸|老娘|老母|老父|老人|老家|小孩|小孩子|小娃`)
	unwellRE     = rx.MustCompile(`病了|生病|发烧|感冒|不舒服|身体不好|住院|输液|打吊针|吊水|看病|受伤|扭了|崴了|家里有事|有点事|有事`)
	notComingRE  = rx.MustCompile(`不来了|来不了|不过来|过不来|去不了|不去学校|上不了班|不上班|在家休息|休息一?天|歇一?天|不能来`)
	backRE       = rx.MustCompile(`销假|刚回来|回来上班|来上班了|可以上班了|能上班了|恢复上班|我回来了|^回来了|已经回来了|病好了`)
	awayDaysRE   = rx.MustCompile(`([两二三四五六七1-7])\s*天`)
	morningRE    = rx.MustCompile(`上午|早上|早晨|上半天`)
	afternoonRE  = rx.MustCompile(`下午|下半天`)
	dayAfterRE   = rx.MustCompile(`后天`)
	tomorrowRE   = rx.MustCompile(`明天|明儿|明日`)
	awayNumerals = map[string]int{"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
)

// noon divides a day's absence into 上午 and 下午.
const noon = 12 * time.Hour

// awaySaid reads a worker's words declaring an absence or its end (see
// above) as the actor data that records it.
func awaySaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	if _, ok := t.Tx.(AwayStore); !ok {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if ruledOutRE.MatchString(familyRE.ReplaceAllString(norm, "家人")) {
		return "", false // 孙师傅今天请假了: someone else (老婆住院了 is his own absence)
	}
	if _, command := flows.ReadCommand(text, typedWords); command || leadsWithCommand(norm) || xferSaidRE.MatchString(norm) {
		// 说明 1 请假刚回来 下午就去修; 椅子那个还给陈主任吧 我这周请假:
		// a job's command, or one job given back, is what they ask.
		return "", false
	}
	if backRE.MatchString(norm) && !leaveRE.MatchString(norm) {
		away, err := awaysOf(t, t.Staff.ID, t.Now)
		if err == nil && slices.ContainsFunc(away, func(a Away) bool { return a.Starts.Before(t.Now) }) {
			return awayData + awayOff, true
		}
		return "", false
	}
	norm = leaveFormRE.ReplaceAllString(norm, "")
	if leaveRE.MatchString(norm) || unwellRE.MatchString(norm) && notComingRE.MatchString(norm) {
		return awayData + awayOn, true
	}
	return "", false
}

// leadsWithCommand reports whether norm begins with a typed command and
// its number: 说明 1 …, 完成3 ….
func leadsWithCommand(norm string) bool {
	for _, w := range typedWords {
		if rest, ok := strings.CutPrefix(norm, w); ok {
			rest = strings.TrimLeft(rest, " ")
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				return true
			}
		}
	}
	return false
}

// awaysOf are staffID's absences not over at at.
func awaysOf(t *flows.Turn, staffID int64, at time.Time) ([]Away, error) {
	as, ok := t.Tx.(AwayStore)
	if !ok {
		return nil, nil
	}
	all, err := as.Aways(t.Ctx, t.School.ID, at)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(a Away) bool { return a.StaffID != staffID }), nil
}

// awayNow are the school's absences covering at.
func awayNow(t *flows.Turn, at time.Time) ([]Away, error) {
	as, ok := t.Tx.(AwayStore)
	if !ok {
		return nil, nil
	}
	all, err := as.Aways(t.Ctx, t.School.ID, at)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(a Away) bool { return a.Starts.After(at) }), nil
}

// awayPeriod is the absence words say, from now: the day (今天, 明天,
// 后天), half of it (上午, 下午) or a number of days (请两天假) — the rest
// of today when they say none — and how to say it.
func awayPeriod(norm string, now time.Time, loc *time.Location) (from, to time.Time, said string) {
	local := now.In(loc)
	offset := 0
	switch {
	case dayAfterRE.MatchString(norm):
		offset = 2
	case tomorrowRE.MatchString(norm):
		offset = 1
	}
	day := time.Date(local.Year(), local.Month(), local.Day()+offset, 0, 0, 0, 0, loc)
	days := 1
	if m := awayDaysRE.FindStringSubmatch(norm); m != nil {
		if n, ok := awayNumerals[m[1]]; ok {
			days = n
		} else {
			days = int(m[1][0] - '0')
		}
	}
	from, to = day, day.AddDate(0, 0, days)
	said = dayName(day, local, loc)
	switch {
	case days > 1:
		said = fmt.Sprintf("%s起 %d 天（到%s）", said, days, dayName(to.AddDate(0, 0, -1), local, loc))
	case morningRE.MatchString(norm) && !afternoonRE.MatchString(norm):
		to = day.Add(noon)
		said += "上午"
	case afternoonRE.MatchString(norm) && !morningRE.MatchString(norm):
		from = day.Add(noon)
		said += "下午"
	default:
		said += "全天"
	}
	if !to.After(now) {
		// 今天上午请假 said in the afternoon: the rest of today.
		from, to, said = now, day.AddDate(0, 0, 1), "今天"
	}
	if from.Before(now) {
		from = now
	}
	return from, to, said
}

// dayName is day said from today: 今天, 明天, 后天, or 12月3日.
func dayName(day, today time.Time, loc *time.Location) string {
	t0 := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	switch int(day.Sub(t0).Hours() / 24) {
	case 0:
		return "今天"
	case 1:
		return "明天"
	case 2:
		return "后天"
	}
	return fmt.Sprintf("%d月%d日", day.Month(), day.Day())
}

// actAway records the absence t's words declare, or ends it.
func actAway(t *flows.Turn, what string) error {
	as, ok := t.Tx.(AwayStore)
	if !ok {
		t.Say("抱歉，这里暂时记不了请假，请直接告诉总务主任。")
		return nil
	}
	if what == awayOff {
		return endAway(t, as)
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(t.Text)))
	from, said, err := recordAway(t, as)
	if err != nil {
		return err
	}
	held, err := heldJobs(t)
	if err != nil {
		return err
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	heads = slices.DeleteFunc(heads, func(h flows.Staff) bool { return h.ID == t.Staff.ID })
	who, err := standInsSaid(t, from, "总务主任")
	if err != nil {
		return err
	}
	toHead, err := standInsSaid(t, from, "你")
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "【请假】%s请假：%s。他的原话：「%s」", t.Staff.Name, said, flows.Clip(strings.TrimSpace(t.Text), 100))
	if toHead != "" {
		fmt.Fprintf(&b, "\n这段时间%s。", toHead)
	}
	if len(held) > 0 {
		fmt.Fprintf(&b, "\n他手上还有 %d 单，仍由他负责：", len(held))
		for _, r := range held {
			fmt.Fprintf(&b, "\n· %s %s「%s」%s", r.Ref, r.Place(), jobWords(r, 20), r.Status.Label())
		}
		fmt.Fprintf(&b, "\n等不了的可以回复「转派 %d」交给别的师傅。", Num(held[0]))
	}
	for _, h := range heads {
		if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeUpdate, Text: b.String()}); err != nil {
			return err
		}
	}
	told := "总务主任"
	if len(heads) > 0 {
		told = heads[0].Name
	}
	var reply strings.Builder
	fmt.Fprintf(&reply, "好的，已记下你请假：%s，也告诉了%s。", said, told)
	if who != "" {
		fmt.Fprintf(&reply, "这段时间%s。", who)
	}
	if len(held) > 0 {
		refs := make([]string, len(held))
		for i, r := range held {
			refs[i] = r.Ref
		}
		fmt.Fprintf(&reply, "\n你手上的 %s 仍在你名下，%s知道；需要别人接手的话，回复「转派 %d」。", strings.Join(refs, "、"), told, Num(held[0]))
	}
	reply.WriteString("\n回来后发「我回来了」或「销假」就行。")
	switch {
	case familyRE.MatchString(norm) || strings.Contains(norm, "家里"):
		reply.WriteString("家里的事要紧，你安心处理。")
	case unwellRE.MatchString(norm) && !strings.Contains(norm, "有事"):
		reply.WriteString("好好休息，早日康复！")
	}
	t.Say(reply.String())
	return nil
}

// recordAway records t.Staff away for the period t's words say
// (awayPeriod), and returns when it begins and how it was said.
func recordAway(t *flows.Turn, as AwayStore) (time.Time, string, error) {
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(t.Text)))
	from, to, said := awayPeriod(norm, t.Now, t.School.Location())
	_, err := as.AddAway(t.Ctx, t.School.ID, t.Staff.ID, from, to, flows.Clip(strings.TrimSpace(t.Text), 100))
	return from, said, err
}

// endAway ends t.Staff's absence (我回来了, 销假) and tells the 总务主任.
func endAway(t *flows.Turn, as AwayStore) error {
	n, err := as.EndAway(t.Ctx, t.Staff.ID, t.Now)
	if err != nil {
		return err
	}
	if n == 0 {
		t.Say("你现在没有请假记录，不用销假。")
		return nil
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	trades := tradesSaid(t.Staff.Trades)
	for _, h := range heads {
		if h.ID == t.Staff.ID {
			continue
		}
		if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeUpdate,
			Text: fmt.Sprintf("【销假】%s已销假，新的%s报修恢复派给他。", t.Staff.Name, trades)}); err != nil {
			return err
		}
	}
	t.Say(fmt.Sprintf("欢迎回来！已为你销假，新的%s报修会照常派给你。发送「我的」可以查看手上的单子。", trades))
	return nil
}

// tradesSaid names trades for a sentence: 电工, 木工和泥瓦.
func tradesSaid(ts []flows.Trade) string {
	var names []string
	for _, tr := range ts {
		names = append(names, tr.Label())
	}
	if len(names) == 0 {
		return "维修"
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], "、") + "和" + names[len(names)-1]
}

// heldJobs are the open jobs in t.Staff's hands.
func heldJobs(t *flows.Turn) ([]Repair, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 100)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(rs, func(r Repair) bool { return r.WorkerID != t.Staff.ID || !r.Status.Open() }), nil
}

// standInsSaid says who gets t.Staff's trades' new jobs while he is away
// from from: 新的电工报修会派给马师傅, or to the 总务主任 (head, as the
// reader knows him) when no other worker of the trade is there.
func standInsSaid(t *flows.Turn, from time.Time, head string) (string, error) {
	var parts []string
	for _, tr := range t.Staff.Trades {
		cands, err := db(t).RouteCandidates(t.Ctx, t.School.ID, tr, "", from)
		if err != nil {
			return "", err
		}
		cands = slices.DeleteFunc(cands, func(c RouteCandidate) bool { return c.StaffID == t.Staff.ID })
		name := ""
		if id, _ := ChooseWorker(cands); id != 0 {
			for _, c := range cands {
				if c.StaffID == id {
					name = c.Name
				}
			}
		} else {
			sub, err := otherOfTrade(t, tr, from, t.Staff.ID)
			if err != nil {
				return "", err
			}
			name = sub.Name
		}
		if name == "" {
			parts = append(parts, fmt.Sprintf("新的%s报修会先派给%s安排（没有其他%s师傅）", tr.Label(), head, tr.Label()))
			continue
		}
		parts = append(parts, fmt.Sprintf("新的%s报修会派给%s", tr.Label(), name))
	}
	return strings.Join(parts, "；"), nil
}

// otherOfTrade is an active worker of trade not away at at (nor except),
// the lowest id first; none is the zero Staff.
func otherOfTrade(t *flows.Turn, trade flows.Trade, at time.Time, except int64) (flows.Staff, error) {
	away, err := awayNow(t, at)
	if err != nil {
		return flows.Staff{}, err
	}
	ws, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleWorker)
	if err != nil {
		return flows.Staff{}, err
	}
	slices.SortFunc(ws, func(a, b flows.Staff) int { return int(a.ID - b.ID) })
	for _, w := range ws {
		if w.ID == except || !w.Active || !containsTrade(w.Trades, trade) || slices.ContainsFunc(away, func(a Away) bool { return a.StaffID == w.ID }) {
			continue
		}
		return w, nil
	}
	return flows.Staff{}, nil
}

// awayRouteReason begins the route reason of a repair whose trade's
// workers are all away, given to the 总务主任 (noRouteNote).
const awayRouteReason = "请假："

// awayStandIn is who takes a repair of trade no route gave a worker,
// because the trade's workers are away (see above): another active
// worker of the trade, with the reason; or id 0 and the names of those
// away ("" when none of the trade is away, and the 总务主任 dispatches as
// for a trade with no route).
func awayStandIn(t *flows.Turn, trade flows.Trade) (id int64, reason, away string, err error) {
	aways, err := awayNow(t, t.Now)
	if err != nil || len(aways) == 0 {
		return 0, "", "", err
	}
	var names []string
	for _, a := range aways {
		s, err := t.Tx.StaffByID(t.Ctx, a.StaffID)
		if err != nil {
			return 0, "", "", err
		}
		if containsTrade(s.Trades, trade) && !slices.Contains(names, s.Name) {
			names = append(names, s.Name)
		}
	}
	if len(names) == 0 {
		return 0, "", "", nil
	}
	away = strings.Join(names, "、")
	sub, err := otherOfTrade(t, trade, t.Now, 0)
	if err != nil || sub.ID == 0 {
		return 0, "", away, err
	}
	return sub.ID, fmt.Sprintf("%s请假，派给同为%s的%s", away, trade.Label(), sub.Name), away, nil
}
