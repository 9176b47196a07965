package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// An errand is a leader's order to a worker given in words, about no
// repair job: 陈主任's 「王师傅下午一点前往礼堂搬50把椅子 摆成五排」 (user
// test 32's T31), 撒盐除冰, 开考场的门. It had been passed on as a
// 【领导交代】 and forgotten: 王师傅's 「礼堂椅子50把摆好了」 went into an
// unrelated repair's sign-off, and 陈主任's 「礼堂椅子王师傅摆好没有」 was not
// understood.
//
// What counts as an errand: words a leader (relayLeader) has passed on to
// one worker (RoleWorker) as an order (relayTo), when no flow read them as
// a report and they name no fault to mend (errandFaultRE: 修, 坏, 漏 …;
// those are repair jobs, relayed and tracked by the repair flow). It is
// recorded in the same transaction as the 【领导交代】.
//
// When it closes: when the worker says it is done in words that name it
// (errandMatch: its nouns and places, 「礼堂的椅子弄完了」「盐撒好了」, or
// only its verb when that is all they say, 「搬过去了」); the leader is told
// at once. The worker's first answer to the order (好的 马上去) goes back
// to the leader as any answer does (RelayReply) and is kept as his reply.
// An errand never told done stays open, but is read only for ErrandLife
// after it was given: a forgotten one drops out of 「我的」 and does not
// catch words weeks later.

// Errand is a leader's order to a worker, given in words, and whether it
// was done.
type Errand struct {
	ID        int64
	SchoolID  int64
	LeaderID  int64 // who gave it
	WorkerID  int64 // to whom
	Words     string
	GivenAt   time.Time
	Reply     string // the worker's newest words on it before done (好的 马上去, 撒了两袋 明早再去看看), "" before any
	RepliedAt time.Time
	DoneWords string // the worker's words saying it is done, "" while open
	DoneAt    time.Time
}

// Open reports whether the errand is not yet told done.
func (e Errand) Open() bool { return e.DoneAt.IsZero() }

// Errands keeps the errands (migration 00059). It is an optional part of
// a Tx (store.Tx and flowtest.Core have it); without it nothing is
// recorded and words are read as before.
type Errands interface {
	// CreateErrand records an errand and sets its ID.
	CreateErrand(ctx context.Context, e *Errand) error
	// ErrandsSince lists the school's errands given at or after since,
	// the newest first.
	ErrandsSince(ctx context.Context, schoolID int64, since time.Time) ([]Errand, error)
	// UpdateErrand writes an errand's reply and done fields; it returns
	// ErrNotFound for an unknown id.
	UpdateErrand(ctx context.Context, e Errand) error
}

// ErrandLife is how long after it was given an errand is read.
const ErrandLife = 14 * 24 * time.Hour

// NoticeErrandDone tells a leader that the worker said his errand is
// done. It has no buttons.
const NoticeErrandDone = "errand.done"

