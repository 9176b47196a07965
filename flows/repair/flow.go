package repair

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

// RepairFlow is 报修: a report from one message to the right worker, and
// everything that happens to it afterwards (接单, 完成, 修不好, 转派, 验收).
type RepairFlow struct{}

// Name implements Flow.
func (RepairFlow) Name() string { return "repair" }

// Title implements Flow.
func (RepairFlow) Title() string { return "报修" }

// Triggers implements Flow.
func (RepairFlow) Triggers() []string { return []string{"报修", "维修", "repair"} }

// Hint implements the engine's help text.
func (RepairFlow) Hint() string { return "或直接说「302教室灯不亮」" }

// Allowed implements Flow: anyone at school may report a repair.
func (RepairFlow) Allowed(flows.Staff) bool { return true }

// Accepts implements Acceptor: free text naming a broken thing is a report.
func (RepairFlow) Accepts(t *flows.Turn) bool {
	g := GuessRepair(t.Text, nil)
	return g.Trade != "" && utf8.RuneCountInString(t.Text) >= 3
}

type repairDraft struct {
	LocationID int64       `json:"loc,omitempty"`
	Location   string      `json:"loc_name,omitempty"`
	Candidates []int64     `json:"cands,omitempty"`
	Trade      flows.Trade `json:"trade,omitempty"`
	Item       string      `json:"item,omitempty"`
	Desc       string      `json:"desc,omitempty"`
	Large      bool        `json:"large,omitempty"`
	Photo      string      `json:"photo,omitempty"`
}

// MaxDescription bounds a repair description, in characters.
const MaxDescription = 500

// Start implements Flow.
func (f RepairFlow) Start(t *flows.Turn) error {
	text := flows.StripTrigger(t.Text, f.Triggers())
	var d repairDraft
	d.Photo = t.Image()
	if text != "" {
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return err
		}
		g := GuessRepair(text, locs)
		d.apply(g, locs)
		if !g.OnlyPlace { // 「报修 303」 says where, not what
			d.Desc = flows.Clip(g.Description, MaxDescription)
		}
	}
	return f.next(t, &d)
}

func (d *repairDraft) apply(g RepairGuess, locs []flows.Location) {
	if g.LocationID != 0 {
		d.LocationID = g.LocationID
		d.Location = flows.LocationLabel(locs, g.LocationID)
		d.Candidates = nil
	} else if len(g.LocationCandidates) > 1 {
		d.Candidates = g.LocationCandidates
	}
	if g.Trade != "" && d.Trade == "" {
		d.Trade, d.Item, d.Large = g.Trade, g.Item, g.Large
	}
}

var tradeButtons = []flows.Button{
	{Label: "桌椅门窗锁（木工）", Data: string(flows.TradeCarpentry)},
	{Label: "灯、插座、电线（电工）", Data: string(flows.TradeElectrical)},
	{Label: "水龙头、漏水、厕所、暖气（水暖）", Data: string(flows.TradePlumbing)},
	{Label: "投影、电脑、网络（电教）", Data: string(flows.TradeAV)},
	{Label: "屋顶、墙面、地面（土建）", Data: string(flows.TradeBuilding)},
	{Label: "其他", Data: string(flows.TradeGeneral)},
}

// The read-back's choices.
const (
	confirmSubmit          = "submit"
	confirmEditLocation    = "edit_loc"
	confirmEditDescription = "edit_desc"
	confirmCancel          = "cancel"
)

var confirmButtons = []flows.Button{
	{Label: "确认提交", Data: confirmSubmit},
	{Label: "改地点", Data: confirmEditLocation},
	{Label: "改描述", Data: confirmEditDescription},
	{Label: "取消", Data: confirmCancel},
}

