package repair

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker's word on a job in hand (说明, 进度说明): 「303的灯明天再来修，今天
// 没带梯子」「缺个灯管，要去买」「灯管买回来了，下午去换」. It changes nothing
// of the repair, its deadline included (小修不隔夜 still holds, and a late
// job is still reminded and escalated), but the reporter and the followers
// are told in the worker's words, and the job page keeps it. Said in a
// worker's own words it is taken only while they are in no conversation
// and have a job in hand: the job at the place the words name, else their
// only one, else they are asked which. 「说明 6 明天再来修」 names the job.

// MaxNote bounds a worker's word on a job, in characters.
const MaxNote = 200

// workerNoteRE is a worker telling how a job stands: when they will come,
// what is missing, what is being done, what holds them up.
var workerNoteRE = rx.MustCompile(
	`(?:明天|明早|明儿|后天|下午|晚上|晚点|晚些|等会儿?|一会儿?|待会儿?|过两天|过几天|下周|周[一二三四五六日天]|下课后|放学后|中午|今晚|天亮了?|白天)` +
		`(?:上午|下午|早上|中午|晚上|一早)?(?:买了|买好|拿了|带上梯子)?(?:再|就|去|来|过去|过来|上门)?(?:修|换|弄|处理|看|装|来|去)` +
		`|(?:我)?(?:看了|看过了|检查了|查了)(?:一下)?[，,\s]` +
		`|缺(?:个|一个|些|点|了)?\p{Han}{0,4}(?:[，,。\s]|$)|(?:要|得|需要)(?:去)?(?:买|采购|订|定|配)` +
		`|(?:配件|零件|材料|灯管|灯泡|货|\p{Han}{1,3}件)(?:到了|没到|还没到|在路上|订了|买了|买回来了)|买回来了|买到了|订好了|去买了` +
		`|(?:正在|在)修(?:了|着|呢)|修着呢|正在弄|在弄了|(?:正在|在)处理了?` +
		`|看过了|去看了|找到(?:原因|问题)了|没带(?:梯子|工具|钥匙|配件)|进不去|门锁着|没人开门|(?:在|正在)上课` +
		// User test 18's 「[图片]玻璃渣清完了 先用三合板钉上了 玻璃要等王师傅回来
		// 量尺寸再配」 (F30): a stopgap done (先…钉上了, 临时挡上了), the
		// repair itself waiting for something (等…再配).
		`|(?:先|临时|暂时)(?:用|拿)?\p{Han}{0,4}?(?:钉|挡|堵|贴|包|盖|封|围|拦|遮|顶|撑|绑)(?:上|住|好|起来)了` +
		`|等[^，,。；;！!]{1,14}?(?:再|才能|才)(?:配|买|换|装|修|弄|来|做)` +
		// User test 28's P6: 要换个阀门 明天领了料再弄 — the part it needs,
		// the stores' part fetched before the work.
		`|(?:要|得|需要)(?:换|更换)(?:个|一个|根|只|套|块|新的?)|(?:领|拿|取|备)(?:了|好|到)?(?:料|材料|配件|零件)`)

// workerNotes reports whether text is a worker's word on a job.
func workerNotes(text string) bool {
	n := utf8.RuneCountInString(text)
	return n >= 4 && n <= MaxNote && workerNoteRE.MatchString(parse.Normalize(text))
}

// noteCmdRE is 「说明 6 明天再来修」: the word, the job, the words.
var noteCmdRE = rx.MustCompile(`^(?:说明|进度|备注)\s*(?:([A-Za-z]{1,4}-\d{8}-\d{1,6})|(?:第\s*)?[#＃]?\s*(\d{1,6})\s*号?)\s*[:：,，\s]\s*(\S.*)$`)

// readNoteCommand reads 「说明 6 明天再来修」 as the command 说明 6.
func readNoteCommand(text string) (flows.Command, bool) {
	m := noteCmdRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return flows.Command{}, false
	}
	if m[1] != "" {
		return flows.Command{Word: "说明", Ref: strings.ToUpper(m[1])}, true
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n <= 0 {
		return flows.Command{}, false
	}
	return flows.Command{Word: "说明", Num: n}, true
}

// tellReporterRE is a worker asking that his words be passed on: user
// test 17's 「跟赵老师说一声 总阀在一楼楼梯底下 红色那个 先拧上」 (only
// 「说明 2 …」 had worked). The person named, then the words.
var tellReporterRE = rx.MustCompile(`^(?:麻烦|帮我|你)?(?:跟|和|给|告诉)(\p{Han}{1,3}?(?:老师|主任|校长|师傅))(?:说一声|说一下|说下|讲一声|讲一下|带个话|捎个话|说)?[，,：:\s]+(\S.*)$`)