var (
	// errandFaultRE names a fault to mend: such words are a repair's.
	errandFaultRE = rx.MustCompile(`修|坏|漏|堵|裂|断了|不亮|不通|不响|不转|不出水|没电|故障|失灵|松了|掉了`)
	// errandActRE is something to do in an order: 把…, 搬, 撒, 检查; words
	// that only inform (告诉王师傅明天停水) are no errand.
	errandActRE = rx.MustCompile(`把|搬|摆|撒|铲|扫|开|关|锁|送|拉|挂|贴|装|拆|收|放|清|铺|挪|移|抬|运|准备|布置|检查|打扫|整理|去|过来`)
	// errandDoneRE says work is done: 摆好了, 弄完了, 搬过去了, 盐撒了.
	errandDoneRE = rx.MustCompile(`(?:好|完|妥|齐|完成|定|上|过去|进去|到位)了|搞定|完事|办妥|[撒铲扫搬摆开关锁送挂贴装拆收放撤清拉铺]了`)
	// errandNotDoneRE keeps words from saying done: 还没好, 明天再摆, 好了吗.
	errandNotDoneRE = rx.MustCompile(`没|未|还差|再|一会|待会|等会|马上|正在|在弄|准备|打算|[吗呢？?]`)
	// errandAskRE asks whether work is done: 摆好没有, 撒了吗, 干完没.
	errandAskRE = rx.MustCompile(`(?:没有?|了吗|吗|了没|没呢|好了不|完了不|怎么样了?|咋样了?)[？?。！!~\s]*$|[？?]\s*$`)
	// errandAskWorkRE is the work a question asks after.
	errandAskWorkRE = rx.MustCompile(`好|完|弄|摆|搬|撒|干|做|办|开|关|铲|扫|送|怎么样|咋样`)
	// errandTakeRE is a worker's yes to an order: 好的 马上去, 收到 这就过去.
	errandTakeRE = rx.MustCompile(`^(?:好的?|好嘞|好滴|行|收到|知道了|明白了?|没问题|可以|嗯)?[，,。!！~\s]*(?:我)?(?:马上|这就|立刻|现在|等下|一会儿?|待会儿?|下午|明天|晚点)(?:就)?(?:去|过去|来|到|办|弄|搬|摆)?(?:了|哈|啊)?[。!！~]*$`)
	// errandKeyRE are the verbs of doing an errand that no repair note
	// has (撒, 搬, 摆): one of them shared is enough for words to be of
	// it (撒了两袋 明早再去看看). 开, 关, 装, 换 are a repair's too.
	errandKeyRE = rx.MustCompile(`[撒搬摆铲扫挪抬运铺贴挂送]`)
	// errandNumberRE is a number and what it counts (五楼, 302), which
	// the errand must hold too.
	errandNumberRE = rx.MustCompile(`\d+|[一二三四五六七八九十两]+[楼层号班]`)
)

// errandStop are characters that say nothing of which errand: particles,
// words of doing and finishing, people's titles, time.
const errandStop = "的了吗呢吧啊呀嘛哈啦没有好完成弄干搞做办都也已经把将给让叫请去来过在是这那个些件事活儿我你他她们就再还说一下师傅老主任校长副工么什啥怎样情况今天明早晚午点前后时候全部所帮到定妥齐边"

// errandChars is what words say of an errand: their Han characters less
// errandStop, and their numbers.
func errandChars(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range errandNumberRE.FindAllString(s, -1) {
		out[m] = true
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) && !strings.ContainsRune(errandStop, r) && !strings.ContainsRune("一二三四五六七八九十两", r) {
			out[string(r)] = true
		}
	}
	return out
}

// errandMatch is how well words (a done clause, a question) fit an
// errand's words: the characters they share (errandChars); 0 when they do
// not fit. They fit when they share two or more, or when all they say is
// in the errand (搬过去了: 搬); every number they name (五楼, 302) must be
// in it.
func errandMatch(words, errand string) int {
	c := errandChars(words)
	for _, m := range errandNumberRE.FindAllString(words, -1) {
		if !strings.Contains(errand, m) {
			return 0
		}
	}
	e := errandChars(errand)
	n := 0
	for k := range c {
		if e[k] {
			n++
		}
	}
	if n >= 2 || n >= 1 && n == len(c) {
		return n
	}
	return 0
}

// errandTouch is how many characters words share with an errand's
// words (errandChars), 0 when they name a number it does not: words said
// with a clause that fits it (errandMatch) need share only one to go with
// it (台阶盐撒好了 撒了两袋 明早再去看看).
func errandTouch(words, errand string) int {
	for _, m := range errandNumberRE.FindAllString(words, -1) {
		if !strings.Contains(errand, m) {
			return 0
		}
	}
	e := errandChars(errand)
	n := 0
	for k := range errandChars(words) {
		if e[k] {
			n++
		}
	}
	return n
}