// next asks for the first missing field, or reads the report back.
func (f RepairFlow) next(t *flows.Turn, d *repairDraft) error {
	switch {
	case d.LocationID == 0:
		buttons, err := f.locationButtons(t, d)
		if err != nil {
			return err
		}
		q := "在哪里？请告诉我地点，比如「302教室」「初二(3)班」或「实验楼二楼男厕所」。"
		if len(d.Candidates) > 1 {
			q = "有几个地点都对得上，是哪一个？"
		}
		if len(buttons) > 0 {
			q += "\n" + flows.Numbered(buttons)
		}
		t.Say(q, buttons...)
		return t.Goto(string(stateLocation), d)
	case d.Desc == "":
		t.Say("出了什么问题？请简单描述，比如「课桌腿断了」「灯管不亮」。也可以发一张照片。")
		return t.Goto(string(stateDescription), d)
	case d.Trade == "":
		t.Say("这属于哪一类维修？\n"+flows.Numbered(tradeButtons), tradeButtons...)
		return t.Goto(string(stateTrade), d)
	}
	due := RepairDue(t.School.Settings, t.School.Location(), t.Now, d.Large)
	var b strings.Builder
	fmt.Fprintf(&b, "请核对报修单：\n地点：%s\n问题：%s\n类别：%s · %s", d.Location, d.Desc, d.Trade.Label(), severity(d.Large))
	if d.Photo != "" {
		b.WriteString("\n照片：已附")
	}
	fmt.Fprintf(&b, "\n按规定应在 %s 前修好。\n%s", t.When(due), flows.Numbered(confirmButtons))
	t.Say(b.String(), confirmButtons...)
	return t.Goto(string(stateConfirm), d)
}

func severity(large bool) string {
	if large {
		return "大修（24 小时内）"
	}
	return "小修（不隔夜）"
}

// locButtonPrefix starts the data of a location's button, before its id.
const locButtonPrefix = "loc:"

// locationButtons offers the candidates of an ambiguous name, or else the
// rooms the reporter owns (a 班主任's classroom).
func (RepairFlow) locationButtons(t *flows.Turn, d *repairDraft) ([]flows.Button, error) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return nil, err
	}
	var out []flows.Button
	for _, l := range locs {
		if slices.Contains(d.Candidates, l.ID) || len(d.Candidates) == 0 && l.OwnerID == t.Staff.ID {
			out = append(out, flows.Button{Label: flows.LocationLabel(locs, l.ID), Data: locButtonPrefix + strconv.FormatInt(l.ID, 10)})
		}
	}
	if len(out) > 8 {
		out = out[:8]
	}
	return out, nil
}

