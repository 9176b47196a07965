package repair

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker's 外包 (建议外包, 找厂家) typed alone once his 修不好 is with the
// leaders and nothing is asked of him is his suggestion for that job:
// user test 18's second re-run (N11) had 孙师傅's 「外包」, right after his
// 修不好 6 was reported, answered 「抱歉，我没有看懂」 with the menu.

// needOutside is the 修不好 need of a job to be done from outside.
const needOutside = "需要外包维修"

// outsideNote is the words a suggestion of outsourcing adds to the
// reason the leaders see.
const outsideNote = "建议外包维修"

// outsideSaidRE is such a suggestion alone in a message: 外包, 建议外包,
// 还是外包吧, 找厂家, 得让厂家来修, 联系空调厂家售后, 返厂.
var outsideSaidRE = rx.MustCompile(`^我?(?:建议|还是|只能|得|要|需要|最好|那就|干脆)*(?:外包|返厂|外修|(?:找|请|让|叫|联系)\p{Han}{0,3}?(?:厂家|售后|外面的人)(?:的人)?(?:售后)?(?:来|上门)?(?:修|弄|看|维修|处理)?)(?:维修|出去)?(?:吧|了|啊|嘛|噻)?[。！!]*$`)

// outsideSaid takes a worker's suggestion of outsourcing (outsideSaidRE)
// for his one job waiting for the leaders (修不好·待领导处理), or asks
// which when he has several; with none, the words are left to the flows.
func outsideSaid(t *flows.Turn, text string) bool {
	if !t.Idle() || !t.Staff.Has(flows.RoleWorker) || !outsideSaidRE.MatchString(parse.Normalize(strings.TrimSpace(text))) {
		return false
	}
	rs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到你的报修，请稍后再试。")
		return true
	}
	var blocked []Repair
	for _, r := range rs {
		if r.Status == RepairBlocked && r.WorkerID == t.Staff.ID {
			blocked = append(blocked, r)
		}
	}
	switch len(blocked) {
	case 0:
		return false
	case 1:
		if err := suggestOutside(t, blocked[0]); err != nil {
			t.Say("暂时记不下来，请稍后再试。")
		}
		return true
	}
	buttons, ids := jobChoices(blocked)
	t.Say("你有 "+strconv.Itoa(len(blocked))+" 单在等领导处理，建议外包说的是哪一单？\n"+flows.Numbered(buttons), buttons...)
	if err := ask(t, stateNotePick, followUpData{Note: outsideNote, Choice: strings.Join(ids, ",")}); err != nil {
		t.Say("暂时记不下来，请稍后再试。")
	}
	return true
}

// suggestOutside records on r, a job of his waiting for the leaders, the
// worker's suggestion to have it done from outside: the need becomes
// 需要外包维修 (what a leader's approval then approves) and the
// suggestion is added to the reason, told to the leaders and the
// reporter; a job reported so already is only said to be.
func suggestOutside(t *flows.Turn, r Repair) error {
	if r.Recommendation == needOutside {
		t.Say(fmt.Sprintf("%s（%s「%s」）已经按「%s」报给领导了，领导决定后会告诉你。", r.Ref, r.Place(), jobWords(r, 12), needOutside))
		return nil
	}
	r.Recommendation = needOutside
	return addToBlock(t, r, outsideNote)
}