// errandAbout is how well words that do not say it is done fit an
// errand: errandTouch when they share two characters with it, or one of
// its verbs no repair note has (errandKeyRE); 0 otherwise.
func errandAbout(words, errand string) int {
	n := errandTouch(words, errand)
	if n >= 2 {
		return n
	}
	if n == 1 {
		for _, m := range errandKeyRE.FindAllString(words, -1) {
			if strings.Contains(errand, m) {
				return 1
			}
		}
	}
	return 0
}

// errandStore is t's errand store, and whether it has one.
func errandStore(t *Turn) (Errands, bool) {
	s, ok := t.Tx.(Errands)
	return s, ok
}

// recordErrand records the words passed on to to as an errand when to is
// a worker and they name no fault (see above).
func recordErrand(t *Turn, to Staff, words string) error {
	es, ok := errandStore(t)
	if !ok || !to.Has(RoleWorker) || errandFaultRE.MatchString(words) || !errandActRE.MatchString(words) {
		return nil
	}
	return es.CreateErrand(t.Ctx, &Errand{SchoolID: t.School.ID, LeaderID: t.Staff.ID, WorkerID: to.ID, Words: words, GivenAt: t.Now})
}

// recentErrands is the school's errands within ErrandLife, newest first.
func recentErrands(t *Turn, es Errands) ([]Errand, error) {
	return es.ErrandsSince(t.Ctx, t.School.ID, t.Now.Add(-ErrandLife))
}

// errandTaken keeps words the worker answered an order with, passed back
// to leader from (RelayReply), as his reply to from's newest open errand
// to him that has none yet.
func errandTaken(t *Turn, from Staff, words string) error {
	es, ok := errandStore(t)
	if !ok || !t.Staff.Has(RoleWorker) {
		return nil
	}
	all, err := recentErrands(t, es)
	if err != nil {
		return err
	}
	for _, e := range all {
		if e.Open() && e.WorkerID == t.Staff.ID && e.LeaderID == from.ID {
			if e.Reply != "" {
				return nil
			}
			e.Reply, e.RepliedAt = words, t.Now
			return es.UpdateErrand(t.Ctx, e)
		}
	}
	return nil
}

// errandClock is when at was, for a leader's reading: 15:35 today, else
// with its day.
func errandClock(t *Turn, at time.Time) string {
	loc := t.School.Location()
	a, n := at.In(loc), t.Now.In(loc)
	if a.Year() == n.Year() && a.YearDay() == n.YearDay() {
		return a.Format("15:04")
	}
	return FormatWhen(at, t.Now, loc)
}

// errandClauses splits words into clauses, each ending where it says
// something is done (errandDoneRE); words after the last such clause go
// with it. done reports, for each clause, whether it says so.
func errandClauses(text string) (clauses []string, done []bool) {
	segs := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。；;！!、 \t\n", r) })
	var cur []string
	for _, s := range segs {
		cur = append(cur, s)
		if errandDoneRE.MatchString(s) && !errandNotDoneRE.MatchString(s) {
			clauses, done = append(clauses, strings.Join(cur, " ")), append(done, true)
			cur = nil
		}
	}
	if len(cur) > 0 {
		if len(clauses) > 0 {
			clauses[len(clauses)-1] += " " + strings.Join(cur, " ")
		} else {
			clauses, done = append(clauses, strings.Join(cur, " ")), append(done, false)
		}
	}
	return clauses, done
}