// Step implements Flow: a photo is taken at any step; otherwise the
// state's entry in reportSteps reads the answer.
func (f RepairFlow) Step(t *flows.Turn) error {
	var d repairDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	if img := t.Image(); img != "" {
		d.Photo = img
		if t.Text == "" {
			t.Say("照片收到了。")
			return f.next(t, &d)
		}
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	if step, ok := reportSteps[state(t.State())]; ok {
		return step(f, t, &d, locs)
	}
	return f.next(t, &d)
}

// reportStep reads the answer to one of the report's questions, given
// the draft so far and the school's locations.
type reportStep func(f RepairFlow, t *flows.Turn, d *repairDraft, locs []flows.Location) error

// reportSteps is the report's state table.
var reportSteps = map[state]reportStep{
	stateLocation:    RepairFlow.answerLocation,
	stateDescription: RepairFlow.answerDescription,
	stateTrade:       RepairFlow.answerTrade,
	stateConfirm:     RepairFlow.answerConfirm,
}

func (f RepairFlow) answerLocation(t *flows.Turn, d *repairDraft, locs []flows.Location) error {
	buttons, err := f.locationButtons(t, d)
	if err != nil {
		return err
	}
	if data, ok := t.Pick(buttons); ok {
		id, _ := strconv.ParseInt(strings.TrimPrefix(data, locButtonPrefix), 10, 64)
		d.LocationID, d.Location, d.Candidates = id, flows.LocationLabel(locs, id), nil
		return f.next(t, d)
	}
	if t.Text == "" {
		return f.next(t, d)
	}
	g := GuessRepair(t.Text, locs)
	if g.LocationID == 0 && len(g.LocationCandidates) < 2 {
		t.Say(fmt.Sprintf("没有找到「%s」这个地点。请换个说法，比如门牌号「302」、班级「初二(3)班」或「实验楼二楼男厕所」；发送「取消」可以放弃。", flows.Clip(t.Text, 20)))
		return nil
	}
	d.apply(g, locs)
	if d.Desc == "" && g.Trade != "" {
		d.Desc = flows.Clip(g.Description, MaxDescription)
	}
	return f.next(t, d)
}

func (f RepairFlow) answerDescription(t *flows.Turn, d *repairDraft, locs []flows.Location) error {
	if t.Text == "" {
		t.Say("请用文字简单描述一下问题，比如「课桌腿断了」。")
		return nil
	}
	if utf8.RuneCountInString(t.Text) > MaxDescription {
		t.Say(fmt.Sprintf("描述太长了，请控制在 %d 字以内。", MaxDescription))
		return nil
	}
	g := GuessRepair(t.Text, locs)
	d.Desc = t.Text
	d.apply(RepairGuess{Trade: g.Trade, Item: g.Item, Large: g.Large}, locs)
	return f.next(t, d)
}

func (f RepairFlow) answerTrade(t *flows.Turn, d *repairDraft, _ []flows.Location) error {
	for _, tr := range flows.Trades { // the trade's own name: 水暖
		if flows.IsWord(t.Text, []string{tr.Label()}) {
			d.Trade = tr
			return f.next(t, d)
		}
	}
	data, ok := pick(t, "请回复 1 到 6 中的一个数字。", tradeButtons)
	if !ok {
		return nil
	}
	d.Trade = flows.Trade(data)
	return f.next(t, d)
}

// answerConfirm reads the read-back's choice; a word of assent (or no
// text at all) submits.
func (f RepairFlow) answerConfirm(t *flows.Turn, d *repairDraft, _ []flows.Location) error {
	data, ok := t.Pick(confirmButtons)
	if !ok {
		if t.Text != "" && !flows.IsWord(t.Text, []string{"好", "是", "对", "确认", "提交", "ok"}) {
			t.Say("请回复数字选择：\n"+flows.Numbered(confirmButtons), confirmButtons...)
			return nil
		}
		data = confirmSubmit
	}
	switch data {
	case confirmSubmit:
		return f.submit(t, d)
	case confirmEditLocation:
		d.LocationID, d.Location = 0, ""
		return f.next(t, d)
	case confirmEditDescription:
		d.Desc, d.Trade, d.Item = "", "", ""
		return f.next(t, d)
	}
	t.Done()
	t.Say("已取消，这次报修没有提交。")
	return nil
}

func (f RepairFlow) submit(t *flows.Turn, d *repairDraft) error {
	t.Done()
	if dup, err := db(t).OpenRepairAt(t.Ctx, d.LocationID, d.Trade); err == nil {
		if dup.ReporterID == t.Staff.ID {
			t.Say(fmt.Sprintf("你已经报修过这个问题了：%s（%s）。发送「我的」可以查看进度。", dup.Ref, dup.Status.Label()))
			return nil
		}
		if err := db(t).AddFollower(t.Ctx, dup.ID, t.Staff.ID, t.Now); err != nil {
			return err
		}
		worker := dup.WorkerName
		if worker == "" {
			worker = "总务处"
		}
		t.Say(fmt.Sprintf("这个问题已经有人报修了：%s，%s %s 报修「%s」，目前%s，由%s负责。\n已把你加为关注人，修好后会通知你。",
			dup.Ref, dup.ReporterName, t.When(dup.ReportedAt), dup.Description, dup.Status.Label(), worker))
		return nil
	} else if !errors.Is(err, flows.ErrNotFound) {
		return err
	}
	r, err := create(t, Filing{LocationID: d.LocationID, Trade: d.Trade, Item: d.Item, Description: d.Desc, Photo: d.Photo, Large: d.Large}, d.Location)
	if err != nil {
		return err
	}
	t.Say(fmt.Sprintf("报修成功！单号 %s。\n已派给%s，按规定 %s 前修好。修好后会请你验收；发送「我的」可随时查看进度。",
		r.Ref, r.WorkerName, t.When(r.DueAt)))
	return nil
}

// route picks the worker for r and records why; with no route the
// 总务主任 gets it to dispatch by hand.
func route(t *flows.Turn, r *Repair, building string) error {
	cands, err := db(t).RouteCandidates(t.Ctx, t.School.ID, r.Trade, building, t.Now)
	if err != nil {
		return err
	}
	id, reason := ChooseWorker(cands)
	if id == 0 {
		heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
		if err != nil {
			return err
		}
		if len(heads) == 0 {
			return fmt.Errorf("repair at location %d: school %d has no route for %s and no 总务主任", r.LocationID, t.School.ID, r.Trade)
		}
		id, reason = heads[0].ID, fmt.Sprintf("没有匹配的维修路由（%s），转总务主任%s派单", r.Trade.Label(), heads[0].Name)
	}
	w, err := t.Tx.StaffByID(t.Ctx, id)
	if err != nil {
		return err
	}
	r.WorkerID, r.WorkerName, r.RouteReason = w.ID, w.Name, reason
	return nil
}

// jobButtons are the worker's actions on a job card.
func jobButtons(r Repair) []flows.Button {
	switch r.Status {
	case RepairAssigned:
		return []flows.Button{{Label: "接单", Data: action(verbTake, r.ID)}, {Label: "完成", Data: action(verbDone, r.ID)},
			{Label: "修不好", Data: action(verbBlock, r.ID)}, {Label: "转派", Data: action(verbXfer, r.ID)}}
	case RepairAccepted, RepairDeferred:
		return []flows.Button{{Label: "完成", Data: action(verbDone, r.ID)}, {Label: "修不好", Data: action(verbBlock, r.ID)},
			{Label: "转派", Data: action(verbXfer, r.ID)}, {Label: "改大修/小修", Data: action(verbReclass, r.ID)}}
	}
	return nil
}

func jobCard(t *flows.Turn, r Repair, title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s\n地点：%s\n问题：%s（%s·%s）\n报修人：%s\n", title, r.Ref, r.LocationName, r.Description, r.Trade.Label(), r.Severity(), r.ReporterName)
	if r.Photo != "" {
		b.WriteString("照片：已附\n")
	}
	fmt.Fprintf(&b, "期限：%s 前\n状态：%s", t.When(r.DueAt), r.Status.Label())
	if r.WorkerName != "" {
		fmt.Fprintf(&b, "（%s）", r.WorkerName)
	}
	if bs := jobButtons(r); len(bs) > 0 {
		var typed []string
		for _, x := range bs[:min(3, len(bs))] {
			typed = append(typed, fmt.Sprintf("「%s %d」", x.Label, Num(r)))
		}
		b.WriteString("\n可回复" + strings.Join(typed, ""))
	}
	return b.String()
}

// notifyJob tells the worker and updates the maintenance group's card.
func notifyJob(t *flows.Turn, r Repair, title string) error {
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeAssigned, Ref: ref(r),
		Text: jobCard(t, r, title), Buttons: jobButtons(r), Link: t.Link("/r/" + r.Ref)}); err != nil {
		return err
	}
	return groupCard(t, r)
}