// noteOf is the words of a 说明 message: after 「说明 6」, or all of them.
func noteOf(text string) string {
	if m := noteCmdRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		return strings.TrimSpace(m[3])
	}
	if m := tellReporterRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		return strings.TrimSpace(m[2]) // 跟赵老师说一声 总阀在…: the words
	}
	if c, ok := flows.ReadCommand(text, []string{"说明", "进度", "备注"}); ok && c.Word != "" {
		return "" // 说明 6 alone: asked
	}
	return strings.TrimSpace(text)
}

// noteTarget picks the job a worker's own words are about: the ones at
// the place they name, else all they may note; one is acted on, several
// are asked about (stateNotePick), none leaves the words to the flows.
func noteTarget(t *flows.Turn, rs []Repair, items []flows.Item) (string, bool) {
	var ready []Repair
	for i, it := range items {
		if it.Ready {
			ready = append(ready, rs[i])
		}
	}
	if len(ready) == 0 {
		return "", false
	}
	if len(ready) > 1 {
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			t.Say("暂时查不到你的报修，请稍后再试。")
			return "", true
		}
		if g := GuessRepair(t.Text, locs); g.LocationID != 0 {
			var at []Repair
			for _, r := range ready {
				if r.LocationID == g.LocationID {
					at = append(at, r)
				}
			}
			if len(at) > 0 {
				ready = at
			}
		}
	}
	if m := tellReporterRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil && len(ready) > 1 {
		// 跟赵老师说一声 …: the jobs she reported.
		var hers []Repair
		for _, r := range ready {
			if r.ReporterName == m[1] {
				hers = append(hers, r)
			}
		}
		if len(hers) > 0 {
			ready = hers
		}
	}
	if len(ready) > 1 {
		if r, ok := namedAlone(t.Text, ready); ok {
			ready = []Repair{r} // 地砖那个得等水泥 明天弄: the 地砖 job
		}
	}
	if len(ready) > 1 && needWordsRE.MatchString(strings.TrimSpace(t.Text)) {
		// 要买 三十来块钱的锁芯, just after 修不好 5: more of why the one
		// job waiting for the leaders waits.
		var blocked []Repair
		for _, r := range ready {
			if r.Status == RepairBlocked {
				blocked = append(blocked, r)
			}
		}
		if len(blocked) == 1 {
			ready = blocked
		}
	}
	if len(ready) == 1 {
		return action(verbNote, ready[0].ID), true
	}
	buttons, ids := jobChoices(ready)
	t.Say("你手上有 "+strconv.Itoa(len(ready))+" 单，这句话说的是哪一单？我会转告报修人。\n"+flows.Numbered(buttons), buttons...)
	if err := ask(t, stateNotePick, followUpData{Note: flows.Clip(strings.TrimSpace(t.Text), MaxNote), Choice: strings.Join(ids, ",")}); err != nil {
		t.Say("暂时记不下来，请稍后再试。")
	}
	return "", true
}

// noteJob is 说明: the words told to the reporter, or asked for.
func noteJob(t *flows.Turn, r Repair, _ []string) error {
	note := ""
	if t.Msg.Button == "" {
		note = noteOf(t.Text)
	}
	if note == "" {
		t.Say(fmt.Sprintf("请说一下 %s（%s「%s」）现在的情况，比如「缺灯管，明天上午来换」，我会转告报修人。", r.Ref, r.Place(), jobWords(r, 20)))
		return ask(t, stateNoteText, followUpData{ID: r.ID})
	}
	// 要换个阀门 明天领了料再弄: a day after its deadline brings the offer
	// of more time, as on taking the job (user test 28's P6).
	if err := recordNoteAlso(t, r, note, laterOffer(t, r, note)); err != nil {
		return err
	}
	noteHints(t, r, note)
	return nil
}

// answerNoteText takes the words 说明 asked for.
func answerNoteText(t *flows.Turn, r Repair, _ followUpData) error {
	note := strings.TrimSpace(t.Text)
	if note == "" {
		t.Say("请用文字说一下现在的情况，或发送「取消」。")
		return nil
	}
	t.Done()
	return recordNote(t, r, note)
}