// errandDone closes the writer's open errands that his words say are
// done (see above), tells the leaders who gave them, and reports whether
// every clause was of an errand; the clauses that were not (a repair's:
// 「302门牌也粘上了」) are left in t.Text for the flows to read. It reads
// the errands only for a worker's words that say something is done.
//
// In the middle of a conversation (aside), only words all of whose
// clauses are an errand's are taken, and the conversation waits on: 王
// 师傅's chairs had gone into the 门牌 job's completion in user test 32.
func (e *Engine) errandDone(t *Turn, text string, aside bool) (bool, error) {
	if t.Msg.Button != "" || !t.Staff.Has(RoleWorker) || t.Idle() == aside {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if !errandDoneRE.MatchString(norm) {
		return false, nil
	}
	es, ok := errandStore(t)
	if !ok {
		return false, nil
	}
	clauses, done := errandClauses(norm)
	if !slices.Contains(done, true) {
		return false, nil
	}
	all, err := recentErrands(t, es)
	if err != nil {
		return false, err
	}
	var mine []Errand
	for _, e := range all {
		if e.Open() && e.WorkerID == t.Staff.ID {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		return false, nil
	}
	said := map[int][]string{} // index in mine → its clauses
	var order []int
	var rest []string
	for i, c := range clauses {
		best, score := -1, 0
		if done[i] && !errandFaultRE.MatchString(c) {
			for j, e := range mine { // newest first: a tie keeps the newest
				if n := errandMatch(c, e.Words); n > score {
					best, score = j, n
				}
			}
		}
		if best < 0 {
			rest = append(rest, c)
			continue
		}
		if _, ok := said[best]; !ok {
			order = append(order, best)
		}
		said[best] = append(said[best], c)
	}
	if len(order) > 0 {
		// 台阶盐撒好了 撒了两袋 明早再去看看: words said with an errand's
		// done clause that touch it go to its leader with it; those that
		// name a fault or touch none (302门牌也粘上了) are the flows'.
		var kept []string
		for _, c := range rest {
			best, score := -1, 0
			if !errandFaultRE.MatchString(c) {
				for _, j := range order {
					if n := errandTouch(c, mine[j].Words); n > score {
						best, score = j, n
					}
				}
			}
			if best < 0 {
				kept = append(kept, c)
				continue
			}
			said[best] = append(said[best], c)
		}
		rest = kept
	}
	left := strings.Join(rest, " ")
	if len(order) == 0 || aside && hanCount(left) >= 2 {
		return false, nil
	}
	var told []string
	for _, j := range order {
		er := mine[j]
		er.DoneWords, er.DoneAt = Clip(strings.Join(strings.Fields(strings.Join(said[j], " ")), "，"), 200), t.Now
		if err := es.UpdateErrand(t.Ctx, er); err != nil {
			return false, err
		}
		leader, err := t.Tx.StaffByID(t.Ctx, er.LeaderID)
		if err != nil {
			return false, err
		}
		if err := t.Notify(Notification{ToStaff: leader.ID, Kind: NoticeErrandDone, Ref: fmt.Sprintf("errand:%d", er.ID),
			Text: fmt.Sprintf("%s说%s（%s）\n你交代的是：「%s」", t.Staff.Name, er.DoneWords, errandClock(t, t.Now), er.Words)}); err != nil {
			return false, err
		}
		told = append(told, fmt.Sprintf("已转告%s：「%s」", leader.Name, er.DoneWords))
	}
	t.Say("好的，辛苦了！" + strings.Join(told, "；") + "。")
	if aside {
		e.stillOpen(t)
		return true, nil
	}
	if hanCount(left) < 2 {
		return true, nil
	}
	t.Text = left // 302门牌也粘上了: the repair's part
	return false, nil
}

// errandWord passes a worker's words on how his open errand goes,
// which do not say it is done (撒了两袋 明早再去看看, 椅子还差十把 下午接着
// 摆: user test 33's T31), to the leader who gave it, keeps them as his
// reply, and reports whether it did. They must fit the errand
// (errandAbout) better than any other of his, and name no fault (those
// are a repair's); read only when he is in no conversation.
func (e *Engine) errandWord(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || !t.Staff.Has(RoleWorker) || !t.Idle() {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if hanCount(norm) < 2 || errandFaultRE.MatchString(norm) {
		return false, nil
	}
	es, ok := errandStore(t)
	if !ok {
		return false, nil
	}
	all, err := recentErrands(t, es)
	if err != nil {
		return false, err
	}
	best, score, tie := Errand{}, 0, false
	for _, er := range all {
		if !er.Open() || er.WorkerID != t.Staff.ID {
			continue
		}
		if n := errandAbout(norm, er.Words); n > score {
			best, score, tie = er, n, false
		} else if n > 0 && n == score {
			tie = true
		}
	}
	if score == 0 || tie {
		return false, nil
	}
	leader, err := t.Tx.StaffByID(t.Ctx, best.LeaderID)
	if err != nil {
		return false, err
	}
	words := Clip(strings.Join(strings.Fields(norm), "，"), 200)
	best.Reply, best.RepliedAt = words, t.Now
	if err := es.UpdateErrand(t.Ctx, best); err != nil {
		return false, err
	}
	// A 留言 (NoticeStaffRelay), so that the leader's answer to it goes
	// back to him as any answer does (RelayReply).
	if err := t.Notify(Notification{ToStaff: leader.ID, Kind: NoticeStaffRelay, Ref: relayRef(t.Staff.ID),
		Text: fmt.Sprintf("【同事留言】%s：「%s」\n你交代的是：「%s」", t.Staff.Name, words, best.Words)}); err != nil {
		return false, err
	}
	t.Say(fmt.Sprintf("好的，已转告%s：「%s」。办好了再说一声，我也会转告%s。", leader.Name, words, leader.Name))
	return true, nil
}

// errandReply passes a worker's yes to a leader's order (好的 马上去,
// right after the 【领导交代】) back to the leader before any flow reads
// it as the yes to a job (RelayReply); it reports whether it did.
func (e *Engine) errandReply(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || !t.Staff.Has(RoleWorker) || !t.Idle() {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if !IsAck(norm) && !errandTakeRE.MatchString(norm) {
		return false, nil
	}
	return RelayReply(t, norm)
}

// errandAsked answers a leader's question whether an errand is done
// (礼堂椅子王师傅摆好没有, 让孙师傅撒的盐撒了吗, 王师傅那个活干完没) from the
// errands of the school, and reports whether it did. Words that name a
// fault (302的门修好没有) are a repair's question; words that fit no
// errand are left to the flows.
func (e *Engine) errandAsked(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || !relayLeader(t.Staff) || !t.Idle() {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if !errandAskRE.MatchString(norm) || !errandAskWorkRE.MatchString(norm) || errandFaultRE.MatchString(norm) {
		return false, nil
	}
	es, ok := errandStore(t)
	if !ok {
		return false, nil
	}
	all, err := recentErrands(t, es)
	if err != nil || len(all) == 0 {
		return false, err
	}
	// The workers the words name, and the words less their names.
	names := map[int64]Staff{}
	named := map[int64]bool{}
	words := norm
	for _, er := range all {
		w, ok := names[er.WorkerID]
		if !ok {
			if w, err = t.Tx.StaffByID(t.Ctx, er.WorkerID); err != nil {
				return false, err
			}
			names[er.WorkerID] = w
		}
		for _, f := range staffForms(w) {
			if strings.Contains(words, f) {
				words = strings.ReplaceAll(words, f, " ")
				named[w.ID] = true
			}
		}
	}
	// A place alone is no errand's: 礼堂那边都弄好了吗 asks after the
	// repair jobs there (the repair flow's answer), not the chairs.
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	for _, l := range locs {
		for _, n := range append([]string{l.Building, l.Room}, l.Aliases...) {
			if len([]rune(n)) >= 2 && hanCount(n) > 0 && strings.Contains(words, n) {
				words = strings.ReplaceAll(words, n, " ")
			}
		}
	}
	var hits []Errand
	if len(errandChars(words)) == 0 {
		// 王师傅那个活干完没: his errands, the open ones first.
		for _, er := range all {
			if named[er.WorkerID] {
				hits = append(hits, er)
			}
		}
		slices.SortStableFunc(hits, func(a, b Errand) int {
			if a.Open() != b.Open() {
				if a.Open() {
					return -1
				}
				return 1
			}
			return 0
		})
	} else {
		best := 0
		for _, er := range all {
			if len(named) > 0 && !named[er.WorkerID] {
				continue
			}
			if n := errandMatch(words, er.Words); n > best {
				hits, best = []Errand{er}, n
			} else if n > 0 && n == best {
				hits = append(hits, er)
			}
		}
	}
	if len(hits) == 0 {
		return false, nil
	}
	if len(hits) > 3 {
		hits = hits[:3]
	}
	var lines []string
	for _, er := range hits {
		w := names[er.WorkerID]
		if !er.Open() {
			lines = append(lines, fmt.Sprintf("%s说%s（%s）。", w.Name, er.DoneWords, errandClock(t, er.DoneAt)))
			continue
		}
		by := "你"
		if er.LeaderID != t.Staff.ID {
			l, err := t.Tx.StaffByID(t.Ctx, er.LeaderID)
			if err != nil {
				return false, err
			}
			by = l.Name
		}
		line := fmt.Sprintf("还没有。%s %s 交代给%s的「%s」，%s还没有说办好", by, errandClock(t, er.GivenAt), w.Name, er.Words, w.Name)
		if er.Reply != "" {
			line += fmt.Sprintf("；他 %s 回复过：「%s」", errandClock(t, er.RepliedAt), er.Reply)
		} else {
			line += "，也还没有回复"
		}
		lines = append(lines, line+"。他说办好后我会转告"+by+"。")
	}
	t.Say(strings.Join(lines, "\n"))
	return true, nil
}

// staffForms are the ways words name s: 王师傅, 老王, 王建国.
func staffForms(s Staff) []string {
	forms := []string{s.Name}
	sur := []rune(s.Name)
	if len(sur) == 0 {
		return nil
	}
	for _, tt := range relayTitles {
		forms = append(forms, string(sur[0])+tt)
	}
	return append(forms, "老"+string(sur[0]), "小"+string(sur[0]))
}

// mineErrands is 「我的」's part of errands: a worker's open errands, a
// leader's open errands given. It reads only for them.
func mineErrands(t *Turn) (string, error) {
	worker, leader := t.Staff.Has(RoleWorker), relayLeader(t.Staff)
	es, ok := errandStore(t)
	if !ok || !worker && !leader {
		return "", nil
	}
	all, err := recentErrands(t, es)
	if err != nil {
		return "", err
	}
	var toMe, byMe []string
	for _, er := range all {
		if !er.Open() {
			continue
		}
		when := t.When(er.GivenAt)
		if worker && er.WorkerID == t.Staff.ID {
			l, err := t.Tx.StaffByID(t.Ctx, er.LeaderID)
			if err != nil {
				return "", err
			}
			toMe = append(toMe, fmt.Sprintf("· %s %s：「%s」", l.Name, when, ClipWords(er.Words, 40)))
		}
		if leader && er.LeaderID == t.Staff.ID {
			w, err := t.Tx.StaffByID(t.Ctx, er.WorkerID)
			if err != nil {
				return "", err
			}
			state := "还没有回复"
			if er.Reply != "" {
				state = "已回复「" + ClipWords(er.Reply, 20) + "」"
			}
			byMe = append(byMe, fmt.Sprintf("· %s %s：「%s」（%s）", w.Name, when, ClipWords(er.Words, 40), state))
		}
	}
	var parts []string
	if len(toMe) > 0 {
		parts = append(parts, "【领导交代的事】\n"+strings.Join(toMe, "\n")+"\n办好了直接说一声（比如「椅子摆好了」），我会转告交代的领导。")
	}
	if len(byMe) > 0 {
		parts = append(parts, "【我交代的事·未办好】\n"+strings.Join(byMe, "\n"))
	}
	return strings.Join(parts, "\n\n"), nil
}