// groupCard posts or edits the repair's card in the maintenance group.
func groupCard(t *flows.Turn, r Repair) error {
	return t.Notify(flows.Notification{ToGroup: flows.GroupMaintenance, Kind: NoticeCard, Ref: ref(r),
		Text: jobCard(t, r, "【报修】"), Buttons: jobButtons(r)})
}

// tellReporter notifies the reporter and the followers.
func tellReporter(t *flows.Turn, r Repair, text string, buttons []flows.Button, followersToo bool) error {
	if r.ReporterID != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: r.ReporterID, Kind: NoticeUpdate, Ref: ref(r), Text: text, Buttons: buttons}); err != nil {
			return err
		}
	}
	if !followersToo {
		return nil
	}
	fs, err := db(t).Followers(t.Ctx, r.ID)
	if err != nil {
		return err
	}
	for _, id := range fs {
		if id == t.Staff.ID {
			continue
		}
		if err := t.Notify(flows.Notification{ToStaff: id, Kind: NoticeUpdate, Ref: ref(r), Text: text}); err != nil {
			return err
		}
	}
	return nil
}

// MineClosedFor is how long a closed repair stays in 我的, so that the
// reporter and the worker see it was signed off.
const MineClosedFor = 3 * 24 * time.Hour

// Mine implements Miner.
func (RepairFlow) Mine(t *flows.Turn) (string, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-MineClosedFor), 20)
	if err != nil {
		return "", err
	}
	var jobs, reports []string
	for _, r := range rs {
		line := fmt.Sprintf("· %s %s「%s」%s", r.Ref, r.LocationName, flows.Clip(r.Description, 20), r.Status.Label())
		if r.Status.Open() {
			line += "，" + t.When(r.DueAt) + " 前"
			if t.Now.After(r.DueAt) {
				line += "（已超时）"
			}
		}
		if r.WorkerID == t.Staff.ID && r.Status != RepairClosed {
			if mayAct(t, r, verbDone) == "" { // not once done, nor while a leader decides
				line += fmt.Sprintf("［回复「完成 %d」］", Num(r))
			}
			jobs = append(jobs, line)
			continue
		}
		if r.WorkerName != "" && r.Status.Open() {
			line += "（" + r.WorkerName + "）"
		}
		if r.Status == RepairDone && r.ReporterID == t.Staff.ID {
			line += fmt.Sprintf("［回复「修好了 %d」或「没修好 %d」］", Num(r), Num(r))
		}
		reports = append(reports, line)
	}
	var parts []string
	if len(jobs) > 0 {
		parts = append(parts, "【我的维修任务】（按期限排序）\n"+strings.Join(jobs, "\n"))
	}
	if len(reports) > 0 {
		parts = append(parts, "【我的报修】\n"+strings.Join(reports, "\n"))
	}
	return strings.Join(parts, "\n\n"), nil
}