// answerNotePick takes which job the words were about.
func answerNotePick(t *flows.Turn, a followUpData) error {
	rs, err := chosenJobs(t, a.Choice)
	if err != nil {
		return err
	}
	buttons, _ := jobChoices(rs)
	choice, ok := pick(t, "是哪一单？", buttons)
	if !ok {
		return nil
	}
	for _, r := range rs {
		if strconv.FormatInt(r.ID, 10) != choice {
			continue
		}
		t.Done()
		if msg := mayAct(t, r, verbNote); msg != "" {
			t.Say(msg)
			return nil
		}
		return recordNote(t, r, a.Note)
	}
	t.Done()
	return nil
}

// recordNote keeps the worker's words on r and tells the reporter, the
// followers and whoever chased it (催修) since his last word; the deadline
// stays.
func recordNote(t *flows.Turn, r Repair, note string) error {
	return recordNoteAlso(t, r, note, "")
}

// recordNoteAlso is recordNote with also, a sentence more, said last.
func recordNoteAlso(t *flows.Turn, r Repair, note, also string) error {
	note = flows.Clip(note, MaxNote)
	if r.Status == RepairBlocked && r.WorkerID == t.Staff.ID {
		if note == outsideNote {
			return suggestOutside(t, r) // 外包, asked which job (outside.go)
		}
		return addToBlock(t, r, note)
	}
	if r.Status == RepairAssigned && r.WorkerID == t.Staff.ID && t.Msg.Button == "" && mayAct(t, r, verbTake) == "" && !chased(t, r) &&
		!noteCmdRE.MatchString(strings.TrimSpace(t.Text)) {
		// 保密室那个锁我去看了 锁芯坏了要换 得去五金店买一个, of the job
		// waiting for him: his own words on it say he is on it, so it is
		// taken with them (user test 29's R17 left it 待接单 with [1 接单]
		// offered, and the principal saw it so). A typed 「说明 1 …」 is
		// a word on purpose (总阀在一楼楼梯底下), and a chase waits for
		// its answer: those are passed on as before.
		return takeOneSaying(t, r, note)
	}
	chased, err := passNote(t, r, note)
	if err != nil {
		return err
	}
	due := fmt.Sprintf("这单的期限仍是 %s", t.When(r.DueAt))
	if t.Now.After(r.DueAt) {
		due = fmt.Sprintf("这单已超过期限（%s），会照常提醒分管领导", t.When(r.DueAt))
	}
	who := "报修人"
	if r.ReporterName != "" && r.ReporterID != t.Staff.ID {
		who += r.ReporterName
	}
	if len(chased) > 0 {
		who += "和催修的" + strings.Join(chased, "、")
	}
	// The job's buttons are offered with it: 「已经修好了噻」 right after is
	// this job (justTalkedAbout), and 「1」 its 完成.
	bs := jobButtons(r)
	if later := laterOffer(t, r, note); later != "" && strings.Contains(also, later) {
		bs = laterButtons(t, r, note) // the 申请延期 the words offer
	}
	t.Say(fmt.Sprintf("已转告%s：「%s」。%s；修好后回复「完成 %d」。%s", who, note, due, Num(r), also), bs...)
	return nil
}

// chased reports whether someone chased r (催修) and waits for the
// worker's answer, which passNote brings them (a taking does not).
func chased(t *flows.Turn, r Repair) bool {
	cs, err := chasersOf(t, r)
	return err != nil || len(cs) > 0
}

// ChaseAnsweredWithin is how long after a 催修 the worker's next word on
// the job (说明) is taken as his answer to it.
const ChaseAnsweredWithin = 24 * time.Hour

// passNote keeps the worker's words on r and tells them to its reporter
// and followers, and to those who chased r (催修) since his last word on
// it, within ChaseAnsweredWithin: their names are returned.
//
// The 【催修】 a leader sends says 「我会转告」: the worker's answer is the
// leader's to read, who asked. The reporter is told as well, as always:
// the reporter is the one waiting for the repair, and a 说明 is promised
// to go to them (the 说明 prompt says 「我会转告报修人」). A chase answered
// once (by an earlier 说明) is not answered again, and a reporter or
// follower who chased is told once.
func passNote(t *flows.Turn, r Repair, note string) ([]string, error) {
	chasers, err := chasersOf(t, r)
	if err != nil {
		return nil, err
	}
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventNoted, From: r.Status, To: r.Status, Note: note, Photo: t.Image()}); err != nil {
		return nil, err
	}
	if err := tellReporter(t, r, fmt.Sprintf("【维修进度】你报修的 %s（%s %s）\n%s说：%s", r.Ref, r.Place(), r.Description, t.Staff.Name, note), nil, true); err != nil {
		return nil, err
	}
	var names []string
	for _, s := range chasers {
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【催修回复】你催修的 %s（%s %s）\n%s说：%s", r.Ref, r.Place(), r.Description, t.Staff.Name, note)}); err != nil {
			return nil, err
		}
		names = append(names, s.Name)
	}
	return names, nil
}

