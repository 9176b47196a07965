package canteen

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// FridgeWarm answers a cook who finds the sample fridge too warm and asks
// what to do with the samples (user test 16: 「哎呀 刚才看了下留样冰箱
// 温度计显示12度了 是不是冰箱坏了 样品咋个办」 began a repair that asked
// where and left the samples unanswered): the samples go to another fridge
// within the rules' range, whose temperature she tells (fridgeMoved), and
// the fridge is offered for repair, the report taking her words.
type FridgeWarm struct{}

// Name implements flows.Flow.
func (FridgeWarm) Name() string { return "canteen_fridge_warm" }

// Title implements flows.Flow.
func (FridgeWarm) Title() string { return "留样冰箱温度" }

// Triggers implements flows.Flow: it starts only from such a message.
func (FridgeWarm) Triggers() []string { return nil }

// Allowed implements flows.Flow: those who keep the samples.
func (FridgeWarm) Allowed(s flows.Staff) bool { return s.Has(flows.RoleCanteen, flows.RoleHead) }

// Answers implements flows.Answerer: asked before a repair report, which
// would take the message as one and leave the samples unanswered.
func (FridgeWarm) Answers() {}

// samplesAskRE asks what becomes of the samples: 样品咋个办, 留样怎么办,
// 样品要不要紧.
var samplesAskRE = rx.MustCompile(`(?:样品|留样|样)\s*(?:咋个办|咋办|怎么办|怎么弄|咋个弄|怎么处理|咋处理|咋整|要不要紧|会不会坏|还能用不?)`)

// Accepts implements flows.Acceptor: the sample fridge named with a
// reading out of the rules' range, and a question about the samples; or a
// reading said on its own, in range or not (fridgereading.go).
func (FridgeWarm) Accepts(t *flows.Turn) bool {
	if _, ok := vocabFor(t).fridgeReading(t.Text); ok {
		return true
	}
	s := strings.TrimSpace(parse.Normalize(t.Text))
	if !samplesAskRE.MatchString(s) || !vocabFor(t).tempLabel.MatchString(strings.TrimPrefix(strings.TrimPrefix(s, "留样"), "样品")) && !strings.Contains(s, "冰箱") {
		return false
	}
	c, _, found, err := vocabFor(t).takeTemperature(s)
	return found && err == nil && !FridgeTempOK(t.School.Settings, c)
}

type fridgeWarmDraft struct {
	Said string `json:"said"`
}

var (
	choiceRepair   choice = "repair"    // 报修这台冰箱
	choiceNoRepair choice = "no_repair" // 先不报修

	fridgeWarmButtons = []flows.Button{button("报修这台冰箱", choiceRepair), button("先不报修", choiceNoRepair)}
)

// Start implements flows.Flow: what to do with the samples, and whether
// to report the fridge.
func (f FridgeWarm) Start(t *flows.Turn) error {
	c, _, _, _ := vocabFor(t).takeTemperature(strings.TrimSpace(parse.Normalize(t.Text)))
	st := t.School.Settings
	if FridgeTempOK(st, c) {
		t.Done() // a reading in range, said on its own: nothing to do
		sayFridgeFine(t, c)
		return nil
	}
	t.Say(fmt.Sprintf("留样冰箱现在 %s℃，%s，样品放久了会变质，出了问题就查不清原因。请这样处理：\n"+
		"1）马上把留样挪到另一台 %s–%s℃ 的冰箱里，单独放好；挪好后告诉我那台的温度，如「挪到另一台冰箱了 4度」，我会记到留样记录上。\n"+
		"2）这台冰箱请报修，并告诉总务主任。\n现在报修这台冰箱吗？\n%s",
		fmtC(c), "超出了规定的 "+fmtC(st.FridgeMinC)+"–"+fmtC(st.FridgeMaxC)+"℃", fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC), flows.Numbered(fridgeWarmButtons)), fridgeWarmButtons...)
	return t.Goto("ask", fridgeWarmDraft{Said: strings.TrimSpace(t.Text)})
}

// Step implements flows.Flow: 报修 rereads her words as a repair report;
// 不用 ends; anything else is read as if nothing were asked (挪好了 4度).
func (f FridgeWarm) Step(t *flows.Turn) error {
	var d fridgeWarmDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	c, words, ok := t.PickWords(fridgeWarmButtons)
	switch {
	case ok && choice(c) == choiceRepair, !ok && (flows.IsAssent(t.Text) || flows.IsWord(t.Text, []string{"报修", "要报修", "报", "修"})):
		place, err := canteenPlace(t)
		if err != nil {
			return err
		}
		fault := fridgeFault(t, d.Said)
		if ok && words != "" {
			fault += "；" + words // 1 门关不严: what else is wrong, for the repair
		}
		t.Reread("报修 " + place + " " + fault)
		return nil
	case ok, flows.IsWord(t.Text, []string{"不用", "不报", "先不报", "先不报修", "不报修", "不用了", "算了", "不要"}):
		t.Done()
		t.Say("好的，先不报修。样品请先挪到温度合适的冰箱，挪好后告诉我温度。")
		return nil
	}
	t.Pass() // 挪到另一台冰箱了 4度: read as if nothing were asked
	return nil
}

// canteenPlace is where a cook's sample fridge is, for the repair she
// asks for (user test 16 re-run, F58: 「报修这台冰箱」 was asked 在哪里): the
// school's canteen kitchen (a location named with 食堂 and 厨), else its
// canteen (食堂), else the word 食堂, which the repair keeps as said.
func canteenPlace(t *flows.Turn) (string, error) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return "", err
	}
	var canteen string
	for _, l := range locs {
		name := l.Name()
		if !strings.Contains(name, "食堂") {
			continue
		}
		if strings.Contains(name, "厨") {
			return name, nil
		}
		if canteen == "" {
			canteen = name
		}
	}
	if canteen == "" {
		canteen = "食堂"
	}
	return canteen, nil
}

// fridgeFault is the fault the repair report says: the fridge too warm at
// the temperature she read, not her exclamation or her question about the
// samples (rr16 F58: 「哎呀 刚才看了下…样品咋个办」 went onto the work
// order). Her words as said when no temperature is in them.
func fridgeFault(t *flows.Turn, said string) string {
	c, _, found, err := vocabFor(t).takeTemperature(strings.TrimSpace(parse.Normalize(said)))
	if !found || err != nil {
		return said
	}
	st := t.School.Settings
	return fmt.Sprintf("留样冰箱温度过高，显示 %s℃，应为 %s–%s℃", fmtC(c), fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC))
}