// chasersOf is who chased r (催修) since the worker's last word on it and
// within ChaseAnsweredWithin, other than its reporter, its followers (told
// anyway) and the worker: the latest first, each once.
func chasersOf(t *flows.Turn, r Repair) ([]flows.Staff, error) {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return nil, nil
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return nil, err
	}
	fs, err := db(t).Followers(t.Ctx, r.ID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{r.ReporterID: true, t.Staff.ID: true, r.WorkerID: true, 0: true}
	for _, f := range fs {
		seen[f] = true
	}
	var out []flows.Staff
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		if ev.Kind == EventNoted || t.Now.Sub(ev.At) > ChaseAnsweredWithin {
			break
		}
		if ev.Kind != EventNudged || seen[ev.ActorID] {
			continue
		}
		seen[ev.ActorID] = true
		s, err := t.Tx.StaffByID(t.Ctx, ev.ActorID)
		if isNotFound(err) || err == nil && !s.Active {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// reporterTellsRE is a reporter telling the worker when or how to come:
// 不急 明天白天修就行, 不用急 明天修也行, 上课的时候别来, 放学后再来,
// 钥匙在门卫室.
var reporterTellsRE = rx.MustCompile(`不急|不着急|慢慢来|不用着急|不用急|不要急|(?:明天|后天|下午|晚上|放学后|下课后|周[一二三四五六日天])(?:白天|上午|下午)?(?:再)?(?:来)?修(?:就行|就可以|也行|也可以)|(?:上课|考试)(?:的时候|时)?(?:别|不要)来|(?:放学|下课|中午)(?:后|以后)?(?:再)?来|钥匙在|门(?:是)?锁着的|(?:来之前|来前)(?:先)?(?:打|给我打)电话`)

// tellWorker is 留言: the reporter's words to the worker of r.
func tellWorker(t *flows.Turn, r Repair, _ []string) error {
	note := ""
	if t.Msg.Button == "" {
		if m := tellCmdRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil {
			note = strings.TrimSpace(m[3])
		} else if _, command := flows.ReadCommand(t.Text, typedWords); !command {
			note = strings.TrimSpace(t.Text)
		}
	}
	if note == "" {
		t.Say(fmt.Sprintf("请说一下要转告%s的话，比如「不急，明天白天修就行」。", workerOrOffice(r)))
		return nil
	}
	// 「…修就行。」 is quoted below in 「」: without its own full stop.
	note = flows.Clip(strings.TrimRight(note, "。.！!"), MaxNote)
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMessaged, From: r.Status, To: r.Status, Note: note}); err != nil {
		return err
	}
	reply, promise := "", ""
	if asksWorkerBack(note) && r.Status.Open() {
		// 明天下午几点来？: his answer, as 说明, goes back to her.
		reply = fmt.Sprintf("\n请回复「说明 %d …」，我会转告%s。", Num(r), t.Staff.Name)
		promise = fmt.Sprintf("%s回复后我会告诉你。", r.WorkerName)
	}
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【报修人留言】%s（%s %s）\n%s说：%s%s", r.Ref, r.Place(), r.Description, t.Staff.Name, note, reply), Buttons: jobButtons(r)}); err != nil {
		return err
	}
	if r.Status == RepairDone && r.ReporterID == t.Staff.ID {
		// Said at its sign-off (钥匙还没给我): it waits for her.
		t.Say(fmt.Sprintf("已转告%s：「%s」。%s 先不验收，等弄好了再回复「修好了 %d」就行。", r.WorkerName, note, r.Ref, Num(r)))
		return nil
	}
	stop := "。"
	if strings.HasSuffix(note, "？") || strings.HasSuffix(note, "?") {
		stop = "" // 「明天下午几点来？」 needs no full stop after it
	}
	if r.Tier == TierUrgent && (r.Status == RepairAssigned || r.Status == RepairAccepted) && tipAsked(strings.ToLower(parse.Normalize(note))) {
		// 总阀在哪啊我找不着, under an urgent report's safety tip: houqin
		// knows no valve; the worker does, and until he answers or comes
		// what is safe is keeping away.
		sep := "，"
		if stop == "" {
			sep = "" // 怎么关？ needs no comma after it
		}
		meanwhile := "没把握的话先不要动，"
		if strings.Contains(note, "找不") || strings.Contains(note, "没找到") || strings.Contains(note, "在哪") {
			meanwhile = "一时找不到也不要紧，"
		}
		keep := "请先让学生离开那里"
		if rd := understand(r.Description, nil, sender(t, nil)); len(rd.Problems) > 0 && rd.Problems[0].Hazard == HazardWater {
			keep += "、远离积水和电器"
		}
		t.Say(fmt.Sprintf("已转告%s：「%s」%s他回复后我会马上告诉你。%s 是紧急单，%s。\n%s%s，等%s到。",
			r.WorkerName, note, sep, r.Ref, urgentState(t, r), meanwhile, keep, r.WorkerName))
		return nil
	}
	t.Say(fmt.Sprintf("已转告%s：「%s」%s%s", r.WorkerName, note, stop, promise))
	return nil
}

// urgentState says how an urgent repair stands for its reporter: taken,
// or sent to its worker, and by when.
func urgentState(t *flows.Turn, r Repair) string {
	if r.Status == RepairAccepted {
		return fmt.Sprintf("%s已接单，%s 前处理", r.WorkerName, t.When(r.DueAt))
	}
	return fmt.Sprintf("已通知%s，%s 前处理", r.WorkerName, t.When(r.DueAt))
}

// tellCmdRE is 「留言 6 不急」: the job, then the words.
var tellCmdRE = rx.MustCompile(`^留言\s*(?:([A-Za-z]{1,4}-\d{8}-\d{1,6})|(?:第\s*)?[#＃]?\s*(\d{1,6})\s*号?)\s*[:：,，\s]\s*(\S.*)$`)

// readTellCommand reads 「留言 6 不急」 as the command 留言 6.
func readTellCommand(text string) (flows.Command, bool) {
	m := tellCmdRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return flows.Command{}, false
	}
	if m[1] != "" {
		return flows.Command{Word: "留言", Ref: strings.ToUpper(m[1])}, true
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n <= 0 {
		return flows.Command{}, false
	}
	return flows.Command{Word: "留言", Num: n}, true
}

// newClauses is more (clauses joined by ，) less those the reason says
// already: 先手动调准了, said again with new words on the clock waiting for
// the leaders, is not repeated in the reason they read.
func newClauses(reason, more string) string {
	var out []string
	for _, c := range strings.Split(more, "，") {
		if c != "" && !strings.Contains(reason, c) {
			out = append(out, c)
		}
	}
	return strings.Join(out, "，")
}

// addToBlock adds a worker's words on a job waiting for the leaders (要买
// 三十来块钱的锁芯, right after 修不好) to its reason, and tells the leaders
// who decide and the reporter: they are more of why, not a deadline kept.
func addToBlock(t *flows.Turn, r Repair, note string) error {
	more := strings.TrimSpace(needWordsRE.ReplaceAllString(note, ""))
	if utf8.RuneCountInString(more) < 2 {
		more = note
	}
	said := tidyReason(more)
	more = newClauses(r.BlockedReason, said)
	if more == "" {
		// Said again: the leaders have it already.
		t.Say(fmt.Sprintf("「%s」已经在 %s 修不好的原因里，领导决定后会告诉你。", said, r.Ref))
		return nil
	}
	r.BlockedReason = flows.Clip(r.BlockedReason+"，"+more, 300)
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventNoted, From: r.Status, To: r.Status, Note: note}); err != nil {
		return err
	}
	roles := []flows.Role{flows.RoleLeader, flows.RoleHead}
	told := map[int64]bool{t.Staff.ID: true}
	if _, err := t.NotifyRolesExcept(roles, told, flows.Notification{Kind: NoticeUpdate, Ref: ref(r),
		Text:    fmt.Sprintf("【修不好·补充】%s（%s %s）%s补充：%s\n原因现为：%s", r.Ref, r.Place(), r.Description, t.Staff.Name, more, r.BlockedReason),
		Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}}}); err != nil {
		return err
	}
	if told[r.ReporterID] {
		// A leader who reported the job read the words just now, as one
		// who decides: the same words again as its reporter would be a
		// second copy.
		t.Say(fmt.Sprintf("已把「%s」补充到 %s 修不好的原因里，并转告了领导（报修人%s也在其中）。领导决定后会告诉你。", more, r.Ref, r.ReporterName))
		return nil
	}
	if err := tellReporter(t, r, fmt.Sprintf("【维修进度】你报修的 %s（%s %s）\n%s说：%s", r.Ref, r.Place(), r.Description, t.Staff.Name, note), nil, true); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("已把「%s」补充到 %s 修不好的原因里，并转告了领导和报修人。领导决定后会告诉你。", more, r.Ref))
	return nil
}
